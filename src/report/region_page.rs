//! The sections of a sweep over regions (`population.cbs.region`): key
//! figures by wijk, a bar chart by wijk for each of a few outcomes, and
//! the wijken `"all-wijken"` left out; one function per section. The
//! sweep page ([`super::sweep_page`]) puts them in place of its table and
//! line charts by point, which say little when a point is a wijk.
//!
//! Wijken differ in size, so the figures shown are rates (per resident,
//! per 1,000) and shares; total cost is shown per resident, divided by
//! the wijk's mean residents (a derived figure the note explains).

use super::charts;
use super::data::{SweepData, SweepPoint, SweptRegions};
use super::error::ReportError;
use super::escape::escape;
use super::html::{display, figure, slug};
use super::i18n::{interval_text, metric_label, number, short_number, Lang};
use crate::model::{metric_index, METRICS};
use crate::stats::Interval;
use std::fmt::Write;

/// The metrics of the table by wijk, after the residents.
const TABLE_METRICS: &[&str] = &[
    "share_65plus",
    "gp_contacts_per_resident_year",
    "emergency_visits_per_1000_year",
    "nursing_home_admissions_per_1000_65plus_year",
    "carers_heavily_burdened_share",
];

/// The metrics with a chart by wijk, before cost per resident.
const CHART_METRICS: &[&str] = &[
    "gp_contacts_per_resident_year",
    "nursing_home_admissions_per_1000_65plus_year",
    "emergency_visits_per_1000_year",
];

/// Where a point's residents come from.
const RESIDENTS: &str = "residents";
/// What cost per resident divides.
const COST_TOTAL: &str = "cost_total_eur_year";

/// Parameter `k`'s value `v` as a reader reads it: a region's code in the
/// region column of a sweep over regions, else the number, short.
pub(super) fn value_text(sweep: &SweepData, k: usize, v: f64, lang: Lang) -> String {
    match &sweep.regions {
        Some(r) if r.column == k => r.codes.get(v as usize).cloned().unwrap_or_default(),
        _ => short_number(v, lang),
    }
}

/// A point's row label: its region's code, and the other swept values
/// where the sweep has more parameters (`WK036300, coverage = 0.3`).
pub(super) fn row_label(
    sweep: &SweepData,
    regions: &SweptRegions,
    p: &SweepPoint,
    lang: Lang,
) -> String {
    let mut label = value_text(sweep, regions.column, p.values[regions.column], lang);
    for (k, name) in sweep.parameters.iter().enumerate() {
        if k != regions.column {
            let short = name.rsplit('.').next().unwrap_or(name);
            let _ = write!(
                label,
                ", {short} = {}",
                value_text(sweep, k, p.values[k], lang)
            );
        }
    }
    label
}

/// A point's total cost per resident per year: the interval of the total
/// cost divided by the mean residents (none without both).
fn cost_per_resident(p: &SweepPoint) -> Option<Interval> {
    let residents = p.metrics.get(RESIDENTS)?.mean;
    let cost = p.metrics.get(COST_TOTAL)?;
    (residents > 0.0).then(|| Interval {
        mean: cost.mean / residents,
        low: cost.low / residents,
        high: cost.high / residents,
        n: cost.n,
    })
}

/// The largest mean of `metric` over the points: sets its display scale.
fn metric_size(sweep: &SweepData, metric: &str) -> f64 {
    sweep
        .points
        .iter()
        .filter_map(|p| p.metrics.get(metric))
        .map(|iv| iv.mean.abs())
        .fold(0.0, f64::max)
}

/// The table by wijk: code (and other swept values), residents, the
/// table's metrics and cost per resident, each with its interval.
pub(super) fn regions_table(b: &mut String, sweep: &SweepData, regions: &SweptRegions, lang: Lang) {
    let t = lang.text();
    let _ = writeln!(
        b,
        "<section id=\"regions\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n<div class=\"scroll\">\n\
         <table data-table=\"sweep-regions\">\n<thead><tr><th>{}</th>",
        escape(t.regions_table_title),
        escape(t.regions_table_intro),
        escape(t.region)
    );
    for (k, p) in sweep.parameters.iter().enumerate() {
        if k != regions.column {
            let breakable = escape(p).replace('.', ".<wbr>");
            let _ = write!(b, "<th class=\"num\"><code>{breakable}</code></th>");
        }
    }
    let _ = write!(b, "<th class=\"num\">{}</th>", escape(t.residents));
    for metric in TABLE_METRICS {
        let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
        let (_, u) = display(unit, metric_size(sweep, metric), lang, false);
        let _ = write!(
            b,
            "<th class=\"num\">{}<span class=\"unit\">{}</span></th>",
            escape(&metric_label(metric, lang)),
            escape(&u)
        );
    }
    let _ = write!(
        b,
        "<th class=\"num\">{}<span class=\"unit\">{}</span></th>",
        escape(t.cost_per_resident),
        escape(t.cost_per_resident_unit)
    );
    b.push_str("</tr></thead>\n<tbody>\n");
    for point in &sweep.points {
        region_row(b, sweep, regions, point, lang);
    }
    let _ = writeln!(
        b,
        "</tbody>\n</table>\n</div>\n<p class=\"note\">{}</p>\n</section>",
        escape(t.cost_per_resident_note)
    );
}

