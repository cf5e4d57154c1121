//! `buurtsim sensitivity`: the same bytes for any thread count, after a
//! kill and `--resume`, and after `--shard` + `merge`; a programme's
//! coverage stands above the noise floor on heavily burdened carers and
//! the dummy does not; a reference gives paired rows; mistakes in the
//! `[sensitivity]` table are one clear line each.

use assert_cmd::cargo::cargo_bin_cmd;
use std::fs;
use std::path::Path;

mod common;
use common::{assert_mentions, assert_same_output, kill_after_rows, run_ok, user_error};

/// A reference: a small, short district.
const REFERENCE: &str = "\
name = \"small\"
[population]
residents = 800
[run]
years = 1
warmup_years = 1
seed = 11
";

/// Carer support over a Sobol design of 4 base samples with the reference:
/// 4 x (2 + 1 + 2) rows x 2 scenarios x 2 passes = 80 points. The
/// parameters are not in alphabetical order: the design keeps the file's.
const PAIRED: &str = "\
extends = \"small.toml\"
name = \"support\"
[interventions.carer_support]
[sensitivity]
samples = 4
replications = 2
reference = \"small.toml\"
metrics = [\"carers_heavily_burdened_share\", \"cost_total_eur_year\"]
[sensitivity.parameters]
\"interventions.carer_support.coverage\" = { min = 0.1, max = 0.7 }
\"care.comfortable_load\" = { min = 0.5, max = 0.8 }
";

fn setup(dir: &Path, analysis: &str) {
    fs::write(dir.join("small.toml"), REFERENCE).unwrap();
    fs::write(dir.join("sa.toml"), analysis).unwrap();
}

#[test]
fn same_bytes_for_threads_shards_and_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir, PAIRED);
    run_ok(
        dir,
        &["sensitivity", "sa.toml", "-o", "one", "--threads", "1"],
    );
    run_ok(
        dir,
        &["sensitivity", "sa.toml", "-o", "two", "--threads", "2"],
    );
    assert_same_output(&dir.join("one"), &dir.join("two"));
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = format!("s{k}");
        run_ok(
            dir,
            &["sensitivity", "sa.toml", "-o", &out, "--shard", &shard],
        );
    }
    run_ok(dir, &["merge", "s2", "s1", "s3", "-o", "merged"]);
    assert_same_output(&dir.join("one"), &dir.join("merged"));

    // Paired rows: the programme's and the reference's, the same seeds.
    let rows = fs::read_to_string(dir.join("one/replications.csv")).unwrap();
    let mut lines = rows.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("scenario,point,replication,"));
    let ids: Vec<&str> = lines
        .take(4)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["sa", "sa", "small", "small"]);
    let design = fs::read_to_string(dir.join("one/design.csv")).unwrap();
    assert!(design.starts_with(
        "point,block,interventions.carer_support.coverage,care.comfortable_load,dummy\n"
    ));
    assert_eq!(design.lines().count(), 1 + 4 * 5);
    let indices = fs::read_to_string(dir.join("one/indices.csv")).unwrap();
    assert!(indices.starts_with("metric,parameter,method,index,value,ci_low,ci_high\n"));
    // 2 metrics x 3 parameters x (S1, ST).
    assert_eq!(indices.lines().count(), 1 + 2 * 3 * 2);
    // `compare` reads run folders: a sensitivity folder's rows are design points.
    let message = user_error(dir, &["compare", "one", "two"]);
    assert_mentions(
        &message,
        &["output of `buurtsim sensitivity`", "buurtsim report"],
    );
    let manifest = fs::read_to_string(dir.join("one/manifest.toml")).unwrap();
    assert_mentions(
        &manifest,
        &[
            "kind = \"sensitivity\"",
            "reference_id = \"small\"",
            "method = \"sobol\"",
        ],
    );
}

#[test]
fn a_killed_analysis_resumes_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(
        dir,
        &PAIRED.replace("replications = 2", "replications = 12"),
    );
    run_ok(
        dir,
        &["sensitivity", "sa.toml", "-o", "whole", "--threads", "2"],
    );
    let args = ["sensitivity", "sa.toml", "-o", "out", "--threads", "1"];
    let records = dir.join(".out.partial/records.csv");
    let recorded = kill_after_rows(dir, &args, &records, 30);
    assert!(recorded < 80 * 12, "not interrupted: {recorded} rows");
    run_ok(dir, &["sensitivity", "sa.toml", "-o", "out", "--resume"]);
    assert_same_output(&dir.join("whole"), &dir.join("out"));
}

