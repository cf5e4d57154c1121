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
    ("baseline/replications.csv", "4f7771b1bb0afae6"),
    ("baseline/summary.csv", "3998ac0c77c48eee"),
    ("baseline/timeseries.csv", "0812bf012a0f45d3"),
    ("combined/replications.csv", "341cc99398335cd1"),
    ("combined/summary.csv", "02bc74e2604bcc40"),
    ("combined/timeseries.csv", "5f57f8acb780d8a7"),
    ("comparison.csv", "0398298c2611cc8e"),
    ("custom-example/replications.csv", "1e1283052ebc356d"),
    ("custom-example/summary.csv", "49ff5eb27f8ef92f"),
    ("custom-example/timeseries.csv", "a1904be58e7d2186"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "0d05d3636c44c8e1",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "88d1f4bde85e3571",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "2268b88b9e431e26",
    ),
    ("hlt-hybride-zorg/replications.csv", "9c20a8f5e4243407"),
    ("hlt-hybride-zorg/summary.csv", "dd7a326640ce7a4c"),
    ("hlt-hybride-zorg/timeseries.csv", "996b3793d0a1f784"),
    ("katwijk-mantelzorg/replications.csv", "007f37d3076a684c"),
    ("katwijk-mantelzorg/summary.csv", "a20a4ec51371f820"),
    ("katwijk-mantelzorg/timeseries.csv", "8d6997cdd4985372"),
    ("merenwijk-bop/replications.csv", "7fd30dfd63cd364e"),
    ("merenwijk-bop/summary.csv", "dc9b7d0a18482a74"),
    ("merenwijk-bop/timeseries.csv", "6514a013ebd2865a"),
    ("shift.csv", "41cc56fae9aae4d7"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "56eb28cc07327093"),
    ("baseline/summary.csv", "bb99b22ebf805e0e"),
    ("baseline/timeseries.csv", "d6ba7f8f7cd6ecda"),
    ("comparison.csv", "6ecb3fef442dd0b7"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "5e05ee0d6ff31bd8",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "9a639e22ad760832",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "4b731a6af25c6d10",
    ),
    ("hlt-hybride-zorg/replications.csv", "e29157809d1ec26d"),
    ("hlt-hybride-zorg/summary.csv", "7c2bba2078830b08"),
    ("hlt-hybride-zorg/timeseries.csv", "d154d8649209ee61"),
    ("katwijk-mantelzorg/replications.csv", "4c7ce4e3409e5b83"),
    ("katwijk-mantelzorg/summary.csv", "aae62fc951fa9615"),
    ("katwijk-mantelzorg/timeseries.csv", "e32113c7a5541574"),
    ("merenwijk-bop/replications.csv", "a4d3bb1611bfe51f"),
    ("merenwijk-bop/summary.csv", "c7fac84a14c637df"),
    ("merenwijk-bop/timeseries.csv", "13ace7355e04cb93"),
    ("shift.csv", "004886aea3e16df1"),
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
