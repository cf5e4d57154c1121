//! buurtsim's Sobol and Morris estimators agree with SALib's (issue 20):
//! buurtsim builds a Saltelli design (N = 256) and Morris trajectories
//! (r = 256, p = 4) for Ishigami's three inputs plus a `dummy` the function
//! never reads, evaluates Ishigami on them, and writes the designs and
//! outputs as CSV; a Python script loads them with numpy and runs
//! `SALib.analyze.sobol.analyze(..., calc_second_order=False)` and
//! `SALib.analyze.morris.analyze(..., num_levels=4)`. S1, ST, μ, μ* and σ
//! must match to 1e-9 relative or 1e-12 absolute, whichever is larger:
//! anyone re-analysing buurtsim's files in SALib gets buurtsim's numbers.
//!
//! The interpreter is `$BUURTSIM_PYTHON` (`.ci/run` points it at a virtual
//! environment with SALib), else `python3`. Without SALib the test shows
//! as ignored with the reason; under `CI=true` it fails instead
//! (`tests/needs/mod.rs`; this file runs under `libtest-mimic`).

use buurtsim::sensitivity::{
    morris_design, morris_indices, saltelli_design, scale_row, sobol_indices, Bootstrap,
    ParameterRange,
};
use libtest_mimic::Completion;
use std::f64::consts::PI;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

mod needs;
use needs::{may_skip, Outcome};

fn main() {
    needs::main(vec![
        may_skip(
            "sobol_and_morris_point_estimates_match_salib",
            sobol_and_morris_point_estimates_match_salib,
        ),
        may_skip(
            "a_sensitivity_folder_reanalysed_in_salib_gives_its_indices",
            a_sensitivity_folder_reanalysed_in_salib_gives_its_indices,
        ),
    ]);
}

/// Base samples of the Saltelli design, and Morris trajectories.
const SAMPLES: usize = 256;
/// Morris grid levels.
const LEVELS: usize = 4;
/// Parameter names, the dummy last, as in a sensitivity run's `design.csv`.
const NAMES: [&str; 4] = ["x1", "x2", "x3", "dummy"];

/// Loads the CSVs, runs SALib, prints the point estimates as JSON.
const SCRIPT: &str = r#"
import json, sys, warnings
import numpy as np
from SALib.analyze import sobol, morris
warnings.simplefilter("ignore")
folder = sys.argv[1]
names = ["x1", "x2", "x3", "dummy"]
problem = {"num_vars": 4, "names": names,
           "bounds": [[-np.pi, np.pi]] * 3 + [[0.0, 1.0]]}
y_sobol = np.loadtxt(folder + "/sobol-outputs.csv", delimiter=",", skiprows=1)
x_morris = np.loadtxt(folder + "/morris-design.csv", delimiter=",", skiprows=1)
y_morris = np.loadtxt(folder + "/morris-outputs.csv", delimiter=",", skiprows=1)
s = sobol.analyze(problem, y_sobol, calc_second_order=False, print_to_console=False)
m = morris.analyze(problem, x_morris, y_morris, num_levels=4)
as_list = lambda v: [float(x) for x in np.asarray(v, dtype=float)]
print(json.dumps({"S1": as_list(s["S1"]), "ST": as_list(s["ST"]),
                  "mu": as_list(m["mu"]), "mu_star": as_list(m["mu_star"]),
                  "sigma": as_list(m["sigma"])}))
"#;

/// Ishigami (a = 7, b = 0.1); the fourth input, the dummy, is not read.
fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

fn ranges() -> Vec<ParameterRange> {
    let pi = ParameterRange::linear(-PI, PI).unwrap();
    vec![pi, pi, pi, ParameterRange::linear(0.0, 1.0).unwrap()]
}

/// The interpreter to use: `$BUURTSIM_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("BUURTSIM_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// The interpreter with SALib, or the outcome of a test that cannot run
/// without it (ignored with the reason; a failure under `CI=true`).
fn python_with_salib() -> Result<String, Outcome> {
    let python = python();
    if has_salib(&python) {
        return Ok(python);
    }
    Err(needs::unavailable(
        &format!("`{python}` cannot import numpy and SALib"),
        "pip install SALib numpy into a virtual environment and set BUURTSIM_PYTHON to its python; .ci/run does",
    ))
}

