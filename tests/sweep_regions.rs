//! A sweep over regions (issue 18): `"population.cbs.region"` in
//! `[sweep.parameters]` runs one point per wijk of the scenario's CBS
//! files. Each point runs with its wijk's residents; `points.csv` shows
//! the codes; `"all-wijken"` skips the wijken that cannot run and lists
//! them; the output is the same bytes for any thread count and shard
//! split (merged from relative CBS paths, read again); a changed CBS file
//! is a changed sweep; the report shows the wijken; and codes for a
//! numeric key are one clear line.

use buurtsim::cbs::read_kwb;
use buurtsim::experiment::SweepPlan;
use buurtsim::scenario::load;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{assert_mentions, assert_same_output, run_ok, user_error};

const CODES: [&str; 3] = ["WK036300", "WK036302", "WK036304"];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/cbs")
        .join(name)
}

const AMSTERDAM_KWB: &str = "kwb-2019-amsterdam-part-a.csv";
const AMSTERDAM_AGES: &str = "age-2019-amsterdam-03759NED.csv";

/// A folder with the Amsterdam CBS files in `data/` and a sweep over three
/// of its wijken whose paths are relative (as a user writes them).
fn amsterdam_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("data")).unwrap();
    for name in [AMSTERDAM_KWB, AMSTERDAM_AGES] {
        fs::copy(data(name), dir.join("data").join(name)).unwrap();
    }
    let codes: Vec<String> = CODES.iter().map(|c| format!("\"{c}\"")).collect();
    fs::write(
        dir.join("regions.toml"),
        format!(
            "[run]\nyears = 1\nwarmup_years = 1\nseed = 7\n\n[population.cbs]\n\
             kerncijfers = \"data/{AMSTERDAM_KWB}\"\nages = \"data/{AMSTERDAM_AGES}\"\n\
             region = \"WK036390\"\n\n[sweep]\nmethod = \"grid\"\nreplications = 2\n\n\
             [sweep.parameters]\n\"population.cbs.region\" = [{}]\n",
            codes.join(", ")
        ),
    )
    .unwrap();
    tmp
}

