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
    ("baseline/replications.csv", "6ed30162974d29e2"),
    ("baseline/summary.csv", "9e6fb462da8f961c"),
    ("baseline/timeseries.csv", "89b29bf4317084bd"),
    ("combined/replications.csv", "4fb954f4772f1c17"),
    ("combined/summary.csv", "cfdd144e011c302b"),
    ("combined/timeseries.csv", "c75b50b294b3e5af"),
    ("comparison.csv", "d6e183be5c957300"),
    ("custom-example/replications.csv", "5d6f94e772280c53"),
    ("custom-example/summary.csv", "79cfa79258e2ee08"),
    ("custom-example/timeseries.csv", "fbfa349c7ff546f6"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "6b87930800557fc5",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "f0d5a906bdc20ee9",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "86b14661d24a0c8b",
    ),
    ("hlt-hybride-zorg/replications.csv", "aa62acd4e157dd9a"),
    ("hlt-hybride-zorg/summary.csv", "a55fb53b0c0f7dbd"),
    ("hlt-hybride-zorg/timeseries.csv", "458ac59d0fc58e3a"),
    ("katwijk-mantelzorg/replications.csv", "5bd9e758064a40bd"),
    ("katwijk-mantelzorg/summary.csv", "fbb710e04f1b5918"),
    ("katwijk-mantelzorg/timeseries.csv", "441fa29fa2f437b3"),
    ("merenwijk-bop/replications.csv", "02151a6a0df0b8fa"),
    ("merenwijk-bop/summary.csv", "53b5b4514e7dc2ce"),
    ("merenwijk-bop/timeseries.csv", "d844e4cccf270d67"),
    ("shift.csv", "6091639b102415ce"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "6f0c37446784aabb"),
    ("baseline/summary.csv", "69384bc9d650a749"),
    ("baseline/timeseries.csv", "26cf82bae137f714"),
    ("comparison.csv", "a8b991f6f33a26d0"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "bd5eb3a957fd9b6d",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "b3f81fdcd861a1f6",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "c7de87f5413718b7",
    ),
    ("hlt-hybride-zorg/replications.csv", "8c518be00ba2801f"),
    ("hlt-hybride-zorg/summary.csv", "b9266c6ebeed0fe7"),
    ("hlt-hybride-zorg/timeseries.csv", "509c28e41e1929e3"),
    ("katwijk-mantelzorg/replications.csv", "1cfff7ee69015a02"),
    ("katwijk-mantelzorg/summary.csv", "d67c33195dd2a9f2"),
    ("katwijk-mantelzorg/timeseries.csv", "1da3ba404a1c065a"),
    ("merenwijk-bop/replications.csv", "a318009eca874431"),
    ("merenwijk-bop/summary.csv", "f690c6e08e8a2a56"),
    ("merenwijk-bop/timeseries.csv", "5b563a526ae26bff"),
    ("shift.csv", "73760bb8e1ec4cd1"),
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
