//! The shift ledger of one scenario against the reference in the report:
//! its charts and its table.
//!
//! The charts put rows of one kind on one shared axis (issue 19): all
//! money on one axis in one unit (k€ or mln € from the largest amount),
//! and the counts per year on as few axes as their sizes allow (rows
//! within a factor [`SIZE_RATIO`] of a group's largest share its axis), so
//! a bar's length compares with its neighbours'. Rows whose interval
//! includes zero are drawn grey; rows that do not change at all (an item
//! neither scenario has) are listed in a sentence rather than drawn as
//! empty axes. The table shows every row, each in one unit throughout.

use super::charts::differences::{self, DiffRow, DiffStyle};
use super::data::ScenarioData;
use super::error::ReportError;
use super::escape::escape;
use super::html::{capitalise, display, figure, method_text, money_scale, slug};
use super::i18n::{interval_text, signed_interval_text, unit_label, Lang};
use crate::analysis::folders::mean_residents;
use crate::analysis::shift::{shift_ledger, Category, ShiftLine};
use crate::experiment::compare::Method;
use crate::experiment::relevance::{assess, Relevance};
use crate::stats::Interval;
use std::fmt::Write;

/// Rows whose size is within this factor of their group's largest share
/// its axis: every bar in a group is then at least a visible sliver.
const SIZE_RATIO: f64 = 30.0;

/// The ledger of scenario `s` (shown as `name`) against `reference`
/// (shown as `reference_name`): heading, charts and table.
pub(super) fn ledger_section(
    reference: &ScenarioData,
    s: &ScenarioData,
    (reference_name, name): (&str, &str),
    discount: Option<crate::stats::discount::Discount>,
    lang: Lang,
) -> Result<String, ReportError> {
    let t = lang.text();
    let lines = shift_ledger(&reference.folder, &s.folder);
    let residents = mean_residents(&reference.folder);
    let muted: Vec<bool> = lines
        .iter()
        .map(|l| {
            let a = assess(
                &reference.folder.thresholds,
                l.item.metric,
                l.item.unit,
                l.reference_mean,
                l.scenario_mean,
                residents,
                &l.amount,
            );
            a.relevance == Some(Relevance::NotDistinguishable)
        })
        .collect();
    let method = lines.first().map_or(Method::Paired, |l| l.method);
    let title = format!(
        "{name} {} {reference_name} ({})",
        t.shift_vs,
        method_text(method, t)
    );
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>",
        escape(&title),
        escape(t.ledger_caption)
    );
    let id = format!("shift-{}", slug(&s.folder.id));
    let unchanged: Vec<&str> = lines
        .iter()
        .filter(|l| is_zero(&l.amount))
        .map(|l| l.item.label(lang.dutch()))
        .collect();
    b.push_str(&money_chart(&lines, &muted, &id, name, lang)?);
    b.push_str(&count_charts(&lines, &muted, &id, name, lang)?);
    if !unchanged.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"note\" data-unchanged=\"{id}\">{} {}.</p>",
            escape(t.ledger_unchanged),
            escape(&unchanged.join(" · "))
        );
    }
    b.push_str(&table(&lines, &id, lang));
    b.push_str(&super::cumulative::cumulative_table(
        reference,
        s,
        &lines,
        discount,
        &format!("{id}-cumulative"),
        lang,
    ));
    Ok(b)
}

/// No change at all: an item neither scenario has.
fn is_zero(iv: &Interval) -> bool {
    iv.mean == 0.0 && iv.low == 0.0 && iv.high == 0.0
}

fn is_money(line: &ShiftLine) -> bool {
    line.item.unit == "EUR/year"
}

/// The lines a chart draws, with their muted flag: the money lines or the
/// others, leaving out those with no change at all (listed as text).
fn drawn_rows<'a>(
    lines: &'a [ShiftLine],
    muted: &[bool],
    money: bool,
) -> Vec<(&'a ShiftLine, bool)> {
    lines
        .iter()
        .zip(muted.iter().copied())
        .filter(|(l, _)| is_money(l) == money && !is_zero(&l.amount))
        .collect()
}

/// All money rows on one axis, in one unit.
fn money_chart(
    lines: &[ShiftLine],
    muted: &[bool],
    id: &str,
    name: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let t = lang.text();
    let rows = drawn_rows(lines, muted, true);
    if rows.is_empty() {
        return Ok(String::new());
    }
    let largest = rows
        .iter()
        .flat_map(|(l, _)| [l.amount.low.abs(), l.amount.high.abs(), l.amount.mean.abs()])
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let (scale, unit) = money_scale(largest, lang);
    let diff_rows: Vec<DiffRow> = rows
        .iter()
        .map(|(l, m)| DiffRow {
            label: l.item.label(lang.dutch()).to_string(),
            amount: scaled(&l.amount, 1.0 / scale),
            muted: *m,
        })
        .collect();
    let chart_id = format!("{id}-money");
    let title = format!("{name}: {}", t.ledger_money_title);
    let axis = format!("{} ({unit})", t.difference);
    let svg = differences::differences(&chart_id, &title, &diff_rows, &axis, DiffStyle::Bar, lang)?;
    Ok(figure(&svg, &chart_id, &title, ""))
}

