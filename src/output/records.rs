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
//!   shift.csv             (several scenarios: the shift ledger, crate::analysis::shift)
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
//! Header `replication,events,<metric>...,<series>@<month>...,check`, then one row
//! per replication in ascending replication order: the replication index,
//! the events handled, every metric, then every monthly series value
//! (month 1 after warm-up first, series in [`SERIES`] order within a
//! month). Numbers are written in Rust's shortest round-trip form (`NaN`,
//! `Inf`, `-Inf` for non-finite values), so reading them back gives the
//! same `f64` bits (a NaN's payload aside, which no output shows). The
//! last column, `check`, is the row's checksum over its content and the
//! scenario's identity (input hash, seed, id: [`RecordIdentity`]), so a
//! row changed by hand or copied from another run is refused by `--resume`
//! and `merge`, naming the file and line ([`super::checksum`],
//! [`super::rowfile`]). Each row is written with one `write` call right
//! after its replication is folded; a row cut short by a kill has no final
//! newline and is dropped on resume.

use super::atomic::write_atomic;
use super::checksum::{RecordIdentity, CHECK_COLUMN};
use super::csvfiles::{write_comparison, write_summary, write_timeseries, ReplicationFiles};
use super::layout;
use super::manifest::Manifest;
use super::rowfile::{misplaced, RowFile, RowLines};
use super::OutputError;
use crate::experiment::{
    ExperimentSummary, ReplicationSink, ScenarioRun, Shard, ShardError, SummaryBuilder,
};
use crate::model::{ReplicationResult, METRICS, SERIES};
use crate::stats::discount::Discount;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    /// ([`super::stopping::StoppingRule::describe`]). `replications` is then the
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
        let path = dir.join(layout::PLAN);
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
        write_atomic(&dir.join(layout::PLAN), text.as_bytes())
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
    h.push(',');
    h.push_str(CHECK_COLUMN);
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

/// The content of one row of `records.csv`: every column but `check`, no
/// newline (the row file seals it with its checksum).
pub fn format_record(r: &ReplicationResult, buf: &mut String) {
    buf.clear();
    let _ = write!(buf, "{},{}", r.replication, r.events);
    for &x in r.metrics.iter().chain(&r.monthly) {
        buf.push(',');
        push_f64(buf, x);
    }
}

/// Parse the content of one row of `records.csv` (without its checksum
/// column and newline); `None` if it is not a complete row for `months`
/// months.
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

/// Appends rows to one scenario's `records.csv`.
#[derive(Debug)]
pub struct RecordWriter {
    rows: RowFile,
    buf: String,
}

impl RecordWriter {
    /// Start a new `records.csv` with its header; its rows are sealed for
    /// `identity` (the scenario's, [`RecordIdentity::of_run`]). The file
    /// must not exist yet.
    pub fn create(
        path: &Path,
        months: usize,
        identity: RecordIdentity,
    ) -> Result<Self, OutputError> {
        Ok(Self {
            rows: RowFile::create(path, &records_header(months), identity)?,
            buf: String::new(),
        })
    }

