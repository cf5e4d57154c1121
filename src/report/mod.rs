//! The report (`buurtsim report DIR... -o report.html`): one self-contained
//! HTML page with inline SVG charts, for alliance boards.
//!
//! - [`load`] reads finished output folders: a multi-scenario run folder
//!   (the reference is the first scenario of its `comparison.csv`), one or
//!   more scenario folders (the first is the reference), or a sweep folder;
//! - [`render`] writes the page: reading guide, key figures with 95%
//!   intervals, the shift ledger per scenario, GP contacts and waiting
//!   time, monthly series with bands, cost by payer, sweep charts, the
//!   assumptions that differ from the reference, and seed, replications
//!   and version.
//!
//! The page loads nothing: no scripts, fonts, style sheets or images from
//! elsewhere; the charts are SVG drawn with `plotters` and written into
//! the page, their text as SVG `<text>` in the reader's sans-serif font.

pub mod charts;
pub mod html;
pub mod i18n;

pub use i18n::Lang;

use crate::analysis::folders::{read_folder, Folder};
use crate::output::toml_error;
use crate::output::OutputError;
use crate::stats::Interval;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One monthly value of a series: mean and its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthValue {
    /// Month after warm-up, from 1.
    pub month: u32,
    /// Mean over replications.
    pub mean: f64,
    /// 95% interval of the mean (`ci_low`).
    pub low: f64,
    /// 95% interval of the mean (`ci_high`).
    pub high: f64,
}

/// One scenario's output folder, read for the report.
#[derive(Debug, Clone)]
pub struct ScenarioData {
    /// The replications, as `compare` reads them.
    pub folder: Folder,
    /// The scenario's `name`.
    pub name: String,
    /// The scenario's `description` (may be empty).
    pub description: String,
    /// The scenario's `description_nl`, in Dutch (may be empty).
    pub description_nl: String,
    /// The resolved scenario, parsed.
    pub resolved: toml::Table,
    /// Monthly series by metric name (from `timeseries.csv`).
    pub series: BTreeMap<String, Vec<MonthValue>>,
}

impl ScenarioData {
    /// The description in the report's language, or the other one when
    /// that is all the scenario has.
    pub fn description_in(&self, dutch: bool) -> &str {
        let (first, second) = if dutch {
            (&self.description_nl, &self.description)
        } else {
            (&self.description, &self.description_nl)
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// Point number.
    pub point: u64,
    /// The swept values, in [`SweepData::parameters`] order.
    pub values: Vec<f64>,
    /// Mean and 95% interval of each metric, by name.
    pub metrics: BTreeMap<String, Interval>,
}

/// A sweep folder, read for the report.
#[derive(Debug, Clone)]
pub struct SweepData {
    /// The folder.
    pub path: PathBuf,
    /// Scenario id.
    pub id: String,
    /// Scenario name.
    pub name: String,
    /// `grid` or `lhs`.
    pub method: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per point.
    pub replications: u64,
    /// buurtsim version.
    pub version: String,
    /// Swept parameter paths.
    pub parameters: Vec<String>,
    /// The points, in order.
    pub points: Vec<SweepPoint>,
}

/// What a report shows.
#[derive(Debug, Clone)]
pub enum ReportInput {
    /// Scenarios; the first is the reference.
    Run(Vec<ScenarioData>),
    /// A sweep.
    Sweep(SweepData),
}

/// A CSV file of an output folder, plain or written for Dutch Excel
/// (`--csv excel-nl`), as plain CSV bytes.
fn read_csv_file(path: &Path) -> Result<Vec<u8>, OutputError> {
    crate::output::dialect::read_csv_file(
        path,
        crate::files::CSV_LIMIT,
        "a CSV file of an output folder",
    )
}

fn unreadable(path: &Path, reason: impl Into<String>) -> OutputError {
    OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn read_table(path: &Path) -> Result<toml::Table, OutputError> {
    let text = crate::output::manifest::read_manifest_text(path)
        .map_err(|e| unreadable(path, e.to_string()))?;
    toml_error::parse(path, &text, "run the scenario again")
}

/// Read the folders named on the command line.
///
/// Each is a scenario folder (with `manifest.toml`), a run folder (with
/// scenario subfolders) or a sweep folder (alone). Mixing buurtsim
/// versions is refused, as `buurtsim compare` refuses it.
pub fn load(dirs: &[PathBuf]) -> Result<ReportInput, OutputError> {
    let mut scenario_dirs = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            return Err(unreadable(
                dir,
                "no such folder (give output folders written by `buurtsim run` or `buurtsim sweep`)",
            ));
        }
        let manifest = dir.join(crate::output::layout::MANIFEST);
        if manifest.is_file() {
            let table = read_table(&manifest)?;
            if table.get("kind").and_then(|k| k.as_str()) == Some("sweep") {
                if dirs.len() > 1 {
                    return Err(OutputError::Refused {
                        reason: format!(
                            "{} is a sweep folder: a report shows one sweep on its own; \
                             give it as the only folder",
                            dir.display()
                        ),
                    });
                }
                return load_sweep(dir, &table).map(ReportInput::Sweep);
            }
            scenario_dirs.push(dir.clone());
        } else {
            let found = run_folder_scenarios(dir)?;
            if found.is_empty() {
                return Err(unreadable(
                    dir,
                    "not a buurtsim output folder: no manifest.toml in it or in its subfolders",
                ));
            }
            scenario_dirs.extend(found);
        }
    }
    let mut scenarios = Vec::new();
    for dir in &scenario_dirs {
        scenarios.push(load_scenario(dir)?);
    }
    let reference = &scenarios[0].folder;
    if let Some(other) = scenarios
        .iter()
        .find(|s| s.folder.version != reference.version)
    {
        return Err(OutputError::Refused {
            reason: format!(
                "{} was written by buurtsim {} and {} by buurtsim {}: results of different \
                 versions differ for reasons other than the scenario; rerun one of them",
                reference.path.display(),
                reference.version,
                other.folder.path.display(),
                other.folder.version
            ),
        });
    }
    // Scenario ids label the charts: make them unique.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut scenarios {
        let count = seen.entry(s.folder.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            s.folder.id = format!("{} ({})", s.folder.id, count);
        }
    }
    Ok(ReportInput::Run(scenarios))
}

