//! `buurtsim sensitivity`: a scenario's [sensitivity] analysis, run as a
//! sweep with a design (so `--resume`, `--shard` and `merge` work as for a
//! sweep), then its ranking per metric.

use super::run::install_interrupt_handler;
use super::*;
use buurtsim::experiment::SweepPlan;
use buurtsim::output::sensitivity_results::SensitivityResults;

#[derive(Debug, clap::Args)]
pub(crate) struct SensitivityArgs {
    /// Scenario file (TOML) with a [sensitivity] table.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Output folder: design.csv, replications.csv, floor-replications.csv,
    /// indices.csv, floor.csv, manifest.toml.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
    #[command(flatten)]
    csv: CsvArg,
    /// Replace an existing output folder (only after the analysis has
    /// succeeded); without --resume, also discard an unfinished one.
    #[arg(long)]
    force: bool,
    /// Run only shard K of N of the jobs and write a shard folder for
    /// `buurtsim merge`; `slurm` reads SLURM_ARRAY_TASK_ID and
    /// SLURM_ARRAY_TASK_COUNT.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Finish an interrupted analysis into the same -o folder: run only the
    /// jobs it had not recorded.
    #[arg(long)]
    resume: bool,
}

/// The plan of `file`'s [sensitivity] table, its reference loaded from
/// beside the file. Shared with `check`.
pub(crate) fn plan_of(file: &Path, scenario: &Scenario) -> Result<SweepPlan, Failure> {
    let id = file_id(file)?;
    let reference = match scenario
        .sensitivity
        .as_ref()
        .and_then(|s| s.reference.as_ref())
    {
        Some(name) => {
            let path = file.parent().unwrap_or(Path::new("")).join(name);
            let reference = load_file(&path).map_err(|e| match e {
                Failure::User(m) => Failure::User(format!(
                    "{}: [sensitivity] reference = {name:?}: {m}",
                    file.display()
                )),
                other => other,
            })?;
            scenario::ensure_no_sweep(&reference)
                .map_err(|e| Failure::User(format!("{}: the reference: {e}", file.display())))?;
            let reference_id = file_id(&path)?;
            if reference_id == id {
                return Err(Failure::User(format!(
                    "{}: [sensitivity] reference = {name:?} has the same file name as the \
                     analysis ({id}), so their rows in replications.csv could not be told apart; \
                     rename one of the two files",
                    file.display()
                )));
            }
            Some(ScenarioRun {
                id: reference_id,
                scenario: reference,
            })
        }
        None => None,
    };
    buurtsim::output::sensitivity::sensitivity_plan(scenario, &id, reference)
        .map_err(|e| Failure::User(format!("{}: {e}", file.display())))
}

/// `buurtsim sensitivity FILE -o DIR`.
pub(crate) fn sensitivity(args: &SensitivityArgs) -> Result<(), Failure> {
    use buurtsim::output::{SweepFolder, SweepInput, SweepMode, SweepOptions};
    let mode = SweepMode {
        resume: args.resume,
        shard: parse_shard(args.shard.as_deref())?,
    };
    let scenario = load_file(&args.file)?;
    if scenario.sensitivity.is_none() {
        return Err(Failure::User(format!(
            "{}: scenario `{}` has no [sensitivity] table; add one (see \
             docs/scenario-reference.md, [sensitivity])",
            args.file.display(),
            scenario.name
        )));
    }
    let plan = plan_of(&args.file, &scenario)?;
    ensure_writable(&args.out, "output folder")?;
    say_uncertain_inputs(&plan);
    let (points, reps) = (plan.len(), plan.replications);
    let jobs = points as u64 * u64::from(reps);
    refuse_if_too_big(&estimate_memory_for_jobs(
        &[&scenario],
        jobs,
        args.threads.get(),
    ))?;
    let input = SweepInput {
        id: file_id(&args.file)?,
        source: args.file.display().to_string(),
        resolved_toml: resolved_toml(&scenario),
        plan,
    };
    let options = SweepOptions {
        csv: args.csv.csv,
        ..SweepOptions::new(overwrite_if(args.force))
    };
    let slice = mode.shard.map_or(jobs, |s| s.len(jobs));
    install_interrupt_handler(&args.out);
    let bar = progress_bar(slice);
    let tick = || bar.inc(1);
    let started = std::time::Instant::now();
    let result = SweepFolder::open(&args.out, &input, options, mode)
        .and_then(|opened| run_opened(opened, args.threads.get(), &tick));
    bar.finish_and_clear();
    let outcome = result.map_err(super::run::run_failure)?;
    if super::run::say_work_done(
        &args.out,
        "sensitivity analysis",
        "jobs",
        mode.resume,
        &outcome.work,
    ) {
        return Ok(());
    }
    let threads = threads_text(outcome.summary.threads);
    let seconds = started.elapsed().as_secs_f64();
    let design = input
        .plan
        .design()
        .expect("a sensitivity plan has a design");
    let shape = format!(
        "{} design points x {} scenario{} x {reps} replications, and the same again for the \
         noise floor",
        design.len(),
        design.roles(),
        if design.roles() == 1 { "" } else { "s" }
    );
    if let Some(shard) = mode.shard {
        eprintln!(
            "buurtsim: wrote shard {shard} to {}: {slice} of {jobs} jobs ({shape}) on {threads} \
             in {seconds:.0} s; join all {} shards with `buurtsim merge SHARD... -o DIR`.",
            args.out.display(),
            shard.n()
        );
        return Ok(());
    }
    eprintln!(
        "buurtsim: wrote {} (design.csv, replications.csv, floor-replications.csv, indices.csv, \
         floor.csv, manifest.toml): {shape} on {threads} in {seconds:.0} s.",
        args.out.display()
    );
    print_ranking(&args.out)
}

/// Before the work: the inputs drawn per replication (`[uncertainty]`) of
/// the programme and the reference, if any; they add to every point's
/// noise.
fn say_uncertain_inputs(plan: &SweepPlan) {
    let design = plan.design().expect("a sensitivity plan has a design");
    let mut described = scenario::describe_uncertainty(plan.base());
    if let Some(r) = &design.reference {
        described.extend(scenario::describe_uncertainty(&r.scenario));
    }
    described.dedup();
    if !described.is_empty() {
        eprintln!(
            "buurtsim: uncertain inputs drawn per replication at every point (part of each \
             point's noise): {}.",
            described.join(", ")
        );
    }
}

/// The ranking per metric, read back from the folder's files.
pub(crate) fn print_ranking(dir: &Path) -> Result<(), Failure> {
    let results = SensitivityResults::read(dir)?;
    emit(&buurtsim::output::sensitivity_ranking::ranking_text(
        &results,
    ));
    Ok(())
}
