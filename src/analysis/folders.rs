//! Reading finished output folders back, and comparing them
//! (`buurtsim compare DIR_A DIR_B ...`).
//!
//! A folder is read through its `manifest.toml` (seed, replications,
//! version, input hash) and `replications.csv` (one row per replication).
//! Two folders are compared with paired differences per replication index
//! when their manifests show the same seed and the same replication
//! indices (common random numbers), and with Welch's interval otherwise;
//! every row says which.

use crate::experiment::compare::{Method, LEVEL};
use crate::experiment::relevance::{assess, Assessment, Thresholds};
use crate::files::csv_limit;
use crate::model::{metric_index, METRICS};
use crate::output::csvfiles::relevance_fields;
use crate::output::format::csv_f64;
use crate::output::names::printable;
use crate::output::OutputError;
use crate::stats::{t_interval, welch_interval, Interval, RunningMoments};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a comparison needs from one output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// The folder.
    pub path: PathBuf,
    /// Scenario id from the manifest.
    pub id: String,
    /// Master seed.
    pub seed: u64,
    /// buurtsim version that wrote it.
    pub version: String,
    /// Replication indices, in file order.
    pub replications: Vec<u64>,
    /// `values[r][m]`: metric `m` (in [`METRICS`] order) of row `r`.
    pub values: Vec<Vec<f64>>,
    /// The minimal relevant differences the scenario's `[relevance]` sets
    /// (used when it is the reference; `compare --relevant` adds to them).
    pub thresholds: Thresholds,
    /// The measured years and warm-up the run covered (from the manifest).
    pub horizon: Horizon,
    /// Per series of `timeseries.csv`, its mean over replications in each
    /// whole measured year (year 1 first): the mean of that year's twelve
    /// monthly means, which for a flow (annualised monthly amounts) is the
    /// year's amount. Empty when the folder has no `timeseries.csv`.
    pub yearly: BTreeMap<String, Vec<f64>>,
    /// The scenario's uncertain inputs, drawn per replication (its
    /// `[uncertainty]`), each as `key (triangular 0.6–0.7–0.9)`: when any,
    /// the intervals include parameter uncertainty, not only simulation
    /// noise, and the texts say so. Empty for older folders.
    pub uncertain: Vec<String>,
}

/// What a folder's yearly metrics add up over: the measured years (the
/// manifest's `months` / 12: `run.years` after `run.warmup_years`) and the
/// warm-up before them. Why here: a cumulative ledger multiplies a yearly
/// amount by the years it was measured over, and says over which.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Horizon {
    /// Measured years (`run.years`); NaN when the manifest does not say.
    pub years: f64,
    /// Warm-up years before them (`run.warmup_years`); NaN when unknown.
    pub warmup_years: f64,
}

impl Horizon {
    /// `years` measured years after `warmup_years` of warm-up.
    pub fn new(years: f64, warmup_years: f64) -> Self {
        Self {
            years,
            warmup_years,
        }
    }

    /// From a manifest's `months` and its resolved scenario's
    /// `run.warmup_years`; NaN for what it lacks.
    fn of_manifest(manifest: &toml::Table) -> Self {
        let years = manifest
            .get("months")
            .and_then(toml::Value::as_integer)
            .filter(|m| *m > 0)
            .map_or(f64::NAN, |m| m as f64 / 12.0);
        let warmup_years = manifest
            .get("resolved_scenario")
            .and_then(toml::Value::as_str)
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|t| {
                let run = t.get("run")?.as_table()?;
                let w = run.get("warmup_years")?;
                w.as_float().or_else(|| w.as_integer().map(|i| i as f64))
            })
            .unwrap_or(f64::NAN);
        Self::new(years, warmup_years)
    }
}

fn read_error(path: &Path, what: impl Into<String>) -> OutputError {
    OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: what.into(),
    }
}

