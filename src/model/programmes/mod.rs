//! Interventions compiled into data: who is eligible, who takes part,
//! which named rates or routing decisions change for participants, and
//! what a programme costs. One file per preset (`carer_support`,
//! `meeting_place`, `hybrid_care`, `nurse_link`, `custom`) compiles its
//! scenario table; this file holds what they share and the list.
//!
//! No effect is ever written into an outcome: a programme only changes the
//! rates and decisions below, and outcomes follow from the simulation.
//! This module knows nothing about services' queues or metrics.

pub mod carer_support;
pub mod custom;
pub mod hybrid_care;
pub mod meeting_place;
pub mod nurse_link;

use super::types::{Functional, Lonely, Resident, DAYS_PER_YEAR};
use crate::scenario::{FunctionalStateName, Scenario, TargetGroup};

/// The model's named rates that programmes can multiply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    /// Medical problem episodes.
    GpMedical = 0,
    /// Psychosocial problems.
    GpPsychosocial = 1,
    /// Crises.
    Crisis = 2,
    /// Nursing-home admission.
    NursingHome = 3,
    /// Loneliness onset and worsening.
    LonelinessOnset = 4,
    /// Loneliness recovery.
    LonelinessRecovery = 5,
    /// Functional decline.
    FrailtyProgression = 6,
    /// Recovery from pre-frail.
    FrailtyRecovery = 7,
}

/// Number of named rates.
pub const RATES: usize = 8;

/// One resident-level programme.
#[derive(Debug, Clone)]
pub struct Programme {
    /// Bit in the mask.
    pub bit: u16,
    /// Stable key of the programme for uptake draws: its bit for the
    /// presets, a hash of its name for custom programmes.
    pub uptake_key: u64,
    /// Active from this day on.
    pub start_day: f64,
    /// Participation threshold on the resident's uptake number.
    pub uptake: f64,
    /// Who is eligible.
    pub target: Target,
    /// Multipliers for participants.
    pub multipliers: [f64; RATES],
    /// Share of psychosocial problems diverted from the GP.
    pub psychosocial_diversion: f64,
    /// What the programme costs each week (besides costs counted where
    /// its effect happens, such as the nurse link's case-management hours).
    pub cost: Cost,
    /// Payer index (0 Zvw, 1 Wmo, 2 Wlz, 3 gemeente).
    pub payer: usize,
}

/// How a programme's own cost accrues.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cost {
    /// Nothing weekly.
    None,
    /// A running cost per year (EUR), from the start day.
    PerYear(f64),
    /// A cost per participant per year (EUR).
    PerParticipantYear(f64),
}

/// A week as a share of the model's year.
pub const WEEK_YEARS: f64 = 7.0 / DAYS_PER_YEAR;

impl Programme {
    /// The cost of week starting at `t` with `participants` taking part,
    /// or `None` when nothing is due (not started, or no such cost).
    pub fn weekly_cost(&self, t: f64, participants: impl FnOnce() -> f64) -> Option<f64> {
        match self.cost {
            Cost::PerYear(eur) if t >= self.start_day => Some(eur * WEEK_YEARS),
            Cost::PerParticipantYear(eur) if eur > 0.0 => Some(participants() * eur * WEEK_YEARS),
            _ => None,
        }
    }
}

/// Eligibility rule.
#[derive(Debug, Clone)]
pub enum Target {
    /// At home, at least this age, or a lonely adult.
    MeetingPlace {
        /// Minimum age.
        min_age: f64,
    },
    /// At home and digitally literate.
    Digital,
    /// At home, at least this age, frail or care-dependent.
    FrailElderly {
        /// Minimum age.
        min_age: f64,
    },
    /// A user-defined group.
    Custom(TargetGroup),
}

impl Target {
    /// Whether a resident at home belongs to the target group at time `t`.
    pub fn contains(&self, r: &Resident, t: f64) -> bool {
        if !r.at_home() {
            return false;
        }
        let age = r.age(t);
        match self {
            Target::MeetingPlace { min_age } => {
                age >= *min_age || (age >= 18.0 && r.lonely != Lonely::No)
            }
            Target::Digital => r.digital,
            Target::FrailElderly { min_age } => age >= *min_age && r.functional.is_limited(),
            Target::Custom(g) => {
                age >= g.min_age
                    && age <= g.max_age
                    && (g.functional_states.is_empty()
                        || g.functional_states
                            .iter()
                            .any(|s| state_of(*s) == r.functional))
                    && (!g.living_alone_only || r.living_alone(t))
                    && (!g.lonely_only || r.lonely != Lonely::No)
            }
        }
    }
}

fn state_of(name: FunctionalStateName) -> Functional {
    match name {
        FunctionalStateName::Fit => Functional::Fit,
        FunctionalStateName::PreFrail => Functional::PreFrail,
        FunctionalStateName::Frail => Functional::Frail,
        FunctionalStateName::CareDependent => Functional::CareDependent,
    }
}

/// Payer index of a scenario payer.
pub fn payer_index(p: crate::scenario::Payer) -> usize {
    use crate::scenario::Payer;
    match p {
        Payer::Zvw => 0,
        Payer::Wmo => 1,
        Payer::Wlz => 2,
        Payer::Gemeente => 3,
    }
}

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

/// Multipliers that are 1 except for the rates named.
pub fn multipliers(pairs: &[(Rate, f64)]) -> [f64; RATES] {
    let mut m = [1.0; RATES];
    for (rate, value) in pairs {
        m[*rate as usize] = *value;
    }
    m
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
pub(crate) mod tests {
    use super::*;

    /// The multipliers that differ from 1, as (rate index, value).
    pub(crate) fn changed(p: &Programme) -> Vec<(usize, f64)> {
        p.multipliers
            .iter()
            .enumerate()
            .filter(|(_, &m)| m != 1.0)
            .map(|(i, &m)| (i, m))
            .collect()
    }

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
