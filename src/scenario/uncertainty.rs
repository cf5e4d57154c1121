//! Uncertain parameters (probabilistic sensitivity analysis, PSA): a
//! numeric key given as a [`Distribution`] instead of one number.
//!
//! A health-economic model carries the uncertainty of its assumptions into
//! its intervals by drawing every uncertain input once per replication;
//! buurtsim does the same. This module owns what a distribution is: its
//! parameters, its central value (what the key holds in the resolved
//! scenario and what a run without drawing would use), its validity against
//! the key's valid range in [`super::rules`], and [`Distribution::draw`],
//! which maps one uniform number to a value by the inverse distribution
//! function. Mapping one uniform per key (rather than sampling with a
//! generator) keeps the draws of two scenarios comonotone: replication 7
//! of a programme and of its reference get the same percentile of a key,
//! which is what makes paired differences include parameter uncertainty
//! without drowning in it. Where the uniform comes from (a random stream
//! keyed by seed, replication and key path) belongs to the model, so this
//! module knows nothing of the engine; the `[uncertainty]` table of a
//! scenario is checked, centred and drawn in `uncertainty_check`.

use super::key::KeyPath;
pub use super::rules::DISTRIBUTIONS;
use super::rules::{rule_for, Bound, Check, Range};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};

/// The distribution of one uncertain key, written
/// `{ dist = "triangular", min = 0.6, mode = 0.7, max = 0.9 }`.
///
/// Normal and lognormal are truncated to the key's valid range; the others
/// must lie inside it. Each documents its central value: the value the key
/// takes in the resolved scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum Distribution {
    /// Every value from `min` to `max` equally likely. Central: the midpoint.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// Rising linearly from `min` to `mode`, falling to `max`: the usual
    /// choice for an expert's low / likely / high guess. Central: `mode`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Highest value.
        max: f64,
    },
    /// Normal with this mean and standard deviation, truncated to the key's
    /// valid range (redrawn within it, not piled at the bound). Central:
    /// `mean`.
    Normal {
        /// Mean (before truncation).
        mean: f64,
        /// Standard deviation (before truncation).
        sd: f64,
    },
    /// Lognormal given by the mean and standard deviation of the value
    /// itself (not of its logarithm), as a published mean and standard
    /// error are usually reported and as health economists fit it by the
    /// method of moments; truncated to the key's valid range. Central:
    /// `mean`.
    Lognormal {
        /// Mean of the value (before truncation), over 0.
        mean: f64,
        /// Standard deviation of the value (before truncation), over 0.
        sd: f64,
    },
    /// Beta(`alpha`, `beta`) scaled from 0..1 to `min`..`max` (default 0
    /// and 1: a share or probability). Central: its mean,
    /// `min + (max - min) * alpha / (alpha + beta)`.
    Beta {
        /// First shape parameter, over 0 (events, for a proportion).
        alpha: f64,
        /// Second shape parameter, over 0 (non-events).
        beta: f64,
        /// Value at 0 of the standard beta.
        #[serde(default)]
        min: f64,
        /// Value at 1 of the standard beta.
        #[serde(default = "one")]
        max: f64,
    },
}

fn one() -> f64 {
    1.0
}

/// Top-level tables whose inline tables are not distributions of the key
/// they sit on: a sweep's ranges, the distributions themselves, and the
/// planned `[sensitivity]` table.
pub const NOT_PARAMETERS: &[&str] = &["sweep", "uncertainty", "sensitivity", "relevance"];

/// Keys that take part in a rule across keys (`values::check_relations`):
/// a drawn value could break the rule whatever the other key holds, so
/// they take point values only. Kept in step with `check_relations` by
/// hand; `*` stands for a custom programme's name.
const ACROSS_KEYS: &[&str] = &[
    "interventions.hybrid_care.phone_follow_up_share",
    "interventions.hybrid_care.face_to_face_follow_up_share",
    "interventions.custom.*.target.min_age",
    "interventions.custom.*.target.max_age",
    "population.age_band_shares",
];

