//! Run an experiment straight into an output folder, resumably, whole or
//! as one shard.
//!
//! The order matters for safety: the target is checked before any work (so
//! a refused folder fails in a second, not after an hour); every finished
//! replication is appended to its scenario's `records.csv` in the partial
//! folder `.NAME.partial/` beside the target as soon as it is folded; when
//! all are there, the output files are computed from those records into a
//! staging folder that replaces the target, and the partial folder is
//! deleted. See [`super::records`] for the folders and files.
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
//!
//! - **Stopping rule** ([`run_to_folder_until`], `--precision P`): the run
//!   goes batch by batch in the same partial folder, raising the planned
//!   replications (`plan.toml` rewritten; the partial folder keeps the
//!   first batch's manifests, so one atomic write moves the run on) after
//!   each batch until the
//!   95% intervals of the chosen metrics are narrow enough in every
//!   scenario or the cap is reached, then finishes exactly as a plain run
//!   of the final count would; `run-info.toml` records the rule and why it
//!   stopped. Precision is checked only at batch boundaries, from the
//!   records, so where it stops does not depend on the thread count.
//!
//! The files do not depend on the thread count, on interruptions or on the
//! shard split: they are written by one function from the records, which
//! hold every result bit for bit.

use super::atomic::{
    check_target, create_dir, discard_partial, partial_path, remove_own_dir, swap_dir_into,
    Overwrite, StagedDir,
};
use super::checksum::RecordIdentity;
use super::dialect::{convert_folder, csv_name, CsvDialect};
use super::manifest::{read_manifest_text, Manifest};
use super::ownership::{write_marker, OutputKind, MARKER};
use super::records::{
    fold_records, write_outputs, LedgerWriter, Plan, RecordFiles, RecordReader, RecordWriter,
    RunInfo, StoppingInfo, MANIFEST_FILE, PLAN_FILE, RECORDS_FILE,
};
use super::OutputError;
use crate::experiment::{ExperimentSummary, Progress, ReplicationSink, Runner, ScenarioRun, Shard};
use crate::model::{run_replication, ReplicationResult, METRICS};
use crate::stats::{t_interval, RunningMoments};
use std::collections::BTreeSet;
use std::fs;
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

/// How to run and write.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// Worker threads; 0 = one per available core.
    pub threads: usize,
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

/// What [`run_to_folder_with`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The summary of the replications in the folder (for a shard: of its
    /// replications only).
    pub summary: ExperimentSummary,
    /// Whether an unfinished run was resumed.
    pub resumed: bool,
    /// (scenario, replication) results found already recorded.
    pub recovered: u64,
    /// (scenario, replication) results computed by this call.
    pub ran: u64,
    /// Where the unfinished work was kept.
    pub partial: PathBuf,
    /// With a stopping rule: why it stopped (as in `run-info.toml`).
    pub stopped: Option<String>,
    /// `--resume` found nothing unfinished and the output folder already
    /// holds this run's finished output (a kill came after it was moved
    /// into place): nothing was run or written, and `summary` is empty.
    pub already_complete: bool,
}

/// Keep adding replications until the 95% confidence intervals are narrow
/// enough (`--precision`); see [`run_to_folder_until`].
#[derive(Debug, Clone, PartialEq)]
pub struct StoppingRule {
    /// Stop when every checked interval's half-width is below
    /// `precision x |mean|` (0 < precision < 1).
    pub precision: f64,
    /// Stop at this many replications at the latest.
    pub max_replications: u64,
    /// Names of the [`METRICS`] to check (every scenario).
    pub metrics: Vec<String>,
}

