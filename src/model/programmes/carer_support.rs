//! The carer-support preset (Katwijk): a share of carers (by their own
//! fixed number, below the coverage) is reached from the start year on.
//! For them burden grows more slowly, drop-out is less likely, respite day
//! activities take over hours of a stretched carer, and the programme costs
//! a fixed amount per supported, active carer per year. It acts on care
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

/// Whether support reaches a carer with this fixed uniform number.
#[inline]
pub fn reaches(cs: &CarerSupport, support_draw: f64) -> bool {
    support_draw < cs.coverage
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
