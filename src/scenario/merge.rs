//! Merging the tables of an `extends` chain.
//!
//! The rule users have to predict, so it is kept to one line: a child's
//! tables merge into the parent's key by key, at every depth; anything else
//! (numbers, strings, arrays) replaces the parent's value whole. Arrays are
//! not merged element-wise because a partial array (3 of 20 age shares)
//! would silently keep the parent's other values. A distribution in
//! `[uncertainty]` counts as the key's value: see
//! [`drop_overridden_uncertainty`].

use super::key::KeyPath;
use super::path::parse_path;
use super::uncertainty::NOT_PARAMETERS;
use toml::{Table, Value};

/// Lays `child` over `parent`: child keys win, tables merge recursively,
/// arrays and scalars replace.
pub fn merge(parent: &mut Table, child: Table) {
    for (key, value) in child {
        match (parent.get_mut(&key), value) {
            (Some(Value::Table(base)), Value::Table(over)) => merge(base, over),
            (_, value) => {
                parent.insert(key, value);
            }
        }
    }
}

/// Before `child` is laid over `parent`: removes the parent's
/// `[uncertainty]` entries that the child overrides, so that a child that
/// writes a key as a plain number makes it certain again (an entry for the
/// key, or for an element of an array the child replaces, goes), and a
/// child's distribution replaces the parent's whole instead of merging
/// parameter by parameter (a uniform over a triangular would keep `mode`).
pub fn drop_overridden_uncertainty(parent: &mut Table, child: &Table) {
    let Some(Value::Table(entries)) = parent.get_mut("uncertainty") else {
        return;
    };
    let mut set: Vec<KeyPath> = Vec::new();
    for (key, value) in child {
        if !NOT_PARAMETERS.contains(&key.as_str()) {
            leaves(value, &KeyPath::root().key(key), &mut set);
        }
    }
    if let Some(Value::Table(own)) = child.get("uncertainty") {
        set.extend(own.keys().filter_map(|k| parse_path(k).ok()));
    }
    entries.retain(|key, _| {
        let Ok(path) = parse_path(key) else {
            return true;
        };
        !set.iter()
            .any(|s| path.segments().starts_with(s.segments()))
    });
}

/// The paths of the values (not tables) under `value`; an array counts as
/// one value, as it replaces the parent's whole.
fn leaves(value: &Value, at: &KeyPath, out: &mut Vec<KeyPath>) {
    match value {
        Value::Table(table) => {
            for (key, inner) in table {
                leaves(inner, &at.key(key), out);
            }
        }
        _ => out.push(at.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_keys_win_tables_merge_arrays_replace() {
        let mut parent: Table = toml::from_str(
            "name = \"p\"\n[gp]\nfte = 5.5\nurgent_share = 0.15\n[population]\nage_band_shares = [1, 2, 3]\n",
        )
        .unwrap();
        let child: Table =
            toml::from_str("[gp]\nfte = 6.0\n[population]\nage_band_shares = [4]\n").unwrap();
        merge(&mut parent, child);
        let expected: Table = toml::from_str(
            "name = \"p\"\n[gp]\nfte = 6.0\nurgent_share = 0.15\n[population]\nage_band_shares = [4]\n",
        )
        .unwrap();
        assert_eq!(parent, expected);
    }

    #[test]
    fn a_childs_number_or_distribution_replaces_the_parents_distribution() {
        let mut parent: Table = toml::from_str(
            "[uncertainty]\n\"gp.fte\" = { dist = \"uniform\", min = 5.0, max = 6.0 }\n\
             \"gp.urgent_share\" = { dist = \"triangular\", min = 0.1, mode = 0.15, max = 0.2 }\n\
             \"gp.episode_rate_by_age[3]\" = { dist = \"uniform\", min = 1.0, max = 2.0 }\n",
        )
        .unwrap();
        let child: Table = toml::from_str(
            "[gp]\nfte = 5.5\nepisode_rate_by_age = [1.0]\n[uncertainty]\n\
             \"gp.urgent_share\" = { dist = \"uniform\", min = 0.1, max = 0.2 }\n",
        )
        .unwrap();
        drop_overridden_uncertainty(&mut parent, &child);
        merge(&mut parent, child);
        let entries = parent["uncertainty"].as_table().unwrap();
        assert_eq!(entries.keys().collect::<Vec<_>>(), ["gp.urgent_share"]);
        assert!(
            entries["gp.urgent_share"].get("mode").is_none(),
            "replaced whole"
        );
    }
}
