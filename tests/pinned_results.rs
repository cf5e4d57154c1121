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
    ("baseline/replications.csv", "6c9db8a8b2ffec15"),
    ("baseline/summary.csv", "0fd1ed5cccd74490"),
    ("baseline/timeseries.csv", "0812bf012a0f45d3"),
    ("combined/replications.csv", "0dd5640362bc870e"),
    ("combined/summary.csv", "7c4a6daf8aab99eb"),
    ("combined/timeseries.csv", "606e72a6cb1bc39e"),
    ("comparison.csv", "84a5c15551528a30"),
    ("custom-example/replications.csv", "dbedfbb91b8c7bb0"),
    ("custom-example/summary.csv", "d43ee0f4e197e89e"),
    ("custom-example/timeseries.csv", "a1904be58e7d2186"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "1419058abcae3f00",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "9d7e3278de93ccc2",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "2268b88b9e431e26",
    ),
    ("hlt-hybride-zorg/replications.csv", "bf9bebcd76bc0f78"),
    ("hlt-hybride-zorg/summary.csv", "5bfd49cb3f1a4402"),
    ("hlt-hybride-zorg/timeseries.csv", "996b3793d0a1f784"),
    ("katwijk-mantelzorg/replications.csv", "43985f44e32941b9"),
    ("katwijk-mantelzorg/summary.csv", "ffac25667167c0f8"),
    ("katwijk-mantelzorg/timeseries.csv", "62007cf2acdc2483"),
    ("merenwijk-bop/replications.csv", "b3cbdacdce31324d"),
    ("merenwijk-bop/summary.csv", "a20856da380afe3b"),
    ("merenwijk-bop/timeseries.csv", "6514a013ebd2865a"),
    ("shift.csv", "d7720936bd0c213c"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "f41f78c7bc51e75a"),
    ("baseline/summary.csv", "71922c5ae36b6edf"),
    ("baseline/timeseries.csv", "d6ba7f8f7cd6ecda"),
    ("comparison.csv", "e86dc3c5329640cc"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "1a49eb42180fb42f",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "3d8673449f71e8c4",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "4b731a6af25c6d10",
    ),
    ("hlt-hybride-zorg/replications.csv", "901191493a560104"),
    ("hlt-hybride-zorg/summary.csv", "cf8352f0812ad239"),
    ("hlt-hybride-zorg/timeseries.csv", "d154d8649209ee61"),
    ("katwijk-mantelzorg/replications.csv", "55659bc3e0197c1b"),
    ("katwijk-mantelzorg/summary.csv", "1ef3c04747edec1f"),
    ("katwijk-mantelzorg/timeseries.csv", "e0ed8ff0a5ccd379"),
    ("merenwijk-bop/replications.csv", "a572272695803b14"),
    ("merenwijk-bop/summary.csv", "16c2188219bfc5f1"),
    ("merenwijk-bop/timeseries.csv", "13ace7355e04cb93"),
    ("shift.csv", "3b3ca76eb365e2f5"),
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
