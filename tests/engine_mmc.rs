//! Textbook checks of the kernel: the M/M/c queue against Erlang C and
//! Little's law, a Markov chain against its stationary distribution, and
//! cancellation of stale events.
//!
//! Simulated averages are compared with the analytic values within three
//! standard errors. Consecutive waits in a queue are strongly correlated (at
//! 90% utilisation one long wait makes the next one long too), so the naive
//! standard error `sd / sqrt(n)` would be far too small. The standard error
//! is instead estimated by batch means: after a warm-up, the run is split
//! into 30 batches of equal simulated time, each much longer than the
//! correlation time, so the batch averages are nearly independent and their
//! spread gives an honest standard error. Seeds are fixed, so the tests are
//! deterministic.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::OnceLock;

use buurtsim::engine::textbook::{
    ctmc_stationary, erlang_c_wait, simulate_ctmc, Ctmc, MmcEvent, MmcQueue, MmcStats,
};
use buurtsim::engine::{run_until, EventQueue, Model, Versions};

const BATCHES: usize = 30;

/// Mean and batch-means standard error of per-batch values.
fn mean_and_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

#[track_caller]
fn assert_within_3_se(what: &str, estimate: f64, se: f64, expected: f64) {
    let z = (estimate - expected) / se;
    assert!(
        z.abs() < 3.0,
        "{what}: simulated {estimate:.5} vs expected {expected:.5}, \
         standard error {se:.5} (z = {z:.2})"
    );
}

/// Run an M/M/c queue for a warm-up, then for `BATCHES` batches of `batch_len`
/// time units; return the statistics of each batch.
fn mmc_batches(
    servers: usize,
    lambda: f64,
    mu: f64,
    warm_up: f64,
    batch_len: f64,
    seed: u64,
) -> Vec<MmcStats> {
    let mut model = MmcQueue::new(servers, lambda, mu, seed);
    let mut queue = EventQueue::with_capacity(servers + 1);
    model.start(&mut queue);
    run_until(&mut model, &mut queue, warm_up);
    let mut previous = model.stats(queue.now());
    (1..=BATCHES)
        .map(|b| {
            run_until(&mut model, &mut queue, warm_up + b as f64 * batch_len);
            let now = model.stats(queue.now());
            let batch = now.since(&previous);
            previous = now;
            batch
        })
        .collect()
}

// c = 3, lambda = 2.7, mu = 1: utilisation 0.9. The correlation time of the
// number in system is of the order 1 / (c mu (1 - sqrt(rho))^2), about 130
// time units; batches of 100,000 time units are some 750 times longer.
// About 8 million customers in all.
const C: usize = 3;
const LAMBDA: f64 = 2.7;
const MU: f64 = 1.0;

fn mmc_run() -> &'static [MmcStats] {
    static RUN: OnceLock<Vec<MmcStats>> = OnceLock::new();
    RUN.get_or_init(|| mmc_batches(C, LAMBDA, MU, 4_000.0, 100_000.0, 1))
}

#[test]
fn mmc_mean_wait_matches_erlang_c() {
    let batches = mmc_run();
    let waits: Vec<f64> = batches.iter().map(MmcStats::mean_wait).collect();
    let (mean, se) = mean_and_se(&waits);
    let expected = erlang_c_wait(C, LAMBDA, MU);
    // Erlang C by hand: P(wait) = 32.805 / (7.345 + 32.805), Wq = P / 0.3.
    assert!((expected - 32.805 / 40.15 / 0.3).abs() < 1e-9, "{expected}");
    // The batch-means error must be a sensible fraction of the mean, or the
    // comparison below would be vacuous.
    assert!(se < 0.02 * expected, "standard error {se} too large");
    assert_within_3_se("M/M/3 mean wait", mean, se, expected);
}

