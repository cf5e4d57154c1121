//! The ageing wave: `population.projection = "cbs-kernprognose-2024"`
//! ages the district forward from day 0 (1 January 2025) instead of
//! holding its age structure (`demography`).
//!
//! Why: advisers ask what the next ten years of ageing do to their wijk.
//! The stationary schedule answers "as it is"; this answers "as it will
//! be", with the rest of the model unchanged, so a programme can be run on
//! top of the ageing and compared with the ageing alone.
//!
//! How: the national forecast (`kernprognose`, one pinned edition) gives
//! three rates, each scaled to the district:
//! - deaths: the model's own rates by functional state and living
//!   situation (`health::base_rates`) and its probability of dying in
//!   hospital (`acute::plan_stay`), times an improvement factor per
//!   calendar year, `exp(-slope x gain)^n` in year `n` (`n = 0` in 2025):
//!   on a Gompertz curve with the scenario's slope, shifting mortality by
//!   `gain` years of life expectancy a year multiplies every rate by that
//!   factor. `gain` is the forecast's rise of life expectancy at birth;
//! - births: the forecast's births per resident, turned into births per
//!   resident aged 15-49 on the national structure (the default
//!   `population.age_band_shares`), so a young district has more births;
//! - net migration: the forecast's net migration per resident, spread over
//!   ages by [`NET_MIGRATION_BY_BAND`], an assumption (the national age
//!   pattern was not found; for a wijk, national migration is itself an
//!   assumption: internal moves are not in the forecast).
//!
//! Moves out keep the scenario's base rates, and the newcomers of each age
//! are the expected movers plus the net migrants: turnover goes on, but
//! only net migration changes the numbers. The schedule is solved once,
//! before the run, by following the expected district year by year; it is
//! a pure function of the scenario (no random numbers, no programme
//! effects), so a programme and its baseline get the same newcomers.

use super::demography::{base_move_out, Demography, MAX_AGE};
use super::kernprognose::Kernprognose;
use super::types::DAYS_PER_YEAR;
use crate::scenario::{AgeProjection, Population, Scenario};

/// Net international migration by five-year band 0-4, ..., 60-64 (relative
/// weights; none at 65+). Assumption, not a CBS figure: net arrivals are
/// mostly young adults (20-34) with some children, as the shape of Dutch
/// migration by age is usually described; replace with the forecast's own
/// pattern by age when it is at hand.
pub const NET_MIGRATION_BY_BAND: [f64; 13] = [
    0.06, 0.04, 0.03, 0.08, 0.22, 0.22, 0.14, 0.08, 0.05, 0.03, 0.02, 0.01, 0.01,
];

/// Ages whose residents count for births (births per resident of these ages).
const CHILDBEARING: std::ops::Range<usize> = 15..50;

/// The solved projection of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Yearly factor on every death rate (below 1: mortality improves).
    pub improvement: f64,
    /// Probability that a household at home aged `[a, a+1)` moves out on
    /// 1 January: the scenario's base rates, nothing added.
    pub move_out: Vec<f64>,
    /// Newcomers per year of age arriving on the 1 January that ends
    /// projection year `n` (births at age 0), as a share of the starting
    /// size: `inflow[n][a]`.
    pub inflow: Vec<Vec<f64>>,
    /// Expected residents aged `[a, a+1)` on 1 January of projection year
    /// `n` (`n = 0`: day 0), as a share of the starting size: `stock[n][a]`.
    /// What the schedule expects, not what a replication draws.
    pub stock: Vec<Vec<f64>>,
}

/// Births per resident aged 15-49 per year: the forecast's births per
/// resident on the national structure.
pub fn births_per_childbearing_resident(k: &Kernprognose) -> f64 {
    let national = Population::default().age_band_shares;
    let total: f64 = national.iter().sum();
    let childbearing: f64 = national[CHILDBEARING.start / 5..CHILDBEARING.end / 5]
        .iter()
        .sum();
    k.birth_rate() * total / childbearing
}

/// Net migration weights by single year of age (sum 1).
fn net_migration_by_age() -> Vec<f64> {
    let total: f64 = NET_MIGRATION_BY_BAND.iter().sum();
    (0..MAX_AGE)
        .map(|a| {
            NET_MIGRATION_BY_BAND
                .get(a / 5)
                .map_or(0.0, |w| w / total / 5.0)
        })
        .collect()
}

impl Projection {
    /// The projection of scenario `s` over its whole run (warm-up
    /// included: day 0 is 1 January 2025), or `None` when the scenario
    /// holds its age structure.
    pub fn solve(s: &Scenario, d: &Demography) -> Option<Self> {
        if s.population.projection == AgeProjection::Stationary {
            return None;
        }
        let k = Kernprognose::pinned();
        let improvement = (-s.health.mortality_age_slope * k.life_expectancy_gain()).exp();
        let mut p = Self {
            improvement,
            move_out: base_move_out(s),
            inflow: Vec::new(),
            stock: vec![d.stock.clone()],
        };
        let years = (s.run.warmup_years + s.run.years) as usize;
        let rates = YearRates {
            births: births_per_childbearing_resident(k),
            net: k.net_migration_rate(),
            by_age: net_migration_by_age(),
        };
        for n in 0..years {
            let (inflow, next) = p.step(d, &rates, n);
            p.inflow.push(inflow);
            p.stock.push(next);
        }
        Some(p)
    }

