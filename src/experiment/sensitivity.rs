//! A global sensitivity analysis as a sweep with a design: the design
//! rows of a scenario's `[sensitivity]` table (Saltelli or Morris, from
//! [`crate::sensitivity`], with a `dummy` parameter the model never reads
//! added last), and which scenario each job of the sweep runs.
//!
//! A sensitivity analysis is planned as a [`SweepPlan`] whose points are,
//! in this order:
//!
//! 1. the **main pass**: every design row, replications `0..R` with
//!    `run.seed` at every row (common random numbers, so the indices
//!    measure the parameters, not the seeds: the dummy's are exactly 0);
//! 2. the **floor pass**: every design row again, each row with its own
//!    seed ([`SensitivityDesign::floor_seed`]), so the outputs carry the
//!    seed-to-seed noise that common random numbers hide. The dummy's
//!    indices in this pass, and how far each parameter's index moves
//!    between the passes, give the noise floor.
//!
//! With a `reference` each row runs twice, programme then reference, with
//! the same seed and the same parameter values (those the reference has:
//! a programme's keys exist only in the programme), and the analysis is
//! on the difference programme − reference. So plan point `i` is
//! `(pass × rows + row) × roles + role`. Because it is a sweep, resume,
//! shards and merge work as for any sweep.

use super::runner::ScenarioRun;
pub use super::sensitivity_design::{Pass, SensitivityDesign, DUMMY};
use super::sweep::{SweepError, SweepParameter, SweepPlan};
use crate::model::METRICS;
use crate::scenario::{
    get_parameter, nearest, parse_path, set_parameters, validate, KeyPath, Scenario,
    SensitivityMethod, SweepMethod,
};
use crate::sensitivity::{
    morris_design, saltelli_design, scale_row, Bootstrap, ParameterRange, Scale,
};

