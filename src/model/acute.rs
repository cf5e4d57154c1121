//! Acute care by rule: how often an acute event (a fall or an acute
//! illness) happens, how often a resident is admitted to hospital, how long
//! a stay lasts and where it ends. Pure functions of the scenario and the
//! resident's situation, shared by the simulation (`services::hospital`)
//! and the life table (`demography`), so the two cannot drift apart.
//!
//! Hospital age bands: under 65, 65-74, 75-84, 85+ (as the published
//! admission figures are given).

use super::recorder::gp_band;
use super::types::Functional;
use crate::scenario::Scenario;

/// Hospital age bands: under 65, 65-74, 75-84, 85+.
pub const HOSPITAL_BANDS: usize = 4;

/// Hospital age band of an age in years.
#[inline]
pub fn band(age: f64) -> usize {
    match age {
        a if a < 65.0 => 0,
        a if a < 75.0 => 1,
        a if a < 85.0 => 2,
        _ => 3,
    }
}

/// Acute events per year of a resident at home: the rate of their
/// functional state at 75-84, scaled by age, living alone and unmet need,
/// with programme multipliers on all acute events (`crisis`) and on the
/// falls among them (`falls`).
pub fn acute_rate(
    s: &Scenario,
    age: f64,
    state: Functional,
    alone: bool,
    unmet_hours: f64,
    (crisis, falls): (f64, f64),
) -> f64 {
    let c = &s.crisis;
    let alone = if alone {
        c.living_alone_multiplier
    } else {
        1.0
    };
    let base = c.rate_by_state[state as usize]
        * c.age_multiplier_by_band[gp_band(age)]
        * alone
        * (1.0 + c.unmet_need_multiplier_per_hour * unmet_hours);
    base * (1.0 - c.falls_share + c.falls_share * falls) * crisis
}

/// Planned clinical admissions per year of a resident at home.
#[inline]
pub fn planned_rate(s: &Scenario, age: f64) -> f64 {
    s.hospital.planned_admission_rate_by_age[band(age)]
}

/// Probability that an emergency visit ends in a clinical admission.
#[inline]
pub fn admission_after_emergency(s: &Scenario, age: f64) -> f64 {
    s.hospital.admission_share_after_emergency_by_age[band(age)]
}

/// The state one better after rehabilitation: it gives back the state a
/// stay took, care-dependent to frail included (natural recovery, in
/// `health::better`, does not leave care-dependence).
pub fn rehabilitated(state: Functional) -> Functional {
    match state {
        Functional::CareDependent => Functional::Frail,
        Functional::Frail => Functional::PreFrail,
        _ => Functional::Fit,
    }
}

/// Where a resident goes when a hospital stay ends alive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum After {
    /// Home; with a district-nursing episode (transfer care) or not.
    Home {
        /// Weeks of a district-nursing episode that starts at discharge.
        episode_weeks: Option<f64>,
    },
    /// A short-term stay (eerstelijnsverblijf), then home or a nursing home.
    ShortStay {
        /// Length of the stay (days).
        days: f64,
        /// It ends in a nursing home.
        then_nursing_home: bool,
    },
    /// Geriatric rehabilitation, then home (perhaps one state better) or a
    /// nursing home.
    Rehab {
        /// Length of the stay (days).
        days: f64,
        /// Rehabilitation gives back one functional state.
        recovers: bool,
        /// It ends in a nursing home.
        then_nursing_home: bool,
    },
    /// A nursing home, straight from hospital.
    NursingHome,
}

/// The course of one hospital stay, decided at admission.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StayPlan {
    /// Length of the clinical stay (days).
    pub days: f64,
    /// The stay ends in death.
    pub dies: bool,
    /// The resident leaves hospital one functional state worse.
    pub declines: bool,
    /// Where they go when they leave alive.
    pub after: After,
}

/// Uniform numbers for one stay, drawn in a fixed order whatever the
/// course (common random numbers between scenarios).
#[derive(Debug, Clone, Copy)]
pub struct StayDraws {
    /// Standard normal of the log length of stay.
    pub los_normal: f64,
    /// Death in hospital.
    pub death: f64,
    /// Decline during the stay.
    pub decline: f64,
    /// Nursing home straight from hospital.
    pub nursing_home: f64,
    /// Rehabilitation.
    pub route: f64,
    /// Short-term stay.
    pub short_stay: f64,
    /// Length of a rehabilitation or short-term stay (open unit).
    pub next_days: f64,
    /// Nursing home after rehabilitation or a short-term stay.
    pub next_nursing_home: f64,
    /// Recovery in rehabilitation, or a nursing episode at home.
    pub outcome: f64,
    /// Length of a nursing episode at home (open unit).
    pub episode_weeks: f64,
}

