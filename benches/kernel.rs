//! Kernel throughput on the M/M/c textbook queue (c = 3, utilisation 0.9).
//!
//! Each customer is exactly two events (arrival, departure), so the
//! throughput is reported as events and criterion prints events per second.

use std::hint::black_box;

use buurtsim::engine::textbook::MmcQueue;
use buurtsim::engine::{run_until, EventQueue};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const CUSTOMERS: u64 = 100_000;

fn mmc(c: &mut Criterion) {
    let mut group = c.benchmark_group("kernel");
    group.throughput(Throughput::Elements(2 * CUSTOMERS));
    group.bench_function("mmc_3_servers_100k_customers", |b| {
        b.iter(|| {
            let mut model = MmcQueue::new(3, 2.7, 1.0, black_box(1)).with_customer_limit(CUSTOMERS);
            let mut queue = EventQueue::with_capacity(4);
            model.start(&mut queue);
            let events = run_until(&mut model, &mut queue, f64::INFINITY);
            debug_assert_eq!(events, 2 * CUSTOMERS);
            black_box(model.stats(queue.now()).wait_sum)
        })
    });
    group.finish();
}

criterion_group!(benches, mmc);
criterion_main!(benches);
