//! Range checks on a resolved [`Scenario`].
//!
//! Every key is checked against its rule in [`super::rules::RULES`] by
//! walking the scenario as TOML, so a key added to the schema without a rule
//! is caught by a test rather than silently left unchecked. The few checks
//! that involve two keys (run length, follow-up shares, age limits) are
//! written out below. Validation knows nothing of files: the loader maps a
//! [`Violation`]'s key path back to the file and line that set it.

use super::key::KeyPath;
use super::rules::{rule_for, Check, MAX_TOTAL_YEARS};
use super::schema::Scenario;
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
    match Value::try_from(walked.as_ref()) {
        Ok(Value::Table(table)) => check_table(&table, &KeyPath::root(), &mut violations),
        // Serialising a plain struct of numbers and strings cannot fail
        // once the seed fits.
        other => debug_assert!(false, "scenario did not serialise to a table: {other:?}"),
    }
    check_relations(scenario, &mut violations);

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
    if customs > crate::model::programmes::MAX_CUSTOM {
        if let Some(name) = s
            .interventions
            .custom
            .keys()
            .nth(crate::model::programmes::MAX_CUSTOM)
        {
            out.push(Violation {
                key: KeyPath::of(&["interventions", "custom", name]),
                related: Vec::new(),
                problem: format!(
                    "is custom programme number {customs}: a scenario may define at most {} custom programmes",
                    crate::model::programmes::MAX_CUSTOM
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
        let Value::Table(table) = Value::try_from(everything()).unwrap() else {
            panic!()
        };
        let mut paths = Vec::new();
        leaves(&table, &KeyPath::root(), &mut paths);
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
}
