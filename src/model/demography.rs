//! The district's demography, solved once before the run: a life table of
//! the functional chain, the expected age structure by single year of age,
//! and a fixed migration schedule that keeps that structure stationary.
//!
//! Why: the age structure must be *simulated* (ageing, deaths by age and
//! limitation, migration by age), not reset each year, or the age targets
//! test nothing. A rule that fills whatever a band lacks at the moment
//! would hide every demographic error; a fixed schedule cannot. The
//! schedule is a pure function of the scenario (no random numbers, no
//! programme effects), so every scenario of a comparison has the same
//! newcomers: common random numbers.
//!
//! How: the starting shares by five-year band are spread smoothly over
//! single years (band totals exact). The district is then followed year of
//! age by year of age through the functional chain (`health::base_rates`):
//! residents at home move out with the scenario's base rates by age, and
//! newcomers, with the states of a cohort that never moved, arrive in the
//! number that keeps each single-year stock stationary. Where the stock
//! falls faster with age than deaths and base moves explain, newcomers
//! would be negative: there the schedule adds out-migration instead. Households follow the same way: the share living
//! with a partner by age is what union formation, separation and widowhood
//! give, and the starting population and newcomers are drawn from it.

use super::acute::expected_rates;
use super::health::base_rates;
use super::types::{Functional, Living};
use crate::scenario::Scenario;

/// Single years of age followed: 0 to 109.
pub const MAX_AGE: usize = 110;

/// Number of five-year age bands in `population.age_band_shares`.
const BANDS: usize = 20;

/// Rounds of neighbour averaging when spreading band shares over single
/// years (enough to remove the steps, few enough to keep each band's shape).
const SMOOTHING_ROUNDS: usize = 20;

/// Steps per year when integrating the life table.
const STEPS: usize = 48;

/// States of the life table: the four functional states at home, then the
/// nursing home.
pub const STATES: [(Functional, Living); 5] = [
    (Functional::Fit, Living::Home),
    (Functional::PreFrail, Living::Home),
    (Functional::Frail, Living::Home),
    (Functional::CareDependent, Living::Home),
    (Functional::CareDependent, Living::NursingHome),
];

/// Union formation applies to residents without a partner of these ages;
/// separation to couples under the upper age.
pub const UNION_AGES: std::ops::Range<f64> = 20.0..65.0;

/// The solved demography of one scenario.
#[derive(Debug, Clone)]
pub struct Demography {
    /// Expected residents aged `[a, a+1)` on 1 January after turnover, as a
    /// share of the district's starting size (sums to 1).
    pub stock: Vec<f64>,
    /// Expected newcomers per year aged `[a, a+1)` on arrival (births
    /// included at age 0), as a share of the starting size.
    pub inflow: Vec<f64>,
    /// Probability that a resident at home aged `[a, a+1)` on 1 January
    /// moves out that day: the base rate plus any solved extra.
    pub move_out: Vec<f64>,
    /// The part of `move_out` added for stationarity.
    pub extra_move_out: Vec<f64>,
    /// States of residents aged `[a, a+1)` on 1 January after the moves
    /// and arrivals, in [`STATES`] order: whom the starting population
    /// resembles.
    pub mix: Vec<[f64; 5]>,
    /// States of newcomers aged `[a, a+1)`: people of that age elsewhere,
    /// a cohort that never moved (so a district that loses many of its
    /// people at home does not fill with nursing-home residents).
    pub newcomer_mix: Vec<[f64; 5]>,
    /// Share at home among residents aged `[a, a+1)` on 1 January before
    /// the moves (the moves take only people at home).
    pub home_before_moves: Vec<f64>,
    /// Share living with a partner among residents at home aged `[a, a+1)`.
    pub partner: Vec<f64>,
    /// Probability of dying within the year of age `[a, a+1)`.
    pub death: Vec<f64>,
}

