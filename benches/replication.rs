//! Speed of the neighbourhood model: one replication of the default
//! baseline (12,000 residents, 2 warm-up + 10 measured years), a region of
//! 120,000 residents over the same years (issue 21: at most 10.5x the
//! district), and one of 1,000,000 residents over 1 + 1 years (a whole
//! replication of 12 years takes minutes; `examples/region.rs` runs it and
//! reports its peak memory). Throughput is reported in events, so criterion
//! prints events per second. Memory per resident: `benches/memory.sh`.

use buurtsim::model::run_replication;
use buurtsim::scenario::{load_embedded, Scenario};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn baseline() -> Scenario {
    load_embedded("baseline").expect("the embedded baseline loads")
}

/// One replication of `scenario` as bench `name`, measured for `seconds`
/// (ten samples at least: criterion's minimum).
fn bench_one(c: &mut Criterion, name: &str, scenario: Scenario, seconds: u64) {
    let events = run_replication(&scenario, 0).events;
    let mut group = c.benchmark_group("replication");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(seconds));
    group.throughput(Throughput::Elements(events));
    group.bench_function(name, |b| {
        b.iter(|| run_replication(black_box(&scenario), black_box(0)))
    });
    group.finish();
}

fn bench_baseline(c: &mut Criterion) {
    bench_one(c, "baseline_12k_residents_12_years", baseline(), 8);
}

fn bench_region(c: &mut Criterion) {
    let mut scenario = baseline();
    // GP FTE and service capacities are per 1,000 residents: they scale on their own.
    scenario.population.residents = 120_000;
    bench_one(c, "region_120k_residents_12_years", scenario, 30);
}

fn bench_million(c: &mut Criterion) {
    let mut scenario = baseline();
    scenario.population.residents = 1_000_000;
    scenario.run.warmup_years = 1;
    scenario.run.years = 1;
    bench_one(c, "region_1m_residents_2_years", scenario, 120);
}

criterion_group!(benches, bench_baseline, bench_region, bench_million);
criterion_main!(benches);
