//! Scenarios: the TOML schema with defaults, `extends` merging, validation,
//! and dotted parameter paths.
//!
//! This module turns text into a validated [`Scenario`] and names its
//! numbers by path; it knows nothing about how the model uses the values,
//! nor of runs, sweeps' designs or calibration, and it never prints.
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
//! - [`parse_path`], [`get_parameter`] and [`set_parameters`] read and set
//!   one number by its dotted path (`gp.episode_rate_by_age[3]`), as sweeps
//!   and calibration name parameters; a value set this way is validated
//!   like one written in a file.
//! - [`Scenario::capacity`] gives the weekly service capacities in effect:
//!   the per-1,000-resident keys x `population.residents`, unless a file
//!   sets an absolute key ([`CAPACITY_OVERRIDES`]).
//! - `[uncertainty]` ([`Distribution`]) gives keys a distribution instead
//!   of a number (probabilistic sensitivity analysis); [`drawn_values`]
//!   gives one replication's values from its uniform numbers.
//! - [`nearest`] is the one "did you mean" routine: for mistyped keys,
//!   values, parameter paths and calibration targets alike.
//!
//! ```no_run
//! use buurtsim::scenario::{load, resolved_toml};
//! let scenario = load("scenarios/katwijk-mantelzorg.toml".as_ref())?;
//! assert!(scenario.interventions.carer_support.is_some());
//! println!("{}", resolved_toml(&scenario));
//! # Ok::<(), buurtsim::scenario::ScenarioError>(())
//! ```

mod capacity;
mod embedded;
mod error;
mod inline;
mod key;
mod loader;
mod locate;
mod merge;
mod path;
pub mod region;
mod resolved;
pub mod rules;
pub mod schema;
mod sensitivity;
mod sensitivity_check;
mod source;
mod suggest;
mod sweep_check;
mod sweep_regions;
mod uncertainty;
mod uncertainty_check;
mod validation;
mod values;
mod violation;

pub use capacity::{Capacity, CAPACITY_OVERRIDES};
pub use embedded::embedded_files;
pub use error::{Location, Origin, ScenarioError};
pub use key::{KeyPath, Segment};
pub use loader::{load, load_embedded, load_str};
pub use locate::Position;
pub use path::{get_parameter, parse_path, with_parameters, PathError};
pub use resolved::resolved_toml;
pub use schema::*;
pub use sensitivity::{
    Sensitivity, SensitivityMethod, SensitivityParameters, SensitivityRange, DEFAULT_BOOTSTRAP,
    DEFAULT_MORRIS_LEVELS, DEFAULT_SENSITIVITY_REPLICATIONS,
};
pub use suggest::nearest;
pub use sweep_regions::{region_key, REGION_PARAMETER};
pub use uncertainty::{uncertain_range, Distribution, DISTRIBUTIONS};
pub use uncertainty_check::{describe_uncertainty, drawn_values};
pub use validation::{ensure_no_sweep, set_parameter, set_parameters, validate, SweepNotRun};
pub use violation::{ValidationError, Violation};
