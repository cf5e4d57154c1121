//! `buurtsim wijken FILE`: list the regions of a CBS Kerncijfers wijken en
//! buurten download, so a user can pick the code `[population.cbs]` needs
//! without opening the file in a spreadsheet.

use super::*;
use buurtsim::cbs::{read_kwb, CbsError, Region, RegionKind};
use buurtsim::output::names::printable;

#[derive(Debug, clap::Args)]
pub(crate) struct WijkenArgs {
    /// A CBS Kerncijfers wijken en buurten download (CSV as StatLine writes it).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Only the gemeente with this code and its wijken and buurten (such as GM0518).
    #[arg(long, value_name = "GMxxxx")]
    gemeente: Option<String>,
    /// Only regions of this kind: gemeente, wijk or buurt.
    #[arg(long, value_name = "KIND", value_parser = |s: &str| s.parse::<RegionKind>())]
    kind: Option<RegionKind>,
}

/// Every CBS error names the file; whose it is decides the exit code.
impl From<CbsError> for Failure {
    fn from(e: CbsError) -> Self {
        if e.is_user_error() {
            Failure::User(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    }
}

/// `buurtsim wijken FILE [--gemeente GMxxxx] [--kind KIND]`.
pub(crate) fn wijken(args: &WijkenArgs) -> Result<(), Failure> {
    let table = read_kwb(&args.file)?;
    let gemeente = args.gemeente.as_deref().map(str::trim);
    if let Some(wanted) = gemeente {
        if !table
            .regions
            .iter()
            .any(|r| r.gemeente_code().eq_ignore_ascii_case(wanted))
        {
            let mut held: Vec<String> = table.regions.iter().map(Region::gemeente_code).collect();
            held.dedup();
            held.truncate(10);
            return Err(Failure::User(format!(
                "{} has no regions of gemeente {}; it holds {}",
                args.file.display(),
                printable(wanted),
                if held.is_empty() {
                    "no regions at all".to_string()
                } else {
                    held.join(", ")
                }
            )));
        }
    }
    let shown: Vec<&Region> = table
        .regions
        .iter()
        .filter(|r| args.kind.is_none_or(|k| r.kind == k))
        .filter(|r| gemeente.is_none_or(|g| r.gemeente_code().eq_ignore_ascii_case(g)))
        .collect();
    emit(&regions_table(&shown));
    Ok(())
}

/// The aligned table, one row per region, and the closing line.
fn regions_table(regions: &[&Region]) -> String {
    let header = [
        "code",
        "kind",
        "residents",
        "share 65+",
        "households",
        "name",
    ];
    let rows: Vec<[String; 6]> = regions
        .iter()
        .map(|r| {
            [
                printable(&r.code).into_owned(),
                r.kind.to_string(),
                whole(r.residents),
                share_65(r),
                whole(r.households),
                r.name
                    .as_deref()
                    .map_or("-".into(), |n| printable(n).into_owned()),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        // Text left, numbers right; the last column unpadded.
        let [code, kind, residents, share, households, name] = cells;
        format!(
            "{code:<w0$}  {kind:<w1$}  {residents:>w2$}  {share:>w3$}  {households:>w4$}  {name}\n",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4],
        )
    };
    let mut out = line(header);
    for row in &rows {
        out.push_str(&line(row.each_ref().map(String::as_str)));
    }
    out.push_str(&closing_line(regions));
    out
}

/// `160 regions (1 gemeente, 44 wijken, 115 buurten); ...`.
fn closing_line(regions: &[&Region]) -> String {
    let count = |kind| regions.iter().filter(|r| r.kind == kind).count();
    let kinds: Vec<String> = [
        (RegionKind::Gemeente, "gemeente", "gemeenten"),
        (RegionKind::Wijk, "wijk", "wijken"),
        (RegionKind::Buurt, "buurt", "buurten"),
    ]
    .into_iter()
    .map(|(kind, one, many)| match count(kind) {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    })
    .collect();
    format!(
        "{} {} ({}); these CBS downloads carry codes only (a name is the gemeente's, where \
         the file has it): the names of wijken and buurten are in CBS \"Gebieden in \
         Nederland\"\n",
        regions.len(),
        if regions.len() == 1 {
            "region"
        } else {
            "regions"
        },
        kinds.join(", ")
    )
}

/// A count without decimals, `-` when CBS wrote `.`.
fn whole(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.0}"))
}

/// The share of the age bands that is 65 or older, 3 decimals; `-` when a
/// band is missing or the bands sum to 0 (a wijk without residents).
fn share_65(region: &Region) -> String {
    let bands: Option<Vec<f64>> = region.bands.iter().copied().collect();
    match bands {
        Some(b) if b.iter().sum::<f64>() > 0.0 => {
            format!("{:.3}", b[4] / b.iter().sum::<f64>())
        }
        _ => "-".into(),
    }
}
