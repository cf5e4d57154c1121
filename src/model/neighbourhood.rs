//! The neighbourhood as one model on the kernel: state, events, and the
//! rate-driven processes of each resident (demand, health, loneliness).
//! Services (`services/`) and programmes (`programmes/`) keep their own
//! state and rules; this module dispatches events to them.

use super::programmes::{carer_support, meeting_place, nurse_link, Programmes, Rate};
use super::recorder::{gp_band, Recorder};
use super::services::gp::calendar::season;
use super::services::ServiceState;
use super::types::*;
use crate::engine::rng::{hash_key, CounterStream, Draw, KeyPrefix, Stream, StreamKey};
use crate::engine::{EventQueue, Model};
use crate::scenario::Scenario;

/// A "long" nursing-home stay: over four years (reference inputs: about
/// 25% of residents stay that long).
const LONG_STAY_DAYS: f64 = 4.0 * DAYS_PER_YEAR;

/// Events of the neighbourhood model; small and `Copy` for the heap.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// A resident's next problem or crisis (resident, version).
    Demand(u32, u32),
    /// A resident's next health change (resident, version).
    Health(u32, u32),
    /// A resident's next loneliness change (resident, version).
    Social(u32, u32),
    /// A follow-up contact of an episode (resident, psychosocial?).
    FollowUp(u32, bool),
    /// The GP practice opens for a working day.
    GpDay,
    /// Early afternoon: unused urgent slots are released to the queue.
    GpAfternoon,
    /// Weekly: care allocation, carer burden, welfare, meeting place.
    Week,
    /// End of a month: snapshot; every twelfth, the yearly update.
    Month,
    /// A programme starts: re-evaluate who takes part.
    ProgrammeStart,
    /// Re-read a resident's rates (a time-limited effect ends).
    Retime(u32),
    /// A stay away ends: hospital, short-term stay or rehabilitation
    /// (resident, admission ordinal).
    StayEnd(u32, u16),
    /// A planned hospital admission (drawn on 1 January).
    PlannedAdmission(u32),
}

impl Event {
    /// The resident the event is for, if any.
    #[inline]
    pub(crate) fn resident(&self) -> Option<u32> {
        match *self {
            Event::Demand(r, _)
            | Event::Health(r, _)
            | Event::Social(r, _)
            | Event::FollowUp(r, _)
            | Event::Retime(r)
            | Event::StayEnd(r, _)
            | Event::PlannedAdmission(r) => Some(r),
            Event::GpDay
            | Event::GpAfternoon
            | Event::Week
            | Event::Month
            | Event::ProgrammeStart => None,
        }
    }
}

/// Kind of problem a demand event turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandKind {
    /// Medical problem episode.
    Medical,
    /// Psychosocial problem.
    Psychosocial,
    /// Crisis.
    Crisis,
    /// A medical problem out of season: the thinning of the winter peak's
    /// rate kept none.
    None,
}

/// The district and everything in it during one replication.
pub struct Neighbourhood<'s> {
    pub(crate) s: &'s Scenario,
    pub(crate) master: u64,
    pub(crate) replication: u64,
    /// (master, replication) hashed once, for the many keyed streams.
    pub(crate) keys: KeyPrefix,
    pub(crate) residents: Vec<Resident>,
    /// Indices of residents in the district (home or nursing home); may
    /// contain some who left since the last compaction.
    pub(crate) alive: Vec<u32>,
    pub(crate) carers: Vec<Carer>,
    pub(crate) free_carers: Vec<u32>,
    /// Care states of residents who need or get care or have carers
    /// (`model::care_state`), and the free ones among them.
    pub(crate) care_states: Vec<CareState>,
    pub(crate) free_care_states: Vec<u32>,
    /// Places of residents who left that newcomers may take, lowest last
    /// (`model::places`).
    pub(crate) free_places: Vec<u32>,
    pub(crate) programmes: Programmes,
    /// Life table, age structure and migration schedule (solved once).
    pub(crate) demography: super::demography::Demography,
    /// The ageing forward, when the scenario projects (solved once).
    pub(crate) projection: Option<super::projection::Projection>,
    pub(crate) services: ServiceState,
    pub(crate) rec: Recorder,
    /// District-level stream: meeting-place visits only.
    pub(crate) visits_rng: Stream,
    pub(crate) warmup_end: f64,
    pub(crate) end: f64,
    /// Clock events due after this time (the next month's end) are not
    /// put in the queue when their clock is set: the month's end queues
    /// those due in the coming month ([`Neighbourhood::move_clock_horizon`]).
    /// Most health and loneliness clocks run years ahead and are reset
    /// many times before they fire; queued at once, each reset left a dead
    /// entry in the calendar until its day came (issue 21: a third of the
    /// calendar's memory, and one event in seven). A month rather than a
    /// year keeps the calendar to about a month of clock events.
    pub(crate) clock_horizon: f64,
    pub(crate) month: u32,
    pub(crate) carer_support_start: f64,
    /// Scratch: which residents have a heavy care role this week.
    pub(crate) heavy_scratch: Vec<bool>,
    /// Residents flagged as heavily burdened carers (and a spare buffer).
    pub(crate) burdened: Vec<u32>,
    pub(crate) burdened_next: Vec<u32>,
    /// Residents who may need practical care (not fit, at home), for the weekly round.
    pub(crate) needy: Vec<u32>,
    /// Heavily burdened carers of residents at this month's snapshot.
    pub(crate) heavy_of_residents: f64,
}

