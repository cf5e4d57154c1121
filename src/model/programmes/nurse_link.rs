//! The district-nurse-link preset (Haaglanden): frail residents of a
//! minimum age at home are followed by a district nurse, who gives each
//! case-management hours every week, paid at the district-nursing hour
//! price (counted in the care round, since the hours compete with care
//! hours). The link lowers crises and hospital admissions only through
//! named mechanisms, each of which a scenario can switch off:
//! - *earlier nursing*: followed residents are admitted first from the
//!   nursing waiting list (`nursing_priority`, `services::nursing`);
//! - *unmet need met*: the nurse arranges Wmo home help for those who
//!   would not have applied (`home_help_referral`, `care`);
//! - *falls prevented*: falls prevention lowers the falls part of their
//!   acute-event rate (`falls_multiplier`, a rate of `Rate::Falls`).
//!
//! `crisis_multiplier` (default 1, none) and `nursing_home_multiplier`
//! remain for users who want to state an effect directly.

use super::programme::{multipliers, payer_index, Cost, Programme, Rate, Target};
use crate::scenario::{DistrictNurseLink, Scenario};

/// Bit of the district-nurse link in a resident's programme mask.
pub const BIT: u16 = 1 << 2;

/// The programme, when the scenario has a district-nurse link.
pub fn compile(s: &Scenario, start: impl Fn(f64) -> f64) -> Option<Programme> {
    let l = s.interventions.district_nurse_link.as_ref()?;
    Some(Programme {
        bit: BIT,
        uptake_key: BIT as u64,
        start_day: start(l.start_year),
        uptake: l.coverage,
        target: Target::FrailElderly {
            min_age: l.target_min_age,
        },
        multipliers: multipliers(&[
            (Rate::Crisis, l.crisis_multiplier),
            (Rate::Falls, l.falls_multiplier),
            (Rate::NursingHome, l.nursing_home_multiplier),
        ]),
        psychosocial_diversion: 0.0,
        cost: Cost::None,
        payer: payer_index(l.payer),
    })
}

/// Case-management hours per followed resident per week.
pub fn weekly_hours(l: &DistrictNurseLink) -> f64 {
    l.case_management_hours_per_month * 12.0 / 52.0
}

#[cfg(test)]
mod tests {
    use super::super::programme::tests::changed;
    use super::*;

    #[test]
    fn changes_crisis_and_admission_rates() {
        let mut s = Scenario::default();
        s.interventions.district_nurse_link = Some(DistrictNurseLink {
            crisis_multiplier: 0.9,
            falls_multiplier: 0.8,
            nursing_home_multiplier: 0.7,
            ..Default::default()
        });
        let p = compile(&s, |y| y).unwrap();
        assert_eq!(
            changed(&p),
            vec![
                (Rate::Crisis as usize, 0.9),
                (Rate::NursingHome as usize, 0.7),
                (Rate::Falls as usize, 0.8),
            ]
        );
        assert_eq!(p.weekly_cost(1e9, || 5.0), None, "cost is counted per hour");
    }

    #[test]
    fn weekly_case_management_hours_and_cost() {
        let l = DistrictNurseLink {
            case_management_hours_per_month: 2.0,
            ..Default::default()
        };
        let hours = weekly_hours(&l);
        assert!((hours - 24.0 / 52.0).abs() < 1e-15);
        // At 80 EUR an hour: about 36.92 EUR per followed resident a week.
        assert!((hours * 80.0 - 36.92).abs() < 0.01);
    }
}
