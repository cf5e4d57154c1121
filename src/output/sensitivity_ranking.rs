//! The ranking `buurtsim sensitivity` prints after the run: per metric,
//! the parameters sorted by their headline index (ST for Sobol, μ* for
//! Morris) with two indices and their intervals, the noise floors, and a
//! `(noise)` mark where neither index stands above its floor. Every line
//! fits 100 columns; a parameter path too long for its column gets a line
//! of its own.

use super::sensitivity_results::{Ranked, SensitivityResults};
use crate::experiment::sensitivity_analysis::IndexKind;
use crate::scenario::SensitivityMethod;
use crate::sensitivity::Estimate;

/// An index with its interval, in 3 significant-ish digits.
fn estimate_text(e: &Estimate) -> String {
    format!(
        "{} [{}; {}]",
        number(e.value),
        number(e.ci_low),
        number(e.ci_high)
    )
}

fn number(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 {
        "0".to_string()
    } else if a < 10.0 {
        format!("{x:.3}")
    } else if a < 1000.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

/// The ranking of every metric as text lines under 100 columns.
pub fn ranking_text(results: &SensitivityResults) -> String {
    let kinds: Vec<IndexKind> = match results.method {
        SensitivityMethod::Sobol => vec![IndexKind::S1, IndexKind::ST],
        SensitivityMethod::Morris => vec![IndexKind::MuStar, IndexKind::Mu],
    };
    let all = IndexKind::of(results.method);
    let headline = IndexKind::headline(results.method);
    let mut out = String::new();
    for metric in results.metrics() {
        let floors: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", k.name(), number(results.floor(metric, *k))))
            .collect();
        out.push_str(&format!(
            "\n{metric}: {} by {} (noise floors: {})\n",
            match results.method {
                SensitivityMethod::Sobol => "Sobol indices",
                SensitivityMethod::Morris => "Morris screening",
            },
            headline.name(),
            floors.join(", ")
        ));
        out.push_str(&format!(
            "  {:<NAME$}{}\n",
            "parameter",
            kinds
                .iter()
                .map(|k| format!(" {:>COLUMN$}", format!("{} [95% CI]", k.name())))
                .collect::<String>()
        ));
        for r in &results.ranking(metric) {
            out.push_str(&ranked_line(r, &kinds, all));
        }
    }
    out.push_str(
        "\n(noise) = not distinguishable from noise: neither index is above its noise floor\n\
         (floor.csv), what a parameter the model never reads (`dummy`) shows with other seeds.\n\
         Intervals: 95% bootstrap over base samples or trajectories. Morris sigma and every\n\
         interval are in indices.csv.\n",
    );
    out
}

/// Width of the parameter column; a longer path gets a line of its own.
const NAME: usize = 40;
/// Width of an index column.
const COLUMN: usize = 23;

fn ranked_line(r: &Ranked, kinds: &[IndexKind], all: &[IndexKind]) -> String {
    let mut line = if r.parameter.len() > NAME {
        format!("  {}\n  {:NAME$}", r.parameter, "")
    } else {
        format!("  {:<NAME$}", r.parameter)
    };
    for k in kinds {
        let at = all.iter().position(|a| a == k).unwrap_or(0);
        line.push_str(&format!(" {:>COLUMN$}", estimate_text(&r.indices[at])));
    }
    if r.parameter == crate::experiment::sensitivity::DUMMY {
        line.push_str("  (dummy)");
    } else if !r.above_floor {
        line.push_str("  (noise)");
    }
    line.push('\n');
    line
}
