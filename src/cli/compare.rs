//! `buurtsim compare`: finished output folders against the first.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// Scenario output folders (each with manifest.toml and replications.csv); the first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Also write `comparison.csv` (every metric's difference) and
    /// `shift.csv` (the shift ledger) as a new folder; an existing one is
    /// refused unless --force.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace an existing output folder of buurtsim's (only after success).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    csv: CsvArg,
    #[command(flatten)]
    wide: WideArg,
    #[command(flatten)]
    relevant: RelevantArg,
    #[command(flatten)]
    discount: DiscountArg,
}

/// `buurtsim compare DIR_A DIR_B ...`.
pub(crate) fn compare(args: &CompareArgs) -> Result<(), Failure> {
    use buurtsim::analysis::folders::{
        compare_folders, folder_comparison_csv, folder_comparison_table, read_folder,
    };
    use buurtsim::analysis::shift::{shift_csv, shift_table};
    let mut folders = args
        .dirs
        .iter()
        .map(|d| read_folder(d))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::from)?;
    args.relevant.apply_to_folder(&mut folders[0]);
    let (reference, others) = folders.split_first().expect("clap requires two folders");
    // Results of different program versions differ for reasons other than
    // the scenario: refuse rather than compare them.
    if let Some(other) = others.iter().find(|f| f.version != reference.version) {
        return Err(Failure::User(format!(
            "{} was written by buurtsim {} and {} by buurtsim {}: the field `buurtsim_version` \
             differs, so the difference would not be the scenarios' alone; rerun one of them",
            reference.path.display(),
            reference.version,
            other.path.display(),
            other.version
        )));
    }
    let compared: Vec<_> = others
        .iter()
        .map(|f| (f.clone(), compare_folders(reference, f)))
        .collect();
    let names: Vec<String> = folders.iter().map(|f| scenario_name(&f.path)).collect();
    let width = args.wide.width();
    emit(&folder_comparison_table(
        reference,
        &compared,
        &names,
        KEY_METRICS,
        width,
    ));
    emit(&format!("\n{}", shift_table(reference, others)));
    {
        use buurtsim::report::headline::{headline_text, Side};
        let sides: Vec<Side<'_>> = folders
            .iter()
            .zip(&names)
            .map(|(folder, name)| Side { folder, name })
            .collect();
        let text = headline_text(
            sides[0],
            &sides[1..],
            buurtsim::report::Lang::En,
            width.min(buurtsim::output::table::TABLE_WIDTH),
        );
        emit(&format!("\n{text}"));
    }
    if let Some(out) = &args.out {
        use buurtsim::output::ownership::OutputKind;
        ensure_writable(out, "output folder")?;
        let _lock = buurtsim::output::target::prepare(out)?;
        let staged = buurtsim::output::StagedDir::create(
            out,
            overwrite_if(args.force),
            OutputKind::Compare,
        )?;
        // Each file in the chosen style in one atomic write.
        let styled = |plain: Result<Vec<u8>, csv::Error>| {
            plain
                .and_then(|bytes| to_dialect(&bytes, args.csv.csv))
                .map_err(|e| Failure::Internal(e.to_string()))
        };
        let comparison = styled(folder_comparison_csv(reference, &compared))?;
        let shift = styled(shift_csv(reference, others, args.discount.discount()))?;
        write_atomic(
            &staged.path().join(buurtsim::output::layout::COMPARISON),
            &comparison,
        )?;
        write_atomic(&staged.path().join(buurtsim::output::layout::SHIFT), &shift)?;
        staged.commit()?;
        eprintln!(
            "buurtsim: wrote {} (comparison.csv, shift.csv)",
            out.display()
        );
    }
    Ok(())
}

/// A manifest field of the folder `dir` (already read once by
/// `read_folder`, so it exists and is bounded); `None` if unreadable.
fn manifest_field(dir: &Path, field: &str) -> Option<toml::Value> {
    let path = dir.join(buurtsim::output::layout::MANIFEST);
    let text = buurtsim::output::manifest::read_manifest_text(&path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get(field).cloned()
}

/// The scenario's `name` from the folder's manifest (empty if absent: the
/// table shows the id).
fn scenario_name(dir: &Path) -> String {
    manifest_field(dir, "scenario_name")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
