//! [`Violation`] and [`ValidationError`]: what a failed check of a scenario
//! says, in key paths.
//!
//! Owns only the shape and wording of a problem; which values are wrong is
//! decided by `values` and `sweep_check`, and where in a file a key was set
//! by the loader.

use super::key::KeyPath;
use std::fmt;

/// One value outside its valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The key at fault, e.g. `gp.fte` or `population.age_band_shares[3]`.
    pub key: KeyPath,
    /// Other keys of a rule that involves several (the loader points at the
    /// first one a file sets when `key` itself is a default).
    pub related: Vec<KeyPath>,
    /// What is wrong and what is allowed, in words, following the key.
    pub problem: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.key, self.problem)
    }
}

/// All range problems of a scenario (never empty).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// The problems, in key order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for violation in &self.violations {
            if !first {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
            first = false;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}
