//! `buurtsim report` end to end: the HTML report of a small run and of a
//! small sweep, rendered in a real browser (headless Chromium, when it is
//! on PATH; `.ci/run` installs it), checked from the DOM: every chart and
//! table is there and not empty, and the page loads nothing from elsewhere.
//!
//! The HTML file's checks always run; the same checks on the browser's DOM
//! (and a screenshot) are separate tests that need Chromium. Without it
//! they show as `ignored (chromium is not on PATH ...)` in cargo's output,
//! and fail under `CI=true` (see `tests/needs/mod.rs`; this file runs under
//! the `libtest-mimic` harness, `harness = false` in Cargo.toml).

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod needs;
use libtest_mimic::Completion;
use needs::{may_skip, test, Outcome};

fn main() {
    needs::main(vec![
        test(
            "the_report_of_a_small_run_has_every_chart_and_table",
            the_report_of_a_small_run_has_every_chart_and_table,
        ),
        may_skip(
            "the_report_of_a_small_run_renders_in_a_browser_with_every_chart_and_table",
            the_report_of_a_small_run_renders_in_a_browser_with_every_chart_and_table,
        ),
        test(
            "scenario_folders_make_the_same_report_as_their_run_folder",
            scenario_folders_make_the_same_report_as_their_run_folder,
        ),
        test(
            "lang_en_writes_english_labels_and_the_default_is_dutch",
            lang_en_writes_english_labels_and_the_default_is_dutch,
        ),
        test(
            "the_report_of_a_sweep_folder_plots_each_metric_against_each_parameter",
            the_report_of_a_sweep_folder_plots_each_metric_against_each_parameter,
        ),
        may_skip(
            "the_report_of_a_sweep_folder_renders_in_a_browser",
            the_report_of_a_sweep_folder_renders_in_a_browser,
        ),
        test(
            "metrics_choose_a_sweep_reports_charts",
            metrics_choose_a_sweep_reports_charts,
        ),
        test(
            "a_latin_hypercube_is_drawn_as_points_with_a_fitted_line",
            a_latin_hypercube_is_drawn_as_points_with_a_fitted_line,
        ),
        test(
            "a_folder_that_is_not_an_output_folder_is_a_clear_error",
            a_folder_that_is_not_an_output_folder_is_a_clear_error,
        ),
    ]);
}

const BASE: &str = "\
[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 4
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A run of three small scenarios (reference, carer support, meeting
/// place), made once for all tests in this file.
fn small_run() -> &'static Path {
    static RUN: OnceLock<tempfile::TempDir> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let base = write(dir.path(), "base.toml", BASE);
        let carers = write(
            dir.path(),
            "carers.toml",
            "extends = \"base.toml\"\ndescription = \"Carers get support.\"\n\
             description_nl = \"Mantelzorgers krijgen steun.\"\n\
             [interventions.carer_support]\ncoverage = 0.5\n",
        );
        let bop = write(
            dir.path(),
            "bop.toml",
            "extends = \"base.toml\"\n[interventions.meeting_place]\nuptake = 0.5\n",
        );
        cargo_bin_cmd!("buurtsim")
            .args(["run"])
            .args([&base, &carers, &bop])
            .arg("-o")
            .arg(dir.path().join("out"))
            .assert()
            .success();
        dir
    })
    .path()
}

fn report(dirs: &[PathBuf], out: &Path, lang: Option<&str>) -> String {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.arg("report").args(dirs).arg("-o").arg(out);
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    cmd.assert().success();
    std::fs::read_to_string(out).unwrap()
}

/// The page refers to nothing outside itself: no scripts, style sheets,
/// fonts or images, no links but to its own sections.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for bad in ["<script", "<link", "@import", "<iframe", "<img", "<object"] {
        assert!(!lower.contains(bad), "the report contains {bad}");
    }
    for attr in ["src=", "xlink:href=", "srcset="] {
        assert!(!lower.contains(attr), "the report contains {attr}");
    }
    for (i, _) in lower.match_indices("href=\"") {
        let target = &lower[i + 6..];
        assert!(
            target.starts_with('#'),
            "a link leaves the page: {}",
            &html[i..(i + 60).min(html.len())]
        );
    }
    for (i, _) in lower.match_indices("url(") {
        assert!(
            lower[i + 4..]
                .trim_start_matches(['"', '\''])
                .starts_with("data:"),
            "the report loads {}",
            &html[i..(i + 60).min(html.len())]
        );
    }
}

/// The `<svg data-chart="id">` element's text.
fn chart<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("data-chart=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = start + dom[start..].find("</svg>").expect("svg closes");
    &dom[start..end]
}

