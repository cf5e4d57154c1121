//! Scenarios: the TOML schema with defaults, `extends` merging, validation.
//!
//! This module turns text into a validated [`Scenario`]; it knows nothing
//! about how the model uses the values.

pub mod schema;

pub use schema::*;
