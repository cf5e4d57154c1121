//! The sensitivity page: one sensitivity analysis's folder, per metric the
//! parameters' indices as sorted bars with their intervals and the noise
//! floor, a reading guide in plain words, every index in a table, and the
//! analysis's set-up (`sensitivity_settings`).
//!
//! Knows which index is drawn how (ST with S1, μ* with σ) and the page's
//! sections; the bars come from [`super::charts::sensitivity`], the words
//! from [`super::sensitivity_text`].

use super::charts::sensitivity::{index_bars, shorten_path, IndexChart, IndexRow};
use super::data::SensitivityData;
use super::error::ReportError;
use super::escape::escape;
use super::html::{contents, display, figure, page, slug};
use super::i18n::{metric_label, short_number, Lang};
use super::sensitivity_settings::{design_points, parameters_table, provenance, settings_table};
use super::sensitivity_text::SensText;
use crate::experiment::sensitivity::DUMMY;
use crate::experiment::sensitivity_analysis::IndexKind;
use crate::model::{metric_index, METRICS};
use crate::output::sensitivity_results::Ranked;
use crate::scenario::SensitivityMethod;
use crate::sensitivity::Estimate;
use std::fmt::Write;

/// The longest parameter label drawn in a chart, in characters; longer
/// paths lose their leading segments (the full path is the tooltip).
const LABEL_CHARS: usize = 40;

/// The page for a sensitivity analysis; its charts show `metrics` (those
/// the analysis has, in that order), or all its metrics when `None`.
pub fn sensitivity_page(
    data: &SensitivityData,
    lang: Lang,
    metrics: Option<&[String]>,
) -> Result<String, ReportError> {
    let s = SensText::of(lang);
    let t = lang.text();
    let all = data.results.metrics();
    let shown: Vec<&str> = match metrics {
        Some(chosen) => chosen
            .iter()
            .map(String::as_str)
            .filter(|m| all.contains(m))
            .collect(),
        None => all,
    };
    let mut b = String::new();
    header(&mut b, data, lang);
    guide(&mut b, data, lang);
    let _ = writeln!(
        b,
        "<section id=\"charts\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        escape(s.charts_title),
        escape(match data.results.method {
            SensitivityMethod::Sobol => s.charts_intro_sobol,
            SensitivityMethod::Morris => s.charts_intro_morris,
        })
    );
    for metric in &shown {
        metric_chart(&mut b, data, metric, lang)?;
    }
    b.push_str("</section>\n");
    indices_table(&mut b, data, &shown, lang);
    settings_table(&mut b, data, lang);
    parameters_table(&mut b, data, lang);
    provenance(&mut b, data, lang);
    let _ = writeln!(b, "<footer>{}</footer>", escape(t.footer));
    Ok(page(lang, s.title, &b))
}

/// Title, subtitle and contents.
fn header(b: &mut String, data: &SensitivityData, lang: Lang) {
    let (s, t) = (SensText::of(lang), lang.text());
    let m = &data.results.manifest;
    let _ = writeln!(b, "<header>\n<h1>{}</h1>", escape(s.title));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}: <strong>{}</strong> ({}). {} {} · {} · seed {} · {} {} · {} {}.</p>\n</header>",
        escape(t.scenario),
        escape(&m.scenario_name),
        escape(&m.scenario_id),
        escape(t.generated),
        escape(&m.buurtsim_version),
        escape(s.method_name(data.results.method)),
        m.seed,
        design_points(data),
        escape(&s.design_points.to_lowercase()),
        m.replications,
        escape(&t.replications_per_point.to_lowercase()),
    );
    b.push_str(&contents(
        t,
        &[
            ("guide", s.guide_title),
            ("charts", s.charts_title),
            ("indices", s.table_title),
            ("settings", s.settings_title),
            ("parameters", s.parameters_title),
            ("provenance", t.meta_title),
        ],
    ));
}

/// The reading guide: the method's indices, then the dummy, the floor and
/// the intervals, and the reference where there is one.
fn guide(b: &mut String, data: &SensitivityData, lang: Lang) {
    let s = SensText::of(lang);
    let _ = writeln!(
        b,
        "<section id=\"guide\" class=\"guide\">\n<h2>{}</h2>\n<ul>",
        escape(s.guide_title)
    );
    let method = match data.results.method {
        SensitivityMethod::Sobol => s.guide_sobol,
        SensitivityMethod::Morris => s.guide_morris,
    };
    for sentence in method.iter().chain(s.guide_common) {
        let _ = writeln!(b, "<li>{}</li>", escape(sentence));
    }
    if let Some(reference) = &data.results.manifest.reference_id {
        let _ = writeln!(
            b,
            "<li>{} <code>{}</code>).</li>",
            escape(s.guide_reference),
            escape(reference)
        );
    }
    b.push_str("</ul>\n</section>\n");
}

/// The headline and the second index of `method`: (ST, S1) or (μ*, σ).
pub(super) fn drawn_kinds(method: SensitivityMethod) -> (IndexKind, IndexKind) {
    match method {
        SensitivityMethod::Sobol => (IndexKind::ST, IndexKind::S1),
        SensitivityMethod::Morris => (IndexKind::MuStar, IndexKind::Sigma),
    }
}

/// The estimate of `kind` in a ranked parameter.
fn estimate(r: &Ranked, method: SensitivityMethod, kind: IndexKind) -> Estimate {
    IndexKind::of(method)
        .iter()
        .position(|k| *k == kind)
        .and_then(|i| r.indices.get(i).copied())
        .unwrap_or_default()
}