#[test]
fn mmc_obeys_littles_law() {
    let batches = mmc_run();
    // Per batch: L from the time integral of the number in system, W from the
    // departing customers' times in system, lambda_eff from the departures.
    // The batch means of L - lambda_eff * W estimate its expectation, zero.
    let gaps: Vec<f64> = batches
        .iter()
        .map(|b| b.mean_in_system() - b.throughput() * b.mean_sojourn())
        .collect();
    let (gap, se) = mean_and_se(&gaps);
    assert_within_3_se("L - lambda_eff * W", gap, se, 0.0);

    // And L itself against the analytic L = lambda (Wq + 1 / mu).
    let ls: Vec<f64> = batches.iter().map(MmcStats::mean_in_system).collect();
    let (l, se_l) = mean_and_se(&ls);
    let expected_l = LAMBDA * (erlang_c_wait(C, LAMBDA, MU) + 1.0 / MU);
    assert_within_3_se("M/M/3 mean number in system", l, se_l, expected_l);

    // Every batch saw arrivals at about the arrival rate.
    let rates: Vec<f64> = batches
        .iter()
        .map(|b| b.arrivals as f64 / b.elapsed)
        .collect();
    let (rate, se_rate) = mean_and_se(&rates);
    assert_within_3_se("arrival rate", rate, se_rate, LAMBDA);
}

#[test]
fn mm1_mean_wait_matches_closed_form() {
    let (lambda, mu) = (0.8, 1.0);
    let rho = lambda / mu;
    let expected = rho / (mu - lambda);
    assert!((erlang_c_wait(1, lambda, mu) - expected).abs() < 1e-12);
    // Correlation time about 1 / (mu (1 - sqrt(rho))^2) = 90 time units.
    let batches = mmc_batches(1, lambda, mu, 4_000.0, 100_000.0, 2);
    let waits: Vec<f64> = batches.iter().map(MmcStats::mean_wait).collect();
    let (mean, se) = mean_and_se(&waits);
    assert!(se < 0.03 * expected, "standard error {se} too large");
    assert_within_3_se("M/M/1 mean wait", mean, se, expected);
}

