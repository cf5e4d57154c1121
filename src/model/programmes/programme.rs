//! What a resident-level programme is, shared by every preset and by the
//! list in `mod.rs`: the named rates it can multiply, its eligibility rule,
//! its cost and payer. It must not know any preset or how the list combines
//! programmes by participation mask.

use super::super::types::{Functional, Lonely, Resident, DAYS_PER_YEAR};
use crate::scenario::{FunctionalStateName, TargetGroup};

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
    /// The falls part of the crisis rate.
    Falls = 8,
}

/// Number of named rates.
pub const RATES: usize = 9;

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

/// Multipliers that are 1 except for the rates named.
pub fn multipliers(pairs: &[(Rate, f64)]) -> [f64; RATES] {
    let mut m = [1.0; RATES];
    for (rate, value) in pairs {
        m[*rate as usize] = *value;
    }
    m
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
}
