//! Parameter ranges: from the unit cube a design lives in to a
//! parameter's own units.
//!
//! Designs are built in [0, 1]^D so the same design code serves every
//! parameter; each column is then mapped to `{min, max}`. A logarithmic
//! range spreads points evenly in orders of magnitude, for rates and
//! multipliers that span a factor of ten or more.

use super::error::SensitivityError;

/// How a unit coordinate maps onto a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// Evenly spaced: `min + u (max - min)`.
    #[default]
    Linear,
    /// Evenly spaced in the logarithm: `min (max / min)^u`.
    Log,
}

/// One parameter's range: `min < max`, both finite (and above 0 for `Log`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParameterRange {
    /// Value at unit coordinate 0.
    pub min: f64,
    /// Value at unit coordinate 1.
    pub max: f64,
    /// Linear or logarithmic spacing.
    pub scale: Scale,
}

impl ParameterRange {
    /// A linear range; an empty, inverted or infinite one is an error.
    pub fn linear(min: f64, max: f64) -> Result<Self, SensitivityError> {
        Self::new(min, max, Scale::Linear)
    }

    /// A logarithmic range; it also needs `min > 0`.
    pub fn log(min: f64, max: f64) -> Result<Self, SensitivityError> {
        Self::new(min, max, Scale::Log)
    }

    /// A range with the given scale, checked.
    pub fn new(min: f64, max: f64, scale: Scale) -> Result<Self, SensitivityError> {
        if !(min.is_finite() && max.is_finite() && min < max) {
            return Err(SensitivityError::EmptyRange { min, max });
        }
        if scale == Scale::Log && min <= 0.0 {
            return Err(SensitivityError::LogRangeNotPositive { min, max });
        }
        Ok(Self { min, max, scale })
    }

    /// The value at unit coordinate `u`. Linear uses SALib's own formula
    /// (`u (max - min) + min`), so a design scaled here equals one scaled
    /// by SALib bit for bit.
    pub fn at(&self, u: f64) -> f64 {
        match self.scale {
            Scale::Linear => u * (self.max - self.min) + self.min,
            // exp(ln x) can land a hair outside the range: keep the ends valid.
            Scale::Log => (u * (self.max.ln() - self.min.ln()) + self.min.ln())
                .exp()
                .clamp(self.min, self.max),
        }
    }
}

/// A unit-cube row in parameter units, column `i` by `ranges[i]`.
pub fn scale_row(unit: &[f64], ranges: &[ParameterRange]) -> Result<Vec<f64>, SensitivityError> {
    if unit.len() != ranges.len() {
        return Err(SensitivityError::Shape {
            what: "values in a row",
            expected: ranges.len(),
            got: unit.len(),
        });
    }
    Ok(unit.iter().zip(ranges).map(|(&u, r)| r.at(u)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ends of the unit interval map to the ends of the range.
    #[test]
    fn ends_map_to_ends() {
        let r = ParameterRange::linear(0.1, 0.7).unwrap();
        assert_eq!(r.at(0.0), 0.1);
        assert!((r.at(1.0) - 0.7).abs() < 1e-15);
        let l = ParameterRange::log(0.01, 100.0).unwrap();
        assert!((l.at(0.5) - 1.0).abs() < 1e-12);
    }

    /// Empty, inverted, infinite and non-positive log ranges are refused.
    #[test]
    fn bad_ranges_are_errors() {
        assert!(ParameterRange::linear(1.0, 1.0).is_err());
        assert!(ParameterRange::linear(2.0, 1.0).is_err());
        assert!(ParameterRange::linear(0.0, f64::INFINITY).is_err());
        assert!(ParameterRange::linear(f64::NAN, 1.0).is_err());
        assert!(matches!(
            ParameterRange::log(0.0, 1.0),
            Err(SensitivityError::LogRangeNotPositive { .. })
        ));
    }

    /// A row of the wrong width is an error.
    #[test]
    fn scale_row_checks_width() {
        let r = [ParameterRange::linear(0.0, 2.0).unwrap()];
        assert_eq!(scale_row(&[0.25], &r).unwrap(), vec![0.5]);
        assert!(scale_row(&[0.25, 0.5], &r).is_err());
    }
}
