//! `buurtsim sweep` end to end: the files a grid and a Latin-hypercube
//! sweep write, thread-count independence, and errors for bad paths.
//!
//! Scenarios are small (1,500 residents, 1 + 2 years) so the whole file
//! runs in a few seconds.

use assert_cmd::cargo::cargo_bin_cmd;
use buurtsim::model::{metric_index, METRICS};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const SMALL: &str = "\
[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 2

[interventions.carer_support]
";

const COVERAGE: &str = "interventions.carer_support.coverage";
const GAIN: &str = "interventions.carer_support.burden_gain_multiplier";

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

/// A 2 x 2 grid of 3 replications per point.
fn grid_scenario() -> String {
    format!(
        "{SMALL}\n[sweep]\nmethod = \"grid\"\nreplications = 3\n\n[sweep.parameters]\n\
         \"{COVERAGE}\" = [0.2, 0.7]\n\"{GAIN}\" = [0.5, 0.9]\n"
    )
}

/// A grid of 2 x 2 points gives 2 x 2 x R rows of replications.csv, with the
/// swept values in their columns, in (point, replication) order, and a tidy
/// points.csv of one row per point and metric.
#[test]
fn grid_writes_one_row_per_point_and_replication() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "grid.toml", &grid_scenario());
    buurtsim(tmp.path())
        .args(["sweep", "grid.toml", "-o", "out"])
        .assert()
        .success();
    let out = tmp.path().join("out");

    let (header, rows) = read_csv(&out.join("replications.csv"));
    // `scenario` first (issue 19): the sweep's scenario id on every row.
    let expected: Vec<String> = ["scenario", "point", GAIN, COVERAGE, "replication"]
        .into_iter()
        .chain(METRICS.iter().map(|m| m.name))
        .map(String::from)
        .collect();
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 4 * 3);
    // Paths sorted (burden_gain_multiplier before coverage), the last fastest.
    let points = [
        ("0.5", "0.2"),
        ("0.5", "0.7"),
        ("0.9", "0.2"),
        ("0.9", "0.7"),
    ];
    for (i, row) in rows.iter().enumerate() {
        let (point, replication) = (i / 3, i % 3);
        assert_eq!(row[0], "grid");
        assert_eq!(row[1], point.to_string());
        assert_eq!((row[2].as_str(), row[3].as_str()), points[point]);
        assert_eq!(row[4], replication.to_string());
        assert!(row[5..].iter().all(|x| x.parse::<f64>().is_ok()), "{row:?}");
    }

    let (header, rows) = read_csv(&out.join("points.csv"));
    assert_eq!(
        header,
        ["point", GAIN, COVERAGE, "metric", "unit", "mean", "sd", "ci_low", "ci_high", "n"]
    );
    assert_eq!(rows.len(), 4 * METRICS.len());
    for (i, row) in rows.iter().enumerate() {
        let (point, metric) = (i / METRICS.len(), &METRICS[i % METRICS.len()]);
        assert_eq!(row[0], point.to_string());
        assert_eq!((row[1].as_str(), row[2].as_str()), points[point]);
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            (metric.name, metric.unit)
        );
        assert_eq!(row[9], "3");
    }

    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(out.join("manifest.toml")).unwrap()).unwrap();
    assert_eq!(manifest["kind"].as_str(), Some("sweep"));
    assert_eq!(manifest["method"].as_str(), Some("grid"));
    assert_eq!(manifest["points"].as_integer(), Some(4));
    assert_eq!(manifest["replications"].as_integer(), Some(3));
    assert_eq!(manifest["seed"].as_integer(), Some(20261122));
    assert!(!manifest.contains_key("design_seed"));
    let resolved = manifest["resolved_scenario"].as_str().unwrap();
    assert!(resolved.contains("[sweep.parameters]"), "{resolved}");
    assert_eq!(
        manifest["input_hash"].as_str().unwrap(),
        buurtsim::output::input_hash(resolved)
    );
}

