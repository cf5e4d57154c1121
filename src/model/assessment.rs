//! The assessments: how much formal care a resident is indicated,
//! independent of what informal carers give. Wmo home help is assessed by
//! the municipality on household tasks, with "gebruikelijke zorg": a
//! partner at home without a limitation of their own is expected to do
//! the household, so the resident is not eligible. District nursing (Zvw)
//! assesses personal care for an ADL limitation. Formal care is given
//! alongside informal care, not after it: carers fill what the indication
//! leaves, and step in when formal care is cut, delayed or ends.
//!
//! Pure functions, so that the rules can be tested on their own.

use super::types::Functional;
use crate::scenario::schema::{Care, Services};

/// A week's need of one resident, split by who assesses it (hours/week).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeedSplit {
    /// Personal care (washing, dressing): district nursing's domain.
    pub personal: f64,
    /// Household tasks: Wmo home help's domain.
    pub household: f64,
}

/// Split `need` into personal care and household tasks: an IADL
/// limitation only needs household help; an ADL limitation needs both, in
/// the proportion `care.personal_care_share`.
pub fn split_need(care: &Care, functional: Functional, need: f64) -> NeedSplit {
    let personal = if functional.adl_limited() {
        need * care.personal_care_share
    } else {
        0.0
    };
    NeedSplit {
        personal,
        household: need - personal,
    }
}

/// Hours of Wmo home help a week the municipality indicates: the standard
/// package (at most the household need) for a resident with an IADL
/// limitation who applies, and none when a partner without a limitation lives at home
/// (gebruikelijke zorg).
pub fn home_help_indication(
    services: &Services,
    functional: Functional,
    household_need: f64,
    able_partner: bool,
    applies: bool,
) -> f64 {
    if !functional.iadl_limited() || able_partner || !applies {
        return 0.0;
    }
    household_need.min(services.home_help_package_hours_per_week)
}

/// Hours of long-term district nursing a week: a share of the personal-care
/// need of a resident with an ADL limitation whose personal-care need
/// reaches the threshold; none below it (the household manages).
pub fn nursing_indication(services: &Services, functional: Functional, personal_need: f64) -> f64 {
    if !functional.adl_limited() || personal_need < services.nursing_min_personal_hours_per_week {
        return 0.0;
    }
    personal_need * services.nursing_share_of_personal_need
}

/// Yearly rate of a short nursing episode at `age` (per year): from 18,
/// rising exponentially with age around the rate at 75.
pub fn episode_rate(services: &Services, age: f64) -> f64 {
    if age < 18.0 {
        return 0.0;
    }
    services.nursing_episode_rate_at_75 * (services.nursing_episode_age_slope * (age - 75.0)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn an_able_partner_means_no_home_help_for_the_same_limitation() {
        let s = Scenario::default();
        for state in [
            Functional::PreFrail,
            Functional::Frail,
            Functional::CareDependent,
        ] {
            let alone = home_help_indication(&s.services, state, 6.0, false, true);
            let couple = home_help_indication(&s.services, state, 6.0, true, true);
            assert!(
                alone > 0.0 && couple < alone,
                "{state:?}: {alone} vs {couple}"
            );
        }
    }

    #[test]
    fn home_help_is_the_package_at_most_the_need() {
        let s = Scenario::default();
        let package = s.services.home_help_package_hours_per_week;
        let pre = Functional::PreFrail;
        assert_eq!(
            home_help_indication(&s.services, pre, 10.0, false, true),
            package
        );
        assert_eq!(
            home_help_indication(&s.services, pre, 1.0, false, true),
            1.0
        );
        assert_eq!(
            home_help_indication(&s.services, pre, 10.0, false, false),
            0.0
        );
        assert_eq!(
            home_help_indication(&s.services, Functional::Fit, 10.0, false, true),
            0.0
        );
    }

    #[test]
    fn nursing_needs_an_adl_limitation_and_the_threshold() {
        let s = Scenario::default();
        let min = s.services.nursing_min_personal_hours_per_week;
        let share = s.services.nursing_share_of_personal_need;
        assert_eq!(
            nursing_indication(&s.services, Functional::PreFrail, 50.0),
            0.0
        );
        assert_eq!(
            nursing_indication(&s.services, Functional::Frail, min * 0.99),
            0.0
        );
        let given = nursing_indication(&s.services, Functional::CareDependent, min * 2.0);
        assert!((given - min * 2.0 * share).abs() < 1e-12);
    }

    #[test]
    fn need_splits_into_personal_and_household_care() {
        let s = Scenario::default();
        let pre = split_need(&s.care, Functional::PreFrail, 4.0);
        assert_eq!((pre.personal, pre.household), (0.0, 4.0));
        let frail = split_need(&s.care, Functional::Frail, 10.0);
        assert!((frail.personal + frail.household - 10.0).abs() < 1e-12);
        assert!((frail.personal - 10.0 * s.care.personal_care_share).abs() < 1e-12);
    }

    #[test]
    fn episodes_rise_with_age_and_start_at_adulthood() {
        let s = Scenario::default();
        assert_eq!(episode_rate(&s.services, 10.0), 0.0);
        assert!(episode_rate(&s.services, 85.0) > episode_rate(&s.services, 65.0));
        assert!(
            (episode_rate(&s.services, 75.0) - s.services.nursing_episode_rate_at_75).abs() < 1e-15
        );
    }
}
