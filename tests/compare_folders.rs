//! `buurtsim compare`: paired differences when two output folders share the
//! seed and replication indices, Welch intervals otherwise.

use assert_cmd::Command;
use buurtsim::analysis::folders::{compare_folders, read_folder};
use buurtsim::experiment::compare::Method;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(file: &Path, out: &Path, seed: Option<&str>) {
    let mut cmd = Command::cargo_bin("buurtsim").unwrap();
    cmd.args([
        "run",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--replications",
        "6",
    ]);
    if let Some(seed) = seed {
        cmd.args(["--seed", seed]);
    }
    cmd.assert().success();
}

#[test]
fn paired_with_the_same_seed_welch_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "base.toml",
        "[population]\nresidents = 1500\n[run]\nyears = 2\nwarmup_years = 1\n",
    );
    let bop = write(
        dir.path(),
        "bop.toml",
        "extends = \"base.toml\"\n[interventions.meeting_place]\nuptake = 0.5\n",
    );
    run(&base, &dir.path().join("a"), None);
    run(&bop, &dir.path().join("b"), None);
    run(&bop, &dir.path().join("c"), Some("7"));
    let a = read_folder(&dir.path().join("a/base")).unwrap();
    let b = read_folder(&dir.path().join("b/bop")).unwrap();
    let c = read_folder(&dir.path().join("c/bop")).unwrap();

    let paired = compare_folders(&a, &b);
    let m = buurtsim::model::metric_index("severely_lonely_share_adults").unwrap();
    assert_eq!(paired[m].method, Method::Paired);
    assert_eq!(paired[m].difference.n, 6);
    // Common random numbers make the interval far narrower than independent runs would.
    assert!(paired[m].narrowing.unwrap() > 2.0, "{:?}", paired[m]);
    assert!(paired[m].difference.high < 0.0, "{:?}", paired[m]);

    let welch = compare_folders(&a, &c);
    assert_eq!(welch[m].method, Method::Welch);
    assert!(welch[m].narrowing.is_none());

    // The command prints which method it used and the shift ledger, and
    // writes comparison.csv and shift.csv into the -o folder (created).
    let out = dir.path().join("cmp/nested");
    let output = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "compare",
            dir.path().join("a/base").to_str().unwrap(),
            dir.path().join("b/bop").to_str().unwrap(),
            dir.path().join("c/bop").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    assert!(text.contains("paired t where seed"), "{text}");
    assert!(text.contains("bop (Welch)"), "{text}");
    assert!(text.contains("Welch intervals"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    assert!(text.contains("In short"), "{text}");
    assert!(
        text.contains("shift ledger: bop vs base (paired)"),
        "{text}"
    );
    assert!(text.contains("shift ledger: bop vs base (welch)"), "{text}");
    let table = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(table
        .lines()
        .next()
        .unwrap()
        .ends_with("method,paired_narrowing,relative_change,relevant_difference,relevance"));
    assert_eq!(
        table.lines().count(),
        1 + 2 * buurtsim::model::METRICS.len()
    );
    let shift = std::fs::read_to_string(out.join("shift.csv")).unwrap();
    assert!(
        shift.starts_with("scenario,reference,category,item,"),
        "{shift}"
    );
    assert_eq!(
        shift.lines().count(),
        1 + 2 * buurtsim::analysis::shift::SHIFT_ITEMS.len()
    );
    // The shift ledger of the command equals the library's for the same folders.
    assert_eq!(
        shift.as_bytes(),
        buurtsim::analysis::shift::shift_csv(&a, &[b.clone(), c.clone()], None).unwrap()
    );
    // An existing file is not a folder: refused with a clear message.
    let file = dir.path().join("cmp.csv");
    std::fs::write(&file, "x").unwrap();
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "compare",
            dir.path().join("a/base").to_str().unwrap(),
            dir.path().join("b/bop").to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("is not a folder"), "{stderr}");
}

#[test]
fn a_folder_that_is_not_an_output_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "compare",
            dir.path().to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("manifest.toml"), "{stderr}");
}

#[test]
fn folders_of_different_versions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "base.toml",
        "[population]\nresidents = 800\n[run]\nyears = 1\nwarmup_years = 0\n",
    );
    run(&base, &dir.path().join("a"), None);
    run(&base, &dir.path().join("b"), None);
    let manifest = dir.path().join("b/base/manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let version = format!("buurtsim_version = \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    std::fs::write(
        &manifest,
        text.replace(&version, "buurtsim_version = \"0.0.1\""),
    )
    .unwrap();
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "compare",
            dir.path().join("a/base").to_str().unwrap(),
            dir.path().join("b/base").to_str().unwrap(),
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("buurtsim_version"), "{stderr}");
}
