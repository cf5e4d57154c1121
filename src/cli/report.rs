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
    /// one sweep folder.
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
}

/// `buurtsim report DIR... -o report.html [--lang nl|en]`.
pub(crate) fn report(args: &ReportArgs) -> Result<(), Failure> {
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    let input = report::load(&args.dirs).map_err(Failure::from)?;
    buurtsim::output::atomic::check_file_target(&args.out, args.force)?;
    let html = report::render(&input, lang).map_err(|e| Failure::Internal(e.to_string()))?;
    write_atomic(&args.out, html.as_bytes()).map_err(Failure::from)?;
    eprintln!(
        "buurtsim: wrote {} ({} kB); it opens offline in any browser",
        args.out.display(),
        html.len().div_ceil(1024)
    );
    Ok(())
}