/// Who the stay is for: age at admission, functional state, whether a
/// partner is at home, whether it is an acute stay, and the multiplier on
/// nursing-home admission (programmes).
#[derive(Debug, Clone, Copy)]
pub struct Patient {
    /// Age at admission (years).
    pub age: f64,
    /// Functional state at admission.
    pub state: Functional,
    /// A partner lives at home.
    pub partner_at_home: bool,
    /// Admitted after an emergency visit (not planned).
    pub acute: bool,
    /// Programme multiplier on nursing-home admission.
    pub nursing_home_multiplier: f64,
    /// Multiplier on the probability of dying in hospital: 1, or the
    /// year's mortality improvement in a projection (`projection`).
    pub death_multiplier: f64,
}

/// The course of a stay for `p` given the draws `u`.
pub fn plan_stay(s: &Scenario, p: Patient, u: &StayDraws) -> StayPlan {
    let h = &s.hospital;
    let b = band(p.age);
    let sigma = h.length_of_stay_sigma;
    let mu = h.length_of_stay_mean_days_by_age[b].ln() - 0.5 * sigma * sigma;
    // At least one night: a clinical admission, not a day admission.
    let days = (mu + sigma * u.los_normal).exp().max(1.0);
    let dies = u.death < h.death_probability_by_age[b] * p.death_multiplier;
    let old = p.age >= 65.0;
    let decline_p = match (old, p.acute) {
        (false, _) => 0.0,
        (true, true) => h.decline_probability_acute_by_age[b],
        (true, false) => h.decline_probability_planned_65plus,
    };
    let declines = p.state != Functional::CareDependent && u.decline < decline_p;
    let state = if declines {
        p.state.worse().unwrap_or(p.state)
    } else {
        p.state
    };
    let next_days = |mean: f64| -u.next_days.ln() * mean;
    let after = if state == Functional::CareDependent
        && u.nursing_home < s.crisis.nursing_home_after_emergency * p.nursing_home_multiplier
    {
        After::NursingHome
    } else if old && declines && u.route < h.rehab_share_after_decline {
        After::Rehab {
            days: next_days(h.rehab_days_mean),
            recovers: u.outcome < h.rehab_recovery_probability,
            then_nursing_home: u.next_nursing_home < h.nursing_home_after_rehab,
        }
    } else if old && state.adl_limited() && !p.partner_at_home && u.short_stay < h.short_stay_share
    {
        After::ShortStay {
            days: next_days(h.short_stay_days_mean),
            then_nursing_home: u.next_nursing_home < h.nursing_home_after_short_stay,
        }
    } else {
        let episode = old && state.adl_limited() && u.outcome < h.nursing_episode_after_discharge;
        After::Home {
            episode_weeks: episode
                .then(|| -u.episode_weeks.ln() * s.services.nursing_episode_weeks_mean),
        }
    };
    StayPlan {
        days,
        dies,
        declines,
        after,
    }
}

