//! The records and files of a sweep into an output folder:
//! `replications.csv`, `points.csv` and `manifest.toml` ([`SweepFolder`],
//! following the protocol of [`super::partial`]; the jobs are run by
//! [`crate::experiment::run_store`], not here).
//!
//! - `replications.csv`: one row per point and replication, in that order:
//!   `point`, one column per swept parameter (its path), `replication`,
//!   then every metric of [`METRICS`].
//! - `points.csv`: tidy, one row per point and metric:
//!   `point, <swept parameters...>, metric, unit, mean, sd, ci_low, ci_high, n`
//!   (95% Student-t interval of the mean over the point's replications).
//! - `manifest.toml`: [`SweepManifest`].
//! - `skipped-regions.csv` (a sweep over `population.cbs.region =
//!   "all-wijken"` only): `region,reason`, one row per wijk of the file
//!   that was left out because it cannot run, so none is lost silently.
//!
//! In a sweep over regions the `population.cbs.region` column of
//! `replications.csv` and `points.csv` holds the region's code
//! (`WK036300`), not a number.
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
//! shards' records with the same function ([`super::merge::merge_sweep_shards`]): the
//! files are byte-identical whatever the thread count, an interruption or
//! the shard split. Points are set up in batches of whole points, so memory
//! holds at most about [`ROWS_PER_BATCH`] jobs' scenarios and results
//! whatever the size of the sweep, and the output is streamed from the
//! records in job order (point by point).

use super::atomic::{write_atomic, Overwrite};
use super::csvfiles::moment_fields;
use super::dialect::CsvDialect;
use super::format::csv_f64;
use super::layout;
use super::manifest::read_manifest_text;
use super::partial::{Opened, Started, State, Unfinished, WorkDone, SWEEP};
use super::run_info::RunInfo;
use super::staged_csv::Csv;
pub(crate) use super::sweep_manifest::{regions_hash, regions_of};
pub use super::sweep_manifest::{SweepInput, SweepManifest, SweepSummary};
use super::sweep_records::{shard_jobs, SweepRecordReader, SweepRecordWriter};
use super::OutputError;
use crate::experiment::sweep::{SweepPlan, SweptValue};
use crate::experiment::{Batch, JobStore, ReplicationSink, Shard};
use crate::model::{ReplicationResult, METRICS};
use crate::stats::RunningMoments;
use std::iter::Peekable;
use std::path::Path;

/// Replications (point x replication results) held in memory at most, about:
/// a batch has `max(1, ROWS_PER_BATCH / replications)` points.
pub const ROWS_PER_BATCH: usize = 4096;

/// How to write a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepOptions {
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
    pub fn new(overwrite: Overwrite) -> Self {
        Self {
            overwrite,
            rows_per_batch: ROWS_PER_BATCH,
            csv: CsvDialect::Plain,
        }
    }
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
    /// What was resumed and run: jobs.
    pub work: WorkDone,
}

/// The header of `replications.csv`: `scenario` first (the sweep's
/// scenario id, the same on every row, so a sweep's rows stack with a
/// `run`'s; `point` and the swept values say which point), then `point`,
/// the swept parameters, `replication` and the metrics.
pub fn replications_header(plan: &SweepPlan) -> Vec<String> {
    ["scenario", "point"]
        .into_iter()
        .map(str::to_string)
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

/// `point` and the swept values of point `i`, formatted (a region as its
/// code).
fn point_fields(plan: &SweepPlan, i: usize) -> Vec<String> {
    std::iter::once(i.to_string())
        .chain((0..plan.parameters.len()).map(|j| match plan.value(i, j) {
            SweptValue::Number(x) => csv_f64(x),
            SweptValue::Region(code) => code.to_string(),
        }))
        .collect()
}

/// `skipped-regions.csv` of a sweep over `"all-wijken"` (header only when
/// every wijk ran); nothing for any other sweep.
fn write_skipped_regions(dir: &Path, plan: &SweepPlan) -> Result<(), OutputError> {
    let Some(regions) = plan.regions.as_ref().filter(|r| r.all_wijken) else {
        return Ok(());
    };
    let header = ["region".to_string(), "reason".to_string()];
    let mut csv = Csv::create(dir.join(layout::SKIPPED_REGIONS), &header)?;
    for skipped in &regions.skipped {
        csv.row([&skipped.code, &skipped.reason])?;
    }
    csv.finish()
}

/// Points per batch for `replications` replications per point, with at
/// most about `rows_per_batch` results in memory: whole points, at least one.
pub fn batch_points(replications: u64, rows_per_batch: usize) -> usize {
    (rows_per_batch as u64 / replications.max(1)).max(1) as usize
}

/// A sweep's records in its partial folder, ready to take the jobs not yet
/// recorded: open it, run it with [`crate::experiment::run_store`] (which
/// asks for the batches of whole points and finishes it).
pub struct SweepFolder<'a> {
    started: Started,
    input: &'a SweepInput,
    options: SweepOptions,
    shard: Option<Shard>,
    slice: Shard,
    manifest: SweepManifest,
    writer: SweepRecordWriter,
    /// The jobs not yet run, in job order.
    todo: Peekable<Box<dyn Iterator<Item = (usize, u64)> + Send>>,
    /// Point index of the current batch's first run.
    first: usize,
    recovered: u64,
    ran: u64,
    synced: bool,
}