fn assert_chart_drawn(dom: &str, id: &str) {
    let svg = chart(dom, id);
    let texts = svg.matches("<text").count();
    let shapes = [
        "<rect",
        "<polyline",
        "<path",
        "<circle",
        "<polygon",
        "<line",
    ]
    .iter()
    .map(|s| svg.matches(s).count())
    .sum::<usize>();
    assert!(texts >= 3, "chart {id} has {texts} text elements");
    assert!(shapes >= 5, "chart {id} has {shapes} shapes");
    assert!(
        svg.contains("sans-serif"),
        "chart {id} names no font family"
    );
}

/// The table with `data-table="id"`: its body rows, each with its cells' text.
fn table_rows(dom: &str, id: &str) -> Vec<Vec<String>> {
    let start = dom
        .find(&format!("data-table=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = start + dom[start..].find("</table>").expect("table closes");
    let table = &dom[start..end];
    let body = table.split("<tbody>").nth(1).unwrap_or(table);
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    strip_tags(inner.split("</td>").next().unwrap())
                })
                .collect()
        })
        .filter(|cells: &Vec<String>| !cells.is_empty())
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn assert_table_filled(dom: &str, id: &str, min_rows: usize) {
    let rows = table_rows(dom, id);
    assert!(
        rows.len() >= min_rows,
        "table {id} has {} rows, expected at least {min_rows}",
        rows.len()
    );
    for row in &rows {
        assert!(
            row.iter().any(|c| !c.is_empty()),
            "table {id} has an empty row"
        );
    }
}

/// Headless Chromium, when it is installed (looked for once).
fn chromium() -> Option<&'static str> {
    static FOUND: OnceLock<Option<&'static str>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        ["chromium", "chromium-browser"].into_iter().find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    })
}

