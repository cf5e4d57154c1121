//! Range checks on every value of a resolved [`Scenario`] and the few rules
//! that involve two keys; everything [`super::validation::validate`] checks
//! except the `[sweep]` table.
//!
//! Every key is checked against its rule in [`super::rules::RULES`] by
//! walking the scenario as TOML, so a key added to the schema without a rule
//! is caught by a test rather than silently left unchecked. The few checks
//! that involve two keys (run length, follow-up shares, age limits) are
//! written out below. This module knows nothing of files (the loader maps a
//! [`Violation`]'s key path back to the file and line that set it) nor of
//! sweeps.

use super::key::KeyPath;
use super::rules::{rule_for, Check, MAX_TOTAL_YEARS};
use super::schema::Scenario;
use super::violation::Violation;
use std::borrow::Cow;
use toml::Value;

/// Every problem with the values of `scenario`, in the order a user reads
/// them: seeds, then every key in file order, then the rules across keys.
pub(super) fn check_values(scenario: &Scenario) -> Vec<Violation> {
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
    violations
}

fn check_table(table: &toml::Table, at: &KeyPath, out: &mut Vec<Violation>) {
    // Alphabetical, whatever order the table keeps: messages list the
    // problems in a stable order.
    let mut entries: Vec<(&String, &Value)> = table.iter().collect();
    entries.sort_by_key(|(key, _)| *key);
    for (key, value) in entries {
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
pub(super) fn number(x: f64) -> String {
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
