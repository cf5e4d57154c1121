//! `buurtsim validate`: the model against the published targets.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// Scenario file (default: the embedded baseline).
    #[arg(value_name = "SCENARIO")]
    file: Option<PathBuf>,
    /// Replications (at least 50 gives a mean that is not luck of one seed).
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(2..))]
    replications: u32,
    /// Where to write the table as CSV; an existing file is refused unless --force.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        default_value = "buurtsim-validation.csv"
    )]
    out: PathBuf,
    /// Replace an existing file at -o (only once the new file is complete).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    threads: ThreadsArg,
    #[command(flatten)]
    csv: CsvArg,
}

/// `buurtsim validate [SCENARIO]`.
pub(crate) fn validate(args: &ValidateArgs) -> Result<(), Failure> {
    let (id, mut scenario) = match &args.file {
        Some(file) => (file_id(file)?, load_file(file)?),
        None => ("baseline".to_string(), load_embedded("baseline")?),
    };
    scenario.run.replications = args.replications;
    revalidate(&id, &scenario)?;
    ensure_writable(&args.out, "file")?;
    buurtsim::output::atomic::check_file_target(&args.out, args.force)?;
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
    let csv = validation_csv(&checks)
        .and_then(|plain| to_dialect(&plain, args.csv.csv))
        .map_err(|e| Failure::Internal(e.to_string()))?;
    write_atomic(&args.out, &csv)?;
    eprintln!("buurtsim: wrote {}", args.out.display());
    let missed: Vec<String> = checks
        .iter()
        .filter(|c| !c.within)
        .map(|c| format!("{} ({})", c.target.id, c.target.role))
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
