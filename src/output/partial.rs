//! One protocol for unfinished work, used by `run`, `sweep` and `merge`
//! alike: lock, stage, records, resume, finish, swap.
//!
//! 1. **Lock** ([`Unfinished::lock`]): one process per output; what a
//!    killed one left beside it is tidied first.
//! 2. **Inspect** ([`Unfinished::inspect`]): the partial folder
//!    `.NAME.partial/` beside the target is absent or an interrupted start
//!    ([`State::Fresh`]), an unfinished run to resume ([`State::Resume`];
//!    the caller checks it is this run's, refusing with
//!    [`Unfinished::mismatch`]), or one to discard ([`State::Discard`],
//!    `--force`). Without either flag an unfinished run is refused, and
//!    the other command's unfinished work is never taken for this one's.
//! 3. **Start** ([`Unfinished::start`]): the target is checked before any
//!    work; a `--resume` whose output is already in place is done; a
//!    discarded partial folder is removed and a new one created. The
//!    caller then creates its records and writes its [`Work::marker`] file
//!    last, so a partial folder without it is an interrupted start.
//! 4. **Finish**: a shard's partial folder becomes the shard folder
//!    ([`Started::finish_shard`]); a whole output is written from the
//!    records into a staging folder that replaces the target, and the
//!    partial folder is deleted ([`Started::finish`]; a merge, which has
//!    no partial folder, uses [`finish_merge`]).
//!
//! Every step goes through [`super::atomic`], which counts each
//! filesystem mutation with `fault::step`. This module knows the
//! folders and the order of the steps; it does not know what the records
//! hold nor which files an output has (the callers' records and `write`
//! steps), and it runs nothing.

use super::atomic::{
    check_target, create_dir, discard_partial, partial_path, remove_own_dir, swap_dir_into,
    write_marker, Overwrite, StagedDir,
};
use super::dialect::{convert_folder, CsvDialect};
use super::layout;
use super::lock::OutputLock;
use super::ownership::{first_foreign_entry, OutputKind, MARKER};
use super::run_info::RunInfo;
use super::OutputError;
use std::fs;
use std::path::{Path, PathBuf};

/// Whose unfinished work: what its messages call it, and its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// `run` or `sweep`, in messages.
    pub noun: &'static str,
    /// The file written last into a new partial folder: a partial folder
    /// without it is an interrupted start.
    pub marker: &'static str,
    /// The marker kind of a finished output.
    pub output: OutputKind,
    /// The marker kind of a shard folder.
    pub shard: OutputKind,
    /// Why a resume may not match, in the refusal.
    pub changed: &'static str,
    /// What to resume with: "files" or "file".
    pub inputs: &'static str,
}

/// `buurtsim run`: `plan.toml` and one folder per scenario.
pub const RUN: Work = Work {
    noun: "run",
    marker: layout::PLAN,
    output: OutputKind::Run,
    shard: OutputKind::RunShard,
    changed: " (a scenario file or an option such as --seed or --replications changed)",
    inputs: "files",
};

/// `buurtsim sweep`: `manifest.toml` and `records.csv`.
pub const SWEEP: Work = Work {
    noun: "sweep",
    marker: layout::MANIFEST,
    output: OutputKind::Sweep,
    shard: OutputKind::SweepShard,
    changed: " (the scenario file or an option such as --replications changed)",
    inputs: "file",
};

/// What to do with the partial folder found beside the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// None there (or one that never got its marker file): start afresh.
    Fresh,
    /// A matching unfinished run to resume.
    Resume,
    /// An unfinished run to discard (`--force` without `--resume`).
    Discard,
}

/// What the protocol did with unfinished work, as every outcome (run,
/// sweep) reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkDone {
    /// Whether an unfinished run was resumed.
    pub resumed: bool,
    /// Results (jobs) found already recorded.
    pub recovered: u64,
    /// Results (jobs) computed by this call.
    pub ran: u64,
    /// Where the unfinished work was kept.
    pub partial: PathBuf,
    /// `--resume` found nothing unfinished and the output folder already
    /// holds this run's finished output (a kill came after it was moved
    /// into place): nothing was run or written.
    pub already_complete: bool,
}

