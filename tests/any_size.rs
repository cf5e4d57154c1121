//! A wijk of 3,000 and a gemeente of 500,000 run with capacity in
//! proportion (per 1,000 residents, GP practices of the same size), and a
//! resident's GP care does not depend on the district's size: GP contacts
//! per resident and routine access are within 10% of the 12,000-resident
//! default's (issue 18).
//!
//! Practices here all carry the mean list per FTE (`gp.list_size_spread`
//! 0): with the default spread, a wijk of 3,000 has one practice at the
//! mean load while a larger district has several, some above it, and
//! routine access falls faster with load than it rises below it, so the
//! small wijk's access is better (0.73 against 0.59; see the README's
//! known limits). What is tested is that capacity follows the residents.

use buurtsim::model::{metric_index, ReplicationResult};
use buurtsim::scenario::Scenario;

mod common;

fn district(residents: u32) -> Scenario {
    let mut s = Scenario::default();
    s.population.residents = residents;
    s.run.years = 2;
    s.run.warmup_years = 1;
    s.gp.list_size_spread = 0.0;
    s
}

fn mean(runs: &[ReplicationResult], metric: &str) -> f64 {
    let i = metric_index(metric).expect("metric exists");
    runs.iter().map(|r| r.metrics[i]).sum::<f64>() / runs.len() as f64
}

#[test]
fn a_small_wijk_and_a_large_gemeente_get_the_same_gp_care_per_resident() {
    let reference = common::runs(&district(12_000), 4);
    for (residents, replications) in [(3_000, 8), (500_000, 1)] {
        let runs = common::runs(&district(residents), replications);
        for metric in [
            "gp_contacts_per_resident_year",
            "gp_routine_seen_within_3_workdays_share",
        ] {
            let (at_12k, here) = (mean(&reference, metric), mean(&runs, metric));
            eprintln!("{residents} residents: {metric} {here:.4} (12,000: {at_12k:.4})");
            assert!(
                (here / at_12k - 1.0).abs() <= 0.10,
                "{residents} residents: {metric} {here:.4}, 12,000: {at_12k:.4}"
            );
        }
    }
}