/// One year of the functional chain for a mix `x` of year of age `a`:
/// the mix a year later (not normalised: its sum is the survivors), the
/// probability of dying, and the probability that someone at home leaves
/// home by death or admission (what widows their partner).
///
/// "Year of age `a`" is everyone aged `[a, a+1)` on 1 January, followed as
/// if aged `a + 0.5`; the rates of a year are read at that age, as the
/// simulation re-reads them on its yearly round. `STEPS` Euler steps a
/// year; no programme effects, no unmet need.
fn evolve_year(s: &Scenario, mut x: [f64; 5], a: usize) -> ([f64; 5], f64, f64) {
    let dt = 1.0 / STEPS as f64;
    let alive_start: f64 = x.iter().sum();
    let mut home_hazard = 0.0;
    let age = a as f64 + 0.5;
    for _ in 0..STEPS {
        let mut next = x;
        let (mut home, mut leaving) = (0.0, 0.0);
        for (i, &(state, living)) in STATES.iter().enumerate() {
            let mut r = base_rates(s, age, state, living);
            if living == Living::Home {
                let (death, decline, admission) =
                    expected_rates(s, age, state, living_alone_guess(age));
                r.death += death;
                r.decline += decline;
                r.admission += admission;
            }
            let out = (r.death + r.decline + r.recovery + r.admission) * dt * x[i];
            next[i] -= out.min(x[i]);
            let share = |rate: f64| rate * dt * x[i];
            if i < 3 {
                next[i + 1] += share(r.decline);
            }
            if (1..4).contains(&i) {
                next[i - 1] += share(r.recovery);
            }
            if i < 4 {
                next[4] += share(r.admission);
                home += x[i];
                leaving += x[i] * (r.death + r.admission);
            }
        }
        if home > 0.0 {
            home_hazard += leaving / home * dt;
        }
        x = next.map(|v| v.max(0.0));
    }
    let alive_end: f64 = x.iter().sum();
    let death = if alive_start > 0.0 {
        (1.0 - alive_end / alive_start).clamp(0.0, 1.0)
    } else {
        1.0
    };
    (x, death, 1.0 - (-home_hazard).exp())
}

/// The states by year of age of a cohort that never moves, with its
/// probability of dying each year.
fn closed_cohort(s: &Scenario) -> (Vec<[f64; 5]>, Vec<f64>) {
    let mut x = [1.0, 0.0, 0.0, 0.0, 0.0];
    let (mut mix, mut death) = (Vec::with_capacity(MAX_AGE), Vec::with_capacity(MAX_AGE));
    for a in 0..MAX_AGE {
        mix.push(normalised(x));
        let (next, q, _) = evolve_year(s, normalised(x), a);
        death.push(q);
        x = next;
    }
    (mix, death)
}

impl Demography {
    /// Solve the demography of scenario `s`: follow the district year of
    /// age by year of age. Each year the residents of one age age through
    /// the chain; on 1 January people at home move out (the base rate, or
    /// more where the stock must fall faster than deaths explain) and
    /// newcomers arrive with the mix of a cohort that never moved, in the
    /// number that makes the next age's stock.
    pub fn solve(s: &Scenario) -> Self {
        let pop = &s.population;
        let base = base_move_out(s);
        let (newcomer_mix, closed_death) = closed_cohort(s);
        let closed_home = |a: usize| 1.0 - newcomer_mix[a][4];
        let stock = single_year_stock(&pop.age_band_shares, &closed_death, &base, &closed_home);
        let mut d = Self {
            inflow: vec![0.0; MAX_AGE],
            move_out: base.clone(),
            extra_move_out: vec![0.0; MAX_AGE],
            mix: vec![newcomer_mix[0]; MAX_AGE],
            home_before_moves: vec![1.0; MAX_AGE],
            partner: Vec::new(),
            death: vec![0.0; MAX_AGE],
            newcomer_mix,
            stock,
        };
        d.inflow[0] = d.stock[0];
        let mut home_loss = Vec::with_capacity(MAX_AGE);
        for a in 0..MAX_AGE {
            let (next, q, loss) = evolve_year(s, d.mix[a], a);
            d.death[a] = q;
            home_loss.push(loss);
            if a + 1 < MAX_AGE {
                d.step_to(a + 1, normalised(next));
            }
        }
        d.partner = partner_by_age(s, &home_loss);
        if let Some(wijk) = pop.living_alone_share {
            let home: Vec<f64> = d.mix.iter().map(|m| 1.0 - m[4]).collect();
            scale_living_alone(&mut d.partner, &d.stock, &home, wijk);
        }
        d
    }

