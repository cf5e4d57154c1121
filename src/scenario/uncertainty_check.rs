//! The `[uncertainty]` table of a [`Scenario`]: its checks (each key a
//! real-valued parameter of this scenario, not swept, its distribution
//! inside the key's range), the central values the keys hold, and the
//! values of one replication. What a distribution is belongs to
//! [`super::uncertainty`]; where a replication's uniform numbers come from
//! belongs to the model.

use super::key::KeyPath;
use super::path::{get_parameter, parse_path, with_parameters, PathError};
use super::rules::rule_for;
use super::schema::Scenario;
use super::uncertainty::uncertain_range;
use super::violation::Violation;

/// The `[uncertainty]` table's problems: each key names a real-valued
/// parameter of this scenario that is not also swept, and each
/// distribution fits that key's range. Keys are reported as
/// `uncertainty."path"` with the parameter itself as related key, so an
/// inline distribution is found at the line that writes it.
pub(super) fn check_uncertainty(s: &Scenario, out: &mut Vec<Violation>) {
    let table = KeyPath::of(&["uncertainty"]);
    let swept: Vec<KeyPath> = s
        .sweep
        .iter()
        .flat_map(|sweep| sweep.parameters.keys())
        .chain(
            s.sensitivity
                .iter()
                .flat_map(|t| t.parameters.0.iter().map(|p| &p.path)),
        )
        .filter_map(|text| parse_path(text).ok())
        .collect();
    for (text, dist) in &s.uncertainty {
        let key = table.key(text);
        let mut push = |related: Vec<KeyPath>, problem: String| {
            out.push(Violation {
                key: key.clone(),
                related,
                problem,
            })
        };
        let path = match parse_path(text) {
            Ok(path) => path,
            Err(e) => {
                push(Vec::new(), format!("is not a parameter path: {e}"));
                continue;
            }
        };
        let related = vec![path.clone()];
        if let Err(e) = get_parameter(s, &path) {
            push(related, names_no_parameter(s, &path, e));
            continue;
        }
        let range = match uncertain_range(&path) {
            Ok(range) => range,
            Err(why) => {
                push(related, format!("cannot be uncertain: {why}"));
                continue;
            }
        };
        if swept.contains(&path) {
            push(
                related,
                "is also varied in [sweep.parameters] or [sensitivity.parameters]; a key is \
                 either varied or uncertain"
                    .to_string(),
            );
            continue;
        }
        let rule = rule_for(&path).expect("uncertain_range found the rule");
        let allowed = format!("valid is {} ({})", rule.range_text(), rule.unit);
        if let Some(problem) = dist.problem(&range, &allowed) {
            push(related, format!("({}) {problem}", dist.name()));
        }
    }
}

/// Why a path names no parameter of this scenario (a mistyped key, an
/// index beyond the array, a programme the scenario does not switch on).
fn names_no_parameter(scenario: &Scenario, path: &KeyPath, error: PathError) -> String {
    match error {
        PathError::NotANumber { found, .. } => format!(
            "cannot be uncertain: `{path}` is {found}; only real-valued (decimal) keys can be"
        ),
        // A programme not switched on gets the same advice as in a sweep.
        PathError::Unknown { .. } => super::sweep_check::path_problem(scenario, path, &error),
        other => format!("names no parameter: {other}"),
    }
}

/// `scenario` with every uncertain key set to its distribution's central
/// value; keys that name no parameter are left for [`check_uncertainty`]
/// to report.
pub(super) fn with_central_values(scenario: &Scenario) -> Scenario {
    let values: Vec<(KeyPath, f64)> = scenario
        .uncertainty
        .iter()
        .filter_map(|(text, dist)| {
            let path = parse_path(text).ok()?;
            let range = uncertain_range(&path).ok()?;
            get_parameter(scenario, &path).ok()?;
            // A distribution that does not fit its key is reported by
            // `check_uncertainty`; the key keeps its value meanwhile.
            dist.problem(&range, "")
                .is_none()
                .then(|| (path, dist.central()))
        })
        .collect();
    if values.is_empty() {
        return scenario.clone();
    }
    with_parameters(scenario, &values).unwrap_or_else(|_| scenario.clone())
}

/// The values of one replication: every uncertain key of `scenario` drawn
/// at the percentile `uniform` gives for its path. Keys that cannot be
/// drawn (which [`check_uncertainty`] refuses) are skipped.
pub fn drawn_values(
    scenario: &Scenario,
    mut uniform: impl FnMut(&KeyPath) -> f64,
) -> Vec<(KeyPath, f64)> {
    scenario
        .uncertainty
        .iter()
        .filter_map(|(text, dist)| {
            let path = parse_path(text).ok()?;
            let range = uncertain_range(&path).ok()?;
            let u = uniform(&path);
            Some((path, dist.draw(u, &range)))
        })
        .collect()
}

/// `key (triangular 0.6–0.7–0.9)` for every uncertain key, for the line
/// `buurtsim run` prints and the report's reading guide.
pub fn describe_uncertainty(scenario: &Scenario) -> Vec<String> {
    scenario
        .uncertainty
        .iter()
        .map(|(key, dist)| format!("{key} ({})", dist.describe()))
        .collect()
}
