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
