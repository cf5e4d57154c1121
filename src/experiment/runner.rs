//! The parallel replication runner.
//!
//! Replications run on a rayon pool, each worker taking the next job
//! (scenario, replication) as soon as it is free, at most `4 x threads x
//! scenarios` jobs ahead of the fold; the calling thread puts the results
//! back in job order and folds them sequentially: for each index in order,
//! for each scenario in order, the result goes to the sink and into the
//! running moments; the differences against the first scenario (the
//! reference) are folded at once, so paired differences need no stored
//! per-replication values. Scenarios share replication indices, and the model
//! derives its random streams from (seed, replication, resident, process):
//! with equal seeds this gives common random numbers.
//!
//! [`Runner::run_jobs_with`] runs any list of (scenario, replication) pairs
//! in the same way and hands the results over in list order; resumed and
//! sharded runs use it to run only the replications they still need, and
//! [`SummaryBuilder`] folds stored results back into the same summary.

use super::Progress;
use crate::model::{run_replication, ReplicationResult, METRICS, SERIES};
use crate::scenario::Scenario;
use crate::stats::RunningMoments;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How many replication indices per thread a job may start ahead of the
/// fold: enough to keep every thread busy despite uneven replication
/// times, few enough to keep memory flat.
const AHEAD_PER_THREAD: usize = 4;

/// One scenario of an experiment, with the identifier used for its output.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRun {
    /// Short identifier (the file stem): folder name and `scenario` column.
    pub id: String,
    /// The validated, resolved scenario, with any command-line overrides applied.
    pub scenario: Scenario,
}

impl ScenarioRun {
    /// Months after warm-up that the model reports.
    pub fn months(&self) -> usize {
        self.scenario.run.years as usize * 12
    }
}

/// Receives every replication's result, in replication order, scenario by
/// scenario within one index. Used to stream `replications.csv`.
pub trait ReplicationSink {
    /// Error the sink can fail with (aborts the experiment).
    type Error;
    /// Accept the result of scenario number `scenario` (position in the plan).
    fn accept(&mut self, scenario: usize, result: &ReplicationResult) -> Result<(), Self::Error>;
}

/// A sink that drops every result.
#[derive(Debug, Clone, Copy, Default)]
pub struct NullSink;

impl ReplicationSink for NullSink {
    type Error = Infallible;
    fn accept(&mut self, _: usize, _: &ReplicationResult) -> Result<(), Infallible> {
        Ok(())
    }
}

/// Running summaries of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSummary {
    /// One entry per [`METRICS`], in order.
    pub metrics: Vec<RunningMoments>,
    /// Months after warm-up.
    pub months: usize,
    /// `months x SERIES`, row-major: moments across replications per month and series.
    pub series: Vec<RunningMoments>,
    /// Events handled over all replications.
    pub events: u64,
}

impl ScenarioSummary {
    fn new(months: usize) -> Self {
        Self {
            metrics: vec![RunningMoments::new(); METRICS.len()],
            months,
            series: vec![RunningMoments::new(); months * SERIES.len()],
            events: 0,
        }
    }

    /// Moments of series `series` in month `month` (0-based).
    pub fn series_at(&self, month: usize, series: usize) -> &RunningMoments {
        &self.series[month * SERIES.len() + series]
    }

    fn fold(&mut self, r: &ReplicationResult) {
        assert_eq!(
            r.metrics.len(),
            METRICS.len(),
            "model returned the wrong number of metrics"
        );
        assert_eq!(
            r.monthly.len(),
            self.series.len(),
            "model returned the wrong number of months"
        );
        for (m, &x) in self.metrics.iter_mut().zip(&r.metrics) {
            m.push(x);
        }
        for (m, &x) in self.series.iter_mut().zip(&r.monthly) {
            m.push(x);
        }
        self.events += r.events;
    }
}

