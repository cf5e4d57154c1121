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

use super::ownership::{check_own, marker_text, OutputKind, MARKER};
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
    /// Replace it after the new run has succeeded, if it is buurtsim's own
    /// output folder ([`super::ownership::check_own`]).
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

/// May the output file `path` (`report -o`, `validate -o`) be written?
/// Missing: yes. An existing regular file (or a link): only with `force`,
/// and then [`write_atomic`] replaces it whole after the new file is
/// complete. A folder, pipe or device: never.
pub fn check_file_target(path: &Path, force: bool) -> Result<(), OutputError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::io(path, e)),
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(OutputError::Refused {
            reason: format!(
                "{} is a folder; -o names the file to write, e.g. -o {}/report.html",
                path.display(),
                path.display()
            ),
        });
    }
    if !kind.is_file() && !kind.is_symlink() {
        return Err(OutputError::Refused {
            reason: format!(
                "{} is not a regular file (a pipe, socket or device); choose a file name with -o",
                path.display()
            ),
        });
    }
    if force {
        Ok(())
    } else {
        Err(OutputError::FileExists {
            path: path.to_path_buf(),
        })
    }
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
        super::fault::step(path).map_err(|e| OutputError::io(path, e))?;
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
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| OutputError::io(&path, e))?;
        super::fault::step(&path).map_err(|e| OutputError::io(&path, e))?;
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
/// and the target is untouched; left behind by a kill, it is removed by the
/// next command on the same output ([`super::target::recover_siblings`]).
pub struct StagedDir {
    target: PathBuf,
    staging: Option<TempDir>,
    overwrite: Overwrite,
    kind: OutputKind,
}