    /// One projection year `n` of the expected district: survivors of
    /// each age (death rates times this year's factor), the base moves out,
    /// and newcomers (births; movers replaced; net migrants). Returns the
    /// newcomers by age and the stock on the next 1 January.
    fn step(&self, d: &Demography, rates: &YearRates, n: usize) -> (Vec<f64>, Vec<f64>) {
        let stock = &self.stock[n];
        let factor = self.improvement.powi(n as i32);
        let total: f64 = stock.iter().sum();
        let mut inflow = vec![0.0; MAX_AGE];
        let mut next = vec![0.0; MAX_AGE];
        let childbearing: f64 = stock[CHILDBEARING].iter().sum();
        inflow[0] = rates.births * childbearing + rates.net * total * rates.by_age[0];
        next[0] = inflow[0];
        for a in 1..MAX_AGE {
            // Scaling the hazard of dying in the year by this year's factor.
            let q = d.death[a - 1];
            let survived = stock[a - 1] * (1.0 - q).max(0.0).powf(factor);
            let movers = survived * self.move_out[a] * d.home_before_moves[a];
            inflow[a] = movers + rates.net * total * rates.by_age[a];
            next[a] = survived - movers + inflow[a];
        }
        (inflow, next)
    }

    /// Projection year of time `t` (days): 0 from day 0 to the first
    /// 1 January, and so on.
    pub fn year_index(t: f64) -> usize {
        (t / DAYS_PER_YEAR + 1e-9).floor().max(0.0) as usize
    }

    /// The factor on death rates at time `t`: `improvement^n` in
    /// projection year `n` (the model's rates are 2025's).
    pub fn mortality_factor(&self, t: f64) -> f64 {
        self.improvement.powi(Self::year_index(t) as i32)
    }

    /// The newcomers of the turnover on 1 January at time `t`: those of
    /// the projection year that ends then.
    pub fn inflow_at(&self, t: f64) -> &[f64] {
        let n = Self::year_index(t).max(1) - 1;
        &self.inflow[n.min(self.inflow.len() - 1)]
    }

    /// The expected calendar year of projection year `n`.
    pub fn calendar_year(n: usize) -> i32 {
        super::kernprognose::FIRST_YEAR + n as i32
    }
}

/// The forecast's rates as the schedule uses them.
struct YearRates {
    /// Births per resident aged 15-49 per year.
    births: f64,
    /// Net migrants per resident per year.
    net: f64,
    /// Net migration weights by single year of age.
    by_age: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn projected(years: u32) -> (Scenario, Projection) {
        let mut s = Scenario::default();
        s.population.projection = AgeProjection::CbsKernprognose2024;
        s.run.warmup_years = 0;
        s.run.years = years;
        let d = Demography::solve(&s);
        let p = Projection::solve(&s, &d).expect("projection mode");
        (s, p)
    }

    fn sum_from(stock: &[f64], age: usize) -> f64 {
        stock[age..].iter().sum()
    }

    #[test]
    fn stationary_mode_has_no_projection() {
        let s = Scenario::default();
        assert!(Projection::solve(&s, &Demography::solve(&s)).is_none());
    }

    /// Common random numbers: the schedule depends on nothing but the
    /// scenario's demography, so a programme does not change it.
    #[test]
    fn the_schedule_is_a_pure_function_of_the_scenario() {
        let (mut s, p) = projected(20);
        s.interventions.meeting_place = Some(Default::default());
        let again = Projection::solve(&s, &Demography::solve(&s)).unwrap();
        assert_eq!(p, again);
        assert!(p
            .inflow
            .iter()
            .flatten()
            .all(|&n| n >= 0.0 && n.is_finite()));
    }

    #[test]
    fn mortality_improves_by_the_forecasts_gain() {
        let (_, p) = projected(10);
        // About 0.15 years of life expectancy a year at slope 0.095.
        assert!((0.98..0.99).contains(&p.improvement), "{}", p.improvement);
        assert_eq!(p.mortality_factor(0.0), 1.0);
        assert_eq!(
            p.mortality_factor(2.0 * DAYS_PER_YEAR),
            p.improvement.powi(2)
        );
        assert_eq!(p.inflow_at(DAYS_PER_YEAR), &p.inflow[0][..]);
        assert_eq!(Projection::calendar_year(10), 2035);
    }

    /// On the national structure, births per resident are the forecast's.
    #[test]
    fn births_match_the_forecast_on_the_national_structure() {
        let (_, p) = projected(1);
        let births = p.inflow[0][0];
        let k = Kernprognose::pinned();
        let want = k.birth_rate() + k.net_migration_rate() * net_migration_by_age()[0];
        assert!((births - want).abs() < 0.02 * want, "{births} vs {want}");
    }

    /// The expected district grows older: more 80+ and a higher 65+ share.
    #[test]
    fn the_expected_district_ages() {
        let (_, p) = projected(20);
        let (start, end) = (&p.stock[0], &p.stock[20]);
        assert!(sum_from(end, 80) > 1.5 * sum_from(start, 80));
        let share = |s: &[f64]| sum_from(s, 65) / s.iter().sum::<f64>();
        assert!(share(end) > share(start));
    }
}
