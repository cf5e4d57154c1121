//! Interventions compiled into data: who is eligible, who takes part, and
//! which named rates or routing decisions change for participants.
//!
//! No effect is ever written into an outcome: a programme only changes the
//! rates and decisions below, and outcomes follow from the simulation.

use super::types::{Functional, Lonely, Resident};
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

/// Bit of the meeting place in a resident's programme mask.
pub const MEETING_PLACE: u16 = 1 << 0;
/// Bit of hybrid care.
pub const HYBRID_CARE: u16 = 1 << 1;
/// Bit of the district-nurse link.
pub const NURSE_LINK: u16 = 1 << 2;
/// First bit of the custom programmes.
pub const CUSTOM_SHIFT: u16 = 3;
/// At most this many custom programmes (bits 3..16).
pub const MAX_CUSTOM: usize = 13;

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
    /// Cost per participant per year (EUR).
    pub cost_per_participant_year: f64,
    /// Payer index (0 Zvw, 1 Wmo, 2 Wlz, 3 gemeente).
    pub payer: usize,
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

fn multipliers(pairs: &[(Rate, f64)]) -> [f64; RATES] {
    let mut m = [1.0; RATES];
    for (rate, value) in pairs {
        m[*rate as usize] = *value;
    }
    m
}

impl Programmes {
    /// Compile the scenario's interventions; `warmup_days` shifts start years.
    pub fn compile(s: &Scenario, warmup_days: f64) -> Self {
        let start = |year: f64| warmup_days + year * super::types::DAYS_PER_YEAR;
        let mut list = Vec::new();
        if let Some(mp) = &s.interventions.meeting_place {
            list.push(Programme {
                bit: MEETING_PLACE,
                uptake_key: MEETING_PLACE as u64,
                start_day: start(mp.start_year),
                uptake: mp.uptake,
                target: Target::MeetingPlace {
                    min_age: mp.target_min_age,
                },
                multipliers: multipliers(&[
                    (Rate::LonelinessOnset, mp.loneliness_onset_multiplier),
                    (Rate::LonelinessRecovery, mp.loneliness_recovery_multiplier),
                    (Rate::FrailtyRecovery, mp.frailty_recovery_multiplier),
                ]),
                psychosocial_diversion: mp.psychosocial_diversion_share,
                cost_per_participant_year: 0.0,
                payer: payer_index(mp.payer),
            });
        }
        if let Some(h) = &s.interventions.hybrid_care {
            list.push(Programme {
                bit: HYBRID_CARE,
                uptake_key: HYBRID_CARE as u64,
                start_day: start(h.start_year),
                uptake: h.uptake,
                target: Target::Digital,
                multipliers: [1.0; RATES],
                psychosocial_diversion: 0.0,
                cost_per_participant_year: 0.0,
                payer: payer_index(h.payer),
            });
        }
        if let Some(l) = &s.interventions.district_nurse_link {
            list.push(Programme {
                bit: NURSE_LINK,
                uptake_key: NURSE_LINK as u64,
                start_day: start(l.start_year),
                uptake: l.coverage,
                target: Target::FrailElderly {
                    min_age: l.target_min_age,
                },
                multipliers: multipliers(&[
                    (Rate::Crisis, l.crisis_multiplier),
                    (Rate::NursingHome, l.nursing_home_multiplier),
                ]),
                psychosocial_diversion: 0.0,
                cost_per_participant_year: 0.0,
                payer: payer_index(l.payer),
            });
        }
        for (i, (name, c)) in s.interventions.custom.iter().take(MAX_CUSTOM).enumerate() {
            let m = &c.multipliers;
            let name_words: Vec<u64> = name.bytes().map(u64::from).collect();
            list.push(Programme {
                bit: 1 << (CUSTOM_SHIFT + i as u16),
                uptake_key: crate::engine::rng::hash_key(&name_words) | (1 << 20),
                start_day: start(c.start_year),
                uptake: c.uptake,
                target: Target::Custom(c.target.clone()),
                multipliers: multipliers(&[
                    (Rate::GpMedical, m.gp_medical),
                    (Rate::GpPsychosocial, m.gp_psychosocial),
                    (Rate::Crisis, m.crisis),
                    (Rate::NursingHome, m.nursing_home_admission),
                    (Rate::LonelinessOnset, m.loneliness_onset),
                    (Rate::LonelinessRecovery, m.loneliness_recovery),
                    (Rate::FrailtyProgression, m.frailty_progression),
                    (Rate::FrailtyRecovery, m.frailty_recovery),
                ]),
                psychosocial_diversion: c.psychosocial_to_welfare_share,
                cost_per_participant_year: c.cost_eur_per_participant_per_year,
                payer: payer_index(c.payer),
            });
        }
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
