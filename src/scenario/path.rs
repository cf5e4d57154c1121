//! Dotted parameter paths (`gp.propensity_shape`, `gp.episode_rate_by_age[3]`,
//! `interventions.custom."val preventie".uptake`): parsing them, reading the
//! number at one, and writing numbers at several.
//!
//! The scenario is written out as a TOML value tree, the value is replaced
//! there, and the tree is read back through the schema: so a path means
//! exactly what it means in a scenario file. Sweeps and calibration both
//! name parameters this way.
//!
//! An absolute capacity key that overrides a per-1,000 key
//! (`services.district_nursing_hours_per_week`) is absent until a file sets
//! it: reading it gives the value in effect, and setting it adds it.
//!
//! This module owns the path syntax and the walk through the tree; it does
//! not judge values against their valid ranges (that is
//! [`super::validation`]'s `set_parameters`, which calls
//! [`with_parameters`] and then validates), and it knows nothing of sweeps,
//! calibration or the model.

use super::capacity::{in_effect, CAPACITY_OVERRIDES};
use super::key::{KeyPath, Segment};
use super::schema::Scenario;
use super::suggest::nearest;
use toml::Value;

/// Why a parameter path could not be read or set.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// The text is not a dotted path.
    #[error("`{path}` is not a parameter path: {message} (write it as in a scenario file, e.g. `gp.propensity_shape` or `gp.episode_rate_by_age[3]`)")]
    Syntax {
        /// The text as given.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// No such key or index in the scenario.
    #[error("unknown parameter `{path}`: {message}")]
    Unknown {
        /// The path as given.
        path: String,
        /// Which step does not exist, and what would.
        message: String,
    },
    /// The path names a value that is not a real number.
    #[error("parameter `{path}` cannot be calibrated: it is {found}; only real-valued (decimal) parameters can be")]
    NotANumber {
        /// The path.
        path: String,
        /// What it is instead ("a table", "a whole number", ...).
        found: String,
    },
    /// The new value is out of the key's valid range, or the scenario does
    /// not read back.
    #[error("setting {assignment} gives an invalid scenario: {message}")]
    Invalid {
        /// `path = value`, for every value set.
        assignment: String,
        /// The validation message.
        message: String,
    },
}

/// Parses a dotted path: keys separated by `.`, each bare
/// (`A-Za-z0-9_-`) or double-quoted, each optionally followed by array
/// indices `[n]`.
pub fn parse_path(text: &str) -> Result<KeyPath, PathError> {
    let fail = |message: &str| PathError::Syntax {
        path: text.to_string(),
        message: message.to_string(),
    };
    let mut path = KeyPath::root();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    loop {
        // A key.
        let key = if chars.get(i) == Some(&'"') {
            let close = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or_else(|| fail("a quoted key is not closed"))?;
            let key: String = chars[i + 1..i + 1 + close].iter().collect();
            i += close + 2;
            key
        } else {
            let len = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '-')
                .count();
            if len == 0 {
                return Err(fail(if i == 0 {
                    "it is empty or starts with a character that is not part of a key"
                } else {
                    "a key is missing or contains a character that is not allowed"
                }));
            }
            let key: String = chars[i..i + len].iter().collect();
            i += len;
            key
        };
        path = path.key(&key);
        // Indices.
        while chars.get(i) == Some(&'[') {
            let close = chars[i + 1..]
                .iter()
                .position(|&c| c == ']')
                .ok_or_else(|| fail("an index `[` is not closed"))?;
            let digits: String = chars[i + 1..i + 1 + close].iter().collect();
            let index = digits.trim().parse::<usize>().map_err(|_| {
                fail(&format!(
                    "`[{digits}]` is not an array index (0, 1, 2, ...)"
                ))
            })?;
            path = path.index(index);
            i += close + 2;
        }
        match chars.get(i) {
            None => return Ok(path),
            Some('.') => i += 1,
            Some(c) => return Err(fail(&format!("unexpected `{c}`"))),
        }
    }
}

/// The value at `path` in `scenario`; for an absolute capacity key that
/// is not set, the capacity in effect (see [`Scenario::capacity`]).
pub fn get_parameter(scenario: &Scenario, path: &KeyPath) -> Result<f64, PathError> {
    let mut tree = to_tree(scenario);
    fill_unset(&mut tree, scenario, path);
    let slot = slot_mut(&mut tree, path)?;
    match slot {
        Value::Float(x) => Ok(*x),
        other => Err(not_a_number(path, other)),
    }
}

/// A copy of `scenario` with each `(path, value)` set and read back
/// through the schema, but not checked against the valid ranges: see
/// [`super::validation::set_parameters`] for the checked form.
pub fn with_parameters(
    scenario: &Scenario,
    values: &[(KeyPath, f64)],
) -> Result<Scenario, PathError> {
    let mut tree = to_tree(scenario);
    for (path, value) in values {
        fill_unset(&mut tree, scenario, path);
        let slot = slot_mut(&mut tree, path)?;
        match slot {
            Value::Float(x) => *x = *value,
            other => return Err(not_a_number(path, other)),
        }
    }
    tree.try_into()
        .map_err(|e: toml::de::Error| PathError::Invalid {
            assignment: assignment(values),
            message: e.message().to_string(),
        })
}

