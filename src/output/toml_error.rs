//! One-line messages for the TOML files buurtsim writes and reads back
//! (`manifest.toml`, `plan.toml`, a sweep's `manifest.toml`, the resolved
//! scenario inside a manifest).
//!
//! The `toml` crate's own error text spans several lines (the line of the
//! file, a caret under the column, the message); printed as it is, it broke
//! the rule that every error is one line. These files are buurtsim's own,
//! so when one does not parse the user changed or damaged it: the message
//! says where (`line N`), what the parser says, and what to do.

use super::OutputError;
use serde::de::DeserializeOwned;
use std::path::Path;

/// What a file of buurtsim's own that no longer reads means.
pub const CHANGED: &str = "the file was changed after buurtsim wrote it";

/// The remedy where the reader cannot tell which command wrote the folder
/// (a plan or a sweep manifest is read by `--resume` and by `merge`).
pub const REWRITE: &str = "run the command that wrote the folder again, or, for an \
     unfinished run, start over without --resume and with --force";

/// `line N: message` for a TOML error in `text`, on one line (`message`
/// alone when the error has no position).
pub fn describe(text: &str, error: &toml::de::Error) -> String {
    let message = collapse(error.message());
    match error.span() {
        Some(span) => format!("line {}: {message}", line_at(text, span.start)),
        None => message,
    }
}

/// Parse `text`, the content of `path`, a file buurtsim wrote. A syntax or
/// field error is `cannot read PATH: line N: message (the file was changed
/// after buurtsim wrote it; REMEDY)`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, remedy: &str) -> Result<T, OutputError> {
    toml::from_str(text).map_err(|e| unreadable(path, text, &e, remedy))
}

/// The one-line [`OutputError::Unreadable`] for `error` in `text`, read from `path`.
pub fn unreadable(path: &Path, text: &str, error: &toml::de::Error, remedy: &str) -> OutputError {
    OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: format!("{} ({CHANGED}; {remedy})", describe(text, error)),
    }
}

/// The 1-based line of byte `offset` in `text` (counted in bytes, so an
/// offset inside a multi-byte character cannot panic).
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whitespace runs (newlines included) as one space, trimmed.
fn collapse(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Small {
        seed: u64,
    }

    #[test]
    fn a_syntax_error_names_its_line_on_one_line() {
        let text = "seed = 1\n\nname = \"unclosed\n";
        let err = parse::<toml::Table>(Path::new("m.toml"), text, "run it again").unwrap_err();
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message}");
        assert!(
            message.starts_with("cannot read m.toml: line 3: "),
            "{message}"
        );
        assert!(
            message.ends_with(&format!("({CHANGED}; run it again)")),
            "{message}"
        );
    }

    #[test]
    fn a_wrong_field_names_its_line_on_one_line() {
        let text = "# comment\nseed = \"x\"\n";
        let err = parse::<Small>(Path::new("m.toml"), text, "fix").unwrap_err();
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message}");
        assert!(message.contains("line 2: "), "{message}");
    }

    #[test]
    fn line_at_counts_newlines_before_the_offset() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
        assert_eq!(line_at("é\n", 1), 1);
    }
}
