//! The `buurtsim` command line: parse arguments, call the library, print.
//!
//! Everything that computes or writes lives in the library; this file only
//! turns arguments into library calls, drives the progress bar, prints the
//! comparison table, and turns errors into a one-paragraph message and an
//! exit code: 2 for the user's mistakes (bad arguments, a bad scenario file,
//! an output folder that may not be overwritten), 1 for everything else.
//!
//! `buurtsim` without arguments runs the embedded default comparison into
//! `./buurtsim-out/` and replaces that folder if an earlier default run left
//! it there (the default job is meant to be re-run); it never replaces a
//! folder that buurtsim did not write.

use buurtsim::experiment::{
    estimate_memory, estimate_run_time, MemoryEstimate, NullSink, Runner, ScenarioRun, Shard,
};
use buurtsim::output::{
    comparison_table, merge_shards, run_to_folder_until, run_to_folder_with, validation_csv,
    validation_table, write_atomic, Overwrite, RunMode, ScenarioInput, StoppingRule, WriteOptions,
    KEY_METRICS,
};
use buurtsim::scenario::{self, resolved_toml, Scenario};
use buurtsim::validation;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The scenarios of the default comparison, the reference first.
const DEFAULT_SCENARIOS: &[&str] = &[
    "baseline",
    "katwijk-mantelzorg",
    "merenwijk-bop",
    "hlt-hybride-zorg",
    "haaglanden-wijkverpleegkundige",
];

/// Where the default comparison writes.
const DEFAULT_OUT: &str = "buurtsim-out";

/// Width the comparison table wraps at, unless `COLUMNS` says otherwise.
const DEFAULT_TABLE_WIDTH: usize = 140;

/// Simulate care demand in a Dutch neighbourhood and compare interventions.
///
/// Without a command, runs the embedded default comparison (baseline and four
/// regional programmes), prints the comparison table and writes the outputs
/// to ./buurtsim-out/ (replacing an earlier default run).
#[derive(Debug, Parser)]
#[command(name = "buurtsim", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run scenarios and write their outputs; with several, print a comparison against the first.
    Run(RunArgs),
    /// Run a scenario's [sweep]: every point x replication with common random
    /// numbers; write replications.csv, points.csv and manifest.toml.
    Sweep(SweepArgs),
    /// Join shard folders (from `run --shard K/N`) into the output one machine would have written.
    Merge(MergeArgs),
    /// Validate a scenario, print it fully resolved, and estimate its run time.
    Check(CheckArgs),
    /// Run a scenario (default: the embedded baseline) and compare it with the
    /// published Dutch figures in validation/targets.csv; exit code 3 when a
    /// target is missed.
    Validate(ValidateArgs),
    /// Compare finished output folders against the first: paired differences
    /// when they share seed and replications (common random numbers), Welch
    /// intervals otherwise.
    Compare(CompareArgs),
    /// Fit free parameters to the published targets (Nelder-Mead, common
    /// random numbers) as a calibration config says; print the fit table and
    /// the fitted values, and write them to a folder.
    Calibrate(CalibrateArgs),
}

