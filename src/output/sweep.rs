//! Run a sweep straight into an output folder: `replications.csv`,
//! `points.csv` and `manifest.toml`.
//!
//! - `replications.csv`: one row per point and replication, in that order:
//!   `point`, one column per swept parameter (its path), `replication`,
//!   then every metric of [`METRICS`].
//! - `points.csv`: tidy, one row per point and metric:
//!   `point, <swept parameters...>, metric, unit, mean, sd, ci_low, ci_high, n`
//!   (95% Student-t interval of the mean over the point's replications).
//! - `manifest.toml`: [`SweepManifest`].
//!
//! - `run-info.toml`: threads, resumed or merged: the only file that
//!   depends on how the sweep was run.
//!
//! Every job (one replication of one point) is appended to `records.csv` in
//! the partial folder `.DIR.partial/` beside the target as soon as it is
//! folded ([`super::sweep_records`]); the output files are computed from
//! the records alone when all are there. So an interrupted sweep resumes
//! (`--resume` runs only the missing jobs), a shard (`--shard K/N`) leaves
//! its partial folder as a shard folder, and `buurtsim merge` writes the
//! shards' records with the same function ([`merge_sweep_shards`]): the
//! files are byte-identical whatever the thread count, an interruption or
//! the shard split. Points are set up in batches of whole points, so memory
//! holds at most about [`ROWS_PER_BATCH`] jobs' scenarios and results
//! whatever the size of the sweep, and the output is streamed from the
//! records in job order (point by point).

use super::atomic::{
    check_target, partial_path, swap_dir_into, write_atomic, Overwrite, StagedDir,
};
use super::atomic::{create_dir, remove_own_dir};
use super::checksum::RecordIdentity;
use super::csvfiles::moment_fields;
use super::dialect::{csv_name, CsvDialect};
use super::format::{csv_f64, input_hash};
use super::manifest::read_manifest_text;
use super::ownership::{write_marker, OutputKind};
use super::records::RunInfo;
use super::run::{finish_output, partial_state, Partial};
use super::sweep_records::{
    shard_jobs, sweep_identity, SweepRecordReader, SweepRecordWriter, SWEEP_RECORDS_FILE,
};
use super::OutputError;
use crate::experiment::sweep::SweepPlan;
use crate::experiment::{Progress, ReplicationSink, Runner, Shard};
use crate::model::{run_replication, ReplicationResult, METRICS};
use crate::scenario::SweepMethod;
use crate::stats::RunningMoments;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Replications (point x replication results) held in memory at most, about:
/// a batch has `max(1, ROWS_PER_BATCH / replications)` points.
pub const ROWS_PER_BATCH: usize = 4096;

/// Name of the per-replication file.
pub const REPLICATIONS_CSV: &str = "replications.csv";
/// Name of the per-point summary file.
pub const POINTS_CSV: &str = "points.csv";
/// Name of the manifest.
pub const MANIFEST_TOML: &str = "manifest.toml";

/// A planned sweep with what the manifest records about where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepInput {
    /// Identifier (the file stem).
    pub id: String,
    /// Where the scenario came from: a path.
    pub source: String,
    /// The resolved scenario (with its `[sweep]` table and any command-line
    /// overrides) as TOML: stored in the manifest and hashed.
    pub resolved_toml: String,
    /// The design and the base scenario.
    pub plan: SweepPlan,
}

/// How to run and write a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepOptions {
    /// Worker threads; 0 = one per available core.
    pub threads: usize,
    /// What to do with an existing, non-empty output folder.
    pub overwrite: Overwrite,
    /// Replications' results held in memory at most, about (see
    /// [`batch_points`]); [`ROWS_PER_BATCH`] unless testing. The files do
    /// not depend on it.
    pub rows_per_batch: usize,
    /// How the CSV files are written (plain, or for Dutch Excel).
    pub csv: CsvDialect,
}

impl SweepOptions {
    /// Options with the default batch size.
    pub fn new(threads: usize, overwrite: Overwrite) -> Self {
        Self {
            threads,
            overwrite,
            rows_per_batch: ROWS_PER_BATCH,
            csv: CsvDialect::Plain,
        }
    }
}

