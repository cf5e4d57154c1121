//! The Saltelli design for first-order and total Sobol indices.
//!
//! Two independent N × D matrices A and B come from one 2D-dimensional
//! scrambled Sobol sequence (A its first D columns, B the rest). For each
//! parameter i, AB^i is A with column i taken from B. Rows are ordered as
//! SALib orders them with `calc_second_order=False` — for each base sample
//! j: A_j, AB_j^1 … AB_j^D, B_j — so N × (D + 2) rows that SALib's
//! `sobol.analyze` reads as they are.

use super::error::SensitivityError;
use super::sequence::{ScrambledSobol, MAX_DIMENSIONS, MAX_POINTS};
use std::fmt;

/// Which matrix of the design a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// The base matrix A.
    A,
    /// A with the column of parameter `i` (0-based) taken from B.
    AB(usize),
    /// The second base matrix B.
    B,
}

impl fmt::Display for Block {
    /// `A`, `AB1` … `ABD` (1-based, as in the literature), `B`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Block::A => f.write_str("A"),
            Block::AB(i) => write!(f, "AB{}", i + 1),
            Block::B => f.write_str("B"),
        }
    }
}

/// One design point: its base sample, its block, its unit-cube coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct SaltelliRow {
    /// Base sample j, 0 to N - 1.
    pub base: usize,
    /// A, AB^i or B.
    pub block: Block,
    /// Coordinates in [0, 1)^D, one per parameter.
    pub unit: Vec<f64>,
}

/// The rows per base sample: A, D rows AB^i, B.
pub fn rows_per_base(d: usize) -> usize {
    d + 2
}

/// The Saltelli design of `n` base samples (a power of two) for `d`
/// parameters from the sequence seeded with `seed`, in SALib's row order.
pub fn saltelli_design(
    n: usize,
    d: usize,
    seed: u64,
) -> Result<Vec<SaltelliRow>, SensitivityError> {
    if d == 0 {
        return Err(SensitivityError::NoParameters);
    }
    if 2 * d > MAX_DIMENSIONS {
        return Err(SensitivityError::TooManyParameters {
            got: d,
            max: MAX_DIMENSIONS / 2,
        });
    }
    if n < 2 || !n.is_power_of_two() || n > MAX_POINTS {
        return Err(SensitivityError::SamplesNotPowerOfTwo {
            got: n,
            max: MAX_POINTS,
        });
    }
    let sequence = ScrambledSobol::new(2 * d, seed)?;
    let mut rows = Vec::with_capacity(n * rows_per_base(d));
    for base in 0..n {
        let point = sequence.point(base);
        let (a, b) = point.split_at(d);
        rows.push(SaltelliRow {
            base,
            block: Block::A,
            unit: a.to_vec(),
        });
        for i in 0..d {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            rows.push(SaltelliRow {
                base,
                block: Block::AB(i),
                unit: ab,
            });
        }
        rows.push(SaltelliRow {
            base,
            block: Block::B,
            unit: b.to_vec(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// N (D + 2) rows, A, AB1 … ABD, B per base sample; AB^i differs from
    /// A only in column i, where it equals B.
    #[test]
    fn rows_follow_salib_order() {
        let rows = saltelli_design(8, 3, 5).unwrap();
        assert_eq!(rows.len(), 8 * 5);
        let labels: Vec<String> = rows[..5].iter().map(|r| r.block.to_string()).collect();
        assert_eq!(labels, ["A", "AB1", "AB2", "AB3", "B"]);
        for chunk in rows.chunks(5) {
            let (a, b) = (&chunk[0].unit, &chunk[4].unit);
            for i in 0..3 {
                let ab = &chunk[1 + i].unit;
                for k in 0..3 {
                    assert_eq!(ab[k], if k == i { b[k] } else { a[k] });
                }
            }
            assert!(chunk.iter().all(|r| r.base == chunk[0].base));
        }
    }

    /// Not a power of two, or no parameters: an error.
    #[test]
    fn bad_sizes_are_errors() {
        assert!(matches!(
            saltelli_design(100, 2, 0),
            Err(SensitivityError::SamplesNotPowerOfTwo { got: 100, .. })
        ));
        assert_eq!(
            saltelli_design(8, 0, 0),
            Err(SensitivityError::NoParameters)
        );
    }

    /// The same seed gives the same design; another seed another one.
    #[test]
    fn design_is_deterministic() {
        assert_eq!(
            saltelli_design(16, 2, 9).unwrap(),
            saltelli_design(16, 2, 9).unwrap()
        );
        assert_ne!(
            saltelli_design(16, 2, 9).unwrap(),
            saltelli_design(16, 2, 10).unwrap()
        );
    }
}