/// Days in a model month.
pub const MONTH_DAYS: f64 = DAYS_PER_YEAR / 12.0;

impl<'s> Neighbourhood<'s> {
    /// Build the district at time zero and schedule its first events.
    pub fn new(s: &'s Scenario, replication: u64, queue: &mut EventQueue<Event>) -> Self {
        let warmup_end = s.run.warmup_years as f64 * DAYS_PER_YEAR;
        let end = warmup_end + s.run.years as f64 * DAYS_PER_YEAR;
        let master = s.run.seed;
        let visits_rng = StreamKey {
            master,
            replication,
            entity: u64::MAX,
            process: 0,
        }
        .stream();
        let carer_support_start = carer_support::start_day(s, warmup_end);
        let demography = super::demography::Demography::solve(s);
        let projection = super::projection::Projection::solve(s, &demography);
        let mut n = Self {
            s,
            master,
            replication,
            keys: KeyPrefix::new(master, replication),
            residents: Vec::with_capacity(s.population.residents as usize * 5 / 4),
            alive: Vec::with_capacity(s.population.residents as usize * 5 / 4),
            carers: Vec::new(),
            free_carers: Vec::new(),
            free_places: Vec::new(),
            care_states: Vec::new(),
            free_care_states: Vec::new(),
            programmes: Programmes::compile(s, warmup_end),
            demography,
            projection,
            services: ServiceState::new(s, hash_key(&[master, replication, u64::MAX - 1])),
            rec: Recorder::new(s.run.years as usize * 12)
                .with_informal_price(s.costs.informal_care_eur_per_hour),
            visits_rng,
            warmup_end,
            end,
            // The first month's end.
            clock_horizon: MONTH_DAYS,
            month: 0,
            carer_support_start,
            heavy_scratch: Vec::new(),
            burdened: Vec::new(),
            burdened_next: Vec::new(),
            needy: Vec::new(),
            heavy_of_residents: 0.0,
        };
        n.populate(queue);
        n.record_january(0.0);
        n.draw_nursing_episodes(0.0);
        n.draw_planned_admissions(queue);
        Self::schedule_first_gp_day(0.0, queue);
        queue.schedule_at(7.0, Event::Week);
        queue.schedule_at(MONTH_DAYS, Event::Month);
        let starts: Vec<f64> = n.programmes.list.iter().map(|p| p.start_day).collect();
        for start in starts.into_iter().chain([carer_support_start]) {
            if start.is_finite() && start < end {
                queue.schedule_at(start, Event::ProgrammeStart);
            }
        }
        n
    }

    /// Whether events at time `t` are counted.
    #[inline]
    pub(crate) fn measuring(&self, t: f64) -> bool {
        t >= self.warmup_end
    }

    /// Days of the measured window that lie after `from` (zero when `from`
    /// is at or after its end). Day counts of the shift ledger add this at
    /// the start of a stay and take it off again at its end, so they count
    /// the stay's overlap with the window without an event per day.
    #[inline]
    pub(crate) fn window_days_from(&self, from: f64) -> f64 {
        (self.end - from.max(self.warmup_end)).max(0.0)
    }

    /// A nursing-home stay starts (`sign` = 1) or ends (`sign` = -1) at `t`:
    /// the shift ledger's nursing-home days and the Wlz cost (those days x
    /// the day price) gain or lose the window days after `t`.
    #[inline]
    pub(crate) fn count_nursing_home_stay(&mut self, t: f64, sign: f64) {
        let days = sign * self.window_days_from(t);
        self.rec.counted.nursing_home_days += days;
        self.rec.cost[super::recorder::WLZ] += days * self.s.costs.nursing_home_eur_per_day;
    }

    /// Whether a nursing-home stay that starts at `t` can be followed for
    /// [`LONG_STAY_DAYS`] inside the measured years.
    #[inline]
    fn long_stay_observable(&self, t: f64) -> bool {
        t >= self.warmup_end && t + LONG_STAY_DAYS <= self.end
    }

