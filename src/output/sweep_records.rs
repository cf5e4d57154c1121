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
//! Header `point,replication,<metric>...`, then one row per finished job in
//! job order: the point, the replication index and every metric of
//! [`METRICS`] in Rust's shortest round-trip form (`NaN`, `Inf`, `-Inf` for
//! non-finite values), so reading a row back gives the same `f64` bits.
//! Each row is written with one `write` call as soon as its job is folded;
//! a row cut short by a kill has no final newline and is dropped on resume.

use super::format::csv_f64;
use super::records::{RowFile, RowLines};
use super::OutputError;
use crate::experiment::Shard;
use crate::model::METRICS;
use std::path::Path;

/// The records of a sweep, in its partial or shard folder.
pub const SWEEP_RECORDS_FILE: &str = "records.csv";

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
    h.push('\n');
    h
}

fn format_row(point: usize, replication: u64, metrics: &[f64], buf: &mut String) {
    buf.clear();
    buf.push_str(&format!("{point},{replication}"));
    for &x in metrics {
        buf.push(',');
        buf.push_str(&csv_f64(x));
    }
    buf.push('\n');
}

/// Parse one row (without its newline); `None` if it is not complete.
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
    /// Start a new `records.csv` with its header (replacing any old one).
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        Ok(Self {
            rows: RowFile::create(path, &sweep_records_header())?,
            buf: String::new(),
        })
    }

    /// Reopen the `records.csv` of an interrupted sweep: keep the complete
    /// rows that are the first jobs of `expected` in order, cut off what
    /// follows (a row cut short by a kill), and return the writer positioned
    /// after them with the number of rows kept. A missing file starts afresh.
    pub fn recover(
        path: &Path,
        mut expected: impl Iterator<Item = (usize, u64)>,
    ) -> Result<(Self, u64), OutputError> {
        let (rows, done) = RowFile::recover(
            path,
            &sweep_records_header(),
            "its columns are not the ones this buurtsim writes for a sweep; it cannot be \
             resumed (start over with --force)",
            |row| {
                parse_row(row)
                    .zip(expected.next())
                    .is_some_and(|(r, (p, rep))| r.point == p && r.replication == rep)
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
    /// Open a sweep's `records.csv`.
    pub fn open(path: &Path) -> Result<Self, OutputError> {
        let lines = RowLines::open(
            path,
            &sweep_records_header(),
            "its columns are not the ones this buurtsim writes for a sweep",
        )?;
        Ok(Self { lines })
    }

    /// The next row, which must be replication `replication` of `point`.
    pub fn expect(&mut self, point: usize, replication: u64) -> Result<Vec<f64>, OutputError> {
        match self.lines.next(parse_row)? {
            Some(row) if row.point == point && row.replication == replication => Ok(row.metrics),
            Some(row) => Err(self.lines.error(format!(
                "line {}: expected point {point} replication {replication}, found point {} \
                 replication {}",
                self.lines.line_number(),
                row.point,
                row.replication
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
            Some(row) => Err(self.lines.error(format!(
                "line {}: point {} replication {} is more than expected",
                self.lines.line_number(),
                row.point,
                row.replication
            ))),
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
        let row = parse_row(buf.trim_end()).unwrap();
        assert_eq!((row.point, row.replication), (7, 3));
        assert!(row.metrics[0].is_nan());
        for (a, b) in row.metrics[1..].iter().zip(&metrics[1..]) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
        assert!(parse_row(&buf[..buf.len() / 2]).is_none());
    }
}
