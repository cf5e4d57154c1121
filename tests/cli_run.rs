//! `buurtsim run` and `buurtsim check` end to end: the files a run writes,
//! the output-folder rules, thread-count independence and exit codes.
//!
//! Scenarios here are tiny (300 residents, 1 + 2 years, 6 replications) so
//! the tests stay fast with the real model.

use assert_cmd::cargo::cargo_bin_cmd;
use buurtsim::model::{METRICS, SERIES};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

const SMALL: &str = "\
name = \"small\"

[population]
residents = 300

[run]
years = 2
warmup_years = 1
replications = 6
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn run_writes_the_four_files() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out"])
        .assert()
        .success();

    let folder = tmp.path().join("out/small");
    for f in [
        "manifest.toml",
        "replications.csv",
        "summary.csv",
        "timeseries.csv",
    ] {
        assert!(folder.join(f).is_file(), "{f} missing");
    }
    // One scenario: no comparison.
    assert!(!tmp.path().join("out/comparison.csv").exists());

    let (header, rows) = read_csv(&folder.join("replications.csv"));
    // `scenario` first (issue 19), so the files of several folders stack.
    let expected: Vec<String> = ["scenario", "replication"]
        .into_iter()
        .chain(METRICS.iter().map(|m| m.name))
        .map(String::from)
        .collect();
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r[0] == "small"));
    let reps: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(reps, ["0", "1", "2", "3", "4", "5"]);

    let (header, rows) = read_csv(&folder.join("summary.csv"));
    assert_eq!(
        header,
        ["scenario", "metric", "unit", "mean", "sd", "ci_low", "ci_high", "n"]
    );
    assert_eq!(rows.len(), METRICS.len());
    for (row, def) in rows.iter().zip(METRICS) {
        assert_eq!(
            (row[0].as_str(), row[1].as_str(), row[2].as_str()),
            ("small", def.name, def.unit)
        );
        assert_eq!(row[7], "6");
        let (mean, low, high): (f64, f64, f64) = (
            row[3].parse().unwrap(),
            row[5].parse().unwrap(),
            row[6].parse().unwrap(),
        );
        assert!(low <= mean && mean <= high || mean.is_nan(), "{row:?}");
    }

    let (header, rows) = read_csv(&folder.join("timeseries.csv"));
    assert_eq!(
        &header[..5],
        ["scenario", "month", "metric", "unit", "mean"]
    );
    assert!(header.contains(&"ci_low".to_string()) && header.contains(&"band_high".to_string()));
    assert_eq!(rows.len(), SERIES.len() * 24);
    // Every key metric of the comparison table and every line of the shift
    // ledger has a monthly series (issue 19).
    let series: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    for (name, _) in buurtsim::output::KEY_METRICS {
        assert!(series.contains(name), "{name} has no monthly series");
    }
    for item in buurtsim::analysis::shift::SHIFT_ITEMS {
        assert!(
            series.contains(item.metric),
            "{} has no monthly series",
            item.metric
        );
    }

    let manifest: toml::Table = fs::read_to_string(folder.join("manifest.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(manifest["replications"].as_integer(), Some(6));
    assert_eq!(manifest["metrics"].as_integer(), Some(METRICS.len() as i64));
    assert_eq!(
        manifest["buurtsim_version"].as_str(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert!(manifest["input_hash"]
        .as_str()
        .unwrap()
        .starts_with("fnv1a64:"));
    let resolved = manifest["resolved_scenario"].as_str().unwrap();
    assert!(resolved.contains("residents = 300"), "{resolved}");
    assert!(manifest.contains_key("seed"));
    // The thread count is not part of the reproducible output: it is in
    // run-info.toml, not in the manifest.
    assert!(!manifest.contains_key("threads"));
    let info: toml::Table = fs::read_to_string(tmp.path().join("out/run-info.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(info.contains_key("threads"));
}

#[test]
fn several_scenarios_write_a_comparison_and_print_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", SMALL);
    write(
        tmp.path(),
        "b.toml",
        // A programme, so some differences are not zero.
        &format!(
            "{}\n[interventions.carer_support]\n",
            SMALL.replace("replications = 6", "replications = 4")
        ),
    );
    buurtsim(tmp.path())
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--replications",
            "3",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("difference [95% CI]")
                .and(predicate::str::contains("cost total"))
                .and(predicate::str::contains("In short")),
        );
    let (header, rows) = read_csv(&tmp.path().join("out/comparison.csv"));
    assert_eq!(header[0], "metric");
    assert!(header.contains(&"diff_ci_low".to_string()));
    assert_eq!(rows.len(), METRICS.len());
    assert!(rows
        .iter()
        .all(|r| r[2] == "a" && r[4] == "b" && r[11] == "paired"));
    relevance_columns_are_valid(&header, &rows, [3, 6, 8, 9]);
    let (_, reps) = read_csv(&tmp.path().join("out/b/replications.csv"));
    assert_eq!(reps.len(), 3);
    // The shift ledger beside it: one row per compared scenario and item.
    let (header, rows) = read_csv(&tmp.path().join("out/shift.csv"));
    assert_eq!(header, buurtsim::analysis::shift::SHIFT_HEADER);
    assert_eq!(rows.len(), buurtsim::analysis::shift::SHIFT_ITEMS.len());
    assert!(rows
        .iter()
        .all(|r| r[0] == "b" && r[1] == "a" && r[13] == "paired"));
    relevance_columns_are_valid(&header, &rows, [7, 9, 10, 11]);
    // Price year on the euro lines, the horizon on all, no discounting
    // without --discount; the cumulative amount is the yearly one x 2 years.
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in &rows {
        let euro = r[6].starts_with("EUR");
        assert_eq!(r[col("price_year")], if euro { "2022" } else { "" });
        assert_eq!(
            (
                r[col("horizon_years")].as_str(),
                r[col("warmup_years")].as_str()
            ),
            ("2", "1")
        );
        let (amount, cumulative): (f64, f64) = (
            r[9].parse().unwrap(),
            r[col("cumulative_amount")].parse().unwrap(),
        );
        assert!(
            (cumulative - 2.0 * amount).abs() <= 1e-9 * (1.0 + cumulative.abs()),
            "{r:?}"
        );
        assert_eq!(r[col("discounted_cumulative_amount")], "");
    }
}

/// `--discount` changes only the two discount columns of shift.csv, and
/// nothing else the run writes.
#[test]
fn discount_changes_only_the_discount_columns() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a.toml",
        &SMALL
            .replace("small", "a")
            .replace("replications = 6", "replications = 3"),
    );
    write(
        tmp.path(),
        "b.toml",
        &format!(
            "{}\n[interventions.meeting_place]\nuptake = 0.3\n",
            SMALL
                .replace("small", "b")
                .replace("replications = 6", "replications = 3")
        ),
    );
    for (out, extra) in [("plain", None), ("discounted", Some("--discount"))] {
        let mut cmd = buurtsim(tmp.path());
        cmd.args(["run", "a.toml", "b.toml", "-o", out]);
        cmd.args(extra);
        cmd.assert().success();
    }
    for file in ["a/replications.csv", "b/timeseries.csv", "comparison.csv"] {
        assert_eq!(
            fs::read(tmp.path().join("plain").join(file)).unwrap(),
            fs::read(tmp.path().join("discounted").join(file)).unwrap(),
            "{file}"
        );
    }
    let (header, plain) = read_csv(&tmp.path().join("plain/shift.csv"));
    let (_, discounted) = read_csv(&tmp.path().join("discounted/shift.csv"));
    let rate = header.iter().position(|h| h == "discount_rate").unwrap();
    assert_eq!(rate + 2, header.len(), "the discount columns come last");
    for (p, d) in plain.iter().zip(&discounted) {
        assert_eq!(p[..rate], d[..rate]);
        assert_eq!(
            d[rate],
            if d[6].starts_with("EUR") {
                "0.03"
            } else {
                "0.015"
            }
        );
        assert!(d[rate + 1].parse::<f64>().is_ok(), "{d:?}");
    }
}

/// The three columns of issue 19 come last, after the old ones, and hold a
/// valid value in every row: `relative_change` is empty or a number equal
/// to 100 × diff / reference mean, `relevant_difference` empty or positive,
/// `relevance` empty or one of the four classes, consistent with the
/// interval and the threshold (without one, only `not_distinguishable` of
/// an unchanged metric). `cols`: the columns of
/// the reference mean, the estimate and its interval's low and high.
fn relevance_columns_are_valid(header: &[String], rows: &[Vec<String>], cols: [usize; 4]) {
    // After them, shift.csv has the cumulative columns (issue 19, item 8).
    let n = header.iter().position(|h| h == "relevance").unwrap() + 1;
    assert_eq!(
        header[n - 3..n],
        ["relative_change", "relevant_difference", "relevance"]
    );
    let num = |s: &str| s.parse::<f64>().unwrap();
    let [reference, est, low, high] = cols;
    let mut classes = std::collections::BTreeSet::new();
    for r in rows {
        let (rel, delta, class) = (&r[n - 3], &r[n - 2], &r[n - 1]);
        let base = num(&r[reference]);
        if base == 0.0 {
            assert_eq!(rel, "", "{r:?}");
        } else if !rel.is_empty() {
            let expected = 100.0 * num(&r[est]) / base;
            assert!(
                (num(rel) - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{r:?}"
            );
        }
        if class.is_empty() {
            continue;
        }
        if delta.is_empty() {
            // No δ (both means zero): only an unchanged metric has a class.
            assert_eq!((class.as_str(), num(&r[est])), ("not_distinguishable", 0.0));
            continue;
        }
        let d = num(delta);
        assert!(d > 0.0, "{r:?}");
        let (e, lo, hi) = (num(&r[est]), num(&r[low]), num(&r[high]));
        let expected = if lo >= d || hi <= -d {
            "relevant"
        } else if e.abs() >= d {
            "possibly_relevant"
        } else if lo > 0.0 || hi < 0.0 {
            "clear_but_small"
        } else {
            "not_distinguishable"
        };
        assert_eq!(class, expected, "{r:?}");
        classes.insert(class.clone());
    }
    assert!(!classes.is_empty(), "no row has a class");
}

#[test]
fn refuses_an_existing_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    fs::create_dir(tmp.path().join("out")).unwrap();
    write(&tmp.path().join("out"), "notes.txt", "mine");
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/notes.txt")).unwrap(),
        "mine"
    );
    assert!(!tmp.path().join("out/small").exists());
    // --force does not delete a folder buurtsim did not write either.
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace out"));
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn force_replaces_only_after_success() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    write(
        tmp.path(),
        "bad.toml",
        "[population]\nresidents = \"many\"\n",
    );
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out"])
        .assert()
        .success();
    let manifest = tmp.path().join("out/small/manifest.toml");
    let before = fs::read(&manifest).unwrap();

    // A failing run with --force leaves the old folder as it was.
    buurtsim(tmp.path())
        .args(["run", "bad.toml", "-o", "out", "--force"])
        .assert()
        .code(2);
    assert_eq!(fs::read(&manifest).unwrap(), before);

    // A succeeding one replaces it, and leaves no staging folders behind.
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out", "--force", "--seed", "7"])
        .assert()
        .success();
    let after = fs::read_to_string(&manifest).unwrap();
    assert!(after.contains("seed = 7"), "{after}");
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    // Only the output and its lock file beside it.
    assert_eq!(names, [".out.lock", "bad.toml", "out", "small.toml"]);
}

