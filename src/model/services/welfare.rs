//! Welfare work (social work): psychosocial problems referred by the GP or
//! diverted by a programme wait in a queue of half a year of capacity;
//! each week the team helps them in order with its contacts. Owns the
//! queue, its counter and its metric; knows nothing about how residents
//! are referred. A problem the full queue cannot take is the caller's to
//! send on (a diverted one goes to the GP after all).

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::{Event, Neighbourhood};
use super::super::recorder::{ratio, Recorder, GEMEENTE};
use super::help_queue::{HelpLedger, HelpQueue};
use super::resolution::ReceivingEnd;
use crate::engine::EventQueue;
use crate::scenario::Scenario;

/// Weeks of capacity the welfare queue holds.
const QUEUE_WEEKS: f64 = 26.0;

/// The welfare team: its queue and counter.
#[derive(Debug, Clone)]
pub struct Welfare {
    pub(super) queue: HelpQueue,
    /// Welfare contacts given in the measured years.
    contacts: f64,
    /// Days waited by the problems helped in the measured years, and their number.
    wait_days: f64,
    helped: f64,
}

impl Welfare {
    /// An empty queue for a scenario.
    pub fn new(s: &Scenario) -> Self {
        Self {
            queue: HelpQueue::new(
                s.capacity().welfare_contacts_per_week,
                s.services.welfare_contacts_per_problem,
                QUEUE_WEEKS,
            ),
            contacts: 0.0,
            wait_days: 0.0,
            helped: 0.0,
        }
    }

    /// Queue resident `r`'s problem asked on day `t`; false when the queue is full.
    pub fn request(&mut self, r: u32, t: f64) -> bool {
        self.queue.request(r, t)
    }

    /// Where the problems offered to the team went.
    pub fn ledger(&self) -> HelpLedger {
        self.queue.ledger()
    }

    /// The welfare metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        out.set(
            Metric::WelfareContactsPer1000Year,
            rec.per_1000(self.contacts),
        );
        out.set(
            Metric::WelfareWaitWeeksMean,
            ratio(self.wait_days / 7.0, self.helped),
        );
    }
}

impl Neighbourhood<'_> {
    /// A psychosocial problem for a welfare worker; false when the team's
    /// queue is full.
    pub(crate) fn welfare_request(&mut self, r: usize, t: f64) -> bool {
        self.services.welfare.request(r as u32, t)
    }

    /// The weekly welfare round, counted and priced in the measured years.
    pub(crate) fn serve_welfare(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let measuring = self.measuring(t);
        let residents = &self.residents;
        let welfare = &mut self.services.welfare;
        let helped = welfare
            .queue
            .serve_week(t, |r| residents[r as usize].at_home());
        if measuring {
            let contacts = welfare.queue.per_problem();
            for h in &helped {
                welfare.contacts += contacts;
                welfare.wait_days += h.waited_days;
                welfare.helped += 1.0;
                self.rec.cost[GEMEENTE] += contacts * self.s.costs.welfare_contact_eur;
            }
        }
        for h in helped {
            self.after_help(h.resident as usize, ReceivingEnd::Welfare, queue);
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
        let taken = (0..20).filter(|&r| w.request(r, 0.0)).count();
        assert_eq!(taken, 13);
        assert_eq!(w.ledger().refused, 7);
    }

    #[test]
    fn no_capacity_serves_nobody() {
        let mut w = team(1.0, 2.0);
        assert!(w.request(0, 0.0));
        assert!(w.queue.serve_week(7.0, |_| true).is_empty());
    }
}
