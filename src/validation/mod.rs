//! Validation against published Dutch figures: the targets a baseline run
//! must reproduce, and the check of a run's summary against them.
//!
//! The targets travel with the program (`validation/targets.csv`, embedded
//! at build time), each with its source and the model metric whose
//! definition matches it. This module compares numbers; it runs nothing and
//! writes nothing.

use crate::model::metric_index;
use crate::stats::{t_interval, Interval, RunningMoments};
use serde::Deserialize;

/// The shipped targets file.
pub const TARGETS_CSV: &str = include_str!("../../validation/targets.csv");

/// One published figure the baseline must reproduce.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PublishedTarget {
    /// Short id, e.g. `gp_contacts_75_84`.
    pub id: String,
    /// The model metric with the same definition.
    pub metric: String,
    /// Who the figure is about.
    pub population: String,
    /// The published value.
    pub target: f64,
    /// How far the model mean may lie from it.
    pub tolerance: f64,
    /// Unit of the value.
    pub unit: String,
    /// Definition behind the figure.
    pub definition: String,
    /// Where the figure comes from.
    pub source: String,
}

/// Why the targets file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TargetsError {
    /// A row does not parse.
    #[error("validation/targets.csv: {0}")]
    Csv(#[from] csv::Error),
    /// A row names a metric the model does not report.
    #[error("validation/targets.csv: target `{id}` names unknown metric `{metric}`")]
    UnknownMetric {
        /// Target id.
        id: String,
        /// The metric it names.
        metric: String,
    },
}

/// Parse a targets table (the shipped one is [`TARGETS_CSV`]).
pub fn parse_targets(text: &str) -> Result<Vec<PublishedTarget>, TargetsError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut targets = Vec::new();
    for row in reader.deserialize() {
        let target: PublishedTarget = row?;
        if metric_index(&target.metric).is_none() {
            return Err(TargetsError::UnknownMetric {
                id: target.id,
                metric: target.metric,
            });
        }
        targets.push(target);
    }
    Ok(targets)
}

/// The shipped targets.
pub fn targets() -> Vec<PublishedTarget> {
    parse_targets(TARGETS_CSV).expect("the shipped targets parse (tested)")
}

/// One target checked against a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// The target.
    pub target: PublishedTarget,
    /// The model's mean with its 95% confidence interval.
    pub model: Interval,
    /// Whether the model mean lies within the tolerance.
    pub within: bool,
}

impl TargetCheck {
    /// Model mean minus target.
    pub fn deviation(&self) -> f64 {
        self.model.mean - self.target.target
    }
}

/// Check every target against the per-metric moments of a run
/// (`metrics[i]` belongs to [`crate::model::METRICS`]`[i]`).
///
/// `extra_sds` widens every tolerance by that many standard errors of the
/// model mean: 0 for the real validation (the mean must be within the
/// published tolerance), more for a reduced run whose mean is noisier.
pub fn check(
    targets: &[PublishedTarget],
    metrics: &[RunningMoments],
    extra_sds: f64,
) -> Vec<TargetCheck> {
    targets
        .iter()
        .map(|t| {
            let m = &metrics[metric_index(&t.metric).expect("checked when parsed")];
            let model = t_interval(m, 0.95);
            let allowed = t.tolerance + extra_sds * m.std_error();
            TargetCheck {
                target: t.clone(),
                within: (model.mean - t.target).abs() <= allowed,
                model,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_targets_parse_and_name_real_metrics() {
        let t = targets();
        assert_eq!(t.len(), 24);
        assert!(t.iter().all(|t| t.tolerance > 0.0 && !t.source.is_empty()));
    }

    #[test]
    fn an_unknown_metric_is_an_error() {
        let text = "id,metric,population,target,tolerance,unit,definition,source\nx,no_such_metric,all,1,0.1,share,d,s\n";
        assert!(matches!(
            parse_targets(text),
            Err(TargetsError::UnknownMetric { .. })
        ));
    }

    #[test]
    fn within_uses_the_mean_and_widening_uses_the_standard_error() {
        let t = &targets()[..1]; // share_65plus, 0.195 +- 0.005
        let mut moments = vec![RunningMoments::new(); crate::model::METRICS.len()];
        let i = metric_index("share_65plus").unwrap();
        for v in [0.2005, 0.2015, 0.2010, 0.2000] {
            moments[i].push(v);
        }
        // mean 0.201: 0.006 off, outside the 0.005 tolerance.
        assert!(!check(t, &moments, 0.0)[0].within);
        // se = 0.00032; 4 se widen the tolerance to 0.0063.
        assert!(check(t, &moments, 4.0)[0].within);
    }
}
