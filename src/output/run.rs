//! The records of a run into an output folder, whole or as one shard,
//! resumable: [`RunFolder`].
//!
//! A [`RunFolder`] follows the protocol of [`super::partial`]: the target
//! is checked before any work (so a refused folder fails in a second, not
//! after an hour); it is a [`JobStore`] that
//! [`crate::experiment::run_store`] drives, appending every finished
//! replication to its scenario's `records.csv` in the partial folder
//! `.NAME.partial/` beside the target as soon as it is folded; when all
//! are there, [`JobStore::finish`] computes the output files from those
//! records into a staging folder that replaces the target, and the partial
//! folder is deleted. See [`super::records`] for the folders and files.
//! It starts no replications itself.
//!
//! - **Interrupted** (killed, power cut): `.NAME.partial/` stays. The same
//!   command with [`RunMode::resume`] checks that its plan and manifests
//!   match this run (version, scenarios, replications, seed, shard, input
//!   hash; a mismatch is refused naming the field), keeps the complete
//!   rows, runs only the missing replications and finishes as usual. Without
//!   `resume`, a run refuses to start over an unfinished one unless
//!   [`Overwrite::Replace`] (`--force`) says to discard it.
//! - **Shard** ([`RunMode::shard`], `--shard K/N`): only replications
//!   `r % N == K - 1` run, and the finished partial folder (plan, manifests
//!   marked `shard = "K/N"`, records, `run-info.toml`) is moved to the
//!   target as a shard folder for [`super::merge`], with no summaries.
//! - **Stopping rule** ([`RunFolder::open_until`], `--precision P`): the
//!   run goes batch by batch in the same partial folder, raising the
//!   planned replications (`plan.toml` rewritten; the partial folder keeps
//!   the first batch's manifests, so one atomic write moves the run on)
//!   after each batch until [`super::stopping`] says the 95% intervals are
//!   narrow enough or the cap is reached, then finishes exactly as a plain
//!   run of the final count would; `run-info.toml` records the rule and
//!   why it stopped.
//!
//! The files do not depend on the thread count, on interruptions or on the
//! shard split: they are written by one function from the records, which
//! hold every result bit for bit.

use super::atomic::{create_dir, write_atomic, Overwrite};
use super::checksum::RecordIdentity;
use super::dialect::CsvDialect;
use super::layout;
use super::manifest::{read_manifest_text, Manifest};
use super::partial::{Opened, Started, State, Unfinished, WorkDone, RUN};
use super::records::{
    fold_records, write_outputs, LedgerWriter, Plan, RecordFiles, RecordReader, RecordWriter,
};
use super::run_info::{RunInfo, StoppingInfo};
use super::stopping::{check_rule, StoppingRule, SHARDED_RULE};
use super::OutputError;
use crate::experiment::{Batch, ExperimentSummary, JobStore, ReplicationSink, ScenarioRun, Shard};
use crate::model::ReplicationResult;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One scenario to run and write.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioInput {
    /// Identifier and resolved scenario (with command-line overrides applied).
    pub run: ScenarioRun,
    /// Where it came from, for the manifest: a path or `embedded:NAME`.
    pub source: String,
    /// The resolved scenario as TOML text: stored in the manifest and hashed.
    pub resolved_toml: String,
}

/// How to write.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// What to do with an existing, non-empty output folder (and, without
    /// [`RunMode::resume`], with an unfinished run into it).
    pub overwrite: Overwrite,
    /// How the CSV files are written (plain, or for Dutch Excel).
    pub csv: CsvDialect,
    /// Writes `shift.csv` for several scenarios.
    pub ledger: LedgerWriter,
}

/// Whether to finish an interrupted run, and which replications to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunMode {
    /// Finish the unfinished run kept in `.NAME.partial` beside the target
    /// (`--resume`); with none there, start from the beginning.
    pub resume: bool,
    /// Run only this shard and write a shard folder (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// What a run into a folder did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The summary of the replications in the folder (for a shard: of its
    /// replications only).
    /// The summary is empty when the output was already complete.
    pub summary: ExperimentSummary,
    /// What was resumed and run: (scenario, replication) results.
    pub work: WorkDone,
    /// With a stopping rule: why it stopped (as in `run-info.toml`).
    pub stopped: Option<String>,
}

