//! The ageing wave (`population.projection = "cbs-kernprognose-2024"`):
//! started from the national age structure (the default
//! `population.age_band_shares`), the district ages as the pinned CBS
//! Kernprognose 2024-2070 expects.
//!
//! What the forecast gives (`data/kernprognose-2024.csv`) decides what is
//! compared here: the 65+ share on 1 January 2025 and in 2040 (quoted), and
//! for the ten-year window a geometric interpolation between them (marked
//! in the file: not a CBS figure). No 75+ or 85+ figure was found: their
//! growth is printed and must be growth, no more. The 80+ count has no
//! metric; `model::ageing` counts it inside the model against the
//! forecast's 80+ figures. Growth is a ratio, end over start; the check is
//! |model / forecast - 1| <= 0.10, widened by two standard errors of the
//! model's mean over replications.
//!
//! How the model is read: `share_65plus` and its kin are the mean of the
//! measured years' 1 January values, so a run that measures one year
//! (warm-up `h` years, `years = 1`) gives the value on 1 January of year
//! `h`. The projection starts on day 0 whatever the warm-up, so these runs
//! share one projected history.
//!
//! That stationary mode keeps the shares flat is `model::stationarity`'s
//! test (fifty years, no reset).

use buurtsim::model::kernprognose::{Kernprognose, Status};
use buurtsim::model::{run_replication, ReplicationResult};
use buurtsim::scenario::{load, AgeProjection, Scenario};
use rayon::prelude::*;

/// Replications per point in time (fixed seed: the default's).
const REPLICATIONS: u64 = 6;

/// The default scenario in projection mode, measuring the one year that
/// starts `years_on` years after day 0.
fn projected(years_on: u32) -> Scenario {
    let mut s = Scenario::default();
    s.population.projection = AgeProjection::CbsKernprognose2024;
    s.run.warmup_years = years_on;
    s.run.years = 1;
    s
}

fn runs(s: &Scenario) -> Vec<ReplicationResult> {
    (0..REPLICATIONS)
        .into_par_iter()
        .map(|r| run_replication(s, r))
        .collect()
}

/// Mean and standard error of the per-replication ratio end / start of
/// `metric` (replications paired: the same replication index starts from
/// the same population).
fn growth(start: &[ReplicationResult], end: &[ReplicationResult], metric: &str) -> (f64, f64) {
    let ratios: Vec<f64> = start
        .iter()
        .zip(end)
        .map(|(a, b)| b.metric(metric) / a.metric(metric))
        .collect();
    let n = ratios.len() as f64;
    let mean = ratios.iter().sum::<f64>() / n;
    let var = ratios.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// |model / forecast - 1| <= 0.10, widened by two standard errors; the
/// standard error itself must be small, or the check means nothing.
fn assert_within(what: &str, (model, se): (f64, f64), forecast: f64) {
    let off = model / forecast - 1.0;
    println!("{what}: model {model:.4} (se {se:.4}), forecast {forecast:.4}, off {off:+.3}");
    assert!(se < 0.02 * model, "{what}: standard error {se} too large");
    assert!(
        off.abs() <= 0.10 + 2.0 * se / forecast,
        "{what}: model growth {model:.4} vs forecast {forecast:.4}"
    );
}

#[test]
fn ageing_follows_the_kernprognose() {
    let k = Kernprognose::pinned();
    let v = |q: &str, y: i32| k.value(q, y);
    let start = runs(&projected(0));
    let ten = runs(&projected(10));
    let fifteen = runs(&projected(15));

    // 65+: the share, quoted for 2025 and 2040.
    let forecast_15 = v("share_65plus", 2040) / v("share_65plus", 2025);
    assert_within(
        "65+ share 2025-2040 (quoted)",
        growth(&start, &fifteen, "share_65plus"),
        forecast_15,
    );
    // Ten years: the forecast's 2035 is interpolated (not a CBS figure).
    assert_eq!(
        k.figure("share_65plus", 2035).unwrap().status,
        Status::Interpolated
    );
    let forecast_10 = v("share_65plus", 2035) / v("share_65plus", 2025);
    assert_within(
        "65+ share 2025-2035 (interpolated)",
        growth(&start, &ten, "share_65plus"),
        forecast_10,
    );

    // 75+ and 85+: no forecast figure was found; they must grow.
    for metric in ["share_75plus", "share_85plus"] {
        let (model, se) = growth(&start, &ten, metric);
        println!("{metric} 2025-2035: model {model:.4} (se {se:.4}), no forecast figure");
        assert!(model > 1.05 + 2.0 * se, "{metric} should grow: {model}");
    }
}

/// A wrong value is one line: file, line, key and the valid words.
#[test]
fn a_wrong_projection_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, "[population]\nprojection = \"kernprognose\"\n").unwrap();
    let message = load(&path).expect_err("must not load").to_string();
    assert!(!message.trim_end().contains('\n'), "{message}");
    for part in [
        "x.toml:2:14: invalid value for `population.projection`",
        "`stationary`",
        "`cbs-kernprognose-2024`",
    ] {
        assert!(message.contains(part), "{part} not in: {message}");
    }
}

/// The words the rule lists are exactly the schema's.
#[test]
fn the_rule_lists_the_schemas_words() {
    use buurtsim::scenario::rules::PROJECTIONS;
    for word in PROJECTIONS {
        let text = format!("[population]\nprojection = \"{word}\"\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, text).unwrap();
        load(&path).unwrap_or_else(|e| panic!("{word}: {e}"));
    }
    let modes = [
        AgeProjection::Stationary,
        AgeProjection::CbsKernprognose2024,
    ];
    assert_eq!(modes.len(), PROJECTIONS.len());
}
