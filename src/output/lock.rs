//! One process per output: an exclusive lock beside the output folder.
//!
//! `run`, `sweep`, `merge` (and `--resume`, `compare -o`, `calibrate -o`)
//! hold an exclusive `flock` on `.NAME.lock` in the output's parent folder
//! for their whole life, so a second process aimed at the same `-o` is
//! refused at once, naming the holder's pid, instead of interleaving its
//! records with the first or discarding the first one's work with
//! `--force`. The operating system releases the lock when the holder dies,
//! however it dies, so a kill never leaves a stale lock; the small lock
//! file itself stays (removing it would race with a process about to take
//! it).

use super::atomic::{folder_name, parent_or_dot};
use super::OutputError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The lock file of an output folder: `.NAME.lock` beside it.
pub fn lock_path(target: &Path) -> Result<PathBuf, OutputError> {
    let name = folder_name(target)?;
    Ok(parent_or_dot(target).join(format!(".{name}.lock")))
}

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Take the lock of `target`'s output, creating the lock file (never
    /// following a symbolic link). Refused at once, with the holder's pid,
    /// if another process holds it.
    pub fn acquire(target: &Path) -> Result<Self, OutputError> {
        let path = lock_path(target)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o644)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path)
            .map_err(|e| {
                if e.raw_os_error() == Some(libc::ELOOP) {
                    OutputError::Refused {
                        reason: format!(
                            "{} is a symbolic link; buurtsim keeps its lock for {} there and \
                             never follows a link: remove the link",
                            path.display(),
                            target.display()
                        ),
                    }
                } else {
                    OutputError::io(&path, e)
                }
            })?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(OutputError::Refused {
                reason: format!(
                    "{} is in the way: buurtsim keeps its lock for {} there; move it away",
                    path.display(),
                    target.display()
                ),
            });
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = (&file).take(32).read_to_string(&mut text);
                let holder = text.trim();
                let holder = if holder.is_empty() || !holder.chars().all(|c| c.is_ascii_digit()) {
                    "another process".to_string()
                } else {
                    format!("process {holder}")
                };
                return Err(OutputError::Locked {
                    path: target.to_path_buf(),
                    lock: path,
                    holder,
                });
            }
            Err(TryLockError::Error(e)) => return Err(OutputError::io(&path, e)),
        }
        // Who holds it, for the message a second process prints.
        let pid = std::process::id();
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "{pid}"));
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        let first = OutputLock::acquire(&target).unwrap();
        match OutputLock::acquire(&target) {
            Err(OutputError::Locked { holder, .. }) => {
                assert_eq!(holder, format!("process {}", std::process::id()))
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        OutputLock::acquire(&target).unwrap();
    }

    #[test]
    fn a_symlinked_lock_file_is_never_followed() {
        let root = tempfile::tempdir().unwrap();
        let victim = root.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, root.path().join(".out.lock")).unwrap();
        assert!(OutputLock::acquire(&root.path().join("out")).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }
}
