//! The files of a sensitivity analysis, written from its sweep records
//! (the sweep machinery runs, resumes, shards and merges it; see
//! [`crate::experiment::sensitivity`]):
//!
//! - `design.csv`: `point, block, <parameters in the order of
//!   [sensitivity.parameters]>, dummy`, one row per design row in SALib's
//!   order (Sobol: per base sample `block`, rows A, AB₁ … AB_D, B; Morris:
//!   per trajectory `block`, its D + 1 points), values in the parameters'
//!   own units;
//! - `replications.csv`: `scenario, point, replication, <every metric>` for
//!   the main pass (common random numbers); with a reference, the
//!   programme's and the reference's rows of a point follow each other;
//! - `floor-replications.csv`: the same for the floor pass (each point
//!   with its own seeds);
//! - `indices.csv`: `metric, parameter, method, index, value, ci_low,
//!   ci_high`, the main pass's indices (`S1`, `ST` or `mu`, `mu_star`,
//!   `sigma`) with 95% bootstrap percentile intervals;
//! - `floor.csv`: `metric, method, index, dummy_value, dummy_ci_low,
//!   dummy_ci_high, seed_spread, floor` (see
//!   [`crate::experiment::sensitivity_analysis`]);
//! - `manifest.toml`.

use super::atomic::write_atomic;
use super::format::csv_f64;
use super::layout;
use super::staged_csv::Csv;
use super::sweep_manifest::{SweepManifest, SweepSummary};
use super::OutputError;
use crate::experiment::sensitivity::{Pass, SensitivityDesign};
use crate::experiment::sensitivity_analysis::{floors, indices, IndexKind, MetricIndices};
use crate::experiment::sweep::SweepPlan;
use crate::model::METRICS;
use std::path::Path;

/// Plans the sensitivity analysis of `scenario` (see
/// [`SweepPlan::sensitivity`]) with the key metrics of the comparison
/// table as the default metrics.
pub fn sensitivity_plan(
    scenario: &crate::scenario::Scenario,
    id: &str,
    reference: Option<crate::experiment::ScenarioRun>,
) -> Result<SweepPlan, crate::experiment::SweepError> {
    let defaults: Vec<&str> = super::KEY_METRICS.iter().map(|(name, _)| *name).collect();
    SweepPlan::sensitivity(scenario, id, reference, &defaults)
}

/// Header of `indices.csv`.
pub const INDICES_HEADER: [&str; 7] = [
    "metric",
    "parameter",
    "method",
    "index",
    "value",
    "ci_low",
    "ci_high",
];

/// Header of `floor.csv`.
pub const FLOOR_HEADER: [&str; 8] = [
    "metric",
    "method",
    "index",
    "dummy_value",
    "dummy_ci_low",
    "dummy_ci_high",
    "seed_spread",
    "floor",
];

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// `design.csv`.
fn write_design(dir: &Path, design: &SensitivityDesign) -> Result<(), OutputError> {
    let header: Vec<String> = ["point", "block"]
        .iter()
        .map(|s| s.to_string())
        .chain(design.names.iter().cloned())
        .collect();
    let mut csv = Csv::create(dir.join(layout::DESIGN), &header)?;
    for (i, (row, block)) in design.rows.iter().zip(&design.blocks).enumerate() {
        csv.row(
            [i.to_string(), block.to_string()]
                .into_iter()
                .chain(row.iter().map(|&x| csv_f64(x))),
        )?;
    }
    csv.finish()
}

/// Per pass, `sums[role][metric][row]`: the replications' mean of each
/// analysed metric.
struct Means {
    rows: Vec<Vec<Vec<f64>>>,
}

impl Means {
    fn new(design: &SensitivityDesign) -> Self {
        Self {
            rows: vec![vec![vec![0.0; design.len()]; design.metrics.len()]; design.roles()],
        }
    }

    /// `outputs[metric][row]`: the programme's means, less the reference's.
    fn outputs(&self) -> Vec<Vec<f64>> {
        match self.rows.as_slice() {
            [programme] => programme.clone(),
            [programme, reference] => programme
                .iter()
                .zip(reference)
                .map(|(p, r)| p.iter().zip(r).map(|(a, b)| a - b).collect())
                .collect(),
            _ => unreachable!("one or two roles"),
        }
    }
}

