//! GP access degrades gradually with capacity (issue 16). Paired with
//! common random numbers at a fixed seed:
//!
//! - for GP capacity from 110% down to 70% of the default in steps of 5%,
//!   the share of routine requests seen within 3 working days never rises
//!   by more than two paired standard errors from one step to the next,
//!   and no step changes it by more than 0.15 (the old model switched
//!   from 1.00 to 0.12 between 91% and 86%);
//! - hybrid care's effect on the mean wait has the same sign at 90% and
//!   100% of the default capacity, and its size at 90% is at most three
//!   times its size at 100% (the old model: +2.0 days at 91%, 0 at 100%).
//!
//! The table is printed (run with `--nocapture`) for the closing note.

use buurtsim::model::ReplicationResult;
use buurtsim::scenario::*;

mod common;

const REPLICATIONS: u64 = 12;
const ACCESS: &str = "gp_routine_seen_within_3_workdays_share";

fn base() -> Scenario {
    let mut s = Scenario::default();
    s.run.years = 4;
    s.run.warmup_years = 1;
    s
}

fn at_capacity(s: &Scenario, factor: f64) -> Scenario {
    let mut s = s.clone();
    s.gp.fte_per_1000 *= factor;
    s
}

fn mean(runs: &[ReplicationResult], metric: &str) -> f64 {
    let i = buurtsim::model::metric_index(metric).unwrap();
    runs.iter().map(|r| r.metrics[i]).sum::<f64>() / runs.len() as f64
}

#[test]
fn access_falls_gradually_as_gp_capacity_falls() {
    let base = base();
    let levels: Vec<f64> = (0..9).map(|k| 1.10 - 0.05 * k as f64).collect();
    let runs: Vec<Vec<ReplicationResult>> = levels
        .iter()
        .map(|&f| common::runs(&at_capacity(&base, f), REPLICATIONS))
        .collect();
    eprintln!("| capacity | FTE | patients/FTE | within 3 workdays | mean wait (d) | spilled /1000 | gave up /1000 | out-of-hours /1000 | ED /1000 | frail acute admissions /1000 |");
    eprintln!("|---|---|---|---|---|---|---|---|---|---|");
    for (f, r) in levels.iter().zip(&runs) {
        eprintln!(
            "| {:.0}% | {:.2} | {:.0} | {:.3} | {:.2} | {:.0} | {:.0} | {:.0} | {:.1} | {:.1} |",
            f * 100.0,
            5.5 * f,
            mean(r, "patients_per_gp_fte"),
            mean(r, ACCESS),
            mean(r, "gp_wait_days_mean"),
            mean(r, "gp_requests_spilled_per_1000_year"),
            mean(r, "gp_requests_gave_up_per_1000_year"),
            mean(r, "out_of_hours_contacts_per_1000_year"),
            mean(r, "emergency_visits_per_1000_year"),
            mean(r, "hospital_acute_admissions_frail_per_1000_year"),
        );
    }
    let mut failures = Vec::new();
    for k in 1..levels.len() {
        let (diff, se) = common::paired(&runs[k - 1], &runs[k], ACCESS);
        eprintln!(
            "{:.0}% -> {:.0}%: {diff:+.4} (se {se:.4})",
            levels[k - 1] * 100.0,
            levels[k] * 100.0
        );
        if diff > 2.0 * se {
            failures.push(format!(
                "rises at {:.0}%: {diff:+.4} (se {se:.4})",
                levels[k] * 100.0
            ));
        }
        if diff.abs() > 0.15 {
            failures.push(format!("jumps at {:.0}%: {diff:+.4}", levels[k] * 100.0));
        }
    }
    let (fall, _) = common::paired(&runs[0], &runs[levels.len() - 1], ACCESS);
    assert!(
        fall < -0.1,
        "access barely moves from 110% to 70%: {fall:+.4}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn hybrid_care_moves_waits_the_same_way_near_and_at_default_capacity() {
    let effect = |factor: f64| {
        let without = at_capacity(&base(), factor);
        let mut with = without.clone();
        with.interventions.hybrid_care = Some(Default::default());
        let (a, b) = (
            common::runs(&without, REPLICATIONS),
            common::runs(&with, REPLICATIONS),
        );
        common::paired(&a, &b, "gp_wait_days_mean")
    };
    let (at_90, se_90) = effect(0.9);
    let (at_100, se_100) = effect(1.0);
    eprintln!("hybrid care, mean wait: 90% {at_90:+.3} (se {se_90:.3}); 100% {at_100:+.3} (se {se_100:.3})");
    assert!(
        at_90 * at_100 > 0.0,
        "signs differ: {at_90:+.3} vs {at_100:+.3}"
    );
    assert!(
        at_90.abs() <= 3.0 * at_100.abs(),
        "{at_90:+.3} vs {at_100:+.3}"
    );
}
