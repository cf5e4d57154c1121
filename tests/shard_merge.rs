//! `run --shard K/N` and `merge`: shards of one run, merged, are the output
//! one machine writes, byte for byte (every file but `run-info.toml`, which
//! says how the folder was made); shards of different runs, a missing
//! shard and a repeated one are refused with a message that names the
//! field or the shard.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_same_output, files};

const SMALL: &str = "\
name = \"small\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
replications = 7
";

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    for var in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Three shards (7 replications: 3 + 2 + 2), merged in any order, are the
/// single-machine output, manifest included.
#[test]
fn three_shards_merge_into_the_single_machine_output() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "whole", "--threads", "2"])
        .assert()
        .success();
    for k in 1..=3 {
        buurtsim(tmp.path())
            .args(["run", "small.toml", "-o", &format!("shards/{k}")])
            .args(["--shard", &format!("{k}/3"), "--threads", "1"])
            .assert()
            .success()
            .stderr(predicate::str::contains(format!("wrote shard {k}/3")));
    }
    // A shard folder holds its plan, manifests marked as a shard and
    // records, and no summaries.
    let shard = tmp.path().join("shards/2");
    assert_eq!(
        files(&shard),
        [
            ".buurtsim-output",
            "plan.toml",
            "run-info.toml",
            "small/manifest.toml",
            "small/records.csv"
        ]
        .map(PathBuf::from)
    );
    let manifest = fs::read_to_string(shard.join("small/manifest.toml")).unwrap();
    assert!(manifest.contains("shard = \"2/3\""), "{manifest}");
    let records = fs::read_to_string(shard.join("small/records.csv")).unwrap();
    let reps: Vec<&str> = records
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(reps, ["1", "4"]);

    buurtsim(tmp.path())
        .args(["merge", "shards/3", "shards/1", "shards/2", "-o", "merged"])
        .assert()
        .success()
        .stderr(predicate::str::contains("merged 3 shards"));
    assert_same_output(&tmp.path().join("whole"), &tmp.path().join("merged"));
    assert!(
        !fs::read_to_string(tmp.path().join("whole/small/manifest.toml"))
            .unwrap()
            .contains("threads")
    );

    // The merged folder is refused as a target without --force, and
    // replaced with it.
    buurtsim(tmp.path())
        .args(["merge", "shards/1", "shards/2", "shards/3", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    buurtsim(tmp.path())
        .args(["merge", "shards/1", "shards/2", "shards/3", "-o", "merged"])
        .arg("--force")
        .assert()
        .success();
    assert_same_output(&tmp.path().join("whole"), &tmp.path().join("merged"));
}

/// Two shards of a run of several scenarios: `comparison.csv` and the
/// table on standard output are the single machine's too.
#[test]
fn two_shards_of_several_scenarios_merge_with_their_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", SMALL);
    write(
        tmp.path(),
        "b.toml",
        &format!("{SMALL}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    );
    write(
        tmp.path(),
        "c.toml",
        &SMALL.replace("residents = 300", "residents = 320"),
    );
    let whole = buurtsim(tmp.path())
        .args(["run", "a.toml", "b.toml", "c.toml", "-o", "whole"])
        .assert()
        .success();
    for k in 1..=2 {
        buurtsim(tmp.path())
            .args(["run", "a.toml", "b.toml", "c.toml", "-o", &format!("s{k}")])
            .args(["--shard", &format!("{k}/2")])
            .assert()
            .success()
            .stdout("");
    }
    let merged = buurtsim(tmp.path())
        .args(["merge", "s1", "s2", "-o", "merged"])
        .assert()
        .success();
    assert_same_output(&tmp.path().join("whole"), &tmp.path().join("merged"));
    assert!(tmp.path().join("merged/comparison.csv").is_file());
    assert_eq!(whole.get_output().stdout, merged.get_output().stdout);
}

/// Shards run with different seeds are not one run: refused, naming `seed`.
#[test]
fn shards_of_different_seeds_are_refused_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    for (k, seed) in [(1, "1"), (2, "2")] {
        buurtsim(tmp.path())
            .args(["run", "small.toml", "-o", &format!("s{k}"), "--seed", seed])
            .args(["--shard", &format!("{k}/2")])
            .assert()
            .success();
    }
    buurtsim(tmp.path())
        .args(["merge", "s1", "s2", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`seed` differs"))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!tmp.path().join("merged").exists());

    // Different replication counts: named too.
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "r2", "--seed", "2"])
        .args(["--shard", "2/2", "--replications", "8"])
        .assert()
        .success();
    buurtsim(tmp.path())
        .args(["merge", "s1", "r2", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`replications` differs"));
}

/// A merge needs every shard exactly once, and only shard folders.
#[test]
fn a_missing_or_repeated_shard_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    for k in 1..=3 {
        buurtsim(tmp.path())
            .args(["run", "small.toml", "-o", &format!("s{k}")])
            .args(["--shard", &format!("{k}/3")])
            .assert()
            .success();
    }
    buurtsim(tmp.path())
        .args(["merge", "s1", "s3", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shard 2/3 is missing"));
    buurtsim(tmp.path())
        .args(["merge", "s1", "s2", "s3", "s2", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shard 2/3 is given twice"));
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "whole"])
        .assert()
        .success();
    buurtsim(tmp.path())
        .args(["merge", "s1", "s2", "whole", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a shard folder"));
    // A folder that is not there says so, and names both kinds of shards.
    buurtsim(tmp.path())
        .args(["merge", "s1", "nowhere", "-o", "merged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nowhere does not exist; give the folders written by `buurtsim run ... --shard K/N -o DIR` or `buurtsim sweep ... --shard K/N -o DIR`",
        ));
    assert!(!tmp.path().join("merged").exists());
}

/// `--shard slurm` reads the job-array task (0-based) and count; outside a
/// job array it says which variable is missing.
#[test]
fn slurm_array_variables_choose_the_shard() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "k2", "--shard", "2/3"])
        .assert()
        .success();
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "slurm", "--shard", "slurm"])
        .env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote shard 2/3"));
    assert_same_output(&tmp.path().join("k2"), &tmp.path().join("slurm"));

    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "none", "--shard", "slurm"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SLURM_ARRAY_TASK_ID"));
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "none", "--shard", "4/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("K/N"));
    assert!(!tmp.path().join("none").exists());
}
