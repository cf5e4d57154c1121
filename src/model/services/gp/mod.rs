//! The district's GP practices. Residents are on the list of one practice
//! each; every practice has its own minutes of patient contact, its own
//! reserve for same-day urgent requests, its own booking diary and its
//! own practice nurse, so a large region is many practices, never one
//! pooled queue.
//!
//! - [`calendar`]: opening hours, working days, holidays, the winter season;
//! - [`practice`]: one practice's minutes, diary and nurse, and the
//!   district's list of practices;
//! - [`counters`]: the ledger of where every request went and the GP metrics;
//! - [`routing`] and [`visits`]: the glue with the district, which routes
//!   a resident's request (urgent or routine, channel, booking, giving up,
//!   out-of-hours care) and serves the diary.
//!
//! None of these modules knows about files.

pub mod calendar;
pub mod counters;
pub mod practice;
mod routing;
mod visits;

pub use calendar::{is_workday, workdays_between};
pub use counters::{GpCounters, GpLedger};
pub use practice::{Practice, Practices, Request};
