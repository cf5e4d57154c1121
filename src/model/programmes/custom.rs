//! Custom programmes: user-defined target groups with multipliers on any
//! named rate, a share of psychosocial problems diverted to welfare, and a
//! cost per participant per year. Each gets a mask bit after the presets'
//! (at most [`MAX_CUSTOM`], a limit the scenario owns and validates).

use super::programme::{multipliers, payer_index, Cost, Programme, Rate, Target};
use crate::scenario::{Scenario, MAX_CUSTOM};

/// First bit of the custom programmes.
pub const CUSTOM_SHIFT: u16 = 3;

/// The scenario's custom programmes, in name order.
pub fn compile(s: &Scenario, start: impl Fn(f64) -> f64) -> Vec<Programme> {
    let customs = s.interventions.custom.iter().take(MAX_CUSTOM);
    customs
        .enumerate()
        .map(|(i, (name, c))| {
            let m = &c.multipliers;
            let name_words: Vec<u64> = name.bytes().map(u64::from).collect();
            Programme {
                bit: 1 << (CUSTOM_SHIFT + i as u16),
                uptake_key: crate::engine::rng::hash_key(&name_words) | (1 << 20),
                start_day: start(c.start_year),
                uptake: c.uptake,
                target: Target::Custom(c.target.clone()),
                multipliers: multipliers(&[
                    (Rate::GpMedical, m.gp_medical),
                    (Rate::GpPsychosocial, m.gp_psychosocial),
                    (Rate::Crisis, m.crisis),
                    (Rate::Falls, m.falls),
                    (Rate::NursingHome, m.nursing_home_admission),
                    (Rate::LonelinessOnset, m.loneliness_onset),
                    (Rate::LonelinessRecovery, m.loneliness_recovery),
                    (Rate::FrailtyProgression, m.frailty_progression),
                    (Rate::FrailtyRecovery, m.frailty_recovery),
                ]),
                psychosocial_diversion: c.psychosocial_to_welfare_share,
                cost: Cost::PerParticipantYear(c.cost_eur_per_participant_per_year),
                payer: payer_index(c.payer),
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::programme::tests::changed;
    use super::super::programme::WEEK_YEARS;
    use super::*;
    use crate::model::types::{Functional, Living, Resident};
    use crate::scenario::CustomIntervention;

    /// A custom programme costing `eur` per participant per year.
    pub(crate) fn programme(eur: f64) -> Programme {
        let mut s = Scenario::default();
        let c = CustomIntervention {
            cost_eur_per_participant_per_year: eur,
            ..Default::default()
        };
        s.interventions.custom.insert("x".into(), c);
        compile(&s, |y| y).remove(0)
    }

    /// A fit resident of `age` at home at time 0, not lonely.
    pub(crate) fn resident(age: f64) -> Resident {
        Resident::arriving(
            0,
            0.0,
            age,
            1.0,
            (Functional::Fit, Living::Home),
            false,
            1.0,
        )
    }

    #[test]
    fn changes_every_rate_it_names() {
        let mut s = Scenario::default();
        let mut c = CustomIntervention {
            psychosocial_to_welfare_share: 0.3,
            ..Default::default()
        };
        c.multipliers.gp_medical = 0.9;
        c.multipliers.frailty_progression = 0.8;
        s.interventions.custom.insert("a".into(), c);
        let p = compile(&s, |y| y).remove(0);
        assert_eq!(
            changed(&p),
            vec![
                (Rate::GpMedical as usize, 0.9),
                (Rate::FrailtyProgression as usize, 0.8)
            ]
        );
        assert_eq!(p.psychosocial_diversion, 0.3);
    }

    #[test]
    fn bits_follow_name_order_after_the_presets() {
        let mut s = Scenario::default();
        for name in ["b", "a", "c"] {
            s.interventions
                .custom
                .insert(name.into(), Default::default());
        }
        let bits: Vec<u16> = compile(&s, |y| y).iter().map(|p| p.bit).collect();
        assert_eq!(bits, vec![1 << 3, 1 << 4, 1 << 5]);
        assert!(CUSTOM_SHIFT as usize + MAX_CUSTOM <= 16);
    }

    #[test]
    fn weekly_cost_per_participant() {
        let p = programme(365.0);
        assert_eq!(p.weekly_cost(0.0, || 4.0), Some(4.0 * 365.0 * WEEK_YEARS));
        assert!((4.0 * 365.0 * WEEK_YEARS - 28.0).abs() < 1e-9);
        assert_eq!(programme(0.0).weekly_cost(0.0, || 4.0), None);
    }
}