impl StagedDir {
    /// Check that `target` may be written (see [`Overwrite`]) and create the
    /// staging folder beside it (creating missing parent folders). `kind`
    /// is written into the folder's ownership marker on commit.
    pub fn create(
        target: &Path,
        overwrite: Overwrite,
        kind: OutputKind,
    ) -> Result<Self, OutputError> {
        let name = folder_name(target)?;
        check_target(target, overwrite)?;
        let parent = parent_or_dot(target);
        create_parents(parent)?;
        super::fault::step(parent).map_err(|e| OutputError::io(parent, e))?;
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(parent)
            .map_err(|e| OutputError::io(parent, e))?;
        Ok(Self {
            target: target.to_path_buf(),
            staging: Some(staging),
            overwrite,
            kind,
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

    /// Write the ownership marker, then swap the staging folder in: move an
    /// old target aside, move the staging folder to the target, then delete
    /// the old one. If the second move fails, the old target is moved back.
    pub fn commit(mut self) -> Result<(), OutputError> {
        write_marker(self.path(), self.kind)?;
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

/// Create `parent` and the folders above it, counting the step.
fn create_parents(parent: &Path) -> Result<(), OutputError> {
    if parent.is_dir() {
        return Ok(());
    }
    super::fault::step(parent).map_err(|e| OutputError::io(parent, e))?;
    fs::create_dir_all(parent).map_err(|e| OutputError::io(parent, e))
}

/// A hidden folder `.NAME.old-XXXXXX` beside `target` to move something
/// into before deleting it; returned as a plain path (not removed on drop:
/// a kill leaves it for [`super::target::recover_siblings`]).
fn old_folder(target: &Path) -> Result<PathBuf, OutputError> {
    let name = folder_name(target)?;
    let parent = parent_or_dot(target);
    super::fault::step(parent).map_err(|e| OutputError::io(parent, e))?;
    Ok(tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)
        .map_err(|e| OutputError::io(parent, e))?
        .keep())
}

/// Rename, counting the step.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<(), OutputError> {
    super::fault::step(to).map_err(|e| OutputError::io(to, e))?;
    fs::rename(from, to).map_err(|e| OutputError::io(to, e))
}

/// Delete a folder of buurtsim's own, counting the step.
pub(crate) fn remove_own_dir(dir: &Path) -> Result<(), OutputError> {
    super::fault::step(dir).map_err(|e| OutputError::io(dir, e))?;
    fs::remove_dir_all(dir).map_err(|e| OutputError::io(dir, e))
}

/// Write buurtsim's ownership marker of `kind` into `dir` (a staging,
/// partial or shard folder), atomically.
pub fn write_marker(dir: &Path, kind: OutputKind) -> Result<(), OutputError> {
    write_atomic(&dir.join(MARKER), marker_text(kind).as_bytes())
}

/// Create one folder, counting the step.
pub(crate) fn create_dir(dir: &Path) -> Result<(), OutputError> {
    super::fault::step(dir).map_err(|e| OutputError::io(dir, e))?;
    fs::create_dir(dir).map_err(|e| OutputError::io(dir, e))
}

/// Move the folder `source` to `target`, as [`StagedDir::commit`] does:
/// check `target` again (see [`Overwrite`]), move an old target into a
/// `.NAME.old-*` folder, move `source` in, then delete the old one; if the
/// move fails, the old target is moved back. `source` is left where it was
/// when this fails. Killed between the two moves, the old target waits in
/// `.NAME.old-*/NAME` and the next command on this output puts it back.
pub fn swap_dir_into(
    source: &Path,
    target: &Path,
    overwrite: Overwrite,
) -> Result<(), OutputError> {
    check_target(target, overwrite)?;
    let name = folder_name(target)?;
    if fs::symlink_metadata(target).is_err() {
        return rename(source, target);
    }
    let backup = old_folder(target)?;
    let old = backup.join(name);
    if let Err(e) = rename(target, &old) {
        let _ = fs::remove_dir(&backup);
        return Err(e);
    }
    if let Err(e) = rename(source, target) {
        // Best effort: put the old folder back where it was.
        let _ = fs::rename(&old, target).and_then(|_| fs::remove_dir(&backup));
        return Err(e);
    }
    // The new output is in place; a failure to delete the old one leaves a
    // hidden `.NAME.old-*` folder that the next command on it removes.
    let _ = remove_own_dir(&backup);
    Ok(())
}

/// Delete the partial folder of a finished output: first moved whole into
/// a `.NAME.old-*` folder (one rename, so a kill never leaves half a
/// partial folder that `--resume` would stumble on), then removed.
pub(crate) fn discard_partial(partial: &Path, target: &Path) -> Result<(), OutputError> {
    let backup = old_folder(target)?;
    rename(partial, &backup.join("partial"))?;
    remove_own_dir(&backup)
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

/// May `target` be written? Missing or empty: yes. Otherwise only with
/// [`Overwrite::Replace`] and only if it is buurtsim's own output
/// ([`super::ownership::check_own`]).
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
        Overwrite::Replace => check_own(target),
    }
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
        let s = StagedDir::create(&target, Overwrite::Refuse, OutputKind::Run).unwrap();
        write_atomic(&s.path().join("manifest.toml"), b"v1").unwrap();
        assert!(!target.exists());
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("manifest.toml")).unwrap(),
            "v1"
        );

        // Existing, non-empty: refused without Replace.
        assert!(matches!(
            StagedDir::create(&target, Overwrite::Refuse, OutputKind::Run),
            Err(OutputError::NotEmpty { .. })
        ));

        // Replace, but dropped before commit: old folder intact.
        let s = StagedDir::create(&target, Overwrite::Replace, OutputKind::Run).unwrap();
        write_atomic(&s.path().join("manifest.toml"), b"v2").unwrap();
        drop(s);
        assert_eq!(
            fs::read_to_string(target.join("manifest.toml")).unwrap(),
            "v1"
        );

        // Replace and commit.
        let s = StagedDir::create(&target, Overwrite::Replace, OutputKind::Run).unwrap();
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
            StagedDir::create(&target, Overwrite::Replace, OutputKind::Run),
            Err(OutputError::NoMarker { .. })
        ));
        assert!(matches!(
            StagedDir::create(Path::new("."), Overwrite::Replace, OutputKind::Run),
            Err(OutputError::BadPath { .. })
        ));
        let file = root.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(
            StagedDir::create(&file, Overwrite::Replace, OutputKind::Run),
            Err(OutputError::NotAFolder { .. })
        ));
    }

    #[test]
    fn empty_existing_folder_is_fine() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        fs::create_dir(&target).unwrap();
        let s = StagedDir::create(&target, Overwrite::Refuse, OutputKind::Run).unwrap();
        write_atomic(&s.path().join("x"), b"1").unwrap();
        s.commit().unwrap();
        assert!(target.join("x").is_file());
    }
}