/// Everything an experiment produced, folded.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentSummary {
    /// One per scenario, in plan order.
    pub scenarios: Vec<ScenarioSummary>,
    /// For scenario `s >= 1`, entry `s - 1`: moments of the per-replication
    /// difference `scenario s - scenario 0`, one per [`METRICS`].
    pub differences: Vec<Vec<RunningMoments>>,
    /// Replications per scenario.
    pub replications: u64,
    /// Threads in the pool that ran them.
    pub threads: usize,
}

/// A rayon pool of a fixed size that runs experiments.
pub struct Runner {
    pool: rayon::ThreadPool,
}

impl Runner {
    /// A runner on `threads` threads; 0 means one per available core.
    pub fn new(threads: usize) -> Result<Self, rayon::ThreadPoolBuildError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("buurtsim-{i}"))
            .build()?;
        Ok(Self { pool })
    }

    /// Threads in the pool.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Run replications `0..replications` of every scenario.
    ///
    /// Results reach `sink` and the summaries in replication order whatever
    /// the thread count; `progress` ticks once per finished replication per
    /// scenario. Stops at the first sink error.
    pub fn run<S: ReplicationSink>(
        &self,
        scenarios: &[ScenarioRun],
        replications: u64,
        progress: &dyn Progress,
        sink: &mut S,
    ) -> Result<ExperimentSummary, S::Error> {
        self.run_with(run_replication, scenarios, replications, progress, sink)
    }

    /// As [`Runner::run`], with another replication function in place of
    /// the neighbourhood model (tests, and models built on the same runner).
    /// `model` must be deterministic in (scenario, replication) and return
    /// [`METRICS`]-long metrics and `months x SERIES` monthly values.
    pub fn run_with<F, S>(
        &self,
        model: F,
        scenarios: &[ScenarioRun],
        replications: u64,
        progress: &dyn Progress,
        sink: &mut S,
    ) -> Result<ExperimentSummary, S::Error>
    where
        F: Fn(&Scenario, u64) -> ReplicationResult + Sync,
        S: ReplicationSink,
    {
        let n_scen = scenarios.len();
        let jobs = (0..replications).flat_map(|r| (0..n_scen).map(move |s| (s, r)));
        let mut tee = Tee {
            sink,
            summary: SummaryBuilder::new(scenarios.iter().map(ScenarioRun::months)),
        };
        self.run_jobs_with(model, scenarios, jobs, progress, &mut tee)?;
        Ok(tee.summary.finish(replications, self.threads()))
    }

    /// Run the given jobs, `(scenario position, replication index)` pairs,
    /// and hand every result to `sink` in the order of `jobs`, whatever the
    /// thread count. Resumed and sharded runs use this to run only some
    /// replications; give the jobs in replication order, scenario order
    /// within one index, and the sink sees what [`Runner::run`] would show
    /// it, minus the pairs left out. Stops at the first sink error.
    pub fn run_jobs_with<F, S, J>(
        &self,
        model: F,
        scenarios: &[ScenarioRun],
        jobs: J,
        progress: &dyn Progress,
        sink: &mut S,
    ) -> Result<(), S::Error>
    where
        F: Fn(&Scenario, u64) -> ReplicationResult + Sync,
        S: ReplicationSink,
        J: IntoIterator<Item = (usize, u64)>,
        J::IntoIter: Send,
    {
        let threads = self.threads().max(1);
        let window = (AHEAD_PER_THREAD * threads * scenarios.len().max(1)).max(1);
        let line = Line {
            jobs: Mutex::new((jobs.into_iter(), 0)),
            folded: Mutex::new(0),
            moved_on: Condvar::new(),
            stop: AtomicBool::new(false),
            window,
        };
        let (sender, results) = mpsc::channel::<(usize, usize, ReplicationResult)>();
        let mut outcome = Ok(());
        // The workers run on the pool; this thread (not one of the pool's)
        // puts their results back in job order and hands them to the sink.
        self.pool.in_place_scope(|scope| {
            for _ in 0..threads {
                let sender = sender.clone();
                let (line, model) = (&line, &model);
                scope.spawn(move |_| line.work(model, scenarios, progress, &sender));
            }
            drop(sender);
            let _guard = HaltOnPanic(&line);
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (index, scenario, result) in results {
                waiting.insert(index, (scenario, result));
                while let Some((scenario, result)) = waiting.remove(&next) {
                    if let Err(e) = sink.accept(scenario, &result) {
                        outcome = Err(e);
                        line.halt();
                        return;
                    }
                    next += 1;
                    line.folded_up_to(next);
                }
            }
        });
        outcome
    }
}

