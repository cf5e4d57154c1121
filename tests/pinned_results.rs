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

/// `buurtsim run` of every shipped scenario but the sweep and sensitivity files, 3
/// replications, seed 20261201, 2 threads.
const SCENARIO_FILES: &[(&str, &str)] = &[
    ("baseline/replications.csv", "74ba5bfd66b3d95a"),
    ("baseline/summary.csv", "451806307a5f309f"),
    ("baseline/timeseries.csv", "eda21c1da1588c8c"),
    ("combined/replications.csv", "7cd54c5ff1aaeb34"),
    ("combined/summary.csv", "82a15f86a2ff98e4"),
    ("combined/timeseries.csv", "8346daca768c18a2"),
    ("comparison.csv", "60c14d5a4d48fc7a"),
    ("custom-example/replications.csv", "4e60be69b1cc4f5b"),
    ("custom-example/summary.csv", "a8d6d00bd9a30da4"),
    ("custom-example/timeseries.csv", "355783c117b320fc"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "7d232307f7024c3e",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "224a2540f22fb2d2",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "f8032c443c0e4342",
    ),
    ("hlt-hybride-zorg/replications.csv", "ebcc421b2c571491"),
    ("hlt-hybride-zorg/summary.csv", "cd805ec14428b058"),
    ("hlt-hybride-zorg/timeseries.csv", "57538505285c4b51"),
    ("katwijk-mantelzorg/replications.csv", "e4265406469bf790"),
    ("katwijk-mantelzorg/summary.csv", "a3ad2b89fec2c7fe"),
    ("katwijk-mantelzorg/timeseries.csv", "ac95eff6bb3b013d"),
    ("merenwijk-bop/replications.csv", "2bdf5c55c553829f"),
    ("merenwijk-bop/summary.csv", "68c3157518510816"),
    ("merenwijk-bop/timeseries.csv", "ebd02a9c9823594f"),
    ("shift.csv", "1faacfe81217a974"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "4cf5ff12eb4ae790"),
    ("baseline/summary.csv", "31fbf10d81418bbd"),
    ("baseline/timeseries.csv", "b29b6bc0f9ed892a"),
    ("comparison.csv", "0798e0cbdc7d5056"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "bf786cfd58d5c0fa",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "5bb93ba5e06e45d0",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "38342048d62f4dea",
    ),
    ("hlt-hybride-zorg/replications.csv", "dfd0b3333d013a74"),
    ("hlt-hybride-zorg/summary.csv", "22a614d367dd08a0"),
    ("hlt-hybride-zorg/timeseries.csv", "676f364abe85b084"),
    ("katwijk-mantelzorg/replications.csv", "a6aa9cfa4ba53385"),
    ("katwijk-mantelzorg/summary.csv", "2900db009b3b150b"),
    ("katwijk-mantelzorg/timeseries.csv", "13aad8f32fb1c934"),
    ("merenwijk-bop/replications.csv", "cb6d9c41b639bd9e"),
    ("merenwijk-bop/summary.csv", "b91dd4f041575fd8"),
    ("merenwijk-bop/timeseries.csv", "03f42b841e2e3352"),
    ("shift.csv", "aa6f1e1107eebbbb"),
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
        .filter(|p| {
            let text = fs::read_to_string(p).unwrap();
            !text.contains("\n[sweep]") && !text.contains("\n[sensitivity]")
        })
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
