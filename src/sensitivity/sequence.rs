//! The scrambled Sobol sequence the Saltelli design is drawn from.
//!
//! The sequence itself comes from `sobol_burley` (Owen scrambling by
//! hashing, Burley 2020): well kept, no dependencies, published direction
//! numbers (Joe and Kuo), and seedable, so one seed gives one design and
//! another seed an independent one, with the stratification of a Sobol net
//! kept for every power-of-two prefix. This file only turns buurtsim's
//! 64-bit seed into the crate's 32-bit one and its points into `f64`s.

use super::error::SensitivityError;
use crate::engine::rng::hash_key;

/// The most points per dimension `sobol_burley` supports (2^16).
pub const MAX_POINTS: usize = 1 << 16;

/// The most dimensions `sobol_burley` supports.
pub const MAX_DIMENSIONS: usize = sobol_burley::NUM_DIMENSIONS as usize;

/// Tells the sequence's seed apart from other uses of the same user seed.
const SEQUENCE_TAG: u64 = 0x5A17_E111_D351_6E00;

/// A seeded, Owen-scrambled Sobol sequence of `dimensions` dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrambledSobol {
    dimensions: usize,
    seed: u32,
}

impl ScrambledSobol {
    /// The sequence for `seed`; at most [`MAX_DIMENSIONS`] dimensions.
    pub fn new(dimensions: usize, seed: u64) -> Result<Self, SensitivityError> {
        if dimensions == 0 {
            return Err(SensitivityError::NoParameters);
        }
        if dimensions > MAX_DIMENSIONS {
            return Err(SensitivityError::TooManyParameters {
                got: dimensions,
                max: MAX_DIMENSIONS,
            });
        }
        // The crate takes 32 bits; hashing keeps nearby user seeds far apart.
        let seed = (hash_key(&[SEQUENCE_TAG, seed]) >> 32) as u32;
        Ok(Self { dimensions, seed })
    }

    /// Point `index` (below [`MAX_POINTS`]) in [0, 1)^dimensions.
    ///
    /// The crate's `f32` values are on a 2^-24 grid, so they convert to
    /// `f64` exactly and the design is the same on every platform.
    pub fn point(&self, index: usize) -> Vec<f64> {
        assert!(index < MAX_POINTS, "Sobol point {index} is past 2^16");
        (0..self.dimensions as u32)
            .map(|d| f64::from(sobol_burley::sample(index as u32, d, self.seed)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 2^m points of each dimension fall one in each of the 2^m
    /// equal intervals: the stratification scrambling must keep.
    #[test]
    fn power_of_two_prefixes_are_stratified() {
        let seq = ScrambledSobol::new(6, 42).unwrap();
        let n = 64;
        let points: Vec<Vec<f64>> = (0..n).map(|i| seq.point(i)).collect();
        for d in 0..6 {
            let mut cells: Vec<usize> = points.iter().map(|p| (p[d] * n as f64) as usize).collect();
            cells.sort_unstable();
            assert_eq!(cells, (0..n).collect::<Vec<_>>(), "dimension {d}");
        }
    }

    /// Same seed, same points; another seed, other points.
    #[test]
    fn seeds_are_deterministic_and_distinct() {
        let a = ScrambledSobol::new(3, 1).unwrap();
        let b = ScrambledSobol::new(3, 2).unwrap();
        assert_eq!(a.point(5), ScrambledSobol::new(3, 1).unwrap().point(5));
        assert_ne!(a.point(5), b.point(5));
    }

    /// Too many dimensions is an error, not a panic.
    #[test]
    fn too_many_dimensions_is_an_error() {
        assert!(matches!(
            ScrambledSobol::new(MAX_DIMENSIONS + 1, 0),
            Err(SensitivityError::TooManyParameters { .. })
        ));
    }
}
