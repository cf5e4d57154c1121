//! Every state a kill or a full disk can leave is recoverable.
//!
//! The test hook `BUURTSIM_FAULT` (src/output/fault.rs) aborts the process
//! right before its Nth filesystem step (`abort@N`, as `kill -9` would) or
//! makes that step fail with "No space left on device" (`enospc@N`). For
//! `run`, `sweep`, `run --force` over an existing output and `merge`, each
//! test tries **every** N until the command gets through without meeting
//! the fault, and after each fault runs the same command again (with
//! `--resume` for run and sweep). It then checks:
//!
//! - the files are byte-identical to an undisturbed run (all but
//!   `run-info.toml`);
//! - nothing is left beside the output but its lock file: no
//!   `.NAME.staging-*`, `.NAME.old-*` or `.NAME.partial`;
//! - the inputs (scenario files, shards) are byte for byte as they were;
//! - with `--force`, the old output was never lost: after the fault it is
//!   either still in place, already replaced by the new one, or waiting
//!   in `.NAME.old-*/NAME`, from where the next command restores it;
//! - a full disk is one line that says the disk is full and, for run and
//!   sweep, to go on with `--resume`.

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{assert_same_output, snapshot};

const A: &str = "name = \"a\"\n[population]\nresidents = 200\n[run]\nyears = 1\nwarmup_years = 0\nreplications = 3\n";
const B: &str =
    "extends = \"a.toml\"\nname = \"b\"\n[interventions.carer_support]\ncoverage = 0.5\n";
const SWEEP: &str = "extends = \"a.toml\"\nname = \"s\"\n[interventions.carer_support]\n[sweep]\nmethod = \"grid\"\nreplications = 2\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = [0.2, 0.6]\n";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_buurtsim")
}

fn buurtsim(dir: &Path, args: &[&str], fault: Option<&str>) -> Output {
    let mut command = Command::new(bin());
    command.args(args).current_dir(dir);
    match fault {
        Some(f) => command.env("BUURTSIM_FAULT", f),
        None => command.env_remove("BUURTSIM_FAULT"),
    };
    command.output().unwrap()
}

fn write_inputs(dir: &Path) {
    fs::write(dir.join("a.toml"), A).unwrap();
    fs::write(dir.join("b.toml"), B).unwrap();
    fs::write(dir.join("s.toml"), SWEEP).unwrap();
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether the bytes of every reproducible file of `a` are those of `b`.
fn same(a: &Path, b: &Path) -> bool {
    let (x, y) = (snapshot(a), snapshot(b));
    let strip = |s: Vec<(PathBuf, Vec<u8>)>| {
        s.into_iter()
            .filter(|(p, _)| p != Path::new("run-info.toml"))
            .collect::<Vec<_>>()
    };
    strip(x) == strip(y)
}

#[derive(Clone, Copy, PartialEq)]
enum Fault {
    Abort,
    DiskFull,
}

/// One command to break at every step.
struct Case {
    /// Lays out the inputs in a fresh folder (and, for `--force`, an old output).
    setup: fn(&Path),
    /// The command, writing to `out`.
    command: &'static [&'static str],
    /// The command that finishes after a fault.
    again: &'static [&'static str],
    /// Whether `again` names `--resume` (run and sweep).
    resumable: bool,
    /// The old output that `--force` replaces, to check it is never lost.
    old: Option<fn(&Path)>,
}

fn plain_setup(dir: &Path) {
    write_inputs(dir);
}

impl Case {
    /// A resumable command on fresh inputs, finished by `again`.
    fn plain(command: &'static [&'static str], again: &'static [&'static str]) -> Self {
        Case {
            setup: plain_setup,
            command,
            again,
            resumable: true,
            old: None,
        }
    }
}

/// Run `case` undisturbed, then with the fault at every step; return how
/// many steps the command takes.
fn break_at_every_step(case: &Case, fault: Fault) -> u64 {
    let root = tempfile::tempdir().unwrap();
    let reference = root.path().join("reference");
    fs::create_dir(&reference).unwrap();
    (case.setup)(&reference);
    let out = buurtsim(&reference, case.command, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let old_output = root.path().join("old");
    if let Some(old) = case.old {
        fs::create_dir(&old_output).unwrap();
        old(&old_output);
    }

    for n in 1.. {
        let dir = root.path().join(format!("n{n}"));
        fs::create_dir(&dir).unwrap();
        (case.setup)(&dir);
        let inputs_before: Vec<_> = snapshot(&dir)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("out"))
            .filter(|(p, _)| p != Path::new(".out.lock"))
            .collect();
        let names_before = names(&dir);
        let spec = match fault {
            Fault::Abort => format!("abort@{n}"),
            Fault::DiskFull => format!("enospc@{n}"),
        };
        let first = buurtsim(&dir, case.command, Some(&spec));
        let stderr = String::from_utf8_lossy(&first.stderr).to_string();
        if !stderr.contains("BUURTSIM_FAULT") {
            // Past the last step: the command got through untouched.
            assert!(first.status.success(), "step {n}: {stderr}");
            fs::remove_dir_all(&dir).unwrap();
            return n - 1;
        }
        match fault {
            Fault::Abort => assert_eq!(first.status.signal(), Some(6), "step {n}: {stderr}"),
            Fault::DiskFull => check_disk_full_message(case, n, &first, &stderr),
        }
        if case.old.is_some() {
            assert_old_output_kept(&dir, &old_output.join("out"), &reference.join("out"), n);
        }

        let second = buurtsim(&dir, case.again, None);
        assert!(
            second.status.success(),
            "step {n} ({spec}): the command after the fault failed: {}\nfault: {stderr}",
            String::from_utf8_lossy(&second.stderr)
        );
        assert_same_output(&reference.join("out"), &dir.join("out"));
        let mut expected = names_before.clone();
        for name in ["out", ".out.lock"] {
            if !expected.iter().any(|e| e == name) {
                expected.push(name.to_string());
            }
        }
        expected.sort();
        assert_eq!(
            names(&dir),
            expected,
            "step {n} ({spec}): left beside the output"
        );
        let inputs_after: Vec<_> = snapshot(&dir)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("out"))
            .filter(|(p, _)| p != Path::new(".out.lock"))
            .collect();
        assert!(
            inputs_after == inputs_before,
            "step {n}: the inputs changed"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
    unreachable!()
}

/// A full disk: one line (besides the hook's own), exit 1, what to do.
fn check_disk_full_message(case: &Case, n: u64, output: &Output, stderr: &str) {
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("BUURTSIM_FAULT"))
        .collect();
    if output.status.success() {
        // A failure while tidying up after the output was in place is
        // only clutter; the next command removes it.
        return;
    }
    assert_eq!(output.status.code(), Some(1), "step {n}: {stderr}");
    assert_eq!(lines.len(), 1, "step {n}: one line: {stderr}");
    let line = lines[0];
    assert!(line.contains("the disk is full"), "step {n}: {line}");
    assert!(line.contains("free some space"), "step {n}: {line}");
    if case.resumable {
        assert!(line.contains("--resume"), "step {n}: {line}");
    }
}