    /// The day resident `r` turns 75.
    #[inline]
    pub(crate) fn turns_75(&self, r: usize) -> f64 {
        self.residents[r].birth + 75.0 * DAYS_PER_YEAR
    }

    /// Whether the carer-support programme runs at time `t`.
    #[inline]
    pub(crate) fn carer_support_active(&self, t: f64) -> bool {
        t >= self.carer_support_start
    }

    #[inline]
    pub(crate) fn multiplier(&self, r: usize, rate: Rate) -> f64 {
        self.programmes
            .multiplier(self.residents[r].programmes, rate)
    }

    // ----- rates -------------------------------------------------------

    /// Demand components per year: (medical, psychosocial, crisis). None
    /// while away from home. Planned hospital admissions are drawn once a
    /// year (`services::hospital`), so that a programme that changes these
    /// rates does not move them (common random numbers).
    pub(crate) fn demand_rates(&self, r: usize, t: f64) -> (f64, f64, f64) {
        let res = &self.residents[r];
        if !res.at_home() || res.away() {
            return (0.0, 0.0, 0.0);
        }
        let gp = &self.s.gp;
        let age = res.age(t);
        let state = res.functional as usize;
        let state_mult = if state == 0 {
            1.0
        } else {
            gp.episode_multiplier_by_state[state - 1]
        };
        let carer_mult = if res.burdened_carer {
            gp.burdened_carer_multiplier
        } else {
            1.0
        };
        // The winter peak's rate: `on_demand` keeps a medical problem with
        // the season's share of it (thinning), so demand follows the season.
        let medical = gp.episode_rate_by_age[gp_band(age)]
            * (1.0 + gp.winter_demand_amplitude)
            * state_mult
            * f64::from(res.propensity)
            * carer_mult
            * self.multiplier(r, Rate::GpMedical);
        let psychosocial = if age >= 18.0 {
            gp.psychosocial_rate_by_loneliness[res.lonely as usize]
                * f64::from(res.propensity)
                * carer_mult
                * self.multiplier(r, Rate::GpPsychosocial)
        } else {
            0.0
        };
        let crisis = super::acute::acute_rate(
            self.s,
            age,
            res.functional,
            res.living_alone(t),
            f64::from(res.unmet_hours),
            (
                self.multiplier(r, Rate::Crisis),
                self.multiplier(r, Rate::Falls),
            ),
        );
        (medical, psychosocial, crisis)
    }

    /// Health components per year: (death, decline, recovery, admission):
    /// the base rates (`health`) with programme effects, unmet need and a
    /// recent carer drop-out.
    pub(crate) fn health_rates(&self, r: usize, t: f64) -> (f64, f64, f64, f64) {
        let res = &self.residents[r];
        let mut base = super::health::base_rates(self.s, res.age(t), res.functional, res.living);
        if let Some(projection) = &self.projection {
            base.death *= projection.mortality_factor(t);
        }
        if res.living != Living::Home || res.away() {
            return (base.death, 0.0, 0.0, 0.0);
        }
        let decline = base.decline * self.multiplier(r, Rate::FrailtyProgression);
        let recovery = base.recovery * self.multiplier(r, Rate::FrailtyRecovery);
        let admission = if base.admission > 0.0 {
            let nh = &self.s.nursing_home;
            let dropout = if t - f64::from(res.carer_dropout_at) < DAYS_PER_YEAR {
                nh.carer_dropout_multiplier
            } else {
                1.0
            };
            base.admission
                * (1.0 + nh.unmet_need_multiplier_per_hour * f64::from(res.unmet_hours))
                * dropout
                * self.multiplier(r, Rate::NursingHome)
        } else {
            0.0
        };
        (base.death, decline, recovery, admission)
    }

    /// Loneliness components per year: (worse, better).
    pub(crate) fn social_rates(&self, r: usize, t: f64) -> (f64, f64) {
        let res = &self.residents[r];
        let age = res.age(t);
        if !res.at_home() || age < 18.0 {
            return (0.0, 0.0);
        }
        let l = &self.s.loneliness;
        let mut risk = 1.0;
        if res.living_alone(t) {
            risk *= l.living_alone_multiplier;
        }
        if res.functional.is_limited() {
            risk *= l.frailty_multiplier;
        }
        let onset = self.multiplier(r, Rate::LonelinessOnset);
        let recovery = self.multiplier(r, Rate::LonelinessRecovery);
        match res.lonely {
            Lonely::No => {
                let age_mult = if age >= 85.0 {
                    l.age_multiplier_75_84_85plus[1]
                } else if age >= 75.0 {
                    l.age_multiplier_75_84_85plus[0]
                } else {
                    1.0
                };
                (l.onset_rate * risk * age_mult * onset, 0.0)
            }
            Lonely::Moderate => (l.worsening_rate * risk * onset, l.recovery_rate * recovery),
            Lonely::Severe => (0.0, l.severe_recovery_rate * recovery),
        }
    }

