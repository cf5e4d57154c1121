//! Output: the files an experiment leaves behind, and the comparison table.
//!
//! - [`partial`]: the one protocol for unfinished work (lock, partial
//!   folder, resume, staging, swap) that [`run`], [`sweep`] and [`merge`]
//!   follow; [`records`] and [`sweep_records`] are what they keep there,
//!   [`run_info`] how a folder was produced, [`stopping`] the `--precision`
//!   rule, [`layout`] the file names;
//! - [`atomic`], [`lock`], [`target`], [`ownership`], [`fault`]: safe
//!   writes (issue 11);
//! - [`csvfiles`], [`dialect`], [`format`], [`manifest`], [`table`],
//!   [`validation`]: the files and tables themselves.
//!
//! Per scenario, a folder `<id>/` with `manifest.toml`, `replications.csv`,
//! `summary.csv` and `timeseries.csv`; with several scenarios, a
//! `comparison.csv` and a `shift.csv` (the shift ledger, `crate::analysis::shift`) beside
//! those folders. Every file is written to a
//! temporary file in its own folder and renamed into place, and the whole
//! run is written into a staging folder that replaces the target only after
//! success, so a failed or interrupted run never leaves half an output
//! folder nor destroys an old one.
//!
//! Numbers are written with Rust's shortest round-trip `f64` formatting, so
//! the bytes depend only on the values, and the values only on the
//! scenarios, seeds and replication count (never on the thread count).
//!
//! This module keeps records, formats and writes; it does not print, it
//! starts no replications (`experiment` does, feeding a
//! [`crate::experiment::JobStore`] that [`RunFolder`] and [`SweepFolder`]
//! are), it does not know the analyses of finished folders
//! (`crate::analysis`: the shift ledger reaches it as a [`LedgerWriter`]),
//! and it knows about scenarios only as resolved TOML text and a
//! [`crate::scenario::Scenario`].

pub mod atomic;
pub mod checksum;
pub mod csvfiles;
pub mod dialect;
mod error;
pub mod fault;
pub mod format;
pub mod layout;
pub mod lock;
pub mod manifest;
pub mod merge;
pub mod names;
pub mod ownership;
pub mod partial;
pub mod readable;
pub mod records;
pub(crate) mod rowfile;
pub mod run;
pub mod run_info;
pub mod sensitivity;
pub mod sensitivity_ranking;
pub mod sensitivity_results;
pub mod staged_csv;
pub mod stopping;
pub mod sweep;
pub mod sweep_manifest;
pub mod sweep_records;
pub mod table;
pub mod target;
pub mod toml_error;
pub mod validation;

pub use atomic::{write_atomic, Overwrite, StagedDir};
pub use error::{is_user_io_error, nearest_existing, OutputError};
pub use format::{csv_f64, fnv1a64, input_hash};
pub use merge::{merge_shards, merge_sweep_shards, MergeOutcome, SweepMergeOutcome};
pub use partial::{Opened, WorkDone};
pub use records::LedgerWriter;
pub use run::{RunFolder, RunMode, RunOutcome, ScenarioInput, WriteOptions};
pub use stopping::StoppingRule;
pub use sweep::{
    is_sensitivity_folder, is_sweep_folder, SweepFolder, SweepInput, SweepManifest, SweepMode,
    SweepOptions, SweepOutcome, SweepSummary,
};
pub use table::{comparison_table, KEY_METRICS};
pub use validation::{validation_csv, validation_table};