/// What a browser test returns without Chromium: ignored with the reason,
/// or a failure under `CI=true`.
fn no_chromium() -> Outcome {
    needs::unavailable(
        "chromium is not on PATH (tried `chromium` and `chromium-browser`)",
        "install it with `apt-get install chromium`; .ci/run does",
    )
}

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The DOM as `browser` built it from the file.
fn browser_dom(browser: &str, file: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args(chromium_args(profile.path()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.canonicalize().unwrap().display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8(output.stdout).unwrap();
    assert!(dom.contains("<svg"), "the browser built no SVG: {dom:.300}");
    dom
}

/// A screenshot renders (the page lays out and paints without a network).
fn browser_screenshot(browser: &str, file: &Path, png: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(browser)
        .args(chromium_args(profile.path()))
        .arg("--window-size=1280,3000")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", file.canonicalize().unwrap().display()))
        .output()
        .expect("chromium runs")
        .status;
    assert!(status.success());
    let size = std::fs::metadata(png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 20_000, "screenshot of {} bytes", size);
}

// The ledger is drawn per unit group (issue 19): money on one axis, and
// counts per year grouped by size; the first of each is always there.
const RUN_CHARTS: &[&str] = &[
    "shift-carers-money",
    "shift-carers-counts-1",
    "shift-bop-money",
    "shift-bop-counts-1",
    "gp-contacts",
    "gp-wait",
    "self-reliance-profile",
    "series-gp",
    "series-carers",
    "series-lonely",
    "cost-by-payer",
];

fn check_run_report(dom: &str) {
    for id in RUN_CHARTS {
        assert_chart_drawn(dom, id);
    }
    assert_table_filled(dom, "key-figures", buurtsim::output::KEY_METRICS.len());
    // The self-reliance profile names every scenario in its legend and is
    // marked as a model proxy.
    assert_table_filled(dom, "self-reliance-profile", 6);
    // Year by year (two measured years): the age structure and what it drives.
    assert_table_filled(dom, "yearly-share_75plus", 2);
    assert_table_filled(
        dom,
        "yearly-nursing_home_admissions_per_1000_65plus_year",
        2,
    );
    let profile = chart(dom, "self-reliance-profile");
    for id in ["base", "carers", "bop"] {
        assert!(
            profile.contains(&format!("\n{id}\n</text>")),
            "profile lacks {id}"
        );
    }
    assert!(
        dom.contains("Positieve Gezondheid (modelbenadering)")
            || dom.contains("Positive Health (model proxies)")
    );
    // Category rows and the lines of the ledger.
    assert_table_filled(dom, "shift-carers", 5);
    assert_table_filled(dom, "shift-bop", 5);
    assert_table_filled(dom, "assumptions-carers", 1);
    assert_table_filled(dom, "assumptions-bop", 1);
    let provenance = table_rows(dom, "provenance");
    assert_eq!(provenance.len(), 3, "{provenance:?}");
    assert_eq!(provenance[0][0], "base");
    // Seed and replications of every scenario.
    assert!(provenance.iter().all(|r| r[2] == "20261122" && r[3] == "4"));
    // The assumption that differs: a reader's label, its dotted key in
    // small type, the value in the report's number format (Dutch).
    assert!(table_rows(dom, "assumptions-carers").iter().any(|r| {
        r[0].starts_with("mantelzorgondersteuning: dekking")
            && r[0].contains("interventions.carer_support.coverage")
            && r[2] == "0,5"
    }));
    // Captions above their charts: a figure opens with its caption.
    for fig in dom.split("<figure data-figure=").skip(1) {
        let caption = fig.find("<figcaption").unwrap_or(usize::MAX);
        assert!(caption < fig.find("<svg").unwrap(), "caption below a chart");
    }
    // The GP charts draw the difference from the reference.
    assert!(
        chart(dom, "gp-contacts").contains("verschil met de referentie")
            || chart(dom, "gp-contacts").contains("difference from the reference")
    );
}

fn the_report_of_a_small_run_has_every_chart_and_table() {
    let run = small_run();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    let html = report(&[run.join("out")], &file, None);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);
    check_run_report(&html);
}

fn the_report_of_a_small_run_renders_in_a_browser_with_every_chart_and_table() -> Outcome {
    let Some(browser) = chromium() else {
        return no_chromium();
    };
    let run = small_run();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    report(&[run.join("out")], &file, None);
    let dom = browser_dom(browser, &file);
    assert_self_contained(&dom);
    check_run_report(&dom);
    browser_screenshot(browser, &file, &dir.path().join("report.png"));
    Ok(Completion::Completed)
}

fn scenario_folders_make_the_same_report_as_their_run_folder() {
    let run = small_run();
    let dir = tempfile::tempdir().unwrap();
    let out = run.join("out");
    let from_run = report(std::slice::from_ref(&out), &dir.path().join("a.html"), None);
    let from_folders = report(
        &[out.join("base"), out.join("carers"), out.join("bop")],
        &dir.path().join("b.html"),
        None,
    );
    assert_eq!(from_run, from_folders);
}

fn lang_en_writes_english_labels_and_the_default_is_dutch() {
    let run = small_run();
    let dir = tempfile::tempdir().unwrap();
    let nl = report(&[run.join("out")], &dir.path().join("nl.html"), None);
    let en = report(&[run.join("out")], &dir.path().join("en.html"), Some("en"));
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(en.contains("<html lang=\"en\">"));
    for (dutch, english) in [
        ("Zo leest u dit rapport", "How to read this report"),
        ("Kerncijfers", "Key figures"),
        ("Verschuivingsbalans", "Shift ledger"),
        ("Kosten per financier", "Cost by payer"),
        (
            "Huisartscontacten per inwoner per jaar",
            "GP contacts per resident per year",
        ),
        ("maand na de inloopperiode", "month after warm-up"),
        ("gepaard", "paired"),
        // The scenario's own description, in the report's language.
        ("Mantelzorgers krijgen steun.", "Carers get support."),
    ] {
        assert!(nl.contains(dutch), "nl lacks {dutch}");
        assert!(en.contains(english), "en lacks {english}");
        assert!(!en.contains(dutch), "en contains {dutch}");
    }
    // Decimal comma in Dutch, point in English: the key figure of GP
    // contacts per resident, e.g. `4,35 [4,31; 4,39]` and `4.35 [4.31, 4.39]`.
    let cell = |html: &str| table_rows(html, "key-figures")[0][1].clone();
    let (c_nl, c_en) = (cell(&nl), cell(&en));
    assert!(c_nl.contains(',') && c_nl.contains("; "), "{c_nl}");
    assert!(c_en.contains('.') && !c_en.contains(';'), "{c_en}");
    assert_eq!(c_nl.replace(',', "."), c_en.replace(", ", "; "));
}

/// A small grid sweep (2 x 2 points), made once for all tests in this file.
fn small_sweep() -> &'static Path {
    static SWEEP: OnceLock<tempfile::TempDir> = OnceLock::new();
    SWEEP
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let sweep = write(
                dir.path(),
                "sweep.toml",
                &format!(
                    "{BASE}\n[interventions.carer_support]\n\n[sweep]\nmethod = \"grid\"\nreplications = 2\n\n\
                     [sweep.parameters]\n\"interventions.carer_support.coverage\" = [0.2, 0.6]\n\
                     \"interventions.carer_support.burden_gain_multiplier\" = [0.5, 0.9]\n"
                ),
            );
            cargo_bin_cmd!("buurtsim")
                .arg("sweep")
                .arg(&sweep)
                .arg("-o")
                .arg(dir.path().join("sweep-out"))
                .assert()
                .success();
            dir
        })
        .path()
}