impl StoppingRule {
    /// The metrics checked unless told otherwise.
    pub const DEFAULT_METRICS: &'static [&'static str] = &[
        "gp_contacts_per_resident_year",
        "carers_heavily_burdened_share",
    ];
    /// The cap unless told otherwise.
    pub const DEFAULT_MAX_REPLICATIONS: u64 = 1000;

    /// The rule in words, as `plan.toml` records it: a resumed run must
    /// follow the same rule with the same batches.
    pub fn describe(&self, batch: u64) -> String {
        format!(
            "95% CI half-width under {} x |mean| of {}, in batches of {batch}, at most {} \
             replications",
            self.precision,
            self.metrics.join(", "),
            self.max_replications
        )
    }

    /// Indices into [`METRICS`] of the checked metrics; an unknown name,
    /// an empty list, a precision outside (0, 1) or a zero cap is refused.
    fn metric_indices(&self) -> Result<Vec<usize>, OutputError> {
        let refuse = |reason: String| Err(OutputError::Refused { reason });
        if !(self.precision > 0.0 && self.precision < 1.0) {
            return refuse(format!(
                "precision {} is not over 0 and under 1",
                self.precision
            ));
        }
        if self.max_replications == 0 {
            return refuse("max_replications must be at least 1".to_string());
        }
        if self.metrics.is_empty() {
            return refuse("a stopping rule needs at least one metric".to_string());
        }
        self.metrics
            .iter()
            .map(|name| {
                METRICS
                    .iter()
                    .position(|m| m.name == name)
                    .ok_or_else(|| OutputError::Refused {
                        reason: format!("unknown metric `{name}` in the stopping rule"),
                    })
            })
            .collect()
    }
}

/// Run replications `0..replications` of every scenario and write
/// `dir/<id>/{manifest.toml, replications.csv, summary.csv, timeseries.csv}`,
/// plus `dir/comparison.csv` and `dir/shift.csv` (the shift ledger) when
/// there are several scenarios (the first is the reference), and `dir/run-info.toml`. As [`run_to_folder_with`]
/// without resuming or sharding.
pub fn run_to_folder(
    dir: &Path,
    inputs: &[ScenarioInput],
    replications: u64,
    options: WriteOptions,
    progress: &dyn Progress,
) -> Result<ExperimentSummary, OutputError> {
    run_to_folder_with(
        dir,
        inputs,
        replications,
        options,
        RunMode::default(),
        progress,
    )
    .map(|o| o.summary)
}

/// What to do with the partial folder found beside the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Partial {
    /// None there (or one that never got its plan): start afresh.
    Fresh,
    /// A matching unfinished run to resume.
    Resume,
    /// An unfinished run to discard (`--force` without `--resume`).
    Discard,
}

/// Run the experiment as `mode` says (see the module documentation):
/// resuming an unfinished run into `dir`, and/or only one shard of it.
/// `progress` ticks once per (scenario, replication), including once for
/// each result found already recorded when resuming.
pub fn run_to_folder_with(
    dir: &Path,
    inputs: &[ScenarioInput],
    replications: u64,
    options: WriteOptions,
    mode: RunMode,
    progress: &dyn Progress,
) -> Result<RunOutcome, OutputError> {
    run_inner(dir, inputs, replications, options, mode, None, progress)
}

/// Run replications in batches of `batch` (the first batch too) until the
/// stopping rule holds, and write what [`run_to_folder`] writes for the
/// final count, plus the rule and why it stopped in `run-info.toml`.
///
/// After each batch, the 95% Student-t interval of every `rule.metrics`
/// metric of every scenario is computed from the records; the run stops
/// when each half-width is below `rule.precision x |mean|` (or zero), or
/// when `rule.max_replications` are done. Every scenario runs the same
/// indices `0..N`. Each input's `run.scenario.run.replications` and
/// `resolved_toml` are set for the current count (the TOML regenerated by
/// [`crate::scenario::resolved_toml`]), as `buurtsim run --replications N`
/// sets them, so every file but `run-info.toml` is byte-identical to a
/// plain run of the final count. With [`RunMode::resume`], a killed run
/// goes on from the batch it had got to (`plan.toml` records the rule and
/// that batch). Not combined with shards (refused: [`SHARDED_RULE`]).
pub fn run_to_folder_until(
    dir: &Path,
    inputs: &[ScenarioInput],
    batch: u64,
    rule: &StoppingRule,
    options: WriteOptions,
    mode: RunMode,
    progress: &dyn Progress,
) -> Result<RunOutcome, OutputError> {
    run_inner(dir, inputs, batch, options, mode, Some(rule), progress)
}

