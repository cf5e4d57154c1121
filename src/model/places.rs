//! Places in the residents' table of those who left, taken by newcomers.
//!
//! A resident who moves out or dies keeps their place in
//! `Neighbourhood::residents`: events, carers, partners and service lists
//! name residents by place, and some of those still name the leaver for a
//! while (an event of a clock that was reset, a nursing episode that will
//! not start, a booked GP consult). Over 2 + 10 years a district takes in
//! about 60% more people than it holds, so a table that only grew held 1.6
//! times the population by the end: at 256 bytes a resident, most of a
//! replication's memory (issue 21).
//!
//! At the yearly round, just before the year's newcomers arrive, every
//! place that is no longer a resident's and that nothing names any more is
//! listed ([`Neighbourhood::list_free_places`]); newcomers take them,
//! lowest first, and only then does the table grow. A place still named
//! waits for a later year, so a stale event can never reach a newcomer.
//!
//! Nothing in the model reads a place's number as such: a resident's random
//! numbers are keyed by their identity, the rounds go through `alive` in
//! order of arrival, the calendar breaks ties by the order of scheduling,
//! and sorts and sums over residents go by identity. Reuse therefore
//! changes no result (`tests/pinned_results.rs`).

use super::neighbourhood::{Event, Neighbourhood};
use super::types::{Resident, NONE};
use crate::engine::EventQueue;

impl Neighbourhood<'_> {
    /// List the places newcomers may take: those of residents who left
    /// that no queued event, active care role, partner, round list or
    /// service names. Lowest place last, for [`Self::place_for_newcomer`].
    pub(crate) fn list_free_places(&mut self, queue: &EventQueue<Event>) {
        let mut named = vec![false; self.residents.len()];
        let mut mark = |r: u32| {
            if r != NONE {
                named[r as usize] = true;
            }
        };
        for list in [
            &self.alive,
            &self.needy,
            &self.burdened,
            &self.burdened_next,
        ] {
            list.iter().for_each(|&r| mark(r));
        }
        for carer in self.carers.iter().filter(|c| c.active) {
            mark(carer.resident);
            mark(carer.receiver);
        }
        for &r in &self.alive {
            mark(self.residents[r as usize].partner);
        }
        self.services.named_residents(&mut mark);
        queue.pending().filter_map(Event::resident).for_each(mark);
        self.free_places.clear();
        let places = 0..self.residents.len() as u32;
        self.free_places.extend(
            places.rev().filter(|&r| {
                !named[r as usize] && !self.residents[r as usize].living.is_resident()
            }),
        );
    }

    /// Put a newcomer in the lowest free place, or at the end of the table,
    /// and return the place.
    pub(crate) fn place_for_newcomer(&mut self, resident: Resident) -> usize {
        match self.free_places.pop() {
            Some(place) => {
                // A care state the leaver kept (nothing names them now).
                self.drop_care_state(place as usize);
                self.residents[place as usize] = resident;
                place as usize
            }
            None => {
                self.residents.push(resident);
                self.residents.len() - 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// Over 2 + 10 years the district takes in some 60% more people than
    /// it holds; with places reused the table stays close to the number of
    /// residents, and every place listed free is free indeed.
    #[test]
    fn newcomers_take_the_places_of_those_who_left() {
        let mut s = Scenario::default();
        s.population.residents = 3000;
        let (mut n, queue) = crate::model::run_to_end(&s, 3);
        let alive = n.alive.len() as f64;
        let table = n.residents.len() as f64;
        assert!(
            table < 1.15 * alive,
            "the table holds {table} places for {alive} residents"
        );
        n.list_free_places(&queue);
        assert!(!n.free_places.is_empty(), "no place is free at the end");
        let alive: std::collections::HashSet<u32> = n.alive.iter().copied().collect();
        let pending: std::collections::HashSet<u32> =
            queue.pending().filter_map(Event::resident).collect();
        for &place in &n.free_places {
            assert!(!n.residents[place as usize].living.is_resident());
            assert!(!alive.contains(&place) && !pending.contains(&place));
        }
        assert!(n.free_places.windows(2).all(|w| w[0] > w[1]));
    }
}
