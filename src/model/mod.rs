//! The neighbourhood model: residents, carers, professionals, demand,
//! interventions and outcomes, as one [`crate::engine::Model`].
//!
//! It reads a validated [`crate::scenario::Scenario`] and returns numbers;
//! it never writes files or prints.

pub mod outcomes;

pub use outcomes::{metric_index, MetricDef, ReplicationResult, METRICS, SERIES};

use crate::scenario::Scenario;

/// Run one replication of a scenario. Deterministic in (scenario, replication).
pub fn run_replication(scenario: &Scenario, replication: u64) -> ReplicationResult {
    let months = (scenario.run.years * 12) as usize;
    // Placeholder until the model lands: zeros of the right shape.
    ReplicationResult {
        replication,
        metrics: vec![0.0; METRICS.len()],
        monthly: vec![0.0; months * SERIES.len()],
        events: 0,
    }
}
