//! Experiments: many replications of one or more scenarios, run in parallel,
//! folded in replication order into running summaries.
//!
//! This module owns the parallel runner and the reproducibility contract:
//! replications run on a rayon pool of a chosen size, but their results are
//! folded strictly in replication order, so every summary (and every row a
//! sink receives) is identical, byte for byte, for any thread count. Memory
//! stays flat as replications grow: no job starts more than a few per thread
//! ahead of the fold, and the runner keeps only running moments, never all
//! results.
//!
//! It starts every run: [`run_store`] ([`drive`]) runs the batches a
//! resumable store asks for (the records that `output` keeps) and hands the
//! results back in order; [`compare`] gives a scenario's difference against
//! the reference (paired with common random numbers, else Welch), and
//! [`relevance`] whether it is big enough to matter.
//!
//! It knows nothing about files or terminals: rows go to a
//! [`ReplicationSink`] or [`JobStore`], progress to a [`Progress`], and the
//! caller decides what to write or print; the machine's cores and memory
//! for the estimates come from [`crate::machine`].

pub mod compare;
pub mod drive;
pub mod estimate;
pub mod progress;
pub mod regions;
pub mod relevance;
pub mod runner;
pub mod sensitivity;
pub mod sensitivity_analysis;
pub mod sensitivity_design;
pub mod shard;
pub mod sweep;

pub use drive::{run_store, Batch, JobStore};
pub use estimate::{
    estimate_memory, estimate_memory_for_jobs, estimate_run_time, MemoryEstimate, RunEstimate,
};
pub use progress::{NoProgress, Progress};
pub use regions::{SkippedRegion, SweepRegions};
pub use runner::{
    ExperimentSummary, NullSink, ReplicationSink, Runner, ScenarioRun, ScenarioSummary,
    SummaryBuilder,
};
pub use shard::{Shard, ShardError};
pub use sweep::{SweepError, SweepPlan, SweptValue};
