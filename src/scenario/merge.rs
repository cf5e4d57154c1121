//! Merging the tables of an `extends` chain.
//!
//! The rule users have to predict, so it is kept to one line: a child's
//! tables merge into the parent's key by key, at every depth; anything else
//! (numbers, strings, arrays) replaces the parent's value whole. Arrays are
//! not merged element-wise because a partial array (3 of 20 age shares)
//! would silently keep the parent's other values.

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
}
