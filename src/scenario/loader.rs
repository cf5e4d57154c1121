//! Loading a scenario: read the `extends` chain, check each file on its
//! own, merge, deserialise, validate.
//!
//! Each file is deserialised into [`Scenario`] by itself before merging
//! (every field has a default, so a partial file is a valid scenario).
//! That is what lets an unknown key or a wrong type be reported against the
//! file and line where it is written, not against the merged result. Range
//! errors are found after merging and traced back to the last file of the
//! chain that sets the key, since the child overrides the parent.

use super::embedded::embedded_files;
use super::error::{Location, Origin, ScenarioError};
use super::inline::{extract, Inline, InlineError, Problem};
use super::key::KeyPath;
use super::locate::{path_at, span_of, Position};
use super::merge::{drop_overridden_uncertainty, merge};
use super::path::parse_path;
use super::region;
use super::rules::{rule_for, Check, DISTRIBUTIONS, RULES};
use super::schema::Scenario;
use super::source::{
    resolve_extends, Embedded, FileSystem, InMemory, ReadError, Source, EMBEDDED_DIR,
};
use super::suggest::{expected_words, nearest};
use super::uncertainty_check::with_central_values;
use super::validation::validate;
use super::violation::ValidationError;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// Loads, merges and validates the scenario at `path`.
///
/// `extends = "other.toml"` is resolved relative to the file that contains
/// it, any number of levels deep. In the result `extends` is `None`, and
/// `name`, `description` and `description_nl` are those of `path` itself: when it does not set
/// them, `name` is the file name without `.toml` and the descriptions are
/// empty, because a parent's name would mislabel the child in every table.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_from(&FileSystem, path)
}

/// Loads a scenario compiled into the binary, by file name with or without
/// `.toml` (`"baseline"`, `"katwijk-mantelzorg.toml"`); see
/// [`embedded_files`]. Messages name it as `scenarios/<name>`.
pub fn load_embedded(name: &str) -> Result<Scenario, ScenarioError> {
    let file = if name.ends_with(".toml") {
        name.to_string()
    } else {
        format!("{name}.toml")
    };
    if !embedded_files().iter().any(|(n, _)| *n == file) {
        return Err(ScenarioError::UnknownEmbedded {
            name: name.to_string(),
            available: embedded_files()
                .iter()
                .map(|(n, _)| (*n).to_string())
                .collect(),
        });
    }
    load_from(&Embedded, &Path::new(EMBEDDED_DIR).join(file))
}

/// Loads a scenario from text, as if it were the file `name` in the
/// shipped `scenarios/` folder (so `extends = "baseline.toml"` works).
/// Messages name it as `name`.
pub fn load_str(name: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let path = Path::new(EMBEDDED_DIR).join(name);
    load_from(
        &InMemory {
            path: path.clone(),
            text,
        },
        &path,
    )
}

fn load_from(source: &dyn Source, path: &Path) -> Result<Scenario, ScenarioError> {
    let chain = read_chain(source, path)?;
    let mut scenario = with_central_values(&combine(&chain)?);
    order_sensitivity(&chain, &mut scenario);
    region::apply(&mut scenario).map_err(|e| locate_region_error(&chain, e))?;
    validate(&scenario).map_err(|e| locate_violations(&chain, e))?;
    Ok(scenario)
}

/// `[sensitivity] reference` names a file relative to the file that writes
/// it (as `extends` does), made absolute here so that a child in another
/// folder inherits its parent's reference unchanged.
fn resolve_reference(table: &mut Table, file: &Path) {
    let Some(Value::Table(sensitivity)) = table.get_mut("sensitivity") else {
        return;
    };
    if let Some(Value::String(reference)) = sensitivity.get_mut("reference") {
        if !reference.trim().is_empty() && Path::new(reference.as_str()).is_relative() {
            let joined = file
                .parent()
                .unwrap_or(Path::new(""))
                .join(reference.as_str());
            let absolute = std::path::absolute(&joined).unwrap_or(joined);
            *reference = absolute.to_string_lossy().into_owned();
        }
    }
}

