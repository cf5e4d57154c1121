//! Run an experiment straight into an output folder.
//!
//! The order matters for safety: the target is checked before any work (so
//! a refused folder fails in a second, not after an hour), everything is
//! written into a staging folder while the replications run, and the
//! staging folder replaces the target only after every file is complete.

use super::atomic::{write_atomic, Overwrite, StagedDir};
use super::csvfiles::{write_comparison, write_summary, write_timeseries, ReplicationFiles};
use super::manifest::Manifest;
use super::OutputError;
use crate::experiment::{ExperimentSummary, Progress, Runner, ScenarioRun};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One scenario to run and write.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioInput {
    /// Identifier and resolved scenario (with command-line overrides applied).
    pub run: ScenarioRun,
    /// Where it came from, for the manifest: a path or `embedded:NAME`.
    pub source: String,
    /// The resolved scenario as TOML text: stored in the manifest and hashed.
    pub resolved_toml: String,
}

/// How to run and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Worker threads; 0 = one per available core.
    pub threads: usize,
    /// What to do with an existing, non-empty output folder.
    pub overwrite: Overwrite,
}

/// Run replications `0..replications` of every scenario and write
/// `dir/<id>/{manifest.toml, replications.csv, summary.csv, timeseries.csv}`,
/// plus `dir/comparison.csv` when there are several scenarios (the first is
/// the reference).
pub fn run_to_folder(
    dir: &Path,
    inputs: &[ScenarioInput],
    replications: u64,
    options: WriteOptions,
    progress: &dyn Progress,
) -> Result<ExperimentSummary, OutputError> {
    let mut seen = BTreeSet::new();
    for input in inputs {
        let id = &input.run.id;
        if id.is_empty() || id == "." || id == ".." || id.contains(['/', '\\']) {
            return Err(OutputError::BadPath {
                path: PathBuf::from(id),
            });
        }
        if !seen.insert(id.as_str()) {
            return Err(OutputError::DuplicateId { id: id.clone() });
        }
    }

    let staged = StagedDir::create(dir, options.overwrite)?;
    let folders: Vec<PathBuf> = inputs
        .iter()
        .map(|i| staged.path().join(&i.run.id))
        .collect();
    for f in &folders {
        std::fs::create_dir(f).map_err(|e| OutputError::io(f, e))?;
    }

    let runner =
        Runner::new(options.threads).map_err(|e| OutputError::ThreadPool(e.to_string()))?;
    let runs: Vec<ScenarioRun> = inputs.iter().map(|i| i.run.clone()).collect();
    let mut rows = ReplicationFiles::create(&folders)?;
    let summary = runner.run(&runs, replications, progress, &mut rows)?;
    rows.commit()?;

    for ((input, folder), s) in inputs.iter().zip(&folders).zip(&summary.scenarios) {
        let id = &input.run.id;
        write_summary(&folder.join("summary.csv"), id, s)?;
        write_timeseries(&folder.join("timeseries.csv"), id, s)?;
        let manifest = Manifest::new(
            id,
            &input.run.scenario.name,
            &input.source,
            input.run.scenario.run.seed,
            replications,
            summary.threads,
            s.months,
            &input.resolved_toml,
        );
        write_atomic(&folder.join("manifest.toml"), manifest.to_toml().as_bytes())?;
    }
    if runs.len() > 1 {
        write_comparison(&staged.path().join("comparison.csv"), &runs, &summary)?;
    }
    staged.commit()?;
    Ok(summary)
}
