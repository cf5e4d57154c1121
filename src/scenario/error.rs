//! [`ScenarioError`]: everything that can be wrong with a scenario file,
//! each displayed as one paragraph that starts with `file:line:column`.
//!
//! The messages are for policy advisers editing a TOML file by hand: they
//! say what is wrong, where, and what would be right (the nearest valid key,
//! the valid range and unit). `main.rs` prints them; nothing here prints.

use super::locate::Position;
use super::violation::Violation;
use std::fmt;
use std::path::PathBuf;

/// A place in a scenario file: the file, and the line and column when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (extends paths joined to the
    /// including file's folder).
    pub file: PathBuf,
    /// Line and column, when the problem is at one place in the file.
    pub position: Option<Position>,
}

impl Location {
    /// A whole file, no line.
    pub fn file(file: PathBuf) -> Self {
        Self {
            file,
            position: None,
        }
    }
}

/// `file:line:column`, the form editors and terminals make clickable.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(Position { line, column }) => write!(f, "{}:{line}:{column}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// Where an out-of-range value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written at this place (the last file of the `extends` chain that sets it).
    Set(Location),
    /// Not written in any file of the chain: the schema default applies.
    Default {
        /// The scenario file that was loaded (the child end of the chain).
        scenario: PathBuf,
    },
}

/// Why a scenario could not be loaded. Each variant displays as one
/// paragraph; [`ScenarioError::location`] gives the place for tools.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file does not exist.
    #[error("{}", unreadable(path, extended_from.as_ref(), "does not exist"))]
    NotFound {
        /// The missing file.
        path: PathBuf,
        /// The `extends` line that names it, if it was not the file asked for.
        extended_from: Option<Location>,
    },
    /// The path is a folder.
    #[error("{}", unreadable(path, extended_from.as_ref(), "is a folder, not a file; give the path of a scenario .toml file"))]
    IsDirectory {
        /// The folder.
        path: PathBuf,
        /// The `extends` line that names it, if it was not the path asked for.
        extended_from: Option<Location>,
    },
    /// Not a regular file (a FIFO, a device) or too large to be a
    /// scenario file: refused without reading it.
    #[error("{}", unreadable(path, extended_from.as_ref(), &format!("cannot be read: {reason}")))]
    Unusable {
        /// The file.
        path: PathBuf,
        /// The `extends` line that names it, if it was not the file asked for.
        extended_from: Option<Location>,
        /// What it is instead (`it is a named pipe (FIFO), not a regular file`).
        reason: String,
    },
    /// Any other failure to read the file.
    #[error("{}", unreadable(path, extended_from.as_ref(), &format!("cannot be read: {source}")))]
    Io {
        /// The file.
        path: PathBuf,
        /// The `extends` line that names it, if it was not the file asked for.
        extended_from: Option<Location>,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{location}: the file is not UTF-8 text (the first invalid byte is here); \
         save it as UTF-8, which every text editor offers"
    )]
    NotUtf8 {
        /// The first invalid byte.
        location: Location,
    },
    /// The file is not valid TOML.
    #[error("{location}: TOML syntax error: {message}")]
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// The parser's description.
        message: String,
    },
    /// A key the schema does not have (usually a typo).
    #[error("{location}: unknown key `{key}` in {table}; {hint}")]
    UnknownKey {
        /// Where the key is written.
        location: Location,
        /// The key as written.
        key: String,
        /// The table it is in, e.g. `[interventions.carer_support]`.
        table: String,
        /// The nearest valid key ("did you mean `coverage` (share, 0 to 1)?")
        /// or the list of valid keys.
        hint: String,
    },
    /// A value of the wrong type or an unknown choice.
    #[error("{location}: invalid value for `{key}`: {message}")]
    InvalidValue {
        /// Where the value is written.
        location: Location,
        /// The key path, e.g. `gp.fte` or `population.age_band_shares[2]`.
        key: String,
        /// What was expected and what was found.
        message: String,
    },
    /// `extends` leads back to a file already in the chain.
    #[error("{}", cycle_text(chain, closed_at.as_ref()))]
    ExtendsCycle {
        /// The files from the one asked for to the repeated one.
        chain: Vec<PathBuf>,
        /// The `extends` line that leads back (in the last file before the
        /// repeated one).
        closed_at: Option<Location>,
    },
    /// A value outside its valid range.
    #[error("{}", out_of_range(origin, violation, others))]
    OutOfRange {
        /// The file and line that set the value, or the default.
        origin: Origin,
        /// The first problem found.
        violation: Box<Violation>,
        /// Key paths of further out-of-range values.
        others: Vec<String>,
    },
    /// `load_embedded` was asked for a scenario that is not built in.
    #[error("there is no built-in scenario `{name}`; built-in scenarios: {}", available.join(", "))]
    UnknownEmbedded {
        /// The name asked for.
        name: String,
        /// The built-in file names.
        available: Vec<String>,
    },
}

impl ScenarioError {
    /// The file (and line, if known) the error points at, for tools that
    /// open an editor there; `None` for a cycle or an unknown built-in name.
    pub fn location(&self) -> Option<Location> {
        match self {
            Self::NotFound {
                path,
                extended_from,
                ..
            }
            | Self::IsDirectory {
                path,
                extended_from,
                ..
            }
            | Self::Unusable {
                path,
                extended_from,
                ..
            }
            | Self::Io {
                path,
                extended_from,
                ..
            } => Some(
                extended_from
                    .clone()
                    .unwrap_or_else(|| Location::file(path.clone())),
            ),
            Self::NotUtf8 { location }
            | Self::Syntax { location, .. }
            | Self::UnknownKey { location, .. }
            | Self::InvalidValue { location, .. } => Some(location.clone()),
            Self::OutOfRange {
                origin: Origin::Set(location),
                ..
            } => Some(location.clone()),
            Self::OutOfRange {
                origin: Origin::Default { scenario },
                ..
            } => Some(Location::file(scenario.clone())),
            Self::ExtendsCycle { closed_at, .. } => closed_at.clone(),
            Self::UnknownEmbedded { .. } => None,
        }
    }
}

fn unreadable(path: &std::path::Path, extended_from: Option<&Location>, problem: &str) -> String {
    match extended_from {
        Some(at) => format!(
            "{at}: `extends` names {}, which {problem} (extends paths are relative to the file \
             that contains them)",
            path.display()
        ),
        None => format!("{}: scenario file {problem}", path.display()),
    }
}

fn chain_text(chain: &[PathBuf]) -> String {
    let names: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
    names.join(" -> ")
}

fn cycle_text(chain: &[PathBuf], closed_at: Option<&Location>) -> String {
    let text = format!(
        "`extends` forms a cycle: {}; remove one of these `extends` lines",
        chain_text(chain)
    );
    match closed_at {
        Some(at) => format!("{at}: {text}"),
        None => text,
    }
}

fn out_of_range(origin: &Origin, violation: &Violation, others: &[String]) -> String {
    let mut text = match origin {
        Origin::Set(location) => format!("{location}: {violation}"),
        Origin::Default { scenario } => format!(
            "{}: {violation} (default value: no file of the `extends` chain sets it)",
            scenario.display()
        ),
    };
    if !others.is_empty() {
        let quoted: Vec<String> = others.iter().map(|k| format!("`{k}`")).collect();
        text.push_str(&format!(". Also out of range: {}", quoted.join(", ")));
    }
    text
}
