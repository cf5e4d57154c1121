//! `docs/scenario-reference.md` cannot drift from the code: every key of
//! the schema has a row there, with the unit and valid range the validator
//! enforces and the default the schema holds, and every row names a real key.
//! An optional key (an absolute capacity that overrides a per-1,000 key) is
//! absent from a default scenario; its row gives the default as `unset`.

use buurtsim::scenario::rules::{rule_for, Check};
use buurtsim::scenario::{
    parse_path, with_parameters, CarerSupport, CbsRegion, CustomIntervention, DistrictNurseLink,
    HybridCare, KeyPath, MeetingPlace, Scenario, CAPACITY_OVERRIDES,
};
use std::collections::BTreeMap;
use toml::Value;

/// The placeholder the reference writes for a custom programme's name.
const NAME: &str = "<name>";

/// The default the reference writes for an optional key that is not set.
const UNSET: &str = "`unset`";

/// One row of a key table: unit, default, valid range.
struct Row {
    unit: String,
    default: String,
    range: String,
}

/// The key tables of the reference: `| `key` | unit | default | range | ...`.
fn reference_rows() -> BTreeMap<String, Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario-reference.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let Some(key) = cells
            .first()
            .and_then(|c| c.strip_prefix('`'))
            .and_then(|c| c.strip_suffix('`'))
        else {
            continue;
        };
        if key.contains('`') || cells.len() < 6 {
            continue; // a code span in another table, not a key row
        }
        let row = Row {
            unit: cells[1].to_string(),
            default: cells[2].to_string(),
            range: cells[3].to_string(),
        };
        assert!(
            rows.insert(key.to_string(), row).is_none(),
            "`{key}` has two rows in the reference"
        );
    }
    rows
}

/// Every leaf of a scenario with all presets and one custom programme
/// switched on, as (key as written in the reference, key path, default
/// value), and every optional key, with no default.
fn schema_leaves() -> Vec<(String, KeyPath, Option<Value>)> {
    let mut scenario = Scenario::default();
    scenario.interventions.carer_support = Some(CarerSupport::default());
    scenario.interventions.meeting_place = Some(MeetingPlace::default());
    scenario.interventions.hybrid_care = Some(HybridCare::default());
    scenario.interventions.district_nurse_link = Some(DistrictNurseLink::default());
    scenario.population.cbs = Some(CbsRegion::default());
    scenario
        .interventions
        .custom
        .insert(NAME.to_string(), CustomIntervention::default());
    let Value::Table(table) = Value::try_from(&scenario).unwrap() else {
        unreachable!()
    };
    let mut leaves = Vec::new();
    collect(&table, &mut Vec::new(), &mut leaves);
    for (key, _) in CAPACITY_OVERRIDES {
        let path = parse_path(key).unwrap();
        assert!(
            !leaves.iter().any(|(_, p, _)| *p == path),
            "`{key}` is optional, so the default scenario must leave it out"
        );
        // The schema knows the key: setting it gives a scenario that reads back.
        with_parameters(&scenario, &[(path.clone(), 1.0)]).unwrap();
        leaves.push((key.to_string(), path, None));
    }
    // An optional list (the district's practices, one FTE each): absent
    // by default, written when set.
    let path = parse_path("gp.practice_fte").unwrap();
    assert!(!leaves.iter().any(|(_, p, _)| *p == path));
    let mut listed = scenario.clone();
    listed.gp.practice_fte = Some(vec![1.0, 2.0]);
    assert!(toml::to_string(&listed)
        .unwrap()
        .contains("practice_fte = [1.0, 2.0]"));
    leaves.push(("gp.practice_fte".to_string(), path, None));
    // The share living alone: absent by default (the household dynamics
    // decide), written when set.
    let path = parse_path("population.living_alone_share").unwrap();
    assert!(!leaves.iter().any(|(_, p, _)| *p == path));
    let mut alone = scenario.clone();
    alone.population.living_alone_share = Some(0.3);
    assert!(toml::to_string(&alone)
        .unwrap()
        .contains("living_alone_share = 0.3"));
    leaves.push(("population.living_alone_share".to_string(), path, None));
    leaves
}

fn collect(
    table: &toml::Table,
    at: &mut Vec<String>,
    out: &mut Vec<(String, KeyPath, Option<Value>)>,
) {
    for (key, value) in table {
        at.push(key.clone());
        match value {
            Value::Table(inner) => collect(inner, at, out),
            leaf => {
                let keys: Vec<&str> = at.iter().map(String::as_str).collect();
                out.push((at.join("."), KeyPath::of(&keys), Some(leaf.clone())));
            }
        }
        at.pop();
    }
}

/// Every key of the schema has a row in the reference.
#[test]
fn every_key_is_documented() {
    let rows = reference_rows();
    let missing: Vec<String> = schema_leaves()
        .into_iter()
        .map(|(key, _, _)| key)
        .filter(|key| !rows.contains_key(key))
        .collect();
    assert!(
        missing.is_empty(),
        "add rows to docs/scenario-reference.md for: {missing:?}"
    );
    assert!(rows.contains_key("extends"));
}

/// Each row's unit and valid range are the ones the validator enforces.
#[test]
fn documented_units_and_ranges_match_the_rules() {
    let rows = reference_rows();
    for (key, path, _) in schema_leaves() {
        let rule = rule_for(&path).unwrap_or_else(|| panic!("no rule for `{key}`"));
        let Some(row) = rows.get(&key) else { continue };
        assert_eq!(
            row.range,
            rule.range_text(),
            "valid range of `{key}` in docs/scenario-reference.md"
        );
        assert_eq!(
            row.unit, rule.unit,
            "unit of `{key}` in docs/scenario-reference.md"
        );
    }
}

/// Each row's default is the schema default, written as TOML.
#[test]
fn documented_defaults_match_the_schema() {
    let rows = reference_rows();
    let mut wrong = Vec::new();
    for (key, path, value) in schema_leaves() {
        let text_key = matches!(rule_for(&path).map(|r| r.check), Some(Check::Text));
        let Some(row) = rows.get(&key) else { continue };
        let expected = value.map_or(UNSET.to_string(), |v| format!("`{v}`"));
        if !text_key && row.default != expected {
            wrong.push(format!(
                "`{key}`: reference says {}, schema says {expected}",
                row.default
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "update the defaults in docs/scenario-reference.md:\n{}",
        wrong.join("\n")
    );
}

/// Every row in the reference names a key that exists.
#[test]
fn every_documented_key_exists() {
    let leaves: Vec<String> = schema_leaves().into_iter().map(|(key, _, _)| key).collect();
    let stale: Vec<String> = reference_rows()
        .into_keys()
        .filter(|key| key != "extends" && !leaves.contains(key))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/scenario-reference.md documents keys that do not exist: {stale:?}"
    );
}
