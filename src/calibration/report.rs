//! The results of a calibration as text and files: the fit table for the
//! terminal, the fitted values as a scenario TOML snippet, and the output
//! folder:
//!
//! | file | contents |
//! |---|---|
//! | `fitted.toml` | fitted (rounded), unrounded and start values by parameter path; objective at start and fit, evaluations, seed, replications, config hash |
//! | `fit.csv` | one row per target: weight (0 = not fitted), published value and tolerance, model mean at the start and at the fit, deviations in tolerances |
//! | `fitted-scenario.toml` | the resolved scenario with the fitted values (`buurtsim validate` it with more replications) |
//! | `manifest.toml` | the manifest of the run at the fitted values (seed, replications, threads, resolved scenario, input hash) |
//!
//! Formats and writes through `output`; it computes nothing of the fit and
//! never prints.

use super::config::FitProblem;
use super::fit::{deviation, Calibration};
use crate::output::format::{aligned_table as aligned, short_number as short};
use crate::output::manifest::Manifest;
use crate::output::{csv_f64, write_atomic, OutputError, StagedDir};
use crate::scenario::{resolved_toml, KeyPath, Segment};
use crate::validation::{targets, PublishedTarget};
use std::fmt::Write as _;

/// File name of the fitted values.
pub const FITTED_TOML: &str = crate::output::layout::FITTED;
/// File name of the fit table.
pub const FIT_CSV: &str = crate::output::layout::FIT;
/// File name of the fitted scenario.
pub const FITTED_SCENARIO: &str = crate::output::layout::FITTED_SCENARIO;

/// Every published target with its weight (0 for those not fitted): the
/// fitted ones in config order, then the rest in file order.
fn all_targets(problem: &FitProblem) -> Vec<(PublishedTarget, f64)> {
    let mut rows: Vec<(PublishedTarget, f64)> = problem
        .targets
        .iter()
        .map(|t| (t.target.clone(), t.weight))
        .collect();
    for t in targets() {
        if !rows.iter().any(|(r, _)| r.id == t.id) {
            rows.push((t, 0.0));
        }
    }
    rows
}

/// The parameter table, the target table and a summary line, for the
/// terminal.
pub fn fit_table(problem: &FitProblem, fit: &Calibration) -> String {
    let mut out = String::new();
    let rows: Vec<Vec<String>> = problem
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                p.name.clone(),
                p.unit.clone(),
                p.min.to_string(),
                p.max.to_string(),
                match p.scale {
                    super::Scale::Linear => "linear".to_string(),
                    super::Scale::Log => "log".to_string(),
                },
                fit.start[i].to_string(),
                fit.fitted[i].to_string(),
            ]
        })
        .collect();
    out.push_str(&aligned(
        &[
            "parameter",
            "unit",
            "min",
            "max",
            "scale",
            "start",
            "fitted",
        ],
        &rows,
    ));
    out.push('\n');

    let targets = all_targets(problem);
    let row = |(t, w): &(PublishedTarget, f64)| -> Vec<String> {
        let z_start = deviation(t, &fit.metrics_start);
        let z_fit = deviation(t, &fit.metrics_fit);
        vec![
            t.id.clone(),
            if *w > 0.0 { short(*w) } else { "-".to_string() },
            short(t.target),
            format!("±{}", short(t.tolerance)),
            short(fit.metrics_start[index(t)].mean()),
            short(fit.metrics_fit[index(t)].mean()),
            format!("{z_start:+.2}"),
            format!("{z_fit:+.2}"),
            if z_fit.abs() <= 1.0 { "yes" } else { "NO" }.to_string(),
        ]
    };
    let (fitted, others): (Vec<_>, Vec<_>) = targets.iter().partition(|(_, w)| *w > 0.0);
    let mut rows: Vec<Vec<String>> = fitted.iter().map(|t| row(t)).collect();
    if !others.is_empty() {
        rows.push(vec!["(not fitted)".to_string()]);
        rows.extend(others.iter().map(|t| row(t)));
    }
    out.push_str(&aligned(
        &[
            "target",
            "weight",
            "published",
            "tolerance",
            "start",
            "fitted",
            "dev start",
            "dev fit",
            "within",
        ],
        &rows,
    ));
    let within = fitted
        .iter()
        .filter(|(t, _)| deviation(t, &fit.metrics_fit).abs() <= 1.0)
        .count();
    let _ = write!(
        out,
        "\nModel means over {reps} replications (seed {seed}, common random numbers); dev = \
         (model - published) / tolerance. {within} of {n} fitted targets within tolerance.\n\
         Objective sum weight x dev^2: {start} at the start, {fitted_obj} fitted \
         ({optimum} unrounded); {evals} evaluations, {stop}{restarts}.\n",
        reps = problem.replications,
        seed = problem.seed,
        n = fitted.len(),
        start = short(fit.objective_start),
        fitted_obj = short(fit.objective_fit),
        optimum = short(fit.objective_optimum),
        evals = fit.evaluations,
        stop = match fit.stop {
            super::Stop::Converged => "converged",
            super::Stop::MaxEvaluations => "stopped at max_evaluations",
        },
        restarts = match fit.restarts {
            0 => String::new(),
            1 => " after 1 restart".to_string(),
            r => format!(" after {r} restarts"),
        },
    );
    out
}

