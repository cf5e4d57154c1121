//! Per-replication records: the stored results from which every output file
//! is rebuilt, so that an interrupted run can be resumed and shards can be
//! merged into exactly the files one uninterrupted run writes.
//!
//! # Folders
//!
//! While `buurtsim run ... -o out` runs, its work lives in the hidden folder
//! `.out.partial/` beside `out` ([`super::atomic::partial_path`]):
//!
//! ```text
//! .out.partial/
//!   plan.toml             scenarios in order, replications, shard (if any)
//!   <id>/manifest.toml    the scenario's final manifest (written first)
//!   <id>/records.csv      one row per finished replication, appended and flushed
//! ```
//!
//! When every replication is recorded, the output files are computed from
//! the records alone ([`write_outputs`]) into a staging folder that replaces
//! `out`, and `.out.partial/` is deleted:
//!
//! ```text
//! out/
//!   <id>/manifest.toml, replications.csv, summary.csv, timeseries.csv
//!   comparison.csv        (several scenarios)
//!   shift.csv             (several scenarios: the shift ledger, output::shift)
//!   run-info.toml         how it was produced (threads, resumed, merged):
//!                         the only file that is not reproducible
//! ```
//!
//! A process killed mid-run leaves `.out.partial/` behind; the same command
//! with `--resume` checks that `plan.toml` and the manifests match, keeps
//! the complete rows, runs only the missing replications and finishes as
//! above. A shard run (`--shard K/N`) runs only its slice and its finished
//! folder *is* the partial folder, moved to `-o` (with `run-info.toml`):
//! `buurtsim merge` reads the records of all shards and writes the output
//! with [`write_outputs`] too. One code path, so the bytes are the same.
//!
//! # `records.csv`
//!
//! Header `replication,events,<metric>...,<series>@<month>...`, then one row
//! per replication in ascending replication order: the replication index,
//! the events handled, every metric, then every monthly series value
//! (month 1 after warm-up first, series in [`SERIES`] order within a
//! month). Numbers are written in Rust's shortest round-trip form (`NaN`,
//! `Inf`, `-Inf` for non-finite values), so reading them back gives the
//! same `f64` bits (a NaN's payload aside, which no output shows). Each
//! row is written with one `write` call right after its replication is
//! folded; a row cut short by a kill has no final newline and is dropped
//! on resume.

use super::atomic::write_atomic;
use super::csvfiles::{write_comparison, write_summary, write_timeseries, ReplicationFiles};
use super::folders::read_folder;
use super::manifest::Manifest;
use super::shift::write_shift_csv;
use super::OutputError;
use crate::experiment::{
    ExperimentSummary, ReplicationSink, ScenarioRun, Shard, ShardError, SummaryBuilder,
};
use crate::model::{ReplicationResult, METRICS, SERIES};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Per scenario: the records of finished replications.
pub const RECORDS_FILE: &str = "records.csv";
/// Per scenario: the manifest.
pub const MANIFEST_FILE: &str = "manifest.toml";
/// In a partial or shard folder: what the run is (scenarios, replications, shard).
pub const PLAN_FILE: &str = "plan.toml";
/// In an output or shard folder: how it was produced (not reproducible).
pub const RUN_INFO_FILE: &str = "run-info.toml";

/// `plan.toml`: the experiment a partial or shard folder belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// `CARGO_PKG_VERSION` of the buurtsim that started it.
    pub buurtsim_version: String,
    /// Replications of the whole experiment (indices `0..replications`).
    pub replications: u64,
    /// `K/N` for a shard; absent for a whole run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// Scenario ids (folder names), the reference first.
    pub scenarios: Vec<String>,
    /// For a run with a stopping rule (`--precision`): the rule, in words
    /// ([`super::run::StoppingRule::describe`]). `replications` is then the
    /// batch the run has got to, and grows as it goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopping_rule: Option<String>,
}

