//! Checked across wijken (issue 18): every Amsterdam wijk of at least
//! 2,000 residents in the shipped Kerncijfers file runs as a baseline on
//! its own residents and age structure, and the model's
//! `deaths_per_1000_year` is compared with the wijk's published
//! `SterfteRelatief` (deaths per 1,000 residents, whole numbers).
//!
//! A guard against import, age-split and mortality errors, not a target to
//! tune: the test fails when the correlation falls below 0.6 or the mean
//! absolute error exceeds 2.3 per 1,000. Printed next to the model: a
//! crude expectation straight from the file (the five age bands times
//! national death rates by band, 2019), and the wijken whose published
//! rate is more than twice the crude one (CBS counts deaths at the
//! registered address, so a wijk with a nursing home publishes a high
//! rate; the model counts its own residents wherever they die).
//!
//! Also printed, without a threshold: the model's Wmo household-help users
//! 65+ per 1,000 residents next to `WmoClientenRelatief`, which counts
//! residents with any Wmo service at any age (so the model is lower).

use buurtsim::cbs::{read_kwb, RegionKind};
use buurtsim::model::{metric_index, ReplicationResult};
use buurtsim::scenario::{region, CbsRegion, Scenario};
use std::path::PathBuf;

mod common;

/// Deaths per 1,000 residents by the file's five bands, the Netherlands
/// 2019: deaths from the CBS doodsoorzakenstatistiek 2019 by age, residents
/// on 1 January 2019 from CBS 37296ned. Under 45 uses ages 0-39 (0.35:
/// 2,833 deaths, 8,101,825 residents), 45-64 uses 40-64 (3.24: 18,985
/// deaths, 5,866,334 residents), 65+ is exact (39.25: 130,067 deaths,
/// 3,314,004 residents): the published age groups do not meet at 45.
const NATIONAL_DEATHS_PER_1000: [f64; 5] = [0.35, 0.35, 0.35, 3.24, 39.25];

const MIN_RESIDENTS: f64 = 2_000.0;
const REPLICATIONS: u64 = 2;

fn data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/cbs")
        .join(file)
}

fn mean(runs: &[ReplicationResult], metric: &str) -> f64 {
    let i = metric_index(metric).expect("metric exists");
    runs.iter().map(|r| r.metrics[i]).sum::<f64>() / runs.len() as f64
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn mean_absolute_error(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| (a - b).abs()).sum::<f64>() / x.len() as f64
}

/// One wijk's baseline: the default scenario on its own population.
fn wijk(code: &str) -> Scenario {
    let mut s = Scenario::default();
    s.run.years = 2;
    s.run.warmup_years = 1;
    s.population.cbs = Some(CbsRegion {
        kerncijfers: data("kwb-2019-amsterdam-part-a.csv").display().to_string(),
        ages: data("age-2019-amsterdam-03759NED.csv")
            .display()
            .to_string(),
        region: code.to_string(),
    });
    region::apply(&mut s).unwrap_or_else(|e| panic!("{code}: {}", e.message));
    s
}

#[test]
fn deaths_per_wijk_follow_the_published_rates() {
    let table = read_kwb(&data("kwb-2019-amsterdam-part-a.csv")).unwrap();
    let (mut published, mut model, mut crude) = (Vec::new(), Vec::new(), Vec::new());
    let mut nursing_home_like = Vec::new();
    eprintln!("wijk      residents  65+   published  model  crude | Wmo published  model (HH 65+)");
    for w in table.regions_of_kind(RegionKind::Wijk) {
        let (Some(n), Some(rate)) = (w.residents, w.deaths_per_1000) else {
            continue;
        };
        if n < MIN_RESIDENTS || w.bands.iter().any(Option::is_none) {
            continue;
        }
        let bands: Vec<f64> = w.bands.iter().map(|b| b.unwrap_or(0.0)).collect();
        let expected = bands
            .iter()
            .zip(NATIONAL_DEATHS_PER_1000)
            .map(|(b, r)| b * r)
            .sum::<f64>()
            / bands.iter().sum::<f64>();
        let s = wijk(&w.code);
        let runs = common::runs(&s, REPLICATIONS);
        let deaths = mean(&runs, "deaths_per_1000_year");
        let shares = &s.population.age_band_shares;
        let home_help_65plus = 1000.0
            * [(13..15, "65_74"), (15..17, "75_84"), (17..20, "85plus")]
                .into_iter()
                .map(|(b, band)| {
                    shares[b].iter().sum::<f64>()
                        * mean(&runs, &format!("home_help_users_share_{band}"))
                })
                .sum::<f64>();
        eprintln!(
            "{}  {n:>8}  {:.2}  {rate:>9.0}  {deaths:>5.1}  {expected:>5.1} | {:>13}  {home_help_65plus:>5.0}",
            w.code,
            bands[4] / bands.iter().sum::<f64>(),
            w.wmo_clients_per_1000.map_or("-".into(), |x| format!("{x:.0}")),
        );
        if rate > 2.0 * expected {
            nursing_home_like.push(w.code.clone());
        }
        published.push(rate);
        model.push(deaths);
        crude.push(expected);
    }
    let (r_model, mae_model) = (
        correlation(&model, &published),
        mean_absolute_error(&model, &published),
    );
    let (r_crude, mae_crude) = (
        correlation(&crude, &published),
        mean_absolute_error(&crude, &published),
    );
    eprintln!(
        "{} wijken: model r = {r_model:.3}, MAE = {mae_model:.2}; crude r = {r_crude:.3}, \
         MAE = {mae_crude:.2}; published more than twice the crude rate: {nursing_home_like:?}",
        published.len()
    );
    assert!(published.len() >= 20, "only {} wijken", published.len());
    assert!(r_model >= 0.6, "correlation {r_model:.3}");
    assert!(mae_model <= 2.3, "mean absolute error {mae_model:.2}");
}
