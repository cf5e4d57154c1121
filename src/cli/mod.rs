//! The command handlers, one module per command; this module holds what
//! they share: the failure type and its exit codes, output helpers, the
//! progress bar and scenario loading.

pub(crate) mod calibrate;
pub(crate) mod check;
pub(crate) mod compare;
pub(crate) mod merge;
pub(crate) mod one_line;
pub(crate) mod report;
pub(crate) mod run;
pub(crate) mod sensitivity;
pub(crate) mod sweep;
pub(crate) mod validate;
pub(crate) mod wijken;

use buurtsim::analysis::shift::write_ledger;
use buurtsim::experiment::{
    estimate_memory, estimate_memory_for_jobs, estimate_run_time, MemoryEstimate, NullSink, Runner,
    ScenarioRun, Shard,
};
use buurtsim::output::dialect::{to_dialect, CsvDialect};
use buurtsim::output::{
    comparison_table, merge_shards, validation_csv, validation_table, write_atomic, LedgerWriter,
    Overwrite, RunFolder, RunMode, ScenarioInput, StoppingRule, WriteOptions, KEY_METRICS,
};
use buurtsim::scenario::{self, resolved_toml, Scenario};
use buurtsim::validation;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `--relevant METRIC=VALUE`: a minimal relevant difference of one's own.
#[derive(Debug, clap::Args)]
pub(crate) struct RelevantArg {
    /// A minimal relevant difference of your own for one metric, over the
    /// reference scenario's [relevance] and buurtsim's defaults: a number in
    /// the metric's unit (carers_heavily_burdened_share=0.005) or a
    /// percentage of the reference mean (gp_contacts_per_resident_year=2%);
    /// repeat for more metrics
    #[arg(long = "relevant", value_name = "METRIC=VALUE",
          value_parser = buurtsim::experiment::relevance::parse_relevant)]
    pub(crate) relevant: Vec<(String, buurtsim::experiment::relevance::Rule)>,
}

impl RelevantArg {
    /// Apply to a scenario's `[relevance]`, so the run's manifests record
    /// it and `compare` and `report` judge the same way later.
    pub(crate) fn apply_to(&self, scenario: &mut Scenario) {
        use buurtsim::experiment::relevance::Rule;
        for (metric, rule) in &self.relevant {
            let r = &mut scenario.relevance;
            r.absolute.remove(metric);
            r.relative.remove(metric);
            match *rule {
                Rule::Absolute(x) => r.absolute.insert(metric.clone(), x),
                Rule::Relative(f) => r.relative.insert(metric.clone(), f),
                Rule::EurPer1000Residents(_) => None, // never parsed from the command line
            };
        }
    }

    /// Apply to a folder read as the reference of a comparison.
    pub(crate) fn apply_to_folder(&self, folder: &mut buurtsim::analysis::folders::Folder) {
        for (metric, rule) in &self.relevant {
            folder.thresholds.set(metric, *rule);
        }
    }
}

/// `--wide`: the comparison table with every scenario side by side.
#[derive(Debug, clap::Args)]
pub(crate) struct WideArg {
    /// Print the comparison table with all scenarios side by side, however
    /// wide (default: every line fits 100 columns, one block of columns per
    /// scenario that does not fit beside the others)
    #[arg(long)]
    pub(crate) wide: bool,
}

impl WideArg {
    /// The width table lines and sentences may take.
    pub(crate) fn width(&self) -> usize {
        table_width(self.wide)
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct ThreadsArg {
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    threads: Option<u32>,
}

/// `--csv plain|excel-nl`.
#[derive(Debug, clap::Args)]
pub(crate) struct CsvArg {
    /// CSV style: `plain` (RFC 4180 with a decimal dot, for R, pandas and
    /// Python) or `excel-nl` (semicolons, decimal commas and a UTF-8 BOM,
    /// so Dutch Excel opens the files into the right columns).
    #[arg(long = "csv", value_name = "STYLE", default_value = "plain",
          value_parser = |s: &str| s.parse::<CsvDialect>())]
    pub(crate) csv: CsvDialect,
}

/// `--discount`: discounted cumulative amounts in `shift.csv` (and the
/// report), at the Zorginstituut guideline's rates. Off by default: the
/// plain cumulative amounts are what a board reads first.
#[derive(Debug, clap::Args)]
pub(crate) struct DiscountArg {
    /// Also discount the shift ledger's cumulative amounts over the measured
    /// years (shift.csv: discount_rate, discounted_cumulative_amount): 3% a
    /// year for euros, 1.5% for effects (Zorginstituut Richtlijn 2024; year
    /// t weighted 1/(1+r)^(t-1))
    #[arg(long)]
    discount: bool,
}

