//! The fit: the objective, and the Nelder–Mead search over the free
//! parameters.
//!
//! Objective: `sum over targets of weight x ((model mean - published) /
//! tolerance)^2`, the model mean over `replications` replications. Every
//! evaluation runs the same replication indices with the same seed, so all
//! candidate points see the same random numbers (common random numbers):
//! the objective is a deterministic function of the parameters, and the
//! differences between nearby points are differences of the model, not of
//! luck. The search runs on the unit cube (each parameter mapped onto 0..1
//! on its linear or log scale), so one initial step and one tolerance suit
//! every parameter.
//!
//! It runs scenarios through `experiment` and reads the model's metrics by
//! name; it knows nothing of files, the config's syntax or how results are
//! shown.

use super::config::FitProblem;
use super::error::CalibrationError;
use super::nelder_mead::{NelderMead, Stop};
use crate::experiment::{NoProgress, NullSink, Runner, ScenarioRun};
use crate::model::metric_index;
use crate::scenario::{set_parameters, Scenario};
use crate::stats::RunningMoments;
use crate::validation::PublishedTarget;

/// One finished evaluation, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation<'a> {
    /// 1-based count of evaluations so far.
    pub index: usize,
    /// The search's budget (the final check of the rounded values may come
    /// on top of it).
    pub max_evaluations: usize,
    /// The parameter values evaluated, in config order.
    pub values: &'a [f64],
    /// The objective there.
    pub objective: f64,
    /// The best objective so far.
    pub best: f64,
    /// True for the final evaluation at the rounded values.
    pub rounded: bool,
}

/// The outcome of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Start values, in config order.
    pub start: Vec<f64>,
    /// Fitted values: the best point, rounded to the significant digits
    /// asked for (and kept within the bounds).
    pub fitted: Vec<f64>,
    /// The best point the search found, unrounded.
    pub optimum: Vec<f64>,
    /// Objective at the start.
    pub objective_start: f64,
    /// Objective at the unrounded optimum.
    pub objective_optimum: f64,
    /// Objective at the fitted (rounded) values.
    pub objective_fit: f64,
    /// Per-metric moments at the start ([`crate::model::METRICS`] order).
    pub metrics_start: Vec<RunningMoments>,
    /// Per-metric moments at the fitted values.
    pub metrics_fit: Vec<RunningMoments>,
    /// Simulated points, the final check of the rounded values included.
    pub evaluations: usize,
    /// Simplex iterations.
    pub iterations: usize,
    /// Restarts of the simplex.
    pub restarts: usize,
    /// Why the search stopped.
    pub stop: Stop,
    /// The problem's scenario with the fitted values set (its own seed and
    /// run settings, as loaded).
    pub fitted_scenario: Scenario,
    /// Worker threads used.
    pub threads: usize,
}

impl FitProblem {
    /// The scenario at `values` (config order), with the calibration seed.
    pub fn scenario_at(&self, values: &[f64]) -> Result<Scenario, CalibrationError> {
        let mut scenario = self.with_values(values)?;
        scenario.run.seed = self.seed;
        scenario.run.replications = self.replications;
        Ok(scenario)
    }

    /// The problem's scenario (own seed and run settings) with `values` set.
    pub fn with_values(&self, values: &[f64]) -> Result<Scenario, CalibrationError> {
        let assignments: Vec<_> = self
            .parameters
            .iter()
            .zip(values)
            .map(|(p, v)| (p.path.clone(), *v))
            .collect();
        set_parameters(&self.scenario, &assignments).map_err(CalibrationError::Point)
    }

    /// The objective for per-metric moments of a run.
    pub fn objective(&self, metrics: &[RunningMoments]) -> f64 {
        self.targets
            .iter()
            .map(|t| t.weight * deviation(&t.target, metrics).powi(2))
            .sum()
    }

    /// Start values, in config order.
    pub fn start(&self) -> Vec<f64> {
        self.parameters.iter().map(|p| p.start).collect()
    }
}

/// `(model mean - published) / tolerance` of one target.
pub fn deviation(target: &PublishedTarget, metrics: &[RunningMoments]) -> f64 {
    let i = metric_index(&target.metric).expect("targets name real metrics (checked when parsed)");
    (metrics[i].mean() - target.target) / target.tolerance
}

