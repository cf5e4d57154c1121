//! Properties of the running statistics that the experiment relies on.

use buurtsim::stats::{t_interval, t_quantile, welch_interval, RunningMoments};
use proptest::prelude::*;

fn naive(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

proptest! {
    #[test]
    fn welford_matches_two_pass(xs in prop::collection::vec(-1e6f64..1e6, 2..200)) {
        let m = RunningMoments::from_slice(&xs);
        let (mean, var) = naive(&xs);
        prop_assert!((m.mean() - mean).abs() <= 1e-9 * (1.0 + mean.abs()));
        prop_assert!((m.variance() - var).abs() <= 1e-7 * (1.0 + var));
    }

    #[test]
    fn merge_matches_sequential(xs in prop::collection::vec(-1e3f64..1e3, 2..100), cut in 0usize..100) {
        let cut = cut.min(xs.len());
        let mut a = RunningMoments::from_slice(&xs[..cut]);
        a.merge(&RunningMoments::from_slice(&xs[cut..]));
        let all = RunningMoments::from_slice(&xs);
        prop_assert_eq!(a.n(), all.n());
        prop_assert!((a.mean() - all.mean()).abs() < 1e-9);
        prop_assert!((a.variance() - all.variance()).abs() < 1e-6 * (1.0 + all.variance()));
    }

    #[test]
    fn intervals_are_ordered_and_centred(xs in prop::collection::vec(-50f64..50.0, 2..60),
                                         ys in prop::collection::vec(-50f64..50.0, 2..60)) {
        let a = RunningMoments::from_slice(&xs);
        let ci = t_interval(&a, 0.95);
        prop_assert!(ci.low <= ci.mean && ci.mean <= ci.high);
        prop_assert!(((ci.low + ci.high) / 2.0 - ci.mean).abs() < 1e-9);
        let b = RunningMoments::from_slice(&ys);
        let w = welch_interval(&a, &b, 0.95);
        let w2 = welch_interval(&b, &a, 0.95);
        prop_assert!((w.mean + w2.mean).abs() < 1e-9);
        prop_assert!((w.half_width() - w2.half_width()).abs() < 1e-9);
    }

    #[test]
    fn t_quantile_decreases_towards_normal(df in 1u32..500) {
        let t = t_quantile(0.975, f64::from(df));
        let t_next = t_quantile(0.975, f64::from(df + 1));
        prop_assert!(t > t_next && t_next > 1.959963);
    }
}

#[test]
fn t_quantile_table_values() {
    // Two-sided 95% critical values from standard tables.
    for (df, t) in [
        (1.0, 12.706205),
        (2.0, 4.302653),
        (5.0, 2.570582),
        (9.0, 2.262157),
        (29.0, 2.045230),
        (199.0, 1.971957),
    ] {
        assert!((t_quantile(0.975, df) - t).abs() < 1e-5, "df {df}");
    }
}