#[test]
fn csv_files_are_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", SMALL);
    write(
        tmp.path(),
        "b.toml",
        &format!("{SMALL}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    );
    for (threads, out) in [("1", "t1"), ("2", "t2"), ("3", "t3")] {
        buurtsim(tmp.path())
            .args(["run", "a.toml", "b.toml", "-o", out, "--threads", threads])
            .assert()
            .success();
    }
    let files = [
        "a/manifest.toml",
        "b/manifest.toml",
        "a/replications.csv",
        "a/summary.csv",
        "a/timeseries.csv",
        "b/replications.csv",
        "b/summary.csv",
        "b/timeseries.csv",
        "comparison.csv",
        "shift.csv",
    ];
    for f in files {
        let one = fs::read(tmp.path().join("t1").join(f)).unwrap();
        for other in ["t2", "t3"] {
            assert!(
                one == fs::read(tmp.path().join(other).join(f)).unwrap(),
                "{f} differs in {other}"
            );
        }
    }
}

#[test]
fn an_unknown_key_is_a_user_error_naming_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "typo.toml", "[gp]\nconsults_per_fte_dayy = 3\n");
    for args in [
        &["run", "typo.toml", "-o", "out"][..],
        &["check", "typo.toml"][..],
    ] {
        buurtsim(tmp.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("consults_per_fte_dayy"))
            .stderr(predicate::str::contains("panicked").not());
    }
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn user_mistakes_exit_2_with_one_message() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    // Missing file.
    buurtsim(tmp.path())
        .args(["run", "nope.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.toml"));
    // Missing -o, bad option values.
    buurtsim(tmp.path())
        .args(["run", "small.toml"])
        .assert()
        .code(2);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out", "--threads", "0"])
        .assert()
        .code(2);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "-o", "out", "--replications", "x"])
        .assert()
        .code(2);
    // Two files with the same name would share a folder.
    fs::create_dir(tmp.path().join("sub")).unwrap();
    write(&tmp.path().join("sub"), "small.toml", SMALL);
    buurtsim(tmp.path())
        .args(["run", "small.toml", "sub/small.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("small/"));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn check_prints_the_resolved_scenario_and_an_estimate() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    let out = buurtsim(tmp.path())
        .args(["check", "small.toml", "--threads", "2"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Estimated run time"), "{stdout}");
    // The output is itself a valid scenario, equal to the input with defaults filled in.
    let back: buurtsim::scenario::Scenario = toml::from_str(&stdout).unwrap();
    assert_eq!(back.population.residents, 300);
    assert_eq!(back.run.replications, 6);
    assert_eq!(back.gp, buurtsim::scenario::Scenario::default().gp);
}

#[test]
fn check_prints_the_capacity_it_will_use() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "small.toml", SMALL);
    let text = format!("{SMALL}\n[services]\nhome_help_hours_per_week = 25.0\n");
    write(tmp.path(), "override.toml", &text);
    let stdout = |file: &str| {
        let out = buurtsim(tmp.path())
            .args(["check", file, "--threads", "1"])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    // 300 residents: the defaults per 1,000 x 0.3.
    let small = stdout("small.toml");
    for line in [
        "# Capacity for 300 residents",
        "#   district nursing  14.4 hours/week (48 per 1,000)",
        "#   home help         20.4 hours/week (68 per 1,000)",
        "#   welfare           1 contacts/week (3.3 per 1,000)",
        "#   practice nurse    1.5 contacts/week (5 per 1,000)",
    ] {
        assert!(small.contains(line), "{line:?} missing:\n{small}");
    }
    let overridden = stdout("override.toml");
    assert!(
        overridden
            .contains("#   home help         25 hours/week (`services.home_help_hours_per_week`)"),
        "{overridden}"
    );
    assert!(overridden.contains("home_help_hours_per_week = 25.0"));
}

/// The relevance column of `metric` in a `comparison.csv` or `shift.csv`.
fn relevant_difference(path: &Path, metric_col: usize, metric: &str) -> String {
    let (header, rows) = read_csv(path);
    let col = header
        .iter()
        .position(|h| h == "relevant_difference")
        .unwrap();
    rows.iter()
        .find(|r| r[metric_col] == metric)
        .map(|r| r[col].clone())
        .unwrap()
}

/// A minimal relevant difference of the user's own: the reference's
/// `[relevance]` sets it, `--relevant` wins over it (on `run` and on
/// `compare`), and an unknown metric is refused naming the file.
#[test]
fn relevance_thresholds_come_from_the_scenario_and_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let own = format!(
        "{SMALL}\n[relevance.absolute]\ncarers_heavily_burdened_share = 0.005\n\n\
         [relevance.relative]\ngp_contacts_per_resident_year = 0.03\n"
    );
    write(tmp.path(), "a.toml", &own);
    write(
        tmp.path(),
        "b.toml",
        &format!(
            "{}\n[interventions.carer_support]\n",
            SMALL.replace("\"small\"", "\"b\"")
        ),
    );
    buurtsim(tmp.path())
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--replications",
            "3",
        ])
        .assert()
        .success();
    let csv = tmp.path().join("out/comparison.csv");
    assert_eq!(
        relevant_difference(&csv, 0, "carers_heavily_burdened_share"),
        "0.005"
    );
    let (_, rows) = read_csv(&csv);
    let gp = rows
        .iter()
        .find(|r| r[0] == "gp_contacts_per_resident_year")
        .unwrap();
    let base: f64 = gp[3].parse().unwrap();
    let delta: f64 = relevant_difference(&csv, 0, "gp_contacts_per_resident_year")
        .parse()
        .unwrap();
    assert!(
        (delta - 0.03 * base).abs() < 1e-12,
        "{delta} vs 3% of {base}"
    );
    // The folders remember it: compare judges the same, and --relevant wins.
    buurtsim(tmp.path())
        .args(["compare", "out/a", "out/b", "-o", "cmp"])
        .assert()
        .success();
    assert_eq!(
        relevant_difference(
            &tmp.path().join("cmp/comparison.csv"),
            0,
            "carers_heavily_burdened_share"
        ),
        "0.005"
    );
    buurtsim(tmp.path())
        .args([
            "compare",
            "out/a",
            "out/b",
            "-o",
            "cmp2",
            "--relevant",
            "carers_heavily_burdened_share=0.02",
        ])
        .assert()
        .success();
    assert_eq!(
        relevant_difference(
            &tmp.path().join("cmp2/comparison.csv"),
            0,
            "carers_heavily_burdened_share"
        ),
        "0.02"
    );
    // On run, too.
    buurtsim(tmp.path())
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out2",
            "--replications",
            "2",
            "--relevant",
            "gp_contacts_per_resident_year=10%",
        ])
        .assert()
        .success();
    let delta: f64 = relevant_difference(
        &tmp.path().join("out2/comparison.csv"),
        0,
        "gp_contacts_per_resident_year",
    )
    .parse()
    .unwrap();
    assert!(delta > 0.05 * base, "{delta}");
    // Mistakes: a metric that does not exist, a value that is no number.
    write(
        tmp.path(),
        "bad.toml",
        &format!("{SMALL}\n[relevance.absolute]\ncarers_heavily_burdend_share = 0.005\n"),
    );
    buurtsim(tmp.path())
        .args(["run", "bad.toml", "b.toml", "-o", "out3"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.toml")
                .and(predicate::str::contains("unknown metric"))
                .and(predicate::str::contains("carers_heavily_burdened_share")),
        );
    buurtsim(tmp.path())
        .args([
            "compare",
            "out/a",
            "out/b",
            "--relevant",
            "gp_contacts_per_resident_year=lots",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a number over 0"));
}

/// The report opens with the headline and adds the ledger's money up over
/// the measured years; `--discount` adds the discounted total, nothing else.
#[test]
fn report_has_headline_and_cumulative_money() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", SMALL);
    write(
        tmp.path(),
        "b.toml",
        &format!(
            "{}\n[interventions.carer_support]\n",
            SMALL.replace("\"small\"", "\"Steun\"")
        ),
    );
    buurtsim(tmp.path())
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--replications",
            "3",
        ])
        .assert()
        .success();
    let report = |name: &str, extra: &[&str]| {
        buurtsim(tmp.path())
            .args(["report", "out", "-o", name])
            .args(extra)
            .assert()
            .success();
        fs::read_to_string(tmp.path().join(name)).unwrap()
    };
    let plain = report("r.html", &[]);
    let headline = plain.find("<section id=\"headline\"").expect("headline");
    assert!(headline < plain.find("<section id=\"guide\"").unwrap());
    assert!(
        plain.contains("<h3>Steun tegenover small</h3>"),
        "names in the headline"
    );
    assert!(plain.contains("alle betalers"));
    assert!(plain.contains("data-table=\"shift-b-cumulative\""));
    assert!(plain.contains("Over 2 jaar"));
    assert!(!plain.contains("Contant gemaakt"));
    let discounted = report("d.html", &["--discount"]);
    assert!(discounted.contains("Contant gemaakt (3,0% per jaar)"));
    let english = report(
        "e.html",
        &["--lang", "en", "--relevant", "cost_total_eur_year=1"],
    );
    assert!(english.contains("In short") && english.contains("Over 2 years"));
}

