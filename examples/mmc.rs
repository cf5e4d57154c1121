//! Run the M/M/c textbook queue on the kernel and compare the mean wait with
//! Erlang C; also reports the kernel's speed in events per second.
//!
//! ```text
//! cargo run --release --example mmc -- --servers 3 --arrival-rate 2.7 \
//!     --service-rate 1.0 --customers 1000000 --seed 1
//! ```
//!
//! The run starts empty and ends when the last of `--customers` customers has
//! left; the mean wait is over all of them (no warm-up is discarded, which
//! matters little for a million customers).

use std::process::ExitCode;
use std::time::Instant;

use buurtsim::engine::textbook::{erlang_c_wait, MmcQueue};
use buurtsim::engine::{run_until, EventQueue};
use clap::Parser;

/// Simulate an M/M/c queue and compare its mean wait with Erlang C.
#[derive(Debug, Parser)]
#[command(allow_negative_numbers = true)]
struct Args {
    /// Number of servers c (at least 1).
    #[arg(long, default_value_t = 3)]
    servers: usize,
    /// Arrival rate lambda (customers per time unit, > 0).
    #[arg(long, default_value_t = 2.7)]
    arrival_rate: f64,
    /// Service rate mu of one server (> 0).
    #[arg(long, default_value_t = 1.0)]
    service_rate: f64,
    /// Number of customers to simulate (at least 1).
    #[arg(long, default_value_t = 1_000_000)]
    customers: u64,
    /// Master seed of the random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn validate(args: &Args) -> Result<(), String> {
    if args.servers < 1 {
        return Err("--servers must be at least 1".into());
    }
    for (name, rate) in [
        ("--arrival-rate", args.arrival_rate),
        ("--service-rate", args.service_rate),
    ] {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(format!(
                "{name} must be a positive finite number, got {rate}"
            ));
        }
    }
    if args.customers < 1 {
        return Err("--customers must be at least 1".into());
    }
    let capacity = args.servers as f64 * args.service_rate;
    if args.arrival_rate >= capacity {
        return Err(format!(
            "the queue is unstable: arrival rate {} >= servers * service rate = {} \
             (utilisation {:.3}); the wait grows without bound and Erlang C has no \
             steady state",
            args.arrival_rate,
            capacity,
            args.arrival_rate / capacity
        ));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Err(message) = validate(&args) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }

    let mut model = MmcQueue::new(
        args.servers,
        args.arrival_rate,
        args.service_rate,
        args.seed,
    )
    .with_customer_limit(args.customers);
    let mut queue = EventQueue::with_capacity(args.servers + 1);
    model.start(&mut queue);

    let started = Instant::now();
    let events = run_until(&mut model, &mut queue, f64::INFINITY);
    let seconds = started.elapsed().as_secs_f64();

    let stats = model.stats(queue.now());
    println!(
        "mean_wait={:.6} erlang_c_wait={:.6} customers={} events_per_second={:.0}",
        stats.mean_wait(),
        erlang_c_wait(args.servers, args.arrival_rate, args.service_rate),
        stats.served,
        events as f64 / seconds
    );
    ExitCode::SUCCESS
}
