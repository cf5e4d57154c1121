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
    ("baseline/replications.csv", "e7cfdc5e57227149"),
    ("baseline/summary.csv", "f87e43107676be76"),
    ("baseline/timeseries.csv", "cada686fc6cd5d91"),
    ("combined/replications.csv", "7ebc4027abdd5415"),
    ("combined/summary.csv", "84e6a59218ab12eb"),
    ("combined/timeseries.csv", "c14dc9266881e56f"),
    ("comparison.csv", "573b08709521702a"),
    ("custom-example/replications.csv", "29359a212d42fc4e"),
    ("custom-example/summary.csv", "39f1cdea12b80969"),
    ("custom-example/timeseries.csv", "b70bf5ce22040e04"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "5a4de3fb64a2fb40",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "c8cba5983e7251de",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "0e6cc0b847903466",
    ),
    ("hlt-hybride-zorg/replications.csv", "b1714ce80ec16d03"),
    ("hlt-hybride-zorg/summary.csv", "a3bb4bddb62f4efb"),
    ("hlt-hybride-zorg/timeseries.csv", "c326f78c2c67933e"),
    ("katwijk-mantelzorg/replications.csv", "933f2fbc15ae6c45"),
    ("katwijk-mantelzorg/summary.csv", "6a4f9a152905fb83"),
    ("katwijk-mantelzorg/timeseries.csv", "387933fc0a2328a5"),
    ("merenwijk-bop/replications.csv", "f17983e6f46b1378"),
    ("merenwijk-bop/summary.csv", "a1f1756cd6722047"),
    ("merenwijk-bop/timeseries.csv", "787a753d03ea1dd0"),
    ("shift.csv", "b19eed3a536fe068"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "f1ecfcebb94a1e77"),
    ("baseline/summary.csv", "42b01e9d76074fd1"),
    ("baseline/timeseries.csv", "e3bc02316d5fe776"),
    ("comparison.csv", "d247452eaf4f2560"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "4b0d1f8b943aea21",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "2d423086c5717d9f",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "ff06f7d38f18d742",
    ),
    ("hlt-hybride-zorg/replications.csv", "ff48c46bace7e422"),
    ("hlt-hybride-zorg/summary.csv", "99f477690b15e8a7"),
    ("hlt-hybride-zorg/timeseries.csv", "aa5add23bee67946"),
    ("katwijk-mantelzorg/replications.csv", "9e52f15bc70853a7"),
    ("katwijk-mantelzorg/summary.csv", "bb5c118fa7e3b265"),
    ("katwijk-mantelzorg/timeseries.csv", "d2f284af939e7de2"),
    ("merenwijk-bop/replications.csv", "15d14d74bf3646bd"),
    ("merenwijk-bop/summary.csv", "9709cfbb2d7df4f0"),
    ("merenwijk-bop/timeseries.csv", "531dd91fdc9d966a"),
    ("shift.csv", "e7c57df3bc12427e"),
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
