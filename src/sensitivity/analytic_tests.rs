//! Textbook functions through the same design and estimator code a
//! sensitivity run uses: the indices must come out as the analytic ones.

use super::bootstrap::Bootstrap;
use super::elementary::morris_indices;
use super::morris::morris_design;
use super::range::{scale_row, ParameterRange};
use super::saltelli::saltelli_design;
use super::sobol::sobol_indices;
use std::f64::consts::PI;

/// Ishigami: sin x1 + a sin² x2 + b x3⁴ sin x1 with a = 7, b = 0.1.
fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// Ishigami's outputs on a Saltelli design of `n` base samples, inputs
/// uniform on [-π, π].
fn ishigami_outputs(n: usize, seed: u64) -> Vec<f64> {
    let ranges = [ParameterRange::linear(-PI, PI).unwrap(); 3];
    saltelli_design(n, 3, seed)
        .unwrap()
        .iter()
        .map(|row| ishigami(&scale_row(&row.unit, &ranges).unwrap()))
        .collect()
}

/// At N = 2^12, S1 ≈ (0.314, 0.442, 0) and ST ≈ (0.558, 0.442, 0.244)
/// within 0.02, and each 95% interval holds its point estimate.
#[test]
fn ishigami_indices_match_analytic_values() {
    let outputs = ishigami_outputs(1 << 12, 2026);
    let boot = Bootstrap {
        resamples: 200,
        seed: 4,
    };
    let s = sobol_indices(&outputs, 3, &boot).unwrap();
    let (s1, st) = ([0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]);
    for i in 0..3 {
        let (f, t) = (s.first[i], s.total[i]);
        eprintln!(
            "x{}: S1 {:.4} [{:.4}, {:.4}]  ST {:.4} [{:.4}, {:.4}]",
            i + 1,
            f.value,
            f.ci_low,
            f.ci_high,
            t.value,
            t.ci_low,
            t.ci_high
        );
        assert!(
            (f.value - s1[i]).abs() < 0.02,
            "S1 of x{}: {}",
            i + 1,
            f.value
        );
        assert!(
            (t.value - st[i]).abs() < 0.02,
            "ST of x{}: {}",
            i + 1,
            t.value
        );
        for e in [f, t] {
            assert!(e.ci_low <= e.value && e.value <= e.ci_high, "{e:?}");
        }
    }
}

/// The same seed gives bit-identical indices and intervals.
#[test]
fn sobol_indices_repeat_for_a_seed() {
    let boot = Bootstrap {
        resamples: 50,
        seed: 11,
    };
    let a = sobol_indices(&ishigami_outputs(64, 5), 3, &boot).unwrap();
    let b = sobol_indices(&ishigami_outputs(64, 5), 3, &boot).unwrap();
    assert_eq!(a, b);
}

/// A linear function's μ* is |coefficient| × range, μ carries the sign,
/// σ is 0; the interval of μ* holds it.
#[test]
fn linear_morris_mu_star_is_coefficient_times_range() {
    let coefficients = [3.0, -0.5, 0.0, 12.0];
    let ranges = [
        ParameterRange::linear(0.1, 0.7).unwrap(),
        ParameterRange::linear(-10.0, 30.0).unwrap(),
        ParameterRange::linear(0.0, 1.0).unwrap(),
        ParameterRange::linear(1000.0, 1000.25).unwrap(),
    ];
    let design = morris_design(30, 4, 4, 17).unwrap();
    let inputs: Vec<Vec<f64>> = design
        .iter()
        .map(|p| scale_row(&p.unit, &ranges).unwrap())
        .collect();
    let f = |x: &[f64]| x.iter().zip(&coefficients).map(|(x, c)| c * x).sum::<f64>();
    let outputs: Vec<f64> = inputs.iter().map(|x| f(x)).collect();
    let m = morris_indices(&inputs, &outputs, 4, &Bootstrap::default()).unwrap();
    for k in 0..4 {
        let want = coefficients[k] * (ranges[k].max - ranges[k].min);
        let tolerance = 1e-9 * want.abs().max(1.0);
        assert!(
            (m.mu[k].value - want).abs() < tolerance,
            "μ of x{k}: {}",
            m.mu[k].value
        );
        assert!(
            (m.mu_star[k].value - want.abs()).abs() < tolerance,
            "μ* of x{k}"
        );
        assert!(m.sigma[k].value.abs() < tolerance, "σ of x{k}");
        let e = m.mu_star[k];
        assert!(
            e.ci_low - tolerance <= e.value && e.value <= e.ci_high + tolerance,
            "{e:?}"
        );
    }
}

/// Morris on Ishigami ranks x1 and x2 above x3's main effect and repeats
/// for a seed; the interval of μ* holds μ*.
#[test]
fn morris_is_deterministic_and_intervals_hold_the_estimate() {
    let ranges = [ParameterRange::linear(-PI, PI).unwrap(); 3];
    let run = || {
        let design = morris_design(50, 3, 4, 3).unwrap();
        let x: Vec<Vec<f64>> = design
            .iter()
            .map(|p| scale_row(&p.unit, &ranges).unwrap())
            .collect();
        let y: Vec<f64> = x.iter().map(|x| ishigami(x)).collect();
        morris_indices(
            &x,
            &y,
            4,
            &Bootstrap {
                resamples: 300,
                seed: 2,
            },
        )
        .unwrap()
    };
    let m = run();
    assert_eq!(m, run());
    for e in &m.mu_star {
        assert!(e.ci_low <= e.value && e.value <= e.ci_high, "{e:?}");
    }
}