    /// Reopen a `records.csv` left by an interrupted run: check that its
    /// complete rows are intact rows of `identity` and the first
    /// replications of `slice` among `0..replications` in order (else
    /// refuse, naming the line), drop a last row cut short by a kill, and
    /// return the writer positioned after the complete rows with their
    /// number. A missing file is started afresh.
    pub fn recover(
        path: &Path,
        months: usize,
        slice: Shard,
        replications: u64,
        identity: RecordIdentity,
    ) -> Result<(Self, u64), OutputError> {
        let mut expected = slice.replications(replications);
        let (rows, done) = RowFile::recover(
            path,
            &records_header(months),
            "its columns are not the ones this buurtsim writes for this scenario; it cannot be \
             resumed (start over with --force)",
            identity,
            |row| {
                let found = parse_record(row, months)
                    .ok_or("the row is not a complete record")?
                    .replication;
                match expected.next() {
                    Some(e) if e == found => Ok(()),
                    e => Err(misplaced(
                        &format!("replication {found}"),
                        e.map(|e| format!("replication {e}")).as_deref(),
                    )),
                }
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
    /// Open a `records.csv` of a scenario with `months` months after
    /// warm-up, whose rows must be sealed for `identity`.
    pub fn open(path: &Path, months: usize, identity: RecordIdentity) -> Result<Self, OutputError> {
        let lines = RowLines::open(
            path,
            &records_header(months),
            "its columns are not the ones this buurtsim writes for this scenario",
            identity,
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
            Some(row) => Err(self.lines.refusal(&misplaced(
                &format!("replication {}", row.replication),
                Some(&format!("replication {r}")),
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
            Some(row) => Err(self.lines.refusal(&misplaced(
                &format!("replication {}", row.replication),
                None,
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

/// The signature of [`LedgerWriter::write`]: `shift.csv`'s path, the
/// scenario folders (reference first), the discount rates if asked for.
pub type WriteLedger = fn(&Path, &[PathBuf], Option<Discount>) -> Result<(), OutputError>;

/// Writes `shift.csv` (the shift ledger) at the path given from the
/// scenario folders just written, reference first:
/// `crate::analysis::shift::write_ledger`. A function handed in rather
/// than called, because the analysis reads output folders: `output` may
/// not depend on it. It carries `--discount` with it, so `run` needs no
/// other way to say it.
#[derive(Debug, Clone, Copy)]
pub struct LedgerWriter {
    /// The function: `crate::analysis::shift::write_ledger`.
    pub write: WriteLedger,
    /// `--discount`: add discounted cumulative amounts to `shift.csv`.
    pub discount: Option<Discount>,
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
    ledger: LedgerWriter,
    next: impl FnMut(usize, u64) -> Result<ReplicationResult, OutputError>,
) -> Result<ExperimentSummary, OutputError> {
    assert_eq!(runs.len(), manifests.len(), "one manifest per scenario");
    let folders: Vec<PathBuf> = runs.iter().map(|r| dir.join(&r.id)).collect();
    for f in &folders {
        super::atomic::create_dir(f)?;
    }
    let ids: Vec<String> = runs.iter().map(|r| r.id.clone()).collect();
    let mut rows = ReplicationFiles::create(&folders, &ids)?;
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
        write_summary(&folder.join(layout::SUMMARY), &run.id, s)?;
        write_timeseries(&folder.join(layout::TIMESERIES), &run.id, s)?;
        write_atomic(
            &folder.join(layout::MANIFEST),
            manifest.to_toml().as_bytes(),
        )?;
    }
    if runs.len() > 1 {
        write_comparison(&dir.join(layout::COMPARISON), runs, &summary)?;
        // The shift ledger reads the folders just written, exactly as
        // `buurtsim compare` would, so both give the same `shift.csv`.
        (ledger.write)(&dir.join(layout::SHIFT), &folders, ledger.discount)?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, OpenOptions};
    use std::io::Write;

    fn id() -> RecordIdentity {
        RecordIdentity::new("run", "fnv1a64:00000000000000aa", 42, "a")
    }

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
        let back = parse_record(&line, 2).unwrap();
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
        // Every column but `check`.
        assert_eq!(
            line.matches(',').count() + 2,
            records_header(2).split(',').count()
        );
        // A cut row or a row of another length is not a record.
        assert!(parse_record(&line[..line.len() / 2], 2).is_none());
        assert!(parse_record(&line, 3).is_none());
    }

    #[test]
    fn recover_keeps_complete_rows_of_the_slice_and_drops_a_cut_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(layout::RECORDS);
        let shard = Shard::new(2, 3).unwrap();
        let mut w = RecordWriter::create(&path, 1, id()).unwrap();
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

        let (mut w, done) = RecordWriter::recover(&path, 1, shard, 20, id()).unwrap();
        assert_eq!(done, 3);
        w.append(&result(10, 1, 2.0)).unwrap();
        drop(w);
        let mut reader = RecordReader::open(&path, 1, id()).unwrap();
        for r in [1, 4, 7, 10] {
            assert_eq!(reader.expect(r).unwrap(), result(r, 1, 2.0));
        }
        reader.finish().unwrap();

        // Rows of another slice, of another scenario or beyond the plan
        // are refused, naming the line, and the file is left as it is.
        let before = fs::read(&path).unwrap();
        let slice = Shard::new(1, 3).unwrap();
        let e = RecordWriter::recover(&path, 1, slice, 20, id()).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("line 2: the row holds replication 1 where replication 0"),
            "{e}"
        );
        let other = RecordIdentity::new("run", "fnv1a64:00000000000000aa", 42, "b");
        let e = RecordWriter::recover(&path, 1, shard, 20, other).unwrap_err();
        assert!(e.to_string().contains("line 2: the row's checksum"), "{e}");
        let e = RecordWriter::recover(&path, 1, shard, 8, id()).unwrap_err();
        assert!(
            e.to_string()
                .contains("line 5: the row holds replication 10, more"),
            "{e}"
        );
        assert_eq!(fs::read(&path).unwrap(), before);
        // Another layout is refused.
        assert!(RecordWriter::recover(&path, 2, shard, 20, id()).is_err());
    }

    #[test]
    fn reader_names_gaps_and_extra_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(layout::RECORDS);
        let mut w = RecordWriter::create(&path, 1, id()).unwrap();
        for r in [0, 2] {
            w.append(&result(r, 1, 1.0)).unwrap();
        }
        drop(w);
        let mut reader = RecordReader::open(&path, 1, id()).unwrap();
        reader.expect(0).unwrap();
        let e = reader.expect(1).unwrap_err().to_string();
        assert!(
            e.contains("line 3: the row holds replication 2 where replication 1 belongs"),
            "{e}"
        );
        let mut reader = RecordReader::open(&path, 1, id()).unwrap();
        reader.expect(0).unwrap();
        assert!(reader
            .finish()
            .unwrap_err()
            .to_string()
            .contains("line 3: the row holds replication 2, more than the run has"));
        let mut reader = RecordReader::open(&path, 1, id()).unwrap();
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
