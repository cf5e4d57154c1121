//! Results pinned byte for byte: the hash of every CSV file of the default
//! run and of one run of every shipped scenario that `run` accepts, at a
//! fixed seed and a few replications.
//!
//! Refactoring (moving code, renaming, splitting functions) must leave
//! these hashes as they are. Work that changes results on purpose re-pins
//! them in the same commit and says why in the commit message: run
//! `BUURTSIM_PIN_PRINT=1 cargo test --release --test pinned_results -- --nocapture`
//! and paste the printed table over [`SCENARIO_FILES`] / [`DEFAULT_RUN`].

use std::fs;
use std::path::Path;

mod common;
use common::{files, run_ok};

/// FNV-1a 64 of the file's bytes, as 16 hex digits.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// (file, hash) of every CSV under `dir`, sorted by path.
fn csv_hashes(dir: &Path) -> Vec<(String, String)> {
    files(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| {
            let hash = fnv(&fs::read(dir.join(&p)).unwrap());
            (p.display().to_string(), hash)
        })
        .collect()
}

fn check(name: &str, got: &[(String, String)], pinned: &[(&str, &str)]) {
    if std::env::var_os("BUURTSIM_PIN_PRINT").is_some() {
        println!("// {name}");
        for (file, hash) in got {
            println!("    (\"{file}\", \"{hash}\"),");
        }
    }
    let got: Vec<(&str, &str)> = got.iter().map(|(f, h)| (f.as_str(), h.as_str())).collect();
    assert!(!got.is_empty());
    assert_eq!(
        got, pinned,
        "{name}: results changed; if on purpose, re-pin (see the module documentation)"
    );
}

/// `buurtsim run` of every shipped scenario but the sweep file, 3
/// replications, seed 20261201, 2 threads.
const SCENARIO_FILES: &[(&str, &str)] = &[
    ("baseline/replications.csv", "0fa0ae74e31f1518"),
    ("baseline/summary.csv", "7a0fe03ff10b9838"),
    ("baseline/timeseries.csv", "a42c6ab91cfb41c1"),
    ("combined/replications.csv", "8858fe6a5863eadd"),
    ("combined/summary.csv", "864e9efb878a5be1"),
    ("combined/timeseries.csv", "fafef9cda93d9c9f"),
    ("comparison.csv", "ce13bbaf61db1f71"),
    ("custom-example/replications.csv", "74c791b2d3591066"),
    ("custom-example/summary.csv", "660db186c8767133"),
    ("custom-example/timeseries.csv", "9c26a564599eadf8"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "a9fde92b3007326c",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "e43a99c556c2ec76",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "f2265765683a2c2f",
    ),
    ("hlt-hybride-zorg/replications.csv", "af2bb440bc9869b6"),
    ("hlt-hybride-zorg/summary.csv", "3e1efa015dbb244b"),
    ("hlt-hybride-zorg/timeseries.csv", "427530a6e7d03173"),
    ("katwijk-mantelzorg/replications.csv", "373a4e7d8d9a3955"),
    ("katwijk-mantelzorg/summary.csv", "b24120ce342579e1"),
    ("katwijk-mantelzorg/timeseries.csv", "8d8bf55553b54e7e"),
    ("merenwijk-bop/replications.csv", "de1d5d8bf6e973be"),
    ("merenwijk-bop/summary.csv", "50bb5ef4cfd5c5c1"),
    ("merenwijk-bop/timeseries.csv", "d42d4d10fcd6bd1d"),
    ("shift.csv", "c1e9f42d18338176"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "fe494c35179ab367"),
    ("baseline/summary.csv", "efb01dc2f81cf132"),
    ("baseline/timeseries.csv", "90d1a85616b34bdb"),
    ("comparison.csv", "986ee01d50d6c6d0"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "d3134aab1db278f0",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "e14e4bd1fd483135",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "7f4706fa8bba3ead",
    ),
    ("hlt-hybride-zorg/replications.csv", "dce23e2c6a7c798c"),
    ("hlt-hybride-zorg/summary.csv", "3029b057ee9c61bf"),
    ("hlt-hybride-zorg/timeseries.csv", "b0dfb6e169fc61ae"),
    ("katwijk-mantelzorg/replications.csv", "f0003a816c77312b"),
    ("katwijk-mantelzorg/summary.csv", "fa4b2840013e3433"),
    ("katwijk-mantelzorg/timeseries.csv", "0d67628bfa1fc06b"),
    ("merenwijk-bop/replications.csv", "c39f3645e3741bb7"),
    ("merenwijk-bop/summary.csv", "6c8e87e275a6517c"),
    ("merenwijk-bop/timeseries.csv", "632383ee0058b73a"),
    ("shift.csv", "24d2d11d2b960293"),
];

#[test]
fn every_shipped_scenario_gives_the_pinned_results() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut args: Vec<String> = vec!["run".into()];
    let mut names: Vec<String> = fs::read_dir(&scenarios)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !fs::read_to_string(p).unwrap().contains("\n[sweep]"))
        .map(|p| p.display().to_string())
        .collect();
    names.sort();
    // The baseline first: it is the reference of the comparison.
    let base = names
        .iter()
        .position(|n| n.ends_with("/baseline.toml"))
        .unwrap();
    let baseline = names.remove(base);
    args.push(baseline);
    args.extend(names);
    args.extend(
        [
            "-o",
            "out",
            "--replications",
            "3",
            "--seed",
            "20261201",
            "--threads",
            "2",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(tmp.path(), &args);
    check(
        "SCENARIO_FILES",
        &csv_hashes(&tmp.path().join("out")),
        SCENARIO_FILES,
    );
}

/// Run twice in one folder: the README's first command replaces its own
/// `./buurtsim-out/` the second time, without `--force`.
#[test]
fn the_default_run_gives_the_pinned_results_twice() {
    let tmp = tempfile::tempdir().unwrap();
    run_ok(tmp.path(), &[]);
    run_ok(tmp.path(), &[]);
    check(
        "DEFAULT_RUN",
        &csv_hashes(&tmp.path().join("buurtsim-out")),
        DEFAULT_RUN,
    );
}
