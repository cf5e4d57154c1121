//! The page: inline CSS, sections, tables; the charts come from
//! [`super::charts`]. Nothing is loaded from elsewhere.

use super::charts::{self, LedgerRow};
use super::i18n::{
    display_factor, interval_text, metric_label, payer_label, signed_interval_text, unit_label,
    Lang, Text,
};
use super::{assumption_differences, ScenarioData, SweepData};
use crate::analysis::folders::compare_folders;
use crate::analysis::shift::{shift_ledger, Category};
use crate::experiment::compare::{Method, LEVEL};
use crate::model::{metric_index, METRICS};
use crate::output::KEY_METRICS;
use crate::stats::{t_interval, Interval, RunningMoments};
use std::fmt::Write;

/// Escape text for HTML (element content and attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Line breaks and tabs are text; any other control character
            // (NUL, ESC, ...) or bidirectional override from a file is shown
            // as a visible escape, never written raw into the page.
            c if hidden(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` must not be written raw into the page: a control character
/// other than a line break or tab, or a bidirectional override.
fn hidden(c: char) -> bool {
    c != '\n' && c != '\t' && crate::output::names::unsafe_char(c)
}

fn push_visible(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `s` (markup already) with every control character but line breaks and
/// tabs, and every bidirectional override, written as a visible `\u{..}`
/// escape: for text drawn by the chart library, which escapes only XML.
pub fn visible_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(hidden) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.into()
}

const CSS: &str = "
:root { --ink: #1d2430; --muted: #5b6472; --line: #d9dde3; --accent: #0b5a8c; --bg-soft: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.2em 0 0.2em; }
h2 { font-size: 1.4rem; margin: 2.2em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.12rem; margin: 1.6em 0 0.4em; }
p { margin: 0.4em 0 0.8em; }
.sub, .note, figcaption, .unit { color: var(--muted); }
.sub { font-size: 1rem; }
nav ol { columns: 2; padding-left: 1.4em; margin: 0.4em 0; }
nav a, a { color: var(--accent); }
.guide { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: 10px 18px; }
.guide h2 { margin-top: 0.3em; }
.guide li { margin: 0.3em 0; }
figure { margin: 1em 0 1.6em; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 0.95rem; margin-top: 0.4em; }
figcaption strong { color: var(--ink); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.6em 0 1.2em; min-width: 60%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num .d { display: block; color: var(--muted); font-size: 0.85em; white-space: nowrap; }
td.num .m, td.nowrap { white-space: nowrap; }
td code, th code { font-size: 0.88em; }
th code { overflow-wrap: normal; }
tr.cat td { background: #fafbfc; font-weight: 600; }
.unit { font-size: 0.85em; font-weight: normal; display: block; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 8px 18px; }
.grid figure { margin: 0.4em 0 1em; }
footer { margin-top: 3em; color: var(--muted); font-size: 0.9rem; border-top: 1px solid var(--line); padding-top: 0.8em; }
@media print { h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
";

fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang.code(),
        escape(title)
    )
}

/// A figure with its chart and caption.
fn figure(svg: &str, id: &str, title: &str, caption: &str) -> String {
    let caption = match (title.is_empty(), caption.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("<figcaption>{}</figcaption>\n", escape(caption)),
        _ => format!(
            "<figcaption><strong>{}</strong> {}</figcaption>\n",
            escape(title),
            escape(caption)
        ),
    };
    format!("<figure data-figure=\"{id}\">\n{svg}\n{caption}</figure>\n")
}

/// Mean and 95% interval of metric `m` over a folder's replications.
fn mean_interval(s: &ScenarioData, m: usize) -> Interval {
    let values: Vec<f64> = s.folder.values.iter().map(|v| v[m]).collect();
    t_interval(&RunningMoments::from_slice(&values), LEVEL)
}

fn method_text(method: Method, t: &Text) -> &'static str {
    match method {
        Method::Paired => t.paired,
        Method::Welch => t.welch,
    }
}

/// Scale for money: millions or thousands of euros, by the largest value.
fn money_scale(max_abs: f64, lang: Lang) -> (f64, &'static str) {
    match (max_abs >= 1e6, max_abs >= 1e4, lang.dutch()) {
        (true, _, true) => (1e6, "mln €/jaar"),
        (true, _, false) => (1e6, "€ million/year"),
        (false, true, true) => (1e3, "duizend €/jaar"),
        (false, true, false) => (1e3, "€ thousand/year"),
        (false, false, true) => (1.0, "€/jaar"),
        (false, false, false) => (1.0, "€/year"),
    }
}

/// Display factor and unit label of a metric whose typical size is `size`
/// (money in millions or thousands, shares in percent).
fn display(unit: &str, size: f64, lang: Lang, difference: bool) -> (f64, String) {
    if unit == "EUR/year" {
        let (scale, label) = money_scale(size, lang);
        (1.0 / scale, label.to_string())
    } else {
        (display_factor(unit), unit_label(unit, lang, difference))
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The page for scenarios (the first is the reference).
pub fn run_page(scenarios: &[ScenarioData], lang: Lang) -> Result<String, String> {
    let t = lang.text();
    let reference = &scenarios[0];
    let others = &scenarios[1..];
    let mut b = String::new();
    let ids: Vec<String> = scenarios.iter().map(|s| s.folder.id.clone()).collect();

    // Title and contents.
    let _ = writeln!(b, "<header>\n<h1>{}</h1>", escape(t.title));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}: <strong>{}</strong> ({}){}. {} {} · seed {} · {} {}.</p>\n</header>",
        escape(t.scenario),
        escape(&reference.name),
        escape(t.reference),
        others
            .iter()
            .map(|s| format!(", {}", escape(&s.name)))
            .collect::<String>(),
        escape(t.generated),
        escape(&reference.folder.version),
        reference.folder.seed,
        reference.folder.replications.len(),
        escape(&t.replications.to_lowercase()),
    );
    let mut sections: Vec<(&str, &str)> = vec![("guide", t.guide_title), ("key", t.key_title)];
    if !others.is_empty() {
        sections.push(("shift", t.shift_title));
    }
    sections.extend([
        ("gp", t.gp_title),
        ("series", t.series_title),
        ("cost", t.cost_title),
        ("assumptions", t.assumptions_title),
        ("provenance", t.meta_title),
    ]);
    b.push_str(&contents(t, &sections));

    // Reading guide.
    let _ = writeln!(
        b,
        "<section id=\"guide\" class=\"guide\">\n<h2>{}</h2>\n<ul>",
        escape(t.guide_title)
    );
    for sentence in t.guide {
        let _ = writeln!(b, "<li>{}</li>", escape(sentence));
    }
    b.push_str("</ul>\n</section>\n");

    // Key figures.
    let diffs: Vec<_> = others
        .iter()
        .map(|s| compare_folders(&reference.folder, &s.folder))
        .collect();
    let _ = writeln!(
        b,
        "<section id=\"key\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"scroll\">\n<table data-table=\"key-figures\">\n<thead><tr><th>{}</th>",
        escape(t.key_title),
        escape(t.key_intro),
        escape(t.metric)
    );
    for (i, id) in ids.iter().enumerate() {
        let _ = write!(
            b,
            "<th class=\"num\">{}{}</th>",
            escape(id),
            if i == 0 {
                format!("<span class=\"unit\">{}</span>", escape(t.reference))
            } else {
                String::new()
            }
        );
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for (name, _) in KEY_METRICS {
        let Some(m) = metric_index(name) else {
            continue;
        };
        let unit = METRICS[m].unit;
        let ref_iv = mean_interval(reference, m);
        let (factor, unit_text) = display(unit, ref_iv.mean.abs(), lang, false);
        let _ = write!(
            b,
            "<tr><td>{}<span class=\"unit\">{}</span></td>",
            escape(&metric_label(name, lang)),
            escape(&unit_text)
        );
        for (i, s) in scenarios.iter().enumerate() {
            let iv = mean_interval(s, m);
            let _ = write!(
                b,
                "<td class=\"num\"><span class=\"m\">{}</span>",
                escape(&interval_text(&iv, factor, lang))
            );
            if i > 0 {
                let d = &diffs[i - 1][m];
                let (_, diff_unit) = display(unit, ref_iv.mean.abs(), lang, true);
                let _ = write!(
                    b,
                    "<span class=\"d\" title=\"{} ({})\">Δ {}</span>",
                    escape(t.difference),
                    escape(&diff_unit),
                    escape(&signed_interval_text(&d.difference, factor, lang))
                );
            }
            b.push_str("</td>");
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n</div>\n");
    if let Some(d) = diffs.first().and_then(|d| d.first()) {
        let _ = writeln!(
            b,
            "<p class=\"note\">Δ = {} ({}); {}: {}. {}</p>",
            escape(t.difference),
            escape(&format!("{} − {}", t.scenario.to_lowercase(), t.reference)),
            escape(&t.method.to_lowercase()),
            escape(method_text(d.method, t)),
            escape(t.share_difference_note)
        );
    }
    b.push_str("</section>\n");

    // Shift ledger.
    if !others.is_empty() {
        let _ = writeln!(
            b,
            "<section id=\"shift\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
            escape(t.shift_title),
            escape(t.shift_intro)
        );
        for s in others {
            b.push_str(&ledger_section(reference, s, lang)?);
        }
        b.push_str("</section>\n");
    }

    // GP contacts and waiting time.
    let _ = writeln!(b, "<section id=\"gp\">\n<h2>{}</h2>", escape(t.gp_title));
    for (metric, chart_id, caption) in [
        (
            "gp_contacts_per_resident_year",
            "gp-contacts",
            t.gp_contacts_caption,
        ),
        ("gp_wait_days_mean", "gp-wait", t.gp_wait_caption),
    ] {
        let Some(m) = metric_index(metric) else {
            continue;
        };
        let rows: Vec<(String, Interval)> = scenarios
            .iter()
            .map(|s| (s.folder.id.clone(), mean_interval(s, m)))
            .collect();
        let unit = METRICS[m].unit;
        let axis = format!(
            "{} ({})",
            metric_label(metric, lang),
            unit_label(unit, lang, false)
        );
        let svg = charts::dot_whisker(chart_id, caption, &rows, display_factor(unit), &axis, lang)?;
        b.push_str(&figure(&svg, chart_id, caption, t.dot_whisker_note));
    }
    b.push_str("</section>\n");

    // Monthly series.
    let _ = writeln!(
        b,
        "<section id=\"series\">\n<h2>{}</h2>",
        escape(t.series_title)
    );
    for (metric, chart_id, title) in [
        ("gp_contacts_per_resident_year", "series-gp", t.series_gp),
        (
            "carers_heavily_burdened_share",
            "series-carers",
            t.series_carers,
        ),
        (
            "severely_lonely_share_adults",
            "series-lonely",
            t.series_lonely,
        ),
    ] {
        let series: Vec<charts::Series> = scenarios
            .iter()
            .filter_map(|s| {
                let v = s.series.get(metric)?;
                Some((
                    s.folder.id.clone(),
                    v.iter()
                        .map(|p| (p.month as f64, p.mean, p.low, p.high))
                        .collect(),
                ))
            })
            .collect();
        if series.is_empty() {
            continue;
        }
        let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
        let y_axis = unit_label(unit, lang, false);
        let svg = charts::time_series(
            chart_id,
            title,
            &series,
            display_factor(unit),
            t.month_axis,
            &y_axis,
            lang,
        )?;
        b.push_str(&figure(&svg, chart_id, title, t.series_caption));
    }
    b.push_str("</section>\n");

    // Cost by payer.
    let _ = writeln!(
        b,
        "<section id=\"cost\">\n<h2>{}</h2>",
        escape(t.cost_title)
    );
    let payers = [
        "cost_zvw_eur_year",
        "cost_wmo_eur_year",
        "cost_wlz_eur_year",
        "cost_gemeente_eur_year",
    ];
    let mut values = Vec::new();
    let mut groups = Vec::new();
    for p in payers {
        let Some(m) = metric_index(p) else { continue };
        groups.push(payer_label(p, lang).to_string());
        values.push(
            scenarios
                .iter()
                .map(|s| mean_interval(s, m))
                .collect::<Vec<_>>(),
        );
    }
    let max = values
        .iter()
        .flatten()
        .map(|iv| iv.high.abs().max(iv.mean.abs()))
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let (scale, money_unit) = money_scale(max, lang);
    let svg = charts::grouped_bars(
        "cost-by-payer",
        t.cost_title,
        &groups,
        &ids,
        &values,
        scale,
        &format!(
            "{} ({money_unit})",
            if lang.dutch() { "kosten" } else { "cost" }
        ),
        lang,
    )?;
    b.push_str(&figure(&svg, "cost-by-payer", t.cost_title, t.cost_caption));
    b.push_str("</section>\n");

    // Assumptions.
    let _ = writeln!(
        b,
        "<section id=\"assumptions\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        escape(t.assumptions_title),
        escape(t.assumptions_intro)
    );
    for s in scenarios {
        let _ = writeln!(b, "<h3>{} — {}</h3>", escape(&s.folder.id), escape(&s.name));
        let description = s.description_in(lang.dutch());
        if !description.is_empty() {
            let _ = writeln!(b, "<p>{}</p>", escape(description));
        }
        if std::ptr::eq(s, reference) {
            continue;
        }
        let d = assumption_differences(&reference.resolved, &s.resolved);
        if d.is_empty() {
            let _ = writeln!(b, "<p class=\"note\">{}</p>", escape(t.no_differences));
            continue;
        }
        let _ = writeln!(
            b,
            "<div class=\"scroll\">\n<table data-table=\"assumptions-{}\">\n<thead><tr><th>{}</th><th>{} ({})</th><th>{}</th></tr></thead>\n<tbody>",
            slug(&s.folder.id),
            escape(t.setting),
            escape(t.baseline_value),
            escape(&reference.folder.id),
            escape(t.scenario_value)
        );
        for (key, a, v) in d {
            let _ = writeln!(
                b,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                escape(&key),
                escape(a.as_deref().unwrap_or(t.absent)),
                escape(v.as_deref().unwrap_or(t.absent))
            );
        }
        b.push_str("</tbody>\n</table>\n</div>\n");
    }
    b.push_str("</section>\n");

    // Provenance.
    let _ = writeln!(
        b,
        "<section id=\"provenance\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table data-table=\"provenance\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(t.meta_title),
        escape(t.scenario),
        escape(t.name),
        escape(t.seed),
        escape(t.replications),
        escape(t.version),
        escape(t.method),
        escape(t.folder)
    );
    for (i, s) in scenarios.iter().enumerate() {
        let method = if i == 0 {
            t.reference.to_string()
        } else {
            diffs[i - 1]
                .first()
                .map_or("", |d| method_text(d.method, t))
                .to_string()
        };
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&s.folder.id),
            escape(&s.name),
            s.folder.seed,
            s.folder.replications.len(),
            escape(&s.folder.version),
            escape(&method),
            escape(&s.folder.path.display().to_string())
        );
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    let _ = writeln!(b, "<footer>{}</footer>", escape(t.footer));
    Ok(page(lang, t.title, &b))
}

fn contents(t: &Text, sections: &[(&str, &str)]) -> String {
    let mut b = format!("<nav>\n<strong>{}</strong>\n<ol>\n", escape(t.contents));
    for (id, title) in sections {
        let _ = writeln!(b, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
    }
    b.push_str("</ol>\n</nav>\n");
    b
}

/// The ledger of one scenario: chart and table.
fn ledger_section(
    reference: &ScenarioData,
    s: &ScenarioData,
    lang: Lang,
) -> Result<String, String> {
    let t = lang.text();
    let dutch = lang.dutch();
    let lines = shift_ledger(&reference.folder, &s.folder);
    let mut b = String::new();
    let method = lines.first().map_or(Method::Paired, |l| l.method);
    let title = format!(
        "{} {} {} ({})",
        s.folder.id,
        t.shift_vs,
        reference.folder.id,
        method_text(method, t)
    );
    let _ = writeln!(b, "<h3>{}</h3>", escape(&title));
    let mut rows = Vec::new();
    let mut table = String::new();
    let chart_id = format!("shift-{}", slug(&s.folder.id));
    let _ = writeln!(
        table,
        "<div class=\"scroll\">\n<table data-table=\"{chart_id}\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(t.item),
        escape(t.unit),
        escape(t.reference_mean),
        escape(t.scenario_mean),
        escape(t.amount),
        escape(t.method)
    );
    for category in Category::ALL {
        let in_cat: Vec<_> = lines
            .iter()
            .filter(|l| l.item.category == category)
            .collect();
        if in_cat.is_empty() {
            continue;
        }
        let _ = writeln!(
            table,
            "<tr class=\"cat\"><td colspan=\"6\">{}</td></tr>",
            escape(&capitalise(category.label(dutch)))
        );
        for (k, line) in in_cat.iter().enumerate() {
            let unit = line.item.unit;
            let size = line.reference_mean.abs().max(line.scenario_mean.abs());
            let (factor, level_unit) = display(unit, size, lang, false);
            let (_, amount_unit) = display(unit, size, lang, true);
            // Amounts of money: in euros on the chart's own axis when small.
            let amount_factor = if unit == "EUR/year" {
                let (sc, _) = money_scale(line.amount.high.abs().max(line.amount.low.abs()), lang);
                1.0 / sc
            } else {
                factor
            };
            let amount_unit = if unit == "EUR/year" {
                money_scale(line.amount.high.abs().max(line.amount.low.abs()), lang)
                    .1
                    .to_string()
            } else {
                amount_unit
            };
            let scaled = Interval {
                mean: line.amount.mean * amount_factor,
                low: line.amount.low * amount_factor,
                high: line.amount.high * amount_factor,
                n: line.amount.n,
            };
            rows.push(LedgerRow {
                heading: (k == 0).then(|| capitalise(category.label(dutch))),
                label: line.item.label(dutch).to_string(),
                unit: amount_unit.clone(),
                amount: scaled,
            });
            let level = |x: f64| {
                interval_text(
                    &Interval {
                        mean: x,
                        low: f64::NAN,
                        high: f64::NAN,
                        n: 0,
                    },
                    factor,
                    lang,
                )
            };
            let _ = writeln!(
                table,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><span class=\"m\">{}</span> <span class=\"unit\">{}</span></td><td>{}</td></tr>",
                escape(line.item.label(dutch)),
                escape(&level_unit),
                escape(&level(line.reference_mean)),
                escape(&level(line.scenario_mean)),
                escape(&signed_interval_text(&scaled, 1.0, lang)),
                escape(&amount_unit),
                escape(method_text(line.method, t))
            );
        }
    }
    table.push_str("</tbody>\n</table>\n</div>\n");
    let svg = charts::ledger(&chart_id, &title, &rows, lang)?;
    b.push_str(&figure(&svg, &chart_id, "", ""));
    b.push_str(&table);
    Ok(b)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The metrics shown per point in a sweep's table.
const SWEEP_TABLE_METRICS: &[&str] = &[
    "gp_contacts_per_resident_year",
    "gp_wait_days_mean",
    "carers_heavily_burdened_share",
    "severely_lonely_share_adults",
    "cost_total_eur_year",
];

/// The page for a sweep.
pub fn sweep_page(sweep: &SweepData, lang: Lang) -> Result<String, String> {
    let t = lang.text();
    let mut b = String::new();
    let _ = writeln!(b, "<header>\n<h1>{}</h1>", escape(t.title_sweep));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}: <strong>{}</strong> ({}). {} {} · seed {} · {} {} · {} {}.</p>\n</header>",
        escape(t.scenario),
        escape(&sweep.name),
        escape(&sweep.id),
        escape(t.generated),
        escape(&sweep.version),
        sweep.seed,
        sweep.points.len(),
        escape(&t.points.to_lowercase()),
        sweep.replications,
        escape(&t.replications_per_point.to_lowercase()),
    );
    b.push_str(&contents(
        t,
        &[
            ("guide", t.guide_title),
            ("points", t.sweep_points_title),
            ("sweep", t.sweep_title),
            ("assumptions", t.swept_parameters),
            ("provenance", t.meta_title),
        ],
    ));
    let _ = writeln!(
        b,
        "<section id=\"guide\" class=\"guide\">\n<h2>{}</h2>\n<ul>",
        escape(t.guide_title)
    );
    for sentence in t.guide.iter().take(3) {
        let _ = writeln!(b, "<li>{}</li>", escape(sentence));
    }
    let _ = writeln!(b, "<li>{}</li>\n</ul>\n</section>", escape(t.guide_sweep));

    // Key figures per point.
    let size = |metric: &str| {
        sweep
            .points
            .iter()
            .filter_map(|p| p.metrics.get(metric))
            .map(|iv| iv.mean.abs())
            .fold(0.0, f64::max)
    };
    let _ = writeln!(
        b,
        "<section id=\"points\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table data-table=\"sweep-points\">\n<thead><tr><th class=\"num\">{}</th>",
        escape(t.sweep_points_title),
        escape(t.point)
    );
    for p in &sweep.parameters {
        // A dotted path may break after its dots, never inside a word.
        let breakable = escape(p).replace('.', ".<wbr>");
        let _ = write!(b, "<th class=\"num\"><code>{breakable}</code></th>");
    }
    for metric in SWEEP_TABLE_METRICS {
        let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
        let (_, u) = display(unit, size(metric), lang, false);
        let _ = write!(
            b,
            "<th class=\"num\">{}<span class=\"unit\">{}</span></th>",
            escape(&metric_label(metric, lang)),
            escape(&u)
        );
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for point in &sweep.points {
        let _ = write!(b, "<tr><td class=\"num\">{}</td>", point.point);
        for v in &point.values {
            let _ = write!(
                b,
                "<td class=\"num\">{}</td>",
                escape(&super::i18n::short_number(*v, lang))
            );
        }
        for metric in SWEEP_TABLE_METRICS {
            let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
            let (factor, _) = display(unit, size(metric), lang, false);
            let cell = point
                .metrics
                .get(*metric)
                .map(|iv| interval_text(iv, factor, lang))
                .unwrap_or_else(|| "–".into());
            let _ = write!(
                b,
                "<td class=\"num\"><span class=\"m\">{}</span></td>",
                escape(&cell)
            );
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");

    // Each key metric against each swept parameter.
    let _ = writeln!(
        b,
        "<section id=\"sweep\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"grid\">",
        escape(t.sweep_title),
        escape(t.sweep_caption)
    );
    for (metric, _) in KEY_METRICS {
        let Some(m) = metric_index(metric) else {
            continue;
        };
        let unit = METRICS[m].unit;
        let (factor, unit_text) = display(unit, size(metric), lang, false);
        for (k, param) in sweep.parameters.iter().enumerate() {
            let lines = sweep_lines(sweep, k, metric, lang);
            let chart_id = format!("sweep-{}-{}", slug(metric), slug(param));
            let title = format!("{} × {}", metric_label(metric, lang), param);
            let y_axis = unit_text.clone();
            let x_axis = format!("{param} ({})", t.value_axis);
            let svg =
                charts::sweep_chart(&chart_id, &title, &lines, factor, &x_axis, &y_axis, lang)?;
            b.push_str(&figure(&svg, &chart_id, &title, ""));
        }
    }
    b.push_str("</div>\n</section>\n");

    // Swept parameters.
    let _ = writeln!(
        b,
        "<section id=\"assumptions\">\n<h2>{}</h2>\n<table data-table=\"swept-parameters\">\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(t.swept_parameters),
        escape(t.setting),
        escape(t.values)
    );
    for (k, p) in sweep.parameters.iter().enumerate() {
        let mut values: Vec<f64> = sweep.points.iter().map(|pt| pt.values[k]).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let text = if values.len() > 12 {
            format!(
                "{} … {} ({})",
                super::i18n::short_number(values[0], lang),
                super::i18n::short_number(values[values.len() - 1], lang),
                values.len()
            )
        } else {
            values
                .iter()
                .map(|v| super::i18n::short_number(*v, lang))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let _ = writeln!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            escape(p),
            escape(&text)
        );
    }
    b.push_str("</tbody>\n</table>\n</section>\n");

    // Provenance.
    let _ = writeln!(
        b,
        "<section id=\"provenance\">\n<h2>{}</h2>\n<table data-table=\"provenance\">\n<tbody>",
        escape(t.meta_title)
    );
    for (k, v) in [
        (t.scenario, sweep.id.clone()),
        (t.name, sweep.name.clone()),
        (t.sweep_method, sweep.method.clone()),
        (t.seed, sweep.seed.to_string()),
        (t.points, sweep.points.len().to_string()),
        (t.replications_per_point, sweep.replications.to_string()),
        (t.version, sweep.version.clone()),
        (t.folder, sweep.path.display().to_string()),
    ] {
        let _ = writeln!(b, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(&v));
    }
    b.push_str("</tbody>\n</table>\n</section>\n");
    let _ = writeln!(b, "<footer>{}</footer>", escape(t.footer));
    Ok(page(lang, t.title_sweep, &b))
}

/// The lines of metric against parameter `k`: points grouped by the values
/// of the other parameters, each group sorted by parameter `k`.
fn sweep_lines(
    sweep: &SweepData,
    k: usize,
    metric: &str,
    lang: Lang,
) -> Vec<(String, Vec<(f64, Interval)>)> {
    // (values of the other parameters, points along parameter k)
    type Group = (Vec<f64>, Vec<(f64, Interval)>);
    let mut groups: Vec<Group> = Vec::new();
    for p in &sweep.points {
        let Some(iv) = p.metrics.get(metric) else {
            continue;
        };
        let key: Vec<f64> = p
            .values
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, v)| *v)
            .collect();
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, pts)) => pts.push((p.values[k], *iv)),
            None => groups.push((key, vec![(p.values[k], *iv)])),
        }
    }
    let others: Vec<&String> = sweep
        .parameters
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .map(|(_, p)| p)
        .collect();
    let grid = groups.iter().all(|(_, pts)| pts.len() >= 2);
    if !grid {
        // A Latin hypercube: every point on its own; one series.
        let mut all: Vec<(f64, Interval)> = groups.into_iter().flat_map(|(_, p)| p).collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        return vec![(String::new(), all)];
    }
    groups
        .into_iter()
        .map(|(key, mut pts)| {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let label = others
                .iter()
                .zip(&key)
                .map(|(p, v)| {
                    format!(
                        "{} = {}",
                        p.rsplit('.').next().unwrap_or(p),
                        super::i18n::short_number(*v, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            (label, pts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn shares_are_percent() {
        assert_eq!(display("share", 0.2, Lang::Nl, false).0, 100.0);
        assert_eq!(display("EUR/year", 2e7, Lang::Nl, false).1, "mln €/jaar");
    }
}
