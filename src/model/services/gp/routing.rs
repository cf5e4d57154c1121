//! Routing a resident's request at their own practice: urgent (same day
//! in office hours, else the out-of-hours service), the practice nurse,
//! or a routine booking on a day the patient accepts — or, when the
//! practice has no free day soon enough, out-of-hours care or giving up.

use super::super::super::contact::Mode;
use super::super::super::neighbourhood::{Event, Neighbourhood};
use super::super::super::programmes::hybrid_care;
use super::super::super::self_reliance::Profile;
use super::super::super::types::{process, Functional, ResidentStream};
use super::calendar::{day_of_workday, first_workday, is_workday, open_now, workdays_between};
use super::practice::Request;
use crate::engine::rng::Draw;
use crate::engine::EventQueue;
use crate::model::care_state::care_of;

/// The numbers drawn with a routine request that decide its booking.
#[derive(Debug, Clone, Copy)]
pub(super) struct BookingDraws {
    /// Out-of-hours care or giving up when no day is free soon enough.
    pub u_spill: f64,
    /// Whether (and how much later) the patient accepts only a later day.
    pub u_later: f64,
}

impl BookingDraws {
    /// For a request the practice makes itself (an e-consult's follow-up):
    /// the first free day, never elsewhere while one is within the horizon.
    pub const FOLLOW_UP: Self = Self {
        u_spill: 1.0,
        u_later: 1.0,
    };
}

/// Where a routine request ends.
enum Booking {
    /// Seen at once (the practice is open and has minutes free today).
    Now,
    /// Booked on a working day.
    Booked,
    /// Went to the out-of-hours service.
    OutOfHours,
    /// The patient gave up.
    GaveUp,
}

