//! Why an output could not be written or read back: the one error type of
//! `output`, with whose mistake it is (the exit code) and a message that
//! says what to do. Knows the output's file names (for messages), nothing
//! of how outputs are written.

use std::path::PathBuf;

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target folder exists, is not empty, and `--force` was not given.
    #[error(
        "the output folder {} already exists and is not empty; choose another folder with -o, \
         or pass --force to replace it (the old folder is kept until the new run has succeeded)",
        .path.display()
    )]
    NotEmpty {
        /// The target folder.
        path: PathBuf,
    },
    /// `--force` was given for a folder without buurtsim's ownership marker.
    #[error(
        "refusing to replace {}: it has no {} marker, so it was not written by this buurtsim \
         (another program, you, or a buurtsim from before output folders carried the marker); \
         nothing was changed. If it is an old buurtsim output you no longer need, delete it \
         yourself (rm -r {}), or choose another folder with -o",
        .path.display(), super::layout::MARKER, .path.display()
    )]
    NoMarker {
        /// The target folder.
        path: PathBuf,
    },
    /// `--force` was given for an output folder that holds something
    /// buurtsim did not write.
    #[error(
        "refusing to replace {}: it holds {}, which buurtsim did not write; nothing was \
         changed. Move that out of the folder, or choose another folder with -o",
        .path.display(), .entry
    )]
    ForeignEntry {
        /// The target folder.
        path: PathBuf,
        /// The first entry that is not buurtsim's (relative to the folder).
        entry: String,
    },
    /// Another process is writing the same output.
    #[error(
        "{} is in use: {} is writing to it (it holds the lock {}); wait until it has finished, \
         or choose another folder with -o",
        .path.display(), .holder, .lock.display()
    )]
    Locked {
        /// The output folder.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// Who holds the lock (`process 1234`).
        holder: String,
    },
    /// The target exists and is a file or a link.
    #[error("the output path {} exists and is not a folder; choose another path with -o", .path.display())]
    NotAFolder {
        /// The target path.
        path: PathBuf,
    },
    /// The target has no folder name of its own (`.`, `..`, `/`).
    #[error("the output path {} cannot be used: give a folder name, e.g. -o out/", .path.display())]
    BadPath {
        /// The target path.
        path: PathBuf,
    },
    /// An output file (`report -o`, `validate -o`) exists and `--force`
    /// was not given.
    #[error(
        "the file {} already exists; choose another name with -o, or pass --force to replace it \
         (it is replaced only after the new file is complete)",
        .path.display()
    )]
    FileExists {
        /// The output file.
        path: PathBuf,
    },
    /// The output path breaks a rule found before any work.
    #[error("cannot use -o {}: {reason}", .path.display())]
    PathRule {
        /// The output path as given.
        path: PathBuf,
        /// Which rule, and what to give instead.
        reason: String,
    },
    /// Two scenarios would write to the same folder.
    #[error(
        "two scenarios would both write to the folder {id}/ (scenario folders are named after \
         the file name); rename one of the files"
    )]
    DuplicateId {
        /// The shared identifier.
        id: String,
    },
    /// The worker thread pool could not be started.
    #[error("cannot start the worker threads: {0}")]
    ThreadPool(String),
    /// An output folder to read back (compare) is missing a file or malformed.
    #[error("cannot read {}: {reason}", .path.display())]
    Unreadable {
        /// The file involved.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Stored work cannot be used as asked: a `--resume` or `merge` whose
    /// folders do not match (the message names the field), a missing or
    /// duplicate shard, or an unfinished run in the way.
    #[error("{reason}")]
    Refused {
        /// The whole message.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}", io_message(path, source))]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl OutputError {
    /// Whether the error is the user's to fix (wrong path, missing `--force`,
    /// a folder they may not write to, a file where a folder belongs) rather
    /// than a failure of the machine (disk full, an I/O error).
    pub fn is_user_error(&self) -> bool {
        match self {
            OutputError::Io { source, .. } => is_user_io_error(source),
            OutputError::ThreadPool(_) => false,
            _ => true,
        }
    }

    /// Whether the disk (or the quota) is full: the finished work is kept,
    /// and the command says how to go on once there is space.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, OutputError::Io { source, .. }
            if matches!(source.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded))
    }

    /// A CSV writer's failure: its I/O error as it is (so a full disk is
    /// still a full disk), anything else as "other".
    pub(crate) fn csv(path: impl Into<PathBuf>, error: csv::Error) -> Self {
        let source = match error.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => std::io::Error::other(format!("{other:?}")),
        };
        OutputError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        OutputError::Io {
            path: path.into(),
            source,
        }
    }
}

/// I/O failures that a different `-o` (or `chmod`) fixes: no permission,
/// a read-only file system, a file where a folder is needed.
pub fn is_user_io_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        error.kind(),
        PermissionDenied | ReadOnlyFilesystem | NotADirectory
    )
}

/// The nearest folder above `path` that exists (or `path`'s first existing
/// ancestor that is not a folder): where the operating system said no.
pub fn nearest_existing(path: &std::path::Path) -> Option<&std::path::Path> {
    path.ancestors()
        .skip(1)
        .map(|p| {
            if p.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                p
            }
        })
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// One paragraph for a failed read or write: for the user's mistakes, what
/// is in the way and what to do; otherwise the operating system's reason.
fn io_message(path: &std::path::Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let shown = path.display();
    let above = nearest_existing(path).map(|p| p.display().to_string());
    let above = above.as_deref().unwrap_or("the folder above it");
    match source.kind() {
        ErrorKind::NotADirectory => format!(
            "cannot write {shown}: {above} is a file, not a folder, so nothing can be created \
             inside it; choose another path with -o"
        ),
        ErrorKind::PermissionDenied => format!(
            "cannot write {shown}: permission denied in {above}; choose a folder you may write \
             to with -o, or make {above} writable (chmod u+w {above})"
        ),
        ErrorKind::ReadOnlyFilesystem => format!(
            "cannot write {shown}: {above} is on a read-only file system; choose another folder \
             with -o"
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => format!(
            "cannot write {shown}: the disk is full ({}); free some space and run the same \
             command again",
            plain_io(source)
        ),
        _ => format!("cannot write {shown}: {}", plain_io(source)),
    }
}

/// The operating system's reason without the temporary file's path that
/// `tempfile` appends (" at path \"/x/.tmp-Ab12\"").
fn plain_io(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" at path \"") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
