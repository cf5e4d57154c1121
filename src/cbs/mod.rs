//! Real CBS small-area data: the "Kerncijfers wijken en buurten" table
//! (residents, five age bands and households per gemeente, wijk and buurt)
//! and the gemeente's population by single year of age (table 03759NED),
//! read as CBS StatLine's CSV download writes them, and turned into what a
//! run of one region needs ([`RegionPopulation`]).
//!
//! The files are read as they come from CBS, not cleaned by hand, so the
//! reader copes with their quirks in one place (`table.rs`): `;` between
//! quoted fields, a UTF-8 byte-order mark or none, padded codes and
//! numbers, `.` for missing, and column suffixes that change between table
//! years (columns are found by the stem of their name). Each file owns one
//! concept: [`kwb`] the wijk table, [`ages`] the single-year ages,
//! [`split`] how the wijk's five age bands become the model's twenty.
//!
//! This module depends only on [`crate::files`], so that any other module
//! (scenario loading, the command line) may use it.

pub mod ages;
mod error;
pub mod kwb;
mod nearest;
pub mod split;
mod table;
#[cfg(test)]
mod test_files;

pub use ages::{read_ages, SingleYearAges};
pub use error::CbsError;
pub use kwb::{read_kwb, KwbTable, Region, RegionKind};
pub use split::{region_population, RegionPopulation, MIN_RESIDENTS};
pub use table::CBS_FILE_LIMIT;
