//! `buurtsim sweep`: every point of a scenario's [sweep].

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct SweepArgs {
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

/// `buurtsim sweep FILE -o DIR`.
pub(crate) fn sweep(args: &SweepArgs) -> Result<(), Failure> {
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
    ensure_writable(&args.out, "output folder")?;
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
