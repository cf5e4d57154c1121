//! GP access has consequences (issue 16): a routine medical problem of a
//! frail or care-dependent resident seen later than the access norm may
//! escalate to an acute event before the consult. Paired with common
//! random numbers at a fixed seed:
//!
//! - GP capacity at 85% of the default: waits rise, access falls,
//!   out-of-hours contacts and emergency visits rise, and acute hospital
//!   admissions of frail residents rise, each beyond two paired standard
//!   errors;
//! - at 115%: waits fall or stay, and no outcome moves in the harmful
//!   direction beyond two paired standard errors.
//!
//! Nothing is written into an outcome: capacity acts on when requests are
//! served, and a late one escalates through the crisis route.

use buurtsim::model::ReplicationResult;
use buurtsim::scenario::*;

mod common;

const REPLICATIONS: u64 = 16;

fn runs(s: &Scenario) -> Vec<ReplicationResult> {
    common::runs(s, REPLICATIONS)
}

fn with_gp_capacity(base: &Scenario, factor: f64) -> Scenario {
    let mut s = base.clone();
    s.gp.fte_per_1000 *= factor;
    s
}

/// (metric, +1 when more of it is harm).
const OUTCOMES: &[(&str, f64)] = &[
    ("gp_wait_days_mean", 1.0),
    ("gp_routine_seen_within_3_workdays_share", -1.0),
    ("out_of_hours_contacts_per_1000_year", 1.0),
    ("emergency_visits_per_1000_year", 1.0),
    ("hospital_acute_admissions_frail_per_1000_year", 1.0),
];

#[test]
fn less_gp_capacity_delays_care_and_brings_frail_residents_to_hospital() {
    let mut base = Scenario::default();
    base.run.years = 5;
    base.run.warmup_years = 1;
    let b = runs(&base);
    let less = runs(&with_gp_capacity(&base, 0.85));
    let more = runs(&with_gp_capacity(&base, 1.15));
    let mut failures = Vec::new();
    for &(metric, harm) in OUTCOMES {
        let (diff, se) = common::paired(&b, &less, metric);
        eprintln!("GP capacity -15%: {metric} {diff:+.4} (se {se:.4})");
        if harm * diff <= 2.0 * se {
            failures.push(format!("-15%: {metric} {diff:+.5} (se {se:.5})"));
        }
        let (diff, se) = common::paired(&b, &more, metric);
        eprintln!("GP capacity +15%: {metric} {diff:+.4} (se {se:.4})");
        if harm * diff > 2.0 * se && diff != 0.0 {
            failures.push(format!("+15%: {metric} worse by {diff:+.5} (se {se:.5})"));
        }
    }
    let (escalated, _) = common::paired(&b, &less, "ledger_gp_delay_escalations_per_year");
    assert!(escalated > 0.0, "no late problem escalated");
    assert!(failures.is_empty(), "{failures:#?}");
}
