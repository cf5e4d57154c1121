//! Tests that need something from the machine (Chromium, a Slurm cluster
//! they may start as root) and decide at runtime whether they can run.
//!
//! The built-in test harness has no runtime "ignored": a test that returned
//! early showed as `ok`, its note on stderr hidden by cargo. These test
//! files use the `libtest-mimic` harness instead (`harness = false` in
//! Cargo.toml), so a test that cannot run shows in cargo's own output as
//!
//! ```text
//! test the_report_renders_in_a_browser ... ignored (chromium is not on PATH ...)
//! ```
//!
//! and counts as ignored in the summary line. Under `CI=true` (what CI
//! services set, and what `.ci/run` sets) the same test fails instead,
//! saying what to install, so a CI that lost its install step cannot look
//! green. `--list`, name filters, `--exact` and `--ignored` work as usual.
#![allow(dead_code)] // each test binary uses its own subset

use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// What a test that may not run returns: `Ok(Completion::Completed)` when
/// it ran, or the result of [`unavailable`].
pub type Outcome = Result<Completion, Failed>;

/// Whether this is a CI run, where nothing may be skipped: `CI` is `true`
/// or `1` (any case).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The test cannot run here because of `reason` (what is missing); `fix`
/// says how to get it. Ignored with the reason on a developer's machine,
/// a failure under `CI=true`.
pub fn unavailable(reason: &str, fix: &str) -> Outcome {
    if on_ci() {
        Err(format!("cannot run: {reason}, and CI=true does not allow skipping it ({fix})").into())
    } else {
        Ok(Completion::ignored_with(format!("{reason}; {fix}")))
    }
}

/// A test that always runs: its body panics on failure, as with `#[test]`.
pub fn test(name: &str, body: fn()) -> Trial {
    Trial::test(name, move || {
        body();
        Ok(())
    })
}

/// A test that may find it cannot run: its body returns [`unavailable`]
/// for that, and panics on failure.
pub fn may_skip(name: &str, body: fn() -> Outcome) -> Trial {
    Trial::ignorable_test(name, body)
}

/// Runs the trials under the usual test command-line arguments and exits
/// with the harness's status.
pub fn main(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}
