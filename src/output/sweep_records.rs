//! A sweep's per-replication records: the stored results from which its
//! output files are written, so that an interrupted sweep can be resumed and
//! the shards of one sweep merged into exactly the files one machine writes.
//!
//! # Order of the work
//!
//! A sweep of `P` points with `R` replications each has `P x R` jobs,
//! numbered point by point: job `j = point x R + replication`. Shard `K/N`
//! takes the jobs with `j % N == K - 1`, so the shards stay within one job
//! of each other in size and a shard of a sweep with many points and one
//! replication is as balanced as one with one point and many replications.
//! Every job is run, recorded and read back in this order.
//!
//! # `records.csv`
//!
//! Header `point,replication,<metric>...,check`, then one row per finished
//! job in job order: the point, the replication index and every metric of
//! [`METRICS`] in Rust's shortest round-trip form (`NaN`, `Inf`, `-Inf` for
//! non-finite values), so reading a row back gives the same `f64` bits,
//! and the row's checksum over its content and the sweep's identity (the
//! manifest's input hash, seed and scenario id: [`RecordIdentity`]), which
//! `--resume` and `merge` check ([`super::rowfile`]). Each row is written
//! with one `write` call as soon as its job is folded; a row cut short by
//! a kill has no final newline and is dropped on resume.

use super::checksum::{RecordIdentity, CHECK_COLUMN};
use super::format::csv_f64;
use super::rowfile::{misplaced, RowFile, RowLines};
use super::OutputError;
use crate::experiment::Shard;
use crate::model::METRICS;
use std::path::Path;

/// One finished job: point, replication and metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRecord {
    /// Point index.
    pub point: usize,
    /// Replication index.
    pub replication: u64,
    /// Every metric of [`METRICS`].
    pub metrics: Vec<f64>,
}

/// The jobs of `shard` among `points x replications`, in job order.
pub fn shard_jobs(
    points: usize,
    replications: u64,
    shard: Shard,
) -> impl Iterator<Item = (usize, u64)> {
    let reps = replications.max(1);
    shard
        .replications(points as u64 * replications)
        .map(move |j| ((j / reps) as usize, j % reps))
}

/// The header row of a sweep's `records.csv`, newline included.
pub fn sweep_records_header() -> String {
    let mut h = String::from("point,replication");
    for m in METRICS {
        h.push(',');
        h.push_str(m.name);
    }
    h.push(',');
    h.push_str(CHECK_COLUMN);
    h.push('\n');
    h
}

/// The content of one row: every column but `check`, no newline (the row
/// file seals it with its checksum).
fn format_row(point: usize, replication: u64, metrics: &[f64], buf: &mut String) {
    buf.clear();
    buf.push_str(&format!("{point},{replication}"));
    for &x in metrics {
        buf.push(',');
        buf.push_str(&csv_f64(x));
    }
}

/// The identity a sweep's rows are sealed for: its manifest's input hash,
/// seed and scenario id (not the shard: the shards of one sweep check alike).
pub fn sweep_identity(input_hash: &str, seed: u64, scenario_id: &str) -> RecordIdentity {
    RecordIdentity::new("sweep", input_hash, seed, scenario_id)
}

/// A job in words, for messages.
fn job(point: usize, replication: u64) -> String {
    format!("point {point} replication {replication}")
}

/// Parse the content of one row (without its checksum and newline);
/// `None` if it is not complete.
fn parse_row(line: &str) -> Option<SweepRecord> {
    let mut fields = line.split(',');
    let point = fields.next()?.parse().ok()?;
    let replication = fields.next()?.parse().ok()?;
    let metrics = (0..METRICS.len())
        .map(|_| fields.next()?.parse().ok())
        .collect::<Option<Vec<f64>>>()?;
    if fields.next().is_some() {
        return None;
    }
    Some(SweepRecord {
        point,
        replication,
        metrics,
    })
}

/// Appends rows to a sweep's `records.csv`.
#[derive(Debug)]
pub struct SweepRecordWriter {
    rows: RowFile,
    buf: String,
}

impl SweepRecordWriter {
    /// Start a new `records.csv` with its header; its rows are sealed for
    /// `identity` ([`sweep_identity`]). The file must not exist yet.
    pub fn create(path: &Path, identity: RecordIdentity) -> Result<Self, OutputError> {
        Ok(Self {
            rows: RowFile::create(path, &sweep_records_header(), identity)?,
            buf: String::new(),
        })
    }

    /// Reopen the `records.csv` of an interrupted sweep: check that its
    /// complete rows are intact rows of `identity` and the first jobs of
    /// `expected` in order (else refuse, naming the line), drop a last row
    /// cut short by a kill, and return the writer positioned after the
    /// complete rows with their number. A missing file starts afresh.
    pub fn recover(
        path: &Path,
        identity: RecordIdentity,
        mut expected: impl Iterator<Item = (usize, u64)>,
    ) -> Result<(Self, u64), OutputError> {
        let (rows, done) = RowFile::recover(
            path,
            &sweep_records_header(),
            "its columns are not the ones this buurtsim writes for a sweep; it cannot be \
             resumed (start over with --force)",
            identity,
            |row| {
                let r = parse_row(row).ok_or("the row is not a complete record")?;
                match expected.next() {
                    Some(e) if e == (r.point, r.replication) => Ok(()),
                    e => Err(misplaced(
                        &job(r.point, r.replication),
                        e.map(|(p, rep)| job(p, rep)).as_deref(),
                    )),
                }
            },
        )?;
        let buf = String::new();
        Ok((Self { rows, buf }, done))
    }

