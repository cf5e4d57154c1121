//! A sweep's `manifest.toml` ([`SweepManifest`]), what it is made from
//! ([`SweepInput`]) and what a finished sweep reports back
//! ([`SweepSummary`]): shared by the writers of a sweep's files
//! (`super::sweep`) and of a sensitivity analysis's (`super::sensitivity`),
//! which is a sweep with a design.

use super::checksum::RecordIdentity;
use super::format::input_hash;
use super::manifest::read_manifest_text;
use super::sweep_records::sweep_identity;
use super::OutputError;
use crate::experiment::sweep::SweepPlan;
use crate::experiment::Shard;
use crate::model::METRICS;
use crate::scenario::SweepMethod;
use crate::stats::RunningMoments;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A planned sweep with what the manifest records about where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepInput {
    /// Identifier (the file stem).
    pub id: String,
    /// Where the scenario came from: a path.
    pub source: String,
    /// The resolved scenario (with its `[sweep]` table and any command-line
    /// overrides) as TOML: stored in the manifest and hashed.
    pub resolved_toml: String,
    /// The design and the base scenario.
    pub plan: SweepPlan,
}

/// What a finished sweep reports back.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSummary {
    /// Per point, one [`RunningMoments`] per metric of [`METRICS`].
    pub points: Vec<Vec<RunningMoments>>,
    /// Replications per point.
    pub replications: u64,
    /// Threads in the pool that ran them.
    pub threads: usize,
}

/// The contents of a sweep's `manifest.toml`.
///
/// `resolved_scenario` is the exact text that was hashed, `[sweep]` table
/// included, so the sweep can be re-run from the manifest alone. How the
/// sweep was run (threads, resumed, merged) is in `run-info.toml`, so the
/// manifest, like the CSV files, is the same however it was run. A shard
/// folder's manifest also says which shard it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    /// `CARGO_PKG_VERSION` of the buurtsim that wrote the folder.
    pub buurtsim_version: String,
    /// `sweep`, or `sensitivity` for a sensitivity analysis, to tell this
    /// folder from a `run` folder.
    pub kind: String,
    /// Identifier (the file stem).
    pub scenario_id: String,
    /// The scenario's `name`.
    pub scenario_name: String,
    /// Where the scenario came from.
    pub source: String,
    /// `grid` or `lhs`; `sobol` or `morris` for a sensitivity analysis.
    pub method: String,
    /// Master seed of every simulation, equal at every point.
    pub seed: u64,
    /// Seed of the Latin-hypercube sample (absent for a grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_seed: Option<u64>,
    /// Number of points (`point` 0 to points - 1).
    pub points: u64,
    /// Replications per point (indices `0..replications` at every point).
    pub replications: u64,
    /// `K/N` in a shard folder; absent in a finished sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// `fnv1a64:` + 16 hex digits: FNV-1a 64 of `resolved_scenario`'s bytes.
    pub input_hash: String,
    /// Number of metrics (the last columns of `replications.csv`).
    pub metrics: usize,
    /// The swept parameter paths: the columns after `point`.
    pub parameters: Vec<String>,
    /// A sweep over `population.cbs.region`: the regions' codes in the
    /// order of the region axis (absent otherwise). With `"all-wijken"`
    /// the file chooses them, so the resolved scenario alone would not
    /// show that a new download changed the sweep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// `fnv1a64:` + 16 hex digits over every region's code, residents and
    /// age shares (absent without regions): figures changed in the CBS
    /// files make another sweep, which `--resume` and `merge` refuse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_hash: Option<String>,
    /// A sensitivity analysis with a `reference`: its id (the `scenario`
    /// column of its rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    /// The fully resolved scenario, `[sweep]` included, as TOML text.
    pub resolved_scenario: String,
    /// A sensitivity analysis with a `reference`: the reference scenario
    /// as it ran, as TOML text (so `merge` needs no file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_scenario: Option<String>,
}

