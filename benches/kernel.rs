//! Kernel throughput on the M/M/c textbook queue (c = 3, utilisation 0.9),
//! against a bare hand-written loop that does the same work.
//!
//! Each customer is exactly two events (arrival, departure), so the
//! throughput is reported as events and criterion prints events per second.
//! `bare_heap_loop` is the reference of issue 21: a binary heap from the
//! standard library ordered by (time, sequence), Xoshiro256++ streams and
//! the same statistics, with none of the kernel's generality (no model
//! trait, no calendar, no checks). The kernel should stay within 1.25x of
//! it; both run in the same bench run so the ratio is measured on one
//! machine state.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::hint::black_box;

use buurtsim::engine::rng::{Draw, StreamKey};
use buurtsim::engine::textbook::MmcQueue;
use buurtsim::engine::{run_until, EventQueue};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const CUSTOMERS: u64 = 100_000;
const SERVERS: usize = 3;
const ARRIVAL_RATE: f64 = 2.7;
const SERVICE_RATE: f64 = 1.0;

/// A pending event of the bare loop: departures carry their arrival time.
#[derive(Clone, Copy)]
struct Pending {
    time: f64,
    seq: u64,
    arrived: Option<f64>,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    /// Reversed, so the standard max-heap pops the earliest (then first in).
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

/// The bare M/M/3 loop; returns the summed waiting time.
fn bare_heap_loop(seed: u64) -> f64 {
    let key = |process| StreamKey {
        master: seed,
        replication: 0,
        entity: 0,
        process,
    };
    let (mut arrivals_rng, mut service_rng) = (key(0).stream(), key(1).stream());
    let mut heap = BinaryHeap::with_capacity(4);
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Pending>, time: f64, arrived: Option<f64>| {
        heap.push(Pending { time, seq, arrived });
        seq += 1;
    };
    push(&mut heap, arrivals_rng.exp(ARRIVAL_RATE), None);
    let (mut arrivals, mut busy, mut last) = (1u64, 0usize, 0.0f64);
    let (mut area, mut wait_sum, mut sojourn_sum) = (0.0, 0.0, 0.0);
    let mut waiting: VecDeque<f64> = VecDeque::with_capacity(64);
    while let Some(event) = heap.pop() {
        let now = event.time;
        area += (busy + waiting.len()) as f64 * (now - last);
        last = now;
        match event.arrived {
            None => {
                if arrivals < CUSTOMERS {
                    arrivals += 1;
                    push(&mut heap, now + arrivals_rng.exp(ARRIVAL_RATE), None);
                }
                if busy < SERVERS {
                    busy += 1;
                    push(&mut heap, now + service_rng.exp(SERVICE_RATE), Some(now));
                } else {
                    waiting.push_back(now);
                }
            }
            Some(arrived) => {
                sojourn_sum += now - arrived;
                match waiting.pop_front() {
                    Some(next) => {
                        wait_sum += now - next;
                        push(&mut heap, now + service_rng.exp(SERVICE_RATE), Some(next));
                    }
                    None => busy -= 1,
                }
            }
        }
    }
    black_box((area, sojourn_sum));
    wait_sum
}

/// The kernel's M/M/3 run; returns the summed waiting time.
fn kernel_run(seed: u64) -> f64 {
    let mut model =
        MmcQueue::new(SERVERS, ARRIVAL_RATE, SERVICE_RATE, seed).with_customer_limit(CUSTOMERS);
    let mut queue = EventQueue::with_capacity(4);
    model.start(&mut queue);
    let events = run_until(&mut model, &mut queue, f64::INFINITY);
    debug_assert_eq!(events, 2 * CUSTOMERS);
    model.stats(queue.now()).wait_sum
}

fn mmc(c: &mut Criterion) {
    // The same streams in the same order: both loops do exactly the same work.
    assert_eq!(
        kernel_run(1),
        bare_heap_loop(1),
        "the bare loop differs from the kernel"
    );
    let mut group = c.benchmark_group("kernel");
    group.throughput(Throughput::Elements(2 * CUSTOMERS));
    group.bench_function("mmc_3_servers_100k_customers", |b| {
        b.iter(|| black_box(kernel_run(black_box(1))))
    });
    group.bench_function("bare_heap_loop_3_servers_100k_customers", |b| {
        b.iter(|| black_box(bare_heap_loop(black_box(1))))
    });
    group.finish();
}

criterion_group!(benches, mmc);
criterion_main!(benches);
