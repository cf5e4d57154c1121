//! The append-only row file under both kinds of records (a run's and a
//! sweep's `records.csv`): written one sealed row at a time, recovered
//! after a kill, read back row by row, and refused when it was changed.
//!
//! Every row carries a checksum over its content and the run's identity
//! ([`super::checksum`]). Recovery (`--resume`) silently drops only what a
//! kill leaves: a last row without its newline. A complete row whose
//! checksum fails, a row repeated or out of order, and a records file that
//! is a symbolic link or not a regular file are refused with one line that
//! names the file (and line) and says what to do. The advice depends on
//! where the file is: in an unfinished run's partial folder (`.NAME.partial`,
//! [`super::atomic::partial_path`]) it is about `--resume` and `--force`;
//! elsewhere (a shard folder given to `merge`) about running the shard again.

use super::checksum::RecordIdentity;
use super::OutputError;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Why a complete row whose checksum fails is refused.
pub(crate) const BAD_CHECKSUM: &str = "the row's checksum does not match its contents (the file \
     was changed after buurtsim wrote it, or the row was copied from another scenario, seed or run)";

/// Why a complete, intact row that holds `found` is refused where
/// `expected` belongs (`None`: past the last row the run has); both in
/// words, e.g. `replication 3`.
pub(crate) fn misplaced(found: &str, expected: Option<&str>) -> String {
    match expected {
        Some(expected) => format!(
            "the row holds {found} where {expected} belongs (a repeated, moved or missing row: \
             the file was changed after buurtsim wrote it)"
        ),
        None => format!(
            "the row holds {found}, more than the run has (a repeated or added row: the file \
             was changed after buurtsim wrote it)"
        ),
    }
}

/// Whether `path` lies in an unfinished run's partial folder (`.NAME.partial`).
fn in_partial_folder(path: &Path) -> bool {
    path.ancestors().skip(1).take(2).any(|dir| {
        dir.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') && n.ends_with(".partial"))
    })
}

/// `cannot resume` or `cannot merge`, and how to start that work over,
/// for a records file that cannot be used as it is.
fn verb_and_rerun(path: &Path) -> (&'static str, &'static str) {
    if in_partial_folder(path) {
        (
            "cannot resume",
            "run the same command with --force instead of --resume to discard the unfinished \
             run and start over",
        )
    } else {
        (
            "cannot merge",
            "run that shard again (the same command that wrote it, with --force)",
        )
    }
}

/// The refusal of line `line` of the records file `path`, for `what`.
pub(crate) fn row_refusal(path: &Path, line: u64, what: &str) -> OutputError {
    let (verb, rerun) = verb_and_rerun(path);
    let repair = if in_partial_folder(path) {
        format!(
            "delete line {line} and every line after it and resume to run only those \
             replications again"
        )
    } else {
        "put back the folder as buurtsim wrote it".to_string()
    };
    OutputError::Refused {
        reason: format!(
            "{verb}: {} line {line}: {what}; {rerun}, or {repair}",
            path.display()
        ),
    }
}

/// The refusal of a records file that is not a regular file.
fn file_refusal(path: &Path, what: &str) -> OutputError {
    let (verb, rerun) = verb_and_rerun(path);
    OutputError::Refused {
        reason: format!(
            "{verb}: {} is {what}, not the records file buurtsim wrote (buurtsim never follows, \
             cuts or appends to it); put the file itself in its place, or {rerun}",
            path.display()
        ),
    }
}

/// Open an existing records file with `options`, refusing a symbolic link,
/// a folder, a FIFO or a device (checked before opening, so a FIFO cannot
/// block, and again on the open file, so a link put there meanwhile is not
/// followed). `None` when there is no file.
fn open_regular(path: &Path, options: &OpenOptions) -> Result<Option<File>, OutputError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(OutputError::io(path, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(file_refusal(path, "a symbolic link"));
    }
    if !meta.is_file() {
        return Err(file_refusal(path, "not a regular file"));
    }
    let file = options.open(path).map_err(|e| OutputError::io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let opened = file.metadata().map_err(|e| OutputError::io(path, e))?;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(file_refusal(
                path,
                "a file that was replaced while opening it",
            ));
        }
    }
    Ok(Some(file))
}

/// Read the first line of `reader` and check it is `header`.
fn check_header(
    reader: &mut impl BufRead,
    path: &Path,
    header: &str,
    wrong_header: &str,
) -> Result<u64, OutputError> {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| OutputError::io(path, e))?;
    if line != header {
        return Err(OutputError::Unreadable {
            path: path.to_path_buf(),
            reason: wrong_header.to_string(),
        });
    }
    Ok(line.len() as u64)
}

/// An append-only records file: the header at creation, then each sealed
/// row in one write straight to the file (no buffer in this process, so a
/// kill loses at most the row being written).
#[derive(Debug)]
pub(crate) struct RowFile {
    file: File,
    path: PathBuf,
    identity: RecordIdentity,
    buf: String,
}

