//! The GP practice: daily capacity, same-day urgent slots released to the
//! queue at 13:00, a FIFO queue of routine requests with waiting times,
//! the practice nurse, e-consults, and spill to out-of-hours care when the
//! wait is too long.
//!
//! [`Practice`] owns the practice's view of the parameters and its slots
//! and queue, and is tested alone; [`GpCounters`] owns what the practice
//! counts and the GP metrics. The `impl Neighbourhood` block at the end is
//! the glue that routes a resident's request (it draws the routing numbers
//! and records contacts). This module knows nothing about files.

use std::collections::VecDeque;

use super::super::contact::Mode;
use super::super::metrics::{Metric, MetricValues, GP_CONTACTS_BY_BAND};
use super::super::neighbourhood::{Event, Neighbourhood};
use super::super::programmes::hybrid_care;
use super::super::recorder::{gp_band, Recorder, Share, ZvwLine, GP_BANDS};
use super::super::types::{process, Functional, DAYS_PER_YEAR};
use super::help_queue::HelpLedger;
use crate::engine::rng::Draw;
use crate::engine::EventQueue;
use crate::scenario::Scenario;

/// Opening time of the practice within a day (08:00).
const OPENS: f64 = 8.0 / 24.0;
/// Closing time (17:00).
const CLOSES: f64 = 17.0 / 24.0;
/// At 13:00 urgent slots not needed for the afternoon go to the queue.
const AFTERNOON: f64 = 13.0 / 24.0;
/// A routine request that would wait longer than this many working days
/// always goes elsewhere: a safety valve so an under-staffed practice
/// cannot build an endless queue. Assumption.
const HARD_SPILL_WORKDAYS: f64 = 20.0;

/// Bins of the waiting-time histogram (days), for the 90th percentile.
const WAIT_BIN_DAYS: f64 = 0.25;
const WAIT_BINS: usize = 480;

/// A routine request waiting for a slot.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    resident: u32,
    requested_at: f64,
    mode: Mode,
    psychosocial: bool,
    /// Drawn when the request was made: referral to welfare.
    u_refer: f32,
    /// Drawn when the request was made: follow-up after an e-consult.
    u_follow: f32,
}

/// The practice's parameters, slots and queue.
#[derive(Debug, Clone)]
pub struct Practice {
    queue: VecDeque<Request>,
    /// Slots the queue holds (e-consults count for a fraction).
    queued_slots: f64,
    capacity_per_day: f64,
    urgent_share: f64,
    spill_wait_workdays: f64,
    spill_share: f64,
    /// Slots an e-consult takes (1 without hybrid care: none are made).
    econsult_slots: f64,
    nurse_per_week: f64,
    urgent_left: f64,
    routine_left: f64,
    /// Practice-nurse contacts left this week.
    nurse_left: f64,
}

/// Whether day `d` (day 0 is a Monday) is a working day.
#[inline]
pub fn is_workday(day: f64) -> bool {
    (day.floor() as i64).rem_euclid(7) < 5
}

/// Working days in [0, day).
#[inline]
fn workdays_before(day: i64) -> i64 {
    5 * day.div_euclid(7) + day.rem_euclid(7).min(5)
}

/// Working days after the day of `from` up to and including the day of `to`.
#[inline]
pub fn workdays_between(from: f64, to: f64) -> u32 {
    let (a, b) = (from.floor() as i64, to.floor() as i64);
    (workdays_before(b + 1) - workdays_before(a + 1)).max(0) as u32
}

impl Practice {
    /// An empty practice for a scenario.
    pub fn new(s: &Scenario) -> Self {
        let gp = &s.gp;
        let nurse_per_week = s.capacity().practice_nurse_contacts_per_week;
        Self {
            queue: VecDeque::with_capacity(1024),
            queued_slots: 0.0,
            capacity_per_day: gp.fte * gp.slots_per_fte_per_day,
            urgent_share: gp.urgent_slot_share,
            spill_wait_workdays: gp.spill_wait_workdays,
            spill_share: gp.spill_share,
            econsult_slots: s
                .interventions
                .hybrid_care
                .as_ref()
                .map_or(1.0, |h| h.econsult_slot_fraction),
            nurse_per_week,
            urgent_left: 0.0,
            routine_left: 0.0,
            nurse_left: nurse_per_week,
        }
    }

