//! Sweeps that do not run in one go: `buurtsim sweep --shard K/N` and
//! `buurtsim merge` give the bytes of one uninterrupted sweep, a killed
//! sweep (SIGKILL on a real child process) resumes with `--resume` to the
//! same bytes, and mismatches are refused naming the field.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::fs;
use std::io::Write;
use std::path::Path;

mod common;
use common::{assert_same_output, kill_after_rows, record_rows};

/// A small grid: 3 x 2 points x 4 replications = 24 jobs, each a few ms.
const GRID: &str = "\
name = \"sweep-shards\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1
seed = 7

[interventions.carer_support]

[sweep]
method = \"grid\"
replications = 4

[sweep.parameters]
\"interventions.carer_support.coverage\" = [0.0, 0.3, 0.6]
\"interventions.carer_support.burden_gain_multiplier\" = [0.6, 0.9]
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

#[test]
fn shards_merge_into_the_whole_sweep_and_mismatches_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("grid.toml"), GRID).unwrap();
    buurtsim(dir)
        .args(["sweep", "grid.toml", "-o", "whole", "--threads", "2"])
        .assert()
        .success();

    // Five shards of 24 jobs: 5, 5, 5, 5 and 4 jobs, across points.
    for k in 1..=5 {
        buurtsim(dir)
            .args([
                "sweep",
                "grid.toml",
                "-o",
                &format!("s{k}"),
                "--threads",
                "1",
            ])
            .args(["--shard", &format!("{k}/5")])
            .assert()
            .success()
            .stderr(predicate::str::contains(format!("wrote shard {k}/5")));
        let manifest = fs::read_to_string(dir.join(format!("s{k}/manifest.toml"))).unwrap();
        assert!(
            manifest.contains(&format!("shard = \"{k}/5\"")),
            "{manifest}"
        );
        assert_eq!(
            record_rows(&dir.join(format!("s{k}/records.csv"))),
            if k == 5 { 4 } else { 5 }
        );
    }
    buurtsim(dir)
        .args(["merge", "s3", "s1", "s2", "s5", "s4", "-o", "merged"])
        .assert()
        .success()
        .stderr(predicate::str::contains("merged 5 shards"));
    assert_same_output(&dir.join("whole"), &dir.join("merged"));
    let info = fs::read_to_string(dir.join("merged/run-info.toml")).unwrap();
    assert!(info.contains("command = \"merge\""), "{info}");

    // A missing shard, a shard given twice, and a shard of another seed.
    buurtsim(dir)
        .args(["merge", "s1", "s2", "s3", "s4", "-o", "m2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "shard 5/5 of the sweep is missing",
        ));
    buurtsim(dir)
        .args(["merge", "s1", "s1", "s2", "s3", "s4", "-o", "m3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shard 1/5 is given twice"));
    fs::create_dir(dir.join("other")).unwrap();
    fs::write(
        dir.join("other/grid.toml"),
        GRID.replace("seed = 7", "seed = 8"),
    )
    .unwrap();
    buurtsim(&dir.join("other"))
        .args(["sweep", "grid.toml", "-o", "../o5", "--shard", "5/5"])
        .assert()
        .success();
    buurtsim(dir)
        .args(["merge", "s1", "s2", "s3", "s4", "o5", "-o", "m4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`seed` differs"));
    // A finished sweep is not a shard.
    buurtsim(dir)
        .args(["merge", "whole", "s1", "-o", "m5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a shard folder"));
    for m in ["m2", "m3", "m4", "m5"] {
        assert!(!dir.join(m).exists(), "a refused merge wrote {m}");
    }
}

/// `run` and `sweep` keep unfinished work in the same `.DIR.partial`: each
/// refuses to touch the other's without --force, and never deletes it.
#[test]
fn a_sweep_never_deletes_an_unfinished_run_nor_the_other_way_round() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("grid.toml"), GRID).unwrap();
    let partial = dir.join(".out.partial");
    for (kind, marker, command) in [
        ("run", "plan.toml", &["sweep", "grid.toml", "-o", "out"][..]),
        (
            "sweep",
            "manifest.toml",
            &["run", "a.toml", "-o", "out"][..],
        ),
    ] {
        fs::write(
            dir.join("a.toml"),
            "name = \"a\"\n[population]\nresidents = 500\n",
        )
        .unwrap();
        fs::create_dir_all(&partial).unwrap();
        fs::write(partial.join(marker), "# unfinished\n").unwrap();
        fs::write(partial.join("records.csv"), "point,replication\n0,0\n").unwrap();
        for extra in [&[][..], &["--resume"][..], &["--resume", "--force"][..]] {
            buurtsim(dir)
                .args(command)
                .args(extra)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!(
                    "holds the unfinished work of a `buurtsim {kind}`"
                )));
            assert!(
                partial.join("records.csv").is_file(),
                "{kind} records deleted"
            );
        }
        // --force discards it, as for an unfinished run of the same kind.
        buurtsim(dir)
            .args(command)
            .arg("--force")
            .assert()
            .success();
        assert!(!partial.exists());
        assert!(dir.join("out").is_dir());
        fs::remove_dir_all(dir.join("out")).unwrap();
    }
}

#[test]
fn a_killed_sweep_resumes_to_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // More replications, so the sweep is still going when it is killed.
    let grid = GRID.replace("replications = 4", "replications = 40");
    fs::write(dir.join("grid.toml"), &grid).unwrap();
    let args = ["sweep", "grid.toml", "-o", "out", "--threads", "1"];
    buurtsim(dir)
        .args(["sweep", "grid.toml", "-o", "whole", "--threads", "2"])
        .assert()
        .success();

    let partial = dir.join(".out.partial");
    let records = partial.join("records.csv");
    // Past the first point, so the resume starts inside a later one.
    let recorded = kill_after_rows(dir, &args, &records, 45);
    assert!(!dir.join("out").exists(), "a killed sweep left an output");
    assert!(
        (45..240).contains(&recorded),
        "{recorded} rows: the sweep was not interrupted; raise `replications`"
    );
    // A row cut short, as a kill in the middle of a write leaves it.
    let mut f = fs::OpenOptions::new().append(true).open(&records).unwrap();
    f.write_all(b"5,39,11990.5,0.19").unwrap();
    drop(f);

    // A plain sweep does not start over the unfinished one, and a resume
    // with other options is refused naming the field.
    buurtsim(dir)
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    buurtsim(dir)
        .args(args)
        .args(["--resume", "--replications", "41"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`replications` differs"));
    buurtsim(dir)
        .args(args)
        .args(["--resume", "--shard", "1/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`shard` differs"));

    let resumed = buurtsim(dir)
        .args([
            "sweep",
            "grid.toml",
            "-o",
            "out",
            "--threads",
            "2",
            "--resume",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&resumed.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("{recorded} of 240 jobs were already done")),
        "{stderr}"
    );
    assert!(!partial.exists(), "the partial folder is left behind");
    assert_same_output(&dir.join("whole"), &dir.join("out"));
    let info = fs::read_to_string(dir.join("out/run-info.toml")).unwrap();
    assert!(info.contains("resumed = true"), "{info}");
}
