//! The comparison table printed after a run of several scenarios (and by
//! `merge` and `compare`): one row per key metric, the reference's mean,
//! then per scenario its mean, the difference with its 95% interval, the
//! change in percent and a relevance tag ([`crate::experiment::relevance`]),
//! e.g. `-0.86 [-0.90, -0.81] pt  -4.4%  small`.
//!
//! Plain text, fixed-width columns, so it pastes into a memo or an e-mail.
//! Every line fits the given width (100 columns by default): scenarios that
//! do not fit side by side go into blocks that repeat the metric and
//! reference columns, and the explanation below is wrapped. Shares print as
//! percentages, euros in thousands with separators ([`super::readable`]);
//! the CSV files keep full precision.

use super::csvfiles::reference_residents;
use super::names::printable;
use super::readable::{percent_change, truncate, wrap, Scale};
use crate::experiment::compare::{difference, Method};
use crate::experiment::relevance::{assess, Assessment, Thresholds};
use crate::experiment::{ExperimentSummary, ScenarioRun};
use crate::model::{metric_index, METRICS};
use crate::stats::Interval;

/// The metrics in the comparison table, with their row labels.
pub const KEY_METRICS: &[(&str, &str)] = &[
    (
        "gp_contacts_per_resident_year",
        "GP contacts per resident/yr",
    ),
    (
        "gp_psychosocial_contacts_per_1000_year",
        "GP psychosocial /1000/yr",
    ),
    ("gp_wait_days_mean", "GP wait, mean (days)"),
    (
        "out_of_hours_contacts_per_1000_year",
        "out-of-hours GP /1000/yr",
    ),
    (
        "emergency_visits_per_1000_year",
        "emergency visits /1000/yr",
    ),
    (
        "hospital_admissions_per_1000_year",
        "hospital admissions /1000/yr",
    ),
    ("carers_heavily_burdened_share", "heavily burdened carers"),
    ("severely_lonely_share_adults", "severely lonely adults"),
    ("self_reliant_share_65plus", "self-reliant 65+"),
    (
        "nursing_home_admissions_per_1000_65plus_year",
        "to nursing home /1000 65+/yr",
    ),
    ("cost_zvw_eur_year", "cost Zvw"),
    ("cost_wmo_eur_year", "cost Wmo"),
    ("cost_wlz_eur_year", "cost Wlz"),
    ("cost_gemeente_eur_year", "cost gemeente"),
    ("cost_total_eur_year", "cost total"),
];

/// The width every printed line fits, unless `--wide` asks for one line
/// per metric whatever its length.
pub const TABLE_WIDTH: usize = 100;

/// A scenario as the table names it: its id (the file stem, the folder's
/// name) and its `name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// File stem; the folder's name.
    pub id: String,
    /// The scenario's `name` (may be empty: the id stands in).
    pub name: String,
}

/// One metric of one compared scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowValues {
    /// Unit of the metric (decides how it prints).
    pub unit: &'static str,
    /// Mean of the reference.
    pub reference_mean: f64,
    /// Mean of the scenario.
    pub mean: f64,
    /// Scenario − reference, with its 95% interval.
    pub difference: Interval,
    /// Relative change, minimal relevant difference and class.
    pub assessment: Assessment,
}

/// One compared scenario: its name, how its intervals were made, and one
/// [`RowValues`] per table row.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedScenario {
    /// Who it is.
    pub named: Named,
    /// Paired (common random numbers) or Welch.
    pub method: Method,
    /// Per table row, in the order of the rows given to [`render`].
    pub rows: Vec<RowValues>,
}

/// What the table shows, whether it came from a run's summary
/// ([`comparison_table`]) or from output folders (`buurtsim compare`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonView<'a> {
    /// The reference scenario.
    pub reference: Named,
    /// Replications behind each mean (of the first compared scenario).
    pub replications: usize,
    /// The compared scenarios.
    pub scenarios: Vec<ComparedScenario>,
    /// Row labels, one per [`RowValues`].
    pub labels: Vec<&'a str>,
}

