//! Helpers shared by the integration tests: comparing output folders, and
//! running the binary on a user's mistake.
#![allow(dead_code)] // each test binary uses its own subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir`, relative to it, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The files that must be byte-identical between equivalent runs: all of
/// them but `run-info.toml`, which records how a copy was made.
pub fn reproducible_files(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| p != Path::new("run-info.toml"))
        .collect()
}

/// `a` and `b` hold the same reproducible files with the same bytes.
pub fn assert_same_output(a: &Path, b: &Path) {
    let names = reproducible_files(a);
    assert_eq!(
        names,
        reproducible_files(b),
        "{} and {}",
        a.display(),
        b.display()
    );
    assert!(!names.is_empty());
    for name in names {
        assert!(
            fs::read(a.join(&name)).unwrap() == fs::read(b.join(&name)).unwrap(),
            "{} differs between {} and {}",
            name.display(),
            a.display(),
            b.display()
        );
    }
}

/// Every file under `dir` with its bytes, to check that a folder was left
/// exactly as it was. buurtsim's lock files (`.NAME.lock`, which hold the
/// pid of the last process that took them) are left out: they may appear
/// beside an output even when a command is refused.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(dir)
        .into_iter()
        .filter(|p| !is_lock_file(p))
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Runs `buurtsim ARGS` in `dir` and asserts that it was refused as the
/// user's mistake, the way every error must look:
///
/// - exit code 2 (1 is for failures of the program or the machine);
/// - no panic and no "internal error" on standard error;
/// - standard error is one paragraph: a single line `buurtsim: MESSAGE`
///   and its newline, so no line break and no blank line inside. TOML
///   syntax errors are shown with the parser's description only, never
///   its multi-line caret snippet; the place is given as `file:line:column`
///   at the start of the message instead.
///
/// Returns MESSAGE (without the `buurtsim: ` prefix).
pub fn user_error(dir: &Path, args: &[&str]) -> String {
    user_error_via(dir, &[], args)
}

/// As [`user_error`], with `buurtsim` started through `wrapper` (a program
/// and its arguments, such as `setpriv --reuid=65534 ... --`), e.g. to run
/// it as an unprivileged user where the tests run as root.
pub fn user_error_via(dir: &Path, wrapper: &[&str], args: &[&str]) -> String {
    let bin = env!("CARGO_BIN_EXE_buurtsim");
    let mut command = match wrapper.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let output = command.args(args).current_dir(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(2),
        "buurtsim {}: expected exit code 2, stderr: {stderr}",
        args.join(" ")
    );
    assert_one_paragraph(&stderr, args);
    stderr
        .trim_end_matches('\n')
        .strip_prefix("buurtsim: ")
        .unwrap()
        .to_string()
}

/// `stderr` is a single `buurtsim: ...` line, without panic or internal
/// error.
pub fn assert_one_paragraph(stderr: &str, args: &[&str]) {
    let context = args.join(" ");
    for word in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(word), "buurtsim {context}: {stderr}");
    }
    let body = stderr
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("buurtsim {context}: no final newline: {stderr:?}"));
    assert!(
        !body.contains('\n') && !body.contains('\r'),
        "buurtsim {context}: more than one line on stderr: {stderr}"
    );
    assert!(
        body.starts_with("buurtsim: ") && body.len() > "buurtsim: ".len() + 10,
        "buurtsim {context}: {stderr}"
    );
}

/// Asserts that `message` contains every one of `parts`.
pub fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "missing {part:?} in the message: {message}"
        );
    }
}

/// Complete rows (header aside) of a records file; 0 while it is missing.
pub fn record_rows(path: &Path) -> usize {
    fs::read_to_string(path)
        .map(|t| t.matches('\n').count().saturating_sub(1))
        .unwrap_or(0)
}

/// Starts `buurtsim ARGS` in `dir` as a real child process and kills it
/// with SIGKILL once `records` holds at least `rows` complete rows, as a
/// crash or `kill -9` would; returns the rows it holds after the kill.
/// Fails if the process ends first (make the job longer) or no rows appear
/// within two minutes.
pub fn kill_after_rows(dir: &Path, args: &[&str], records: &Path, rows: usize) -> usize {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while record_rows(records) < rows {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no records appeared in {}",
            records.display()
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "buurtsim {args:?} ended before it could be killed; give it more work"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    record_rows(records)
}

/// Whether `path` is one of buurtsim's lock files, `.NAME.lock`.
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.ends_with(".lock"))
}

/// Runs `buurtsim ARGS` in `dir` and asserts that it succeeded, showing
/// its standard error if not.
pub fn run_ok(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "buurtsim {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Paired mean difference (other - base) of `metric` over replications run
/// with the same seeds, and its standard error.
pub fn paired(
    base: &[buurtsim::model::ReplicationResult],
    other: &[buurtsim::model::ReplicationResult],
    metric: &str,
) -> (f64, f64) {
    let i = buurtsim::model::metric_index(metric).expect("metric exists");
    let d: Vec<f64> = base
        .iter()
        .zip(other)
        .map(|(b, o)| o.metrics[i] - b.metrics[i])
        .collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Replications 0..n of `s`, in parallel, in order.
pub fn runs(s: &buurtsim::scenario::Scenario, n: u64) -> Vec<buurtsim::model::ReplicationResult> {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|r| buurtsim::model::run_replication(s, r))
        .collect()
}
