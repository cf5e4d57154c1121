//! The parallel runner with a stand-in model whose replications take uneven
//! times, so workers finish out of order: summaries, sink order and paired
//! differences must not depend on the thread count.

use buurtsim::experiment::{NoProgress, ReplicationSink, Runner, ScenarioRun};
use buurtsim::model::{ReplicationResult, METRICS, SERIES};
use buurtsim::scenario::Scenario;
use buurtsim::stats::{paired_interval, t_interval};
use std::convert::Infallible;
use std::time::Duration;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Metric k of replication r: common noise from (seed, r, k), plus an effect
/// of the scenario's carer-support coverage; a few microseconds of uneven sleep.
fn fake_model(s: &Scenario, r: u64) -> ReplicationResult {
    std::thread::sleep(Duration::from_micros(mix(r) % 400));
    let effect = s
        .interventions
        .carer_support
        .as_ref()
        .map_or(0.0, |c| c.coverage);
    let metrics = (0..METRICS.len() as u64)
        .map(|k| 100.0 * unit(mix(s.run.seed ^ mix(r * 1000 + k))) + effect * (k as f64 + 1.0))
        .collect();
    let months = s.run.years as usize * 12;
    let monthly = (0..(months * SERIES.len()) as u64)
        .map(|i| unit(mix(s.run.seed ^ mix(r) ^ i)))
        .collect();
    ReplicationResult {
        replication: r,
        metrics,
        monthly,
        events: r + 1,
    }
}

fn plan() -> Vec<ScenarioRun> {
    let mut a = Scenario::default();
    a.run.years = 2;
    let mut b = a.clone();
    b.interventions.carer_support = Some(Default::default());
    vec![
        ScenarioRun {
            id: "a".into(),
            scenario: a,
        },
        ScenarioRun {
            id: "b".into(),
            scenario: b,
        },
    ]
}

#[derive(Default)]
struct Keep(Vec<(usize, ReplicationResult)>);
impl ReplicationSink for Keep {
    type Error = Infallible;
    fn accept(&mut self, s: usize, r: &ReplicationResult) -> Result<(), Infallible> {
        self.0.push((s, r.clone()));
        Ok(())
    }
}

#[test]
fn identical_for_any_thread_count() {
    let plan = plan();
    let reps = 37; // not a multiple of any chunk size
    let mut reference = None;
    for threads in [1, 2, 3, 8] {
        let runner = Runner::new(threads).unwrap();
        let mut sink = Keep::default();
        let summary = runner
            .run_with(fake_model, &plan, reps, &NoProgress, &mut sink)
            .unwrap();
        let order: Vec<(usize, u64)> = sink.0.iter().map(|(s, r)| (*s, r.replication)).collect();
        let expected: Vec<(usize, u64)> = (0..reps).flat_map(|r| [(0, r), (1, r)]).collect();
        assert_eq!(order, expected, "threads = {threads}");
        assert_eq!(summary.scenarios[0].events, (1..=reps).sum::<u64>());
        match &reference {
            None => reference = Some((summary, sink.0)),
            Some((s0, rows0)) => {
                // Bit-identical, not merely close.
                assert_eq!(&summary.scenarios, &s0.scenarios);
                assert_eq!(&summary.differences, &s0.differences);
                assert_eq!(&sink.0, rows0);
            }
        }
    }
}

#[test]
fn paired_differences_folded_on_the_fly_match_stored_values() {
    let plan = plan();
    let runner = Runner::new(4).unwrap();
    let mut sink = Keep::default();
    let summary = runner
        .run_with(fake_model, &plan, 20, &NoProgress, &mut sink)
        .unwrap();
    for k in [0, 5, METRICS.len() - 1] {
        let a: Vec<f64> = sink
            .0
            .iter()
            .filter(|(s, _)| *s == 0)
            .map(|(_, r)| r.metrics[k])
            .collect();
        let b: Vec<f64> = sink
            .0
            .iter()
            .filter(|(s, _)| *s == 1)
            .map(|(_, r)| r.metrics[k])
            .collect();
        let stored = paired_interval(&a, &b, 0.95);
        let folded = t_interval(&summary.differences[0][k], 0.95);
        assert!((stored.mean - folded.mean).abs() < 1e-12);
        assert!((stored.low - folded.low).abs() < 1e-9);
        // Common random numbers: the difference is exactly the effect.
        let effect = 0.4 * (k as f64 + 1.0);
        assert!((folded.mean - effect).abs() < 1e-9, "{folded:?}");
        assert!(folded.half_width() < 1e-9);
    }
}

/// A sink that fails at its `n`-th result.
struct FailAt(usize, usize);
impl ReplicationSink for FailAt {
    type Error = String;
    fn accept(&mut self, _: usize, r: &ReplicationResult) -> Result<(), String> {
        self.0 += 1;
        if self.0 == self.1 {
            Err(format!("disk full at replication {}", r.replication))
        } else {
            Ok(())
        }
    }
}

/// A failing sink stops the run: its error comes back, and the workers do
/// not run on to the end (at most the window of jobs ahead of the fold).
#[test]
fn a_sink_error_stops_the_run_soon() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let plan = plan();
    for threads in [1, 2, 4] {
        let runner = Runner::new(threads).unwrap();
        let ran = AtomicU64::new(0);
        let counting = |s: &Scenario, r: u64| {
            ran.fetch_add(1, Ordering::SeqCst);
            fake_model(s, r)
        };
        let err = runner
            .run_with(counting, &plan, 1000, &NoProgress, &mut FailAt(0, 7))
            .unwrap_err();
        assert_eq!(err, "disk full at replication 3", "threads = {threads}");
        // 7 folded, plus at most one window (4 x threads x 2 scenarios) ahead.
        let ran = ran.load(Ordering::SeqCst);
        assert!(
            ran <= 7 + 4 * threads as u64 * 2 + threads as u64,
            "{ran} replications ran on {threads} threads after the sink failed"
        );
    }
}

/// A panicking model reaches the caller as a panic (a bug must not hang
/// the run with the other workers waiting for its result).
#[test]
fn a_panicking_model_panics_the_run_instead_of_hanging() {
    let plan = plan();
    for threads in [1, 3] {
        let runner = Runner::new(threads).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let model = |s: &Scenario, r: u64| {
                assert!(r != 5, "model bug at replication 5");
                fake_model(s, r)
            };
            runner.run_with(model, &plan, 200, &NoProgress, &mut Keep::default())
        }));
        assert!(outcome.is_err(), "threads = {threads}: no panic");
    }
}
