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

/// `buurtsim run` of every shipped scenario but the sweep and sensitivity files, 3
/// replications, seed 20261201, 2 threads.
const SCENARIO_FILES: &[(&str, &str)] = &[
    ("baseline/replications.csv", "aa7ad5f26849a129"),
    ("baseline/summary.csv", "fb784a35f37e3c0c"),
    ("baseline/timeseries.csv", "ab0b3edf9b1df1ff"),
    ("combined/replications.csv", "771845605668072d"),
    ("combined/summary.csv", "13d8416d804bfcb9"),
    ("combined/timeseries.csv", "12fd4d313e974bb9"),
    ("comparison.csv", "7de9770dbe5042a4"),
    ("custom-example/replications.csv", "5efaa863455a7d36"),
    ("custom-example/summary.csv", "fbda35598db29cfc"),
    ("custom-example/timeseries.csv", "86c8a0a3edf7686d"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "1bf7babd37029626",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "106d92b2c83bfaeb",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "e441a957c27f69ee",
    ),
    ("hlt-hybride-zorg/replications.csv", "c8d51d69b1eda7af"),
    ("hlt-hybride-zorg/summary.csv", "bac4cbe01296c9f4"),
    ("hlt-hybride-zorg/timeseries.csv", "68555910dfccaca6"),
    ("katwijk-mantelzorg/replications.csv", "0d2d2506c316a29d"),
    ("katwijk-mantelzorg/summary.csv", "497303116c16ead1"),
    ("katwijk-mantelzorg/timeseries.csv", "cd4fb1aeca8512b5"),
    ("merenwijk-bop/replications.csv", "cd908ea49fec20df"),
    ("merenwijk-bop/summary.csv", "6e06b202ab5a0abf"),
    ("merenwijk-bop/timeseries.csv", "81feeab57b4d3e53"),
    ("shift.csv", "f1dfced6d771c48a"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "62043cf9df68bcf2"),
    ("baseline/summary.csv", "00f9130f0ae15cef"),
    ("baseline/timeseries.csv", "5bfc6749a07ae418"),
    ("comparison.csv", "7317c34da4dca7d9"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "02735913facba47f",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "9fa3e84c50aad71f",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "f4bf46355749aa38",
    ),
    ("hlt-hybride-zorg/replications.csv", "0854611842d6a9e2"),
    ("hlt-hybride-zorg/summary.csv", "916c74db5d4be00f"),
    ("hlt-hybride-zorg/timeseries.csv", "431e069581b10da7"),
    ("katwijk-mantelzorg/replications.csv", "ae9f725132ae02f0"),
    ("katwijk-mantelzorg/summary.csv", "7f927bc5ce8c6353"),
    ("katwijk-mantelzorg/timeseries.csv", "e6e3f8dd8ef126c8"),
    ("merenwijk-bop/replications.csv", "54462360f46cc3b7"),
    ("merenwijk-bop/summary.csv", "94564030dcc95b1a"),
    ("merenwijk-bop/timeseries.csv", "5c371b78a74264b8"),
    ("shift.csv", "f497919020cac6e3"),
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
        .filter(|p| {
            let text = fs::read_to_string(p).unwrap();
            !text.contains("\n[sweep]") && !text.contains("\n[sensitivity]")
        })
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
