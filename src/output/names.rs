//! Names that come from files: the one check before such a name becomes a
//! path, and the one way to print a name safely.
//!
//! A scenario id read back from a `plan.toml` or `manifest.toml` (of a
//! shard folder, an unfinished run, an output folder) becomes a folder
//! name when the output is written. A file that was edited, or written by
//! something else, could hold `../../loot` there and make buurtsim write
//! outside `-o`; so every such name goes through [`folder_name_from_file`]
//! first. A name from a file may also hold control characters (an ESC
//! sequence recolours or rewrites the terminal), so names are printed
//! through [`printable`].

use super::OutputError;
use std::borrow::Cow;
use std::path::Path;

/// The longest name that may become a folder, in bytes (well under every
/// file system's limit of 255, leaving room for `.NAME.partial` and the like).
pub const MAX_NAME_BYTES: usize = 100;

/// The rule [`folder_name_problem`] checks, in words.
pub const FOLDER_NAME_RULE: &str = "a name that becomes a folder must be one path component of \
     at most 100 bytes: not empty, not `.` or `..`, without `/`, `\\` or control characters";

/// What keeps `name` from being a plain folder name, or `None` if it is one.
pub fn folder_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." {
        Some("it names a folder itself, not a folder in it")
    } else if name.contains(['/', '\\']) {
        Some("it holds a path separator")
    } else if name.chars().any(char::is_control) {
        Some("it holds a control character")
    } else if name.len() > MAX_NAME_BYTES {
        Some("it is longer than 100 bytes")
    } else {
        None
    }
}

/// `name`, read from the field `field` of `file`, if it is a plain folder
/// name ([`folder_name_problem`]); otherwise the refusal, naming the file
/// and the field: buurtsim writes only plain names, so the file was changed.
pub fn folder_name_from_file<'a>(
    name: &'a str,
    file: &Path,
    field: &str,
) -> Result<&'a str, OutputError> {
    match folder_name_problem(name) {
        None => Ok(name),
        Some(problem) => Err(OutputError::Refused {
            reason: format!(
                "cannot use {}: the field `{field}` holds \"{}\", which is not a plain folder \
                 name ({problem}; {FOLDER_NAME_RULE}); the file was changed after buurtsim \
                 wrote it",
                printable(&file.display().to_string()),
                printable(name)
            ),
        }),
    }
}

/// Whether `c` must not reach a terminal or a page as it is: a control
/// character (C0, DEL, C1) or a bidirectional override, which reorders
/// the text shown around it.
pub fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character (and bidirectional override) written
/// as a visible escape, `\u{1b}`, so that printing a name from a file can
/// never move the cursor, recolour or clear the terminal. Other text,
/// accents included, is left as it is.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_become_folders() {
        for good in ["baseline", "wijk-3_v2", "één", ".hidden", &"x".repeat(100)] {
            assert_eq!(folder_name_problem(good), None, "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../loot",
            "a/b",
            "a\\b",
            "a\u{1b}[31mb",
            "nul\0",
            "tab\t",
            &"x".repeat(101),
        ] {
            assert!(folder_name_problem(bad).is_some(), "{bad:?}");
        }
        let e = folder_name_from_file("../../loot", Path::new("s/plan.toml"), "scenarios")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "cannot use s/plan.toml: the field `scenarios` holds \"../../loot\", which is \
                 not a plain folder name (it holds a path separator;"
            ),
            "{e}"
        );
        assert!(
            e.ends_with("the file was changed after buurtsim wrote it"),
            "{e}"
        );
        let e = folder_name_from_file("a\u{1b}b", Path::new("m.toml"), "scenario_id")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"a\\u{1b}b\"") && !e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn printable_escapes_controls_only() {
        assert!(matches!(printable("Zuid-één"), Cow::Borrowed("Zuid-één")));
        assert_eq!(printable("a\u{1b}[31mb\0"), "a\\u{1b}[31mb\\u{0}");
        assert_eq!(
            printable("x\u{7f}\u{9b}\u{202e}y"),
            "x\\u{7f}\\u{9b}\\u{202e}y"
        );
    }
}
