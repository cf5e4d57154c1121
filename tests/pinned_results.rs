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
    ("baseline/replications.csv", "7613772fb711b8d9"),
    ("baseline/summary.csv", "ed63df08ba3782eb"),
    ("baseline/timeseries.csv", "c50212c71ff2b7d9"),
    ("combined/replications.csv", "a8e322dbbed19bed"),
    ("combined/summary.csv", "23717ccadd3d0389"),
    ("combined/timeseries.csv", "d34ca52f929503da"),
    ("comparison.csv", "8ab8b6611325f067"),
    ("custom-example/replications.csv", "3acab6a09da08945"),
    ("custom-example/summary.csv", "2832ef69a7003bdf"),
    ("custom-example/timeseries.csv", "57cf3f64220cdc0b"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "307ab6b24385ce97",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "eb6634aba89b0366",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "262657774b1dd03a",
    ),
    ("hlt-hybride-zorg/replications.csv", "2740bea67366fccd"),
    ("hlt-hybride-zorg/summary.csv", "de77a5e1b4ab6a9f"),
    ("hlt-hybride-zorg/timeseries.csv", "6d0ad39fe41c716d"),
    ("katwijk-mantelzorg/replications.csv", "c4eebe7971c08319"),
    ("katwijk-mantelzorg/summary.csv", "64ed7d9b8aeac790"),
    ("katwijk-mantelzorg/timeseries.csv", "e3b8d94500172380"),
    ("merenwijk-bop/replications.csv", "a73cc630524e86f5"),
    ("merenwijk-bop/summary.csv", "f37634c7423f2c04"),
    ("merenwijk-bop/timeseries.csv", "61e06b27c6d4880c"),
    ("shift.csv", "45950f0e9f01aead"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "94d67b24d2aed015"),
    ("baseline/summary.csv", "fdb9c25703a03d52"),
    ("baseline/timeseries.csv", "242a7f33be7acc3c"),
    ("comparison.csv", "4005c2cac60fb6fc"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "4a97e8b93824fdc7",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "c8fcd5353b9532a6",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "b657bc0d364fb007",
    ),
    ("hlt-hybride-zorg/replications.csv", "3d5b2dbc9e488fef"),
    ("hlt-hybride-zorg/summary.csv", "a2512cbdfc747579"),
    ("hlt-hybride-zorg/timeseries.csv", "63e075ba956140eb"),
    ("katwijk-mantelzorg/replications.csv", "340eef9ddd4c8806"),
    ("katwijk-mantelzorg/summary.csv", "bfc42c9320166e13"),
    ("katwijk-mantelzorg/timeseries.csv", "b002c758cceba289"),
    ("merenwijk-bop/replications.csv", "cbd643303bae32ff"),
    ("merenwijk-bop/summary.csv", "6ca3841d23a8aad3"),
    ("merenwijk-bop/timeseries.csv", "ebb02492764dcc50"),
    ("shift.csv", "24bbc3ef4e2bbe18"),
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
