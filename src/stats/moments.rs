//! Running mean and variance (Welford), mergeable (Chan et al.).
//!
//! Welford's update is numerically stable where the textbook
//! `sum(x^2) - n*mean^2` loses all digits for large, nearly equal values
//! (costs in euros per year are about 1e7 with differences of 1e3).

/// Count, mean and sum of squared deviations of the values seen so far.
///
/// Folding the same values in the same order gives bit-identical results;
/// [`RunningMoments::merge`] lets shards be combined (in a fixed order).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunningMoments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl RunningMoments {
    /// No values yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moments of a slice, folded in order.
    pub fn from_slice(values: &[f64]) -> Self {
        let mut m = Self::new();
        for &v in values {
            m.push(v);
        }
        m
    }

    /// Add one value.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Combine with the moments of another, disjoint set of values.
    pub fn merge(&mut self, other: &RunningMoments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        let (na, nb, nn) = (self.n as f64, other.n as f64, n as f64);
        self.mean += delta * nb / nn;
        self.m2 += other.m2 + delta * delta * na * nb / nn;
        self.n = n;
    }

    /// Number of values.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// Sample variance with `n - 1` in the denominator (NaN below two values).
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            // Rounding can leave a tiny negative m2 for constant input.
            (self.m2 / (self.n - 1) as f64).max(0.0)
        }
    }

    /// Sample standard deviation (NaN below two values).
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Standard error of the mean, `sd / sqrt(n)` (NaN below two values).
    pub fn std_error(&self) -> f64 {
        self.sd() / (self.n as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        let m = RunningMoments::from_slice(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(m.n(), 8);
        assert!((m.mean() - 5.0).abs() < 1e-15);
        // Population variance is 4, sample variance 32/7.
        assert!((m.variance() - 32.0 / 7.0).abs() < 1e-14);
    }

    #[test]
    fn empty_and_single() {
        let m = RunningMoments::new();
        assert!(m.mean().is_nan() && m.variance().is_nan());
        let m = RunningMoments::from_slice(&[3.5]);
        assert_eq!(m.mean(), 3.5);
        assert!(m.variance().is_nan());
    }

    #[test]
    fn stable_for_large_offsets() {
        let base = 1.0e9;
        let m = RunningMoments::from_slice(&[base + 4.0, base + 7.0, base + 13.0, base + 16.0]);
        assert!((m.variance() - 30.0).abs() < 1e-6, "{}", m.variance());
    }

    #[test]
    fn merge_equals_sequential() {
        let xs: Vec<f64> = (0..50)
            .map(|i| ((i * 37) % 11) as f64 * 0.3 + i as f64)
            .collect();
        let all = RunningMoments::from_slice(&xs);
        let mut a = RunningMoments::from_slice(&xs[..17]);
        a.merge(&RunningMoments::from_slice(&xs[17..]));
        assert_eq!(a.n(), all.n());
        assert!((a.mean() - all.mean()).abs() < 1e-12);
        assert!((a.variance() - all.variance()).abs() < 1e-9);
        let mut e = RunningMoments::new();
        e.merge(&all);
        assert_eq!(e, all);
    }
}
