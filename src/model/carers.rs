//! Informal carers as relationships: who cares for whom (a partner at
//! home, a child or relative in the district, someone outside it, a
//! neighbour), how a relationship starts and ends, residents who care for
//! someone outside the district, and the weekly burden update with
//! drop-out. The weekly care round (`care.rs`) decides how many hours each
//! carer gives.

use super::neighbourhood::{Event, Neighbourhood};
use super::programmes::carer_support;
use super::types::*;
use crate::engine::rng::{CounterStream, Draw};
use crate::engine::EventQueue;

impl<'s> Neighbourhood<'s> {
    /// Number of active carers of resident `r`.
    pub(crate) fn active_carers(&self, r: usize) -> usize {
        self.care(r)
            .carers
            .iter()
            .filter(|&&c| c != NONE && self.carers[c as usize].active)
            .count()
    }

    /// Create a care relationship and return its index.
    fn new_carer(
        &mut self,
        kind: CarerKind,
        resident: u32,
        receiver: u32,
        t: f64,
        hours: f64,
        ends_at: f64,
    ) -> u32 {
        let index = self.free_carers.pop().unwrap_or(self.carers.len() as u32);
        // The relationship's own stream is seeded from its owner's care
        // stream, so it sees the same numbers in every scenario.
        let owner = if receiver != NONE { receiver } else { resident } as usize;
        let seed = self.stream(owner, ResidentStream::Care).next_u64();
        let mut drawn = 0;
        let mut rng = CounterStream::new(seed, &mut drawn);
        let care = &self.s.care;
        let capacity =
            rng.lognormal_mean_cv(care.carer_capacity_hours_mean, care.carer_capacity_cv);
        let support_draw = rng.unit();
        let starts_at = if kind == CarerKind::ForOutsider {
            t + rng.unit() * DAYS_PER_YEAR
        } else {
            t
        };
        let sensitivity = if care.burden_sensitivity_cv > 0.0 {
            rng.lognormal_mean_cv(1.0, care.burden_sensitivity_cv)
        } else {
            1.0
        };
        let carer = Carer {
            kind,
            resident,
            receiver,
            capacity,
            hours,
            burden: 0.0,
            sensitivity,
            active: true,
            support_draw,
            contacts_at_start: u32::MAX,
            starts_at,
            ends_at,
            seed,
            drawn,
        };
        if (index as usize) < self.carers.len() {
            self.carers[index as usize] = carer;
        } else {
            self.carers.push(carer);
        }
        if resident != NONE {
            let held = &mut self.residents[resident as usize].held;
            let slot = held.iter().position(|&h| h == NONE);
            debug_assert!(slot.is_some(), "a carer was given a fifth role");
            if let Some(slot) = slot {
                held[slot] = index;
            }
        }
        index
    }

    /// Find carers for a resident who starts to need help.
    pub(crate) fn recruit_carers(&mut self, r: usize, t: f64) {
        if !self.residents[r].at_home() {
            return;
        }
        let mut rng = self.stream(r, ResidentStream::Care);
        let (u_near, u_out, u_pick) = (rng.unit(), rng.unit(), rng.unit());
        let (u_neighbour, u_neighbour_pick) = (rng.unit(), rng.unit());
        let care = &self.s.care;
        let (p_near, p_out) = (
            care.nearby_carer_probability,
            care.outside_carer_probability,
        );
        let mut wanted: [Option<(CarerKind, u32)>; CARER_SLOTS] = [None; CARER_SLOTS];
        let partner = self.residents[r].partner;
        let has = |kind: CarerKind, n: &Self| {
            n.care(r).carers.iter().any(|&c| {
                c != NONE && n.carers[c as usize].active && n.carers[c as usize].kind == kind
            })
        };
        if partner != NONE
            && self.residents[partner as usize].at_home()
            && self.residents[partner as usize].functional <= Functional::PreFrail
            && self.residents[partner as usize].can_take_role()
            && !has(CarerKind::Partner, self)
        {
            wanted[0] = Some((CarerKind::Partner, partner));
        }
        if u_near < p_near && !has(CarerKind::Nearby, self) {
            if let Some(helper) = self.pick_nearby_helper(r, u_pick, t) {
                wanted[1] = Some((CarerKind::Nearby, helper));
            }
        }
        if u_out < p_out && !has(CarerKind::Outside, self) {
            wanted[2] = Some((CarerKind::Outside, NONE));
        }
        if u_neighbour < care.neighbour_carer_probability && !has(CarerKind::Neighbour, self) {
            if let Some(helper) = self.pick_nearby_helper(r, u_neighbour_pick, t) {
                wanted[3] = Some((CarerKind::Neighbour, helper));
            }
        }
        for (kind, resident) in wanted.into_iter().flatten() {
            let Some(slot) = self
                .care(r)
                .carers
                .iter()
                .position(|&c| c == NONE || !self.carers[c as usize].active)
            else {
                break;
            };
            let c = self.new_carer(kind, resident, r as u32, t, 0.0, f64::INFINITY);
            self.care_mut(r).carers[slot] = c;
        }
    }