/// Runs a Python `script` with `args` and returns the last line it prints
/// (the script's one-line JSON); fails the test with its output if it fails.
fn run_script(python: &str, script: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "SALib script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout.lines().last().unwrap_or_default().to_string()
}

fn has_salib(python: &str) -> bool {
    Command::new(python)
        .args(["-c", "import numpy, SALib"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Rows of numbers as CSV under a header; `{}` prints the shortest
/// decimal that reads back as the same `f64`.
fn write_csv(path: &Path, header: &str, rows: impl Iterator<Item = Vec<f64>>) {
    let mut text = format!("{header}\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        writeln!(text, "{}", cells.join(",")).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// The list of numbers under `"key"` in the script's one-line JSON.
fn json_list(json: &str, key: &str) -> Vec<f64> {
    let start = json
        .find(&format!("\"{key}\": ["))
        .unwrap_or_else(|| panic!("{key} in {json}"));
    let rest = &json[start + key.len() + 5..];
    let body = &rest[..rest.find(']').unwrap()];
    body.split(',').map(|v| v.trim().parse().unwrap()).collect()
}

/// Whether `ours` equals SALib's `theirs` to 1e-9 relative or 1e-12
/// absolute, whichever is larger.
fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= (1e-9 * ours.abs().max(theirs.abs())).max(1e-12)
}

fn sobol_and_morris_point_estimates_match_salib() -> Outcome {
    let python = match python_with_salib() {
        Ok(python) => python,
        Err(skip) => return skip,
    };
    let dir = tempfile::tempdir().unwrap();
    let ranges = ranges();
    let header = NAMES.join(",");

    let saltelli = saltelli_design(SAMPLES, NAMES.len(), 20).unwrap();
    let x: Vec<Vec<f64>> = saltelli
        .iter()
        .map(|r| scale_row(&r.unit, &ranges).unwrap())
        .collect();
    let y_sobol: Vec<f64> = x.iter().map(|x| ishigami(x)).collect();
    write_csv(&dir.path().join("sobol-design.csv"), &header, x.into_iter());
    write_csv(
        &dir.path().join("sobol-outputs.csv"),
        "y",
        y_sobol.iter().map(|&y| vec![y]),
    );

    let trajectories = morris_design(SAMPLES, NAMES.len(), LEVELS, 20).unwrap();
    let x_morris: Vec<Vec<f64>> = trajectories
        .iter()
        .map(|p| scale_row(&p.unit, &ranges).unwrap())
        .collect();
    let y_morris: Vec<f64> = x_morris.iter().map(|x| ishigami(x)).collect();
    write_csv(
        &dir.path().join("morris-design.csv"),
        &header,
        x_morris.iter().cloned(),
    );
    write_csv(
        &dir.path().join("morris-outputs.csv"),
        "y",
        y_morris.iter().map(|&y| vec![y]),
    );

    let dir_arg = dir.path().display().to_string();
    let output = run_script(&python, SCRIPT, &[&dir_arg]);
    let json = output.as_str();

    let none = Bootstrap {
        resamples: 0,
        seed: 0,
    };
    let s = sobol_indices(&y_sobol, NAMES.len(), &none).unwrap();
    let m = morris_indices(&x_morris, &y_morris, LEVELS, &none).unwrap();
    let ours = [
        ("S1", s.first),
        ("ST", s.total),
        ("mu", m.mu),
        ("mu_star", m.mu_star),
        ("sigma", m.sigma),
    ];
    let mut worst = 0.0_f64;
    let mut report = String::new();
    for (index, estimates) in ours {
        let theirs = json_list(json, index);
        assert_eq!(theirs.len(), NAMES.len(), "{index} in {json}");
        for ((name, e), t) in NAMES.iter().zip(&estimates).zip(&theirs) {
            worst = worst.max((e.value - t).abs());
            writeln!(
                report,
                "{index:8} {name:6} buurtsim {:+.15e} SALib {t:+.15e}",
                e.value
            )
            .unwrap();
            assert!(
                close(e.value, *t),
                "{index} of {name}: buurtsim {} but SALib {t}\n{report}",
                e.value
            );
        }
    }
    eprintln!("{report}largest difference from SALib: {worst:e}");
    Ok(Completion::Completed)
}

/// Re-analyses a `buurtsim sensitivity` folder as the README tells a user
/// to: `design.csv`'s parameter columns (the dummy included) as the
/// problem, each point's mean over its replications of a metric from
/// `replications.csv` as the output, SALib with `calc_second_order=False`.
const FOLDER_SCRIPT: &str = r#"
import csv, json, sys, warnings
import numpy as np
from SALib.analyze import sobol, morris
warnings.simplefilter("ignore")
folder, method, metrics = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
with open(folder + "/design.csv") as f:
    rows = list(csv.reader(f))
names = rows[0][2:]
x = np.array([[float(v) for v in r[2:]] for r in rows[1:]])
reps = {}
with open(folder + "/replications.csv") as f:
    for r in csv.DictReader(f):
        reps.setdefault(int(r["point"]), []).append(r)
out = {}
problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
for metric in metrics:
    y = []
    for p in range(len(x)):
        mean = 0.0
        for r in reps[p]:
            mean += float(r[metric]) / len(reps[p])
        y.append(mean)
    y = np.array(y)
    if method == "sobol":
        s = sobol.analyze(problem, y, calc_second_order=False, print_to_console=False)
        out[metric] = {"S1": list(map(float, s["S1"])), "ST": list(map(float, s["ST"]))}
    else:
        m = morris.analyze(problem, x, y, num_levels=4)
        out[metric] = {k: list(map(float, m[k])) for k in ["mu", "mu_star", "sigma"]}
print(json.dumps(out))
"#;

/// A tiny carer-support analysis: `method` with `samples`.
fn analysis(method: &str, samples: u32) -> String {
    format!(
        "name = \"salib\"\n[population]\nresidents = 600\n[run]\nyears = 1\nwarmup_years = 1\n\
         [interventions.carer_support]\n[sensitivity]\nmethod = \"{method}\"\nsamples = \
         {samples}\nreplications = 2\nmetrics = [\"carers_heavily_burdened_share\", \
         \"cost_total_eur_year\"]\n[sensitivity.parameters]\n\
         \"interventions.carer_support.coverage\" = {{ min = 0.1, max = 0.7 }}\n\
         \"care.comfortable_load\" = {{ min = 0.5, max = 0.8 }}\n"
    )
}

fn a_sensitivity_folder_reanalysed_in_salib_gives_its_indices() -> Outcome {
    let python = match python_with_salib() {
        Ok(python) => python,
        Err(skip) => return skip,
    };
    let dir = tempfile::tempdir().unwrap();
    let metrics = "carers_heavily_burdened_share,cost_total_eur_year";
    for (method, samples) in [("sobol", 8), ("morris", 6)] {
        let file = dir.path().join(format!("{method}.toml"));
        std::fs::write(&file, analysis(method, samples)).unwrap();
        let folder = dir.path().join(method);
        let run = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
            .arg("sensitivity")
            .arg(&file)
            .arg("-o")
            .arg(&folder)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let folder_arg = folder.display().to_string();
        let output = run_script(&python, FOLDER_SCRIPT, &[&folder_arg, method, metrics]);
        let json = output.as_str();
        let indices = std::fs::read_to_string(folder.join("indices.csv")).unwrap();
        let mut checked = 0;
        for metric in metrics.split(',') {
            let section = &json[json.find(&format!("\"{metric}\"")).unwrap()..];
            for line in indices
                .lines()
                .filter(|l| l.starts_with(&format!("{metric},")))
            {
                let cells: Vec<&str> = line.split(',').collect();
                let (parameter, index, value) = (cells[1], cells[3], cells[4]);
                let j = [
                    "interventions.carer_support.coverage",
                    "care.comfortable_load",
                    "dummy",
                ]
                .iter()
                .position(|p| *p == parameter)
                .unwrap();
                let theirs = json_list(section, index)[j];
                let ours: f64 = value.parse().unwrap();
                assert!(
                    close(ours, theirs),
                    "{method} {metric} {index} {parameter}: buurtsim {ours}, SALib {theirs}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, if method == "sobol" { 12 } else { 18 });
        eprintln!("{method}: {checked} indices of the folder match SALib");
    }
    Ok(Completion::Completed)
}
