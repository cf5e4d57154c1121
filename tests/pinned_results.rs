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
    ("baseline/replications.csv", "97d56dfda9fa959a"),
    ("baseline/summary.csv", "fbd9ba0a67c0e2ec"),
    ("baseline/timeseries.csv", "0812bf012a0f45d3"),
    ("combined/replications.csv", "5bd9399a691a481d"),
    ("combined/summary.csv", "cc29d721b5225c02"),
    ("combined/timeseries.csv", "5f57f8acb780d8a7"),
    ("comparison.csv", "c8220d8cbe85d6e7"),
    ("custom-example/replications.csv", "da4e188d79f19de9"),
    ("custom-example/summary.csv", "a7aa85adadbac0e2"),
    ("custom-example/timeseries.csv", "a1904be58e7d2186"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "c5d3a65abf585685",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "95578e9e29062472",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "2268b88b9e431e26",
    ),
    ("hlt-hybride-zorg/replications.csv", "db1f6fe6c00aa9bb"),
    ("hlt-hybride-zorg/summary.csv", "cb856bdcbbf201ce"),
    ("hlt-hybride-zorg/timeseries.csv", "996b3793d0a1f784"),
    ("katwijk-mantelzorg/replications.csv", "4542ab80e9ce3ce0"),
    ("katwijk-mantelzorg/summary.csv", "1616cac271c2dff6"),
    ("katwijk-mantelzorg/timeseries.csv", "8d6997cdd4985372"),
    ("merenwijk-bop/replications.csv", "64d33965d4d2eaa2"),
    ("merenwijk-bop/summary.csv", "5f5a5c9f5c33bb35"),
    ("merenwijk-bop/timeseries.csv", "6514a013ebd2865a"),
    ("shift.csv", "41cc56fae9aae4d7"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "d0a54971c0020843"),
    ("baseline/summary.csv", "c1b93050eb71a845"),
    ("baseline/timeseries.csv", "d6ba7f8f7cd6ecda"),
    ("comparison.csv", "10854cf3a29a11b3"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "18f5bdcee1013f50",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "1fe86fee9dce23b6",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "4b731a6af25c6d10",
    ),
    ("hlt-hybride-zorg/replications.csv", "42ec987a59f23b55"),
    ("hlt-hybride-zorg/summary.csv", "364edc4504e2d7fb"),
    ("hlt-hybride-zorg/timeseries.csv", "d154d8649209ee61"),
    ("katwijk-mantelzorg/replications.csv", "903fb200346cf343"),
    ("katwijk-mantelzorg/summary.csv", "4067c4a01e6a73ae"),
    ("katwijk-mantelzorg/timeseries.csv", "e32113c7a5541574"),
    ("merenwijk-bop/replications.csv", "9f86edd9626ae58f"),
    ("merenwijk-bop/summary.csv", "85a1631b28050751"),
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