/// What a finished sweep reports back.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSummary {
    /// Per point, one [`RunningMoments`] per metric of [`METRICS`].
    pub points: Vec<Vec<RunningMoments>>,
    /// Replications per point.
    pub replications: u64,
    /// Threads in the pool that ran them.
    pub threads: usize,
}

/// Resume an interrupted sweep, and/or run one shard of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SweepMode {
    /// Finish the unfinished sweep kept in `.DIR.partial/` (`--resume`).
    pub resume: bool,
    /// Run only this shard of the jobs and leave a shard folder (`--shard K/N`).
    pub shard: Option<Shard>,
}

/// What a sweep into a folder did.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepOutcome {
    /// The summary (of the shard's jobs only, for a shard: its `points`
    /// are then empty).
    pub summary: SweepSummary,
    /// Whether an unfinished sweep was resumed.
    pub resumed: bool,
    /// Jobs found already recorded.
    pub recovered: u64,
    /// Jobs run now.
    pub ran: u64,
    /// The partial folder the work was kept in.
    pub partial: PathBuf,
    /// `--resume` found nothing unfinished and the output folder already
    /// holds this sweep's finished output: nothing was run or written.
    pub already_complete: bool,
}

/// The contents of a sweep's `manifest.toml`.
///
/// `resolved_scenario` is the exact text that was hashed, `[sweep]` table
/// included, so the sweep can be re-run from the manifest alone. How the
/// sweep was run (threads, resumed, merged) is in `run-info.toml`, so the
/// manifest, like the CSV files, is the same however it was run. A shard
/// folder's manifest also says which shard it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    /// `CARGO_PKG_VERSION` of the buurtsim that wrote the folder.
    pub buurtsim_version: String,
    /// Always `sweep`, to tell this folder from a `run` folder.
    pub kind: String,
    /// Identifier (the file stem).
    pub scenario_id: String,
    /// The scenario's `name`.
    pub scenario_name: String,
    /// Where the scenario came from.
    pub source: String,
    /// `grid` or `lhs`.
    pub method: String,
    /// Master seed of every simulation, equal at every point.
    pub seed: u64,
    /// Seed of the Latin-hypercube sample (absent for a grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_seed: Option<u64>,
    /// Number of points (`point` 0 to points - 1).
    pub points: u64,
    /// Replications per point (indices `0..replications` at every point).
    pub replications: u64,
    /// `K/N` in a shard folder; absent in a finished sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// `fnv1a64:` + 16 hex digits: FNV-1a 64 of `resolved_scenario`'s bytes.
    pub input_hash: String,
    /// Number of metrics (the last columns of `replications.csv`).
    pub metrics: usize,
    /// The swept parameter paths: the columns after `point`.
    pub parameters: Vec<String>,
    /// The fully resolved scenario, `[sweep]` included, as TOML text.
    pub resolved_scenario: String,
}

impl SweepManifest {
    /// The manifest of a sweep, or of shard `shard` of it.
    pub fn new(input: &SweepInput, shard: Option<Shard>) -> Self {
        let plan = &input.plan;
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            kind: "sweep".to_string(),
            scenario_id: input.id.clone(),
            scenario_name: plan.base().name.clone(),
            source: input.source.clone(),
            method: match plan.method {
                SweepMethod::Grid => "grid",
                SweepMethod::Lhs => "lhs",
            }
            .to_string(),
            seed: plan.seed,
            design_seed: plan.design_seed,
            points: plan.len() as u64,
            replications: u64::from(plan.replications),
            shard: shard.map(|s| s.to_string()),
            input_hash: input_hash(&input.resolved_toml),
            metrics: METRICS.len(),
            parameters: plan.parameters.iter().map(|p| p.name.clone()).collect(),
            resolved_scenario: input.resolved_toml.clone(),
        }
    }

    /// Read a sweep manifest.
    pub fn read(path: &Path) -> Result<Self, OutputError> {
        let unreadable = |reason: String| OutputError::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        let text = read_manifest_text(path).map_err(|e| unreadable(e.to_string()))?;
        super::toml_error::parse(path, &text, super::toml_error::REWRITE)
    }

    /// The first field in which `other` differs, as (field, this, other).
    pub fn difference(&self, other: &SweepManifest) -> Option<(String, String, String)> {
        let table = |m: &SweepManifest| toml::Table::try_from(m).expect("a manifest is a table");
        let (a, b) = (table(self), table(other));
        let show = |v: Option<&toml::Value>| v.map_or("none".to_string(), |v| v.to_string());
        // The hash and the resolved text change with any other field:
        // name them only when nothing more telling differs.
        let last = |k: &&String| matches!(k.as_str(), "input_hash" | "resolved_scenario");
        let mut keys: Vec<&String> = a
            .keys()
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
            .collect();
        keys.sort_by_key(|k| last(k));
        keys.into_iter()
            .find(|k| a.get(*k) != b.get(*k))
            .map(|k| (k.clone(), show(a.get(k)), show(b.get(k))))
    }

    /// The TOML text of the manifest.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a manifest always serialises");
        format!(
            "# Written by buurtsim {}. Do not edit.\n{body}",
            self.buurtsim_version
        )
    }

    /// The identity the sweep's record rows are sealed for.
    pub fn record_identity(&self) -> RecordIdentity {
        sweep_identity(&self.input_hash, self.seed, &self.scenario_id)
    }
}