/// `[sensitivity.parameters]` in the order the files write them (parents
/// first): parsed TOML tables keep no order, and the order is the design's
/// column order.
fn order_sensitivity(chain: &[ChainFile], scenario: &mut Scenario) {
    let Some(table) = scenario.sensitivity.as_mut() else {
        return;
    };
    table.order_by(|path| {
        let key = KeyPath::of(&["sensitivity", "parameters", path]);
        chain
            .iter()
            .rev()
            .enumerate()
            .find_map(|(i, file)| span_of(&file.text, &key).map(|span| (i, span.start)))
    });
}

/// Points a `[population.cbs]` problem at the line of the key at fault in
/// the last file of the chain that sets it.
fn locate_region_error(chain: &[ChainFile], error: region::RegionError) -> ScenarioError {
    let key = parse_path(error.key).expect("region keys parse");
    let table = key.parent();
    let location = [&key, &table]
        .into_iter()
        .find_map(|k| {
            chain.iter().find_map(|file| {
                span_of(&file.text, k).map(|span| Location {
                    file: file.path.clone(),
                    position: Some(Position::at(&file.text, span.start)),
                })
            })
        })
        .unwrap_or_else(|| Location::file(chain[0].path.clone()));
    ScenarioError::InvalidValue {
        location,
        key: error.key.to_string(),
        message: error.message,
    }
}

/// One file of an `extends` chain, checked on its own.
struct ChainFile {
    path: PathBuf,
    text: String,
    table: Table,
}

/// The files from `top` along `extends`, child first.
fn read_chain(source: &dyn Source, top: &Path) -> Result<Vec<ChainFile>, ScenarioError> {
    let mut chain: Vec<ChainFile> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = top.to_path_buf();
    let mut extended_from: Option<Location> = None;
    loop {
        let identity = source.identity(&next);
        if seen.contains(&identity) {
            let mut names: Vec<PathBuf> = chain.into_iter().map(|f| f.path).collect();
            names.push(next);
            return Err(ScenarioError::ExtendsCycle {
                chain: names,
                closed_at: extended_from,
            });
        }
        let text = source
            .read(&next)
            .map_err(|e| read_error(e, &next, extended_from.take()))?;
        let (file, extends) = check_file(next, text)?;
        seen.push(identity);
        let Some(target) = extends else {
            chain.push(file);
            return Ok(chain);
        };
        let at = span_of(&file.text, &KeyPath::of(&["extends"]))
            .map(|s| Position::at(&file.text, s.start));
        extended_from = Some(Location {
            file: file.path.clone(),
            position: at,
        });
        next = resolve_extends(&file.path, &target);
        chain.push(file);
    }
}

fn read_error(error: ReadError, path: &Path, extended_from: Option<Location>) -> ScenarioError {
    let path = path.to_path_buf();
    match error {
        ReadError::NotFound => ScenarioError::NotFound {
            path,
            extended_from,
        },
        ReadError::IsDirectory => ScenarioError::IsDirectory {
            path,
            extended_from,
        },
        ReadError::Refused(reason) => ScenarioError::Unusable {
            path,
            extended_from,
            reason,
        },
        ReadError::Io(source) => ScenarioError::Io {
            path,
            extended_from,
            source,
        },
        ReadError::NotUtf8(position) => ScenarioError::NotUtf8 {
            location: Location {
                file: path,
                position: Some(position),
            },
        },
    }
}

/// Parses one file and deserialises it into a [`Scenario`] on its own, so
/// that syntax errors, unknown keys and wrong types name this file. Returns
/// the file's table (for merging) and its `extends` target.
fn check_file(path: PathBuf, text: String) -> Result<(ChainFile, Option<String>), ScenarioError> {
    let at = |span: Option<std::ops::Range<usize>>| Location {
        file: path.clone(),
        position: span.map(|s| Position::at(&text, s.start)),
    };
    if let Err(e) = toml::de::DeTable::parse(&text) {
        return Err(ScenarioError::Syntax {
            location: at(e.span()),
            message: e.message().to_string(),
        });
    }
    // Inline distributions become their central value in the text (same
    // offsets) and `[uncertainty]` entries in the table.
    let (parsed, inline) = extract(&text).map_err(|e| inline_error(&path, &text, e))?;
    let scenario: Scenario =
        toml::from_str(&parsed).map_err(|e| schema_error(at(e.span()), &parsed, &e))?;
    let mut table: Table = toml::from_str(&parsed).map_err(|e| ScenarioError::Syntax {
        location: at(e.span()),
        message: e.message().to_string(),
    })?;
    add_inline(&mut table, inline).map_err(|(key, offset)| ScenarioError::InvalidValue {
        location: at(Some(offset..offset)),
        key,
        message: "is given a distribution twice, on the key and in [uncertainty]; keep one"
            .to_string(),
    })?;
    Ok((ChainFile { path, text, table }, scenario.extends))
}

