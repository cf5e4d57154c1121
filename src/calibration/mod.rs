//! Calibration: fitting a scenario's free parameters (those without a
//! published value) to the published targets of `validation/targets.csv`.
//!
//! A calibration config (`calibration/*.toml`, see [`config`]) names a
//! scenario, the free parameters with their bounds, and the targets with
//! their weights. [`calibrate`] minimises
//!
//! ```text
//! sum over targets of weight x ((model mean - published) / tolerance)^2
//! ```
//!
//! with the Nelder–Mead simplex method ([`nelder_mead`]) on the parameters
//! mapped onto the unit cube, every candidate point run with the same seed
//! and replication indices (common random numbers), and returns the fit
//! with the model's metrics at the start and at the fitted values;
//! [`report`] turns that into the fit table, a TOML snippet of the fitted
//! values and the output files.
//!
//! Parameters are set by their dotted path ([`path`]) through the scenario's
//! own TOML form, so a calibrated value obeys the same schema and valid
//! ranges as one written by hand.
//!
//! This module computes and formats; it never prints (`main.rs` does).
//!
//! ```no_run
//! use buurtsim::calibration::{calibrate, load_config};
//! use buurtsim::experiment::Runner;
//! let problem = load_config("calibration/baseline.toml".as_ref())?;
//! let fit = calibrate(&problem, &Runner::new(0)?, &mut |_| {})?;
//! println!("objective {} -> {}", fit.objective_start, fit.objective_fit);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
pub mod fit;
pub mod nelder_mead;
pub mod path;
pub mod report;

pub use config::{load_config, parse_config, Parameter, Problem, Scale, WeightedTarget};
pub use fit::{calibrate, deviation, evaluate, round_significant, Calibration, Evaluation};
pub use nelder_mead::{Minimum, NelderMead, Stop};
pub use path::{get_parameter, parse_path, set_parameter, set_parameters, PathError};
pub use report::{
    defaults_snippet, fit_csv, fit_table, fitted_toml, write_outputs, FITTED_SCENARIO, FITTED_TOML,
    FIT_CSV,
};

use crate::scenario::{Location, ScenarioError};
use std::path::PathBuf;

/// Why a calibration could not be set up or run. Each displays as one
/// paragraph; everything but [`CalibrationError::Read`] of an existing
/// file is the user's to fix ([`CalibrationError::is_user_error`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// The config file cannot be read.
    #[error("cannot read the calibration config {}: {source}", .path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Syntax, an unknown key, a wrong type or a bad value in the config.
    #[error("{location}: {message}")]
    Config {
        /// Where in the config.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// The scenario the config names does not load.
    #[error("{location}: the scenario does not load: {source}")]
    Scenario {
        /// The `scenario` line of the config.
        location: Location,
        /// The scenario's own error (with its file and line).
        source: Box<ScenarioError>,
    },
    /// A parameter path that does not exist or is not a real number.
    #[error("{location}: {message}")]
    Parameter {
        /// The parameter's line in the config.
        location: Location,
        /// The path error, naming the path.
        message: String,
    },
    /// A target id that is not in `validation/targets.csv`.
    #[error("{location}: unknown target `{id}`; {hint}the targets in validation/targets.csv are: {valid}")]
    UnknownTarget {
        /// The target's line in the config.
        location: Location,
        /// The id as written.
        id: String,
        /// "did you mean `x`? ", or empty.
        hint: String,
        /// The valid ids.
        valid: String,
    },
    /// A candidate point gives an invalid scenario (a rule that involves
    /// several keys, which the bounds cannot rule out).
    #[error("{0}")]
    Point(PathError),
}

impl CalibrationError {
    /// Whether the user can fix it by changing the config or scenario (exit
    /// code 2), as opposed to a failure of the machine.
    pub fn is_user_error(&self) -> bool {
        match self {
            CalibrationError::Read { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::InvalidData
            ),
            CalibrationError::Scenario { source, .. } => {
                !matches!(**source, ScenarioError::Io { .. })
            }
            _ => true,
        }
    }
}