/// The replication count the manifest states and the most its
/// `replications.csv` may hold: a row per replication, a column per metric
/// and one for the index. Clamped to what a scenario may ask for (1,000,000
/// replications), so an edited manifest cannot lift the bound without end.
fn replications_csv_limit(manifest: &toml::Table) -> (u64, u64) {
    let number = |name: &str| manifest.get(name).and_then(|v| v.as_integer());
    let rows = number("replications").unwrap_or(1).clamp(1, 1_000_000) as u64;
    let metrics = number("metrics")
        .unwrap_or(0)
        .clamp(METRICS.len() as i64, 10 * METRICS.len() as i64) as u64;
    (rows, csv_limit(rows, metrics + 1))
}

/// Read an output folder written by `buurtsim run`.
pub fn read_folder(dir: &Path) -> Result<Folder, OutputError> {
    let manifest_path = dir.join(crate::output::layout::MANIFEST);
    if !manifest_path.is_file() {
        return Err(read_error(dir, not_an_output_folder(dir)));
    }
    let text = crate::output::manifest::read_manifest_text(&manifest_path)
        .map_err(|e| read_error(&manifest_path, e.to_string()))?;
    let manifest: toml::Table =
        crate::output::toml_error::parse(&manifest_path, &text, "run the scenario again")?;
    if let Some(kind @ ("sweep" | "sensitivity")) = manifest.get("kind").and_then(|k| k.as_str()) {
        return Err(OutputError::Refused {
            reason: format!(
                "{} is the output of `buurtsim {kind}`, not of `buurtsim run`: its rows are \
                 design points, not one scenario's replications; read it with `buurtsim report \
                 {}`, or compare run folders",
                dir.display(),
                dir.display()
            ),
        });
    }
    let changed = "the file was changed after buurtsim wrote it; run the scenario again";
    let field = |name: &str| {
        manifest.get(name).ok_or_else(|| {
            read_error(
                &manifest_path,
                format!("the field `{name}` is missing ({changed})"),
            )
        })
    };
    let id = field("scenario_id")?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let seed = field("seed")?
        .as_integer()
        .filter(|s| *s >= 0)
        .ok_or_else(|| {
            read_error(
                &manifest_path,
                format!("the field `seed` is not a whole number of 0 or more ({changed})"),
            )
        })? as u64;
    let version = field("buurtsim_version")?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let thresholds = manifest
        .get("resolved_scenario")
        .and_then(|v| v.as_str())
        .and_then(|text| toml::from_str::<toml::Table>(text).ok())
        .map(|resolved| Thresholds::from_resolved(&resolved))
        .unwrap_or_default();

    let uncertain = uncertain_inputs(&manifest);
    let (replications, values) = read_replications(dir, &manifest, &id)?;
    let yearly = read_yearly(dir, &manifest)?;
    Ok(Folder {
        yearly,
        path: dir.to_path_buf(),
        horizon: Horizon::of_manifest(&manifest),
        id,
        seed,
        version,
        replications,
        values,
        thresholds,
        uncertain,
    })
}

/// The uncertain inputs of the manifest's resolved scenario, described
/// ([`Folder::uncertain`]); none when it has no `[uncertainty]` or it does
/// not read. A run's and a sweep's manifest alike.
pub fn uncertain_inputs(manifest: &toml::Table) -> Vec<String> {
    let scenario = manifest
        .get("resolved_scenario")
        .and_then(|v| v.as_str())
        .and_then(|text| toml::from_str::<crate::scenario::Scenario>(text).ok());
    scenario.map_or_else(Vec::new, |s| crate::scenario::describe_uncertainty(&s))
}

