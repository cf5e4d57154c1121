//! `buurtsim report`: one self-contained HTML page of finished output folders.

use super::*;
use buurtsim::report::{self, Lang};

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangArg {
    /// Dutch labels and number format (decimal comma).
    Nl,
    /// English.
    En,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// Output folders: a folder written by `buurtsim run` (its first scenario
    /// is the reference), scenario folders (the first is the reference), or
    /// one sweep or sensitivity-analysis folder.
    #[arg(required = true, num_args = 1.., value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The HTML file to write; an existing file is refused unless --force.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        default_value = "report.html"
    )]
    out: PathBuf,
    /// Replace an existing file at -o (only once the new report is complete).
    #[arg(long)]
    force: bool,
    /// Language of labels and numbers.
    #[arg(long, value_enum, default_value_t = LangArg::Nl)]
    lang: LangArg,
    /// A sweep or sensitivity report's charts: these metrics (names as in
    /// points.csv or indices.csv), in this order [default for a sweep: GP
    /// contacts and waiting time, heavily burdened carers, severe
    /// loneliness, total cost; for a sensitivity analysis: every metric it
    /// analysed].
    #[arg(long, value_delimiter = ',', value_name = "METRIC,...")]
    metrics: Option<Vec<String>>,
    #[command(flatten)]
    relevant: RelevantArg,
    #[command(flatten)]
    discount: DiscountArg,
}

/// `buurtsim report DIR... -o report.html [--lang nl|en]`.
pub(crate) fn report(args: &ReportArgs) -> Result<(), Failure> {
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    let metrics = args
        .metrics
        .as_ref()
        .map(|m| checked_metrics(m))
        .transpose()?;
    let mut input = report::load(&args.dirs).map_err(Failure::from)?;
    match &mut input {
        report::ReportInput::Run(scenarios) => {
            if let Some(reference) = scenarios.first_mut() {
                args.relevant.apply_to_folder(&mut reference.folder);
            }
        }
        report::ReportInput::Sweep(_) if !args.relevant.relevant.is_empty() => {
            return Err(Failure::User(
                "--relevant judges differences from a reference; a sweep report shows \
                 levels per point, so it has none to judge"
                    .into(),
            ));
        }
        report::ReportInput::Sensitivity(_) if !args.relevant.relevant.is_empty() => {
            return Err(Failure::User(
                "--relevant judges differences from a reference; a sensitivity report \
                 shows indices, so it has none to judge"
                    .into(),
            ));
        }
        report::ReportInput::Sweep(_) | report::ReportInput::Sensitivity(_) => {}
    }
    if metrics.is_some() && matches!(input, report::ReportInput::Run(_)) {
        return Err(Failure::User(
            "--metrics chooses a sweep or sensitivity report's charts; these folders make \
             a run report"
                .into(),
        ));
    }
    buurtsim::output::atomic::check_file_target(&args.out, args.force)?;
    let options = report::Options {
        metrics,
        discount: args.discount.discount(),
    };
    let html = report::render_with(&input, lang, &options)
        .map_err(|e| Failure::Internal(e.to_string()))?;
    write_atomic(&args.out, html.as_bytes()).map_err(Failure::from)?;
    eprintln!(
        "buurtsim: wrote {} ({} kB); it opens offline in any browser",
        args.out.display(),
        html.len().div_ceil(1024)
    );
    Ok(())
}

/// The metric names of `--metrics`, trimmed; an unknown or empty one is a
/// usage error that names it and where the names are listed.
fn checked_metrics(names: &[String]) -> Result<Vec<String>, Failure> {
    let names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    if let Some(bad) = names
        .iter()
        .find(|n| buurtsim::model::metric_index(n).is_none())
    {
        return Err(Failure::User(format!(
            "--metrics: unknown metric `{}` (the metric names are the columns of points.csv, e.g. gp_contacts_per_resident_year)",
            bad
        )));
    }
    Ok(names)
}
