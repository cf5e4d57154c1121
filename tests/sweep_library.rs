//! Sweeps through the library: `[sweep]` is inherited through `extends`,
//! `run` is told to use `sweep`, the shipped example plans as documented,
//! and the files do not depend on how points are batched or on threads.

use buurtsim::experiment::{run_store, NoProgress, Runner, SweepPlan};
use buurtsim::output::{Opened, Overwrite, SweepFolder, SweepInput, SweepMode, SweepOptions};
use buurtsim::scenario::{
    ensure_no_sweep, load, load_embedded, resolved_toml, SweepAxis, SweepMethod,
};
use std::fs;
use std::path::Path;

const SMALL_SWEEP: &str = "\
name = \"small sweep\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 2

[interventions.carer_support]

[sweep]
method = \"grid\"

[sweep.parameters]
\"interventions.carer_support.coverage\" = [0.2, 0.5, 0.8]
\"gp.episode_rate_by_age[4]\" = [3.0, 3.6]
";

/// A child file inherits its parent's `[sweep]` and merges into it key by
/// key, like any other table.
#[test]
fn sweep_is_inherited_through_extends() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("parent.toml"), SMALL_SWEEP).unwrap();
    fs::write(
        tmp.path().join("child.toml"),
        "extends = \"parent.toml\"\n[sweep]\nreplications = 5\n[sweep.parameters]\n\
         \"gp.fte\" = [5.0, 6.0]\n",
    )
    .unwrap();
    let child = load(&tmp.path().join("child.toml")).unwrap();
    let sweep = child.sweep.as_ref().unwrap();
    assert_eq!(sweep.method, SweepMethod::Grid);
    assert_eq!(sweep.replications, Some(5));
    let paths: Vec<&str> = sweep.parameters.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "gp.episode_rate_by_age[4]",
            "gp.fte",
            "interventions.carer_support.coverage"
        ]
    );
    let plan = SweepPlan::new(&child).unwrap();
    assert_eq!(plan.len(), 2 * 2 * 3);
    assert_eq!(plan.replications, 5);

    // The resolved text reads back to the same scenario.
    let text = resolved_toml(&child);
    fs::write(tmp.path().join("resolved.toml"), &text).unwrap();
    assert_eq!(load(&tmp.path().join("resolved.toml")).unwrap(), child);
}

/// `buurtsim run` is pointed to `buurtsim sweep` for a scenario with a sweep.
#[test]
fn run_is_told_to_use_sweep() {
    let shipped = load_embedded("sweep-carer-support").unwrap();
    let err = ensure_no_sweep(&shipped).unwrap_err().to_string();
    assert!(err.contains("buurtsim sweep FILE -o DIR"), "{err}");
    assert!(ensure_no_sweep(&load_embedded("baseline").unwrap()).is_ok());
}

/// The shipped example: carer support on, 3 coverages x 2 burden-gain
/// multipliers, 10 replications per point, baseline seed.
#[test]
fn the_shipped_sweep_plans_six_points() {
    let scenario = load_embedded("sweep-carer-support").unwrap();
    let baseline = load_embedded("baseline").unwrap();
    assert!(scenario.interventions.carer_support.is_some());
    let sweep = scenario.sweep.as_ref().unwrap();
    assert_eq!(
        sweep.parameters["interventions.carer_support.coverage"],
        SweepAxis::Values(vec![0.2, 0.4, 0.6])
    );
    let plan = SweepPlan::new(&scenario).unwrap();
    assert_eq!(plan.len(), 6);
    assert_eq!(plan.replications, 10);
    assert_eq!(plan.seed, baseline.run.seed);
    assert_eq!(
        plan.points,
        [
            [0.6, 0.2],
            [0.6, 0.4],
            [0.6, 0.6],
            [0.8, 0.2],
            [0.8, 0.4],
            [0.8, 0.6]
        ]
    );
    // Each point is the baseline plus carer support with the point's values.
    for (i, run) in plan.runs(0..plan.len()).iter().enumerate() {
        let support = run.scenario.interventions.carer_support.as_ref().unwrap();
        assert_eq!(
            [support.burden_gain_multiplier, support.coverage],
            plan.points[i][..]
        );
        assert_eq!(run.scenario.population, baseline.population);
        assert_eq!(run.scenario.sweep, None);
    }
}

fn sweep_into(dir: &Path, threads: usize, rows_per_batch: usize) -> Vec<Vec<u8>> {
    let file = dir.with_extension("toml");
    fs::write(&file, SMALL_SWEEP).unwrap();
    let scenario = load(&file).unwrap();
    let input = SweepInput {
        id: "small".to_string(),
        source: "small.toml".to_string(),
        resolved_toml: resolved_toml(&scenario),
        plan: SweepPlan::new(&scenario).unwrap(),
    };
    let options = SweepOptions {
        rows_per_batch,
        ..SweepOptions::new(Overwrite::Refuse)
    };
    // `output` keeps the records and writes; `experiment` runs the jobs.
    let Opened::Ready(folder) =
        SweepFolder::open(dir, &input, options, SweepMode::default()).unwrap()
    else {
        panic!("a new folder has work to do")
    };
    let runner = Runner::new(threads).unwrap();
    let outcome = run_store(&runner, folder, &NoProgress).unwrap();
    assert_eq!(outcome.summary.points.len(), 6);
    assert_eq!(outcome.summary.threads, threads);
    assert_eq!((outcome.work.recovered, outcome.work.ran), (0, 6 * 2));
    ["replications.csv", "points.csv", "manifest.toml"]
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect()
}

/// Batches of one point (streamed), of two points (uneven: 6 points in
/// batches of 4 and 2) and of all points, on 1 and 2 threads, give the same
/// bytes.
#[test]
fn files_do_not_depend_on_batches_or_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let reference = sweep_into(&tmp.path().join("a"), 1, 4096);
    for (k, (threads, rows)) in [(2, 4096), (1, 1), (2, 1), (2, 8)].into_iter().enumerate() {
        let got = sweep_into(&tmp.path().join(format!("b{k}")), threads, rows);
        assert!(
            got == reference,
            "{threads} threads, {rows} rows per batch: files differ"
        );
    }
    let text = String::from_utf8(reference[0].clone()).unwrap();
    let order: Vec<(&str, &str)> = text
        .lines()
        .skip(1)
        .map(|line| {
            // scenario, point, two swept values, replication, metrics...
            let f: Vec<&str> = line.splitn(6, ',').collect();
            (f[1], f[4])
        })
        .collect();
    let expected: Vec<(String, String)> = (0..6)
        .flat_map(|p| (0..2).map(move |r| (p.to_string(), r.to_string())))
        .collect();
    let expected: Vec<(&str, &str)> = expected
        .iter()
        .map(|(p, r)| (p.as_str(), r.as_str()))
        .collect();
    assert_eq!(order, expected);
}