/// The yearly means of every series of a folder's `timeseries.csv`
/// ([`Folder::yearly`]); empty when there is none. Bounded by the months
/// and series the manifest states.
fn read_yearly(
    dir: &Path,
    manifest: &toml::Table,
) -> Result<BTreeMap<String, Vec<f64>>, OutputError> {
    let path = dir.join(crate::output::layout::TIMESERIES);
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let number = |name: &str| manifest.get(name).and_then(|v| v.as_integer());
    let months = number("months").unwrap_or(12).clamp(12, 12 * 1000) as u64;
    let series = number("series").unwrap_or(1).clamp(1, 1000) as u64;
    let limit = csv_limit(months * series, 11);
    let what = format!("a timeseries.csv of {months} months");
    let bytes = crate::output::dialect::read_csv_file(&path, limit, &what)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| read_error(&path, e.to_string()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| read_error(&path, format!("no `{name}` column")))
    };
    let (month_col, metric_col, mean_col) = (col("month")?, col("metric")?, col("mean")?);
    let mut monthly: BTreeMap<String, Vec<(u64, f64)>> = BTreeMap::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| read_error(&path, e.to_string()))?;
        let field = |c: usize| record.get(c).unwrap_or("");
        let (Ok(month), Ok(mean)) = (field(month_col).parse(), field(mean_col).parse()) else {
            return Err(read_error(
                &path,
                format!("line {}: month or mean is not a number", line + 2),
            ));
        };
        monthly
            .entry(field(metric_col).to_string())
            .or_default()
            .push((month, mean));
    }
    Ok(monthly
        .into_iter()
        .map(|(metric, mut v)| {
            v.sort_by_key(|(month, _)| *month);
            let means: Vec<f64> = v.into_iter().map(|(_, x)| x).collect();
            let years = means.chunks_exact(12).map(|y| y.iter().sum::<f64>() / 12.0);
            (metric, years.collect())
        })
        .collect())
}

/// The rows of a folder's `replications.csv`: replication indices and
/// metric values in [`METRICS`] order (NaN for a metric the folder lacks).
/// Columns are found by name, so both layouts read: the current one
/// (`scenario, replication, <metrics>`) and the one before it, without the
/// `scenario` column. Where the column is there, every row must name the
/// manifest's scenario: a row pasted in from another folder is refused.
fn read_replications(
    dir: &Path,
    manifest: &toml::Table,
    id: &str,
) -> Result<(Vec<u64>, Vec<Vec<f64>>), OutputError> {
    let csv_path = dir.join(crate::output::layout::REPLICATIONS);
    // Plain or written for Dutch Excel (`--csv excel-nl`): both read, and
    // no larger than the manifest's replications and metrics allow.
    let (rows, limit) = replications_csv_limit(manifest);
    let what = format!("a replications.csv of {rows} replications");
    let bytes = crate::output::dialect::read_csv_file(&csv_path, limit, &what)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| read_error(&csv_path, e.to_string()))?
        .clone();
    // Columns by name, so folders from a version with extra metrics still compare.
    let replication_col = header
        .iter()
        .position(|h| h == "replication")
        .ok_or_else(|| read_error(&csv_path, "no `replication` column"))?;
    let scenario_col = header.iter().position(|h| h == "scenario");
    let columns: Vec<Option<usize>> = METRICS
        .iter()
        .map(|m| header.iter().position(|h| h == m.name))
        .collect();
    let mut replications = Vec::new();
    let mut values = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| read_error(&csv_path, e.to_string()))?;
        if let Some(col) = scenario_col {
            let named = record.get(col).unwrap_or("");
            if named != id {
                return Err(read_error(
                    &csv_path,
                    format!(
                        "line {}: the scenario `{}` is not this folder's (`{}`); \
                         the file was changed after buurtsim wrote it; run the scenario again",
                        line + 2,
                        printable(named),
                        printable(id)
                    ),
                ));
            }
        }
        let number = |col: usize| -> Result<f64, OutputError> {
            record.get(col).unwrap_or("").parse::<f64>().map_err(|_| {
                read_error(
                    &csv_path,
                    format!(
                        "line {}: column {} is not a number",
                        line + 2,
                        header.get(col).unwrap_or("?")
                    ),
                )
            })
        };
        replications.push(number(replication_col)? as u64);
        values.push(
            columns
                .iter()
                .map(|c| match c {
                    Some(col) => number(*col),
                    None => Ok(f64::NAN),
                })
                .collect::<Result<Vec<f64>, _>>()?,
        );
    }
    if replications.is_empty() {
        return Err(read_error(&csv_path, "no replications"));
    }
    Ok((replications, values))
}

