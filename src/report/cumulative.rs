//! The money of the shift ledger added up over the measured years (issue
//! 19, item 8): what a board signs for is a total over a period, at a
//! stated price level, not only an amount a year.
//!
//! Per payer line of the ledger: the amount a year with its interval, the
//! total over the measured years (the yearly amount x the years; its
//! interval scales with it), and, with `report --discount`, the total
//! discounted at the Zorginstituut guideline's rate for costs
//! ([`crate::stats::discount`]). The same numbers as `shift.csv`'s
//! `cumulative_*` and `discounted_cumulative_amount` columns.

use super::data::ScenarioData;
use super::escape::escape;
use super::html::money_scale;
use super::i18n::{number, signed_interval_text, Lang};
use crate::analysis::shift::{discounted_amount, Category, ShiftLine, PRICE_YEAR};
use crate::stats::discount::Discount;
use crate::stats::Interval;
use std::fmt::Write;

/// The cumulative table of `lines` (the ledger of `scenario` against
/// `reference`), `id` its `data-table`; empty when the horizon is unknown
/// or differs between the two folders.
pub(super) fn cumulative_table(
    reference: &ScenarioData,
    scenario: &ScenarioData,
    lines: &[ShiftLine],
    discount: Option<Discount>,
    id: &str,
    lang: Lang,
) -> String {
    let years = reference.folder.horizon.years;
    if !years.is_finite() || years != scenario.folder.horizon.years {
        return String::new();
    }
    let money: Vec<&ShiftLine> = lines
        .iter()
        .filter(|l| matches!(l.item.category, Category::NetCost | Category::BorneByCarers))
        .collect();
    let largest = money
        .iter()
        .map(|l| (l.amount.mean * years).abs())
        .fold(0.0, f64::max);
    let (scale, unit) = money_scale(largest, lang);
    let unit = unit.trim_end_matches("/jaar").trim_end_matches("/year");
    let nl = lang.dutch();
    let y = number(years, 0, lang);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p class=\"note\">{}</p>\n<div class=\"scroll\">\n<table data-table=\"{id}\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>{}</tr></thead>\n<tbody>",
        escape(&if nl {
            format!(
                "Opgeteld over de {y} gemeten jaren, in {unit}, prijspeil {PRICE_YEAR} \
                 (Kostenhandleiding 2024); + is extra kosten, − een besparing."
            )
        } else {
            format!(
                "Added up over the {y} measured years, in {unit}, prices of {PRICE_YEAR} \
                 (Kostenhandleiding 2024); + is extra cost, − a saving."
            )
        }),
        if nl { "Betaler" } else { "Payer" },
        if nl { "Per jaar [95%-BI]" } else { "A year [95% CI]" },
        escape(&if nl {
            format!("Over {y} jaar [95%-BI]")
        } else {
            format!("Over {y} years [95% CI]")
        }),
        discount.map_or(String::new(), |d| format!(
            "<th class=\"num\">{}</th>",
            escape(&if nl {
                format!("Contant gemaakt ({}% per jaar)", number(d.costs * 100.0, 1, lang))
            } else {
                format!("Discounted ({}% a year)", number(d.costs * 100.0, 1, lang))
            })
        ))
    );
    for line in money {
        let total = Interval {
            mean: line.amount.mean * years,
            low: line.amount.low * years,
            high: line.amount.high * years,
            n: line.amount.n,
        };
        let discounted = discount.map_or(String::new(), |d| {
            let text = discounted_amount(line, &reference.folder, &scenario.folder, d).map_or(
                "–".to_string(),
                |(_, x)| {
                    let iv = Interval {
                        mean: x,
                        low: f64::NAN,
                        high: f64::NAN,
                        n: 0,
                    };
                    signed_interval_text(&iv, 1.0 / scale, lang)
                },
            );
            format!("<td class=\"num\">{}</td>", escape(&text))
        });
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\"><span class=\"m\">{}</span></td>{discounted}</tr>",
            escape(line.item.label(nl)),
            escape(&signed_interval_text(&line.amount, 1.0 / scale, lang)),
            escape(&signed_interval_text(&total, 1.0 / scale, lang)),
        );
    }
    b.push_str("</tbody>\n</table>\n</div>\n");
    b
}
