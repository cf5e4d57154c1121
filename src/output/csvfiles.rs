//! The CSV files: `replications.csv`, `summary.csv`, `timeseries.csv` and
//! `comparison.csv`. A run writes them from its per-replication records
//! ([`super::records::write_outputs`]), streaming `replications.csv` row
//! by row through [`ReplicationFiles`].
//!
//! All are tidy, comma-separated, `\n`-terminated, with a header row, and
//! use [`csv_f64`] for numbers (`NaN` where a value is undefined, e.g. a
//! standard deviation of a single replication).
//!
//! `timeseries.csv` holds, per month after warm-up and series, the mean
//! across replications, a 95% confidence interval of that mean
//! (`mean ± t(0.975, n-1) · sd / sqrt(n)`) and a 95% band for a single
//! replication (`band_low`, `band_high` = `mean ± z(0.975) · sd`, a normal
//! approximation: true percentiles would need every replication's value in
//! memory, and the runner keeps only running moments).

use super::atomic::AtomicFile;
use super::format::csv_f64;
use super::OutputError;
use crate::experiment::compare::{difference, Method, LEVEL};
use crate::experiment::relevance::{assess, Assessment, Thresholds};
use crate::experiment::{ExperimentSummary, ReplicationSink, ScenarioRun, ScenarioSummary};
use crate::model::{metric_index, MetricDef, ReplicationResult, METRICS, SERIES};
use crate::stats::{normal_quantile, t_interval, RunningMoments};
use std::path::Path;

/// Columns of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 8] = [
    "scenario", "metric", "unit", "mean", "sd", "ci_low", "ci_high", "n",
];

/// Columns of `timeseries.csv`.
pub const TIMESERIES_HEADER: [&str; 11] = [
    "scenario",
    "month",
    "metric",
    "unit",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "band_low",
    "band_high",
    "n",
];

/// Columns of `comparison.csv`. The last three (issue 19) judge relevance
/// beside significance ([`crate::experiment::relevance`]); they come last
/// so the earlier columns keep their positions.
pub const COMPARISON_HEADER: [&str; 15] = [
    "metric",
    "unit",
    "baseline",
    "baseline_mean",
    "scenario",
    "scenario_mean",
    "diff_mean",
    "diff_sd",
    "diff_ci_low",
    "diff_ci_high",
    "n",
    "method",
    "relative_change",
    "relevant_difference",
    "relevance",
];

/// A CSV file written atomically.
pub struct CsvFile {
    w: csv::Writer<AtomicFile>,
    path: std::path::PathBuf,
}

impl CsvFile {
    /// Start the file with its header row.
    pub fn create<I, T>(path: &Path, header: I) -> Result<Self, OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let w = csv::WriterBuilder::new().from_writer(AtomicFile::create(path)?);
        let mut f = Self {
            w,
            path: path.to_path_buf(),
        };
        f.row(header)?;
        Ok(f)
    }

    /// Write one row.
    pub fn row<I, T>(&mut self, fields: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w
            .write_record(fields)
            .map_err(|e| OutputError::csv(&self.path, e))
    }

    /// Flush and rename into place.
    pub fn commit(self) -> Result<(), OutputError> {
        let path = self.path;
        let inner = self
            .w
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        inner.commit()
    }
}

/// Streams `replications.csv` of every scenario: `scenario` (the
/// scenario id, as in `summary.csv` and `timeseries.csv`, so that the files
/// of several folders stack into one table), `replication`, then one column
/// per metric. Folders written before the `scenario` column existed start
/// with `replication`; readers find columns by name and take both.
pub struct ReplicationFiles {
    files: Vec<CsvFile>,
    ids: Vec<String>,
}

/// The first columns of `replications.csv`, before the metrics.
pub const REPLICATIONS_KEY: [&str; 2] = ["scenario", "replication"];

impl ReplicationFiles {
    /// Open `folder/replications.csv` for each scenario folder, with the
    /// scenario id of each (same order).
    pub fn create(folders: &[std::path::PathBuf], ids: &[String]) -> Result<Self, OutputError> {
        assert_eq!(folders.len(), ids.len(), "one id per folder");
        let header: Vec<&str> = REPLICATIONS_KEY
            .into_iter()
            .chain(METRICS.iter().map(|m| m.name))
            .collect();
        let files = folders
            .iter()
            .map(|f| CsvFile::create(&f.join(super::layout::REPLICATIONS), &header))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            files,
            ids: ids.to_vec(),
        })
    }

    /// Rename all files into place.
    pub fn commit(self) -> Result<(), OutputError> {
        self.files.into_iter().try_for_each(CsvFile::commit)
    }
}