/// Expected yearly rates that the hospital adds to the functional chain of
/// a resident at home of `age` in `state`, of whom a share `alone` lives
/// without a partner (no programmes, no unmet need): (death in hospital,
/// decline, nursing-home admission, straight from hospital or after a
/// short-term stay or rehabilitation). The life table (`demography`)
/// counts these routes as rates; the simulation takes them by event.
pub fn expected_rates(s: &Scenario, age: f64, state: Functional, alone: f64) -> (f64, f64, f64) {
    let h = &s.hospital;
    let c = &s.crisis;
    let b = band(age);
    let alone_mult = 1.0 + alone * (c.living_alone_multiplier - 1.0);
    let acute = acute_rate(s, age, state, false, 0.0, (1.0, 1.0))
        * alone_mult
        * c.emergency_share
        * admission_after_emergency(s, age);
    let planned = planned_rate(s, age);
    let survive = 1.0 - h.death_probability_by_age[b];
    let old = age >= 65.0;
    let dependent = state == Functional::CareDependent;
    // Per surviving stay: the probability of a decline that lasts (not
    // ended by a nursing home or undone in rehabilitation), and of a
    // nursing home by any route, as `plan_stay` decides them.
    let nursing_home_route = |now: Functional, declined: bool| -> (f64, f64) {
        let direct = if now == Functional::CareDependent {
            c.nursing_home_after_emergency
        } else {
            0.0
        };
        let rehab = if old && declined {
            h.rehab_share_after_decline
        } else {
            0.0
        };
        let short = if old && now.adl_limited() {
            alone * h.short_stay_share
        } else {
            0.0
        };
        let later = rehab * h.nursing_home_after_rehab
            + (1.0 - rehab) * short * h.nursing_home_after_short_stay;
        let nursing_home = direct + (1.0 - direct) * later;
        let undone = (1.0 - direct)
            * rehab
            * (1.0 - h.nursing_home_after_rehab)
            * h.rehab_recovery_probability;
        (nursing_home, undone)
    };
    let per_stay = |is_acute: bool| -> (f64, f64) {
        let decline = match (old && !dependent, is_acute) {
            (false, _) => 0.0,
            (true, true) => h.decline_probability_acute_by_age[band(age)],
            (true, false) => h.decline_probability_planned_65plus,
        };
        let worse = state.worse().unwrap_or(state);
        let (home_declined, undone) = nursing_home_route(worse, true);
        let (home_kept, _) = nursing_home_route(state, false);
        (
            decline * (1.0 - home_declined - undone),
            decline * home_declined + (1.0 - decline) * home_kept,
        )
    };
    let (decline_a, home_a) = per_stay(true);
    let (decline_p, home_p) = per_stay(false);
    let death = (acute + planned) * (1.0 - survive);
    let decline = survive * (acute * decline_a + planned * decline_p);
    let admission = survive * (acute * home_a + planned * home_p);
    (death, decline, admission)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(u: f64) -> StayDraws {
        StayDraws {
            los_normal: 0.0,
            death: u,
            decline: u,
            nursing_home: u,
            route: u,
            short_stay: u,
            next_days: 0.5,
            next_nursing_home: u,
            outcome: u,
            episode_weeks: 0.5,
        }
    }

    fn patient(age: f64, state: Functional, acute: bool) -> Patient {
        Patient {
            age,
            state,
            partner_at_home: false,
            acute,
            nursing_home_multiplier: 1.0,
            death_multiplier: 1.0,
        }
    }

    #[test]
    fn bands_follow_the_published_ages() {
        assert_eq!(band(64.9), 0);
        assert_eq!(band(65.0), 1);
        assert_eq!(band(84.9), 2);
        assert_eq!(band(85.0), 3);
    }

    #[test]
    fn a_median_stay_is_below_the_mean_and_at_least_one_night() {
        let s = Scenario::default();
        let plan = plan_stay(&s, patient(80.0, Functional::Fit, true), &draws(0.99));
        let mean = s.hospital.length_of_stay_mean_days_by_age[2];
        let sigma = s.hospital.length_of_stay_sigma;
        assert!((plan.days - mean * (-0.5 * sigma * sigma).exp()).abs() < 1e-9);
        assert!(!plan.dies && !plan.declines);
        assert_eq!(
            plan.after,
            After::Home {
                episode_weeks: None
            }
        );
        let mut short = draws(0.99);
        short.los_normal = -10.0;
        assert_eq!(
            plan_stay(&s, patient(30.0, Functional::Fit, false), &short).days,
            1.0
        );
    }

    #[test]
    fn low_draws_take_every_branch_in_order() {
        let s = Scenario::default();
        // Declines from frail to care-dependent, then a nursing home.
        let plan = plan_stay(&s, patient(80.0, Functional::Frail, true), &draws(0.0));
        assert!(plan.dies && plan.declines);
        assert_eq!(plan.after, After::NursingHome);
        // Pre-frail declines to frail: rehabilitation after an acute stay.
        let plan = plan_stay(&s, patient(80.0, Functional::PreFrail, true), &draws(0.01));
        assert!(matches!(plan.after, After::Rehab { recovers: true, .. }));
        // Frail without a decline: a short-term stay when alone.
        let mut u = draws(0.01);
        u.decline = 0.99;
        let plan = plan_stay(&s, patient(80.0, Functional::Frail, false), &u);
        assert!(matches!(plan.after, After::ShortStay { .. }));
        // With a partner at home: home, with a nursing episode.
        let mut p = patient(80.0, Functional::Frail, false);
        p.partner_at_home = true;
        let weeks = -(0.5f64.ln()) * s.services.nursing_episode_weeks_mean;
        assert_eq!(
            plan_stay(&s, p, &u).after,
            After::Home {
                episode_weeks: Some(weeks)
            }
        );
        // Under 65: no decline, no rehabilitation or short-term stay.
        let plan = plan_stay(&s, patient(50.0, Functional::Frail, true), &draws(0.01));
        assert!(!plan.declines);
        assert_eq!(
            plan.after,
            After::Home {
                episode_weeks: None
            }
        );
    }

    #[test]
    fn falls_prevention_lowers_only_the_falls_part() {
        let s = Scenario::default();
        let all = acute_rate(&s, 80.0, Functional::Frail, true, 0.0, (1.0, 1.0));
        let fewer_falls = acute_rate(&s, 80.0, Functional::Frail, true, 0.0, (1.0, 0.0));
        assert!((fewer_falls / all - (1.0 - s.crisis.falls_share)).abs() < 1e-12);
        let unmet = acute_rate(&s, 80.0, Functional::Frail, true, 10.0, (1.0, 1.0));
        assert!(
            (unmet / all - (1.0 + 10.0 * s.crisis.unmet_need_multiplier_per_hour)).abs() < 1e-12
        );
    }
}
