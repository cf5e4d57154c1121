//! The neighbourhood model: residents, carers, professionals, demand,
//! interventions and outcomes, as one [`crate::engine::Model`].
//!
//! It reads a validated [`crate::scenario::Scenario`] and returns numbers;
//! it never writes files or prints.
//!
//! - [`types`]: residents, carers and their states;
//! - `neighbourhood`: the model's events and each resident's processes;
//! - `population`: initial population, newcomers, movers, monthly/yearly rounds;
//! - `gp`: the GP practice; `care`: informal care and services; `services`: queues;
//! - [`programmes`]: interventions compiled into rate multipliers and diversions;
//! - [`recorder`] and [`outcomes`]: what is counted and reported.

mod care;
mod gp;
mod neighbourhood;
pub mod outcomes;
mod population;
pub mod programmes;
pub mod recorder;
mod services;
pub mod types;

pub use outcomes::{metric_index, MetricDef, ReplicationResult, METRICS, SERIES};
pub use recorder::GpLedger;

use crate::engine::{run_until, EventQueue};
use crate::scenario::Scenario;
use neighbourhood::Neighbourhood;

/// Run one replication of a scenario. Deterministic in (scenario, replication).
pub fn run_replication(scenario: &Scenario, replication: u64) -> ReplicationResult {
    run_replication_detailed(scenario, replication).0
}

/// Run one replication and also return the GP request ledger (for checks).
pub fn run_replication_detailed(
    scenario: &Scenario,
    replication: u64,
) -> (ReplicationResult, GpLedger) {
    // One calendar window per simulated day keeps the heap small (see engine).
    let mut queue = EventQueue::with_calendar(1.0, 4096);
    let mut district = Neighbourhood::new(scenario, replication, &mut queue);
    let end = district.end;
    run_until(&mut district, &mut queue, end);
    let mut ledger = district.rec.ledger;
    ledger.pending = district.gp.waiting() as u64;
    let result = ReplicationResult {
        replication,
        metrics: district.rec.metrics(),
        monthly: std::mem::take(&mut district.rec.monthly),
        events: queue.events_popped(),
    };
    (result, ledger)
}