impl ReplicationSink for ReplicationFiles {
    type Error = OutputError;
    fn accept(&mut self, scenario: usize, r: &ReplicationResult) -> Result<(), OutputError> {
        let row = [self.ids[scenario].clone(), r.replication.to_string()]
            .into_iter()
            .chain(r.metrics.iter().map(|&x| csv_f64(x)));
        self.files[scenario].row(row)
    }
}

/// `metric, unit, mean, sd, ci_low, ci_high, n` of one metric: the
/// columns `summary.csv` and a sweep's `points.csv` share.
pub(crate) fn moment_fields(def: &MetricDef, m: &RunningMoments) -> [String; 7] {
    let ci = t_interval(m, LEVEL);
    [
        def.name.to_string(),
        def.unit.to_string(),
        csv_f64(m.mean()),
        csv_f64(m.sd()),
        csv_f64(ci.low),
        csv_f64(ci.high),
        m.n().to_string(),
    ]
}

/// Write `summary.csv`: one row per metric.
pub fn write_summary(path: &Path, id: &str, s: &ScenarioSummary) -> Result<(), OutputError> {
    let mut f = CsvFile::create(path, SUMMARY_HEADER)?;
    for (def, m) in METRICS.iter().zip(&s.metrics) {
        f.row(std::iter::once(id.to_string()).chain(moment_fields(def, m)))?;
    }
    f.commit()
}

/// Write `timeseries.csv`: one row per series and month (1 = first month
/// after warm-up), series by series.
pub fn write_timeseries(path: &Path, id: &str, s: &ScenarioSummary) -> Result<(), OutputError> {
    let z = normal_quantile(0.5 + LEVEL / 2.0);
    let mut f = CsvFile::create(path, TIMESERIES_HEADER)?;
    for (k, def) in SERIES.iter().enumerate() {
        for month in 0..s.months {
            let m = s.series_at(month, k);
            let ci = t_interval(m, LEVEL);
            let (mean, sd) = (m.mean(), m.sd());
            f.row([
                id.to_string(),
                (month + 1).to_string(),
                def.name.to_string(),
                def.unit.to_string(),
                csv_f64(mean),
                csv_f64(sd),
                csv_f64(ci.low),
                csv_f64(ci.high),
                csv_f64(mean - z * sd),
                csv_f64(mean + z * sd),
                m.n().to_string(),
            ])?;
        }
    }
    f.commit()
}

/// Write `comparison.csv`: every metric of every scenario against the
/// first one.
pub fn write_comparison(
    path: &Path,
    scenarios: &[ScenarioRun],
    summary: &ExperimentSummary,
) -> Result<(), OutputError> {
    let mut f = CsvFile::create(path, COMPARISON_HEADER)?;
    let reference = &scenarios[0];
    let residents = reference_residents(&summary.scenarios[0]);
    let thresholds = Thresholds::from_settings(&reference.scenario.relevance).unwrap_or_default();
    for (s, other) in scenarios.iter().enumerate().skip(1) {
        let method = Method::for_pair(reference, other);
        for (k, def) in METRICS.iter().enumerate() {
            let (ci, paired) = difference(summary, s, k, method);
            let (base, mean) = (
                summary.scenarios[0].metrics[k].mean(),
                summary.scenarios[s].metrics[k].mean(),
            );
            let relevance = assess(&thresholds, def.name, def.unit, base, mean, residents, &ci);
            let [relative, threshold, class] = relevance_fields(&relevance);
            f.row([
                def.name.to_string(),
                def.unit.to_string(),
                reference.id.clone(),
                csv_f64(summary.scenarios[0].metrics[k].mean()),
                other.id.clone(),
                csv_f64(summary.scenarios[s].metrics[k].mean()),
                csv_f64(ci.mean),
                csv_f64(paired.map_or(f64::NAN, |d| d.sd())),
                csv_f64(ci.low),
                csv_f64(ci.high),
                summary.scenarios[s].metrics[k].n().to_string(),
                method.as_str().to_string(),
                relative,
                threshold,
                class,
            ])?;
        }
    }
    f.commit()
}

/// The reference's mean `residents`: what a cost threshold scales with.
pub(crate) fn reference_residents(reference: &ScenarioSummary) -> f64 {
    metric_index("residents").map_or(f64::NAN, |k| reference.metrics[k].mean())
}

/// `relative_change, relevant_difference, relevance` of one difference, as
/// `comparison.csv` and `shift.csv` write them: empty where undefined (a
/// zero reference mean, no threshold, an interval of one replication).
pub fn relevance_fields(a: &Assessment) -> [String; 3] {
    [
        a.relative_change.map_or(String::new(), csv_f64),
        a.threshold.map_or(String::new(), csv_f64),
        a.relevance.map_or(String::new(), |r| r.id().to_string()),
    ]
}
