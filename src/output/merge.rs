//! `buurtsim merge SHARD... -o OUT`: join shard folders into exactly the
//! output one machine would have written.
//!
//! Each shard folder (written by `buurtsim run --shard K/N`) holds
//! `plan.toml`, and per scenario `manifest.toml` (marked `shard = "K/N"`)
//! and `records.csv` with the results of replications `r % N == K - 1`.
//! The merge first checks that the shards belong to one run: the same
//! buurtsim version, scenarios (in the same order), replications and
//! number of shards in every plan, and manifests equal in every field but
//! `shard` (seed, input hash, source, ...); a difference is refused naming
//! the field. Then it checks that shards 1 to N are each there exactly
//! once. It reads the records in replication order (replication `r` from
//! shard `r % N + 1`) and writes the output with the same function a
//! single run uses ([`super::records::write_outputs`]), with the shards'
//! manifests minus the `shard` line: the files are byte-identical to a
//! single-machine run's. `run-info.toml` names the shard folders.

use super::atomic::{Overwrite, StagedDir};
use super::checksum::RecordIdentity;
use super::dialect::{csv_name, CsvDialect};
use super::manifest::{read_manifest_text, Manifest};
use super::names::{folder_name_from_file, printable};
use super::ownership::OutputKind;
use super::records::{
    write_outputs, LedgerWriter, Plan, RecordReader, RunInfo, MANIFEST_FILE, RECORDS_FILE,
};
use super::run::finish_output;
use super::OutputError;
use crate::experiment::{ExperimentSummary, ScenarioRun, Shard};
use crate::scenario::Scenario;
use std::path::{Path, PathBuf};

/// What [`merge_shards`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    /// The scenarios, reference first (from the shards' manifests).
    pub runs: Vec<ScenarioRun>,
    /// The summary of all replications.
    pub summary: ExperimentSummary,
    /// Number of shards merged.
    pub shards: u64,
}

/// One shard folder, read.
struct ShardFolder {
    path: PathBuf,
    plan: Plan,
    shard: Shard,
    manifests: Vec<Manifest>,
}

fn refused(reason: String) -> OutputError {
    OutputError::Refused { reason }
}

fn read_shard(path: &Path) -> Result<ShardFolder, OutputError> {
    let plan = Plan::read(path).map_err(|e| {
        if path.join(super::records::PLAN_FILE).is_file() {
            return e; // a shard folder whose plan is damaged: the error says so
        }
        refused(format!(
            "{} is not a shard folder ({e}); shard folders are written by \
             `buurtsim run ... --shard K/N -o DIR`",
            path.display()
        ))
    })?;
    let shard = plan
        .shard()
        .map_err(|e| refused(format!("{}: {e}", path.display())))?
        .ok_or_else(|| {
            refused(format!(
                "{} holds a whole run, not a shard; merge only folders written with --shard K/N",
                path.display()
            ))
        })?;
    let mut manifests = Vec::new();
    for id in &plan.scenarios {
        folder_name_from_file(id, &path.join(super::records::PLAN_FILE), "scenarios")?;
        let file = path.join(id).join(MANIFEST_FILE);
        let text = read_manifest_text(&file).map_err(|e| OutputError::Unreadable {
            path: file.clone(),
            reason: e.to_string(),
        })?;
        let manifest = Manifest::from_toml(&text)
            .map_err(|e| super::toml_error::unreadable(&file, &text, &e, "run that shard again"))?;
        folder_name_from_file(&manifest.scenario_id, &file, "scenario_id")?;
        if &manifest.scenario_id != id {
            return Err(refused(format!(
                "cannot use {}: its `scenario_id` is \"{}\" but it is in the folder {}/ of \
                 the shard; the file was changed after buurtsim wrote it",
                file.display(),
                printable(&manifest.scenario_id),
                id
            )));
        }
        if manifest.shard.as_deref() != Some(&shard.to_string()) {
            return Err(refused(format!(
                "{} says shard {} but {} says {}",
                path.join(super::records::PLAN_FILE).display(),
                shard,
                file.display(),
                manifest.shard.as_deref().unwrap_or("none")
            )));
        }
        manifests.push(manifest);
    }
    Ok(ShardFolder {
        path: path.to_path_buf(),
        plan,
        shard,
        manifests,
    })
}

