//! The `[sweep]` table of `docs/scenario-reference.md` agrees with the
//! rules the validator enforces: every sweep key has a row with its unit,
//! valid range and default, and every row names a sweep key.
//!
//! (The other key tables are checked by `tests/scenario_reference.rs`; the
//! sweep table has no "source" column, since every sweep key is a setting.)

use buurtsim::scenario::rules::{rule_for, RULES};
use buurtsim::scenario::{region_key, Sweep, REGION_PARAMETER};
use std::collections::BTreeMap;

/// Rows of the `### [sweep]` section: key -> (unit, default, range).
fn sweep_rows() -> BTreeMap<String, (String, String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario-reference.md");
    let text = std::fs::read_to_string(path).unwrap();
    let section = text
        .split("\n### [sweep]\n")
        .nth(1)
        .expect("docs/scenario-reference.md has a ### [sweep] section");
    let section = section.split("\n#").next().unwrap();
    let mut rows = BTreeMap::new();
    for line in section.lines() {
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
        assert_eq!(
            cells.len(),
            5,
            "row of `{key}`: key, unit, default, range, meaning"
        );
        let row = (cells[1].into(), cells[2].into(), cells[3].into());
        assert!(rows.insert(key.to_string(), row).is_none(), "`{key}` twice");
    }
    rows
}

/// The rule path a documented key stands for: a swept path, the
/// placeholder or the one key a sweep over regions names, is `*`.
fn rule_path(documented: &str) -> String {
    documented
        .replace("\"<path>\"", "*")
        .replace(&format!("\"{REGION_PARAMETER}\""), "*")
}

#[test]
fn every_sweep_key_is_documented_with_its_rule() {
    let rows = sweep_rows();
    let rules: Vec<_> = RULES
        .iter()
        .filter(|r| r.path.starts_with("sweep."))
        .collect();
    assert_eq!(rules.len(), 8);
    for rule in &rules {
        let (key, (unit, _, range)) = rows
            .iter()
            .find(|(key, _)| rule_path(key) == rule.path)
            .unwrap_or_else(|| panic!("no row for `{}`", rule.path));
        assert_eq!(unit, rule.unit, "unit of `{key}`");
        assert_eq!(*range, rule.range_text(), "valid range of `{key}`");
    }
    for key in rows.keys() {
        assert!(
            rules.iter().any(|r| r.path == rule_path(key)),
            "`{key}` is documented but is no sweep key"
        );
    }
}

#[test]
fn documented_sweep_defaults_match_the_schema() {
    let rows = sweep_rows();
    let default = Sweep::default();
    let method = toml::Value::try_from(default.method).unwrap();
    assert_eq!(rows["sweep.method"].1, format!("`{method}`"));
    assert_eq!(rows["sweep.points"].1, "none");
    assert_eq!(rows["sweep.replications"].1, "`run.replications`");
    assert_eq!(rows["sweep.seed"].1, "`run.seed`");
    assert_eq!(rows["sweep.parameters.\"<path>\".log"].1, "`false`");
    assert!(default.parameters.is_empty() && default.points.is_none());
}

/// The row of a sweep over regions gives the unit of the key it sweeps
/// (its values are that key's codes) and no default.
#[test]
fn the_region_row_has_the_unit_of_the_region_key() {
    let rows = sweep_rows();
    let (unit, default, _) = &rows[&format!("sweep.parameters.\"{REGION_PARAMETER}\"")];
    assert_eq!(*unit, rule_for(&region_key()).unwrap().unit);
    assert_eq!(default, "none");
}