/// The fitted values as scenario TOML, grouped by table (an array element
/// is written as its whole array), ready to paste into a scenario or to
/// copy into the defaults.
pub fn defaults_snippet(problem: &FitProblem, fit: &Calibration) -> String {
    // (table, key) in first-appearance order.
    let mut entries: Vec<(KeyPath, String, KeyPath)> = Vec::new();
    for p in &problem.parameters {
        let segments = p.path.segments();
        let last_key = segments
            .iter()
            .rposition(|s| matches!(s, Segment::Key(_)))
            .expect("a parameter path has a key");
        let mut value_path = KeyPath::root();
        for s in &segments[..=last_key] {
            value_path = match s {
                Segment::Key(k) => value_path.key(k),
                Segment::Index(i) => value_path.index(*i),
            };
        }
        let key = value_path.last_key().expect("ends in a key").to_string();
        if !entries.iter().any(|(_, _, v)| *v == value_path) {
            entries.push((value_path.parent(), key, value_path));
        }
    }
    let tree =
        toml::Value::try_from(&fit.fitted_scenario).expect("a scenario always serialises to TOML");
    let mut out = String::new();
    let mut tables: Vec<&KeyPath> = Vec::new();
    for (table, _, _) in &entries {
        if !tables.contains(&table) {
            tables.push(table);
        }
    }
    for table in tables {
        if !table.is_root() {
            let _ = writeln!(out, "[{table}]");
        }
        for (_, key, value_path) in entries.iter().filter(|(t, _, _)| t == table) {
            let value = lookup(&tree, value_path);
            let _ = writeln!(out, "{} = {}", toml_key(key), value);
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn lookup<'a>(tree: &'a toml::Value, path: &KeyPath) -> &'a toml::Value {
    path.segments().iter().fold(tree, |v, s| match s {
        Segment::Key(k) => &v[k.as_str()],
        Segment::Index(i) => &v[*i],
    })
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        key.to_string()
    } else {
        toml::Value::String(key.to_string()).to_string()
    }
}