/// Adds the file's inline distributions to its `[uncertainty]` table, or
/// names one that the table already has (with the offset of the key).
fn add_inline(table: &mut Table, inline: Vec<Inline>) -> Result<(), (String, usize)> {
    if inline.is_empty() {
        return Ok(());
    }
    let entries = table
        .entry("uncertainty")
        .or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(entries) = entries else {
        // `uncertainty = 5`: the schema has already refused it.
        return Ok(());
    };
    for Inline { path, dist, offset } in inline {
        let key = path.to_string();
        let written_twice = entries
            .keys()
            .any(|k| parse_path(k).is_ok_and(|p| p == path));
        if written_twice {
            return Err((format!("uncertainty.\"{key}\""), offset));
        }
        let value = Value::try_from(&dist).expect("a distribution serialises to a table");
        entries.insert(key, value);
    }
    Ok(())
}

/// An inline distribution that could not be read, against its key.
fn inline_error(path: &Path, text: &str, error: InlineError) -> ScenarioError {
    let message = match error.problem {
        Problem::Key(why) => format!("cannot be given as a distribution: {why}"),
        Problem::Parse(e) => distribution_message(&e),
    };
    ScenarioError::InvalidValue {
        location: Location {
            file: path.to_path_buf(),
            position: Some(Position::at(text, error.offset)),
        },
        key: error.path.to_string(),
        message,
    }
}

/// serde's message about a distribution in words: an unknown `dist` with a
/// suggestion, an unknown or missing parameter with the valid ones.
fn distribution_message(error: &toml::de::Error) -> String {
    let message = error.message();
    let expected = expected_words(message);
    let listed = |words: &[&str]| {
        words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default();
        let mut text = format!(
            "dist = \"{value}\" is not a distribution; valid are {}",
            listed(DISTRIBUTIONS)
        );
        if let Some(best) = nearest(value, DISTRIBUTIONS) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return text;
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let mut text = format!(
            "`{field}` is not a parameter of this distribution; it takes {}",
            listed(&expected)
        );
        if let Some(best) = nearest(field, &expected) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return text;
    }
    if message.contains("missing field `dist`") {
        return format!(
            "a distribution needs `dist`, one of {}, e.g. {{ dist = \"triangular\", min = 0.6, \
             mode = 0.7, max = 0.9 }}",
            listed(DISTRIBUTIONS)
        );
    }
    format!("not a valid distribution: {}", plain_type_message(message))
}

/// Turns serde's message about one file into a [`ScenarioError`] that
/// names the key and says what would be valid.
fn schema_error(location: Location, text: &str, error: &toml::de::Error) -> ScenarioError {
    let message = error.message();
    let written = error
        .span()
        .and_then(|s| path_at(text, s.start))
        .unwrap_or_default();
    let expected = expected_words(message);
    if written.keys().next() == Some("uncertainty") && written.segments().len() > 1 {
        return ScenarioError::InvalidValue {
            location,
            key: written.to_string(),
            message: distribution_message(error),
        };
    }

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let table = if written.last_key() == Some(key.as_str()) {
            written.parent()
        } else {
            written
        };
        let hint = unknown_key_hint(&table, &key, &expected);
        return ScenarioError::UnknownKey {
            location,
            key,
            table: table.table_name(),
            hint,
        };
    }

    let mut detail = if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default();
        let choices: Vec<String> = expected.iter().map(|w| format!("`{w}`")).collect();
        let mut text = format!("\"{value}\" is not one of {}", choices.join(", "));
        if let Some(best) = nearest(value, &expected) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        text
    } else {
        plain_type_message(message)
    };
    // Quote the range for numbers; a choice already lists its words, and
    // "any text" helps no one.
    if let Some(rule) =
        rule_for(&written).filter(|r| matches!(r.check, Check::Number(_) | Check::Integer { .. }))
    {
        detail.push_str(&format!("; valid is {} ({})", rule.range_text(), rule.unit));
    }
    ScenarioError::InvalidValue {
        location,
        key: written.to_string(),
        message: detail,
    }
}

