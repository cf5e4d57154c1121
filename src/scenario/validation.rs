//! Range checks on a resolved [`Scenario`].
//!
//! Every key is checked against its rule in [`super::rules::RULES`] by
//! walking the scenario as TOML, so a key added to the schema without a rule
//! is caught by a test rather than silently left unchecked. The few checks
//! that involve two keys (run length, follow-up shares, age limits) are
//! written out below. Validation knows nothing of files: the loader maps a
//! [`Violation`]'s key path back to the file and line that set it.
//!
//! A `[sweep]` is checked here too, so that a bad parameter path is
//! reported at its line like any other mistake: every path must name a
//! real-valued parameter of this scenario (read through
//! [`crate::calibration::get_parameter`]) and every value or range end must
//! be a valid value of it ([`crate::calibration::set_parameter`] on the
//! scenario without its sweep).

use super::key::KeyPath;
use super::rules::{rule_for, Check, MAX_SWEEP_POINTS, MAX_TOTAL_YEARS};
use super::schema::{Scenario, SweepAxis, SweepMethod};
use crate::calibration::{get_parameter, parse_path, set_parameter, PathError};
use std::borrow::Cow;
use std::fmt;
use toml::Value;

/// One value outside its valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The key at fault, e.g. `gp.fte` or `population.age_band_shares[3]`.
    pub key: KeyPath,
    /// Other keys of a rule that involves several (the loader points at the
    /// first one a file sets when `key` itself is a default).
    pub related: Vec<KeyPath>,
    /// What is wrong and what is allowed, in words, following the key.
    pub problem: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.key, self.problem)
    }
}

/// All range problems of a scenario (never empty).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// The problems, in key order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for violation in &self.violations {
            if !first {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
            first = false;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Checks every value of `scenario` against its valid range (see
/// `docs/scenario-reference.md`). Returns all problems, not just the first,
/// so a user can fix them in one go.
pub fn validate(scenario: &Scenario) -> Result<(), ValidationError> {
    let mut violations = Vec::new();

    // TOML integers are 64-bit signed: a larger seed could not be written
    // back by `resolved_toml` (and cannot come from a file).
    let mut walked = Cow::Borrowed(scenario);
    if scenario.run.seed > i64::MAX as u64 {
        violations.push(Violation {
            key: KeyPath::of(&["run", "seed"]),
            related: Vec::new(),
            problem: format!(
                "= {} is out of range: valid is 0 to {} (seed)",
                scenario.run.seed,
                i64::MAX
            ),
        });
        walked.to_mut().run.seed = 0;
    }
    if let Some(seed) = scenario.sweep.as_ref().and_then(|s| s.seed) {
        if seed > i64::MAX as u64 {
            violations.push(Violation {
                key: KeyPath::of(&["sweep", "seed"]),
                related: Vec::new(),
                problem: format!(
                    "= {seed} is out of range: valid is 0 to {} (seed)",
                    i64::MAX
                ),
            });
            if let Some(sweep) = walked.to_mut().sweep.as_mut() {
                sweep.seed = Some(0);
            }
        }
    }
    match Value::try_from(walked.as_ref()) {
        Ok(Value::Table(table)) => check_table(&table, &KeyPath::root(), &mut violations),
        // Serialising a plain struct of numbers and strings cannot fail
        // once the seed fits.
        other => debug_assert!(false, "scenario did not serialise to a table: {other:?}"),
    }
    check_relations(scenario, &mut violations);
    check_sweep(scenario, &mut violations);

    if violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { violations })
    }
}

fn check_table(table: &toml::Table, at: &KeyPath, out: &mut Vec<Violation>) {
    for (key, value) in table {
        let path = at.key(key);
        match value {
            Value::Table(inner) => check_table(inner, &path, out),
            leaf => check_leaf(leaf, &path, out),
        }
    }
}

