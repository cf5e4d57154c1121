//! Textbook models with known answers, used to check the kernel.
//!
//! A simulation kernel is only trustworthy when it reproduces results that
//! are known exactly. This module holds two such models built on the public
//! kernel API, together with their analytic solutions:
//!
//! - [`MmcQueue`], the M/M/c queue, whose mean wait in queue is given by the
//!   Erlang C formula ([`erlang_c_wait`]) and which must obey Little's law;
//! - [`Ctmc`], a continuous-time Markov chain, whose long-run occupancy must
//!   match the stationary distribution ([`ctmc_stationary`]).
//!
//! The checks themselves live in `tests/engine_mmc.rs`; the M/M/c model also
//! drives `examples/mmc.rs` and `benches/kernel.rs`, so the kernel's speed is
//! measured on a model whose correctness is tested.

use std::collections::VecDeque;

use super::rng::{Draw, Stream, StreamKey};
use super::{EventQueue, Model};

/// The events of the M/M/c queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MmcEvent {
    /// A customer arrives.
    Arrival,
    /// A customer who arrived at time `arrived` finishes service and leaves.
    ///
    /// Carrying the arrival time lets the model record the time in system at
    /// departure, which is what Little's law counts.
    Departure {
        /// Arrival time of the departing customer.
        arrived: f64,
    },
}

/// Cumulative statistics of an [`MmcQueue`], observed at some time.
///
/// The fields are running totals, so the statistics of an interval are the
/// difference of two observations ([`MmcStats::since`]): this is how a
/// warm-up period is discarded and how batch means are formed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MmcStats {
    /// Length of the observed time span.
    pub elapsed: f64,
    /// Customers who arrived.
    pub arrivals: u64,
    /// Customers who started service (and so finished waiting in queue).
    pub served: u64,
    /// Sum of the waits in queue of the `served` customers.
    pub wait_sum: f64,
    /// Customers who left.
    pub departures: u64,
    /// Sum of the times in system (wait plus service) of the departed customers.
    pub sojourn_sum: f64,
    /// Time integral of the number of customers in the system.
    pub area_in_system: f64,
    /// Events handled.
    pub events: u64,
}

impl MmcStats {
    /// The statistics of the span between `earlier` and `self`.
    pub fn since(&self, earlier: &MmcStats) -> MmcStats {
        MmcStats {
            elapsed: self.elapsed - earlier.elapsed,
            arrivals: self.arrivals - earlier.arrivals,
            served: self.served - earlier.served,
            wait_sum: self.wait_sum - earlier.wait_sum,
            departures: self.departures - earlier.departures,
            sojourn_sum: self.sojourn_sum - earlier.sojourn_sum,
            area_in_system: self.area_in_system - earlier.area_in_system,
            events: self.events - earlier.events,
        }
    }

    /// Mean wait in queue (Wq) of the customers who started service.
    pub fn mean_wait(&self) -> f64 {
        self.wait_sum / self.served as f64
    }

    /// Mean time in system (W) of the customers who left.
    pub fn mean_sojourn(&self) -> f64 {
        self.sojourn_sum / self.departures as f64
    }

    /// Time-average number of customers in the system (L).
    pub fn mean_in_system(&self) -> f64 {
        self.area_in_system / self.elapsed
    }

    /// Departures per unit of time: the effective arrival rate in steady state.
    pub fn throughput(&self) -> f64 {
        self.departures as f64 / self.elapsed
    }
}

/// The M/M/c queue: Poisson arrivals, `c` identical servers with exponential
/// service times, one first-come-first-served queue of unlimited length.
///
/// Arrivals and service times come from two separate random streams, so
/// changing the number of servers leaves the arrival process unchanged
/// (common random numbers). The waiting line is a [`VecDeque`] of arrival
/// times that is reused, and the kernel's heap is reused too: once both have
/// grown to their peak, handling an event allocates nothing.
#[derive(Debug, Clone)]
pub struct MmcQueue {
    servers: usize,
    arrival_rate: f64,
    service_rate: f64,
    customer_limit: u64,
    arrival_stream: Stream,
    service_stream: Stream,
    busy: usize,
    waiting: VecDeque<f64>,
    last_event: f64,
    totals: MmcStats,
}