impl Plan {
    /// The plan of a run of these scenarios.
    pub fn new(scenarios: Vec<String>, replications: u64, shard: Option<Shard>) -> Self {
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            replications,
            shard: shard.map(|s| s.to_string()),
            scenarios,
            stopping_rule: None,
        }
    }

    /// Read `dir/plan.toml`.
    pub fn read(dir: &Path) -> Result<Self, OutputError> {
        let path = dir.join(PLAN_FILE);
        let text = crate::files::read_text_bounded(&path, crate::files::TOML_LIMIT, "a plan")
            .map_err(|e| unreadable(&path, e.to_string()))?;
        super::toml_error::parse(&path, &text, super::toml_error::REWRITE)
    }

    /// Write `dir/plan.toml` atomically.
    pub fn write(&self, dir: &Path) -> Result<(), OutputError> {
        let body = toml::to_string(self).expect("a plan always serialises");
        let text = format!(
            "# The run this folder belongs to. An unfinished run (.NAME.partial) is finished\n\
             # by the same command with --resume; a shard folder is joined with `buurtsim merge`.\n\
             {body}"
        );
        write_atomic(&dir.join(PLAN_FILE), text.as_bytes())
    }

    /// The shard, parsed; `None` for a whole run.
    pub fn shard(&self) -> Result<Option<Shard>, ShardError> {
        self.shard.as_deref().map(str::parse).transpose()
    }

    /// The slice of replications this folder holds (shard 1/1 for a whole run).
    pub fn slice(&self) -> Result<Shard, ShardError> {
        Ok(self
            .shard()?
            .unwrap_or(Shard::new(1, 1).expect("1/1 is a shard")))
    }

    /// The fields in which `other` differs, as (field, this, other).
    pub fn differences(&self, other: &Plan) -> Vec<(&'static str, String, String)> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".to_string());
        [
            (
                "buurtsim_version",
                self.buurtsim_version.clone(),
                other.buurtsim_version.clone(),
            ),
            (
                "scenarios",
                self.scenarios.join(", "),
                other.scenarios.join(", "),
            ),
            // Before `replications`, which a run with a rule raises as it goes.
            (
                "stopping_rule",
                opt(&self.stopping_rule),
                opt(&other.stopping_rule),
            ),
            (
                "replications",
                self.replications.to_string(),
                other.replications.to_string(),
            ),
            ("shard", opt(&self.shard), opt(&other.shard)),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .collect()
    }
}

/// `run-info.toml`: how an output or shard folder was produced. Not part
/// of the reproducible output: every other file is identical whatever the
/// thread count, an interruption or a shard split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `CARGO_PKG_VERSION` of the buurtsim that finished it.
    pub buurtsim_version: String,
    /// `run` or `merge`.
    pub command: String,
    /// Worker threads of the (last) run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// Whether the run finished an interrupted one (`--resume`).
    #[serde(default)]
    pub resumed: bool,
    /// For `merge`: the shard folders, in shard order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// For a run with a stopping rule (`--precision`): the rule and why it
    /// stopped. The reproducible files are those of a plain run with the
    /// replications it stopped at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopping_rule: Option<StoppingInfo>,
    /// `excel-nl` when the CSV files were written for Dutch Excel
    /// (`--csv excel-nl`); absent for plain CSV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
}

/// The `[stopping_rule]` table of `run-info.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoppingInfo {
    /// Why the run stopped: `precision P reached: ...` or `max_replications reached: ...`.
    pub stopped: String,
    /// Target: 95% CI half-width below `precision` x |mean|.
    pub precision: f64,
    /// The cap on replications.
    pub max_replications: u64,
    /// Replications added per batch (the first batch too).
    pub batch: u64,
    /// The metrics whose intervals were checked.
    pub metrics: Vec<String>,
    /// Replications run (indices `0..replications`).
    pub replications: u64,
}

impl RunInfo {
    /// Write `dir/run-info.toml` atomically.
    pub fn write(&self, dir: &Path) -> Result<(), OutputError> {
        let body = toml::to_string(self).expect("run info always serialises");
        let text = format!(
            "# How this folder was produced. Not part of the reproducible output: every other\n\
             # file is byte-identical for the same scenarios, seed, replications and buurtsim\n\
             # version, whatever the thread count, an interruption (--resume) or a shard split.\n\
             {body}"
        );
        write_atomic(&dir.join(RUN_INFO_FILE), text.as_bytes())
    }
}