/// Render the comparison table of `scenarios` (the first is the reference)
/// for the `rows` (metric name, label), every line at most `max_width`
/// characters (`usize::MAX`: `--wide`, all scenarios side by side).
///
/// Unknown metric names are skipped (the table is a view; the CSV files
/// hold every metric).
pub fn comparison_table(
    scenarios: &[ScenarioRun],
    summary: &ExperimentSummary,
    rows: &[(&str, &str)],
    max_width: usize,
) -> String {
    if scenarios.is_empty() {
        return String::new();
    }
    let rows: Vec<(usize, &str)> = rows
        .iter()
        .filter_map(|&(name, label)| Some((metric_index(name)?, label)))
        .collect();
    let residents = reference_residents(&summary.scenarios[0]);
    // Validated when the scenario was loaded.
    let thresholds =
        Thresholds::from_settings(&scenarios[0].scenario.relevance).unwrap_or_default();
    let named = |s: &ScenarioRun| Named {
        id: s.id.clone(),
        name: s.scenario.name.clone(),
    };
    let compared = scenarios
        .iter()
        .enumerate()
        .skip(1)
        .map(|(s, run)| {
            let method = Method::for_pair(&scenarios[0], run);
            let values = rows
                .iter()
                .map(|&(k, _)| {
                    let def = &METRICS[k];
                    let base = summary.scenarios[0].metrics[k].mean();
                    let mean = summary.scenarios[s].metrics[k].mean();
                    let (ci, _) = difference(summary, s, k, method);
                    RowValues {
                        unit: def.unit,
                        reference_mean: base,
                        mean,
                        difference: ci,
                        assessment: assess(
                            &thresholds,
                            def.name,
                            def.unit,
                            base,
                            mean,
                            residents,
                            &ci,
                        ),
                    }
                })
                .collect();
            ComparedScenario {
                named: named(run),
                method,
                rows: values,
            }
        })
        .collect();
    render(
        &ComparisonView {
            reference: named(&scenarios[0]),
            replications: summary.replications as usize,
            scenarios: compared,
            labels: rows.iter().map(|r| r.1).collect(),
        },
        max_width,
    )
}

/// The printed cells of one scenario's row.
struct Cell {
    mean: String,
    diff: String,
    change: String,
    tag: &'static str,
}

/// Render a [`ComparisonView`]: the names, then blocks of scenarios that
/// fit `max_width`, then the wrapped explanation.
pub fn render(view: &ComparisonView<'_>, max_width: usize) -> String {
    let width = max_width.max(40);
    let scales: Vec<Scale> = match view.scenarios.first() {
        Some(first) => first
            .rows
            .iter()
            .map(|r| Scale::for_unit(r.unit, r.reference_mean))
            .collect(),
        None => return String::new(),
    };
    let labels: Vec<String> = view
        .labels
        .iter()
        .zip(&scales)
        .map(|(l, s)| format!("{l}{}", s.label_suffix()))
        .collect();
    let reference: Vec<String> = view.scenarios[0]
        .rows
        .iter()
        .zip(&scales)
        .map(|(r, s)| s.mean(r.reference_mean))
        .collect();
    let cells: Vec<Vec<Cell>> = view
        .scenarios
        .iter()
        .map(|c| {
            c.rows
                .iter()
                .zip(&scales)
                .map(|(r, s)| cell(r, *s))
                .collect()
        })
        .collect();

    let mut out = names_legend(view, width);
    let label_w = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let ref_w = reference.iter().map(String::len).max().unwrap_or(0).max(9);
    let groups: Vec<[usize; 4]> = cells.iter().map(|c| group_widths(c)).collect();
    let fixed = label_w + 2 + ref_w;
    let mut start = 0;
    while start < cells.len() {
        let mut end = start;
        let mut used = fixed;
        while end < cells.len() {
            let w = 3 + groups[end].iter().sum::<usize>() + 6;
            if end > start && used + w > width {
                break;
            }
            used += w;
            end += 1;
        }
        out.push('\n');
        // The id over each scenario's columns; `(Welch)` where its seed or
        // replications differ from the reference's, so it is not paired.
        let ids = (start..end).map(|s| {
            let c = &view.scenarios[s];
            let id = printable(&c.named.id);
            match c.method {
                Method::Paired => id.into_owned(),
                Method::Welch => format!("{id} (Welch)"),
            }
        });
        let mut line = format!("{:label_w$}  {:>ref_w$}", "", "");
        for (id, g) in ids.zip(&groups[start..end]) {
            let group_w = g.iter().sum::<usize>() + 6;
            line.push_str(&format!("   {}", truncate(&id, group_w)));
        }
        push_line(&mut out, &line);
        let mut line = format!("{:label_w$}  {:>ref_w$}", "metric", "reference");
        for g in &groups[start..end] {
            line.push_str(&format!(
                "   {:>w0$}  {:<w1$}  {:>w2$}  {:<w3$}",
                "mean",
                "difference [95% CI]",
                "change",
                "relevance",
                w0 = g[0],
                w1 = g[1],
                w2 = g[2],
                w3 = g[3]
            ));
        }
        push_line(&mut out, &line);
        for (r, label) in labels.iter().enumerate() {
            let pad = label_w - label.chars().count();
            let mut line = format!("{label}{}  {:>ref_w$}", " ".repeat(pad), reference[r]);
            for (s, g) in groups.iter().enumerate().take(end).skip(start) {
                let c = &cells[s][r];
                line.push_str(&format!(
                    "   {:>w0$}  {:<w1$}  {:>w2$}  {:<w3$}",
                    c.mean,
                    c.diff,
                    c.change,
                    c.tag,
                    w0 = g[0],
                    w1 = g[1],
                    w2 = g[2],
                    w3 = g[3]
                ));
            }
            push_line(&mut out, &line);
        }
        start = end;
    }
    out.push('\n');
    out.push_str(&explanation(view, &scales, width));
    out
}