/// Write every file of a sensitivity analysis into `dir` (a staging
/// folder) from the stored results asked for point by point, replication
/// by replication: `next(point, replication)`.
pub(crate) fn write_sensitivity_outputs(
    dir: &Path,
    plan: &SweepPlan,
    design: &SensitivityDesign,
    manifest: &SweepManifest,
    threads: usize,
    mut next: impl FnMut(usize, u64) -> Result<Vec<f64>, OutputError>,
) -> Result<SweepSummary, OutputError> {
    write_design(dir, design)?;
    let reps = u64::from(plan.replications);
    let header: Vec<String> = ["scenario", "point", "replication"]
        .iter()
        .map(|s| s.to_string())
        .chain(METRICS.iter().map(|m| m.name.to_string()))
        .collect();
    let mut main = Means::new(design);
    let mut floor = Means::new(design);
    for (pass, file) in [
        (Pass::Main, layout::REPLICATIONS),
        (Pass::Floor, layout::FLOOR_REPLICATIONS),
    ] {
        let mut csv = Csv::create(dir.join(file), &header)?;
        let means = if pass == Pass::Main {
            &mut main
        } else {
            &mut floor
        };
        let first = if pass == Pass::Main {
            0
        } else {
            design.points_per_pass()
        };
        for p in first..first + design.points_per_pass() {
            let (_, row, role) = design.locate(p);
            for r in 0..reps {
                let metrics = next(p, r)?;
                csv.row(
                    [
                        design.role_id(role).to_string(),
                        row.to_string(),
                        r.to_string(),
                    ]
                    .into_iter()
                    .chain(metrics.iter().map(|&x| csv_f64(x))),
                )?;
                for (k, &m) in design.metrics.iter().enumerate() {
                    means.rows[role][k][row] += metrics[m] / reps as f64;
                }
            }
        }
        csv.finish()?;
    }
    let bad = |e: crate::sensitivity::SensitivityError| OutputError::Refused {
        reason: format!("the sensitivity indices cannot be computed: {e}"),
    };
    let main_indices = indices(design, &main.outputs()).map_err(bad)?;
    let floor_indices = indices(design, &floor.outputs()).map_err(bad)?;
    write_indices(dir, design, &main_indices)?;
    write_floor(dir, design, &main_indices, &floor_indices)?;
    write_atomic(&dir.join(layout::MANIFEST), manifest.to_toml().as_bytes())?;
    Ok(SweepSummary {
        points: Vec::new(),
        replications: reps,
        threads,
    })
}

/// `indices.csv`.
fn write_indices(
    dir: &Path,
    design: &SensitivityDesign,
    all: &[MetricIndices],
) -> Result<(), OutputError> {
    let mut csv = Csv::create(dir.join(layout::INDICES), &strings(&INDICES_HEADER))?;
    let kinds = IndexKind::of(design.method);
    for m in all {
        let metric = METRICS[design.metrics[m.metric]].name;
        for (j, name) in design.names.iter().enumerate() {
            for (kind, values) in kinds.iter().zip(&m.values) {
                let e = values[j];
                csv.row([
                    metric.to_string(),
                    name.clone(),
                    design.method.name().to_string(),
                    kind.name().to_string(),
                    csv_f64(e.value),
                    csv_f64(e.ci_low),
                    csv_f64(e.ci_high),
                ])?;
            }
        }
    }
    csv.finish()
}

/// `floor.csv`.
fn write_floor(
    dir: &Path,
    design: &SensitivityDesign,
    main: &[MetricIndices],
    floor_pass: &[MetricIndices],
) -> Result<(), OutputError> {
    let mut csv = Csv::create(dir.join(layout::FLOOR), &strings(&FLOOR_HEADER))?;
    let kinds = IndexKind::of(design.method);
    for (m, per_kind) in main.iter().zip(floors(main, floor_pass)) {
        let metric = METRICS[design.metrics[m.metric]].name;
        for (kind, f) in kinds.iter().zip(per_kind) {
            csv.row([
                metric.to_string(),
                design.method.name().to_string(),
                kind.name().to_string(),
                csv_f64(f.dummy.value),
                csv_f64(f.dummy.ci_low),
                csv_f64(f.dummy.ci_high),
                csv_f64(f.seed_spread),
                csv_f64(f.floor),
            ])?;
        }
    }
    csv.finish()
}