/// A stopping rule as a run follows it.
struct RuleInUse<'a> {
    rule: &'a StoppingRule,
    /// Indices into the metrics of the checked ones.
    metrics: Vec<usize>,
    /// The rule in words, as `plan.toml` records it.
    text: String,
    /// Replications added per batch (the first batch too).
    batch: u64,
}

/// A run's records in its partial folder, ready to take the replications
/// not yet recorded: open it, run it with [`crate::experiment::run_store`]
/// (which asks for the batches and finishes it).
pub struct RunFolder<'a> {
    started: Started,
    /// The inputs as given (a stopping rule sets their replications).
    inputs: &'a [ScenarioInput],
    options: WriteOptions,
    shard: Option<Shard>,
    slice: Shard,
    rule: Option<RuleInUse<'a>>,
    /// Replications planned now (indices `0..replications`).
    replications: u64,
    runs: Vec<ScenarioRun>,
    manifests: Vec<Manifest>,
    /// Records are sealed for the manifests kept in the partial folder.
    identities: Vec<RecordIdentity>,
    records: RecordFiles,
    /// Per scenario: replications of the slice already recorded.
    done: Vec<u64>,
    recovered: u64,
    batches: u64,
    stopped: Option<String>,
}

impl<'a> RunFolder<'a> {
    /// Open a run of replications `0..replications` of every scenario into
    /// `dir`, as `mode` says (see the module documentation). Finished, it
    /// has written `dir/<id>/{manifest.toml, replications.csv, summary.csv,
    /// timeseries.csv}`, plus `dir/comparison.csv` and `dir/shift.csv` when
    /// there are several scenarios (the first is the reference), and
    /// `dir/run-info.toml`; or, as a shard, the shard folder.
    pub fn open(
        dir: &Path,
        inputs: &'a [ScenarioInput],
        replications: u64,
        options: WriteOptions,
        mode: RunMode,
    ) -> Result<Opened<Self, RunOutcome>, OutputError> {
        Self::open_with(dir, inputs, replications, options, mode, None)
    }

    /// Open a run in batches of `batch` (the first batch too) until the
    /// stopping rule holds; finished, it has written what [`RunFolder::open`]
    /// writes for the final count, plus the rule and why it stopped in
    /// `run-info.toml`.
    ///
    /// Every scenario runs the same indices `0..N`. Each input's
    /// `run.scenario.run.replications` and `resolved_toml` are set for the
    /// current count (the TOML regenerated by
    /// [`crate::scenario::resolved_toml`]), as `buurtsim run --replications
    /// N` sets them, so every file but `run-info.toml` is byte-identical to
    /// a plain run of the final count. With [`RunMode::resume`], a killed
    /// run goes on from the batch it had got to (`plan.toml` records the
    /// rule and that batch). Not combined with shards (refused:
    /// [`SHARDED_RULE`]).
    pub fn open_until(
        dir: &Path,
        inputs: &'a [ScenarioInput],
        batch: u64,
        rule: &'a StoppingRule,
        options: WriteOptions,
        mode: RunMode,
    ) -> Result<Opened<Self, RunOutcome>, OutputError> {
        Self::open_with(dir, inputs, batch, options, mode, Some(rule))
    }