/// serde's "invalid type: string \"x\", expected f64" as "expected a number,
/// found string \"x\"": the Rust type names mean nothing to a TOML author.
fn plain_type_message(message: &str) -> String {
    if message.contains("number overflowed") {
        // `1e400`: TOML reads it as a float that does not fit.
        return "the number is too large to be represented".to_string();
    }
    let Some((found, expected)) = message.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected {
        "f64" | "f32" => "a number".to_string(),
        "u32" | "u64" => "a whole number".to_string(),
        "a boolean" => "true or false".to_string(),
        "a sequence" => "an array".to_string(),
        other if other.starts_with("struct ") => "a table".to_string(),
        other => other.to_string(),
    };
    let found = if let Some(n) = found.strip_prefix("invalid length ") {
        format!("{n} values")
    } else {
        found
            .trim_start_matches("invalid type: ")
            .trim_start_matches("invalid value: ")
            .to_string()
    };
    format!("expected {expected}, found {}", plain_found(&found))
}

/// serde's name for what was written, in TOML words: `sequence` is an
/// array, `map` a table, and an integer beyond 64 bits (which serde shows
/// as "integer `N` as i128") is simply too large.
fn plain_found(found: &str) -> String {
    match found {
        "sequence" => return "an array".to_string(),
        "map" => return "a table".to_string(),
        _ => {}
    }
    for wide in [" as i128", " as u128"] {
        if let Some(number) = found.strip_suffix(wide) {
            let size = if number.contains("`-") {
                "too small"
            } else {
                "too large"
            };
            return format!("{number}, which is far {size}");
        }
    }
    found.to_string()
}

/// Keys that earlier versions read, with what replaced them, so that an
/// old scenario file gets an error that says what to do instead of a
/// guess at a similar key.
const RETIRED_KEYS: &[(&str, &str)] = &[
    (
        "population.hold_age_structure",
        "the age structure is now simulated (births, deaths, and a fixed migration \
         schedule by age solved for a stationary district before the run); there is \
         nothing to hold",
    ),
    (
        "population.partner_share_under_70",
        "who lives with a partner now follows from households that form, separate, \
         move and are widowed (`population.union_formation_rate`, \
         `population.separation_rate`)",
    ),
    (
        "population.living_alone_share_70plus",
        "living alone now follows from widowhood and the household dynamics \
         (`population.union_formation_rate`, `population.separation_rate`)",
    ),
];

/// "did you mean `coverage` (share, 0 to 1)?", or where the key belongs
/// if it is written in the wrong table, or the list of valid keys.
fn unknown_key_hint(table: &KeyPath, key: &str, valid: &[&str]) -> String {
    // A key an older version read: say what replaced it.
    let full = table.key(key).to_string();
    if let Some((_, replaced_by)) = RETIRED_KEYS.iter().find(|(path, _)| *path == full) {
        return format!("it was removed: {replaced_by}; delete the line");
    }
    let list: Vec<String> = valid.iter().map(|k| format!("`{k}`")).collect();
    let valid_text = format!("valid keys there: {}", list.join(", "));
    // A correctly spelled key in the wrong table is the likelier mistake
    // than a typo that happens to be near another key.
    let elsewhere = tables_with_key(key);
    if !elsewhere.is_empty() {
        return format!(
            "`{key}` is a key of {}; {valid_text}",
            elsewhere.join(" and ")
        );
    }
    match nearest(key, valid) {
        Some(best) => match rule_for(&table.key(best)) {
            Some(rule) => format!(
                "did you mean `{best}` ({}, {})?",
                rule.unit,
                rule.range_text()
            ),
            None => format!("did you mean `{best}`?"),
        },
        None => valid_text,
    }
}