impl Distribution {
    /// The name as written after `dist =`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Uniform { .. } => "uniform",
            Self::Triangular { .. } => "triangular",
            Self::Normal { .. } => "normal",
            Self::Lognormal { .. } => "lognormal",
            Self::Beta { .. } => "beta",
        }
    }

    /// The value the key holds in the resolved scenario: the midpoint
    /// (uniform), the mode (triangular), the mean (normal, lognormal, beta;
    /// before truncation).
    pub fn central(&self) -> f64 {
        match *self {
            Self::Uniform { min, max } => 0.5 * (min + max),
            Self::Triangular { mode, .. } => mode,
            Self::Normal { mean, .. } | Self::Lognormal { mean, .. } => mean,
            Self::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
        }
    }

    /// The distribution in a few words for tables: `triangular 0.6–0.7–0.9`,
    /// `normal mean 0.7, sd 0.1`.
    pub fn describe(&self) -> String {
        match *self {
            Self::Uniform { min, max } => format!("uniform {min}–{max}"),
            Self::Triangular { min, mode, max } => format!("triangular {min}–{mode}–{max}"),
            Self::Normal { mean, sd } => format!("normal mean {mean}, sd {sd}"),
            Self::Lognormal { mean, sd } => format!("lognormal mean {mean}, sd {sd}"),
            Self::Beta {
                alpha,
                beta,
                min,
                max,
            } if min == 0.0 && max == 1.0 => format!("beta({alpha}, {beta})"),
            Self::Beta {
                alpha,
                beta,
                min,
                max,
            } => format!("beta({alpha}, {beta}) on {min}–{max}"),
        }
    }

    fn parameters(&self) -> Vec<f64> {
        match *self {
            Self::Uniform { min, max } => vec![min, max],
            Self::Triangular { min, mode, max } => vec![min, mode, max],
            Self::Normal { mean, sd } | Self::Lognormal { mean, sd } => vec![mean, sd],
            Self::Beta {
                alpha,
                beta,
                min,
                max,
            } => vec![alpha, beta, min, max],
        }
    }

    /// What is wrong with the parameters for a key whose valid range is
    /// `range` (`allowed` quotes it), or `None`.
    pub fn problem(&self, range: &Range, allowed: &str) -> Option<String> {
        if self.parameters().iter().any(|x| !x.is_finite()) {
            return Some("has a parameter that is not a finite number".to_string());
        }
        let inside = |what: &str, x: f64| {
            (!range.contains(x))
                .then(|| format!("{what} = {x} is outside the key's range: {allowed}"))
        };
        match *self {
            Self::Uniform { min, max } | Self::Beta { min, max, .. } if min >= max => {
                Some(format!("min = {min} must be below max = {max}"))
            }
            Self::Triangular { min, max, .. } if min >= max => {
                Some(format!("min = {min} must be below max = {max}"))
            }
            Self::Triangular { min, mode, max } if !(min..=max).contains(&mode) => Some(format!(
                "mode = {mode} must lie from min = {min} to max = {max}"
            )),
            Self::Beta { alpha, beta, .. } if alpha <= 0.0 || beta <= 0.0 => Some(format!(
                "alpha = {alpha} and beta = {beta} must both be over 0"
            )),
            Self::Normal { sd, .. } | Self::Lognormal { sd, .. } if sd <= 0.0 => Some(format!(
                "sd = {sd} must be over 0 (give the key a plain number for no uncertainty)"
            )),
            Self::Lognormal { mean, .. } if mean <= 0.0 => {
                Some(format!("mean = {mean} must be over 0 for a lognormal"))
            }
            Self::Uniform { min, max }
            | Self::Triangular { min, max, .. }
            | Self::Beta { min, max, .. } => inside("min", min).or_else(|| inside("max", max)),
            Self::Normal { mean, .. } | Self::Lognormal { mean, .. } => inside("mean", mean)
                .or_else(|| {
                    (self.truncated_mass(range) <= 0.0).then(|| {
                        format!("so little of it lies in the key's range ({allowed}) that no value can be drawn")
                    })
                }),
        }
    }

    /// The probability the untruncated normal or lognormal gives the key's
    /// range, and the bounds of that range on the standard-normal scale.
    fn truncation(&self, range: &Range) -> (f64, f64, f64) {
        let (lo, hi) = ends(range);
        let (za, zb) = match *self {
            Self::Normal { mean, sd } => ((lo - mean) / sd, (hi - mean) / sd),
            Self::Lognormal { mean, sd } => {
                let (mu, sigma) = log_scale(mean, sd);
                let log = |x: f64| if x <= 0.0 { f64::NEG_INFINITY } else { x.ln() };
                ((log(lo) - mu) / sigma, (log(hi) - mu) / sigma)
            }
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        };
        let (pa, pb) = (standard().cdf(za), standard().cdf(zb));
        (pb - pa, pa, pb)
    }

    fn truncated_mass(&self, range: &Range) -> f64 {
        self.truncation(range).0
    }

    /// The value at percentile `u` (a uniform number in [0, 1)) for a key
    /// whose valid range is `range`. `u` is kept a hair inside (0, 1) so
    /// that no distribution returns an infinite end; the result is clamped
    /// into the range (inclusive ends; just inside an exclusive one), which
    /// only ever moves a value by rounding for a valid distribution.
    pub fn draw(&self, u: f64, range: &Range) -> f64 {
        let u = u.clamp(f64::EPSILON, 1.0 - f64::EPSILON);
        let x = match *self {
            Self::Uniform { min, max } => min + u * (max - min),
            Self::Triangular { min, mode, max } => {
                let width = max - min;
                if u * width < mode - min {
                    min + (u * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - mode)).sqrt()
                }
            }
            Self::Normal { mean, sd } => {
                let (_, pa, pb) = self.truncation(range);
                mean + sd * standard().inverse_cdf(pa + u * (pb - pa))
            }
            Self::Lognormal { mean, sd } => {
                let (_, pa, pb) = self.truncation(range);
                let (mu, sigma) = log_scale(mean, sd);
                (mu + sigma * standard().inverse_cdf(pa + u * (pb - pa))).exp()
            }
            Self::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                let standard = Beta::new(alpha, beta).expect("checked: alpha, beta over 0");
                min + (max - min) * standard.inverse_cdf(u)
            }
        };
        clamp_into(x, range)
    }
}