/// Every default metric against every swept parameter, the points and
/// parameters.
fn check_sweep_report(dom: &str) {
    for metric in buurtsim::report::DEFAULT_SWEEP_METRICS {
        for param in ["coverage", "burden-gain-multiplier"] {
            let id = format!(
                "sweep-{}-interventions-carer-support-{param}",
                metric.replace('_', "-")
            );
            assert_chart_drawn(dom, &id);
        }
    }
    assert_eq!(table_rows(dom, "sweep-points").len(), 4);
    assert_eq!(table_rows(dom, "swept-parameters").len(), 2);
    assert_table_filled(dom, "provenance", 5);
}

fn the_report_of_a_sweep_folder_plots_each_metric_against_each_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.html");
    let html = report(&[small_sweep().join("sweep-out")], &file, Some("en"));
    assert_self_contained(&html);
    check_sweep_report(&html);
}

fn the_report_of_a_sweep_folder_renders_in_a_browser() -> Outcome {
    let Some(browser) = chromium() else {
        return no_chromium();
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.html");
    report(&[small_sweep().join("sweep-out")], &file, Some("en"));
    let dom = browser_dom(browser, &file);
    assert_self_contained(&dom);
    check_sweep_report(&dom);
    Ok(Completion::Completed)
}

fn metrics_choose_a_sweep_reports_charts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sweep.html");
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.arg("report")
        .arg(small_sweep().join("sweep-out"))
        .arg("-o")
        .arg(&file)
        .args([
            "--metrics",
            "carers_heavily_burdened_share,gp_wait_days_mean",
        ]);
    cmd.assert().success();
    let html = std::fs::read_to_string(&file).unwrap();
    let charts: Vec<&str> = html
        .match_indices("data-chart=\"")
        .map(|(i, _)| html[i + 12..].split('"').next().unwrap())
        .collect();
    assert_eq!(charts.len(), 4, "{charts:?}");
    // In the order asked for.
    assert!(charts[0].starts_with("sweep-carers-heavily-burdened-share-"));
    assert!(charts[3].starts_with("sweep-gp-wait-days-mean-"));
    // An unknown metric is named; a run report refuses --metrics.
    let out = dir.path().join("x.html");
    let assert = cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(small_sweep().join("sweep-out"))
        .arg("-o")
        .arg(&out)
        .args(["--metrics", "gp_wait_days_mean,no_such_metric"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("no_such_metric"), "{stderr}");
    cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(small_run().join("out"))
        .arg("-o")
        .arg(&out)
        .args(["--metrics", "gp_wait_days_mean"])
        .assert()
        .code(2);
    assert!(!out.exists());
}

fn a_latin_hypercube_is_drawn_as_points_with_a_fitted_line() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = write(
        dir.path(),
        "lhs.toml",
        &format!(
            "{BASE}\n[interventions.carer_support]\n\n[sweep]\nmethod = \"lhs\"\npoints = 4\nreplications = 2\n\n\
             [sweep.parameters]\n\"interventions.carer_support.coverage\" = {{ min = 0.2, max = 0.6 }}\n\
             \"interventions.carer_support.burden_gain_multiplier\" = {{ min = 0.5, max = 0.9 }}\n"
        ),
    );
    cargo_bin_cmd!("buurtsim")
        .arg("sweep")
        .arg(&sweep)
        .arg("-o")
        .arg(dir.path().join("lhs-out"))
        .assert()
        .success();
    let html = report(
        &[dir.path().join("lhs-out")],
        &dir.path().join("lhs.html"),
        Some("en"),
    );
    let svg = chart(
        &html,
        "sweep-gp-wait-days-mean-interventions-carer-support-coverage",
    );
    // Points, not a polyline through them; the fit is labelled as one.
    assert!(svg.matches("<circle").count() >= 4, "{svg:.300}");
    assert!(svg.contains("least squares"));
    assert!(html.contains("Latin hypercube design"));
    // A grid has no fitted line.
    let grid = report(
        &[small_sweep().join("sweep-out")],
        &dir.path().join("grid.html"),
        Some("en"),
    );
    assert!(!grid.contains("least squares"));
}

fn a_folder_that_is_not_an_output_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = dir.path().join("r.html");
    let assert = cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(&empty)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("empty"), "{stderr}");
    assert!(stderr.contains("manifest.toml"), "{stderr}");
    assert!(!out.exists());

    let missing = dir.path().join("nowhere");
    let assert = cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("nowhere"), "{stderr}");
}