    // ----- clocks ------------------------------------------------------

    /// Bring all three clocks of resident `r` in line with current rates.
    pub(crate) fn retime(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let limit = self.clock_limit();
        let (m, p, c) = self.demand_rates(r, t);
        let (d, dec, rec, adm) = self.health_rates(r, t);
        let (w, b) = self.social_rates(r, t);
        // A stream's seed is hashed only when its clock needs a fresh draw
        // (most re-timings rescale or change nothing).
        let (keys, key) = (self.keys, self.residents[r].key);
        let seed = |which: ResidentStream| move || keys.seed(key, which.process());
        let res = &mut self.residents[r];
        let ri = r as u32;
        let demand = (m + p + c) / DAYS_PER_YEAR;
        if let Some(v) = rescale(&mut res.demand, demand, t, seed(ResidentStream::Demand)) {
            schedule_clock(queue, res.demand.due, limit, Event::Demand(ri, v));
        }
        let health = (d + dec + rec + adm) / DAYS_PER_YEAR;
        if let Some(v) = rescale(&mut res.health, health, t, seed(ResidentStream::Health)) {
            schedule_clock(queue, res.health.due, limit, Event::Health(ri, v));
        }
        let social = (w + b) / DAYS_PER_YEAR;
        if let Some(v) = rescale(&mut res.social, social, t, seed(ResidentStream::Social)) {
            schedule_clock(queue, res.social.due, limit, Event::Social(ri, v));
        }
    }

    /// Draw a fresh waiting time for a clock that just fired.
    /// `seed` is the seed of the clock's stream, which stands at `clock.drawn`.
    fn rearm(clock: &mut Clock, rate_per_year: f64, t: f64, seed: u64) -> Option<u32> {
        clock.version = clock.version.wrapping_add(1);
        clock.rate = rate_per_year / DAYS_PER_YEAR;
        clock.due = t + CounterStream::new(seed, &mut clock.drawn).exp(clock.rate);
        clock.due.is_finite().then_some(clock.version)
    }

    // ----- event handlers ----------------------------------------------

    fn on_demand(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let limit = self.clock_limit();
        let (m, p, c) = self.demand_rates(r, t);
        // The demand stream's seed, hashed once for this event's own draws.
        let seed = self.stream_seed(r, ResidentStream::Demand);
        let drawn = &mut self.residents[r].demand.drawn;
        let pick = CounterStream::new(seed, drawn).unit() * (m + p + c);
        let problem = if pick < m {
            // Always drawn for a medical pick (common random numbers).
            let u_season = CounterStream::new(seed, &mut self.residents[r].demand.drawn).unit();
            let amplitude = self.s.gp.winter_demand_amplitude;
            if u_season * (1.0 + amplitude) < season(t, amplitude) {
                DemandKind::Medical
            } else {
                DemandKind::None
            }
        } else if pick < m + p {
            DemandKind::Psychosocial
        } else {
            DemandKind::Crisis
        };
        match problem {
            DemandKind::Medical | DemandKind::Psychosocial => self.on_problem(r, problem, queue),
            DemandKind::Crisis => self.on_crisis(r, queue),
            DemandKind::None => {}
        }
        // The resident may be in hospital or a nursing home: re-read the rates.
        let (m, p, c) = self.demand_rates(r, t);
        let res = &mut self.residents[r];
        if let Some(v) = Self::rearm(&mut res.demand, m + p + c, t, seed) {
            schedule_clock(queue, res.demand.due, limit, Event::Demand(r as u32, v));
        }
    }

    fn on_problem(&mut self, r: usize, problem: DemandKind, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let mut rng = self.stream(r, ResidentStream::Demand);
        // Always draw the same numbers, whatever the route: common random numbers.
        let (u_divert, u_urgent, u_follow, u_follow_gap) =
            (rng.unit(), rng.unit(), rng.unit(), rng.open_unit());
        let psychosocial = problem == DemandKind::Psychosocial;
        let measuring = self.measuring(t);
        if psychosocial && measuring {
            self.rec.counted.psychosocial_problems += 1.0;
        }
        if psychosocial {
            self.residents[r].problem_since = t as f32;
        }
        if psychosocial
            && u_divert < self.programmes.diversion(self.residents[r].programmes)
            && self.divert(r, t, measuring)
        {
            return;
        }
        let gp = &self.s.gp;
        let band = gp_band(self.residents[r].age(t));
        let urgent =
            !psychosocial && u_urgent < gp.urgent_share * gp.urgent_multiplier_by_age[band];
        self.gp_request(r, psychosocial, urgent, queue);
        if u_follow < self.s.gp.follow_up_probability {
            let gap = -u_follow_gap.ln() * self.s.gp.follow_up_days;
            queue.schedule_in(gap, Event::FollowUp(r as u32, psychosocial));
        }
    }

