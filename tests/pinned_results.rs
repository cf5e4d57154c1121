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
    ("baseline/replications.csv", "d5fa45a2adabfada"),
    ("baseline/summary.csv", "1b23b5d904dd0477"),
    ("baseline/timeseries.csv", "b87ce3535533b14b"),
    ("combined/replications.csv", "b0ee96eb77270bb9"),
    ("combined/summary.csv", "8b043fa21a1c4d74"),
    ("combined/timeseries.csv", "9db4831c77abc6b8"),
    ("comparison.csv", "f46a8174e852a834"),
    ("custom-example/replications.csv", "a6479588456ebc0a"),
    ("custom-example/summary.csv", "2a6113f40a748aa8"),
    ("custom-example/timeseries.csv", "59d71d291df13062"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "fe712c8ce275435c",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "282a3c3b231dcff2",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "15a50dc286bb0a0c",
    ),
    ("hlt-hybride-zorg/replications.csv", "60ed70f4c8e708b4"),
    ("hlt-hybride-zorg/summary.csv", "014c6c84eb75b6f3"),
    ("hlt-hybride-zorg/timeseries.csv", "1f37ea607af591ab"),
    ("katwijk-mantelzorg/replications.csv", "9feb1513c11b7c86"),
    ("katwijk-mantelzorg/summary.csv", "6932f286f951e5c3"),
    ("katwijk-mantelzorg/timeseries.csv", "79b02a4c1bf8ff37"),
    ("merenwijk-bop/replications.csv", "0ad65f474b63377b"),
    ("merenwijk-bop/summary.csv", "25f0d961604e12b3"),
    ("merenwijk-bop/timeseries.csv", "d7a9b93828790b6c"),
    ("shift.csv", "7a9f4bfb7f0a6c85"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "577cb6a611b591b6"),
    ("baseline/summary.csv", "0d2ac92c9a124747"),
    ("baseline/timeseries.csv", "0ff9a72d3eeff724"),
    ("comparison.csv", "8df3ef2a4fabcd28"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "497e515b29dbab7c",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "4ba110539dffd980",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "8d6b60b76a3c58d8",
    ),
    ("hlt-hybride-zorg/replications.csv", "bccf6f3d1b901e13"),
    ("hlt-hybride-zorg/summary.csv", "8d5597ad708c1389"),
    ("hlt-hybride-zorg/timeseries.csv", "f76166ab41bab3d9"),
    ("katwijk-mantelzorg/replications.csv", "9d0770a1ce07074e"),
    ("katwijk-mantelzorg/summary.csv", "af728203ff7cd1bb"),
    ("katwijk-mantelzorg/timeseries.csv", "66fe24ee8e69e22b"),
    ("merenwijk-bop/replications.csv", "ad6fb3401d4bf340"),
    ("merenwijk-bop/summary.csv", "67aa3827eaf6ea67"),
    ("merenwijk-bop/timeseries.csv", "bdde52b10a5e4bc7"),
    ("shift.csv", "e49949e31bb60bec"),
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
