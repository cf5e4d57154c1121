//! Tamper-evident records (issue 11): every row of a `records.csv` carries
//! a checksum over its content and the run's identity, so `--resume` and
//! `merge` refuse a number changed by hand, a `NaN` put in, a row copied
//! from another scenario or seed, a repeated row and a records file
//! replaced by a symbolic link, each with exit 2 and one line naming the
//! file and line (or the link), and change nothing anywhere. A last row
//! cut short (what a kill leaves) still resumes silently to the same bytes.
//!
//! The unfinished work is made by hand from a finished shard folder (what
//! an interrupted shard run leaves in `.NAME.partial/`), so no kill and no
//! timing is needed.

use assert_cmd::cargo::cargo_bin_cmd;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_mentions, assert_same_output, user_error};

const SMALL: &str = "\
name = \"small\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
replications = 10
";

/// A small sweep: 2 points x 3 replications.
const GRID: &str = "\
name = \"grid\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
seed = 7

[interventions.carer_support]

[sweep]
method = \"grid\"
replications = 3

[sweep.parameters]
\"interventions.carer_support.coverage\" = [0.0, 0.5]
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

/// Every entry under `dir` (links not followed: a link is recorded with its
/// target), with its bytes; lock files beside outputs aside, which a later
/// command may leave by design.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            if name.to_string_lossy().contains("lock") {
                continue;
            } else if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                out.push((name, target.to_string_lossy().as_bytes().to_vec()));
            } else if meta.is_dir() {
                out.push((name, b"/".to_vec()));
                walk(root, &path, out);
            } else {
                out.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `args` in `dir`, expects it refused (exit 2, one line) with every
/// one of `parts` in the message, and nothing under `dir` changed.
fn refused_without_change(dir: &Path, args: &[&str], parts: &[&str]) -> String {
    let before = tree(dir);
    let message = user_error(dir, args);
    assert_mentions(&message, parts);
    assert!(tree(dir) == before, "`{}` changed files", args.join(" "));
    message
}

/// Rewrite `path` with `edit` applied to its lines (the header is line 1).
fn edit_lines(path: &Path, edit: impl FnOnce(&mut Vec<String>)) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    edit(&mut lines);
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Field `k` of a comma-separated line replaced by `value`.
fn with_field(line: &str, k: usize, value: &str) -> String {
    let mut fields: Vec<&str> = line.split(',').collect();
    assert_ne!(fields[k], value);
    fields[k] = value;
    fields.join(",")
}

/// A fresh partial folder `.part.partial` from the shard folder `full`,
/// with all complete rows, as an interrupted `-o part --shard 2/3` leaves it.
fn unfinished_copy(dir: &Path) -> PathBuf {
    let partial = dir.join(".part.partial");
    if partial.exists() {
        fs::remove_dir_all(&partial).unwrap();
    }
    fs::create_dir(&partial).unwrap();
    fs::copy(dir.join("full/plan.toml"), partial.join("plan.toml")).unwrap();
    for id in ["a", "b"] {
        fs::create_dir(partial.join(id)).unwrap();
        for file in ["manifest.toml", "records.csv"] {
            fs::copy(
                dir.join("full").join(id).join(file),
                partial.join(id).join(file),
            )
            .unwrap();
        }
    }
    partial
}

const RESUME: [&str; 9] = [
    "run",
    "a.toml",
    "b.toml",
    "-o",
    "part",
    "--shard",
    "2/3",
    "--resume",
    "--threads",
];

#[test]
fn resume_refuses_changed_foreign_repeated_and_linked_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    fs::write(dir.join("b.toml"), SMALL.replace("\"small\"", "\"other\"")).unwrap();
    for (out, seed) in [("full", &[][..]), ("seed99", &["--seed", "99"][..])] {
        buurtsim(dir)
            .args(["run", "a.toml", "b.toml", "-o", out, "--shard", "2/3"])
            .args(seed)
            .assert()
            .success();
    }
    let resume: Vec<&str> = RESUME.iter().copied().chain(["1"]).collect();
    let records = ".part.partial/a/records.csv";
    let row = |out: &str, id: &str, line: usize| -> String {
        let text = fs::read_to_string(dir.join(out).join(id).join("records.csv")).unwrap();
        text.lines().nth(line - 1).unwrap().to_string()
    };

    // A number changed by hand, and a NaN put in.
    let partial = unfinished_copy(dir);
    edit_lines(&partial.join("a/records.csv"), |l| {
        let events: u64 = l[1].split(',').nth(1).unwrap().parse().unwrap();
        l[1] = with_field(&l[1], 1, &(events + 1).to_string());
    });
    let message = refused_without_change(
        dir,
        &resume,
        &[
            "cannot resume: ",
            &format!("{records} line 2: the row's checksum does not match its contents"),
            "--force",
            "delete line 2",
        ],
    );
    assert!(!message.contains('\u{1b}'));
    let partial = unfinished_copy(dir);
    edit_lines(&partial.join("a/records.csv"), |l| {
        l[3] = with_field(&l[3], 4, "NaN");
    });
    refused_without_change(
        dir,
        &resume,
        &[&format!("{records} line 4: the row's checksum")],
    );

    // A row copied from another scenario, and from another seed, in place
    // of the same replication.
    let partial = unfinished_copy(dir);
    let foreign = row("full", "b", 3);
    edit_lines(&partial.join("a/records.csv"), |l| l[2] = foreign);
    refused_without_change(
        dir,
        &resume,
        &[&format!("{records} line 3: the row's checksum")],
    );
    let partial = unfinished_copy(dir);
    let foreign = row("seed99", "a", 2);
    edit_lines(&partial.join("a/records.csv"), |l| l[1] = foreign);
    refused_without_change(
        dir,
        &resume,
        &[&format!("{records} line 2: the row's checksum")],
    );

    // A repeated row.
    let partial = unfinished_copy(dir);
    edit_lines(&partial.join("a/records.csv"), |l| {
        l.insert(2, l[1].clone())
    });
    refused_without_change(
        dir,
        &resume,
        &[&format!(
            "{records} line 3: the row holds replication 1 where replication 4 belongs (a \
             repeated"
        )],
    );

    // The records replaced by a link to a copy elsewhere: not followed,
    // cut or appended to.
    let partial = unfinished_copy(dir);
    fs::rename(partial.join("a/records.csv"), dir.join("elsewhere.csv")).unwrap();
    std::os::unix::fs::symlink(dir.join("elsewhere.csv"), partial.join("a/records.csv")).unwrap();
    refused_without_change(
        dir,
        &resume,
        &[&format!("{records} is a symbolic link"), "--force"],
    );
    fs::remove_file(dir.join("elsewhere.csv")).unwrap();
    assert!(!dir.join("part").exists());

    // A last row cut short, as a kill leaves it, resumes to the same bytes.
    let partial = unfinished_copy(dir);
    edit_lines(&partial.join("a/records.csv"), |l| {
        l.truncate(3);
    });
    let cut = row("full", "a", 4);
    let mut text = fs::read_to_string(partial.join("a/records.csv")).unwrap();
    text.push_str(&cut[..cut.len() / 2]);
    fs::write(partial.join("a/records.csv"), text).unwrap();
    buurtsim(dir).args(&resume).assert().success();
    assert_same_output(&dir.join("full"), &dir.join("part"));
    assert!(!partial.exists());
}

