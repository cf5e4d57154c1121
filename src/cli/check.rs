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
    // A sweep runs points x replications jobs of the base scenario.
    let mut work = scenario.clone();
    let jobs = match &scenario.sweep {
        None => format!("{} replications", scenario.run.replications),
        Some(_) => {
            let plan = buurtsim::experiment::SweepPlan::new(&scenario)
                .map_err(|e| Failure::User(format!("{}: {e}", args.file.display())))?;
            let total = plan.len() as u64 * u64::from(plan.replications);
            work.run.replications = u32::try_from(total).unwrap_or(u32::MAX);
            format!(
                "the sweep's {} points x {} replications",
                plan.len(),
                plan.replications
            )
        }
    };
    let est = estimate_run_time(&work, args.threads.get());
    let memory = estimate_memory(&[&work], args.threads.get());
    // Comments, so the output stays a valid scenario file.
    emit(&format!(
        "{}\n# {} is valid. Estimated run time: {} for {} on {}\n\
         # (one replication: {} on one thread; a rough estimate from a two-year pilot run).\n\
         # Estimated {}{}.\n",
        resolved_toml(&scenario),
        args.file.display(),
        human_duration(est.total),
        jobs,
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