/// One row of the table by wijk.
fn region_row(
    b: &mut String,
    sweep: &SweepData,
    regions: &SweptRegions,
    point: &SweepPoint,
    lang: Lang,
) {
    let code = value_text(sweep, regions.column, point.values[regions.column], lang);
    let _ = write!(
        b,
        "<tr><td class=\"nowrap\"><code>{}</code></td>",
        escape(&code)
    );
    for (k, v) in point.values.iter().enumerate() {
        if k != regions.column {
            let _ = write!(
                b,
                "<td class=\"num\">{}</td>",
                escape(&value_text(sweep, k, *v, lang))
            );
        }
    }
    let residents = point
        .metrics
        .get(RESIDENTS)
        .map_or_else(|| "–".to_string(), |iv| number(iv.mean, 0, lang));
    let _ = write!(b, "<td class=\"num\">{}</td>", escape(&residents));
    let cell = |iv: Option<&Interval>, factor: f64| {
        iv.map(|iv| interval_text(iv, factor, lang))
            .unwrap_or_else(|| "–".into())
    };
    for metric in TABLE_METRICS {
        let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
        let (factor, _) = display(unit, metric_size(sweep, metric), lang, false);
        let text = cell(point.metrics.get(*metric), factor);
        let _ = write!(
            b,
            "<td class=\"num\"><span class=\"m\">{}</span></td>",
            escape(&text)
        );
    }
    let text = cell(cost_per_resident(point).as_ref(), 1.0);
    let _ = write!(
        b,
        "<td class=\"num\"><span class=\"m\">{}</span></td>",
        escape(&text)
    );
    b.push_str("</tr>\n");
}

/// A bar chart by wijk for each chart metric and for cost per resident.
pub(super) fn regions_charts(
    b: &mut String,
    sweep: &SweepData,
    regions: &SweptRegions,
    lang: Lang,
) -> Result<(), ReportError> {
    let t = lang.text();
    let _ = writeln!(
        b,
        "<section id=\"region-charts\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        escape(t.regions_charts_title),
        escape(t.regions_charts_caption)
    );
    let label = |p: &SweepPoint| row_label(sweep, regions, p, lang);
    for metric in CHART_METRICS {
        let Some(m) = metric_index(metric) else {
            continue;
        };
        let (factor, unit) = display(METRICS[m].unit, metric_size(sweep, metric), lang, false);
        let rows: Vec<(String, Interval)> = sweep
            .points
            .iter()
            .filter_map(|p| Some((label(p), *p.metrics.get(*metric)?)))
            .collect();
        let title = metric_label(metric, lang);
        let id = format!("regions-{}", slug(metric));
        let axis = format!("{title} ({unit})");
        let svg = charts::bars_by_row(&id, &title, &rows, factor, &axis, lang)?;
        b.push_str(&figure(&svg, &id, &title, ""));
    }
    let rows: Vec<(String, Interval)> = sweep
        .points
        .iter()
        .filter_map(|p| Some((label(p), cost_per_resident(p)?)))
        .collect();
    if !rows.is_empty() {
        let id = "regions-cost-per-resident";
        let axis = format!("{} ({})", t.cost_per_resident, t.cost_per_resident_unit);
        let svg = charts::bars_by_row(id, t.cost_per_resident, &rows, 1.0, &axis, lang)?;
        b.push_str(&figure(
            &svg,
            id,
            t.cost_per_resident,
            t.cost_per_resident_note,
        ));
    }
    b.push_str("</section>\n");
    Ok(())
}

/// The wijken left out, with why (nothing when none were).
pub(super) fn skipped(b: &mut String, regions: &SweptRegions, lang: Lang) {
    if regions.skipped.is_empty() {
        return;
    }
    let t = lang.text();
    let _ = writeln!(
        b,
        "<section id=\"skipped\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n\
         <table data-table=\"skipped-regions\">\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(t.skipped_title),
        escape(t.skipped_intro),
        escape(t.region),
        escape(t.reason)
    );
    for (code, reason) in &regions.skipped {
        let _ = writeln!(
            b,
            "<tr><td class=\"nowrap\"><code>{}</code></td><td>{}</td></tr>",
            escape(code),
            escape(reason)
        );
    }
    b.push_str("</tbody>\n</table>\n</section>\n");
}