/// The metrics named (by column name), or `defaults` when none are.
fn metric_positions(named: &[String], defaults: &[&str]) -> Result<Vec<usize>, SweepError> {
    let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    let wanted: Vec<&str> = if named.is_empty() {
        defaults.to_vec()
    } else {
        named.iter().map(String::as_str).collect()
    };
    wanted
        .iter()
        .map(|w| {
            names.iter().position(|n| n == w).ok_or_else(|| {
                let hint = nearest(w, &names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                SweepError::Sensitivity(format!(
                    "[sensitivity] metrics: `{w}` is not a metric (a column of \
                     replications.csv){hint}"
                ))
            })
        })
        .collect()
}

/// The design rows in unit coordinates and their blocks.
fn unit_design(
    method: SensitivityMethod,
    samples: usize,
    d: usize,
    levels: usize,
    seed: u64,
) -> Result<(Vec<Vec<f64>>, Vec<usize>), SweepError> {
    let bad = |e: crate::sensitivity::SensitivityError| {
        SweepError::Sensitivity(format!("[sensitivity]: {e}"))
    };
    Ok(match method {
        SensitivityMethod::Sobol => saltelli_design(samples, d, seed)
            .map_err(bad)?
            .into_iter()
            .map(|r| (r.unit, r.base))
            .unzip(),
        SensitivityMethod::Morris => morris_design(samples, d, levels, seed)
            .map_err(bad)?
            .into_iter()
            .map(|p| (p.unit, p.trajectory))
            .unzip(),
    })
}

impl SweepPlan {
    /// Plans the sensitivity analysis of `scenario` (its `[sensitivity]`
    /// table), the programme's rows labelled `programme`; `reference` is
    /// the loaded reference scenario when the table names one;
    /// `default_metrics` are analysed when the table names none.
    pub fn sensitivity(
        scenario: &Scenario,
        programme: &str,
        reference: Option<ScenarioRun>,
        default_metrics: &[&str],
    ) -> Result<Self, SweepError> {
        let Some(table) = &scenario.sensitivity else {
            return Err(SweepError::Sensitivity(format!(
                "scenario `{}` has no [sensitivity] table; add one (see \
                 docs/scenario-reference.md, [sensitivity])",
                scenario.name
            )));
        };
        validate(scenario).map_err(SweepError::Invalid)?;
        let replications = table.replications();
        let mut base = Scenario {
            sensitivity: None,
            ..scenario.clone()
        };
        base.run.replications = replications;
        let varied: Vec<String> = table
            .parameters
            .0
            .iter()
            .filter_map(|p| parse_path(&p.path).ok().map(|k| k.to_string()))
            .collect();
        let reference = reference.map(|r| {
            let mut s = r.scenario;
            s.run = base.run.clone();
            // The design sets these keys: a draw of the reference's own
            // would replace the design's value in one arm only.
            s.uncertainty.retain(|key, _| {
                parse_path(key).map_or(true, |k| !varied.contains(&k.to_string()))
            });
            ScenarioRun {
                id: r.id,
                scenario: s,
            }
        });
        let mut parameters = Vec::new();
        let mut ranges = Vec::new();
        for p in &table.parameters.0 {
            let path = parse_path(&p.path).map_err(SweepError::Path)?;
            let scale = if p.log { Scale::Log } else { Scale::Linear };
            ranges.push(
                ParameterRange::new(p.min, p.max, scale)
                    .map_err(|e| SweepError::Sensitivity(format!("`{}`: {e}", p.path)))?,
            );
            parameters.push(SweepParameter {
                name: path.to_string(),
                path,
            });
        }
        ranges.push(ParameterRange::linear(0.0, 1.0).expect("[0, 1] is a range"));
        let samples = table.samples.unwrap_or(0) as usize;
        let levels = table.levels() as usize;
        let design_seed = table.seed.unwrap_or(base.run.seed);
        let d = ranges.len();
        let (unit, blocks) = unit_design(table.method, samples, d, levels, design_seed)?;
        let rows = unit
            .iter()
            .map(|u| scale_row(u, &ranges).expect("design rows have one value per range"))
            .collect::<Vec<_>>();
        let mut names: Vec<String> = parameters.iter().map(|p| p.name.clone()).collect();
        names.push(DUMMY.to_string());
        let design = SensitivityDesign {
            method: table.method,
            names,
            blocks,
            samples,
            levels,
            design_seed,
            bootstrap: Bootstrap {
                resamples: table.bootstrap() as usize,
                seed: design_seed,
            },
            metrics: metric_positions(&table.metrics, default_metrics)?,
            programme: programme.to_string(),
            reference,
            rows,
        };
        let points: Vec<Vec<f64>> = (0..2 * design.points_per_pass())
            .map(|i| {
                let row = &design.rows[design.locate(i).1];
                row[..row.len() - 1].to_vec()
            })
            .collect();
        let plan = Self {
            method: SweepMethod::Grid,
            parameters,
            points,
            regions: None,
            replications,
            seed: base.run.seed,
            design_seed: Some(design_seed),
            base,
            design: Some(Box::new(design)),
        };
        // Every row with every role; the floor pass only changes seeds.
        for i in 0..plan.design().map_or(0, SensitivityDesign::points_per_pass) {
            plan.try_point_scenario(i)?;
        }
        Ok(plan)
    }

    /// The sensitivity design, for a plan made by [`SweepPlan::sensitivity`].
    pub fn design(&self) -> Option<&SensitivityDesign> {
        self.design.as_deref()
    }

    /// The scenario of plan point `i` of a sensitivity analysis: the
    /// programme or the reference with the row's values (those it has),
    /// and the floor pass's own seed.
    pub(super) fn design_point_scenario(
        &self,
        design: &SensitivityDesign,
        i: usize,
    ) -> Result<Scenario, SweepError> {
        let (pass, row, role) = design.locate(i);
        let start = match (role, &design.reference) {
            (1, Some(r)) => &r.scenario,
            _ => &self.base,
        };
        let values: Vec<(KeyPath, f64)> = self
            .parameters
            .iter()
            .zip(&design.rows[row])
            .filter(|(p, _)| role == 0 || get_parameter(start, &p.path).is_ok())
            .map(|(p, &x)| (p.path.clone(), x))
            .collect();
        let mut s = set_parameters(start, &values).map_err(|e| SweepError::Point {
            point: row,
            assignment: self.assignment(i),
            message: e.to_string(),
        })?;
        if pass == Pass::Floor {
            s.run.seed = SensitivityDesign::floor_seed(self.seed, row);
        }
        Ok(s)
    }
}