fn check_leaf(value: &Value, path: &KeyPath, out: &mut Vec<Violation>) {
    let Some(rule) = rule_for(path) else {
        debug_assert!(false, "no rule for `{path}`; add one to scenario/rules.rs");
        return;
    };
    let allowed = format!("valid is {} ({})", rule.range_text(), rule.unit);
    if let (Some(len), Value::Array(elements)) = (rule.len, value) {
        if elements.len() != len {
            out.push(Violation {
                key: path.clone(),
                related: Vec::new(),
                problem: format!("has {} values; it needs exactly {len}", elements.len()),
            });
        }
    }
    let mut check_one = |value: &Value, path: KeyPath| {
        let bad = match (rule.check, value) {
            (Check::Number(range), Value::Float(x)) if !range.contains(*x) => Some(number(*x)),
            (Check::Number(range), Value::Integer(i)) if !range.contains(*i as f64) => {
                Some(i.to_string())
            }
            (Check::Integer { min, max }, Value::Integer(i)) if !(min..=max).contains(i) => {
                Some(i.to_string())
            }
            _ => None,
        };
        if let Some(shown) = bad {
            let what = if shown == "nan" || shown.ends_with("inf") {
                "is not a finite number"
            } else {
                "is out of range"
            };
            out.push(Violation {
                key: path,
                related: Vec::new(),
                problem: format!("= {shown} {what}: {allowed}"),
            });
        }
    };
    match value {
        Value::Array(elements) => {
            for (i, element) in elements.iter().enumerate() {
                check_one(element, path.index(i));
            }
        }
        scalar => check_one(scalar, path.clone()),
    }
}

/// A number the way TOML writes it (`nan`, `inf`, `-1`, `0.5`).
fn number(x: f64) -> String {
    if x.is_nan() {
        "nan".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        x.to_string()
    }
}

/// Rules that involve more than one key.
fn check_relations(s: &Scenario, out: &mut Vec<Violation>) {
    let total = u64::from(s.run.years) + u64::from(s.run.warmup_years);
    if total > u64::from(MAX_TOTAL_YEARS) {
        out.push(Violation {
            key: KeyPath::of(&["run", "years"]),
            related: vec![KeyPath::of(&["run", "warmup_years"])],
            problem: format!(
                "= {}: with `run.warmup_years` = {} the run is {total} years; \
                 years + warmup_years may be at most {MAX_TOTAL_YEARS}",
                s.run.years, s.run.warmup_years
            ),
        });
    }

    let shares = &s.population.age_band_shares;
    let sum: f64 = shares.iter().sum();
    let each_valid = shares.iter().all(|x| x.is_finite() && *x >= 0.0);
    if shares.len() == 20 && each_valid && sum <= 0.0 {
        out.push(Violation {
            key: KeyPath::of(&["population", "age_band_shares"]),
            related: Vec::new(),
            problem: "are all 0: the 20 shares are relative weights and need a positive sum"
                .to_string(),
        });
    }

    if let Some(hybrid) = &s.interventions.hybrid_care {
        let follow_up = hybrid.face_to_face_follow_up_share + hybrid.phone_follow_up_share;
        if follow_up > 1.0 {
            let base = KeyPath::of(&["interventions", "hybrid_care"]);
            out.push(Violation {
                key: base.key("phone_follow_up_share"),
                related: vec![base.key("face_to_face_follow_up_share")],
                problem: format!(
                    "= {}: together with `face_to_face_follow_up_share` = {} more than all \
                     e-consults are followed up ({}); the two shares may add up to at most 1",
                    hybrid.phone_follow_up_share,
                    hybrid.face_to_face_follow_up_share,
                    number(follow_up)
                ),
            });
        }
    }

    let customs = s.interventions.custom.len();
    if customs > super::schema::MAX_CUSTOM {
        if let Some(name) = s.interventions.custom.keys().nth(super::schema::MAX_CUSTOM) {
            out.push(Violation {
                key: KeyPath::of(&["interventions", "custom", name]),
                related: Vec::new(),
                problem: format!(
                    "is custom programme number {customs}: a scenario may define at most {} custom programmes",
                    super::schema::MAX_CUSTOM
                ),
            });
        }
    }

    for (name, programme) in &s.interventions.custom {
        let target = &programme.target;
        if target.min_age > target.max_age {
            let base = KeyPath::of(&["interventions", "custom", name, "target"]);
            out.push(Violation {
                key: base.key("max_age"),
                related: vec![base.key("min_age")],
                problem: format!(
                    "= {} is below `min_age` = {}: no one would be in the target group",
                    number(target.max_age),
                    number(target.min_age)
                ),
            });
        }
    }
}

/// `buurtsim run` was given a scenario with a `[sweep]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "scenario `{scenario}` has a [sweep] table ({method} over {parameters}): it is an \
     experiment, not a single scenario; run it with `buurtsim sweep FILE -o DIR`, or remove \
     the [sweep] table to run the scenario once"
)]
pub struct SweepNotRun {
    /// The scenario's name.
    pub scenario: String,
    /// `grid` or `Latin hypercube`.
    pub method: String,
    /// The swept paths, quoted and joined.
    pub parameters: String,
}

