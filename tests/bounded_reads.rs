//! Bounded reads (issue 11): a scenario file, an `extends` target, a
//! calibration config or a file read back from an output folder that is a
//! named pipe, a device or far too large is refused with one line and exit
//! code 2, at once: never a hang on a FIFO, never memory growing with
//! `/dev/zero`, never an allocation of the file's size.
//!
//! Every command runs as a real child process under a watchdog, so a
//! regression fails the test instead of hanging CI. Large files are sparse
//! (`File::set_len`): they take no disk space, and buurtsim must refuse
//! them from their size without reading them.

mod common;

use common::{assert_mentions, assert_one_paragraph};
use std::fs::{self, File};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a refused command may take before the test calls it a hang. A
/// guard, not a timing assertion: a correct refusal takes milliseconds.
const WATCHDOG: Duration = Duration::from_secs(60);

const GIB: u64 = 1 << 30;

/// Runs `buurtsim ARGS` in `dir`, killing it if it outlives [`WATCHDOG`];
/// asserts it was refused as the user's mistake (exit 2, one line) and
/// returns the message.
fn refused(dir: &Path, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "buurtsim {} hung: killed after {WATCHDOG:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "buurtsim {}: expected exit code 2, stderr: {stderr}",
        args.join(" ")
    );
    assert_one_paragraph(&stderr, args);
    stderr
        .trim_end()
        .strip_prefix("buurtsim: ")
        .unwrap()
        .to_string()
}