impl MmcQueue {
    /// A queue with `servers` servers, empty at time zero, seeded with `seed`.
    ///
    /// # Panics
    ///
    /// When `servers` is zero or a rate is not a positive finite number:
    /// these are programming errors here; user input is checked by callers.
    pub fn new(servers: usize, arrival_rate: f64, service_rate: f64, seed: u64) -> Self {
        assert!(servers >= 1, "an M/M/c queue needs at least one server");
        assert!(
            arrival_rate.is_finite() && arrival_rate > 0.0,
            "the arrival rate must be positive and finite, got {arrival_rate}"
        );
        assert!(
            service_rate.is_finite() && service_rate > 0.0,
            "the service rate must be positive and finite, got {service_rate}"
        );
        let key = |process| StreamKey {
            master: seed,
            replication: 0,
            entity: 0,
            process,
        };
        Self {
            servers,
            arrival_rate,
            service_rate,
            customer_limit: u64::MAX,
            arrival_stream: key(0).stream(),
            service_stream: key(1).stream(),
            busy: 0,
            waiting: VecDeque::with_capacity(64),
            last_event: 0.0,
            totals: MmcStats::default(),
        }
    }

    /// Stop generating arrivals after `customers` customers have arrived, so
    /// that a run to an infinite horizon ends once they have all left.
    pub fn with_customer_limit(mut self, customers: u64) -> Self {
        self.customer_limit = customers;
        self
    }

    /// Schedule the first arrival; call once before running.
    pub fn start(&mut self, queue: &mut EventQueue<MmcEvent>) {
        if self.customer_limit > 0 {
            queue.schedule_in(
                self.arrival_stream.exp(self.arrival_rate),
                MmcEvent::Arrival,
            );
        }
    }

    /// Number of customers in the system (in service plus waiting).
    #[inline]
    pub fn in_system(&self) -> usize {
        self.busy + self.waiting.len()
    }

    /// Cumulative statistics from time zero up to `now` (normally
    /// `queue.now()`); the area under the number in system is extended from
    /// the last event to `now`.
    pub fn stats(&self, now: f64) -> MmcStats {
        let mut s = self.totals;
        s.elapsed = now;
        s.area_in_system += self.in_system() as f64 * (now - self.last_event);
        s
    }

    #[inline]
    fn start_service(&mut self, now: f64, arrived: f64, queue: &mut EventQueue<MmcEvent>) {
        self.totals.served += 1;
        self.totals.wait_sum += now - arrived;
        queue.schedule_in(
            self.service_stream.exp(self.service_rate),
            MmcEvent::Departure { arrived },
        );
    }
}

impl Model for MmcQueue {
    type Event = MmcEvent;

    #[inline]
    fn handle(&mut self, event: MmcEvent, queue: &mut EventQueue<MmcEvent>) {
        let now = queue.now();
        self.totals.area_in_system += self.in_system() as f64 * (now - self.last_event);
        self.last_event = now;
        self.totals.events += 1;
        match event {
            MmcEvent::Arrival => {
                self.totals.arrivals += 1;
                if self.totals.arrivals < self.customer_limit {
                    queue.schedule_in(
                        self.arrival_stream.exp(self.arrival_rate),
                        MmcEvent::Arrival,
                    );
                }
                if self.busy < self.servers {
                    self.busy += 1;
                    self.start_service(now, now, queue);
                } else {
                    self.waiting.push_back(now);
                }
            }
            MmcEvent::Departure { arrived } => {
                self.totals.departures += 1;
                self.totals.sojourn_sum += now - arrived;
                match self.waiting.pop_front() {
                    Some(next) => self.start_service(now, next, queue),
                    None => self.busy -= 1,
                }
            }
        }
    }
}

/// Mean wait in queue (Wq) of the M/M/c queue in steady state, from the
/// Erlang C formula: `Wq = C(c, a) / (c * mu - lambda)` with offered load
/// `a = lambda / mu`.
///
/// The probability of waiting `C(c, a)` is computed from the Erlang B
/// recursion `B(k) = a B(k-1) / (k + a B(k-1))` and
/// `C = c B / (c - a (1 - B))`, which never forms `a^c / c!` and so stays
/// accurate for hundreds of servers, where the textbook sum overflows.
///
/// Returns infinity when the queue is unstable (`lambda >= c * mu`).
///
/// # Panics
///
/// When `servers` is zero or a rate is not positive.
pub fn erlang_c_wait(servers: usize, arrival_rate: f64, service_rate: f64) -> f64 {
    assert!(servers >= 1, "an M/M/c queue needs at least one server");
    assert!(
        arrival_rate > 0.0 && service_rate > 0.0,
        "rates must be positive"
    );
    let c = servers as f64;
    let a = arrival_rate / service_rate;
    if a >= c {
        return f64::INFINITY;
    }
    let mut erlang_b = 1.0;
    for k in 1..=servers {
        erlang_b = a * erlang_b / (k as f64 + a * erlang_b);
    }
    let prob_wait = c * erlang_b / (c - a * (1.0 - erlang_b));
    prob_wait / (c * service_rate - arrival_rate)
}

