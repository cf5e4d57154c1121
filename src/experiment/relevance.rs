//! Relevance beside significance (issue 19): is a difference big enough to
//! matter, not only unlikely to be chance?
//!
//! With common random numbers the paired intervals are so narrow that a
//! difference of −0.075% GP contacts already excludes zero. Whether that
//! matters to a practice or a municipality is a separate question, so every
//! metric gets a stated *minimal relevant difference* δ (a [`Rule`]: by
//! unit, with a few per-metric overrides in [`OVERRIDES`]) and every
//! difference with its 95% interval is put in one of four [`Relevance`]
//! classes against it.
//!
//! It lives beside [`super::compare`] rather than in `analysis` because
//! `output` writes `comparison.csv` and must not know `analysis`; the
//! report and the shift ledger call it too. Pure functions: no files, no
//! formatting.

use crate::model::metric_index;
use crate::scenario::RelevanceSettings;
use crate::stats::Interval;
use std::collections::BTreeMap;

/// How the minimal relevant difference of a metric is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// A fraction of the reference mean (0.01 = 1%): rates and counts, whose
    /// size varies by district and metric, so a fixed amount would not fit.
    Relative(f64),
    /// A fixed amount in the metric's own unit (0.01 for a share = 1
    /// percentage point).
    Absolute(f64),
    /// Euros a year per 1,000 residents: district cost totals, which grow
    /// with the district, so the threshold grows with it.
    EurPer1000Residents(f64),
}

/// The default relative threshold: 1% of the reference mean.
pub const RELATIVE: f64 = 0.01;

/// The default threshold of a share: 1 percentage point.
pub const SHARE_POINTS: f64 = 0.01;

/// The default threshold of a district cost total: €1,000 a year per 1,000
/// residents (€1 per resident a year).
pub const EUR_PER_1000: f64 = 1000.0;

/// A metric where the unit's rule is wrong, with its own rule and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Override {
    /// Metric name (column of `replications.csv`).
    pub metric: &'static str,
    /// Its rule.
    pub rule: Rule,
    /// Why the unit's rule does not fit, in one line.
    pub reason: &'static str,
}

/// Metrics where the unit's rule is wrong. A table with a reason per entry
/// rather than doc comments, so the reason can be printed and is never lost
/// from an entry.
pub const OVERRIDES: &[Override] = &[
    Override {
        metric: "gp_wait_days_mean",
        rule: Rule::Absolute(0.5),
        reason: "a mean wait of a few days: 1% is minutes; half a day is the least a patient or practice notices",
    },
    Override {
        metric: "gp_wait_days_p90",
        rule: Rule::Absolute(0.5),
        reason: "as the mean wait: days, where 1% is minutes",
    },
    Override {
        metric: "district_nursing_waiting_weeks_mean",
        rule: Rule::Absolute(0.5),
        reason: "a wait in weeks, often near zero in the reference, so 1% of it means nothing; half a week a client notices",
    },
    Override {
        metric: "home_help_waiting_weeks_mean",
        rule: Rule::Absolute(0.5),
        reason: "a wait in weeks, often near zero (as district nursing)",
    },
    Override {
        metric: "welfare_wait_weeks_mean",
        rule: Rule::Absolute(0.5),
        reason: "a wait in weeks, often near zero (as district nursing)",
    },
    Override {
        metric: "meeting_place_wait_weeks_mean",
        rule: Rule::Absolute(0.5),
        reason: "a wait in weeks, zero in a reference without a meeting place (as district nursing)",
    },
    Override {
        metric: "nursing_home_share_75plus",
        rule: Rule::Absolute(0.002),
        reason: "a share of a few percent: 1 point would be a fifth of it or more; 0.2 points is one in 500 residents 75+",
    },
];

/// The rule for metric `metric` of unit `unit`: its override, else by
/// unit: `share` absolute 1 point, `EUR/year` (a district total) per
/// 1,000 residents, everything else (rates, counts, days, hours, persons,
/// and per-client euros) 1% of the reference mean.
pub fn rule(metric: &str, unit: &str) -> Rule {
    if let Some(o) = OVERRIDES.iter().find(|o| o.metric == metric) {
        return o.rule;
    }
    match unit {
        "share" => Rule::Absolute(SHARE_POINTS),
        "EUR/year" => Rule::EurPer1000Residents(EUR_PER_1000),
        _ => Rule::Relative(RELATIVE),
    }
}

