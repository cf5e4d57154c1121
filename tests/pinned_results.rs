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
    ("baseline/replications.csv", "7fb1644e72f04a1e"),
    ("baseline/summary.csv", "239b20a738f39bc3"),
    ("baseline/timeseries.csv", "b87ce3535533b14b"),
    ("combined/replications.csv", "976b59d6fcb7de74"),
    ("combined/summary.csv", "5753637612e6fa0e"),
    ("combined/timeseries.csv", "9db4831c77abc6b8"),
    ("comparison.csv", "1f97a6c062a2ed19"),
    ("custom-example/replications.csv", "b9bb2922bad23156"),
    ("custom-example/summary.csv", "d52c9b4110cd3184"),
    ("custom-example/timeseries.csv", "59d71d291df13062"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "17b2886558aa6c48",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "bde41b9372270f7a",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "15a50dc286bb0a0c",
    ),
    ("hlt-hybride-zorg/replications.csv", "5f4bd02441034591"),
    ("hlt-hybride-zorg/summary.csv", "bb617c99dd92b776"),
    ("hlt-hybride-zorg/timeseries.csv", "1f37ea607af591ab"),
    ("katwijk-mantelzorg/replications.csv", "7dae01854f78773e"),
    ("katwijk-mantelzorg/summary.csv", "2688f19ea57077fa"),
    ("katwijk-mantelzorg/timeseries.csv", "79b02a4c1bf8ff37"),
    ("merenwijk-bop/replications.csv", "213d675867a69241"),
    ("merenwijk-bop/summary.csv", "d25829197081aa6e"),
    ("merenwijk-bop/timeseries.csv", "d7a9b93828790b6c"),
    ("shift.csv", "7a9f4bfb7f0a6c85"),
];

/// `buurtsim` without arguments (the embedded default comparison, 40
/// replications).
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("baseline/replications.csv", "cb3bce65cea99ca4"),
    ("baseline/summary.csv", "f70f04764d4c2f7a"),
    ("baseline/timeseries.csv", "0ff9a72d3eeff724"),
    ("comparison.csv", "8d3fcae72578ef7b"),
    (
        "haaglanden-wijkverpleegkundige/replications.csv",
        "5daacf21a0ec5cae",
    ),
    (
        "haaglanden-wijkverpleegkundige/summary.csv",
        "f52cd19c4d38be49",
    ),
    (
        "haaglanden-wijkverpleegkundige/timeseries.csv",
        "8d6b60b76a3c58d8",
    ),
    ("hlt-hybride-zorg/replications.csv", "dadc9138c947fdaa"),
    ("hlt-hybride-zorg/summary.csv", "304b23813722a70e"),
    ("hlt-hybride-zorg/timeseries.csv", "f76166ab41bab3d9"),
    ("katwijk-mantelzorg/replications.csv", "1c7f7e0859ef39d9"),
    ("katwijk-mantelzorg/summary.csv", "b22e664ba39997a6"),
    ("katwijk-mantelzorg/timeseries.csv", "66fe24ee8e69e22b"),
    ("merenwijk-bop/replications.csv", "e4ed6e0faf683efb"),
    ("merenwijk-bop/summary.csv", "c4d8e0809c5bbd81"),
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