    fn open_with(
        dir: &Path,
        inputs: &'a [ScenarioInput],
        batch: u64,
        options: WriteOptions,
        mode: RunMode,
        rule: Option<&'a StoppingRule>,
    ) -> Result<Opened<Self, RunOutcome>, OutputError> {
        let unfinished = Unfinished::lock(dir, RUN)?;
        let (replications, first_batch, rule) = planned(&unfinished, batch, mode, rule)?;
        let now = match rule {
            Some(_) => with_replications(inputs, replications),
            None => inputs.to_vec(),
        };
        check_ids(&now)?;
        let slice = mode
            .shard
            .unwrap_or(Shard::new(1, 1).expect("1/1 is a shard"));
        let text = rule.as_ref().map(|r| r.text.as_str());
        let (runs, plan, manifests) = plan_of(&now, replications, mode.shard, text);
        // The manifests kept in the partial folder: a run with a stopping
        // rule keeps those of its first batch, and only `plan.toml` (one
        // file, replaced atomically) follows the batch it has got to, so a
        // kill between two writes can never leave the two disagreeing.
        let kept = if first_batch == replications {
            manifests.clone()
        } else {
            let first = with_replications(inputs, first_batch);
            plan_of(&first, first_batch, mode.shard, text).2
        };
        let identities: Vec<RecordIdentity> = kept.iter().map(RecordIdentity::of_run).collect();
        let state = unfinished.inspect(mode.resume, options.overwrite)?;
        if state == State::Resume {
            check_resume(&unfinished, &plan, &kept)?;
        }
        let partial = unfinished.partial().to_path_buf();
        let holds = |d: &Path| same_manifests(d, &manifests);
        let Some(started) = unfinished.start(state, mode.resume, options.overwrite, holds)? else {
            return Ok(Opened::Complete(already_complete(replications, partial)));
        };
        let (writers, done) = start_records(
            &started,
            &runs,
            &kept,
            &identities,
            &plan,
            slice,
            replications,
        )?;
        Ok(Opened::Ready(Self {
            started,
            inputs,
            options,
            shard: mode.shard,
            slice,
            rule,
            replications,
            runs,
            manifests,
            identities,
            records: RecordFiles { writers },
            recovered: done.iter().sum(),
            done,
            batches: 0,
            stopped: None,
        }))
    }

    /// A stopping rule's next batch: only the plan changes in the partial
    /// folder.
    fn plan_next_batch(&mut self) -> Result<(), OutputError> {
        let rule = self.rule.as_ref().expect("only a rule plans batches");
        let next = (self.replications + rule.batch).min(rule.rule.max_replications);
        let inputs = with_replications(self.inputs, next);
        let (runs, plan, manifests) = plan_of(&inputs, next, self.shard, Some(&rule.text));
        plan.write(self.started.partial())?;
        (self.runs, self.manifests) = (runs, manifests);
        self.done = vec![self.replications; self.runs.len()];
        self.replications = next;
        Ok(())
    }
}

impl ReplicationSink for RunFolder<'_> {
    type Error = OutputError;
    fn accept(&mut self, scenario: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        self.records.accept(scenario, r)
    }
}

