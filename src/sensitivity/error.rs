//! What can be wrong with a design request or with outputs handed to an
//! estimator: one plain sentence each, for the CLI to place in context
//! (which file, which parameter path).

use thiserror::Error;

/// A design or analysis that cannot be done as asked.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SensitivityError {
    /// A design needs at least one parameter.
    #[error("a sensitivity design needs at least one parameter")]
    NoParameters,
    /// The Sobol sequence behind the Saltelli design has a fixed number of dimensions.
    #[error("a Saltelli design takes at most {max} parameters, got {got}")]
    TooManyParameters {
        /// Parameters asked for.
        got: usize,
        /// The most the sequence supports.
        max: usize,
    },
    /// Sobol points keep their balance only in blocks of a power of two.
    #[error("Sobol base samples must be a power of two from 2 to {max}, got {got}")]
    SamplesNotPowerOfTwo {
        /// Base samples asked for.
        got: usize,
        /// The most the sequence supports.
        max: usize,
    },
    /// Morris needs trajectories to average over.
    #[error("Morris screening needs at least one trajectory")]
    NoTrajectories,
    /// Morris levels: an even number so the grid's start points and steps fit.
    #[error("Morris levels must be an even number of at least 2, got {0}")]
    Levels(usize),
    /// `min` must be below `max`, both finite.
    #[error("range [{min}, {max}] is empty or inverted: min must be below max, both finite")]
    EmptyRange {
        /// Lower end given.
        min: f64,
        /// Upper end given.
        max: f64,
    },
    /// A logarithmic range needs positive ends.
    #[error("a logarithmic range needs min above 0, got [{min}, {max}]")]
    LogRangeNotPositive {
        /// Lower end given.
        min: f64,
        /// Upper end given.
        max: f64,
    },
    /// Outputs (or design rows) do not fit the design's shape.
    #[error("expected {expected} {what} for this design, got {got}")]
    Shape {
        /// What was counted: "outputs", "design rows", "values in a row".
        what: &'static str,
        /// How many the design implies.
        expected: usize,
        /// How many were given.
        got: usize,
    },
}