/// `line` without trailing spaces, and a newline.
fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

/// The cells of one row: the scenario's mean, the difference with its
/// interval, the change in percent and the relevance tag.
fn cell(r: &RowValues, scale: Scale) -> Cell {
    let d = &r.difference;
    Cell {
        mean: scale.mean(r.mean),
        diff: scale.difference(d.mean, d.low, d.high),
        change: percent_change(r.assessment.relative_change),
        tag: r.assessment.relevance.map_or("", |c| c.tag()),
    }
}

/// Widths of a scenario's four columns: at least their headers.
fn group_widths(cells: &[Cell]) -> [usize; 4] {
    let max = |f: &dyn Fn(&Cell) -> usize, header: usize| {
        cells.iter().map(f).max().unwrap_or(0).max(header)
    };
    [
        max(&|c| c.mean.len(), 4),
        max(&|c| c.diff.len(), "difference [95% CI]".len()),
        max(&|c| c.change.len(), "change".len()),
        max(&|c| c.tag.len(), "relevance".len()),
    ]
}

/// The scenarios' names over the table: the reference, then each compared
/// scenario, as `id: name` (the name left out where it is the id).
fn names_legend(view: &ComparisonView<'_>, width: usize) -> String {
    let entry = |n: &Named| {
        let id = printable(&n.id);
        let name = printable(n.name.trim());
        if name.is_empty() || name == id {
            id.into_owned()
        } else {
            format!("{id}: {name}")
        }
    };
    let mut out = String::new();
    let first = format!("reference  {}", entry(&view.reference));
    push_line(&mut out, &truncate(&first, width));
    for (i, s) in view.scenarios.iter().enumerate() {
        let head = if i == 0 { "compared   " } else { "           " };
        push_line(
            &mut out,
            &truncate(&format!("{head}{}", entry(&s.named)), width),
        );
    }
    out
}