fn unreadable(path: &Path, reason: impl Into<String>) -> OutputError {
    OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The header row of `records.csv` for `months` months after warm-up.
pub fn records_header(months: usize) -> String {
    let mut h = String::from("replication,events");
    for m in METRICS {
        h.push(',');
        h.push_str(m.name);
    }
    for month in 1..=months {
        for s in SERIES {
            let _ = write!(h, ",{}@{month}", s.name);
        }
    }
    h.push('\n');
    h
}

fn push_f64(buf: &mut String, x: f64) {
    if x.is_nan() {
        buf.push_str("NaN");
    } else if x == f64::INFINITY {
        buf.push_str("Inf");
    } else if x == f64::NEG_INFINITY {
        buf.push_str("-Inf");
    } else {
        let _ = write!(buf, "{x}");
    }
}

/// One row of `records.csv`, newline included.
pub fn format_record(r: &ReplicationResult, buf: &mut String) {
    buf.clear();
    let _ = write!(buf, "{},{}", r.replication, r.events);
    for &x in r.metrics.iter().chain(&r.monthly) {
        buf.push(',');
        push_f64(buf, x);
    }
    buf.push('\n');
}

/// Parse one row of `records.csv` (without its newline); `None` if it is
/// not a complete row for `months` months.
pub fn parse_record(line: &str, months: usize) -> Option<ReplicationResult> {
    let mut fields = line.split(',');
    let replication = fields.next()?.parse().ok()?;
    let events = fields.next()?.parse().ok()?;
    let mut number = || -> Option<f64> { fields.next()?.parse().ok() };
    let metrics = (0..METRICS.len())
        .map(|_| number())
        .collect::<Option<Vec<f64>>>()?;
    let monthly = (0..months * SERIES.len())
        .map(|_| number())
        .collect::<Option<Vec<f64>>>()?;
    if fields.next().is_some() {
        return None;
    }
    Some(ReplicationResult {
        replication,
        metrics,
        monthly,
        events,
    })
}

/// An append-only records file (a run's or a sweep's `records.csv`): the
/// header at creation, then each row in one write straight to the file (no
/// buffer in this process, so a kill loses at most the row being written).
#[derive(Debug)]
pub(crate) struct RowFile {
    file: File,
    path: PathBuf,
}

impl RowFile {
    /// Start a new file with its `header` (replacing any old one).
    pub(crate) fn create(path: &Path, header: &str) -> Result<Self, OutputError> {
        super::fault::step(path).map_err(|e| OutputError::io(path, e))?;
        let mut file = File::create(path).map_err(|e| OutputError::io(path, e))?;
        file.write_all(header.as_bytes())
            .map_err(|e| OutputError::io(path, e))?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Reopen a file left by an interrupted run for appending: check its
    /// `header` (else refuse with `wrong_header`), keep the complete rows
    /// from the start for which `accept` holds, cut off everything after
    /// them (a row cut short by a kill, or rows out of order), and return
    /// the file positioned after them with the number of rows kept; a
    /// missing file is started afresh.
    pub(crate) fn recover(
        path: &Path,
        header: &str,
        wrong_header: &str,
        mut accept: impl FnMut(&str) -> bool,
    ) -> Result<(Self, u64), OutputError> {
        let file = match crate::files::open_regular(path) {
            Ok(f) => f,
            Err(e) if e.is_not_found() => {
                return Ok((Self::create(path, header)?, 0));
            }
            Err(crate::files::BoundedReadError::Io(e)) => return Err(OutputError::io(path, e)),
            Err(e) => return Err(unreadable(path, e.to_string())),
        };
        let mut reader = BufReader::new(file);
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| OutputError::io(path, e))?;
        if line != header {
            return Err(unreadable(path, wrong_header));
        }
        let mut keep = line.len() as u64;
        let mut done = 0;
        loop {
            line.clear();
            let n = reader
                .read_line(&mut line)
                .map_err(|e| OutputError::io(path, e))?;
            match line.strip_suffix('\n') {
                Some(row) if accept(row) => {
                    keep += n as u64;
                    done += 1;
                }
                _ => break, // end of file, a row cut short, or one out of order
            }
        }
        drop(reader);
        super::fault::step(path).map_err(|e| OutputError::io(path, e))?;
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| OutputError::io(path, e))?;
        file.set_len(keep).map_err(|e| OutputError::io(path, e))?;
        drop(file);
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| OutputError::io(path, e))?;
        let path = path.to_path_buf();
        Ok((Self { file, path }, done))
    }

    /// Append one row (newline included) in one write.
    pub(crate) fn append(&mut self, row: &str) -> Result<(), OutputError> {
        super::fault::step(&self.path).map_err(|e| OutputError::io(&self.path, e))?;
        self.file
            .write_all(row.as_bytes())
            .map_err(|e| OutputError::io(&self.path, e))
    }

    /// Sync the file to disk.
    pub(crate) fn sync(&self) -> Result<(), OutputError> {
        super::fault::step(&self.path).map_err(|e| OutputError::io(&self.path, e))?;
        self.file
            .sync_all()
            .map_err(|e| OutputError::io(&self.path, e))
    }
}

