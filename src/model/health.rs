//! Limitation and survival: the base rates of the functional chain, one
//! function shared by the simulation (which adds programme effects, unmet
//! need and carer drop-out) and the life table that solves the migration
//! schedule (`demography`), so the two cannot drift apart.
//!
//! The four functional states measure limitation as the CBS health survey
//! does (private households; at least one item "with great difficulty" or
//! "only with help"):
//! - fit: no ADL or IADL limitation, and no care need;
//! - pre-frail: an IADL limitation only (household tasks);
//! - frail: an ADL limitation (personal care);
//! - care-dependent: an ADL limitation that needs daily personal care.
//!
//! The scenario keys keep their earlier names (`prefrail_onset_rate_at_75`
//! is the onset of an IADL limitation).

use super::types::{Functional, Living};
use crate::scenario::Scenario;

/// Base transition rates of one resident per year, before programme
/// effects, unmet need and carer drop-out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HealthRates {
    /// Death.
    pub death: f64,
    /// One state worse.
    pub decline: f64,
    /// One state better (IADL only -> fit, ADL -> IADL only).
    pub recovery: f64,
    /// Nursing-home admission (at home only).
    pub admission: f64,
}

/// The base rates at `age` in `state` for someone living at `living`.
pub fn base_rates(s: &Scenario, age: f64, state: Functional, living: Living) -> HealthRates {
    let h = &s.health;
    let gompertz = h.death_rate_fit_at_80 * (h.mortality_age_slope * (age - 80.0)).exp();
    match living {
        Living::NursingHome => HealthRates {
            death: gompertz * s.nursing_home.mortality_multiplier,
            decline: 0.0,
            recovery: 0.0,
            admission: 0.0,
        },
        Living::Home => {
            let death = gompertz
                * match state {
                    Functional::Fit => 1.0,
                    st => h.mortality_multiplier_by_state[st as usize - 1],
                };
            let above = (age - 75.0).max(0.0);
            let age_factor =
                (h.onset_age_slope * (age - 75.0) + h.onset_age_curvature * above * above).exp();
            let decline = match state {
                Functional::Fit => h.prefrail_onset_rate_at_75,
                Functional::PreFrail => h.frail_onset_rate_at_75,
                Functional::Frail => h.dependent_onset_rate_at_75,
                Functional::CareDependent => 0.0,
            } * age_factor;
            let recovery = match state {
                Functional::PreFrail => h.prefrail_recovery_rate,
                Functional::Frail => h.adl_recovery_rate,
                _ => 0.0,
            };
            let nh = &s.nursing_home;
            let base = match state {
                Functional::Frail => nh.admission_rate_frail,
                Functional::CareDependent => nh.admission_rate_dependent,
                _ => 0.0,
            };
            // Only frail and care-dependent residents can be admitted:
            // skip the `exp` for everyone else.
            let admission = if base > 0.0 {
                base * (nh.admission_age_slope * (age - 80.0)).exp()
            } else {
                0.0
            };
            HealthRates {
                death,
                decline,
                recovery,
                admission,
            }
        }
        Living::MovedOut | Living::Deceased => HealthRates {
            death: 0.0,
            decline: 0.0,
            recovery: 0.0,
            admission: 0.0,
        },
    }
}

/// The state one better than `state` (recovery), if any.
pub fn better(state: Functional) -> Functional {
    match state {
        Functional::PreFrail => Functional::Fit,
        Functional::Frail => Functional::PreFrail,
        other => other,
    }
}
