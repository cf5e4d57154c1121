//! The `buurtsim` command line: parse arguments, call the library, print.
//!
//! Everything that computes or writes lives in the library; this file only
//! turns arguments into library calls, drives the progress bar, prints the
//! comparison table, and turns errors into a one-paragraph message and an
//! exit code: 2 for the user's mistakes (bad arguments, a bad scenario file,
//! an output folder that may not be overwritten or cannot be written), 1 for
//! everything else (a full disk, an I/O error during the run, a bug).
//!
//! `buurtsim` without arguments runs the embedded default comparison into
//! `./buurtsim-out/` and replaces that folder if an earlier default run left
//! it there (the default job is meant to be re-run); it never replaces a
//! folder that buurtsim did not write.

mod cli;

use clap::{Parser, Subcommand};
use cli::*;
use std::process::ExitCode;

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
    Run(run::RunArgs),
    /// Run a scenario's [sweep]: every point x replication with common random
    /// numbers; write replications.csv, points.csv and manifest.toml.
    Sweep(sweep::SweepArgs),
    /// Run a scenario's [sensitivity] analysis (Sobol or Morris, with a
    /// dummy parameter for the noise floor) and print the ranking per metric;
    /// write design.csv, replications.csv, indices.csv, floor.csv.
    Sensitivity(sensitivity::SensitivityArgs),
    /// Join shard folders (from `run --shard K/N`) into the output one machine would have written.
    Merge(merge::MergeArgs),
    /// Validate a scenario, print it fully resolved, and estimate its run time.
    Check(check::CheckArgs),
    /// Run a scenario (default: the embedded baseline) and compare it with the
    /// published Dutch figures in validation/targets.csv; exit code 3 when a
    /// target is missed.
    Validate(validate::ValidateArgs),
    /// Compare finished output folders against the first: paired differences
    /// when they share seed and replications (common random numbers), Welch
    /// intervals otherwise; then the shift ledger (where care demand went,
    /// and net cost per payer).
    Compare(compare::CompareArgs),
    /// Fit free parameters to the published targets (Nelder-Mead, common
    /// random numbers) as a calibration config says; print the fit table and
    /// the fitted values, and write them to a folder.
    Calibrate(calibrate::CalibrateArgs),
    /// Write one self-contained HTML report (inline SVG charts, opens
    /// offline) of finished output folders: a run folder, scenario folders
    /// (the first is the reference), a sweep folder or a sensitivity analysis.
    Report(report::ReportArgs),
    /// List the gemeente, wijken and buurten of a CBS Kerncijfers wijken en
    /// buurten download: code, kind, residents, share 65+, households, so
    /// you can pick the region `[population.cbs]` names.
    Wijken(wijken::WijkenArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                e.exit(); // help and version: to standard output, exit 0
            }
            // A mistake in the arguments: one paragraph, as every error.
            say(&one_paragraph(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    // A panic is a bug in buurtsim, never the user's fault: say so in one
    // paragraph instead of a backtrace, and exit 1.
    std::panic::set_hook(Box::new(|info| {
        say(&format!(
            "internal error: {info}. This is a bug in buurtsim, not in your input; \
             please report it with the command you ran."
        ));
    }));
    match std::panic::catch_unwind(|| dispatch(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::User(msg))) => {
            say(&msg);
            ExitCode::from(2)
        }
        Ok(Err(Failure::Internal(msg))) => {
            say(&msg);
            ExitCode::from(1)
        }
        Ok(Err(Failure::TargetsMissed(msg))) => {
            say(&msg);
            ExitCode::from(3)
        }
        Err(_) => ExitCode::from(1),
    }
}

/// Print an error as `buurtsim: MESSAGE`, always on one line and with
/// control characters escaped, whatever text the message carries.
fn say(message: &str) {
    eprintln!("buurtsim: {}", cli::one_line::one_line(message));
}

/// clap's multi-line message in one line: the error, its tips and the
/// missing arguments, then the usage line in brackets.
fn one_paragraph(message: &str) -> String {
    let mut parts = Vec::new();
    let mut usage = None;
    for line in message.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage:") {
            usage = Some(u.trim().to_string());
        } else if !line.starts_with("For more information") {
            parts.push(
                line.strip_prefix("error:")
                    .unwrap_or(line)
                    .trim()
                    .to_string(),
            );
        }
    }
    // A list after a colon continues the sentence; a tip is a new one.
    let mut text = String::new();
    let mut in_list = false;
    for part in parts {
        if text.ends_with(':') {
            text.push(' ');
            in_list = true;
        } else if !text.is_empty() {
            in_list &= !part.starts_with("tip:");
            text.push_str(if in_list { ", " } else { "; " });
        }
        text.push_str(&part);
    }
    if let Some(usage) = usage {
        text.push_str(&format!(" (usage: {usage}; more with --help)"));
    } else {
        text.push_str(" (more with --help)");
    }
    text
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => run::run_default(),
        Some(Command::Run(args)) => run::run_files(&args),
        Some(Command::Sweep(args)) => sweep::sweep(&args),
        Some(Command::Sensitivity(args)) => sensitivity::sensitivity(&args),
        Some(Command::Merge(args)) => merge::merge(&args),
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Validate(args)) => validate::validate(&args),
        Some(Command::Calibrate(args)) => calibrate::calibrate(&args),
        Some(Command::Compare(args)) => compare::compare(&args),
        Some(Command::Report(args)) => report::report(&args),
        Some(Command::Wijken(args)) => wijken::wijken(&args),
    }
}