/// The single event of a [`Ctmc`]: the chain leaves its current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump;

/// A continuous-time Markov chain on states `0..n`, simulated on the kernel.
///
/// In state `i` the chain waits an exponential time with the total exit rate
/// of `i`, then jumps to `j` with probability proportional to `rates[i][j]`.
/// The time spent in each state is accumulated, so long-run occupancy can be
/// compared with [`ctmc_stationary`]. An absorbing state (no exit rate)
/// schedules nothing and simply keeps accumulating time.
#[derive(Debug, Clone)]
pub struct Ctmc {
    /// Jump weights per state; the diagonal is zeroed.
    weights: Vec<Vec<f64>>,
    exit_rate: Vec<f64>,
    state: usize,
    entered: f64,
    time_in: Vec<f64>,
    jumps: u64,
    stream: Stream,
}

/// Check that `rates` is a square matrix with non-negative finite off-diagonal
/// entries, and return it with the diagonal set to zero.
fn checked_rates(rates: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = rates.len();
    assert!(n >= 1, "a Markov chain needs at least one state");
    rates
        .iter()
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(
                row.len(),
                n,
                "rate matrix row {i} has {} entries, expected {n}",
                row.len()
            );
            row.iter()
                .enumerate()
                .map(|(j, &r)| {
                    if i == j {
                        0.0
                    } else {
                        assert!(
                            r.is_finite() && r >= 0.0,
                            "rate {i}->{j} is {r}, must be >= 0"
                        );
                        r
                    }
                })
                .collect()
        })
        .collect()
}

impl Ctmc {
    /// A chain with transition rates `rates[i][j]` (from `i` to `j`; the
    /// diagonal is ignored), starting in `initial` at time zero.
    ///
    /// # Panics
    ///
    /// When `rates` is not square, holds a negative or non-finite rate off
    /// the diagonal, or `initial` is out of range.
    pub fn new(rates: &[Vec<f64>], initial: usize, seed: u64) -> Self {
        let weights = checked_rates(rates);
        assert!(
            initial < weights.len(),
            "initial state {initial} out of range"
        );
        let exit_rate = weights.iter().map(|row| row.iter().sum()).collect();
        let stream = StreamKey {
            master: seed,
            replication: 0,
            entity: 0,
            process: 0,
        }
        .stream();
        Self {
            time_in: vec![0.0; weights.len()],
            weights,
            exit_rate,
            state: initial,
            entered: 0.0,
            jumps: 0,
            stream,
        }
    }

    /// Schedule the first jump; call once before running.
    pub fn start(&mut self, queue: &mut EventQueue<Jump>) {
        self.schedule_jump(queue);
    }

    /// The current state.
    pub fn state(&self) -> usize {
        self.state
    }

    /// Number of jumps made so far.
    pub fn jumps(&self) -> u64 {
        self.jumps
    }

    /// Cumulative time spent in each state from time zero up to `now`
    /// (normally `queue.now()`).
    pub fn time_in_state(&self, now: f64) -> Vec<f64> {
        let mut t = self.time_in.clone();
        t[self.state] += now - self.entered;
        t
    }

    fn schedule_jump(&mut self, queue: &mut EventQueue<Jump>) {
        let rate = self.exit_rate[self.state];
        if rate > 0.0 {
            queue.schedule_in(self.stream.exp(rate), Jump);
        }
    }
}

impl Model for Ctmc {
    type Event = Jump;

    fn handle(&mut self, _event: Jump, queue: &mut EventQueue<Jump>) {
        let now = queue.now();
        self.time_in[self.state] += now - self.entered;
        self.entered = now;
        self.state = self.stream.pick(&self.weights[self.state]);
        self.jumps += 1;
        self.schedule_jump(queue);
    }
}