/// After a fault in `run --force`: the old output is in place, or the new
/// one is, or the old one waits in `.out.old-*/out` to be put back.
fn assert_old_output_kept(dir: &Path, old: &Path, new: &Path, n: u64) {
    let out = dir.join("out");
    if out.exists() {
        assert!(
            same(&out, old) || same(&out, new),
            "step {n}: out is neither the old nor the new output"
        );
        return;
    }
    let waiting = names(dir)
        .into_iter()
        .filter(|name| name.starts_with(".out.old-"))
        .map(|name| dir.join(name).join("out"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| panic!("step {n}: the old output is gone"));
    assert!(same(&waiting, old), "step {n}: the kept old output changed");
}

const RUN: &[&str] = &["run", "a.toml", "b.toml", "-o", "out", "--threads", "1"];
const RUN_AGAIN: &[&str] = &[
    "run",
    "a.toml",
    "b.toml",
    "-o",
    "out",
    "--threads",
    "1",
    "--resume",
];

#[test]
fn run_killed_at_every_step_resumes_to_the_same_files() {
    let case = Case::plain(RUN, RUN_AGAIN);
    let steps = break_at_every_step(&case, Fault::Abort);
    assert!(steps > 20, "only {steps} steps: is the hook wired in?");
}

#[test]
fn run_on_a_full_disk_at_every_step_resumes_to_the_same_files() {
    let case = Case::plain(RUN, RUN_AGAIN);
    break_at_every_step(&case, Fault::DiskFull);
}

const SWEEP_RUN: &[&str] = &["sweep", "s.toml", "-o", "out", "--threads", "1"];
const SWEEP_AGAIN: &[&str] = &["sweep", "s.toml", "-o", "out", "--threads", "1", "--resume"];

#[test]
fn sweep_killed_at_every_step_resumes_to_the_same_files() {
    let case = Case::plain(SWEEP_RUN, SWEEP_AGAIN);
    let steps = break_at_every_step(&case, Fault::Abort);
    assert!(steps > 10, "only {steps} steps");
}

#[test]
fn sweep_on_a_full_disk_at_every_step_resumes_to_the_same_files() {
    let case = Case::plain(SWEEP_RUN, SWEEP_AGAIN);
    break_at_every_step(&case, Fault::DiskFull);
}

/// An old output (another seed) that `--force` replaces.
fn old_output(dir: &Path) {
    write_inputs(dir);
    let out = buurtsim(
        dir,
        &[
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--threads",
            "1",
            "--seed",
            "99",
        ],
        None,
    );
    assert!(out.status.success());
}

fn old_output_only(dir: &Path) {
    old_output(dir);
    for name in ["a.toml", "b.toml", "s.toml", ".out.lock"] {
        let _ = fs::remove_file(dir.join(name));
    }
}

#[test]
fn run_force_killed_at_every_step_never_loses_the_old_output() {
    let case = Case {
        setup: old_output,
        command: &[
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--threads",
            "1",
            "--force",
        ],
        again: &[
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--threads",
            "1",
            "--force",
            "--resume",
        ],
        resumable: true,
        old: Some(old_output_only),
    };
    break_at_every_step(&case, Fault::Abort);
}

/// Two shards of the run, made once per folder.
fn shards(dir: &Path) {
    write_inputs(dir);
    for k in ["1/2", "2/2"] {
        let name = format!("shard{}", &k[..1]);
        let out = buurtsim(
            dir,
            &[
                "run",
                "a.toml",
                "b.toml",
                "-o",
                &name,
                "--shard",
                k,
                "--threads",
                "1",
            ],
            None,
        );
        assert!(out.status.success());
    }
}

#[test]
fn merge_killed_at_every_step_merges_to_the_same_files() {
    let case = Case {
        setup: shards,
        command: &["merge", "shard1", "shard2", "-o", "out"],
        again: &["merge", "shard1", "shard2", "-o", "out"],
        resumable: false,
        old: None,
    };
    let steps = break_at_every_step(&case, Fault::Abort);
    assert!(steps > 10, "only {steps} steps");
}