/// The rules in force for one comparison: the user's own (the reference
/// scenario's `[relevance]`, then `--relevant` on the command line) over
/// [`OVERRIDES`] over the unit's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    user: BTreeMap<String, Rule>,
}

impl Thresholds {
    /// The user's rules of a scenario's `[relevance]`; an error names a key
    /// that is not a metric.
    pub fn from_settings(settings: &RelevanceSettings) -> Result<Thresholds, String> {
        let mut t = Thresholds::default();
        for (table, map, make) in [
            (
                "absolute",
                &settings.absolute,
                Rule::Absolute as fn(f64) -> Rule,
            ),
            (
                "relative",
                &settings.relative,
                Rule::Relative as fn(f64) -> Rule,
            ),
        ] {
            for (metric, &value) in map {
                known_metric(metric).map_err(|e| format!("[relevance.{table}] `{metric}`: {e}"))?;
                if table == "relative" && settings.absolute.contains_key(metric) {
                    return Err(format!(
                        "`{metric}` is in both [relevance.absolute] and [relevance.relative] \
                         (perhaps one through `extends`); keep one"
                    ));
                }
                t.user.insert(metric.clone(), make(value));
            }
        }
        Ok(t)
    }

    /// The user's rules of a resolved scenario (a manifest's
    /// `resolved_scenario`): its `[relevance]`, or none. What was written
    /// was validated; a folder edited since is read as far as it is valid.
    pub fn from_resolved(resolved: &toml::Table) -> Thresholds {
        let settings = resolved
            .get("relevance")
            .cloned()
            .and_then(|v| v.try_into::<RelevanceSettings>().ok())
            .unwrap_or_default();
        Thresholds::from_settings(&settings).unwrap_or_default()
    }

    /// Set one metric's rule (a command-line `--relevant`).
    pub fn set(&mut self, metric: &str, rule: Rule) {
        self.user.insert(metric.to_string(), rule);
    }

    /// The rule for `metric` of `unit`: the user's, else [`rule`].
    pub fn rule(&self, metric: &str, unit: &str) -> Rule {
        self.user
            .get(metric)
            .copied()
            .unwrap_or_else(|| rule(metric, unit))
    }

    /// True when the user set no rule.
    pub fn is_default(&self) -> bool {
        self.user.is_empty()
    }
}

/// `Ok` when `metric` is a column of `replications.csv`.
fn known_metric(metric: &str) -> Result<(), String> {
    if metric_index(metric).is_some() {
        Ok(())
    } else {
        Err(format!(
            "unknown metric; the metrics are the columns of replications.csv, \
             e.g. gp_contacts_per_resident_year{}",
            crate::scenario::nearest(
                metric,
                &crate::model::METRICS
                    .iter()
                    .map(|m| m.name)
                    .collect::<Vec<_>>()
            )
            .map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
        ))
    }
}

/// A command-line `--relevant METRIC=VALUE`: `VALUE` a number in the
/// metric's unit (`carers_heavily_burdened_share=0.005`) or a percentage of
/// the reference mean (`gp_contacts_per_resident_year=2%`).
pub fn parse_relevant(text: &str) -> Result<(String, Rule), String> {
    let (metric, value) = text.split_once('=').ok_or_else(|| {
        format!("`{text}` is not METRIC=VALUE (e.g. gp_contacts_per_resident_year=2%)")
    })?;
    let metric = metric.trim();
    known_metric(metric).map_err(|e| format!("`{metric}`: {e}"))?;
    let value = value.trim();
    let (number, percent) = match value.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (value, false),
    };
    let x: f64 = number
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite() && *x > 0.0)
        .ok_or_else(|| {
            format!("`{value}` is not a number over 0 (e.g. 0.005, or 2% of the reference mean)")
        })?;
    if percent && x > 100.0 {
        return Err(format!(
            "`{value}` is over 100% of the reference mean; valid is over 0, up to 100%"
        ));
    }
    let rule = if percent {
        Rule::Relative(x / 100.0)
    } else {
        Rule::Absolute(x)
    };
    Ok((metric.to_string(), rule))
}

/// The minimal relevant difference δ > 0 under `rule`, or `None` where it
/// cannot be set (a relative rule with both means zero, a cost rule
/// without residents).
///
/// A relative rule takes the reference mean; where that is zero (a
/// programme's own counts, absent in the reference) it takes the
/// scenario's mean instead, so a new activity is judged against its own
/// size rather than against nothing.
pub fn threshold(
    rule: Rule,
    reference_mean: f64,
    scenario_mean: f64,
    residents: f64,
) -> Option<f64> {
    let delta = match rule {
        Rule::Absolute(a) => a,
        Rule::EurPer1000Residents(eur) => eur * residents / 1000.0,
        Rule::Relative(f) => {
            let base = if reference_mean != 0.0 {
                reference_mean
            } else {
                scenario_mean
            };
            f * base.abs()
        }
    };
    (delta.is_finite() && delta > 0.0).then_some(delta)
}