impl SweepManifest {
    /// The manifest of a sweep, or of shard `shard` of it.
    pub fn new(input: &SweepInput, shard: Option<Shard>) -> Self {
        let plan = &input.plan;
        Self {
            buurtsim_version: env!("CARGO_PKG_VERSION").to_string(),
            kind: if plan.design().is_some() {
                "sensitivity"
            } else {
                "sweep"
            }
            .to_string(),
            scenario_id: input.id.clone(),
            scenario_name: plan.base().name.clone(),
            source: input.source.clone(),
            method: match (plan.design(), plan.method) {
                (Some(design), _) => design.method.name(),
                (None, SweepMethod::Grid) => "grid",
                (None, SweepMethod::Lhs) => "lhs",
            }
            .to_string(),
            seed: plan.seed,
            design_seed: plan.design_seed,
            points: plan.len() as u64,
            replications: u64::from(plan.replications),
            shard: shard.map(|s| s.to_string()),
            input_hash: input_hash(&input.resolved_toml),
            metrics: METRICS.len(),
            parameters: match plan.design() {
                Some(design) => design.names.clone(),
                None => plan.parameters.iter().map(|p| p.name.clone()).collect(),
            },
            regions: regions_of(plan),
            regions_hash: regions_hash(plan),
            reference_id: plan
                .design()
                .and_then(|d| d.reference.as_ref())
                .map(|r| r.id.clone()),
            resolved_scenario: input.resolved_toml.clone(),
            reference_scenario: plan
                .design()
                .and_then(|d| d.reference.as_ref())
                .map(|r| crate::scenario::resolved_toml(&r.scenario)),
        }
    }

    /// Read a sweep manifest.
    pub fn read(path: &Path) -> Result<Self, OutputError> {
        let unreadable = |reason: String| OutputError::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        let text = read_manifest_text(path).map_err(|e| unreadable(e.to_string()))?;
        super::toml_error::parse(path, &text, super::toml_error::REWRITE)
    }

    /// The first field in which `other` differs, as (field, this, other).
    pub fn difference(&self, other: &SweepManifest) -> Option<(String, String, String)> {
        let table = |m: &SweepManifest| toml::Table::try_from(m).expect("a manifest is a table");
        let (a, b) = (table(self), table(other));
        let show = |v: Option<&toml::Value>| v.map_or("none".to_string(), |v| v.to_string());
        // The hash and the resolved text change with any other field:
        // name them only when nothing more telling differs.
        let last = |k: &&String| {
            matches!(
                k.as_str(),
                "input_hash" | "resolved_scenario" | "reference_scenario"
            )
        };
        let mut keys: Vec<&String> = a
            .keys()
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
            .collect();
        keys.sort_by_key(|k| last(k));
        keys.into_iter()
            .find(|k| a.get(*k) != b.get(*k))
            .map(|k| (k.clone(), show(a.get(k)), show(b.get(k))))
    }

    /// The TOML text of the manifest.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).expect("a manifest always serialises");
        format!(
            "# Written by buurtsim {}. Do not edit.\n{body}",
            self.buurtsim_version
        )
    }

    /// The identity the sweep's record rows are sealed for.
    pub fn record_identity(&self) -> RecordIdentity {
        sweep_identity(&self.input_hash, self.seed, &self.scenario_id)
    }
}

/// The codes of a sweep's regions, in the order of its region axis.
pub(crate) fn regions_of(plan: &SweepPlan) -> Vec<String> {
    plan.regions.as_ref().map_or_else(Vec::new, |r| {
        r.regions.iter().map(|p| p.code.clone()).collect()
    })
}

/// The hash of what a sweep's regions run with ([`SweepManifest::regions_hash`]).
pub(crate) fn regions_hash(plan: &SweepPlan) -> Option<String> {
    let regions = plan.regions.as_ref()?;
    let mut text = String::new();
    for r in &regions.regions {
        text.push_str(&format!("{},{}", r.code, r.residents));
        for share in r.age_band_shares {
            text.push_str(&format!(",{share:?}"));
        }
        // The households set `population.living_alone_share`.
        text.push_str(&format!(",{:?}", r.single_person_households));
        text.push('\n');
    }
    Some(input_hash(&text))
}