impl JobStore for RunFolder<'_> {
    type Outcome = RunOutcome;

    fn recovered(&self) -> u64 {
        self.recovered
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, OutputError> {
        if self.batches > 0 {
            self.records.sync()?;
            let Some(rule) = &self.rule else {
                return Ok(None);
            };
            let partial = self.started.partial();
            let verdict = check_rule(
                partial,
                &self.runs,
                &self.identities,
                self.replications,
                rule.rule,
                &rule.metrics,
            )?;
            if let Some(why) = verdict {
                self.stopped = Some(why);
                return Ok(None);
            }
            self.plan_next_batch()?;
        }
        self.batches += 1;
        let (done, n_scen) = (self.done.clone(), self.runs.len());
        let jobs = self
            .slice
            .replications(self.replications)
            .enumerate()
            .flat_map(move |(i, r)| (0..n_scen).map(move |s| (i as u64, s, r)))
            .filter(move |&(i, s, _)| i >= done[s])
            .map(|(_, s, r)| (s, r));
        Ok(Some(Batch {
            runs: self.runs.clone(),
            jobs: Box::new(jobs),
        }))
    }

    fn finish(self, threads: usize) -> Result<RunOutcome, OutputError> {
        let Self {
            started,
            options,
            shard,
            slice,
            rule,
            replications,
            runs,
            manifests,
            identities,
            records,
            recovered,
            stopped,
            ..
        } = self;
        drop(records);
        let total = slice.len(replications) * runs.len() as u64;
        let mut readers = runs
            .iter()
            .zip(&identities)
            .map(|(run, &id)| {
                let path = started.partial().join(&run.id).join(layout::RECORDS);
                RecordReader::open(&path, run.months(), id)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let resumed = started.resumed();
        let info = RunInfo {
            stopping_rule: rule.zip(stopped.clone()).map(|(rule, why)| StoppingInfo {
                stopped: why,
                precision: rule.rule.precision,
                max_replications: rule.rule.max_replications,
                batch: rule.batch,
                metrics: rule.rule.metrics.clone(),
                replications,
            }),
            ..RunInfo::ran("run", threads, resumed, options.csv, shard.is_some())
        };
        let (summary, partial) = if shard.is_some() {
            let summary = fold_records(
                &runs,
                slice.replications(replications),
                slice.len(replications),
                threads,
                |s, r| readers[s].expect(r),
                &mut Ignore,
            )?;
            readers.into_iter().try_for_each(RecordReader::finish)?;
            (summary, started.finish_shard(&info)?)
        } else {
            started.finish(options.csv, &info, |staged| {
                let summary = write_outputs(
                    staged,
                    &runs,
                    &manifests,
                    replications,
                    threads,
                    options.ledger,
                    |s, r| readers[s].expect(r),
                )?;
                readers.into_iter().try_for_each(RecordReader::finish)?;
                Ok(summary)
            })?
        };
        Ok(RunOutcome {
            summary,
            work: WorkDone {
                resumed,
                recovered,
                ran: total - recovered,
                partial,
                already_complete: false,
            },
            stopped,
        })
    }
}

/// The replications to plan now and those of the first batch, and the
/// rule as the run follows it; a rule's batch and shard are checked first.
fn planned<'a>(
    unfinished: &Unfinished,
    batch: u64,
    mode: RunMode,
    rule: Option<&'a StoppingRule>,
) -> Result<(u64, u64, Option<RuleInUse<'a>>), OutputError> {
    let Some(rule) = rule else {
        return Ok((batch, batch, None));
    };
    if mode.shard.is_some() {
        return Err(OutputError::Refused {
            reason: SHARDED_RULE.to_string(),
        });
    }
    if batch == 0 {
        return Err(OutputError::Refused {
            reason: "a stopping rule needs batches of at least one replication".to_string(),
        });
    }
    let metrics = rule.metric_indices()?;
    let first = batch.min(rule.max_replications);
    let text = rule.describe(batch);
    let mut replications = first;
    // A resumed run goes on from the batch it had got to (the plan says
    // which; the rest of it must match as usual).
    if mode.resume {
        if let Ok(old) = Plan::read(unfinished.partial()) {
            if old.stopping_rule.as_deref() == Some(text.as_str())
                && old.replications > replications
                && old.replications <= rule.max_replications
            {
                replications = old.replications;
            }
        }
    }
    let rule = RuleInUse {
        rule,
        metrics,
        text,
        batch,
    };
    Ok((replications, first, Some(rule)))
}

/// Every scenario id is a plain folder name, and no two are the same.
fn check_ids(inputs: &[ScenarioInput]) -> Result<(), OutputError> {
    let mut seen = BTreeSet::new();
    for input in inputs {
        let id = &input.run.id;
        if id.is_empty() || id == "." || id == ".." || id.contains(['/', '\\']) {
            return Err(OutputError::BadPath {
                path: PathBuf::from(id),
            });
        }
        if !seen.insert(id.as_str()) {
            return Err(OutputError::DuplicateId { id: id.clone() });
        }
    }
    Ok(())
}

/// The records of a started run: those of the unfinished run reopened
/// (with the replications each holds), or new ones, with the manifests
/// `kept` beside them and `plan.toml` written last.
fn start_records(
    started: &Started,
    runs: &[ScenarioRun],
    kept: &[Manifest],
    identities: &[RecordIdentity],
    plan: &Plan,
    slice: Shard,
    replications: u64,
) -> Result<(Vec<RecordWriter>, Vec<u64>), OutputError> {
    let partial = started.partial();
    let mut writers = Vec::with_capacity(runs.len());
    let mut done = Vec::with_capacity(runs.len());
    if started.resumed() {
        for (run, &identity) in runs.iter().zip(identities) {
            let path = partial.join(&run.id).join(layout::RECORDS);
            let (w, d) = RecordWriter::recover(&path, run.months(), slice, replications, identity)?;
            writers.push(w);
            done.push(d);
        }
        return Ok((writers, done));
    }
    for (run, manifest) in runs.iter().zip(kept) {
        let folder = partial.join(&run.id);
        create_dir(&folder)?;
        write_atomic(
            &folder.join(layout::MANIFEST),
            manifest.to_toml().as_bytes(),
        )?;
        writers.push(RecordWriter::create(
            &folder.join(layout::RECORDS),
            run.months(),
            RecordIdentity::of_run(manifest),
        )?);
        done.push(0);
    }
    // Last: a partial folder without a plan is an interrupted start.
    plan.write(partial)?;
    Ok((writers, done))
}

/// `inputs` with `n` planned replications (for a stopping rule).
fn with_replications(inputs: &[ScenarioInput], n: u64) -> Vec<ScenarioInput> {
    inputs
        .iter()
        .map(|i| {
            let mut i = i.clone();
            i.run.scenario.run.replications = u32::try_from(n).unwrap_or(u32::MAX);
            i.resolved_toml = crate::scenario::resolved_toml(&i.run.scenario);
            i
        })
        .collect()
}

/// The runs, plan and manifests of `inputs` with `replications`.
fn plan_of(
    inputs: &[ScenarioInput],
    replications: u64,
    shard: Option<Shard>,
    rule: Option<&str>,
) -> (Vec<ScenarioRun>, Plan, Vec<Manifest>) {
    let runs: Vec<ScenarioRun> = inputs.iter().map(|i| i.run.clone()).collect();
    let plan = Plan {
        stopping_rule: rule.map(str::to_string),
        ..Plan::new(
            runs.iter().map(|r| r.id.clone()).collect(),
            replications,
            shard,
        )
    };
    let manifests: Vec<Manifest> = inputs
        .iter()
        .map(|i| Manifest {
            shard: shard.map(|s| s.to_string()),
            ..Manifest::for_run(
                &i.run.id,
                &i.run.scenario.name,
                &i.source,
                i.run.scenario.run.seed,
                replications,
                i.run.months(),
                &i.resolved_toml,
            )
        })
        .collect();
    (runs, plan, manifests)
}

/// The outcome of a `--resume` that found the output already finished.
fn already_complete(replications: u64, partial: PathBuf) -> RunOutcome {
    RunOutcome {
        summary: ExperimentSummary {
            scenarios: Vec::new(),
            differences: Vec::new(),
            replications,
            threads: 0,
        },
        work: WorkDone::already_complete(partial),
        stopped: None,
    }
}

/// A sink that drops results (folding a shard's records only checks them).
struct Ignore;

impl ReplicationSink for Ignore {
    type Error = OutputError;
    fn accept(&mut self, _: usize, _: &ReplicationResult) -> Result<(), OutputError> {
        Ok(())
    }
}

/// For a resume: check that the unfinished run's plan and manifests are
/// this run's, else refuse naming the first field that differs.
fn check_resume(
    unfinished: &Unfinished,
    plan: &Plan,
    manifests: &[Manifest],
) -> Result<(), OutputError> {
    let partial = unfinished.partial();
    let old_plan = Plan::read(partial)?;
    if let Some((field, old, new)) = old_plan.differences(plan).into_iter().next() {
        return Err(unfinished.mismatch(field, None, &old, &new));
    }
    for manifest in manifests {
        let path = partial.join(&manifest.scenario_id).join(layout::MANIFEST);
        let text = read_manifest_text(&path).map_err(|e| OutputError::Unreadable {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let old = Manifest::from_toml(&text).map_err(|e| {
            super::toml_error::unreadable(
                &path,
                &text,
                &e,
                "run without --resume and with --force to discard the unfinished run and start over",
            )
        })?;
        if let Some((field, a, b)) = old.differences(manifest).into_iter().next() {
            return Err(unfinished.mismatch(field, Some(&manifest.scenario_id), &a, &b));
        }
    }
    Ok(())
}

/// Whether `dir` holds exactly these manifests (an output of this run).
fn same_manifests(dir: &Path, manifests: &[Manifest]) -> bool {
    manifests.iter().all(|m| {
        read_manifest_text(&dir.join(&m.scenario_id).join(layout::MANIFEST))
            .is_ok_and(|text| text == m.to_toml())
    })
}
