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
    ("baseline/replications.csv", "87008bbf320a146b"),
    ("baseline/summary.csv", "9e6fb462da8f961c"),
    ("baseline/timeseries.csv", "869227879bb45ace"),
    ("combined/replications.csv", "74abc1fcb903a894"),
    ("combined/summary.csv", "cfdd144e011c302b"),
    ("combined/timeseries.csv", "f0fa009a5eb35cb8"),
    ("comparison.csv", "d6e183be5c957300"),
    ("custom-example/replications.csv", "aae10802517a44ad"),
    ("custom-example/summary.csv", "79cfa79258e2ee08"),
    ("custom-example/timeseries.csv", "c58e1883d50a3a27"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "d3bc411fd034bfa9",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "f0d5a906bdc20ee9",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "e025e8f7af4e76f4",
    ),
    ("hlt-hybride-zorg/replications.csv", "2d93d7b6c884e853"),
    ("hlt-hybride-zorg/summary.csv", "a55fb53b0c0f7dbd"),
    ("hlt-hybride-zorg/timeseries.csv", "64a4b7867e5e4016"),
    ("katwijk-mantelzorg/replications.csv", "543b296dec3560d0"),
    ("katwijk-mantelzorg/summary.csv", "fbb710e04f1b5918"),
    ("katwijk-mantelzorg/timeseries.csv", "14a00d73897a4c45"),
    ("merenwijk-bop/replications.csv", "96d1c0167f657ce2"),
    ("merenwijk-bop/summary.csv", "53b5b4514e7dc2ce"),
    ("merenwijk-bop/timeseries.csv", "73cc61a501ad446f"),
    ("shift.csv", "70c4413ec14ec718"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "aa6953e98e3b95f3"),
    ("baseline/summary.csv", "69384bc9d650a749"),
    ("baseline/timeseries.csv", "29517a9bbd3e7ad3"),
    ("comparison.csv", "a8b991f6f33a26d0"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "0d3dcef9c5b1335f",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "b3f81fdcd861a1f6",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "d33696d8d5c3379e",
    ),
    ("hlt-hybride-zorg/replications.csv", "8fa50ce54b9f388f"),
    ("hlt-hybride-zorg/summary.csv", "b9266c6ebeed0fe7"),
    ("hlt-hybride-zorg/timeseries.csv", "9db55ff0daf9d207"),
    ("katwijk-mantelzorg/replications.csv", "e9378776b5f32416"),
    ("katwijk-mantelzorg/summary.csv", "d67c33195dd2a9f2"),
    ("katwijk-mantelzorg/timeseries.csv", "7a4d5c6a607f483e"),
    ("merenwijk-bop/replications.csv", "b26b2cbe8b60af69"),
    ("merenwijk-bop/summary.csv", "f690c6e08e8a2a56"),
    ("merenwijk-bop/timeseries.csv", "4e62065689350cb6"),
    ("shift.csv", "cbe328dd44a61f87"),
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
