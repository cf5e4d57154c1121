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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::runner::tests::small;
    use crate::model::ReplicationResult;
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A store that asks for replications `0..3` of two scenarios in two
    /// batches, as a stopping rule would, with one result already kept.
    struct Store {
        batches: Vec<Vec<(usize, u64)>>,
        seen: Vec<(usize, u64)>,
        asked: u32,
    }

    impl ReplicationSink for Store {
        type Error = Infallible;
        fn accept(&mut self, s: usize, r: &ReplicationResult) -> Result<(), Infallible> {
            self.seen.push((s, r.replication));
            Ok(())
        }
    }

    impl JobStore for Store {
        type Outcome = (Vec<(usize, u64)>, u32, usize);
        fn recovered(&self) -> u64 {
            1
        }
        fn next_batch(&mut self) -> Result<Option<Batch>, Infallible> {
            self.asked += 1;
            if self.batches.is_empty() {
                return Ok(None);
            }
            let jobs = self.batches.remove(0);
            Ok(Some(Batch {
                runs: vec![small("a"), small("b")],
                jobs: Box::new(jobs.into_iter()),
            }))
        }
        fn finish(self, threads: usize) -> Result<Self::Outcome, Infallible> {
            Ok((self.seen, self.asked, threads))
        }
    }

    #[test]
    fn every_batch_runs_in_job_order_until_the_store_says_done() {
        for threads in [1, 3] {
            let store = Store {
                batches: vec![vec![(1, 0), (0, 1), (1, 1)], vec![(0, 2), (1, 2)]],
                seen: Vec::new(),
                asked: 0,
            };
            let ticks = AtomicU64::new(0);
            let tick = || {
                ticks.fetch_add(1, Ordering::Relaxed);
            };
            let runner = Runner::new(threads).unwrap();
            let (seen, asked, ran_on) = run_store(&runner, store, &tick).unwrap();
            assert_eq!(seen, [(1, 0), (0, 1), (1, 1), (0, 2), (1, 2)]);
            // Asked after each batch, and once more to hear it is done.
            assert_eq!(asked, 3);
            assert_eq!(ran_on, threads);
            // One tick per job, and one per result the store had kept.
            assert_eq!(ticks.load(Ordering::Relaxed), 6);
        }
    }
}