impl RowFile {
    /// Start a new file with its `header` (which ends with the checksum
    /// column). The file must not exist yet: it is created in a folder
    /// just made, and nothing there is followed or overwritten.
    pub(crate) fn create(
        path: &Path,
        header: &str,
        identity: RecordIdentity,
    ) -> Result<Self, OutputError> {
        super::fault::step(path).map_err(|e| OutputError::io(path, e))?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| OutputError::io(path, e))?;
        file.write_all(header.as_bytes())
            .map_err(|e| OutputError::io(path, e))?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
            identity,
            buf: String::new(),
        })
    }

    /// Reopen a file left by an interrupted run for appending: check its
    /// `header` (else refuse with `wrong_header`) and every complete row's
    /// checksum, and `check` each row's content in order (`Err(what)`
    /// refuses that line: repeated, out of order, more than planned).
    /// Only a last row without its newline (cut short by a kill) is
    /// dropped; the file is returned positioned after the complete rows,
    /// with their number. A missing file is started afresh.
    pub(crate) fn recover(
        path: &Path,
        header: &str,
        wrong_header: &str,
        identity: RecordIdentity,
        mut check: impl FnMut(&str) -> Result<(), String>,
    ) -> Result<(Self, u64), OutputError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true);
        let Some(mut file) = open_regular(path, &options)? else {
            return Ok((Self::create(path, header, identity)?, 0));
        };
        let mut reader = BufReader::new(&file);
        let mut keep = check_header(&mut reader, path, header, wrong_header)?;
        let mut line = String::new();
        let mut done = 0;
        loop {
            line.clear();
            let n = reader
                .read_line(&mut line)
                .map_err(|e| OutputError::io(path, e))?;
            let Some(row) = line.strip_suffix('\n') else {
                break; // the end of the file, or a last row cut short by a kill
            };
            let number = done + 2;
            let content = identity
                .unseal(row)
                .ok_or_else(|| row_refusal(path, number, BAD_CHECKSUM))?;
            check(content).map_err(|what| row_refusal(path, number, &what))?;
            keep += n as u64;
            done += 1;
        }
        drop(reader);
        super::fault::step(path).map_err(|e| OutputError::io(path, e))?;
        file.set_len(keep).map_err(|e| OutputError::io(path, e))?;
        file.seek(SeekFrom::Start(keep))
            .map_err(|e| OutputError::io(path, e))?;
        let path = path.to_path_buf();
        let buf = String::new();
        Ok((
            Self {
                file,
                path,
                identity,
                buf,
            },
            done,
        ))
    }

    /// Append one row's `content` (no newline), sealed with its checksum,
    /// in one write.
    pub(crate) fn append(&mut self, content: &str) -> Result<(), OutputError> {
        self.buf.clear();
        self.identity.seal(content, &mut self.buf);
        super::fault::step(&self.path).map_err(|e| OutputError::io(&self.path, e))?;
        self.file
            .write_all(self.buf.as_bytes())
            .map_err(|e| OutputError::io(&self.path, e))
    }

    /// Sync the file to disk.
    pub(crate) fn sync(&self) -> Result<(), OutputError> {
        super::fault::step(&self.path).map_err(|e| OutputError::io(&self.path, e))?;
        self.file
            .sync_all()
            .map_err(|e| OutputError::io(&self.path, e))
    }
}

/// A records file read back row by row, after its header is checked;
/// every row's checksum is checked as it is read.
#[derive(Debug)]
pub(crate) struct RowLines {
    reader: BufReader<File>,
    path: PathBuf,
    identity: RecordIdentity,
    line: String,
    line_number: u64,
}

impl RowLines {
    /// Open `path` and check that it starts with `header` (else refuse
    /// with `wrong_header`).
    pub(crate) fn open(
        path: &Path,
        header: &str,
        wrong_header: &str,
        identity: RecordIdentity,
    ) -> Result<Self, OutputError> {
        let file = open_regular(path, OpenOptions::new().read(true))?.ok_or_else(|| {
            OutputError::Unreadable {
                path: path.to_path_buf(),
                reason: "it is missing".to_string(),
            }
        })?;
        let mut reader = BufReader::new(file);
        check_header(&mut reader, path, header, wrong_header)?;
        Ok(Self {
            reader,
            path: path.to_path_buf(),
            identity,
            line: String::new(),
            line_number: 1,
        })
    }

    /// The next row's content, parsed by `parse`; `None` at the end of the
    /// file; refused, naming the line, for a row that is cut short, whose
    /// checksum fails or that does not parse.
    pub(crate) fn next<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, OutputError> {
        self.line.clear();
        let n = self
            .reader
            .read_line(&mut self.line)
            .map_err(|e| OutputError::io(&self.path, e))?;
        if n == 0 {
            return Ok(None);
        }
        self.line_number += 1;
        let Some(row) = self.line.strip_suffix('\n') else {
            return Err(self.refusal("the row is cut short (not a complete record)"));
        };
        let Some(content) = self.identity.unseal(row) else {
            return Err(self.refusal(BAD_CHECKSUM));
        };
        match parse(content) {
            Some(row) => Ok(Some(row)),
            None => Err(self.refusal("the row is not a complete record")),
        }
    }

