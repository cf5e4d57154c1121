//! A stopping rule (`--precision`): keep adding batches of replications
//! until the 95% confidence intervals of the chosen metrics are narrow
//! enough in every scenario, or a cap is reached.
//!
//! It owns the rule and its verdict, computed from the records in the
//! partial folder at batch boundaries only, so where a run stops does not
//! depend on the thread count. The batches themselves are planned by
//! [`super::run`].

use super::checksum::RecordIdentity;
use super::layout;
use super::records::RecordReader;
use super::OutputError;
use crate::experiment::ScenarioRun;
use crate::model::METRICS;
use crate::stats::{t_interval, RunningMoments};
use std::path::Path;

/// Keep adding replications until the 95% confidence intervals are narrow
/// enough (`--precision`); see [`super::run::RunFolder::open_until`].
#[derive(Debug, Clone, PartialEq)]
pub struct StoppingRule {
    /// Stop when every checked interval's half-width is below
    /// `precision x |mean|` (0 < precision < 1).
    pub precision: f64,
    /// Stop at this many replications at the latest.
    pub max_replications: u64,
    /// Names of the [`METRICS`] to check (every scenario).
    pub metrics: Vec<String>,
}

impl StoppingRule {
    /// The metrics checked unless told otherwise.
    pub const DEFAULT_METRICS: &'static [&'static str] = &[
        "gp_contacts_per_resident_year",
        "carers_heavily_burdened_share",
    ];
    /// The cap unless told otherwise.
    pub const DEFAULT_MAX_REPLICATIONS: u64 = 1000;

    /// The rule in words, as `plan.toml` records it: a resumed run must
    /// follow the same rule with the same batches.
    pub fn describe(&self, batch: u64) -> String {
        format!(
            "95% CI half-width under {} x |mean| of {}, in batches of {batch}, at most {} \
             replications",
            self.precision,
            self.metrics.join(", "),
            self.max_replications
        )
    }

    /// Indices into [`METRICS`] of the checked metrics; an unknown name,
    /// an empty list, a precision outside (0, 1) or a zero cap is refused.
    pub(crate) fn metric_indices(&self) -> Result<Vec<usize>, OutputError> {
        let refuse = |reason: String| Err(OutputError::Refused { reason });
        if !(self.precision > 0.0 && self.precision < 1.0) {
            return refuse(format!(
                "precision {} is not over 0 and under 1",
                self.precision
            ));
        }
        if self.max_replications == 0 {
            return refuse("max_replications must be at least 1".to_string());
        }
        if self.metrics.is_empty() {
            return refuse("a stopping rule needs at least one metric".to_string());
        }
        self.metrics
            .iter()
            .map(|name| {
                METRICS
                    .iter()
                    .position(|m| m.name == name)
                    .ok_or_else(|| OutputError::Refused {
                        reason: format!("unknown metric `{name}` in the stopping rule"),
                    })
            })
            .collect()
    }
}

/// Why `--precision` and `--shard` do not go together.
pub const SHARDED_RULE: &str = "a stopping rule (--precision) cannot run as shards: it decides \
     after each batch, from the results of every replication so far, whether to go on, and a \
     shard sees only its own; run it on one machine (it can be resumed), or give the shards a \
     fixed --replications";

/// The verdict of a stopping rule after `replications`, from the records
/// in `partial`: `Some(why)` to stop.
pub(crate) fn check_rule(
    partial: &Path,
    runs: &[ScenarioRun],
    identities: &[RecordIdentity],
    replications: u64,
    rule: &StoppingRule,
    metrics: &[usize],
) -> Result<Option<String>, OutputError> {
    const LEVEL: f64 = 0.95;
    let mut all_narrow = true;
    // The widest interval relative to its mean: (ratio, scenario, metric).
    let mut widest: Option<(f64, usize, usize)> = None;
    for (s, run) in runs.iter().enumerate() {
        let path = partial.join(&run.id).join(layout::RECORDS);
        let mut reader = RecordReader::open(&path, run.months(), identities[s])?;
        let mut moments = vec![RunningMoments::new(); metrics.len()];
        for r in 0..replications {
            let row = reader.expect(r)?;
            for (m, &k) in moments.iter_mut().zip(metrics) {
                m.push(row.metrics[k]);
            }
        }
        reader.finish()?;
        for (m, &k) in moments.iter().zip(metrics) {
            let ci = t_interval(m, LEVEL);
            let (half, mean) = (ci.half_width(), ci.mean.abs());
            let narrow = half.is_finite() && (half == 0.0 || half < rule.precision * mean);
            all_narrow &= narrow;
            let ratio = if half == 0.0 {
                0.0
            } else if half.is_finite() && mean > 0.0 {
                half / mean
            } else {
                f64::INFINITY
            };
            if widest.is_none_or(|(w, _, _)| ratio > w) {
                widest = Some((ratio, s, k));
            }
        }
    }
    let widest = widest.map_or(String::new(), |(ratio, s, k)| {
        format!(
            " (widest: {} in {}, half-width {} x |mean|)",
            METRICS[k].name,
            runs[s].id,
            if ratio.is_finite() {
                format!("{ratio:.4}")
            } else {
                "undefined".to_string()
            }
        )
    });
    let names = rule.metrics.join(", ");
    if all_narrow {
        Ok(Some(format!(
            "precision {} reached: after {replications} replications the 95% CI half-width of \
             {names} is below {} x |mean| in every scenario{widest}",
            rule.precision, rule.precision
        )))
    } else if replications >= rule.max_replications {
        Ok(Some(format!(
            "max_replications reached: {replications} replications; precision {} not reached \
             for {names}{widest}",
            rule.precision
        )))
    } else {
        Ok(None)
    }
}