#[derive(Debug, clap::Args)]
struct SweepArgs {
    /// Scenario file (TOML) with a [sweep] table.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output folder: replications.csv, points.csv, manifest.toml.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// Replications per point (default: the sweep's `replications`, else `run.replications`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    replications: Option<u32>,
    #[command(flatten)]
    threads: ThreadsArg,
    /// Replace an existing output folder (only after the sweep has succeeded).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct CompareArgs {
    /// Scenario output folders (each with manifest.toml and replications.csv); the first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Also write every metric's difference as CSV to this file.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct CalibrateArgs {
    /// Calibration config (TOML), e.g. calibration/baseline.toml.
    #[arg(value_name = "CONFIG")]
    config: PathBuf,
    /// Output folder: fitted.toml, fit.csv, fitted-scenario.toml, manifest.toml.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "DIR",
        default_value = "buurtsim-calibration"
    )]
    out: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
    /// Replace an existing output folder (only after the calibration has succeeded).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Scenario file (default: the embedded baseline).
    #[arg(value_name = "SCENARIO")]
    file: Option<PathBuf>,
    /// Replications (at least 50 gives a mean that is not luck of one seed).
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(2..))]
    replications: u32,
    /// Where to write the table as CSV.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        default_value = "buurtsim-validation.csv"
    )]
    out: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Scenario files (TOML); the first is the reference for comparisons.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output folder: one subfolder per scenario, named after the file.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// Replications per scenario (default: the largest `run.replications` of the files).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    replications: Option<u32>,
    /// Master seed for every scenario (default: each file's `run.seed`).
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    seed: Option<u64>,
    #[command(flatten)]
    threads: ThreadsArg,
    /// Replace an existing output folder (only after the new run has succeeded);
    /// Print the estimated run time and memory, check the scenarios, and stop.
    #[arg(long)]
    dry_run: bool,
    /// without --resume, also discard an unfinished run into it.
    #[arg(long)]
    force: bool,
    /// Run only shard K of N of the replications (r % N == K - 1) and write a
    /// shard folder for `buurtsim merge`; `slurm` reads SLURM_ARRAY_TASK_ID
    /// and SLURM_ARRAY_TASK_COUNT.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Finish an interrupted run into the same -o folder (kept in .DIR.partial
    /// beside it): run only the replications it had not recorded.
    #[arg(long)]
    resume: bool,
    /// Stopping rule: add batches of --replications until the 95% CI
    /// half-width of the --precision-metrics is below P x |mean| in every
    /// scenario (0 < P < 1, e.g. 0.02), or --max-replications are done.
    #[arg(long, value_name = "P", value_parser = parse_precision)]
    precision: Option<f64>,
    /// With --precision: the most replications to run.
    #[arg(long, value_name = "N", requires = "precision",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_replications: Option<u32>,
    /// With --precision: the metrics to check, comma-separated (default:
    /// gp_contacts_per_resident_year,carers_heavily_burdened_share).
    #[arg(long, value_name = "METRIC,...", requires = "precision", value_delimiter = ',',
          value_parser = parse_metric)]
    precision_metrics: Vec<String>,
}

/// `--precision`: a number over 0 and under 1.
fn parse_precision(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if p > 0.0 && p < 1.0 {
        Ok(p)
    } else {
        Err(format!(
            "{text} is out of range: valid is over 0 and under 1 (a share of the mean, e.g. 0.02)"
        ))
    }
}

/// `--precision-metrics`: a metric name.
fn parse_metric(text: &str) -> Result<String, String> {
    let name = text.trim();
    if buurtsim::model::METRICS.iter().any(|m| m.name == name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "unknown metric `{name}`; the metrics are the columns of replications.csv, \
             e.g. gp_contacts_per_resident_year, carers_heavily_burdened_share"
        ))
    }
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// Shard folders, written by `buurtsim run ... --shard K/N -o DIR`.
    #[arg(required = true, value_name = "SHARD")]
    shards: Vec<PathBuf>,
    /// Output folder: what one machine running every replication would have written.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// Replace an existing output folder (only after the merge has succeeded).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
}

#[derive(Debug, clap::Args)]
struct ThreadsArg {
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    threads: Option<u32>,
}

impl ThreadsArg {
    /// 0 means all cores to the library.
    fn get(&self) -> usize {
        self.threads.map_or(0, |t| t as usize)
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
fn emit(text: &str) {
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
enum Failure {
    /// The user's mistake: exit code 2.
    User(String),
    /// Anything else: exit code 1.
    Internal(String),
    /// The program worked, but the model missed published targets: exit code 3.
    TargetsMissed(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version exit 0, usage errors 2, with clap's message.
        Err(e) => e.exit(),
    };
    // A panic is a bug in buurtsim, never the user's fault: say so in one
    // paragraph instead of a backtrace, and exit 1.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "buurtsim: internal error: {info}. This is a bug in buurtsim, not in your input; \
             please report it with the command you ran."
        );
    }));
    match std::panic::catch_unwind(|| dispatch(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::User(msg))) => {
            eprintln!("buurtsim: {msg}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Internal(msg))) => {
            eprintln!("buurtsim: {msg}");
            ExitCode::from(1)
        }
        Ok(Err(Failure::TargetsMissed(msg))) => {
            eprintln!("buurtsim: {msg}");
            ExitCode::from(3)
        }
        Err(_) => ExitCode::from(1),
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => run_default(),
        Some(Command::Run(args)) => run_files(&args),
        Some(Command::Sweep(args)) => sweep(&args),
        Some(Command::Merge(args)) => merge(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Calibrate(args)) => calibrate(&args),
        Some(Command::Compare(args)) => compare(&args),
    }
}

