//! `buurtsim run` and the default run without arguments.

use super::*;

/// The scenarios of the default comparison, the reference first.
pub(crate) const DEFAULT_SCENARIOS: &[&str] = &[
    "baseline",
    "katwijk-mantelzorg",
    "merenwijk-bop",
    "hlt-hybride-zorg",
    "haaglanden-wijkverpleegkundige",
];

/// Where the default comparison writes.
pub(crate) const DEFAULT_OUT: &str = "buurtsim-out";

#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
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
    #[command(flatten)]
    csv: CsvArg,
    #[command(flatten)]
    discount: DiscountArg,
    /// Print the estimated run time and memory, check the scenarios, and stop.
    #[arg(long)]
    dry_run: bool,
    /// Replace an existing output folder (only after the new run has succeeded);
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
    #[command(flatten)]
    wide: WideArg,
    #[command(flatten)]
    relevant: RelevantArg,
}

/// `--precision`: a number over 0 and under 1.
pub(crate) fn parse_precision(text: &str) -> Result<f64, String> {
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
pub(crate) fn parse_metric(text: &str) -> Result<String, String> {
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

/// `buurtsim`: the embedded default comparison into `./buurtsim-out/`.
pub(crate) fn run_default() -> Result<(), Failure> {
    let mut inputs = Vec::new();
    for name in DEFAULT_SCENARIOS {
        let scenario = load_embedded(name)?;
        inputs.push((name.to_string(), format!("embedded:{name}.toml"), scenario));
    }
    run_inputs(
        inputs,
        Path::new(DEFAULT_OUT),
        Overrides::default(),
        0,
        WriteOptions {
            overwrite: Overwrite::Replace,
            csv: CsvDialect::Plain,
            ledger: LedgerWriter {
                write: write_ledger,
                discount: None,
            },
        },
        RunMode::default(),
        None,
    )
}

/// `buurtsim run FILE... -o DIR`.
pub(crate) fn run_files(args: &RunArgs) -> Result<(), Failure> {
    let shard = parse_shard(args.shard.as_deref())?;
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
    if rule.is_some() && mode.shard.is_some() {
        return Err(Failure::User(
            buurtsim::output::stopping::SHARDED_RULE.to_string(),
        ));
    }
    let mut inputs = Vec::new();
    for file in &args.files {
        let mut scenario = load_file(file)?;
        // Only the reference's `[relevance]` is read: the others keep their
        // resolved text and input hash.
        if inputs.is_empty() {
            args.relevant.apply_to(&mut scenario);
        }
        scenario::ensure_no_sweep(&scenario)
            .map_err(|e| Failure::User(format!("{}: {e}", file.display())))?;
        let id = file_id(file)?;
        inputs.push((id, file.display().to_string(), scenario));
    }
    if args.dry_run {
        return dry_run(&inputs, args.replications, args.threads.get());
    }
    let overwrite = overwrite_if(args.force);
    run_inputs(
        inputs,
        &args.out,
        Overrides {
            replications: args.replications,
            seed: args.seed,
            wide: args.wide.wide,
        },
        args.threads.get(),
        WriteOptions {
            overwrite,
            csv: args.csv.csv,
            ledger: LedgerWriter {
                write: write_ledger,
                discount: args.discount.discount(),
            },
        },
        mode,
        rule,
    )
}

/// What the command line sets for every scenario.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Overrides {
    /// `--replications`; default: the largest `run.replications` of the files.
    pub(crate) replications: Option<u32>,
    /// `--seed`; default: each file's `run.seed`.
    pub(crate) seed: Option<u64>,
    /// `--wide`: the table with all scenarios side by side.
    pub(crate) wide: bool,
}

/// Apply overrides, run on `threads` threads (0 = all cores), write, and
/// print the table.
pub(crate) fn run_inputs(
    inputs: Vec<(String, String, Scenario)>,
    out: &Path,
    Overrides {
        replications,
        seed,
        wide,
    }: Overrides,
    threads: usize,
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
    refuse_if_too_big(&estimate_memory(&scenarios, threads))?;
    ensure_writable(out, "output folder")?;

    let slice = mode
        .shard
        .map_or(u64::from(reps), |s| s.len(u64::from(reps)));
    // With a stopping rule the count is not known ahead: the bar runs to the cap.
    let planned = rule.as_ref().map_or(slice, |r| r.max_replications);
    install_interrupt_handler(out);
    let bar = progress_bar(inputs.len() as u64 * planned);
    let tick = || bar.inc(1);
    let result = match &rule {
        None => RunFolder::open(out, &inputs, u64::from(reps), options, mode),
        Some(rule) => RunFolder::open_until(out, &inputs, u64::from(reps), rule, options, mode),
    }
    .and_then(|opened| run_opened(opened, threads, &tick));
    bar.finish_and_clear();
    let outcome = result.map_err(run_failure)?;
    if say_work_done(out, "run", "replications", mode.resume, &outcome.work) {
        return Ok(());
    }
    if let Some(shard) = mode.shard {
        eprintln!(
            "buurtsim: wrote shard {shard} to {}: {slice} of {reps} replications of {} on {}; \
             join all {} shards with `buurtsim merge SHARD... -o DIR`.",
            out.display(),
            inputs
                .iter()
                .map(|i| buurtsim::output::names::printable(&i.run.id))
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
            table_width(wide),
        ));
    }
    print_uncertain_inputs(inputs.iter().map(|i| &i.run.scenario), wide);
    if inputs.len() > 1 {
        let runs: Vec<ScenarioRun> = inputs.iter().map(|i| i.run.clone()).collect();
        print_headline(out, &runs, table_width(wide));
    }
    let folders: Vec<String> = inputs
        .iter()
        .map(|i| format!("{}/", buurtsim::output::names::printable(&i.run.id)))
        .collect();
    eprintln!(
        "buurtsim: wrote {} ({}{}), {reps} replications on {}.",
        out.display(),
        folders.join(", "),
        if inputs.len() > 1 {
            ", comparison.csv, shift.csv"
        } else {
            ""
        },
        threads_text(summary.threads),
    );
    Ok(())
}

