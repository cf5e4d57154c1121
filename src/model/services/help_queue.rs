//! A queue for psychosocial problems at a receiving end (the welfare team,
//! the meeting place): problems wait in order, each week's capacity helps
//! them one by one, and a full queue takes no more, so the caller sends
//! the problem elsewhere. Nothing disappears: every problem taken is
//! helped, left (the resident left home while waiting) or still waiting,
//! and every problem helped was resolved or came back to the GP; the
//! [`HelpLedger`] says which.

use std::collections::VecDeque;

/// Where every problem offered to one receiving end went, over the whole
/// run (warm-up included): `taken = helped + left + waiting` and
/// `helped = resolved + returned`, exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpLedger {
    /// Problems the queue took.
    pub taken: u64,
    /// Problems it could not take (queue full): the caller sent them on.
    pub refused: u64,
    /// Problems helped.
    pub helped: u64,
    /// Problems whose resident left home (hospital, nursing home, death,
    /// moving) before help.
    pub left: u64,
    /// Problems still waiting when the run ended.
    pub waiting: u64,
    /// Problems helped and resolved.
    pub resolved: u64,
    /// Problems helped but not resolved: they came back to the GP.
    pub returned: u64,
}

impl HelpLedger {
    /// Whether every problem taken is accounted for.
    pub fn balances(&self) -> bool {
        self.taken == self.helped + self.left + self.waiting
            && self.helped == self.resolved + self.returned
    }
}

/// A problem helped this week: whose, and how long it waited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Helped {
    /// The resident's index.
    pub resident: u32,
    /// Days from the request to the help.
    pub waited_days: f64,
}

/// Problems waiting for help, served each week while capacity lasts.
#[derive(Debug, Clone)]
pub struct HelpQueue {
    /// Residents waiting, with the day each asked.
    queue: VecDeque<(u32, f64)>,
    per_week: f64,
    per_problem: f64,
    cap_weeks: f64,
    ledger: HelpLedger,
}

impl HelpQueue {
    /// `per_week` units of capacity a week (contacts, hours), `per_problem`
    /// of them per problem; the queue holds `cap_weeks` weeks of capacity.
    pub fn new(per_week: f64, per_problem: f64, cap_weeks: f64) -> Self {
        Self {
            queue: VecDeque::new(),
            per_week,
            per_problem,
            cap_weeks,
            ledger: HelpLedger::default(),
        }
    }

    /// Capacity units per problem.
    pub fn per_problem(&self) -> f64 {
        self.per_problem
    }

    /// Problems the queue takes: `cap_weeks` of capacity. Beyond that a
    /// problem is not taken (a team without capacity cannot promise help).
    fn cap(&self) -> f64 {
        let per_problem = self.per_problem.max(f64::MIN_POSITIVE);
        self.cap_weeks * self.per_week / per_problem
    }

    /// Calls `f` with every resident in the queue.
    pub fn named_residents(&self, f: &mut dyn FnMut(u32)) {
        self.queue.iter().for_each(|&(r, _)| f(r));
    }

    /// Queue resident `r`'s problem, asked on day `t`; false when the queue is full.
    pub fn request(&mut self, r: u32, t: f64) -> bool {
        let taken = (self.queue.len() as f64) < self.cap();
        if taken {
            self.queue.push_back((r, t));
            self.ledger.taken += 1;
        } else {
            self.ledger.refused += 1;
        }
        taken
    }

    /// This week's round: help problems in order while capacity lasts,
    /// skipping residents `at_home` says left. Returns the problems helped.
    pub fn serve_week(&mut self, t: f64, at_home: impl Fn(u32) -> bool) -> Vec<Helped> {
        let mut left = self.per_week;
        let mut helped = Vec::new();
        while left >= self.per_problem && !self.queue.is_empty() {
            let (r, asked) = self.queue.pop_front().expect("not empty");
            if !at_home(r) {
                self.ledger.left += 1;
                continue;
            }
            left -= self.per_problem;
            helped.push(Helped {
                resident: r,
                waited_days: t - asked,
            });
        }
        self.ledger.helped += helped.len() as u64;
        helped
    }

    /// Record the outcome of a problem helped.
    pub fn outcome(&mut self, resolved: bool) {
        if resolved {
            self.ledger.resolved += 1;
        } else {
            self.ledger.returned += 1;
        }
    }

    /// The ledger, with the problems waiting now.
    pub fn ledger(&self) -> HelpLedger {
        HelpLedger {
            waiting: self.queue.len() as u64,
            ..self.ledger
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_holds_its_weeks_of_capacity_and_refuses_the_rest() {
        // 2 contacts a week, 4 per problem, half a year: 13 problems.
        let mut q = HelpQueue::new(2.0, 4.0, 26.0);
        let taken = (0..20).filter(|&r| q.request(r, 0.0)).count();
        assert_eq!(taken, 13);
        let l = q.ledger();
        assert_eq!((l.taken, l.refused, l.waiting), (13, 7, 13));
        assert!(l.balances());
    }

    #[test]
    fn a_week_helps_in_order_and_counts_those_who_left() {
        let mut q = HelpQueue::new(6.0, 2.0, 26.0);
        for r in 0..5 {
            q.request(r, 0.0);
        }
        // Resident 1 left: skipped without using capacity.
        assert_eq!(q.serve_week(7.0, |r| r != 1).len(), 3);
        assert!(!q.ledger().balances(), "helped, outcome not yet known");
        for resolved in [true, false, true] {
            q.outcome(resolved);
        }
        let l = q.ledger();
        assert_eq!((l.helped, l.left, l.waiting), (3, 1, 1));
        assert!(l.balances());
        assert_eq!(q.serve_week(14.0, |_| true).len(), 1);
        q.outcome(false);
        assert!(q.ledger().balances() && q.ledger().waiting == 0);
        assert_eq!((q.ledger().resolved, q.ledger().returned), (2, 2));
    }

    #[test]
    fn a_problem_helped_knows_how_long_it_waited() {
        // One problem a week: the second waits a week longer than the first.
        let mut q = HelpQueue::new(1.0, 1.0, 26.0);
        assert!(q.request(3, 1.0) && q.request(4, 2.0));
        let first = q.serve_week(7.0, |_| true);
        assert_eq!(
            first,
            vec![Helped {
                resident: 3,
                waited_days: 6.0
            }]
        );
        assert_eq!(q.serve_week(14.0, |_| true)[0].waited_days, 12.0);
    }
}