/// `buurtsim`: the embedded default comparison into `./buurtsim-out/`.
fn run_default() -> Result<(), Failure> {
    let mut inputs = Vec::new();
    for name in DEFAULT_SCENARIOS {
        let scenario = load_embedded(name)?;
        inputs.push((name.to_string(), format!("embedded:{name}.toml"), scenario));
    }
    run_inputs(
        inputs,
        Path::new(DEFAULT_OUT),
        None,
        None,
        WriteOptions {
            threads: 0,
            overwrite: Overwrite::Replace,
        },
        RunMode::default(),
        None,
    )
}

/// `buurtsim run FILE... -o DIR`.
fn run_files(args: &RunArgs) -> Result<(), Failure> {
    let shard = match args.shard.as_deref() {
        None => None,
        Some("slurm") => Some(Shard::from_slurm(|name| std::env::var(name).ok())),
        Some(text) => Some(text.parse::<Shard>()),
    }
    .transpose()
    .map_err(|e| Failure::User(e.to_string()))?;
    let mode = RunMode {
        resume: args.resume,
        shard,
    };
    let rule = args.precision.map(|precision| StoppingRule {
        precision,
        max_replications: args
            .max_replications
            .map_or(StoppingRule::DEFAULT_MAX_REPLICATIONS, u64::from),
        metrics: if args.precision_metrics.is_empty() {
            StoppingRule::DEFAULT_METRICS
                .iter()
                .map(|m| m.to_string())
                .collect()
        } else {
            args.precision_metrics.clone()
        },
    });
    if rule.is_some() && (mode.resume || mode.shard.is_some()) {
        return Err(Failure::User(format!(
            "--precision cannot be combined with {} yet: a stopping rule decides the number of \
             replications as it goes, so run it whole and uninterrupted, or give a fixed \
             --replications",
            if mode.resume { "--resume" } else { "--shard" }
        )));
    }
    let mut inputs = Vec::new();
    for file in &args.files {
        let scenario = load_file(file)?;
        scenario::ensure_no_sweep(&scenario)
            .map_err(|e| Failure::User(format!("{}: {e}", file.display())))?;
        let id = file_id(file)?;
        inputs.push((id, file.display().to_string(), scenario));
    }
    if args.dry_run {
        return dry_run(&inputs, args.replications, args.threads.get());
    }
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    run_inputs(
        inputs,
        &args.out,
        args.replications,
        args.seed,
        WriteOptions {
            threads: args.threads.get(),
            overwrite,
        },
        mode,
        rule,
    )
}

