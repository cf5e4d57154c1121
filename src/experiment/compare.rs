//! Differences of a scenario against the reference (the first scenario).
//!
//! With equal seeds, replication `r` of both scenarios uses the same random
//! streams (common random numbers), so the paired difference removes most
//! of the between-replication noise and gets the narrow interval. With
//! different seeds the replications are independent and Welch's interval is
//! the honest one.

use crate::experiment::{ExperimentSummary, ScenarioRun};
use crate::stats::{t_interval, welch_interval, Interval, RunningMoments};

/// Confidence level of every interval buurtsim writes.
pub const LEVEL: f64 = 0.95;

/// How a difference's interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Student-t on per-replication differences (same seed: common random numbers).
    Paired,
    /// Welch's unequal-variance interval (different seeds).
    Welch,
}

impl Method {
    /// Pairing is meaningful when both scenarios use the same master seed.
    pub fn for_pair(reference: &ScenarioRun, other: &ScenarioRun) -> Self {
        if reference.scenario.run.seed == other.scenario.run.seed {
            Method::Paired
        } else {
            Method::Welch
        }
    }

    /// Name in `comparison.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Paired => "paired",
            Method::Welch => "welch",
        }
    }
}

/// Difference `scenario s - scenario 0` of metric `metric` (s >= 1), with
/// its 95% interval, and the moments of the per-replication differences
/// when paired.
pub fn difference(
    summary: &ExperimentSummary,
    s: usize,
    metric: usize,
    method: Method,
) -> (Interval, Option<RunningMoments>) {
    assert!(s >= 1, "scenario 0 is the reference");
    match method {
        Method::Paired => {
            let d = summary.differences[s - 1][metric];
            (t_interval(&d, LEVEL), Some(d))
        }
        Method::Welch => {
            let a = &summary.scenarios[0].metrics[metric];
            let b = &summary.scenarios[s].metrics[metric];
            (welch_interval(a, b, LEVEL), None)
        }
    }
}
