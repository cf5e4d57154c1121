//! The names of the files buurtsim writes into an output, shard or
//! partial folder: one place, so a reader of the output, the ownership
//! check and every writer agree.
//!
//! It owns names only; which folder holds which file is said by the
//! writers' module docs ([`super::records`], [`super::sweep`]).

/// Per scenario (and once in a sweep folder): what was run.
pub const MANIFEST: &str = "manifest.toml";
/// The ownership marker in every output folder ([`super::ownership`]).
pub const MARKER: &str = ".buurtsim-output";
/// One row per replication (a run's scenario folder, a sweep folder).
pub const REPLICATIONS: &str = "replications.csv";
/// Per scenario: every metric's mean and interval.
pub const SUMMARY: &str = "summary.csv";
/// Per scenario: the monthly series.
pub const TIMESERIES: &str = "timeseries.csv";
/// Several scenarios: every metric's difference against the reference.
pub const COMPARISON: &str = "comparison.csv";
/// Several scenarios: the shift ledger.
pub const SHIFT: &str = "shift.csv";
/// A sweep: one row per point and metric.
pub const POINTS: &str = "points.csv";
/// A sweep over `"all-wijken"`: the wijken left out, with why.
pub const SKIPPED_REGIONS: &str = "skipped-regions.csv";
/// In a partial or shard folder: the stored results.
pub const RECORDS: &str = "records.csv";
/// A sensitivity analysis: its design rows, one per point.
pub const DESIGN: &str = "design.csv";
/// A sensitivity analysis: the indices with their intervals.
pub const INDICES: &str = "indices.csv";
/// A sensitivity analysis: the noise floor per metric and index.
pub const FLOOR: &str = "floor.csv";
/// A sensitivity analysis: the floor pass's replications.
pub const FLOOR_REPLICATIONS: &str = "floor-replications.csv";
/// In a run's partial or shard folder: what the run is.
pub const PLAN: &str = "plan.toml";
/// In an output or shard folder: how it was produced (not reproducible).
pub const RUN_INFO: &str = "run-info.toml";

/// Every file name above: what buurtsim may find in its own folders
/// ([`super::ownership`]).
pub const ALL: [&str; 15] = [
    MANIFEST,
    RUN_INFO,
    PLAN,
    REPLICATIONS,
    SUMMARY,
    TIMESERIES,
    COMPARISON,
    SHIFT,
    POINTS,
    SKIPPED_REGIONS,
    RECORDS,
    DESIGN,
    INDICES,
    FLOOR,
    FLOOR_REPLICATIONS,
];

/// `calibrate -o`: the fitted values.
pub const FITTED: &str = "fitted.toml";
/// `calibrate -o`: one row per target.
pub const FIT: &str = "fit.csv";
/// `calibrate -o`: the resolved scenario with the fitted values.
pub const FITTED_SCENARIO: &str = "fitted-scenario.toml";

/// The files `calibrate -o` writes besides a manifest.
pub const CALIBRATION: [&str; 3] = [FITTED, FIT, FITTED_SCENARIO];
