//! `buurtsim run --precision P`: the stopping rule adds batches of
//! replications until the 95% intervals are narrow enough or the cap is
//! reached, says why in `run-info.toml`, and leaves every other file
//! byte-identical to a plain run of the replications it stopped at.
//!
//! Scenarios are small (1,500 residents, 1 + 2 years, batches of 4, at most
//! 40 replications) so the tests stay fast with the real model.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::kill_after_rows;

const SMALL: &str = "\
name = \"small\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 4
";

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.toml"), SMALL).unwrap();
    fs::write(
        tmp.path().join("b.toml"),
        SMALL.replace("residents = 1500", "residents = 1500\n\n[gp]\nfte = 5"),
    )
    .unwrap();
    tmp
}

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

/// Every file under `dir` (relative path -> bytes).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `replications = N` of the `[stopping_rule]` table.
fn stopped_at(info: &str) -> (u64, String) {
    let value: toml::Value = toml::from_str(info).unwrap();
    let rule = &value["stopping_rule"];
    (
        rule["replications"].as_integer().unwrap() as u64,
        rule["stopped"].as_str().unwrap().to_string(),
    )
}

#[test]
fn loose_precision_stops_early_and_matches_a_plain_run_byte_for_byte() {
    let tmp = setup();
    buurtsim(tmp.path())
        .args(["run", "a.toml", "b.toml", "-o", "stop"])
        .args(["--precision", "0.2", "--max-replications", "40"])
        .args(["--threads", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("stopped after"));
    let info = fs::read_to_string(tmp.path().join("stop/run-info.toml")).unwrap();
    let (n, why) = stopped_at(&info);
    assert!(n == 4 || n == 8, "stopped after {n}: {info}");
    assert!(why.starts_with("precision 0.2 reached"), "{why}");
    assert!(info.contains("batch = 4"), "{info}");
    assert!(info.contains("max_replications = 40"), "{info}");
    assert!(
        info.contains(
            "metrics = [\"gp_contacts_per_resident_year\", \"carers_heavily_burdened_share\"]"
        ),
        "{info}"
    );
    assert!(!tmp.path().join(".stop.partial").exists());

    // A plain run of the same count, on another thread count.
    buurtsim(tmp.path())
        .args(["run", "a.toml", "b.toml", "-o", "plain"])
        .args(["--replications", &n.to_string(), "--threads", "2"])
        .assert()
        .success();
    let mut stop = files(&tmp.path().join("stop"));
    let mut plain = files(&tmp.path().join("plain"));
    assert!(stop.remove(Path::new("run-info.toml")).is_some());
    assert!(plain.remove(Path::new("run-info.toml")).is_some());
    assert_eq!(
        stop.keys().collect::<Vec<_>>(),
        plain.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &stop {
        assert!(bytes == &plain[path], "{} differs", path.display());
    }
    let manifest = String::from_utf8(stop[Path::new("a/manifest.toml")].clone()).unwrap();
    assert!(
        manifest.contains(&format!("replications = {n}")),
        "{manifest}"
    );
}

#[test]
fn chosen_metric_and_replications_flag_set_the_rule_and_the_batch() {
    let tmp = setup();
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "gp", "--replications", "3"])
        .args(["--precision", "0.05", "--max-replications", "40"])
        .args(["--precision-metrics", "gp_contacts_per_resident_year"])
        .assert()
        .success();
    let info = fs::read_to_string(tmp.path().join("gp/run-info.toml")).unwrap();
    let (n, why) = stopped_at(&info);
    assert!(n == 3 || n == 6, "stopped after {n}: {info}");
    assert!(why.starts_with("precision 0.05 reached"), "{why}");
    assert!(why.contains("gp_contacts_per_resident_year"), "{why}");
    assert!(info.contains("batch = 3"), "{info}");
}

#[test]
fn strict_precision_runs_to_the_cap_and_says_so() {
    let tmp = setup();
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "strict"])
        .args(["--precision", "1e-6", "--max-replications", "10"])
        .assert()
        .success()
        .stderr(predicate::str::contains("max_replications reached"));
    let info = fs::read_to_string(tmp.path().join("strict/run-info.toml")).unwrap();
    let (n, why) = stopped_at(&info);
    // Batches of 4 up to the cap: 4, 8, then 10.
    assert_eq!(n, 10, "{info}");
    assert!(why.starts_with("max_replications reached"), "{why}");
    let manifest = fs::read_to_string(tmp.path().join("strict/a/manifest.toml")).unwrap();
    assert!(manifest.contains("replications = 10"), "{manifest}");
    let rows = fs::read_to_string(tmp.path().join("strict/a/replications.csv")).unwrap();
    assert_eq!(rows.lines().count(), 11);
}

#[test]
fn bad_values_are_usage_errors() {
    let tmp = setup();
    for p in ["0", "1", "1.5", "-0.1", "nan", "two"] {
        buurtsim(tmp.path())
            .args(["run", "a.toml", "-o", "bad", &format!("--precision={p}")])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--precision"));
    }
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "bad", "--precision", "0.02"])
        .args([
            "--precision-metrics",
            "gp_contacts_per_resident_year,gp_contactz",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown metric `gp_contactz`"));
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "bad", "--precision", "0.02"])
        .args(["--max-replications", "0"])
        .assert()
        .code(2);
    // The cap and the metrics mean nothing without a precision.
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "bad", "--max-replications", "8"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--precision"));
    // Not as shards: the rule needs every replication's result.
    buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "bad", "--precision", "0.02"])
        .args(["--shard", "1/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot run as shards"));
    assert!(!tmp.path().join("bad").exists());
}

/// A run with a stopping rule killed (SIGKILL) in its third batch resumes
/// from that batch and ends with the files of an uninterrupted run; a
/// resume with another rule is refused naming it.
#[test]
fn a_killed_precision_run_resumes_to_identical_files() {
    let tmp = setup();
    let dir = tmp.path();
    let rule = ["--precision", "1e-6", "--max-replications", "60"];
    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "whole"])
        .args(rule)
        .assert()
        .success();

    let records = dir.join(".out.partial/a/records.csv");
    let args = [
        &["run", "a.toml", "b.toml", "-o", "out", "--threads", "1"][..],
        &rule[..],
    ]
    .concat();
    let recorded = kill_after_rows(dir, &args, &records, 10);
    assert!((10..60).contains(&recorded), "{recorded} rows");
    let plan = fs::read_to_string(dir.join(".out.partial/plan.toml")).unwrap();
    assert!(plan.contains("stopping_rule = "), "{plan}");

    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "out", "--resume"])
        .args(["--precision", "1e-5", "--max-replications", "60"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`stopping_rule` differs"));
    buurtsim(dir)
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--resume",
            "--threads",
            "2",
        ])
        .args(rule)
        .assert()
        .success()
        .stderr(predicate::str::contains("resumed the unfinished run"));
    let (whole, out) = (files(&dir.join("whole")), files(&dir.join("out")));
    assert_eq!(
        whole.keys().collect::<Vec<_>>(),
        out.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &whole {
        if name != Path::new("run-info.toml") {
            assert!(bytes == &out[name], "{} differs", name.display());
        }
    }
    let info = fs::read_to_string(dir.join("out/run-info.toml")).unwrap();
    assert_eq!(stopped_at(&info).0, 60, "{info}");
    assert!(info.contains("resumed = true"), "{info}");
}
