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
    ("baseline/replications.csv", "062fe042c1a7f828"),
    ("baseline/summary.csv", "997f8380656927af"),
    ("baseline/timeseries.csv", "8c038b52dce7d4ec"),
    ("combined/replications.csv", "f4c4d7f57c2dab2e"),
    ("combined/summary.csv", "fb536d90b4075e8f"),
    ("combined/timeseries.csv", "81fc3160e640eeb0"),
    ("comparison.csv", "9c9c63d9181fc3ab"),
    ("custom-example/replications.csv", "4bee563a1c78758b"),
    ("custom-example/summary.csv", "6a6f245686893352"),
    ("custom-example/timeseries.csv", "26a8c66682c9b82f"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "e720ebedd6dcb65e",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "e9a9440e02dba515",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "fd455ba94d6a1211",
    ),
    ("hlt-hybride-zorg/replications.csv", "35b409800f5c230f"),
    ("hlt-hybride-zorg/summary.csv", "3e88d2f750517c1f"),
    ("hlt-hybride-zorg/timeseries.csv", "1063299259258e78"),
    ("katwijk-mantelzorg/replications.csv", "b374bb754715a1df"),
    ("katwijk-mantelzorg/summary.csv", "80e36f2a511c3bdb"),
    ("katwijk-mantelzorg/timeseries.csv", "2421e2cb8cb03194"),
    ("merenwijk-bop/replications.csv", "e985f3a7d97fe846"),
    ("merenwijk-bop/summary.csv", "9d33ed6ad1b26c65"),
    ("merenwijk-bop/timeseries.csv", "68b36d344039dbc8"),
    ("shift.csv", "d86a69d2eb3b9795"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "26cf28b36569aadd"),
    ("baseline/summary.csv", "8e9d0c150890bad1"),
    ("baseline/timeseries.csv", "c16e8ecd0cac16b0"),
    ("comparison.csv", "6de7108a2d319cbe"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "533ef8b4acf405d3",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "ea582e2c2d69105f",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "11a745f3c8967fab",
    ),
    ("hlt-hybride-zorg/replications.csv", "2db36e28e7641a68"),
    ("hlt-hybride-zorg/summary.csv", "026463e4fd2713cb"),
    ("hlt-hybride-zorg/timeseries.csv", "1a7229b7ea311f67"),
    ("katwijk-mantelzorg/replications.csv", "bd919a9efce95a21"),
    ("katwijk-mantelzorg/summary.csv", "abb6630ab9a70b7c"),
    ("katwijk-mantelzorg/timeseries.csv", "098b3b2665b0e2d2"),
    ("merenwijk-bop/replications.csv", "7402858eedfd65e2"),
    ("merenwijk-bop/summary.csv", "f886b07bd5a85c93"),
    ("merenwijk-bop/timeseries.csv", "2892a7e871779e42"),
    ("shift.csv", "e20c1ecb280d1e8c"),
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
