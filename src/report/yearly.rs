//! Year by year: the yearly means of a few monthly series per scenario, as
//! tables. Why: a board asks what the coming years bring, and with
//! `population.projection` a run shows what ageing alone does (the
//! reference) and what a programme does on top of it (the others, with
//! common random numbers); a monthly chart hides a slow trend in its noise.
//!
//! Each value is the mean of the twelve monthly means of that measured
//! year (`timeseries.csv`); intervals are left to the monthly charts above.

use super::data::ScenarioData;
use super::escape::escape;
use super::i18n::{display_factor, metric_label, number, unit_label, Lang, Text};
use crate::model::{metric_index, METRICS, SERIES};
use std::fmt::Write;

/// The series shown, in order: the age structure first, then what it
/// drives.
const SHOWN: [&str; 4] = [
    "residents",
    "share_75plus",
    "gp_contacts_per_resident_year",
    "nursing_home_admissions_per_1000_65plus_year",
];

/// Months in a year of the series.
const MONTHS: usize = 12;

/// The section body: one table per series with the measured years as rows
/// and the scenarios as columns. Empty for a run shorter than two years.
pub(super) fn yearly_tables(scenarios: &[ScenarioData], t: &Text, lang: Lang) -> String {
    let years = scenarios
        .iter()
        .filter_map(|s| s.series.get(SHOWN[0]))
        .map(|v| v.len() / MONTHS)
        .min()
        .unwrap_or(0);
    if years < 2 {
        return String::new();
    }
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>",
        escape(t.yearly_title),
        escape(t.yearly_caption)
    );
    for metric in SHOWN {
        let unit = SERIES
            .iter()
            .find(|d| d.name == metric)
            .map_or("", |d| d.unit);
        let label = metric_index(metric).map_or_else(
            || metric.replace('_', " "),
            |m| metric_label(METRICS[m].name, lang),
        );
        let _ = write!(
            b,
            "<p><strong>{}</strong> <span class=\"unit\">({})</span></p>\n<div class=\"scroll\">\n<table data-table=\"yearly-{metric}\">\n<thead><tr><th>{}</th>",
            escape(&label),
            escape(&unit_label(unit, lang, false)),
            escape(t.year_label)
        );
        for s in scenarios {
            let _ = write!(b, "<th class=\"num\">{}</th>", escape(&s.folder.id));
        }
        b.push_str("</tr></thead>\n<tbody>\n");
        let factor = display_factor(unit);
        for year in 0..years {
            let _ = write!(b, "<tr><td>{}</td>", year + 1);
            for s in scenarios {
                let value = s
                    .series
                    .get(metric)
                    .map(|v| {
                        let months = &v[year * MONTHS..(year + 1) * MONTHS];
                        months.iter().map(|p| p.mean).sum::<f64>() / MONTHS as f64
                    })
                    .map_or("-".to_string(), |x| {
                        number(x * factor, decimals(x * factor), lang)
                    });
                let _ = write!(b, "<td class=\"num\">{}</td>", escape(&value));
            }
            b.push_str("</tr>\n");
        }
        b.push_str("</tbody>\n</table></div>\n");
    }
    b
}

/// Decimals that show a yearly trend: none for counts in the thousands,
/// one for tens, two below.
fn decimals(x: f64) -> usize {
    match x.abs() {
        a if a >= 1000.0 => 0,
        a if a >= 10.0 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shown_series_is_written_to_the_timeseries() {
        for metric in SHOWN {
            assert!(SERIES.iter().any(|d| d.name == metric), "{metric}");
        }
        assert_eq!(decimals(4_795.0), 0);
        assert_eq!(decimals(21.3), 1);
        assert_eq!(decimals(0.174), 2);
    }
}
