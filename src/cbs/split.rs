//! From a region's five CBS age bands to the model's twenty five-year
//! bands, with the gemeente's single years as the rule for how each band
//! is spread over its ages.
//!
//! The rule: within each band of the wijk table (0-14, 15-24, 25-44,
//! 45-64, 65+), the band's residents are spread over its single years in
//! proportion to the gemeente's residents of those years (03759NED); the
//! single years are then summed into 0-4, 5-9, ..., 90-94 and 95+. So a
//! wijk keeps its own band totals, and within a band has its gemeente's
//! age profile: a wijk with many residents 65+ gets many 85+ residents
//! only as far as its gemeente's 65+ residents are 85+. The shares come
//! from the bands, not from `AantalInwoners`: both are CBS figures, the
//! bands rounded to multiples of 5, so they may differ by a few residents.

use super::ages::{SingleYearAges, AGE_CLASSES};
use super::error::CbsError;
use super::kwb::{Region, BAND_AGES, BAND_STEMS};

/// Minimum residents a region needs to run: below it, a wijk's yearly
/// counts of GP contacts, admissions or deaths are a handful of events, and
/// CBS's figures for it are rounded or kept secret.
pub const MIN_RESIDENTS: f64 = 500.0;

/// The model's five-year age bands: 0-4, 5-9, ..., 90-94, and 95+.
pub const MODEL_BANDS: usize = 20;

/// What a run needs of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPopulation {
    /// The region's code (`WK051802`).
    pub code: String,
    /// Residents on 1 January (`AantalInwoners`).
    pub residents: u32,
    /// Share of residents in each of the model's bands 0-4, 5-9, ...,
    /// 90-94, 95+; they sum to 1.
    pub age_band_shares: [f64; MODEL_BANDS],
    /// Residents 65-74, 75-84 and 85+ (the 65+ band spread by the
    /// gemeente's single years; not rounded), for `buurtsim check`.
    pub bands_65_74_75_84_85plus: [f64; 3],
    /// Private households, as in [`Region::households`].
    pub households: Option<f64>,
    /// One-person households, as in [`Region::single_person_households`].
    pub single_person_households: Option<f64>,
    /// Mean persons per household, as in [`Region::mean_household_size`].
    pub mean_household_size: Option<f64>,
}

/// The population of `region`, its age bands spread over single years as
/// `ages` (its gemeente's 03759NED) has them. Refused when the region has
/// missing or too few residents, a missing age band, or `ages` is of
/// another gemeente.
pub fn region_population(
    region: &Region,
    ages: &SingleYearAges,
) -> Result<RegionPopulation, CbsError> {
    let unusable = |reason: String| CbsError::RegionUnusable {
        code: region.code.clone(),
        reason: format!("{reason} (line {} of the wijk table)", region.line),
    };
    let residents = region.residents.ok_or_else(|| {
        unusable("its residents (`AantalInwoners`) are `.`, missing or secret".into())
    })?;
    if residents < MIN_RESIDENTS {
        return Err(unusable(format!(
            "it has {residents} residents, fewer than the {MIN_RESIDENTS} a run needs"
        )));
    }
    let mut bands = [0.0; 5];
    for ((band, value), stem) in bands.iter_mut().zip(region.bands).zip(BAND_STEMS) {
        *band = value
            .ok_or_else(|| unusable(format!("its age band `{stem}` is `.`, missing or secret")))?;
    }
    let gemeente = region.gemeente_code();
    if !ages.gemeente.eq_ignore_ascii_case(&gemeente) {
        return Err(CbsError::AgesOfAnotherGemeente {
            path: ages.path.clone(),
            ages_gemeente: ages.gemeente.clone(),
            code: region.code.clone(),
            gemeente,
        });
    }
    let single_years = spread(&bands, &ages.counts);
    let total: f64 = single_years.iter().sum();
    if total <= 0.0 {
        return Err(unusable("its age bands sum to 0".into()));
    }
    let mut age_band_shares = [0.0; MODEL_BANDS];
    for (age, count) in single_years.iter().enumerate() {
        age_band_shares[(age / 5).min(MODEL_BANDS - 1)] += count / total;
    }
    let sum = |ages: std::ops::Range<usize>| single_years[ages].iter().sum::<f64>();
    Ok(RegionPopulation {
        code: region.code.clone(),
        residents: residents.round() as u32,
        age_band_shares,
        bands_65_74_75_84_85plus: [sum(65..75), sum(75..85), sum(85..AGE_CLASSES)],
        households: region.households,
        single_person_households: region.single_person_households,
        mean_household_size: region.mean_household_size,
    })
}

