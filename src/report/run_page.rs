//! The run page: scenarios side by side, the first the reference. Its
//! sections in reading order (guide, key figures, shift ledger, GP, monthly
//! series, cost, assumptions, provenance), one method each.
//!
//! Knows the run page's sections and which metrics they show; the frame,
//! escaping and charts come from the modules beside it.

use super::charts;
use super::charts::differences::{self, DiffRow, DiffStyle};
use super::data::{assumption_differences, display_names, ScenarioData};
use super::error::ReportError;
use super::escape::escape;
use super::html::{contents, display, figure, mean_interval, method_text, money_scale, page, slug};
use super::i18n::{
    display_factor, interval_text, metric_label, payer_label, relevance_label,
    signed_interval_text, unit_label, Lang, Text,
};
use super::ledger::ledger_section;
use super::settings::{setting_label, setting_value};
use crate::analysis::folders::{compare_folders, FolderDifference};
use crate::experiment::relevance::Relevance;
use crate::model::self_reliance::DOMAINS;
use crate::model::{metric_index, METRICS};
use crate::output::KEY_METRICS;
use crate::stats::Interval;
use std::fmt::Write;

/// The page for scenarios (the first is the reference).
pub fn run_page(scenarios: &[ScenarioData], lang: Lang) -> Result<String, ReportError> {
    run_page_with(scenarios, lang, None)
}

/// The page for scenarios, the ledger's totals discounted with `discount`
/// (`report --discount`).
pub fn run_page_with(
    scenarios: &[ScenarioData],
    lang: Lang,
    discount: Option<crate::stats::discount::Discount>,
) -> Result<String, ReportError> {
    let reference = &scenarios[0];
    let run = RunPage {
        discount,
        t: lang.text(),
        lang,
        scenarios,
        ids: display_names(scenarios),
        diffs: scenarios[1..]
            .iter()
            .map(|s| compare_folders(&reference.folder, &s.folder))
            .collect(),
    };
    let mut b = String::new();
    run.header(&mut b);
    run.guide(&mut b);
    run.key_figures(&mut b);
    run.shift(&mut b)?;
    run.gp(&mut b)?;
    run.profile(&mut b)?;
    run.series(&mut b)?;
    run.cost(&mut b)?;
    run.assumptions(&mut b);
    run.provenance(&mut b);
    let t = run.t;
    let _ = writeln!(b, "<footer>{}</footer>", escape(t.footer));
    Ok(page(lang, t.title, &b))
}

/// What every section of the run page needs.
struct RunPage<'a> {
    t: &'static Text,
    lang: Lang,
    /// The scenarios; the first is the reference.
    scenarios: &'a [ScenarioData],
    /// What the reader sees for each, in order: its name, or its folder
    /// id (see [`display_names`]).
    ids: Vec<String>,
    /// Each other scenario against the reference, metric by metric.
    diffs: Vec<Vec<FolderDifference>>,
    /// Discount rates for the ledger's totals (`report --discount`).
    discount: Option<crate::stats::discount::Discount>,
}

