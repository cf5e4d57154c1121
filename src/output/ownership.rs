//! Which folders are buurtsim's own: the one rule `--force` obeys.
//!
//! Every folder buurtsim creates as an output (a run, a sweep, a shard, a
//! merge, `compare -o`, `calibrate -o`) carries the marker file
//! [`MARKER`], written with the rest of the folder before it is moved into
//! place. `--force` (and the default run, which replaces its own
//! `./buurtsim-out/`) replaces a folder only when the marker is there *and*
//! every entry in it is one buurtsim writes ([`is_own_entry`]): a folder
//! with a user's file in it is refused, naming that file, and nothing is
//! changed. A folder from an earlier buurtsim version has no marker and is
//! refused with a message that says how to proceed.

use super::OutputError;
use std::fs;
use std::io;
use std::path::Path;

/// The marker file in every output folder buurtsim writes.
pub use super::layout::MARKER;

/// What kind of output a folder is, as its marker records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// `run` or `merge`: scenario folders and comparisons.
    Run,
    /// A shard folder of `run --shard`.
    RunShard,
    /// `sweep` or a merged sweep.
    Sweep,
    /// A shard folder of `sweep --shard`.
    SweepShard,
    /// `compare -o`.
    Compare,
    /// `calibrate -o`.
    Calibration,
}

impl OutputKind {
    /// The name in the marker.
    pub fn name(self) -> &'static str {
        match self {
            OutputKind::Run => "run",
            OutputKind::RunShard => "run-shard",
            OutputKind::Sweep => "sweep",
            OutputKind::SweepShard => "sweep-shard",
            OutputKind::Compare => "compare",
            OutputKind::Calibration => "calibration",
        }
    }
}

/// The marker's text: the same bytes for the same kind and version, so
/// output folders stay byte-identical across runs.
pub fn marker_text(kind: OutputKind) -> String {
    format!(
        "# This folder was written by buurtsim. `--force` replaces a folder only when this\n\
         # file is in it and every other entry is one buurtsim writes.\n\
         kind = \"{}\"\nbuurtsim_version = \"{}\"\n",
        kind.name(),
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether `name` is a file buurtsim writes at the top of an output folder
/// or inside one of its scenario folders: the marker, the names of
/// [`super::layout`], and the calibration's own files.
pub fn is_own_file(name: &str) -> bool {
    name == MARKER
        || super::layout::ALL.contains(&name)
        || super::layout::CALIBRATION.contains(&name)
}

/// Whether `name` is a temporary file of an atomic write (`.tmp-XXXXXX`)
/// that a kill left unrenamed.
fn is_temp_file(name: &str) -> bool {
    name.strip_prefix(".tmp-")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether the entry `name` of an output folder is buurtsim's: one of its
/// files, or a scenario folder holding only its files; `None` if it is,
/// else the first foreign path (relative to `dir`). With `temp`, the
/// temporary files of interrupted writes count as buurtsim's too (in a
/// partial folder, where a kill may leave them).
fn foreign_in_entry(dir: &Path, name: &str, temp: bool) -> io::Result<Option<String>> {
    let own = |n: &str| is_own_file(n) || (temp && is_temp_file(n));
    let path = dir.join(name);
    let meta = fs::symlink_metadata(&path)?;
    if meta.is_file() {
        return Ok((!own(name)).then(|| name.to_string()));
    }
    if !meta.is_dir() {
        return Ok(Some(name.to_string()));
    }
    for entry in fs::read_dir(&path)? {
        let entry = entry?;
        let inner = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_file() || !own(&inner) || inner == MARKER {
            return Ok(Some(format!("{name}/{inner}")));
        }
    }
    Ok(None)
}

/// The first entry of `dir` (in name order) that buurtsim did not write,
/// if any; see [`foreign_in_entry`] for `temp`.
pub fn first_foreign_entry(dir: &Path, temp: bool) -> Result<Option<String>, OutputError> {
    let io_err = |e| OutputError::io(dir, e);
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(io_err)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(io_err)?;
    names.sort();
    for name in names {
        if let Some(foreign) = foreign_in_entry(dir, &name, temp).map_err(io_err)? {
            return Ok(Some(foreign));
        }
    }
    Ok(None)
}

/// Check that `dir` (an existing, non-empty folder) is buurtsim's to
/// replace: it has the marker and nothing else of anyone's. Reads at most
/// the folder and its direct subfolders' listings.
pub fn check_own(dir: &Path) -> Result<(), OutputError> {
    if !fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Err(OutputError::NoMarker {
            path: dir.to_path_buf(),
        });
    }
    match first_foreign_entry(dir, false)? {
        Some(entry) => Err(OutputError::ForeignEntry {
            path: dir.to_path_buf(),
            entry,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_name_is_distinct_and_buurtsims_own() {
        use super::super::layout::{ALL, CALIBRATION};
        let mut names: Vec<&str> = ALL.iter().chain(&CALIBRATION).copied().collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
        for name in names {
            assert!(is_own_file(name), "{name}");
        }
    }

    fn output(root: &Path) -> std::path::PathBuf {
        let dir = root.join("out");
        fs::create_dir_all(dir.join("baseline")).unwrap();
        fs::write(dir.join(MARKER), marker_text(OutputKind::Run)).unwrap();
        fs::write(dir.join("comparison.csv"), "x").unwrap();
        fs::write(dir.join("baseline/manifest.toml"), "x").unwrap();
        dir
    }

    #[test]
    fn own_folder_passes_and_a_foreign_entry_is_named() {
        let root = tempfile::tempdir().unwrap();
        let dir = output(root.path());
        check_own(&dir).unwrap();
        fs::write(dir.join("baseline/thesis.docx"), "precious").unwrap();
        match check_own(&dir) {
            Err(OutputError::ForeignEntry { entry, .. }) => {
                assert_eq!(entry, "baseline/thesis.docx")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_marker_nested_folders_and_links_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = output(root.path());
        fs::create_dir(dir.join("baseline/deeper")).unwrap();
        assert!(matches!(
            check_own(&dir),
            Err(OutputError::ForeignEntry { .. })
        ));
        fs::remove_dir(dir.join("baseline/deeper")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("summary.csv")).unwrap();
        assert!(matches!(
            check_own(&dir),
            Err(OutputError::ForeignEntry { .. })
        ));
        fs::remove_file(dir.join("summary.csv")).unwrap();
        fs::remove_file(dir.join(MARKER)).unwrap();
        assert!(matches!(check_own(&dir), Err(OutputError::NoMarker { .. })));
    }
}