#[test]
fn mmc_is_deterministic_for_a_seed() {
    let a = mmc_batches(2, 1.5, 1.0, 10.0, 100.0, 7);
    let b = mmc_batches(2, 1.5, 1.0, 10.0, 100.0, 7);
    let c = mmc_batches(2, 1.5, 1.0, 10.0, 100.0, 8);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// A four-state frailty chain, rates per year: fit (0), pre-frail (1),
/// frail (2), dependent (3), each worsening to the next and recovering to
/// the previous; an acute event takes a fit person straight to frail.
fn frailty_rates() -> Vec<Vec<f64>> {
    vec![
        vec![0.0, 0.10, 0.01, 0.0],
        vec![0.20, 0.0, 0.15, 0.0],
        vec![0.0, 0.10, 0.0, 0.10],
        vec![0.0, 0.0, 0.08, 0.0],
    ]
}

#[test]
fn ctmc_occupancy_matches_stationary_distribution() {
    let rates = frailty_rates();
    let pi = ctmc_stationary(&rates);
    assert!((pi.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // pi Q = 0, checked directly.
    for j in 0..4 {
        let inflow: f64 = (0..4)
            .filter(|&i| i != j)
            .map(|i| pi[i] * rates[i][j])
            .sum();
        let outflow: f64 = pi[j] * rates[j].iter().sum::<f64>();
        assert!((inflow - outflow).abs() < 1e-12, "balance of state {j}");
    }

    // The slowest mode of Q decays at rate 0.057 per year (relaxation time
    // about 17 years); batches of 50,000 years, about 240,000 jumps in all.
    let (warm_up, batch_len) = (1_000.0, 50_000.0);
    let mut chain = Ctmc::new(&rates, 0, 3);
    let mut queue = EventQueue::with_capacity(1);
    chain.start(&mut queue);
    run_until(&mut chain, &mut queue, warm_up);
    let mut previous = chain.time_in_state(queue.now());
    let mut fractions: Vec<Vec<f64>> = (0..4).map(|_| Vec::with_capacity(BATCHES)).collect();
    for b in 1..=BATCHES {
        run_until(&mut chain, &mut queue, warm_up + b as f64 * batch_len);
        let now = chain.time_in_state(queue.now());
        for (s, f) in fractions.iter_mut().enumerate() {
            f.push((now[s] - previous[s]) / batch_len);
        }
        previous = now;
    }
    assert!(chain.jumps() > 200_000, "{} jumps", chain.jumps());
    for (s, f) in fractions.iter().enumerate() {
        let (mean, se) = mean_and_se(f);
        assert!(
            se < 0.05 * pi[s],
            "state {s}: standard error {se} too large"
        );
        assert_within_3_se(&format!("occupancy of state {s}"), mean, se, pi[s]);
    }

    // The one-call helper agrees with the stationary distribution too.
    let occupancy = simulate_ctmc(&rates, 200_000.0, 4);
    assert!((occupancy.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    for (s, (&o, &p)) in occupancy.iter().zip(&pi).enumerate() {
        assert!((o - p).abs() < 0.1 * p, "state {s}: {o} vs {p}");
    }
}

/// A model of two servers whose departures get postponed: each postponement
/// bumps the server's version, which must make the earlier departure stale.
struct Postponing {
    versions: Versions,
    fired: Vec<(usize, f64)>,
    stale: usize,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    Departure { server: usize, version: u32 },
    Postpone { server: usize, to: f64 },
}

impl Model for Postponing {
    type Event = Ev;

    fn handle(&mut self, event: Ev, queue: &mut EventQueue<Ev>) {
        match event {
            Ev::Departure { server, version } => {
                if self.versions.is_current(server, version) {
                    self.fired.push((server, queue.now()));
                } else {
                    self.stale += 1;
                }
            }
            Ev::Postpone { server, to } => {
                let version = self.versions.bump(server);
                queue.schedule_at(to, Ev::Departure { server, version });
            }
        }
    }
}

#[test]
fn cancelled_events_are_dropped() {
    let mut model = Postponing {
        versions: Versions::new(2),
        fired: Vec::new(),
        stale: 0,
    };
    let mut queue = EventQueue::default();
    let v0 = model.versions.current(0);
    let v1 = model.versions.current(1);
    queue.schedule_at(
        5.0,
        Ev::Departure {
            server: 0,
            version: v0,
        },
    );
    queue.schedule_at(
        6.0,
        Ev::Departure {
            server: 1,
            version: v1,
        },
    );
    // Server 0's departure is postponed twice: to 8 (at time 1), then to 10
    // (at time 2). Server 1 is left alone.
    queue.schedule_at(1.0, Ev::Postpone { server: 0, to: 8.0 });
    queue.schedule_at(
        2.0,
        Ev::Postpone {
            server: 0,
            to: 10.0,
        },
    );
    let handled = run_until(&mut model, &mut queue, f64::INFINITY);

    assert_eq!(model.fired, vec![(1, 6.0), (0, 10.0)]);
    assert_eq!(model.stale, 2, "the departures at 5 and 8 are stale");
    assert_eq!(handled, 6);
    assert_eq!(queue.events_popped(), 6);
    assert!(queue.is_empty());
}

#[test]
fn mmc_event_count_is_two_per_customer() {
    let mut model = MmcQueue::new(3, 2.7, 1.0, 5).with_customer_limit(10_000);
    let mut queue = EventQueue::with_capacity(4);
    model.start(&mut queue);
    let handled = run_until(&mut model, &mut queue, f64::INFINITY);
    let stats = model.stats(queue.now());
    assert_eq!(handled, 20_000);
    assert_eq!(stats.events, 20_000);
    assert_eq!(
        (stats.arrivals, stats.served, stats.departures),
        (10_000, 10_000, 10_000)
    );
    assert_eq!(model.in_system(), 0);
    // Everyone left, so L = lambda_eff * W holds exactly over the whole run.
    let l = stats.mean_in_system();
    let lw = stats.throughput() * stats.mean_sojourn();
    assert!((l - lw).abs() < 1e-9 * l, "{l} vs {lw}");
    let _ = MmcEvent::Arrival;
}

/// Counts allocations per thread, so that a test can check that a stretch of
/// simulation allocates nothing (tests run on parallel threads; a global
/// counter would see the other tests' allocations).
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the counter
// is a const-initialised thread-local without destructor, which never allocates.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn mmc_allocates_nothing_per_event() {
    let mut model = MmcQueue::new(3, 2.7, 1.0, 11);
    let mut queue = EventQueue::with_capacity(4);
    model.start(&mut queue);
    // Warm up until the waiting line has grown to near its peak.
    run_until(&mut model, &mut queue, 50_000.0);
    let before = allocations();
    let events = run_until(&mut model, &mut queue, 250_000.0);
    let allocated = allocations() - before;
    assert!(events > 1_000_000, "{events} events");
    assert_eq!(allocated, 0, "{allocated} allocations in {events} events");
}
