//! Bounded reading of files that a user, or an earlier run, left on disk.
//!
//! Every file buurtsim reads back (scenario files and their `extends`
//! targets, calibration configs, and the manifests, plans and CSV files of
//! output folders) goes through [`read_bounded`], so that a path naming a
//! named pipe, a socket, a device or a folder is refused at once instead of
//! blocking forever (`mkfifo`) or filling memory (`/dev/zero`), and a file
//! larger than its kind can sensibly be is refused before it is read,
//! instead of aborting on a failed allocation. The error says what the path
//! is, in one line, so the command-line layer can print it as a user error.
//!
//! The checks: `stat` the path (following symlinks, so a link to a regular
//! file is fine and a link to a FIFO is not), open it with `O_NONBLOCK` (so
//! a FIFO swapped in after the `stat` still cannot block the open), check
//! the open handle again with `fstat` (so what is read is what was checked),
//! then read at most `limit + 1` bytes, so a file that grows while it is
//! read is still cut off at the limit.
//!
//! This module sits at the crate root because both `scenario` and `output`
//! use it; it depends on neither.

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// One mebibyte.
const MIB: u64 = 1 << 20;

/// The most a TOML file buurtsim reads may hold: scenario files, `extends`
/// targets, calibration configs, manifests and plans. The largest shipped
/// scenario is a few KiB and a manifest holds one resolved scenario, so
/// 16 MiB is far above any real file and still cheap to hold in memory.
pub const TOML_LIMIT: u64 = 16 * MIB;

/// The most a CSV file of an output folder may hold when its size does not
/// follow from the manifest (`timeseries.csv`, `summary.csv`,
/// `comparison.csv`, `points.csv`): these have a row per month, metric or
/// sweep point, and stay below a few MiB even for 200 years or 100,000
/// sweep points' worth of summaries; 256 MiB is generous. `replications.csv`
/// gets [`csv_limit`] from its manifest instead, since a run may legitimately
/// have a million replications.
pub const CSV_LIMIT: u64 = 256 * MIB;

/// Bytes allowed per CSV cell in [`csv_limit`]: the longest number
/// buurtsim writes (`-1.2345678901234567e-300`) is 24 characters, plus the
/// separator.
const BYTES_PER_CELL: u64 = 32;

/// The most a CSV file of `rows` rows and `columns` columns, as a manifest
/// states them, may hold: 32 bytes a cell and 1 MiB for the header and
/// slack (a byte-order mark, line ends).
pub fn csv_limit(rows: u64, columns: u64) -> u64 {
    rows.saturating_mul(columns)
        .saturating_mul(BYTES_PER_CELL)
        .saturating_add(MIB)
}

