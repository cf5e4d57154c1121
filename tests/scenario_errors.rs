//! What a user sees when a scenario file is wrong: each error names the
//! file, the line and column, the key, and what would be valid.

use buurtsim::scenario::{load, Origin, ScenarioError};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// Writes `files` (name, text) into a fresh folder.
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Loads `name` from `dir`, expecting an error; returns it and its message.
fn fails(dir: &TempDir, name: &str) -> (ScenarioError, String) {
    let err = load(&dir.path().join(name)).expect_err("the scenario should not load");
    let message = err.to_string();
    (err, message)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// A typo in a key names file, line and column, the table, and the nearest
/// valid key with its unit and range.
#[test]
fn unknown_key_suggests_the_nearest_valid_key() {
    let dir = folder(&[(
        "x.toml",
        "name = \"x\"\n\n[interventions.carer_support]\nstart_year = 0\ncovrage = 0.3\n",
    )]);
    let (err, message) = fails(&dir, "x.toml");
    let ScenarioError::UnknownKey { location, key, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(key, "covrage");
    assert_eq!(file_name(&location.file), "x.toml");
    assert!(message.contains("x.toml:5:1: "), "{message}");
    assert!(
        message.contains(
            "unknown key `covrage` in [interventions.carer_support]; did you mean `coverage` (share, 0 to 1)?"
        ),
        "{message}"
    );
}

/// A key an older version read is refused with what replaced it, not with
/// a guess at a similar key (issue 13 removed three).
#[test]
fn a_removed_key_says_what_replaced_it() {
    for (key, says) in [
        (
            "hold_age_structure = true",
            "the age structure is now simulated",
        ),
        (
            "partner_share_under_70 = 0.6",
            "`population.union_formation_rate`",
        ),
        (
            "living_alone_share_70plus = 0.33",
            "`population.separation_rate`",
        ),
    ] {
        let dir = folder(&[(
            "old.toml",
            &format!("name = \"old\"\n[population]\n{key}\n"),
        )]);
        let (err, message) = fails(&dir, "old.toml");
        assert!(matches!(err, ScenarioError::UnknownKey { .. }), "{err:?}");
        assert!(message.contains("old.toml:3:1: unknown key"), "{message}");
        assert!(message.contains("it was removed: "), "{message}");
        assert!(message.contains(says), "{message}");
        assert!(message.ends_with("delete the line"), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
}

/// A key written under the wrong table is sent to the table it belongs in.
#[test]
fn unknown_key_in_the_wrong_table_names_its_table() {
    let dir = folder(&[("x.toml", "[run]\nyears = 5\nfte = 6\n")]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains("x.toml:3:1: unknown key `fte` in [run]; `fte` is a key of [gp]"),
        "{message}"
    );
    assert!(
        message.contains("valid keys there: `years`, `warmup_years`"),
        "{message}"
    );
}

/// A typo in a custom programme's nested table is found there too.
#[test]
fn unknown_key_in_a_custom_programme() {
    let dir = folder(&[(
        "x.toml",
        "[interventions.custom.valpreventie.multipliers]\ncrises = 0.8\n",
    )]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains(
            "x.toml:2:1: unknown key `crises` in [interventions.custom.valpreventie.multipliers]; \
             did you mean `crisis` (multiplier, 0 or more)?"
        ),
        "{message}"
    );
}

/// A string where a number belongs names the key and says what is expected.
#[test]
fn wrong_type_names_key_and_expected_type() {
    let dir = folder(&[("x.toml", "[gp]\nfte = \"five\"\n")]);
    let (err, message) = fails(&dir, "x.toml");
    assert!(matches!(err, ScenarioError::InvalidValue { .. }), "{err:?}");
    assert!(
        message.contains(
            "x.toml:2:7: invalid value for `gp.fte`: expected a number, found string \"five\""
        ),
        "{message}"
    );
    assert!(
        message.contains("; valid is over 0, up to 1000 (FTE)"),
        "{message}"
    );
}

/// A wrong array element is named by its index.
#[test]
fn wrong_type_in_an_array_names_the_element() {
    let dir = folder(&[(
        "x.toml",
        "[gp]\nepisode_multiplier_by_state = [1.4, true, 2.3]\n",
    )]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains("x.toml:2:37: invalid value for `gp.episode_multiplier_by_state[1]`"),
        "{message}"
    );
}

/// An unknown choice suggests the nearest valid one.
#[test]
fn unknown_payer_suggests_the_nearest() {
    let dir = folder(&[("x.toml", "[interventions.hybrid_care]\npayer = \"zvv\"\n")]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains("x.toml:2:9: invalid value for `interventions.hybrid_care.payer`"),
        "{message}"
    );
    assert!(message.contains("did you mean `zvw`?"), "{message}");
}

/// Broken TOML is a syntax error at its line.
#[test]
fn syntax_error_has_line_and_column() {
    let dir = folder(&[("x.toml", "name = \"x\"\n[gp]\nfte = \n")]);
    let (err, message) = fails(&dir, "x.toml");
    assert!(matches!(err, ScenarioError::Syntax { .. }), "{err:?}");
    assert!(
        message.starts_with(&format!(
            "{}:3:7: TOML syntax error",
            dir.path().join("x.toml").display()
        )),
        "{message}"
    );
}

/// A value out of range in a child file is reported at the child's line,
/// not at the parent that set the key first.
#[test]
fn out_of_range_in_child_names_the_child_file_and_line() {
    let dir = folder(&[
        ("base.toml", "[interventions.carer_support]\ncoverage = 0.4\n"),
        (
            "child.toml",
            "extends = \"base.toml\"\n\n[interventions.carer_support]\n# set above 1 by mistake\ncoverage = 1.4\n",
        ),
    ]);
    let (err, message) = fails(&dir, "child.toml");
    let ScenarioError::OutOfRange {
        origin: Origin::Set(location),
        violation,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(file_name(&location.file), "child.toml");
    assert_eq!(
        violation.key.to_string(),
        "interventions.carer_support.coverage"
    );
    assert!(
        message.contains(
            "child.toml:5:12: `interventions.carer_support.coverage` = 1.4 is out of range: valid is 0 to 1 (share)"
        ),
        "{message}"
    );
}

/// An out-of-range value inherited from a parent is reported at the parent.
#[test]
fn out_of_range_in_parent_names_the_parent() {
    let dir = folder(&[
        ("base.toml", "[gp]\nfte = 0\n"),
        (
            "child.toml",
            "extends = \"base.toml\"\n[gp]\nurgent_share = 0.1\n",
        ),
    ]);
    let (_, message) = fails(&dir, "child.toml");
    assert!(
        message.contains(
            "base.toml:2:7: `gp.fte` = 0 is out of range: valid is over 0, up to 1000 (FTE)"
        ),
        "{message}"
    );
}

/// Several problems: the first in file order is reported, the others named.
#[test]
fn several_out_of_range_values_are_all_named() {
    let dir = folder(&[(
        "x.toml",
        "[run]\nreplications = 0\n[population]\nresidents = 0\n",
    )]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message
            .contains("x.toml:2:16: `run.replications` = 0 is out of range: valid is 1 to 1000000"),
        "{message}"
    );
    assert!(
        message.contains("Also out of range: `population.residents`"),
        "{message}"
    );
}

/// A rule across two keys points at the key a file set, even when the
/// reported key itself is a default.
#[test]
fn run_longer_than_the_limit_points_at_the_key_that_was_set() {
    let dir = folder(&[("x.toml", "[run]\nwarmup_years = 195\n")]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains(
            "x.toml:2:16: `run.years` = 10: with `run.warmup_years` = 195 the run is 205 years"
        ),
        "{message}"
    );
}

/// `nan` and `inf` are valid TOML floats but not valid parameters.
#[test]
fn nan_and_infinity_are_rejected() {
    for (text, shown) in [
        ("fte = nan", "nan"),
        ("fte = inf", "inf"),
        ("fte = -inf", "-inf"),
    ] {
        let dir = folder(&[("x.toml", &format!("[gp]\n{text}\n"))]);
        let (_, message) = fails(&dir, "x.toml");
        assert!(
            message.contains(&format!(
                "x.toml:2:7: `gp.fte` = {shown} is not a finite number"
            )),
            "{message}"
        );
    }
    let dir = folder(&[(
        "x.toml",
        "[population]\nage_band_shares = [1,1,1,1,1, 1,1,1,1,1, 1,1,nan,1,1, 1,1,1,1,1]\n",
    )]);
    let (_, message) = fails(&dir, "x.toml");
    assert!(
        message.contains("`population.age_band_shares[12]` = nan is not a finite number"),
        "{message}"
    );
}

/// `extends` naming a file that is not there points at the `extends` line.
#[test]
fn extends_missing_file_names_the_including_file_and_line() {
    let dir = folder(&[("child.toml", "name = \"c\"\nextends = \"nope.toml\"\n")]);
    let (err, message) = fails(&dir, "child.toml");
    let ScenarioError::NotFound {
        path,
        extended_from: Some(at),
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(path, &dir.path().join("nope.toml"));
    assert_eq!(file_name(&at.file), "child.toml");
    assert!(
        message.contains("child.toml:2:11: `extends` names "),
        "{message}"
    );
    assert!(
        message.contains("nope.toml, which does not exist"),
        "{message}"
    );
}

/// `extends` is resolved relative to the file that contains it.
#[test]
fn extends_is_relative_to_the_including_file() {
    let dir = folder(&[]);
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("base.toml"), "[gp]\nfte = 7.0\n").unwrap();
    fs::write(
        dir.path().join("sub/child.toml"),
        "extends = \"../base.toml\"\n",
    )
    .unwrap();
    let scenario = load(&dir.path().join("sub/child.toml")).unwrap();
    assert_eq!(scenario.gp.fte, Some(7.0));
}

/// A cycle of `extends` is named in full.
#[test]
fn extends_cycle_names_the_chain() {
    let dir = folder(&[
        ("a.toml", "extends = \"b.toml\"\n"),
        ("b.toml", "extends = \"c.toml\"\n"),
        ("c.toml", "extends = \"a.toml\"\n"),
    ]);
    let (err, message) = fails(&dir, "a.toml");
    let ScenarioError::ExtendsCycle { chain, .. } = &err else {
        panic!("{err:?}")
    };
    let names: Vec<String> = chain.iter().map(|p| file_name(p)).collect();
    assert_eq!(names, ["a.toml", "b.toml", "c.toml", "a.toml"]);
    // Located at the `extends` line that leads back.
    assert!(
        message.contains("c.toml:1:11: `extends` forms a cycle: "),
        "{message}"
    );
    assert!(message.contains("a.toml -> "), "{message}");

    let dir = folder(&[("self.toml", "extends = \"./self.toml\"\n")]);
    let (err, _) = fails(&dir, "self.toml");
    assert!(
        matches!(err, ScenarioError::ExtendsCycle { ref chain, .. } if chain.len() == 2),
        "{err:?}"
    );
}

/// A file that is not UTF-8 is reported at the first bad byte.
#[test]
fn non_utf8_file_is_reported_at_the_bad_byte() {
    let dir = folder(&[]);
    fs::write(
        dir.path().join("x.toml"),
        b"name = \"x\"\ndescription = \"caf\xe9\"\n",
    )
    .unwrap();
    let (err, message) = fails(&dir, "x.toml");
    assert!(matches!(err, ScenarioError::NotUtf8 { .. }), "{err:?}");
    assert!(
        message.contains("x.toml:2:19: the file is not UTF-8 text"),
        "{message}"
    );
}

/// A folder instead of a file says so.
#[test]
fn directory_is_not_a_scenario() {
    let dir = folder(&[]);
    fs::create_dir(dir.path().join("scenarios.toml")).unwrap();
    let (err, message) = fails(&dir, "scenarios.toml");
    assert!(
        matches!(
            err,
            ScenarioError::IsDirectory {
                extended_from: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        message.contains("scenarios.toml: scenario file is a folder"),
        "{message}"
    );
}

/// A missing file says so.
#[test]
fn missing_file_says_so() {
    let dir = folder(&[]);
    let (err, message) = fails(&dir, "nothere.toml");
    assert!(
        matches!(
            err,
            ScenarioError::NotFound {
                extended_from: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        message.ends_with("nothere.toml: scenario file does not exist"),
        "{message}"
    );
}

/// A child overrides one value of its parent and keeps all others; its own
/// name replaces the parent's.
#[test]
fn child_overrides_one_parent_value() {
    let dir = folder(&[
        ("base.toml", "name = \"base\"\ndescription = \"d\"\n[gp]\nfte = 6.0\nurgent_share = 0.2\n[run]\nyears = 5\n"),
        ("child.toml", "extends = \"base.toml\"\n[gp]\nfte = 7.5\n"),
    ]);
    let child = load(&dir.path().join("child.toml")).unwrap();
    let base = load(&dir.path().join("base.toml")).unwrap();
    assert_eq!(child.gp.fte, Some(7.5));
    assert_eq!(child.gp.urgent_share, 0.2);
    assert_eq!(child.run.years, 5);
    assert_eq!(
        child.name, "child",
        "a child without a name is named after its file"
    );
    assert_eq!(child.description, "");
    assert_eq!(child.extends, None);
    let mut expected = base.clone();
    expected.gp.fte = Some(7.5);
    expected.name = "child".to_string();
    expected.description = String::new();
    assert_eq!(child, expected);
}

/// Every message is one paragraph: no line breaks, no Rust type names.
#[test]
fn messages_are_one_paragraph_without_rust_words() {
    let cases = [
        "[gp]\nfte = \"x\"\n",
        "[run]\nyears = 1.5\n",
        "[run]\nyears = -3\n",
        "[population]\ndigital_literacy_by_age = [1, 2]\n",
        "[interventions.custom.x]\ntarget = 3\n",
        "[interventions.custom.x.target]\nfunctional_states = [\"fitt\"]\n",
    ];
    for text in cases {
        let dir = folder(&[("x.toml", text)]);
        let (_, message) = fails(&dir, "x.toml");
        assert!(!message.contains('\n'), "{message}");
        for word in ["f64", "u32", "struct", "sequence"] {
            assert!(!message.contains(word), "{message}");
        }
        assert!(message.contains("x.toml:2:"), "{message}");
    }
}

/// `location()` gives tools the file and line to open.
#[test]
fn location_is_available_to_tools() {
    let dir = folder(&[("x.toml", "[gp]\nfte = -2\n")]);
    let (err, _) = fails(&dir, "x.toml");
    let location = err.location().unwrap();
    assert_eq!(location.file, dir.path().join("x.toml"));
    assert_eq!(location.position.map(|p| (p.line, p.column)), Some((2, 7)));
}
