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
//!
//! A sweep's shard folders (written by `buurtsim sweep --shard K/N`) are
//! joined alike by [`merge_sweep_shards`]. Both check the set of shards the
//! same way and finish through [`super::partial::finish_merge`].

use super::atomic::{check_target, Overwrite};
use super::checksum::RecordIdentity;
use super::dialect::CsvDialect;
use super::layout;
use super::manifest::{read_manifest_text, Manifest};
use super::names::{folder_name_from_file, printable};
use super::ownership::OutputKind;
use super::partial::finish_merge;
use super::records::{write_outputs, LedgerWriter, Plan, RecordReader};
use super::run_info::RunInfo;
use super::sweep::{regions_hash, regions_of, write_sweep_outputs, SweepManifest, SweepSummary};
use super::sweep_records::SweepRecordReader;
use super::OutputError;
use crate::experiment::sweep::SweepPlan;
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
        if path.join(layout::PLAN).is_file() {
            return e; // a shard folder whose plan is damaged: the error says so
        }
        if !path.exists() {
            return refused(format!(
                "{} does not exist; give the folders written by `buurtsim run ... --shard K/N \
                 -o DIR` or `buurtsim sweep ... --shard K/N -o DIR`",
                path.display()
            ));
        }
        refused(format!(
            "{} is not a shard folder ({e}); shard folders are written by \
             `buurtsim run ... --shard K/N -o DIR` or `buurtsim sweep ... --shard K/N -o DIR`",
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
        folder_name_from_file(id, &path.join(layout::PLAN), "scenarios")?;
        let file = path.join(id).join(layout::MANIFEST);
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
                path.join(layout::PLAN).display(),
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

    check_one_run(first, &folders[1..])?;

    // Every shard exactly once.
    let n = first.shard.n();
    let by_k = in_shard_order(
        &folders,
        n,
        |f| (f.shard, &f.path),
        |missing| {
            format!(
                "cannot merge: shard{} {} {} missing; a merge needs all {n} shards of the run",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" },
            )
        },
    )?;

    // The scenarios and manifests of the whole run.
    let runs = scenario_runs(first)?;
    let manifests: Vec<Manifest> = first
        .manifests
        .iter()
        .map(|m| Manifest {
            shard: None,
            ..m.clone()
        })
        .collect();

    let shard_paths: Vec<&Path> = by_k.iter().map(|f| f.path.as_path()).collect();
    let info = RunInfo::merged(&shard_paths, csv);
    let replications = first.plan.replications;
    let summary = finish_merge(out, overwrite, OutputKind::Run, csv, &info, |staged| {
        // readers[s][k - 1]: scenario s of shard k.
        let mut readers = runs
            .iter()
            .enumerate()
            .map(|(s, run)| {
                by_k.iter()
                    .map(|f| {
                        let path = f.path.join(&run.id).join(layout::RECORDS);
                        let identity = RecordIdentity::of_run(&manifests[s]);
                        RecordReader::open(&path, run.months(), identity)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let summary = write_outputs(
            staged,
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
        Ok(summary)
    })?;
    Ok(MergeOutcome {
        runs,
        summary,
        shards: n,
    })
}

/// One run: the same plan as `first` (but the shard number) and the same
/// manifests (but `shard`) in every one of `others`; else refused naming
/// the field.
fn check_one_run(first: &ShardFolder, others: &[ShardFolder]) -> Result<(), OutputError> {
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
    for other in others {
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

    Ok(())
}

/// The scenarios of the run, loaded from `first`'s manifests.
fn scenario_runs(first: &ShardFolder) -> Result<Vec<ScenarioRun>, OutputError> {
    first
        .manifests
        .iter()
        .map(|m| {
            let scenario: Scenario =
                toml::from_str(&m.resolved_scenario).map_err(|e| OutputError::Unreadable {
                    path: first.path.join(&m.scenario_id).join(layout::MANIFEST),
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
        .collect::<Result<Vec<_>, OutputError>>()
}

/// A sweep's shard folder: its path, manifest and shard.
fn read_sweep_shard(path: &Path) -> Result<(&Path, SweepManifest, Shard), OutputError> {
    let manifest = SweepManifest::read(&path.join(layout::MANIFEST))?;
    let shard = manifest
        .shard
        .as_deref()
        .ok_or_else(|| {
            refused(format!(
                "{} is a finished sweep, not a shard folder; merge the folders written by \
                 `buurtsim sweep ... --shard K/N`",
                path.display()
            ))
        })?
        .parse::<Shard>()
        .map_err(|e| {
            refused(format!(
                "{}: the manifest's `shard`: {e}",
                path.join(layout::MANIFEST).display()
            ))
        })?;
    Ok((path, manifest, shard))
}

/// The merged sweep's plan and manifest: the plan rebuilt from the first
/// shard's resolved scenario (the design is deterministic in it, and in
/// the CBS files of a sweep over regions), checked to be the one the
/// shards ran.
///
/// The resolved scenario is read as the scenario that ran, not loaded as a
/// scenario file: its `[population.cbs]` paths are already those from the
/// working folder, where a file's would be taken from the file's folder.
fn sweep_plan(
    first_path: &Path,
    first: &SweepManifest,
) -> Result<(SweepPlan, SweepManifest), OutputError> {
    let scenario: Scenario =
        toml::from_str(&first.resolved_scenario).map_err(|e| OutputError::Unreadable {
            path: first_path.join(layout::MANIFEST),
            reason: format!(
                "its resolved scenario does not load: {} of resolved_scenario ({}; run that \
                 shard again)",
                super::toml_error::describe(&first.resolved_scenario, &e),
                super::toml_error::CHANGED
            ),
        })?;
    let plan = if scenario.sensitivity.is_some() {
        sensitivity_plan_of(first_path, first, scenario)
    } else {
        SweepPlan::new(&scenario)
    }
    .map_err(|e| {
        refused(format!(
            "{}: {e}",
            first_path.join(layout::MANIFEST).display()
        ))
    })?;
    let manifest = SweepManifest {
        shard: None,
        ..first.clone()
    };
    if plan.len() as u64 != manifest.points || u64::from(plan.replications) != manifest.replications
    {
        return Err(refused(format!(
            "{}: the resolved scenario gives {} points x {} replications, the manifest says {} \
             x {}; was it edited?",
            first_path.join(layout::MANIFEST).display(),
            plan.len(),
            plan.replications,
            manifest.points,
            manifest.replications
        )));
    }
    if regions_of(&plan) != manifest.regions || regions_hash(&plan) != manifest.regions_hash {
        return Err(refused(format!(
            "{}: the CBS files of its [population.cbs] now give other regions or figures than \
             the shards ran with; were they changed? Merge with the files the sweep read (from \
             the folder it ran in)",
            first_path.join(layout::MANIFEST).display()
        )));
    }
    Ok((plan, manifest))
}

/// The plan of a sensitivity analysis from its manifest: the reference as
/// it ran, the parameters in the order the resolved text writes them (TOML
/// tables keep their order); a design whose columns are not the manifest's
/// is refused, so no index is credited to another parameter.
fn sensitivity_plan_of(
    first_path: &Path,
    first: &SweepManifest,
    scenario: Scenario,
) -> Result<SweepPlan, crate::experiment::SweepError> {
    use crate::experiment::{ScenarioRun, SweepError};
    let reference = match (&first.reference_scenario, &first.reference_id) {
        (Some(text), Some(id)) => Some(ScenarioRun {
            id: id.clone(),
            scenario: toml::from_str(text).map_err(|e| {
                SweepError::Sensitivity(format!(
                    "{}: its reference_scenario does not load: {e}",
                    first_path.join(layout::MANIFEST).display()
                ))
            })?,
        }),
        _ => None,
    };
    let plan = super::sensitivity::sensitivity_plan(&scenario, &first.scenario_id, reference)?;
    let names = plan.design().map(|d| d.names.clone()).unwrap_or_default();
    if names != first.parameters {
        return Err(SweepError::Sensitivity(format!(
            "{}: the resolved scenario's parameters ({}) are not the manifest's ({}); was it \
             edited? Run the shards again",
            first_path.join(layout::MANIFEST).display(),
            names.join(", "),
            first.parameters.join(", ")
        )));
    }
    Ok(plan)
}

/// The shards in order `1/N` to `N/N`, each exactly once (`key` gives an
/// item's shard and folder): a shard given twice is refused naming both
/// folders, missing ones with the message `missing` makes of their list.
fn in_shard_order<T>(
    items: &[T],
    n: u64,
    key: impl Fn(&T) -> (Shard, &Path),
    missing: impl FnOnce(&[String]) -> String,
) -> Result<Vec<&T>, OutputError> {
    let mut by_k: Vec<Option<&T>> = vec![None; n as usize];
    for item in items {
        let (shard, path) = key(item);
        let slot = &mut by_k[(shard.k() - 1) as usize];
        if let Some(seen) = slot {
            return Err(refused(format!(
                "shard {shard} is given twice: {} and {}",
                key(seen).1.display(),
                path.display()
            )));
        }
        *slot = Some(item);
    }
    let absent: Vec<String> = (1..=n)
        .filter(|k| by_k[(k - 1) as usize].is_none())
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !absent.is_empty() {
        return Err(refused(missing(&absent)));
    }
    Ok(by_k.into_iter().flatten().collect())
}

/// What merging a sweep's shards produced.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepMergeOutcome {
    /// The merged sweep's manifest.
    pub manifest: SweepManifest,
    /// Its summary.
    pub summary: SweepSummary,
    /// Number of shard folders joined.
    pub shards: usize,
}

/// `buurtsim merge` for sweeps: join the shard folders of one sweep
/// (written by `buurtsim sweep --shard K/N`) into exactly the output of
/// the whole sweep on one machine. Refuses shards of different sweeps
/// (naming the manifest field that differs), a shard given twice and a
/// missing shard.
pub fn merge_sweep_shards(
    shards: &[PathBuf],
    out: &Path,
    overwrite: Overwrite,
    csv: CsvDialect,
) -> Result<SweepMergeOutcome, OutputError> {
    // One process per output, and what a killed one left tidied first.
    let _lock = super::target::prepare(out)?;
    let folders = shards
        .iter()
        .map(|p| read_sweep_shard(p))
        .collect::<Result<Vec<_>, _>>()?;
    let Some((first_path, first, first_shard)) = folders.first() else {
        return Err(refused("no shard folders to merge".to_string()));
    };
    for (path, manifest, shard) in &folders[1..] {
        let same_shard = SweepManifest {
            shard: first.shard.clone(),
            ..manifest.clone()
        };
        let field = first.difference(&same_shard).or_else(|| {
            (shard.n() != first_shard.n()).then(|| {
                (
                    "shards".to_string(),
                    first_shard.n().to_string(),
                    shard.n().to_string(),
                )
            })
        });
        if let Some((field, a, b)) = field {
            return Err(refused(format!(
                "cannot merge shards of different sweeps: `{field}` differs: shard {first_shard} \
                 ({}) has {a}, shard {shard} ({}) has {b}; merge the shards of one sweep (same \
                 scenario file, seed, replications, number of shards and buurtsim version)",
                first_path.display(),
                path.display()
            )));
        }
    }
    let n = first_shard.n();
    let by_k: Vec<&Path> = in_shard_order(
        &folders,
        n,
        |f| (f.2, f.0),
        |missing| {
            format!(
                "cannot merge: shard {} of the sweep is missing; merge all {n} shard folders",
                missing.join(", ")
            )
        },
    )?
    .into_iter()
    .map(|f| f.0)
    .collect();

    let (plan, manifest) = sweep_plan(first_path, first)?;

    check_target(out, overwrite)?;
    let mut readers = by_k
        .iter()
        .map(|p| SweepRecordReader::open(&p.join(layout::RECORDS), manifest.record_identity()))
        .collect::<Result<Vec<_>, _>>()?;
    let reps = u64::from(plan.replications);
    let info = RunInfo::merged(&by_k, csv);
    let summary = finish_merge(out, overwrite, OutputKind::Sweep, csv, &info, |staged| {
        let summary = write_sweep_outputs(staged, &plan, &manifest, 0, |p, r| {
            let job = p as u64 * reps + r;
            readers[(job % n) as usize].expect(p, r)
        })?;
        readers
            .into_iter()
            .try_for_each(SweepRecordReader::finish)?;
        Ok(summary)
    })?;
    Ok(SweepMergeOutcome {
        manifest,
        summary,
        shards: n as usize,
    })
}
