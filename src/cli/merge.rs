//! `buurtsim merge`: join shard folders.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// Shard folders, written by `buurtsim run ... --shard K/N -o DIR` or
    /// `buurtsim sweep ... --shard K/N -o DIR`.
    #[arg(required = true, value_name = "SHARD")]
    shards: Vec<PathBuf>,
    /// Output folder: what one machine running every replication would have written.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// Replace an existing output folder (only after the merge has succeeded).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    csv: CsvArg,
    #[command(flatten)]
    wide: WideArg,
    #[command(flatten)]
    discount: DiscountArg,
}

/// `buurtsim merge SHARD... -o DIR`.
pub(crate) fn merge(args: &MergeArgs) -> Result<(), Failure> {
    let overwrite = overwrite_if(args.force);
    if args
        .shards
        .first()
        .is_some_and(|s| buurtsim::output::is_sweep_folder(s))
    {
        let outcome =
            buurtsim::output::merge_sweep_shards(&args.shards, &args.out, overwrite, args.csv.csv)?;
        if outcome.manifest.kind == "sensitivity" {
            eprintln!(
                "buurtsim: merged {} shards into {}: the sensitivity analysis {} ({} simulated \
                 points, both passes, x {} replications).",
                outcome.shards,
                args.out.display(),
                buurtsim::output::names::printable(&outcome.manifest.scenario_id),
                outcome.manifest.points,
                outcome.manifest.replications,
            );
            return super::sensitivity::print_ranking(&args.out);
        }
        eprintln!(
            "buurtsim: merged {} shards into {}: {} points x {} replications of the sweep {}.",
            outcome.shards,
            args.out.display(),
            outcome.manifest.points,
            outcome.manifest.replications,
            buurtsim::output::names::printable(&outcome.manifest.scenario_id)
        );
        return Ok(());
    }
    let outcome = merge_shards(
        &args.shards,
        &args.out,
        overwrite,
        args.csv.csv,
        LedgerWriter {
            write: write_ledger,
            discount: args.discount.discount(),
        },
    )?;
    if outcome.runs.len() > 1 {
        emit(&comparison_table(
            &outcome.runs,
            &outcome.summary,
            KEY_METRICS,
            args.wide.width(),
        ));
        print_headline(&args.out, &outcome.runs, args.wide.width());
    }
    eprintln!(
        "buurtsim: merged {} shards into {}: {} replications of {}.",
        outcome.shards,
        args.out.display(),
        outcome.summary.replications,
        outcome
            .runs
            .iter()
            .map(|r| buurtsim::output::names::printable(&r.id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
