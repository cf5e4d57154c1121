//! The GP practice: daily capacity, same-day urgent slots, a FIFO queue of
//! routine requests with waiting times, the practice nurse, e-consults, and
//! spill to out-of-hours care when the wait is too long.

use std::collections::VecDeque;

use super::neighbourhood::{Event, Neighbourhood};
use super::programmes::HYBRID_CARE;
use super::recorder::{gp_band, ZVW};
use crate::engine::rng::Draw;
use crate::engine::EventQueue;

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

/// How a contact took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Consult in the practice or at home.
    FaceToFace,
    /// Telephone.
    Phone,
    /// E-consult (asynchronous).
    EConsult,
}

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

/// State of the practice.
#[derive(Debug, Clone)]
pub struct GpPractice {
    queue: VecDeque<Request>,
    /// Slots the queue holds (e-consults count for a fraction).
    queued_slots: f64,
    capacity_per_day: f64,
    urgent_left: f64,
    routine_left: f64,
    /// Practice-nurse contacts left this week.
    pub nurse_left: f64,
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

impl GpPractice {
    /// Requests still waiting.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }

    /// An empty practice.
    pub fn new(gp: &crate::scenario::GpPractice) -> Self {
        Self {
            queue: VecDeque::with_capacity(1024),
            queued_slots: 0.0,
            capacity_per_day: gp.fte * gp.slots_per_fte_per_day,
            urgent_left: 0.0,
            routine_left: 0.0,
            nurse_left: gp.practice_nurse_contacts_per_week,
        }
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
        let measuring = self.measuring(t);
        self.rec.ledger.requests += 1;
        if urgent {
            let out_of_hours =
                !is_workday(t) || u_route < self.s.crisis.out_of_hours_share_of_urgent;
            if !out_of_hours && self.gp.urgent_left >= 1.0 {
                self.gp.urgent_left -= 1.0;
                self.gp_contact(r, Mode::FaceToFace, psychosocial, t, u_refer);
            } else if !out_of_hours && self.gp.routine_left >= 1.0 {
                self.gp.routine_left -= 1.0;
                self.gp_contact(r, Mode::FaceToFace, psychosocial, t, u_refer);
            } else {
                if out_of_hours {
                    self.rec.ledger.urgent_out_of_hours += 1;
                } else {
                    self.rec.ledger.spilled += 1;
                }
                if measuring {
                    if !out_of_hours {
                        self.rec.spilled += 1.0;
                    }
                    self.rec.out_of_hours_contact(self.s.costs.out_of_hours_eur);
                }
            }
            return;
        }
        let res = &self.residents[r];
        let age = res.age(t);
        // Practice nurse for older people takes part of the frail elderly's requests.
        if age >= 75.0
            && res.functional.is_limited()
            && u_route < gp.practice_nurse_share_frail_75plus
            && self.gp.nurse_left >= 1.0
        {
            self.gp.nurse_left -= 1.0;
            self.rec.ledger.served += 1;
            self.rec.ledger.practice_nurse += 1;
            self.residents[r].last_contact_year = (t / super::types::DAYS_PER_YEAR) as i32;
            if measuring {
                self.rec.gp_contact(gp_band(age));
                self.rec.practice_nurse += 1.0;
                self.rec.cost[ZVW] += self.s.costs.practice_nurse_contact_eur;
                if psychosocial {
                    self.rec.gp_psychosocial += 1.0;
                }
            }
            if psychosocial && (u_refer as f64) < gp.welfare_referral_share {
                self.welfare_request(r);
            }
            return;
        }
        // Without hybrid care the number picks telephone (below
        // `phone_share`) or face to face: that is the channel an e-consult
        // replaces. With it, the lowest `econsult_share` of each channel's
        // interval becomes an e-consult, so e-consults replace telephone
        // and face-to-face consults in proportion to how common each is
        // (with common random numbers: the other requests keep their channel).
        let usual = if u_mode < gp.phone_share {
            Mode::Phone
        } else {
            Mode::FaceToFace
        };
        let econsult = match (
            &self.s.interventions.hybrid_care,
            res.programmes & HYBRID_CARE != 0,
        ) {
            (Some(h), true) => match usual {
                Mode::Phone => u_mode < gp.phone_share * h.econsult_share,
                _ => u_mode - gp.phone_share < (1.0 - gp.phone_share) * h.econsult_share,
            },
            _ => false,
        };
        let mode = if econsult { Mode::EConsult } else { usual };
        if econsult && measuring {
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

    /// Queue or serve a routine request, or spill it when the wait is too long.
    fn routine_request(&mut self, request: Request, u_spill: f64, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let mode = request.mode;
        let gp = &self.s.gp;
        let routine_per_day = self.gp.capacity_per_day * (1.0 - gp.urgent_slot_share);
        let expected_wait = if routine_per_day > 0.0 {
            self.gp.queued_slots / routine_per_day
        } else {
            f64::INFINITY
        };
        if expected_wait > HARD_SPILL_WORKDAYS
            || (expected_wait > gp.spill_wait_workdays && u_spill < gp.spill_share)
        {
            self.rec.ledger.spilled += 1;
            if self.measuring(t) {
                self.rec.spilled += 1.0;
                self.rec.out_of_hours_contact(self.s.costs.out_of_hours_eur);
            }
            return;
        }
        let cost = self.slot_cost(mode);
        if self.gp.queue.is_empty() && GpPractice::open_now(t) && self.gp.routine_left >= cost {
            self.gp.routine_left -= cost;
            self.serve_routine(request, t, queue);
        } else {
            self.gp.queued_slots += cost;
            self.gp.queue.push_back(request);
        }
    }

    fn slot_cost(&self, mode: Mode) -> f64 {
        match (mode, &self.s.interventions.hybrid_care) {
            (Mode::EConsult, Some(h)) => h.econsult_slot_fraction,
            _ => 1.0,
        }
    }

    /// The practice opens: serve the queue in order with today's routine slots.
    pub(crate) fn on_gp_day(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let capacity = self.gp.capacity_per_day;
        if self.measuring(t) {
            self.rec.slots_available += capacity;
        }
        self.gp.urgent_left = capacity * self.s.gp.urgent_slot_share;
        self.gp.routine_left = capacity - self.gp.urgent_left;
        self.serve_queue(t, queue);
        queue.schedule_at(t - OPENS + AFTERNOON, Event::GpAfternoon);
        queue.schedule_at(GpPractice::next_opening(t), Event::GpDay);
    }

    /// At 13:00 the practice keeps the afternoon's share of the urgent
    /// reserve and gives the rest of the unused urgent slots to the queue.
    pub(crate) fn on_gp_afternoon(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let keep = self.gp.capacity_per_day * self.s.gp.urgent_slot_share * (CLOSES - AFTERNOON)
            / (CLOSES - OPENS);
        if self.gp.urgent_left > keep {
            self.gp.routine_left += self.gp.urgent_left - keep;
            self.gp.urgent_left = keep;
        }
        self.serve_queue(t, queue);
    }

    /// Serve waiting requests in order while routine slots last.
    fn serve_queue(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        while let Some(front) = self.gp.queue.front().copied() {
            let cost = self.slot_cost(front.mode);
            if self.gp.routine_left < cost {
                break;
            }
            self.gp.queue.pop_front();
            self.gp.queued_slots -= cost;
            // A resident who left home in the meantime no longer needs the slot.
            if self.residents[front.resident as usize].at_home() {
                self.gp.routine_left -= cost;
                self.serve_routine(front, t, queue);
            } else {
                self.rec.ledger.abandoned += 1;
            }
        }
        if self.gp.queue.is_empty() {
            self.gp.queued_slots = 0.0;
        }
    }

    /// A routine request gets its consult (or e-consult answer).
    fn serve_routine(&mut self, req: Request, t: f64, queue: &mut EventQueue<Event>) {
        let r = req.resident as usize;
        if self.measuring(t) {
            self.rec
                .routine_wait(t - req.requested_at, workdays_between(req.requested_at, t));
        }
        self.gp_contact(r, req.mode, req.psychosocial, t, req.u_refer);
        if req.mode == Mode::EConsult {
            // Evidence: many e-consults need a consult or a call after all.
            let (f2f, phone) = match &self.s.interventions.hybrid_care {
                Some(h) => (h.face_to_face_follow_up_share, h.phone_follow_up_share),
                None => (0.0, 0.0),
            };
            let u = req.u_follow as f64;
            let follow = if u < f2f {
                Some(Mode::FaceToFace)
            } else if u < f2f + phone {
                Some(Mode::Phone)
            } else {
                None
            };
            if let Some(mode) = follow {
                if mode == Mode::FaceToFace && self.measuring(t) {
                    self.rec.counted.econsult_follow_up_face_to_face += 1.0;
                }
                let cost = self.slot_cost(mode);
                self.rec.ledger.requests += 1;
                self.gp.queued_slots += cost;
                self.gp.queue.push_back(Request {
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
        let _ = queue;
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
        self.rec.ledger.served += 1;
        match mode {
            Mode::FaceToFace => self.rec.ledger.face_to_face += 1,
            Mode::Phone => self.rec.ledger.phone += 1,
            Mode::EConsult => self.rec.ledger.econsult += 1,
        }
        self.residents[r].last_contact_year = (t / super::types::DAYS_PER_YEAR) as i32;
        if psychosocial && (u_refer as f64) < self.s.gp.welfare_referral_share {
            self.welfare_request(r);
        }
        if !self.measuring(t) {
            return;
        }
        self.rec.gp_contact(gp_band(age));
        self.rec.slots_used += self.slot_cost(mode);
        let costs = &self.s.costs;
        match mode {
            Mode::FaceToFace => {
                self.rec.gp_face_to_face += 1.0;
                self.rec.counted.face_to_face += 1.0;
                self.rec.cost[ZVW] += costs.gp_consult_eur;
            }
            Mode::Phone => {
                self.rec.gp_phone += 1.0;
                self.rec.cost[ZVW] += costs.gp_phone_eur;
            }
            Mode::EConsult => {
                self.rec.gp_econsults += 1.0;
                self.rec.cost[ZVW] += costs.gp_phone_eur;
            }
        }
        if psychosocial {
            self.rec.gp_psychosocial += 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_and_opening() {
        assert!(is_workday(0.5) && is_workday(4.9) && !is_workday(5.1) && !is_workday(6.0));
        // Friday 10:00 -> Monday 08:00.
        assert!((GpPractice::next_opening(4.0 + 10.0 / 24.0) - (7.0 + OPENS)).abs() < 1e-12);
        // Monday 07:00 -> Monday 08:00.
        assert!((GpPractice::next_opening(7.0 / 24.0) - OPENS).abs() < 1e-12);
        // Request Monday, seen Thursday: 3 working days; Friday to Monday: 1.
        assert_eq!(workdays_between(0.5, 3.5), 3);
        assert_eq!(workdays_between(4.5, 7.4), 1);
        assert_eq!(workdays_between(2.2, 2.9), 0);
    }
}
