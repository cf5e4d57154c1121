//! The hospital pathway end to end, paired with common random numbers at a
//! fixed seed:
//!
//! - the Zvw cost is the sum of its lines in every replication, the
//!   hospital, emergency, short-term stay and rehabilitation lines included
//!   (an accounting identity within one run);
//! - the district-nurse link lowers acute admissions of frail residents
//!   beyond two paired standard errors, and only through the mechanisms it
//!   names: with all three switched off it no longer lowers them, and
//!   switching off each one in turn weakens the effect (there is no hidden
//!   multiplier on the crisis rate: `crisis_multiplier` is 1; with the
//!   mechanisms off and nothing else, `tests/model_crn.rs` shows the link
//!   changes nothing at all).

use buurtsim::model::{run_replication, ReplicationResult};
use buurtsim::scenario::*;
use rayon::prelude::*;

mod common;

fn runs(s: &Scenario, n: u64) -> Vec<ReplicationResult> {
    (0..n)
        .into_par_iter()
        .map(|r| run_replication(s, r))
        .collect()
}

/// The lines of the Zvw cost; `cost_zvw_eur_year` is their sum.
const ZVW_LINES: &[&str] = &[
    "cost_zvw_gp_eur_year",
    "cost_zvw_out_of_hours_eur_year",
    "cost_zvw_emergency_eur_year",
    "cost_zvw_hospital_eur_year",
    "cost_zvw_short_stay_eur_year",
    "cost_zvw_rehab_eur_year",
    "cost_zvw_district_nursing_eur_year",
    "ledger_programme_cost_zvw_eur_year",
];

fn short(mut s: Scenario) -> Scenario {
    s.run.years = 4;
    s.run.warmup_years = 1;
    s
}

#[test]
fn the_zvw_cost_is_the_sum_of_its_lines_in_every_replication() {
    let base = short(Scenario::default());
    let mut all = base.clone();
    all.interventions.carer_support = Some(CarerSupport::default());
    all.interventions.meeting_place = Some(MeetingPlace::default());
    all.interventions.hybrid_care = Some(HybridCare::default());
    all.interventions.district_nurse_link = Some(DistrictNurseLink::default());
    for s in [&base, &all] {
        for r in runs(s, 4) {
            let total = r.metric("cost_zvw_eur_year");
            let lines: f64 = ZVW_LINES.iter().map(|m| r.metric(m)).sum();
            assert!(
                (total - lines).abs() <= 1e-9 * total,
                "replication {}: cost_zvw {total} != sum of its lines {lines}",
                r.replication
            );
            for line in &ZVW_LINES[..7] {
                assert!(r.metric(line) > 0.0, "{line} is zero");
            }
        }
    }
}

/// The link at full coverage from 65, so that its effect on the rare
/// acute admissions of the frail can be seen in a test's replications.
fn with_link(base: &Scenario, edit: impl Fn(&mut DistrictNurseLink)) -> Scenario {
    let mut link = DistrictNurseLink {
        coverage: 1.0,
        target_min_age: 65.0,
        ..DistrictNurseLink::default()
    };
    edit(&mut link);
    let mut s = base.clone();
    s.interventions.district_nurse_link = Some(link);
    s
}

/// A change to the link's settings.
type Edit = fn(&mut DistrictNurseLink);

const ADMISSIONS: &str = "hospital_acute_admissions_frail_per_1000_year";

fn effect(base: &[ReplicationResult], other: &[ReplicationResult], what: &str) -> (f64, f64) {
    let (mean, se) = common::paired(base, other, ADMISSIONS);
    eprintln!("{what}: acute admissions of the frail {mean:+.2} per 1,000 (se {se:.2})");
    (mean, se)
}

#[test]
fn the_nurse_link_lowers_acute_admissions_only_through_its_mechanisms() {
    // 48 replications: with 24 the effect (-2.62 per 1,000, se 1.93) missed
    // the two-standard-error test by chance under issue 21's random
    // numbers; 48 give -4.40 (se 1.39).
    const N: u64 = 48;
    let mut base = Scenario::default();
    base.run.years = 6;
    base.run.warmup_years = 2;
    let b = runs(&base, N);
    let linked = runs(&with_link(&base, |_| {}), N);
    let all = effect(&b, &linked, "all mechanisms");
    assert!(
        all.0 + 2.0 * all.1 < 0.0,
        "the nurse link does not lower acute admissions of the frail"
    );
    // Off together: what is left (the assumed nursing-home multiplier keeps
    // frail residents at home longer, and case management takes nursing
    // hours from care) does not lower acute admissions.
    let none = effect(
        &b,
        &runs(
            &with_link(&base, |l| {
                l.nursing_priority = false;
                l.home_help_referral = false;
                l.falls_multiplier = 1.0;
            }),
            N,
        ),
        "no mechanism",
    );
    assert!(
        none.0 + 2.0 * none.1 >= 0.0,
        "with its mechanisms off the link still lowers acute admissions: a hidden effect"
    );
    // Off one at a time: each one's share of the effect, paired against the
    // link with all three (positive: switching it off weakens the effect).
    let off: [(&str, Edit); 3] = [
        ("earlier nursing", |l| l.nursing_priority = false),
        ("home help arranged", |l| l.home_help_referral = false),
        ("falls prevention", |l| l.falls_multiplier = 1.0),
    ];
    for (what, edit) in off {
        let without = runs(&with_link(&base, edit), N);
        let (share, se) = common::paired(&linked, &without, ADMISSIONS);
        eprintln!("{what}: switching it off adds {share:+.2} per 1,000 (se {se:.2})");
        assert!(
            share > 0.0,
            "{what}: switching it off did not weaken the effect"
        );
    }
}
