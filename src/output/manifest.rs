//! `manifest.toml`: what produced an output folder, enough to reproduce it.
//!
//! The manifest of a `run` output depends only on what determines the
//! results (scenario, seed, replications, buurtsim version), never on how
//! they were computed: it has no thread count, and a run that was resumed
//! after an interruption, or merged from shards, has the same manifest,
//! byte for byte, as one that ran in one go on one machine. How a folder
//! was produced (threads, resumed, merged) goes to `run-info.toml`, which
//! is not part of the reproducible output (see [`super::records`]).
//!
//! A shard folder's manifests say which shard they hold (`shard = "K/N"`);
//! `buurtsim merge` drops that line. A `--resume` and a `merge` compare
//! manifests field by field ([`Manifest::differences`]) and name the first
//! field that differs.

use super::format::input_hash;
use crate::files::{read_text_bounded, BoundedReadError, TOML_LIMIT};
use crate::model::{METRICS, SERIES};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The text of a manifest (a run's, a sweep's) read back from a folder:
/// refused unread if it is not a regular file or is over
/// [`TOML_LIMIT`], so a FIFO or a huge file in an output folder cannot
/// hang or exhaust `compare`, `report`, `merge` or `--resume`.
pub fn read_manifest_text(path: &Path) -> Result<String, BoundedReadError> {
    read_text_bounded(path, TOML_LIMIT, "a manifest")
}

/// The contents of `manifest.toml`.
///
/// `resolved_scenario` is the exact text that was hashed, so anyone can
/// check `input_hash` and re-run it (`toml::from_str::<Scenario>`).
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
    /// Replications of the experiment (indices `0..replications`).
    pub replications: u64,
    /// Only in a shard folder: which shard of the replications it holds,
    /// `K/N` (indices `r` with `r % N == K - 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// Worker threads used: recorded by `calibrate`; absent from a `run`
    /// output, whose files do not depend on it (see `run-info.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
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
    /// Build a manifest that records the thread count (`calibrate`).
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
            threads: Some(threads),
            ..Self::for_run(
                scenario_id,
                scenario_name,
                source,
                seed,
                replications,
                months,
                resolved_scenario,
            )
        }
    }

    /// The manifest of one scenario's folder of a `run` output: nothing in
    /// it depends on the thread count, an interruption or a shard split.
    pub fn for_run(
        scenario_id: &str,
        scenario_name: &str,
        source: &str,
        seed: u64,
        replications: u64,
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
            shard: None,
            threads: None,
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

    /// Read a manifest back from its TOML text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The fields in which `other` differs from `self`, most telling first
    /// (version, scenario, replications, seed, shard, input hash, ...), as
    /// (field name, this value, other value). Long values (the resolved
    /// scenario) are not repeated: the field name and the input hash say
    /// enough.
    pub fn differences(&self, other: &Manifest) -> Vec<(&'static str, String, String)> {
        fn opt<T: ToString>(x: &Option<T>) -> String {
            x.as_ref().map_or_else(|| "none".to_string(), T::to_string)
        }
        let pairs = [
            (
                "buurtsim_version",
                self.buurtsim_version.clone(),
                other.buurtsim_version.clone(),
            ),
            (
                "scenario_id",
                self.scenario_id.clone(),
                other.scenario_id.clone(),
            ),
            (
                "replications",
                self.replications.to_string(),
                other.replications.to_string(),
            ),
            ("seed", self.seed.to_string(), other.seed.to_string()),
            ("shard", opt(&self.shard), opt(&other.shard)),
            (
                "input_hash",
                self.input_hash.clone(),
                other.input_hash.clone(),
            ),
            ("source", self.source.clone(), other.source.clone()),
            (
                "scenario_name",
                self.scenario_name.clone(),
                other.scenario_name.clone(),
            ),
            (
                "metrics",
                self.metrics.to_string(),
                other.metrics.to_string(),
            ),
            ("series", self.series.to_string(), other.series.to_string()),
            ("months", self.months.to_string(), other.months.to_string()),
            ("threads", opt(&self.threads), opt(&other.threads)),
        ];
        let mut out: Vec<_> = pairs.into_iter().filter(|(_, a, b)| a != b).collect();
        if self.resolved_scenario != other.resolved_scenario {
            out.push((
                "resolved_scenario",
                "(text)".to_string(),
                "(other text)".to_string(),
            ));
        }
        out
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
        assert_eq!(back.threads, Some(2));
    }

    #[test]
    fn run_manifests_have_no_thread_count_and_name_differences() {
        let text = "name = \"x\"\n";
        let m = Manifest::for_run("x", "X", "x.toml", 7, 6, 24, text);
        let toml = m.to_toml();
        assert!(
            !toml.contains("threads") && !toml.contains("shard"),
            "{toml}"
        );
        assert_eq!(Manifest::from_toml(&toml).unwrap(), m);
        let shard = Manifest {
            shard: Some("2/3".into()),
            ..m.clone()
        };
        assert!(shard.to_toml().contains("shard = \"2/3\""));
        assert_eq!(Manifest::from_toml(&shard.to_toml()).unwrap(), shard);

        let other = Manifest::for_run("x", "X", "x.toml", 8, 6, 24, "name = \"y\"\n");
        let d = m.differences(&other);
        assert_eq!(d[0], ("seed", "7".to_string(), "8".to_string()));
        assert_eq!(d[1].0, "input_hash");
        assert_eq!(d.last().unwrap().0, "resolved_scenario");
        assert!(m.differences(&m.clone()).is_empty());
    }
}
