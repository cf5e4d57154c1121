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

/// Resident memory one replication needs per resident at the start, in
/// bytes. Measured: the peak resident set of a 120,000-resident replication
/// minus that of a 12,000-resident one, per resident, is about 2,800 bytes
/// (residents grow by newcomers over the run; carers, queues and the
/// calendar come with them); rounded up.
pub const BYTES_PER_RESIDENT: u64 = 3_000;

/// Memory that does not grow with the district: the program, thread stacks,
/// output buffers. Measured: a 1,000-replication run of the 12,000-resident
/// baseline on 2 threads peaks at 93 MB = 20 MB + 2 x 12,000 x 3,000 bytes.
pub const BASE_BYTES: u64 = 20 * 1024 * 1024;

/// The outcome of [`estimate_memory`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Peak bytes of one replication of the largest scenario.
    pub per_replication: u64,
    /// Peak bytes of the run: one replication in flight per thread.
    pub total: u64,
    /// Threads assumed.
    pub threads: usize,
    /// Memory the machine has available now (`MemAvailable`), when known.
    pub available: Option<u64>,
}

impl MemoryEstimate {
    /// Whether the run would not fit in the available memory.
    pub fn exceeds_available(&self) -> bool {
        self.available.is_some_and(|a| self.total > a)
    }
}

/// Estimate the peak memory of running `scenarios` on `threads` threads
/// (0 = all cores). Memory stays flat in the number of replications:
/// results are summarised as they arrive.
pub fn estimate_memory(scenarios: &[&Scenario], threads: usize) -> MemoryEstimate {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let largest = scenarios
        .iter()
        .map(|s| u64::from(s.population.residents))
        .max()
        .unwrap_or(0);
    let per_replication = largest * BYTES_PER_RESIDENT;
    MemoryEstimate {
        per_replication,
        total: BASE_BYTES + per_replication * threads as u64,
        threads,
        available: available_memory(),
    }
}

/// `MemAvailable` from /proc/meminfo (Linux), in bytes.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod memory_tests {
    use super::*;

    #[test]
    fn the_baseline_estimate_matches_the_measured_peak() {
        let s = Scenario::default();
        let est = estimate_memory(&[&s], 2);
        // Measured peak: 93 MB for 12,000 residents on 2 threads.
        let mb = est.total as f64 / (1024.0 * 1024.0);
        assert!((85.0..100.0).contains(&mb), "{mb} MB");
        assert_eq!(est.threads, 2);
    }
}
