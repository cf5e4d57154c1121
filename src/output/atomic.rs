//! Atomic files and atomic output folders.
//!
//! A file is written to a temporary file in its own folder and renamed into
//! place, so a reader never sees half a file. A whole run is written into a
//! staging folder beside the target and swapped in only after success: an
//! old output folder survives a failed run, and a new one never appears half
//! written.
//!
//! A `run` also keeps its unfinished work in a fixed place beside the
//! target, [`partial_path`] (`.NAME.partial`), so that an interrupted run
//! can be resumed from `-o NAME` alone; [`swap_dir_into`] moves a finished
//! folder into place with the same rules as [`StagedDir::commit`].

use super::OutputError;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempDir};

/// What to do with an existing, non-empty target folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse (the default; `--force` not given).
    Refuse,
    /// Replace it after the new run has succeeded, if it looks like a
    /// buurtsim output folder.
    Replace,
}

/// Write `bytes` to `path` atomically (temporary file in the same folder,
/// flushed, synced, renamed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| OutputError::io(path, e))?;
    file.commit()
}

/// A file that appears at its path only when [`AtomicFile::commit`] succeeds;
/// dropped uncommitted, it leaves nothing behind.
pub struct AtomicFile {
    tmp: io::BufWriter<NamedTempFile>,
    path: PathBuf,
}