impl<'a> SweepFolder<'a> {
    /// Open a sweep of every point (or one shard of its jobs), replications
    /// `0..plan.replications` each with the same seed, into `dir`. Finished,
    /// it has written `dir/{replications.csv, points.csv, manifest.toml,
    /// run-info.toml}` (or, for a shard, the shard folder). The target is
    /// checked before any work; see the module documentation for resume and
    /// shards.
    pub fn open(
        dir: &Path,
        input: &'a SweepInput,
        options: SweepOptions,
        mode: SweepMode,
    ) -> Result<Opened<Self, SweepOutcome>, OutputError> {
        let plan = &input.plan;
        let reps = u64::from(plan.replications);
        let slice = mode
            .shard
            .unwrap_or(Shard::new(1, 1).expect("1/1 is a shard"));
        let unfinished = Unfinished::lock(dir, SWEEP)?;
        let manifest = SweepManifest::new(input, mode.shard);
        let state = unfinished.inspect(mode.resume, options.overwrite)?;
        if state == State::Resume {
            let old = SweepManifest::read(&unfinished.partial().join(layout::MANIFEST))?;
            if let Some((field, a, b)) = old.difference(&manifest) {
                return Err(unfinished.mismatch(&field, None, &a, &b));
            }
        }
        let partial = unfinished.partial().to_path_buf();
        let text = manifest.to_toml();
        let holds =
            |d: &Path| read_manifest_text(&d.join(layout::MANIFEST)).is_ok_and(|t| t == text);
        let Some(started) = unfinished.start(state, mode.resume, options.overwrite, holds)? else {
            return Ok(Opened::Complete(SweepOutcome {
                summary: SweepSummary {
                    points: Vec::new(),
                    replications: reps,
                    threads: 0,
                },
                work: WorkDone::already_complete(partial),
            }));
        };
        let records = started.partial().join(layout::RECORDS);
        let identity = manifest.record_identity();
        let (writer, done) = if started.resumed() {
            SweepRecordWriter::recover(&records, identity, shard_jobs(plan.len(), reps, slice))?
        } else {
            let writer = SweepRecordWriter::create(&records, identity)?;
            // Last: a partial folder without its manifest is an interrupted start.
            write_atomic(&started.partial().join(layout::MANIFEST), text.as_bytes())?;
            (writer, 0)
        };
        let todo: Box<dyn Iterator<Item = (usize, u64)> + Send> =
            Box::new(shard_jobs(plan.len(), reps, slice).skip(done as usize));
        Ok(Opened::Ready(Self {
            started,
            input,
            options,
            shard: mode.shard,
            slice,
            manifest,
            writer,
            todo: todo.peekable(),
            first: 0,
            recovered: done,
            ran: 0,
            synced: false,
        }))
    }
}

impl ReplicationSink for SweepFolder<'_> {
    type Error = OutputError;
    fn accept(&mut self, run: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        self.writer
            .append(self.first + run, r.replication, &r.metrics)
    }
}

