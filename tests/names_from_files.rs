//! Names from files never escape (issue 11): a scenario id read from a
//! shard's `plan.toml` or `manifest.toml` becomes a folder only if it is a
//! plain folder name, so `merge` of a shard that says `../../loot` is
//! refused naming the file and the field and writes nothing anywhere; and
//! names with control characters are printed escaped in the terminal
//! tables and never reach the HTML report as raw bytes.

use assert_cmd::cargo::cargo_bin_cmd;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_mentions, user_error};

const SMALL: &str = "\
name = \"small\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
replications = 4
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

/// Every entry under `dir` (links not followed) with its bytes; lock files
/// beside outputs aside, which a command may leave by design.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            if name.to_string_lossy().contains("lock") {
                continue;
            } else if meta.is_dir() {
                out.push((name, b"/".to_vec()));
                walk(root, &path, out);
            } else if meta.is_file() {
                out.push((name, fs::read(&path).unwrap()));
            } else {
                out.push((name, b"@".to_vec()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Replace `from` by `to` in the file `path` (which must hold `from`).
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: {text}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn merge_refuses_a_scenario_id_that_is_not_a_folder_name() {
    let tmp = tempfile::tempdir().unwrap();
    // The work happens two levels down, so `../../loot` would land in
    // the temporary folder itself.
    let dir = tmp.path().join("a/b");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("s.toml"), SMALL).unwrap();
    for k in ["1/2", "2/2"] {
        let out = format!("shard{}", &k[..1]);
        buurtsim(&dir)
            .args(["run", "s.toml", "-o", &out, "--shard", k])
            .assert()
            .success();
    }
    let merge = ["merge", "shard1", "shard2", "-o", "out"];
    let manifest = dir.join("shard1/s/manifest.toml");
    let pristine = fs::read_to_string(&manifest).unwrap();

    // In the manifest, the id the output folder is named after.
    for bad in ["../../loot", "..", "", "x\u{1b}[31my", &"x".repeat(101)] {
        let toml_value = toml::Value::String(bad.to_string()).to_string();
        replace_in(
            &manifest,
            "scenario_id = \"s\"",
            &format!("scenario_id = {toml_value}"),
        );
        let before = tree(tmp.path());
        let message = user_error(&dir, &merge);
        assert_mentions(
            &message,
            &[
                "cannot use shard1/s/manifest.toml: the field `scenario_id` holds",
                "which is not a plain folder name",
                "the file was changed after buurtsim wrote it",
            ],
        );
        assert!(!message.contains('\u{1b}'), "{message}");
        assert!(
            tree(tmp.path()) == before,
            "merge changed files for {bad:?}"
        );
        fs::write(&manifest, &pristine).unwrap();
    }
    assert!(!tmp.path().join("loot").exists() && !dir.join("out").exists());

    // In the plan, the folder the records are read from.
    let plan = dir.join("shard1/plan.toml");
    replace_in(&plan, "scenarios = [\"s\"]", "scenarios = [\"../../loot\"]");
    let before = tree(tmp.path());
    let message = user_error(&dir, &merge);
    assert_mentions(
        &message,
        &[
            "cannot use shard1/plan.toml: the field `scenarios` holds \"../../loot\", which is \
             not a plain folder name (it holds a path separator;",
        ],
    );
    assert!(tree(tmp.path()) == before);
    replace_in(&plan, "[\"../../loot\"]", "[\"s\"]");

    // Untouched, the shards merge.
    buurtsim(&dir).args(merge).assert().success();
    assert!(dir.join("out/s/summary.csv").is_file());
}

#[test]
fn control_characters_are_escaped_in_tables_and_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A scenario name with an ESC sequence and a NUL in it.
    let named = SMALL.replace("\"small\"", "\"a\\u001b[31mb\\u0000c\"");
    fs::write(dir.join("x.toml"), &named).unwrap();
    fs::write(dir.join("y.toml"), &named).unwrap();
    let run = buurtsim(dir)
        .args(["run", "x.toml", "y.toml", "-o", "out"])
        .assert()
        .success();
    let output = run.get_output();
    for stream in [&output.stdout, &output.stderr] {
        assert!(!stream.contains(&0x1b) && !stream.contains(&0));
    }

    // An id with an ESC in a manifest (changed by hand) is printed escaped.
    replace_in(
        &dir.join("out/y/manifest.toml"),
        "scenario_id = \"y\"",
        "scenario_id = \"y\\u001b[31mZ\"",
    );
    // Its rows name their scenario too (`scenario`, the first column).
    let rows = dir.join("out/y/replications.csv");
    let text = fs::read_to_string(&rows).unwrap();
    let edited: String = text
        .lines()
        .map(|l| match l.strip_prefix("y,") {
            Some(rest) => format!("y\u{1b}[31mZ,{rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    fs::write(&rows, edited).unwrap();
    let compare = buurtsim(dir)
        .args(["compare", "out/x", "out/y"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&compare.get_output().stdout).into_owned();
    assert!(stdout.contains("y\\u{1b}[31mZ vs x"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");

    // The report shows both as visible escapes, never as raw bytes.
    buurtsim(dir)
        .args(["report", "out", "-o", "report.html"])
        .assert()
        .success();
    let html = fs::read(dir.join("report.html")).unwrap();
    assert!(
        !html.contains(&0x1b) && !html.contains(&0),
        "raw ESC or NUL"
    );
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("a\\u{1b}[31mb\\u{0}c"),
        "the name is not shown"
    );
}