    /// Requests still waiting.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }

    /// The next opening time strictly after `t`.
    pub fn next_opening(t: f64) -> f64 {
        let mut day = t.floor();
        if t >= day + OPENS {
            day += 1.0;
        }
        while !is_workday(day) {
            day += 1.0;
        }
        day + OPENS
    }

    fn open_now(t: f64) -> bool {
        let frac = t - t.floor();
        is_workday(t) && (OPENS..CLOSES).contains(&frac)
    }

    /// Slots a contact of this mode takes.
    pub fn slot_cost(&self, mode: Mode) -> f64 {
        match mode {
            Mode::EConsult => self.econsult_slots,
            _ => 1.0,
        }
    }

    /// The practice opens: today's urgent reserve and routine slots.
    /// Returns the slots available today.
    pub fn open_day(&mut self) -> f64 {
        let capacity = self.capacity_per_day;
        self.urgent_left = capacity * self.urgent_share;
        self.routine_left = capacity - self.urgent_left;
        capacity
    }

    /// At 13:00 the practice keeps the afternoon's share of the urgent
    /// reserve and gives the rest of the unused urgent slots to the queue.
    pub fn release_urgent(&mut self) {
        let keep =
            self.capacity_per_day * self.urgent_share * (CLOSES - AFTERNOON) / (CLOSES - OPENS);
        if self.urgent_left > keep {
            self.routine_left += self.urgent_left - keep;
            self.urgent_left = keep;
        }
    }

    /// An urgent request in office hours takes an urgent slot, else a
    /// routine one; false when neither is left.
    pub fn take_urgent(&mut self) -> bool {
        if self.urgent_left >= 1.0 {
            self.urgent_left -= 1.0;
            true
        } else if self.routine_left >= 1.0 {
            self.routine_left -= 1.0;
            true
        } else {
            false
        }
    }

    /// The practice nurse takes a contact when any is left this week.
    pub fn take_nurse(&mut self) -> bool {
        let free = self.nurse_left >= 1.0;
        if free {
            self.nurse_left -= 1.0;
        }
        free
    }

    /// A new week: the practice nurse's contacts are back.
    pub fn new_week(&mut self) {
        self.nurse_left = self.nurse_per_week;
    }

    /// Working days a new routine request would wait for the queue ahead.
    pub fn expected_wait(&self) -> f64 {
        let routine_per_day = self.capacity_per_day * (1.0 - self.urgent_share);
        if routine_per_day > 0.0 {
            self.queued_slots / routine_per_day
        } else {
            f64::INFINITY
        }
    }

    /// Whether a routine request goes elsewhere: always beyond the hard
    /// limit, and with probability `spill_share` (`u_spill` below it)
    /// beyond the spill wait.
    pub fn spills(&self, u_spill: f64) -> bool {
        let wait = self.expected_wait();
        wait > HARD_SPILL_WORKDAYS
            || (wait > self.spill_wait_workdays && u_spill < self.spill_share)
    }

    /// Serve a routine request at once when nobody waits, the practice is
    /// open and a slot is free.
    fn try_serve_now(&mut self, t: f64, mode: Mode) -> bool {
        let cost = self.slot_cost(mode);
        let now = self.queue.is_empty() && Self::open_now(t) && self.routine_left >= cost;
        if now {
            self.routine_left -= cost;
        }
        now
    }

    /// Put a request at the back of the queue.
    fn enqueue(&mut self, request: Request) {
        self.queued_slots += self.slot_cost(request.mode);
        self.queue.push_back(request);
    }

    /// Take the front request off the queue when today's routine slots
    /// cover it; the caller spends the slot with [`Practice::spend`] or
    /// drops the request.
    fn next_in_queue(&mut self) -> Option<Request> {
        let Some(front) = self.queue.front().copied() else {
            self.queued_slots = 0.0;
            return None;
        };
        let cost = self.slot_cost(front.mode);
        if self.routine_left < cost {
            return None;
        }
        self.queue.pop_front();
        self.queued_slots -= cost;
        Some(front)
    }