    /// Divert resident `r`'s psychosocial problem from the GP: members get
    /// help at the meeting place, others go to a welfare worker. False when
    /// that queue is full: the problem goes to the GP after all (counted,
    /// never dropped).
    fn divert(&mut self, r: usize, t: f64, measuring: bool) -> bool {
        let member = self.residents[r].programmes & meeting_place::BIT != 0;
        let taken = if member {
            self.services.meeting_place.request(r as u32, t)
        } else {
            self.welfare_request(r, t)
        };
        if !taken {
            self.services.gp_count.ledger.back_to_gp += 1;
            if measuring {
                self.rec.counted.back_to_gp += 1.0;
            }
            return false;
        }
        let count = &mut self.services.gp_count;
        count.ledger.requests += 1;
        count.ledger.diverted += 1;
        if measuring {
            count.diverted += 1.0;
        }
        if member {
            count.ledger.to_meeting_place += 1;
            if measuring {
                self.rec.counted.to_meeting_place += 1.0;
            }
        } else {
            count.ledger.to_welfare += 1;
            if measuring {
                self.rec.counted.to_welfare += 1.0;
            }
        }
        true
    }

    fn on_follow_up(&mut self, r: usize, psychosocial: bool, queue: &mut EventQueue<Event>) {
        if !self.residents[r].at_home() {
            return;
        }
        let mut rng = self.stream(r, ResidentStream::Demand);
        let (u_follow, u_gap) = (rng.unit(), rng.open_unit());
        self.gp_request(r, psychosocial, false, queue);
        if u_follow < self.s.gp.follow_up_probability {
            queue.schedule_in(
                -u_gap.ln() * self.s.gp.follow_up_days,
                Event::FollowUp(r as u32, psychosocial),
            );
        }
    }

    fn on_health(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let limit = self.clock_limit();
        let (d, dec, rec, adm) = self.health_rates(r, t);
        let pick = self.stream(r, ResidentStream::Health).unit() * (d + dec + rec + adm);
        if pick < d {
            self.die(r, queue);
        } else if pick < d + dec {
            let next = self.residents[r]
                .functional
                .worse()
                .expect("decline rate is zero when care-dependent");
            self.residents[r].functional = next;
            if next == Functional::Frail && self.measuring(t) {
                self.rec.counted.frailty_onsets += 1.0;
            }
            self.mark_needy(r);
            if next == Functional::PreFrail || self.active_carers(r) == 0 {
                self.recruit_carers(r, t);
            }
            self.refresh_enrolment(r, t);
        } else if pick < d + dec + rec {
            self.residents[r].functional = super::health::better(self.residents[r].functional);
            self.refresh_enrolment(r, t);
        } else {
            self.admit_to_nursing_home(r, queue);
        }
        let (d, dec, rec, adm) = self.health_rates(r, t);
        let seed = self.stream_seed(r, ResidentStream::Health);
        let res = &mut self.residents[r];
        if let Some(v) = Self::rearm(&mut res.health, d + dec + rec + adm, t, seed) {
            schedule_clock(queue, res.health.due, limit, Event::Health(r as u32, v));
        }
        // Other processes depend on the functional state and living situation.
        self.retime_demand_social(r, queue);
    }

    fn on_social(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let limit = self.clock_limit();
        let (w, b) = self.social_rates(r, t);
        let pick = self.stream(r, ResidentStream::Social).unit() * (w + b);
        let res = &mut self.residents[r];
        let before = res.lonely;
        res.lonely = match (res.lonely, pick < w) {
            (Lonely::No, _) => Lonely::Moderate,
            (Lonely::Moderate, true) => Lonely::Severe,
            (Lonely::Moderate, false) => Lonely::No,
            (Lonely::Severe, _) => Lonely::Moderate,
        };
        if t >= self.warmup_end {
            match (before, res.lonely) {
                (Lonely::No, _) => self.rec.counted.loneliness_onsets += 1.0,
                (Lonely::Moderate, Lonely::Severe) => {
                    self.rec.counted.severe_loneliness_onsets += 1.0
                }
                _ => {}
            }
        }
        self.refresh_enrolment(r, t);
        let (w, b) = self.social_rates(r, t);
        let seed = self.stream_seed(r, ResidentStream::Social);
        let res = &mut self.residents[r];
        if let Some(v) = Self::rearm(&mut res.social, w + b, t, seed) {
            schedule_clock(queue, res.social.due, limit, Event::Social(r as u32, v));
        }
        self.retime(r, queue);
    }

