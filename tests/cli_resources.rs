//! Resources are checked before the work starts: `run --dry-run` prints the
//! estimates and writes nothing, and a run that would not fit in the
//! machine's available memory is refused with the estimate and the limit.

use assert_cmd::Command;

#[test]
fn dry_run_prints_estimates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.toml");
    std::fs::write(
        &file,
        "[population]\nresidents = 500\n[run]\nyears = 1\nwarmup_years = 0\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "run",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--dry-run",
            "--threads",
            "1",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("small: 40 replications"), "{stdout}");
    assert!(stdout.contains("memory about"), "{stdout}");
    assert!(!out.exists());
}

#[test]
fn a_run_too_big_for_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("region.toml");
    // 5 million residents x 3 KB x 64 threads is far beyond any test machine.
    std::fs::write(&file, "[population]\nresidents = 5000000\n").unwrap();
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "run",
            file.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "64",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("of memory") && stderr.contains("available"),
        "{stderr}"
    );
    assert!(!out.exists());
    assert!(
        started.elapsed().as_secs() < 30,
        "the refusal must come before any work"
    );
}