/// Why `--precision` and `--shard` do not go together.
pub const SHARDED_RULE: &str = "a stopping rule (--precision) cannot run as shards: it decides \
     after each batch, from the results of every replication so far, whether to go on, and a \
     shard sees only its own; run it on one machine (it can be resumed), or give the shards a \
     fixed --replications";

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

/// The verdict of a stopping rule after `replications`, from the records
/// in `partial`: `Some(why)` to stop.
fn check_rule(
    partial: &Path,
    runs: &[ScenarioRun],
    identities: &[RecordIdentity],
    replications: u64,
    rule: &StoppingRule,
    metrics: &[usize],
) -> Result<Option<String>, OutputError> {
    const LEVEL: f64 = 0.95;
    let mut all_narrow = true;
    // The widest interval relative to its mean: (ratio, scenario, metric).
    let mut widest: Option<(f64, usize, usize)> = None;
    for (s, run) in runs.iter().enumerate() {
        let path = partial.join(&run.id).join(RECORDS_FILE);
        let mut reader = RecordReader::open(&path, run.months(), identities[s])?;
        let mut moments = vec![RunningMoments::new(); metrics.len()];
        for r in 0..replications {
            let row = reader.expect(r)?;
            for (m, &k) in moments.iter_mut().zip(metrics) {
                m.push(row.metrics[k]);
            }
        }
        reader.finish()?;
        for (m, &k) in moments.iter().zip(metrics) {
            let ci = t_interval(m, LEVEL);
            let (half, mean) = (ci.half_width(), ci.mean.abs());
            let narrow = half.is_finite() && (half == 0.0 || half < rule.precision * mean);
            all_narrow &= narrow;
            let ratio = if half == 0.0 {
                0.0
            } else if half.is_finite() && mean > 0.0 {
                half / mean
            } else {
                f64::INFINITY
            };
            if widest.is_none_or(|(w, _, _)| ratio > w) {
                widest = Some((ratio, s, k));
            }
        }
    }
    let widest = widest.map_or(String::new(), |(ratio, s, k)| {
        format!(
            " (widest: {} in {}, half-width {} x |mean|)",
            METRICS[k].name,
            runs[s].id,
            if ratio.is_finite() {
                format!("{ratio:.4}")
            } else {
                "undefined".to_string()
            }
        )
    });
    let names = rule.metrics.join(", ");
    if all_narrow {
        Ok(Some(format!(
            "precision {} reached: after {replications} replications the 95% CI half-width of \
             {names} is below {} x |mean| in every scenario{widest}",
            rule.precision, rule.precision
        )))
    } else if replications >= rule.max_replications {
        Ok(Some(format!(
            "max_replications reached: {replications} replications; precision {} not reached \
             for {names}{widest}",
            rule.precision
        )))
    } else {
        Ok(None)
    }
}

