//! Households: couples that form, separate, move and are widowed.
//!
//! A household is a resident and, where there is one, a partner at home
//! (`Resident::partner`, always mutual). Couples arrive together, move out
//! together (one decision per household) and are split by death or a
//! nursing-home admission, which leaves the other living alone
//! (`Neighbourhood::leave_home`). Singles of 20-64 form unions with each
//! other and couples under 65 separate, at yearly rates. Living alone by
//! age is what these give; no share is imposed. Children are residents
//! without a partner; no parent link is kept, so they do not move with
//! their parents.

use super::demography::{Demography, PAIRING_AGE_NOISE, UNION_AGES};
use super::neighbourhood::{Event, Neighbourhood};
use super::types::*;
use crate::engine::rng::{hash_key, Draw};
use crate::engine::EventQueue;

/// Key tags of the yearly household decisions.
const SEPARATION: u64 = 0x7365_7061_7261_7465;
const UNION: u64 = 0x756E_696F_6E00_0000;

impl Neighbourhood<'_> {
    /// Pair adults at home among the residents in `places` (the starting
    /// population, or one year's newcomers): each lives with a partner with
    /// the stationary probability for their age, and partners are paired
    /// by age.
    pub(crate) fn pair_arrivals(&mut self, places: &[usize], t: f64) {
        let mut candidates: Vec<(f64, u32)> = Vec::new();
        for &r in places {
            let res = &self.residents[r];
            let age = res.age(t);
            if age < 18.0 || !res.at_home() {
                continue;
            }
            let share = self.demography.partner[Demography::year_of(age)];
            let mut rng = self.stream(r, ResidentStream::Care);
            let (u, noise) = (rng.unit(), rng.normal());
            if u < share {
                candidates.push((age + PAIRING_AGE_NOISE * noise, r as u32));
            }
        }
        self.pair_sorted(candidates);
    }

    /// Pair consecutive candidates after sorting by (noisy) age; a tie goes
    /// by identity, not by place in the table (`model::places`).
    fn pair_sorted(&mut self, mut candidates: Vec<(f64, u32)>) {
        let key = |r: u32| self.residents[r as usize].key;
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| key(a.1).cmp(&key(b.1))));
        for pair in candidates.chunks_exact(2) {
            let (a, b) = (pair[0].1, pair[1].1);
            self.residents[a as usize].partner = b;
            self.residents[b as usize].partner = a;
        }
    }

    /// A one-off uniform number for household decision `tag` of resident
    /// `r` in `year`: the same in every scenario.
    fn household_draw(&self, r: usize, tag: u64, year: u64) -> (f64, f64) {
        let entity = hash_key(&[self.residents[r].key, tag, year]);
        let mut stream = self.keys.stream(entity, process::CREATE);
        (stream.unit(), stream.normal())
    }

    /// The yearly household round (after movers, before newcomers): couples
    /// under 65 separate, and singles of 20-64 form unions with each other.
    pub(crate) fn household_round(&mut self, t: f64, year: u64, queue: &mut EventQueue<Event>) {
        let pop = &self.s.population;
        let (form, split) = (pop.union_formation_rate, pop.separation_rate);
        // Who is single and who separates is decided on the households as
        // they stand this morning: someone who separates today does not
        // also start a new union today.
        let mut singles: Vec<(f64, u32)> = Vec::new();
        let mut separating: Vec<(usize, usize)> = Vec::new();
        for &r in &self.alive {
            let r = r as usize;
            let res = &self.residents[r];
            let age = res.age(t);
            if !res.at_home() || age >= UNION_AGES.end {
                continue;
            }
            if res.partner == NONE {
                if UNION_AGES.contains(&age) {
                    let (u, noise) = self.household_draw(r, UNION, year);
                    if u < form {
                        singles.push((age + PAIRING_AGE_NOISE * noise, r as u32));
                    }
                }
                continue;
            }
            let p = res.partner as usize;
            // One decision per couple, by the partner with the smaller key.
            let other = &self.residents[p];
            if other.key > res.key
                && other.age(t) < UNION_AGES.end
                && self.household_draw(r, SEPARATION, year).0 < split
            {
                separating.push((r, p));
            }
        }
        for (r, p) in separating {
            self.separate(r, p, t, queue);
        }
        self.pair_sorted(singles.clone());
        for &(_, r) in &singles {
            if self.residents[r as usize].partner != NONE {
                self.household_changed(r as usize, t, queue);
            }
        }
    }

    /// A couple separates; both stay in the district, living alone, and a
    /// partner's care role for the other ends.
    fn separate(&mut self, r: usize, p: usize, t: f64, queue: &mut EventQueue<Event>) {
        self.residents[r].partner = NONE;
        self.residents[p].partner = NONE;
        for (receiver, carer) in [(r, p), (p, r)] {
            for c in self.care(receiver).carers {
                if c != NONE
                    && self.carers[c as usize].kind == CarerKind::Partner
                    && self.carers[c as usize].resident == carer as u32
                {
                    self.end_carer(c as usize);
                }
            }
        }
        self.household_changed(r, t, queue);
        self.household_changed(p, t, queue);
    }

    /// Living alone or not changed: target groups, loneliness risk and the
    /// care need of an IADL limitation depend on it.
    pub(crate) fn household_changed(&mut self, r: usize, t: f64, queue: &mut EventQueue<Event>) {
        self.refresh_enrolment(r, t);
        if self.residents[r].functional != Functional::Fit {
            self.mark_needy(r);
            // A new partner at home becomes a carer (recruitment adds only
            // the kinds of carer the resident lacks).
            if self.residents[r].partner != NONE && self.residents[r].at_home() {
                self.recruit_carers(r, t);
            }
        }
        self.retime(r, queue);
    }

    /// Whether resident `r` moves out this year: one decision per
    /// household, by the member with the smaller key, at the mean of the
    /// members' rates. Returns the partner who moves along, if any.
    pub(crate) fn household_moves(&self, r: usize, t: f64, year: u64) -> Option<Option<usize>> {
        let res = &self.residents[r];
        // A projection keeps the base rates; the stationary schedule adds
        // the moves that hold the structure.
        let move_out = match &self.projection {
            Some(projection) => &projection.move_out,
            None => &self.demography.move_out,
        };
        let rate_of = |age: f64| move_out[Demography::year_of(age)];
        let partner = (res.partner != NONE).then_some(res.partner as usize);
        let (decider, rate) = match partner {
            Some(p) => {
                let other = &self.residents[p];
                let decider = if other.key < res.key { p } else { r };
                (decider, 0.5 * (rate_of(res.age(t)) + rate_of(other.age(t))))
            }
            None => (r, rate_of(res.age(t))),
        };
        if decider != r {
            return None;
        }
        (self.keyed_uniform(r, process::MOVE_BASE + year) < rate).then_some(partner)
    }
}
