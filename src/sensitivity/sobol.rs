//! Sobol first-order and total indices from the outputs of a Saltelli
//! design, in the design's row order (A, AB^1 … AB^D, B per base sample).
//!
//! First order: Saltelli et al. (2010), `mean(f_B (f_ABi - f_A)) / V`.
//! Total: Jansen (1999), `0.5 mean((f_A - f_ABi)^2) / V`. Everything is
//! done as SALib's `sobol.analyze` does it, so the point estimates agree to
//! rounding: the outputs are first centred and scaled by the mean and
//! (population) standard deviation of *all* rows — centring matters for the
//! first-order estimator, which is not shift-invariant — and V is the
//! population variance (ddof 0) of the concatenation of f_A and f_B. A
//! constant output gives indices of 0, as in SALib.

use super::bootstrap::{Bootstrap, Estimate};
use super::error::SensitivityError;
use super::saltelli::rows_per_base;

/// Separates Sobol resamples from other uses of the bootstrap seed.
const SOBOL_TAG: u64 = 0x50B0_1000;

/// Point estimates of the Sobol indices, one per parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolPoint {
    /// First-order indices S1.
    pub first: Vec<f64>,
    /// Total indices ST.
    pub total: Vec<f64>,
}

/// Sobol indices with bootstrap intervals, one per parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order indices S1.
    pub first: Vec<Estimate>,
    /// Total indices ST.
    pub total: Vec<Estimate>,
}

/// Normalised outputs split by block: `ab[i][j]` is f(AB_j^i).
struct Blocks {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
}

impl Blocks {
    /// Splits `outputs` of a design with `d` parameters, after normalising
    /// them as SALib does.
    fn split(outputs: &[f64], d: usize) -> Result<Self, SensitivityError> {
        let step = rows_per_base(d);
        if d == 0 {
            return Err(SensitivityError::NoParameters);
        }
        if outputs.is_empty() || !outputs.len().is_multiple_of(step) {
            return Err(SensitivityError::Shape {
                what: "outputs (a multiple of D + 2)",
                expected: step * (outputs.len() / step).max(1),
                got: outputs.len(),
            });
        }
        let (mean, var) = mean_var(outputs.iter().copied());
        let sd = var.sqrt();
        let y: Vec<f64> = outputs.iter().map(|v| (v - mean) / sd).collect();
        let column = |k: usize| y.iter().skip(k).step_by(step).copied().collect::<Vec<_>>();
        Ok(Self {
            a: column(0),
            b: column(step - 1),
            ab: (0..d).map(|i| column(i + 1)).collect(),
        })
    }

    /// S1 and ST of every parameter on base samples `rows` (with repeats).
    fn indices(&self, rows: impl Iterator<Item = usize> + Clone) -> (Vec<f64>, Vec<f64>) {
        let a: Vec<f64> = rows.clone().map(|j| self.a[j]).collect();
        let b: Vec<f64> = rows.clone().map(|j| self.b[j]).collect();
        let variance = pooled_variance(&a, &b);
        let mut first = Vec::with_capacity(self.ab.len());
        let mut total = Vec::with_capacity(self.ab.len());
        for column in &self.ab {
            let ab: Vec<f64> = rows.clone().map(|j| column[j]).collect();
            let n = a.len() as f64;
            let s1: f64 = (0..a.len()).map(|j| b[j] * (ab[j] - a[j])).sum::<f64>() / n;
            let st: f64 = (0..a.len()).map(|j| (a[j] - ab[j]).powi(2)).sum::<f64>() / n;
            first.push(ratio(s1, variance));
            total.push(ratio(0.5 * st, variance));
        }
        (first, total)
    }
}

/// Mean and population variance (two passes, as numpy).
fn mean_var(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / n;
    let var = values.map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var)
}

