//! Scenarios: the TOML schema with defaults, `extends` merging, validation.
//!
//! This module turns text into a validated [`Scenario`]; it knows nothing
//! about how the model uses the values, and it never prints.
//!
//! - [`load`] reads a file and the files it `extends`, checks each file on
//!   its own (syntax, unknown keys, types), merges them (child over parent),
//!   and [`validate`]s the result. [`load_embedded`] does the same for the
//!   scenarios compiled into the binary ([`embedded_files`]).
//! - Every failure is a [`ScenarioError`] that displays as one paragraph
//!   starting with `file:line:column`, naming the key and what is valid.
//! - [`rules::RULES`] holds the unit and valid range of every key;
//!   `docs/scenario-reference.md` documents them and a test keeps the two
//!   in step.
//! - [`resolved_toml`] writes the resolved scenario back out as TOML.
//!
//! ```no_run
//! use buurtsim::scenario::{load, resolved_toml};
//! let scenario = load("scenarios/katwijk-mantelzorg.toml".as_ref())?;
//! assert!(scenario.interventions.carer_support.is_some());
//! println!("{}", resolved_toml(&scenario));
//! # Ok::<(), buurtsim::scenario::ScenarioError>(())
//! ```

mod embedded;
mod error;
mod key;
mod loader;
mod locate;
mod merge;
mod resolved;
pub mod rules;
pub mod schema;
mod source;
mod suggest;
mod validation;

pub use embedded::embedded_files;
pub use error::{Location, Origin, ScenarioError};
pub use key::{KeyPath, Segment};
pub use loader::{load, load_embedded, load_str};
pub use locate::Position;
pub use resolved::resolved_toml;
pub use schema::*;
pub use validation::{ensure_no_sweep, validate, SweepNotRun, ValidationError, Violation};