/// Names the inputs that were drawn per replication (`[uncertainty]`),
/// after the table: the intervals include their uncertainty (issue 20).
/// Prints nothing when no scenario has any.
fn print_uncertain_inputs<'a>(
    scenarios: impl Iterator<Item = &'a buurtsim::scenario::Scenario>,
    wide: bool,
) {
    let described: Vec<String> = scenarios
        .flat_map(buurtsim::scenario::describe_uncertainty)
        .collect();
    if let Some(line) = buurtsim::output::table::uncertainty_line(&described) {
        let width = table_width(wide).min(buurtsim::output::table::TABLE_WIDTH);
        emit(&format!(
            "\n{}",
            buurtsim::output::readable::wrap(&line, width, "")
        ));
    }
}

/// Say on stderr what a run or sweep into `out` did with unfinished work
/// (`noun`: run or sweep; `unit`: what it counts); `true` when the output
/// was already complete and there is nothing more to say.
pub(crate) fn say_work_done(
    out: &Path,
    noun: &str,
    unit: &str,
    resume: bool,
    work: &buurtsim::output::partial::WorkDone,
) -> bool {
    if work.already_complete {
        eprintln!(
            "buurtsim: {} already holds the finished output of this {noun}; nothing to resume.",
            out.display()
        );
        return true;
    }
    if work.resumed {
        eprintln!(
            "buurtsim: resumed the unfinished {noun} in {}: {} of {} {unit} were already done.",
            work.partial.display(),
            work.recovered,
            work.recovered + work.ran
        );
    } else if resume {
        eprintln!("buurtsim: no unfinished {noun} to resume; ran from the beginning.");
    }
    false
}

/// `run --dry-run`: the estimates, and whether the run would be refused.
pub(crate) fn dry_run(
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
    // With the replications the run would have: fewer than threads run fewer at once.
    let counted: Vec<Scenario> = inputs
        .iter()
        .map(|(_, _, s)| {
            let mut s = s.clone();
            s.run.replications = replications.unwrap_or(s.run.replications);
            s
        })
        .collect();
    let memory = estimate_memory(&counted.iter().collect::<Vec<_>>(), threads);
    text.push_str(&format!("{}\n", memory_text(&memory)));
    emit(&text);
    refuse_if_too_big(&memory)
}

/// Ctrl-C (SIGINT) or SIGTERM during a run: the replications finished so
/// far are on disk in the partial folder (each is flushed as it
/// completes), so stop at once, say in one line how many are kept and the
/// exact command that finishes the run, and exit with 128 + the signal
/// (130 for SIGINT, 143 for SIGTERM), as shells expect.
pub(crate) fn install_interrupt_handler(out: &Path) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let partial = buurtsim::output::atomic::partial_path(out).ok();
    let default_run = std::env::args().count() == 1;
    let how = if !default_run {
        format!("to finish the run, resume it with: {}", resume_command())
    } else {
        "the default run cannot be resumed (it starts afresh each time); \
         run the same command again"
            .to_string()
    };
    // Only the first handler counts; a second run in one process keeps it.
    INSTALLED.call_once(move || {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            let (kept, place) = match &partial {
                Some(p) => (recorded_replications(p), p.display().to_string()),
                None => (0, "the partial folder".to_string()),
            };
            let what = if signal == SIGTERM {
                "terminated (SIGTERM)"
            } else {
                "interrupted"
            };
            // A progress bar may hold the terminal's line: start a new one.
            let newline = if std::io::stderr().is_terminal() {
                "\n"
            } else {
                ""
            };
            eprintln!(
                "{newline}buurtsim: {what}; {kept} finished replications are kept in {place}; {how}"
            );
            std::process::exit(128 + signal);
        });
    });
}

/// This command line with `--resume` (and without `--force`, which would
/// discard the unfinished work): what finishes an interrupted run or sweep.
pub(crate) fn resume_command() -> String {
    let mut command: Vec<String> = std::env::args().collect();
    command.retain(|a| a != "--force");
    if !command.iter().any(|a| a == "--resume") {
        command.push("--resume".to_string());
    }
    shell_words(&command)
}

/// An output error of `run` or `sweep`; a full disk says how to go on:
/// the finished replications are kept, and `--resume` finishes the work.
pub(crate) fn run_failure(error: buurtsim::output::OutputError) -> Failure {
    if !error.is_disk_full() {
        return Failure::from(error);
    }
    let text = error.to_string();
    let what = text.split("; free some space").next().unwrap_or(&text);
    if std::env::args().count() == 1 {
        return Failure::Internal(format!(
            "{what}; free some space and run the same command again"
        ));
    }
    Failure::Internal(format!(
        "{what}; the finished replications are kept: free some space, then finish with: {}",
        resume_command()
    ))
}

/// Complete rows in the record files of a partial folder.
pub(crate) fn recorded_replications(partial: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(partial) else {
        return 0;
    };
    // A run keeps one records file per scenario folder, a sweep one in the
    // partial folder itself.
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .chain(std::iter::once(partial.to_path_buf()))
        .map(|dir| dir.join(buurtsim::output::layout::RECORDS))
        .filter_map(|path| buurtsim::files::open_regular(&path).ok())
        .map(|file| buurtsim::files::count_lines(file).saturating_sub(1))
        .sum()
}

/// Arguments as a shell command line, quoted where needed.
pub(crate) fn shell_words(args: &[String]) -> String {
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
