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