/// The standard normal.
fn standard() -> Normal {
    Normal::standard()
}

/// `mu` and `sigma` of the logarithm for a lognormal with this mean and sd.
fn log_scale(mean: f64, sd: f64) -> (f64, f64) {
    let s2 = (1.0 + (sd / mean).powi(2)).ln();
    (mean.ln() - 0.5 * s2, s2.sqrt())
}

/// The range's ends as numbers (infinite where unbounded).
fn ends(range: &Range) -> (f64, f64) {
    let end = |b: Bound, none: f64| match b {
        Bound::Inclusive(x) | Bound::Exclusive(x) => x,
        Bound::Unbounded => none,
    };
    (
        end(range.min, f64::NEG_INFINITY),
        end(range.max, f64::INFINITY),
    )
}

fn clamp_into(x: f64, range: &Range) -> f64 {
    let x = match range.min {
        Bound::Inclusive(m) => x.max(m),
        Bound::Exclusive(m) if x <= m => m.next_up(),
        _ => x,
    };
    match range.max {
        Bound::Inclusive(m) => x.min(m),
        Bound::Exclusive(m) if x >= m => m.next_down(),
        _ => x,
    }
}

/// The valid range of a key that can be uncertain, or why it cannot be:
/// only real-valued model parameters can.
pub fn uncertain_range(path: &KeyPath) -> Result<Range, String> {
    let first = path.keys().next().unwrap_or_default();
    if NOT_PARAMETERS.contains(&first) {
        return Err(format!(
            "`{path}` is a setting of [{first}], not a model parameter; only numeric model \
             parameters can be uncertain"
        ));
    }
    let across = |pattern: &'static str| {
        super::rules::Rule {
            path: pattern,
            unit: "",
            check: Check::Flag,
            len: None,
        }
        .matches(path)
    };
    if let Some(rule) = ACROSS_KEYS.iter().copied().find(|p| across(p)) {
        return Err(format!(
            "`{path}` takes part in a rule across keys (`{rule}`), which a drawn value could \
             break; give it a plain number"
        ));
    }
    let Some(rule) = rule_for(path) else {
        return Err(format!("`{path}` names no key"));
    };
    match rule.check {
        Check::Number(range) => Ok(range),
        Check::Integer { .. } => Err(format!(
            "`{path}` is a whole number ({}); only real-valued (decimal) keys can be uncertain",
            rule.unit
        )),
        _ => Err(format!(
            "`{path}` is not a number ({}, {}); only real-valued (decimal) keys can be uncertain",
            rule.unit,
            rule.range_text()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::scenario::rules::{NON_NEGATIVE, SHARE};

    /// `n` draws at uniform numbers from a fixed-seed SplitMix64 sequence
    /// (the engine's streams are the model's business, not this module's).
    fn draws(dist: &Distribution, range: &Range, n: usize) -> Vec<f64> {
        let mut state: u64 = 20261207;
        (0..n)
            .map(|_| {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                let u = ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64;
                dist.draw(u, range)
            })
            .collect()
    }

    /// The sample mean and variance are within 5 standard errors of the
    /// distribution's (the variance's standard error from the fourth
    /// central moment of the sample).
    fn assert_moments(dist: &Distribution, range: &Range, mean: f64, variance: f64) {
        let n = 40_000;
        let x = draws(dist, range, n);
        let nf = n as f64;
        let m = x.iter().sum::<f64>() / nf;
        let v = x.iter().map(|a| (a - m).powi(2)).sum::<f64>() / (nf - 1.0);
        let m4 = x.iter().map(|a| (a - m).powi(4)).sum::<f64>() / nf;
        let se_mean = (variance / nf).sqrt();
        let se_var = ((m4 - v * v) / nf).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se_mean,
            "{dist:?}: mean {m}, expected {mean} (se {se_mean})"
        );
        assert!(
            (v - variance).abs() < 5.0 * se_var,
            "{dist:?}: variance {v}, expected {variance} (se {se_var})"
        );
        assert!(
            x.iter().all(|a| range.contains(*a)),
            "{dist:?} left its range"
        );
    }

    #[test]
    fn draws_have_each_distributions_mean_and_variance() {
        let uniform = Distribution::Uniform { min: 0.2, max: 0.6 };
        assert_moments(&uniform, &SHARE, 0.4, 0.16 / 12.0);
        let (a, c, b) = (0.6, 0.7, 0.9);
        let triangular = Distribution::Triangular {
            min: a,
            mode: c,
            max: b,
        };
        let variance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        assert_moments(&triangular, &NON_NEGATIVE, (a + b + c) / 3.0, variance);
        // Far from the bound the truncation changes nothing measurable.
        let normal = Distribution::Normal {
            mean: 10.0,
            sd: 1.5,
        };
        assert_moments(&normal, &NON_NEGATIVE, 10.0, 2.25);
        let lognormal = Distribution::Lognormal { mean: 2.0, sd: 0.5 };
        assert_moments(&lognormal, &NON_NEGATIVE, 2.0, 0.25);
        let beta = Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
            min: 0.0,
            max: 1.0,
        };
        assert_moments(&beta, &SHARE, 2.0 / 7.0, 10.0 / (49.0 * 8.0));
        let scaled = Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
            min: 1.0,
            max: 3.0,
        };
        assert_moments(&scaled, &NON_NEGATIVE, 1.0 + 4.0 / 7.0, 40.0 / (49.0 * 8.0));
    }

    #[test]
    fn a_truncated_normal_stays_in_range_with_the_truncated_mean() {
        // Mean 0.9, sd 0.2 on a share: a fifth of the untruncated normal
        // lies above 1 and is redrawn inside, not piled at 1.
        let (mu, sigma) = (0.9, 0.2);
        let normal = Distribution::Normal {
            mean: mu,
            sd: sigma,
        };
        let n = standard();
        let (alpha, beta) = ((0.0 - mu) / sigma, (1.0 - mu) / sigma);
        let z = n.cdf(beta) - n.cdf(alpha);
        let pdf = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mean = mu + sigma * (pdf(alpha) - pdf(beta)) / z;
        let variance = sigma
            * sigma
            * (1.0 + (alpha * pdf(alpha) - beta * pdf(beta)) / z
                - ((pdf(alpha) - pdf(beta)) / z).powi(2));
        assert_moments(&normal, &SHARE, mean, variance);
        let x = draws(&normal, &SHARE, 10_000);
        assert!(x.iter().filter(|v| **v == 1.0).count() < 5, "piled at 1");
        // The extremes of the uniform number stay inside too.
        for u in [0.0, 1e-300, 0.5, 1.0 - 1e-17, 1.0] {
            assert!(SHARE.contains(normal.draw(u, &SHARE)));
        }
        let positive = Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Unbounded,
        };
        let wide = Distribution::Normal { mean: 0.1, sd: 5.0 };
        assert!(wide.draw(0.0, &positive) > 0.0);
    }

    #[test]
    fn central_values() {
        assert_eq!(Distribution::Uniform { min: 0.2, max: 0.6 }.central(), 0.4);
        let triangular = Distribution::Triangular {
            min: 0.6,
            mode: 0.7,
            max: 0.9,
        };
        assert_eq!(triangular.central(), 0.7);
        assert_eq!(triangular.describe(), "triangular 0.6–0.7–0.9");
        let beta = Distribution::Beta {
            alpha: 1.0,
            beta: 3.0,
            min: 0.0,
            max: 1.0,
        };
        assert_eq!(beta.central(), 0.25);
        assert_eq!(beta.describe(), "beta(1, 3)");
    }

    #[test]
    fn invalid_parameters_are_named() {
        let allowed = "valid is 0 to 1 (share)";
        let problem = |d: Distribution| d.problem(&SHARE, allowed).unwrap_or_default();
        assert!(problem(Distribution::Uniform { min: 0.6, max: 0.2 })
            .contains("min = 0.6 must be below max = 0.2"));
        assert!(problem(Distribution::Triangular {
            min: 0.2,
            mode: 0.9,
            max: 0.6
        })
        .contains("mode = 0.9 must lie from min = 0.2 to max = 0.6"));
        assert!(problem(Distribution::Uniform { min: 0.2, max: 1.6 })
            .contains("max = 1.6 is outside the key's range: valid is 0 to 1 (share)"));
        assert!(
            problem(Distribution::Normal { mean: 0.5, sd: 0.0 }).contains("sd = 0 must be over 0")
        );
        assert!(problem(Distribution::Normal {
            mean: f64::NAN,
            sd: 1.0
        })
        .contains("not a finite number"));
        assert!(problem(Distribution::Lognormal { mean: 0.0, sd: 1.0 }).contains("over 0"));
        assert!(problem(Distribution::Beta {
            alpha: 0.0,
            beta: 1.0,
            min: 0.0,
            max: 1.0
        })
        .contains("must both be over 0"));
        assert_eq!(
            Distribution::Normal { mean: 0.5, sd: 0.1 }.problem(&SHARE, allowed),
            None
        );
    }

    #[test]
    fn only_real_valued_model_parameters_can_be_uncertain() {
        let path = |p: &str| {
            let keys: Vec<&str> = p.split('.').collect();
            KeyPath::of(&keys)
        };
        assert!(
            uncertain_range(&path("interventions.carer_support.burden_gain_multiplier")).is_ok()
        );
        assert!(uncertain_range(&path("run.years"))
            .unwrap_err()
            .contains("whole number"));
        assert!(uncertain_range(&path("interventions.carer_support.payer"))
            .unwrap_err()
            .contains("is not a number"));
        assert!(uncertain_range(&path("relevance.absolute.x"))
            .unwrap_err()
            .contains("not a model parameter"));
        assert!(
            uncertain_range(&path("interventions.custom.x.target.min_age"))
                .unwrap_err()
                .contains("rule across keys")
        );
    }

    #[test]
    fn the_names_match_the_serde_names() {
        for name in DISTRIBUTIONS {
            let text = format!("dist = \"{name}\"\nmin = 0.1\nmode = 0.2\nmax = 0.3\nmean = 0.2\nsd = 0.1\nalpha = 1.0\nbeta = 1.0\n");
            let err = toml::from_str::<Distribution>(&text).unwrap_err();
            assert!(err.message().contains("unknown field"), "{name}: {err}");
        }
        let every = [
            Distribution::Uniform { min: 0.0, max: 1.0 },
            Distribution::Triangular {
                min: 0.0,
                mode: 0.5,
                max: 1.0,
            },
            Distribution::Normal { mean: 0.0, sd: 1.0 },
            Distribution::Lognormal { mean: 1.0, sd: 1.0 },
            Distribution::Beta {
                alpha: 1.0,
                beta: 1.0,
                min: 0.0,
                max: 1.0,
            },
        ];
        let names: Vec<&str> = every.iter().map(Distribution::name).collect();
        assert_eq!(names, DISTRIBUTIONS);
        for d in &every {
            let text = toml::to_string(d).unwrap();
            assert!(text.contains(&format!("dist = \"{}\"", d.name())), "{text}");
        }
    }
}
