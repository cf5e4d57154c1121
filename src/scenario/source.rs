//! Where scenario text comes from: the file system, or the scenarios
//! compiled into the binary.
//!
//! The loader resolves `extends` the same way for both (relative to the
//! including file), so the built-in default run and `buurtsim run
//! scenarios/...` load identical scenarios through identical code.

use super::embedded::embedded_files;
use super::locate::Position;
use crate::files::{read_bounded, BoundedReadError, TOML_LIMIT};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a file could not be turned into text.
#[derive(Debug)]
pub enum ReadError {
    /// No such file.
    NotFound,
    /// The path is a folder.
    IsDirectory,
    /// Not UTF-8; the position of the first invalid byte.
    NotUtf8(Position),
    /// Not a regular file (a FIFO, a device) or larger than a scenario
    /// file may be: the reason (`it is a named pipe (FIFO), not a regular
    /// file`).
    Refused(String),
    /// Anything else the operating system reports.
    Io(io::Error),
}

/// A store of scenario files.
pub trait Source {
    /// The file's text, without a leading byte-order mark.
    fn read(&self, path: &Path) -> Result<String, ReadError>;
    /// A name that is equal for two paths to the same file, for cycle
    /// detection (`a.toml` and `./x/../a.toml` are one file).
    fn identity(&self, path: &Path) -> PathBuf;
}

/// The file `extends = "target"` in `including` names: relative to the
/// including file's folder (absolute targets stay absolute).
pub fn resolve_extends(including: &Path, target: &str) -> PathBuf {
    including.parent().unwrap_or(Path::new("")).join(target)
}

/// Files on disk.
pub struct FileSystem;

impl Source for FileSystem {
    /// Bounded ([`crate::files`]): a FIFO, a device or a file over
    /// [`TOML_LIMIT`] is refused, never waited on or read whole.
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        let bytes = read_bounded(path, TOML_LIMIT, "a scenario file").map_err(|e| match e {
            e if e.is_not_found() => ReadError::NotFound,
            BoundedReadError::Folder => ReadError::IsDirectory,
            BoundedReadError::Io(e) => ReadError::Io(e),
            other => ReadError::Refused(other.to_string()),
        })?;
        decode(bytes)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }
}

/// Bytes to text: UTF-8 only, a byte-order mark (as some Windows editors
/// write) dropped.
fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
            Err(ReadError::NotUtf8(Position::at(prefix, valid)))
        }
    }
}

/// The scenarios compiled into the binary, under `scenarios/<name>`.
pub struct Embedded;

/// One scenario text held in memory (tests, fuzzing, tools that generate
/// scenarios); an `extends` in it reads the embedded scenarios, so
/// `extends = "baseline.toml"` works as it does next to the shipped files.
pub struct InMemory<'a> {
    /// The file's path, as messages will name it.
    pub path: PathBuf,
    /// Its text.
    pub text: &'a str,
}

impl Source for InMemory<'_> {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        if normalize(path) == normalize(&self.path) {
            Ok(self
                .text
                .strip_prefix('\u{feff}')
                .unwrap_or(self.text)
                .to_string())
        } else {
            Embedded.read(&Path::new(EMBEDDED_DIR).join(path.file_name().unwrap_or_default()))
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// The folder embedded files appear to live in, so messages and `extends`
/// read as they would for the files on disk.
pub const EMBEDDED_DIR: &str = "scenarios";

impl Source for Embedded {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        let wanted = normalize(path);
        embedded_files()
            .iter()
            .find(|(name, _)| Path::new(EMBEDDED_DIR).join(name) == wanted)
            .map(|(_, text)| text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
            .ok_or(ReadError::NotFound)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// Removes `.` and resolves `..` by the text of the path alone.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_is_relative_to_the_including_file() {
        let path = resolve_extends(Path::new("scenarios/katwijk.toml"), "baseline.toml");
        assert_eq!(path, Path::new("scenarios/baseline.toml"));
        assert_eq!(
            normalize(Path::new("scenarios/./x/../baseline.toml")),
            Path::new("scenarios/baseline.toml")
        );
    }

    #[test]
    fn reports_where_utf8_breaks() {
        let Err(ReadError::NotUtf8(at)) = decode(b"name = 1\nx = \"\xff\"".to_vec()) else {
            panic!()
        };
        assert_eq!(at, Position { line: 2, column: 6 });
        assert_eq!(
            decode(b"\xef\xbb\xbfname = 1".to_vec()).unwrap(),
            "name = 1"
        );
    }
}
