//! Ctrl-C (and SIGTERM) stops a run cleanly: the process exits with 130, says how many
//! finished replications are kept and prints the exact command that
//! finishes the run; running that command gives the same files as a run
//! that was never interrupted.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{assert_same_output, record_rows};

const SCENARIO: &str = "\
name = \"ctrl-c\"

[population]
residents = 2000

[run]
years = 2
warmup_years = 1
replications = 120
";

#[test]
fn ctrl_c_keeps_finished_replications_and_prints_the_resume_command() {
    interrupt_and_resume("-INT", 130, "interrupted; ");
}

/// SIGTERM (what `kill`, systemd and Slurm's time limit send) behaves as
/// Ctrl-C does, with exit code 143.
#[test]
fn sigterm_keeps_finished_replications_and_prints_the_resume_command() {
    interrupt_and_resume("-TERM", 143, "terminated (SIGTERM); ");
}

fn interrupt_and_resume(signal: &str, code: i32, said: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("c.toml"), SCENARIO).unwrap();
    let bin = env!("CARGO_BIN_EXE_buurtsim");

    let child = Command::new(bin)
        .args(["run", "c.toml", "-o", "out", "--threads", "1"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let records = dir.join(".out.partial/c/records.csv");
    let started = Instant::now();
    while record_rows(&records) < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no records appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // SIGINT, as Ctrl-C on a terminal sends, or SIGTERM.
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains("finished replications are kept"),
        "{stderr}"
    );
    let kept: u64 = stderr
        .split(said)
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the message says how many are kept");
    assert!((2..120).contains(&kept), "{stderr}");
    assert!(!dir.join("out").exists());

    // The printed command finishes the run.
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    let command = stderr
        .split("resume it with: ")
        .nth(1)
        .expect("a resume command")
        .trim()
        .to_string();
    assert!(command.ends_with("--resume"), "{command}");
    let status = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{command}");

    // The same files as a run that was never interrupted.
    let status = Command::new(bin)
        .args(["run", "c.toml", "-o", "whole", "--threads", "2"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_same_output(&dir.join("whole"), &dir.join("out"));
}
