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
//! Parameters are set by their dotted path
//! ([`crate::scenario::set_parameters`]) through the scenario's own TOML
//! form, so a calibrated value obeys the same schema and valid ranges as one
//! written by hand; paths and their "did you mean" hints are the scenario
//! module's, shared with sweeps.
//!
//! This module owns the config, the objective, the search and the fit's
//! report and files; it computes and formats but never prints (the command
//! line does), and it knows nothing of the model's inner workings: it runs
//! scenarios through `experiment` and reads metrics by name.
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
mod error;
pub mod fit;
pub mod nelder_mead;
pub mod report;

pub use config::{load_config, parse_config, FitProblem, Parameter, Scale, WeightedTarget};
pub use error::CalibrationError;
pub use fit::{calibrate, deviation, evaluate, round_significant, Calibration, Evaluation};
pub use nelder_mead::{Minimum, NelderMead, Stop};
pub use report::{
    defaults_snippet, fit_csv, fit_table, fitted_toml, write_outputs, FITTED_SCENARIO, FITTED_TOML,
    FIT_CSV,
};
