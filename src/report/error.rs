//! [`ReportError`]: why the page could not be built from folders that were
//! read. Reading the folders fails with `output`'s own error; this one is
//! for drawing.

/// Why the report page could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The chart library failed to draw a chart (a bug, or memory).
    #[error("cannot draw a chart: {0}")]
    Chart(String),
}
