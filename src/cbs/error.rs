//! Why a CBS file or region could not be used: one line each, naming the
//! file (and `file:line` where the fault has a line), so the command line
//! can print it as it is.

use crate::files::BoundedReadError;
use std::path::{Path, PathBuf};

/// Why a CBS file or region could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CbsError {
    /// The file is missing, unreadable, not a regular file, too large or
    /// not UTF-8 text.
    #[error("cannot read {}: {}", path.display(), read_reason(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the bounded read said.
        source: BoundedReadError,
    },
    /// The text is not a well-formed `;`-separated table (a row with
    /// another number of fields than the header, broken quoting).
    #[error("{}: {message}", place(path, *line))]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The 1-based line, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The file lacks columns a Kerncijfers wijken en buurten table has.
    #[error(
        "{} is not a CBS Kerncijfers wijken en buurten table: no {} {}{}; is this a CBS \
         Kerncijfers wijken en buurten download (table 84583NED or a later year)?",
        path.display(),
        if missing.len() == 1 { "column" } else { "columns" },
        missing.join(", "),
        hint
    )]
    NotKwb {
        /// The file.
        path: PathBuf,
        /// The missing columns, each as its stem and a wildcard suffix
        /// (`` `AantalInwoners_*` ``).
        missing: Vec<String>,
        /// More about why, or empty (` (its header has no `;` ...)`).
        hint: String,
    },
    /// The file is not a usable 03759NED table (population on 1 January
    /// by single year of age).
    #[error(
        "{}: not a usable CBS table 03759NED (population on 1 January by age, sex and \
         region): {reason}",
        place(path, *line)
    )]
    NotAges {
        /// The file.
        path: PathBuf,
        /// The 1-based line, where the fault has one.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// Two or more columns share a stem this reader needs, so which one is
    /// meant is unknown.
    #[error(
        "{}: the columns {} share the stem `{stem}`, so buurtsim cannot tell which to read",
        path.display(),
        columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" and ")
    )]
    AmbiguousColumn {
        /// The file.
        path: PathBuf,
        /// The shared stem.
        stem: String,
        /// The columns' full names.
        columns: Vec<String>,
    },
    /// A cell that should hold a number (or `.`) or a known code does not.
    #[error("{}:{line}: column `{column}` holds {value:?}; expected {expected}", path.display())]
    BadValue {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// The column's full name.
        column: String,
        /// The cell, trimmed.
        value: String,
        /// What would be valid.
        expected: String,
    },
    /// No region of the file has this code.
    #[error(
        "{} has no region `{code}`{}",
        path.display(),
        if suggestions.is_empty() {
            " (it holds no regions at all)".to_string()
        } else {
            format!("; nearest codes in the file: {}", suggestions.join(", "))
        }
    )]
    UnknownRegion {
        /// The KWB file.
        path: PathBuf,
        /// The code asked for, as given.
        code: String,
        /// Up to five of the file's codes nearest to it, nearest first.
        suggestions: Vec<String>,
    },
    /// The region cannot be simulated from these figures.
    #[error("region {code} cannot be simulated: {reason}")]
    RegionUnusable {
        /// The region's code.
        code: String,
        /// Why, with the line of the KWB file it comes from.
        reason: String,
    },
    /// The single-year ages are of another gemeente than the region's.
    #[error(
        "{} holds the ages of {ages_gemeente}, but region {code} lies in {gemeente}; use \
         table 03759NED of {gemeente}",
        path.display()
    )]
    AgesOfAnotherGemeente {
        /// The ages file.
        path: PathBuf,
        /// The gemeente the ages file is of.
        ages_gemeente: String,
        /// The region's code.
        code: String,
        /// The gemeente the region lies in.
        gemeente: String,
    },
}

impl CbsError {
    /// Whether the user can fix this (a wrong path, a wrong or damaged
    /// file, a wrong code): everything but an operating-system failure
    /// while reading a file that exists and may be read.
    pub fn is_user_error(&self) -> bool {
        match self {
            Self::Read {
                source: BoundedReadError::Io(e),
                ..
            } => {
                use std::io::ErrorKind::*;
                matches!(
                    e.kind(),
                    NotFound | PermissionDenied | NotADirectory | InvalidFilename
                )
            }
            _ => true,
        }
    }
}

/// Why a file was not read, in words: the operating system's "No such file
/// or directory (os error 2)" said as the other commands say it.
fn read_reason(source: &BoundedReadError) -> String {
    if source.is_not_found() {
        "there is no such file".to_string()
    } else {
        source.to_string()
    }
}

/// `file:line` where there is a line, else `file`.
fn place(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}