    /// A child, relative or neighbour in the district: an adult of 20-79 at home.
    fn pick_nearby_helper(&self, r: usize, u: f64, t: f64) -> Option<u32> {
        let n = self.alive.len();
        if n == 0 {
            return None;
        }
        let start = (u * n as f64) as usize;
        (0..64)
            .map(|k| self.alive[(start + k * 7919) % n])
            .find(|&h| {
                let res = &self.residents[h as usize];
                h as usize != r
                    && res.at_home()
                    && res.can_take_role()
                    && (20.0..80.0).contains(&res.age(t))
                    && res.functional <= Functional::PreFrail
            })
    }

    /// Stop a care relationship (drop-out, death, admission, role ended).
    pub(crate) fn end_carer(&mut self, c: usize) {
        let carer = &mut self.carers[c];
        if !carer.active {
            return;
        }
        carer.active = false;
        carer.hours = 0.0;
        if carer.resident != NONE {
            let res = &mut self.residents[carer.resident as usize];
            for slot in res.held.iter_mut() {
                if *slot == c as u32 {
                    *slot = NONE;
                }
            }
            if res.outside_role == c as u32 {
                res.outside_role = NONE;
            }
        }
        let receiver = carer.receiver;
        if let Some(receiver) = (receiver != NONE)
            .then(|| self.care_if_held(receiver as usize))
            .flatten()
        {
            for slot in receiver.carers.iter_mut() {
                if *slot == c as u32 {
                    *slot = NONE;
                }
            }
        }
        self.free_carers.push(c as u32);
    }

    /// A resident leaves home: their carers stop, and they stop caring.
    pub(crate) fn end_care_relations(&mut self, r: usize, _queue: &mut EventQueue<Event>) {
        for c in self.care(r).carers {
            if c != NONE {
                self.end_carer(c as usize);
            }
        }
        for slot in 0..4 {
            let c = self.residents[r].held[slot];
            if c != NONE {
                self.end_carer(c as usize);
            }
        }
        self.residents[r].burdened_carer = false;
    }

