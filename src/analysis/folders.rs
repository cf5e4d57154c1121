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
use crate::output::OutputError;
use crate::stats::{t_interval, welch_interval, Interval, RunningMoments};
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

    let csv_path = dir.join(crate::output::layout::REPLICATIONS);
    // Plain or written for Dutch Excel (`--csv excel-nl`): both read, and
    // no larger than the manifest's replications and metrics allow.
    let (rows, limit) = replications_csv_limit(&manifest);
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
    let columns: Vec<Option<usize>> = METRICS
        .iter()
        .map(|m| header.iter().position(|h| h == m.name))
        .collect();
    let mut replications = Vec::new();
    let mut values = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| read_error(&csv_path, e.to_string()))?;
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
    Ok(Folder {
        path: dir.to_path_buf(),
        id,
        seed,
        version,
        replications,
        values,
        thresholds,
    })
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
