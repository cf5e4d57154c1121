//! The headline of the default comparison (issue 19), in English on the
//! terminal and in Dutch and English in the report: the embedded default
//! scenarios (the files in `scenarios/`), with fewer replications and
//! years so the test stays quick, give for every programme a title with
//! both names, a sentence on effects, one on the net cost and who pays, and
//! one on scale and prices; every terminal line fits 100 columns.
//!
//! The wording of each sentence for known numbers is tested in
//! `src/report/headline.rs`; this checks the whole default run end to end.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::Path;

const SCENARIOS: [&str; 5] = [
    "baseline",
    "katwijk-mantelzorg",
    "merenwijk-bop",
    "hlt-hybride-zorg",
    "haaglanden-wijkverpleegkundige",
];

/// The default scenarios with a shorter run: 2 measured years after 1 of
/// warm-up, 3,000 residents (the programmes as shipped).
fn short_copies(dir: &Path) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    SCENARIOS
        .iter()
        .map(|name| {
            let file = dir.join(format!("{name}.toml"));
            let original = root.join(format!("{name}.toml"));
            // `name` is the file's own, not inherited: copy it.
            let table: toml::Table =
                toml::from_str(&std::fs::read_to_string(&original).unwrap()).unwrap();
            let text = format!(
                "extends = \"{}\"\nname = {}\n\n[run]\nyears = 2\nwarmup_years = 1\n\n\
                 [population]\nresidents = 3000\n",
                original.display(),
                table["name"]
            );
            std::fs::write(&file, text).unwrap();
            file.display().to_string()
        })
        .collect()
}

#[test]
fn the_default_comparison_has_a_headline_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let files = short_copies(tmp.path());
    let out = tmp.path().join("out");
    let run = cargo_bin_cmd!("buurtsim")
        .args(["run", "--replications", "3", "-o"])
        .arg(&out)
        .args(&files)
        .assert()
        .success();
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    for line in stdout.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let headline = &stdout[stdout.find("\nIn short\n").expect("a headline")..];
    for programme in [
        "Katwijk: vraaggerichte mantelzorgondersteuning",
        "Merenwijk Leiden: BuurtOntmoetingsPlek (BOP)",
        "Hillegom/Lisse/Teylingen: digitale en hybride zorg",
        "Haaglanden: wijkverpleegkundige als zichtbare schakel",
    ] {
        assert!(
            headline.contains(&format!(
                "{programme} vs Basis: woonservicezone zonder programma"
            )),
            "{programme}: {headline}"
        );
    }
    // Per programme: effects, cost, scale (what is not distinguishable only
    // where something is not).
    let blocks: Vec<&str> = headline.split("\n\n").skip(1).take(4).collect();
    for block in &blocks {
        let joined = block.replace("\n  ", " ");
        assert!(
            joined.contains("- Largest effects: ") || joined.contains("- No key figure changes"),
            "{joined}"
        );
        assert!(
            joined.contains("net cost for all payers")
                || joined.contains("Net cost for all payers"),
            "{joined}"
        );
        assert!(
            joined.contains("prices of 2022 (Kostenhandleiding 2024)"),
            "{joined}"
        );
        assert!(
            joined.contains("2 measured years and 3 replications"),
            "{joined}"
        );
    }
    assert!(headline.contains("simulation noise only"));

    for (lang, heading, versus, cost) in [
        ("nl", "In het kort", "tegenover", "alle betalers"),
        ("en", "In short", "vs", "all payers"),
    ] {
        let html = tmp.path().join(format!("report-{lang}.html"));
        cargo_bin_cmd!("buurtsim")
            .args(["report", "--lang", lang, "-o"])
            .arg(&html)
            .arg(&out)
            .assert()
            .success();
        let page = std::fs::read_to_string(&html).unwrap();
        let start = page
            .find("<section id=\"headline\"")
            .expect("headline section");
        let section = &page[start..start + page[start..].find("</section>").unwrap()];
        assert!(
            section.contains(&format!("<h2>{heading}</h2>")),
            "{section}"
        );
        assert_eq!(section.matches("<h3>").count(), 4, "{section}");
        assert!(
            section.contains(&format!(
                "<h3>Katwijk: vraaggerichte mantelzorgondersteuning {versus} Basis"
            )),
            "{section}"
        );
        assert_eq!(section.matches(cost).count(), 4, "{section}");
    }
}