impl WorkDone {
    /// `--resume` found the output already finished.
    pub fn already_complete(partial: PathBuf) -> Self {
        Self {
            resumed: false,
            recovered: 0,
            ran: 0,
            partial,
            already_complete: true,
        }
    }
}

/// What opening an output gave: work to do, or (`--resume` finding the
/// output already finished) the outcome at once.
#[derive(Debug)]
pub enum Opened<F, O> {
    /// The records are ready: run what is missing, then finish.
    Ready(F),
    /// Nothing to run or write.
    Complete(O),
}

/// An output locked for this process, before its work has started.
#[derive(Debug)]
pub struct Unfinished {
    work: Work,
    dir: PathBuf,
    partial: PathBuf,
    /// Held until the work is finished (dropped with it).
    _lock: OutputLock,
}

impl Unfinished {
    /// Take `dir`'s lock (and tidy what a killed command left beside it).
    pub fn lock(dir: &Path, work: Work) -> Result<Self, OutputError> {
        let lock = super::target::prepare(dir)?;
        Ok(Self {
            work,
            dir: dir.to_path_buf(),
            partial: partial_path(dir)?,
            _lock: lock,
        })
    }

    /// The partial folder.
    pub fn partial(&self) -> &Path {
        &self.partial
    }

    /// What is in the partial folder before checking that it belongs to
    /// this run (see the module documentation).
    pub fn inspect(&self, resume: bool, overwrite: Overwrite) -> Result<State, OutputError> {
        partial_state(
            &self.dir,
            &self.partial,
            self.work.marker,
            resume,
            overwrite,
        )
    }

    /// The refusal of a `--resume` whose unfinished work is not this run's:
    /// `field` differs (for `scenario`, if given) between the `old` work and
    /// this `new` command.
    pub fn mismatch(
        &self,
        field: &str,
        scenario: Option<&str>,
        old: &str,
        new: &str,
    ) -> OutputError {
        let whose = scenario.map_or(String::new(), |id| format!(" for scenario {id}"));
        let hint = if matches!(field, "input_hash" | "resolved_scenario") {
            self.work.changed
        } else {
            ""
        };
        let noun = self.work.noun;
        OutputError::Refused {
            reason: format!(
                "cannot resume the unfinished {noun} in {}: `{field}` differs{whose}{hint}: the \
                 unfinished {noun} has {old}, this command has {new}; resume with the same {} \
                 and options, or run without --resume and with --force to discard it and \
                 start over",
                self.partial.display(),
                self.work.inputs
            ),
        }
    }

    /// Start the work as `state` says. `holds_this_output(dir)` says
    /// whether `dir` holds exactly this run's finished output: a resume
    /// killed after its output was moved into place rewrites the same bytes,
    /// and a `--resume` that finds nothing unfinished but that output is
    /// done (`None`). Otherwise the target is checked, a discarded partial
    /// folder removed, and a new one created unless resuming.
    pub fn start(
        self,
        state: State,
        resume: bool,
        overwrite: Overwrite,
        holds_this_output: impl Fn(&Path) -> bool,
    ) -> Result<Option<Started>, OutputError> {
        let overwrite = if state == State::Resume && holds_this_output(&self.dir) {
            Overwrite::Replace
        } else {
            overwrite
        };
        if state == State::Fresh
            && resume
            && self.dir.join(MARKER).is_file()
            && holds_this_output(&self.dir)
        {
            return Ok(None);
        }
        check_target(&self.dir, overwrite)?;
        if state == State::Discard {
            remove_own_dir(&self.partial)?;
        }
        if state != State::Resume {
            create_dir(&self.partial)?;
        }
        Ok(Some(Started {
            unfinished: self,
            overwrite,
            resumed: state == State::Resume,
        }))
    }
}

/// Work under way in its partial folder.
#[derive(Debug)]
pub struct Started {
    unfinished: Unfinished,
    overwrite: Overwrite,
    resumed: bool,
}

