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
    ("baseline/replications.csv", "d31297379d2ebd46"),
    ("baseline/summary.csv", "0f97b42ccd998d7a"),
    ("baseline/timeseries.csv", "65bce6515edb4236"),
    ("combined/replications.csv", "e50673885fb22789"),
    ("combined/summary.csv", "b055f3add4ceffb5"),
    ("combined/timeseries.csv", "89251e9daa713da5"),
    ("comparison.csv", "6a7964f96c26ab1a"),
    ("custom-example/replications.csv", "0db124258ba57a41"),
    ("custom-example/summary.csv", "de33f5a1b1fe9985"),
    ("custom-example/timeseries.csv", "5c9fd8d708a69e91"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "36edc2f1851ef08c",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "476a1174f49569f0",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "dd148bcb095bf2c6",
    ),
    ("hlt-hybride-zorg/replications.csv", "f40d5665117985f2"),
    ("hlt-hybride-zorg/summary.csv", "da6877598bcce3eb"),
    ("hlt-hybride-zorg/timeseries.csv", "773c46f0c40997f3"),
    ("katwijk-mantelzorg/replications.csv", "ec195802bdbf1688"),
    ("katwijk-mantelzorg/summary.csv", "6096874fd95a7676"),
    ("katwijk-mantelzorg/timeseries.csv", "bf106ac73c89c230"),
    ("merenwijk-bop/replications.csv", "8047cd411d8dab3a"),
    ("merenwijk-bop/summary.csv", "641c5a82f0c89318"),
    ("merenwijk-bop/timeseries.csv", "e84574e9920ec402"),
    ("shift.csv", "a08bf8408d6ec5ef"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "d76194d48bf00406"),
    ("baseline/summary.csv", "b6d8ed485e82e977"),
    ("baseline/timeseries.csv", "028dc28576ab2ea5"),
    ("comparison.csv", "9c786c81f5afd382"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "d6aba1587456173a",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "bab2a9e205cf7053",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "ae00b6e51081ced0",
    ),
    ("hlt-hybride-zorg/replications.csv", "0bef2ffee3bc97bd"),
    ("hlt-hybride-zorg/summary.csv", "7e2c2fad8dc9e422"),
    ("hlt-hybride-zorg/timeseries.csv", "18737d2657a2e2cd"),
    ("katwijk-mantelzorg/replications.csv", "28df3058af9b422f"),
    ("katwijk-mantelzorg/summary.csv", "8932dd6ee9c1a125"),
    ("katwijk-mantelzorg/timeseries.csv", "3d2821656ad49d6f"),
    ("merenwijk-bop/replications.csv", "928f4c78e87cf24a"),
    ("merenwijk-bop/summary.csv", "a5559e1cd14f87ef"),
    ("merenwijk-bop/timeseries.csv", "0ceed33d63fa58da"),
    ("shift.csv", "c1d6f7e9e9c6cde1"),
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
