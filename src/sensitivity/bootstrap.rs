//! Bootstrap intervals: resample the independent units of a design (base
//! samples for Sobol, trajectories for Morris) with replacement, recompute
//! the index, and take the 2.5% and 97.5% percentiles.
//!
//! Percentile intervals rather than SALib's normal approximation
//! (`1.96 × sd`): indices are bounded and skewed near 0 and 1, where a
//! symmetric interval would cross the bounds. Resamples come from a
//! Xoshiro256++ stream keyed by the seed (the project's generator, see
//! `engine::rng`), and indices are drawn by a multiply-shift written here,
//! so a dependency upgrade cannot change published intervals.

use crate::engine::rng::{hash_key, Stream};
use rand::SeedableRng;
use rand_core::Rng as _;

/// How to bootstrap: the number of resamples and their seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Resamples; 0 gives intervals equal to the point estimate.
    pub resamples: usize,
    /// Seed of the resampling stream.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1000 resamples, seed 0.
    fn default() -> Self {
        Self {
            resamples: 1000,
            seed: 0,
        }
    }
}

/// The coverage of the intervals.
pub const LEVEL: f64 = 0.95;

/// A point estimate with its bootstrap percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    /// The estimate on all the data.
    pub value: f64,
    /// Lower end of the 95% interval.
    pub ci_low: f64,
    /// Upper end of the 95% interval.
    pub ci_high: f64,
}

impl Bootstrap {
    /// The resampling stream for this seed; `tag` keeps Sobol and Morris
    /// resamples apart.
    pub(crate) fn stream(&self, tag: u64) -> Stream {
        Stream::seed_from_u64(hash_key(&[tag, self.seed]))
    }

    /// Bootstraps `k` statistics at once: `statistic(indices)` computes
    /// all `k` on the units `indices` (drawn with replacement from `0..n`);
    /// `point` holds them on all the data. Shared draws keep the resamples
    /// of different parameters paired, as in SALib.
    pub(crate) fn estimates(
        &self,
        tag: u64,
        n: usize,
        point: &[f64],
        mut statistic: impl FnMut(&[usize]) -> Vec<f64>,
    ) -> Vec<Estimate> {
        let mut rng = self.stream(tag);
        let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(self.resamples); point.len()];
        let mut indices = vec![0; n];
        for _ in 0..self.resamples {
            for slot in indices.iter_mut() {
                *slot = below(&mut rng, n);
            }
            for (k, value) in statistic(&indices).into_iter().enumerate() {
                draws[k].push(value);
            }
        }
        point
            .iter()
            .zip(draws)
            .map(|(&value, mut draw)| {
                let (ci_low, ci_high) = percentile_interval(&mut draw, value);
                Estimate {
                    value,
                    ci_low,
                    ci_high,
                }
            })
            .collect()
    }
}

/// A uniform integer in `0..n` (multiply-shift; bias below 2^-40 for the
/// sizes a design has).
pub(crate) fn below(rng: &mut Stream, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// The 2.5% and 97.5% percentiles of `values` (linear interpolation
/// between order statistics, numpy's default), or `(point, point)` when
/// there are none. NaN resamples sort last.
pub(crate) fn percentile_interval(values: &mut [f64], point: f64) -> (f64, f64) {
    if values.is_empty() {
        return (point, point);
    }
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - LEVEL) / 2.0;
    (quantile(values, tail), quantile(values, 1.0 - tail))
}

/// Quantile `q` of sorted `values` by linear interpolation.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Quantiles interpolate as numpy's `np.quantile` does.
    #[test]
    fn percentiles_interpolate_linearly() {
        let mut v: Vec<f64> = (0..=100).rev().map(f64::from).collect();
        let (lo, hi) = percentile_interval(&mut v, 50.0);
        assert!(
            (lo - 2.5).abs() < 1e-12 && (hi - 97.5).abs() < 1e-12,
            "{lo} {hi}"
        );
        assert_eq!(percentile_interval(&mut [], 3.0), (3.0, 3.0));
    }

    /// `below` stays in range and reaches every value.
    #[test]
    fn below_covers_its_range() {
        let mut rng = Bootstrap::default().stream(1);
        let mut seen = [false; 7];
        for _ in 0..500 {
            seen[below(&mut rng, 7)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    /// The mean of 0..10 bootstrapped: the interval holds the mean, and
    /// the same seed gives the same interval.
    #[test]
    fn mean_interval_holds_the_mean_and_repeats() {
        let data: Vec<f64> = (0..10).map(f64::from).collect();
        let mean = |ix: &[usize]| vec![ix.iter().map(|&i| data[i]).sum::<f64>() / ix.len() as f64];
        let b = Bootstrap {
            resamples: 200,
            seed: 3,
        };
        let e = b.estimates(0, 10, &[4.5], mean);
        assert!(e[0].ci_low < 4.5 && 4.5 < e[0].ci_high, "{e:?}");
        assert_eq!(e, b.estimates(0, 10, &[4.5], mean));
    }
}