/// A CSV file in the staging folder (which is itself swapped in atomically).
struct Csv {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

impl Csv {
    fn create(path: PathBuf, header: &[String]) -> Result<Self, OutputError> {
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
        let file = File::create(&path).map_err(|e| OutputError::io(&path, e))?;
        let mut csv = Self {
            writer: csv::Writer::from_writer(BufWriter::new(file)),
            path,
        };
        csv.row(header)?;
        Ok(csv)
    }

    fn row<I, T>(&mut self, fields: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(fields)
            .map_err(|e| OutputError::csv(&self.path, e))
    }

    fn finish(self) -> Result<(), OutputError> {
        let path = self.path;
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
        let buffered = self
            .writer
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        let mut file = buffered
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        file.flush().map_err(|e| OutputError::io(&path, e))?;
        file.sync_all().map_err(|e| OutputError::io(&path, e))
    }
}

/// The header of `replications.csv`.
pub fn replications_header(plan: &SweepPlan) -> Vec<String> {
    std::iter::once("point".to_string())
        .chain(plan.parameters.iter().map(|p| p.name.clone()))
        .chain(std::iter::once("replication".to_string()))
        .chain(METRICS.iter().map(|m| m.name.to_string()))
        .collect()
}

/// The header of `points.csv`.
pub fn points_header(plan: &SweepPlan) -> Vec<String> {
    std::iter::once("point".to_string())
        .chain(plan.parameters.iter().map(|p| p.name.clone()))
        .chain(
            ["metric", "unit", "mean", "sd", "ci_low", "ci_high", "n"]
                .iter()
                .map(|s| s.to_string()),
        )
        .collect()
}

/// `point` and the swept values of point `i`, formatted.
fn point_fields(plan: &SweepPlan, i: usize) -> Vec<String> {
    std::iter::once(i.to_string())
        .chain(plan.points[i].iter().map(|&x| csv_f64(x)))
        .collect()
}

/// Appends every result of a batch of points to the sweep's records.
struct RecordSink<'a> {
    writer: &'a mut SweepRecordWriter,
    /// Point index of the batch's first run.
    first: usize,
}

impl ReplicationSink for RecordSink<'_> {
    type Error = OutputError;
    fn accept(&mut self, run: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        self.writer
            .append(self.first + run, r.replication, &r.metrics)
    }
}

/// Points per batch for `replications` replications per point, with at
/// most about `rows_per_batch` results in memory: whole points, at least one.
pub fn batch_points(replications: u64, rows_per_batch: usize) -> usize {
    (rows_per_batch as u64 / replications.max(1)).max(1) as usize
}

