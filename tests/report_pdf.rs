//! A board can print the report (issue 19): the default (Dutch) report of
//! a small run, printed to PDF by headless Chromium, read back page by
//! page with `pdftotext` (Debian's poppler-utils), keeps what belongs
//! together on one page:
//!
//! - page 1 holds the report's title and its opening section, the
//!   headline (`<section id="headline">`: "In het kort", a scenario's
//!   title and its cost sentence);
//! - every chart's title is on the same page as its axis labels (the
//!   `data-axes` of its `<svg>`): no chart cut from its caption;
//! - every section title has more of its section after it on its page.
//!
//! Without Chromium or pdftotext the test shows as ignored with the
//! reason; under `CI=true` it fails instead (`tests/needs/mod.rs`; this
//! file runs under the `libtest-mimic` harness, `harness = false`).

use assert_cmd::cargo::cargo_bin_cmd;
use libtest_mimic::Completion;
use std::path::Path;
use std::process::Command;

mod needs;
use needs::{may_skip, Outcome};

/// The headline section the report opens with.
const HEADLINE_ID: &str = "id=\"headline\"";

fn main() {
    needs::main(vec![may_skip(
        "the_printed_report_keeps_titles_with_their_charts",
        the_printed_report_keeps_titles_with_their_charts,
    )]);
}

const BASE: &str = "\
name = \"Basis\"
[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 4
";

fn works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| works(b, "--version"))
}

/// The text of `<tag ...>` elements: what comes after each `open` up to
/// its `close`, tags stripped, entities of the escaper undone, whitespace
/// collapsed.
fn texts(html: &str, open: &str, close: &str) -> Vec<String> {
    html.match_indices(open)
        .filter_map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let start = rest.find('>')? + 1;
            let end = rest[start..].find(close)?;
            Some(normal(&strip_tags(&rest[start..start + end])))
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Whitespace collapsed to single spaces (pdftotext breaks lines where
/// the page wrapped them).
fn normal(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `n` characters: a long title is found by its start.
fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Each page's text, normalised.
fn pages(pdf: &Path) -> Vec<String> {
    let info = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let n: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    (1..=n)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            assert!(out.status.success(), "pdftotext failed on page {p}");
            normal(&String::from_utf8_lossy(&out.stdout))
        })
        .collect()
}

/// The charts of the page: `(title, axis labels)`, from each figure's
/// caption and its `<svg data-axes>`.
fn charts(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<figure data-figure=")
        .skip(1)
        .map(|fig| {
            let fig = &fig[..fig.find("</figure>").expect("figure closes")];
            let title = texts(fig, "<strong", "</strong>")
                .into_iter()
                .next()
                .unwrap_or_default();
            let axes = fig
                .split("data-axes=\"")
                .nth(1)
                .and_then(|a| a.split('"').next())
                .unwrap_or("");
            let axes = strip_tags(axes)
                .split('|')
                .map(normal)
                .filter(|a| !a.is_empty())
                .collect();
            (title, axes)
        })
        .collect()
}

fn print_to_pdf(browser: &str, html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            // The flag's name in recent Chromium; older ones knew
            // `--print-to-pdf-no-header` (an unknown flag is ignored).
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.canonicalize().unwrap().display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success() && pdf.exists(),
        "chromium did not print: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn the_printed_report_keeps_titles_with_their_charts() -> Outcome {
    let Some(browser) = chromium() else {
        return needs::unavailable(
            "chromium is not on PATH (tried `chromium` and `chromium-browser`)",
            "install it with `apt-get install chromium`; .ci/run does",
        );
    };
    if !works("pdftotext", "-v") || !works("pdfinfo", "-v") {
        return needs::unavailable(
            "pdftotext or pdfinfo is not on PATH",
            "install poppler-utils with `apt-get install poppler-utils`; .ci/run does",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.toml");
    std::fs::write(&base, BASE).unwrap();
    let carers = dir.path().join("carers.toml");
    std::fs::write(
        &carers,
        "extends = \"base.toml\"\nname = \"Mantelzorgsteun\"\n\
         [interventions.carer_support]\ncoverage = 0.5\n",
    )
    .unwrap();
    cargo_bin_cmd!("buurtsim")
        .arg("run")
        .args([&base, &carers])
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let html_path = dir.path().join("report.html");
    cargo_bin_cmd!("buurtsim")
        .arg("report")
        .arg(dir.path().join("out"))
        .arg("-o")
        .arg(&html_path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).unwrap();
    let pdf = dir.path().join("report.pdf");
    print_to_pdf(browser, &html_path, &pdf);
    let pages = pages(&pdf);
    assert!(pages.len() >= 2, "{} pages", pages.len());

    // Page 1: the title and the opening section.
    let title = texts(&html, "<h1", "</h1>").remove(0);
    assert!(pages[0].contains(&title), "page 1 lacks the title {title}");
    let i = html
        .find(HEADLINE_ID)
        .expect("the report opens with a headline");
    let opening = texts(&html[i..], "<h2", "</h2>").remove(0);
    assert_eq!(opening, "In het kort");
    // The headline itself, not only its heading: the scenario's title and
    // its cost sentence.
    let scenario_title = texts(&html[i..], "<h3", "</h3>").remove(0);
    assert!(
        pages[0].contains(&scenario_title),
        "page 1 lacks {scenario_title}"
    );
    assert!(
        pages[0].contains("alle betalers"),
        "page 1 lacks the cost sentence"
    );
    let first = pages[0]
        .rfind(&opening)
        .expect("page 1 holds the opening section");
    assert!(
        pages[0].len() > first + opening.len() + 40,
        "page 1 ends at the heading {opening}"
    );

    // Every chart: its title and its axis labels on one page (the last
    // page that names it: a chart may share its title with its section,
    // which the contents on page 1 name).
    let charts = charts(&html);
    assert!(charts.len() >= 8, "{} charts", charts.len());
    for (title, axes) in &charts {
        let key = head(title, 60);
        let page = pages
            .iter()
            .rposition(|p| p.contains(&key))
            .unwrap_or_else(|| panic!("no page holds the chart title {key}"));
        for axis in axes {
            assert!(
                pages[page].contains(&head(axis, 60)),
                "chart {title}: its axis label {axis} is not on page {}",
                page + 1
            );
        }
    }

    // Every section title has its section's start after it on its page
    // (the last page that names it: the contents on page 1 name them all).
    for section in texts(&html, "<h2", "</h2>") {
        let page = pages
            .iter()
            .rposition(|p| p.contains(&section))
            .unwrap_or_else(|| panic!("no page holds the section title {section}"));
        let at = pages[page].rfind(&section).unwrap();
        let after = pages[page][at + section.len()..].trim();
        assert!(
            after.chars().count() >= 20,
            "section title {section} ends page {}",
            page + 1
        );
    }
    Ok(Completion::Completed)
}