    /// 1 January for year of age `b`: the survivors of `b - 1` (states
    /// `survived`) move out, newcomers arrive, and the mix of `b` follows.
    fn step_to(&mut self, b: usize, survived: [f64; 5]) {
        let survivors = self.stock[b - 1] * (1.0 - self.death[b - 1]);
        let home = 1.0 - survived[4];
        self.home_before_moves[b] = home;
        let stayers = survivors * (1.0 - self.move_out[b] * home);
        if self.stock[b] >= stayers {
            self.inflow[b] = self.stock[b] - stayers;
        } else if survivors > 0.0 && home > 0.0 {
            let needed = ((1.0 - self.stock[b] / survivors) / home).min(1.0);
            self.extra_move_out[b] = needed - self.move_out[b];
            self.move_out[b] = needed;
        }
        let mut mass = survived.map(|v| v * survivors);
        for v in mass.iter_mut().take(4) {
            *v *= 1.0 - self.move_out[b];
        }
        for (m, n) in mass.iter_mut().zip(self.newcomer_mix[b]) {
            *m += self.inflow[b] * n;
        }
        self.mix[b] = normalised(mass);
    }

    /// The single year of age of someone aged `age` (clamped to the table).
    pub fn year_of(age: f64) -> usize {
        (age.max(0.0) as usize).min(MAX_AGE - 1)
    }
}

/// The base move-out rates by single year of age: the scenario's rate
/// for 18-34 and for other ages. The stationary schedule adds moves where
/// the structure needs them; a projection (`projection`) keeps the base.
pub fn base_move_out(s: &Scenario) -> Vec<f64> {
    let pop = &s.population;
    (0..MAX_AGE)
        .map(|a| {
            if (18..35).contains(&a) {
                pop.move_out_rate_young_adults
            } else {
                pop.move_out_rate_other
            }
        })
        .collect()
}

/// Adults (from this age) may live alone; children never do.
const ALONE_FROM_AGE: usize = 20;

/// Single-person households per resident in the Netherlands on 1 January
/// 2018: 2,998,000 of 17,181,084 (CBS 37296ned). A wijk's share is read
/// against it.
pub const NATIONAL_LIVING_ALONE_SHARE: f64 = 2_998_000.0 / 17_181_084.0;

