//! Interventions compiled into data: who is eligible, who takes part,
//! which named rates or routing decisions change for participants, and
//! what a programme costs. One file per preset (`carer_support`,
//! `meeting_place`, `hybrid_care`, `nurse_link`, `custom`) compiles its
//! scenario table; [`programme`] holds what they share (rates, target,
//! cost), and this file the list, combined by participation mask.
//!
//! No effect is ever written into an outcome: a programme only changes the
//! rates and decisions below, and outcomes follow from the simulation.
//! This module knows nothing about services' queues or metrics.

pub mod carer_support;
pub mod custom;
pub mod hybrid_care;
pub mod meeting_place;
pub mod nurse_link;
pub mod programme;

pub use programme::{multipliers, payer_index, Cost, Programme, Rate, Target, RATES, WEEK_YEARS};

use super::types::DAYS_PER_YEAR;
use crate::scenario::Scenario;

/// All resident-level programmes of a scenario, with the combined multipliers
/// for every participation mask precomputed (the hot loop does one lookup).
#[derive(Debug, Clone)]
pub struct Programmes {
    /// The programmes.
    pub list: Vec<Programme>,
    /// Combined multipliers by mask (only masks that occur are ever read).
    by_mask: Vec<[f64; RATES]>,
    /// Combined psychosocial diversion share by mask.
    diversion_by_mask: Vec<f64>,
}

impl Programmes {
    /// Compile the scenario's interventions; `warmup_days` shifts start
    /// years. Each preset adds its programme when its table is present.
    pub fn compile(s: &Scenario, warmup_days: f64) -> Self {
        let start = |year: f64| warmup_days + year * DAYS_PER_YEAR;
        let mut list: Vec<Programme> = Vec::new();
        list.extend(meeting_place::compile(s, start));
        list.extend(hybrid_care::compile(s, start));
        list.extend(nurse_link::compile(s, start));
        list.extend(custom::compile(s, start));
        let used_bits: u16 = list.iter().fold(0, |acc, p| acc | p.bit);
        let masks = (used_bits as usize) + 1;
        let mut by_mask = vec![[1.0; RATES]; masks];
        let mut diversion_by_mask = vec![0.0; masks];
        for (mask, (mult, div)) in by_mask
            .iter_mut()
            .zip(diversion_by_mask.iter_mut())
            .enumerate()
        {
            let mut keep = 1.0;
            for p in list.iter().filter(|p| mask as u16 & p.bit != 0) {
                for (m, pm) in mult.iter_mut().zip(p.multipliers.iter()) {
                    *m *= pm;
                }
                keep *= 1.0 - p.psychosocial_diversion;
            }
            *div = 1.0 - keep;
        }
        Self {
            list,
            by_mask,
            diversion_by_mask,
        }
    }

    /// Multiplier on `rate` for a resident with participation mask `mask`.
    #[inline]
    pub fn multiplier(&self, mask: u16, rate: Rate) -> f64 {
        self.by_mask[mask as usize][rate as usize]
    }

    /// Share of psychosocial problems diverted from the GP for `mask`.
    #[inline]
    pub fn diversion(&self, mask: u16) -> f64 {
        self.diversion_by_mask[mask as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{Functional, Lonely};
    use crate::scenario::{FunctionalStateName, TargetGroup};

    #[test]
    fn masks_combine_multipliers_and_diversions() {
        let mut s = Scenario::default();
        s.interventions.meeting_place = Some(Default::default());
        s.interventions.district_nurse_link = Some(Default::default());
        let mp = s.interventions.meeting_place.clone().unwrap();
        let link = s.interventions.district_nurse_link.clone().unwrap();
        let p = Programmes::compile(&s, 0.0);
        assert_eq!(p.list.len(), 2);
        let both = meeting_place::BIT | nurse_link::BIT;
        assert_eq!(p.multiplier(0, Rate::Crisis), 1.0);
        assert_eq!(p.multiplier(both, Rate::Crisis), link.crisis_multiplier);
        assert_eq!(
            p.multiplier(both, Rate::LonelinessOnset),
            mp.loneliness_onset_multiplier
        );
        assert_eq!(p.diversion(nurse_link::BIT), 0.0);
        assert!((p.diversion(both) - mp.psychosocial_diversion_share).abs() < 1e-15);
    }

    #[test]
    fn start_years_count_from_the_end_of_warm_up() {
        let mut s = Scenario::default();
        s.interventions.hybrid_care = Some(crate::scenario::schema::HybridCare {
            start_year: 2.0,
            ..Default::default()
        });
        let p = Programmes::compile(&s, 100.0);
        assert_eq!(p.list[0].start_day, 100.0 + 2.0 * DAYS_PER_YEAR);
    }

    #[test]
    fn weekly_cost_by_kind() {
        let mut p = custom::tests::programme(520.0);
        assert_eq!(p.weekly_cost(0.0, || 3.0), Some(3.0 * 520.0 * WEEK_YEARS));
        p.cost = Cost::PerYear(365.0);
        p.start_day = 10.0;
        assert_eq!(p.weekly_cost(5.0, || 0.0), None, "before the start");
        assert_eq!(p.weekly_cost(10.0, || 0.0), Some(7.0));
        p.cost = Cost::None;
        assert_eq!(p.weekly_cost(10.0, || 9.0), None);
    }

    #[test]
    fn custom_target_groups_filter_age_state_and_loneliness() {
        let g = TargetGroup {
            min_age: 65.0,
            max_age: 80.0,
            functional_states: vec![FunctionalStateName::Frail],
            living_alone_only: false,
            lonely_only: true,
        };
        let target = Target::Custom(g);
        let mut r = custom::tests::resident(70.0);
        assert!(!target.contains(&r, 0.0), "fit");
        r.functional = Functional::Frail;
        assert!(!target.contains(&r, 0.0), "not lonely");
        r.lonely = Lonely::Moderate;
        assert!(target.contains(&r, 0.0));
        r.living = super::super::types::Living::NursingHome;
        assert!(!target.contains(&r, 0.0), "not at home");
    }
}