/// At a rate of 0 the discounted total of every ledger line is its yearly
/// amount x the measured years: the yearly series of `timeseries.csv` that
/// discounting adds up agree with the replications' yearly metrics.
#[test]
fn undiscounted_yearly_series_add_up_to_the_cumulative_amount() {
    use buurtsim::analysis::folders::read_folder;
    use buurtsim::analysis::shift::{discounted_amount, shift_ledger};
    use buurtsim::stats::discount::Discount;
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", SMALL);
    write(
        tmp.path(),
        "b.toml",
        &format!("{SMALL}\n[interventions.carer_support]\n[interventions.meeting_place]\n"),
    );
    buurtsim(tmp.path())
        .args([
            "run",
            "a.toml",
            "b.toml",
            "-o",
            "out",
            "--replications",
            "3",
        ])
        .assert()
        .success();
    let a = read_folder(&tmp.path().join("out/a")).unwrap();
    let b = read_folder(&tmp.path().join("out/b")).unwrap();
    let zero = Discount {
        costs: 0.0,
        effects: 0.0,
    };
    let years = a.horizon.years;
    assert_eq!(years, 2.0);
    for line in shift_ledger(&a, &b) {
        let (rate, total) = discounted_amount(&line, &a, &b, zero)
            .unwrap_or_else(|| panic!("{}: no yearly series", line.item.id));
        assert_eq!(rate, 0.0);
        let expected = line.amount.mean * years;
        assert!(
            (total - expected).abs() <= 1e-6 * expected.abs().max(1.0),
            "{}: {total} vs {expected}",
            line.item.id
        );
    }
}