    /// Spend the routine slot(s) of a request taken off the queue.
    fn spend(&mut self, mode: Mode) {
        self.routine_left -= self.slot_cost(mode);
    }
}

/// Where every GP-practice request went, over the whole run (warm-up
/// included): the ledger identity `requests = served + diverted + spilled +
/// urgent_out_of_hours + abandoned + pending` must hold exactly, and so
/// must its two refinements: every diverted request went to exactly one
/// destination (`diverted = to_welfare + to_meeting_place`), and every
/// served request through exactly one channel (`served = face_to_face +
/// phone + econsult + practice_nurse`). At the receiving ends nothing is
/// lost either: every problem the welfare team or the meeting place took
/// (diverted there, or referred on by the GP) was helped, left or is still
/// waiting; one they could not take went to the GP (`back_to_gp`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GpLedger {
    /// Requests made (including diverted ones and e-consult follow-ups).
    pub requests: u64,
    /// Served by the GP, the practice nurse or as an e-consult.
    pub served: u64,
    /// Psychosocial requests diverted to welfare or the meeting place.
    pub diverted: u64,
    /// ...of which to a welfare worker.
    pub to_welfare: u64,
    /// ...of which to the meeting place.
    pub to_meeting_place: u64,
    /// Served face to face (consult in the practice or at home).
    pub face_to_face: u64,
    /// Served by telephone.
    pub phone: u64,
    /// Served as an e-consult.
    pub econsult: u64,
    /// Served by the practice nurse.
    pub practice_nurse: u64,
    /// Sent to out-of-hours care because the GP had no capacity or too long a wait.
    pub spilled: u64,
    /// Urgent requests outside office hours, handled by the out-of-hours service.
    pub urgent_out_of_hours: u64,
    /// Left home (admission, death, moving) while waiting.
    pub abandoned: u64,
    /// Still waiting when the run ended.
    pub pending: u64,
    /// Psychosocial problems a programme would have diverted but the
    /// welfare team or the meeting place could not take (queue full): they
    /// came to the GP as requests after all (and are counted there).
    pub back_to_gp: u64,
    /// Psychosocial problems the GP or practice nurse referred on to a
    /// welfare worker and the team's queue took.
    pub referred_to_welfare: u64,
    /// Where the problems offered to the welfare team went.
    pub welfare: HelpLedger,
    /// Where the problems offered to the meeting place went.
    pub meeting_place: HelpLedger,
}

impl GpLedger {
    /// Whether every request is accounted for.
    pub fn balances(&self) -> bool {
        self.requests
            == self.served
                + self.diverted
                + self.spilled
                + self.urgent_out_of_hours
                + self.abandoned
                + self.pending
            && self.diverted == self.to_welfare + self.to_meeting_place
            && self.served == self.face_to_face + self.phone + self.econsult + self.practice_nurse
            && self.welfare.balances()
            && self.meeting_place.balances()
            && self.welfare.taken == self.to_welfare + self.referred_to_welfare
            && self.meeting_place.taken == self.to_meeting_place
    }
}

/// What the practice counts during the measured years (the ledger: the
/// whole run).
#[derive(Debug, Clone)]
pub struct GpCounters {
    /// Where requests went, over the whole run.
    pub ledger: GpLedger,
    contacts: [f64; GP_BANDS],
    psychosocial: f64,
    econsults: f64,
    face_to_face: f64,
    phone: f64,
    practice_nurse: f64,
    /// Psychosocial requests diverted from the GP.
    pub diverted: f64,
    /// Requests spilled to out-of-hours care.
    pub spilled: f64,
    slots_used: f64,
    slots_available: f64,
    wait_sum: f64,
    wait_n: f64,
    wait_within_3: f64,
    wait_hist: Vec<u32>,
    any_contact_sum: f64,
}

impl Default for GpCounters {
    fn default() -> Self {
        Self {
            ledger: GpLedger::default(),
            contacts: [0.0; GP_BANDS],
            psychosocial: 0.0,
            econsults: 0.0,
            face_to_face: 0.0,
            phone: 0.0,
            practice_nurse: 0.0,
            diverted: 0.0,
            spilled: 0.0,
            slots_used: 0.0,
            slots_available: 0.0,
            wait_sum: 0.0,
            wait_n: 0.0,
            wait_within_3: 0.0,
            wait_hist: vec![0; WAIT_BINS + 1],
            any_contact_sum: 0.0,
        }
    }
}

