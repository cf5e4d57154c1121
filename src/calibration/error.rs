//! [`CalibrationError`]: why a calibration could not be set up or run.
//!
//! Owns the error's variants and wording and which of them are the user's
//! to fix; it knows nothing of how the config is read or the fit is run.

use crate::scenario::{Location, PathError, ScenarioError};
use std::path::PathBuf;

/// Why a calibration could not be set up or run. Each displays as one
/// paragraph; everything but [`CalibrationError::Read`] of an existing
/// file is the user's to fix ([`CalibrationError::is_user_error`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// The config file cannot be read.
    #[error("cannot read the calibration config {}: {}", .path.display(), read_reason(source))]
    Read {
        /// The config file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Syntax, an unknown key, a wrong type or a bad value in the config.
    #[error("{location}: {message}")]
    Config {
        /// Where in the config.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// The scenario the config names does not load.
    #[error("{location}: the scenario does not load: {source}")]
    Scenario {
        /// The `scenario` line of the config.
        location: Location,
        /// The scenario's own error (with its file and line).
        source: Box<ScenarioError>,
    },
    /// A parameter path that does not exist or is not a real number.
    #[error("{location}: {message}")]
    Parameter {
        /// The parameter's line in the config.
        location: Location,
        /// The path error, naming the path.
        message: String,
    },
    /// A target id that is not in `validation/targets.csv`.
    #[error("{location}: unknown target `{id}`; {hint}the targets in validation/targets.csv that may be fitted (role `fit`) are: {valid}")]
    UnknownTarget {
        /// The target's line in the config.
        location: Location,
        /// The id as written.
        id: String,
        /// "did you mean `x`? ", or empty.
        hint: String,
        /// The ids that may be fitted (role `fit`; a `check` target is held out).
        valid: String,
    },
    /// A candidate point gives an invalid scenario (a rule that involves
    /// several keys, which the bounds cannot rule out).
    #[error("{0}")]
    Point(PathError),
}

impl CalibrationError {
    /// Whether the user can fix it by changing the config or scenario (exit
    /// code 2), as opposed to a failure of the machine.
    pub fn is_user_error(&self) -> bool {
        match self {
            CalibrationError::Read { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::InvalidData
            ),
            CalibrationError::Scenario { source, .. } => {
                !matches!(**source, ScenarioError::Io { .. })
            }
            _ => true,
        }
    }
}

/// The operating system's reason in plain words where it is a common one
/// ("there is no such file" instead of "No such file or directory (os
/// error 2)").
fn read_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