/// What the columns mean, wrapped to `width`: how the differences were
/// made, the units, the relevance tags and what the intervals cover.
fn explanation(view: &ComparisonView<'_>, scales: &[Scale], width: usize) -> String {
    let paired = view.scenarios.iter().all(|s| s.method == Method::Paired);
    let mut units = Vec::new();
    if scales.contains(&Scale::Percent) {
        units.push("shares in %, their differences in percentage points (pt)");
    }
    if scales.contains(&Scale::ThousandEuro) {
        units.push("euros in thousands a year (k EUR)");
    }
    if scales.contains(&Scale::MillionEuro) {
        units.push("euros in millions a year (mln EUR)");
    }
    let units = if units.is_empty() {
        String::new()
    } else {
        format!(" {}.", capitalised(&units.join("; ")))
    };
    let paragraphs = [
        format!(
            "difference = scenario - {}, mean over {} replications; 95% CI {}; \
             change = the difference in % of the reference mean.{units}",
            printable(&view.reference.id),
            view.replications,
            if paired {
                "paired t (same seed: common random numbers)"
            } else {
                "paired t where seed and replications match (common random numbers), \
                 Welch intervals for the scenarios marked (Welch)"
            }
        ),
        RELEVANCE_FOOTER.to_string(),
    ];
    paragraphs.iter().map(|p| wrap(p, width, "")).collect()
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// What the relevance tags say.
const RELEVANCE_FOOTER: &str = "relevance: relevant = the whole CI beyond the minimal relevant \
difference; possibly = the estimate beyond it, the CI not; small = the CI excludes 0, the change \
is below it; n.d. = the CI includes 0 (not distinguishable). Minimal relevant difference: 1% of \
the reference mean, 1 point for shares, EUR 1,000 a year per 1,000 residents for costs, a few \
overrides (comparison.csv: relevant_difference).";

/// What the intervals cover (issue 19, item 9): the headline under the
/// table ends with it.
pub const NOISE_FOOTER: &str = "The intervals cover simulation noise only (variation between \
replications); the programmes' effect sizes are assumptions, listed in the scenario files and \
the report's assumptions table, and their uncertainty is not in the intervals.";

/// What the intervals cover when some inputs were drawn per replication
/// (`[uncertainty]`): the line [`uncertainty_line`] prints names them.
pub const UNCERTAIN_FOOTER: &str = "The intervals cover simulation noise and the uncertainty \
of the inputs drawn per replication (`[uncertainty]` in the scenario files); the other effect sizes are \
assumptions, listed in the scenario files and the report's assumptions table, and their \
uncertainty is not in the intervals.";

/// The line `buurtsim run` prints after the table when any scenario had
/// uncertain inputs (`described`: `key (triangular 0.6–0.7–0.9)` each, as
/// `scenario::describe_uncertainty` gives them; repeats are named once), or
/// `None` when none had: then the intervals are simulation noise only.
pub fn uncertainty_line(described: &[String]) -> Option<String> {
    let mut once: Vec<&str> = Vec::new();
    for d in described {
        if !once.contains(&d.as_str()) {
            once.push(d);
        }
    }
    (!once.is_empty()).then(|| {
        format!(
            "Uncertain inputs drawn per replication: {}; the intervals include this parameter \
             uncertainty, not only simulation noise.",
            once.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uncertainty_line_names_each_input_once() {
        assert_eq!(uncertainty_line(&[]), None);
        let d = "interventions.carer_support.burden_gain_multiplier (triangular 0.6–0.7–0.9)";
        let line = uncertainty_line(&[d.to_string(), d.to_string()]).unwrap();
        assert_eq!(line.matches("burden_gain_multiplier").count(), 1, "{line}");
        assert!(line.ends_with("not only simulation noise."), "{line}");
    }

    #[test]
    fn key_metrics_exist() {
        for (name, _) in KEY_METRICS {
            assert!(metric_index(name).is_some(), "{name}");
        }
        assert!(METRICS.len() > KEY_METRICS.len());
    }

    /// Five scenarios with long ids and names and large, small and
    /// undefined values: the worst a table meets.
    fn view() -> ComparisonView<'static> {
        let rows: Vec<(usize, &str)> = KEY_METRICS
            .iter()
            .map(|&(name, label)| (metric_index(name).unwrap(), label))
            .collect();
        let scenario = |i: usize| {
            let named = Named {
                id: format!("haaglanden-wijkverpleegkundige-variant-{i}"),
                name: format!("Haaglanden: wijkverpleegkundige als zichtbare schakel, variant {i} met een lange naam die niet past"),
            };
            let values = rows
                .iter()
                .map(|&(k, _)| {
                    let unit = METRICS[k].unit;
                    let base = if unit == "EUR/year" {
                        22_279_851.0
                    } else if unit == "share" {
                        0.195
                    } else {
                        4.284
                    };
                    let d = base * -0.000_18 * (i as f64 + 1.0);
                    let difference = Interval {
                        mean: d,
                        low: d - base * 0.000_13,
                        high: d + base * 0.000_12,
                        n: 40,
                    };
                    RowValues {
                        unit,
                        reference_mean: base,
                        mean: base + d,
                        difference,
                        assessment: assess(
                            &Thresholds::default(),
                            METRICS[k].name,
                            unit,
                            base,
                            base + d,
                            12_000.0,
                            &difference,
                        ),
                    }
                })
                .collect();
            ComparedScenario {
                named,
                method: if i == 2 {
                    Method::Welch
                } else {
                    Method::Paired
                },
                rows: values,
            }
        };
        ComparisonView {
            reference: Named {
                id: "baseline".into(),
                name: "Basis: woonservicezone zonder programma".into(),
            },
            replications: 40,
            scenarios: (0..4).map(scenario).collect(),
            labels: rows.iter().map(|r| r.1).collect(),
        }
    }

    #[test]
    fn every_line_fits_100_columns_and_wide_puts_all_side_by_side() {
        let text = render(&view(), TABLE_WIDTH);
        for line in text.lines() {
            assert!(
                line.chars().count() <= TABLE_WIDTH,
                "{} > 100: {line}",
                line.chars().count()
            );
        }
        // One block per scenario, each with its own header.
        let blocks = |t: &str| t.lines().filter(|l| l.starts_with("metric ")).count();
        assert_eq!(blocks(&text), 4, "{text}");
        assert!(text.contains("-0.0008 [-0.0013, -0.0003]"), "{text}");
        assert!(
            text.contains("(k EUR/yr)") && text.contains("22,280"),
            "{text}"
        );
        assert!(text.contains("19.5%") && text.contains(" pt "), "{text}");
        assert!(text.contains("variant-2 (Welch)"), "{text}");
        let wide = render(&view(), usize::MAX);
        assert_eq!(blocks(&wide), 1, "{wide}");
        assert_eq!(wide.matches("difference [95% CI]").count(), 4, "{wide}");
        assert!(wide.lines().any(|l| l.chars().count() > TABLE_WIDTH));
    }
}