impl AtomicFile {
    /// Start writing the file that will be `path`.
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        let dir = parent_or_dot(path);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tmp-");
        // Output files are ordinary files: readable as the umask allows,
        // not the owner-only mode of a temporary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| OutputError::io(path, e))?;
        Ok(Self {
            tmp: io::BufWriter::new(tmp),
            path: path.to_path_buf(),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush, sync and rename into place.
    pub fn commit(self) -> Result<(), OutputError> {
        let path = self.path;
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| OutputError::io(&path, e))?;
        tmp.persist(&path)
            .map_err(|e| OutputError::io(&path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// A staging folder beside a target folder, swapped in by
/// [`StagedDir::commit`]. Dropped uncommitted (a failed run), it is removed
/// and the target is untouched.
pub struct StagedDir {
    target: PathBuf,
    staging: Option<TempDir>,
    overwrite: Overwrite,
}

impl StagedDir {
    /// Check that `target` may be written (see [`Overwrite`]) and create the
    /// staging folder beside it (creating missing parent folders).
    pub fn create(target: &Path, overwrite: Overwrite) -> Result<Self, OutputError> {
        let name = folder_name(target)?;
        check_target(target, overwrite)?;
        let parent = parent_or_dot(target);
        fs::create_dir_all(parent).map_err(|e| OutputError::io(parent, e))?;
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(parent)
            .map_err(|e| OutputError::io(parent, e))?;
        Ok(Self {
            target: target.to_path_buf(),
            staging: Some(staging),
            overwrite,
        })
    }

    /// Where to write the new contents.
    pub fn path(&self) -> &Path {
        self.staging
            .as_ref()
            .expect("staging folder present until commit")
            .path()
    }

    /// The folder that [`StagedDir::commit`] will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swap the staging folder in: move an old target aside, move the
    /// staging folder to the target, then delete the old one. If the second
    /// move fails, the old target is moved back.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let staging = self
            .staging
            .take()
            .expect("staging folder present until commit")
            .keep();
        swap_dir_into(&staging, &self.target, self.overwrite).inspect_err(|_| {
            let _ = fs::remove_dir_all(&staging);
        })
    }
}

/// Move the folder `source` to `target`, as [`StagedDir::commit`] does:
/// check `target` again (see [`Overwrite`]), move an old target aside, move
/// `source` in, then delete the old one; if the move fails, the old target
/// is moved back. `source` is left where it was when this fails.
pub fn swap_dir_into(
    source: &Path,
    target: &Path,
    overwrite: Overwrite,
) -> Result<(), OutputError> {
    check_target(target, overwrite)?;
    let name = folder_name(target)?;
    let parent = parent_or_dot(target).to_path_buf();

    if fs::symlink_metadata(target).is_err() {
        return fs::rename(source, target).map_err(|e| OutputError::io(target, e));
    }
    let backup = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(&parent)
        .map_err(|e| OutputError::io(&parent, e))?;
    let old = backup.path().join(name);
    fs::rename(target, &old).map_err(|e| OutputError::io(target, e))?;
    if let Err(e) = fs::rename(source, target) {
        // Best effort: put the old folder back where it was.
        let _ = fs::rename(&old, target);
        return Err(OutputError::io(target, e));
    }
    // The backup TempDir removes the old folder when dropped; a failure
    // there leaves a hidden `.NAME.old-*` folder, not a broken output.
    drop(backup);
    Ok(())
}

/// Where a run into `target` keeps its unfinished work: the hidden folder
/// `.NAME.partial` beside `target` (`out/` has `.out.partial/`, `runs/a`
/// has `runs/.a.partial/`), so `--resume` finds it from `-o` alone.
pub fn partial_path(target: &Path) -> Result<PathBuf, OutputError> {
    let name = folder_name(target)?;
    Ok(parent_or_dot(target).join(format!(".{name}.partial")))
}

pub(crate) fn parent_or_dot(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

pub(crate) fn folder_name(target: &Path) -> Result<String, OutputError> {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| OutputError::BadPath {
            path: target.to_path_buf(),
        })
}

pub(crate) fn check_target(target: &Path, overwrite: Overwrite) -> Result<(), OutputError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::io(target, e)),
    };
    if !meta.is_dir() {
        return Err(OutputError::NotAFolder {
            path: target.to_path_buf(),
        });
    }
    let mut entries = fs::read_dir(target).map_err(|e| OutputError::io(target, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    match overwrite {
        Overwrite::Refuse => Err(OutputError::NotEmpty {
            path: target.to_path_buf(),
        }),
        Overwrite::Replace if looks_like_output(target) => Ok(()),
        Overwrite::Replace => Err(OutputError::NotOutputFolder {
            path: target.to_path_buf(),
        }),
    }
}

/// A buurtsim output folder has a `manifest.toml` in it or in a subfolder:
/// `--force` never deletes a folder that lacks one (say, `-o ~` by mistake).
fn looks_like_output(dir: &Path) -> bool {
    if dir.join("manifest.toml").is_file() {
        return true;
    }
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().join("manifest.toml").is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_file_appears_on_commit_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"hello").unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "hello");
        let f = AtomicFile::create(&path).unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn staged_dir_refuses_replaces_and_rolls_back() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");

        // New folder: appears on commit.
        let s = StagedDir::create(&target, Overwrite::Refuse).unwrap();
        write_atomic(&s.path().join("manifest.toml"), b"v1").unwrap();
        assert!(!target.exists());
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("manifest.toml")).unwrap(),
            "v1"
        );

        // Existing, non-empty: refused without Replace.
        assert!(matches!(
            StagedDir::create(&target, Overwrite::Refuse),
            Err(OutputError::NotEmpty { .. })
        ));

        // Replace, but dropped before commit: old folder intact.
        let s = StagedDir::create(&target, Overwrite::Replace).unwrap();
        write_atomic(&s.path().join("manifest.toml"), b"v2").unwrap();
        drop(s);
        assert_eq!(
            fs::read_to_string(target.join("manifest.toml")).unwrap(),
            "v1"
        );

        // Replace and commit.
        let s = StagedDir::create(&target, Overwrite::Replace).unwrap();
        write_atomic(&s.path().join("manifest.toml"), b"v3").unwrap();
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("manifest.toml")).unwrap(),
            "v3"
        );

        // Nothing left behind beside the target.
        let names: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn force_never_replaces_foreign_folders() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("home");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("thesis.docx"), b"precious").unwrap();
        assert!(matches!(
            StagedDir::create(&target, Overwrite::Replace),
            Err(OutputError::NotOutputFolder { .. })
        ));
        assert!(matches!(
            StagedDir::create(Path::new("."), Overwrite::Replace),
            Err(OutputError::BadPath { .. })
        ));
        let file = root.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(
            StagedDir::create(&file, Overwrite::Replace),
            Err(OutputError::NotAFolder { .. })
        ));
    }

    #[test]
    fn empty_existing_folder_is_fine() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        fs::create_dir(&target).unwrap();
        let s = StagedDir::create(&target, Overwrite::Refuse).unwrap();
        write_atomic(&s.path().join("x"), b"1").unwrap();
        s.commit().unwrap();
        assert!(target.join("x").is_file());
    }
}
