//! buurtsim never loses or overwrites a user's files (issue 11), tested
//! with the real binary and a hash of the surrounding tree before and
//! after:
//!
//! - `--force` replaces only buurtsim's own folders (marker and nothing
//!   foreign), and the default run only its own `./buurtsim-out/`;
//! - every command that writes refuses an existing target without `--force`;
//! - a second process on the same output is refused at once, naming the
//!   holder's pid, and `--force` does not break a live lock;
//! - path problems are found before any work;
//! - a scenario file's own errors come before problems with `-o`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{assert_mentions, record_rows, run_ok, snapshot, user_error};

const SMALL: &str = "name = \"small\"\n[population]\nresidents = 200\n[run]\nyears = 1\nwarmup_years = 0\nreplications = 2\n";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_buurtsim")
}

/// Everything under `dir` except buurtsim's lock files, which may appear
/// beside an output even when a command is refused.
fn tree(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().ends_with(".lock"))
        .collect()
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("s.toml"), SMALL).unwrap();
    tmp
}

#[test]
fn force_never_replaces_a_users_folder() {
    let tmp = setup();
    let dir = tmp.path();
    let home = dir.join("home");
    fs::create_dir_all(home.join("Documents")).unwrap();
    fs::write(home.join("Documents/thesis.docx"), "four years").unwrap();
    fs::write(home.join(".bashrc"), "alias ll='ls -l'").unwrap();
    // One old buurtsim scenario folder among the user's files.
    run_ok(dir, &["run", "s.toml", "-o", "old"]);
    fs::rename(dir.join("old/s"), home.join("s")).unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["run", "s.toml", "-o", "home", "--force"]);
    assert_mentions(
        &message,
        &[
            "refusing to replace home",
            ".buurtsim-output",
            "nothing was changed",
        ],
    );
    assert!(tree(dir) == before, "a refused --force changed files");
}

#[test]
fn force_names_the_first_foreign_entry_in_an_output_folder() {
    let tmp = setup();
    let dir = tmp.path();
    run_ok(dir, &["run", "s.toml", "-o", "out"]);
    fs::write(dir.join("out/s/notes.txt"), "my notes").unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["run", "s.toml", "-o", "out", "--force"]);
    assert_mentions(
        &message,
        &[
            "refusing to replace out",
            "s/notes.txt",
            "nothing was changed",
        ],
    );
    assert!(tree(dir) == before);
    // Without the user's file, --force replaces buurtsim's own folder.
    fs::remove_file(dir.join("out/s/notes.txt")).unwrap();
    run_ok(dir, &["run", "s.toml", "-o", "out", "--force"]);
}

#[test]
fn an_output_from_before_the_marker_says_how_to_proceed() {
    let tmp = setup();
    let dir = tmp.path();
    run_ok(dir, &["run", "s.toml", "-o", "out"]);
    fs::remove_file(dir.join("out/.buurtsim-output")).unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["run", "s.toml", "-o", "out", "--force"]);
    assert_mentions(&message, &["rm -r out", "choose another folder with -o"]);
    assert!(tree(dir) == before);
}

#[test]
fn the_default_run_replaces_only_its_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("buurtsim-out")).unwrap();
    fs::write(dir.join("buurtsim-out/budget.xlsx"), "2026").unwrap();
    let before = tree(dir);
    let message = user_error(dir, &[]);
    assert_mentions(&message, &["refusing to replace buurtsim-out"]);
    assert!(tree(dir) == before);
}

