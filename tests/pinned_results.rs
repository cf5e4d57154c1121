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
    ("baseline/replications.csv", "de3d46682fa0a15c"),
    ("baseline/summary.csv", "73a9b6d30e09056f"),
    ("baseline/timeseries.csv", "2cf75583897e3f60"),
    ("combined/replications.csv", "74ff3e78ddd0eb98"),
    ("combined/summary.csv", "fb5b07fafa37b2bc"),
    ("combined/timeseries.csv", "04f16d88acfd41db"),
    ("comparison.csv", "1b2dbab48a1d1b70"),
    ("custom-example/replications.csv", "e3eea643d6a04fb5"),
    ("custom-example/summary.csv", "693b48f719fbba46"),
    ("custom-example/timeseries.csv", "fcb1364ce0df23c4"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "c79256eb8dafbe74",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "0eb5c55b05c4c426",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "27ff0daf7dfc7ba9",
    ),
    ("hlt-hybride-zorg/replications.csv", "03b5268ebf85f82a"),
    ("hlt-hybride-zorg/summary.csv", "bfb97cc612ac1b7b"),
    ("hlt-hybride-zorg/timeseries.csv", "867c46fa0c03faad"),
    ("katwijk-mantelzorg/replications.csv", "4bc471f3d063d433"),
    ("katwijk-mantelzorg/summary.csv", "cab5ef7ac042b3d6"),
    ("katwijk-mantelzorg/timeseries.csv", "3c673e149b315cd7"),
    ("merenwijk-bop/replications.csv", "ae37e5a605995a99"),
    ("merenwijk-bop/summary.csv", "c2301b2dd5181f26"),
    ("merenwijk-bop/timeseries.csv", "c60d1cd4948e30b9"),
    ("shift.csv", "f17694f68a16969c"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "72ca79336757c0ce"),
    ("baseline/summary.csv", "03c08d894d4cc2bc"),
    ("baseline/timeseries.csv", "f1fe7567c16bb79a"),
    ("comparison.csv", "58bbc0aaeb8aadf5"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "a0e353361ac0a2a0",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "d00753906440ce13",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "dee36445987ca522",
    ),
    ("hlt-hybride-zorg/replications.csv", "fd30822c5a16b93a"),
    ("hlt-hybride-zorg/summary.csv", "f4c1eae0bffbd2a0"),
    ("hlt-hybride-zorg/timeseries.csv", "65073a3bc8c5f56c"),
    ("katwijk-mantelzorg/replications.csv", "e1bc1a9f1604533d"),
    ("katwijk-mantelzorg/summary.csv", "493a02db2f9b94d5"),
    ("katwijk-mantelzorg/timeseries.csv", "1351952cfe55675e"),
    ("merenwijk-bop/replications.csv", "cb0531856370a18f"),
    ("merenwijk-bop/summary.csv", "6f37dfc9a4a9b1d4"),
    ("merenwijk-bop/timeseries.csv", "4bdac7606456c6ff"),
    ("shift.csv", "71c1dc1731e56b2f"),
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