    /// Re-time demand and loneliness after a health change (health itself was just rearmed).
    pub(crate) fn retime_demand_social(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        self.retime(r, queue);
    }

    // ----- leaving home ------------------------------------------------

    pub(crate) fn admit_to_nursing_home(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        if !self.residents[r].at_home() {
            return;
        }
        // Stored in f32: the observability below and at death (`die`) are
        // both decided on the stored day, so they always agree.
        let admitted_at = t as f32;
        self.residents[r].admitted_at = admitted_at;
        if self.long_stay_observable(f64::from(admitted_at)) {
            // Counted as a long stay until a death within four years says otherwise.
            self.rec.stays_observed += 1.0;
            self.rec.stays_over_4y += 1.0;
        }
        if self.measuring(t) {
            self.rec.counted.admissions += 1.0;
            self.rec.admission_age_sum += self.residents[r].age(t);
            if self.residents[r].age(t) >= 65.0 {
                self.rec.admissions_65plus += 1.0;
                self.rec.month_admissions_65 += 1.0;
            }
        }
        self.leave_home(r, Living::NursingHome, queue);
    }

    pub(crate) fn die(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let res = &self.residents[r];
        if res.living == Living::NursingHome
            && self.long_stay_observable(f64::from(res.admitted_at))
            && t - f64::from(res.admitted_at) <= LONG_STAY_DAYS
        {
            self.rec.stays_over_4y -= 1.0;
        }
        if self.measuring(t) {
            self.rec.deaths += 1.0;
            if self.residents[r].age(t) >= 80.0 {
                self.rec.deaths_80plus += 1.0;
            }
        }
        self.count_death_place(r, t);
        self.leave_home(r, Living::Deceased, queue);
    }

    /// Leave home (nursing home, death, moving out): end care relations,
    /// the partnership at home, programme participation and services.
    pub(crate) fn leave_home(&mut self, r: usize, living: Living, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.end_stay_on_leaving(r, living, t);
        // Day counts of the shift ledger: the stay that ends gives back the
        // window days after now; a nursing-home stay that starts takes them.
        match self.residents[r].living {
            Living::Home => {
                self.rec.counted.home_days_75 -= self.window_days_from(t.max(self.turns_75(r)))
            }
            Living::NursingHome => self.count_nursing_home_stay(t, -1.0),
            Living::MovedOut | Living::Deceased => {}
        }
        if living == Living::NursingHome {
            self.count_nursing_home_stay(t, 1.0);
        }
        let was_home = self.residents[r].at_home();
        self.residents[r].living = living;
        if was_home {
            let partner = self.residents[r].partner;
            if partner != NONE {
                self.residents[r].partner = NONE;
                let p = partner as usize;
                if self.residents[p].partner == r as u32 {
                    self.residents[p].partner = NONE;
                    // Now living alone: target groups and loneliness risk change.
                    self.refresh_enrolment(p, queue.now());
                    self.retime(p, queue);
                }
            }
            self.end_care_relations(r, queue);
            self.end_nursing(r, Self::care_end_for(living));
            let res = &mut self.residents[r];
            res.programmes = 0;
            res.unmet_hours = 0.0;
            if let Some(care) = self.care_if_held(r) {
                care.home_help_client = false;
                care.home_help_hours = 0.0;
                care.episode_until = f32::NEG_INFINITY;
                care.need_hours = 0.0;
                care.informal_hours = 0.0;
            }
        }
        self.retime(r, queue);
    }

    /// Re-evaluate which programmes resident `r` takes part in.
    pub(crate) fn refresh_enrolment(&mut self, r: usize, t: f64) -> bool {
        let res = &self.residents[r];
        let mut mask = 0u16;
        for p in self.programmes.list.iter() {
            if t >= p.start_day
                && p.target.contains(res, t)
                && self.uptake_draw(r, p.uptake_key) < p.uptake
            {
                mask |= p.bit;
            }
        }
        let changed = mask != self.residents[r].programmes;
        self.residents[r].programmes = mask;
        changed
    }

    /// The resident's fixed uniform number for a programme: the same in
    /// every scenario (keyed by the programme, not its position in the
    /// list), so a higher uptake only adds participants.
    pub(crate) fn uptake_draw(&self, r: usize, programme_key: u64) -> f64 {
        self.keyed_uniform(r, process::UPTAKE_BASE ^ programme_key)
    }

