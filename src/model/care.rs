//! Practical / ADL care: who helps whom each week. Each resident in need
//! is assessed (`assessment`); district nursing and Wmo home help give
//! what is indicated within their capacity (`services/`); informal carers
//! give the rest of the need, and step in for part of the formal care not
//! given (with respite from carer support); what nobody gives is unmet
//! need. Carers' burden rises with load above what they carry comfortably
//! and falls with rest; heavily burdened carers may stop. This module
//! also keeps the care relationships (recruitment, ending).

use super::assessment::{home_help_indication, nursing_indication, split_need};
use super::neighbourhood::{Event, Neighbourhood};
use super::programmes::{carer_support, nurse_link, payer_index};
use super::recorder::WMO;
use super::services::nursing::CareEnd;
use super::types::*;
use crate::engine::rng::Draw;
use crate::engine::EventQueue;
use rand::SeedableRng;
use rand_core::Rng as _;

/// A resident's need still open in the week's care round (hours/week).
struct Open {
    /// Need beyond what the assessments indicate: the household's own.
    beyond: f64,
    /// Formal care indicated but not given (waiting list, capacity).
    shortfall: f64,
}

impl Open {
    /// Hours a carer (or respite) takes: first from the need beyond the
    /// indications, then from the shortfall.
    fn take(&mut self, hours: f64) {
        let from_beyond = hours.min(self.beyond);
        self.beyond -= from_beyond;
        self.shortfall = (self.shortfall - (hours - from_beyond)).max(0.0);
    }
}