    /// Append one job's row, in one write, straight to the file (no buffer
    /// in this process, so a kill loses at most this row).
    pub fn append(
        &mut self,
        point: usize,
        replication: u64,
        metrics: &[f64],
    ) -> Result<(), OutputError> {
        format_row(point, replication, metrics, &mut self.buf);
        self.rows.append(&self.buf)
    }

    /// Sync the file to disk.
    pub fn sync(&self) -> Result<(), OutputError> {
        self.rows.sync()
    }
}

/// Reads a sweep's `records.csv` back, row by row.
#[derive(Debug)]
pub struct SweepRecordReader {
    lines: RowLines,
}

impl SweepRecordReader {
    /// Open a sweep's `records.csv`, whose rows must be sealed for `identity`.
    pub fn open(path: &Path, identity: RecordIdentity) -> Result<Self, OutputError> {
        let lines = RowLines::open(
            path,
            &sweep_records_header(),
            "its columns are not the ones this buurtsim writes for a sweep",
            identity,
        )?;
        Ok(Self { lines })
    }

    /// The next row, which must be replication `replication` of `point`.
    pub fn expect(&mut self, point: usize, replication: u64) -> Result<Vec<f64>, OutputError> {
        match self.lines.next(parse_row)? {
            Some(row) if row.point == point && row.replication == replication => Ok(row.metrics),
            Some(row) => Err(self.lines.refusal(&misplaced(
                &job(row.point, row.replication),
                Some(&job(point, replication)),
            ))),
            None => Err(self.lines.error(format!(
                "it ends before point {point} replication {replication} (an unfinished sweep?)"
            ))),
        }
    }

    /// Check that no rows are left.
    pub fn finish(mut self) -> Result<(), OutputError> {
        match self.lines.next(parse_row)? {
            None => Ok(()),
            Some(row) => Err(self
                .lines
                .refusal(&misplaced(&job(row.point, row.replication), None))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_jobs_point_by_point_and_cover_each_once() {
        let all: Vec<_> = shard_jobs(3, 2, Shard::new(1, 1).unwrap()).collect();
        assert_eq!(all, [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]);
        let second: Vec<_> = shard_jobs(3, 2, Shard::new(2, 4).unwrap()).collect();
        assert_eq!(second, [(0, 1), (2, 1)]);
        let mut joined: Vec<_> = (1..=4)
            .flat_map(|k| shard_jobs(3, 2, Shard::new(k, 4).unwrap()))
            .collect();
        joined.sort();
        assert_eq!(joined, all);
    }

    #[test]
    fn a_row_reads_back_bit_for_bit_and_a_cut_row_does_not_read() {
        let metrics: Vec<f64> = (0..METRICS.len())
            .map(|i| match i {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => -0.1,
                _ => 1.0 / (i as f64 + 3.0),
            })
            .collect();
        let mut buf = String::new();
        format_row(7, 3, &metrics, &mut buf);
        let row = parse_row(&buf).unwrap();
        assert_eq!((row.point, row.replication), (7, 3));
        assert!(row.metrics[0].is_nan());
        for (a, b) in row.metrics[1..].iter().zip(&metrics[1..]) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
        assert!(parse_row(&buf[..buf.len() / 2]).is_none());
    }

    #[test]
    fn rows_are_sealed_for_the_sweep_and_a_repeated_row_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".out.partial");
        std::fs::create_dir(&partial).unwrap();
        let path = partial.join(crate::output::layout::RECORDS);
        let id = sweep_identity("fnv1a64:00000000000000bb", 7, "grid");
        let metrics = vec![0.5; METRICS.len()];
        let mut w = SweepRecordWriter::create(&path, id).unwrap();
        for (p, r) in [(0, 0), (0, 1), (1, 0)] {
            w.append(p, r, &metrics).unwrap();
        }
        drop(w);
        let mut reader = SweepRecordReader::open(&path, id).unwrap();
        assert_eq!(reader.expect(0, 0).unwrap(), metrics);
        // Another sweep's identity does not check.
        let other = sweep_identity("fnv1a64:00000000000000bb", 8, "grid");
        let e = SweepRecordReader::open(&path, other)
            .unwrap()
            .expect(0, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("records.csv line 2: the row's checksum"), "{e}");

        // The second row repeated: refused on resume, naming the line.
        let text = std::fs::read_to_string(&path).unwrap();
        let rows: Vec<&str> = text.split_inclusive('\n').collect();
        let repeated = format!("{}{}{}{}", rows[0], rows[1], rows[2], rows[2]);
        std::fs::write(&path, &repeated).unwrap();
        let jobs = shard_jobs(2, 2, Shard::new(1, 1).unwrap());
        let e = SweepRecordWriter::recover(&path, id, jobs)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cannot resume: "), "{e}");
        assert!(
            e.contains("line 4: the row holds point 0 replication 1 where point 1 replication 0"),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), repeated);
    }
}
