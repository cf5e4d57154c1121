//! Every error is one line, a damaged file of buurtsim's own too.
//!
//! A `manifest.toml` or `plan.toml` that no longer parses (in an unfinished
//! run's partial folder, a shard folder, a finished run or sweep folder)
//! used to print the TOML parser's multi-line snippet. Each case here runs
//! the real binary on such a file and asserts: exit 2, standard error one
//! line starting with `buurtsim: `, the file and the line named, what to do
//! said, and no file changed. Names with control characters in an error
//! come out escaped, on one line.

use std::fs;
use std::path::Path;

mod common;
use common::{assert_mentions, kill_after_rows, run_ok, snapshot, user_error};

/// What every message about a damaged file of buurtsim's own says.
const CHANGED: &str = "the file was changed after buurtsim wrote it";

const SMALL: &str = "\
[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 4
";

/// Long enough (200 replications of a few ms each) to be killed midway.
const LONG: &str = "\
[population]
residents = 2000

[run]
years = 2
warmup_years = 1
replications = 200
";

/// Appends a line that is not TOML to `path`, as a careless edit would;
/// returns the original text (to restore it) and the broken line's number.
fn break_toml(path: &Path) -> (String, usize) {
    let original = fs::read_to_string(path).unwrap();
    assert!(original.ends_with('\n'), "{}", path.display());
    fs::write(path, format!("{original}not toml at all\n")).unwrap();
    (original.clone(), original.lines().count() + 1)
}

/// `buurtsim ARGS` in `dir` fails with exit 2 and a one-line message that
/// names `file` (as it ends) and `line`, and leaves every file in `dir` as
/// it was.
fn assert_one_line_error(dir: &Path, args: &[&str], file: &str, line: usize, remedy: &str) {
    let before = snapshot(dir);
    let message = user_error(dir, args);
    assert_mentions(
        &message,
        &[
            &format!("{file}: line {line}: "),
            &format!("({CHANGED}; {remedy}"),
        ],
    );
    assert!(message.starts_with("cannot read ") || message.contains(" (cannot read "));
    assert_eq!(snapshot(dir), before, "buurtsim {args:?} changed a file");
}

#[test]
fn a_broken_partial_plan_or_manifest_is_one_line_on_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), LONG).unwrap();
    let args = ["run", "a.toml", "-o", "out", "--threads", "1"];
    let records = dir.join(".out.partial/a/records.csv");
    let rows = kill_after_rows(dir, &args, &records, 2);
    assert!(rows < 200, "the run was not interrupted");
    let resume = ["run", "a.toml", "-o", "out", "--threads", "1", "--resume"];

    let plan = dir.join(".out.partial/plan.toml");
    let (original, line) = break_toml(&plan);
    assert_one_line_error(
        dir,
        &resume,
        ".out.partial/plan.toml",
        line,
        "run the command that wrote the folder again",
    );
    fs::write(&plan, original).unwrap();

    let manifest = dir.join(".out.partial/a/manifest.toml");
    let (_, line) = break_toml(&manifest);
    assert_one_line_error(
        dir,
        &resume,
        ".out.partial/a/manifest.toml",
        line,
        "run without --resume and with --force",
    );
}

#[test]
fn a_broken_shard_plan_or_manifest_is_one_line_on_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    run_ok(dir, &["run", "a.toml", "--shard", "1/2", "-o", "s1"]);
    run_ok(dir, &["run", "a.toml", "--shard", "2/2", "-o", "s2"]);
    let merge = ["merge", "s1", "s2", "-o", "merged"];

    let manifest = dir.join("s2/a/manifest.toml");
    let (original, line) = break_toml(&manifest);
    assert_one_line_error(
        dir,
        &merge,
        "s2/a/manifest.toml",
        line,
        "run that shard again",
    );
    fs::write(&manifest, original).unwrap();

    let (_, line) = break_toml(&dir.join("s1/plan.toml"));
    assert_one_line_error(
        dir,
        &merge,
        "s1/plan.toml",
        line,
        "run the command that wrote the folder again",
    );
    assert!(!dir.join("merged").exists());
}

#[test]
fn a_broken_output_manifest_is_one_line_for_compare_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    fs::write(
        dir.join("b.toml"),
        format!("{SMALL}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    )
    .unwrap();
    run_ok(dir, &["run", "a.toml", "b.toml", "-o", "out"]);
    let (_, line) = break_toml(&dir.join("out/b/manifest.toml"));
    let file = "out/b/manifest.toml";
    let again = "run the scenario again";
    assert_one_line_error(dir, &["compare", "out/a", "out/b"], file, line, again);
    assert_one_line_error(dir, &["report", "out", "-o", "r.html"], file, line, again);
    assert_one_line_error(
        dir,
        &["report", "out/a", "out/b", "-o", "r.html"],
        file,
        line,
        again,
    );
    assert!(!dir.join("r.html").exists());
}

#[test]
fn a_broken_sweep_manifest_is_one_line_for_merge_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("s.toml"),
        format!(
            "{SMALL}\n[interventions.carer_support]\n\n[sweep]\nmethod = \"grid\"\n\
             replications = 2\n\n[sweep.parameters]\n\
             \"interventions.carer_support.coverage\" = [0.2, 0.6]\n"
        ),
    )
    .unwrap();
    run_ok(dir, &["sweep", "s.toml", "--shard", "1/2", "-o", "t1"]);
    run_ok(dir, &["sweep", "s.toml", "--shard", "2/2", "-o", "t2"]);
    run_ok(dir, &["sweep", "s.toml", "-o", "whole"]);

    let (_, line) = break_toml(&dir.join("t2/manifest.toml"));
    assert_one_line_error(
        dir,
        &["merge", "t1", "t2", "-o", "merged"],
        "t2/manifest.toml",
        line,
        "run the command that wrote the folder again",
    );
    let (_, line) = break_toml(&dir.join("whole/manifest.toml"));
    assert_one_line_error(
        dir,
        &["report", "whole", "-o", "r.html"],
        "whole/manifest.toml",
        line,
        "run the scenario again",
    );
}

/// A file name with an ESC sequence and a line break, in an error: the
/// message stays one line and the terminal gets no escape sequence.
#[test]
fn control_characters_in_an_error_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let name = "bad\u{1b}[31mname\nnext.toml";
    let message = user_error(dir, &["run", name, "-o", "out"]);
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert_mentions(&message, &["bad\\x1b[31mname next.toml"]);
    assert!(!dir.join("out").exists());
}
