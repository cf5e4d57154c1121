//! `buurtsim sweep`: every point of a scenario's [sweep].

use super::run::install_interrupt_handler;
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
    #[command(flatten)]
    csv: CsvArg,
    /// Replace an existing output folder (only after the sweep has
    /// succeeded); without --resume, also discard an unfinished sweep into it.
    #[arg(long)]
    force: bool,
    /// Run only shard K of N of the jobs (job j = point x replications +
    /// replication, j % N == K - 1) and write a shard folder for `buurtsim
    /// merge`; `slurm` reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Finish an interrupted sweep into the same -o folder (kept in
    /// .DIR.partial beside it): run only the jobs it had not recorded.
    #[arg(long)]
    resume: bool,
}

/// `buurtsim sweep FILE -o DIR`.
pub(crate) fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    use buurtsim::experiment::SweepPlan;
    use buurtsim::output::{SweepFolder, SweepInput, SweepMode, SweepOptions};
    let mode = SweepMode {
        resume: args.resume,
        shard: parse_shard(args.shard.as_deref())?,
    };
    let mut scenario = load_file(&args.file)?;
    let id = file_id(&args.file)?;
    if let (Some(n), Some(sweep)) = (args.replications, scenario.sweep.as_mut()) {
        sweep.replications = Some(n);
    }
    revalidate(&id, &scenario)?;
    if scenario.sweep.is_none() && scenario.sensitivity.is_some() {
        return Err(Failure::User(format!(
            "{}: scenario `{}` has a [sensitivity] table, not a [sweep]: run it with `buurtsim \
             sensitivity FILE -o DIR`",
            args.file.display(),
            scenario.name
        )));
    }
    let plan = SweepPlan::new(&scenario)
        .map_err(|e| Failure::User(format!("{}: {e}", args.file.display())))?;
    ensure_writable(&args.out, "output folder")?;
    say_skipped_regions(&plan);
    let (points, reps) = (plan.len(), plan.replications);
    let jobs = points as u64 * u64::from(reps);
    // Memory grows with residents: size it by the largest region swept.
    let largest = plan.regions.as_ref().and_then(|r| {
        (0..points)
            .max_by_key(|&i| r.regions[plan.points[i][r.column] as usize].residents)
            .map(|i| plan.point_scenario(i))
    });
    refuse_if_too_big(&estimate_memory_for_jobs(
        &[largest.as_ref().unwrap_or(&scenario)],
        jobs,
        args.threads.get(),
    ))?;
    let input = SweepInput {
        id,
        source: args.file.display().to_string(),
        resolved_toml: resolved_toml(&scenario),
        plan,
    };
    let options = SweepOptions {
        csv: args.csv.csv,
        ..SweepOptions::new(overwrite_if(args.force))
    };
    let jobs = points as u64 * u64::from(reps);
    let slice = mode.shard.map_or(jobs, |s| s.len(jobs));
    install_interrupt_handler(&args.out);
    let bar = progress_bar(slice);
    let tick = || bar.inc(1);
    let started = std::time::Instant::now();
    let result = SweepFolder::open(&args.out, &input, options, mode)
        .and_then(|opened| run_opened(opened, args.threads.get(), &tick));
    bar.finish_and_clear();
    let outcome = result.map_err(super::run::run_failure)?;
    let skipped_file = input.plan.regions.as_ref().is_some_and(|r| r.all_wijken);
    if super::run::say_work_done(&args.out, "sweep", "jobs", mode.resume, &outcome.work) {
        return Ok(());
    }
    let threads = threads_text(outcome.summary.threads);
    let seconds = started.elapsed().as_secs_f64();
    match mode.shard {
        Some(shard) => eprintln!(
            "buurtsim: wrote shard {shard} to {}: {slice} of {jobs} jobs ({points} points x {reps} \
             replications) on {threads} in {seconds:.0} s; join all {} shards with `buurtsim \
             merge SHARD... -o DIR`.",
            args.out.display(),
            shard.n()
        ),
        None => {
            eprintln!(
            "buurtsim: wrote {} (replications.csv, points.csv, {}manifest.toml): {points} points \
             x {reps} replications on {threads} in {seconds:.0} s.",
            args.out.display(),
            if skipped_file { "skipped-regions.csv, " } else { "" },
        )
        }
    }
    Ok(())
}

/// Before the work: the wijken `"all-wijken"` leaves out, one line each
/// with why (they are also in `skipped-regions.csv`), and how many run.
fn say_skipped_regions(plan: &buurtsim::experiment::SweepPlan) {
    let Some(regions) = plan.regions.as_ref().filter(|r| r.all_wijken) else {
        return;
    };
    let (ran, skipped) = (regions.regions.len(), regions.skipped.len());
    if skipped == 0 {
        eprintln!("buurtsim: all-wijken: all {ran} wijken of the file can run.");
        return;
    }
    eprintln!(
        "buurtsim: all-wijken: {ran} wijken run; {skipped} cannot and are left out (listed in \
         skipped-regions.csv):"
    );
    for s in &regions.skipped {
        eprintln!("  {}: {}", s.code, s.reason);
    }
}