/// Merge the shard folders `shards` (any order) into `out`; see the module
/// documentation. Shards of different runs, and a missing or repeated
/// shard, are refused with [`OutputError::Refused`] naming the field or
/// the shard.
pub fn merge_shards(
    shards: &[PathBuf],
    out: &Path,
    overwrite: Overwrite,
    csv: CsvDialect,
    ledger: LedgerWriter,
) -> Result<MergeOutcome, OutputError> {
    // One process per output, and what a killed one left tidied first.
    let _lock = super::target::prepare(out)?;
    let folders = shards
        .iter()
        .map(|p| read_shard(p))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(first) = folders.first() else {
        return Err(refused("no shard folders to merge".to_string()));
    };

    // One run: same plan (but the shard number), same manifests.
    let differ =
        |field: &str, whose: &str, a: &ShardFolder, va: &str, b: &ShardFolder, vb: &str| {
            refused(format!(
            "cannot merge shards of different runs: `{field}` differs{whose}: shard {} ({}) has \
             {va}, shard {} ({}) has {vb}; merge the shards of one run (same scenario files, \
             seed, replications, number of shards and buurtsim version)",
            a.shard,
            a.path.display(),
            b.shard,
            b.path.display()
        ))
        };
    for other in &folders[1..] {
        let plan = Plan {
            shard: first.plan.shard.clone(),
            ..other.plan.clone()
        };
        if let Some((field, a, b)) = first.plan.differences(&plan).into_iter().next() {
            return Err(differ(field, "", first, &a, other, &b));
        }
        if other.shard.n() != first.shard.n() {
            return Err(differ(
                "shards",
                "",
                first,
                &first.shard.n().to_string(),
                other,
                &other.shard.n().to_string(),
            ));
        }
        for (ma, mb) in first.manifests.iter().zip(&other.manifests) {
            let diffs = ma.differences(mb);
            if let Some((field, a, b)) = diffs.into_iter().find(|d| d.0 != "shard") {
                let whose = format!(" for scenario {}", ma.scenario_id);
                return Err(differ(field, &whose, first, &a, other, &b));
            }
        }
    }

    // Every shard exactly once.
    let n = first.shard.n();
    let mut by_k: Vec<Option<&ShardFolder>> = vec![None; n as usize];
    for f in &folders {
        let slot = &mut by_k[(f.shard.k() - 1) as usize];
        if let Some(seen) = slot {
            return Err(refused(format!(
                "shard {} is given twice: {} and {}",
                f.shard,
                seen.path.display(),
                f.path.display()
            )));
        }
        *slot = Some(f);
    }
    let missing: Vec<String> = by_k
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_none())
        .map(|(k, _)| format!("{}/{n}", k + 1))
        .collect();
    if !missing.is_empty() {
        return Err(refused(format!(
            "cannot merge: shard{} {} {} missing; a merge needs all {n} shards of the run",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" },
        )));
    }
    let by_k: Vec<&ShardFolder> = by_k.into_iter().flatten().collect();

    // The scenarios and manifests of the whole run.
    let runs = first
        .manifests
        .iter()
        .map(|m| {
            let scenario: Scenario =
                toml::from_str(&m.resolved_scenario).map_err(|e| OutputError::Unreadable {
                    path: first.path.join(&m.scenario_id).join(MANIFEST_FILE),
                    reason: format!(
                        "its resolved scenario does not load: {} of resolved_scenario ({}; \
                         run that shard again)",
                        super::toml_error::describe(&m.resolved_scenario, &e),
                        super::toml_error::CHANGED
                    ),
                })?;
            Ok(ScenarioRun {
                id: m.scenario_id.clone(),
                scenario,
            })
        })
        .collect::<Result<Vec<_>, OutputError>>()?;
    let manifests: Vec<Manifest> = first
        .manifests
        .iter()
        .map(|m| Manifest {
            shard: None,
            ..m.clone()
        })
        .collect();

    let staged = StagedDir::create(out, overwrite, OutputKind::Run)?;
    // readers[s][k - 1]: scenario s of shard k.
    let mut readers = runs
        .iter()
        .enumerate()
        .map(|(s, run)| {
            by_k.iter()
                .map(|f| {
                    let path = f.path.join(&run.id).join(RECORDS_FILE);
                    RecordReader::open(&path, run.months(), RecordIdentity::of_run(&manifests[s]))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let replications = first.plan.replications;
    let summary = write_outputs(
        staged.path(),
        &runs,
        &manifests,
        replications,
        0,
        ledger,
        |s, r| readers[s][(r % n) as usize].expect(r),
    )?;
    readers
        .into_iter()
        .flatten()
        .try_for_each(RecordReader::finish)?;
    let info = RunInfo {
        buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
        command: "merge".to_string(),
        threads: None,
        resumed: false,
        merged_from: by_k.iter().map(|f| f.path.display().to_string()).collect(),
        stopping_rule: None,
        csv: csv_name(csv),
    };
    finish_output(staged, csv, &info, None)?;
    Ok(MergeOutcome {
        runs,
        summary,
        shards: n,
    })
}
