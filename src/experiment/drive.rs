//! Driving a resumable experiment: run the batches of jobs a store asks
//! for and hand every result to it, in job order.
//!
//! The store (the records of a run or sweep in its partial folder) knows
//! which jobs are left, keeps the results and writes the output when
//! done; this module starts the replications. It knows nothing about the
//! store's files: a store is a [`ReplicationSink`] that also answers
//! [`JobStore::next_batch`] and [`JobStore::finish`].

use super::{Progress, ReplicationSink, Runner, ScenarioRun};
use crate::model::run_replication;

/// One batch of jobs to run.
pub struct Batch {
    /// The scenarios the jobs refer to (by position).
    pub runs: Vec<ScenarioRun>,
    /// `(scenario position, replication)` pairs, in the order the store
    /// wants the results.
    pub jobs: Box<dyn Iterator<Item = (usize, u64)> + Send>,
}

/// Where a resumable experiment keeps its results.
pub trait JobStore: ReplicationSink + Sized {
    /// What the store gives back when finished.
    type Outcome;
    /// Results kept from an earlier, interrupted run (ticked as progress).
    fn recovered(&self) -> u64;
    /// The next batch to run, or `None` when every job is done. Asked
    /// again after every batch, so a store can decide from the results so
    /// far whether to go on (a stopping rule).
    fn next_batch(&mut self) -> Result<Option<Batch>, Self::Error>;
    /// Everything is run: write the output (`threads` ran it).
    fn finish(self, threads: usize) -> Result<Self::Outcome, Self::Error>;
}

/// Run every batch `store` asks for on `runner` with the neighbourhood
/// model, then finish it. `progress` ticks once per job, and once for each
/// result the store had already.
pub fn run_store<S: JobStore>(
    runner: &Runner,
    mut store: S,
    progress: &dyn Progress,
) -> Result<S::Outcome, S::Error> {
    for _ in 0..store.recovered() {
        progress.replication_done();
    }
    while let Some(batch) = store.next_batch()? {
        runner.run_jobs_with(
            run_replication,
            &batch.runs,
            batch.jobs,
            progress,
            &mut store,
        )?;
    }
    store.finish(runner.threads())
}