/// `path = value` for every value set, as [`PathError::Invalid`] shows it.
pub(super) fn assignment(values: &[(KeyPath, f64)]) -> String {
    values
        .iter()
        .map(|(p, v)| format!("`{p} = {v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_tree(scenario: &Scenario) -> Value {
    Value::try_from(scenario).expect("a scenario always serialises to TOML")
}

/// Writes an absolute capacity key that `scenario` leaves unset into its
/// tree, with the value in effect, so that it can be read and set like
/// any other key. Does nothing for other paths.
fn fill_unset(tree: &mut Value, scenario: &Scenario, path: &KeyPath) {
    let (Some(value), [Segment::Key(table), Segment::Key(key)]) =
        (in_effect(scenario, path), path.segments())
    else {
        return;
    };
    if let Some(Value::Table(table)) = tree.get_mut(table) {
        table.entry(key.clone()).or_insert(Value::Float(value));
    }
}

/// The value at `path` in the tree, or an error naming the first step that
/// does not exist.
fn slot_mut<'a>(tree: &'a mut Value, path: &KeyPath) -> Result<&'a mut Value, PathError> {
    let unknown = |message: String| PathError::Unknown {
        path: path.to_string(),
        message,
    };
    if path.is_root() {
        return Err(unknown("the path is empty".to_string()));
    }
    let mut at = KeyPath::root();
    let mut value = tree;
    for segment in path.segments() {
        value = match (segment, value) {
            (Segment::Key(key), Value::Table(table)) => {
                if !table.contains_key(key) {
                    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
                    // An unset capacity override is a key too (`gp.fte`).
                    let prefix = format!("{at}.");
                    for (absolute, _) in CAPACITY_OVERRIDES {
                        if let Some(name) = absolute.strip_prefix(prefix.as_str()) {
                            if !keys.contains(&name) {
                                keys.push(name);
                            }
                        }
                    }
                    keys.sort_unstable();
                    let hint = match nearest(key, &keys) {
                        Some(best) => format!("did you mean `{}`?", at.key(best)),
                        None => format!(
                            "valid keys there: {}",
                            keys.iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    return Err(unknown(format!(
                        "{} has no key `{key}` in this scenario; {hint}",
                        at.table_name()
                    )));
                }
                at = at.key(key);
                table.get_mut(key).expect("checked above")
            }
            (Segment::Index(i), Value::Array(array)) => {
                let len = array.len();
                if *i >= len {
                    return Err(unknown(format!(
                        "`{at}` has {len} values, so its indices are 0 to {}",
                        len.saturating_sub(1)
                    )));
                }
                at = at.index(*i);
                &mut array[*i]
            }
            (segment, other) => {
                let step = match segment {
                    Segment::Key(k) => format!("key `{k}`"),
                    Segment::Index(i) => format!("index [{i}]"),
                };
                return Err(unknown(format!(
                    "`{at}` is {}, which has no {step}",
                    kind(other)
                )));
            }
        };
    }
    Ok(value)
}

fn not_a_number(path: &KeyPath, value: &Value) -> PathError {
    PathError::NotANumber {
        path: path.to_string(),
        found: kind(value).to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "text",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array (give an index, e.g. `[0]`)",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_like_toml_keys() {
        assert_eq!(
            parse_path("gp.episode_rate_by_age[3]").unwrap(),
            KeyPath::of(&["gp", "episode_rate_by_age"]).index(3)
        );
        assert_eq!(
            parse_path("interventions.custom.\"val preventie\".uptake").unwrap(),
            KeyPath::of(&["interventions", "custom", "val preventie", "uptake"])
        );
        for bad in [
            "", "gp.", ".gp", "gp..fte", "gp.x[", "gp.x[a]", "gp fte", "gp.\"x",
        ] {
            assert!(
                matches!(parse_path(bad), Err(PathError::Syntax { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_unset_capacity_override_reads_as_the_value_in_effect_and_can_be_set() {
        let mut base = Scenario::default();
        base.population.residents = 24_000;
        let path = parse_path("services.district_nursing_hours_per_week").unwrap();
        assert_eq!(base.services.district_nursing_hours_per_week, None);
        assert_eq!(get_parameter(&base, &path), Ok(1152.0));
        let set = with_parameters(&base, &[(path.clone(), 500.0)]).unwrap();
        assert_eq!(set.services.district_nursing_hours_per_week, Some(500.0));
        assert_eq!(set.capacity().district_nursing_hours_per_week, 500.0);
        assert_eq!(get_parameter(&set, &path), Ok(500.0));
        // Setting the per-1,000 key leaves the override unset.
        let per_1000 = parse_path("services.district_nursing_hours_per_week_per_1000").unwrap();
        let set = with_parameters(&base, &[(per_1000, 10.0)]).unwrap();
        assert_eq!(set.services.district_nursing_hours_per_week, None);
        assert_eq!(set.capacity().district_nursing_hours_per_week, 240.0);
    }

    #[test]
    fn a_mistyped_key_gets_the_one_suggestion_routine() {
        let base = Scenario::default();
        let err = get_parameter(&base, &parse_path("gp.propensity_shap").unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("did you mean `gp.propensity_shape`?"),
            "{err}"
        );
        // A swap of two neighbouring letters is one edit, as for keys in files.
        let err = get_parameter(&base, &parse_path("gp.propensity_sahpe").unwrap()).unwrap_err();
        assert!(
            err.to_string()
                .contains("did you mean `gp.propensity_shape`?"),
            "{err}"
        );
    }
}