/// The scenario subfolders of a run folder, reference first: the order of
/// its `comparison.csv` when there is one, then the others by name.
fn run_folder_scenarios(dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| unreadable(dir, e.to_string()))?;
    let mut subfolders: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join(crate::output::layout::MANIFEST).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    subfolders.sort();
    let mut order: Vec<String> = Vec::new();
    let comparison = dir.join(crate::output::layout::COMPARISON);
    if comparison.is_file() {
        let bytes = read_csv_file(&comparison)?;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header = reader
            .headers()
            .map_err(|e| unreadable(&comparison, e.to_string()))?
            .clone();
        let col = |name: &str| header.iter().position(|h| h == name);
        if let (Some(reference), Some(scenario)) = (col("baseline"), col("scenario")) {
            for record in reader.records() {
                let record = record.map_err(|e| unreadable(&comparison, e.to_string()))?;
                for c in [reference, scenario] {
                    let id = record.get(c).unwrap_or("").to_string();
                    if subfolders.contains(&id) && !order.contains(&id) {
                        order.push(id);
                    }
                }
            }
        }
    }
    for name in subfolders {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    Ok(order.into_iter().map(|n| dir.join(n)).collect())
}

fn load_scenario(dir: &Path) -> Result<ScenarioData, OutputError> {
    let manifest_path = dir.join(crate::output::layout::MANIFEST);
    let manifest = read_table(&manifest_path)?;
    if let Some(shard) = manifest.get("shard").and_then(|s| s.as_str()) {
        return Err(unreadable(
            &manifest_path,
            format!(
                "this is shard {shard} of a run, not a finished output; join the shards \
                 with `buurtsim merge` first"
            ),
        ));
    }
    let folder = read_folder(dir)?;
    let text_field = |name: &str| {
        manifest
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let resolved_text = text_field("resolved_scenario");
    let resolved: toml::Table = toml::from_str(&resolved_text).map_err(|e| {
        unreadable(
            &manifest_path,
            format!(
                "`resolved_scenario` is not valid TOML: {} of resolved_scenario ({}; \
                 run the scenario again)",
                toml_error::describe(&resolved_text, &e),
                toml_error::CHANGED
            ),
        )
    })?;
    let text = |key: &str| {
        resolved
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (description, description_nl) = (text("description"), text("description_nl"));
    let series = read_timeseries(&dir.join(crate::output::layout::TIMESERIES))?;
    Ok(ScenarioData {
        folder,
        name: text_field("scenario_name"),
        description,
        description_nl,
        resolved,
        series,
    })
}

fn read_timeseries(path: &Path) -> Result<BTreeMap<String, Vec<MonthValue>>, OutputError> {
    let bytes = read_csv_file(path)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| unreadable(path, e.to_string()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| unreadable(path, format!("no `{name}` column")))
    };
    let (month, metric, mean, low, high) = (
        col("month")?,
        col("metric")?,
        col("mean")?,
        col("ci_low")?,
        col("ci_high")?,
    );
    let mut series: BTreeMap<String, Vec<MonthValue>> = BTreeMap::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(path, e.to_string()))?;
        let number = |c: usize| -> Result<f64, OutputError> {
            record.get(c).unwrap_or("").parse::<f64>().map_err(|_| {
                unreadable(
                    path,
                    format!(
                        "line {}: column {} is not a number",
                        line + 2,
                        header.get(c).unwrap_or("?")
                    ),
                )
            })
        };
        series
            .entry(record.get(metric).unwrap_or("").to_string())
            .or_default()
            .push(MonthValue {
                month: number(month)? as u32,
                mean: number(mean)?,
                low: number(low)?,
                high: number(high)?,
            });
    }
    Ok(series)
}

