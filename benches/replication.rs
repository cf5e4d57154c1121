//! Speed of the neighbourhood model: one replication of the default
//! baseline (12,000 residents, 2 warm-up + 10 measured years), and a
//! whole-region district of 120,000 residents to show that the cost grows
//! linearly with residents x years. Throughput is reported in events, so
//! criterion prints events per second.

use buurtsim::model::run_replication;
use buurtsim::scenario::{load_embedded, Scenario};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn baseline() -> Scenario {
    load_embedded("baseline").expect("the embedded baseline loads")
}

fn bench_baseline(c: &mut Criterion) {
    let scenario = baseline();
    let events = run_replication(&scenario, 0).events;
    let mut group = c.benchmark_group("replication");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(events));
    group.bench_function("baseline_12k_residents_12_years", |b| {
        b.iter(|| run_replication(black_box(&scenario), black_box(0)))
    });
    group.finish();
}

fn bench_region(c: &mut Criterion) {
    let mut scenario = baseline();
    scenario.population.residents = 120_000;
    // GP FTE and service capacities are per 1,000 residents: they scale on their own.
    let events = run_replication(&scenario, 0).events;
    let mut group = c.benchmark_group("replication");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(events));
    group.bench_function("region_120k_residents_12_years", |b| {
        b.iter(|| run_replication(black_box(&scenario), black_box(0)))
    });
    group.finish();
}

criterion_group!(benches, bench_baseline, bench_region);
criterion_main!(benches);
