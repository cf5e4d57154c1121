//! `manifest.toml`: what produced an output folder, enough to reproduce it.

use super::format::input_hash;
use crate::model::{METRICS, SERIES};
use serde::{Deserialize, Serialize};

/// The contents of `manifest.toml`.
///
/// `resolved_scenario` is the exact text that was hashed, so anyone can
/// check `input_hash` and re-run it (`toml::from_str::<Scenario>`).
/// `threads` is recorded for the record only: the CSV files do not depend
/// on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `CARGO_PKG_VERSION` of the buurtsim that wrote the folder.
    pub buurtsim_version: String,
    /// Folder name and `scenario` column.
    pub scenario_id: String,
    /// The scenario's `name`.
    pub scenario_name: String,
    /// Where the scenario came from: a path, or `embedded:NAME`.
    pub source: String,
    /// Master seed.
    pub seed: u64,
    /// Replications run (indices `0..replications`).
    pub replications: u64,
    /// Worker threads used.
    pub threads: usize,
    /// `fnv1a64:` + 16 hex digits: FNV-1a 64 of `resolved_scenario`'s bytes.
    pub input_hash: String,
    /// Number of metrics (columns of `replications.csv` after `replication`).
    pub metrics: usize,
    /// Number of monthly series in `timeseries.csv`.
    pub series: usize,
    /// Months after warm-up in `timeseries.csv`.
    pub months: usize,
    /// The fully resolved scenario, as TOML text.
    pub resolved_scenario: String,
}

impl Manifest {
    /// Build the manifest of one scenario's folder.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        scenario_id: &str,
        scenario_name: &str,
        source: &str,
        seed: u64,
        replications: u64,
        threads: usize,
        months: usize,
        resolved_scenario: &str,
    ) -> Self {
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: scenario_id.to_string(),
            scenario_name: scenario_name.to_string(),
            source: source.to_string(),
            seed,
            replications,
            threads,
            input_hash: input_hash(resolved_scenario),
            metrics: METRICS.len(),
            series: SERIES.len(),
            months,
            resolved_scenario: resolved_scenario.to_string(),
        }
    }

    /// The TOML text of the manifest.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a manifest always serialises");
        format!(
            "# Written by buurtsim {}. Do not edit.\n{body}",
            self.buurtsim_version
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_hash_matches_text() {
        let text = "name = \"x\"\n\n[run]\nyears = 2\n";
        let m = Manifest::new("x", "X: \"quoted\"", "embedded:x.toml", 7, 6, 2, 24, text);
        let back: Manifest = toml::from_str(&m.to_toml()).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.input_hash, input_hash(&back.resolved_scenario));
        assert_eq!(back.metrics, METRICS.len());
    }
}
