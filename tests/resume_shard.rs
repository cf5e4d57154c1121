//! `--resume` of a shard, and what a run does with unfinished work it was
//! not asked to resume. The unfinished work is made by hand here (a
//! finished shard folder, cut back, is what an interrupted shard run leaves
//! in `.NAME.partial/`), so these tests need no kill and no timing.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::assert_same_output;

const SMALL: &str = "\
name = \"small\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
replications = 10
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

/// What an interrupted `--shard 2/3 -o NAME` leaves: the shard folder
/// without its run-info, with only the header and first row of records.
fn unfinished_copy(shard: &Path, partial: &Path) {
    unfinished_copy_of(shard, partial, &[("small", 1)]);
}

/// The same for several scenarios, keeping `rows` complete rows of each.
fn unfinished_copy_of(shard: &Path, partial: &Path, kept_rows: &[(&str, usize)]) {
    fs::create_dir_all(partial).unwrap();
    fs::copy(shard.join("plan.toml"), partial.join("plan.toml")).unwrap();
    for &(id, rows) in kept_rows {
        fs::create_dir_all(partial.join(id)).unwrap();
        let manifest = format!("{id}/manifest.toml");
        fs::copy(shard.join(&manifest), partial.join(&manifest)).unwrap();
        let records = fs::read_to_string(shard.join(id).join("records.csv")).unwrap();
        let kept: String = records.split_inclusive('\n').take(1 + rows).collect();
        fs::write(partial.join(id).join("records.csv"), kept).unwrap();
    }
}

#[test]
fn an_interrupted_shard_resumes_to_the_same_shard_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("small.toml"), SMALL).unwrap();
    buurtsim(dir)
        .args(["run", "small.toml", "-o", "full", "--shard", "2/3"])
        .assert()
        .success();

    unfinished_copy(&dir.join("full"), &dir.join(".part.partial"));
    buurtsim(dir)
        .args([
            "run",
            "small.toml",
            "-o",
            "part",
            "--shard",
            "2/3",
            "--resume",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 of 3 replications were already done",
        ));
    assert_same_output(&dir.join("full"), &dir.join("part"));
    assert!(!dir.join(".part.partial").exists());

    // Resuming it as a whole run, or as another shard, is refused.
    unfinished_copy(&dir.join("full"), &dir.join(".again.partial"));
    for shard in [&[][..], &["--shard", "1/3"][..]] {
        buurtsim(dir)
            .args(["run", "small.toml", "-o", "again", "--resume"])
            .args(shard)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("`shard` differs"));
    }
}

/// Scenarios may have recorded different numbers of replications when the
/// run was killed: each runs only what it misses.
#[test]
fn scenarios_resume_from_different_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    fs::write(
        dir.join("b.toml"),
        format!("{SMALL}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    )
    .unwrap();
    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "whole"])
        .assert()
        .success();
    // A whole run's unfinished work is a shard 1/1 without the shard marks.
    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "one", "--shard", "1/1"])
        .assert()
        .success();
    unfinished_copy_of(
        &dir.join("one"),
        &dir.join(".out.partial"),
        &[("a", 4), ("b", 3)],
    );
    let unmark = |path: PathBuf| {
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("shard = \"1/1\"\n", "")).unwrap();
    };
    unmark(dir.join(".out.partial/plan.toml"));
    unmark(dir.join(".out.partial/a/manifest.toml"));
    unmark(dir.join(".out.partial/b/manifest.toml"));
    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "out", "--resume"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "7 of 20 replications were already done",
        ));
    assert_same_output(&dir.join("whole"), &dir.join("out"));
}

#[test]
fn unfinished_work_is_refused_or_discarded_and_resume_without_it_starts_afresh() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("small.toml"), SMALL).unwrap();
    buurtsim(dir)
        .args(["run", "small.toml", "-o", "full", "--shard", "2/3"])
        .assert()
        .success();
    unfinished_copy(&dir.join("full"), &dir.join(".next.partial"));

    // Without --resume: refused, and nothing is touched...
    buurtsim(dir)
        .args(["run", "small.toml", "-o", "next", "--shard", "2/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume").and(predicate::str::contains("--force")));
    assert!(dir.join(".next.partial/plan.toml").is_file());
    // ...with --force the unfinished run is discarded and run afresh.
    buurtsim(dir)
        .args([
            "run",
            "small.toml",
            "-o",
            "next",
            "--shard",
            "2/3",
            "--force",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("resumed").not());
    assert_same_output(&dir.join("full"), &dir.join("next"));
    assert!(!dir.join(".next.partial").exists());

    // --resume with nothing to resume runs from the beginning.
    buurtsim(dir)
        .args(["run", "small.toml", "-o", "fresh", "--resume"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no unfinished run"));
    buurtsim(dir)
        .args(["run", "small.toml", "-o", "plain"])
        .assert()
        .success();
    assert_same_output(&dir.join("plain"), &dir.join("fresh"));
}
