//! The professional services, one file each: the GP practice, district
//! nursing, Wmo home help, the hospital, welfare work and the meeting place. Each owns
//! its view of the parameters, its state (queues, waiting lists), its
//! counters and the metrics it reports, with its unit tests.
//!
//! This file registers them: one field per service in [`ServiceState`] and
//! one line in [`ServiceState::report`]. It must not know how any service
//! works inside.

pub mod gp;
pub mod help_queue;
pub mod home_help;
pub mod hospital;
pub mod meeting_place;
pub mod nursing;
pub mod resolution;
pub mod waits;
pub mod welfare;

use super::metrics::MetricValues;
use super::recorder::Recorder;
use crate::scenario::Scenario;

/// State and counters of every service during one replication.
#[derive(Debug, Clone)]
pub struct ServiceState {
    /// The GP practice's slots and queue.
    pub gp: gp::Practices,
    /// What the GP practice counts.
    pub gp_count: gp::GpCounters,
    /// District nursing.
    pub nursing: nursing::Nursing,
    /// Wmo home help.
    pub home_help: home_help::HomeHelp,
    /// The hospital pathway: stays, short-term stays, rehabilitation.
    pub hospital: hospital::Hospital,
    /// Welfare work.
    pub welfare: welfare::Welfare,
    /// The meeting place's visits and its help for members' problems.
    pub meeting_place: meeting_place::MeetingPlaceService,
}

impl ServiceState {
    /// Every service, empty, for a scenario; `seed` keys the services' own
    /// random events (the weeks GPs are away).
    pub fn new(s: &Scenario, seed: u64) -> Self {
        Self {
            gp: gp::Practices::new(s, seed),
            gp_count: gp::GpCounters::default(),
            nursing: nursing::Nursing::new(s),
            home_help: home_help::HomeHelp::default(),
            hospital: hospital::Hospital::default(),
            welfare: welfare::Welfare::new(s),
            meeting_place: meeting_place::MeetingPlaceService::new(s),
        }
    }

    /// Calls `f` with every resident a service holds: a request booked or
    /// waiting, a waiting list, a nursing episode still to start, a hospital
    /// stay. A resident's place is reused only when none does
    /// (`model::places`).
    pub fn named_residents(&self, f: &mut dyn FnMut(u32)) {
        self.gp.named_residents(f);
        self.welfare.queue.named_residents(f);
        self.meeting_place.help.named_residents(f);
        let nursing = &self.nursing;
        nursing.waiting.iter().for_each(|&r| f(r));
        nursing.pending.iter().for_each(|&(_, _, r)| f(r));
        self.home_help.waiting.iter().for_each(|&r| f(r));
        self.hospital.active.keys().for_each(|&r| f(r));
    }

    /// Every service's metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        self.gp_count.report(rec, out);
        self.nursing.report(rec, out);
        self.home_help.report(rec, out);
        self.hospital.report(rec, out);
        self.welfare.report(rec, out);
        self.meeting_place.report(rec, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The district's recorder and the services together set every metric.
    #[test]
    fn every_metric_is_set_exactly_once() {
        let mut out = MetricValues::default();
        Recorder::new(12).report(&mut out);
        ServiceState::new(&Scenario::default(), 0).report(&Recorder::new(12), &mut out);
        assert_eq!(out.not_set_once(), vec![]);
    }

    #[test]
    fn empty_denominators_give_zero_not_nan() {
        let mut out = MetricValues::default();
        Recorder::new(12).report(&mut out);
        ServiceState::new(&Scenario::default(), 0).report(&Recorder::new(12), &mut out);
        assert!(out.into_values().iter().all(|v| *v == 0.0));
    }
}