/// The region's residents by single year (0 to 104, then 105+): each band
/// of `bands` over its ages in proportion to the gemeente's `counts`, or
/// evenly where the gemeente has nobody of those ages.
fn spread(bands: &[f64; 5], counts: &[f64]) -> [f64; AGE_CLASSES] {
    let mut out = [0.0; AGE_CLASSES];
    for (&band, &(first, last)) in bands.iter().zip(&BAND_AGES) {
        let ages = first..=last;
        let gemeente: f64 = counts[ages.clone()].iter().sum();
        let years = (last - first + 1) as f64;
        for age in ages {
            out[age] = if gemeente > 0.0 {
                band * counts[age] / gemeente
            } else {
                band / years
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbs::test_files::test_data;
    use crate::cbs::{read_ages, read_kwb};

    fn den_haag() -> (crate::cbs::KwbTable, SingleYearAges) {
        (
            read_kwb(&test_data("kwb-2019-den-haag.csv")).unwrap(),
            read_ages(&test_data("age-2019-den-haag-03759NED.csv")).unwrap(),
        )
    }

    #[test]
    fn shares_sum_to_one_and_keep_the_wijks_65_plus_share() {
        let (table, ages) = den_haag();
        for code in ["WK051802", "GM0518", "BU05180271"] {
            let Ok(region) = table.find(code) else {
                continue;
            };
            let population = region_population(region, &ages).unwrap();
            let shares = population.age_band_shares;
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{code}");
            let bands: Vec<f64> = region.bands.iter().map(|b| b.unwrap()).collect();
            let sum: f64 = bands.iter().sum();
            let share_65 = shares[13..].iter().sum::<f64>();
            assert!((share_65 - bands[4] / sum).abs() < 1e-12, "{code}");
            // 0-14 is three model bands, 15-24 two.
            assert!((shares[..3].iter().sum::<f64>() - bands[0] / sum).abs() < 1e-12);
            assert!((shares[3..5].iter().sum::<f64>() - bands[1] / sum).abs() < 1e-12);
            let [a, b, c] = population.bands_65_74_75_84_85plus;
            assert!((a + b + c - bands[4]).abs() < 1e-9, "{code}");
        }
        let wk = region_population(table.find("WK051802").unwrap(), &ages).unwrap();
        assert_eq!((wk.code.as_str(), wk.residents), ("WK051802", 8245));
        assert_eq!(wk.households, Some(4190.0));
    }

    #[test]
    fn the_gemeente_gets_its_own_single_year_profile_within_bands() {
        // For the gemeente, spreading by its own single years gives back
        // its own 95+ share of 65+ (up to the bands' rounding).
        let (table, ages) = den_haag();
        let gm = region_population(table.find("GM0518").unwrap(), &ages).unwrap();
        let over_65: f64 = ages.counts[65..].iter().sum();
        let over_95: f64 = ages.counts[95..].iter().sum();
        let shares = gm.age_band_shares;
        let ratio = shares[19] / shares[13..].iter().sum::<f64>();
        assert!((ratio - over_95 / over_65).abs() < 1e-12);
        assert_eq!(gm.residents, 537833);
    }

    #[test]
    fn refuses_an_empty_wijk_and_ages_of_another_gemeente() {
        let (table, ages) = den_haag();
        let e = region_population(table.find("WK051801").unwrap(), &ages).unwrap_err();
        assert!(matches!(e, CbsError::RegionUnusable { .. }));
        assert_eq!(
            e.to_string(),
            "region WK051801 cannot be simulated: it has 0 residents, fewer than the 500 a \
             run needs (line 3 of the wijk table)"
        );
        let mut region = table.find("WK051802").unwrap().clone();
        region.bands[2] = None;
        let e = region_population(&region, &ages).unwrap_err().to_string();
        assert!(e.contains("age band `k_25Tot45Jaar` is `.`"), "{e}");
        region.residents = None;
        let e = region_population(&region, &ages).unwrap_err().to_string();
        assert!(e.contains("residents (`AantalInwoners`) are `.`"), "{e}");
        let amsterdam = read_ages(&test_data("age-2019-amsterdam-03759NED.csv")).unwrap();
        let e = region_population(table.find("WK051802").unwrap(), &amsterdam).unwrap_err();
        assert!(matches!(e, CbsError::AgesOfAnotherGemeente { .. }));
        let message = e.to_string();
        assert!(
            message.contains("age-2019-amsterdam-03759NED.csv holds the ages of GM0363, but region WK051802 lies in GM0518"),
            "{message}"
        );
    }
}
