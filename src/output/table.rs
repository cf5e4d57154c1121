//! The comparison table printed after a run of several scenarios: one row
//! per key metric, the reference's mean, then per scenario its mean and the
//! difference with its 95% interval and a relevance tag
//! ([`crate::experiment::relevance`]), e.g. `-0.12 [-0.15, -0.09] small`.
//!
//! Plain text, fixed-width columns, so it pastes into a memo or an e-mail.
//! Too many scenarios for one line width are split into blocks that repeat
//! the metric and reference columns.

use super::csvfiles::reference_residents;
use super::format::{table_decimals, table_number};
use super::names::printable;
use crate::experiment::compare::{difference, Method};
use crate::experiment::relevance::{assess, Relevance};
use crate::experiment::{ExperimentSummary, ScenarioRun};
use crate::model::{metric_index, METRICS};

/// The metrics in the comparison table, with their row labels.
pub const KEY_METRICS: &[(&str, &str)] = &[
    (
        "gp_contacts_per_resident_year",
        "GP contacts per resident per year",
    ),
    (
        "gp_psychosocial_contacts_per_1000_year",
        "psychosocial GP contacts /1000/yr",
    ),
    ("gp_wait_days_mean", "GP wait, mean (days)"),
    (
        "out_of_hours_contacts_per_1000_year",
        "out-of-hours contacts /1000/yr",
    ),
    (
        "emergency_visits_per_1000_year",
        "emergency visits /1000/yr",
    ),
    (
        "hospital_admissions_per_1000_year",
        "hospital admissions /1000/yr",
    ),
    (
        "carers_heavily_burdened_share",
        "heavily burdened carers (share)",
    ),
    (
        "severely_lonely_share_adults",
        "severely lonely adults (share)",
    ),
    ("self_reliant_share_65plus", "self-reliant 65+ (share)"),
    (
        "nursing_home_admissions_per_1000_65plus_year",
        "nursing-home admissions /1000 65+/yr",
    ),
    ("cost_zvw_eur_year", "cost Zvw (EUR/yr)"),
    ("cost_wmo_eur_year", "cost Wmo (EUR/yr)"),
    ("cost_wlz_eur_year", "cost Wlz (EUR/yr)"),
    ("cost_gemeente_eur_year", "cost gemeente (EUR/yr)"),
    ("cost_total_eur_year", "cost total (EUR/yr)"),
];

struct Cell {
    mean: String,
    diff: String,
}

