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
    ("baseline/replications.csv", "2690507fd16b9f4e"),
    ("baseline/summary.csv", "8096c051e1800a5d"),
    ("baseline/timeseries.csv", "0812bf012a0f45d3"),
    ("combined/replications.csv", "1bfd0a6f531603c7"),
    ("combined/summary.csv", "79c51704a58c26c1"),
    ("combined/timeseries.csv", "606e72a6cb1bc39e"),
    ("comparison.csv", "a0c3123d9673376c"),
    ("custom-example/replications.csv", "0a87f96690032466"),
    ("custom-example/summary.csv", "fa0ff402c46c9994"),
    ("custom-example/timeseries.csv", "a1904be58e7d2186"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "8e6f114b45edced9",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "5b6f833dd51e432e",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "2268b88b9e431e26",
    ),
    ("hlt-hybride-zorg/replications.csv", "cc0cc3b8e3fd8c39"),
    ("hlt-hybride-zorg/summary.csv", "ab14e4df46dd6a35"),
    ("hlt-hybride-zorg/timeseries.csv", "996b3793d0a1f784"),
    ("katwijk-mantelzorg/replications.csv", "9af4921f5525177d"),
    ("katwijk-mantelzorg/summary.csv", "8ccf89c94ca8956a"),
    ("katwijk-mantelzorg/timeseries.csv", "62007cf2acdc2483"),
    ("merenwijk-bop/replications.csv", "241529e8761965a3"),
    ("merenwijk-bop/summary.csv", "38b65ad87a3c70a8"),
    ("merenwijk-bop/timeseries.csv", "6514a013ebd2865a"),
    ("shift.csv", "dd02215e9d21b2d1"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "c128550c3ffdd0ee"),
    ("baseline/summary.csv", "0ef96f8775799f75"),
    ("baseline/timeseries.csv", "d6ba7f8f7cd6ecda"),
    ("comparison.csv", "0d68bacd6ccb2876"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "1d4902a50f85b02e",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "f45b708cbfd400e9",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "4b731a6af25c6d10",
    ),
    ("hlt-hybride-zorg/replications.csv", "c7ac52d95ae8561c"),
    ("hlt-hybride-zorg/summary.csv", "cf322dd23fba3c69"),
    ("hlt-hybride-zorg/timeseries.csv", "d154d8649209ee61"),
    ("katwijk-mantelzorg/replications.csv", "89718e7c13fd35fb"),
    ("katwijk-mantelzorg/summary.csv", "4c6f1639f079bdba"),
    ("katwijk-mantelzorg/timeseries.csv", "e0ed8ff0a5ccd379"),
    ("merenwijk-bop/replications.csv", "1ae0eae5698dc418"),
    ("merenwijk-bop/summary.csv", "815947184a427dc6"),
    ("merenwijk-bop/timeseries.csv", "13ace7355e04cb93"),
    ("shift.csv", "db2779e27a4081ca"),
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
