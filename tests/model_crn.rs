//! Common random numbers: the same replication index in two scenarios sees
//! the same random numbers for the same resident and process. A programme
//! that starts two measured years in therefore leaves the first two years
//! of the monthly series bit-for-bit unchanged, and changes what follows.

use buurtsim::model::{run_replication, SERIES};
use buurtsim::scenario::{MeetingPlace, Scenario};

#[test]
fn a_later_programme_leaves_earlier_months_identical() {
    let mut base = Scenario::default();
    base.population.residents = 3_000;
    base.run.years = 4;
    base.run.warmup_years = 1;
    let mut later = base.clone();
    later.interventions.meeting_place = Some(MeetingPlace {
        start_year: 2.0,
        uptake: 0.5,
        ..MeetingPlace::default()
    });
    for replication in [0, 5] {
        let a = run_replication(&base, replication);
        let b = run_replication(&later, replication);
        let width = SERIES.len();
        let before = 24 * width;
        assert_eq!(
            a.monthly[..before],
            b.monthly[..before],
            "months before the start differ"
        );
        assert_ne!(
            a.monthly[before..],
            b.monthly[before..],
            "the programme changed nothing"
        );
    }
}

#[test]
fn paired_differences_are_narrower_than_independent_ones() {
    // With common random numbers, the paired sd of a difference is far below
    // what two independent runs would give (sqrt(2) x the sd of one run).
    let mut base = Scenario::default();
    base.population.residents = 3_000;
    base.run.years = 3;
    base.run.warmup_years = 1;
    let mut other = base.clone();
    other.interventions.meeting_place = Some(MeetingPlace::default());
    let metric = buurtsim::model::metric_index("gp_contacts_per_resident_year").unwrap();
    let n = 8;
    let a: Vec<f64> = (0..n)
        .map(|r| run_replication(&base, r).metrics[metric])
        .collect();
    let b: Vec<f64> = (0..n)
        .map(|r| run_replication(&other, r).metrics[metric])
        .collect();
    let sd = |x: &[f64]| {
        let m = x.iter().sum::<f64>() / x.len() as f64;
        (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0)).sqrt()
    };
    let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
    let independent = (sd(&a).powi(2) + sd(&b).powi(2)).sqrt();
    assert!(
        sd(&d) < 0.5 * independent,
        "paired sd {} vs independent {}",
        sd(&d),
        independent
    );
}

/// The metrics a programme without effects must leave exactly as they are.
const UNTOUCHED: &[&str] = &[
    "gp_contacts_per_resident_year",
    "gp_psychosocial_contacts_per_1000_year",
    "gp_wait_days_mean",
    "out_of_hours_contacts_per_1000_year",
    "emergency_visits_per_1000_year",
    "carers_heavily_burdened_share",
    "severely_lonely_share_adults",
    "nursing_home_admissions_per_1000_65plus_year",
    "death_rate_80plus",
    "cost_wlz_eur_year",
    // Counted ledger events.
    "ledger_psychosocial_problems_per_year",
    "ledger_crises_per_year",
    "ledger_loneliness_onsets_per_year",
    "ledger_carers_heavily_burdened_onsets_per_year",
    "ledger_nursing_home_days_per_year",
    "ledger_days_at_home_75plus_per_year",
    "ledger_acute_hospital_admissions_per_year",
    "ledger_hospital_days_per_year",
    "cost_zvw_hospital_eur_year",
];

fn assert_untouched(base: &Scenario, other: &Scenario) {
    for replication in [0, 1] {
        let a = run_replication(base, replication);
        let b = run_replication(other, replication);
        for name in UNTOUCHED {
            assert_eq!(
                a.metric(name),
                b.metric(name),
                "{name} changed (replication {replication})"
            );
        }
    }
}

fn small() -> Scenario {
    let mut s = Scenario::default();
    s.population.residents = 2_000;
    s.run.years = 3;
    s.run.warmup_years = 1;
    s
}

#[test]
fn a_meeting_place_without_effects_changes_nothing_else() {
    let base = small();
    let mut neutral = base.clone();
    neutral.interventions.meeting_place = Some(MeetingPlace {
        uptake: 0.5,
        loneliness_onset_multiplier: 1.0,
        loneliness_recovery_multiplier: 1.0,
        psychosocial_diversion_share: 0.0,
        frailty_recovery_multiplier: 1.0,
        running_cost_eur_per_year: 0.0,
        ..MeetingPlace::default()
    });
    assert_untouched(&base, &neutral);
    // ...while its visits are counted.
    assert!(run_replication(&neutral, 0).metric("meeting_place_visits_per_1000_year") > 0.0);
}

#[test]
fn hybrid_care_that_costs_no_gp_time_changes_only_the_contact_mix() {
    let mut base = small();
    // An e-consult at `econsult_slot_fraction` 1 takes a consult's minutes:
    // with every channel taking as long, it takes what it replaces.
    base.gp.minutes_by_mode = [10.0; 3];
    let mut inert = base.clone();
    inert.interventions.hybrid_care = Some(buurtsim::scenario::HybridCare {
        econsult_slot_fraction: 1.0,
        face_to_face_follow_up_share: 0.0,
        phone_follow_up_share: 0.0,
        cost_eur_per_year: 0.0,
        ..buurtsim::scenario::HybridCare::default()
    });
    assert_untouched(&base, &inert);
    assert!(run_replication(&inert, 0).metric("gp_econsult_contacts_per_1000_year") > 0.0);
}

/// The district-nurse link acts only through its named mechanisms: with
/// them switched off, its multipliers at 1 and no case-management hours,
/// following residents changes nothing (no hidden effect).
#[test]
fn a_nurse_link_with_its_mechanisms_off_changes_nothing_else() {
    let base = small();
    let mut inert = base.clone();
    inert.interventions.district_nurse_link = Some(buurtsim::scenario::DistrictNurseLink {
        coverage: 1.0,
        target_min_age: 65.0,
        nursing_priority: false,
        home_help_referral: false,
        falls_multiplier: 1.0,
        crisis_multiplier: 1.0,
        nursing_home_multiplier: 1.0,
        case_management_hours_per_month: 0.0,
        ..Default::default()
    });
    assert_untouched(&base, &inert);
}

#[test]
fn adding_a_programme_with_no_uptake_does_not_shift_another_programmes_participants() {
    let mut link = small();
    link.interventions.district_nurse_link = Some(buurtsim::scenario::DistrictNurseLink::default());
    let mut both = link.clone();
    // No users and no platform cost: nothing may change.
    both.interventions.hybrid_care = Some(buurtsim::scenario::HybridCare {
        uptake: 0.0,
        cost_eur_per_year: 0.0,
        ..Default::default()
    });
    for replication in [0, 1] {
        assert_eq!(
            run_replication(&link, replication).metrics,
            run_replication(&both, replication).metrics
        );
    }
}
