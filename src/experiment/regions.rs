//! The region axis of a sweep over `population.cbs.region`: its codes
//! turned into the residents and age structure of each region, read once
//! from the scenario's CBS files when the sweep is planned, so every point
//! (and every batch of points, on every thread, shard or resume) starts
//! from the same figures and no file is read during the run.
//!
//! `"all-wijken"` takes every wijk of the Kerncijfers file that lies in
//! the gemeente of the ages file (a download for one gemeente has only
//! those), in file order, and *skips* a wijk that cannot run (too few
//! residents, `.` for a figure), keeping the reason: a gemeente's wijken
//! include industrial estates and parks with nobody living there, and a
//! sweep over "every wijk" should run the others. A code the user listed
//! is meant, so one that cannot run is an error.

use crate::cbs::{self, CbsError, KwbTable, RegionKind, RegionPopulation, SingleYearAges};
use crate::scenario::{CbsRegion, RegionAxis, REGION_PARAMETER};
use std::path::Path;

/// A wijk of `all-wijken` that was left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRegion {
    /// Its code (`WK051801`).
    pub code: String,
    /// Why it cannot run, in words (`it has 0 residents, fewer than the
    /// 500 a run needs (line 3 of the wijk table)`).
    pub reason: String,
}

/// The regions of a sweep: what each point of the region axis runs.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRegions {
    /// The column of the region parameter among the plan's parameters;
    /// a point's value there is an index into `regions`.
    pub column: usize,
    /// The regions, in the axis's order, each with its code as the file
    /// writes it.
    pub regions: Vec<RegionPopulation>,
    /// Whether the axis was `"all-wijken"` (rather than a list of codes).
    pub all_wijken: bool,
    /// The wijken `"all-wijken"` left out, in file order (always empty for
    /// a list of codes).
    pub skipped: Vec<SkippedRegion>,
}

impl SweepRegions {
    /// Read the regions of `axis` from the files `source` names; the
    /// region parameter is column `column` of the plan. A refusal is one
    /// line naming the file or the code (`SweepError::Region` in a plan).
    pub fn read(source: &CbsRegion, axis: &RegionAxis, column: usize) -> Result<Self, String> {
        let files = |e: CbsError| format!("[population.cbs]: {e}");
        let table = cbs::read_kwb(Path::new(&source.kerncijfers)).map_err(files)?;
        let ages = cbs::read_ages(Path::new(&source.ages)).map_err(files)?;
        let (regions, skipped) = match axis {
            RegionAxis::Codes(codes) => (listed(&table, &ages, codes)?, Vec::new()),
            RegionAxis::AllWijken => all_wijken(&table, &ages)?,
        };
        Ok(Self {
            column,
            regions,
            all_wijken: matches!(axis, RegionAxis::AllWijken),
            skipped,
        })
    }

    /// The code of region `index`.
    pub fn code(&self, index: usize) -> &str {
        &self.regions[index].code
    }
}

/// The listed codes' regions, in the order written; a code not in the
/// file or that cannot run is an error naming it.
fn listed(
    table: &KwbTable,
    ages: &SingleYearAges,
    codes: &[String],
) -> Result<Vec<RegionPopulation>, String> {
    codes
        .iter()
        .map(|code| {
            let refused = |e: CbsError| {
                let remedy = match e {
                    CbsError::RegionUnusable { .. } => {
                        "; leave it out of the list (\"all-wijken\" skips such wijken)"
                    }
                    _ => "",
                };
                format!("`{REGION_PARAMETER}` = {code:?} in [sweep.parameters]: {e}{remedy}")
            };
            let region = table.find(code).map_err(refused)?;
            cbs::region_population(region, ages).map_err(refused)
        })
        .collect()
}

/// Every wijk of the ages file's gemeente that can run, in file order, and
/// those that cannot with why.
fn all_wijken(
    table: &KwbTable,
    ages: &SingleYearAges,
) -> Result<(Vec<RegionPopulation>, Vec<SkippedRegion>), String> {
    let wijken: Vec<_> = table
        .regions_of_kind(RegionKind::Wijk)
        .filter(|r| r.gemeente_code().eq_ignore_ascii_case(&ages.gemeente))
        .collect();
    if wijken.is_empty() {
        return Err(format!(
            "`{REGION_PARAMETER}` = \"all-wijken\": {} has no wijk of {}, the gemeente of {}; \
             use the Kerncijfers wijken en buurten download of that gemeente",
            table.path.display(),
            ages.gemeente,
            ages.path.display()
        ));
    }
    let (mut regions, mut skipped) = (Vec::new(), Vec::new());
    for wijk in &wijken {
        match cbs::region_population(wijk, ages) {
            Ok(population) => regions.push(population),
            Err(e) => skipped.push(SkippedRegion {
                code: wijk.code.clone(),
                reason: match e {
                    CbsError::RegionUnusable { reason, .. } => reason,
                    other => other.to_string(),
                },
            }),
        }
    }
    if regions.is_empty() {
        return Err(format!(
            "`{REGION_PARAMETER}` = \"all-wijken\": none of the {} wijken of {} in {} can run \
             (the first, {}: {})",
            wijken.len(),
            ages.gemeente,
            table.path.display(),
            skipped[0].code,
            skipped[0].reason
        ));
    }
    Ok((regions, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn den_haag() -> CbsRegion {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cbs");
        CbsRegion {
            kerncijfers: data.join("kwb-2019-den-haag.csv").display().to_string(),
            ages: data
                .join("age-2019-den-haag-03759NED.csv")
                .display()
                .to_string(),
            region: "WK051802".into(),
        }
    }

    #[test]
    fn all_wijken_skips_the_empty_ones_with_their_reason() {
        let read = SweepRegions::read(&den_haag(), &RegionAxis::AllWijken, 0).unwrap();
        assert!(read.all_wijken);
        assert_eq!(read.regions.len() + read.skipped.len(), 44);
        assert!(read.regions.iter().all(|r| r.code.starts_with("WK0518")));
        let empty = read.skipped.iter().find(|s| s.code == "WK051801").unwrap();
        assert!(empty.reason.starts_with("it has 0 residents"), "{empty:?}");
        assert_eq!(read.code(0), read.regions[0].code);
    }

    #[test]
    fn a_listed_code_that_cannot_run_is_an_error_naming_it() {
        let codes = |c: &[&str]| RegionAxis::Codes(c.iter().map(|s| s.to_string()).collect());
        let read = SweepRegions::read(&den_haag(), &codes(&["wk051802 ", "WK051804"]), 1).unwrap();
        assert_eq!(read.code(0), "WK051802");
        assert_eq!((read.column, read.regions[0].residents), (1, 8245));
        assert!(read.skipped.is_empty() && !read.all_wijken);
        let e = SweepRegions::read(&den_haag(), &codes(&["WK051802", "WK051801"]), 0).unwrap_err();
        assert!(
            e.starts_with(
                "`population.cbs.region` = \"WK051801\" in [sweep.parameters]: region WK051801 \
                 cannot be simulated: it has 0 residents"
            ),
            "{e}"
        );
        assert!(e.ends_with("(\"all-wijken\" skips such wijken)"), "{e}");
        let e = SweepRegions::read(&den_haag(), &codes(&["WK05180"]), 0).unwrap_err();
        assert!(e.contains("has no region `WK05180`; nearest codes"), "{e}");
    }
}