/// Refuses a scenario with a `[sweep]` table: `buurtsim run` runs one
/// scenario once, and silently ignoring the sweep would run something other
/// than what the file describes. `buurtsim sweep` runs such a file.
pub fn ensure_no_sweep(scenario: &Scenario) -> Result<(), SweepNotRun> {
    let Some(sweep) = &scenario.sweep else {
        return Ok(());
    };
    let method = match sweep.method {
        SweepMethod::Grid => "a grid",
        SweepMethod::Lhs => "a Latin hypercube",
    };
    let parameters: Vec<String> = sweep.parameters.keys().map(|p| format!("`{p}`")).collect();
    Err(SweepNotRun {
        scenario: scenario.name.clone(),
        method: method.to_string(),
        parameters: if parameters.is_empty() {
            "no parameters".to_string()
        } else {
            parameters.join(", ")
        },
    })
}

/// The `[sweep]` table: method and keys agree, every path names a
/// real-valued parameter, every value is valid for it, and the number of
/// points is bounded.
fn check_sweep(s: &Scenario, out: &mut Vec<Violation>) {
    let Some(sweep) = &s.sweep else { return };
    let at = KeyPath::of(&["sweep"]);
    let table = at.key("parameters");
    let method_key = at.key("method");
    let mut push = |key: KeyPath, related: Vec<KeyPath>, problem: String| {
        out.push(Violation {
            key,
            related,
            problem,
        })
    };

    match sweep.method {
        SweepMethod::Grid => {
            if sweep.points.is_some() {
                push(
                    at.key("points"),
                    Vec::new(),
                    "is only for method = \"lhs\": a grid has one point per combination of \
                     the listed values; remove `points` or set method = \"lhs\""
                        .to_string(),
                );
            }
            if sweep.seed.is_some() {
                push(
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
                push(
                    at.key("points"),
                    vec![method_key.clone(), at.clone()],
                    "is missing: method = \"lhs\" needs the number of points to sample, \
                     e.g. `points = 20`"
                        .to_string(),
                );
            }
        }
    }
    if sweep.parameters.is_empty() {
        push(
            table.clone(),
            vec![at.clone()],
            "is empty: a sweep needs at least one parameter, written as a quoted dotted path \
             under [sweep.parameters], e.g. `\"interventions.carer_support.coverage\" = [0.2, 0.4]`"
                .to_string(),
        );
        return;
    }

    // Paths are checked on the scenario without its sweep: the sweep is not
    // a parameter, and `set_parameter` validates what it returns.
    let base = Scenario {
        sweep: None,
        ..s.clone()
    };
    // Values can only be judged against a valid scenario; the scenario's
    // own problems are reported by the other checks.
    let judge_values = validate(&base).is_ok();
    let mut seen: Vec<(KeyPath, &str)> = Vec::new();
    let mut combinations: u64 = 1;
    for (text, axis) in &sweep.parameters {
        let key = table.key(text);
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
                push(key, Vec::new(), why);
                continue;
            }
        };
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == path) {
            push(
                key,
                Vec::new(),
                format!("names the same parameter as `{first}`; sweep each parameter once"),
            );
            continue;
        }
        seen.push((path.clone(), text));
        if let Err(e) = get_parameter(&base, &path) {
            push(key, Vec::new(), path_problem(&base, &path, &e));
            continue;
        }
        let valid_value = |x: f64| -> Result<(), String> {
            if !judge_values {
                return Ok(());
            }
            set_parameter(&base, &path, x)
                .map(|_| ())
                .map_err(|e| match e {
                    PathError::Invalid { message, .. } => message,
                    other => other.to_string(),
                })
        };
        match (sweep.method, axis) {
            (SweepMethod::Grid, SweepAxis::Values(values)) => {
                if values.is_empty() {
                    push(
                        key,
                        Vec::new(),
                        "has no values: list at least one, e.g. [0.2, 0.4]".to_string(),
                    );
                    continue;
                }
                combinations = combinations.saturating_mul(values.len() as u64);
                for (i, &x) in values.iter().enumerate() {
                    if !x.is_finite() {
                        push(key.index(i), Vec::new(), not_finite(x));
                    } else if values[..i].contains(&x) {
                        push(
                            key.index(i),
                            Vec::new(),
                            format!("= {x} is listed twice; each value gives one point"),
                        );
                    } else if let Err(message) = valid_value(x) {
                        push(
                            key.index(i),
                            Vec::new(),
                            format!("= {x} is not a valid value: {message}"),
                        );
                    }
                }
            }
            (SweepMethod::Grid, SweepAxis::Range { .. }) => push(
                key,
                vec![method_key.clone()],
                "is a range { min, max }, which is for method = \"lhs\"; with method = \"grid\" \
                 list the values, e.g. [0.2, 0.4, 0.6]"
                    .to_string(),
            ),
            (SweepMethod::Lhs, SweepAxis::Values(_)) => push(
                key,
                vec![method_key.clone()],
                "is a list of values, which is for method = \"grid\"; with method = \"lhs\" \
                 give a range, e.g. { min = 0.2, max = 0.6 }"
                    .to_string(),
            ),
            (SweepMethod::Lhs, &SweepAxis::Range { min, max, log }) => {
                if !(min.is_finite() && max.is_finite()) {
                    for (end, x) in [("min", min), ("max", max)] {
                        if !x.is_finite() {
                            push(key.key(end), Vec::new(), not_finite(x));
                        }
                    }
                    continue;
                }
                if min >= max {
                    push(
                        key.key("max"),
                        vec![key.key("min")],
                        format!("= {max} is not above `min` = {min}: the range would be empty"),
                    );
                    continue;
                }
                if log && min <= 0.0 {
                    push(
                        key.key("min"),
                        vec![key.key("log")],
                        format!("= {min} with `log = true`: a log-scale range needs min over 0"),
                    );
                    continue;
                }
                for (end, x) in [("min", min), ("max", max)] {
                    if let Err(message) = valid_value(x) {
                        push(
                            key.key(end),
                            Vec::new(),
                            format!("= {x} is not a valid value: {message}"),
                        );
                    }
                }
            }
        }
    }
    if sweep.method == SweepMethod::Grid && combinations > MAX_SWEEP_POINTS as u64 {
        push(
            table,
            vec![at],
            format!(
                "gives {combinations} combinations; a sweep may have at most {MAX_SWEEP_POINTS} \
                 points (use method = \"lhs\" to sample a large space)"
            ),
        );
    }
}