fn run_inner(
    dir: &Path,
    inputs: &[ScenarioInput],
    replications: u64,
    options: WriteOptions,
    mode: RunMode,
    rule: Option<&StoppingRule>,
    progress: &dyn Progress,
) -> Result<RunOutcome, OutputError> {
    // One process per output, and what a killed one left tidied first.
    let _lock = super::target::prepare(dir)?;
    let batch = replications;
    let mut replications = replications;
    let mut rule_metrics = Vec::new();
    let mut inputs_now;
    let original_inputs = inputs;
    let mut inputs = inputs;
    // The manifests kept in the partial folder: a run with a stopping rule
    // keeps those of its first batch, and only `plan.toml` (one file,
    // replaced atomically) follows the batch it has got to, so a kill
    // between two writes can never leave the two disagreeing.
    let mut first_batch = replications;
    if let Some(rule) = rule {
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
        rule_metrics = rule.metric_indices()?;
        replications = batch.min(rule.max_replications);
        first_batch = replications;
        // A resumed run goes on from the batch it had got to (the plan
        // says which; the rest of it must match as usual).
        if mode.resume {
            if let Ok(old) = Plan::read(&partial_path(dir)?) {
                if old.stopping_rule.as_deref() == Some(rule.describe(batch).as_str())
                    && old.replications > replications
                    && old.replications <= rule.max_replications
                {
                    replications = old.replications;
                }
            }
        }
        inputs_now = with_replications(inputs, replications);
        inputs = &inputs_now;
    }
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

    let partial = partial_path(dir)?;
    let slice = mode
        .shard
        .unwrap_or(Shard::new(1, 1).expect("1/1 is a shard"));
    let rule_text = rule.map(|r| r.describe(batch));
    let (mut runs, plan, mut manifests) =
        plan_of(inputs, replications, mode.shard, rule_text.as_deref());
    let kept_manifests = if first_batch == replications {
        manifests.clone()
    } else {
        let first = with_replications(original_inputs, first_batch);
        plan_of(&first, first_batch, mode.shard, rule_text.as_deref()).2
    };
    // Records are sealed for the manifests kept beside them.
    let identities: Vec<RecordIdentity> =
        kept_manifests.iter().map(RecordIdentity::of_run).collect();

    let state = inspect_partial(
        dir,
        &partial,
        &plan,
        &kept_manifests,
        mode,
        options.overwrite,
    )?;
    // A resumed run whose output was already moved into place (killed just
    // before the partial folder was deleted) rewrites the same bytes.
    let overwrite = if state == Partial::Resume && same_manifests(dir, &manifests) {
        Overwrite::Replace
    } else {
        options.overwrite
    };
    if state == Partial::Fresh && mode.resume && is_complete_output(dir, &manifests) {
        return Ok(already_complete(replications, partial));
    }
    check_target(dir, overwrite)?;
    if state == Partial::Discard {
        remove_own_dir(&partial)?;
    }

    let mut writers = Vec::with_capacity(runs.len());
    let mut done = Vec::with_capacity(runs.len());
    if state == Partial::Resume {
        for (run, &identity) in runs.iter().zip(&identities) {
            let path = partial.join(&run.id).join(RECORDS_FILE);
            let (w, d) = RecordWriter::recover(&path, run.months(), slice, replications, identity)?;
            writers.push(w);
            done.push(d);
        }
    } else {
        create_dir(&partial)?;
        for (run, manifest) in runs.iter().zip(&kept_manifests) {
            let folder = partial.join(&run.id);
            create_dir(&folder)?;
            super::atomic::write_atomic(
                &folder.join(MANIFEST_FILE),
                manifest.to_toml().as_bytes(),
            )?;
            writers.push(RecordWriter::create(
                &folder.join(RECORDS_FILE),
                run.months(),
                RecordIdentity::of_run(manifest),
            )?);
            done.push(0);
        }
        // Last: a partial folder without a plan is an interrupted start.
        plan.write(&partial)?;
    }

    let recovered: u64 = done.iter().sum();
    for _ in 0..recovered {
        progress.replication_done();
    }
    let n_scen = runs.len();

    let runner =
        Runner::new(options.threads).map_err(|e| OutputError::ThreadPool(e.to_string()))?;
    let threads = runner.threads();
    let mut records = RecordFiles { writers };
    let mut stopped = None;
    loop {
        let done_now = done.clone();
        let jobs = slice
            .replications(replications)
            .enumerate()
            .flat_map(move |(i, r)| (0..n_scen).map(move |s| (i as u64, s, r)))
            .filter(move |&(i, s, _)| i >= done_now[s])
            .map(|(_, s, r)| (s, r));
        runner.run_jobs_with(run_replication, &runs, jobs, progress, &mut records)?;
        records.sync()?;
        let Some(rule) = rule else { break };
        if let Some(why) = check_rule(
            &partial,
            &runs,
            &identities,
            replications,
            rule,
            &rule_metrics,
        )? {
            stopped = Some(why);
            break;
        }
        // Plan the next batch: only the plan changes in the partial folder.
        let next = (replications + batch).min(rule.max_replications);
        inputs_now = with_replications(inputs, next);
        inputs = &inputs_now;
        let (r, p, m) = plan_of(inputs, next, mode.shard, rule_text.as_deref());
        p.write(&partial)?;
        (runs, manifests) = (r, m);
        done = vec![replications; n_scen];
        replications = next;
    }
    drop(records);
    let total = slice.len(replications) * runs.len() as u64;

    let mut readers = runs
        .iter()
        .zip(&identities)
        .map(|(run, &id)| {
            RecordReader::open(&partial.join(&run.id).join(RECORDS_FILE), run.months(), id)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let info = RunInfo {
        buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
        command: "run".to_string(),
        threads: Some(threads),
        resumed: state == Partial::Resume,
        merged_from: Vec::new(),
        stopping_rule: rule.zip(stopped.clone()).map(|(rule, why)| StoppingInfo {
            stopped: why,
            precision: rule.precision,
            max_replications: rule.max_replications,
            batch,
            metrics: rule.metrics.clone(),
            replications,
        }),
        // A shard folder holds records only; its CSV style is the merge's.
        csv: csv_name(options.csv).filter(|_| mode.shard.is_none()),
    };
    let summary = if mode.shard.is_some() {
        let summary = fold_records(
            &runs,
            slice.replications(replications),
            slice.len(replications),
            threads,
            |s, r| readers[s].expect(r),
            &mut Ignore,
        )?;
        readers.into_iter().try_for_each(RecordReader::finish)?;
        info.write(&partial)?;
        write_marker(&partial, OutputKind::RunShard)?;
        swap_dir_into(&partial, dir, overwrite)?;
        summary
    } else {
        let staged = StagedDir::create(dir, overwrite, OutputKind::Run)?;
        let summary = write_outputs(
            staged.path(),
            &runs,
            &manifests,
            replications,
            threads,
            options.ledger,
            |s, r| readers[s].expect(r),
        )?;
        readers.into_iter().try_for_each(RecordReader::finish)?;
        finish_output(staged, options.csv, &info, Some(&partial))?;
        summary
    };
    Ok(RunOutcome {
        summary,
        resumed: state == Partial::Resume,
        recovered,
        ran: total - recovered,
        partial,
        stopped,
        already_complete: false,
    })
}

/// Whether `dir` already holds the finished output of a run with these
/// manifests: buurtsim's marker and exactly these manifests (an output is
/// only ever moved into place whole, so the rest is there too).
fn is_complete_output(dir: &Path, manifests: &[Manifest]) -> bool {
    dir.join(MARKER).is_file() && same_manifests(dir, manifests)
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
        resumed: false,
        recovered: 0,
        ran: 0,
        partial,
        stopped: None,
        already_complete: true,
    }
}

/// The last steps of every output folder (run, sweep, merge): the CSV
/// files in the chosen style, `run-info.toml`, the staged folder moved into
/// place, and the partial folder (if any) deleted.
pub(crate) fn finish_output(
    staged: StagedDir,
    csv: CsvDialect,
    info: &RunInfo,
    partial: Option<&Path>,
) -> Result<(), OutputError> {
    convert_folder(staged.path(), csv)?;
    info.write(staged.path())?;
    let target = staged.target().to_path_buf();
    staged.commit()?;
    // The output is complete; a partial folder that cannot be deleted is
    // only clutter (the next command on this output resumes and tidies it).
    if let Some(partial) = partial {
        let _ = discard_partial(partial, &target);
    }
    Ok(())
}

/// A sink that drops results (folding a shard's records only checks them).
struct Ignore;

impl ReplicationSink for Ignore {
    type Error = OutputError;
    fn accept(&mut self, _: usize, _: &ReplicationResult) -> Result<(), OutputError> {
        Ok(())
    }
}

/// What is at `partial` before checking that it belongs to this run:
/// nothing usable ([`Partial::Fresh`]; a folder without its `marker` file
/// is an interrupted start and is removed), an unfinished run to discard
/// (`--force`), or one to resume (`--resume`; the caller checks it
/// matches). Without either, an unfinished run is refused.
pub(crate) fn partial_state(
    dir: &Path,
    partial: &Path,
    marker: &str,
    resume: bool,
    overwrite: Overwrite,
) -> Result<Partial, OutputError> {
    match fs::symlink_metadata(partial) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Partial::Fresh),
        Err(e) => return Err(OutputError::io(partial, e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(OutputError::Refused {
                reason: format!(
                    "{} is in the way: buurtsim keeps the unfinished work of a run into {} \
                     there; move it away",
                    partial.display(),
                    dir.display()
                ),
            })
        }
        Ok(_) => {}
    }
    if !partial.join(marker).is_file() {
        // `run` and `sweep` keep their work in the same place, each with
        // its own marker: the other's unfinished work is never deleted
        // without --force.
        let other = [(PLAN_FILE, "run"), (super::sweep::MANIFEST_TOML, "sweep")]
            .into_iter()
            .find(|(m, _)| *m != marker && partial.join(m).is_file());
        if let Some((_, command)) = other {
            return match (resume, overwrite) {
                (false, Overwrite::Replace) => Ok(Partial::Discard),
                _ => Err(OutputError::Refused {
                    reason: format!(
                        "{} holds the unfinished work of a `buurtsim {command}` into {}; \
                         finish it with that command and --resume, or pass --force (without \
                         --resume) to discard it and start over",
                        partial.display(),
                        dir.display()
                    ),
                }),
            };
        }
        // Interrupted while starting: nothing was recorded yet. Removed
        // only if everything in it is buurtsim's.
        if let Some(entry) = super::ownership::first_foreign_entry(partial, true)? {
            return Err(OutputError::Refused {
                reason: format!(
                    "{} holds {entry}, which buurtsim did not write; buurtsim keeps the \
                     unfinished work of a run into {} in that folder, so move it away",
                    partial.display(),
                    dir.display()
                ),
            });
        }
        remove_own_dir(partial)?;
        return Ok(Partial::Fresh);
    }
    if resume {
        return Ok(Partial::Resume);
    }
    match overwrite {
        Overwrite::Replace => Ok(Partial::Discard),
        Overwrite::Refuse => Err(OutputError::Refused {
            reason: format!(
                "an unfinished run into {} is kept in {} (it was interrupted, or is still \
                 running); finish it with the same command and --resume, or pass --force \
                 to discard it and start over",
                dir.display(),
                partial.display()
            ),
        }),
    }
}

