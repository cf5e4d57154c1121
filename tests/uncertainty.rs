//! Uncertain parameters (`[uncertainty]`, probabilistic sensitivity
//! analysis): how a scenario file writes them, what it is told when one is
//! wrong, how `extends` combines them, that the resolved scenario reads
//! back, and that a paired comparison's interval widens with a
//! distribution and is unchanged without one.

use buurtsim::model::{metric_index, run_replication};
use buurtsim::scenario::{load, load_str, resolved_toml, Distribution, Scenario};
use buurtsim::stats::paired_interval;
use std::fs;
use tempfile::TempDir;

const KEY: &str = "interventions.carer_support.burden_gain_multiplier";

/// Writes `files` (name, text) into a fresh folder.
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The message of loading `text` as `x.toml` (extending the shipped
/// baseline), which must fail.
fn error_of(text: &str) -> String {
    let text = format!("extends = \"baseline.toml\"\n{text}");
    load_str("x.toml", &text)
        .expect_err("the scenario should not load")
        .to_string()
}

fn multiplier(s: &Scenario) -> f64 {
    s.interventions
        .carer_support
        .as_ref()
        .unwrap()
        .burden_gain_multiplier
}

#[test]
fn inline_and_explicit_forms_give_the_same_scenario() {
    let inline = load_str(
        "x.toml",
        "extends = \"katwijk-mantelzorg.toml\"\n[interventions.carer_support]\n\
         burden_gain_multiplier = { dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }\n",
    )
    .unwrap();
    let explicit = load_str(
        "x.toml",
        "extends = \"katwijk-mantelzorg.toml\"\n[uncertainty]\n\
         \"interventions.carer_support.burden_gain_multiplier\" = \
         { dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }\n",
    )
    .unwrap();
    assert_eq!(inline, explicit);
    assert_eq!(multiplier(&inline), 0.7, "the key holds the central value");
    assert_eq!(
        inline.uncertainty[KEY],
        Distribution::Triangular {
            min: 0.6,
            mode: 0.7,
            max: 0.9
        }
    );
    // The resolved scenario writes [uncertainty] out and reads back equal.
    let text = resolved_toml(&inline);
    assert!(text.contains("[uncertainty."), "{text}");
    assert_eq!(load_str("x.toml", &text).unwrap(), inline);
}

#[test]
fn a_child_overrides_a_parents_distribution() {
    let parent = "extends = \"katwijk-mantelzorg.toml\"\n[interventions.carer_support]\n\
                  burden_gain_multiplier = { dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }\n";
    let dir = folder(&[
        ("parent.toml", parent),
        (
            "plain.toml",
            "extends = \"parent.toml\"\n[interventions.carer_support]\nburden_gain_multiplier = 0.8\n",
        ),
        (
            "other.toml",
            "extends = \"parent.toml\"\n[interventions.carer_support]\n\
             burden_gain_multiplier = { dist = \"uniform\", min = 0.5, max = 0.7 }\n",
        ),
    ]);
    // parent.toml extends a shipped file by name: give it the shipped path.
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/katwijk-mantelzorg.toml"
    );
    fs::write(
        dir.path().join("parent.toml"),
        parent.replace("katwijk-mantelzorg.toml", shipped),
    )
    .unwrap();
    let plain = load(&dir.path().join("plain.toml")).unwrap();
    assert!(plain.uncertainty.is_empty(), "{:?}", plain.uncertainty);
    assert_eq!(multiplier(&plain), 0.8);
    let other = load(&dir.path().join("other.toml")).unwrap();
    assert_eq!(
        other.uncertainty[KEY],
        Distribution::Uniform { min: 0.5, max: 0.7 },
        "replaced whole, not merged parameter by parameter"
    );
    assert_eq!(multiplier(&other), 0.6);
}

#[test]
fn an_unknown_distribution_suggests_the_nearest() {
    let message = error_of(
        "[interventions.carer_support]\n\
         burden_gain_multiplier = { dist = \"triangle\", min = 0.6, mode = 0.7, max = 0.9 }\n",
    );
    assert!(message.starts_with("scenarios/x.toml:3:"), "{message}");
    assert!(message.contains(KEY), "{message}");
    assert!(message.contains("did you mean `triangular`?"), "{message}");
    // The same in the explicit table.
    let message = error_of(&format!(
        "[interventions.carer_support]\n[uncertainty]\n\"{KEY}\" = {{ dist = \"unifrom\", min = 0.6, max = 0.9 }}\n"
    ));
    assert!(message.starts_with("scenarios/x.toml:4:"), "{message}");
    assert!(message.contains("did you mean `uniform`?"), "{message}");
}