impl Neighbourhood<'_> {
    /// The practice resident `r` is registered with.
    pub(crate) fn practice_of(&self, r: usize) -> usize {
        self.services
            .gp
            .of(self.keyed_uniform(r, process::PRACTICE))
    }

    /// A resident asks their GP practice for help.
    pub(crate) fn gp_request(
        &mut self,
        r: usize,
        psychosocial: bool,
        urgent: bool,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        // Routing has its own stream and always takes the same six numbers,
        // whatever the route: a scenario that routes differently leaves the
        // resident's demand (when problems arise) untouched.
        let mut rng = self.stream(r, ResidentStream::Route);
        let (u_route, u_mode, u_spill) = (rng.unit(), rng.unit(), rng.unit());
        let (u_refer, u_follow) = (rng.unit() as f32, rng.unit() as f32);
        let u_later = rng.unit();
        self.services.gp_count.ledger.requests += 1;
        let p = self.practice_of(r);
        let request = Request {
            resident: r as u32,
            requested_at: t,
            mode: Mode::FaceToFace,
            psychosocial,
            u_refer,
            u_follow,
        };
        if urgent {
            let out_of_hours =
                !is_workday(t) || u_route < self.s.crisis.out_of_hours_share_of_urgent;
            self.urgent_request(p, request, out_of_hours, queue);
            return;
        }
        let res = &self.residents[r];
        // Practice nurse for older people takes part of the frail elderly's requests.
        if res.age(t) >= 75.0
            && res.functional.is_limited()
            && u_route < self.s.gp.practice_nurse_share_frail_75plus
            && self.services.gp.list[p].take_nurse()
        {
            if self.measuring(t) {
                let count = &mut self.services.gp_count;
                count.routine_requests += 1.0;
                count.routine_wait(0.0, 0);
            }
            self.practice_nurse_contact(r, psychosocial, t, u_refer);
            return;
        }
        let mode = self.request_mode(r, u_mode, t);
        let draws = BookingDraws { u_spill, u_later };
        self.routine_request(p, Request { mode, ..request }, draws, queue);
    }

    /// The channel of a routine request: telephone or face to face by the
    /// resident's number, a home visit for frail and care-dependent
    /// residents (the highest part of the face-to-face interval), an
    /// e-consult for hybrid-care participants (the lowest part of each
    /// channel's interval).
    fn request_mode(&mut self, r: usize, u_mode: f64, t: f64) -> Mode {
        let gp = &self.s.gp;
        let res = &self.residents[r];
        let usual = if u_mode < gp.phone_share {
            Mode::Phone
        } else {
            Mode::FaceToFace
        };
        let home_share = match res.functional {
            Functional::Frail => gp.home_visit_share_by_state[0],
            Functional::CareDependent => gp.home_visit_share_by_state[1],
            _ => 0.0,
        };
        let within_face_to_face = (u_mode - gp.phone_share) / (1.0 - gp.phone_share);
        let usual = if usual == Mode::FaceToFace && within_face_to_face >= 1.0 - home_share {
            Mode::HomeVisit
        } else {
            usual
        };
        let econsult = match &self.s.interventions.hybrid_care {
            Some(h) if res.programmes & hybrid_care::BIT != 0 => {
                hybrid_care::econsult(h, gp.phone_share, u_mode)
            }
            _ => false,
        };
        if !econsult {
            return usual;
        }
        if self.measuring(t) {
            let c = &mut self.rec.counted;
            c.econsult_requests += 1.0;
            if usual == Mode::Phone {
                c.econsult_for_phone += 1.0;
            } else {
                c.econsult_for_face_to_face += 1.0;
            }
        }
        Mode::EConsult
    }

    /// An urgent request: a same-day consult in office hours (on a working
    /// night, the next morning), else out-of-hours care.
    fn urgent_request(
        &mut self,
        p: usize,
        request: Request,
        out_of_hours: bool,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        if !out_of_hours && !open_now(t) {
            self.services.gp.list[p].wait_for_morning(request);
            return;
        }
        if !out_of_hours && self.services.gp.list[p].take_urgent(Mode::FaceToFace) {
            self.gp_contact(p, request, t);
            return;
        }
        self.send_out_of_hours(request.resident as usize, out_of_hours, t);
    }

    /// An urgent request that finds no minutes left, or arises out of
    /// hours, or a routine one that goes elsewhere: the out-of-hours service.
    pub(super) fn send_out_of_hours(&mut self, r: usize, out_of_hours: bool, t: f64) {
        let ledger = &mut self.services.gp_count.ledger;
        if out_of_hours {
            ledger.urgent_out_of_hours += 1;
        } else {
            ledger.spilled += 1;
        }
        if self.measuring(t) {
            if !out_of_hours {
                self.services.gp_count.spilled += 1.0;
            }
            let age = self.residents[r].age(t);
            self.rec
                .out_of_hours_contact(self.s.costs.out_of_hours_eur, age);
        }
    }

    /// Book a routine request, serve it at once, or send it elsewhere.
    pub(super) fn routine_request(
        &mut self,
        p: usize,
        request: Request,
        draws: BookingDraws,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        let r = request.resident as usize;
        if self.measuring(t) {
            self.services.gp_count.routine_requests += 1.0;
        }
        match self.booking(p, &request, draws) {
            Booking::Now => self.serve_routine(p, request, queue),
            Booking::Booked => {}
            Booking::OutOfHours => self.send_out_of_hours(r, false, t),
            Booking::GaveUp => self.give_up(r, &request, queue),
        }
    }

    /// Where a routine request goes: the first working day with minutes
    /// free from the day the patient accepts; when that is more than
    /// `gp.spill_wait_workdays` beyond it, the patient may go to
    /// out-of-hours care or give up (by self-reliance), and beyond the
    /// booking horizon nobody books.
    fn booking(&mut self, p: usize, request: &Request, draws: BookingDraws) -> Booking {
        let gp = &self.s.gp;
        let t = request.requested_at;
        let first = first_workday(t);
        let earliest = if draws.u_later < gp.later_day_share {
            first + 1 + (4.0 * draws.u_later / gp.later_day_share) as i64
        } else {
            first
        };
        let practice = &mut self.services.gp.list[p];
        let found = practice.first_free(earliest, practice.minutes(request.mode));
        let beyond = found.map_or(f64::INFINITY, |w| (w - earliest) as f64);
        if beyond > gp.spill_wait_workdays {
            let res = &self.residents[request.resident as usize];
            let care = care_of(&self.care_states, res);
            let score = Profile::of(res, care, res.age(t), t).for_own_health() as usize;
            let give_up = gp.give_up_share_by_self_reliance[score - 1];
            if draws.u_spill < gp.spill_share {
                return Booking::OutOfHours;
            }
            if draws.u_spill < gp.spill_share + give_up {
                return Booking::GaveUp;
            }
        }
        match found {
            Some(w) if beyond <= gp.booking_horizon_workdays => {
                if w == first && earliest == first && open_now(t) {
                    practice.book(w, *request, true);
                    Booking::Now
                } else {
                    practice.book(w, *request, false);
                    Booking::Booked
                }
            }
            _ => Booking::OutOfHours,
        }
    }

    /// The patient gives up on a routine request. A medical problem of a
    /// frail or care-dependent resident left untreated may escalate, as if
    /// it had waited the whole booking horizon.
    fn give_up(&mut self, r: usize, request: &Request, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.services.gp_count.ledger.gave_up += 1;
        if self.measuring(t) {
            self.services.gp_count.gave_up += 1.0;
        }
        if !request.psychosocial {
            let horizon_day =
                day_of_workday(first_workday(t) + self.s.gp.booking_horizon_workdays as i64);
            let waited = workdays_between(t, horizon_day as f64);
            self.escalate_after_delay(r, request, waited, queue);
        }
    }
}