impl DiscountArg {
    /// The rates, when asked for.
    pub(crate) fn discount(&self) -> Option<buurtsim::stats::discount::Discount> {
        self.discount
            .then_some(buurtsim::stats::discount::Discount::GUIDELINE_2024)
    }
}

impl ThreadsArg {
    /// 0 means all cores to the library.
    fn get(&self) -> usize {
        self.threads.map_or(0, |t| t as usize)
    }
}

/// Run what an opened output still needs on `threads` worker threads (0 =
/// all cores): `experiment` starts the replications, `output` keeps their
/// records and writes the files.
pub(crate) fn run_opened<S>(
    opened: buurtsim::output::Opened<S, S::Outcome>,
    threads: usize,
    progress: &dyn buurtsim::experiment::Progress,
) -> Result<S::Outcome, buurtsim::output::OutputError>
where
    S: buurtsim::experiment::JobStore<Error = buurtsim::output::OutputError>,
{
    match opened {
        buurtsim::output::Opened::Complete(outcome) => Ok(outcome),
        buurtsim::output::Opened::Ready(store) => {
            let runner = Runner::new(threads)
                .map_err(|e| buurtsim::output::OutputError::ThreadPool(e.to_string()))?;
            buurtsim::experiment::run_store(&runner, store, progress)
        }
    }
}

/// Whose mistake an output error is decides the exit code.
impl From<buurtsim::output::OutputError> for Failure {
    fn from(e: buurtsim::output::OutputError) -> Self {
        if e.is_user_error() {
            Failure::User(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    }
}

impl From<buurtsim::calibration::CalibrationError> for Failure {
    fn from(e: buurtsim::calibration::CalibrationError) -> Self {
        if e.is_user_error() {
            Failure::User(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    }
}

/// Write to standard output. A closed pipe (`buurtsim check x | head`) is
/// not an error: stop quietly with success, as other Unix tools do.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("buurtsim: could not write to standard output: {e}");
        std::process::exit(1);
    }
}

/// A failure, with whose it is to fix.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The user's mistake: exit code 2.
    User(String),
    /// Anything else: exit code 1.
    Internal(String),
    /// The program worked, but the model missed published targets: exit code 3.
    TargetsMissed(String),
}

/// Refuse, before any work, a run that would not fit in memory.
pub(crate) fn refuse_if_too_big(est: &MemoryEstimate) -> Result<(), Failure> {
    if est.exceeds_available() {
        return Err(Failure::User(format!(
            "this run needs about {} of memory ({} per replication x {} at a time, plus {}), \
             but the machine has {} available; use fewer --threads, fewer residents or fewer \
             years",
            mebibytes(est.total),
            mebibytes(est.per_replication),
            est.in_flight,
            mebibytes(buurtsim::experiment::estimate::BASE_BYTES),
            est.available.map_or("?".to_string(), mebibytes),
        )));
    }
    Ok(())
}

pub(crate) fn mebibytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10_240.0 {
        format!("{:.1} GiB", mb / 1024.0)
    } else {
        format!("{mb:.0} MiB")
    }
}

/// The memory estimate as a sentence (for `check` and `run --dry-run`).
pub(crate) fn memory_text(est: &MemoryEstimate) -> String {
    format!(
        "memory about {} ({} per replication x {} at a time on {}){}",
        mebibytes(est.total),
        mebibytes(est.per_replication),
        est.in_flight,
        threads_text(est.threads),
        est.available
            .map_or(String::new(), |a| format!("; available {}", mebibytes(a)))
    )
}

/// `--shard K/N` or `--shard slurm` (from SLURM_ARRAY_TASK_ID and
/// SLURM_ARRAY_TASK_COUNT).
pub(crate) fn parse_shard(text: Option<&str>) -> Result<Option<Shard>, Failure> {
    match text {
        None => None,
        Some("slurm") => Some(Shard::from_slurm(|name| std::env::var(name).ok())),
        Some(text) => Some(text.parse::<Shard>()),
    }
    .transpose()
    .map_err(|e| Failure::User(e.to_string()))
}

/// `--force`: replace an existing output folder (after success).
pub(crate) fn overwrite_if(force: bool) -> Overwrite {
    if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    }
}

/// The scenario id: the file stem, which names the output folder.
pub(crate) fn file_id(path: &Path) -> Result<String, Failure> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Failure::User(format!("{} is not a scenario file name", path.display())))?;
    let plain = stem != "."
        && stem != ".."
        && !stem.contains(['/', '\\'])
        && !stem.chars().any(char::is_control)
        && stem.len() <= 100;
    if !plain {
        return Err(Failure::User(format!(
            "the scenario file {} would name its output folder {stem:?}, which is not a plain \
             folder name (not `.` or `..`, no control characters, at most 100 bytes); rename \
             the file",
            path.display()
        )));
    }
    Ok(stem)
}