#[test]
fn bad_parameters_name_file_line_and_key() {
    let message = error_of(
        "[interventions.carer_support]\ncoverage = 0.3\n\
         burden_gain_multiplier = { dist = \"uniform\", min = 0.9, max = 0.6 }\n",
    );
    assert!(message.starts_with("scenarios/x.toml:4:"), "{message}");
    assert!(message.contains(KEY), "{message}");
    assert!(
        message.contains("min = 0.9 must be below max = 0.6"),
        "{message}"
    );

    let message = error_of(
        "[interventions.carer_support]\n\
         burden_gain_multiplier = { dist = \"triangular\", min = 0.6, mode = 1.7, max = 0.9 }\n",
    );
    assert!(message.starts_with("scenarios/x.toml:3:"), "{message}");
    assert!(
        message.contains("mode = 1.7 must lie from min = 0.6 to max = 0.9"),
        "{message}"
    );

    let message = error_of(
        "[interventions.carer_support]\ncoverage = { dist = \"uniform\", min = 0.2, max = 1.4 }\n",
    );
    assert!(
        message.contains("max = 1.4 is outside the key's range: valid is 0 to 1 (share)"),
        "{message}"
    );

    let message = error_of(
        "[interventions.carer_support]\n\
         burden_gain_multiplier = { dist = \"triangular\", min = 0.6, mod = 0.7, max = 0.9 }\n",
    );
    assert!(message.contains("did you mean `mode`?"), "{message}");
}

#[test]
fn only_numeric_model_parameters_can_be_uncertain() {
    let message = error_of(
        "[interventions.carer_support]\npayer = { dist = \"uniform\", min = 0.2, max = 0.4 }\n",
    );
    assert!(message.starts_with("scenarios/x.toml:3:"), "{message}");
    assert!(
        message.contains("interventions.carer_support.payer")
            && message.contains("is not a number"),
        "{message}"
    );
    let message = error_of("[run]\nyears = { dist = \"uniform\", min = 2, max = 4 }\n");
    assert!(message.contains("whole number"), "{message}");

    // An unknown key in the explicit table: a suggestion.
    let message = error_of(
        "[interventions.carer_support]\n[uncertainty]\n\
         \"interventions.carer_support.burden_gain_multiplir\" = { dist = \"uniform\", min = 0.6, max = 0.9 }\n",
    );
    assert!(message.starts_with("scenarios/x.toml:4:1: "), "{message}");
    assert!(
        message.contains("did you mean `interventions.carer_support.burden_gain_multiplier`?"),
        "{message}"
    );
    // A programme the scenario does not switch on.
    let message = error_of(&format!(
        "[uncertainty]\n\"{KEY}\" = {{ dist = \"uniform\", min = 0.6, max = 0.9 }}\n"
    ));
    assert!(
        message
            .contains("which this scenario does not switch on; add [interventions.carer_support]"),
        "{message}"
    );
    // A key both swept and uncertain.
    let message = error_of(&format!(
        "[interventions.carer_support]\nburden_gain_multiplier = {{ dist = \"uniform\", min = 0.6, max = 0.9 }}\n\
         [sweep.parameters]\n\"{KEY}\" = [0.6, 0.8]\n"
    ));
    assert!(message.contains("either varied or uncertain"), "{message}");
}

/// Reference and programme at a small size, the programme's multiplier as
/// given (`value`: a number or an inline distribution).
fn pair(value: &str) -> (Scenario, Scenario) {
    let small = "[population]\nresidents = 2500\n[run]\nyears = 3\nwarmup_years = 1\n";
    let reference = load_str("ref.toml", &format!("extends = \"baseline.toml\"\n{small}")).unwrap();
    let programme = load_str(
        "prog.toml",
        &format!(
            "extends = \"katwijk-mantelzorg.toml\"\n{small}[interventions.carer_support]\n\
             burden_gain_multiplier = {value}\n"
        ),
    )
    .unwrap();
    (reference, programme)
}

/// The paired 95% interval of programme - reference for the heavily
/// burdened carers over `n` replications, and the reference's values.
fn paired(reference: &Scenario, programme: &Scenario, n: u64) -> (f64, f64, Vec<f64>) {
    let metric = metric_index("carers_heavily_burdened_share").unwrap();
    let a: Vec<f64> = (0..n)
        .map(|r| run_replication(reference, r).metrics[metric])
        .collect();
    let b: Vec<f64> = (0..n)
        .map(|r| run_replication(programme, r).metrics[metric])
        .collect();
    let interval = paired_interval(&a, &b, 0.95);
    (interval.mean, interval.half_width(), a)
}

