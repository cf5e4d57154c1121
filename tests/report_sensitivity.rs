//! `buurtsim report DIR` on a sensitivity analysis's folder (issue 20):
//! one chart per metric with the parameters' indices as sorted bars, the
//! noise floor as a labelled line, parameters within it labelled as
//! noise, long paths shortened with the full path as a tooltip, the
//! reading guide in Dutch and English, the set-up table, and a refusal to
//! mix the folder with other folders.
//!
//! Most checks use a small folder written here (fast, with known values
//! above and below the floor); one runs a tiny real analysis end to end.

use assert_cmd::cargo::cargo_bin_cmd;
use buurtsim::report::{self, Lang, ReportInput};
use std::path::{Path, PathBuf};

const LONG: &str = "interventions.carer_support.burden_gain_multiplier";
const SHORT: &str = "care.comfortable_load";

/// A sensitivity folder as `buurtsim sensitivity` writes it (the files the
/// report reads): for each metric, `LONG` far above the floor, `SHORT`
/// within it, and the dummy at zero; with a reference when `reference`.
fn fake_folder(dir: &Path, method: &str, reference: bool) -> PathBuf {
    let out = dir.join(format!("sa-{method}"));
    std::fs::create_dir_all(&out).unwrap();
    let resolved = format!(
        "name = \"fake\"\n[sensitivity]\nmethod = \"{method}\"\nsamples = 8\nreplications = 2\n\
         [sensitivity.parameters]\n\"{LONG}\" = {{ min = 0.5, max = 1.0 }}\n\
         \"{SHORT}\" = {{ min = 0.5, max = 0.8, log = true }}\n"
    );
    let reference_line = if reference {
        "reference_id = \"basis\"\n"
    } else {
        ""
    };
    let manifest = format!(
        "buurtsim_version = \"{}\"\nkind = \"sensitivity\"\nscenario_id = \"sa\"\n\
         scenario_name = \"Fake analysis\"\nsource = \"sa.toml\"\nmethod = \"{method}\"\n\
         seed = 7\ndesign_seed = 7\npoints = {}\nreplications = 2\n\
         input_hash = \"fnv1a64:0000000000000000\"\nmetrics = 2\n\
         parameters = [\"{LONG}\", \"{SHORT}\", \"dummy\"]\n{reference_line}\
         resolved_scenario = '''\n{resolved}'''\n",
        env!("CARGO_PKG_VERSION"),
        if reference { 160 } else { 80 }
    );
    std::fs::write(out.join("manifest.toml"), manifest).unwrap();
    let kinds: &[(&str, f64)] = if method == "sobol" {
        &[("S1", 0.5), ("ST", 0.6)]
    } else {
        &[("mu", 0.04), ("mu_star", 0.05), ("sigma", 0.01)]
    };
    let mut indices = String::from("metric,parameter,method,index,value,ci_low,ci_high\n");
    let mut floor = String::from(
        "metric,method,index,dummy_value,dummy_ci_low,dummy_ci_high,seed_spread,floor\n",
    );
    for metric in ["carers_heavily_burdened_share", "gp_wait_days_mean"] {
        for (kind, big) in kinds {
            for (param, v) in [(LONG, *big), (SHORT, big / 20.0), ("dummy", 0.0)] {
                indices.push_str(&format!(
                    "{metric},{param},{method},{kind},{v},{},{}\n",
                    v * 0.8,
                    v * 1.2
                ));
            }
            floor.push_str(&format!(
                "{metric},{method},{kind},0,-{f},{f},{f},{f}\n",
                f = big / 5.0
            ));
        }
    }
    std::fs::write(out.join("indices.csv"), indices).unwrap();
    std::fs::write(out.join("floor.csv"), floor).unwrap();
    out
}

fn render(folder: &Path, lang: Lang) -> String {
    let input = report::load(&[folder.to_path_buf()]).unwrap();
    assert!(matches!(input, ReportInput::Sensitivity(_)));
    report::render(&input, lang).unwrap()
}

/// The `<svg>` of chart `id`.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("data-chart=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = html[start..].find("</svg>").unwrap() + start;
    &html[start..end]
}

fn chart_ids(html: &str) -> Vec<&str> {
    html.match_indices("data-chart=\"")
        .map(|(i, _)| html[i + 12..].split('"').next().unwrap())
        .collect()
}

#[test]
fn a_sobol_folder_gets_one_chart_per_metric_with_the_floor_and_the_noise_label() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "sobol", false);
    let html = render(&folder, Lang::Nl);
    assert_eq!(
        chart_ids(&html),
        [
            "sensitivity-carers-heavily-burdened-share",
            "sensitivity-gp-wait-days-mean"
        ]
    );
    for id in chart_ids(&html) {
        let svg = chart(&html, id);
        // The floor line's label with its value (ST's floor 0.6 / 5).
        assert!(svg.contains("ruisvloer 0,12"), "{id}");
        // SHORT (0.03) is within the floor, LONG (0.6) above it.
        assert_eq!(svg.matches("niet te onderscheiden van ruis").count(), 1);
        // The long path is shortened, with the full path as its tooltip.
        assert!(svg.contains(&format!("<title>{LONG}</title>")), "{id}");
        assert!(svg.contains("….carer_support.burden_gain_multiplier"));
        // Largest first, the dummy last.
        let long = svg.find("burden_gain_multiplier").unwrap();
        let short = svg.find(SHORT).unwrap();
        let dummy = svg.find("dummy (leest het model niet)").unwrap();
        assert!(long < short && short < dummy, "{id}");
    }
    assert!(html.contains("Ruisvloer van S1"));
    // LONG stands above the floor, so no "none above" note.
    assert!(!html.contains("Geen enkele instelling komt hier boven"));
    // The reading guide says what S1, ST and an interaction are.
    assert!(html.contains("S1 (eerste orde) is het deel van de variantie"));
    assert!(html.contains("ST (totaal)"));
    assert!(html.contains("samenspel (interactie)"));
    assert!(html.contains("De dummy is een instelling die het model nooit leest"));
    assert!(html.contains("bootstrap over de basissteekproeven"));
    // The set-up: base samples, design points, log range.
    assert!(html.contains("<th>Basissteekproeven (N)</th><td>8</td>"));
    assert!(html.contains("<th>Ontwerppunten</th><td>40</td>"));
    assert!(html.contains("0,5 – 0,8 (logaritmisch)"));
    assert!(!html.contains("Referentiescenario"));
}