fn not_finite(x: f64) -> String {
    format!(
        "= {} is not a finite number: valid are the parameter's own values",
        number(x)
    )
}

/// Why a sweep path names no parameter, in words that fit after the key.
fn path_problem(base: &Scenario, path: &KeyPath, error: &PathError) -> String {
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
                         {} (even empty) to the scenario to sweep its keys",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::RULES;
    use crate::scenario::schema::*;

    /// A scenario with every optional table filled in, one custom programme.
    fn everything() -> Scenario {
        let mut s = Scenario {
            extends: Some("baseline.toml".to_string()),
            ..Scenario::default()
        };
        s.interventions.carer_support = Some(CarerSupport::default());
        s.interventions.meeting_place = Some(MeetingPlace::default());
        s.interventions.hybrid_care = Some(HybridCare::default());
        s.interventions.district_nurse_link = Some(DistrictNurseLink::default());
        let mut custom = CustomIntervention::default();
        custom.target.functional_states = vec![FunctionalStateName::Frail];
        s.interventions
            .custom
            .insert("valpreventie".to_string(), custom);
        let mut sweep = Sweep {
            replications: Some(3),
            ..Sweep::default()
        };
        sweep.parameters.insert(
            "interventions.carer_support.coverage".to_string(),
            SweepAxis::Values(vec![0.2, 0.4]),
        );
        s.sweep = Some(sweep);
        s
    }

    /// [`everything`] with a Latin-hypercube sweep instead of a grid.
    fn everything_lhs() -> Scenario {
        let mut s = everything();
        let mut sweep = Sweep {
            method: SweepMethod::Lhs,
            points: Some(5),
            seed: Some(7),
            ..Sweep::default()
        };
        sweep.parameters.insert(
            "gp.episode_rate_by_age[4]".to_string(),
            SweepAxis::Range {
                min: 2.0,
                max: 4.0,
                log: true,
            },
        );
        s.sweep = Some(sweep);
        s
    }

    fn leaves(table: &toml::Table, at: &KeyPath, out: &mut Vec<KeyPath>) {
        for (key, value) in table {
            match value {
                Value::Table(inner) => leaves(inner, &at.key(key), out),
                _ => out.push(at.key(key)),
            }
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(validate(&everything()), Ok(()));
    }

    #[test]
    fn every_key_has_exactly_one_rule_and_every_rule_a_key() {
        let mut paths = Vec::new();
        for scenario in [everything(), everything_lhs()] {
            let Value::Table(table) = Value::try_from(scenario).unwrap() else {
                panic!()
            };
            leaves(&table, &KeyPath::root(), &mut paths);
        }
        for path in &paths {
            let n = RULES.iter().filter(|r| r.matches(path)).count();
            assert_eq!(n, 1, "`{path}` has {n} rules");
        }
        for rule in RULES {
            assert!(
                paths.iter().any(|p| rule.matches(p)),
                "rule `{}` matches no key",
                rule.path
            );
        }
    }

    #[test]
    fn reports_every_bad_value_with_its_key() {
        let mut s = everything();
        s.gp.fte = -1.0;
        s.population.age_band_shares[3] = f64::NAN;
        s.population.residents = 0;
        let err = validate(&s).unwrap_err();
        let keys: Vec<String> = err.violations.iter().map(|v| v.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "gp.fte",
                "population.age_band_shares[3]",
                "population.residents"
            ]
        );
        assert!(err
            .to_string()
            .contains("`gp.fte` = -1 is out of range: valid is over 0, up to 1000 (FTE)"));
        assert!(err.to_string().contains("= nan is not a finite number"));
    }

    #[test]
    fn checks_rules_across_keys() {
        let mut s = everything();
        s.run.years = 199;
        s.population.age_band_shares = vec![0.0; 20];
        s.interventions
            .hybrid_care
            .as_mut()
            .unwrap()
            .phone_follow_up_share = 0.7;
        s.interventions
            .custom
            .get_mut("valpreventie")
            .unwrap()
            .target
            .max_age = 60.0;
        s.interventions
            .custom
            .get_mut("valpreventie")
            .unwrap()
            .target
            .min_age = 75.0;
        let err = validate(&s).unwrap_err();
        let keys: Vec<String> = err.violations.iter().map(|v| v.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "run.years",
                "population.age_band_shares",
                "interventions.hybrid_care.phone_follow_up_share",
                "interventions.custom.valpreventie.target.max_age"
            ]
        );
    }

    #[test]
    fn at_most_thirteen_custom_programmes() {
        let mut s = Scenario::default();
        for i in 0..14 {
            s.interventions
                .custom
                .insert(format!("p{i:02}"), CustomIntervention::default());
        }
        let err = validate(&s).unwrap_err();
        assert_eq!(err.violations.len(), 1);
        assert_eq!(
            err.violations[0].key.to_string(),
            "interventions.custom.p13"
        );
        s.interventions.custom.remove("p13");
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn age_band_shares_need_twenty_values() {
        let mut s = Scenario::default();
        s.population.age_band_shares.pop();
        let err = validate(&s).unwrap_err();
        assert_eq!(
            err.violations[0].problem,
            "has 19 values; it needs exactly 20"
        );
    }

    #[test]
    fn a_seed_beyond_toml_integers_is_rejected() {
        let mut s = Scenario::default();
        s.run.seed = u64::MAX;
        assert_eq!(
            validate(&s).unwrap_err().violations[0].key.to_string(),
            "run.seed"
        );
    }

    fn sweep_of(method: SweepMethod, entries: &[(&str, SweepAxis)]) -> Scenario {
        let mut s = everything();
        let mut sweep = Sweep {
            method,
            points: (method == SweepMethod::Lhs).then_some(4),
            ..Sweep::default()
        };
        for (path, axis) in entries {
            sweep.parameters.insert((*path).to_string(), axis.clone());
        }
        s.sweep = Some(sweep);
        s
    }

    fn problems(s: &Scenario) -> Vec<String> {
        validate(s)
            .unwrap_err()
            .violations
            .iter()
            .map(|v| v.to_string())
            .collect()
    }

    #[test]
    fn sweep_paths_must_name_real_valued_parameters() {
        let values = SweepAxis::Values(vec![1.0]);
        let s = sweep_of(
            SweepMethod::Grid,
            &[
                ("gp.ftee", values.clone()),
                ("gp.fte x", values.clone()),
                ("population.residents", values.clone()),
                ("interventions.custom.other.uptake", values.clone()),
                ("gp.episode_rate_by_age[9]", values.clone()),
            ],
        );
        let got = problems(&s);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert!(got[0]
            .starts_with("`sweep.parameters.\"gp.episode_rate_by_age[9]\"` names no parameter"));
        assert!(
            got[1].contains("\"gp.fte x\"` is not a parameter path"),
            "{}",
            got[1]
        );
        assert!(
            got[2].contains("\"gp.ftee\"` names no parameter")
                && got[2].contains("did you mean `gp.fte`?"),
            "{}",
            got[2]
        );
        assert!(
            got[3].ends_with(
                "names a key of `interventions.custom.other`, which this scenario does not switch \
                 on; add [interventions.custom.other] (even empty) to the scenario to sweep its keys"
            ),
            "{}",
            got[3]
        );
        assert!(!got[2].contains("switch"), "{}", got[2]);
        assert!(got[4].contains("only real-valued"), "{}", got[4]);
    }

    #[test]
    fn sweep_values_must_be_valid_for_their_parameter() {
        let s = sweep_of(
            SweepMethod::Grid,
            &[(
                "interventions.carer_support.coverage",
                SweepAxis::Values(vec![0.2, 1.5, 0.2]),
            )],
        );
        let v = validate(&s).unwrap_err().violations;
        let keys: Vec<String> = v.iter().map(|v| v.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "sweep.parameters.\"interventions.carer_support.coverage\"[1]",
                "sweep.parameters.\"interventions.carer_support.coverage\"[2]",
            ]
        );
        assert!(v[0].problem.contains("valid is 0 to 1 (share)"), "{}", v[0]);
        assert!(v[1].problem.contains("listed twice"), "{}", v[1]);
    }

    #[test]
    fn sweep_method_and_axes_must_agree() {
        let range = SweepAxis::Range {
            min: 0.2,
            max: 0.6,
            log: false,
        };
        let grid = sweep_of(SweepMethod::Grid, &[("gp.fte", range)]);
        assert!(problems(&grid)[0].contains("which is for method = \"lhs\""));
        let lhs = sweep_of(
            SweepMethod::Lhs,
            &[("gp.fte", SweepAxis::Values(vec![5.0]))],
        );
        assert!(problems(&lhs)[0].contains("which is for method = \"grid\""));

        let mut no_points = sweep_of(
            SweepMethod::Lhs,
            &[(
                "gp.fte",
                SweepAxis::Range {
                    min: 5.0,
                    max: 4.0,
                    log: false,
                },
            )],
        );
        no_points.sweep.as_mut().unwrap().points = None;
        let v = validate(&no_points).unwrap_err().violations;
        let keys: Vec<String> = v.iter().map(|v| v.key.to_string()).collect();
        assert_eq!(keys, ["sweep.points", "sweep.parameters.\"gp.fte\".max"]);

        let log_at_zero = sweep_of(
            SweepMethod::Lhs,
            &[(
                "gp.urgent_share",
                SweepAxis::Range {
                    min: 0.0,
                    max: 0.5,
                    log: true,
                },
            )],
        );
        assert!(problems(&log_at_zero)[0].contains("log-scale range needs min over 0"));

        let mut seeded_grid = everything();
        seeded_grid.sweep.as_mut().unwrap().seed = Some(1);
        seeded_grid.sweep.as_mut().unwrap().points = Some(3);
        let v = validate(&seeded_grid).unwrap_err().violations;
        let keys: Vec<String> = v.iter().map(|v| v.key.to_string()).collect();
        assert_eq!(keys, ["sweep.points", "sweep.seed"]);
    }

    #[test]
    fn a_huge_grid_is_refused() {
        let values = SweepAxis::Values((0..20).map(|i| 1.0 + f64::from(i) / 10.0).collect());
        let s = sweep_of(
            SweepMethod::Grid,
            &[
                ("gp.episode_multiplier_by_state[0]", values.clone()),
                ("gp.episode_multiplier_by_state[1]", values.clone()),
                ("gp.episode_multiplier_by_state[2]", values.clone()),
                ("gp.fte", values.clone()),
            ],
        );
        assert_eq!(
            problems(&s),
            [
                "`sweep.parameters` gives 160000 combinations; a sweep may have at most 100000 \
              points (use method = \"lhs\" to sample a large space)"
            ]
        );
    }

    #[test]
    fn run_refuses_a_sweep() {
        assert_eq!(ensure_no_sweep(&Scenario::default()), Ok(()));
        let err = ensure_no_sweep(&everything()).unwrap_err();
        assert!(
            err.to_string().contains("buurtsim sweep FILE -o DIR"),
            "{err}"
        );
        assert!(err
            .to_string()
            .contains("`interventions.carer_support.coverage`"));
    }
}