impl RunPage<'_> {
    /// The title, the scenarios compared, and the contents.
    fn header(&self, b: &mut String) {
        let t = self.t;
        let reference = &self.scenarios[0];
        let others = &self.scenarios[1..];
        let _ = writeln!(b, "<header>\n<h1>{}</h1>", escape(t.title));
        let _ = writeln!(
            b,
            "<p class=\"sub\">{}: <strong>{}</strong> ({}){}. {} {} · seed {} · {} {}.</p>\n</header>",
            escape(t.scenario),
            escape(&self.ids[0]),
            escape(t.reference),
            self.ids[1..]
                .iter()
                .map(|s| format!(", {}", escape(s)))
                .collect::<String>(),
            escape(t.generated),
            escape(&reference.folder.version),
            reference.folder.seed,
            reference.folder.replications.len(),
            escape(&t.replications.to_lowercase()),
        );
        // The headline first, so a board member's first screen (and the
        // printed first page) says what matters.
        let headline = super::headline::headline_section(self.scenarios, &self.ids, self.lang);
        b.push_str(&headline);
        let mut sections: Vec<(&str, &str)> = Vec::new();
        if !headline.is_empty() {
            sections.push(("headline", t.headline_title));
        }
        sections.extend([("guide", t.guide_title), ("key", t.key_title)]);
        if !others.is_empty() {
            sections.push(("shift", t.shift_title));
        }
        sections.extend([
            ("gp", t.gp_title),
            ("profile", t.profile_title),
            ("series", t.series_title),
            ("cost", t.cost_title),
            ("assumptions", t.assumptions_title),
            ("provenance", t.meta_title),
        ]);
        b.push_str(&contents(t, &sections));
    }

    /// The reading guide.
    fn guide(&self, b: &mut String) {
        let t = self.t;
        let _ = writeln!(
            b,
            "<section id=\"guide\" class=\"guide\">\n<h2>{}</h2>\n<ul>",
            escape(t.guide_title)
        );
        // The fifth sentence says what the intervals cover: simulation
        // noise only, unless some inputs were drawn per replication.
        let mut uncertain: Vec<&str> = Vec::new();
        for s in self.scenarios.iter().flat_map(|s| &s.folder.uncertain) {
            if !uncertain.contains(&s.as_str()) {
                uncertain.push(s);
            }
        }
        for (i, sentence) in t.guide.iter().enumerate() {
            let sentence = if i == 4 && !uncertain.is_empty() {
                format!("{} {}.", t.guide_uncertain, uncertain.join(", "))
            } else {
                (*sentence).to_string()
            };
            let _ = writeln!(b, "<li>{}</li>", escape(&sentence));
        }
        b.push_str("</ul>\n</section>\n");
    }

    /// Key figures: each key metric per scenario with its interval, and the
    /// difference from the reference.
    fn key_figures(&self, b: &mut String) {
        let t = self.t;
        let lang = self.lang;
        let reference = &self.scenarios[0];
        let ids = &self.ids;
        let diffs = &self.diffs;
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
            let (_, unit_text) = display(unit, ref_iv.mean.abs(), lang, false);
            let _ = write!(
                b,
                "<tr><td>{}<span class=\"unit\">{}</span></td>",
                escape(&metric_label(name, lang)),
                escape(&unit_text)
            );
            self.metric_cells(b, m);
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
    }

    /// The shift ledger of each scenario against the reference.
    fn shift(&self, b: &mut String) -> Result<(), ReportError> {
        let t = self.t;
        let lang = self.lang;
        let reference = &self.scenarios[0];
        let others = &self.scenarios[1..];
        if !others.is_empty() {
            let _ = writeln!(
                b,
                "<section id=\"shift\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
                escape(t.shift_title),
                escape(t.shift_intro)
            );
            for (s, name) in others.iter().zip(&self.ids[1..]) {
                b.push_str(&ledger_section(
                    reference,
                    s,
                    (&self.ids[0], name),
                    self.discount,
                    lang,
                )?);
            }
            b.push_str("</section>\n");
        }

        Ok(())
    }

    /// GP contacts and waiting time.
    fn gp(&self, b: &mut String) -> Result<(), ReportError> {
        let t = self.t;
        let lang = self.lang;
        let scenarios = self.scenarios;
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
            let unit = METRICS[m].unit;
            if scenarios.len() > 1 {
                b.push_str(&self.gp_difference(m, chart_id, caption)?);
                continue;
            }
            let rows: Vec<(String, Interval)> = scenarios
                .iter()
                .zip(&self.ids)
                .map(|(s, name)| (name.clone(), mean_interval(s, m)))
                .collect();
            let axis = format!(
                "{} ({})",
                metric_label(metric, lang),
                unit_label(unit, lang, false)
            );
            let svg =
                charts::dot_whisker(chart_id, caption, &rows, display_factor(unit), &axis, lang)?;
            b.push_str(&figure(&svg, chart_id, caption, t.dot_whisker_note));
        }
        b.push_str("</section>\n");

        Ok(())
    }

    /// Metric `m` of every other scenario as its difference from the
    /// reference with the interval the table gives it (paired where the
    /// table's is): two unpaired intervals that overlap would hide a
    /// difference the table calls clear (issue 19).
    fn gp_difference(
        &self,
        m: usize,
        chart_id: &str,
        caption: &str,
    ) -> Result<String, ReportError> {
        let t = self.t;
        let lang = self.lang;
        let unit = METRICS[m].unit;
        let factor = display_factor(unit);
        let rows: Vec<DiffRow> = self
            .diffs
            .iter()
            .zip(&self.ids[1..])
            .map(|(d, name)| {
                let d = &d[m];
                DiffRow {
                    label: name.clone(),
                    amount: Interval {
                        mean: d.difference.mean * factor,
                        low: d.difference.low * factor,
                        high: d.difference.high * factor,
                        n: d.difference.n,
                    },
                    muted: d.relevance.relevance == Some(Relevance::NotDistinguishable),
                }
            })
            .collect();
        let reference = mean_interval(&self.scenarios[0], m);
        let title = format!(
            "{} ({} {}: {})",
            caption,
            t.reference,
            self.ids[0],
            interval_text(&reference, factor, lang)
        );
        let axis = format!(
            "{}, {} ({})",
            metric_label(METRICS[m].name, lang),
            t.gp_difference_title,
            unit_label(unit, lang, true)
        );
        let svg = differences::differences(chart_id, &title, &rows, &axis, DiffStyle::Dot, lang)?;
        Ok(figure(&svg, chart_id, &title, t.gp_difference_note))
    }

    /// The self-reliance profile per scenario, labelled with the Positive
    /// Health dimensions it stands in for (model proxies).
    fn profile(&self, b: &mut String) -> Result<(), ReportError> {
        let t = self.t;
        let _ = writeln!(
            b,
            "<section id=\"profile\">\n<h2>{}</h2>",
            escape(t.profile_title)
        );
        let mut groups = Vec::new();
        let mut values = Vec::new();
        let mut rows = Vec::new();
        for (domain, (label, dimension)) in DOMAINS.iter().zip(t.profile_domains) {
            let Some(m) = metric_index(&format!("self_reliant_{domain}_share_65plus")) else {
                continue;
            };
            groups.push(label.to_string());
            rows.push((m, label, dimension));
            values.push(
                self.scenarios
                    .iter()
                    .map(|s| mean_interval(s, m))
                    .collect::<Vec<_>>(),
            );
        }
        let svg = charts::grouped_bars(
            "self-reliance-profile",
            t.profile_title,
            &groups,
            &self.ids,
            &values,
            0.01,
            t.profile_axis,
            self.lang,
        )?;
        b.push_str(&figure(
            &svg,
            "self-reliance-profile",
            t.profile_title,
            t.profile_caption,
        ));
        let _ = write!(
            b,
            "<div class=\"scroll\">\n<table data-table=\"self-reliance-profile\">\n<thead><tr><th>{}<span class=\"unit\">{}</span></th><th>{}</th>",
            escape(t.profile_domain),
            escape(&display("share", 0.5, self.lang, false).1),
            escape(t.profile_dimension)
        );
        for id in &self.ids {
            let _ = write!(b, "<th class=\"num\">{}</th>", escape(id));
        }
        b.push_str("</tr></thead>\n<tbody>\n");
        for (m, label, dimension) in rows {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td>",
                escape(label),
                escape(dimension)
            );
            self.metric_cells(b, m);
            b.push_str("</tr>\n");
        }
        b.push_str("</tbody>\n</table>\n</div>\n</section>\n");
        Ok(())
    }

    /// One cell per scenario for metric `m`: its mean with the 95%
    /// interval and, for the others, the difference from the reference with
    /// its relevance class (issue 19: a narrow interval alone reads as
    /// "real" however small the change).
    fn metric_cells(&self, b: &mut String, m: usize) {
        let t = self.t;
        let lang = self.lang;
        let unit = METRICS[m].unit;
        let ref_iv = mean_interval(&self.scenarios[0], m);
        let (factor, _) = display(unit, ref_iv.mean.abs(), lang, false);
        for (i, s) in self.scenarios.iter().enumerate() {
            let iv = mean_interval(s, m);
            let _ = write!(
                b,
                "<td class=\"num\"><span class=\"m\">{}</span>",
                escape(&interval_text(&iv, factor, lang))
            );
            if i > 0 {
                let d = &self.diffs[i - 1][m];
                let (_, diff_unit) = display(unit, ref_iv.mean.abs(), lang, true);
                let _ = write!(
                    b,
                    "<span class=\"d\" title=\"{} ({})\">Δ {}</span>",
                    escape(t.difference),
                    escape(&diff_unit),
                    escape(&signed_interval_text(&d.difference, factor, lang))
                );
                if let Some(r) = d.relevance.relevance {
                    let _ = write!(
                        b,
                        "<span class=\"rel rel-{}\" data-relevance=\"{}\">{}</span>",
                        r.id(),
                        r.id(),
                        escape(relevance_label(r, lang))
                    );
                }
            }
            b.push_str("</td>");
        }
    }

    /// Monthly series with their bands.
    fn series(&self, b: &mut String) -> Result<(), ReportError> {
        let t = self.t;
        let lang = self.lang;
        let scenarios = self.scenarios;
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
                .zip(&self.ids)
                .filter_map(|(s, name)| {
                    let v = s.series.get(metric)?;
                    Some((
                        name.clone(),
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
        b.push_str(&super::yearly::yearly_tables(scenarios, t, lang));
        b.push_str("</section>\n");

        Ok(())
    }

    /// Cost by payer.
    fn cost(&self, b: &mut String) -> Result<(), ReportError> {
        let t = self.t;
        let lang = self.lang;
        let scenarios = self.scenarios;
        let ids = &self.ids;
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
            ids,
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

        Ok(())
    }

    /// The assumptions in which each scenario differs from the reference.
    fn assumptions(&self, b: &mut String) {
        let t = self.t;
        let lang = self.lang;
        let scenarios = self.scenarios;
        let reference = &self.scenarios[0];
        let _ = writeln!(
            b,
            "<section id=\"assumptions\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
            escape(t.assumptions_title),
            escape(t.assumptions_intro)
        );
        for (s, name) in scenarios.iter().zip(&self.ids) {
            let _ = writeln!(
                b,
                "<h3>{} <span class=\"unit\">{}</span></h3>",
                escape(name),
                escape(&s.folder.id)
            );
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
                escape(&self.ids[0]),
                escape(t.scenario_value)
            );
            let value = |v: &Option<String>| {
                v.as_deref()
                    .map_or_else(|| t.absent.to_string(), |v| setting_value(v, lang))
            };
            for (key, a, v) in d {
                // The reader's label, with the dotted key below it for the expert.
                let _ = writeln!(
                    b,
                    "<tr><td title=\"{}\">{}<span class=\"unit\"><code>{}</code></span></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(&key),
                    escape(&setting_label(&key, lang)),
                    escape(&key),
                    escape(&value(&a)),
                    escape(&value(&v))
                );
            }
            b.push_str("</tbody>\n</table>\n</div>\n");
        }
        b.push_str("</section>\n");
    }

    /// Seed, replications, version, method and folder of each scenario.
    fn provenance(&self, b: &mut String) {
        let t = self.t;
        let scenarios = self.scenarios;
        let diffs = &self.diffs;
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
    }
}