fn scaled(e: Estimate, factor: f64) -> Estimate {
    Estimate {
        value: e.value * factor,
        ci_low: e.ci_low * factor,
        ci_high: e.ci_high * factor,
    }
}

/// The display factor and unit of `metric`'s indices: Sobol indices are
/// shares of variance (no unit); Morris effects are in the metric's units
/// (percentage points for shares, thousands or millions of euros).
fn unit_of(data: &SensitivityData, metric: &str, lang: Lang) -> (f64, String) {
    let method = data.results.method;
    if method == SensitivityMethod::Sobol {
        return (1.0, String::new());
    }
    let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
    let size = data
        .results
        .ranking(metric)
        .iter()
        .map(|r| estimate(r, method, IndexKind::MuStar).value.abs())
        .fold(0.0, f64::max);
    display(unit, size, lang, true)
}

/// The value axis's description of a chart in `unit`.
fn axis_text(method: SensitivityMethod, unit: &str, s: &SensText) -> String {
    match (method, unit.is_empty()) {
        (SensitivityMethod::Sobol, _) => s.sobol_axis.to_string(),
        (SensitivityMethod::Morris, true) => s.morris_axis.to_string(),
        (SensitivityMethod::Morris, false) => format!("{} ({unit})", s.morris_axis),
    }
}

/// The figure of one metric.
fn metric_chart(
    b: &mut String,
    data: &SensitivityData,
    metric: &str,
    lang: Lang,
) -> Result<(), ReportError> {
    let s = SensText::of(lang);
    let results = &data.results;
    let method = results.method;
    let ranking = results.ranking(metric);
    let (factor, unit) = unit_of(data, metric, lang);
    let axis = axis_text(method, &unit, s);
    let (headline, second) = drawn_kinds(method);
    let rows: Vec<IndexRow> = ranking
        .iter()
        .map(|r| {
            let dummy = r.parameter == DUMMY;
            IndexRow {
                label: if dummy {
                    s.dummy.to_string()
                } else {
                    shorten_path(&r.parameter, LABEL_CHARS)
                },
                full: r.parameter.clone(),
                primary: scaled(estimate(r, method, headline), factor),
                secondary: scaled(estimate(r, method, second), factor),
                within_floor: !r.above_floor,
                dummy,
            }
        })
        .collect();
    let legend = match method {
        SensitivityMethod::Sobol => [s.st, s.s1],
        SensitivityMethod::Morris => [s.mu_star, s.sigma],
    };
    let words = IndexChart {
        legend,
        floor: results.floor(metric, headline) * factor,
        floor_label: s.floor,
        noise: s.noise,
        axis: &axis,
    };
    let id = format!("sensitivity-{}", slug(metric));
    let title = metric_label(metric, lang);
    let svg = index_bars(&id, &title, &rows, &words, lang)?;
    let second_floor = results.floor(metric, second) * factor;
    let mut caption = format!(
        "{} {}: {}.",
        s.floor_of,
        kind_name(second),
        short_number(second_floor, lang)
    );
    if !ranking
        .iter()
        .any(|r| r.above_floor && r.parameter != DUMMY)
    {
        caption = format!("{caption} {}", s.none_above);
    }
    b.push_str(&figure(&svg, &id, &title, &caption));
    Ok(())
}

/// How an index is written on the page.
pub(super) fn kind_name(kind: IndexKind) -> &'static str {
    match kind {
        IndexKind::S1 => "S1",
        IndexKind::ST => "ST",
        IndexKind::Mu => "μ",
        IndexKind::MuStar => "μ*",
        IndexKind::Sigma => "σ",
    }
}

/// Every index of every shown metric, with its interval (Morris's in the
/// chart's units), and whether the
/// headline index stands above the floor.
fn indices_table(b: &mut String, data: &SensitivityData, metrics: &[&str], lang: Lang) {
    let (s, t) = (SensText::of(lang), lang.text());
    let method = data.results.method;
    let headline = IndexKind::headline(method);
    let _ = writeln!(
        b,
        "<section id=\"indices\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table data-table=\"sensitivity-indices\">\n\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(s.table_title),
        escape(t.metric),
        escape(s.parameter),
        escape(s.index),
        escape(s.estimate),
        escape(s.verdict),
    );
    for metric in metrics {
        let (factor, unit) = unit_of(data, metric, lang);
        let label = match unit.is_empty() {
            true => metric_label(metric, lang),
            false => format!("{} ({unit})", metric_label(metric, lang)),
        };
        for r in data.results.ranking(metric) {
            for kind in IndexKind::of(method) {
                let e = scaled(estimate(&r, method, *kind), factor);
                let verdict = match (*kind == headline, r.above_floor) {
                    (false, _) => "",
                    (true, true) => s.above,
                    (true, false) => s.noise,
                };
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\"><span class=\"m\">{}</span></td><td>{}</td></tr>",
                    escape(&label),
                    escape(&r.parameter).replace('.', ".<wbr>"),
                    kind_name(*kind),
                    escape(&estimate_text(e, lang)),
                    escape(verdict)
                );
            }
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// `value [low; high]` with three significant decimals.
fn estimate_text(e: Estimate, lang: Lang) -> String {
    let iv = crate::stats::Interval {
        mean: e.value,
        low: e.ci_low,
        high: e.ci_high,
        n: 0,
    };
    super::i18n::interval_text(&iv, 1.0, lang)
}