/// Run every point of the sweep (or one shard of its jobs), replications
/// `0..plan.replications` each with the same seed, and write
/// `dir/{replications.csv, points.csv, manifest.toml, run-info.toml}` (or,
/// for a shard, the shard folder). The target is checked before any work;
/// see the module documentation for resume and shards.
pub fn sweep_to_folder(
    dir: &Path,
    input: &SweepInput,
    options: SweepOptions,
    mode: SweepMode,
    progress: &dyn Progress,
) -> Result<SweepOutcome, OutputError> {
    let plan = &input.plan;
    let reps = u64::from(plan.replications);
    let slice = mode
        .shard
        .unwrap_or(Shard::new(1, 1).expect("1/1 is a shard"));
    // One process per output, and what a killed one left tidied first.
    let _lock = super::target::prepare(dir)?;
    let manifest = SweepManifest::new(input, mode.shard);
    let partial = partial_path(dir)?;
    let state = partial_state(dir, &partial, MANIFEST_TOML, mode.resume, options.overwrite)?;
    if state == Partial::Resume {
        let old = SweepManifest::read(&partial.join(MANIFEST_TOML))?;
        if let Some((field, a, b)) = old.difference(&manifest) {
            let hint = if matches!(field.as_str(), "input_hash" | "resolved_scenario") {
                " (the scenario file or an option such as --replications changed)"
            } else {
                ""
            };
            return Err(OutputError::Refused {
                reason: format!(
                    "cannot resume the unfinished sweep in {}: `{field}` differs{hint}: the \
                     unfinished sweep has {a}, this command has {b}; resume with the same file \
                     and options, or run without --resume and with --force to discard it and \
                     start over",
                    partial.display()
                ),
            });
        }
    }
    // A resumed sweep whose output was already moved into place (killed
    // just before the partial folder was deleted) rewrites the same bytes.
    let overwrite = if state == Partial::Resume
        && read_manifest_text(&dir.join(MANIFEST_TOML)).is_ok_and(|t| t == manifest.to_toml())
    {
        Overwrite::Replace
    } else {
        options.overwrite
    };
    if state == Partial::Fresh
        && mode.resume
        && dir.join(super::ownership::MARKER).is_file()
        && read_manifest_text(&dir.join(MANIFEST_TOML)).is_ok_and(|t| t == manifest.to_toml())
    {
        return Ok(SweepOutcome {
            summary: SweepSummary {
                points: Vec::new(),
                replications: reps,
                threads: 0,
            },
            resumed: false,
            recovered: 0,
            ran: 0,
            partial,
            already_complete: true,
        });
    }
    check_target(dir, overwrite)?;
    if state == Partial::Discard {
        remove_own_dir(&partial)?;
    }

    let records = partial.join(SWEEP_RECORDS_FILE);
    let (mut writer, done) = if state == Partial::Resume {
        let identity = manifest.record_identity();
        SweepRecordWriter::recover(&records, identity, shard_jobs(plan.len(), reps, slice))?
    } else {
        create_dir(&partial)?;
        let writer = SweepRecordWriter::create(&records, manifest.record_identity())?;
        // Last: a partial folder without its manifest is an interrupted start.
        write_atomic(&partial.join(MANIFEST_TOML), manifest.to_toml().as_bytes())?;
        (writer, 0)
    };
    for _ in 0..done {
        progress.replication_done();
    }

    let runner =
        Runner::new(options.threads).map_err(|e| OutputError::ThreadPool(e.to_string()))?;
    let threads = runner.threads();
    let per_batch = batch_points(reps, options.rows_per_batch);
    let mut todo = shard_jobs(plan.len(), reps, slice)
        .skip(done as usize)
        .peekable();
    let mut ran = 0;
    while let Some(&(first, _)) = todo.peek() {
        let end = plan.len().min(first + per_batch);
        let mut jobs = Vec::new();
        while let Some(&(p, r)) = todo.peek() {
            if p >= end {
                break;
            }
            jobs.push((p - first, r));
            todo.next();
        }
        ran += jobs.len() as u64;
        let runs = plan.runs(first..end);
        let mut sink = RecordSink {
            writer: &mut writer,
            first,
        };
        runner.run_jobs_with(run_replication, &runs, jobs, progress, &mut sink)?;
    }
    writer.sync()?;
    drop(writer);

    let info = RunInfo {
        buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
        command: "sweep".to_string(),
        threads: Some(threads),
        resumed: state == Partial::Resume,
        merged_from: Vec::new(),
        stopping_rule: None,
        // A shard folder holds records only; its CSV style is the merge's.
        csv: csv_name(options.csv).filter(|_| mode.shard.is_none()),
    };
    let mut reader = SweepRecordReader::open(&records, manifest.record_identity())?;
    let summary = if mode.shard.is_some() {
        // A shard folder is its records: check them through, then move it.
        for (p, r) in shard_jobs(plan.len(), reps, slice) {
            reader.expect(p, r)?;
        }
        reader.finish()?;
        info.write(&partial)?;
        write_marker(&partial, OutputKind::SweepShard)?;
        swap_dir_into(&partial, dir, overwrite)?;
        SweepSummary {
            points: Vec::new(),
            replications: reps,
            threads,
        }
    } else {
        let staged = StagedDir::create(dir, overwrite, OutputKind::Sweep)?;
        let summary = write_sweep_outputs(staged.path(), plan, &manifest, threads, |p, r| {
            reader.expect(p, r)
        })?;
        reader.finish()?;
        finish_output(staged, options.csv, &info, Some(&partial))?;
        summary
    };
    Ok(SweepOutcome {
        summary,
        resumed: state == Partial::Resume,
        recovered: done,
        ran,
        partial,
        already_complete: false,
    })
}