/// Decide what to do with `partial`; for a resume, check that it belongs
/// to this run.
fn inspect_partial(
    dir: &Path,
    partial: &Path,
    plan: &Plan,
    manifests: &[Manifest],
    mode: RunMode,
    overwrite: Overwrite,
) -> Result<Partial, OutputError> {
    let state = partial_state(dir, partial, PLAN_FILE, mode.resume, overwrite)?;
    if state != Partial::Resume {
        return Ok(state);
    }
    let refuse = |field: &str, scenario: Option<&str>, old: &str, new: &str| {
        let whose = scenario.map_or(String::new(), |id| format!(" for scenario {id}"));
        let hint = if matches!(field, "input_hash" | "resolved_scenario") {
            " (a scenario file or an option such as --seed or --replications changed)"
        } else {
            ""
        };
        OutputError::Refused {
            reason: format!(
                "cannot resume the unfinished run in {}: `{field}` differs{whose}{hint}: the \
                 unfinished run has {old}, this command has {new}; resume with the same files \
                 and options, or run without --resume and with --force to discard it and \
                 start over",
                partial.display()
            ),
        }
    };
    let old_plan = Plan::read(partial)?;
    if let Some((field, old, new)) = old_plan.differences(plan).into_iter().next() {
        return Err(refuse(field, None, &old, &new));
    }
    for manifest in manifests {
        let path = partial.join(&manifest.scenario_id).join(MANIFEST_FILE);
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
            return Err(refuse(field, Some(&manifest.scenario_id), &a, &b));
        }
    }
    Ok(Partial::Resume)
}

/// Whether `dir` holds exactly these manifests (an output of this run).
fn same_manifests(dir: &Path, manifests: &[Manifest]) -> bool {
    manifests.iter().all(|m| {
        read_manifest_text(&dir.join(&m.scenario_id).join(MANIFEST_FILE))
            .is_ok_and(|text| text == m.to_toml())
    })
}