#[test]
fn merge_refuses_changed_foreign_repeated_and_linked_shard_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    fs::write(dir.join("b.toml"), SMALL.replace("\"small\"", "\"other\"")).unwrap();
    buurtsim(dir)
        .args(["run", "a.toml", "b.toml", "-o", "whole"])
        .assert()
        .success();
    for k in ["1/2", "2/2"] {
        let out = format!("s{}", &k[..1]);
        buurtsim(dir)
            .args(["run", "a.toml", "b.toml", "-o", &out, "--shard", k])
            .assert()
            .success();
    }
    let pristine = fs::read_to_string(dir.join("s1/a/records.csv")).unwrap();
    let other = fs::read_to_string(dir.join("s1/b/records.csv")).unwrap();
    let merge = ["merge", "s1", "s2", "-o", "merged"];
    let records = dir.join("s1/a/records.csv");
    let shown = "s1/a/records.csv";
    let reset = || fs::write(&records, &pristine).unwrap();

    edit_lines(&records, |l| l[2] = with_field(&l[2], 5, "0.123"));
    refused_without_change(
        dir,
        &merge,
        &[
            "cannot merge: ",
            &format!("{shown} line 3: the row's checksum does not match its contents"),
            "run that shard again",
        ],
    );
    reset();
    edit_lines(&records, |l| l[1] = with_field(&l[1], 2, "NaN"));
    refused_without_change(
        dir,
        &merge,
        &[&format!("{shown} line 2: the row's checksum")],
    );
    reset();
    let foreign = other.lines().nth(1).unwrap().to_string();
    edit_lines(&records, |l| l[1] = foreign);
    refused_without_change(
        dir,
        &merge,
        &[&format!("{shown} line 2: the row's checksum")],
    );
    reset();
    edit_lines(&records, |l| l.push(l[5].clone()));
    refused_without_change(
        dir,
        &merge,
        &[&format!(
            "{shown} line 7: the row holds replication 8, more than the run has"
        )],
    );
    reset();
    fs::rename(&records, dir.join("elsewhere.csv")).unwrap();
    std::os::unix::fs::symlink(dir.join("elsewhere.csv"), &records).unwrap();
    refused_without_change(dir, &merge, &[&format!("{shown} is a symbolic link")]);
    fs::remove_file(&records).unwrap();
    fs::rename(dir.join("elsewhere.csv"), &records).unwrap();
    assert!(!dir.join("merged").exists());

    // Untouched, the shards merge into the single run's bytes.
    buurtsim(dir).args(merge).assert().success();
    assert_same_output(&dir.join("whole"), &dir.join("merged"));
}

