//! Carer support finds carers through contacts (issue 16): each contact of
//! the person cared for with a professional finds their carer with
//! `identification_per_contact`. Paired with common random numbers at a
//! fixed seed:
//!
//! - found at once (`identification_per_contact = 1`), the share of
//!   carer-weeks supported is the coverage, within three standard errors;
//! - found through contacts, coverage builds up after the start year: the
//!   share over four measured years is above the share over the first one
//!   (same replications: the first year is the same in both) and below
//!   the coverage;
//! - found earlier (a higher chance per contact), carers build up less
//!   burden: fewer become heavily burdened, beyond two paired standard
//!   errors.

use buurtsim::model::ReplicationResult;
use buurtsim::scenario::*;

mod common;

const REPLICATIONS: u64 = 12;
const SHARE: &str = "carers_supported_share";

fn with_support(identification: f64, measured_years: u32) -> Scenario {
    let mut s = Scenario::default();
    s.population.residents = 3_000;
    s.run.warmup_years = 1;
    s.run.years = 1 + measured_years;
    s.interventions.carer_support = Some(CarerSupport {
        identification_per_contact: identification,
        ..CarerSupport::default()
    });
    s
}

fn runs(s: &Scenario) -> Vec<ReplicationResult> {
    common::runs(s, REPLICATIONS)
}

fn mean(results: &[ReplicationResult], metric: &str) -> f64 {
    results.iter().map(|r| r.metric(metric)).sum::<f64>() / results.len() as f64
}

#[test]
fn found_at_once_the_supported_share_is_the_coverage() {
    let results = runs(&with_support(1.0, 2));
    let shares: Vec<f64> = results.iter().map(|r| r.metric(SHARE)).collect();
    let n = shares.len() as f64;
    let m = shares.iter().sum::<f64>() / n;
    let sd = (shares.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let coverage = CarerSupport::default().coverage;
    eprintln!("found at once: supported share {m:.4} (sd {sd:.4}), coverage {coverage}");
    assert!(
        (m - coverage).abs() < 3.0 * sd / n.sqrt() + 0.01,
        "{m} vs {coverage}"
    );
}

#[test]
fn found_through_contacts_coverage_builds_up_over_the_years() {
    let p = CarerSupport::default().identification_per_contact;
    let first = runs(&with_support(p, 1));
    let four = runs(&with_support(p, 4));
    let (m1, m4) = (mean(&first, SHARE), mean(&four, SHARE));
    let (diff, se) = common::paired(&first, &four, SHARE);
    eprintln!("supported share: first year {m1:.4}, four years {m4:.4} ({diff:+.4}, se {se:.4})");
    assert!(diff - 2.0 * se > 0.0, "coverage does not build up");
    assert!(m4 < CarerSupport::default().coverage);
}

#[test]
fn carers_found_earlier_build_up_less_burden() {
    let late = runs(&with_support(0.05, 3));
    let early = runs(&with_support(0.2, 3));
    let (share, share_se) = common::paired(&late, &early, SHARE);
    eprintln!("found earlier: supported share {share:+.4} (se {share_se:.4})");
    assert!(share - 2.0 * share_se > 0.0);
    let (diff, se) = common::paired(
        &late,
        &early,
        "ledger_carers_heavily_burdened_onsets_per_year",
    );
    eprintln!("found earlier: heavy-burden onsets {diff:+.2} a year (se {se:.2})");
    assert!(
        diff + 2.0 * se < 0.0,
        "carers found earlier are not less burdened"
    );
}
