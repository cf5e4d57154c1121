//! Confidence intervals for a mean and for differences of means.
//!
//! Replication outputs are independent, roughly normal (means over years and
//! residents), and few (tens to hundreds), so the Student-t interval is the
//! right default. Paired differences are used when two scenarios share
//! replication indices (common random numbers); Welch's interval when they
//! do not.

use super::RunningMoments;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// A point estimate with a two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The estimated mean (or mean difference).
    pub mean: f64,
    /// Lower bound (NaN when undefined, e.g. fewer than two values).
    pub low: f64,
    /// Upper bound (NaN when undefined).
    pub high: f64,
    /// Number of values (pairs, for a paired difference; both groups together for Welch).
    pub n: u64,
}

impl Interval {
    /// Half width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.high - self.low) / 2.0
    }

    /// Whether the interval lies entirely above or below zero.
    pub fn excludes_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// Quantile `p` of Student's t distribution with `df` degrees of freedom
/// (NaN for `df <= 0` or non-finite `df`, or `p` outside (0, 1)).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let valid = p > 0.0 && p < 1.0 && df > 0.0 && df.is_finite();
    if !valid {
        return f64::NAN;
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// Quantile `p` of the standard normal distribution.
pub fn normal_quantile(p: f64) -> f64 {
    let valid = p > 0.0 && p < 1.0;
    if !valid {
        return f64::NAN;
    }
    Normal::standard().inverse_cdf(p)
}

/// Two-sided Student-t interval for the mean at `level` (e.g. 0.95).
pub fn t_interval(m: &RunningMoments, level: f64) -> Interval {
    let mean = m.mean();
    if m.n() < 2 {
        return Interval {
            mean,
            low: f64::NAN,
            high: f64::NAN,
            n: m.n(),
        };
    }
    let t = t_quantile(0.5 + level / 2.0, (m.n() - 1) as f64);
    let half = t * m.std_error();
    Interval {
        mean,
        low: mean - half,
        high: mean + half,
        n: m.n(),
    }
}

/// Paired interval for the mean of `b[i] - a[i]` (B minus A).
///
/// Panics if the slices differ in length: pairing unequal samples is a
/// programming error. Experiments fold differences on the fly instead
/// (`RunningMoments` of `b - a`, then [`t_interval`]); this is the
/// convenience form for values already in memory.
pub fn paired_interval(a: &[f64], b: &[f64], level: f64) -> Interval {
    assert_eq!(a.len(), b.len(), "paired samples must have the same length");
    let mut d = RunningMoments::new();
    for (x, y) in a.iter().zip(b) {
        d.push(y - x);
    }
    t_interval(&d, level)
}

/// Welch's interval for `mean(B) - mean(A)` of two independent samples with
/// possibly unequal variances (Welch–Satterthwaite degrees of freedom).
pub fn welch_interval(a: &RunningMoments, b: &RunningMoments, level: f64) -> Interval {
    let mean = b.mean() - a.mean();
    let n = a.n() + b.n();
    if a.n() < 2 || b.n() < 2 {
        return Interval {
            mean,
            low: f64::NAN,
            high: f64::NAN,
            n,
        };
    }
    let va = a.variance() / a.n() as f64;
    let vb = b.variance() / b.n() as f64;
    let se2 = va + vb;
    if se2 == 0.0 {
        return Interval {
            mean,
            low: mean,
            high: mean,
            n,
        };
    }
    let df = se2 * se2 / (va * va / (a.n() - 1) as f64 + vb * vb / (b.n() - 1) as f64);
    let half = t_quantile(0.5 + level / 2.0, df) * se2.sqrt();
    Interval {
        mean,
        low: mean - half,
        high: mean + half,
        n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn t_quantiles_match_tables() {
        assert!(close(t_quantile(0.975, 9.0), 2.262157, 1e-6));
        assert!(close(t_quantile(0.975, 1.0), 12.706205, 1e-5));
        assert!(close(t_quantile(0.975, 39.0), 2.022691, 1e-6));
        assert!(close(t_quantile(0.025, 9.0), -2.262157, 1e-6));
        assert!(close(t_quantile(0.95, 20.0), 1.724718, 1e-6));
        assert!(t_quantile(0.975, 0.0).is_nan());
        assert!(close(normal_quantile(0.975), 1.959964, 1e-6));
    }

    #[test]
    fn t_interval_known_sample() {
        // 1..=10: mean 5.5, sd sqrt(55/6), se = sd/sqrt(10).
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        let ci = t_interval(&RunningMoments::from_slice(&xs), 0.95);
        let half = 2.262157 * (55.0f64 / 6.0).sqrt() / 10f64.sqrt();
        assert_eq!(ci.n, 10);
        assert!(close(ci.mean, 5.5, 1e-12));
        assert!(close(ci.low, 5.5 - half, 1e-5), "{ci:?}");
        assert!(close(ci.high, 5.5 + half, 1e-5));
        assert!(close(ci.half_width(), half, 1e-5));
    }

    #[test]
    fn t_interval_undefined_for_one_value() {
        let ci = t_interval(&RunningMoments::from_slice(&[1.0]), 0.95);
        assert_eq!(ci.mean, 1.0);
        assert!(ci.low.is_nan() && ci.high.is_nan());
    }

    #[test]
    fn paired_is_narrower_with_common_noise() {
        // B = A + 1 + small noise: the paired CI is tight around 1.
        let a = [10.0, 14.0, 9.0, 20.0, 12.0, 17.0];
        let b = [11.1, 14.9, 10.0, 21.05, 13.0, 17.95];
        let p = paired_interval(&a, &b, 0.95);
        let w = welch_interval(
            &RunningMoments::from_slice(&a),
            &RunningMoments::from_slice(&b),
            0.95,
        );
        assert!(close(p.mean, 1.0, 1e-12));
        assert!(close(w.mean, 1.0, 1e-12));
        assert!(p.excludes_zero());
        assert!(!w.excludes_zero());
        assert!(p.half_width() < w.half_width() / 10.0);
        // Differences 1.1, 0.9, 1.0, 1.05, 1.0, 0.95: sd 0.0707107, t(5) = 2.570582.
        let half = 2.570582 * (0.025f64 / 5.0).sqrt() / 6f64.sqrt();
        assert!(close(p.half_width(), half, 1e-6), "{p:?}");
    }

    #[test]
    fn welch_known_values() {
        // Group A: 1..=5 (mean 3, var 2.5); group B: 2,4,6,8,10,12 (mean 7, var 14).
        let a = RunningMoments::from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let b = RunningMoments::from_slice(&[2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        let w = welch_interval(&a, &b, 0.95);
        let (va, vb) = (2.5 / 5.0, 14.0 / 6.0);
        let df = (va + vb) * (va + vb) / (va * va / 4.0 + vb * vb / 5.0);
        assert!(close(df, 6.972256, 1e-5), "{df}");
        let half = t_quantile(0.975, df) * (va + vb).sqrt();
        assert!(close(w.mean, 4.0, 1e-12));
        assert!(close(w.low, 4.0 - half, 1e-12));
        assert!(close(w.high, 4.0 + half, 1e-12));
        // Between the table values t(7) = 2.364624 and t(6) = 2.446912, near t(7).
        let t = t_quantile(0.975, df);
        assert!(
            t > 2.364624 && t < 2.364624 + 0.03 * (2.446912 - 2.364624) * 2.0,
            "{t}"
        );
    }

    #[test]
    fn welch_zero_variance() {
        let a = RunningMoments::from_slice(&[1.0, 1.0, 1.0]);
        let b = RunningMoments::from_slice(&[2.0, 2.0]);
        let w = welch_interval(&a, &b, 0.95);
        assert_eq!((w.low, w.mean, w.high), (1.0, 1.0, 1.0));
    }
}
