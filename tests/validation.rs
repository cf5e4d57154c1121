//! The calibrated baseline stays calibrated: a reduced validation run (fewer
//! replications, the same targets) must meet every published target, with
//! tolerances widened only by the reduced run's own standard error. And the
//! `validate` command reports a missed target with exit code 3.

use assert_cmd::Command;
use buurtsim::experiment::{NoProgress, NullSink, Runner, ScenarioRun};
use buurtsim::scenario::load_embedded;
use buurtsim::validation::{check, targets};

#[test]
fn the_baseline_meets_every_target_in_a_reduced_run() {
    let scenario = load_embedded("baseline").unwrap();
    let runner = Runner::new(0).unwrap();
    let runs = [ScenarioRun {
        id: "baseline".into(),
        scenario,
    }];
    let summary = runner.run(&runs, 12, &NoProgress, &mut NullSink).unwrap();
    // 12 instead of 50 replications: widen each tolerance by 3 standard
    // errors of the 12-replication mean, and nothing else.
    let checks = check(&targets(), &summary.scenarios[0].metrics, 3.0);
    let off: Vec<String> = checks
        .iter()
        .filter(|c| !c.within)
        .map(|c| {
            format!(
                "{}: model {:.4}, target {} ± {}",
                c.target.id, c.model.mean, c.target.target, c.target.tolerance
            )
        })
        .collect();
    assert!(off.is_empty(), "targets missed: {off:#?}");
}

#[test]
fn validate_exits_3_and_names_a_missed_target() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("understaffed.toml");
    std::fs::write(
        &file,
        "[population]\nresidents = 1500\n[run]\nyears = 1\nwarmup_years = 1\n[gp]\nfte = 0.4\n",
    )
    .unwrap();
    let out = dir.path().join("v.csv");
    let assert = Command::cargo_bin("buurtsim")
        .unwrap()
        .args([
            "validate",
            file.to_str().unwrap(),
            "--replications",
            "2",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("patients_per_gp_fte (check)"), "{stderr}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with(
        "id,metric,role,unit,target,tolerance,model_mean,ci_low,ci_high,n,deviation,within,source"
    ));
    assert!(csv.contains("\npatients_per_gp_fte,patients_per_gp_fte,check,"));
    // The table has the role column, and its last line counts fit and check apart.
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout
        .lines()
        .next()
        .unwrap_or_default()
        .starts_with("target"));
    assert!(stdout.contains(" role "), "{stdout}");
    assert!(
        stdout.contains(" fit, ") && stdout.contains(" check; "),
        "{stdout}"
    );
    assert_eq!(csv.lines().count(), 1 + targets().len());
}
