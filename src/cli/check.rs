//! `buurtsim check`: validate, print resolved, estimate.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
}

/// `buurtsim check FILE`.
pub(crate) fn check(args: &CheckArgs) -> Result<(), Failure> {
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