/// Why a file was not read. Displays as the reason only (`it is a named
/// pipe (FIFO), not a regular file`), for callers to put after the path:
/// `cannot read PATH: REASON`.
#[derive(Debug)]
pub enum BoundedReadError {
    /// The path is a folder (or a link to one).
    Folder,
    /// The path is something other than a regular file or a folder: the
    /// words for what it is (`a named pipe (FIFO)`).
    Special(&'static str),
    /// The file is larger than `limit`.
    TooBig {
        /// Its size, when known (`None`: it grew past the limit while read).
        size: Option<u64>,
        /// The most it may hold.
        limit: u64,
        /// What kind of file this is, for the message (`a scenario file`).
        what: String,
    },
    /// The file is not UTF-8 text ([`read_text_bounded`] only).
    NotUtf8,
    /// The operating system's error (no such file, no permission, ...).
    Io(io::Error),
}

impl BoundedReadError {
    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for BoundedReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Folder => write!(f, "it is a folder, not a regular file"),
            Self::Special(kind) => write!(f, "it is {kind}, not a regular file"),
            Self::TooBig { size, limit, what } => {
                let limit_text = size_text(*limit);
                match size {
                    // "16.0 MiB; at most 16 MiB" would read as no difference.
                    Some(n) if size_text(*n) == limit_text => write!(f, "it is {n} bytes")?,
                    Some(n) => write!(f, "it is {}", size_text(*n))?,
                    None => write!(f, "it is more than {limit_text}")?,
                }
                write!(f, "; {what} may be at most {limit_text}")
            }
            Self::NotUtf8 => write!(f, "it is not UTF-8 text"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BoundedReadError {}

/// For callers whose errors carry an [`io::Error`]: the operating system's
/// own errors stay as they are, the refusals become `InvalidData` (the
/// file's content or kind is wrong, not the machine).
impl From<BoundedReadError> for io::Error {
    fn from(e: BoundedReadError) -> Self {
        match e {
            BoundedReadError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// The file at `path`, if it is a regular file (or a link to one) of at
/// most `limit` bytes; `what` names its kind in the message (`a scenario
/// file`, `a manifest`). Never blocks on a FIFO and never holds more than
/// `limit + 1` bytes.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, BoundedReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(BoundedReadError::Io)?.len();
    check_size(size, limit, what)?;
    // `size <= limit` here, so the capacity is bounded too.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(BoundedReadError::Io)?;
    if bytes.len() as u64 > limit {
        // It grew while it was read.
        return Err(BoundedReadError::TooBig {
            size: None,
            limit,
            what: what.to_string(),
        });
    }
    Ok(bytes)
}

/// As [`read_bounded`], as UTF-8 text.
pub fn read_text_bounded(path: &Path, limit: u64, what: &str) -> Result<String, BoundedReadError> {
    String::from_utf8(read_bounded(path, limit, what)?).map_err(|_| BoundedReadError::NotUtf8)
}

/// Open `path` for reading if it is a regular file (or a link to one),
/// without blocking: checked before the open and again on the open handle.
/// For readers that stream a file instead of reading it whole.
pub fn open_regular(path: &Path) -> Result<File, BoundedReadError> {
    check_kind(&std::fs::metadata(path).map_err(BoundedReadError::Io)?)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(BoundedReadError::Io)?;
    // The path may have been replaced between the stat and the open.
    check_kind(&file.metadata().map_err(BoundedReadError::Io)?)?;
    Ok(file)
}

/// The number of line ends in `file`, read in fixed-size pieces (memory
/// stays small however large the file is); a read error ends the count.
pub fn count_lines(mut file: File) -> u64 {
    let mut buffer = [0u8; 64 * 1024];
    let mut lines = 0;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return lines,
            Ok(n) => lines += buffer[..n].iter().filter(|&&b| b == b'\n').count() as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return lines,
        }
    }
}

/// Refuse anything but a regular file.
fn check_kind(metadata: &Metadata) -> Result<(), BoundedReadError> {
    let kind = metadata.file_type();
    if kind.is_file() {
        Ok(())
    } else if kind.is_dir() {
        Err(BoundedReadError::Folder)
    } else if kind.is_fifo() {
        Err(BoundedReadError::Special("a named pipe (FIFO)"))
    } else if kind.is_socket() {
        Err(BoundedReadError::Special("a socket"))
    } else if kind.is_char_device() {
        Err(BoundedReadError::Special("a character device"))
    } else if kind.is_block_device() {
        Err(BoundedReadError::Special("a block device"))
    } else {
        Err(BoundedReadError::Special("not a file"))
    }
}

/// Refuse a size over `limit`.
fn check_size(size: u64, limit: u64, what: &str) -> Result<(), BoundedReadError> {
    if size <= limit {
        Ok(())
    } else {
        Err(BoundedReadError::TooBig {
            size: Some(size),
            limit,
            what: what.to_string(),
        })
    }
}

/// A size for people: `512 bytes`, `16 MiB`, `1.5 GiB`.
fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut unit = 0;
    let mut scale = 1024u64;
    while unit + 1 < UNITS.len() && bytes >= scale * 1024 {
        unit += 1;
        scale *= 1024;
    }
    if bytes.is_multiple_of(scale) {
        format!("{} {}", bytes / scale, UNITS[unit])
    } else {
        format!("{:.1} {}", bytes as f64 / scale as f64, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(16 * MIB), "16 MiB");
        assert_eq!(size_text(17 * MIB + MIB / 2), "17.5 MiB");
        assert_eq!(size_text(1 << 30), "1 GiB");
        assert_eq!(size_text((1 << 30) + 1), "1.0 GiB");
    }

    #[test]
    fn reads_a_small_file_and_refuses_a_large_one_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"name = 1\n").unwrap();
        assert_eq!(read_bounded(&path, 9, "x").unwrap(), b"name = 1\n");
        let err = read_bounded(&path, 8, "a scenario file").unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is 9 bytes; a scenario file may be at most 8 bytes"
        );
        // Sparse: no disk used, and refused before any byte is read.
        let big = dir.path().join("big.toml");
        File::create(&big).unwrap().set_len(1 << 30).unwrap();
        let err = read_bounded(&big, TOML_LIMIT, "a scenario file").unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is 1 GiB; a scenario file may be at most 16 MiB"
        );
        let mut f = File::create(dir.path().join("c")).unwrap();
        f.write_all(&[0xff]).unwrap();
        assert!(matches!(
            read_text_bounded(&dir.path().join("c"), 10, "x"),
            Err(BoundedReadError::NotUtf8)
        ));
    }

    #[test]
    fn refuses_folders_devices_and_fifos_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bounded(dir.path(), TOML_LIMIT, "x").unwrap_err();
        assert_eq!(err.to_string(), "it is a folder, not a regular file");
        let err = read_bounded(Path::new("/dev/zero"), TOML_LIMIT, "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is a character device, not a regular file"
        );
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for path in [&fifo, &link] {
            let err = read_bounded(path, TOML_LIMIT, "x").unwrap_err();
            assert_eq!(
                err.to_string(),
                "it is a named pipe (FIFO), not a regular file"
            );
        }
        let missing = read_bounded(&dir.path().join("none"), 1, "x").unwrap_err();
        assert!(missing.is_not_found(), "{missing}");
    }
}