#[test]
fn every_command_that_writes_refuses_an_existing_target_without_force() {
    let tmp = setup();
    let dir = tmp.path();
    run_ok(dir, &["run", "s.toml", "-o", "a"]);
    run_ok(dir, &["run", "s.toml", "-o", "b", "--seed", "7"]);

    // report -o FILE
    fs::write(dir.join("existing.html"), "mine").unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["report", "a", "-o", "existing.html"]);
    assert_mentions(&message, &["existing.html already exists", "--force"]);
    assert!(tree(dir) == before);
    run_ok(dir, &["report", "a", "-o", "existing.html", "--force"]);
    assert!(fs::read_to_string(dir.join("existing.html"))
        .unwrap()
        .contains("<html"));

    // validate -o FILE: refused before the replications run.
    fs::write(dir.join("existing.csv"), "mine").unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["validate", "s.toml", "-o", "existing.csv"]);
    assert_mentions(&message, &["existing.csv already exists", "--force"]);
    assert!(tree(dir) == before);

    // compare -o DIR: a folder holding files of those names is not buurtsim's.
    fs::create_dir(dir.join("cmp")).unwrap();
    fs::write(dir.join("cmp/comparison.csv"), "mine").unwrap();
    fs::write(dir.join("cmp/shift.csv"), "mine").unwrap();
    let before = tree(dir);
    let message = user_error(dir, &["compare", "a/s", "b/s", "-o", "cmp"]);
    assert_mentions(&message, &["cmp already exists", "--force"]);
    let message = user_error(dir, &["compare", "a/s", "b/s", "-o", "cmp", "--force"]);
    assert_mentions(&message, &["refusing to replace cmp", ".buurtsim-output"]);
    assert!(tree(dir) == before);
    // A folder compare wrote itself is replaced with --force.
    run_ok(dir, &["compare", "a/s", "b/s", "-o", "cmp2"]);
    assert!(dir.join("cmp2/.buurtsim-output").is_file());
    user_error(dir, &["compare", "a/s", "b/s", "-o", "cmp2"]);
    run_ok(dir, &["compare", "a/s", "b/s", "-o", "cmp2", "--force"]);

    // merge -o DIR onto an existing output.
    run_ok(dir, &["run", "s.toml", "-o", "sh1", "--shard", "1/2"]);
    run_ok(dir, &["run", "s.toml", "-o", "sh2", "--shard", "2/2"]);
    let message = user_error(dir, &["merge", "sh1", "sh2", "-o", "a"]);
    assert_mentions(&message, &["a already exists", "--force"]);
    run_ok(dir, &["merge", "sh1", "sh2", "-o", "a", "--force"]);
}

#[test]
fn a_second_process_on_the_same_output_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let long = SMALL.replace("replications = 2", "replications = 400");
    fs::write(dir.join("s.toml"), long).unwrap();
    let mut first = Command::new(bin())
        .args(["run", "s.toml", "-o", "out", "--threads", "1"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let records = dir.join(".out.partial/s/records.csv");
    let started = Instant::now();
    while record_rows(&records) < 2 {
        assert!(started.elapsed() < Duration::from_secs(120), "no records");
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run ended too soon"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let pid = first.id().to_string();
    for args in [
        &["run", "s.toml", "-o", "out", "--threads", "1"][..],
        &["run", "s.toml", "-o", "out", "--threads", "1", "--force"],
        &["run", "s.toml", "-o", "out", "--threads", "1", "--resume"],
    ] {
        let started = Instant::now();
        let message = user_error(dir, args);
        assert!(started.elapsed() < Duration::from_secs(30));
        assert_mentions(
            &message,
            &["out is in use", &format!("process {pid}"), ".out.lock"],
        );
        assert!(
            first.try_wait().unwrap().is_none(),
            "{args:?} stopped the first run"
        );
    }
    // The live run's records were not touched: it goes on counting up.
    let rows = record_rows(&records);
    while record_rows(&records) == rows {
        std::thread::sleep(Duration::from_millis(2));
    }
    first.kill().unwrap();
    first.wait().unwrap();
}

#[test]
fn path_problems_are_found_before_any_work() {
    let tmp = setup();
    let dir = tmp.path();
    fs::create_dir(dir.join("real")).unwrap();
    std::os::unix::fs::symlink("real", dir.join("link")).unwrap();
    let long = "x".repeat(240);
    let before = tree(dir);
    for (out, says) in [
        ("out/.", "does not end in a folder name"),
        ("out/..", "does not end in a folder name"),
        ("link/", "link is a symbolic link"),
        (long.as_str(), "240 bytes long"),
    ] {
        let message = user_error(dir, &["run", "s.toml", "-o", out]);
        assert_mentions(&message, &["cannot use -o", says]);
        let message = user_error(dir, &["sweep", "s.toml", "-o", out]);
        assert!(
            message.contains("cannot use -o") || message.contains("[sweep]"),
            "{message}"
        );
    }
    assert!(tree(dir) == before, "a refused path left something behind");
    // A file stem `..` is the file's fault, not -o's.
    fs::write(dir.join("...toml"), SMALL).unwrap();
    let message = user_error(dir, &["run", "...toml", "-o", "out"]);
    assert_mentions(&message, &["the scenario file ...toml", "rename the file"]);
}

#[test]
fn a_scenario_files_own_errors_come_before_problems_with_the_output() {
    let tmp = setup();
    let dir = tmp.path();
    fs::write(dir.join("bad.toml"), "name = \"bad\"\n[gp]\nfte = -2\n").unwrap();
    fs::write(dir.join("file"), "x").unwrap();
    for out in ["file/out", "out/.", "file"] {
        let message = user_error(dir, &["run", "bad.toml", "-o", out]);
        assert_mentions(&message, &["bad.toml:3:", "gp.fte"]);
    }
}