impl Started {
    /// The partial folder, where the records are kept.
    pub fn partial(&self) -> &Path {
        &self.unfinished.partial
    }

    /// Whether an unfinished run was resumed.
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// A shard: the partial folder, with `run-info.toml` and the shard
    /// marker, is moved to the target as the shard folder. Gives back the
    /// partial folder's path (for the outcome).
    pub fn finish_shard(self, info: &RunInfo) -> Result<PathBuf, OutputError> {
        let u = &self.unfinished;
        info.write(&u.partial)?;
        write_marker(&u.partial, u.work.shard)?;
        swap_dir_into(&u.partial, &u.dir, self.overwrite)?;
        Ok(u.partial.clone())
    }

    /// A whole output: `write` fills a staging folder from the records,
    /// which is then finished (CSV style, `run-info.toml`) and replaces the target;
    /// the partial folder is deleted. Gives back what `write` gave and the
    /// partial folder's path.
    pub fn finish<T>(
        self,
        csv: CsvDialect,
        info: &RunInfo,
        write: impl FnOnce(&Path) -> Result<T, OutputError>,
    ) -> Result<(T, PathBuf), OutputError> {
        let u = &self.unfinished;
        let staged = StagedDir::create(&u.dir, self.overwrite, u.work.output)?;
        let written = write(staged.path())?;
        finish_output(staged, csv, info, Some(&u.partial))?;
        Ok((written, u.partial.clone()))
    }
}

/// `buurtsim merge`: the output of `kind` written by `write` into a
/// staging folder that replaces `out` (whose lock the caller holds), as
/// [`Started::finish`] does, with no partial folder.
pub fn finish_merge<T>(
    out: &Path,
    overwrite: Overwrite,
    kind: OutputKind,
    csv: CsvDialect,
    info: &RunInfo,
    write: impl FnOnce(&Path) -> Result<T, OutputError>,
) -> Result<T, OutputError> {
    let staged = StagedDir::create(out, overwrite, kind)?;
    let written = write(staged.path())?;
    finish_output(staged, csv, info, None)?;
    Ok(written)
}

/// The last steps of every output folder (run, sweep, merge): the CSV
/// files in the chosen style, `run-info.toml`, the staged folder moved into
/// place, and the partial folder (if any) deleted.
fn finish_output(
    staged: StagedDir,
    csv: CsvDialect,
    info: &RunInfo,
    partial: Option<&Path>,
) -> Result<(), OutputError> {
    convert_folder(staged.path(), csv)?;
    info.write(staged.path())?;
    let target = staged.target().to_path_buf();
    staged.commit()?;
    // The output is complete; a partial folder that cannot be deleted is
    // only clutter (the next command on this output resumes and tidies it).
    if let Some(partial) = partial {
        let _ = discard_partial(partial, &target);
    }
    Ok(())
}

/// What is at `partial` before checking that it belongs to this run:
/// nothing usable ([`State::Fresh`]; a folder without its `marker` file
/// is an interrupted start and is removed), an unfinished run to discard
/// (`--force`), or one to resume (`--resume`; the caller checks it
/// matches). Without either, an unfinished run is refused.
fn partial_state(
    dir: &Path,
    partial: &Path,
    marker: &str,
    resume: bool,
    overwrite: Overwrite,
) -> Result<State, OutputError> {
    match fs::symlink_metadata(partial) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::Fresh),
        Err(e) => return Err(OutputError::io(partial, e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(OutputError::Refused {
                reason: format!(
                    "{} is in the way: buurtsim keeps the unfinished work of a run into {} \
                     there; move it away",
                    partial.display(),
                    dir.display()
                ),
            })
        }
        Ok(_) => {}
    }
    if !partial.join(marker).is_file() {
        return interrupted_start(dir, partial, marker, resume, overwrite);
    }
    if resume {
        return Ok(State::Resume);
    }
    match overwrite {
        Overwrite::Replace => Ok(State::Discard),
        Overwrite::Refuse => Err(OutputError::Refused {
            reason: format!(
                "an unfinished run into {} is kept in {} (it was interrupted, or is still \
                 running); finish it with the same command and --resume, or pass --force \
                 to discard it and start over",
                dir.display(),
                partial.display()
            ),
        }),
    }
}