/// `points.csv`: header and rows.
fn points(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(dir.join("points.csv")).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn each_wijk_runs_with_its_own_residents_and_shards_and_threads_agree() {
    let tmp = amsterdam_folder();
    let dir = tmp.path();
    run_ok(
        dir,
        &["sweep", "regions.toml", "-o", "whole", "--threads", "2"],
    );

    // The codes are the swept values, in the order written.
    let (header, rows) = points(&dir.join("whole"));
    assert_eq!(header[..3], ["point", "population.cbs.region", "metric"]);
    let table = read_kwb(&data(AMSTERDAM_KWB)).unwrap();
    for (i, code) in CODES.iter().enumerate() {
        let residents: f64 = rows
            .iter()
            .find(|r| r[0] == i.to_string() && r[2] == "residents")
            .map(|r| {
                assert_eq!(r[1], *code);
                r[4].parse().unwrap()
            })
            .unwrap();
        let published = table.find(code).unwrap().residents.unwrap();
        assert!(
            (residents / published - 1.0).abs() < 0.15,
            "{code}: {residents} residents in the run, {published} in the file"
        );
    }
    let manifest = fs::read_to_string(dir.join("whole/manifest.toml")).unwrap();
    assert!(
        manifest.contains("regions = [\"WK036300\", \"WK036302\", \"WK036304\"]"),
        "{manifest}"
    );
    // Codes listed explicitly: nothing is skipped, so no list of skipped.
    assert!(!dir.join("whole/skipped-regions.csv").exists());

    // One thread, and two shards merged (the CBS paths are relative: the
    // merge reads the files again from this folder): the same bytes.
    run_ok(
        dir,
        &["sweep", "regions.toml", "-o", "one", "--threads", "1"],
    );
    assert_same_output(&dir.join("whole"), &dir.join("one"));
    for k in ["1/2", "2/2"] {
        let out = format!("shard{}", &k[..1]);
        run_ok(dir, &["sweep", "regions.toml", "-o", &out, "--shard", k]);
    }
    run_ok(dir, &["merge", "shard2", "shard1", "-o", "merged"]);
    assert_same_output(&dir.join("whole"), &dir.join("merged"));

    // A wijk's figures changed in the file: not the sweep the shards ran.
    let kwb = dir.join("data").join(AMSTERDAM_KWB);
    let text = fs::read_to_string(&kwb).unwrap();
    let line = text.lines().find(|l| l.contains("\"WK036302  \"")).unwrap();
    // Its residents, 6370, one more.
    let changed = line.replacen("\"    6370\"", "\"    6371\"", 1);
    assert_ne!(line, changed, "the test needs a figure to change");
    fs::write(&kwb, text.replace(line, &changed)).unwrap();
    let message = user_error(dir, &["merge", "shard1", "shard2", "-o", "again"]);
    assert_mentions(&message, &["shard1/manifest.toml", "CBS files", "changed"]);
}

#[test]
fn all_wijken_skips_the_wijken_that_cannot_run_and_lists_them() {
    // The plan, on Den Haag's file: 44 wijken, of which WK051801 has
    // nobody living there.
    let scenario = format!(
        "[run]\nyears = 1\nwarmup_years = 1\n\n[population.cbs]\nkerncijfers = {:?}\n\
         ages = {:?}\nregion = \"WK051802\"\n\n[sweep]\nreplications = 1\n\n\
         [sweep.parameters]\n\"population.cbs.region\" = \"all-wijken\"\n",
        data("kwb-2019-den-haag.csv"),
        data("age-2019-den-haag-03759NED.csv"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("den-haag.toml"), &scenario).unwrap();
    let plan = SweepPlan::new(&load(&dir.join("den-haag.toml")).unwrap()).unwrap();
    let regions = plan.regions.as_ref().unwrap();
    assert!(regions.all_wijken);
    assert_eq!(regions.regions.len() + regions.skipped.len(), 44);
    assert_eq!(plan.len(), regions.regions.len());
    let empty = regions
        .skipped
        .iter()
        .find(|s| s.code == "WK051801")
        .expect("the wijk without residents is skipped");
    assert!(empty.reason.starts_with("it has 0 residents"), "{empty:?}");
    assert!(regions
        .skipped
        .iter()
        .all(|s| s.reason.contains("residents")));
    assert_eq!(plan.assignment(0), "`population.cbs.region = WK051802`");

    // The command names them before it runs and writes them beside points.csv.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["sweep", "den-haag.toml", "-o", "out"])
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("cannot and are left out"), "{stderr}");
    assert!(
        stderr.contains("  WK051801: it has 0 residents"),
        "{stderr}"
    );
    let skipped = fs::read_to_string(dir.join("out/skipped-regions.csv")).unwrap();
    assert!(skipped.starts_with("region,reason\n"), "{skipped}");
    assert_eq!(skipped.lines().count(), 1 + regions.skipped.len());
    assert!(
        skipped.contains("WK051801,\"it has 0 residents, fewer than the 500"),
        "{skipped}"
    );
    let (_, rows) = points(&dir.join("out"));
    assert!(rows.iter().all(|r| r[1] != "WK051801"));
    assert_eq!(rows.last().unwrap()[0], (plan.len() - 1).to_string());

    // The report shows the sweep by wijk, with the skipped ones.
    run_ok(dir, &["report", "out", "-o", "report.html", "--lang", "en"]);
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    for part in [
        "Care demand by wijk",
        "data-table=\"sweep-regions\"",
        "<code>WK051802</code>",
        "data-chart=\"regions-gp-contacts-per-resident-year\"",
        "data-chart=\"regions-cost-per-resident\"",
        "data-table=\"skipped-regions\"",
    ] {
        assert!(html.contains(part), "the report lacks {part}");
    }
}

#[test]
fn region_codes_for_a_number_and_an_unusable_code_are_one_line() {
    let tmp = amsterdam_folder();
    let dir = tmp.path();
    let text = fs::read_to_string(dir.join("regions.toml")).unwrap();
    let numeric = text.replace("\"population.cbs.region\"", "\"gp.fte\"");
    fs::write(dir.join("numeric.toml"), numeric).unwrap();
    let message = user_error(dir, &["sweep", "numeric.toml", "-o", "out"]);
    assert_mentions(
        &message,
        &[
            "numeric.toml:16:12: ",
            "`sweep.parameters.\"gp.fte\"` lists region codes, which only \
             `population.cbs.region` takes",
        ],
    );
    // A listed wijk without residents: refused, naming it and why.
    fs::write(
        dir.join("empty.toml"),
        text.replace("\"WK036304\"", "\"WK036350\""),
    )
    .unwrap();
    let message = user_error(dir, &["sweep", "empty.toml", "-o", "out"]);
    assert_mentions(
        &message,
        &[
            "empty.toml: `population.cbs.region` = \"WK036350\"",
            "region WK036350 cannot be simulated: it has 0 residents",
        ],
    );
    assert!(!dir.join("out").exists());
}