/// A progress bar with rate and ETA on a terminal; hidden otherwise (CI, pipes).
pub(crate) fn progress_bar(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {pos}/{len} replications ({per_sec}, ETA {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    let bar =
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(style);
    bar.enable_steady_tick(Duration::from_millis(500));
    bar
}

/// The comparison table's width: 100 columns, or unlimited with `--wide`.
pub(crate) fn table_width(wide: bool) -> usize {
    if wide {
        usize::MAX
    } else {
        buurtsim::output::table::TABLE_WIDTH
    }
}

/// The headline of the compared scenarios in `out` (folders named by the
/// runs' ids, the first the reference), in English for the terminal:
/// read back from the files just written, so it says what `report` will.
pub(crate) fn print_headline(out: &Path, runs: &[buurtsim::experiment::ScenarioRun], width: usize) {
    use buurtsim::analysis::folders::read_folder;
    use buurtsim::report::headline::{headline_text, Side};
    let read: Result<Vec<_>, _> = runs.iter().map(|r| read_folder(&out.join(&r.id))).collect();
    let Ok(folders) = read else {
        return; // the table above says it all; the files are the record
    };
    let sides: Vec<Side<'_>> = folders
        .iter()
        .zip(runs)
        .map(|(folder, run)| Side {
            folder,
            name: &run.scenario.name,
        })
        .collect();
    emit(&format!(
        "\n{}",
        headline_text(
            sides[0],
            &sides[1..],
            buurtsim::report::Lang::En,
            width.min(buurtsim::output::table::TABLE_WIDTH)
        )
    ));
}

pub(crate) fn threads_text(n: usize) -> String {
    if n == 1 {
        "1 thread".to_string()
    } else {
        format!("{n} threads")
    }
}

pub(crate) fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        "under a second".to_string()
    } else if s < 90.0 {
        format!("about {s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("about {:.0} min", s / 60.0)
    } else {
        format!("about {:.1} h", s / 3600.0)
    }
}

// --- Scenario loading: thin wrappers over `buurtsim::scenario`. ---

/// Load, merge and validate a scenario file; every scenario error is the
/// user's to fix, and its message already names file, line and key.
pub(crate) fn load_file(path: &Path) -> Result<Scenario, Failure> {
    let scenario = scenario::load(path).map_err(|e| Failure::User(e.to_string()))?;
    // `[relevance]` names metrics, which only the model knows.
    buurtsim::experiment::relevance::Thresholds::from_settings(&scenario.relevance)
        .map_err(|e| Failure::User(format!("{}: {e}", path.display())))?;
    Ok(scenario)
}

/// Load one of the scenarios compiled into the binary; a failure here is a
/// broken build, not the user's doing.
pub(crate) fn load_embedded(name: &str) -> Result<Scenario, Failure> {
    scenario::load_embedded(name).map_err(|e| Failure::Internal(e.to_string()))
}

/// Check a scenario again after command-line overrides.
pub(crate) fn revalidate(id: &str, scenario: &Scenario) -> Result<(), Failure> {
    scenario::validate(scenario)
        .map_err(|e| Failure::User(format!("{id} with the command-line options: {e}")))
}

/// Before any work: can an output (a folder for `run`/`sweep`, a file for
/// `validate -o`) be created at `out`? Everything is written beside it
/// (staging and partial folders) or inside it, so the nearest existing
/// folder above it must be a folder the user may write to, and so must an
/// existing output folder (replacing it moves it). A file in the way, no
/// permission, or a read-only file system is the user's to fix (exit 2),
/// said before a long run rather than after it; anything else is left for
/// the write itself to report.
pub(crate) fn ensure_writable(out: &Path, what: &str) -> Result<(), Failure> {
    use buurtsim::output::nearest_existing;
    if what != "file" {
        buurtsim::output::target::check_path(out)?;
    }
    let Some(above) = nearest_existing(out) else {
        return Ok(());
    };
    let shown = out.display();
    match std::fs::metadata(above) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Failure::User(format!(
                "cannot create the {what} {shown}: {} is a file, not a folder, so nothing can \
                 be created inside it; choose another path with -o",
                above.display()
            )))
        }
        Ok(_) => {}
        Err(_) => return Ok(()),
    }
    let mut folders = vec![above];
    if out.is_dir() {
        folders.push(out);
    }
    for folder in folders {
        let probe = tempfile::Builder::new()
            .prefix(".buurtsim-write-test-")
            .tempfile_in(folder);
        if let Err(e) = probe {
            if buurtsim::output::is_user_io_error(&e) {
                let why = if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem {
                    "is on a read-only file system"
                } else {
                    "is not writable for you (permission denied)"
                };
                let f = folder.display();
                return Err(Failure::User(format!(
                    "cannot create the {what} {shown}: {f} {why}; choose a folder you may \
                     write to with -o, or make {f} writable (chmod u+w {f})"
                )));
            }
        }
    }
    Ok(())
}
