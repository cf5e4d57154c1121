//! The set-up tables of the sensitivity page: method, samples or
//! trajectories, replications, design points, seeds and reference; the
//! varied parameters with their ranges; and the provenance.
//!
//! Read from the manifest and its resolved scenario's `[sensitivity]`
//! table, so the page says how the analysis that wrote the files ran, not
//! how a scenario file reads today.

use super::data::SensitivityData;
use super::escape::escape;
use super::i18n::{short_number, Lang};
use super::sensitivity_text::SensText;
use crate::experiment::sensitivity::DUMMY;
use crate::scenario::{SensitivityMethod, DEFAULT_BOOTSTRAP};
use std::fmt::Write;

/// The `[sensitivity]` table of the resolved scenario (empty if absent).
fn sensitivity_table(data: &SensitivityData) -> toml::Table {
    data.resolved
        .get("sensitivity")
        .and_then(|v| v.as_table())
        .cloned()
        .unwrap_or_default()
}

fn integer(table: &toml::Table, key: &str) -> Option<i64> {
    table.get(key).and_then(|v| v.as_integer())
}

/// A table of `(label, value)` rows with id `id`.
fn key_value_table(b: &mut String, id: &str, rows: &[(&str, String)]) {
    let _ = writeln!(b, "<table data-table=\"{id}\">\n<tbody>");
    for (k, v) in rows {
        let _ = writeln!(b, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    }
    b.push_str("</tbody>\n</table>\n");
}

/// Method, base samples or trajectories (and levels), replications per
/// point, design points, seeds, bootstrap and the reference.
pub(super) fn settings_table(b: &mut String, data: &SensitivityData, lang: Lang) {
    let (s, t) = (SensText::of(lang), lang.text());
    let m = &data.results.manifest;
    let table = sensitivity_table(data);
    let samples = integer(&table, "samples").map_or("–".into(), |n| n.to_string());
    let mut rows: Vec<(&str, String)> =
        vec![(t.method, s.method_name(data.results.method).to_string())];
    match data.results.method {
        SensitivityMethod::Sobol => rows.push((s.base_samples, samples)),
        SensitivityMethod::Morris => {
            rows.push((s.trajectories, samples));
            let levels =
                integer(&table, "levels").unwrap_or(crate::scenario::DEFAULT_MORRIS_LEVELS.into());
            rows.push((s.levels, levels.to_string()));
        }
    }
    rows.push((t.replications_per_point, m.replications.to_string()));
    rows.push((s.design_points, design_points(data).to_string()));
    rows.push((s.simulated_points, m.points.to_string()));
    rows.push((t.seed, m.seed.to_string()));
    let design_seed = m
        .design_seed
        .or(integer(&table, "seed").map(|v| v as u64))
        .unwrap_or(m.seed);
    rows.push((s.design_seed, design_seed.to_string()));
    let bootstrap = integer(&table, "bootstrap").unwrap_or(DEFAULT_BOOTSTRAP.into());
    rows.push((s.bootstrap, bootstrap.to_string()));
    if let Some(reference) = &m.reference_id {
        rows.push((s.reference, format!("{reference}: {}", s.reference_note)));
    }
    let _ = writeln!(
        b,
        "<section id=\"settings\">\n<h2>{}</h2>",
        escape(s.settings_title)
    );
    key_value_table(b, "sensitivity-settings", &rows);
    b.push_str("</section>\n");
}

/// The rows of the design: the manifest's points are both passes, each
/// with the reference's points beside the programme's where there is one.
pub(super) fn design_points(data: &SensitivityData) -> u64 {
    let m = &data.results.manifest;
    let roles = if m.reference_id.is_some() { 2 } else { 1 };
    m.points / (2 * roles)
}

/// A parameter's range as written in `[sensitivity.parameters]`.
fn range_text(table: &toml::Table, path: &str, lang: Lang) -> String {
    let s = SensText::of(lang);
    if path == DUMMY {
        return s.dummy_range.to_string();
    }
    let Some(range) = table
        .get("parameters")
        .and_then(|p| p.as_table())
        .and_then(|p| p.get(path))
        .and_then(|r| r.as_table())
    else {
        return "–".into();
    };
    let end = |key: &str| {
        range
            .get(key)
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            .map_or("–".into(), |v| short_number(v, lang))
    };
    let log = range.get("log").and_then(|v| v.as_bool()) == Some(true);
    let text = format!("{} – {}", end("min"), end("max"));
    if log {
        format!("{text} ({})", s.log)
    } else {
        text
    }
}

/// The varied parameters in design order, the dummy last, with ranges.
pub(super) fn parameters_table(b: &mut String, data: &SensitivityData, lang: Lang) {
    let s = SensText::of(lang);
    let table = sensitivity_table(data);
    let _ = writeln!(
        b,
        "<section id=\"parameters\">\n<h2>{}</h2>\n<table data-table=\"sensitivity-parameters\">\n\
         <thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(s.parameters_title),
        escape(s.parameter),
        escape(s.range)
    );
    for p in &data.results.manifest.parameters {
        let _ = writeln!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            escape(p).replace('.', ".<wbr>"),
            escape(&range_text(&table, p, lang))
        );
    }
    b.push_str("</tbody>\n</table>\n</section>\n");
}

/// Scenario, name, version and folder.
pub(super) fn provenance(b: &mut String, data: &SensitivityData, lang: Lang) {
    let t = lang.text();
    let m = &data.results.manifest;
    let _ = writeln!(
        b,
        "<section id=\"provenance\">\n<h2>{}</h2>",
        escape(t.meta_title)
    );
    key_value_table(
        b,
        "provenance",
        &[
            (t.scenario, m.scenario_id.clone()),
            (t.name, m.scenario_name.clone()),
            (t.seed, m.seed.to_string()),
            (t.version, m.buurtsim_version.clone()),
            (t.folder, data.path.display().to_string()),
        ],
    );
    b.push_str("</section>\n");
}
