//! One replication of the embedded baseline at any number of residents:
//! prints the events, the wall time, nanoseconds per event and the peak
//! resident memory (Linux `VmHWM`) per resident. The memory-per-resident
//! measure of the performance table (README, "Performance") comes from here;
//! `benches/memory.sh` runs it at several sizes.
//!
//! ```text
//! cargo run --release --example region -- --residents 120000 --replications 1
//! ```

use std::time::Instant;

use buurtsim::model::run_replication;
use buurtsim::scenario::load_embedded;
use clap::Parser;

/// Time one or more replications of the baseline at a given size.
#[derive(Debug, Parser)]
struct Args {
    /// Residents at the start (GP and service capacities scale per 1,000 residents).
    #[arg(long, default_value_t = 12_000)]
    residents: u32,
    /// Replications, run one after the other on one thread.
    #[arg(long, default_value_t = 1)]
    replications: u64,
    /// Measured years (the warm-up stays as the baseline has it).
    #[arg(long)]
    years: Option<u32>,
}

/// Peak resident set size of this process in bytes (Linux), if readable.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn main() {
    let args = Args::parse();
    let mut scenario = load_embedded("baseline").expect("the embedded baseline loads");
    scenario.population.residents = args.residents;
    if let Some(years) = args.years {
        scenario.run.years = years;
    }
    let before = peak_rss_bytes().unwrap_or(0);
    let start = Instant::now();
    let mut events = 0;
    for replication in 0..args.replications {
        events += run_replication(&scenario, replication).events;
    }
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_rss_bytes().unwrap_or(0);
    println!(
        "residents {} replications {} events {} seconds {:.3} per_replication_s {:.4} ns_per_event {:.1} peak_rss_mib {:.1} start_rss_mib {:.1} bytes_per_resident {:.0}",
        args.residents,
        args.replications,
        events,
        seconds,
        seconds / args.replications as f64,
        seconds * 1e9 / events as f64,
        peak as f64 / 1048576.0,
        before as f64 / 1048576.0,
        peak.saturating_sub(before) as f64 / args.residents as f64,
    );
}
