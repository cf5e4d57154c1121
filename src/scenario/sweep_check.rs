//! The `[sweep]` table of a scenario: method and keys agree, every path
//! names a real-valued parameter of this scenario (read through
//! [`super::path::get_parameter`]), every value or range end is a valid
//! value of it (set with [`super::path::with_parameters`] on the scenario
//! without its sweep and checked like any scenario's values), and the
//! number of points is bounded.
//!
//! A sweep over regions (`population.cbs.region`, whose values are codes,
//! not numbers) is judged by [`super::sweep_regions`] before these checks.
//!
//! Checked with the rest of the scenario so that a bad parameter path is
//! reported at its line like any other mistake. This module judges the
//! table only; the design built from it belongs to `experiment::sweep`.

use super::capacity::{is_set, CAPACITY_OVERRIDES};
use super::key::KeyPath;
use super::path::{get_parameter, parse_path, with_parameters, PathError};
use super::rules::MAX_SWEEP_POINTS;
use super::schema::{Scenario, Sweep, SweepAxis, SweepMethod};
use super::sweep_regions::{check_region_axis, region_key, RegionKey};
use super::values::{check_values, number};
use super::violation::{ValidationError, Violation};

/// Collects violations; a method rather than a closure so the checks below
/// can share it.
pub(super) struct Problems<'a>(pub(super) &'a mut Vec<Violation>);

impl Problems<'_> {
    pub(super) fn push(&mut self, key: KeyPath, related: Vec<KeyPath>, problem: String) {
        self.0.push(Violation {
            key,
            related,
            problem,
        })
    }
}

/// The `[sweep]` table: method and keys agree, every path names a
/// real-valued parameter, every value is valid for it, and the number of
/// points is bounded.
pub(super) fn check_sweep(s: &Scenario, out: &mut Vec<Violation>) {
    let Some(sweep) = &s.sweep else { return };
    let mut out = Problems(out);
    let at = KeyPath::of(&["sweep"]);
    let table = at.key("parameters");
    check_method(sweep, &at, &mut out);
    if sweep.parameters.is_empty() {
        out.push(
            table.clone(),
            vec![at.clone()],
            "is empty: a sweep needs at least one parameter, written as a quoted dotted path \
             under [sweep.parameters], e.g. `\"interventions.carer_support.coverage\" = [0.2, 0.4]`"
                .to_string(),
        );
        return;
    }

    // Paths are checked on the scenario without its sweep: the sweep is not
    // a parameter.
    let base = Scenario {
        sweep: None,
        ..s.clone()
    };
    // Values can only be judged against a valid scenario; the scenario's
    // own problems are reported by the other checks.
    let judge_values = check_values(&base).is_empty();
    let mut seen: Vec<(KeyPath, &str)> = Vec::new();
    let mut combinations: u64 = 1;
    for (text, axis) in &sweep.parameters {
        let key = table.key(text);
        let region = RegionKey {
            text,
            key: &key,
            method: sweep.method,
        };
        if let Some(points) = check_region_axis(&base, &region, axis, &seen, out.0) {
            seen.push((region_key(), text));
            combinations = combinations.saturating_mul(points);
            continue;
        }
        let Some(path) = check_path(&base, text, &key, &seen, &mut out) else {
            continue;
        };
        seen.push((path.clone(), text));
        let axis_check = Axis {
            base: &base,
            path: &path,
            key: &key,
            judge_values,
        };
        let points = axis_check.check(sweep.method, axis, &at.key("method"), &mut out);
        combinations = combinations.saturating_mul(points);
    }
    check_overridden(&base, &seen, &table, &mut out);
    if sweep.method == SweepMethod::Grid && combinations > MAX_SWEEP_POINTS as u64 {
        out.push(
            table,
            vec![at],
            format!(
                "gives {combinations} combinations; a sweep may have at most {MAX_SWEEP_POINTS} \
                 points (use method = \"lhs\" to sample a large space)"
            ),
        );
    }
}

/// A swept per-1,000 capacity key would change nothing where the absolute
/// key that overrides it is set in the scenario or swept too.
fn check_overridden(
    base: &Scenario,
    swept: &[(KeyPath, &str)],
    table: &KeyPath,
    out: &mut Problems,
) {
    for (absolute, per_1000) in CAPACITY_OVERRIDES {
        let Some((_, text)) = swept.iter().find(|(p, _)| p.to_string() == per_1000) else {
            continue;
        };
        let (who, advice) = if is_set(base, absolute) {
            (
                "the scenario sets",
                format!("sweep `{absolute}` instead, or remove it from the scenario"),
            )
        } else if swept.iter().any(|(p, _)| p.to_string() == absolute) {
            ("the sweep also sets", "sweep one of the two".to_string())
        } else {
            continue;
        };
        out.push(
            table.key(text),
            Vec::new(),
            format!(
                "has no effect: {who} `{absolute}`, an absolute capacity that overrides the \
                 per-1,000 key; {advice}"
            ),
        );
    }
}