/// A records file read back row by row, after its header is checked.
#[derive(Debug)]
pub(crate) struct RowLines {
    reader: BufReader<File>,
    path: PathBuf,
    line: String,
    line_number: u64,
}

impl RowLines {
    /// Open `path` and check that it starts with `header` (else refuse
    /// with `wrong_header`).
    pub(crate) fn open(path: &Path, header: &str, wrong_header: &str) -> Result<Self, OutputError> {
        let file = crate::files::open_regular(path).map_err(|e| unreadable(path, e.to_string()))?;
        let mut reader = BufReader::new(file);
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| OutputError::io(path, e))?;
        if line != header {
            return Err(unreadable(path, wrong_header));
        }
        Ok(Self {
            reader,
            path: path.to_path_buf(),
            line,
            line_number: 1,
        })
    }

    /// The next row, parsed by `parse`; `None` at the end of the file, an
    /// error naming the line for a row that is cut short or does not parse.
    pub(crate) fn next<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, OutputError> {
        self.line.clear();
        let n = self
            .reader
            .read_line(&mut self.line)
            .map_err(|e| OutputError::io(&self.path, e))?;
        if n == 0 {
            return Ok(None);
        }
        self.line_number += 1;
        let row = self.line.strip_suffix('\n').and_then(parse);
        row.map(Some).ok_or_else(|| {
            self.error(format!(
                "line {} is not a complete record",
                self.line_number
            ))
        })
    }

    /// An error about this file.
    pub(crate) fn error(&self, reason: String) -> OutputError {
        unreadable(&self.path, reason)
    }

    /// The number of the line last read (the header is line 1).
    pub(crate) fn line_number(&self) -> u64 {
        self.line_number
    }
}

/// Appends rows to one scenario's `records.csv`.
#[derive(Debug)]
pub struct RecordWriter {
    rows: RowFile,
    buf: String,
}

impl RecordWriter {
    /// Start a new `records.csv` with its header (replacing any old one).
    pub fn create(path: &Path, months: usize) -> Result<Self, OutputError> {
        Ok(Self {
            rows: RowFile::create(path, &records_header(months))?,
            buf: String::new(),
        })
    }

    /// Reopen a `records.csv` left by an interrupted run: keep the complete
    /// rows that are the first replications of `slice` among
    /// `0..replications` in order, cut off anything after them (a row cut
    /// short by a kill), and return the writer positioned after them with
    /// the number of rows kept. A missing file is started afresh.
    pub fn recover(
        path: &Path,
        months: usize,
        slice: Shard,
        replications: u64,
    ) -> Result<(Self, u64), OutputError> {
        let mut expected = slice.replications(replications);
        let (rows, done) = RowFile::recover(
            path,
            &records_header(months),
            "its columns are not the ones this buurtsim writes for this scenario; it cannot be \
             resumed (start over with --force)",
            |row| {
                parse_record(row, months)
                    .zip(expected.next())
                    .is_some_and(|(r, e)| r.replication == e)
            },
        )?;
        let buf = String::new();
        Ok((Self { rows, buf }, done))
    }

    /// Append one replication's row, in one write, straight to the file
    /// (no buffer in this process, so a kill loses at most this row).
    pub fn append(&mut self, r: &ReplicationResult) -> Result<(), OutputError> {
        format_record(r, &mut self.buf);
        self.rows.append(&self.buf)
    }

    /// Sync the file to disk.
    pub fn sync(&self) -> Result<(), OutputError> {
        self.rows.sync()
    }
}

/// A sink that appends every result to its scenario's `records.csv`.
#[derive(Debug)]
pub struct RecordFiles {
    /// One writer per scenario, in plan order.
    pub writers: Vec<RecordWriter>,
}

impl RecordFiles {
    /// Sync every file to disk.
    pub fn sync(&self) -> Result<(), OutputError> {
        self.writers.iter().try_for_each(RecordWriter::sync)
    }
}

impl ReplicationSink for RecordFiles {
    type Error = OutputError;
    fn accept(&mut self, scenario: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        self.writers[scenario].append(r)
    }
}

/// Reads one scenario's `records.csv` back, row by row.
#[derive(Debug)]
pub struct RecordReader {
    lines: RowLines,
    months: usize,
}

