//! Whether a resolved [`Scenario`] is valid: [`validate`] runs the value
//! checks (`values`), the `[sweep]` checks (`sweep_check`) and the
//! `[uncertainty]` checks (`uncertainty_check`) and gathers
//! every problem; [`set_parameters`] changes numbers by dotted path and
//! validates the result, so a swept or calibrated value is held to the same
//! valid range as a hand-written one. Also [`ensure_no_sweep`], for
//! commands that run one scenario.
//!
//! Validation knows nothing of files: the loader maps a [`super::Violation`]'s key
//! path back to the file and line that set it.

use super::key::KeyPath;
use super::path::{assignment, with_parameters, PathError};
use super::schema::{Scenario, SweepMethod};
use super::sensitivity::SensitivityMethod;
use super::sensitivity_check::check_sensitivity;
use super::sweep_check::check_sweep;
use super::uncertainty_check::check_uncertainty;
use super::values::check_values;
use super::violation::ValidationError;

/// Checks every value of `scenario` against its valid range (see
/// `docs/scenario-reference.md`) and its `[sweep]`, if any. Returns all
/// problems, not just the first, so a user can fix them in one go.
pub fn validate(scenario: &Scenario) -> Result<(), ValidationError> {
    let mut violations = check_values(scenario);
    check_sweep(scenario, &mut violations);
    check_sensitivity(scenario, &mut violations);
    check_uncertainty(scenario, &mut violations);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { violations })
    }
}

/// A copy of `scenario` with each `(path, value)` set, read back through the
/// schema and validated.
pub fn set_parameters(
    scenario: &Scenario,
    values: &[(KeyPath, f64)],
) -> Result<Scenario, PathError> {
    let changed = with_parameters(scenario, values)?;
    validate(&changed).map_err(|e| PathError::Invalid {
        assignment: assignment(values),
        message: e.to_string(),
    })?;
    Ok(changed)
}

/// A copy of `scenario` with the value at `path` set (see [`set_parameters`]).
pub fn set_parameter(
    scenario: &Scenario,
    path: &KeyPath,
    value: f64,
) -> Result<Scenario, PathError> {
    set_parameters(scenario, &[(path.clone(), value)])
}

/// `buurtsim run` was given a scenario with a `[sweep]` or `[sensitivity]`
/// table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "scenario `{scenario}` has a {table} table ({method} over {parameters}): it is an \
     experiment, not a single scenario; run it with `buurtsim {command} FILE -o DIR`, or remove \
     the {table} table to run the scenario once"
)]
pub struct SweepNotRun {
    /// The scenario's name.
    pub scenario: String,
    /// `[sweep]` or `[sensitivity]`.
    pub table: String,
    /// `sweep` or `sensitivity`: the command that runs it.
    pub command: String,
    /// `grid`, `Latin hypercube`, `Sobol design`, `Morris design`.
    pub method: String,
    /// The swept paths, quoted and joined.
    pub parameters: String,
}

/// Refuses a scenario with a `[sweep]` or `[sensitivity]` table: `buurtsim
/// run` runs one scenario once, and silently ignoring the experiment would
/// run something other than what the file describes. `buurtsim sweep` and
/// `buurtsim sensitivity` run such files.
pub fn ensure_no_sweep(scenario: &Scenario) -> Result<(), SweepNotRun> {
    let quoted = |paths: Vec<&String>| {
        if paths.is_empty() {
            "no parameters".to_string()
        } else {
            let q: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
            q.join(", ")
        }
    };
    if let Some(sweep) = &scenario.sweep {
        let method = match sweep.method {
            SweepMethod::Grid => "a grid",
            SweepMethod::Lhs => "a Latin hypercube",
        };
        return Err(SweepNotRun {
            scenario: scenario.name.clone(),
            table: "[sweep]".to_string(),
            command: "sweep".to_string(),
            method: method.to_string(),
            parameters: quoted(sweep.parameters.keys().collect()),
        });
    }
    if let Some(table) = &scenario.sensitivity {
        let method = match table.method {
            SensitivityMethod::Sobol => "a Sobol design",
            SensitivityMethod::Morris => "a Morris design",
        };
        return Err(SweepNotRun {
            scenario: scenario.name.clone(),
            table: "[sensitivity]".to_string(),
            command: "sensitivity".to_string(),
            method: method.to_string(),
            parameters: quoted(table.parameters.0.iter().map(|p| &p.path).collect()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::RULES;
    use crate::scenario::schema::*;
    use crate::scenario::uncertainty::Distribution;
    use toml::Value;

    /// A scenario with every optional table and key filled in, one custom
    /// programme.
    fn everything() -> Scenario {
        let mut s = Scenario {
            extends: Some("baseline.toml".to_string()),
            ..Scenario::default()
        };
        s.services.district_nursing_hours_per_week = Some(640.0);
        s.services.home_help_hours_per_week = Some(740.0);
        s.services.welfare_contacts_per_week = Some(40.0);
        s.gp.practice_nurse_contacts_per_week = Some(60.0);
        s.gp.fte = Some(5.5);
        s.gp.practice_fte = Some(vec![1.5, 2.0, 2.0]);
        s.interventions.carer_support = Some(CarerSupport::default());
        s.interventions.meeting_place = Some(MeetingPlace::default());
        s.interventions.hybrid_care = Some(HybridCare::default());
        s.interventions.district_nurse_link = Some(DistrictNurseLink::default());
        s.population.cbs = Some(super::super::schema::CbsRegion::default());
        s.population.living_alone_share = Some(0.3);
        s.relevance
            .absolute
            .insert("carers_heavily_burdened_share".to_string(), 0.005);
        s.relevance
            .relative
            .insert("gp_contacts_per_resident_year".to_string(), 0.02);
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
        let uncertain = [
            (
                "interventions.carer_support.burden_gain_multiplier",
                Distribution::Triangular {
                    min: 0.6,
                    mode: 0.7,
                    max: 0.9,
                },
            ),
            (
                "gp.urgent_share",
                Distribution::Normal {
                    mean: 0.15,
                    sd: 0.03,
                },
            ),
            (
                "interventions.carer_support.dropout_multiplier",
                Distribution::Beta {
                    alpha: 2.0,
                    beta: 2.0,
                    min: 0.6,
                    max: 1.0,
                },
            ),
        ];
        for (key, dist) in uncertain {
            s.uncertainty.insert(key.to_string(), dist);
        }
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
        s.gp.fte = Some(-1.0);
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
                 on; add [interventions.custom.other] (even empty) to the scenario to vary its keys"
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