#[test]
fn the_reading_guide_is_in_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "sobol", false);
    let html = render(&folder, Lang::En);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("S1 (first order) is the share of the outcome"));
    assert!(html.contains("there is an interaction: the effect of this setting depends"));
    assert!(html.contains("The dummy is a setting the model never reads"));
    assert!(html.contains("noise floor 0.12"));
    assert!(html.contains("not distinguishable from noise"));
    assert!(!html.contains("niet te onderscheiden"));
}

#[test]
fn a_morris_folder_draws_mu_star_and_sigma_in_the_metrics_units_with_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "morris", true);
    let html = render(&folder, Lang::En);
    let svg = chart(&html, "sensitivity-carers-heavily-burdened-share");
    assert!(svg.contains("μ*: mean size of the effect"));
    assert!(svg.contains("σ: spread of the effect"));
    // A share's effect is in percentage points: floor 0.05 / 5 × 100.
    assert!(svg.contains("percentage points"), "{svg:.400}");
    assert!(svg.contains("noise floor 1"));
    assert!(html.contains("μ* is the mean absolute change in the outcome"));
    assert!(html.contains("<th>Trajectories</th><td>8</td>"));
    assert!(html.contains("<th>Grid levels</th><td>4</td>"));
    // With a reference the indices are of the difference, and the
    // design's rows are half of each pass's points.
    assert!(html.contains("programme − reference"));
    assert!(html.contains("<th>Reference scenario</th><td>basis:"));
    assert!(html.contains("<th>Design points</th><td>40</td>"));
}

#[test]
fn a_sensitivity_folder_is_not_mixed_with_other_folders() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "sobol", false);
    let run = dir.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::write(run.join("manifest.toml"), "kind = \"run\"\n").unwrap();
    for dirs in [
        vec![folder.clone(), run.clone()],
        vec![run.clone(), folder.clone()],
    ] {
        let e = report::load(&dirs).unwrap_err().to_string();
        assert!(e.contains("sensitivity analysis"), "{e}");
        assert!(e.contains("only folder"), "{e}");
    }
    let out = dir.path().join("r.html");
    let assert = cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(&run)
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("sensitivity analysis"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_shard_of_a_sensitivity_analysis_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "sobol", false);
    let manifest = folder.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("shard = \"1/2\"\n{text}")).unwrap();
    let e = report::load(&[folder]).unwrap_err().to_string();
    assert!(e.contains("buurtsim merge"), "{e}");
}

#[test]
fn metrics_choose_a_sensitivity_reports_charts() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fake_folder(dir.path(), "sobol", false);
    let out = dir.path().join("r.html");
    cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .args(["--metrics", "gp_wait_days_mean"])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(chart_ids(&html), ["sensitivity-gp-wait-days-mean"]);
}

/// A tiny real analysis (Sobol, 4 base samples, two parameters, two
/// metrics), end to end through both commands.
#[test]
fn the_report_of_a_real_sensitivity_analysis_has_a_chart_per_metric() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("sa.toml");
    std::fs::write(
        &scenario,
        format!(
            "[population]\nresidents = 1000\n[run]\nyears = 2\nwarmup_years = 1\n\
             [interventions.carer_support]\n\n[sensitivity]\nmethod = \"sobol\"\nsamples = 4\n\
             replications = 2\nmetrics = [\"carers_heavily_burdened_share\", \"gp_wait_days_mean\"]\n\
             [sensitivity.parameters]\n\"interventions.carer_support.coverage\" = {{ min = 0.1, max = 0.7 }}\n\
             \"{LONG}\" = {{ min = 0.5, max = 1.0 }}\n"
        ),
    )
    .unwrap();
    let folder = dir.path().join("out");
    cargo_bin_cmd!("buurtsim")
        .arg("sensitivity")
        .arg(&scenario)
        .arg("-o")
        .arg(&folder)
        .assert()
        .success();
    let out = dir.path().join("r.html");
    cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        chart_ids(&html),
        [
            "sensitivity-carers-heavily-burdened-share",
            "sensitivity-gp-wait-days-mean"
        ]
    );
    assert!(html.contains("ruisvloer"));
    assert!(html.contains("Zo leest u deze analyse"));
    assert!(html.contains("<th>Basissteekproeven (N)</th><td>4</td>"));
    assert!(!html.contains("src=") && !html.contains("<script"));
}