    /// A one-off uniform number for resident `r` and a decision.
    pub(crate) fn keyed_uniform(&self, r: usize, decision: u64) -> f64 {
        self.keys.uniform(self.residents[r].key, decision)
    }

    /// The latest time a clock's event goes into the queue when the clock
    /// is set: the run's end or the next month's end, whichever is first.
    #[inline]
    pub(crate) fn clock_limit(&self) -> f64 {
        self.end.min(self.clock_horizon)
    }

    /// At the month's end (before anything else in it): move the horizon
    /// to the next month's end at `next_round`, and return the window
    /// (previous horizon, new limit] whose held-back clocks the month's end
    /// pass queues ([`Self::queue_held_clocks`]). Every clock set since the
    /// last round was set with that round as its horizon, so a clock due
    /// after it has no event in the queue, and its version is the current one.
    pub(crate) fn move_clock_horizon(&mut self, next_round: f64) -> (f64, f64) {
        let from = self.clock_horizon;
        self.clock_horizon = next_round;
        (from, self.clock_limit())
    }

    /// Queue resident `r`'s clocks that fall in `window` (see
    /// [`Self::move_clock_horizon`]).
    #[inline]
    pub(crate) fn queue_held_clocks(
        res: &Resident,
        r: u32,
        (from, limit): (f64, f64),
        queue: &mut EventQueue<Event>,
    ) {
        let held = |due: f64| due > from && due <= limit;
        if held(res.demand.due) {
            queue.schedule_at(res.demand.due, Event::Demand(r, res.demand.version));
        }
        if held(res.health.due) {
            queue.schedule_at(res.health.due, Event::Health(r, res.health.version));
        }
        if held(res.social.due) {
            queue.schedule_at(res.social.due, Event::Social(r, res.social.version));
        }
    }

    /// The seed of resident `r`'s long-lived stream `which`.
    #[inline]
    pub(crate) fn stream_seed(&self, r: usize, which: ResidentStream) -> u64 {
        self.keys.seed(self.residents[r].key, which.process())
    }

    /// Resident `r`'s long-lived stream `which`, where it stands (it
    /// advances as numbers are drawn).
    #[inline]
    pub(crate) fn stream(&mut self, r: usize, which: ResidentStream) -> CounterStream<'_> {
        let res = &mut self.residents[r];
        self.keys
            .counted(res.key, which.process(), res.drawn_mut(which))
    }

    /// A stream of its own for resident `r` and a process (a year's
    /// draws, one hospital stay): the same numbers in every scenario.
    pub(crate) fn keyed_stream(&self, r: usize, process: u64) -> crate::engine::rng::Stream {
        self.keys.stream(self.residents[r].key, process)
    }

    /// Whether resident `r` is followed by the district-nurse link.
    #[inline]
    pub(crate) fn followed_by_nurse(&self, r: usize) -> bool {
        self.residents[r].programmes & nurse_link::BIT != 0
    }

    /// Whether the district-nurse link's mechanism `on` (read from its
    /// table) acts for resident `r`: they are followed and it is switched on.
    #[inline]
    pub(crate) fn nurse_link_does(
        &self,
        r: usize,
        on: impl Fn(&crate::scenario::DistrictNurseLink) -> bool,
    ) -> bool {
        self.followed_by_nurse(r)
            && self
                .s
                .interventions
                .district_nurse_link
                .as_ref()
                .is_some_and(on)
    }
}

/// Put a clock's event in the queue when it is due by `limit`: the end of
/// the run or the next yearly round ([`Neighbourhood::clock_limit`]). Most
/// residents' health clocks lie years or decades ahead; a later event waits
/// for the yearly round, or never enters the queue. The clock itself keeps
/// its due time for rescaling.
#[inline]
fn schedule_clock(queue: &mut EventQueue<Event>, due: f64, limit: f64, event: Event) {
    if due <= limit {
        queue.schedule_at(due, event);
    }
}

/// Rescale a clock to a new rate (per day), keeping its random draw.
/// Returns the new version when an event must be scheduled.
fn rescale(clock: &mut Clock, new_rate: f64, t: f64, seed: impl FnOnce() -> u64) -> Option<u32> {
    if new_rate == clock.rate && (clock.due.is_finite() || new_rate == 0.0) {
        return None;
    }
    clock.version = clock.version.wrapping_add(1);
    if new_rate <= 0.0 {
        clock.rate = 0.0;
        clock.due = f64::INFINITY;
        return None;
    }
    clock.due = if clock.rate > 0.0 && clock.due.is_finite() {
        t + (clock.due - t) * clock.rate / new_rate
    } else {
        t + CounterStream::new(seed(), &mut clock.drawn).exp(new_rate)
    };
    clock.rate = new_rate;
    Some(clock.version)
}

