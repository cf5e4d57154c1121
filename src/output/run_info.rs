//! `run-info.toml`: how an output or shard folder was produced (threads,
//! resumed, merged from, a stopping rule, the CSV style). The one file of
//! an output that is not reproducible; written last by every command that
//! finishes an output ([`super::partial`]).
//!
//! It knows the file's fields and text, not the commands that fill them.

use super::atomic::write_atomic;
use super::dialect::{csv_name, CsvDialect};
use super::layout;
use super::OutputError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// `run-info.toml`: how an output or shard folder was produced. Not part
/// of the reproducible output: every other file is identical whatever the
/// thread count, an interruption or a shard split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `CARGO_PKG_VERSION` of the buurtsim that finished it.
    pub buurtsim_version: String,
    /// `run` or `merge`.
    pub command: String,
    /// Worker threads of the (last) run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// Whether the run finished an interrupted one (`--resume`).
    #[serde(default)]
    pub resumed: bool,
    /// For `merge`: the shard folders, in shard order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// For a run with a stopping rule (`--precision`): the rule and why it
    /// stopped. The reproducible files are those of a plain run with the
    /// replications it stopped at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopping_rule: Option<StoppingInfo>,
    /// `excel-nl` when the CSV files were written for Dutch Excel
    /// (`--csv excel-nl`); absent for plain CSV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
}

/// The `[stopping_rule]` table of `run-info.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoppingInfo {
    /// Why the run stopped: `precision P reached: ...` or `max_replications reached: ...`.
    pub stopped: String,
    /// Target: 95% CI half-width below `precision` x |mean|.
    pub precision: f64,
    /// The cap on replications.
    pub max_replications: u64,
    /// Replications added per batch (the first batch too).
    pub batch: u64,
    /// The metrics whose intervals were checked.
    pub metrics: Vec<String>,
    /// Replications run (indices `0..replications`).
    pub replications: u64,
}

impl RunInfo {
    /// Write `dir/run-info.toml` atomically.
    pub fn write(&self, dir: &Path) -> Result<(), OutputError> {
        let body = toml::to_string(self).expect("run info always serialises");
        let text = format!(
            "# How this folder was produced. Not part of the reproducible output: every other\n\
             # file is byte-identical for the same scenarios, seed, replications and buurtsim\n\
             # version, whatever the thread count, an interruption (--resume) or a shard split.\n\
             {body}"
        );
        write_atomic(&dir.join(layout::RUN_INFO), text.as_bytes())
    }
}

impl RunInfo {
    /// The run info of `command` (`run` or `sweep`) on `threads` threads;
    /// a shard folder holds records only, so its CSV style is the merge's
    /// and is not recorded.
    pub fn ran(command: &str, threads: usize, resumed: bool, csv: CsvDialect, shard: bool) -> Self {
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            threads: Some(threads),
            resumed,
            merged_from: Vec::new(),
            stopping_rule: None,
            csv: csv_name(csv).filter(|_| !shard),
        }
    }

    /// The run info of `buurtsim merge` of `shards` (in shard order).
    pub fn merged(shards: &[&Path], csv: CsvDialect) -> Self {
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command: "merge".to_string(),
            threads: None,
            resumed: false,
            merged_from: shards.iter().map(|p| p.display().to_string()).collect(),
            stopping_rule: None,
            csv: csv_name(csv),
        }
    }
}