/// How a difference with its interval stands against δ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relevance {
    /// The whole interval lies beyond δ on one side: relevant, and not chance.
    Relevant,
    /// The estimate is at least δ but the interval reaches inside ±δ: the
    /// run cannot tell whether the change matters (more replications can).
    PossiblyRelevant,
    /// The interval excludes zero but the change is smaller than δ: real in
    /// the model, too small to matter.
    ClearButSmall,
    /// The interval includes zero (and the estimate is below δ).
    NotDistinguishable,
}

impl Relevance {
    /// Every class, strongest first.
    pub const ALL: [Relevance; 4] = [
        Relevance::Relevant,
        Relevance::PossiblyRelevant,
        Relevance::ClearButSmall,
        Relevance::NotDistinguishable,
    ];

    /// Machine name, as in `comparison.csv` and `shift.csv`.
    pub fn id(self) -> &'static str {
        match self {
            Relevance::Relevant => "relevant",
            Relevance::PossiblyRelevant => "possibly_relevant",
            Relevance::ClearButSmall => "clear_but_small",
            Relevance::NotDistinguishable => "not_distinguishable",
        }
    }

    /// Short tag after a difference in the terminal table.
    pub fn tag(self) -> &'static str {
        match self {
            Relevance::Relevant => "relevant",
            Relevance::PossiblyRelevant => "possibly",
            Relevance::ClearButSmall => "small",
            Relevance::NotDistinguishable => "n.d.",
        }
    }
}

/// The class of a difference `estimate` with interval [`low`, `high`]
/// against δ > 0; the first that fits, in the order of [`Relevance::ALL`].
/// `None` when the interval is undefined (one replication) or δ is not
/// positive.
///
/// An estimate of at least δ whose interval crosses ±δ is "possibly
/// relevant" even when the interval also includes zero: a relevant change
/// is then as compatible with the run as no change.
pub fn classify(estimate: f64, low: f64, high: f64, delta: f64) -> Option<Relevance> {
    let defined = low.is_finite() && high.is_finite() && estimate.is_finite();
    if !defined || delta.is_nan() || delta <= 0.0 {
        return None;
    }
    Some(if low >= delta || high <= -delta {
        Relevance::Relevant
    } else if estimate.abs() >= delta {
        Relevance::PossiblyRelevant
    } else if low > 0.0 || high < 0.0 {
        Relevance::ClearButSmall
    } else {
        Relevance::NotDistinguishable
    })
}

/// The difference in percent of the reference mean; `None` when the
/// reference mean is zero (or either is undefined).
pub fn relative_change(difference: f64, reference_mean: f64) -> Option<f64> {
    let r = 100.0 * difference / reference_mean;
    (reference_mean != 0.0 && r.is_finite()).then_some(r)
}

/// Relative change, threshold and class of one difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Difference in percent of the reference mean.
    pub relative_change: Option<f64>,
    /// The minimal relevant difference δ, in the metric's unit.
    pub threshold: Option<f64>,
    /// The class against δ.
    pub relevance: Option<Relevance>,
}

