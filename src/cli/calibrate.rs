//! `buurtsim calibrate`: fit free parameters to the targets.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateArgs {
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

/// `buurtsim calibrate CONFIG`.
pub(crate) fn calibrate(args: &CalibrateArgs) -> Result<(), Failure> {
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
    let overwrite = overwrite_if(args.force);
    let _lock = buurtsim::output::target::prepare(&args.out)?;
    let staged = StagedDir::create(
        &args.out,
        overwrite,
        buurtsim::output::ownership::OutputKind::Calibration,
    )
    .map_err(Failure::from)?;
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
