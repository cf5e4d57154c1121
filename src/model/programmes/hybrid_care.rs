//! The hybrid-care preset (Hillegom/Lisse/Teylingen): digitally literate
//! residents at home can take part; part of their routine GP requests
//! become e-consults, which take a fraction of a slot and sometimes need
//! a follow-up call or consult. No rate changes; a running cost per year.

use super::super::contact::Mode;
use super::programme::{payer_index, Cost, Programme, Target, RATES};
use crate::scenario::{HybridCare, Scenario};

/// Bit of hybrid care in a resident's programme mask.
pub const BIT: u16 = 1 << 1;

/// The programme, when the scenario has hybrid care.
pub fn compile(s: &Scenario, start: impl Fn(f64) -> f64) -> Option<Programme> {
    let h = s.interventions.hybrid_care.as_ref()?;
    Some(Programme {
        bit: BIT,
        uptake_key: BIT as u64,
        start_day: start(h.start_year),
        uptake: h.uptake,
        target: Target::Digital,
        multipliers: [1.0; RATES],
        psychosocial_diversion: 0.0,
        cost: Cost::PerYear(h.cost_eur_per_year),
        payer: payer_index(h.payer),
    })
}

/// Whether a participant's routine request becomes an e-consult.
///
/// Without hybrid care the number `u_mode` picks telephone (below
/// `phone_share`) or face to face: that is the channel an e-consult
/// replaces. With it, the lowest `econsult_share` of each channel's
/// interval becomes an e-consult, so e-consults replace telephone and
/// face-to-face consults in proportion to how common each is (with common
/// random numbers: the other requests keep their channel).
pub fn econsult(h: &HybridCare, phone_share: f64, u_mode: f64) -> bool {
    if u_mode < phone_share {
        u_mode < phone_share * h.econsult_share
    } else {
        u_mode - phone_share < (1.0 - phone_share) * h.econsult_share
    }
}

/// The follow-up an answered e-consult needs, by the number drawn with the
/// request: face to face, a call, or none.
pub fn follow_up(h: &HybridCare, u: f64) -> Option<Mode> {
    let (f2f, phone) = (h.face_to_face_follow_up_share, h.phone_follow_up_share);
    if u < f2f {
        Some(Mode::FaceToFace)
    } else if u < f2f + phone {
        Some(Mode::Phone)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::programme::WEEK_YEARS;
    use super::*;

    fn hybrid() -> HybridCare {
        HybridCare {
            econsult_share: 0.5,
            face_to_face_follow_up_share: 0.1,
            phone_follow_up_share: 0.2,
            cost_eur_per_year: 36_500.0,
            ..Default::default()
        }
    }

    #[test]
    fn changes_no_rate_and_costs_per_year() {
        let mut s = Scenario::default();
        s.interventions.hybrid_care = Some(hybrid());
        let p = compile(&s, |y| y).unwrap();
        assert_eq!(p.multipliers, [1.0; RATES]);
        assert_eq!(p.psychosocial_diversion, 0.0);
        assert_eq!(
            p.weekly_cost(p.start_day, || 0.0),
            Some(36_500.0 * WEEK_YEARS)
        );
    }

    #[test]
    fn econsults_take_the_low_end_of_each_channel() {
        let h = hybrid();
        // Phone below 0.4: e-consult below 0.2; face to face above: 0.4-0.7.
        assert!(econsult(&h, 0.4, 0.1) && !econsult(&h, 0.4, 0.3));
        assert!(econsult(&h, 0.4, 0.6) && !econsult(&h, 0.4, 0.8));
    }

    #[test]
    fn follow_ups_by_share() {
        let h = hybrid();
        assert_eq!(follow_up(&h, 0.05), Some(Mode::FaceToFace));
        assert_eq!(follow_up(&h, 0.25), Some(Mode::Phone));
        assert_eq!(follow_up(&h, 0.5), None);
    }
}
