//! The `[sensitivity]` table of a scenario: which parameters a global
//! sensitivity analysis varies, over which ranges, with which design.
//!
//! ```toml
//! [sensitivity]
//! method = "sobol"        # or "morris"
//! samples = 256           # Sobol: base samples N (a power of two); Morris: trajectories
//! replications = 4        # per design point, the same seeds at every point
//! [sensitivity.parameters]
//! "interventions.carer_support.coverage" = { min = 0.1, max = 0.7 }
//! ```
//!
//! Unlike `[sweep.parameters]`, the order of `[sensitivity.parameters]`
//! matters: it is the column order of `design.csv` and of the design's
//! dimensions, so a SALib or R user reads the files in the order written.
//! TOML tables have no order once parsed, so the loader puts the
//! parameters back in the order of the file text (see
//! [`Sensitivity::order_by`]). This module only describes data; the checks
//! are in `sensitivity_check`, the design in `experiment::sensitivity`.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Which global sensitivity method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SensitivityMethod {
    /// Sobol first-order and total indices from a Saltelli design.
    #[default]
    Sobol,
    /// Morris screening (μ, μ*, σ) from trajectories on a grid.
    Morris,
}

impl SensitivityMethod {
    /// `sobol` or `morris`, as written in a scenario.
    pub fn name(self) -> &'static str {
        match self {
            SensitivityMethod::Sobol => "sobol",
            SensitivityMethod::Morris => "morris",
        }
    }
}

/// `[sensitivity]`: a global sensitivity analysis run by `buurtsim
/// sensitivity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Sensitivity {
    /// `sobol` (default) or `morris`.
    pub method: SensitivityMethod,
    /// Sobol: base samples N, a power of two (N × (D + 2) design points);
    /// Morris: trajectories r (r × (D + 1) points). Required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u32>,
    /// Morris grid levels p, even (default 4); not for Sobol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<u32>,
    /// Replications per design point (default 4), the same indices and
    /// seed at every point (common random numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// Metrics to analyse (columns of `replications.csv`); default the key
    /// metrics of the comparison table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<String>,
    /// A reference scenario file (relative to this file): each design
    /// point also runs it with the same seeds and parameters (except the
    /// programme), and the indices are computed on programme − reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Seed of the design's scrambled sequence or trajectories (default
    /// `run.seed`); the simulations always use `run.seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Bootstrap resamples for the intervals (default 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<u32>,
    /// The varied parameters, in the order written.
    pub parameters: SensitivityParameters,
}

/// Default replications per design point.
pub const DEFAULT_SENSITIVITY_REPLICATIONS: u32 = 4;
/// Default Morris levels.
pub const DEFAULT_MORRIS_LEVELS: u32 = 4;
/// Default bootstrap resamples.
pub const DEFAULT_BOOTSTRAP: u32 = 1000;

impl Sensitivity {
    /// Replications per design point.
    pub fn replications(&self) -> u32 {
        self.replications
            .unwrap_or(DEFAULT_SENSITIVITY_REPLICATIONS)
    }

    /// Morris levels.
    pub fn levels(&self) -> u32 {
        self.levels.unwrap_or(DEFAULT_MORRIS_LEVELS)
    }

    /// Bootstrap resamples.
    pub fn bootstrap(&self) -> u32 {
        self.bootstrap.unwrap_or(DEFAULT_BOOTSTRAP)
    }

    /// Puts the parameters in the order `position` gives (their place in
    /// the file text; `None` last, in their current order).
    pub fn order_by(&mut self, position: impl Fn(&str) -> Option<(usize, usize)>) {
        self.parameters
            .0
            .sort_by_key(|p| position(&p.path).unwrap_or((usize::MAX, usize::MAX)));
    }
}

/// One varied parameter: `"path" = { min = .., max = .., log = false }`.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRange {
    /// The dotted path, as written (quoted) in the file.
    pub path: String,
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
    /// Uniform in log space (needs `min > 0`).
    pub log: bool,
}

/// A [`RangeValue`] that refuses anything but a table.
struct TableOnly(RangeValue);

impl<'de> Deserialize<'de> for TableOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TableVisitor;
        impl<'de> Visitor<'de> for TableVisitor {
            type Value = TableOnly;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a range written `{ min = 0.1, max = 0.7 }`")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TableOnly, A::Error> {
                RangeValue::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(TableOnly)
            }
        }
        deserializer.deserialize_map(TableVisitor)
    }
}

/// `[sensitivity.parameters]` in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SensitivityParameters(pub Vec<SensitivityRange>);

/// One parameter's range as written: `{ min = .., max = .., log = .. }`,
/// read only from a table ([`read_range`]): a list such as `[5.0, 6.0]`,
/// a sweep's values, must not pass for a range.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeValue {
    min: f64,
    max: f64,
    #[serde(default)]
    log: bool,
}

impl Serialize for SensitivityParameters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for p in &self.0 {
            map.serialize_entry(
                &p.path,
                &RangeValue {
                    min: p.min,
                    max: p.max,
                    log: p.log,
                },
            )?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for SensitivityParameters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParametersVisitor;
        impl<'de> Visitor<'de> for ParametersVisitor {
            type Value = SensitivityParameters;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of \"dotted.path\" = { min = .., max = .. }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(path) = map.next_key::<String>()? {
                    let RangeValue { min, max, log } = map.next_value::<TableOnly>()?.0;
                    out.push(SensitivityRange {
                        path,
                        min,
                        max,
                        log,
                    });
                }
                Ok(SensitivityParameters(out))
            }
        }
        deserializer.deserialize_map(ParametersVisitor)
    }
}