/// Render the comparison table of `scenarios` (the first is the reference)
/// for the `rows` (metric name, label), in blocks at most `max_width`
/// characters wide (at least one scenario per block).
///
/// Unknown metric names are skipped (the table is a view; the CSV files
/// hold every metric).
pub fn comparison_table(
    scenarios: &[ScenarioRun],
    summary: &ExperimentSummary,
    rows: &[(&str, &str)],
    max_width: usize,
) -> String {
    let rows: Vec<(usize, &str)> = rows
        .iter()
        .filter_map(|&(name, label)| Some((metric_index(name)?, label)))
        .collect();
    if scenarios.is_empty() {
        return String::new();
    }
    let methods: Vec<Method> = scenarios
        .iter()
        .map(|s| Method::for_pair(&scenarios[0], s))
        .collect();

    let (reference, cells) = format_cells(summary, &rows, &methods);
    // Ids may come from files (a merged shard's manifest): print them safely.
    let ids: Vec<_> = scenarios.iter().map(|s| printable(&s.id)).collect();
    let (label_w, ref_w, group_w) = column_widths(&rows, &reference, &cells, &ids);

    let mut out = String::new();
    let fixed = label_w + 2 + ref_w;
    let mut start = 0;
    loop {
        let mut end = start;
        let mut width = fixed;
        while end < cells.len() {
            let w = 3 + group_w[end].0 + 2 + group_w[end].1;
            if end > start && width + w > max_width {
                break;
            }
            width += w;
            end += 1;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        // Header line 1: scenario ids.
        let mut line = format!("{:label_w$}  {:>ref_w$}", "", ids[0]);
        for (s, &(mw, dw)) in group_w.iter().enumerate().take(end).skip(start) {
            line.push_str(&format!("   {:<w$}", ids[s + 1], w = mw + 2 + dw));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        // Header line 2: column meaning.
        let mut line = format!("{:label_w$}  {:>ref_w$}", "metric", "mean");
        for &(mw, dw) in group_w.iter().take(end).skip(start) {
            line.push_str(&format!("   {:>mw$}  {:<dw$}", "mean", "diff [95% CI]"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        for (r, &(_, label)) in rows.iter().enumerate() {
            let mut line = format!("{label:label_w$}  {:>ref_w$}", reference[r]);
            for (s, &(mw, dw)) in group_w.iter().enumerate().take(end).skip(start) {
                let c = &cells[s][r];
                line.push_str(&format!("   {:>mw$}  {:<dw$}", c.mean, c.diff));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        start = end;
        if start >= cells.len() {
            break;
        }
    }

    let n = summary.replications;
    let paired = methods.iter().skip(1).all(|&m| m == Method::Paired);
    out.push_str(&format!(
        "\ndiff = scenario - {}, mean over {n} replications; 95% CI {}.\n",
        ids[0],
        if paired {
            "paired t (same seed: common random numbers)"
        } else {
            "paired t where seeds match, Welch otherwise"
        }
    ));
    out.push_str(RELEVANCE_FOOTER);
    out
}

/// The footer line that explains the tags after each difference.
const RELEVANCE_FOOTER: &str = "relevant = whole CI beyond the minimal relevant difference; \
possibly = estimate beyond it, CI not; small = CI excludes 0, change below it; n.d. = CI includes 0.\n\
Minimal relevant difference: 1% of the reference mean, 1 point for shares, EUR 1,000 a year \
per 1,000 residents for costs (a few overrides; comparison.csv: relevant_difference).\n";

/// The tag printed after a difference: its class, or nothing when it has
/// none (one replication, or no threshold).
fn relevance_tag(r: Option<Relevance>) -> &'static str {
    r.map_or("", Relevance::tag)
}

/// The formatted cells: reference means, then per scenario (mean, diff
/// [CI]) for every row.
fn format_cells(
    summary: &ExperimentSummary,
    rows: &[(usize, &str)],
    methods: &[Method],
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut reference = Vec::new();
    let mut cells: Vec<Vec<Cell>> = (1..methods.len()).map(|_| Vec::new()).collect();
    let residents = reference_residents(&summary.scenarios[0]);
    for &(k, _) in rows {
        let base = summary.scenarios[0].metrics[k].mean();
        reference.push(table_number(base, table_decimals(base.abs())));
        for (s, column) in cells.iter_mut().enumerate().map(|(i, c)| (i + 1, c)) {
            let mean = summary.scenarios[s].metrics[k].mean();
            let (ci, _) = difference(summary, s, k, methods[s]);
            let widest = [ci.mean, ci.low, ci.high]
                .iter()
                .filter(|x| x.is_finite())
                .fold(0.0f64, |a, x| a.max(x.abs()));
            let d = table_decimals(widest);
            let def = &METRICS[k];
            let class = assess(def.name, def.unit, base, mean, residents, &ci).relevance;
            let diff = if ci.low.is_nan() {
                table_number(ci.mean, d)
            } else {
                format!(
                    "{} [{}, {}] {}",
                    table_number(ci.mean, d),
                    table_number(ci.low, d),
                    table_number(ci.high, d),
                    relevance_tag(class)
                )
                .trim_end()
                .to_string()
            };
            column.push(Cell {
                mean: table_number(mean, table_decimals(mean.abs())),
                diff,
            });
        }
    }

    (reference, cells)
}

/// Widths of the label column, the reference column and each scenario's
/// (mean, diff) columns.
fn column_widths(
    rows: &[(usize, &str)],
    reference: &[String],
    cells: &[Vec<Cell>],
    ids: &[std::borrow::Cow<'_, str>],
) -> (usize, usize, Vec<(usize, usize)>) {
    let label_w = rows
        .iter()
        .map(|r| r.1.len())
        .max()
        .unwrap_or(0)
        .max("metric".len());
    let ref_w = reference
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(ids[0].len())
        .max(4);
    let group_w: Vec<(usize, usize)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mean_w = c.iter().map(|x| x.mean.len()).max().unwrap_or(0).max(4);
            let diff_w = c
                .iter()
                .map(|x| x.diff.len())
                .max()
                .unwrap_or(0)
                .max("diff [95% CI]".len());
            let id_w = ids[i + 1].len();
            (mean_w, diff_w.max(id_w.saturating_sub(mean_w + 2)))
        })
        .collect();

    (label_w, ref_w, group_w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_metrics_exist() {
        for (name, _) in KEY_METRICS {
            assert!(metric_index(name).is_some(), "{name}");
        }
        assert!(METRICS.len() > KEY_METRICS.len());
    }
}