    /// The refusal of the line last read, for `what`.
    pub(crate) fn refusal(&self, what: &str) -> OutputError {
        row_refusal(&self.path, self.line_number, what)
    }

    /// An error about this file as a whole.
    pub(crate) fn error(&self, reason: String) -> OutputError {
        OutputError::Unreadable {
            path: self.path.clone(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "n,x,check\n";

    fn id() -> RecordIdentity {
        RecordIdentity::new("run", "fnv1a64:0000000000000001", 1, "a")
    }

    fn write_rows(path: &Path, rows: &[&str]) {
        let mut f = RowFile::create(path, HEADER, id()).unwrap();
        for r in rows {
            f.append(r).unwrap();
        }
    }

    fn in_order(next: &mut u64) -> impl FnMut(&str) -> Result<(), String> + '_ {
        |row| {
            let n: u64 = row.split(',').next().unwrap().parse().unwrap();
            let want = *next;
            *next += 1;
            (n == want)
                .then_some(())
                .ok_or(format!("{n} is not {want}"))
        }
    }

    #[test]
    fn recover_drops_only_a_cut_last_row_and_refuses_a_changed_one() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".out.partial/a");
        fs::create_dir_all(&partial).unwrap();
        let path = partial.join(crate::output::layout::RECORDS);
        write_rows(&path, &["0,1.5", "1,2.5"]);
        let whole = fs::read_to_string(&path).unwrap();
        // A kill in the middle of the third row.
        fs::write(&path, format!("{whole}2,3.")).unwrap();
        let mut next = 0;
        let (mut f, done) =
            RowFile::recover(&path, HEADER, "x", id(), in_order(&mut next)).unwrap();
        assert_eq!(done, 2);
        f.append("2,3.5").unwrap();
        drop(f);
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(&whole) && text.lines().count() == 4,
            "{text}"
        );

        // A changed number: refused, the file left as it was.
        let changed = text.replace("2,3.5,", "2,3.6,");
        fs::write(&path, &changed).unwrap();
        let mut next = 0;
        let e = RowFile::recover(&path, HEADER, "x", id(), in_order(&mut next))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cannot resume: "), "{e}");
        assert!(e.contains("records.csv line 4: the row's checksum"), "{e}");
        assert!(e.contains("delete line 4"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), changed);

        // A row refused by the order check names its line.
        fs::write(&path, format!("{whole}{}", &whole[HEADER.len()..])).unwrap();
        let mut next = 0;
        let e = RowFile::recover(&path, HEADER, "x", id(), in_order(&mut next))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 4: 0 is not 2;"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.csv");
        write_rows(&target, &["0,1.5"]);
        let before = fs::read(&target).unwrap();
        let shard = dir.path().join("shard/a");
        fs::create_dir_all(&shard).unwrap();
        let path = shard.join(crate::output::layout::RECORDS);
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let e = RowLines::open(&path, HEADER, "x", id())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cannot merge: "), "{e}");
        assert!(e.contains("records.csv is a symbolic link"), "{e}");
        let mut next = 0;
        assert!(RowFile::recover(&path, HEADER, "x", id(), in_order(&mut next)).is_err());
        assert_eq!(fs::read(&target).unwrap(), before);
        // A folder in its place.
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        let e = RowLines::open(&path, HEADER, "x", id())
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not a regular file"), "{e}");
    }

    #[test]
    fn lines_refuse_a_cut_or_foreign_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::output::layout::RECORDS);
        write_rows(&path, &["0,1.5"]);
        let text = fs::read_to_string(&path).unwrap();
        let mut lines = RowLines::open(&path, HEADER, "x", id()).unwrap();
        assert_eq!(
            lines.next(|r| Some(r.to_string())).unwrap().unwrap(),
            "0,1.5"
        );
        assert!(lines.next(|r| Some(r.to_string())).unwrap().is_none());

        fs::write(&path, text.trim_end()).unwrap();
        let mut lines = RowLines::open(&path, HEADER, "x", id()).unwrap();
        let e = lines.next(|_| Some(())).unwrap_err().to_string();
        assert!(e.contains("line 2: the row is cut short"), "{e}");

        fs::write(&path, &text).unwrap();
        let other = RecordIdentity::new("run", "fnv1a64:0000000000000001", 2, "a");
        let mut lines = RowLines::open(&path, HEADER, "x", other).unwrap();
        let e = lines.next(|_| Some(())).unwrap_err().to_string();
        assert!(
            e.contains("line 2: the row's checksum does not match"),
            "{e}"
        );
    }
}