/// The work of [`Runner::run_jobs_with`], shared by its workers: each takes
/// the next job in order, runs it and sends the result back with its
/// position. There is no barrier between batches (a slow replication holds
/// up no other thread), but no worker starts a job more than `window`
/// positions ahead of the last one folded, so at most `window` results wait
/// in memory whatever the number of jobs.
struct Line<I> {
    /// The jobs not yet taken, and the position of the next one.
    jobs: Mutex<(I, usize)>,
    /// Jobs folded (handed to the sink) so far.
    folded: Mutex<usize>,
    /// Signalled when `folded` grows or the work stops.
    moved_on: Condvar,
    /// Set when the sink failed or a worker panicked: take no more jobs.
    stop: AtomicBool,
    /// How far ahead of the fold a job may start.
    window: usize,
}

impl<I: Iterator<Item = (usize, u64)>> Line<I> {
    fn work<F>(
        &self,
        model: &F,
        scenarios: &[ScenarioRun],
        progress: &dyn Progress,
        sender: &mpsc::Sender<(usize, usize, ReplicationResult)>,
    ) where
        F: Fn(&Scenario, u64) -> ReplicationResult + Sync,
    {
        let _guard = HaltOnPanic(self);
        loop {
            let (index, (scenario, replication)) = {
                let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
                if self.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Some(job) = jobs.0.next() else { return };
                jobs.1 += 1;
                (jobs.1 - 1, job)
            };
            {
                let mut folded = self.folded.lock().unwrap_or_else(|e| e.into_inner());
                while index >= *folded + self.window && !self.stop.load(Ordering::SeqCst) {
                    folded = self
                        .moved_on
                        .wait(folded)
                        .unwrap_or_else(|e| e.into_inner());
                }
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let result = model(&scenarios[scenario].scenario, replication);
            progress.replication_done();
            if sender.send((index, scenario, result)).is_err() {
                return;
            }
        }
    }
}

/// A panic in a worker (the model) or in the fold (the sink) must not
/// leave the others waiting for each other: stop the line, so the panic
/// reaches the caller.
struct HaltOnPanic<'a, I>(&'a Line<I>);

impl<I> Drop for HaltOnPanic<'_, I> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.halt();
        }
    }
}

impl<I> Line<I> {
    /// The fold has reached position `next`: let waiting workers on.
    fn folded_up_to(&self, next: usize) {
        *self.folded.lock().unwrap_or_else(|e| e.into_inner()) = next;
        self.moved_on.notify_all();
    }

    /// Stop taking jobs (the sink failed, or something panicked).
    fn halt(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _lock = self.folded.lock().unwrap_or_else(|e| e.into_inner());
        self.moved_on.notify_all();
    }
}

/// Passes results on to a sink and folds them into a summary.
struct Tee<'a, S> {
    sink: &'a mut S,
    summary: SummaryBuilder,
}

impl<S: ReplicationSink> ReplicationSink for Tee<'_, S> {
    type Error = S::Error;
    fn accept(&mut self, scenario: usize, result: &ReplicationResult) -> Result<(), S::Error> {
        self.sink.accept(scenario, result)?;
        self.summary.accept(scenario, result);
        Ok(())
    }
}

/// Folds results into an [`ExperimentSummary`], as [`Runner::run`] does:
/// the same results in the same order give bit-identical summaries, so an
/// experiment read back from stored per-replication records (a resumed or
/// merged run) summarises exactly as the run that produced them.
///
/// Results must come in replication order, and within one replication
/// index in scenario order starting with scenario 0 (the reference, which
/// the paired differences need).
#[derive(Debug, Clone)]
pub struct SummaryBuilder {
    summaries: Vec<ScenarioSummary>,
    differences: Vec<Vec<RunningMoments>>,
    /// Replication index and metrics of the reference's latest result.
    reference: Option<(u64, Vec<f64>)>,
}

