//! Reading finished output folders for the report: a run folder, scenario
//! folders, a sweep folder or a sensitivity analysis's folder, through
//! `output`'s bounded readers, into [`super::data`]'s types.
//!
//! Knows the folders' files, not the page.

use super::data::{
    MonthValue, ReportInput, ScenarioData, SensitivityData, SweepData, SweepPoint, SweptRegions,
};
use crate::analysis::folders::read_folder;
use crate::output::sensitivity_results::SensitivityResults;
use crate::output::OutputError;
use crate::output::{layout, toml_error};
use crate::scenario::REGION_PARAMETER;
use crate::stats::Interval;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
/// scenario subfolders), or a sweep or sensitivity folder (alone). Mixing
/// buurtsim versions is refused, as `buurtsim compare` refuses it.
pub fn load(dirs: &[PathBuf]) -> Result<ReportInput, OutputError> {
    let mut scenario_dirs = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            return Err(unreadable(
                dir,
                "no such folder (give output folders written by `buurtsim run` or `buurtsim sweep`)",
            ));
        }
        let manifest = dir.join(layout::MANIFEST);
        if manifest.is_file() {
            let table = read_table(&manifest)?;
            let kind = table.get("kind").and_then(|k| k.as_str());
            if let Some(kind @ ("sweep" | "sensitivity")) = kind {
                let what = if kind == "sweep" {
                    "sweep"
                } else {
                    "sensitivity analysis"
                };
                if dirs.len() > 1 {
                    return Err(OutputError::Refused {
                        reason: format!(
                            "{} is a {what} folder: a report shows one {what} on its own; \
                             give it as the only folder",
                            dir.display()
                        ),
                    });
                }
                return if kind == "sweep" {
                    load_sweep(dir, &table).map(|s| ReportInput::Sweep(Box::new(s)))
                } else {
                    load_sensitivity(dir).map(|s| ReportInput::Sensitivity(Box::new(s)))
                };
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
        .filter(|e| e.path().join(layout::MANIFEST).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    subfolders.sort();
    let mut order: Vec<String> = Vec::new();
    let comparison = dir.join(layout::COMPARISON);
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
    let manifest_path = dir.join(layout::MANIFEST);
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
    let series = read_timeseries(&dir.join(layout::TIMESERIES))?;
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

/// A sensitivity analysis's folder, through
/// [`SensitivityResults::read`]; a shard is refused as a run's is.
fn load_sensitivity(dir: &Path) -> Result<SensitivityData, OutputError> {
    let manifest_path = dir.join(layout::MANIFEST);
    // The shard check first: a shard has no indices to read.
    let manifest = crate::output::sweep::SweepManifest::read(&manifest_path)?;
    if let Some(shard) = &manifest.shard {
        return Err(unreadable(
            &manifest_path,
            format!(
                "this is shard {shard} of a sensitivity analysis, not a finished output; \
                 join the shards with `buurtsim merge` first"
            ),
        ));
    }
    let results = SensitivityResults::read(dir)?;
    let text = &results.manifest.resolved_scenario;
    let resolved: toml::Table = toml::from_str(text).map_err(|e| {
        unreadable(
            &manifest_path,
            format!(
                "`resolved_scenario` is not valid TOML: {} of resolved_scenario ({}; \
                 run the analysis again)",
                toml_error::describe(text, &e),
                toml_error::CHANGED
            ),
        )
    })?;
    if results.indices.is_empty() {
        return Err(unreadable(&dir.join(layout::INDICES), "no indices"));
    }
    Ok(SensitivityData {
        path: dir.to_path_buf(),
        results,
        resolved,
    })
}

fn load_sweep(dir: &Path, manifest: &toml::Table) -> Result<SweepData, OutputError> {
    let manifest_path = dir.join(layout::MANIFEST);
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
    let region_column = parameters.iter().position(|p| p == REGION_PARAMETER);
    let (points, codes) = read_points(&dir.join(layout::POINTS), &parameters, region_column)?;
    let regions = match region_column {
        Some(column) => Some(SweptRegions {
            column,
            codes,
            skipped: read_skipped(&dir.join(layout::SKIPPED_REGIONS))?,
        }),
        None => None,
    };
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
        regions,
        uncertain: crate::analysis::folders::uncertain_inputs(manifest),
    })
}

/// The points of a sweep's `points.csv` with the swept `parameters`; the
/// region column (`region_column`), whose cells are codes, is read as the
/// index of each code among the codes in order of first appearance, which
/// are returned too.
fn read_points(
    path: &Path,
    parameters: &[String],
    region_column: Option<usize>,
) -> Result<(Vec<SweepPoint>, Vec<String>), OutputError> {
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
    let mut codes: Vec<String> = Vec::new();
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
        let p = number(point)? as u64;
        if points.last().map(|l| l.point) != Some(p) {
            let mut values = Vec::with_capacity(param_cols.len());
            for (j, &c) in param_cols.iter().enumerate() {
                values.push(if region_column == Some(j) {
                    code_index(record.get(c).unwrap_or(""), &mut codes)
                } else {
                    number(c)?
                });
            }
            points.push(SweepPoint {
                point: p,
                values,
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
        return Err(unreadable(path, "no points"));
    }
    Ok((points, codes))
}

/// The index of `code` in `codes`, added at the end if new.
fn code_index(code: &str, codes: &mut Vec<String>) -> f64 {
    let index = codes.iter().position(|c| c == code).unwrap_or_else(|| {
        codes.push(code.to_string());
        codes.len() - 1
    });
    index as f64
}

/// The wijken a sweep over `"all-wijken"` left out, as `(code, reason)`,
/// from its `skipped-regions.csv` (none where the file is absent).
fn read_skipped(path: &Path) -> Result<Vec<(String, String)>, OutputError> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let bytes = read_csv_file(path)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut skipped = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        skipped.push((field(0), field(1)));
    }
    Ok(skipped)
}
