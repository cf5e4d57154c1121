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
    ("baseline/replications.csv", "57466f99a044ba00"),
    ("baseline/summary.csv", "d24fc5c7772d607f"),
    ("baseline/timeseries.csv", "b87ce3535533b14b"),
    ("combined/replications.csv", "234261dcbebb6e57"),
    ("combined/summary.csv", "fb550ccd84dbb3e9"),
    ("combined/timeseries.csv", "b292b8d634c7b8cf"),
    ("comparison.csv", "fdb9a415bb448beb"),
    ("custom-example/replications.csv", "8b5171877fa92a7d"),
    ("custom-example/summary.csv", "f5a471d8a1f0f609"),
    ("custom-example/timeseries.csv", "59d71d291df13062"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "840e43b4d22d14e6",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "4ec6cbef1cadae76",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "15a50dc286bb0a0c",
    ),
    ("hlt-hybride-zorg/replications.csv", "38cd5230b8403d9c"),
    ("hlt-hybride-zorg/summary.csv", "918f3f0183ea47ad"),
    ("hlt-hybride-zorg/timeseries.csv", "1f37ea607af591ab"),
    ("katwijk-mantelzorg/replications.csv", "ef56d6a9971d8096"),
    ("katwijk-mantelzorg/summary.csv", "f1cb90bb059d5812"),
    ("katwijk-mantelzorg/timeseries.csv", "0f9ac03e5648f850"),
    ("merenwijk-bop/replications.csv", "f3adda0bbc120f66"),
    ("merenwijk-bop/summary.csv", "c95a37f45df0b181"),
    ("merenwijk-bop/timeseries.csv", "d7a9b93828790b6c"),
    ("shift.csv", "7aba8f70a84f7c3c"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "9eb91d2691858048"),
    ("baseline/summary.csv", "578b4715916d18be"),
    ("baseline/timeseries.csv", "0ff9a72d3eeff724"),
    ("comparison.csv", "c4636ceb358fb68e"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "3be55373b6eab550",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "c22dde0173a26dee",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "8d6b60b76a3c58d8",
    ),
    ("hlt-hybride-zorg/replications.csv", "1b6d1768b48f83dd"),
    ("hlt-hybride-zorg/summary.csv", "33f93b3f2d8f517e"),
    ("hlt-hybride-zorg/timeseries.csv", "f76166ab41bab3d9"),
    ("katwijk-mantelzorg/replications.csv", "3cdbd816835b3abd"),
    ("katwijk-mantelzorg/summary.csv", "c7cd5aae4366f467"),
    ("katwijk-mantelzorg/timeseries.csv", "e3e87a9f1339bf06"),
    ("merenwijk-bop/replications.csv", "f07d5a880842ab1c"),
    ("merenwijk-bop/summary.csv", "91f84b04c6582bc5"),
    ("merenwijk-bop/timeseries.csv", "bdde52b10a5e4bc7"),
    ("shift.csv", "52ac274f60fbba14"),
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