impl RecordReader {
    /// Open a `records.csv` of a scenario with `months` months after warm-up.
    pub fn open(path: &Path, months: usize) -> Result<Self, OutputError> {
        let lines = RowLines::open(
            path,
            &records_header(months),
            "its columns are not the ones this buurtsim writes for this scenario",
        )?;
        Ok(Self { lines, months })
    }

    fn next_row(&mut self) -> Result<Option<ReplicationResult>, OutputError> {
        let months = self.months;
        self.lines.next(|row| parse_record(row, months))
    }

    /// The next row, which must be replication `r`.
    pub fn expect(&mut self, r: u64) -> Result<ReplicationResult, OutputError> {
        match self.next_row()? {
            Some(row) if row.replication == r => Ok(row),
            Some(row) => Err(self.lines.error(format!(
                "line {}: expected replication {r}, found {}",
                self.lines.line_number(),
                row.replication
            ))),
            None => Err(self.lines.error(format!(
                "it ends before replication {r} (an unfinished run?)"
            ))),
        }
    }

    /// Check that no rows are left.
    pub fn finish(mut self) -> Result<(), OutputError> {
        match self.next_row()? {
            None => Ok(()),
            Some(row) => Err(self.lines.error(format!(
                "line {}: replication {} is one more than expected",
                self.lines.line_number(),
                row.replication
            ))),
        }
    }
}

/// Fold results in replication order (`indices`), scenario by scenario
/// within one index, from `next(scenario, replication)` into `sink` and a
/// summary.
pub fn fold_records<S>(
    runs: &[ScenarioRun],
    indices: impl IntoIterator<Item = u64>,
    replications: u64,
    threads: usize,
    mut next: impl FnMut(usize, u64) -> Result<ReplicationResult, OutputError>,
    sink: &mut S,
) -> Result<ExperimentSummary, OutputError>
where
    S: ReplicationSink<Error = OutputError>,
{
    let mut summary = SummaryBuilder::new(runs.iter().map(ScenarioRun::months));
    for r in indices {
        for s in 0..runs.len() {
            let result = next(s, r)?;
            sink.accept(s, &result)?;
            summary.accept(s, &result);
        }
    }
    Ok(summary.finish(replications, threads))
}