/// The counts per year, on as few shared axes as their sizes allow.
fn count_charts(
    lines: &[ShiftLine],
    muted: &[bool],
    id: &str,
    name: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let t = lang.text();
    let rows = drawn_rows(lines, muted, false);
    let sizes: Vec<f64> = rows.iter().map(|(l, _)| size(&l.amount)).collect();
    let groups = size_groups(&sizes);
    let n = groups.iter().copied().max().map_or(0, |g| g + 1);
    let mut b = String::new();
    for g in 0..n {
        let diff_rows: Vec<DiffRow> = rows
            .iter()
            .zip(&groups)
            .filter(|(_, k)| **k == g)
            .map(|((l, m), _)| DiffRow {
                label: format!(
                    "{} ({})",
                    l.item.label(lang.dutch()),
                    unit_label(l.item.unit, lang, true)
                ),
                amount: l.amount,
                muted: *m,
            })
            .collect();
        let chart_id = format!("{id}-counts-{}", g + 1);
        let title = if n == 1 {
            format!("{name}: {}", t.ledger_counts_title)
        } else if lang.dutch() {
            format!(
                "{name}: {} (groep {} van {n}, naar grootte)",
                t.ledger_counts_title,
                g + 1
            )
        } else {
            format!(
                "{name}: {} (group {} of {n}, by size)",
                t.ledger_counts_title,
                g + 1
            )
        };
        let axis = format!("{} ({})", t.difference, t.ledger_counts_axis);
        let svg =
            differences::differences(&chart_id, &title, &diff_rows, &axis, DiffStyle::Bar, lang)?;
        b.push_str(&figure(&svg, &chart_id, &title, ""));
    }
    Ok(b)
}

/// The largest absolute end of an interval (its mean when it has none).
fn size(iv: &Interval) -> f64 {
    [iv.mean, iv.low, iv.high]
        .into_iter()
        .filter(|x| x.is_finite())
        .map(f64::abs)
        .fold(0.0, f64::max)
}

/// Group index of each size, largest group first: a size joins the group
/// of the next larger sizes while it is within [`SIZE_RATIO`] of that
/// group's largest.
fn size_groups(sizes: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|a, b| sizes[*b].total_cmp(&sizes[*a]));
    let mut groups = vec![0; sizes.len()];
    let (mut group, mut top) = (0, f64::NAN);
    for i in order {
        if top.is_nan() {
            top = sizes[i];
        } else if sizes[i] * SIZE_RATIO < top {
            group += 1;
            top = sizes[i];
        }
        groups[i] = group;
    }
    groups
}

fn scaled(iv: &Interval, factor: f64) -> Interval {
    Interval {
        mean: iv.mean * factor,
        low: iv.low * factor,
        high: iv.high * factor,
        n: iv.n,
    }
}

/// The table: every line, by category; money in one unit for the whole
/// table (from its largest level), so no row mixes k€ and mln €.
fn table(lines: &[ShiftLine], id: &str, lang: Lang) -> String {
    let t = lang.text();
    let dutch = lang.dutch();
    let money_size = lines
        .iter()
        .filter(|l| is_money(l))
        .flat_map(|l| [l.reference_mean.abs(), l.scenario_mean.abs()])
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<div class=\"scroll\">\n<table data-table=\"{id}\">\n<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(t.item),
        escape(t.unit),
        escape(t.reference_mean),
        escape(t.scenario_mean),
        escape(t.amount),
        escape(t.method)
    );
    for category in Category::ALL {
        let in_cat: Vec<&ShiftLine> = lines
            .iter()
            .filter(|l| l.item.category == category)
            .collect();
        if in_cat.is_empty() {
            continue;
        }
        let _ = writeln!(
            b,
            "<tr class=\"cat\"><td colspan=\"6\">{}</td></tr>",
            escape(&capitalise(category.label(dutch)))
        );
        for line in in_cat {
            let unit = line.item.unit;
            let size = if is_money(line) {
                money_size
            } else {
                line.reference_mean.abs().max(line.scenario_mean.abs())
            };
            let (factor, level_unit) = display(unit, size, lang, false);
            let level = |x: f64| {
                let iv = Interval {
                    mean: x,
                    low: f64::NAN,
                    high: f64::NAN,
                    n: 0,
                };
                interval_text(&iv, factor, lang)
            };
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><span class=\"m\">{}</span></td><td>{}</td></tr>",
                escape(line.item.label(dutch)),
                escape(&level_unit),
                escape(&level(line.reference_mean)),
                escape(&level(line.scenario_mean)),
                escape(&signed_interval_text(&line.amount, factor, lang)),
                escape(method_text(line.method, t))
            );
        }
    }
    b.push_str("</tbody>\n</table>\n</div>\n");
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_group_within_a_factor() {
        // 11,000 and 4,700 hours share an axis; 435 days is within 30x of
        // 11,000; 8.8 onsets and 0.9 admissions form the next group.
        let g = size_groups(&[11_000.0, 4_700.0, 435.0, 8.8, 0.9, 0.05]);
        assert_eq!(g, vec![0, 0, 0, 1, 1, 2]);
        assert!(size_groups(&[]).is_empty());
    }
}
