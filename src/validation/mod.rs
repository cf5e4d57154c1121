//! Validation against published Dutch figures: the targets a baseline run
//! must reproduce, and the check of a run's summary against them.
//!
//! The targets travel with the program (`validation/targets.csv`, embedded
//! at build time), each with its source, the model metric whose
//! definition matches it, and its [`Role`]: fitted by `calibrate` or held
//! out as a check. This module compares numbers; it runs nothing and
//! writes nothing.

use crate::model::metric_index;
use crate::stats::{t_interval, Interval, RunningMoments};
use serde::Deserialize;

/// The shipped targets file.
pub const TARGETS_CSV: &str = include_str!("../../validation/targets.csv");

/// Whether a published figure may steer the free parameters.
///
/// A model that was fitted to a figure reproduces it by construction, so
/// meeting it says little; only figures the fit never saw test the model.
/// Each target is therefore one or the other, fixed in
/// `validation/targets.csv` before any fitting, so that the validation table
/// can say how many held-out figures the model meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Used by `buurtsim calibrate` (named in `calibration/baseline.toml`).
    Fit,
    /// Held out: never named in a calibration config (the config loader
    /// refuses it), so meeting it is evidence rather than construction.
    Check,
}

impl Role {
    /// The word as written in `validation/targets.csv` and the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Fit => "fit",
            Role::Check => "check",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published figure the baseline must reproduce.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PublishedTarget {
    /// Short id, e.g. `gp_contacts_75_84`.
    pub id: String,
    /// The model metric with the same definition.
    pub metric: String,
    /// Fitted by `calibrate` or held out as a check.
    pub role: Role,
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
    /// A row's `role` is neither `fit` nor `check`.
    #[error(
        "validation/targets.csv line {line}: target `{id}` has role `{role}`; valid roles: `fit` (used by calibrate), `check` (held out)"
    )]
    UnknownRole {
        /// Line of the file (1 is the header).
        line: u64,
        /// Target id.
        id: String,
        /// The role as written.
        role: String,
    },
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
    let headers = reader.headers()?.clone();
    let mut targets = Vec::new();
    for record in reader.records() {
        let record = record?;
        let target: PublishedTarget = match record.deserialize(Some(&headers)) {
            Ok(target) => target,
            Err(e) => return Err(role_error(&headers, &record).unwrap_or_else(|| e.into())),
        };
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

/// A row that does not parse because of its `role`, as an error that names
/// the row and the two valid words (serde's own message names neither).
fn role_error(headers: &csv::StringRecord, record: &csv::StringRecord) -> Option<TargetsError> {
    let column = |name: &str| headers.iter().position(|h| h == name);
    let role = record.get(column("role")?)?;
    if matches!(role, "fit" | "check") {
        return None;
    }
    Some(TargetsError::UnknownRole {
        line: record.position().map_or(0, |p| p.line()),
        id: column("id")
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_string(),
        role: role.to_string(),
    })
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
        assert_eq!(t.len(), 53);
        // The role column: 20 fitted by calibration/baseline.toml and 6 by hand
        // (emergency visits 75+, admissions 75-84, out-of-hours contacts of
        // all ages, 0-4 and 85+, GP home visits), 27 held out.
        assert_eq!(t.iter().filter(|t| t.role == Role::Fit).count(), 26);
        assert!(t.iter().all(|t| t.tolerance > 0.0 && !t.source.is_empty()));
    }

    #[test]
    fn an_unknown_metric_is_an_error() {
        let text = "id,metric,role,population,target,tolerance,unit,definition,source\nx,no_such_metric,check,all,1,0.1,share,d,s\n";
        assert!(matches!(
            parse_targets(text),
            Err(TargetsError::UnknownMetric { .. })
        ));
    }

    #[test]
    fn a_wrong_role_is_an_error_naming_the_row() {
        let text = "id,metric,role,population,target,tolerance,unit,definition,source\n\
                    a,share_65plus,fit,all,1,0.1,share,d,s\n\
                    b,share_75plus,Check,all,1,0.1,share,d,s\n";
        let err = parse_targets(text).unwrap_err();
        assert!(
            matches!(err, TargetsError::UnknownRole { line: 3, .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("line 3: target `b` has role `Check`"),
            "{message}"
        );
        assert!(
            message.contains("`fit`") && message.contains("`check`"),
            "{message}"
        );
        let text = text.replace("Check", "check");
        let roles: Vec<Role> = parse_targets(&text)
            .unwrap()
            .iter()
            .map(|t| t.role)
            .collect();
        assert_eq!(roles, [Role::Fit, Role::Check]);
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
