//! The neighbourhood model: residents, carers, professionals, demand,
//! interventions and outcomes, as one [`crate::engine::Model`].
//!
//! It reads a validated [`crate::scenario::Scenario`] and returns numbers;
//! it never writes files or prints.
//!
//! - [`types`]: residents, carers and their states;
//! - `neighbourhood`: the model's state, events and each resident's processes;
//! - `places`: places in the residents' table of those who left, taken
//!   by newcomers;
//! - `population`: initial population, newcomers, movers, monthly/yearly rounds;
//! - [`demography`]: the life table, the age structure by single year and
//!   the migration schedule, solved once before the run;
//! - [`projection`]: the optional ageing forward as the pinned national
//!   forecast ([`kernprognose`]) expects, instead of a stationary schedule;
//! - [`health`]: limitation states and their base rates;
//! - `households`: couples that form, separate, move and are widowed;
//! - `care`: informal care, carers' burden, the weekly care round;
//! - `care_state`: the care round's state of residents in care, apart
//!   from the residents;
//! - [`services`]: one file per service (GP practice, district nursing,
//!   home help, welfare, meeting place), each with its state, counters and
//!   metrics;
//! - [`programmes`]: one file per intervention preset, compiled into rate
//!   multipliers, diversions and costs;
//! - [`contact`]: the channel of a GP contact (shared by the practice and
//!   hybrid care);
//! - [`metrics`]: typed metric ids and definitions; [`recorder`]: the
//!   district's denominators, prevalences, cost and series.

pub mod acute;
#[cfg(test)]
mod ageing;
pub mod assessment;
mod care;
#[cfg(test)]
mod care_ledger;
pub(crate) mod care_state;
mod carers;
pub mod contact;
pub mod demography;
pub mod flows;
pub mod health;
#[cfg(test)]
mod hospital_ledger;
mod households;
pub mod kernprognose;
pub mod metrics;
mod month_end;
mod neighbourhood;
mod places;
mod population;
pub mod programmes;
pub mod projection;
pub mod recorder;
pub mod self_reliance;
pub mod services;
#[cfg(test)]
mod stationarity;
pub mod types;
pub mod uncertain;

pub use metrics::{metric_index, Metric, MetricDef, ReplicationResult, METRICS, SERIES};
pub use services::gp::GpLedger;

use crate::engine::{run_until, EventQueue};
use crate::scenario::Scenario;
use metrics::MetricValues;
use neighbourhood::Neighbourhood;

/// Run one replication of a scenario. Deterministic in (scenario, replication).
/// Uncertain keys (`[uncertainty]`) are drawn for the replication first
/// ([`uncertain::drawn_scenario`]).
pub fn run_replication(scenario: &Scenario, replication: u64) -> ReplicationResult {
    run_replication_detailed(scenario, replication).0
}

/// The district of `scenario` run from its start to its end, with what is
/// left in its queue: the replication's state, before any metric is read
/// (also for the tests that look inside the model).
pub(crate) fn run_to_end(
    scenario: &Scenario,
    replication: u64,
) -> (Neighbourhood<'_>, EventQueue<neighbourhood::Event>) {
    // One calendar window per simulated day keeps the heap small (see engine).
    let mut queue = EventQueue::with_calendar(1.0, 4096);
    let mut district = Neighbourhood::new(scenario, replication, &mut queue);
    let end = district.end;
    run_until(&mut district, &mut queue, end);
    (district, queue)
}

/// Run one replication and also return the GP request ledger (for checks).
pub fn run_replication_detailed(
    scenario: &Scenario,
    replication: u64,
) -> (ReplicationResult, GpLedger) {
    let scenario = &*uncertain::drawn_scenario(scenario, replication);
    let (mut district, queue) = run_to_end(scenario, replication);
    let mut ledger = district.services.gp_count.ledger;
    ledger.pending = district.services.gp.waiting() as u64;
    ledger.welfare = district.services.welfare.ledger();
    ledger.meeting_place = district.services.meeting_place.ledger();
    let mut values = MetricValues::default();
    district.rec.report(&mut values);
    district.services.report(&district.rec, &mut values);
    let result = ReplicationResult {
        replication,
        metrics: values.into_values(),
        monthly: std::mem::take(&mut district.rec.monthly),
        events: queue.events_popped(),
    };
    (result, ledger)
}
