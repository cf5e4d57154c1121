//! The output path itself: checked before any work, locked for the
//! command's life, and tidied of what a killed command left beside it.
//!
//! Beside an output folder `NAME` buurtsim creates only its own transient
//! siblings, each named after it: the lock file `.NAME.lock`, the
//! unfinished work `.NAME.partial/`, the staging folder `.NAME.staging-*`
//! (the new output before it is moved into place) and `.NAME.old-*` (an
//! old output or a finished partial folder on its way out). The last two
//! never outlive a command that finishes: [`prepare`] removes or restores
//! what a killed one left, under the lock, before anything else happens.

use super::atomic::{folder_name, parent_or_dot, remove_own_dir, rename};
use super::lock::OutputLock;
use super::OutputError;
use std::fs;
use std::path::{Path, PathBuf};

/// The longest folder name `-o` may end in: `.NAME.staging-XXXXXX` beside
/// it must still fit in a file name (255 bytes).
pub const MAX_NAME_BYTES: usize = 200;

/// The longest whole output path, leaving room for what is written inside.
const MAX_PATH_BYTES: usize = 3800;

fn path_rule(path: &Path, reason: String) -> OutputError {
    OutputError::PathRule {
        path: path.to_path_buf(),
        reason,
    }
}

/// Check `-o` before any work: a name of its own (not `.` or `..`), not a
/// symbolic link written with a trailing slash, short enough for the
/// siblings buurtsim puts beside it.
pub fn check_path(target: &Path) -> Result<(), OutputError> {
    let raw = target.as_os_str().as_encoded_bytes();
    let trimmed = {
        let mut end = raw.len();
        while end > 1 && raw[end - 1] == b'/' {
            end -= 1;
        }
        &raw[..end]
    };
    let last = trimmed.rsplit(|&b| b == b'/').next().unwrap_or_default();
    if last.is_empty() || last == b"." || last == b".." || trimmed == b"/" {
        return Err(path_rule(
            target,
            "it does not end in a folder name of its own (it ends in `.`, `..` or `/`); name \
             the output folder itself, e.g. -o out"
                .to_string(),
        ));
    }
    if trimmed.len() < raw.len() {
        let without =
            Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(trimmed));
        if fs::symlink_metadata(without).is_ok_and(|m| m.file_type().is_symlink()) {
            let to = fs::read_link(without)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "elsewhere".to_string());
            return Err(path_rule(
                target,
                format!(
                    "{} is a symbolic link (to {to}); buurtsim replaces an output folder as a \
                     whole and never through a link, so give the folder itself (-o {to}) or a \
                     new name",
                    without.display()
                ),
            ));
        }
    }
    let name = folder_name(target)?;
    if name.len() > MAX_NAME_BYTES {
        return Err(path_rule(
            target,
            format!(
                "the folder name is {} bytes long; buurtsim keeps `.NAME.partial` and \
                 `.NAME.staging-*` beside it, so it may be at most {MAX_NAME_BYTES} bytes",
                name.len()
            ),
        ));
    }
    if let Some(long) = target
        .components()
        .map(|c| c.as_os_str().len())
        .find(|&n| n > 255)
    {
        return Err(path_rule(
            target,
            format!("one of its folder names is {long} bytes long; file systems allow 255"),
        ));
    }
    let absolute = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    if absolute.as_os_str().len() > MAX_PATH_BYTES {
        return Err(path_rule(
            target,
            format!(
                "the path is {} bytes long; buurtsim needs room for the files inside it, so \
                 it may be at most {MAX_PATH_BYTES} bytes",
                absolute.as_os_str().len()
            ),
        ));
    }
    Ok(())
}

/// Get `target` ready for a command that writes it: check the path, create
/// the folders above it, take its lock (held until the returned guard is
/// dropped), and tidy what a killed command left beside it
/// ([`recover_siblings`]).
pub fn prepare(target: &Path) -> Result<OutputLock, OutputError> {
    check_path(target)?;
    let parent = parent_or_dot(target);
    if !parent.is_dir() {
        super::fault::step(parent).map_err(|e| OutputError::io(parent, e))?;
        fs::create_dir_all(parent).map_err(|e| OutputError::io(parent, e))?;
    }
    let lock = OutputLock::acquire(target)?;
    recover_siblings(target)?;
    Ok(lock)
}

/// Whether `name` is `prefix` followed by the six random characters that
/// a temporary name gets.
fn is_temp_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Tidy what a killed command left beside `target` (call with its lock
/// held): a staging folder is removed (the command that made it died
/// before moving it into place); an old output waiting in
/// `.NAME.old-*/NAME` is put back if `target` is missing (killed between
/// the two moves of a swap) and removed otherwise; any other `.NAME.old-*`
/// (a finished partial folder on its way out) is removed; stray temporary
/// files in the partial folder are removed.
pub fn recover_siblings(target: &Path) -> Result<(), OutputError> {
    let name = folder_name(target)?;
    let parent = parent_or_dot(target);
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut staging = Vec::new();
    let mut old = Vec::new();
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_temp_name(&entry_name, &format!(".{name}.staging-")) {
            staging.push(entry.path());
        } else if is_dir && is_temp_name(&entry_name, &format!(".{name}.old-")) {
            old.push(entry.path());
        }
    }
    staging.sort();
    old.sort();
    for dir in staging {
        remove_own_dir(&dir)?;
    }
    for dir in old {
        let kept = dir.join(&name);
        if fs::symlink_metadata(target).is_err() && kept.is_dir() {
            rename(&kept, target)?;
        }
        remove_own_dir(&dir)?;
    }
    remove_stray_temp_files(&super::atomic::partial_path(target)?)
}

/// Temporary files (`.tmp-XXXXXX`) a kill left in a partial folder and its
/// scenario folders: an atomic write that never got renamed.
fn remove_stray_temp_files(partial: &Path) -> Result<(), OutputError> {
    let mut folders: Vec<PathBuf> = vec![partial.to_path_buf()];
    if let Ok(entries) = fs::read_dir(partial) {
        folders.extend(
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_file()) && is_temp_name(&n, ".tmp-") {
                let path = entry.path();
                super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
                fs::remove_file(&path).map_err(|e| OutputError::io(&path, e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rules() {
        for bad in ["out/.", "out/..", ".", "..", "/", "out/./"] {
            assert!(
                matches!(
                    check_path(Path::new(bad)),
                    Err(OutputError::PathRule { .. })
                ),
                "{bad}"
            );
        }
        check_path(Path::new("out/")).unwrap();
        check_path(Path::new("a/b/out")).unwrap();
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        assert!(check_path(Path::new(&long)).is_err());
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("real")).unwrap();
        std::os::unix::fs::symlink(root.path().join("real"), root.path().join("link")).unwrap();
        let with_slash = format!("{}/link/", root.path().display());
        assert!(check_path(Path::new(&with_slash)).is_err());
    }

    #[test]
    fn a_half_swapped_output_is_put_back_and_leftovers_removed() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let old = root.path().join(".out.old-Ab12Cd");
        fs::create_dir_all(old.join("out")).unwrap();
        fs::write(old.join("out/summary.csv"), "old").unwrap();
        fs::create_dir_all(root.path().join(".out.staging-Zz99yy/x")).unwrap();
        fs::create_dir_all(root.path().join(".other.staging-Zz99yy")).unwrap();
        recover_siblings(&target).unwrap();
        assert_eq!(
            fs::read_to_string(target.join("summary.csv")).unwrap(),
            "old"
        );
        let mut names: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec![".other.staging-Zz99yy", "out"]);
    }
}