/// Every entry under `dir` with its kind and, for small regular files, its
/// bytes (large ones by length only: they are sparse test files), so a
/// test can check that nothing was written, moved or removed.
fn tree(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let name = path.strip_prefix(root).unwrap().to_path_buf();
            let kind = meta.file_type();
            if kind.is_dir() {
                out.push((name, "dir".into(), Vec::new()));
                walk(root, &path, out);
            } else if kind.is_file() && meta.len() <= 1 << 20 {
                out.push((name, "file".into(), fs::read(&path).unwrap()));
            } else {
                let what = format!("{:?} fifo={} len={}", kind, kind.is_fifo(), meta.len());
                out.push((name, what, Vec::new()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    // buurtsim's lock files may appear beside an output even when a
    // command is refused; they are not the user's files.
    out.retain(|(p, _, _)| !p.to_string_lossy().ends_with(".lock"));
    out.sort();
    out
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A sparse file of `len` bytes: no disk space used.
fn sparse(path: &Path, len: u64) {
    File::create(path).unwrap().set_len(len).unwrap();
}

const SMALL: &str = "[population]\nresidents = 300\n[run]\nyears = 1\nwarmup_years = 0\n\
                     replications = 2\n";

/// A finished run of a small scenario in `dir/NAME`, scenario folder `small/`.
fn finished_run(dir: &Path, name: &str) -> PathBuf {
    fs::write(dir.join("small.toml"), SMALL).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["run", "small.toml", "-o", name, "--threads", "1"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    dir.join(name)
}

#[test]
fn a_scenario_path_naming_a_fifo_is_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    mkfifo(&tmp.path().join("fifo.toml"));
    let before = tree(tmp.path());
    for args in [
        &["run", "fifo.toml", "-o", "out"][..],
        &["check", "fifo.toml"],
        &["sweep", "fifo.toml", "-o", "out"],
        &["validate", "fifo.toml"],
    ] {
        let message = refused(tmp.path(), args);
        assert_eq!(
            message,
            "fifo.toml: scenario file cannot be read: it is a named pipe (FIFO), not a \
             regular file"
        );
    }
    // A symlink to the FIFO is no way around it.
    std::os::unix::fs::symlink("fifo.toml", tmp.path().join("link.toml")).unwrap();
    let message = refused(tmp.path(), &["run", "link.toml", "-o", "out"]);
    assert_mentions(&message, &["link.toml", "named pipe (FIFO)"]);
    fs::remove_file(tmp.path().join("link.toml")).unwrap();
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}

#[test]
fn extends_naming_a_fifo_is_refused_at_the_extends_line() {
    let tmp = tempfile::tempdir().unwrap();
    mkfifo(&tmp.path().join("fifo.toml"));
    fs::write(
        tmp.path().join("child.toml"),
        "name = \"child\"\nextends = \"fifo.toml\"\n",
    )
    .unwrap();
    let before = tree(tmp.path());
    let message = refused(tmp.path(), &["run", "child.toml", "-o", "out"]);
    assert_eq!(
        message,
        "child.toml:2:11: `extends` names fifo.toml, which cannot be read: it is a named pipe \
         (FIFO), not a regular file (extends paths are relative to the file that contains them)"
    );
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}

#[test]
fn devices_as_scenario_or_extends_are_refused_without_reading_them() {
    let tmp = tempfile::tempdir().unwrap();
    let message = refused(tmp.path(), &["run", "/dev/zero", "-o", "out"]);
    assert_eq!(
        message,
        "/dev/zero: scenario file cannot be read: it is a character device, not a regular file"
    );
    fs::write(
        tmp.path().join("random.toml"),
        "extends = \"/dev/urandom\"\n",
    )
    .unwrap();
    let message = refused(tmp.path(), &["run", "random.toml", "-o", "out"]);
    assert_mentions(
        &message,
        &[
            "random.toml:1:11: `extends` names /dev/urandom",
            "it is a character device, not a regular file",
        ],
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_scenario_file_over_16_mib_is_refused_from_its_size() {
    let tmp = tempfile::tempdir().unwrap();
    sparse(&tmp.path().join("big.toml"), 17 << 20);
    let message = refused(tmp.path(), &["run", "big.toml", "-o", "out"]);
    assert_eq!(
        message,
        "big.toml: scenario file cannot be read: it is 17 MiB; a scenario file may be at most \
         16 MiB"
    );
    fs::write(tmp.path().join("child.toml"), "extends = \"big.toml\"\n").unwrap();
    let message = refused(tmp.path(), &["check", "child.toml"]);
    assert_mentions(
        &message,
        &["child.toml:1:11: `extends` names big.toml", "it is 17 MiB"],
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_calibration_config_that_is_a_fifo_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    mkfifo(&tmp.path().join("fit.toml"));
    let message = refused(tmp.path(), &["calibrate", "fit.toml", "-o", "fit"]);
    assert_eq!(
        message,
        "cannot read the calibration config fit.toml: it is a named pipe (FIFO), not a regular file"
    );
    assert!(!tmp.path().join("fit").exists());
}

#[test]
fn a_1_gib_manifest_is_refused_by_compare_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    finished_run(tmp.path(), "a");
    finished_run(tmp.path(), "b");
    sparse(&tmp.path().join("b/small/manifest.toml"), GIB);
    let before = tree(tmp.path());
    let expected =
        "cannot read b/small/manifest.toml: it is 1 GiB; a manifest may be at most 16 MiB";
    assert_eq!(
        refused(tmp.path(), &["compare", "a/small", "b/small"]),
        expected
    );
    assert_eq!(
        refused(tmp.path(), &["compare", "a/small", "b/small", "-o", "cmp"]),
        expected
    );
    assert_eq!(
        refused(tmp.path(), &["report", "b", "-o", "report.html"]),
        expected
    );
    assert_eq!(
        refused(
            tmp.path(),
            &["report", "a/small", "b/small", "-o", "r.html"]
        ),
        expected
    );
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}

#[test]
fn a_1_gib_replications_csv_is_refused_from_the_manifest_size() {
    let tmp = tempfile::tempdir().unwrap();
    finished_run(tmp.path(), "a");
    finished_run(tmp.path(), "b");
    sparse(&tmp.path().join("b/small/replications.csv"), GIB);
    let before = tree(tmp.path());
    for args in [
        &["compare", "a/small", "b/small"][..],
        &["report", "b", "-o", "report.html"],
    ] {
        let message = refused(tmp.path(), args);
        assert_mentions(
            &message,
            &[
                "cannot read b/small/replications.csv: it is 1 GiB; ",
                "a replications.csv of 2 replications may be at most ",
            ],
        );
    }
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}

#[test]
fn fifos_in_an_output_folder_are_refused_by_compare_report_and_merge() {
    let tmp = tempfile::tempdir().unwrap();
    finished_run(tmp.path(), "a");
    finished_run(tmp.path(), "b");
    let timeseries = tmp.path().join("b/small/timeseries.csv");
    fs::remove_file(&timeseries).unwrap();
    mkfifo(&timeseries);
    let message = refused(tmp.path(), &["report", "b", "-o", "report.html"]);
    assert_eq!(
        message,
        "cannot read b/small/timeseries.csv: it is a named pipe (FIFO), not a regular file"
    );
    let replications = tmp.path().join("b/small/replications.csv");
    fs::remove_file(&replications).unwrap();
    mkfifo(&replications);
    let message = refused(tmp.path(), &["compare", "a/small", "b/small"]);
    assert_eq!(
        message,
        "cannot read b/small/replications.csv: it is a named pipe (FIFO), not a regular file"
    );

    // A shard whose manifest is a FIFO: merge refuses it.
    for k in ["1", "2"] {
        let status = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
            .args(["run", "small.toml", "-o", &format!("shard{k}")])
            .args(["--shard", &format!("{k}/2"), "--threads", "1"])
            .current_dir(tmp.path())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let manifest = tmp.path().join("shard2/small/manifest.toml");
    fs::remove_file(&manifest).unwrap();
    mkfifo(&manifest);
    let before = tree(tmp.path());
    let message = refused(tmp.path(), &["merge", "shard1", "shard2", "-o", "merged"]);
    assert_eq!(
        message,
        "cannot read shard2/small/manifest.toml: it is a named pipe (FIFO), not a regular file"
    );
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}

#[test]
fn a_partial_manifest_that_is_a_fifo_is_refused_by_resume() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("small.toml"), SMALL).unwrap();
    // An unfinished run's folder, as a kill leaves it, but its scenario's
    // manifest is a FIFO.
    let partial = tmp.path().join(".out.partial");
    fs::create_dir_all(partial.join("small")).unwrap();
    let plan = format!(
        "buurtsim_version = \"{}\"\nreplications = 2\nscenarios = [\"small\"]\n",
        env!("CARGO_PKG_VERSION")
    );
    fs::write(partial.join("plan.toml"), plan).unwrap();
    mkfifo(&partial.join("small/manifest.toml"));
    let before = tree(tmp.path());
    let message = refused(tmp.path(), &["run", "small.toml", "-o", "out", "--resume"]);
    assert_mentions(
        &message,
        &[
            "cannot read ",
            ".out.partial/small/manifest.toml: it is a named pipe (FIFO), not a regular file",
        ],
    );
    assert_eq!(tree(tmp.path()), before, "nothing was written");
}