/// The model check: with carer-support coverage and the dummy,
/// coverage's indices on heavily burdened carers stand above the noise
/// floor and the dummy's do not.
#[test]
fn coverage_stands_above_the_noise_floor_and_the_dummy_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let analysis = "\
name = \"coverage\"
[population]
residents = 2000
[run]
years = 2
warmup_years = 1
[interventions.carer_support]
[sensitivity]
samples = 32
replications = 12
metrics = [\"carers_heavily_burdened_share\"]
[sensitivity.parameters]
\"interventions.carer_support.coverage\" = { min = 0.0, max = 0.8 }
";
    setup(dir, analysis);
    let out = cargo_bin_cmd!("buurtsim")
        .current_dir(dir)
        .args(["sensitivity", "sa.toml", "-o", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results =
        buurtsim::output::sensitivity_results::SensitivityResults::read(&dir.join("out")).unwrap();
    let metric = "carers_heavily_burdened_share";
    use buurtsim::experiment::sensitivity_analysis::IndexKind;
    let s1_floor = results.floor(metric, IndexKind::S1);
    let st_floor = results.floor(metric, IndexKind::ST);
    let ranking = results.ranking(metric);
    let coverage = &ranking[0];
    assert_eq!(coverage.parameter, "interventions.carer_support.coverage");
    assert!(coverage.above_floor, "{ranking:?} floor {st_floor}");
    // Above the floor as the product defines it (|S1| > floor), with 12
    // replications a point. An earlier version asked for twice the floor at
    // 6 replications, which one set of random numbers met and the next
    // (issue 21's counter-based streams: S1 0.95, floor 0.67, its 95%
    // interval 0.60-1.37) did not: the floor is the edge of one bootstrap
    // interval of 32 base samples and moves that much. At 12: S1 0.99
    // (floor 0.64), ST 1.01 (floor 0.89); ST stays close to its floor, so a
    // change of random numbers may need more base samples here.
    assert!(
        coverage.indices[0].value > s1_floor,
        "S1 {:?} floor {s1_floor}",
        coverage.indices[0]
    );
    assert!(
        coverage.indices[1].value > st_floor,
        "ST {:?} floor {st_floor}",
        coverage.indices[1]
    );
    eprintln!(
        "coverage S1 {:.3} (floor {s1_floor:.3}), ST {:.3} (floor {st_floor:.3})",
        coverage.indices[0].value, coverage.indices[1].value
    );
    let dummy = &ranking[1];
    assert_eq!(dummy.parameter, "dummy");
    // Common random numbers: the dummy changes nothing, exactly.
    assert_eq!(dummy.indices[0].value, 0.0);
    assert_eq!(dummy.indices[1].value, 0.0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("interventions.carer_support.coverage"),
        "{stdout}"
    );
    assert!(stdout.lines().all(|l| l.chars().count() <= 100), "{stdout}");
}

#[test]
fn mistakes_in_the_table_are_one_clear_line_each() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let base = "\
[interventions.carer_support]
[sensitivity]
samples = 8
[sensitivity.parameters]
\"interventions.carer_support.coverage\" = { min = 0.1, max = 0.7 }
";
    let cases: [(&str, &str, &[&str]); 8] = [
        (
            "{ min = 0.1, max = 0.7 }",
            "[0.1, 0.7]",
            &["coverage", "min = 0.1, max = 0.7"],
        ),
        (
            "min = 0.1, max = 0.7",
            "min = 0.5, max = 0.5",
            &["coverage", "not above `min`", "empty"],
        ),
        (
            "min = 0.1, max = 0.7",
            "min = 0.7, max = 0.1",
            &["coverage", "not above `min`"],
        ),
        (
            "samples = 8",
            "samples = 100",
            &["power of two", "64 or 128"],
        ),
        (
            "interventions.carer_support.coverage",
            "interventions.carer_support.coverag",
            &["names no parameter", "coverage"],
        ),
        (
            "interventions.carer_support.coverage",
            "run.years",
            &["run.years", "only real-valued"],
        ),
        (
            "samples = 8",
            "samples = 8\nmetrics = [\"carers_heavily_burdend_share\"]",
            &["not a metric", "carers_heavily_burdened_share"],
        ),
        (
            "samples = 8",
            "samples = 8\nlevels = 4",
            &["only for method = \"morris\""],
        ),
    ];
    for (i, (from, to, parts)) in cases.iter().enumerate() {
        let file = format!("bad{i}.toml");
        fs::write(dir.join(&file), base.replace(from, to)).unwrap();
        let message = user_error(dir, &["sensitivity", &file, "-o", "out"]);
        assert_mentions(&message, parts);
        assert!(!dir.join("out").exists());
    }
    // A run of a sensitivity file points at the command that runs it.
    fs::write(dir.join("ok.toml"), base).unwrap();
    let message = user_error(dir, &["run", "ok.toml", "-o", "out"]);
    assert_mentions(&message, &["[sensitivity]", "buurtsim sensitivity"]);
    let message = user_error(dir, &["sweep", "ok.toml", "-o", "out"]);
    assert_mentions(&message, &["[sensitivity]", "buurtsim sensitivity"]);
    // A reference with the analysis's own file name: its rows could not be
    // told apart from the programme's.
    fs::create_dir(dir.join("other")).unwrap();
    fs::write(dir.join("other/ok.toml"), "name = \"other\"\n").unwrap();
    fs::write(
        dir.join("ok.toml"),
        base.replace("samples = 8", "samples = 8\nreference = \"other/ok.toml\""),
    )
    .unwrap();
    let message = user_error(dir, &["check", "ok.toml"]);
    assert_mentions(&message, &["same file name", "rename"]);
}

/// A folder for Dutch Excel still prints its ranking (read back in either
/// style), and the report of the folder is written.
#[test]
fn an_excel_folder_prints_its_ranking() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir, PAIRED);
    let out = cargo_bin_cmd!("buurtsim")
        .current_dir(dir)
        .args(["sensitivity", "sa.toml", "-o", "nl", "--csv", "excel-nl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("care.comfortable_load"), "{stdout}");
    let indices = fs::read(dir.join("nl/indices.csv")).unwrap();
    assert!(indices.starts_with(b"\xEF\xBB\xBFmetric;parameter;"));
    run_ok(dir, &["report", "nl", "-o", "nl.html"]);
}

/// A child file in another folder inherits its parent's reference (a path
/// relative to the parent), and a parameter path written in a non-canonical
/// way (`[03]`) keeps its column through shards and merge.
#[test]
fn a_childs_reference_and_an_odd_path_survive_shards_and_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(
        dir,
        &PAIRED.replace(
            "\"care.comfortable_load\"",
            "\"gp.episode_rate_by_age[03]\" = { min = 3.0, max = 3.6 }\n\"care.comfortable_load\"",
        ),
    );
    fs::create_dir(dir.join("sub")).unwrap();
    fs::write(dir.join("sub/child.toml"), "extends = \"../sa.toml\"\n").unwrap();
    let sub = dir.join("sub");
    run_ok(&sub, &["sensitivity", "child.toml", "-o", "whole"]);
    for k in ["1/2", "2/2"] {
        let out = format!("s{}", &k[..1]);
        run_ok(
            &sub,
            &["sensitivity", "child.toml", "-o", &out, "--shard", k],
        );
    }
    run_ok(&sub, &["merge", "s1", "s2", "-o", "merged"]);
    assert_same_output(&sub.join("whole"), &sub.join("merged"));
    let design = fs::read_to_string(sub.join("whole/design.csv")).unwrap();
    assert!(
        design.starts_with(
            "point,block,interventions.carer_support.coverage,gp.episode_rate_by_age[3],\
             care.comfortable_load,dummy\n"
        ),
        "{design}"
    );
    let rows = fs::read_to_string(sub.join("whole/replications.csv")).unwrap();
    assert!(
        rows.contains("\nsmall,0,0,"),
        "the reference ran as `small`"
    );
}
