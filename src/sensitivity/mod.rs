//! Global sensitivity analysis: which parameters drive an output, and how
//! much of its variance each explains.
//!
//! This module owns the mathematics only: the designs (a Saltelli design
//! from a scrambled Sobol sequence, Morris trajectories on a p-level grid)
//! in unit-cube coordinates, their scaling to parameter ranges, and the
//! estimators (Sobol first-order and total indices; Morris μ, μ*, σ) with
//! seeded bootstrap intervals. It must not know about scenarios, the model,
//! files or the terminal: it sees `f64`s in and `f64`s out, so a CLI, a
//! report or a test can drive it alike.
//!
//! Rows are ordered as SALib orders them, so anyone can re-analyse
//! buurtsim's files in SALib (`calc_second_order=False`) and get the same
//! point estimates (`tests/salib.rs` checks this). A `dummy` parameter for
//! a noise floor is the caller's concern: the designs just take `D`.
//!
//! ```
//! use buurtsim::sensitivity::{saltelli_design, sobol_indices, Bootstrap};
//! let design = saltelli_design(64, 2, 7).unwrap();
//! // f(x) = x0: all of the variance is x0's.
//! let outputs: Vec<f64> = design.iter().map(|row| row.unit[0]).collect();
//! let indices = sobol_indices(&outputs, 2, &Bootstrap::default()).unwrap();
//! assert!((indices.first[0].value - 1.0).abs() < 0.05);
//! assert_eq!(indices.total[1].value, 0.0);
//! ```

pub mod bootstrap;
pub mod elementary;
pub mod error;
pub mod morris;
pub mod range;
pub mod saltelli;
pub mod sequence;
pub mod sobol;

#[cfg(test)]
mod analytic_tests;

pub use bootstrap::{Bootstrap, Estimate};
pub use elementary::{elementary_effects, morris_indices, MorrisIndices};
pub use error::SensitivityError;
pub use morris::{morris_delta, morris_design, MorrisPoint};
pub use range::{scale_row, ParameterRange, Scale};
pub use saltelli::{saltelli_design, Block, SaltelliRow};
pub use sequence::ScrambledSobol;
pub use sobol::{sobol_indices, sobol_point, SobolIndices, SobolPoint};
