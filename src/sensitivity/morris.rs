//! Morris trajectories on a p-level grid, built as SALib's `morris.sample`
//! builds them without trajectory optimisation or groups.
//!
//! The grid is {0, 1/(p-1), …, 1} and the step Δ = p / (2 (p - 1)). Each
//! trajectory starts from a base point x* whose coordinates are drawn from
//! the lower half of the grid ({0, …, 1 - Δ}); each factor is given a
//! direction (up from x*_k, or down from x*_k + Δ) and the factors move one
//! at a time, in a random order, so a trajectory has D + 1 points and every
//! factor's elementary effect is measured once per trajectory.
//!
//! Each trajectory draws from its own stream keyed by (seed, trajectory),
//! so trajectory t is the same however many are asked for.

use super::bootstrap::below;
use super::error::SensitivityError;
use crate::engine::rng::{hash_key, Stream};
use rand::SeedableRng;

/// Separates Morris draws from other uses of the seed.
const MORRIS_TAG: u64 = 0x0A0B_1155;

/// One point of a trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisPoint {
    /// Trajectory, 0 to r - 1.
    pub trajectory: usize,
    /// Step within it, 0 (the start) to D.
    pub step: usize,
    /// The factor moved to reach this point (`None` at the start).
    pub moved: Option<usize>,
    /// Coordinates on the grid in [0, 1]^D.
    pub unit: Vec<f64>,
}

/// The step Δ = p / (2 (p - 1)) on a grid of `levels` levels, as SALib
/// computes it.
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `levels` must be even and at least 2, as SALib's grid needs.
pub fn check_levels(levels: usize) -> Result<(), SensitivityError> {
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(SensitivityError::Levels(levels));
    }
    Ok(())
}

/// `trajectories` Morris trajectories for `d` factors on a grid of
/// `levels` levels, seeded, in SALib's row order (trajectory by trajectory).
pub fn morris_design(
    trajectories: usize,
    d: usize,
    levels: usize,
    seed: u64,
) -> Result<Vec<MorrisPoint>, SensitivityError> {
    if d == 0 {
        return Err(SensitivityError::NoParameters);
    }
    if trajectories == 0 {
        return Err(SensitivityError::NoTrajectories);
    }
    check_levels(levels)?;
    let mut points = Vec::with_capacity(trajectories * (d + 1));
    for t in 0..trajectories {
        let mut rng = Stream::seed_from_u64(hash_key(&[MORRIS_TAG, seed, t as u64]));
        points.extend(trajectory(&mut rng, t, d, levels));
    }
    Ok(points)
}

/// The lower half of the grid, as `np.linspace(0, 1 - Δ, p / 2)`.
fn start_levels(levels: usize) -> Vec<f64> {
    let count = levels / 2;
    let bound = 1.0 - morris_delta(levels);
    if count == 1 {
        return vec![0.0];
    }
    let step = bound / (count - 1) as f64;
    let mut grid: Vec<f64> = (0..count).map(|k| k as f64 * step).collect();
    grid[count - 1] = bound;
    grid
}

/// One trajectory: start point, then one factor moved by ±Δ per step.
fn trajectory(rng: &mut Stream, t: usize, d: usize, levels: usize) -> Vec<MorrisPoint> {
    let delta = morris_delta(levels);
    let grid = start_levels(levels);
    let base: Vec<f64> = (0..d).map(|_| grid[below(rng, grid.len())]).collect();
    let up: Vec<bool> = (0..d).map(|_| below(rng, 2) == 1).collect();
    let mut order: Vec<usize> = (0..d).collect();
    for i in (1..d).rev() {
        order.swap(i, below(rng, i + 1)); // Fisher–Yates
    }
    // Up: from x* to x* + Δ; down: from x* + Δ to x*.
    let mut unit: Vec<f64> = (0..d)
        .map(|k| if up[k] { base[k] } else { base[k] + delta })
        .collect();
    let mut points = vec![MorrisPoint {
        trajectory: t,
        step: 0,
        moved: None,
        unit: unit.clone(),
    }];
    for (step, &k) in order.iter().enumerate() {
        unit[k] = if up[k] { base[k] + delta } else { base[k] };
        points.push(MorrisPoint {
            trajectory: t,
            step: step + 1,
            moved: Some(k),
            unit: unit.clone(),
        });
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D + 1 points per trajectory; each step moves exactly the named
    /// factor by exactly Δ, every factor once; all points on the grid.
    #[test]
    fn trajectories_move_one_factor_at_a_time() {
        let (d, levels) = (5, 4);
        let delta = morris_delta(levels);
        let points = morris_design(20, d, levels, 1).unwrap();
        assert_eq!(points.len(), 20 * (d + 1));
        for tr in points.chunks(d + 1) {
            let mut moved: Vec<usize> = tr[1..].iter().map(|p| p.moved.unwrap()).collect();
            for pair in tr.windows(2) {
                let k = pair[1].moved.unwrap();
                for i in 0..d {
                    let change = (pair[1].unit[i] - pair[0].unit[i]).abs();
                    let want = if i == k { delta } else { 0.0 };
                    assert!((change - want).abs() < 1e-15);
                }
            }
            moved.sort_unstable();
            assert_eq!(moved, (0..d).collect::<Vec<_>>());
            for p in tr {
                for &u in &p.unit {
                    let level = u * (levels - 1) as f64;
                    assert!((level - level.round()).abs() < 1e-12 && (0.0..=1.0).contains(&u));
                }
            }
        }
    }

    /// The grid's lower half and Δ as SALib has them for p = 4 and 6.
    #[test]
    fn grid_matches_salib() {
        assert_eq!(morris_delta(4), 2.0 / 3.0);
        assert_eq!(start_levels(4), vec![0.0, 1.0 - 2.0 / 3.0]);
        assert_eq!(start_levels(6).len(), 3);
        assert_eq!(start_levels(2), vec![0.0]);
    }

    /// Odd or too few levels, no factors, no trajectories: errors.
    #[test]
    fn bad_requests_are_errors() {
        assert_eq!(morris_design(4, 2, 5, 0), Err(SensitivityError::Levels(5)));
        assert_eq!(
            morris_design(4, 0, 4, 0),
            Err(SensitivityError::NoParameters)
        );
        assert_eq!(
            morris_design(0, 2, 4, 0),
            Err(SensitivityError::NoTrajectories)
        );
    }

    /// Trajectory t does not depend on how many are drawn, nor on anything
    /// but the seed.
    #[test]
    fn design_is_deterministic_and_prefix_stable() {
        let long = morris_design(10, 3, 4, 8).unwrap();
        assert_eq!(morris_design(4, 3, 4, 8).unwrap(), long[..16]);
        assert_ne!(morris_design(4, 3, 4, 9).unwrap(), long[..16]);
    }
}
