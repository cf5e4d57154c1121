//! Statistics over replications: running moments, Student-t confidence
//! intervals, paired differences and Welch intervals; discounting.
//!
//! Everything here folds values one at a time so an experiment never has to
//! keep all replications in memory, and folds in a fixed order so results are
//! identical for any thread count. This module knows nothing about the model,
//! scenarios or files: it only sees `f64`s.

pub mod discount;
pub mod interval;
pub mod moments;

pub use interval::{
    normal_quantile, paired_interval, t_interval, t_quantile, welch_interval, Interval,
};
pub use moments::RunningMoments;
