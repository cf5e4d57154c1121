//! The sweep page: one sweep folder's points, each key metric against each
//! swept parameter, the swept values and the provenance; one function per
//! section.
//!
//! Knows the sweep page's sections and which metrics they show; the frame,
//! escaping and charts come from the modules beside it.

use super::charts::sweep::{sweep_chart, SweepStyle};
use super::data::{SweepData, SweptRegions};
use super::error::ReportError;
use super::escape::escape;
use super::html::{contents, display, figure, page, slug};
use super::i18n::{interval_text, metric_label, short_number, Lang};
use super::region_page::{self, value_text};
use super::settings::setting_label;
use crate::model::{metric_index, METRICS};
use crate::stats::Interval;
use std::fmt::Write;

/// The metrics shown per point in a sweep's table.
const SWEEP_TABLE_METRICS: &[&str] = &[
    "gp_contacts_per_resident_year",
    "gp_wait_days_mean",
    "carers_heavily_burdened_share",
    "severely_lonely_share_adults",
    "cost_total_eur_year",
];

/// The metrics a sweep's charts show unless `report --metrics` chooses:
/// the headline outcomes (GP load and waiting, carers, loneliness, cost),
/// not all key metrics, whose 70 charts hid the carer charts at 26-30.
pub const DEFAULT_SWEEP_METRICS: &[&str] = &[
    "gp_contacts_per_resident_year",
    "gp_wait_days_mean",
    "carers_heavily_burdened_share",
    "severely_lonely_share_adults",
    "cost_total_eur_year",
];

/// The page for a sweep: by point, or by wijk for a sweep over regions;
/// its charts show `metrics`, in that order.
pub fn sweep_page(
    sweep: &SweepData,
    lang: Lang,
    metrics: &[String],
) -> Result<String, ReportError> {
    let t = lang.text();
    let mut b = String::new();
    let title = match &sweep.regions {
        None => {
            header(&mut b, sweep, lang);
            points_table(&mut b, sweep, lang);
            sweep_charts(&mut b, sweep, metrics, lang)?;
            t.title_sweep
        }
        Some(regions) => {
            regions_header(&mut b, sweep, regions, lang);
            region_page::regions_table(&mut b, sweep, regions, lang);
            region_page::regions_charts(&mut b, sweep, regions, lang)?;
            if sweep.parameters.len() > 1 {
                sweep_charts(&mut b, sweep, metrics, lang)?;
            }
            region_page::skipped(&mut b, regions, lang);
            t.title_regions
        }
    };
    swept_values(&mut b, sweep, lang);
    provenance(&mut b, sweep, lang);
    let _ = writeln!(b, "<footer>{}</footer>", escape(t.footer));
    Ok(page(lang, title, &b))
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

/// Title, contents and reading guide.
fn header(b: &mut String, sweep: &SweepData, lang: Lang) {
    let t = lang.text();
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
    // What a figure is, what the brackets hold, and what they cover
    // (simulation noise only, or also drawn inputs): the guide's first
    // three and fifth sentences.
    for sentence in t.guide.iter().take(3) {
        let _ = writeln!(b, "<li>{}</li>", escape(sentence));
    }
    let covers = if sweep.uncertain.is_empty() {
        t.guide[4].to_string()
    } else {
        format!("{} {}.", t.guide_uncertain, sweep.uncertain.join(", "))
    };
    let _ = writeln!(b, "<li>{}</li>", escape(&covers));
    let _ = writeln!(b, "<li>{}</li>\n</ul>\n</section>", escape(t.guide_sweep));
}

/// Title, contents and reading guide of a sweep over regions.
fn regions_header(b: &mut String, sweep: &SweepData, regions: &SweptRegions, lang: Lang) {
    let t = lang.text();
    let _ = writeln!(b, "<header>\n<h1>{}</h1>", escape(t.title_regions));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}: <strong>{}</strong> ({}). {} {} · seed {} · {} {} · {} {} · {} {}.</p>\n</header>",
        escape(t.scenario),
        escape(&sweep.name),
        escape(&sweep.id),
        escape(t.generated),
        escape(&sweep.version),
        sweep.seed,
        regions.codes.len(),
        escape(t.regions_count),
        sweep.points.len(),
        escape(&t.points.to_lowercase()),
        sweep.replications,
        escape(&t.replications_per_point.to_lowercase()),
    );
    let mut sections = vec![
        ("guide", t.guide_title),
        ("regions", t.regions_table_title),
        ("region-charts", t.regions_charts_title),
    ];
    if sweep.parameters.len() > 1 {
        sections.push(("sweep", t.sweep_title));
    }
    if !regions.skipped.is_empty() {
        sections.push(("skipped", t.skipped_title));
    }
    sections.extend([
        ("assumptions", t.swept_parameters),
        ("provenance", t.meta_title),
    ]);
    b.push_str(&contents(t, &sections));
    let _ = writeln!(
        b,
        "<section id=\"guide\" class=\"guide\">\n<h2>{}</h2>\n<ul>",
        escape(t.guide_title)
    );
    for sentence in t.guide.iter().take(3) {
        let _ = writeln!(b, "<li>{}</li>", escape(sentence));
    }
    let _ = writeln!(b, "<li>{}</li>\n</ul>\n</section>", escape(t.guide_regions));
}