impl Neighbourhood<'_> {
    /// Put resident `r` on the list the weekly care round looks at.
    pub(crate) fn mark_needy(&mut self, r: usize) {
        if !self.residents[r].in_needy {
            self.residents[r].in_needy = true;
            self.needy.push(r as u32);
        }
    }

    /// Care need of resident `r` this week (hours/week): log-normal around
    /// the mean of their state (`care.need_hours_by_state`, coefficient of
    /// variation `care.need_cv`), rising with age above 75; an IADL
    /// limitation needs less when a partner without a limitation lives at
    /// home and does the household tasks. No limitation, no need.
    pub(crate) fn need_hours(&self, r: usize, t: f64) -> f64 {
        let res = &self.residents[r];
        if res.functional == Functional::Fit {
            return 0.0;
        }
        let care = &self.s.care;
        let mean = care.need_hours_by_state[res.functional as usize - 1];
        let age = (care.need_age_slope * (res.age(t) - 75.0).max(0.0)).exp();
        let household = if res.functional == Functional::PreFrail && self.partner_can_help(r) {
            care.iadl_need_share_with_partner
        } else {
            1.0
        };
        mean * res.need_spread * age * household
    }

    /// Whether resident `r` lives with a partner at home who has no
    /// limitation of their own.
    fn partner_can_help(&self, r: usize) -> bool {
        let p = self.residents[r].partner;
        p != NONE && {
            let partner = &self.residents[p as usize];
            partner.at_home() && partner.functional == Functional::Fit
        }
    }

    /// Gebruikelijke zorg: a partner at home without a limitation is
    /// expected to do the household, unless caring has overburdened them
    /// (the municipality's exception for an "overbelaste" partner) or they
    /// are past the age the municipality expects it of.
    fn partner_expected_to_help(&self, r: usize, t: f64) -> bool {
        self.partner_can_help(r) && {
            let partner = &self.residents[self.residents[r].partner as usize];
            !partner.burdened_carer
                && partner.age(t) < self.s.services.home_help_partner_expected_until_age
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
        let (u_neighbour, u_neighbour_pick) = (rng.unit(), rng.unit());
        let care = &self.s.care;
        let (p_near, p_out) = (
            care.nearby_carer_probability,
            care.outside_carer_probability,
        );
        let mut wanted: [Option<(CarerKind, u32)>; CARER_SLOTS] = [None; CARER_SLOTS];
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
        if u_neighbour < care.neighbour_carer_probability && !has(CarerKind::Neighbour, self) {
            if let Some(helper) = self.pick_nearby_helper(r, u_neighbour_pick, t) {
                wanted[3] = Some((CarerKind::Neighbour, helper));
            }
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
        for slot in 0..CARER_SLOTS {
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
        self.services.gp.new_week();
        queue.schedule_in(7.0, Event::Week);
    }

    /// The week's care: each resident in need is assessed (`assessment`),
    /// the services give what their hours allow (clients first, then the
    /// waiting list), and carers fill what formal care leaves, up to what
    /// they can give: when formal care is cut, delayed or ends they step
    /// in and their burden rises; when it starts, their hours fall.
    fn allocate_care(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let measuring = self.measuring(t);
        let capacity = self.s.capacity();
        let nursing_week = capacity.district_nursing_hours_per_week;
        let mut nursing_left = self.nurse_link_case_management(measuring, nursing_week);
        let mut help_left = capacity.home_help_hours_per_week;
        self.start_nursing_episodes(t);
        // Residents whose need or unmet need may have changed this week.
        // Only residents on the needy list can have a need: the list gains
        // residents when they decline or start a nursing episode, and
        // loses them in `settle_needy`, once fit and out of care or gone.
        let touched = std::mem::take(&mut self.needy);
        for &r in &touched {
            let r = r as usize;
            if !self.assess(r, t) {
                continue;
            }
            // Existing clients keep their care, within capacity.
            self.keep_nursing_client(r, t, measuring, &mut nursing_left);
            self.keep_home_help_client(r, t, measuring, &mut help_left);
        }
        // Residents followed by the district-nurse link first (proactive
        // case finding), then in order.
        self.admit_to_nursing(t, nursing_left);
        self.admit_to_home_help(t, help_left);
        for &r in &touched {
            self.informal_care_week(r as usize, t, measuring);
        }
        self.settle_needy(touched, queue);
    }

    /// Assess resident `r` this week: their need, and the hours of nursing
    /// and home help indicated (kept in `personal_open` and
    /// `household_open` for the services). Returns false, with care and
    /// carers' hours cleared, when they have no need and no episode.
    fn assess(&mut self, r: usize, t: f64) -> bool {
        let res = &self.residents[r];
        let episode = res.at_home() && res.episode_until > t;
        if !res.at_home() || (res.functional == Functional::Fit && !episode) {
            for slot in 0..CARER_SLOTS {
                let c = self.residents[r].carers[slot];
                if c != NONE {
                    self.carers[c as usize].hours = 0.0;
                }
            }
            if res.at_home() {
                self.end_nursing(r, CareEnd::NeedEnded);
            }
            let res = &mut self.residents[r];
            res.need_hours = 0.0;
            res.informal_hours = 0.0;
            res.personal_open = 0.0;
            res.household_open = 0.0;
            res.home_help_client = false;
            res.home_help_hours = 0.0;
            return false;
        }
        let need = self.need_hours(r, t);
        let split = split_need(&self.s.care, res.functional, need);
        let services = &self.s.services;
        let applies = (res.help_seeking as f64) < services.home_help_take_up;
        let help = home_help_indication(
            services,
            res.functional,
            split.household,
            // The household is assessed at intake; a client keeps the
            // package until the limitation ends (no re-assessment).
            !res.home_help_client && self.partner_expected_to_help(r, t),
            applies,
        );
        let mut nursing = nursing_indication(services, res.functional, split.personal);
        if episode {
            nursing += services.nursing_episode_hours_per_week;
        }
        let res = &mut self.residents[r];
        res.need_hours = need;
        res.personal_open = nursing;
        res.household_open = help;
        true
    }

    /// Carers give what formal care leaves of resident `r`'s need, each up
    /// to their most (with respite from carer support), and step in for
    /// part of the formal care indicated but not given; the rest, and any
    /// episode nursing not given, is unmet.
    fn informal_care_week(&mut self, r: usize, t: f64, measuring: bool) {
        let res = &self.residents[r];
        if !res.at_home() || res.need_hours <= 0.0 && res.personal_open <= 0.0 {
            let res = &mut self.residents[r];
            res.personal_open = 0.0;
            res.household_open = 0.0;
            return;
        }
        let care = &self.s.care;
        let support = self
            .s
            .interventions
            .carer_support
            .as_ref()
            .filter(|_| self.carer_support_active(t));
        // Episode hours are nursing only: carers cannot do wound care.
        let episode = if res.episode_until > t {
            self.s.services.nursing_episode_hours_per_week
        } else {
            0.0
        };
        let episode_given = res.nursing_hours.min(episode);
        // What the assessments indicated and what the services gave: the
        // need beyond the indications is the carers' as ever; of formal
        // care indicated but not given (waiting, capacity), a partner at
        // home takes over the share `care.partner_step_in_share` and other
        // carers the share `care.carer_step_in_share`, each within what
        // they can give; the rest is unmet.
        let indicated = (res.personal_open - episode).max(0.0) + res.household_open;
        let given = res.nursing_hours - episode_given + res.home_help_hours;
        let shortfall = (indicated - given).max(0.0);
        let beyond = (res.need_hours - indicated).max(0.0);
        // Open hours: beyond the indications, and formal care not given.
        let mut open = Open { beyond, shortfall };
        let mut informal = 0.0;
        for slot in 0..CARER_SLOTS {
            let c = self.residents[r].carers[slot];
            if c == NONE || !self.carers[c as usize].active {
                continue;
            }
            let carer = &mut self.carers[c as usize];
            let max_load = match carer.kind {
                CarerKind::Partner => care.max_load_partner,
                CarerKind::Neighbour => care.max_load_neighbour,
                CarerKind::Outside => care.max_load_outside,
                _ => care.max_load_other,
            };
            // Of formal care not given, a partner at home takes over the
            // share `partner_step_in_share`, other carers the share
            // `carer_step_in_share` of what is left of it.
            let step_in = if carer.kind == CarerKind::Partner {
                care.partner_step_in_share
            } else {
                care.carer_step_in_share
            };
            let mut give = (open.beyond + step_in * open.shortfall).min(carer.capacity * max_load);
            if let Some(cs) = support {
                // Respite: day activities take over part of a stretched carer's hours.
                if carer_support::reaches(cs, carer.support_draw)
                    && give > carer.capacity * care.comfortable_load
                {
                    let respite = cs.respite_hours_per_week.min(give);
                    give -= respite;
                    open.take(respite);
                    if measuring {
                        self.rec.counted.respite_hours += respite;
                        self.rec.cost[WMO] += carer_support::respite_cost(
                            respite,
                            self.s.costs.day_activity_eur_per_half_day,
                        );
                    }
                }
            }
            carer.hours = give;
            open.take(give);
            informal += give;
            if measuring {
                self.rec.informal_by_kind[carer.kind as usize] += give;
            }
        }
        let res = &mut self.residents[r];
        res.informal_hours = informal;
        res.personal_open = open.beyond + open.shortfall + (episode - episode_given);
        res.household_open = 0.0;
        if measuring {
            self.rec.informal_hours += informal;
        }
    }

    /// Case management of the district-nurse link comes first in the
    /// nursing team's week: within its capacity, it competes with care
    /// hours. Returns the nursing hours left.
    fn nurse_link_case_management(&mut self, measuring: bool, mut nursing_left: f64) -> f64 {
        let Some(link) = &self.s.interventions.district_nurse_link else {
            return nursing_left;
        };
        let weekly = nurse_link::weekly_hours(link);
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.followed_by_nurse(r) {
                let hours = weekly.min(nursing_left.max(0.0));
                nursing_left -= hours;
                if measuring {
                    self.services.nursing.hours += hours;
                    self.services.nursing.case_management_hours += hours;
                    let p = payer_index(link.payer);
                    let cost = hours * self.s.costs.district_nursing_eur_per_hour;
                    self.rec.cost[p] += cost;
                    self.rec.cost_interventions += cost;
                    self.rec.counted.programme_cost[p] += cost;
                }
            }
        }
        nursing_left
    }

    /// Unmet need feeds back into crisis and admission rates; residents
    /// fit again or gone leave the needy list.
    fn settle_needy(&mut self, mut touched: Vec<u32>, queue: &mut EventQueue<Event>) {
        let t = queue.now();
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
        touched.retain(|&r| {
            let res = &mut self.residents[r as usize];
            res.in_needy = res.at_home()
                && (res.functional != Functional::Fit
                    || res.episode_until > t
                    || res.nursing_client
                    || res.nursing_waiting);
            res.in_needy
        });
        self.needy = touched;
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
            let supported =
                support.is_some_and(|cs| carer_support::reaches(cs, carer.support_draw));
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
            let u = carer.rng.unit();
            if measuring && supported && carer.hours > 0.0 {
                if let Some(cs) = support {
                    let (cost, payer) = carer_support::weekly_cost(cs);
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

    /// The programmes' own weekly costs (see [`super::programmes::Cost`]).
    fn programme_costs_week(&mut self, t: f64) {
        if !self.measuring(t) {
            return;
        }
        let (residents, alive) = (&self.residents, &self.alive);
        for p in &self.programmes.list {
            let participants = || {
                alive
                    .iter()
                    .filter(|&&r| residents[r as usize].programmes & p.bit != 0)
                    .count() as f64
            };
            if let Some(cost) = p.weekly_cost(t, participants) {
                self.rec.cost[p.payer] += cost;
                self.rec.cost_interventions += cost;
                self.rec.counted.programme_cost[p.payer] += cost;
            }
        }
    }
}