/// Write `replications.csv`, `points.csv` and `manifest.toml` into `dir`
/// (a staging folder) from the stored results, asked for point by point,
/// replication by replication: `next(point, replication)`. The one function
/// that writes a sweep's files, for a whole, resumed or merged sweep alike.
fn write_sweep_outputs(
    dir: &Path,
    plan: &SweepPlan,
    manifest: &SweepManifest,
    threads: usize,
    mut next: impl FnMut(usize, u64) -> Result<Vec<f64>, OutputError>,
) -> Result<SweepSummary, OutputError> {
    let reps = u64::from(plan.replications);
    let mut rows = Csv::create(dir.join(REPLICATIONS_CSV), &replications_header(plan))?;
    let mut points_csv = Csv::create(dir.join(POINTS_CSV), &points_header(plan))?;
    let mut points = Vec::with_capacity(plan.len());
    for p in 0..plan.len() {
        let fields = point_fields(plan, p);
        let mut moments = vec![RunningMoments::new(); METRICS.len()];
        for r in 0..reps {
            let metrics = next(p, r)?;
            let mut row = fields.clone();
            row.push(r.to_string());
            row.extend(metrics.iter().map(|&x| csv_f64(x)));
            rows.row(row)?;
            for (m, &x) in moments.iter_mut().zip(&metrics) {
                m.push(x);
            }
        }
        for (def, m) in METRICS.iter().zip(&moments) {
            points_csv.row(fields.iter().cloned().chain(moment_fields(def, m)))?;
        }
        points.push(moments);
    }
    rows.finish()?;
    points_csv.finish()?;
    write_atomic(&dir.join(MANIFEST_TOML), manifest.to_toml().as_bytes())?;
    Ok(SweepSummary {
        points,
        replications: reps,
        threads,
    })
}

/// Whether `dir` is a sweep's output or shard folder (its manifest says
/// `kind = "sweep"`), as opposed to a `run`'s.
pub fn is_sweep_folder(dir: &Path) -> bool {
    read_manifest_text(&dir.join(MANIFEST_TOML))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|t| t.get("kind").and_then(|k| k.as_str()) == Some("sweep"))
}

/// What merging a sweep's shards produced.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepMergeOutcome {
    /// The merged sweep's manifest.
    pub manifest: SweepManifest,
    /// Its summary.
    pub summary: SweepSummary,
    /// Number of shard folders joined.
    pub shards: usize,
}