/// `np.var(np.r_[A, B])`, or `None` where SALib returns 0: the values span
/// no more than machine epsilon, or their variance is that small.
fn pooled_variance(a: &[f64], b: &[f64]) -> Option<f64> {
    let all = a.iter().chain(b).copied();
    let (lo, hi) = all
        .clone()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (_, var) = mean_var(all);
    (hi - lo > f64::EPSILON && var > f64::EPSILON).then_some(var)
}

fn ratio(numerator: f64, variance: Option<f64>) -> f64 {
    variance.map_or(0.0, |v| numerator / v)
}

/// Point estimates of S1 and ST from outputs in design order, `d` parameters.
pub fn sobol_point(outputs: &[f64], d: usize) -> Result<SobolPoint, SensitivityError> {
    let blocks = Blocks::split(outputs, d)?;
    let (first, total) = blocks.indices(0..blocks.a.len());
    Ok(SobolPoint { first, total })
}

/// S1 and ST with bootstrap percentile intervals, resampling base samples.
pub fn sobol_indices(
    outputs: &[f64],
    d: usize,
    bootstrap: &Bootstrap,
) -> Result<SobolIndices, SensitivityError> {
    let blocks = Blocks::split(outputs, d)?;
    let n = blocks.a.len();
    let (first, total) = blocks.indices(0..n);
    let point: Vec<f64> = first.iter().chain(&total).copied().collect();
    let mut both = bootstrap.estimates(SOBOL_TAG, n, &point, |rows| {
        let (s1, st) = blocks.indices(rows.iter().copied());
        s1.into_iter().chain(st).collect()
    });
    let total = both.split_off(d);
    Ok(SobolIndices { first: both, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made design of N = 2, D = 1: rows A, AB1, B per base sample,
    /// worked out on paper.
    #[test]
    fn tiny_outputs_match_hand_calculation() {
        // Base 0: A = 0, AB1 = 2, B = 2; base 1: A = 2, AB1 = 0, B = 0.
        let outputs = [0.0, 2.0, 2.0, 2.0, 0.0, 0.0];
        // Mean 1, sd 1: normalised A = (-1, 1), AB = (1, -1), B = (1, -1).
        // V = var(-1, 1, 1, -1) = 1.
        // S1 = mean(B (AB - A)) = mean(1 * 2, -1 * -2) = 2.
        // ST = 0.5 mean((A - AB)^2) = 0.5 * 4 = 2.
        let p = sobol_point(&outputs, 1).unwrap();
        assert_eq!(p.first, vec![2.0]);
        assert_eq!(p.total, vec![2.0]);
    }

    /// f = x_1 only: the second parameter's indices are exactly 0, and
    /// shifting or scaling the output changes nothing.
    #[test]
    fn indices_ignore_shift_and_scale() {
        // Rows A, AB1, AB2, B: AB1 takes B's x_1, AB2 keeps A's.
        let outputs = [
            0.1, 0.9, 0.1, 0.9, 0.7, 0.3, 0.7, 0.3, 0.4, 0.2, 0.4, 0.2, 0.8, 0.6, 0.8, 0.6,
        ];
        let p = sobol_point(&outputs, 2).unwrap();
        assert_eq!((p.first[1], p.total[1]), (0.0, 0.0));
        let moved: Vec<f64> = outputs.iter().map(|v| 3.0 * v + 100.0).collect();
        let q = sobol_point(&moved, 2).unwrap();
        for (x, y) in p
            .first
            .iter()
            .chain(&p.total)
            .zip(q.first.iter().chain(&q.total))
        {
            assert!((x - y).abs() < 1e-12);
        }
    }

    /// A constant output has indices of 0, as in SALib.
    #[test]
    fn constant_output_gives_zero() {
        let p = sobol_point(&[5.0; 8], 2).unwrap();
        assert_eq!(p.first, vec![0.0, 0.0]);
        assert_eq!(p.total, vec![0.0, 0.0]);
    }

    /// Outputs that are not a whole number of base samples are refused.
    #[test]
    fn wrong_length_is_an_error() {
        assert!(matches!(
            sobol_point(&[1.0; 7], 2),
            Err(SensitivityError::Shape { got: 7, .. })
        ));
    }
}