#[test]
fn sweep_resume_and_merge_refuse_changed_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("grid.toml"), GRID).unwrap();
    for k in ["1/2", "2/2"] {
        let out = format!("s{}", &k[..1]);
        buurtsim(dir)
            .args(["sweep", "grid.toml", "-o", &out, "--shard", k])
            .assert()
            .success();
    }
    // Merge: a metric changed in shard 2.
    let records = dir.join("s2/records.csv");
    let pristine = fs::read_to_string(&records).unwrap();
    edit_lines(&records, |l| l[2] = with_field(&l[2], 3, "1"));
    refused_without_change(
        dir,
        &["merge", "s1", "s2", "-o", "merged"],
        &["cannot merge: s2/records.csv line 3: the row's checksum"],
    );
    fs::write(&records, &pristine).unwrap();

    // Resume: shard 1's folder as its unfinished work, with a repeated row.
    let partial = dir.join(".p.partial");
    fs::create_dir(&partial).unwrap();
    for file in ["manifest.toml", "records.csv"] {
        fs::copy(dir.join("s1").join(file), partial.join(file)).unwrap();
    }
    edit_lines(&partial.join("records.csv"), |l| l.insert(3, l[2].clone()));
    refused_without_change(
        dir,
        &[
            "sweep",
            "grid.toml",
            "-o",
            "p",
            "--shard",
            "1/2",
            "--resume",
        ],
        &[
            "cannot resume: ./.p.partial/records.csv line 4: the row holds point 0 replication 2 \
             where point 1 replication 1 belongs",
        ],
    );
}