/// Simulate the chain with transition rates `rates` from state 0 over
/// `[0, t_end]` and return the fraction of time spent in each state.
///
/// For an irreducible chain these fractions converge to the stationary
/// distribution as `t_end` grows (ergodic theorem), which is what makes the
/// comparison with [`ctmc_stationary`] a test of the kernel.
pub fn simulate_ctmc(rates: &[Vec<f64>], t_end: f64, seed: u64) -> Vec<f64> {
    assert!(
        t_end.is_finite() && t_end > 0.0,
        "t_end must be positive and finite"
    );
    let mut chain = Ctmc::new(rates, 0, seed);
    let mut queue = EventQueue::with_capacity(1);
    chain.start(&mut queue);
    super::run_until(&mut chain, &mut queue, t_end);
    chain
        .time_in_state(queue.now())
        .into_iter()
        .map(|t| t / t_end)
        .collect()
}

/// The stationary distribution `pi` of the chain with transition rates
/// `rates` (diagonal ignored): the solution of `pi Q = 0` with
/// `sum(pi) = 1`, where `Q` is the generator (off-diagonal rates, diagonal
/// minus the row sum).
///
/// The equations `Q^T pi = 0` are linearly dependent (the rows of `Q` sum to
/// zero), so the last one is replaced by the normalisation, and the system is
/// solved by Gaussian elimination with partial pivoting: exact enough and
/// simple for the handful of states a test needs.
///
/// # Panics
///
/// When the rate matrix is malformed (see [`Ctmc::new`]) or the chain is not
/// irreducible, so that no unique stationary distribution exists.
pub fn ctmc_stationary(rates: &[Vec<f64>]) -> Vec<f64> {
    let q = checked_rates(rates);
    let n = q.len();
    // Augmented matrix [A | b] with A = Q^T, last row replaced by ones.
    let mut m = vec![vec![0.0; n + 1]; n];
    for (i, row) in q.iter().enumerate() {
        let exit: f64 = row.iter().sum();
        for (j, &r) in row.iter().enumerate() {
            m[j][i] = if i == j { -exit } else { r };
        }
    }
    m[n - 1] = vec![1.0; n + 1];
    // Pivots are judged relative to the largest rate, so the units of time
    // (days or years) do not matter.
    let scale = q.iter().flatten().fold(0.0_f64, |acc, &r| acc.max(r));
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .expect("non-empty range");
        assert!(
            m[pivot][col].abs() > 1e-12 * scale,
            "the chain is not irreducible: no unique stationary distribution"
        );
        m.swap(col, pivot);
        let (done, below) = m.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for row in below {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= factor * p;
                }
            }
        }
    }
    let mut pi = vec![0.0; n];
    for i in (0..n).rev() {
        let tail: f64 = (i + 1..n).map(|k| m[i][k] * pi[k]).sum();
        pi[i] = (m[i][n] - tail) / m[i][i];
    }
    pi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_reduces_to_mm1() {
        let (lambda, mu) = (0.8, 1.0);
        let rho: f64 = lambda / mu;
        let expected = rho / (mu - lambda);
        assert!((erlang_c_wait(1, lambda, mu) - expected).abs() < 1e-12);
        assert_eq!(erlang_c_wait(2, 2.0, 1.0), f64::INFINITY);
    }

    #[test]
    fn stationary_of_two_state_chain() {
        let pi = ctmc_stationary(&[vec![0.0, 1.0], vec![3.0, 0.0]]);
        assert!(
            (pi[0] - 0.75).abs() < 1e-12 && (pi[1] - 0.25).abs() < 1e-12,
            "{pi:?}"
        );
    }

    #[test]
    fn stationary_does_not_depend_on_time_units() {
        let slow = ctmc_stationary(&[vec![0.0, 1e-9], vec![3e-9, 0.0]]);
        assert!((slow[0] - 0.75).abs() < 1e-12, "{slow:?}");
        assert_eq!(ctmc_stationary(&[vec![0.0]]), vec![1.0]);
    }

    #[test]
    #[should_panic(expected = "not irreducible")]
    fn stationary_rejects_reducible_chain() {
        // Two states that never communicate.
        ctmc_stationary(&[vec![0.0, 0.0], vec![0.0, 0.0]]);
    }
}
