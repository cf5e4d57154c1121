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
    ("baseline/replications.csv", "f9c12deeffdbf65e"),
    ("baseline/summary.csv", "4524115fd10bb82d"),
    ("baseline/timeseries.csv", "0812bf012a0f45d3"),
    ("combined/replications.csv", "5fc468f0014d4639"),
    ("combined/summary.csv", "c07063ba64cc307a"),
    ("combined/timeseries.csv", "5f57f8acb780d8a7"),
    ("comparison.csv", "451a59b51a8824a3"),
    ("custom-example/replications.csv", "b0b797abcf486a98"),
    ("custom-example/summary.csv", "7dbf4b8ae5a24960"),
    ("custom-example/timeseries.csv", "a1904be58e7d2186"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "34c033bd6df23ed5",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "214244d745289457",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "2268b88b9e431e26",
    ),
    ("hlt-hybride-zorg/replications.csv", "dd4e4ba3e5ebc89b"),
    ("hlt-hybride-zorg/summary.csv", "73bff6750cd54fa9"),
    ("hlt-hybride-zorg/timeseries.csv", "996b3793d0a1f784"),
    ("katwijk-mantelzorg/replications.csv", "094b24ebd60c031c"),
    ("katwijk-mantelzorg/summary.csv", "3c6f34dafbccd9c3"),
    ("katwijk-mantelzorg/timeseries.csv", "8d6997cdd4985372"),
    ("merenwijk-bop/replications.csv", "ead8a55ad825a1ec"),
    ("merenwijk-bop/summary.csv", "2868dcfd2b0e2a59"),
    ("merenwijk-bop/timeseries.csv", "6514a013ebd2865a"),
    ("shift.csv", "c2bace371b927efb"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "48487dd51bd1dfcc"),
    ("baseline/summary.csv", "730348888b788fe4"),
    ("baseline/timeseries.csv", "d6ba7f8f7cd6ecda"),
    ("comparison.csv", "95248d571c398d02"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "c84d7a7508ef6484",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "ffe8499ac7822034",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "4b731a6af25c6d10",
    ),
    ("hlt-hybride-zorg/replications.csv", "aff783e6ec9b3b6c"),
    ("hlt-hybride-zorg/summary.csv", "dc2c340ba7b869f4"),
    ("hlt-hybride-zorg/timeseries.csv", "d154d8649209ee61"),
    ("katwijk-mantelzorg/replications.csv", "9fa35e4b9bf77c31"),
    ("katwijk-mantelzorg/summary.csv", "56c86712971ae56b"),
    ("katwijk-mantelzorg/timeseries.csv", "e32113c7a5541574"),
    ("merenwijk-bop/replications.csv", "d17a721ca2187b3a"),
    ("merenwijk-bop/summary.csv", "56a5c441684d3d2d"),
    ("merenwijk-bop/timeseries.csv", "13ace7355e04cb93"),
    ("shift.csv", "e70d8d8baa591e33"),
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