/// A partial folder without this command's `marker` file: the other
/// command's unfinished work (`run` and `sweep` keep their work in the
/// same place, each with its own marker; it is never deleted without
/// `--force`), or an interrupted start with nothing recorded yet, removed
/// only if everything in it is buurtsim's.
fn interrupted_start(
    dir: &Path,
    partial: &Path,
    marker: &str,
    resume: bool,
    overwrite: Overwrite,
) -> Result<State, OutputError> {
    let other = [RUN, SWEEP]
        .into_iter()
        .find(|w| w.marker != marker && partial.join(w.marker).is_file());
    if let Some(other) = other {
        return match (resume, overwrite) {
            (false, Overwrite::Replace) => Ok(State::Discard),
            _ => Err(OutputError::Refused {
                reason: format!(
                    "{} holds the unfinished work of a `buurtsim {}` into {}; finish it with \
                     that command and --resume, or pass --force (without --resume) to discard \
                     it and start over",
                    partial.display(),
                    other.noun,
                    dir.display()
                ),
            }),
        };
    }
    if let Some(entry) = first_foreign_entry(partial, true)? {
        return Err(OutputError::Refused {
            reason: format!(
                "{} holds {entry}, which buurtsim did not write; buurtsim keeps the \
                 unfinished work of a run into {} in that folder, so move it away",
                partial.display(),
                dir.display()
            ),
        });
    }
    remove_own_dir(partial)?;
    Ok(State::Fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        (root, dir)
    }

    fn info() -> RunInfo {
        RunInfo::ran("run", 1, false, CsvDialect::Plain, false)
    }

    fn refusal(e: OutputError) -> String {
        match e {
            OutputError::Refused { reason } => reason,
            other => panic!("not a refusal: {other}"),
        }
    }

    #[test]
    fn a_new_output_starts_afresh_in_a_new_partial_folder() {
        let (_root, dir) = target();
        let unfinished = Unfinished::lock(&dir, RUN).unwrap();
        assert!(unfinished.partial().ends_with(".out.partial"));
        let state = unfinished.inspect(false, Overwrite::Refuse).unwrap();
        assert_eq!(state, State::Fresh);
        let started = unfinished
            .start(state, false, Overwrite::Refuse, |_| false)
            .unwrap()
            .unwrap();
        assert!(started.partial().is_dir());
        assert!(!started.resumed());
    }

    #[test]
    fn unfinished_work_is_resumed_discarded_or_refused_as_asked() {
        let (_root, dir) = target();
        let partial = partial_path(&dir).unwrap();
        fs::create_dir_all(&partial).unwrap();
        fs::write(partial.join(layout::PLAN), "x").unwrap();
        let unfinished = Unfinished::lock(&dir, RUN).unwrap();
        let e = refusal(unfinished.inspect(false, Overwrite::Refuse).unwrap_err());
        assert!(e.contains("--resume") && e.contains("--force"), "{e}");
        assert_eq!(
            unfinished.inspect(true, Overwrite::Refuse).unwrap(),
            State::Resume
        );
        assert_eq!(
            unfinished.inspect(false, Overwrite::Replace).unwrap(),
            State::Discard
        );
        // A discarded partial folder is replaced by a new, empty one.
        let started = unfinished
            .start(State::Discard, false, Overwrite::Replace, |_| false)
            .unwrap()
            .unwrap();
        assert_eq!(fs::read_dir(started.partial()).unwrap().count(), 0);
    }

    #[test]
    fn the_other_commands_unfinished_work_is_never_taken_for_this_ones() {
        let (_root, dir) = target();
        let partial = partial_path(&dir).unwrap();
        fs::create_dir_all(&partial).unwrap();
        fs::write(partial.join(layout::MANIFEST), "x").unwrap();
        let unfinished = Unfinished::lock(&dir, RUN).unwrap();
        let e = refusal(unfinished.inspect(true, Overwrite::Refuse).unwrap_err());
        assert!(e.contains("`buurtsim sweep`"), "{e}");
        assert!(partial.join(layout::MANIFEST).is_file());
        // Only --force without --resume discards it.
        assert_eq!(
            unfinished.inspect(false, Overwrite::Replace).unwrap(),
            State::Discard
        );
    }

    #[test]
    fn an_interrupted_start_is_removed_only_if_it_is_all_buurtsims() {
        let (_root, dir) = target();
        let partial = partial_path(&dir).unwrap();
        fs::create_dir_all(&partial).unwrap();
        fs::write(partial.join(layout::RECORDS), "x").unwrap();
        let unfinished = Unfinished::lock(&dir, SWEEP).unwrap();
        assert_eq!(
            unfinished.inspect(true, Overwrite::Refuse).unwrap(),
            State::Fresh
        );
        assert!(!partial.exists());
        fs::create_dir_all(&partial).unwrap();
        fs::write(partial.join("notes.txt"), "mine").unwrap();
        let e = refusal(unfinished.inspect(true, Overwrite::Refuse).unwrap_err());
        assert!(e.contains("notes.txt"), "{e}");
        assert!(partial.join("notes.txt").is_file());
    }

    #[test]
    fn a_resume_that_finds_this_output_finished_is_done() {
        let (_root, dir) = target();
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(MARKER), "x").unwrap();
        let unfinished = Unfinished::lock(&dir, RUN).unwrap();
        let done = unfinished
            .start(State::Fresh, true, Overwrite::Refuse, |_| true)
            .unwrap();
        assert!(done.is_none());
        assert!(!partial_path(&dir).unwrap().exists());
    }

    #[test]
    fn a_mismatch_names_the_field_and_what_changed() {
        let (_root, dir) = target();
        let unfinished = Unfinished::lock(&dir, SWEEP).unwrap();
        let e = refusal(unfinished.mismatch("input_hash", None, "a", "b"));
        assert!(
            e.starts_with("cannot resume the unfinished sweep in")
                && e.contains("`input_hash` differs (the scenario file")
                && e.contains("has a, this command has b; resume with the same file and"),
            "{e}"
        );
        drop(unfinished);
        let unfinished = Unfinished::lock(&dir, RUN).unwrap();
        let e = refusal(unfinished.mismatch("seed", Some("x"), "1", "2"));
        assert!(
            e.contains("`seed` differs for scenario x: the unfinished run"),
            "{e}"
        );
    }

    #[test]
    fn a_whole_output_is_staged_then_swapped_in_and_the_partial_folder_deleted() {
        let (_root, dir) = target();
        let started = Unfinished::lock(&dir, RUN)
            .unwrap()
            .start(State::Fresh, false, Overwrite::Refuse, |_| false)
            .unwrap()
            .unwrap();
        let (written, partial) = started
            .finish(CsvDialect::Plain, &info(), |staged| {
                assert!(!staged.starts_with(&dir));
                fs::write(staged.join(layout::SUMMARY), "s").unwrap();
                Ok(7)
            })
            .unwrap();
        assert_eq!(written, 7);
        assert!(!partial.exists());
        for file in [layout::SUMMARY, layout::RUN_INFO, MARKER] {
            assert!(dir.join(file).is_file(), "{file}");
        }
    }

    #[test]
    fn a_shards_partial_folder_becomes_the_shard_folder() {
        let (_root, dir) = target();
        let started = Unfinished::lock(&dir, SWEEP)
            .unwrap()
            .start(State::Fresh, false, Overwrite::Refuse, |_| false)
            .unwrap()
            .unwrap();
        fs::write(started.partial().join(layout::RECORDS), "r").unwrap();
        let partial = started.finish_shard(&info()).unwrap();
        assert!(!partial.exists());
        assert_eq!(fs::read_to_string(dir.join(layout::RECORDS)).unwrap(), "r");
        let marker = fs::read_to_string(dir.join(MARKER)).unwrap();
        assert!(marker.contains("sweep-shard"), "{marker}");
    }
}