/// The tables (as `[a.b]`) whose rules contain `key`, for a key written
/// in the wrong place (`fte` under `[run]` instead of `[gp]`).
fn tables_with_key(key: &str) -> Vec<String> {
    let mut tables: Vec<String> = Vec::new();
    for rule in RULES {
        let segments: Vec<&str> = rule.path.split('.').collect();
        if let Some(i) = segments.iter().position(|s| *s == key) {
            let table = if i == 0 {
                "the top-level table".to_string()
            } else {
                format!("[{}]", segments[..i].join(".").replace('*', "<name>"))
            };
            if !tables.contains(&table) {
                tables.push(table);
            }
        }
    }
    tables
}

/// Merges the chain (root first, child last) and deserialises the result.
fn combine(chain: &[ChainFile]) -> Result<Scenario, ScenarioError> {
    let mut merged = Table::new();
    for file in chain.iter().rev() {
        let mut table = file.table.clone();
        region::resolve_paths(&mut table, &file.path);
        resolve_reference(&mut table, &file.path);
        drop_overridden_uncertainty(&mut merged, &table);
        merge(&mut merged, table);
    }
    merged.remove("extends");
    let top = &chain[0];
    if !top.table.contains_key("name") {
        let stem = top
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        merged.insert("name".to_string(), Value::String(stem));
    }
    for key in ["description", "description_nl"] {
        if !top.table.contains_key(key) {
            merged.insert(key.to_string(), Value::String(String::new()));
        }
    }
    // Each file deserialised on its own and merging keeps every key's type,
    // so this cannot fail; if it ever does, say so against the file loaded.
    merged
        .try_into()
        .map_err(|e: toml::de::Error| ScenarioError::InvalidValue {
            location: Location::file(top.path.clone()),
            key: "(merged scenario)".to_string(),
            message: e.message().to_string(),
        })
}

/// Points each range problem at the file and line that set the value,
/// reports the first in file order and names the others.
fn locate_violations(chain: &[ChainFile], error: ValidationError) -> ScenarioError {
    let mut located: Vec<_> = error
        .violations
        .into_iter()
        .map(|violation| {
            let keys = std::iter::once(&violation.key).chain(&violation.related);
            let found = keys.into_iter().find_map(|key| {
                chain.iter().enumerate().find_map(|(i, file)| {
                    span_of(&file.text, key)
                        .map(|span| (i, Position::at(&file.text, span.start), file))
                })
            });
            match found {
                Some((i, position, file)) => {
                    let origin = Origin::Set(Location {
                        file: file.path.clone(),
                        position: Some(position),
                    });
                    ((i, position.line, position.column), origin, violation)
                }
                None => {
                    let origin = Origin::Default {
                        scenario: chain[0].path.clone(),
                    };
                    ((usize::MAX, 0, 0), origin, violation)
                }
            }
        })
        .collect();
    located.sort_by_key(|(order, _, _)| *order);
    let mut located = located.into_iter();
    let (_, origin, violation) = located
        .next()
        .expect("a validation error has at least one violation");
    let others = located.map(|(_, _, v)| v.key.to_string()).collect();
    ScenarioError::OutOfRange {
        origin,
        violation: Box::new(violation),
        others,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_messages_use_toml_words() {
        assert_eq!(
            plain_type_message("invalid type: string \"x\", expected f64"),
            "expected a number, found string \"x\""
        );
        assert_eq!(
            plain_type_message("invalid length 2, expected an array of length 4"),
            "expected an array of length 4, found 2 values"
        );
        assert_eq!(
            plain_type_message(
                "invalid value: integer `99999999999999999999` as i128, expected u32"
            ),
            "expected a whole number, found integer `99999999999999999999`, which is far too large"
        );
        assert_eq!(
            plain_type_message("invalid type: sequence, expected f64"),
            "expected a number, found an array"
        );
    }

    #[test]
    fn a_key_in_the_wrong_table_is_pointed_to_its_table() {
        let hint = unknown_key_hint(&KeyPath::of(&["run"]), "fte", &["years", "warmup_years"]);
        assert!(hint.starts_with("`fte` is a key of [gp]"), "{hint}");
        assert!(tables_with_key("uptake").contains(&"[interventions.custom.<name>]".to_string()));
    }
}