fn load_sweep(dir: &Path, manifest: &toml::Table) -> Result<SweepData, OutputError> {
    let manifest_path = dir.join(crate::output::layout::MANIFEST);
    let get = |name: &str| {
        manifest
            .get(name)
            .ok_or_else(|| unreadable(&manifest_path, format!("no `{name}` field")))
    };
    let string = |name: &str| -> Result<String, OutputError> {
        Ok(get(name)?.as_str().unwrap_or_default().to_string())
    };
    let integer = |name: &str| -> Result<u64, OutputError> {
        get(name)?
            .as_integer()
            .map(|i| i as u64)
            .ok_or_else(|| unreadable(&manifest_path, format!("`{name}` is not an integer")))
    };
    let parameters: Vec<String> = get("parameters")?
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let path = dir.join(crate::output::layout::POINTS);
    let bytes = read_csv_file(&path)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| unreadable(&path, e.to_string()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| unreadable(&path, format!("no `{name}` column")))
    };
    let param_cols = parameters
        .iter()
        .map(|p| col(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (point, metric, mean, low, high, n) = (
        col("point")?,
        col("metric")?,
        col("mean")?,
        col("ci_low")?,
        col("ci_high")?,
        col("n")?,
    );
    let mut points: Vec<SweepPoint> = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(&path, e.to_string()))?;
        let number = |c: usize| -> Result<f64, OutputError> {
            record.get(c).unwrap_or("").parse::<f64>().map_err(|_| {
                unreadable(
                    &path,
                    format!(
                        "line {}: column {} is not a number",
                        line + 2,
                        header.get(c).unwrap_or("?")
                    ),
                )
            })
        };
        let p = number(point)? as u64;
        if points.last().map(|l| l.point) != Some(p) {
            points.push(SweepPoint {
                point: p,
                values: param_cols
                    .iter()
                    .map(|&c| number(c))
                    .collect::<Result<_, _>>()?,
                metrics: BTreeMap::new(),
            });
        }
        let interval = Interval {
            mean: number(mean)?,
            low: number(low)?,
            high: number(high)?,
            n: number(n)? as u64,
        };
        points
            .last_mut()
            .expect("pushed above")
            .metrics
            .insert(record.get(metric).unwrap_or("").to_string(), interval);
    }
    if points.is_empty() {
        return Err(unreadable(&path, "no points"));
    }
    Ok(SweepData {
        path: dir.to_path_buf(),
        id: string("scenario_id")?,
        name: string("scenario_name")?,
        method: string("method")?,
        seed: integer("seed")?,
        replications: integer("replications")?,
        version: string("buurtsim_version")?,
        parameters,
        points,
    })
}

/// A setting that differs between the reference and a scenario: dotted
/// key, the reference's value and the scenario's (`None`: not set).
pub type SettingDifference = (String, Option<String>, Option<String>);

/// The settings of `scenario` that differ from `reference`, key by key
/// (tables flattened to dotted keys; `name` and `description` left out).
pub fn assumption_differences(
    reference: &toml::Table,
    scenario: &toml::Table,
) -> Vec<SettingDifference> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", reference, &mut a);
    flatten("", scenario, &mut b);
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| !matches!(k.as_str(), "name" | "description" | "description_nl"))
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| (k.clone(), a.get(k).cloned(), b.get(k).cloned()))
        .collect()
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            // An empty table sets nothing: only its keys count.
            toml::Value::Table(t) => flatten(&path, t, out),
            other => {
                out.insert(path, other.to_string());
            }
        }
    }
}

/// The whole page for `input` in `lang`.
pub fn render(input: &ReportInput, lang: Lang) -> Result<String, String> {
    match input {
        ReportInput::Run(scenarios) => html::run_page(scenarios, lang),
        ReportInput::Sweep(sweep) => html::sweep_page(sweep, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_key_by_key() {
        let a: toml::Table =
            toml::from_str("name = \"a\"\n[gp]\nfte = 5.5\n[run]\nseed = 1\n").unwrap();
        let b: toml::Table = toml::from_str(
            "name = \"b\"\n[gp]\nfte = 6.0\n[run]\nseed = 1\n[interventions.x]\nuptake = 0.5\n",
        )
        .unwrap();
        let d = assumption_differences(&a, &b);
        assert_eq!(
            d,
            vec![
                ("gp.fte".into(), Some("5.5".into()), Some("6.0".into())),
                ("interventions.x.uptake".into(), None, Some("0.5".into())),
            ]
        );
    }
}