/// `points` and `seed` agree with the method.
fn check_method(sweep: &Sweep, at: &KeyPath, out: &mut Problems) {
    match sweep.method {
        SweepMethod::Grid => {
            if sweep.points.is_some() {
                out.push(
                    at.key("points"),
                    Vec::new(),
                    "is only for method = \"lhs\": a grid has one point per combination of \
                     the listed values; remove `points` or set method = \"lhs\""
                        .to_string(),
                );
            }
            if sweep.seed.is_some() {
                out.push(
                    at.key("seed"),
                    Vec::new(),
                    "only seeds a Latin hypercube (method = \"lhs\"); a grid has no random \
                     part (the simulations use `run.seed`); remove it"
                        .to_string(),
                );
            }
        }
        SweepMethod::Lhs => {
            if sweep.points.is_none() {
                out.push(
                    at.key("points"),
                    vec![at.key("method"), at.clone()],
                    "is missing: method = \"lhs\" needs the number of points to sample, \
                     e.g. `points = 20`"
                        .to_string(),
                );
            }
        }
    }
}

/// The parameter a sweep key names, or `None` after reporting why it
/// names none (syntax, a repeat, no such real-valued parameter).
pub(super) fn check_path(
    base: &Scenario,
    text: &str,
    key: &KeyPath,
    seen: &[(KeyPath, &str)],
    out: &mut Problems,
) -> Option<KeyPath> {
    let path = match parse_path(text) {
        Ok(path) => path,
        Err(e) => {
            let why = match &e {
                PathError::Syntax { message, .. } => format!(
                    "is not a parameter path: {message} (write it as in a scenario file, \
                     e.g. `gp.propensity_shape` or `gp.episode_rate_by_age[3]`)"
                ),
                other => format!("is not a parameter path: {other}"),
            };
            out.push(key.clone(), Vec::new(), why);
            return None;
        }
    };
    if let Some((_, first)) = seen.iter().find(|(p, _)| *p == path) {
        out.push(
            key.clone(),
            Vec::new(),
            format!("names the same parameter as `{first}`; sweep each parameter once"),
        );
        return None;
    }
    if let Err(e) = get_parameter(base, &path) {
        out.push(key.clone(), Vec::new(), path_problem(base, &path, &e));
        return None;
    }
    Some(path)
}

/// One swept parameter's values, judged against the scenario.
pub(super) struct Axis<'a> {
    pub(super) base: &'a Scenario,
    pub(super) path: &'a KeyPath,
    pub(super) key: &'a KeyPath,
    /// Whether the scenario itself is valid, so values can be judged.
    pub(super) judge_values: bool,
}

