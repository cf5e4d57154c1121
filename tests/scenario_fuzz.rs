//! No panic on any scenario input: a property test over the scenario parser
//! and validator with three generators (arbitrary text, mutations of the
//! corpus in `tests/fuzz-corpus/`, and TOML built from the schema's own keys
//! with values of every type and edge case). Every input must give either a
//! valid scenario or an error; a valid scenario must also print and reload.
//!
//! The normal suite runs a short pass; set `BUURTSIM_FUZZ_CASES` for a long
//! one (the closing note of issue 7 records a run of 1,000,000 cases).

use buurtsim::scenario::{load_str, resolved_toml, validate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Keys the schema knows, as dotted paths (from the fully resolved baseline
/// with every preset switched on, and the optional capacity keys), so
/// generated files reach deep validation.
fn known_keys() -> Vec<String> {
    let mut s = buurtsim::scenario::load_embedded("combined").unwrap();
    s.interventions
        .custom
        .insert("x".into(), Default::default());
    let value = toml::Value::try_from(&s).unwrap();
    let mut keys = Vec::new();
    fn walk(prefix: &str, v: &toml::Value, keys: &mut Vec<String>) {
        if let toml::Value::Table(t) = v {
            for (k, v) in t {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&path, v, keys);
            }
        } else {
            keys.push(prefix.to_string());
        }
    }
    walk("", &value, &mut keys);
    // Optional keys, absent until a file sets them.
    for (key, _) in buurtsim::scenario::CAPACITY_OVERRIDES {
        keys.push(key.to_string());
    }
    keys
}

fn edge_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|x| format!("{x:?}")),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("-0.0".to_string()),
        Just("1e308".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        any::<i64>().prop_map(|x| x.to_string()),
        (0u32..3).prop_map(|x| x.to_string()),
        Just("true".to_string()),
        Just("\"text\"".to_string()),
        Just("[]".to_string()),
        Just("[1.0, 2.0]".to_string()),
        Just("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("\"zvw\"".to_string()),
        Just("[\"frail\", \"fit\"]".to_string()),
        Just("1979-05-27".to_string()),
    ]
}

/// One input from one of the three generators.
fn input(corpus: Vec<String>, keys: Vec<String>) -> impl Strategy<Value = String> {
    let n = corpus.len();
    let mutation = (0..n, any::<u32>(), any::<u32>(), edge_value(), 0u8..6).prop_map(
        move |(i, a, b, value, kind)| {
            let text = &corpus[i];
            let lines: Vec<&str> = text.lines().collect();
            let pick = |x: u32| {
                if lines.is_empty() {
                    0
                } else {
                    x as usize % lines.len()
                }
            };
            match kind {
                // Replace the value of one line.
                0 => lines
                    .iter()
                    .enumerate()
                    .map(|(k, l)| match l.split_once('=') {
                        Some((key, _)) if k == pick(a) => format!("{key}= {value}"),
                        _ => l.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                // Delete a line.
                1 => lines
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != pick(a))
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join("\n"),
                // Duplicate a line (duplicate keys, repeated tables).
                2 => {
                    let mut out: Vec<&str> = lines.clone();
                    if !lines.is_empty() {
                        out.insert(pick(b), lines[pick(a)]);
                    }
                    out.join("\n")
                }
                // Truncate anywhere (on a char boundary).
                3 => {
                    let cut = if text.is_empty() {
                        0
                    } else {
                        a as usize % text.len()
                    };
                    let cut = (0..=cut)
                        .rev()
                        .find(|&c| text.is_char_boundary(c))
                        .unwrap_or(0);
                    text[..cut].to_string()
                }
                // Flip one character.
                4 => {
                    let mut chars: Vec<char> = text.chars().collect();
                    if !chars.is_empty() {
                        let k = a as usize % chars.len();
                        chars[k] = char::from_u32(b % 0x250).unwrap_or('?');
                    }
                    chars.into_iter().collect()
                }
                // Swap two lines (keys move between tables).
                _ => {
                    let mut out: Vec<&str> = lines.clone();
                    if !lines.is_empty() {
                        out.swap(pick(a), pick(b));
                    }
                    out.join("\n")
                }
            }
        },
    );
    let k = keys.len();
    let generated =
        proptest::collection::vec((0..k, edge_value()), 0..8).prop_map(move |entries| {
            let mut text = String::new();
            if entries.len() % 2 == 0 {
                text.push_str("extends = \"baseline.toml\"\n");
            }
            for (i, value) in entries {
                text.push_str(&format!("{} = {}\n", keys[i], value));
            }
            text
        });
    let arbitrary = proptest::collection::vec(any::<u8>(), 0..200)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    prop_oneof![4 => mutation, 4 => generated, 1 => arbitrary]
}

/// Parse, validate, print and reload: any panic fails the test.
fn exercise(text: &str) {
    if let Ok(scenario) = load_str("fuzz.toml", text) {
        assert!(
            validate(&scenario).is_ok(),
            "load_str returned an invalid scenario"
        );
        let printed = resolved_toml(&scenario);
        let again = load_str("printed.toml", &printed).expect("a printed scenario loads again");
        assert_eq!(again.run, scenario.run);
    }
}

#[test]
fn no_panic_on_any_scenario_input() {
    let cases: u32 = std::env::var("BUURTSIM_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(3_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    runner
        .run(&input(corpus(), known_keys()), |text| {
            exercise(&text);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{cases} scenario inputs without a panic in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn every_corpus_file_is_handled() {
    for text in corpus() {
        exercise(&text);
    }
}