fn toml_float(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

/// `fitted.toml`: the fitted values and how they were obtained.
pub fn fitted_toml(problem: &FitProblem, fit: &Calibration) -> String {
    let s = |text: &str| toml::Value::String(text.to_string()).to_string();
    let mut out = format!(
        "# Written by buurtsim {version} calibrate. `fitted` holds the values to use (rounded to\n\
         # {digits} significant digits); fitted-scenario.toml is the scenario with them set.\n",
        version = env!("CARGO_PKG_VERSION"),
        digits = problem.significant_digits,
    );
    let _ = writeln!(out, "buurtsim_version = {}", s(env!("CARGO_PKG_VERSION")));
    let _ = writeln!(out, "config = {}", s(&problem.config.display().to_string()));
    let _ = writeln!(out, "config_hash = {}", s(&problem.config_hash));
    let _ = writeln!(
        out,
        "scenario = {}",
        s(&problem.scenario_file.display().to_string())
    );
    let _ = writeln!(
        out,
        "scenario_hash = {}",
        s(&crate::output::input_hash(&resolved_toml(
            &problem.scenario
        )))
    );
    let _ = writeln!(out, "seed = {}", problem.seed);
    let _ = writeln!(out, "replications = {}", problem.replications);
    let _ = writeln!(out, "max_evaluations = {}", problem.max_evaluations);
    let _ = writeln!(out, "evaluations = {}", fit.evaluations);
    let _ = writeln!(out, "iterations = {}", fit.iterations);
    let _ = writeln!(out, "restarts = {}", fit.restarts);
    let _ = writeln!(out, "stopped = {}", s(fit.stop.as_str()));
    let _ = writeln!(out, "threads = {}", fit.threads);
    let _ = writeln!(out, "objective_start = {}", toml_float(fit.objective_start));
    let _ = writeln!(out, "objective = {}", toml_float(fit.objective_fit));
    let _ = writeln!(
        out,
        "objective_unrounded = {}",
        toml_float(fit.objective_optimum)
    );
    for (table, values) in [
        ("fitted", &fit.fitted),
        ("unrounded", &fit.optimum),
        ("start", &fit.start),
    ] {
        let _ = writeln!(out, "\n[{table}]");
        for (p, v) in problem.parameters.iter().zip(values) {
            let _ = writeln!(out, "{} = {}", s(&p.name), toml_float(*v));
        }
    }
    let _ = writeln!(out, "\n[targets]");
    for t in &problem.targets {
        let _ = writeln!(out, "{} = {}", toml_key(&t.target.id), toml_float(t.weight));
    }
    out
}

/// `fit.csv`: one row per published target (fitted ones first).
pub fn fit_csv(problem: &FitProblem, fit: &Calibration) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "target",
        "metric",
        "unit",
        "weight",
        "published",
        "tolerance",
        "model_start",
        "model_fit",
        "sd_fit",
        "n",
        "deviation_start",
        "deviation_fit",
        "within_fit",
    ])?;
    for (t, weight) in all_targets(problem) {
        let start = &fit.metrics_start[index(&t)];
        let end = &fit.metrics_fit[index(&t)];
        let z_fit = deviation(&t, &fit.metrics_fit);
        w.write_record([
            t.id.as_str(),
            t.metric.as_str(),
            t.unit.as_str(),
            &csv_f64(weight),
            &csv_f64(t.target),
            &csv_f64(t.tolerance),
            &csv_f64(start.mean()),
            &csv_f64(end.mean()),
            &csv_f64(end.sd()),
            &end.n().to_string(),
            &csv_f64(deviation(&t, &fit.metrics_start)),
            &csv_f64(z_fit),
            if z_fit.abs() <= 1.0 { "true" } else { "false" },
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Writes the four files into `staged` and swaps it into place.
pub fn write_outputs(
    staged: StagedDir,
    problem: &FitProblem,
    fit: &Calibration,
) -> Result<(), OutputError> {
    let dir = staged.path().to_path_buf();
    let csv = fit_csv(problem, fit)
        .map_err(|e| OutputError::io(dir.join(FIT_CSV), std::io::Error::other(e.to_string())))?;
    write_atomic(&dir.join(FIT_CSV), &csv)?;
    write_atomic(&dir.join(FITTED_TOML), fitted_toml(problem, fit).as_bytes())?;
    let fitted = resolved_toml(&fit.fitted_scenario);
    write_atomic(&dir.join(FITTED_SCENARIO), fitted.as_bytes())?;
    let mut run = fit.fitted_scenario.clone();
    run.run.seed = problem.seed;
    run.run.replications = problem.replications;
    let run_toml = resolved_toml(&run);
    let manifest = Manifest::new(
        &problem.scenario_id,
        &run.name,
        &format!("calibrate {}", problem.config.display()),
        problem.seed,
        u64::from(problem.replications),
        fit.threads,
        run.run.years as usize * 12,
        &run_toml,
    );
    write_atomic(
        &dir.join(crate::output::layout::MANIFEST),
        manifest.to_toml().as_bytes(),
    )?;
    staged.commit()
}

fn index(t: &PublishedTarget) -> usize {
    crate::model::metric_index(&t.metric).expect("targets name real metrics")
}
