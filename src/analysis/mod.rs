//! Analysis of finished output folders: what a reader asks of results
//! after they are written.
//!
//! - [`folders`]: reading an output folder back (manifest and
//!   `replications.csv`) and comparing folders (`buurtsim compare`);
//! - [`shift`]: the shift ledger (verschuivingsbalans), `shift.csv`.
//!
//! It reads folders through `output`'s readers and formats with its
//! number formats; it runs nothing and never writes into an output folder
//! itself: `run` and `merge` get the ledger from [`shift::write_ledger`],
//! handed to `output` as a [`crate::output::LedgerWriter`], and `cli` and
//! `report` call it directly. `output` does not know this module.

pub mod folders;
pub mod shift;
