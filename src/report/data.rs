//! What a report shows, as read from output folders: a scenario's
//! replications, description, resolved settings and monthly series, a
//! sweep's points, or a sensitivity analysis's indices; and the settings
//! in which a scenario differs from the reference.
//!
//! Plain data: it knows neither how folders are read (`load`) nor how the
//! page is drawn.

use crate::analysis::folders::Folder;
use crate::output::sensitivity_results::SensitivityResults;
use crate::stats::Interval;
use std::collections::BTreeMap;
use std::path::PathBuf;

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

/// What a reader sees for each scenario: its `name`, or its folder id (the
/// file stem) where the name is empty; a name that two scenarios share
/// gets its folder id appended, "Mijn wijk (mine)", so the two stay apart.
pub fn display_names(scenarios: &[ScenarioData]) -> Vec<String> {
    let base: Vec<&str> = scenarios
        .iter()
        .map(|s| {
            let name = s.name.trim();
            if name.is_empty() {
                s.folder.id.as_str()
            } else {
                name
            }
        })
        .collect();
    base.iter()
        .zip(scenarios)
        .map(|(name, s)| {
            let shared = base.iter().filter(|b| *b == name).count() > 1;
            if shared && *name != s.folder.id {
                format!("{name} ({})", s.folder.id)
            } else {
                name.to_string()
            }
        })
        .collect()
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// Point number.
    pub point: u64,
    /// The swept values, in [`SweepData::parameters`] order; in the region
    /// column of a sweep over regions, the index of the point's code in
    /// [`SweptRegions::codes`].
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
    /// A sweep over `population.cbs.region`: its regions.
    pub regions: Option<SweptRegions>,
    /// The inputs drawn per replication (`[uncertainty]`), described; the
    /// guide says the intervals include them when there are any.
    pub uncertain: Vec<String>,
}

/// The regions of a sweep over `population.cbs.region`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweptRegions {
    /// The column of [`SweepData::parameters`] that is the region.
    pub column: usize,
    /// The region codes, in the order the points first take them.
    pub codes: Vec<String>,
    /// The wijken `"all-wijken"` left out, as `(code, reason)`.
    pub skipped: Vec<(String, String)>,
}

/// What a report shows.
#[derive(Debug, Clone)]
pub enum ReportInput {
    /// Scenarios; the first is the reference.
    Run(Vec<ScenarioData>),
    /// A sweep (boxed: a sweep's data is larger than a run's list).
    Sweep(Box<SweepData>),
    /// A sensitivity analysis (boxed, like a sweep).
    Sensitivity(Box<SensitivityData>),
}

/// A sensitivity analysis's folder, read for the report: its indices and
/// floors as `output` reads them back, and its resolved scenario parsed
/// for the `[sensitivity]` table (samples, levels, ranges).
#[derive(Debug, Clone)]
pub struct SensitivityData {
    /// The folder.
    pub path: PathBuf,
    /// `indices.csv`, `floor.csv` and the manifest.
    pub results: SensitivityResults,
    /// The manifest's `resolved_scenario`, parsed.
    pub resolved: toml::Table,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(id: &str, name: &str) -> ScenarioData {
        ScenarioData {
            folder: Folder {
                path: PathBuf::from(id),
                id: id.into(),
                seed: 1,
                version: String::new(),
                replications: vec![],
                values: vec![],
                thresholds: Default::default(),
                horizon: crate::analysis::folders::Horizon::new(f64::NAN, f64::NAN),
                yearly: Default::default(),
                uncertain: Vec::new(),
            },
            name: name.into(),
            description: String::new(),
            description_nl: String::new(),
            resolved: toml::Table::new(),
            series: BTreeMap::new(),
        }
    }

    #[test]
    fn names_fall_back_to_the_id_and_shared_names_get_it_appended() {
        let s = [
            scenario("baseline", "Basis"),
            scenario("mine", "Mijn wijk"),
            scenario("mine2", "Mijn wijk"),
            scenario("plain", " "),
        ];
        assert_eq!(
            display_names(&s),
            vec!["Basis", "Mijn wijk (mine)", "Mijn wijk (mine2)", "plain"]
        );
    }

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
