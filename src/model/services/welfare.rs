//! Welfare work (social work): psychosocial problems referred by the GP or
//! diverted by a programme wait in a queue; each week the team serves
//! them in order with its contacts. Owns the queue, the team's view of the
//! parameters, its counter and its metric; knows nothing about how
//! residents are referred.

use std::collections::VecDeque;

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::recorder::{Recorder, GEMEENTE};
use crate::scenario::Scenario;

/// The welfare team: its queue and counter.
#[derive(Debug, Clone)]
pub struct Welfare {
    queue: VecDeque<u32>,
    contacts_per_week: f64,
    contacts_per_problem: f64,
    /// Welfare contacts given in the measured years.
    contacts: f64,
}

impl Welfare {
    /// An empty queue for a scenario.
    pub fn new(s: &Scenario) -> Self {
        Self {
            queue: VecDeque::new(),
            contacts_per_week: s.capacity().welfare_contacts_per_week,
            contacts_per_problem: s.services.welfare_contacts_per_problem,
            contacts: 0.0,
        }
    }

    /// Problems the queue takes: half a year of capacity. Beyond that a
    /// request is not taken (a team without capacity cannot promise help).
    fn cap(&self) -> f64 {
        let per_problem = self.contacts_per_problem.max(f64::MIN_POSITIVE);
        26.0 * self.contacts_per_week / per_problem
    }

    /// Queue resident `r`'s problem; false when the queue is full.
    pub fn request(&mut self, r: u32) -> bool {
        let taken = (self.queue.len() as f64) < self.cap();
        if taken {
            self.queue.push_back(r);
        }
        taken
    }

    /// This week's round: serve problems in order while contacts last,
    /// skipping residents `at_home` says left. Returns the contacts given.
    pub fn serve_week(&mut self, at_home: impl Fn(u32) -> bool) -> Vec<f64> {
        let per_problem = self.contacts_per_problem;
        let mut left = self.contacts_per_week;
        let mut given = Vec::new();
        while left >= per_problem && !self.queue.is_empty() {
            let r = self.queue.pop_front().expect("not empty");
            if !at_home(r) {
                continue;
            }
            left -= per_problem;
            given.push(per_problem);
        }
        given
    }

    /// The welfare metric.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        out.set(
            Metric::WelfareContactsPer1000Year,
            rec.per_1000(self.contacts),
        );
    }
}

impl Neighbourhood<'_> {
    /// A psychosocial problem for a welfare worker.
    pub(crate) fn welfare_request(&mut self, r: usize) {
        self.services.welfare.request(r as u32);
    }

    /// The weekly welfare round, counted and priced in the measured years.
    pub(crate) fn serve_welfare(&mut self, t: f64) {
        let residents = &self.residents;
        let given = self
            .services
            .welfare
            .serve_week(|r| residents[r as usize].at_home());
        if self.measuring(t) {
            for contacts in given {
                self.services.welfare.contacts += contacts;
                self.rec.cost[GEMEENTE] += contacts * self.s.costs.welfare_contact_eur;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(per_week: f64, per_problem: f64) -> Welfare {
        let mut s = Scenario::default();
        s.services.welfare_contacts_per_week = Some(per_week);
        s.services.welfare_contacts_per_problem = per_problem;
        Welfare::new(&s)
    }

    #[test]
    fn queue_holds_half_a_year_of_capacity() {
        // 2 contacts a week, 4 per problem: 13 problems in half a year.
        let mut w = team(2.0, 4.0);
        let taken = (0..20).filter(|&r| w.request(r)).count();
        assert_eq!(taken, 13);
    }

    #[test]
    fn week_serves_in_order_and_skips_residents_gone() {
        let mut w = team(6.0, 2.0);
        for r in 0..5 {
            w.request(r);
        }
        // Resident 1 left: skipped without using contacts.
        let given = w.serve_week(|r| r != 1);
        assert_eq!(given, vec![2.0, 2.0, 2.0]);
        assert_eq!(w.queue.iter().copied().collect::<Vec<_>>(), vec![4]);
    }

    #[test]
    fn no_capacity_serves_nobody() {
        let mut w = team(1.0, 2.0);
        assert!(w.request(0));
        assert!(w.serve_week(|_| true).is_empty());
    }
}
