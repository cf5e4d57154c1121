//! A rough run-time estimate for `buurtsim check`.
//!
//! Times one pilot replication of a shortened copy of the scenario (one
//! warm-up and one measured year, at most [`PILOT_RESIDENTS`] residents) and
//! scales it linearly by simulated years (and residents beyond the cap),
//! then by replications / threads. The model's cost is close to linear in
//! simulated years; it is not in residents for small districts (fixed
//! costs, idle queues), which is why the pilot keeps the real district size
//! where it can. Parallel speed-up on hyper-threaded cores is less than the
//! thread count, so the total is rough, which is all `check` promises.

use crate::model::run_replication;
use crate::scenario::Scenario;
use std::time::{Duration, Instant};

/// Most residents in the pilot replication (about a second of work).
pub const PILOT_RESIDENTS: u32 = 50_000;

/// The outcome of [`estimate_run_time`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunEstimate {
    /// Wall time of the pilot replication.
    pub pilot: Duration,
    /// Estimated wall time of one full replication on one thread.
    pub per_replication: Duration,
    /// Estimated wall time of all replications on `threads` threads.
    pub total: Duration,
    /// Threads assumed.
    pub threads: usize,
}

/// Estimate how long `scenario.run.replications` replications take on
/// `threads` threads (0 = all cores).
pub fn estimate_run_time(scenario: &Scenario, threads: usize) -> RunEstimate {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let mut pilot = scenario.clone();
    pilot.population.residents = scenario.population.residents.clamp(1, PILOT_RESIDENTS);
    pilot.run.years = 1;
    pilot.run.warmup_years = 1;
    let started = Instant::now();
    let _ = run_replication(&pilot, 0);
    let elapsed = started.elapsed();

    let pilot_work = f64::from(pilot.population.residents) * 2.0;
    let full_work = f64::from(scenario.population.residents.max(1))
        * f64::from(scenario.run.years + scenario.run.warmup_years).max(1.0);
    let per_rep = elapsed.as_secs_f64() * full_work / pilot_work;
    let reps = f64::from(scenario.run.replications);
    // Replications are the unit of parallelism: a partly filled last round
    // costs a whole replication.
    let rounds = (reps / threads as f64).ceil();
    RunEstimate {
        pilot: elapsed,
        per_replication: Duration::from_secs_f64(per_rep),
        total: Duration::from_secs_f64(per_rep * rounds),
        threads,
    }
}