/// Runs the problem's scenario at `values`: the objective and the moments
/// of every metric.
pub fn evaluate(
    problem: &FitProblem,
    runner: &Runner,
    values: &[f64],
) -> Result<(f64, Vec<RunningMoments>), CalibrationError> {
    let runs = [ScenarioRun {
        id: problem.scenario_id.clone(),
        scenario: problem.scenario_at(values)?,
    }];
    let summary = runner
        .run(
            &runs,
            u64::from(problem.replications),
            &NoProgress,
            &mut NullSink,
        )
        .unwrap_or_else(|never| match never {});
    let metrics = summary
        .scenarios
        .into_iter()
        .next()
        .expect("one scenario in, one summary out")
        .metrics;
    Ok((problem.objective(&metrics), metrics))
}

/// `x` rounded to `digits` significant digits.
pub fn round_significant(x: f64, digits: usize) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", digits.saturating_sub(1), x)
        .parse()
        .unwrap_or(x)
}

/// Fits the problem's free parameters: Nelder–Mead from the start values,
/// then one more evaluation at the rounded optimum (skipped when rounding
/// changes nothing). `observer` sees every evaluation as it finishes.
pub fn calibrate(
    problem: &FitProblem,
    runner: &Runner,
    observer: &mut dyn FnMut(&Evaluation),
) -> Result<Calibration, CalibrationError> {
    let params = &problem.parameters;
    let n = params.len();
    let start = problem.start();
    let to_values =
        |u: &[f64]| -> Vec<f64> { params.iter().zip(u).map(|(p, &u)| p.from_unit(u)).collect() };

    let mut count = 0;
    let mut best = f64::INFINITY;
    let mut metrics_start: Option<Vec<RunningMoments>> = None;
    let mut metrics_best: Vec<RunningMoments> = Vec::new();
    let mut objective = |u: &[f64]| -> Result<f64, CalibrationError> {
        let values = to_values(u);
        let (f, metrics) = evaluate(problem, runner, &values)?;
        count += 1;
        if metrics_start.is_none() {
            metrics_start = Some(metrics.clone());
        }
        if f < best || metrics_best.is_empty() {
            best = best.min(f);
            metrics_best = metrics;
        }
        observer(&Evaluation {
            index: count,
            max_evaluations: problem.max_evaluations,
            values: &values,
            objective: f,
            best,
            rounded: false,
        });
        Ok(f)
    };

    let nm = NelderMead {
        max_evaluations: problem.max_evaluations,
        x_tolerance: problem.x_tolerance,
        f_tolerance: problem.f_tolerance,
        max_restarts: problem.max_restarts,
        lower: Some(vec![0.0; n]),
        upper: Some(vec![1.0; n]),
    };
    let x0: Vec<f64> = params.iter().map(|p| p.to_unit(p.start)).collect();
    let minimum = nm.minimize(&mut objective, &x0, &vec![problem.initial_step; n])?;
    let optimum = to_values(&minimum.x);
    let metrics_start = metrics_start.expect("the start is evaluated first");
    let objective_start = problem.objective(&metrics_start);

    let fitted: Vec<f64> = params
        .iter()
        .zip(&optimum)
        .map(|(p, &x)| round_significant(x, problem.significant_digits).clamp(p.min, p.max))
        .collect();
    let mut evaluations = minimum.evaluations;
    let (objective_fit, metrics_fit) = if fitted == optimum {
        (minimum.f, metrics_best)
    } else {
        let (f, metrics) = evaluate(problem, runner, &fitted)?;
        evaluations += 1;
        observer(&Evaluation {
            index: evaluations,
            max_evaluations: problem.max_evaluations,
            values: &fitted,
            objective: f,
            best: minimum.f.min(f),
            rounded: true,
        });
        (f, metrics)
    };

    Ok(Calibration {
        fitted_scenario: problem.with_values(&fitted)?,
        start,
        fitted,
        optimum,
        objective_start,
        objective_optimum: minimum.f,
        objective_fit,
        metrics_start,
        metrics_fit,
        evaluations,
        iterations: minimum.iterations,
        restarts: minimum.restarts,
        stop: minimum.stop,
        threads: runner.threads(),
    })
}

#[cfg(test)]
mod tests {
    use super::round_significant;

    #[test]
    fn rounds_to_significant_digits() {
        assert_eq!(round_significant(1.632_487, 3), 1.63);
        assert_eq!(round_significant(0.033_149, 3), 0.0331);
        assert_eq!(round_significant(19.46, 3), 19.5);
        assert_eq!(round_significant(0.0, 3), 0.0);
        assert_eq!(round_significant(-2.345_6, 2), -2.3);
    }
}