/// Write the output files of a whole experiment into `dir` (a staging
/// folder) from its records: per scenario `<id>/replications.csv`,
/// `summary.csv`, `timeseries.csv` and `manifest.toml`, and
/// `comparison.csv` and `shift.csv` for several scenarios. `next(scenario, replication)`
/// gives the stored results, asked for in replication order `0..replications`,
/// scenario by scenario within one index. `runs` give ids, months and seeds
/// (for the comparison method); `manifests` are written as they are.
pub fn write_outputs(
    dir: &Path,
    runs: &[ScenarioRun],
    manifests: &[Manifest],
    replications: u64,
    threads: usize,
    next: impl FnMut(usize, u64) -> Result<ReplicationResult, OutputError>,
) -> Result<ExperimentSummary, OutputError> {
    assert_eq!(runs.len(), manifests.len(), "one manifest per scenario");
    let folders: Vec<PathBuf> = runs.iter().map(|r| dir.join(&r.id)).collect();
    for f in &folders {
        super::atomic::create_dir(f)?;
    }
    let mut rows = ReplicationFiles::create(&folders)?;
    let summary = fold_records(
        runs,
        0..replications,
        replications,
        threads,
        next,
        &mut rows,
    )?;
    rows.commit()?;
    for (((run, manifest), folder), s) in runs
        .iter()
        .zip(manifests)
        .zip(&folders)
        .zip(&summary.scenarios)
    {
        write_summary(&folder.join("summary.csv"), &run.id, s)?;
        write_timeseries(&folder.join("timeseries.csv"), &run.id, s)?;
        write_atomic(&folder.join(MANIFEST_FILE), manifest.to_toml().as_bytes())?;
    }
    if runs.len() > 1 {
        write_comparison(&dir.join("comparison.csv"), runs, &summary)?;
        // The shift ledger reads the folders just written, exactly as
        // `buurtsim compare` would, so both give the same `shift.csv`.
        let read = folders
            .iter()
            .map(|f| read_folder(f))
            .collect::<Result<Vec<_>, _>>()?;
        let (reference, others) = read.split_first().expect("several scenarios");
        write_shift_csv(&dir.join("shift.csv"), reference, others)?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(r: u64, months: usize, base: f64) -> ReplicationResult {
        ReplicationResult {
            replication: r,
            metrics: (0..METRICS.len())
                .map(|k| base / (k as f64 + 3.0) + r as f64)
                .collect(),
            monthly: (0..months * SERIES.len())
                .map(|i| (i as f64).sqrt() * base - r as f64)
                .collect(),
            events: 1000 + r,
        }
    }

    #[test]
    fn records_round_trip_bit_for_bit() {
        let mut r = result(7, 2, 1.0 / 3.0);
        let specials = [
            0.1,
            -0.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            -1e300,
            1e-300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            std::f64::consts::PI,
        ];
        r.metrics[..specials.len()].copy_from_slice(&specials);
        r.metrics[specials.len()] = f64::NAN;
        let mut line = String::new();
        format_record(&r, &mut line);
        let back = parse_record(line.strip_suffix('\n').unwrap(), 2).unwrap();
        assert_eq!(back.replication, 7);
        assert_eq!(back.events, r.events);
        for (a, b) in r
            .metrics
            .iter()
            .zip(&back.metrics)
            .chain(r.monthly.iter().zip(&back.monthly))
        {
            assert!(
                a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan(),
                "{a} {b}"
            );
        }
        assert_eq!(
            line.matches(',').count() + 1,
            records_header(2).split(',').count()
        );
        // A cut row or a row of another length is not a record.
        assert!(parse_record(&line[..line.len() / 2], 2).is_none());
        assert!(parse_record(line.trim_end(), 3).is_none());
    }

    #[test]
    fn recover_keeps_complete_rows_of_the_slice_and_drops_a_cut_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORDS_FILE);
        let shard = Shard::new(2, 3).unwrap();
        let mut w = RecordWriter::create(&path, 1).unwrap();
        for r in [1, 4, 7] {
            w.append(&result(r, 1, 2.0)).unwrap();
        }
        drop(w);
        // A kill in the middle of the next row.
        let mut cut = String::new();
        format_record(&result(10, 1, 2.0), &mut cut);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&cut.as_bytes()[..20]).unwrap();
        drop(f);

        let (mut w, done) = RecordWriter::recover(&path, 1, shard, 20).unwrap();
        assert_eq!(done, 3);
        w.append(&result(10, 1, 2.0)).unwrap();
        drop(w);
        let mut reader = RecordReader::open(&path, 1).unwrap();
        for r in [1, 4, 7, 10] {
            assert_eq!(reader.expect(r).unwrap(), result(r, 1, 2.0));
        }
        reader.finish().unwrap();

        // Rows of another slice are not kept.
        let (_, done) = RecordWriter::recover(&path, 1, Shard::new(1, 3).unwrap(), 20).unwrap();
        assert_eq!(done, 0);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), records_header(1));
        // Another layout is refused.
        assert!(RecordWriter::recover(&path, 2, shard, 20).is_err());
    }

    #[test]
    fn reader_names_gaps_and_extra_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORDS_FILE);
        let mut w = RecordWriter::create(&path, 1).unwrap();
        for r in [0, 2] {
            w.append(&result(r, 1, 1.0)).unwrap();
        }
        drop(w);
        let mut reader = RecordReader::open(&path, 1).unwrap();
        reader.expect(0).unwrap();
        let e = reader.expect(1).unwrap_err().to_string();
        assert!(e.contains("expected replication 1, found 2"), "{e}");
        let mut reader = RecordReader::open(&path, 1).unwrap();
        reader.expect(0).unwrap();
        assert!(reader
            .finish()
            .unwrap_err()
            .to_string()
            .contains("one more"));
        let mut reader = RecordReader::open(&path, 1).unwrap();
        reader.expect(0).unwrap();
        reader.expect(2).unwrap();
        assert!(reader
            .expect(4)
            .unwrap_err()
            .to_string()
            .contains("ends before"));
    }

    #[test]
    fn plans_round_trip_and_name_differences() {
        let dir = tempfile::tempdir().unwrap();
        let plan = Plan::new(vec!["a".into(), "b".into()], 12, Shard::new(2, 4).ok());
        plan.write(dir.path()).unwrap();
        let back = Plan::read(dir.path()).unwrap();
        assert_eq!(back, plan);
        assert_eq!(back.slice().unwrap(), Shard::new(2, 4).unwrap());
        let whole = Plan::new(vec!["a".into(), "b".into()], 12, None);
        assert_eq!(whole.slice().unwrap(), Shard::new(1, 1).unwrap());
        let d = plan.differences(&whole);
        assert_eq!(d, [("shard", "2/4".to_string(), "none".to_string())]);
    }
}
