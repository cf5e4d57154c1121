//! A finished sensitivity analysis read back from its folder
//! (`indices.csv`, `floor.csv`, `manifest.toml`), and the ranking the
//! command prints and the report draws: per metric, the parameters sorted
//! by their headline index (ST for Sobol, μ* for Morris), each with its
//! interval and whether it stands above the noise floor.
//!
//! Read from the files, not from memory, so a merged, resumed or
//! long-finished analysis prints and draws exactly what its files hold.

use super::dialect::read_csv_file;
use super::layout;
use super::sweep_manifest::SweepManifest;
use super::OutputError;
use crate::experiment::sensitivity_analysis::{above_floor, IndexKind};
use crate::files::CSV_LIMIT;
use crate::scenario::SensitivityMethod;
use crate::sensitivity::Estimate;
use serde::Deserialize;
use std::path::Path;

/// One row of `indices.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IndexRow {
    /// Metric name.
    pub metric: String,
    /// Parameter path, or `dummy`.
    pub parameter: String,
    /// `sobol` or `morris`.
    pub method: String,
    /// `S1`, `ST`, `mu`, `mu_star`, `sigma`.
    pub index: String,
    /// Point estimate.
    pub value: f64,
    /// Lower end of the 95% bootstrap interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
}

/// One row of `floor.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FloorRow {
    /// Metric name.
    pub metric: String,
    /// `sobol` or `morris`.
    pub method: String,
    /// The index this floor is for.
    pub index: String,
    /// The dummy's index in the floor pass.
    pub dummy_value: f64,
    /// Its interval's lower end.
    pub dummy_ci_low: f64,
    /// Its interval's upper end.
    pub dummy_ci_high: f64,
    /// The largest change of a parameter's index between the passes.
    pub seed_spread: f64,
    /// The floor.
    pub floor: f64,
}

/// One parameter in a metric's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Parameter path, or `dummy`.
    pub parameter: String,
    /// Its indices in the method's order ([`IndexKind::of`]).
    pub indices: Vec<Estimate>,
    /// Whether it stands above the noise floor: its first-order or total
    /// index (Sobol), or its μ or μ* (Morris), above that index's floor
    /// (see [`IndexKind::tests_noise`]).
    pub above_floor: bool,
}

/// A finished sensitivity analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityResults {
    /// Its manifest.
    pub manifest: SweepManifest,
    /// Sobol or Morris.
    pub method: SensitivityMethod,
    /// `indices.csv`.
    pub indices: Vec<IndexRow>,
    /// `floor.csv`.
    pub floors: Vec<FloorRow>,
}

fn read_rows<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, OutputError> {
    // Either style: a folder written with `--csv excel-nl` reads back too.
    let bytes = read_csv_file(path, CSV_LIMIT, "a CSV file of a sensitivity analysis")?;
    csv::Reader::from_reader(bytes.as_slice())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| OutputError::Unreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
}

impl SensitivityResults {
    /// Reads the folder `dir`.
    pub fn read(dir: &Path) -> Result<Self, OutputError> {
        let manifest = SweepManifest::read(&dir.join(layout::MANIFEST))?;
        let method = match manifest.method.as_str() {
            "morris" => SensitivityMethod::Morris,
            _ => SensitivityMethod::Sobol,
        };
        Ok(Self {
            indices: read_rows(&dir.join(layout::INDICES))?,
            floors: read_rows(&dir.join(layout::FLOOR))?,
            manifest,
            method,
        })
    }

    /// The metrics, in file order.
    pub fn metrics(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for row in &self.indices {
            if !out.contains(&row.metric.as_str()) {
                out.push(&row.metric);
            }
        }
        out
    }

    /// The floor of `metric`'s index `kind` (0 when absent).
    pub fn floor(&self, metric: &str, kind: IndexKind) -> f64 {
        self.floor_row(metric, kind).map_or(0.0, |f| f.floor)
    }

    /// The `floor.csv` row of `metric`'s index `kind`.
    pub fn floor_row(&self, metric: &str, kind: IndexKind) -> Option<&FloorRow> {
        self.floors
            .iter()
            .find(|f| f.metric == metric && f.index == kind.name())
    }

    /// The parameters of `metric`, sorted by the headline index (largest
    /// first; the dummy last whatever its value).
    pub fn ranking(&self, metric: &str) -> Vec<Ranked> {
        let kinds = IndexKind::of(self.method);
        let headline = IndexKind::headline(self.method);
        let at = kinds.iter().position(|k| *k == headline).unwrap_or(0);
        let mut out: Vec<Ranked> = Vec::new();
        for row in self.indices.iter().filter(|r| r.metric == metric) {
            let Some(k) = kinds.iter().position(|k| k.name() == row.index) else {
                continue;
            };
            let i = match out.iter().position(|r| r.parameter == row.parameter) {
                Some(i) => i,
                None => {
                    out.push(Ranked {
                        parameter: row.parameter.clone(),
                        indices: vec![Estimate::default(); kinds.len()],
                        above_floor: false,
                    });
                    out.len() - 1
                }
            };
            out[i].indices[k] = Estimate {
                value: row.value,
                ci_low: row.ci_low,
                ci_high: row.ci_high,
            };
        }
        let tests: Vec<(usize, f64)> = kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.tests_noise())
            .map(|(i, k)| (i, self.floor(metric, *k)))
            .collect();
        for r in &mut out {
            r.above_floor = tests
                .iter()
                .any(|&(i, floor)| above_floor(r.indices[i].value, floor));
        }
        let is_dummy = |r: &Ranked| r.parameter == crate::experiment::sensitivity::DUMMY;
        out.sort_by(|a, b| {
            is_dummy(a).cmp(&is_dummy(b)).then(
                b.indices[at]
                    .value
                    .abs()
                    .total_cmp(&a.indices[at].value.abs()),
            )
        });
        out
    }
}