/// Ask the memory for the cache line at `p` (x86-64; elsewhere nothing).
#[inline(always)]
fn prefetch_line<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults and reads nothing
    // into the program: any address is allowed.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Neighbourhood<'_> {
    /// Fetch every cache line of resident `r`, for the weekly round, which
    /// walks its list of residents in need ahead of time (see
    /// `care::allocate_care`).
    #[inline]
    pub(crate) fn prefetch_whole_resident(&self, r: u32) {
        self.prefetch_resident_lines(r, std::mem::size_of::<Resident>().div_ceil(64));
    }

    /// Fetch the first `lines` cache lines of resident `r`.
    #[inline]
    fn prefetch_resident_lines(&self, r: u32, lines: usize) {
        if let Some(res) = self.residents.get(r as usize) {
            let p = (res as *const Resident).cast::<u8>();
            for line in 0..lines {
                prefetch_line(p.wrapping_add(64 * line));
            }
        }
    }

    /// Fetch the hot lines of resident `r`'s partner (whose own lines should
    /// have arrived by now): the care round reads their age and state.
    #[inline]
    pub(crate) fn prefetch_partner_of(&self, r: u32) {
        if let Some(res) = self.residents.get(r as usize) {
            if res.partner != NONE {
                self.prefetch_resident_lines(res.partner, 2);
            }
        }
    }

    /// Fetch the line of each of resident `r`'s carers who live in the
    /// district that says whether they are away (the care relations should
    /// have arrived by now).
    #[inline]
    pub(crate) fn prefetch_helpers_of(&self, r: u32) {
        if (r as usize) < self.residents.len() {
            for &c in &self.care(r as usize).carers {
                if let Some(helper) = self.carers.get(c as usize).map(|carer| carer.resident) {
                    if let Some(h) = self.residents.get(helper as usize) {
                        let at = std::mem::offset_of!(Resident, stay);
                        prefetch_line((h as *const Resident).cast::<u8>().wrapping_add(at));
                    }
                }
            }
        }
    }

    /// Fetch resident `r`'s care state, if they hold one (their own lines
    /// should have arrived by now).
    #[inline]
    pub(crate) fn prefetch_care_state_of(&self, r: u32) {
        if let Some(res) = self.residents.get(r as usize) {
            if let Some(state) = self.care_states.get(res.care as usize) {
                prefetch_line(state as *const CareState);
            }
        }
    }

    /// Fetch the care relations of resident `r` (whose own lines and care
    /// state should have arrived by now).
    #[inline]
    pub(crate) fn prefetch_carers_of(&self, r: u32) {
        if (r as usize) < self.residents.len() {
            for &c in &self.care(r as usize).carers {
                if let Some(carer) = self.carers.get(c as usize) {
                    prefetch_line(carer as *const Carer);
                }
            }
        }
    }

    /// Fetch the hot cache lines of resident `r`: the first two (see
    /// [`Resident`]), which hold the clocks, the streams' counters and key.
    #[inline]
    fn prefetch_resident(&self, r: u32) {
        self.prefetch_resident_lines(r, 2);
    }
}

impl Model for Neighbourhood<'_> {
    type Event = Event;

    /// The next event's resident lies anywhere in a large array: fetching it
    /// while this event is handled hides most of the memory's latency in a
    /// region of 100,000 residents or more.
    #[inline]
    fn prefetch(&self, next: &Event) {
        if let Some(r) = next.resident() {
            self.prefetch_resident(r);
        }
    }

    fn handle(&mut self, event: Event, queue: &mut EventQueue<Event>) {
        match event {
            Event::Demand(r, v) => {
                if self.residents[r as usize].demand.version == v {
                    self.on_demand(r as usize, queue);
                }
            }
            Event::Health(r, v) => {
                if self.residents[r as usize].health.version == v {
                    self.on_health(r as usize, queue);
                }
            }
            Event::Social(r, v) => {
                if self.residents[r as usize].social.version == v {
                    self.on_social(r as usize, queue);
                }
            }
            Event::FollowUp(r, psychosocial) => self.on_follow_up(r as usize, psychosocial, queue),
            Event::GpDay => self.on_gp_day(queue),
            Event::GpAfternoon => self.on_gp_afternoon(queue),
            Event::Week => self.on_week(queue),
            Event::Month => self.on_month(queue),
            Event::ProgrammeStart => self.on_programme_start(queue),
            Event::Retime(r) => self.retime(r as usize, queue),
            Event::StayEnd(r, ordinal) => self.on_stay_end(r as usize, ordinal, queue),
            Event::PlannedAdmission(r) => self.admit_to_hospital(r as usize, false, queue),
        }
    }
}
