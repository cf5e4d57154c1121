//! The `[sensitivity]` table: the method and its keys agree, `samples` fits
//! the method (a power of two for Sobol), every parameter path names a
//! real-valued parameter of this scenario and every range is a valid,
//! non-empty range of it (the same checks as a Latin-hypercube sweep's, from
//! [`super::sweep_check`]), and the design is bounded.
//!
//! Metric names are checked where the model's metrics are known
//! (`experiment::sensitivity`), like `[relevance]`'s.

use super::key::KeyPath;
use super::rules::MAX_SWEEP_POINTS;
use super::schema::Scenario;
use super::sensitivity::{Sensitivity, SensitivityMethod};
use super::sweep_check::{check_path, Axis, Problems};
use super::values::check_values;
use super::violation::Violation;
use crate::sensitivity::sequence::{MAX_DIMENSIONS, MAX_POINTS};

/// Most bootstrap resamples (each recomputes every index).
pub const MAX_BOOTSTRAP: u32 = 100_000;

/// The `[sensitivity]` table, if any.
pub(super) fn check_sensitivity(s: &Scenario, out: &mut Vec<Violation>) {
    let Some(table) = &s.sensitivity else { return };
    let mut out = Problems(out);
    let at = KeyPath::of(&["sensitivity"]);
    if s.sweep.is_some() {
        out.push(
            at.clone(),
            vec![KeyPath::of(&["sweep"])],
            "cannot share a scenario with [sweep]: put the sweep and the sensitivity analysis \
             in two files"
                .to_string(),
        );
    }
    check_design(table, &at, &mut out);
    let base = Scenario {
        sweep: None,
        sensitivity: None,
        ..s.clone()
    };
    check_parameters(&base, table, &at, &mut out);
}

/// `samples`, `levels`, `replications`, `bootstrap`, `reference`.
fn check_design(table: &Sensitivity, at: &KeyPath, out: &mut Problems) {
    let d = table.parameters.0.len() + 1;
    match (table.samples, table.method) {
        (None, _) => out.push(
            at.key("samples"),
            vec![at.clone()],
            "is missing: give the base samples of a Sobol design (a power of two, e.g. \
             `samples = 256`) or the trajectories of a Morris design (e.g. `samples = 20`)"
                .to_string(),
        ),
        (Some(n), SensitivityMethod::Sobol)
            if n < 2 || !n.is_power_of_two() || n as usize > MAX_POINTS =>
        {
            let below = n.checked_next_power_of_two().map_or(n, |p| p / 2).max(2);
            out.push(
                at.key("samples"),
                vec![at.key("method")],
                format!(
                    "= {n} is not a power of two from 2 to {MAX_POINTS}: a Sobol design keeps \
                     its balance only in blocks of 2^k base samples; use {below} or {}",
                    (below * 2).min(MAX_POINTS as u32)
                ),
            )
        }
        (Some(n), SensitivityMethod::Morris) if n < 2 => out.push(
            at.key("samples"),
            vec![at.key("method")],
            format!("= {n}: Morris screening needs at least 2 trajectories (10 to 50 is usual)"),
        ),
        (Some(n), method) => {
            let points = match method {
                SensitivityMethod::Sobol => u64::from(n) * (d as u64 + 2),
                SensitivityMethod::Morris => u64::from(n) * (d as u64 + 1),
            };
            if points > MAX_SWEEP_POINTS as u64 {
                out.push(
                    at.key("samples"),
                    Vec::new(),
                    format!(
                        "= {n} gives {points} design points for {} parameters and the dummy; \
                         at most {MAX_SWEEP_POINTS}",
                        d - 1
                    ),
                );
            }
        }
    }
    if table.method == SensitivityMethod::Sobol && 2 * d > MAX_DIMENSIONS {
        out.push(
            at.key("parameters"),
            Vec::new(),
            format!(
                "has {} parameters; a Sobol design takes at most {} (with the dummy)",
                d - 1,
                MAX_DIMENSIONS / 2 - 1
            ),
        );
    }
    check_levels(table, at, out);
    if table.replications == Some(0) {
        out.push(
            at.key("replications"),
            Vec::new(),
            "= 0: each design point needs at least 1 replication".to_string(),
        );
    }
    if table.bootstrap.is_some_and(|b| b > MAX_BOOTSTRAP) {
        out.push(
            at.key("bootstrap"),
            Vec::new(),
            format!("is above {MAX_BOOTSTRAP} resamples; 1000 is usual"),
        );
    }
    if table
        .reference
        .as_deref()
        .is_some_and(|r| r.trim().is_empty())
    {
        out.push(
            at.key("reference"),
            Vec::new(),
            "is empty: name a scenario file, e.g. `reference = \"baseline.toml\"`, or remove it"
                .to_string(),
        );
    }
}

/// `levels`: Morris only, even and at least 2.
fn check_levels(table: &Sensitivity, at: &KeyPath, out: &mut Problems) {
    let Some(levels) = table.levels else { return };
    match table.method {
        SensitivityMethod::Sobol => out.push(
            at.key("levels"),
            vec![at.key("method")],
            "is only for method = \"morris\" (the grid of its trajectories); remove it".to_string(),
        ),
        SensitivityMethod::Morris if levels < 2 || levels % 2 == 1 || levels > 1000 => out.push(
            at.key("levels"),
            Vec::new(),
            format!("= {levels}: Morris levels must be an even number from 2 to 1000 (4 is usual)"),
        ),
        SensitivityMethod::Morris => {}
    }
}

/// Every parameter names a real-valued parameter, once, with a valid range.
fn check_parameters(base: &Scenario, table: &Sensitivity, at: &KeyPath, out: &mut Problems) {
    let key = at.key("parameters");
    if table.parameters.0.is_empty() {
        out.push(
            key,
            vec![at.clone()],
            "is empty: a sensitivity analysis needs at least one parameter, written as a quoted \
             dotted path with its range, e.g. `\"interventions.carer_support.coverage\" = { min \
             = 0.1, max = 0.7 }`"
                .to_string(),
        );
        return;
    }
    let judge_values = check_values(base).is_empty();
    let mut seen: Vec<(KeyPath, &str)> = Vec::new();
    for p in &table.parameters.0 {
        let at_key = key.key(&p.path);
        let Some(path) = check_path(base, &p.path, &at_key, &seen, out) else {
            continue;
        };
        seen.push((path.clone(), &p.path));
        Axis {
            base,
            path: &path,
            key: &at_key,
            judge_values,
        }
        .check_range(p.min, p.max, p.log, out);
    }
}