impl GpCounters {
    /// A routine request seen after `wait_days` calendar days and `workdays` working days.
    fn routine_wait(&mut self, wait_days: f64, workdays: u32) {
        self.wait_sum += wait_days;
        self.wait_n += 1.0;
        if workdays <= 3 {
            self.wait_within_3 += 1.0;
        }
        let bin = ((wait_days / WAIT_BIN_DAYS) as usize).min(WAIT_BINS);
        self.wait_hist[bin] += 1;
    }

    /// Close a measured calendar year: the share of residents present all
    /// year with a contact in it.
    pub fn close_year(&mut self, any_contact_share: f64) {
        self.any_contact_sum += any_contact_share;
    }

    fn wait_p90(&self) -> f64 {
        let total: u64 = self.wait_hist.iter().map(|&c| c as u64).sum();
        if total == 0 {
            return 0.0;
        }
        let target = 0.9 * total as f64;
        let mut cumulative = 0.0;
        for (bin, &count) in self.wait_hist.iter().enumerate() {
            let next = cumulative + count as f64;
            if next >= target {
                // Interpolate within the bin.
                let within = if count > 0 {
                    (target - cumulative) / count as f64
                } else {
                    0.0
                };
                return (bin as f64 + within) * WAIT_BIN_DAYS;
            }
            cumulative = next;
        }
        WAIT_BINS as f64 * WAIT_BIN_DAYS
    }

    /// The GP practice's metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        let ratio = super::super::recorder::ratio;
        let per_1000 = |x: f64| rec.per_1000(x);
        let contacts: f64 = self.contacts.iter().sum();
        out.set(Metric::PatientsPerGpFte, rec.share(Share::PatientsPerFte));
        out.set(
            Metric::GpContactsPerResidentYear,
            ratio(contacts, rec.py_home()),
        );
        for (b, id) in GP_CONTACTS_BY_BAND.iter().enumerate() {
            out.set(*id, ratio(self.contacts[b], rec.py_home[b]));
        }
        out.set(
            Metric::GpAnyContactShare,
            ratio(self.any_contact_sum, rec.measured_years()),
        );
        for (id, count) in [
            (Metric::GpPsychosocialContactsPer1000Year, self.psychosocial),
            (Metric::GpEconsultContactsPer1000Year, self.econsults),
            (Metric::GpFaceToFaceContactsPer1000Year, self.face_to_face),
            (Metric::GpPhoneContactsPer1000Year, self.phone),
            (
                Metric::PracticeNurseContactsPer1000Year,
                self.practice_nurse,
            ),
            (Metric::GpRequestsDivertedPer1000Year, self.diverted),
            (Metric::GpRequestsSpilledPer1000Year, self.spilled),
        ] {
            out.set(id, per_1000(count));
        }
        out.set(
            Metric::GpUtilisation,
            ratio(self.slots_used, self.slots_available),
        );
        out.set(Metric::GpWaitDaysMean, ratio(self.wait_sum, self.wait_n));
        out.set(Metric::GpWaitDaysP90, self.wait_p90());
        out.set(
            Metric::GpRoutineSeenWithin3WorkdaysShare,
            ratio(self.wait_within_3, self.wait_n),
        );
    }
}