/// Common random numbers: a point whose values equal the scenario's gives
/// exactly the replications of `buurtsim run` of the scenario.
#[test]
fn a_point_equals_a_plain_run_of_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "sweep.toml",
        &format!("{SMALL}\n[sweep]\n[sweep.parameters]\n\"{COVERAGE}\" = [0.1, 0.4]\n"),
    );
    write(tmp.path(), "plain.toml", SMALL);
    buurtsim(tmp.path())
        .args(["sweep", "sweep.toml", "-o", "s"])
        .assert()
        .success();
    buurtsim(tmp.path())
        .args(["run", "plain.toml", "-o", "r"])
        .assert()
        .success();
    let (_, swept) = read_csv(&tmp.path().join("s/replications.csv"));
    let (_, plain) = read_csv(&tmp.path().join("r/plain/replications.csv"));
    // Coverage 0.4 is the default: point 1 is the plain scenario.
    let point_1: Vec<Vec<String>> = swept
        .iter()
        .filter(|row| row[1] == "1")
        .map(|row| row[3..].to_vec())
        .collect();
    // The same replications and metrics; `scenario` names each file's own.
    let plain: Vec<Vec<String>> = plain.iter().map(|row| row[1..].to_vec()).collect();
    assert_eq!(point_1, plain);
}

/// The same sweep on 1 and 2 threads writes byte-identical files, the
/// manifest included; only run-info.toml records the thread count.
#[test]
fn files_are_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "grid.toml", &grid_scenario());
    for (threads, out) in [("1", "t1"), ("2", "t2")] {
        buurtsim(tmp.path())
            .args(["sweep", "grid.toml", "-o", out, "--threads", threads])
            .assert()
            .success();
    }
    for file in ["replications.csv", "points.csv", "manifest.toml"] {
        let a = fs::read(tmp.path().join("t1").join(file)).unwrap();
        let b = fs::read(tmp.path().join("t2").join(file)).unwrap();
        assert!(a == b, "{file} differs between 1 and 2 threads");
    }
    let info = fs::read_to_string(tmp.path().join("t2/run-info.toml")).unwrap();
    assert!(info.contains("threads = 2"), "{info}");
}

/// Points of a Latin hypercube, by point: the swept values from points.csv.
fn lhs_points(out: &Path, columns: usize) -> Vec<Vec<f64>> {
    let (_, rows) = read_csv(&out.join("points.csv"));
    let mut points: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for row in rows {
        let values = row[1..=columns]
            .iter()
            .map(|x| x.parse().unwrap())
            .collect();
        points.insert(row[0].parse().unwrap(), values);
    }
    points.into_values().collect()
}

fn sorted_strata(positions: impl Iterator<Item = f64>, n: usize) -> Vec<usize> {
    let mut strata: Vec<usize> = positions.map(|u| (u * n as f64) as usize).collect();
    strata.sort_unstable();
    strata
}

/// A Latin hypercube of 5 points puts one point in each of 5 strata per
/// parameter, within bounds; with `log = true` the strata are of equal
/// ratio. `--replications` overrides the file, and the design seed is
/// recorded.
#[test]
fn latin_hypercube_has_one_point_per_stratum() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{SMALL}\n[sweep]\nmethod = \"lhs\"\npoints = 5\nseed = 99\nreplications = 4\n\n\
         [sweep.parameters]\n\"{COVERAGE}\" = {{ min = 0.1, max = 0.9 }}\n\
         \"care.burden_gain_per_week\" = {{ min = 0.01, max = 1.0, log = true }}\n"
    );
    write(tmp.path(), "lhs.toml", &text);
    buurtsim(tmp.path())
        .args(["sweep", "lhs.toml", "-o", "out", "--replications", "1"])
        .assert()
        .success();
    let out = tmp.path().join("out");
    let (header, rows) = read_csv(&out.join("replications.csv"));
    assert_eq!(header[2..4], ["care.burden_gain_per_week", COVERAGE]);
    assert_eq!(rows.len(), 5);

    let points = lhs_points(&out, 2);
    assert_eq!(points.len(), 5);
    let all: Vec<usize> = (0..5).collect();
    let gain = points.iter().map(|p| (p[0] / 0.01).ln() / 100f64.ln());
    assert_eq!(sorted_strata(gain, 5), all, "{points:?}");
    let coverage = points.iter().map(|p| (p[1] - 0.1) / 0.8);
    assert_eq!(sorted_strata(coverage, 5), all, "{points:?}");
    assert!(points
        .iter()
        .all(|p| (0.01..=1.0).contains(&p[0]) && (0.1..=0.9).contains(&p[1])));

    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(out.join("manifest.toml")).unwrap()).unwrap();
    assert_eq!(manifest["design_seed"].as_integer(), Some(99));
    assert_eq!(manifest["replications"].as_integer(), Some(1));
    assert!(manifest["resolved_scenario"]
        .as_str()
        .unwrap()
        .contains("replications = 1\n"));

    // The same seed gives the same points; another seed other points.
    buurtsim(tmp.path())
        .args(["sweep", "lhs.toml", "-o", "again", "--replications", "1"])
        .assert()
        .success();
    assert_eq!(lhs_points(&tmp.path().join("again"), 2), points);
    write(
        tmp.path(),
        "lhs2.toml",
        &text.replace("seed = 99", "seed = 100"),
    );
    buurtsim(tmp.path())
        .args(["sweep", "lhs2.toml", "-o", "other", "--replications", "1"])
        .assert()
        .success();
    assert_ne!(lhs_points(&tmp.path().join("other"), 2), points);
}