/// Your own wijk's households (`population.living_alone_share`, CBS
/// single-person households per resident): scale living without a partner
/// at home, at every adult age by one factor, so that the model's share
/// of residents without a partner is `wijk / national` times what the
/// national pattern gives. Relative, because the model's "without a
/// partner" also holds young adults living with their parents and single
/// parents, which CBS's one-person households do not: a wijk at the
/// national share keeps the national pattern. The age pattern keeps its
/// shape; no age goes above all alone, so a very high share is capped at
/// every adult living alone. Bisection on the factor: the share rises
/// with it monotonically.
fn scale_living_alone(partner: &mut [f64], stock: &[f64], home: &[f64], wijk: f64) {
    let total: f64 = stock.iter().sum();
    let alone = |k: f64, a: usize| ((1.0 - partner[a]) * k).min(1.0);
    let share = |k: f64| {
        (ALONE_FROM_AGE..partner.len().min(stock.len()))
            .map(|a| stock[a] * home[a] * alone(k, a))
            .sum::<f64>()
            / total
    };
    let target = share(1.0) * wijk / NATIONAL_LIVING_ALONE_SHARE;
    let (mut lo, mut hi) = (0.0, 1.0);
    while share(hi) < target && hi < 1e6 {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if share(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let k = 0.5 * (lo + hi);
    let scaled: Vec<f64> = (0..partner.len())
        .map(|a| {
            if a < ALONE_FROM_AGE {
                partner[a]
            } else {
                1.0 - alone(k, a)
            }
        })
        .collect();
    partner.copy_from_slice(&scaled);
}

/// The share living without a partner among residents at home of `age`,
/// as the simulation produces it (about 24% at 65-74, 40% at 75-84, 68%
/// at 85+; validation target `living_alone_70_89`): only the hospital
/// routes of the life table need it (living alone raises the acute-event
/// rate and sends more to a short-term stay), before the household
/// schedule is solved.
fn living_alone_guess(age: f64) -> f64 {
    (0.1 + 0.02 * (age - 62.0)).clamp(0.1, 0.75)
}

fn normalised(x: [f64; 5]) -> [f64; 5] {
    let total: f64 = x.iter().sum();
    if total > 0.0 {
        x.map(|v| v / total)
    } else {
        [0.0, 0.0, 0.0, 0.0, 1.0]
    }
}

/// Spread five-year band shares over single years, smoothly, so that the
/// schedule has no jumps at band edges (a step would need a burst of moves
/// at each edge): start flat within each band, then repeatedly average
/// each year with its neighbours and rescale every band back to its
/// share, so each band's total stays exact. The open band 95+ follows
/// survival from age 95 (deaths and base moves), scaled to its share.
fn single_year_stock(
    shares: &[f64],
    death: &[f64],
    base_move: &[f64],
    home: &dyn Fn(usize) -> f64,
) -> Vec<f64> {
    let total: f64 = shares.iter().sum();
    let closed = 5 * (BANDS - 1);
    let mut stock = vec![0.0; MAX_AGE];
    for a in 0..closed {
        stock[a] = shares[a / 5] / total / 5.0;
    }
    for _ in 0..SMOOTHING_ROUNDS {
        let before = stock.clone();
        for a in 0..closed {
            let below = before[a.saturating_sub(1)];
            let above = before[(a + 1).min(closed - 1)];
            stock[a] = 0.25 * below + 0.5 * before[a] + 0.25 * above;
        }
        for b in 0..BANDS - 1 {
            let band: f64 = stock[5 * b..5 * b + 5].iter().sum();
            if band > 0.0 {
                let scale = shares[b] / total / band;
                stock[5 * b..5 * b + 5].iter_mut().for_each(|n| *n *= scale);
            }
        }
    }
    let first = closed;
    let mut survival = vec![1.0; MAX_AGE - first];
    for k in 1..survival.len() {
        let a = first + k - 1;
        survival[k] = survival[k - 1] * (1.0 - death[a]) * (1.0 - base_move[a + 1] * home(a + 1));
    }
    let sum: f64 = survival.iter().sum();
    let open_band = shares[BANDS - 1] / total;
    for (k, s) in survival.iter().enumerate() {
        stock[first + k] = open_band * s / sum;
    }
    stock
}

/// Share with a partner among residents at home aged `[a, a+1)` on 1
/// January (after that day's household round), by year of age: a partner
/// leaves home (death or admission) at the life table's rate for the
/// partner's age over the year, and on 1 January singles of 20-64 form a
/// union at `union_formation_rate` and couples both under 65 separate at
/// `separation_rate`. Partners' ages differ as the pairing makes them
/// ([`PARTNER_AGE_GAP_SD`]); that matters because losses rise steeply with
/// age, so an older partner widows more than a younger one spares.
/// Newcomers arrive with this share, so arrivals do not change it.
fn partner_by_age(s: &Scenario, home_loss: &[f64]) -> Vec<f64> {
    let pop = &s.population;
    let gaps = partner_age_gaps();
    // Expectation over the partner's age of `f(partner's year of age)`.
    let over_partner = |a: usize, f: &dyn Fn(usize) -> f64| -> f64 {
        gaps.iter()
            .map(|&(gap, w)| {
                let age = (a as i64 + gap).clamp(0, MAX_AGE as i64 - 1) as usize;
                w * f(age)
            })
            .sum()
    };
    let mut share = vec![0.0; MAX_AGE];
    for a in 0..MAX_AGE - 1 {
        let widowed = over_partner(a, &|p| home_loss[p]);
        let kept = share[a] * (1.0 - widowed);
        let next_age = a as f64 + 1.5;
        share[a + 1] = if UNION_AGES.contains(&next_age) {
            let young = |p: usize| (p as f64 + 0.5 < UNION_AGES.end) as u8 as f64;
            let split = pop.separation_rate * over_partner(a + 1, &young);
            kept * (1.0 - split) + (1.0 - kept) * pop.union_formation_rate
        } else {
            kept
        };
    }
    share
}

/// Standard deviation of the age gap between partners (years): the
/// pairing sorts people by age plus noise of [`PAIRING_AGE_NOISE`] each.
pub const PARTNER_AGE_GAP_SD: f64 = PAIRING_AGE_NOISE * std::f64::consts::SQRT_2;

/// Standard deviation of the noise on age when sorting people to pair
/// (years). Assumption (CBS: the mean gap between partners is 2-3 years,
/// with a wide spread; this model has no sexes, so the gap is symmetric).
pub const PAIRING_AGE_NOISE: f64 = 3.0;

/// Whole-year age gaps between partners with their probabilities (a normal
/// distribution with [`PARTNER_AGE_GAP_SD`], cut at three SD).
fn partner_age_gaps() -> Vec<(i64, f64)> {
    let reach = (3.0 * PARTNER_AGE_GAP_SD).ceil() as i64;
    let density = |g: i64| (-0.5 * (g as f64 / PARTNER_AGE_GAP_SD).powi(2)).exp();
    let total: f64 = (-reach..=reach).map(density).sum();
    (-reach..=reach).map(|g| (g, density(g) / total)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solved() -> Demography {
        Demography::solve(&Scenario::default())
    }

    #[test]
    fn the_stock_keeps_every_band_share() {
        let d = solved();
        let s = Scenario::default();
        let total: f64 = s.population.age_band_shares.iter().sum();
        for b in 0..BANDS {
            let end = if b == BANDS - 1 { MAX_AGE } else { 5 * b + 5 };
            let band: f64 = d.stock[5 * b..end].iter().sum();
            let want = s.population.age_band_shares[b] / total;
            assert!((band - want).abs() < 1e-12, "band {b}: {band} vs {want}");
        }
        assert!(d.stock.iter().all(|&n| n > 0.0));
    }

    #[test]
    fn the_schedule_makes_every_single_year_stationary() {
        let d = solved();
        for a in 0..MAX_AGE - 1 {
            assert!(d.inflow[a + 1] >= 0.0);
            assert!((0.0..=1.0).contains(&d.move_out[a + 1]));
            // One projected year from the stock returns the stock.
            let home = d.home_before_moves[a + 1];
            let next = d.stock[a] * (1.0 - d.death[a]) * (1.0 - d.move_out[a + 1] * home)
                + d.inflow[a + 1];
            assert!(
                (next - d.stock[a + 1]).abs() < 1e-12,
                "age {}: {next} vs {}",
                a + 1,
                d.stock[a + 1]
            );
        }
    }

    #[test]
    fn a_district_that_loses_everyone_at_home_still_gets_newcomers_at_home() {
        // A band with no residents needs every survivor at home to move
        // out; the next ages must not fill with nursing-home residents.
        let mut s = Scenario::default();
        s.population.age_band_shares[4] = 0.0;
        s.population.move_out_rate_other = 1.0;
        let d = Demography::solve(&s);
        for a in [30, 60, 80] {
            assert!(d.mix[a][4] < 0.5, "age {a}: {:?}", d.mix[a]);
        }
    }

    #[test]
    fn the_life_table_dies_out_and_ages() {
        let d = solved();
        assert!(d.death[0] < 0.001 && d.death[100] > 0.2);
        // Limitation rises with age; the nursing home is for the old.
        assert!(d.mix[90][0] < d.mix[70][0]);
        assert!(d.mix[60][4] < 0.01 && d.mix[90][4] > 0.05);
        for m in &d.mix {
            assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn a_wijk_of_singles_has_fewer_partners_at_every_adult_age() {
        let s = Scenario::default();
        let national = Demography::solve(&s);
        let alone_share = |d: &Demography| {
            let home: Vec<f64> = d.mix.iter().map(|m| 1.0 - m[4]).collect();
            (ALONE_FROM_AGE..MAX_AGE)
                .map(|a| d.stock[a] * home[a] * (1.0 - d.partner[a]))
                .sum::<f64>()
                / d.stock.iter().sum::<f64>()
        };
        // A wijk at the national share keeps the national pattern.
        let mut at_national = s.clone();
        at_national.population.living_alone_share = Some(NATIONAL_LIVING_ALONE_SHARE);
        let same = Demography::solve(&at_national);
        for a in 0..MAX_AGE {
            assert!(
                (same.partner[a] - national.partner[a]).abs() < 1e-9,
                "age {a}"
            );
        }
        // A wijk with 1.5 times the national share has 1.5 times the
        // model's residents without a partner, fewer partners at every
        // adult age, and the same children.
        let mut wijk = s.clone();
        wijk.population.living_alone_share = Some(1.5 * NATIONAL_LIVING_ALONE_SHARE);
        let d = Demography::solve(&wijk);
        let ratio = alone_share(&d) / alone_share(&national);
        assert!((ratio - 1.5).abs() < 1e-6, "{ratio}");
        for a in [30, 50, 70, 85] {
            assert!(d.partner[a] < national.partner[a], "age {a}");
        }
        assert_eq!(d.partner[10], national.partner[10]);
    }

    #[test]
    fn partners_rise_in_adult_life_and_fall_with_widowhood() {
        let d = solved();
        assert_eq!(d.partner[10], 0.0);
        assert!(d.partner[50] > 0.5 && d.partner[50] < 0.9);
        assert!(d.partner[90] < d.partner[70]);
    }
}