#[test]
fn a_distribution_widens_the_paired_interval_and_a_point_value_leaves_it_as_it_was() {
    let n = 12;
    let (reference, point) = pair("0.7");
    let (mean_point, width_point, reference_values) = paired(&reference, &point, n);
    let (reference_u, uncertain) = pair("{ dist = \"uniform\", min = 0.1, max = 1.0 }");
    assert_eq!(reference, reference_u);
    let (mean_uncertain, width_uncertain, reference_values_u) = paired(&reference_u, &uncertain, n);
    let (_, triangular) = pair("{ dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }");
    let (mean_triangular, width_triangular, _) = paired(&reference, &triangular, n);
    println!(
        "carers_heavily_burdened_share, paired difference over {n} replications (mean ± half-width): \
         point 0.7: {mean_point:.5} ± {width_point:.5}; triangular 0.6–0.7–0.9: \
         {mean_triangular:.5} ± {width_triangular:.5}; uniform 0.1–1.0: {mean_uncertain:.5} ± {width_uncertain:.5}"
    );
    assert!(
        width_uncertain > 1.5 * width_point,
        "{width_uncertain} is not wider than {width_point}"
    );
    assert!(
        width_triangular > width_point,
        "{width_triangular} vs {width_point}"
    );
    // The reference has no distribution: its results are bit for bit the same.
    assert_eq!(reference_values, reference_values_u);

    // A point value goes through no drawing at all (`tests/pinned_results.rs`
    // pins that such runs are as before).
    assert!(point.uncertainty.is_empty());
}

#[test]
fn the_documented_example_loads() {
    let s = load_str(
        "x.toml",
        "extends = \"katwijk-mantelzorg.toml\"\n[uncertainty]\n\
         \"interventions.carer_support.burden_gain_multiplier\" = { dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }\n\
         \"costs.gp_consult_eur\" = { dist = \"normal\", mean = 38.0, sd = 4.0 }\n",
    )
    .unwrap();
    assert_eq!(s.costs.gp_consult_eur, 38.0);
    assert_eq!(s.uncertainty.len(), 2);
}

/// `buurtsim run` names the drawn inputs after the table and the headline
/// says the intervals include them; the report's guide says so too. A run
/// without distributions keeps today's wording.
#[test]
fn run_and_report_say_which_inputs_were_uncertain() {
    use assert_cmd::cargo::cargo_bin_cmd;
    let small = "[population]\nresidents = 300\n[run]\nyears = 2\nwarmup_years = 1\n";
    let dir = folder(&[
        ("a.toml", &format!("name = \"a\"\n{small}")),
        (
            "b.toml",
            &format!(
                "name = \"b\"\n{small}[interventions.carer_support]\n\
                 burden_gain_multiplier = {{ dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }}\n"
            ),
        ),
        (
            "c.toml",
            &format!("name = \"c\"\n{small}[interventions.carer_support]\n"),
        ),
    ]);
    let run = |files: &[&str], out: &str| {
        let output = cargo_bin_cmd!("buurtsim")
            .current_dir(dir.path())
            .arg("run")
            .args(files)
            .args(["-o", out, "--replications", "3"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap().replace('\n', " ")
    };
    let uncertain = run(&["a.toml", "b.toml"], "u");
    assert!(
        uncertain.contains("Uncertain inputs drawn per replication:")
            && uncertain.contains("burden_gain_multiplier (triangular 0.6–0.7–0.9)")
            && uncertain.contains("not only simulation noise."),
        "{uncertain}"
    );
    assert!(!uncertain.contains("simulation noise only"), "{uncertain}");
    let plain = run(&["a.toml", "c.toml"], "p");
    assert!(!plain.contains("Uncertain inputs"), "{plain}");
    assert!(plain.contains("simulation noise only"), "{plain}");

    let report = |out: &str| {
        let name = format!("{out}.html");
        let output = cargo_bin_cmd!("buurtsim")
            .current_dir(dir.path())
            .args(["report", out, "-o", &name, "--lang", "en"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        fs::read_to_string(dir.path().join(name)).unwrap()
    };
    let html = report("u");
    assert!(
        html.contains("Drawn per replication: interventions.carer_support.burden_gain_multiplier"),
        "the guide names the drawn inputs"
    );
    assert!(!html.contains("simulation noise only"));
    assert!(report("p").contains("The intervals cover simulation noise only"));

    // A sweep draws them at every point, and its report says so too.
    fs::write(
        dir.path().join("s.toml"),
        "extends = \"b.toml\"\nname = \"s\"\n[sweep]\nreplications = 2\n\
         [sweep.parameters]\n\"interventions.carer_support.coverage\" = [0.2, 0.4]\n",
    )
    .unwrap();
    let output = cargo_bin_cmd!("buurtsim")
        .current_dir(dir.path())
        .args(["sweep", "s.toml", "-o", "s"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(report("s")
        .contains("Drawn per replication: interventions.carer_support.burden_gain_multiplier"));
}
