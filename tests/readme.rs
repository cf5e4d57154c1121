//! The README documents what the program does: every metric name appears
//! in its output reference, and its first screen has the two commands a
//! newcomer needs.

use buurtsim::model::{METRICS, SERIES};

const README: &str = include_str!("../README.md");

#[test]
fn every_metric_is_documented_in_the_readme() {
    let missing: Vec<&str> = METRICS
        .iter()
        .chain(SERIES)
        .map(|m| m.name)
        .filter(|name| !README.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md does not document: {missing:?}"
    );
}

#[test]
fn the_first_screen_has_the_two_commands() {
    let first_screen: String = README.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(first_screen.contains("cargo run --release"));
    assert!(first_screen.contains("cargo test --release"));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.contains("cargo test --release"),
        ".ci/run must run the README's test command"
    );
}
