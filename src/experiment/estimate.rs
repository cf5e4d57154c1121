//! A rough run-time estimate for `buurtsim check`, and the memory estimate
//! `run`, `sweep` and `check` use.
//!
//! Times one pilot replication of a shortened copy of the scenario (one
//! warm-up and one measured year, at most [`PILOT_RESIDENTS`] residents) and
//! scales it linearly by simulated years (and residents beyond the cap),
//! then by replications / threads. The model's cost is close to linear in
//! simulated years; it is not in residents for small districts (fixed
//! costs, idle queues), which is why the pilot keeps the real district size
//! where it can. Parallel speed-up on hyper-threaded cores is less than the
//! thread count, so the total is rough, which is all `check` promises.
//!
//! The machine's cores and available memory come from [`crate::machine`].

use crate::machine;
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
    let threads = machine::threads_or_all(threads);
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

/// Resident memory one replication needs per resident, whatever the run
/// length, in bytes: the resident's state and random streams, carers,
/// queues. Fitted with [`BYTES_PER_RESIDENT_YEAR`] and [`BASE_BYTES`] to
/// the peak resident set of one replication on one thread, for 500 to
/// 120,000 residents and 3 to 200 simulated years (README, Performance).
pub const BYTES_PER_RESIDENT: u64 = 100;

/// Memory one replication adds per resident and simulated year (warm-up
/// included), in bytes. A replication's memory grows with the length of the
/// run, not only with the district: events scheduled far ahead (a clock
/// retimed leaves its old event in the calendar until its time comes, and a
/// young resident's next health transition may lie decades ahead) pile up
/// in the event queue, and every newcomer who moves in is appended to the
/// resident list for good. Measured: 2,000 residents peak at 9, 14, 38 and
/// 127 MiB at 3, 12, 50 and 200 years; 12,000 at 20, 50, 171 and 586 MiB.
pub const BYTES_PER_RESIDENT_YEAR: u64 = 275;

/// Memory that does not grow with the district or the run: the program,
/// thread stacks, output buffers and the per-month accumulators of the
/// summaries (a few hundred KiB per scenario even at 200 years).
pub const BASE_BYTES: u64 = 8 * 1024 * 1024;

/// The outcome of [`estimate_memory`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Peak bytes of one replication of the largest scenario.
    pub per_replication: u64,
    /// Peak bytes of the run: one replication in flight per thread, but
    /// never more in flight than there are replications.
    pub total: u64,
    /// Threads assumed.
    pub threads: usize,
    /// Replications in flight at once: `min(threads, replications)`.
    pub in_flight: usize,
    /// Memory the machine has available now (`MemAvailable`), when known.
    pub available: Option<u64>,
}

impl MemoryEstimate {
    /// Whether the run would not fit in the available memory.
    pub fn exceeds_available(&self) -> bool {
        self.available.is_some_and(|a| self.total > a)
    }
}

/// Peak bytes of one replication of `scenario`: residents x (a fixed part
/// and a part per simulated year).
pub fn replication_memory(scenario: &Scenario) -> u64 {
    let residents = u64::from(scenario.population.residents);
    let years = u64::from(scenario.run.years) + u64::from(scenario.run.warmup_years);
    residents.saturating_mul(BYTES_PER_RESIDENT.saturating_add(BYTES_PER_RESIDENT_YEAR * years))
}

/// Estimate the peak memory of running `scenarios` (each its
/// `run.replications` times) on `threads` threads (0 = all cores). Memory
/// stays flat in the number of replications: results are summarised as
/// they arrive; but no more replications run at once than there are.
pub fn estimate_memory(scenarios: &[&Scenario], threads: usize) -> MemoryEstimate {
    let jobs = scenarios
        .iter()
        .map(|s| u64::from(s.run.replications))
        .sum();
    estimate_memory_for_jobs(scenarios, jobs, threads)
}

/// As [`estimate_memory`], for `jobs` replications in all (a sweep runs
/// points x replications jobs of one scenario).
pub fn estimate_memory_for_jobs(
    scenarios: &[&Scenario],
    jobs: u64,
    threads: usize,
) -> MemoryEstimate {
    let threads = machine::threads_or_all(threads);
    let per_replication = scenarios
        .iter()
        .map(|s| replication_memory(s))
        .max()
        .unwrap_or(0);
    let in_flight = usize::try_from(jobs).map_or(threads, |j| j.clamp(1, threads));
    MemoryEstimate {
        per_replication,
        total: BASE_BYTES.saturating_add(per_replication.saturating_mul(in_flight as u64)),
        threads,
        in_flight,
        available: machine::available_memory(),
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;

    #[test]
    fn the_baseline_estimate_matches_the_measured_peak() {
        let s = Scenario::default();
        let est = estimate_memory(&[&s], 2);
        // Measured peak: 96 MiB for 40 replications of the 12,000-resident
        // baseline (10 + 2 years) on 2 threads.
        let mib = est.total as f64 / (1024.0 * 1024.0);
        assert!((96.0 * 0.75..96.0 * 1.25).contains(&mib), "{mib} MiB");
        assert_eq!((est.threads, est.in_flight), (2, 2));
    }

    #[test]
    fn memory_grows_with_years_and_counts_only_replications_in_flight() {
        let mut s = Scenario::default();
        s.run.years = 3;
        s.run.warmup_years = 0;
        let short = replication_memory(&s);
        s.run.years = 200;
        assert!(replication_memory(&s) > 30 * short);
        s.run.replications = 1;
        let est = estimate_memory(&[&s], 8);
        assert_eq!(est.in_flight, 1);
        assert_eq!(est.total, BASE_BYTES + replication_memory(&s));
        let sweep = estimate_memory_for_jobs(&[&s], 6, 4);
        assert_eq!(sweep.in_flight, 4);
    }
}
