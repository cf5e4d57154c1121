//! Morris elementary effects and their summaries μ, μ* and σ, computed as
//! SALib's `morris.analyze` computes them (no groups, `scaled=False`).
//!
//! The design is read back in parameter units, as SALib reads `X`: between
//! consecutive points of a trajectory, a factor whose value went up or down
//! gives the effect `(f at its higher value - f at its lower value) / Δ`,
//! with Δ the unit-grid step. So a factor with range `max - min` and a
//! linear effect `c` per unit has elementary effects `c (max - min)`: μ*
//! is in the output's units per whole range. μ and μ* are means over
//! trajectories, σ the standard deviation with ddof = 1 (NaN for a single
//! trajectory, as numpy gives).

use super::bootstrap::{Bootstrap, Estimate};
use super::error::SensitivityError;
use super::morris::{check_levels, morris_delta};

/// Separates Morris resamples from other uses of the bootstrap seed.
const MORRIS_BOOTSTRAP_TAG: u64 = 0x0A0B_1156;

/// Morris summaries per factor, with bootstrap intervals (resampling
/// trajectories; the headline interval is μ*'s).
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect μ (signed: effects of opposite sign cancel).
    pub mu: Vec<Estimate>,
    /// Mean absolute elementary effect μ*: the screening measure.
    pub mu_star: Vec<Estimate>,
    /// Standard deviation σ of the effects: non-linearity or interaction.
    pub sigma: Vec<Estimate>,
}

/// Elementary effects `[factor][trajectory]` from the design `inputs`
/// (rows in parameter units, D + 1 per trajectory) and its `outputs`.
pub fn elementary_effects(
    inputs: &[Vec<f64>],
    outputs: &[f64],
    levels: usize,
) -> Result<Vec<Vec<f64>>, SensitivityError> {
    check_levels(levels)?;
    let d = inputs.first().map_or(0, Vec::len);
    if d == 0 {
        return Err(SensitivityError::NoParameters);
    }
    if inputs.len() != outputs.len() || !inputs.len().is_multiple_of(d + 1) {
        return Err(SensitivityError::Shape {
            what: "outputs, one per design row, D + 1 rows per trajectory",
            expected: inputs.len(),
            got: outputs.len(),
        });
    }
    if let Some(row) = inputs.iter().find(|row| row.len() != d) {
        return Err(SensitivityError::Shape {
            what: "values in a row",
            expected: d,
            got: row.len(),
        });
    }
    let delta = morris_delta(levels);
    let size = d + 1;
    let mut effects = vec![Vec::with_capacity(inputs.len() / size); d];
    for (x, y) in inputs.chunks(size).zip(outputs.chunks(size)) {
        let mut higher = vec![0.0; d];
        let mut lower = vec![0.0; d];
        for s in 0..d {
            for k in 0..d {
                let change = x[s + 1][k] - x[s][k];
                if change > 0.0 {
                    higher[k] += y[s + 1];
                    lower[k] += y[s];
                } else if change < 0.0 {
                    higher[k] += y[s];
                    lower[k] += y[s + 1];
                }
            }
        }
        for k in 0..d {
            effects[k].push((higher[k] - lower[k]) / delta);
        }
    }
    Ok(effects)
}

/// μ, μ*, σ of one factor's effects on trajectories `rows` (with repeats).
fn summaries(effects: &[f64], rows: &[usize]) -> [f64; 3] {
    let n = rows.len() as f64;
    let mu = rows.iter().map(|&t| effects[t]).sum::<f64>() / n;
    let mu_star = rows.iter().map(|&t| effects[t].abs()).sum::<f64>() / n;
    let sigma = if rows.len() < 2 {
        f64::NAN
    } else {
        (rows.iter().map(|&t| (effects[t] - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    [mu, mu_star, sigma]
}

/// μ, μ*, σ per factor with bootstrap percentile intervals.
pub fn morris_indices(
    inputs: &[Vec<f64>],
    outputs: &[f64],
    levels: usize,
    bootstrap: &Bootstrap,
) -> Result<MorrisIndices, SensitivityError> {
    let effects = elementary_effects(inputs, outputs, levels)?;
    let r = effects[0].len();
    let all: Vec<usize> = (0..r).collect();
    let point: Vec<f64> = effects.iter().flat_map(|e| summaries(e, &all)).collect();
    let estimates = bootstrap.estimates(MORRIS_BOOTSTRAP_TAG, r, &point, |rows| {
        effects.iter().flat_map(|e| summaries(e, rows)).collect()
    });
    let pick = |which: usize| estimates.iter().skip(which).step_by(3).copied().collect();
    Ok(MorrisIndices {
        mu: pick(0),
        mu_star: pick(1),
        sigma: pick(2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two hand-made trajectories of f = x_0 - 2 x_1 on the unit grid
    /// (p = 4, Δ = 2/3): effects 1 and -2 whichever way a factor moves.
    #[test]
    fn tiny_trajectories_match_hand_calculation() {
        let d = 2.0 / 3.0;
        let inputs = vec![
            vec![0.0, 0.0],
            vec![d, 0.0],
            vec![d, d], // up, up
            vec![1.0, 1.0],
            vec![1.0, 1.0 - d],
            vec![1.0 - d, 1.0 - d], // down, down
        ];
        let outputs: Vec<f64> = inputs.iter().map(|x| x[0] - 2.0 * x[1]).collect();
        let m = morris_indices(
            &inputs,
            &outputs,
            4,
            &Bootstrap {
                resamples: 50,
                seed: 1,
            },
        )
        .unwrap();
        for (k, want) in [(0, 1.0), (1, -2.0)] {
            assert!((m.mu[k].value - want).abs() < 1e-12);
            assert!((m.mu_star[k].value - want.abs()).abs() < 1e-12);
            assert!(m.sigma[k].value.abs() < 1e-12);
        }
    }

    /// σ uses ddof = 1: effects 1 and 3 give σ = √2.
    #[test]
    fn sigma_has_one_degree_of_freedom_less() {
        let s = summaries(&[1.0, 3.0], &[0, 1]);
        assert_eq!(s, [2.0, 2.0, 2f64.sqrt()]);
    }

    /// Outputs that do not match the rows are refused.
    #[test]
    fn mismatched_outputs_are_an_error() {
        let inputs = vec![vec![0.0], vec![1.0]];
        assert!(elementary_effects(&inputs, &[1.0], 4).is_err());
        assert!(elementary_effects(&inputs, &[1.0, 2.0], 3).is_err());
    }
}
