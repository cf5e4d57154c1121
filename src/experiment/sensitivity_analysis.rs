//! From the outputs of a sensitivity analysis's design rows to its
//! indices and noise floor.
//!
//! Each row's output is the mean over its replications of the metric (of
//! programme − reference with a reference). The indices of the main pass
//! (common random numbers) are what `indices.csv` reports. The noise floor
//! comes from the floor pass, where every row has its own seeds:
//!
//! - the **dummy's index in the floor pass** (its 95% bootstrap interval):
//!   what a parameter the model never reads shows once seed noise is in the
//!   outputs;
//! - the **seed-to-seed spread**: the largest change of any parameter's
//!   index between the main and the floor pass.
//!
//! The floor of an index is the larger of |ci_low| and |ci_high| of the
//! dummy's index in the floor pass: the edge of what an inert parameter's
//! index reaches under seed noise. For S1 (and Morris μ) that is the
//! scatter of an estimate centred on 0; for ST (and μ*) it is also the
//! share that noise alone adds when a parameter's change desynchronises
//! the random streams. A parameter is "distinguishable from noise" when
//! |S1| or ST (μ or μ*) in the main pass is above its floor, and "not
//! distinguishable" otherwise. The seed-to-seed spread is reported beside
//! it (`floor.csv`) but not part of the floor: with seeds per row the floor
//! pass's indices of the real parameters are pulled towards the noise, so
//! the spread mixes that bias with the seeds' effect. More replications per
//! row shrink the noise in each row's mean (its variance falls as 1/R) and
//! so lower the floor; more base samples narrow the dummy's interval.

use super::sensitivity_design::SensitivityDesign;
use crate::scenario::SensitivityMethod;
use crate::sensitivity::{morris_indices, sobol_indices, Estimate, SensitivityError};

/// Which index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// Sobol first-order index.
    S1,
    /// Sobol total index.
    ST,
    /// Morris mean elementary effect.
    Mu,
    /// Morris mean absolute elementary effect.
    MuStar,
    /// Morris standard deviation of the elementary effects.
    Sigma,
}

impl IndexKind {
    /// The name in `indices.csv`.
    pub fn name(self) -> &'static str {
        match self {
            IndexKind::S1 => "S1",
            IndexKind::ST => "ST",
            IndexKind::Mu => "mu",
            IndexKind::MuStar => "mu_star",
            IndexKind::Sigma => "sigma",
        }
    }

    /// The kind named `name` in `indices.csv`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::of(SensitivityMethod::Sobol)
            .iter()
            .chain(Self::of(SensitivityMethod::Morris))
            .copied()
            .find(|k| k.name() == name)
    }

    /// The indices a method gives, in file order.
    pub fn of(method: SensitivityMethod) -> &'static [IndexKind] {
        match method {
            SensitivityMethod::Sobol => &[IndexKind::S1, IndexKind::ST],
            SensitivityMethod::Morris => &[IndexKind::Mu, IndexKind::MuStar, IndexKind::Sigma],
        }
    }

    /// Whether this index tells a parameter from noise. S1 and μ measure a
    /// systematic effect, which seed noise does not mimic: an inert
    /// parameter's scatters around 0 (the floor is the edge of that
    /// scatter). ST and μ* also grow when changing a parameter merely
    /// desynchronises the random streams, by about what the dummy shows in
    /// the floor pass. A parameter is above the floor when either of its
    /// two indices is; σ, a spread, tests nothing.
    pub fn tests_noise(self) -> bool {
        !matches!(self, IndexKind::Sigma)
    }

    /// The index a ranking sorts by: ST for Sobol (everything a parameter
    /// does, alone or with others), μ* for Morris.
    pub fn headline(method: SensitivityMethod) -> IndexKind {
        match method {
            SensitivityMethod::Sobol => IndexKind::ST,
            SensitivityMethod::Morris => IndexKind::MuStar,
        }
    }
}

/// Every index of one metric: `values[kind][parameter]`, kinds in the
/// order of [`IndexKind::of`], parameters in design order (dummy last).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricIndices {
    /// Position in the design's metrics.
    pub metric: usize,
    /// `values[kind][parameter]`.
    pub values: Vec<Vec<Estimate>>,
}

/// The noise floor of one metric and index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floor {
    /// The dummy's index in the floor pass.
    pub dummy: Estimate,
    /// The largest change of a parameter's index between the passes.
    pub seed_spread: f64,
    /// The floor: max(|dummy.ci_low|, |dummy.ci_high|).
    pub floor: f64,
}

/// The indices of every analysed metric for one pass's row outputs
/// (`outputs[metric][row]`).
pub fn indices(
    design: &SensitivityDesign,
    outputs: &[Vec<f64>],
) -> Result<Vec<MetricIndices>, SensitivityError> {
    let d = design.names.len();
    outputs
        .iter()
        .enumerate()
        .map(|(metric, y)| {
            let values = match design.method {
                SensitivityMethod::Sobol => {
                    let s = sobol_indices(y, d, &design.bootstrap)?;
                    vec![s.first, s.total]
                }
                SensitivityMethod::Morris => {
                    let m = morris_indices(&design.rows, y, design.levels, &design.bootstrap)?;
                    vec![m.mu, m.mu_star, m.sigma]
                }
            };
            Ok(MetricIndices { metric, values })
        })
        .collect()
}

/// The floor of each metric and index (`floor[metric][kind]`) from the
/// main and floor passes' indices.
pub fn floors(main: &[MetricIndices], floor_pass: &[MetricIndices]) -> Vec<Vec<Floor>> {
    main.iter()
        .zip(floor_pass)
        .map(|(m, f)| {
            m.values
                .iter()
                .zip(&f.values)
                .map(|(main_k, floor_k)| {
                    let dummy = *floor_k.last().expect("the design has a dummy");
                    let real = main_k.len() - 1;
                    let seed_spread = main_k[..real]
                        .iter()
                        .zip(&floor_k[..real])
                        .map(|(a, b)| (a.value - b.value).abs())
                        .fold(0.0, f64::max);
                    Floor {
                        dummy,
                        seed_spread,
                        floor: dummy.ci_low.abs().max(dummy.ci_high.abs()),
                    }
                })
                .collect()
        })
        .collect()
}

/// Whether an index is above its floor: distinguishable from noise.
pub fn above_floor(value: f64, floor: f64) -> bool {
    value.abs() > floor
}