impl SummaryBuilder {
    /// An empty summary of scenarios with these months after warm-up.
    pub fn new(months: impl IntoIterator<Item = usize>) -> Self {
        let summaries: Vec<ScenarioSummary> =
            months.into_iter().map(ScenarioSummary::new).collect();
        let differences =
            vec![vec![RunningMoments::new(); METRICS.len()]; summaries.len().saturating_sub(1)];
        Self {
            summaries,
            differences,
            reference: None,
        }
    }

    /// Fold the result of scenario number `scenario`.
    ///
    /// # Panics
    ///
    /// If a scenario other than the reference comes before the reference's
    /// result of the same replication index (results out of order).
    pub fn accept(&mut self, scenario: usize, r: &ReplicationResult) {
        self.summaries[scenario].fold(r);
        if scenario == 0 {
            match &mut self.reference {
                Some((index, metrics)) => {
                    *index = r.replication;
                    metrics.clone_from(&r.metrics);
                }
                None => self.reference = Some((r.replication, r.metrics.clone())),
            }
            return;
        }
        let (index, reference) = self
            .reference
            .as_ref()
            .expect("results folded before the reference's");
        assert_eq!(
            *index, r.replication,
            "result of replication {} folded without the reference's",
            r.replication
        );
        for ((d, &b), &a) in self.differences[scenario - 1]
            .iter_mut()
            .zip(&r.metrics)
            .zip(reference)
        {
            d.push(b - a);
        }
    }

    /// The summary, recording `replications` per scenario run on `threads`.
    pub fn finish(self, replications: u64, threads: usize) -> ExperimentSummary {
        ExperimentSummary {
            scenarios: self.summaries,
            differences: self.differences,
            replications,
            threads,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// A quick scenario (200 residents, 1 + 1 years) for the runner's tests.
    pub(crate) fn small(id: &str) -> ScenarioRun {
        let mut scenario = Scenario::default();
        scenario.population.residents = 200;
        scenario.run.years = 1;
        scenario.run.warmup_years = 1;
        ScenarioRun {
            id: id.to_string(),
            scenario,
        }
    }

    struct Collect(Vec<(usize, u64)>);
    impl ReplicationSink for Collect {
        type Error = Infallible;
        fn accept(&mut self, s: usize, r: &ReplicationResult) -> Result<(), Infallible> {
            self.0.push((s, r.replication));
            Ok(())
        }
    }

    #[test]
    fn order_and_counts_independent_of_threads() {
        let plan = [small("a"), small("b")];
        let mut outs = Vec::new();
        for threads in [1, 3] {
            let runner = Runner::new(threads).unwrap();
            let ticks = AtomicU64::new(0);
            let tick = || {
                ticks.fetch_add(1, Ordering::Relaxed);
            };
            let mut sink = Collect(Vec::new());
            let summary = runner.run(&plan, 7, &tick, &mut sink).unwrap();
            assert_eq!(ticks.load(Ordering::Relaxed), 14);
            let expected: Vec<(usize, u64)> = (0..7).flat_map(|r| [(0, r), (1, r)]).collect();
            assert_eq!(sink.0, expected);
            assert_eq!(summary.threads, threads);
            assert_eq!(summary.differences.len(), 1);
            assert!(summary.scenarios.iter().all(|s| s.metrics[0].n() == 7));
            assert_eq!(summary.scenarios[0].series.len(), 12 * SERIES.len());
            outs.push(summary.scenarios);
        }
        assert_eq!(outs[0], outs[1]);
    }

    #[test]
    fn zero_replications() {
        let runner = Runner::new(1).unwrap();
        let s = runner
            .run(&[small("a")], 0, &super::super::NoProgress, &mut NullSink)
            .unwrap();
        assert_eq!(s.scenarios[0].metrics[0].n(), 0);
    }
}
