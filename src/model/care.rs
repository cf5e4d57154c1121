//! Practical / ADL care: who helps whom each week. Informal carers first
//! (with respite from carer support), then district nursing and Wmo home
//! help within their capacity; what is left is unmet need. Carers' burden
//! rises with load above what they carry comfortably and falls with rest;
//! heavily burdened carers may stop.

use super::neighbourhood::{Event, Neighbourhood};
use super::programmes::{MEETING_PLACE, NURSE_LINK};
use super::recorder::{GEMEENTE, WMO, ZVW};
use super::types::*;
use crate::engine::rng::Draw;
use crate::engine::EventQueue;
use rand::SeedableRng;
use rand_core::Rng as _;

/// Hours in half a day of day activities (respite is bought in half days).
const HALF_DAY_HOURS: f64 = 4.0;

impl Neighbourhood<'_> {
    /// Put resident `r` on the list the weekly care round looks at.
    pub(crate) fn mark_needy(&mut self, r: usize) {
        if !self.residents[r].in_needy {
            self.residents[r].in_needy = true;
            self.needy.push(r as u32);
        }
    }

    /// Number of active carers of resident `r`.
    pub(crate) fn active_carers(&self, r: usize) -> usize {
        self.residents[r]
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
        let mut rng =
            crate::engine::rng::Stream::seed_from_u64(self.streams[owner].care.next_u64());
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
            starts_at,
            ends_at,
            rng,
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
        let rng = &mut self.streams[r].care;
        let (u_near, u_out, u_pick) = (rng.unit(), rng.unit(), rng.unit());
        let care = &self.s.care;
        let (p_near, p_out) = (
            care.nearby_carer_probability,
            care.outside_carer_probability,
        );
        let mut wanted: [Option<(CarerKind, u32)>; 3] = [None; 3];
        let partner = self.residents[r].partner;
        let has = |kind: CarerKind, n: &Self| {
            n.residents[r].carers.iter().any(|&c| {
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
        for (kind, resident) in wanted.into_iter().flatten() {
            let Some(slot) = self.residents[r]
                .carers
                .iter()
                .position(|&c| c == NONE || !self.carers[c as usize].active)
            else {
                break;
            };
            let c = self.new_carer(kind, resident, r as u32, t, 0.0, f64::INFINITY);
            self.residents[r].carers[slot] = c;
        }
    }

    /// A child or neighbour in the district: an adult of 20-79 at home.
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
        if carer.receiver != NONE {
            let receiver = &mut self.residents[carer.receiver as usize];
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
        for slot in 0..3 {
            let c = self.residents[r].carers[slot];
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
        let care = &self.s.care;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            let res = &self.residents[r];
            let age = res.age(t);
            if !res.at_home() || age < 20.0 {
                continue;
            }
            let u = self.streams[r].care.unit();
            if res.outside_role != NONE || res.functional.is_limited() || !res.can_take_role() {
                continue;
            }
            // Triangular age profile peaking at 55 (CBS: highest at 50-59).
            let shape = (1.0 - (age - 55.0).abs() / 35.0).max(0.1);
            let rate = care.outside_care_start_rate_peak * shape;
            if u < 1.0 - (-rate).exp() {
                let (u_len, u_hours) = (
                    self.streams[r].care.open_unit(),
                    self.streams[r].care.unit(),
                );
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

    /// The weekly round: care allocation, services, carer burden, welfare,
    /// meeting place and programme costs.
    pub(crate) fn on_week(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.allocate_care(t, queue);
        self.update_carers(t, queue);
        self.serve_welfare(t);
        self.meeting_place_week(t);
        self.programme_costs_week(t);
        self.gp.nurse_left = self.s.gp.practice_nurse_contacts_per_week;
        queue.schedule_in(7.0, Event::Week);
    }

    fn allocate_care(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let measuring = self.measuring(t);
        let care = &self.s.care;
        let need_by_state = care.need_hours_by_state;
        let support = self
            .s
            .interventions
            .carer_support
            .as_ref()
            .filter(|_| self.carer_support_active(t));
        let mut nursing_left = self.s.services.district_nursing_hours_per_week;
        let mut help_left = self.s.services.home_help_hours_per_week;
        // Case management of the district-nurse link comes first.
        if let Some(link) = &self.s.interventions.district_nurse_link {
            let weekly = link.case_management_hours_per_month * 12.0 / 52.0;
            for k in 0..self.alive.len() {
                let r = self.alive[k] as usize;
                if self.followed_by_nurse(r) {
                    // Within the team's capacity: case management competes
                    // with care hours.
                    let hours = weekly.min(nursing_left.max(0.0));
                    nursing_left -= hours;
                    if measuring {
                        self.rec.nursing_hours += hours;
                        let p = super::programmes::payer_index(link.payer);
                        let cost = hours * self.s.costs.district_nursing_eur_per_hour;
                        self.rec.cost[p] += cost;
                        self.rec.cost_interventions += cost;
                        self.rec.counted.programme_cost[p] += cost;
                    }
                }
            }
        }
        let year = (t / DAYS_PER_YEAR) as i32;
        // Residents whose need or unmet need may have changed this week.
        // Only residents on the needy list can have a need: the list gains
        // residents when they decline and loses them below, once fit or gone.
        let touched = std::mem::take(&mut self.needy);
        for &r in &touched {
            let r = r as usize;
            let res = &self.residents[r];
            if !res.at_home() || res.functional == Functional::Fit {
                // Recovered (or gone): no need, no care given this week.
                for slot in 0..3 {
                    let c = self.residents[r].carers[slot];
                    if c != NONE {
                        self.carers[c as usize].hours = 0.0;
                    }
                }
                let res = &mut self.residents[r];
                res.need_hours = 0.0;
                res.informal_hours = 0.0;
                res.personal_open = 0.0;
                res.household_open = 0.0;
                res.nursing_client = false;
                res.home_help_client = false;
                continue;
            }
            let need = need_by_state[res.functional as usize - 1];
            let mut open = need;
            let mut informal = 0.0;
            for slot in 0..3 {
                let c = self.residents[r].carers[slot];
                if c == NONE || !self.carers[c as usize].active {
                    continue;
                }
                let carer = &mut self.carers[c as usize];
                let max_load = if carer.kind == CarerKind::Partner {
                    care.max_load_partner
                } else {
                    care.max_load_other
                };
                let mut give = open.min(carer.capacity * max_load);
                if let Some(cs) = support {
                    // Respite: day activities take over part of a stretched carer's hours.
                    if carer.support_draw < cs.coverage
                        && give > carer.capacity * care.comfortable_load
                    {
                        let respite = cs.respite_hours_per_week.min(give);
                        give -= respite;
                        open -= respite;
                        if measuring {
                            self.rec.counted.respite_hours += respite;
                            self.rec.cost[WMO] += respite / HALF_DAY_HOURS
                                * self.s.costs.day_activity_eur_per_half_day;
                        }
                    }
                }
                carer.hours = give;
                open -= give;
                informal += give;
            }
            let personal = open * care.personal_care_share;
            let res = &mut self.residents[r];
            res.need_hours = need;
            res.informal_hours = informal;
            res.personal_open = personal;
            res.household_open = open - personal;
            if measuring {
                self.rec.informal_hours += informal;
            }
            // Existing clients keep their care, within capacity.
            if res.personal_open > 0.0 {
                if res.nursing_client {
                    let hours = res.personal_open.min(nursing_left.max(0.0));
                    nursing_left -= hours;
                    res.personal_open -= hours;
                    res.last_nursing_year = year;
                    if measuring {
                        self.rec.nursing_hours += hours;
                        self.rec.cost[ZVW] += hours * self.s.costs.district_nursing_eur_per_hour;
                    }
                } else if !res.nursing_waiting {
                    res.nursing_waiting = true;
                    self.services.nursing_waiting.push(r as u32);
                }
            } else {
                res.nursing_client = false;
            }
            if res.household_open > 0.0 {
                if res.home_help_client {
                    let hours = res.household_open.min(help_left.max(0.0));
                    help_left -= hours;
                    res.household_open -= hours;
                    if measuring {
                        self.rec.cost[WMO] += hours * self.s.costs.home_help_eur_per_hour;
                    }
                } else if !res.home_help_waiting {
                    res.home_help_waiting = true;
                    self.services.home_help_waiting.push(r as u32);
                }
            } else {
                res.home_help_client = false;
            }
        }
        self.admit_from_waiting_lists(t, nursing_left, help_left);
        // Unmet need feeds back into crisis and admission rates.
        for &r in &touched {
            let r = r as usize;
            let res = &mut self.residents[r];
            let unmet = if res.at_home() {
                res.personal_open + res.household_open
            } else {
                0.0
            };
            if (unmet - res.unmet_hours).abs() > 0.25 || (unmet == 0.0) != (res.unmet_hours == 0.0)
            {
                res.unmet_hours = unmet;
                self.retime(r, queue);
            }
        }
        let mut touched = touched;
        touched.retain(|&r| {
            let res = &mut self.residents[r as usize];
            res.in_needy = res.at_home() && res.functional != Functional::Fit;
            res.in_needy
        });
        self.needy = touched;
    }

    /// Admit waiting residents while capacity lasts: residents followed by
    /// the district-nurse link first (proactive case finding), then in order.
    fn admit_from_waiting_lists(&mut self, t: f64, mut nursing_left: f64, mut help_left: f64) {
        let measuring = self.measuring(t);
        let year = (t / DAYS_PER_YEAR) as i32;
        let mut waiting = std::mem::take(&mut self.services.nursing_waiting);
        for pass in 0..2 {
            for &w in waiting.iter() {
                let r = w as usize;
                let followed = self.followed_by_nurse(r);
                if (pass == 0) != followed {
                    continue;
                }
                let res = &mut self.residents[r];
                if !res.at_home() || res.personal_open <= 0.0 || res.nursing_client {
                    res.nursing_waiting = false;
                    continue;
                }
                if nursing_left >= res.personal_open {
                    nursing_left -= res.personal_open;
                    if measuring {
                        self.rec.nursing_hours += res.personal_open;
                        self.rec.cost[ZVW] +=
                            res.personal_open * self.s.costs.district_nursing_eur_per_hour;
                    }
                    res.personal_open = 0.0;
                    res.nursing_client = true;
                    res.nursing_waiting = false;
                    res.last_nursing_year = year;
                }
            }
        }
        // Keep arrival order for those still waiting (admitted or gone
        // residents had their flag cleared above).
        waiting.retain(|&w| self.residents[w as usize].nursing_waiting);
        self.services.nursing_waiting = waiting;

        let mut waiting = std::mem::take(&mut self.services.home_help_waiting);
        waiting.retain(|&w| {
            let res = &mut self.residents[w as usize];
            if !res.at_home() || res.household_open <= 0.0 || res.home_help_client {
                res.home_help_waiting = false;
                return false;
            }
            if help_left >= res.household_open {
                help_left -= res.household_open;
                if measuring {
                    self.rec.cost[WMO] += res.household_open * self.s.costs.home_help_eur_per_hour;
                }
                res.household_open = 0.0;
                res.home_help_client = true;
                res.home_help_waiting = false;
                false
            } else {
                true
            }
        });
        self.services.home_help_waiting = waiting;
    }

    fn update_carers(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let measuring = self.measuring(t);
        let care = &self.s.care;
        let support = self
            .s
            .interventions
            .carer_support
            .as_ref()
            .filter(|_| self.carer_support_active(t));
        for c in 0..self.carers.len() {
            let carer = &mut self.carers[c];
            if !carer.active || carer.starts_at > t {
                continue;
            }
            if t >= carer.ends_at {
                self.end_carer(c);
                continue;
            }
            let supported = support.is_some_and(|cs| carer.support_draw < cs.coverage);
            let gain_mult = support
                .filter(|_| supported)
                .map_or(1.0, |cs| cs.burden_gain_multiplier);
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
            let dropout_mult = support
                .filter(|_| supported)
                .map_or(1.0, |cs| cs.dropout_multiplier);
            let u = carer.rng.unit();
            if measuring && supported && carer.hours > 0.0 {
                if let Some(cs) = support {
                    let cost = cs.cost_eur_per_carer_per_year * 7.0 / DAYS_PER_YEAR;
                    let payer = super::programmes::payer_index(cs.payer);
                    self.rec.cost[payer] += cost;
                    self.rec.cost_interventions += cost;
                    self.rec.counted.programme_cost[payer] += cost;
                }
            }
            if heavy && u < care.dropout_probability_per_week * dropout_mult {
                let receiver = carer.receiver;
                if measuring {
                    self.rec.dropouts += 1.0;
                }
                self.end_carer(c);
                if receiver != NONE {
                    self.residents[receiver as usize].carer_dropout_at = t;
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

    /// A psychosocial problem for a welfare worker. The queue holds at most
    /// half a year of capacity; beyond that the request is not taken (a
    /// welfare team without capacity cannot promise help).
    pub(crate) fn welfare_request(&mut self, r: usize) {
        let services = &self.s.services;
        let per_problem = services.welfare_contacts_per_problem.max(f64::MIN_POSITIVE);
        let cap = 26.0 * services.welfare_contacts_per_week / per_problem;
        if (self.services.welfare_queue.len() as f64) < cap {
            self.services.welfare_queue.push_back(r as u32);
        }
    }

    fn serve_welfare(&mut self, t: f64) {
        let per_problem = self.s.services.welfare_contacts_per_problem;
        let mut left = self.s.services.welfare_contacts_per_week;
        while left >= per_problem && !self.services.welfare_queue.is_empty() {
            let r = self.services.welfare_queue.pop_front().expect("not empty") as usize;
            if !self.residents[r].at_home() {
                continue;
            }
            left -= per_problem;
            if self.measuring(t) {
                self.rec.welfare_contacts += per_problem;
                self.rec.cost[GEMEENTE] += per_problem * self.s.costs.welfare_contact_eur;
            }
        }
    }

    fn meeting_place_week(&mut self, t: f64) {
        let Some(mp) = &self.s.interventions.meeting_place else {
            return;
        };
        let measuring = self.measuring(t);
        let mut visits = 0.0;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.residents[r].programmes & MEETING_PLACE != 0 {
                visits += poisson(&mut self.visits_rng, mp.visits_per_week) as f64;
            }
        }
        if measuring {
            self.rec.meeting_visits += visits;
        }
    }

    fn programme_costs_week(&mut self, t: f64) {
        if !self.measuring(t) {
            return;
        }
        let week = 7.0 / DAYS_PER_YEAR;
        let i = &self.s.interventions;
        let add = |payer: usize, cost: f64, rec: &mut super::recorder::Recorder| {
            rec.cost[payer] += cost;
            rec.cost_interventions += cost;
            rec.counted.programme_cost[payer] += cost;
        };
        let start_of = |bit: u16| {
            self.programmes
                .list
                .iter()
                .find(|p| p.bit == bit)
                .map(|p| p.start_day)
        };
        if let Some(mp) = &i.meeting_place {
            if start_of(MEETING_PLACE).is_some_and(|s| t >= s) {
                add(
                    super::programmes::payer_index(mp.payer),
                    mp.running_cost_eur_per_year * week,
                    &mut self.rec,
                );
            }
        }
        if let Some(h) = &i.hybrid_care {
            if start_of(super::programmes::HYBRID_CARE).is_some_and(|s| t >= s) {
                add(
                    super::programmes::payer_index(h.payer),
                    h.cost_eur_per_year * week,
                    &mut self.rec,
                );
            }
        }
        // Custom programmes: cost per participant.
        let custom: Vec<(u16, f64, usize)> = self
            .programmes
            .list
            .iter()
            .filter(|p| {
                p.bit >= 1 << super::programmes::CUSTOM_SHIFT && p.cost_per_participant_year > 0.0
            })
            .map(|p| (p.bit, p.cost_per_participant_year, p.payer))
            .collect();
        for (bit, cost, payer) in custom {
            let n = self
                .alive
                .iter()
                .filter(|&&r| self.residents[r as usize].programmes & bit != 0)
                .count() as f64;
            add(payer, n * cost * week, &mut self.rec);
        }
        let _ = NURSE_LINK;
    }
}

/// Poisson draw by inversion (small means).
fn poisson(rng: &mut crate::engine::rng::Stream, mean: f64) -> u32 {
    let mut k = 0;
    let mut p = (-mean).exp();
    let mut cumulative = p;
    let u = rng.unit();
    while u > cumulative && k < 1000 {
        k += 1;
        p *= mean / k as f64;
        cumulative += p;
    }
    k
}