/// Why `dir` (which has no `manifest.toml`) cannot be compared, and what
/// to give instead.
fn not_an_output_folder(dir: &Path) -> String {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Err(_) => "there is no such folder; give a scenario folder written by `buurtsim run`, \
                   such as out/baseline"
            .to_string(),
        Ok(meta) if !meta.is_dir() => "it is a file, not a folder; give a scenario folder \
                                       written by `buurtsim run`, such as out/baseline"
            .to_string(),
        Ok(_) => {
            // A run folder holds one folder per scenario: name them.
            let mut inside: Vec<String> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter(|e| e.path().join(crate::output::layout::MANIFEST).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            inside.sort();
            match inside.as_slice() {
                [] => "it is not a buurtsim output folder (it has no manifest.toml); give a \
                       scenario folder written by `buurtsim run`, such as out/baseline"
                    .to_string(),
                [first, ..] => format!(
                    "it is a run folder holding the scenario folders {}; compare those, \
                     e.g. {shown}/{first}",
                    inside
                        .iter()
                        .map(|n| format!("{n}/"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    }
}

/// One metric of one folder against the reference folder.
#[derive(Debug, Clone, PartialEq)]
pub struct FolderDifference {
    /// Metric name.
    pub metric: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Reference mean.
    pub reference_mean: f64,
    /// The other folder's mean.
    pub mean: f64,
    /// Difference (other - reference) with its 95% interval.
    pub difference: Interval,
    /// How the interval was computed.
    pub method: Method,
    /// Half-width of the Welch interval divided by the half-width of the
    /// paired one: how much narrower common random numbers made it (only
    /// for paired comparisons).
    pub narrowing: Option<f64>,
    /// Relative change, minimal relevant difference and relevance class.
    pub relevance: Assessment,
}

/// Mean of `residents` over a folder's replications: what a cost
/// threshold scales with (NaN when the column is missing or empty).
pub fn mean_residents(folder: &Folder) -> f64 {
    metric_index("residents").map_or(f64::NAN, |k| {
        RunningMoments::from_slice(&folder.values.iter().map(|v| v[k]).collect::<Vec<_>>()).mean()
    })
}

/// Compare `other` with `reference` on every metric.
pub fn compare_folders(reference: &Folder, other: &Folder) -> Vec<FolderDifference> {
    let paired = reference.seed == other.seed && reference.replications == other.replications;
    let method = if paired {
        Method::Paired
    } else {
        Method::Welch
    };
    let residents = mean_residents(reference);
    METRICS
        .iter()
        .enumerate()
        .map(|(m, def)| {
            let a = RunningMoments::from_slice(
                &reference.values.iter().map(|v| v[m]).collect::<Vec<_>>(),
            );
            let b =
                RunningMoments::from_slice(&other.values.iter().map(|v| v[m]).collect::<Vec<_>>());
            let welch = welch_interval(&a, &b, LEVEL);
            let (difference, narrowing) = if paired {
                let d: Vec<f64> = reference
                    .values
                    .iter()
                    .zip(&other.values)
                    .map(|(x, y)| y[m] - x[m])
                    .collect();
                let interval = t_interval(&RunningMoments::from_slice(&d), LEVEL);
                let ratio = welch.half_width() / interval.half_width();
                (interval, ratio.is_finite().then_some(ratio))
            } else {
                (welch, None)
            };
            let relevance = assess(
                &reference.thresholds,
                def.name,
                def.unit,
                a.mean(),
                b.mean(),
                residents,
                &difference,
            );
            FolderDifference {
                metric: def.name,
                unit: def.unit,
                reference_mean: a.mean(),
                mean: b.mean(),
                difference,
                method,
                narrowing,
                relevance,
            }
        })
        .collect()
}

/// `comparison.csv` for folders: one row per metric and compared folder.
pub fn folder_comparison_csv(
    reference: &Folder,
    others: &[(Folder, Vec<FolderDifference>)],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "metric",
        "unit",
        "reference",
        "reference_mean",
        "scenario",
        "scenario_mean",
        "diff_mean",
        "diff_ci_low",
        "diff_ci_high",
        "n",
        "method",
        "paired_narrowing",
        "relative_change",
        "relevant_difference",
        "relevance",
    ])?;
    for (folder, rows) in others {
        for row in rows {
            let [relative, threshold, class] = relevance_fields(&row.relevance);
            w.write_record([
                row.metric,
                row.unit,
                reference.id.as_str(),
                &csv_f64(row.reference_mean),
                folder.id.as_str(),
                &csv_f64(row.mean),
                &csv_f64(row.difference.mean),
                &csv_f64(row.difference.low),
                &csv_f64(row.difference.high),
                &row.difference.n.to_string(),
                row.method.as_str(),
                &row.narrowing.map(csv_f64).unwrap_or_default(),
                &relative,
                &threshold,
                &class,
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The comparison table of the key metrics for the terminal, as `run`
/// prints it ([`crate::output::table::render`]): `names` are the
/// scenarios' `name`s, the reference's first; every line fits `width`.
/// How much narrower pairing made each interval is in `comparison.csv`
/// (`paired_narrowing`).
pub fn folder_comparison_table(
    reference: &Folder,
    others: &[(Folder, Vec<FolderDifference>)],
    names: &[String],
    metrics: &[(&str, &str)],
    width: usize,
) -> String {
    use crate::output::table::{render, ComparedScenario, ComparisonView, Named, RowValues};
    let rows: Vec<(usize, &str)> = metrics
        .iter()
        .filter_map(|&(name, label)| Some((metric_index(name)?, label)))
        .collect();
    let named = |folder: &Folder, i: usize| Named {
        id: folder.id.clone(),
        name: names.get(i).cloned().unwrap_or_default(),
    };
    let scenarios = others
        .iter()
        .enumerate()
        .map(|(i, (folder, diffs))| ComparedScenario {
            named: named(folder, i + 1),
            method: diffs.first().map_or(Method::Welch, |d| d.method),
            rows: rows
                .iter()
                .map(|&(k, _)| {
                    let d = &diffs[k];
                    RowValues {
                        unit: d.unit,
                        reference_mean: d.reference_mean,
                        mean: d.mean,
                        difference: d.difference,
                        assessment: d.relevance,
                    }
                })
                .collect(),
        })
        .collect();
    render(
        &ComparisonView {
            reference: named(reference, 0),
            replications: others.first().map_or(0, |o| o.0.replications.len()),
            scenarios,
            labels: rows.iter().map(|r| r.1).collect(),
        },
        width,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with `manifest.toml` and the given `replications.csv`.
    fn folder_with(replications_csv: &str) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let manifest = "buurtsim_version = \"0.1.0\"\nscenario_id = \"a\"\nseed = 7\n\
                        replications = 2\nmetrics = 1\nmonths = 24\n\
                        resolved_scenario = \"[run]\\nyears = 2\\nwarmup_years = 1\\n\"\n";
        std::fs::write(tmp.path().join("manifest.toml"), manifest).unwrap();
        std::fs::write(tmp.path().join("replications.csv"), replications_csv).unwrap();
        tmp
    }

    /// Folders written before issue 19 have no `scenario` column: they
    /// still read, with the same values as the current layout.
    #[test]
    fn the_old_layout_without_a_scenario_column_still_reads() {
        let old = folder_with("replication,residents\n0,100\n1,102\n");
        let new = folder_with("scenario,replication,residents\na,0,100\na,1,102\n");
        let (old, new) = (
            read_folder(old.path()).unwrap(),
            read_folder(new.path()).unwrap(),
        );
        assert_eq!(old.replications, vec![0, 1]);
        assert_eq!(old.replications, new.replications);
        let residents = metric_index("residents").unwrap();
        assert_eq!(old.values[1][residents], 102.0);
        assert_eq!(
            old.values.iter().map(|v| v[residents]).collect::<Vec<_>>(),
            new.values.iter().map(|v| v[residents]).collect::<Vec<_>>()
        );
        assert_eq!(new.horizon, Horizon::new(2.0, 1.0));
        assert!(new.yearly.is_empty(), "no timeseries.csv");
    }

    /// A row that names another scenario was pasted in from elsewhere.
    #[test]
    fn a_row_of_another_scenario_is_refused() {
        let dir = folder_with("scenario,replication,residents\na,0,100\nb,1,102\n");
        let err = read_folder(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("line 3: the scenario `b` is not this folder's (`a`)"),
            "{err}"
        );
    }
}
