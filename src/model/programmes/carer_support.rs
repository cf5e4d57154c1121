//! The carer-support preset (Katwijk): carers are found through the
//! contacts professionals have with the person they care for (or with the
//! carer, for someone outside the district): a GP or practice-nurse
//! contact, a week of district nursing, a meeting-place visit each find
//! the carer with `identification_per_contact`, from the start year on.
//! Of those found, a share (by their own fixed number, below the
//! coverage) takes the support. For them burden grows more slowly,
//! drop-out is less likely, respite day activities take over hours of a
//! stretched carer, and the programme costs a fixed amount per supported,
//! active carer per year. So coverage builds up after the start, and a
//! carer found earlier has built up less burden. It acts on care
//! relationships, not residents, so it has no mask bit.

use super::super::types::DAYS_PER_YEAR;
use super::programme::payer_index;
use crate::scenario::{CarerSupport, Scenario};

/// Hours in half a day of day activities (respite is bought in half days).
pub const HALF_DAY_HOURS: f64 = 4.0;

/// The day carer support starts (infinite without it).
pub fn start_day(s: &Scenario, warmup_end: f64) -> f64 {
    s.interventions
        .carer_support
        .as_ref()
        .map(|c| warmup_end + c.start_year * DAYS_PER_YEAR)
        .unwrap_or(f64::INFINITY)
}

/// Whether support reaches a carer with this fixed uniform number once
/// they are found.
#[inline]
pub fn reaches(cs: &CarerSupport, support_draw: f64) -> bool {
    support_draw < cs.coverage
}

/// Contacts after which a carer whose number is `support_draw` is found:
/// each contact finds them with `identification_per_contact`, so the count
/// is geometric. It reuses the number below the coverage (uniform on
/// [0, coverage) there) and draws nothing new: common random numbers and
/// every scenario without carer support stay as they were. At 1, carers
/// are found at once (no contact needed); at 0, never.
pub fn contacts_needed(cs: &CarerSupport, support_draw: f64) -> u32 {
    let p = cs.identification_per_contact;
    if p >= 1.0 {
        return 0;
    }
    if p <= 0.0 || cs.coverage <= 0.0 {
        return u32::MAX;
    }
    let v = (support_draw / cs.coverage).clamp(0.0, 1.0 - f64::EPSILON);
    let failures = ((1.0 - v).ln() / (1.0 - p).ln()).floor();
    (failures + 1.0).min(f64::from(u32::MAX - 1)) as u32
}

/// Multipliers on (burden gain, drop-out) for a carer, reached or not.
pub fn multipliers(cs: Option<&CarerSupport>, reached: bool) -> (f64, f64) {
    match cs.filter(|_| reached) {
        Some(cs) => (cs.burden_gain_multiplier, cs.dropout_multiplier),
        None => (1.0, 1.0),
    }
}

/// Cost of one supported carer for a week, and who pays it.
pub fn weekly_cost(cs: &CarerSupport) -> (f64, usize) {
    (
        cs.cost_eur_per_carer_per_year * 7.0 / DAYS_PER_YEAR,
        payer_index(cs.payer),
    )
}

/// Cost of `hours` of respite day activities at `eur_per_half_day`.
pub fn respite_cost(hours: f64, eur_per_half_day: f64) -> f64 {
    hours / HALF_DAY_HOURS * eur_per_half_day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn support() -> CarerSupport {
        CarerSupport {
            coverage: 0.4,
            burden_gain_multiplier: 0.7,
            dropout_multiplier: 0.5,
            cost_eur_per_carer_per_year: 730.0,
            ..Default::default()
        }
    }

    #[test]
    fn contacts_needed_are_geometric_with_the_identification_chance() {
        let mut cs = support();
        cs.identification_per_contact = 0.2;
        // Uniform numbers below the coverage: the count needed is
        // geometric with mean 1 / p.
        let n = 100_000;
        let mean = (0..n)
            .map(|k| contacts_needed(&cs, (k as f64 + 0.5) / n as f64 * cs.coverage) as f64)
            .sum::<f64>()
            / n as f64;
        assert!((mean - 5.0).abs() < 0.01, "mean {mean}");
        let found_by_first = (0..n)
            .filter(|&k| contacts_needed(&cs, (k as f64 + 0.5) / n as f64 * cs.coverage) <= 1)
            .count() as f64
            / n as f64;
        assert!((found_by_first - 0.2).abs() < 0.001);
        cs.identification_per_contact = 1.0;
        assert_eq!(contacts_needed(&cs, 0.3), 0);
        cs.identification_per_contact = 0.0;
        assert_eq!(contacts_needed(&cs, 0.3), u32::MAX);
    }

    #[test]
    fn reached_carers_gain_burden_and_drop_out_less() {
        let cs = support();
        assert!(reaches(&cs, 0.39) && !reaches(&cs, 0.4));
        assert_eq!(multipliers(Some(&cs), true), (0.7, 0.5));
        assert_eq!(multipliers(Some(&cs), false), (1.0, 1.0));
        assert_eq!(multipliers(None, true), (1.0, 1.0));
    }

    #[test]
    fn weekly_cost_per_carer_and_respite_by_half_day() {
        let (cost, payer) = weekly_cost(&support());
        assert!((cost - 14.0).abs() < 1e-12);
        assert_eq!(payer, payer_index(support().payer));
        assert_eq!(respite_cost(8.0, 30.0), 60.0);
    }

    #[test]
    fn starts_after_warm_up_or_never() {
        let mut s = Scenario::default();
        assert_eq!(start_day(&s, 10.0), f64::INFINITY);
        s.interventions.carer_support = Some(CarerSupport {
            start_year: 1.0,
            ..support()
        });
        assert_eq!(start_day(&s, 10.0), 10.0 + DAYS_PER_YEAR);
    }
}
