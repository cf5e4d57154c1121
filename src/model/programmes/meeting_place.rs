//! The meeting-place preset (Merenwijk Leiden): residents of a minimum age
//! and lonely adults at home can join; members' loneliness onset and
//! recovery change with how often they come (`by_visits`), their
//! pre-frail recovery changes, part of their psychosocial
//! problems go to the meeting place instead of the GP, and the place has a
//! running cost per year. Members' visits are the meeting-place service's
//! (`services/meeting_place.rs`).

use super::programme::{multipliers, payer_index, Cost, Programme, Rate, Target};
use crate::scenario::Scenario;

/// Bit of the meeting place in a resident's programme mask.
pub const BIT: u16 = 1 << 0;

/// Visits a week at which the loneliness multipliers hold as written.
pub const REFERENCE_VISITS_PER_WEEK: f64 = 1.0;

/// A loneliness multiplier `m` (as written, for a member visiting once a
/// week) at `visits` a week: the social effect comes from being there, so
/// it scales log-linearly with the visits, `m^(visits / 1)` (twice a week
/// is the effect twice over, a member who never comes gets none). At one
/// visit a week `m` itself, bit for bit.
pub fn by_visits(m: f64, visits: f64) -> f64 {
    let dose = visits / REFERENCE_VISITS_PER_WEEK;
    if dose == 1.0 {
        m
    } else {
        m.powf(dose)
    }
}

/// The programme, when the scenario has a meeting place.
pub fn compile(s: &Scenario, start: impl Fn(f64) -> f64) -> Option<Programme> {
    let mp = s.interventions.meeting_place.as_ref()?;
    Some(Programme {
        bit: BIT,
        uptake_key: BIT as u64,
        start_day: start(mp.start_year),
        uptake: mp.uptake,
        target: Target::MeetingPlace {
            min_age: mp.target_min_age,
        },
        multipliers: multipliers(&[
            (
                Rate::LonelinessOnset,
                by_visits(mp.loneliness_onset_multiplier, mp.visits_per_week),
            ),
            (
                Rate::LonelinessRecovery,
                by_visits(mp.loneliness_recovery_multiplier, mp.visits_per_week),
            ),
            (Rate::FrailtyRecovery, mp.frailty_recovery_multiplier),
        ]),
        psychosocial_diversion: mp.psychosocial_diversion_share,
        cost: Cost::PerYear(mp.running_cost_eur_per_year),
        payer: payer_index(mp.payer),
    })
}

#[cfg(test)]
mod tests {
    use super::super::programme::tests::changed;
    use super::super::programme::WEEK_YEARS;
    use super::*;
    use crate::scenario::schema::MeetingPlace;

    fn scenario() -> (Scenario, MeetingPlace) {
        let mut s = Scenario::default();
        let mp = MeetingPlace {
            loneliness_onset_multiplier: 0.8,
            loneliness_recovery_multiplier: 1.3,
            frailty_recovery_multiplier: 1.1,
            psychosocial_diversion_share: 0.2,
            running_cost_eur_per_year: 52_000.0,
            ..Default::default()
        };
        s.interventions.meeting_place = Some(mp.clone());
        (s, mp)
    }

    #[test]
    fn changes_loneliness_and_frailty_recovery_and_diverts() {
        let (s, _) = scenario();
        let p = compile(&s, |y| y).unwrap();
        assert_eq!(
            changed(&p),
            vec![
                (Rate::LonelinessOnset as usize, 0.8),
                (Rate::LonelinessRecovery as usize, 1.3),
                (Rate::FrailtyRecovery as usize, 1.1),
            ]
        );
        assert_eq!(p.psychosocial_diversion, 0.2);
        assert!(compile(&Scenario::default(), |y| y).is_none());
    }

    #[test]
    fn the_social_effect_grows_with_the_visits() {
        let (s, _) = scenario();
        let at = |visits: f64| {
            let mut s = s.clone();
            s.interventions
                .meeting_place
                .as_mut()
                .unwrap()
                .visits_per_week = visits;
            changed(&compile(&s, |y| y).unwrap())
        };
        let (once, twice, never) = (at(1.0), at(2.0), at(0.0));
        assert!((twice[0].1 - 0.8 * 0.8).abs() < 1e-12 && (twice[1].1 - 1.3 * 1.3).abs() < 1e-12);
        assert_eq!(
            twice[2], once[2],
            "frailty recovery does not depend on visits"
        );
        assert!(never
            .iter()
            .all(|&(rate, _)| rate == Rate::FrailtyRecovery as usize));
        assert_eq!(by_visits(0.85, 1.0), 0.85);
    }

    #[test]
    fn weekly_running_cost_from_the_start() {
        let (s, mp) = scenario();
        let p = compile(&s, |y| 10.0 + y).unwrap();
        let start = 10.0 + mp.start_year;
        assert_eq!(p.weekly_cost(start - 1.0, || 0.0), None);
        assert_eq!(p.weekly_cost(start, || 0.0), Some(52_000.0 * WEEK_YEARS));
        assert!((52_000.0 * WEEK_YEARS - 997.26).abs() < 0.01);
    }
}