/// Key figures per point: the swept values and the table's metrics.
fn points_table(b: &mut String, sweep: &SweepData, lang: Lang) {
    let t = lang.text();
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
        let (_, u) = display(unit, metric_size(sweep, metric), lang, false);
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
                escape(&short_number(*v, lang))
            );
        }
        for metric in SWEEP_TABLE_METRICS {
            let unit = metric_index(metric).map_or("", |m| METRICS[m].unit);
            let (factor, _) = display(unit, metric_size(sweep, metric), lang, false);
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
}

/// Each chosen metric against each swept parameter: lines for a grid,
/// points with a fitted line for a Latin hypercube.
fn sweep_charts(
    b: &mut String,
    sweep: &SweepData,
    metrics: &[String],
    lang: Lang,
) -> Result<(), ReportError> {
    let t = lang.text();
    let lhs = sweep.method == "lhs";
    let _ =
        writeln!(
        b,
        "<section id=\"sweep\">\n<h2>{}</h2>\n<p class=\"note\">{} {}</p>\n<div class=\"grid\">",
        escape(t.sweep_title),
        escape(if lhs { t.sweep_caption_lhs } else { t.sweep_caption }),
        escape(t.sweep_metrics_note)
    );
    let style = if lhs {
        SweepStyle::Scatter {
            fit: Some(t.sweep_fit),
        }
    } else {
        SweepStyle::Lines
    };
    for metric in metrics {
        let metric = metric.as_str();
        let Some(m) = metric_index(metric) else {
            continue;
        };
        let unit = METRICS[m].unit;
        let (factor, unit_text) = display(unit, metric_size(sweep, metric), lang, false);
        for (k, param) in sweep.parameters.iter().enumerate() {
            if sweep.regions.as_ref().is_some_and(|r| r.column == k) {
                continue; // shown by wijk (`region_page`)
            }
            let lines = sweep_lines(sweep, k, metric, lhs, lang);
            let chart_id = format!("sweep-{}-{}", slug(metric), slug(param));
            let label = setting_label(param, lang);
            let title = format!("{} × {label}", metric_label(metric, lang));
            let y_axis = unit_text.clone();
            let x_axis = format!("{label} ({})", t.value_axis);
            let svg = sweep_chart(
                &chart_id, &title, &lines, factor, &x_axis, &y_axis, style, lang,
            )?;
            b.push_str(&figure(&svg, &chart_id, &title, ""));
        }
    }
    b.push_str("</div>\n</section>\n");

    Ok(())
}

/// The values each parameter was swept over.
fn swept_values(b: &mut String, sweep: &SweepData, lang: Lang) {
    let t = lang.text();
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
                value_text(sweep, k, values[0], lang),
                value_text(sweep, k, values[values.len() - 1], lang),
                values.len()
            )
        } else {
            values
                .iter()
                .map(|v| value_text(sweep, k, *v, lang))
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
}

/// Scenario, method, seed, points, replications, version and folder.
fn provenance(b: &mut String, sweep: &SweepData, lang: Lang) {
    let t = lang.text();
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
}

/// The lines of metric against parameter `k`: points grouped by the values
/// of the other parameters, each group sorted by parameter `k`; for a
/// Latin hypercube (`lhs`), or a grid with single points, one set.
fn sweep_lines(
    sweep: &SweepData,
    k: usize,
    metric: &str,
    lhs: bool,
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
    let others: Vec<(usize, &String)> = sweep
        .parameters
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .collect();
    let grid = !lhs && groups.iter().all(|(_, pts)| pts.len() >= 2);
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
                .map(|((j, p), v)| {
                    format!(
                        "{} = {}",
                        p.rsplit('.').next().unwrap_or(p),
                        value_text(sweep, *j, *v, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            (label, pts)
        })
        .collect()
}