/// An unknown parameter path is the user's mistake: exit code 2, a message
/// naming the file, line and path, and nothing written.
#[test]
fn an_unknown_path_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "typo.toml",
        &format!("{SMALL}\n[sweep]\n[sweep.parameters]\n\"gp.ftee\" = [4.0, 5.0]\n"),
    );
    buurtsim(tmp.path())
        .args(["sweep", "typo.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("typo.toml:13:13:")
                .and(predicate::str::contains("gp.ftee"))
                .and(predicate::str::contains("did you mean `gp.fte`?")),
        );
    assert!(!tmp.path().join("out").exists());

    // A value out of the parameter's range, and a file without a sweep.
    write(
        tmp.path(),
        "range.toml",
        &format!("{SMALL}\n[sweep]\n[sweep.parameters]\n\"{COVERAGE}\" = [0.5, 1.5]\n"),
    );
    buurtsim(tmp.path())
        .args(["sweep", "range.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("range.toml:13:")
                .and(predicate::str::contains("valid is 0 to 1 (share)")),
        );
    write(tmp.path(), "plain.toml", SMALL);
    buurtsim(tmp.path())
        .args(["sweep", "plain.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no [sweep] table"));
}

/// An existing output folder is refused without --force, replaced with it.
#[test]
fn an_existing_folder_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "one.toml",
        &format!("{SMALL}\n[sweep]\nreplications = 1\n[sweep.parameters]\n\"gp.fte\" = [0.8]\n"),
    );
    buurtsim(tmp.path())
        .args(["sweep", "one.toml", "-o", "out"])
        .assert()
        .success();
    buurtsim(tmp.path())
        .args(["sweep", "one.toml", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    buurtsim(tmp.path())
        .args(["sweep", "one.toml", "-o", "out", "--force"])
        .assert()
        .success();
}

/// Sanity: reaching more carers lowers the share of heavily burdened
/// carers, point by point (paired by common random numbers).
#[test]
fn more_coverage_means_fewer_heavily_burdened_carers() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n[sweep]\nreplications = 4\n[sweep.parameters]\n\"{COVERAGE}\" = [0.0, 0.3, 0.6, 0.9]\n",
        SMALL.replace("residents = 1500", "residents = 3000")
    );
    write(tmp.path(), "coverage.toml", &text);
    buurtsim(tmp.path())
        .args(["sweep", "coverage.toml", "-o", "out"])
        .assert()
        .success();
    let (_, rows) = read_csv(&tmp.path().join("out/points.csv"));
    let metric = METRICS[metric_index("carers_heavily_burdened_share").unwrap()].name;
    let means: Vec<f64> = rows
        .iter()
        .filter(|row| row[2] == metric)
        .map(|row| row[4].parse().unwrap())
        .collect();
    assert_eq!(means.len(), 4);
    assert!(
        means.windows(2).all(|w| w[1] < w[0]),
        "heavily burdened share by coverage 0, 0.3, 0.6, 0.9: {means:?}"
    );
}