/// Apply overrides, run, write, and print the table.
fn run_inputs(
    inputs: Vec<(String, String, Scenario)>,
    out: &Path,
    replications: Option<u32>,
    seed: Option<u64>,
    options: WriteOptions,
    mode: RunMode,
    rule: Option<StoppingRule>,
) -> Result<(), Failure> {
    // Paired differences need the same replication indices in every
    // scenario: all run the same number, the largest any file asks for.
    let reps = replications.unwrap_or_else(|| {
        inputs
            .iter()
            .map(|i| i.2.run.replications)
            .max()
            .unwrap_or(1)
    });
    let mut resolved = Vec::new();
    for (id, source, mut scenario) in inputs {
        scenario.run.replications = reps;
        if let Some(seed) = seed {
            scenario.run.seed = seed;
        }
        revalidate(&id, &scenario)?;
        let resolved_toml = resolved_toml(&scenario);
        resolved.push(ScenarioInput {
            run: ScenarioRun { id, scenario },
            source,
            resolved_toml,
        });
    }
    let inputs = resolved;
    let scenarios: Vec<&Scenario> = inputs.iter().map(|i| &i.run.scenario).collect();
    refuse_if_too_big(&estimate_memory(&scenarios, options.threads))?;

    let slice = mode
        .shard
        .map_or(u64::from(reps), |s| s.len(u64::from(reps)));
    // With a stopping rule the count is not known ahead: the bar runs to the cap.
    let planned = rule.as_ref().map_or(slice, |r| r.max_replications);
    install_interrupt_handler(out, rule.is_none());
    let bar = progress_bar(inputs.len() as u64 * planned);
    let tick = || bar.inc(1);
    let result = match &rule {
        None => run_to_folder_with(out, &inputs, u64::from(reps), options, mode, &tick),
        Some(rule) => run_to_folder_until(out, &inputs, u64::from(reps), rule, options, &tick),
    };
    bar.finish_and_clear();
    let outcome = result?;
    if outcome.resumed {
        eprintln!(
            "buurtsim: resumed the unfinished run in {}: {} of {} replications were already done.",
            outcome.partial.display(),
            outcome.recovered,
            outcome.recovered + outcome.ran
        );
    } else if mode.resume {
        eprintln!("buurtsim: no unfinished run to resume; ran from the beginning.");
    }
    if let Some(shard) = mode.shard {
        eprintln!(
            "buurtsim: wrote shard {shard} to {}: {slice} of {reps} replications of {} on {}; \
             join all {} shards with `buurtsim merge SHARD... -o DIR`.",
            out.display(),
            inputs
                .iter()
                .map(|i| i.run.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            threads_text(outcome.summary.threads),
            shard.n()
        );
        return Ok(());
    }
    let summary = outcome.summary;
    let reps = summary.replications;
    if let Some(why) = &outcome.stopped {
        eprintln!("buurtsim: stopped after {reps} replications: {why}.");
    }

    if inputs.len() > 1 {
        let runs: Vec<ScenarioRun> = inputs.iter().map(|i| i.run.clone()).collect();
        emit(&comparison_table(
            &runs,
            &summary,
            KEY_METRICS,
            table_width(),
        ));
    }
    let folders: Vec<String> = inputs.iter().map(|i| format!("{}/", i.run.id)).collect();
    eprintln!(
        "buurtsim: wrote {} ({}{}), {reps} replications on {}.",
        out.display(),
        folders.join(", "),
        if inputs.len() > 1 {
            ", comparison.csv"
        } else {
            ""
        },
        threads_text(summary.threads),
    );
    Ok(())
}

/// `buurtsim merge SHARD... -o DIR`.
fn merge(args: &MergeArgs) -> Result<(), Failure> {
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let outcome = merge_shards(&args.shards, &args.out, overwrite)?;
    if outcome.runs.len() > 1 {
        emit(&comparison_table(
            &outcome.runs,
            &outcome.summary,
            KEY_METRICS,
            table_width(),
        ));
    }
    eprintln!(
        "buurtsim: merged {} shards into {}: {} replications of {}.",
        outcome.shards,
        args.out.display(),
        outcome.summary.replications,
        outcome
            .runs
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// `buurtsim sweep FILE -o DIR`.
fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    use buurtsim::experiment::SweepPlan;
    use buurtsim::output::{sweep_to_folder, SweepInput, SweepOptions};
    let mut scenario = load_file(&args.file)?;
    let id = file_id(&args.file)?;
    if let (Some(n), Some(sweep)) = (args.replications, scenario.sweep.as_mut()) {
        sweep.replications = Some(n);
    }
    revalidate(&id, &scenario)?;
    let plan = SweepPlan::new(&scenario)
        .map_err(|e| Failure::User(format!("{}: {e}", args.file.display())))?;
    let (points, reps) = (plan.len(), plan.replications);
    let input = SweepInput {
        id,
        source: args.file.display().to_string(),
        resolved_toml: resolved_toml(&scenario),
        plan,
    };
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let options = SweepOptions::new(args.threads.get(), overwrite);
    let bar = progress_bar(points as u64 * u64::from(reps));
    let tick = || bar.inc(1);
    let started = std::time::Instant::now();
    let result = sweep_to_folder(&args.out, &input, options, &tick);
    bar.finish_and_clear();
    let summary = result?;
    eprintln!(
        "buurtsim: wrote {} (replications.csv, points.csv, manifest.toml): {points} points x \
         {reps} replications on {} in {:.0} s.",
        args.out.display(),
        threads_text(summary.threads),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `buurtsim check FILE`.
fn check(args: &CheckArgs) -> Result<(), Failure> {
    let scenario = load_file(&args.file)?;
    let est = estimate_run_time(&scenario, args.threads.get());
    let memory = estimate_memory(&[&scenario], args.threads.get());
    // Comments, so the output stays a valid scenario file.
    emit(&format!(
        "{}\n# {} is valid. Estimated run time: {} for {} replications on {}\n\
         # (one replication: {} on one thread; a rough estimate from a two-year pilot run).\n\
         # Estimated {}{}.\n",
        resolved_toml(&scenario),
        args.file.display(),
        human_duration(est.total),
        scenario.run.replications,
        threads_text(est.threads),
        human_duration(est.per_replication),
        memory_text(&memory),
        if memory.exceeds_available() {
            ": TOO MUCH, `run` would refuse it"
        } else {
            ""
        }
    ));
    Ok(())
}

/// `buurtsim validate [SCENARIO]`.
fn validate(args: &ValidateArgs) -> Result<(), Failure> {
    let (id, mut scenario) = match &args.file {
        Some(file) => (file_id(file)?, load_file(file)?),
        None => ("baseline".to_string(), load_embedded("baseline")?),
    };
    scenario.run.replications = args.replications;
    revalidate(&id, &scenario)?;
    let runner = Runner::new(args.threads.get()).map_err(|e| Failure::Internal(e.to_string()))?;
    let bar = progress_bar(u64::from(args.replications));
    let tick = || bar.inc(1);
    let runs = [ScenarioRun { id, scenario }];
    let summary = runner
        .run(&runs, u64::from(args.replications), &tick, &mut NullSink)
        .map_err(|e: std::convert::Infallible| Failure::Internal(e.to_string()))?;
    bar.finish_and_clear();
    let checks = validation::check(&validation::targets(), &summary.scenarios[0].metrics, 0.0);
    emit(&validation_table(&checks));
    let csv = validation_csv(&checks).map_err(|e| Failure::Internal(e.to_string()))?;
    write_atomic(&args.out, &csv)?;
    eprintln!("buurtsim: wrote {}", args.out.display());
    let missed: Vec<&str> = checks
        .iter()
        .filter(|c| !c.within)
        .map(|c| c.target.id.as_str())
        .collect();
    if missed.is_empty() {
        Ok(())
    } else {
        Err(Failure::TargetsMissed(format!(
            "{} of {} targets outside their tolerance: {}.",
            missed.len(),
            checks.len(),
            missed.join(", ")
        )))
    }
}

/// `buurtsim compare DIR_A DIR_B ...`.
fn compare(args: &CompareArgs) -> Result<(), Failure> {
    use buurtsim::output::folders::{
        compare_folders, folder_comparison_csv, folder_comparison_table, read_folder,
    };
    let folders = args
        .dirs
        .iter()
        .map(|d| read_folder(d))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::from)?;
    let (reference, others) = folders.split_first().expect("clap requires two folders");
    // Results of different program versions differ for reasons other than
    // the scenario: refuse rather than compare them.
    if let Some(other) = others.iter().find(|f| f.version != reference.version) {
        return Err(Failure::User(format!(
            "{} was written by buurtsim {} and {} by buurtsim {}: the field `buurtsim_version` \
             differs, so the difference would not be the scenarios' alone; rerun one of them",
            reference.path.display(),
            reference.version,
            other.path.display(),
            other.version
        )));
    }
    let compared: Vec<_> = others
        .iter()
        .map(|f| (f.clone(), compare_folders(reference, f)))
        .collect();
    emit(&folder_comparison_table(reference, &compared, KEY_METRICS));
    if let Some(out) = &args.out {
        let csv = folder_comparison_csv(reference, &compared)
            .map_err(|e| Failure::Internal(e.to_string()))?;
        write_atomic(out, &csv).map_err(Failure::from)?;
        eprintln!("buurtsim: wrote {}", out.display());
    }
    Ok(())
}

/// `buurtsim calibrate CONFIG`.
fn calibrate(args: &CalibrateArgs) -> Result<(), Failure> {
    use buurtsim::calibration;
    use buurtsim::output::StagedDir;
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    let problem = calibration::load_config(&args.config).map_err(Failure::from)?;
    // Refuse the output folder now, not after the search.
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let staged = StagedDir::create(&args.out, overwrite).map_err(Failure::from)?;
    let runner = Runner::new(args.threads.get()).map_err(|e| Failure::Internal(e.to_string()))?;
    eprintln!(
        "buurtsim: calibrating {} to {}: Nelder-Mead, at most {} evaluations of {} replications \
         each (seed {}), on {}.",
        plural(problem.parameters.len(), "parameter"),
        plural(problem.targets.len(), "target"),
        problem.max_evaluations,
        problem.replications,
        problem.seed,
        threads_text(runner.threads()),
    );

    // A bar on a terminal; quiet in pipes and CI, like every long command.
    let terminal = std::io::stderr().is_terminal();
    let bar = if terminal {
        let style = ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} evaluations, best objective {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(
            Some(problem.max_evaluations as u64),
            ProgressDrawTarget::stderr(),
        )
        .with_style(style);
        bar.enable_steady_tick(Duration::from_millis(500));
        bar
    } else {
        ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let mut observer = |e: &calibration::Evaluation| {
        if terminal {
            bar.set_position(e.index.min(e.max_evaluations) as u64);
            bar.set_message(format!("{:.4}", e.best));
        }
    };
    let result = calibration::calibrate(&problem, &runner, &mut observer);
    bar.finish_and_clear();
    let fit = result.map_err(Failure::from)?;

    emit(&format!(
        "{}\n# Fitted by `buurtsim calibrate {}` (objective {:.4}); paste into the scenario \
         or the defaults:\n{}",
        calibration::fit_table(&problem, &fit),
        args.config.display(),
        fit.objective_fit,
        calibration::defaults_snippet(&problem, &fit),
    ));
    calibration::write_outputs(staged, &problem, &fit).map_err(Failure::from)?;
    eprintln!(
        "buurtsim: wrote {} ({}, {}, {}, manifest.toml) in {:.0} s.",
        args.out.display(),
        calibration::FITTED_TOML,
        calibration::FIT_CSV,
        calibration::FITTED_SCENARIO,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `run --dry-run`: the estimates, and whether the run would be refused.
fn dry_run(
    inputs: &[(String, String, Scenario)],
    replications: Option<u32>,
    threads: usize,
) -> Result<(), Failure> {
    let mut text = String::new();
    for (id, _, scenario) in inputs {
        let mut scenario = scenario.clone();
        if let Some(r) = replications {
            scenario.run.replications = r;
        }
        let est = estimate_run_time(&scenario, threads);
        text.push_str(&format!(
            "{id}: {} replications, {} on {} (one replication: {})\n",
            scenario.run.replications,
            human_duration(est.total),
            threads_text(est.threads),
            human_duration(est.per_replication)
        ));
    }
    let scenarios: Vec<&Scenario> = inputs.iter().map(|i| &i.2).collect();
    let memory = estimate_memory(&scenarios, threads);
    text.push_str(&format!("{}\n", memory_text(&memory)));
    emit(&text);
    refuse_if_too_big(&memory)
}

/// Ctrl-C during a run: the replications finished so far are on disk in
/// the partial folder (each is flushed as it completes), so stop at once,
/// say how many are kept and print the exact command that finishes the run.
fn install_interrupt_handler(out: &Path, resumable: bool) {
    let partial = buurtsim::output::atomic::partial_path(out).ok();
    let mut command: Vec<String> = std::env::args().collect();
    let default_run = command.len() == 1;
    command.retain(|a| a != "--force");
    if !command.iter().any(|a| a == "--resume") {
        command.push("--resume".to_string());
    }
    let how = if resumable && !default_run {
        format!(
            "to finish the run, resume it with:\n  {}",
            shell_words(&command)
        )
    } else {
        "this run cannot be resumed (the default run and runs with --precision start afresh); \
         run the same command again"
            .to_string()
    };
    // Only the first handler counts; a second run in one process keeps it.
    let _ = ctrlc::set_handler(move || {
        let (kept, place) = match &partial {
            Some(p) => (recorded_replications(p), p.display().to_string()),
            None => (0, "the partial folder".to_string()),
        };
        eprintln!(
            "\nbuurtsim: interrupted; {kept} finished replications are kept in {place}; {how}"
        );
        std::process::exit(130);
    });
}

/// Complete rows in the record files of a partial folder.
fn recorded_replications(partial: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(partial) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path().join(buurtsim::output::records::RECORDS_FILE))
        .filter_map(|path| std::fs::read(path).ok())
        .map(|bytes| {
            bytes
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                .saturating_sub(1) as u64
        })
        .sum()
}

/// Arguments as a shell command line, quoted where needed.
fn shell_words(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
            {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refuse, before any work, a run that would not fit in memory.
fn refuse_if_too_big(est: &MemoryEstimate) -> Result<(), Failure> {
    if est.exceeds_available() {
        return Err(Failure::User(format!(
            "this run needs about {} of memory ({} per replication x {} at a time, plus {}), \
             but the machine has {} available; use fewer --threads or fewer residents",
            mebibytes(est.total),
            mebibytes(est.per_replication),
            threads_text(est.threads),
            mebibytes(buurtsim::experiment::estimate::BASE_BYTES),
            est.available.map_or("?".to_string(), mebibytes),
        )));
    }
    Ok(())
}

fn mebibytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10_240.0 {
        format!("{:.1} GiB", mb / 1024.0)
    } else {
        format!("{mb:.0} MiB")
    }
}

/// The memory estimate as a sentence (for `check` and `run --dry-run`).
fn memory_text(est: &MemoryEstimate) -> String {
    format!(
        "memory about {} ({} per replication x {}){}",
        mebibytes(est.total),
        mebibytes(est.per_replication),
        threads_text(est.threads),
        est.available
            .map_or(String::new(), |a| format!("; available {}", mebibytes(a)))
    )
}

/// The scenario id: the file stem, which names the output folder.
fn file_id(path: &Path) -> Result<String, Failure> {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Failure::User(format!("{} is not a scenario file name", path.display())))
}

/// A progress bar with rate and ETA on a terminal; hidden otherwise (CI, pipes).
fn progress_bar(total: u64) -> ProgressBar {
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

fn table_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(DEFAULT_TABLE_WIDTH)
}

fn threads_text(n: usize) -> String {
    if n == 1 {
        "1 thread".to_string()
    } else {
        format!("{n} threads")
    }
}

fn human_duration(d: Duration) -> String {
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
fn load_file(path: &Path) -> Result<Scenario, Failure> {
    scenario::load(path).map_err(|e| Failure::User(e.to_string()))
}

/// Load one of the scenarios compiled into the binary; a failure here is a
/// broken build, not the user's doing.
fn load_embedded(name: &str) -> Result<Scenario, Failure> {
    scenario::load_embedded(name).map_err(|e| Failure::Internal(e.to_string()))
}

/// Check a scenario again after command-line overrides.
fn revalidate(id: &str, scenario: &Scenario) -> Result<(), Failure> {
    scenario::validate(scenario)
        .map_err(|e| Failure::User(format!("{id} with the command-line options: {e}")))
}
