//! `run --resume`: a real `buurtsim run` process is killed with SIGKILL
//! after it has recorded a few replications; the same command with
//! `--resume` runs only the missing ones, and every output file is
//! byte-identical to an uninterrupted run's. Before that, a resume with
//! other options is refused naming the field, and a plain run refuses to
//! start over the unfinished one.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

mod common;
use common::{kill_after_rows, reproducible_files};

/// Small enough to be quick, with enough replications (a few ms each) that
/// the run is still going when it is killed.
const SCENARIO: &str = "\
name = \"resume\"

[population]
residents = 2000

[run]
years = 2
warmup_years = 1
replications = 200
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

#[test]
fn a_killed_run_resumes_to_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SCENARIO).unwrap();
    fs::write(
        dir.join("b.toml"),
        format!("{SCENARIO}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    )
    .unwrap();
    let args = ["run", "a.toml", "b.toml", "-o", "out", "--threads", "1"];

    // The reference: one uninterrupted run.
    let whole = buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "whole", "--threads", "1"])
        .assert()
        .success();

    // Start the same run and kill it once it has recorded two replications.
    let partial = dir.join(".out.partial");
    let records = partial.join("a/records.csv");
    let recorded = kill_after_rows(dir, &args, &records, 2);
    assert!(!dir.join("out").exists(), "killed run left an output");
    assert!(
        (2..200).contains(&recorded),
        "{recorded} rows: the run was not interrupted; raise `replications`"
    );

    // A row cut short, as a kill in the middle of a write leaves it.
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(partial.join("b/records.csv"))
        .unwrap();
    f.write_all(b"299,12345,0.5,0.2").unwrap();
    drop(f);

    // A plain run does not start over the unfinished one...
    buurtsim(dir)
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    // ...and a resume with other options is refused, naming the field.
    buurtsim(dir)
        .args(args)
        .args(["--resume", "--seed", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`seed` differs"));
    buurtsim(dir)
        .args(args)
        .args(["--resume", "--replications", "301"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`replications` differs"));
    buurtsim(dir)
        .args(["run", "a.toml", "-o", "out", "--resume"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`scenarios` differs"));
    assert!(!dir.join("out").exists());

    // The resume, on another thread count: only what is missing runs.
    let resumed = buurtsim(dir)
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--threads",
            "2",
            "--resume",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("resumed the unfinished run"));
    let stderr = String::from_utf8_lossy(&resumed.get_output().stderr).into_owned();
    assert!(
        stderr.contains("of 400 replications were already done"),
        "{stderr}"
    );
    assert!(!partial.exists(), "the partial folder is left behind");
    assert_eq!(whole.get_output().stdout, resumed.get_output().stdout);

    let names = reproducible_files(&dir.join("whole"));
    assert_eq!(names, reproducible_files(&dir.join("out")));
    assert!(names.contains(&PathBuf::from("comparison.csv")));
    for name in names {
        assert!(
            fs::read(dir.join("whole").join(&name)).unwrap()
                == fs::read(dir.join("out").join(&name)).unwrap(),
            "{} differs after the resume",
            name.display()
        );
    }
    let info = fs::read_to_string(dir.join("out/run-info.toml")).unwrap();
    assert!(
        info.contains("resumed = true") && info.contains("threads = 2"),
        "{info}"
    );
}