impl JobStore for SweepFolder<'_> {
    type Outcome = SweepOutcome;

    fn recovered(&self) -> u64 {
        self.recovered
    }

    /// The jobs of the next batch of whole points (see [`batch_points`]).
    fn next_batch(&mut self) -> Result<Option<Batch>, OutputError> {
        let plan = &self.input.plan;
        let Some(&(first, _)) = self.todo.peek() else {
            if !self.synced {
                self.writer.sync()?;
                self.synced = true;
            }
            return Ok(None);
        };
        let per_batch = batch_points(u64::from(plan.replications), self.options.rows_per_batch);
        let end = plan.len().min(first + per_batch);
        let mut jobs = Vec::new();
        while let Some(&(p, r)) = self.todo.peek() {
            if p >= end {
                break;
            }
            jobs.push((p - first, r));
            self.todo.next();
        }
        self.ran += jobs.len() as u64;
        self.first = first;
        Ok(Some(Batch {
            runs: plan.runs(first..end),
            jobs: Box::new(jobs.into_iter()),
        }))
    }

    fn finish(self, threads: usize) -> Result<SweepOutcome, OutputError> {
        let Self {
            started,
            input,
            options,
            shard,
            slice,
            manifest,
            writer,
            recovered,
            ran,
            ..
        } = self;
        drop(writer);
        let plan = &input.plan;
        let reps = u64::from(plan.replications);
        let resumed = started.resumed();
        let info = RunInfo::ran("sweep", threads, resumed, options.csv, shard.is_some());
        let records = started.partial().join(layout::RECORDS);
        let mut reader = SweepRecordReader::open(&records, manifest.record_identity())?;
        let (summary, partial) = if shard.is_some() {
            // A shard folder is its records: check them through, then move it.
            for (p, r) in shard_jobs(plan.len(), reps, slice) {
                reader.expect(p, r)?;
            }
            reader.finish()?;
            let summary = SweepSummary {
                points: Vec::new(),
                replications: reps,
                threads,
            };
            (summary, started.finish_shard(&info)?)
        } else {
            started.finish(options.csv, &info, |staged| {
                let summary = write_sweep_outputs(staged, plan, &manifest, threads, |p, r| {
                    reader.expect(p, r)
                })?;
                reader.finish()?;
                Ok(summary)
            })?
        };
        Ok(SweepOutcome {
            summary,
            work: WorkDone {
                resumed,
                recovered,
                ran,
                partial,
                already_complete: false,
            },
        })
    }
}

/// Write `replications.csv`, `points.csv`, `skipped-regions.csv` (a sweep
/// over `"all-wijken"`) and `manifest.toml` into `dir`
/// (a staging folder) from the stored results, asked for point by point,
/// replication by replication: `next(point, replication)`. The one function
/// that writes a sweep's files, for a whole, resumed or merged sweep alike.
pub(crate) fn write_sweep_outputs(
    dir: &Path,
    plan: &SweepPlan,
    manifest: &SweepManifest,
    threads: usize,
    mut next: impl FnMut(usize, u64) -> Result<Vec<f64>, OutputError>,
) -> Result<SweepSummary, OutputError> {
    if let Some(design) = plan.design() {
        return super::sensitivity::write_sensitivity_outputs(
            dir, plan, design, manifest, threads, next,
        );
    }
    let reps = u64::from(plan.replications);
    let mut rows = Csv::create(dir.join(layout::REPLICATIONS), &replications_header(plan))?;
    let mut points_csv = Csv::create(dir.join(layout::POINTS), &points_header(plan))?;
    let mut points = Vec::with_capacity(plan.len());
    for p in 0..plan.len() {
        let fields = point_fields(plan, p);
        let mut moments = vec![RunningMoments::new(); METRICS.len()];
        for r in 0..reps {
            let metrics = next(p, r)?;
            let mut row = Vec::with_capacity(fields.len() + 2 + metrics.len());
            row.push(manifest.scenario_id.clone());
            row.extend(fields.iter().cloned());
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
    write_skipped_regions(dir, plan)?;
    write_atomic(&dir.join(layout::MANIFEST), manifest.to_toml().as_bytes())?;
    Ok(SweepSummary {
        points,
        replications: reps,
        threads,
    })
}

/// The `kind` a folder's manifest states (`sweep`, `sensitivity`), if any.
fn manifest_kind(dir: &Path) -> Option<String> {
    read_manifest_text(&dir.join(layout::MANIFEST))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|t| t.get("kind").and_then(|k| k.as_str()).map(str::to_string))
}

/// Whether `dir` is a sweep's output or shard folder (its manifest says
/// `kind = "sweep"`, or `"sensitivity"`: a sensitivity analysis is a sweep
/// with a design), as opposed to a `run`'s.
pub fn is_sweep_folder(dir: &Path) -> bool {
    manifest_kind(dir).is_some_and(|k| k == "sweep" || k == "sensitivity")
}

/// Whether `dir` is a sensitivity analysis's output or shard folder.
pub fn is_sensitivity_folder(dir: &Path) -> bool {
    manifest_kind(dir).is_some_and(|k| k == "sensitivity")
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