    /// Adults may start caring for someone outside the district (a parent
    /// elsewhere); the role starts some time in the coming year.
    pub(crate) fn start_outside_roles(&mut self, t: f64) {
        let scenario = self.s;
        let care = &scenario.care;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            let res = &self.residents[r];
            let age = res.age(t);
            if !res.at_home() || age < 20.0 {
                continue;
            }
            let busy =
                res.outside_role != NONE || res.functional.is_limited() || !res.can_take_role();
            let u = self.stream(r, ResidentStream::Care).unit();
            if busy {
                continue;
            }
            // Triangular age profile peaking at 55 (CBS: highest at 50-59).
            let shape = (1.0 - (age - 55.0).abs() / 35.0).max(0.1);
            let rate = care.outside_care_start_rate_peak * shape;
            if u < 1.0 - (-rate).exp() {
                let mut rng = self.stream(r, ResidentStream::Care);
                let (u_len, u_hours) = (rng.open_unit(), rng.unit());
                let years = -u_len.ln() * care.outside_care_years_mean;
                let hours = care.outside_care_hours_mean * (0.3 + 1.4 * u_hours);
                let c = self.new_carer(
                    CarerKind::ForOutsider,
                    r as u32,
                    NONE,
                    t,
                    hours,
                    f64::INFINITY,
                );
                let starts = self.carers[c as usize].starts_at;
                self.carers[c as usize].ends_at = starts + years * DAYS_PER_YEAR;
                self.residents[r].outside_role = c;
            }
        }
    }

    /// Carer support (Katwijk) when it runs at time `t`.
    pub(crate) fn carer_support_now(&self, t: f64) -> Option<&'s crate::scenario::CarerSupport> {
        let s: &'s crate::scenario::Scenario = self.s;
        s.interventions
            .carer_support
            .as_ref()
            .filter(|_| self.carer_support_active(t))
    }

    /// Whether carer support, `cs`, supports carer `c` now: found through
    /// the contacts of the person watched since support first looked
    /// (started on the first call), and willing.
    pub(crate) fn carer_supported(&mut self, c: usize, cs: &crate::scenario::CarerSupport) -> bool {
        let carer = &self.carers[c];
        if !carer_support::reaches(cs, carer.support_draw) {
            return false;
        }
        let watched = if carer.receiver != NONE {
            carer.receiver
        } else {
            carer.resident
        };
        let contacts = if watched == NONE {
            0
        } else {
            self.residents[watched as usize].contacts
        };
        let carer = &mut self.carers[c];
        if carer.contacts_at_start == u32::MAX {
            carer.contacts_at_start = contacts;
        }
        contacts.saturating_sub(carer.contacts_at_start)
            >= carer_support::contacts_needed(cs, carer.support_draw)
    }

    /// The weekly burden update: burden rises with the load above what a
    /// carer carries comfortably and decays with rest; heavily burdened
    /// carers may drop out (the receiver's admission risk rises for a
    /// year); residents with a heavy role are flagged (they consult more).
    pub(crate) fn update_carers(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let measuring = self.measuring(t);
        let care = &self.s.care;
        let support = self.carer_support_now(t);
        for c in 0..self.carers.len() {
            let carer = &self.carers[c];
            if !carer.active || carer.starts_at > t {
                continue;
            }
            if t >= carer.ends_at {
                self.end_carer(c);
                continue;
            }
            let supported = support.is_some_and(|cs| self.carer_supported(c, cs));
            let care = &self.s.care;
            let carer = &mut self.carers[c];
            let (gain_mult, dropout_mult) = carer_support::multipliers(support, supported);
            let was_heavy = carer.burden > care.heavy_burden_threshold;
            let load = carer.hours / carer.capacity;
            let gain = care.burden_gain_per_week
                * (load - care.comfortable_load).max(0.0)
                * carer.sensitivity
                * gain_mult;
            carer.burden += gain - care.burden_recovery_per_week * carer.burden;
            let heavy = carer.burden > care.heavy_burden_threshold;
            if heavy && !was_heavy && measuring {
                self.rec.counted.heavy_burden_onsets += 1.0;
            }
            let u = carer.stream().unit();
            if measuring && carer.hours > 0.0 {
                self.rec.carer_weeks_giving += 1.0;
                self.rec.carer_weeks_supported += supported as u8 as f64;
            }
            if measuring && supported && carer.hours > 0.0 {
                if let Some(cs) = support {
                    let (cost, payer) = carer_support::weekly_cost(cs);
                    self.rec.pay_programme(payer, cost);
                }
            }
            if heavy && u < care.dropout_probability_per_week * dropout_mult {
                let receiver = carer.receiver;
                if measuring {
                    self.rec.dropouts += 1.0;
                }
                self.end_carer(c);
                if receiver != NONE {
                    self.residents[receiver as usize].carer_dropout_at = t as f32;
                    self.retime(receiver as usize, queue);
                    // The raised admission risk lasts a year.
                    queue.schedule_at(t + DAYS_PER_YEAR, Event::Retime(receiver));
                }
            }
        }
        // A resident is a burdened carer when any active role is heavy.
        let mut heavy = std::mem::take(&mut self.heavy_scratch);
        heavy.clear();
        heavy.resize(self.residents.len(), false);
        let mut now_burdened = std::mem::take(&mut self.burdened_next);
        now_burdened.clear();
        for carer in &self.carers {
            let r = carer.resident;
            if carer.active
                && r != NONE
                && carer.starts_at <= t
                && carer.burden > care.heavy_burden_threshold
                && !heavy[r as usize]
            {
                heavy[r as usize] = true;
                now_burdened.push(r);
            }
        }
        for &r in &now_burdened {
            let r = r as usize;
            if !self.residents[r].burdened_carer {
                self.residents[r].burdened_carer = true;
                self.retime(r, queue);
            }
        }
        let was_burdened = std::mem::take(&mut self.burdened);
        for &r in &was_burdened {
            let r = r as usize;
            if !heavy[r] && self.residents[r].burdened_carer {
                self.residents[r].burdened_carer = false;
                self.retime(r, queue);
            }
        }
        self.burdened = now_burdened;
        self.burdened_next = was_burdened;
        self.heavy_scratch = heavy;
    }
}