/// Assess the difference `diff` (scenario − reference) of metric `metric`
/// of unit `unit` under `thresholds`; `residents` is the reference's mean
/// `residents`.
pub fn assess(
    thresholds: &Thresholds,
    metric: &str,
    unit: &str,
    reference_mean: f64,
    scenario_mean: f64,
    residents: f64,
    diff: &Interval,
) -> Assessment {
    let rule = thresholds.rule(metric, unit);
    let threshold = threshold(rule, reference_mean, scenario_mean, residents);
    // Without a δ (both means zero: a programme's count in two scenarios
    // without it) a zero change whose interval includes zero is still
    // plainly not distinguishable.
    let unchanged = diff.mean == 0.0 && diff.low <= 0.0 && diff.high >= 0.0;
    let relevance = match threshold {
        Some(d) => classify(diff.mean, diff.low, diff.high, d),
        None => unchanged.then_some(Relevance::NotDistinguishable),
    };
    Assessment {
        relative_change: relative_change(diff.mean, reference_mean),
        threshold,
        relevance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_rules_replace_the_defaults_and_unknown_metrics_are_refused() {
        let mut settings = RelevanceSettings::default();
        settings
            .absolute
            .insert("carers_heavily_burdened_share".into(), 0.005);
        settings
            .relative
            .insert("gp_contacts_per_resident_year".into(), 0.02);
        let t = Thresholds::from_settings(&settings).unwrap();
        assert_eq!(
            t.rule("carers_heavily_burdened_share", "share"),
            Rule::Absolute(0.005)
        );
        assert_eq!(
            t.rule("gp_contacts_per_resident_year", "contacts/resident/year"),
            Rule::Relative(0.02)
        );
        assert_eq!(t.rule("gp_wait_days_mean", "days"), Rule::Absolute(0.5));
        // A difference of 0.8 points: small by default, relevant at 0.5 points.
        let d = Interval {
            mean: -0.008,
            low: -0.0085,
            high: -0.0075,
            n: 40,
        };
        let by_default = assess(
            &Thresholds::default(),
            "carers_heavily_burdened_share",
            "share",
            0.2,
            0.192,
            1.0,
            &d,
        );
        let by_user = assess(
            &t,
            "carers_heavily_burdened_share",
            "share",
            0.2,
            0.192,
            1.0,
            &d,
        );
        assert_eq!(by_default.relevance, Some(Relevance::ClearButSmall));
        assert_eq!(by_user.relevance, Some(Relevance::Relevant));
        assert_eq!(by_user.threshold, Some(0.005));
        settings
            .absolute
            .insert("carers_heavily_burdend_share".into(), 0.01);
        let err = Thresholds::from_settings(&settings).unwrap_err();
        assert!(
            err.contains("[relevance.absolute] `carers_heavily_burdend_share`: unknown metric"),
            "{err}"
        );
        assert!(err.contains("did you mean"), "{err}");
        // The command line.
        assert_eq!(
            parse_relevant("gp_contacts_per_resident_year=2%").unwrap(),
            (
                "gp_contacts_per_resident_year".to_string(),
                Rule::Relative(0.02)
            )
        );
        assert_eq!(
            parse_relevant(" cost_total_eur_year = 50000 ").unwrap().1,
            Rule::Absolute(50000.0)
        );
        assert!(parse_relevant("gp_contacts_per_resident_year").is_err());
        assert!(parse_relevant("gp_contacts_per_resident_year=-1").is_err());
        assert!(parse_relevant("gp_contacts_per_resident_year=150%").is_err());
        let mut both = RelevanceSettings::default();
        both.absolute.insert("gp_wait_days_mean".into(), 1.0);
        both.relative.insert("gp_wait_days_mean".into(), 0.1);
        assert!(Thresholds::from_settings(&both)
            .unwrap_err()
            .contains("in both"));
        assert!(parse_relevant("nope=1")
            .unwrap_err()
            .contains("unknown metric"));
    }

    #[test]
    fn unit_rules() {
        assert_eq!(
            rule("gp_contacts_per_resident_year", "contacts/resident/year"),
            Rule::Relative(0.01)
        );
        assert_eq!(
            rule("x", "contacts/1000 residents/year"),
            Rule::Relative(0.01)
        );
        assert_eq!(rule("x", "hours/week"), Rule::Relative(0.01));
        assert_eq!(rule("x", "persons"), Rule::Relative(0.01));
        assert_eq!(rule("x", "days"), Rule::Relative(0.01));
        assert_eq!(rule("x", "EUR/client/year"), Rule::Relative(0.01));
        assert_eq!(rule("x", "share"), Rule::Absolute(0.01));
        assert_eq!(rule("x", "EUR/year"), Rule::EurPer1000Residents(1000.0));
    }

    #[test]
    fn overrides_win_and_name_real_metrics() {
        assert_eq!(rule("gp_wait_days_mean", "days"), Rule::Absolute(0.5));
        assert_eq!(
            rule("nursing_home_share_75plus", "share"),
            Rule::Absolute(0.002)
        );
        for o in OVERRIDES {
            assert!(
                crate::model::metric_index(o.metric).is_some(),
                "{}",
                o.metric
            );
            assert!(
                !o.reason.is_empty() && !o.reason.contains('\n'),
                "{}",
                o.metric
            );
        }
    }

    #[test]
    fn thresholds() {
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
        // 1% of 4.2 contacts.
        assert!(close(
            threshold(Rule::Relative(0.01), 4.2, 4.0, 10_000.0),
            0.042
        ));
        // Negative reference: the size counts.
        assert!(close(
            threshold(Rule::Relative(0.01), -200.0, 0.0, 1.0),
            2.0
        ));
        // Zero reference: the scenario's own size.
        assert!(close(threshold(Rule::Relative(0.01), 0.0, 300.0, 1.0), 3.0));
        assert_eq!(threshold(Rule::Relative(0.01), 0.0, 0.0, 1.0), None);
        assert!(close(threshold(Rule::Absolute(0.01), 0.3, 0.3, 1.0), 0.01));
        // €1,000 per 1,000 residents: €12,500 for 12,500 residents.
        assert!(close(
            threshold(Rule::EurPer1000Residents(1000.0), 5e7, 5e7, 12_500.0),
            12_500.0
        ));
        assert_eq!(
            threshold(Rule::EurPer1000Residents(1000.0), 5e7, 5e7, f64::NAN),
            None
        );
    }

    #[test]
    fn four_classes() {
        use Relevance::*;
        let d = 1.0;
        // Whole interval beyond δ, either side; touching δ counts.
        assert_eq!(classify(2.0, 1.5, 2.5, d), Some(Relevant));
        assert_eq!(classify(-2.0, -2.5, -1.0, d), Some(Relevant));
        // Straddles δ: estimate beyond it, interval reaches inside.
        assert_eq!(classify(1.2, 0.8, 1.6, d), Some(PossiblyRelevant));
        assert_eq!(classify(-1.2, -1.6, -0.9, d), Some(PossiblyRelevant));
        // Wide: estimate beyond δ, interval includes zero.
        assert_eq!(classify(1.5, -0.5, 3.5, d), Some(PossiblyRelevant));
        // Straddles δ with the estimate below it: excludes zero, small.
        assert_eq!(classify(0.9, 0.7, 1.1, d), Some(ClearButSmall));
        // The example of issue 19: tiny but clear.
        assert_eq!(classify(-0.003, -0.004, -0.002, 0.042), Some(ClearButSmall));
        assert_eq!(classify(0.1, -0.2, 0.4, d), Some(NotDistinguishable));
        assert_eq!(classify(0.0, 0.0, 0.0, d), Some(NotDistinguishable));
        // Undefined interval or δ.
        assert_eq!(classify(0.5, f64::NAN, f64::NAN, d), None);
        assert_eq!(classify(0.5, 0.1, 0.9, 0.0), None);
        assert_eq!(classify(0.5, 0.1, 0.9, f64::NAN), None);
    }

    #[test]
    fn ids_are_lowercase_words() {
        for r in Relevance::ALL {
            assert!(r.id().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn relative_changes() {
        assert!((relative_change(-0.003, 4.0).unwrap() + 0.075).abs() < 1e-12);
        assert_eq!(relative_change(1.0, 0.0), None);
        assert_eq!(relative_change(f64::NAN, 1.0), None);
    }

    #[test]
    fn assess_costs_scale_with_residents() {
        let diff = Interval {
            mean: -20_000.0,
            low: -25_000.0,
            high: -15_000.0,
            n: 10,
        };
        let a = assess(
            &Thresholds::default(),
            "cost_total_eur_year",
            "EUR/year",
            4e7,
            4e7 - 2e4,
            10_000.0,
            &diff,
        );
        assert_eq!(a.threshold, Some(10_000.0));
        assert_eq!(a.relevance, Some(Relevance::Relevant));
        let b = assess(
            &Thresholds::default(),
            "cost_total_eur_year",
            "EUR/year",
            4e7,
            4e7 - 2e4,
            30_000.0,
            &diff,
        );
        assert_eq!(b.relevance, Some(Relevance::ClearButSmall));
        assert!((a.relative_change.unwrap() + 0.05).abs() < 1e-12);
    }

    #[test]
    fn no_change_without_a_threshold_is_not_distinguishable() {
        let zero = Interval {
            mean: 0.0,
            low: 0.0,
            high: 0.0,
            n: 3,
        };
        let a = assess(
            &Thresholds::default(),
            "x",
            "requests/year",
            0.0,
            0.0,
            300.0,
            &zero,
        );
        assert_eq!(a.threshold, None);
        assert_eq!(a.relative_change, None);
        assert_eq!(a.relevance, Some(Relevance::NotDistinguishable));
        let moved = Interval { mean: 5.0, ..zero };
        let b = assess(
            &Thresholds::default(),
            "x",
            "EUR/year",
            0.0,
            5.0,
            f64::NAN,
            &moved,
        );
        assert_eq!(b.relevance, None);
    }
}