/// `buurtsim merge` for sweeps: join the shard folders of one sweep
/// (written by `buurtsim sweep --shard K/N`) into exactly the output of
/// the whole sweep on one machine. Refuses shards of different sweeps
/// (naming the manifest field that differs), a shard given twice and a
/// missing shard.
pub fn merge_sweep_shards(
    shards: &[PathBuf],
    out: &Path,
    overwrite: Overwrite,
    csv: CsvDialect,
) -> Result<SweepMergeOutcome, OutputError> {
    // One process per output, and what a killed one left tidied first.
    let _lock = super::target::prepare(out)?;
    let refused = |reason: String| OutputError::Refused { reason };
    let mut folders = Vec::with_capacity(shards.len());
    for path in shards {
        let manifest = SweepManifest::read(&path.join(MANIFEST_TOML))?;
        let shard = manifest
            .shard
            .as_deref()
            .ok_or_else(|| {
                refused(format!(
                    "{} is a finished sweep, not a shard folder; merge the folders written by \
                     `buurtsim sweep ... --shard K/N`",
                    path.display()
                ))
            })?
            .parse::<Shard>()
            .map_err(|e| {
                refused(format!(
                    "{}: the manifest's `shard`: {e}",
                    path.join(MANIFEST_TOML).display()
                ))
            })?;
        folders.push((path, manifest, shard));
    }
    let Some((first_path, first, first_shard)) = folders.first() else {
        return Err(refused("no shard folders to merge".to_string()));
    };
    for (path, manifest, shard) in &folders[1..] {
        let same_shard = SweepManifest {
            shard: first.shard.clone(),
            ..manifest.clone()
        };
        let field = first.difference(&same_shard).or_else(|| {
            (shard.n() != first_shard.n()).then(|| {
                (
                    "shards".to_string(),
                    first_shard.n().to_string(),
                    shard.n().to_string(),
                )
            })
        });
        if let Some((field, a, b)) = field {
            return Err(refused(format!(
                "cannot merge shards of different sweeps: `{field}` differs: shard {first_shard} \
                 ({}) has {a}, shard {shard} ({}) has {b}; merge the shards of one sweep (same \
                 scenario file, seed, replications, number of shards and buurtsim version)",
                first_path.display(),
                path.display()
            )));
        }
    }
    let n = first_shard.n() as usize;
    let mut by_k: Vec<Option<&Path>> = vec![None; n];
    for (path, _, shard) in &folders {
        let slot = &mut by_k[shard.k() as usize - 1];
        if let Some(seen) = slot {
            return Err(refused(format!(
                "shard {shard} is given twice: {} and {}",
                seen.display(),
                path.display()
            )));
        }
        *slot = Some(path.as_path());
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| by_k[k - 1].is_none())
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(refused(format!(
            "cannot merge: shard {} of the sweep is missing; merge all {n} shard folders",
            missing.join(", ")
        )));
    }
    let by_k: Vec<&Path> = by_k.into_iter().flatten().collect();

    // Rebuild the plan from the manifest's resolved scenario (the design is
    // deterministic in it), and check it is the one the shards ran.
    let scenario = crate::scenario::load_str("manifest.toml", &first.resolved_scenario)
        .map_err(|e| refused(format!("{}: {e}", first_path.join(MANIFEST_TOML).display())))?;
    let plan = SweepPlan::new(&scenario)
        .map_err(|e| refused(format!("{}: {e}", first_path.join(MANIFEST_TOML).display())))?;
    let manifest = SweepManifest {
        shard: None,
        ..first.clone()
    };
    if plan.len() as u64 != manifest.points || u64::from(plan.replications) != manifest.replications
    {
        return Err(refused(format!(
            "{}: the resolved scenario gives {} points x {} replications, the manifest says {} \
             x {}; was it edited?",
            first_path.join(MANIFEST_TOML).display(),
            plan.len(),
            plan.replications,
            manifest.points,
            manifest.replications
        )));
    }

    check_target(out, overwrite)?;
    let mut readers = by_k
        .iter()
        .map(|p| SweepRecordReader::open(&p.join(SWEEP_RECORDS_FILE), manifest.record_identity()))
        .collect::<Result<Vec<_>, _>>()?;
    let staged = StagedDir::create(out, overwrite, OutputKind::Sweep)?;
    let reps = u64::from(plan.replications);
    let summary = write_sweep_outputs(staged.path(), &plan, &manifest, 0, |p, r| {
        let job = p as u64 * reps + r;
        readers[(job % n as u64) as usize].expect(p, r)
    })?;
    readers
        .into_iter()
        .try_for_each(SweepRecordReader::finish)?;
    let info = RunInfo {
        buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
        command: "merge".to_string(),
        threads: None,
        resumed: false,
        merged_from: by_k.iter().map(|p| p.display().to_string()).collect(),
        stopping_rule: None,
        csv: csv_name(csv),
    };
    finish_output(staged, csv, &info, None)?;
    Ok(SweepMergeOutcome {
        manifest,
        summary,
        shards: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_hold_whole_points_and_a_bounded_number_of_rows() {
        assert_eq!(batch_points(10, ROWS_PER_BATCH), 409);
        assert_eq!(batch_points(4096, ROWS_PER_BATCH), 1);
        assert_eq!(batch_points(1_000_000, ROWS_PER_BATCH), 1);
        assert_eq!(batch_points(0, ROWS_PER_BATCH), ROWS_PER_BATCH);
        assert_eq!(batch_points(3, 1), 1);
    }
}