impl Axis<'_> {
    /// Checks the axis against the method; returns its number of grid
    /// values (1 for anything else, so it does not change the product).
    fn check(
        &self,
        method: SweepMethod,
        axis: &SweepAxis,
        method_key: &KeyPath,
        out: &mut Problems,
    ) -> u64 {
        let key = self.key.clone();
        match (method, axis) {
            (SweepMethod::Grid, SweepAxis::Values(values)) => {
                self.check_values(values, out);
                if values.is_empty() {
                    return 1;
                }
                return values.len() as u64;
            }
            (SweepMethod::Grid, SweepAxis::Range { .. }) => out.push(
                key,
                vec![method_key.clone()],
                "is a range { min, max }, which is for method = \"lhs\"; with method = \"grid\" \
                 list the values, e.g. [0.2, 0.4, 0.6]"
                    .to_string(),
            ),
            (SweepMethod::Lhs, SweepAxis::Values(_)) => out.push(
                key,
                vec![method_key.clone()],
                "is a list of values, which is for method = \"grid\"; with method = \"lhs\" \
                 give a range, e.g. { min = 0.2, max = 0.6 }"
                    .to_string(),
            ),
            (SweepMethod::Lhs, &SweepAxis::Range { min, max, log }) => {
                self.check_range(min, max, log, out)
            }
            // Judged by `check_region_axis` before any numeric check.
            (_, SweepAxis::Regions(_)) => {}
        }
        1
    }

    /// A grid's listed values: at least one, finite, distinct, valid.
    fn check_values(&self, values: &[f64], out: &mut Problems) {
        let key = self.key;
        if values.is_empty() {
            out.push(
                key.clone(),
                Vec::new(),
                "has no values: list at least one, e.g. [0.2, 0.4]".to_string(),
            );
            return;
        }
        for (i, &x) in values.iter().enumerate() {
            if !x.is_finite() {
                out.push(key.index(i), Vec::new(), not_finite(x));
            } else if values[..i].contains(&x) {
                out.push(
                    key.index(i),
                    Vec::new(),
                    format!("= {x} is listed twice; each value gives one point"),
                );
            } else if let Err(message) = self.valid_value(x) {
                out.push(
                    key.index(i),
                    Vec::new(),
                    format!("= {x} is not a valid value: {message}"),
                );
            }
        }
    }

    /// A Latin hypercube's range: finite, not empty, positive on a log
    /// scale, both ends valid.
    pub(super) fn check_range(&self, min: f64, max: f64, log: bool, out: &mut Problems) {
        let key = self.key;
        if !(min.is_finite() && max.is_finite()) {
            for (end, x) in [("min", min), ("max", max)] {
                if !x.is_finite() {
                    out.push(key.key(end), Vec::new(), not_finite(x));
                }
            }
            return;
        }
        if min >= max {
            out.push(
                key.key("max"),
                vec![key.key("min")],
                format!("= {max} is not above `min` = {min}: the range would be empty"),
            );
            return;
        }
        if log && min <= 0.0 {
            out.push(
                key.key("min"),
                vec![key.key("log")],
                format!("= {min} with `log = true`: a log-scale range needs min over 0"),
            );
            return;
        }
        for (end, x) in [("min", min), ("max", max)] {
            if let Err(message) = self.valid_value(x) {
                out.push(
                    key.key(end),
                    Vec::new(),
                    format!("= {x} is not a valid value: {message}"),
                );
            }
        }
    }

    /// Whether `x` is a valid value of the parameter: the scenario with it
    /// set reads back and passes the value checks (the scenario has no
    /// sweep, so these are all of [`super::validation::validate`]).
    fn valid_value(&self, x: f64) -> Result<(), String> {
        if !self.judge_values {
            return Ok(());
        }
        let changed =
            with_parameters(self.base, &[(self.path.clone(), x)]).map_err(|e| match e {
                PathError::Invalid { message, .. } => message,
                other => other.to_string(),
            })?;
        let violations = check_values(&changed);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations }.to_string())
        }
    }
}

fn not_finite(x: f64) -> String {
    format!(
        "= {} is not a finite number: valid are the parameter's own values",
        number(x)
    )
}

/// Why a sweep path names no parameter, in words that fit after the key.
pub(super) fn path_problem(base: &Scenario, path: &KeyPath, error: &PathError) -> String {
    match error {
        PathError::NotANumber { found, .. } => format!(
            "names `{path}`, which is {found}; only real-valued (decimal) parameters can be swept"
        ),
        PathError::Unknown { message, .. } => match missing_programme(base, path) {
            Some(table) => {
                // Judge the key against the programme switched on with its
                // defaults, so a typo is caught before the user adds the table.
                match get_parameter(&with_programmes_on(base, &table), path) {
                    Err(PathError::Unknown { message, .. }) => {
                        format!("names no parameter: {message}")
                    }
                    _ => format!(
                        "names a key of `{table}`, which this scenario does not switch on; add \
                         {} (even empty) to the scenario to vary its keys",
                        table.table_name()
                    ),
                }
            }
            None => format!("names no parameter of this scenario: {message}"),
        },
        other => other.to_string(),
    }
}

/// `base` with every preset programme and the custom programme named in
/// `table` (if any) switched on with their defaults.
fn with_programmes_on(base: &Scenario, table: &KeyPath) -> Scenario {
    let mut on = base.clone();
    let i = &mut on.interventions;
    i.carer_support.get_or_insert_with(Default::default);
    i.meeting_place.get_or_insert_with(Default::default);
    i.hybrid_care.get_or_insert_with(Default::default);
    i.district_nurse_link.get_or_insert_with(Default::default);
    if let ["interventions", "custom", name] = table.keys().collect::<Vec<_>>().as_slice() {
        i.custom.entry((*name).to_string()).or_default();
    }
    on
}

/// The programme table (`interventions.carer_support`,
/// `interventions.custom.<name>`) that `path` lies in, if the scenario does
/// not switch it on.
fn missing_programme(base: &Scenario, path: &KeyPath) -> Option<KeyPath> {
    let keys: Vec<&str> = path.keys().collect();
    let depth = match keys.as_slice() {
        ["interventions", "custom", _, ..] => 3,
        ["interventions", _, ..] => 2,
        _ => return None,
    };
    let table = KeyPath::of(&keys[..depth]);
    matches!(get_parameter(base, &table), Err(PathError::Unknown { .. })).then_some(table)
}
