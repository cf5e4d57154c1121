//! Practical / ADL care: who helps whom each week. Each resident in need
//! is assessed (`assessment`); district nursing and Wmo home help give
//! what is indicated within their capacity (`services/`); informal carers
//! give the rest of the need, and step in for part of the formal care not
//! given (with respite from carer support); what nobody gives is unmet
//! need. Carers' burden rises with load above what they carry comfortably
//! and falls with rest; heavily burdened carers may stop (`carers.rs`).

use super::assessment::{home_help_indication, nursing_indication, split_need};
use super::care_state::care_of;
use super::neighbourhood::{Event, Neighbourhood};
use super::programmes::{carer_support, nurse_link, payer_index};
use super::recorder::WMO;
use super::services::nursing::CareEnd;
use super::types::*;
use crate::engine::EventQueue;

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
        mean * f64::from(res.need_spread) * age * household
    }

    /// Whether resident `r` lives with a partner at home (not away in
    /// hospital) who has no limitation of their own.
    fn partner_can_help(&self, r: usize) -> bool {
        let p = self.residents[r].partner;
        p != NONE && {
            let partner = &self.residents[p as usize];
            partner.at_home() && !partner.away() && partner.functional == Functional::Fit
        }
    }

    /// Gebruikelijke zorg: a partner at home without a limitation is
    /// expected to do the household, unless caring has overburdened them
    /// (the municipality's exception for an "overbelaste" partner) or they
    /// are past the age the municipality expects it of. A partner away for
    /// a while (hospital, short-term stay, rehabilitation) still counts:
    /// the assessment holds from intake, and a few weeks' absence is no
    /// reason for a lasting package.
    fn partner_expected_to_help(&self, r: usize, t: f64) -> bool {
        let p = self.residents[r].partner;
        p != NONE && {
            let partner = &self.residents[p as usize];
            partner.at_home()
                && partner.functional == Functional::Fit
                && !partner.burdened_carer
                && partner.age(t) < self.s.services.home_help_partner_expected_until_age
        }
    }

    /// The weekly round: care allocation, services, carer burden, welfare,
    /// meeting place and programme costs.
    pub(crate) fn on_week(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.allocate_care(t, queue);
        self.update_carers(t, queue);
        self.serve_welfare(queue);
        self.meeting_place_week(queue);
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
        // The list is in no order of memory: each loop asks for residents a
        // few places ahead (and their carers) while it handles this one,
        // which matters in a region whose residents do not fit the cache.
        for (i, &r) in touched.iter().enumerate() {
            self.prefetch_ahead(&touched, i, true);
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
        for (i, &r) in touched.iter().enumerate() {
            self.prefetch_ahead(&touched, i, true);
            self.informal_care_week(r as usize, t, measuring);
        }
        self.settle_needy(touched, queue);
    }

    /// Prefetch for the weekly round at place `i` of `list`: the resident
    /// eight places ahead and the care state of the one six places ahead
    /// (whose own lines have arrived by then); with `carers`, the partner
    /// and the carers of the one four places ahead, and whether the carers
    /// of the one two places ahead are away. Each step reads only what an
    /// earlier one fetched: a chain of loads that missed the cache would
    /// stall the round (issue 21).
    #[inline]
    fn prefetch_ahead(&self, list: &[u32], i: usize, carers: bool) {
        if let Some(&ahead) = list.get(i + 8) {
            self.prefetch_whole_resident(ahead);
        }
        if let Some(&ahead) = list.get(i + 6) {
            self.prefetch_care_state_of(ahead);
        }
        if !carers {
            return;
        }
        if let Some(&ahead) = list.get(i + 4) {
            self.prefetch_carers_of(ahead);
            self.prefetch_partner_of(ahead);
        }
        if let Some(&ahead) = list.get(i + 2) {
            self.prefetch_helpers_of(ahead);
        }
    }

    /// Assess resident `r` this week: their need, and the hours of nursing
    /// and home help indicated (kept in `personal_open` and
    /// `household_open` for the services). Returns false, with care and
    /// carers' hours cleared, when they have no need and no episode.
    fn assess(&mut self, r: usize, t: f64) -> bool {
        let res = &self.residents[r];
        if res.away() {
            // Cared for where they stay: no need at home this week; clients
            // keep their place with the services.
            self.pause_care(r);
            return false;
        }
        let episode = res.at_home() && f64::from(self.care(r).episode_until) > t;
        if !res.at_home() || (res.functional == Functional::Fit && !episode) {
            for c in self.care(r).carers {
                if c != NONE {
                    self.carers[c as usize].hours = 0.0;
                }
            }
            if res.at_home() {
                self.end_nursing(r, CareEnd::NeedEnded);
            }
            if let Some(care) = self.care_if_held(r) {
                care.need_hours = 0.0;
                care.informal_hours = 0.0;
                care.personal_open = 0.0;
                care.household_open = 0.0;
                care.home_help_client = false;
                care.home_help_hours = 0.0;
            }
            return false;
        }
        let need = self.need_hours(r, t);
        let split = split_need(&self.s.care, res.functional, need);
        let services = &self.s.services;
        // The nurse link arranges home help for followed residents who
        // would not have applied themselves.
        let applies = (res.help_seeking as f64) < services.home_help_take_up
            || self.nurse_link_does(r, |l| l.home_help_referral);
        let help = home_help_indication(
            services,
            res.functional,
            split.household,
            // The household is assessed at intake; a client keeps the
            // package until the limitation ends (no re-assessment).
            !self.care(r).home_help_client && self.partner_expected_to_help(r, t),
            applies,
        );
        let mut nursing = nursing_indication(services, res.functional, split.personal);
        if episode {
            nursing += services.nursing_episode_hours_per_week;
        }
        let care = self.care_mut(r);
        care.need_hours = need as f32;
        care.personal_open = nursing as f32;
        care.household_open = help as f32;
        true
    }

    /// Resident `r` is away (hospital, short-term stay, rehabilitation):
    /// nobody gives care at home this week.
    fn pause_care(&mut self, r: usize) {
        for c in self.care(r).carers {
            if c != NONE {
                self.carers[c as usize].hours = 0.0;
            }
        }
        if let Some(care) = self.care_if_held(r) {
            care.need_hours = 0.0;
            care.informal_hours = 0.0;
            care.personal_open = 0.0;
            care.household_open = 0.0;
            care.nursing_hours = 0.0;
            care.home_help_hours = 0.0;
        }
    }

    /// Carers give what formal care leaves of resident `r`'s need, each up
    /// to their most (with respite from carer support), and step in for
    /// part of the formal care indicated but not given; the rest, and any
    /// episode nursing not given, is unmet.
    fn informal_care_week(&mut self, r: usize, t: f64, measuring: bool) {
        let res = *self.care(r);
        if !self.residents[r].at_home() || res.need_hours <= 0.0 && res.personal_open <= 0.0 {
            if let Some(care) = self.care_if_held(r) {
                care.personal_open = 0.0;
                care.household_open = 0.0;
            }
            return;
        }
        let support = self.carer_support_now(t);
        // Episode hours are nursing only: carers cannot do wound care.
        let episode = if f64::from(res.episode_until) > t {
            self.s.services.nursing_episode_hours_per_week
        } else {
            0.0
        };
        let episode_given = f64::from(res.nursing_hours).min(episode);
        // What the assessments indicated and what the services gave: the
        // need beyond the indications is the carers' as ever; of formal
        // care indicated but not given (waiting, capacity), a partner at
        // home takes over the share `care.partner_step_in_share` and other
        // carers the share `care.carer_step_in_share`, each within what
        // they can give; the rest is unmet.
        let indicated =
            (f64::from(res.personal_open) - episode).max(0.0) + f64::from(res.household_open);
        let given = f64::from(res.nursing_hours) - episode_given + f64::from(res.home_help_hours);
        let shortfall = (indicated - given).max(0.0);
        let beyond = (f64::from(res.need_hours) - indicated).max(0.0);
        // Open hours: beyond the indications, and formal care not given.
        let mut open = Open { beyond, shortfall };
        let mut informal = 0.0;
        for c in self.care(r).carers {
            if c == NONE || !self.carers[c as usize].active {
                continue;
            }
            let helper = self.carers[c as usize].resident;
            if helper != NONE && self.residents[helper as usize].away() {
                // A carer in hospital gives no care this week.
                self.carers[c as usize].hours = 0.0;
                continue;
            }
            let supported = support.is_some_and(|cs| self.carer_supported(c as usize, cs));
            let care = &self.s.care;
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
            // What this carer would take on: the need beyond the
            // indications and their share of formal care not given.
            let mut asked = open.beyond + step_in * open.shortfall;
            if let Some(cs) = support {
                // Respite: day activities take over part of what a stretched
                // carer is asked. The hours are care the resident gets
                // (they are looked after at the day activity), so a carer
                // at the most they can give leaves less unmet.
                if supported
                    && asked.min(carer.capacity * max_load) > carer.capacity * care.comfortable_load
                {
                    let respite = cs.respite_hours_per_week.min(asked);
                    asked -= respite;
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
            let give = asked.min(carer.capacity * max_load);
            carer.hours = give;
            open.take(give);
            informal += give;
            if measuring {
                self.rec.informal_by_kind[carer.kind as usize] += give;
            }
        }
        let care = self.care_mut(r);
        care.informal_hours = informal as f32;
        care.personal_open = (open.beyond + open.shortfall + (episode - episode_given)) as f32;
        care.household_open = 0.0;
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
                    self.rec.pay_programme(p, cost);
                }
            }
        }
        nursing_left
    }

    /// Unmet need feeds back into crisis and admission rates; residents
    /// fit again or gone leave the needy list.
    fn settle_needy(&mut self, mut touched: Vec<u32>, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        for (i, &r) in touched.iter().enumerate() {
            self.prefetch_ahead(&touched, i, false);
            let r = r as usize;
            let care = self.care(r);
            let unmet = if self.residents[r].at_home() {
                care.personal_open + care.household_open
            } else {
                0.0
            };
            let res = &mut self.residents[r];
            if (unmet - res.unmet_hours).abs() > 0.25 || (unmet == 0.0) != (res.unmet_hours == 0.0)
            {
                res.unmet_hours = unmet;
                self.retime(r, queue);
            }
        }
        let mut leaving = Vec::new();
        let (residents, states) = (&mut self.residents, &self.care_states);
        touched.retain(|&r| {
            let res = &mut residents[r as usize];
            let care = care_of(states, res);
            res.in_needy = res.at_home()
                && (res.functional != Functional::Fit
                    || f64::from(care.episode_until) > t
                    || care.nursing_client
                    || care.nursing_waiting);
            if !res.in_needy {
                leaving.push(r);
            }
            res.in_needy
        });
        self.needy = touched;
        // Their care state goes back to the table once it holds nothing
        // (`model::care_state`).
        for r in leaving {
            self.release_idle_care(r as usize, t);
        }
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
                self.rec.pay_programme(p.payer, cost);
            }
        }
    }
}
