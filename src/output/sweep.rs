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
//! Points run in batches of whole points, each batch through
//! [`Runner::run`] (replications in parallel, folded in order), so memory
//! holds at most about [`ROWS_PER_BATCH`] replications' results whatever
//! the size of the sweep (one point at a time when a point alone has more
//! replications than that: its rows then stream straight to the file). The batch size depends only on the number of
//! replications, never on the thread count, and rows are written in
//! (point, replication) order, so the files are byte-identical for any
//! thread count. Everything is written into a staging folder that replaces
//! the target only when the sweep is complete (see [`StagedDir`]).

use super::atomic::{write_atomic, Overwrite, StagedDir};
use super::compare::LEVEL;
use super::format::{csv_f64, input_hash};
use super::OutputError;
use crate::experiment::sweep::SweepPlan;
use crate::experiment::{Progress, ReplicationSink, Runner};
use crate::model::{ReplicationResult, METRICS};
use crate::scenario::SweepMethod;
use crate::stats::{t_interval, RunningMoments};
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
}

impl SweepOptions {
    /// Options with the default batch size.
    pub fn new(threads: usize, overwrite: Overwrite) -> Self {
        Self {
            threads,
            overwrite,
            rows_per_batch: ROWS_PER_BATCH,
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

/// The contents of a sweep's `manifest.toml`.
///
/// `resolved_scenario` is the exact text that was hashed, `[sweep]` table
/// included, so the sweep can be re-run from the manifest alone. `threads`
/// is recorded for the record only: the CSV files do not depend on it.
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
    /// Worker threads used.
    pub threads: usize,
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
    /// The manifest of a sweep run on `threads` threads.
    pub fn new(input: &SweepInput, threads: usize) -> Self {
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
            threads,
            input_hash: input_hash(&input.resolved_toml),
            metrics: METRICS.len(),
            parameters: plan.parameters.iter().map(|p| p.name.clone()).collect(),
            resolved_scenario: input.resolved_toml.clone(),
        }
    }

    /// The TOML text of the manifest.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a manifest always serialises");
        format!(
            "# Written by buurtsim {}. Do not edit.\n{body}",
            self.buurtsim_version
        )
    }
}

/// A CSV file in the staging folder (which is itself swapped in atomically).
struct Csv {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

impl Csv {
    fn create(path: PathBuf, header: &[String]) -> Result<Self, OutputError> {
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
            .map_err(|e| OutputError::io(&self.path, e.into()))
    }

    fn finish(self) -> Result<(), OutputError> {
        let path = self.path;
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

/// Receives one batch's results in the runner's order (replication by
/// replication, every point within one) and writes them point by point.
/// A batch of one point arrives in file order already and is streamed
/// straight through; larger batches hold at most [`ROWS_PER_BATCH`] rows.
struct BatchRows<'a> {
    csv: &'a mut Csv,
    plan: &'a SweepPlan,
    first: usize,
    held: Vec<Vec<Vec<String>>>,
}

impl BatchRows<'_> {
    fn record(&self, point: usize, r: &ReplicationResult) -> Vec<String> {
        let mut row = point_fields(self.plan, point);
        row.push(r.replication.to_string());
        row.extend(r.metrics.iter().map(|&x| csv_f64(x)));
        row
    }

    fn finish(self) -> Result<(), OutputError> {
        for rows in self.held {
            for row in rows {
                self.csv.row(row)?;
            }
        }
        Ok(())
    }
}

impl ReplicationSink for BatchRows<'_> {
    type Error = OutputError;
    fn accept(&mut self, scenario: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        let row = self.record(self.first + scenario, r);
        if self.held.len() == 1 {
            self.csv.row(row)
        } else {
            self.held[scenario].push(row);
            Ok(())
        }
    }
}

/// Points per batch for `replications` replications per point, with at
/// most about `rows_per_batch` results in memory: whole points, at least one.
pub fn batch_points(replications: u64, rows_per_batch: usize) -> usize {
    (rows_per_batch as u64 / replications.max(1)).max(1) as usize
}

/// Run every point of the sweep, replications `0..plan.replications` each
/// with the same seed, and write `dir/{replications.csv, points.csv,
/// manifest.toml}`. The target is checked before any work.
pub fn sweep_to_folder(
    dir: &Path,
    input: &SweepInput,
    options: SweepOptions,
    progress: &dyn Progress,
) -> Result<SweepSummary, OutputError> {
    let staged = StagedDir::create(dir, options.overwrite)?;
    let plan = &input.plan;
    let runner =
        Runner::new(options.threads).map_err(|e| OutputError::ThreadPool(e.to_string()))?;
    let replications = u64::from(plan.replications);

    let mut rows = Csv::create(
        staged.path().join(REPLICATIONS_CSV),
        &replications_header(plan),
    )?;
    let mut points_csv = Csv::create(staged.path().join(POINTS_CSV), &points_header(plan))?;
    let mut moments = Vec::with_capacity(plan.len());
    let per_batch = batch_points(replications, options.rows_per_batch);
    let mut first = 0;
    while first < plan.len() {
        let end = plan.len().min(first + per_batch);
        let runs = plan.runs(first..end);
        let mut sink = BatchRows {
            csv: &mut rows,
            plan,
            first,
            held: vec![Vec::new(); end - first],
        };
        let summary = runner.run(&runs, replications, progress, &mut sink)?;
        sink.finish()?;
        for (k, s) in summary.scenarios.into_iter().enumerate() {
            let fields = point_fields(plan, first + k);
            for (def, m) in METRICS.iter().zip(&s.metrics) {
                let ci = t_interval(m, LEVEL);
                let mut row = fields.clone();
                row.extend([
                    def.name.to_string(),
                    def.unit.to_string(),
                    csv_f64(m.mean()),
                    csv_f64(m.sd()),
                    csv_f64(ci.low),
                    csv_f64(ci.high),
                    m.n().to_string(),
                ]);
                points_csv.row(row)?;
            }
            moments.push(s.metrics);
        }
        first = end;
    }
    rows.finish()?;
    points_csv.finish()?;

    let manifest = SweepManifest::new(input, runner.threads());
    write_atomic(
        &staged.path().join(MANIFEST_TOML),
        manifest.to_toml().as_bytes(),
    )?;
    staged.commit()?;
    Ok(SweepSummary {
        points: moments,
        replications,
        threads: runner.threads(),
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