impl Neighbourhood<'_> {
    /// A resident asks the GP practice for help.
    pub(crate) fn gp_request(
        &mut self,
        r: usize,
        psychosocial: bool,
        urgent: bool,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        let gp = &self.s.gp;
        // Routing has its own stream and always takes the same five numbers,
        // whatever the route: a scenario that routes differently leaves the
        // resident's demand (when problems arise) untouched.
        let rng = &mut self.streams[r].route;
        let (u_route, u_mode, u_spill) = (rng.unit(), rng.unit(), rng.unit());
        let (u_refer, u_follow) = (rng.unit() as f32, rng.unit() as f32);
        self.services.gp_count.ledger.requests += 1;
        if urgent {
            let out_of_hours =
                !is_workday(t) || u_route < self.s.crisis.out_of_hours_share_of_urgent;
            self.urgent_request(r, psychosocial, out_of_hours, t, u_refer);
            return;
        }
        let res = &self.residents[r];
        let age = res.age(t);
        // Practice nurse for older people takes part of the frail elderly's requests.
        if age >= 75.0
            && res.functional.is_limited()
            && u_route < gp.practice_nurse_share_frail_75plus
            && self.services.gp.take_nurse()
        {
            self.practice_nurse_contact(r, psychosocial, t, u_refer);
            return;
        }
        let usual = if u_mode < gp.phone_share {
            Mode::Phone
        } else {
            Mode::FaceToFace
        };
        let econsult = match &self.s.interventions.hybrid_care {
            Some(h) if res.programmes & hybrid_care::BIT != 0 => {
                hybrid_care::econsult(h, gp.phone_share, u_mode)
            }
            _ => false,
        };
        let mode = if econsult { Mode::EConsult } else { usual };
        if econsult && self.measuring(t) {
            let c = &mut self.rec.counted;
            c.econsult_requests += 1.0;
            if usual == Mode::Phone {
                c.econsult_for_phone += 1.0;
            } else {
                c.econsult_for_face_to_face += 1.0;
            }
        }
        let request = Request {
            resident: r as u32,
            requested_at: t,
            mode,
            psychosocial,
            u_refer,
            u_follow,
        };
        self.routine_request(request, u_spill, queue);
    }

    /// An urgent request: a same-day slot in office hours, else out-of-hours care.
    fn urgent_request(&mut self, r: usize, psychosocial: bool, ooh: bool, t: f64, u_refer: f32) {
        if !ooh && self.services.gp.take_urgent() {
            self.gp_contact(r, Mode::FaceToFace, psychosocial, t, u_refer);
            return;
        }
        let ledger = &mut self.services.gp_count.ledger;
        if ooh {
            ledger.urgent_out_of_hours += 1;
        } else {
            ledger.spilled += 1;
        }
        if self.measuring(t) {
            if !ooh {
                self.services.gp_count.spilled += 1.0;
            }
            self.rec.out_of_hours_contact(self.s.costs.out_of_hours_eur);
        }
    }

    /// The practice nurse for older people sees a frail resident of 75+.
    fn practice_nurse_contact(&mut self, r: usize, psychosocial: bool, t: f64, u_refer: f32) {
        let age = self.residents[r].age(t);
        let count = &mut self.services.gp_count;
        count.ledger.served += 1;
        count.ledger.practice_nurse += 1;
        self.residents[r].last_contact_year = (t / DAYS_PER_YEAR) as i32;
        self.residents[r].contacts += 1;
        if self.measuring(t) {
            self.count_gp_contact(age);
            let count = &mut self.services.gp_count;
            count.practice_nurse += 1.0;
            self.rec
                .pay_zvw(ZvwLine::Gp, self.s.costs.practice_nurse_contact_eur);
            if psychosocial {
                count.psychosocial += 1.0;
            }
        }
        if psychosocial && (u_refer as f64) < self.s.gp.welfare_referral_share {
            self.refer_to_welfare(r);
        }
    }

    /// The GP refers a psychosocial problem on to a welfare worker; when
    /// the team's queue is full the problem stays with the GP (the
    /// contact has been given).
    fn refer_to_welfare(&mut self, r: usize) {
        if self.welfare_request(r) {
            self.services.gp_count.ledger.referred_to_welfare += 1;
        }
    }

    /// A contact of a resident of `age` in the contact counts and the month's series.
    fn count_gp_contact(&mut self, age: f64) {
        self.services.gp_count.contacts[gp_band(age)] += 1.0;
        self.rec.month_contact();
    }

    /// Queue or serve a routine request, or spill it when the wait is too long.
    fn routine_request(&mut self, request: Request, u_spill: f64, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        if self.services.gp.spills(u_spill) {
            self.services.gp_count.ledger.spilled += 1;
            if self.measuring(t) {
                self.services.gp_count.spilled += 1.0;
                self.rec.out_of_hours_contact(self.s.costs.out_of_hours_eur);
            }
            return;
        }
        if self.services.gp.try_serve_now(t, request.mode) {
            self.serve_routine(request, queue);
        } else {
            self.services.gp.enqueue(request);
        }
    }

    /// Schedule the practice's first opening after `t`; each opening
    /// schedules the next (the district never needs the calendar itself).
    pub(crate) fn schedule_first_gp_day(t: f64, queue: &mut EventQueue<Event>) {
        queue.schedule_at(Practice::next_opening(t), Event::GpDay);
    }

    /// The practice opens: serve the queue in order with today's routine slots.
    pub(crate) fn on_gp_day(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let capacity = self.services.gp.open_day();
        if self.measuring(t) {
            self.services.gp_count.slots_available += capacity;
        }
        self.serve_queue(queue);
        queue.schedule_at(t - OPENS + AFTERNOON, Event::GpAfternoon);
        queue.schedule_at(Practice::next_opening(t), Event::GpDay);
    }

    /// 13:00: unused urgent slots go to the queue.
    pub(crate) fn on_gp_afternoon(&mut self, queue: &mut EventQueue<Event>) {
        self.services.gp.release_urgent();
        self.serve_queue(queue);
    }

    /// Serve waiting requests in order while routine slots last.
    fn serve_queue(&mut self, queue: &mut EventQueue<Event>) {
        while let Some(front) = self.services.gp.next_in_queue() {
            // A resident who left home in the meantime no longer needs the slot.
            if self.residents[front.resident as usize].at_home() {
                self.services.gp.spend(front.mode);
                self.serve_routine(front, queue);
            } else {
                self.services.gp_count.ledger.abandoned += 1;
            }
        }
    }

    /// A routine request gets its consult (or e-consult answer).
    fn serve_routine(&mut self, req: Request, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let r = req.resident as usize;
        if self.measuring(t) {
            let wait = t - req.requested_at;
            self.services
                .gp_count
                .routine_wait(wait, workdays_between(req.requested_at, t));
            self.rec.month_wait(wait);
        }
        self.gp_contact(r, req.mode, req.psychosocial, t, req.u_refer);
        if !req.psychosocial {
            self.escalate_after_delay(r, &req, queue);
        }
        if req.mode != Mode::EConsult {
            return;
        }
        // Evidence: many e-consults need a consult or a call after all.
        let follow = match &self.s.interventions.hybrid_care {
            Some(h) => hybrid_care::follow_up(h, req.u_follow as f64),
            None => None,
        };
        if let Some(mode) = follow {
            if mode == Mode::FaceToFace && self.measuring(t) {
                self.rec.counted.econsult_follow_up_face_to_face += 1.0;
            }
            self.services.gp_count.ledger.requests += 1;
            self.services.gp.enqueue(Request {
                resident: r as u32,
                requested_at: t,
                mode,
                psychosocial: req.psychosocial,
                // The follow-up is not referred again and has no follow-up.
                u_refer: 1.0,
                u_follow: 1.0,
            });
        }
    }

    /// A routine medical problem of a frail or care-dependent resident seen
    /// later than the access norm may have escalated before the consult:
    /// with `gp.escalation_per_week_late` per week beyond
    /// `gp.escalation_after_workdays` it becomes an acute event (the
    /// crisis route: emergency department or out-of-hours, possibly an
    /// admission). So GP capacity matters for health and cost. The draw is
    /// keyed by resident and request time (common random numbers); it is
    /// made only for late requests, so a district where none is late is
    /// unchanged.
    fn escalate_after_delay(&mut self, r: usize, req: &Request, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let gp = &self.s.gp;
        if gp.escalation_per_week_late <= 0.0
            || self.residents[r].functional < Functional::Frail
            || !self.residents[r].at_home()
        {
            return;
        }
        let late = f64::from(workdays_between(req.requested_at, t)) - gp.escalation_after_workdays;
        if late <= 0.0 {
            return;
        }
        let p = (gp.escalation_per_week_late * late / 5.0).min(1.0);
        let u = self.keyed_uniform(r, process::ESCALATION_BASE ^ req.requested_at.to_bits());
        if u < p {
            if self.measuring(t) {
                self.rec.counted.gp_delay_escalations += 1.0;
            }
            self.on_crisis(r, queue);
        }
    }

    /// Count a GP-practice contact and its cost; psychosocial contacts may be referred on.
    pub(crate) fn gp_contact(
        &mut self,
        r: usize,
        mode: Mode,
        psychosocial: bool,
        t: f64,
        u_refer: f32,
    ) {
        let age = self.residents[r].age(t);
        let ledger = &mut self.services.gp_count.ledger;
        ledger.served += 1;
        match mode {
            Mode::FaceToFace => ledger.face_to_face += 1,
            Mode::Phone => ledger.phone += 1,
            Mode::EConsult => ledger.econsult += 1,
        }
        self.residents[r].last_contact_year = (t / DAYS_PER_YEAR) as i32;
        self.residents[r].contacts += 1;
        if psychosocial && (u_refer as f64) < self.s.gp.welfare_referral_share {
            self.refer_to_welfare(r);
        }
        if !self.measuring(t) {
            return;
        }
        self.count_gp_contact(age);
        let slots = self.services.gp.slot_cost(mode);
        let count = &mut self.services.gp_count;
        count.slots_used += slots;
        let costs = &self.s.costs;
        match mode {
            Mode::FaceToFace => {
                count.face_to_face += 1.0;
                self.rec.counted.face_to_face += 1.0;
                self.rec.pay_zvw(ZvwLine::Gp, costs.gp_consult_eur);
            }
            Mode::Phone => {
                count.phone += 1.0;
                self.rec.pay_zvw(ZvwLine::Gp, costs.gp_phone_eur);
            }
            Mode::EConsult => {
                count.econsults += 1.0;
                self.rec.pay_zvw(ZvwLine::Gp, costs.gp_phone_eur);
            }
        }
        if psychosocial {
            count.psychosocial += 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A practice of 2 FTE x 20 slots, a quarter urgent.
    fn practice() -> Practice {
        let mut s = Scenario::default();
        s.gp.fte = 2.0;
        s.gp.slots_per_fte_per_day = 20.0;
        s.gp.urgent_slot_share = 0.25;
        s.gp.spill_wait_workdays = 5.0;
        s.gp.spill_share = 0.5;
        s.gp.practice_nurse_contacts_per_week = Some(2.0);
        Practice::new(&s)
    }

    fn request(resident: u32, mode: Mode) -> Request {
        Request {
            resident,
            requested_at: 0.0,
            mode,
            psychosocial: false,
            u_refer: 1.0,
            u_follow: 1.0,
        }
    }

    #[test]
    fn working_days_and_opening() {
        assert!(is_workday(0.5) && is_workday(4.9) && !is_workday(5.1) && !is_workday(6.0));
        // Friday 10:00 -> Monday 08:00.
        assert!((Practice::next_opening(4.0 + 10.0 / 24.0) - (7.0 + OPENS)).abs() < 1e-12);
        // Monday 07:00 -> Monday 08:00.
        assert!((Practice::next_opening(7.0 / 24.0) - OPENS).abs() < 1e-12);
        // Request Monday, seen Thursday: 3 working days; Friday to Monday: 1.
        assert_eq!(workdays_between(0.5, 3.5), 3);
        assert_eq!(workdays_between(4.5, 7.4), 1);
        assert_eq!(workdays_between(2.2, 2.9), 0);
    }

    #[test]
    fn slots_per_day_split_into_urgent_and_routine() {
        let mut p = practice();
        assert_eq!(p.open_day(), 40.0);
        assert_eq!((p.urgent_left, p.routine_left), (10.0, 30.0));
        // A new day resets, whatever was used the day before.
        p.routine_left = 0.0;
        p.open_day();
        assert_eq!(p.routine_left, 30.0);
    }

    #[test]
    fn urgent_slots_released_at_one_keep_the_afternoon_share() {
        let mut p = practice();
        p.open_day();
        p.release_urgent();
        // 13:00-17:00 is 4 of the 9 opening hours.
        let keep = 10.0 * 4.0 / 9.0;
        assert!((p.urgent_left - keep).abs() < 1e-12);
        assert!((p.routine_left - (30.0 + 10.0 - keep)).abs() < 1e-12);
        // Urgent slots already used below the afternoon's share: nothing released.
        p.open_day();
        p.urgent_left = 1.0;
        p.release_urgent();
        assert_eq!((p.urgent_left, p.routine_left), (1.0, 30.0));
    }

    #[test]
    fn urgent_requests_fall_back_on_routine_slots() {
        let mut p = practice();
        p.urgent_left = 1.0;
        p.routine_left = 1.0;
        assert!(p.take_urgent() && p.urgent_left == 0.0);
        assert!(p.take_urgent() && p.routine_left == 0.0);
        assert!(!p.take_urgent());
    }

    #[test]
    fn queue_is_served_in_order_while_slots_last() {
        let mut p = practice();
        for r in 0..3 {
            p.enqueue(request(r, Mode::FaceToFace));
        }
        assert_eq!((p.waiting(), p.queued_slots), (3, 3.0));
        p.routine_left = 2.0;
        let mut served = Vec::new();
        while let Some(req) = p.next_in_queue() {
            p.spend(req.mode);
            served.push(req.resident);
        }
        assert_eq!(served, vec![0, 1]);
        assert_eq!((p.waiting(), p.queued_slots), (1, 1.0));
    }

    #[test]
    fn served_now_only_when_open_free_and_nobody_waits() {
        let mut p = practice();
        p.open_day();
        let monday_ten = 10.0 / 24.0;
        assert!(p.try_serve_now(monday_ten, Mode::Phone));
        assert!(
            !p.try_serve_now(monday_ten + 0.5, Mode::Phone),
            "closed at 22:00"
        );
        assert!(
            !p.try_serve_now(5.0 + monday_ten, Mode::Phone),
            "closed on Saturday"
        );
        p.enqueue(request(7, Mode::Phone));
        assert!(!p.try_serve_now(monday_ten, Mode::Phone), "someone waits");
    }

    #[test]
    fn spill_beyond_the_wait_limits() {
        let mut p = practice();
        assert!(!p.spills(0.0), "empty queue");
        // 30 routine slots a day: 180 queued slots is a six-day wait.
        for r in 0..180 {
            p.enqueue(request(r, Mode::FaceToFace));
        }
        assert!((p.expected_wait() - 6.0).abs() < 1e-12);
        assert!(p.spills(0.4) && !p.spills(0.6), "half spill beyond 5 days");
        for r in 0..500 {
            p.enqueue(request(r, Mode::FaceToFace));
        }
        assert!(p.spills(0.99), "always beyond 20 working days");
    }

    #[test]
    fn econsults_take_a_fraction_of_a_slot() {
        let mut s = Scenario::default();
        s.interventions.hybrid_care = Some(Default::default());
        let fraction = s
            .interventions
            .hybrid_care
            .as_ref()
            .unwrap()
            .econsult_slot_fraction;
        let p = Practice::new(&s);
        assert_eq!(p.slot_cost(Mode::EConsult), fraction);
        assert_eq!(p.slot_cost(Mode::FaceToFace), 1.0);
        assert_eq!(practice().slot_cost(Mode::EConsult), 1.0);
    }

    #[test]
    fn practice_nurse_contacts_renew_weekly() {
        let mut p = practice();
        assert!(p.take_nurse() && p.take_nurse() && !p.take_nurse());
        p.new_week();
        assert!(p.take_nurse());
    }

    #[test]
    fn wait_p90_interpolates_the_histogram() {
        let mut c = GpCounters::default();
        assert_eq!(c.wait_p90(), 0.0);
        for _ in 0..10 {
            c.routine_wait(1.0, 1);
        }
        // All in the bin [1.0, 1.25): the 90th percentile lies 90% into it.
        assert!((c.wait_p90() - (1.0 + 0.9 * WAIT_BIN_DAYS)).abs() < 1e-12);
        c.routine_wait(10.0, 8);
        assert_eq!(c.wait_within_3, 10.0);
    }

    #[test]
    fn ledger_balances_only_when_every_request_is_placed() {
        let mut l = GpLedger {
            requests: 3,
            served: 2,
            face_to_face: 1,
            phone: 1,
            spilled: 1,
            ..Default::default()
        };
        assert!(l.balances());
        l.requests += 1;
        assert!(!l.balances());
    }
}
