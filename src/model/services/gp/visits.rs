//! The practices' working day: opening (the day's minutes, the night's
//! urgent requests, the requests booked today), 13:00, and every contact
//! the practice gives — counted, paid and possibly referred on.

use super::super::super::contact::Mode;
use super::super::super::neighbourhood::{Event, Neighbourhood};
use super::super::super::programmes::hybrid_care;
use super::super::super::recorder::{gp_band, ZvwLine};
use super::super::super::types::{process, Functional, DAYS_PER_YEAR};
use super::calendar::{next_opening, workdays_before, workdays_between, AFTERNOON, OPENS};
use super::practice::Request;
use super::routing::BookingDraws;
use crate::engine::EventQueue;

impl Neighbourhood<'_> {
    /// Schedule the practices' first opening after `t`; each opening
    /// schedules the next (the district never needs the calendar itself).
    pub(crate) fn schedule_first_gp_day(t: f64, queue: &mut EventQueue<Event>) {
        queue.schedule_at(next_opening(t), Event::GpDay);
    }

    /// The practices open: each serves the urgent requests of the night
    /// and the requests booked for today.
    pub(crate) fn on_gp_day(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let today = workdays_before(t.floor() as i64);
        for p in 0..self.services.gp.list.len() {
            let (minutes, booked, morning) = self.services.gp.list[p].open_day(today);
            if self.measuring(t) {
                self.services.gp_count.slots_available += minutes;
            }
            for request in morning {
                let r = request.resident as usize;
                if !self.residents[r].at_home() {
                    self.services.gp_count.ledger.abandoned += 1;
                } else if self.services.gp.list[p].take_urgent(Mode::FaceToFace) {
                    self.gp_contact(p, request, t);
                } else {
                    self.send_out_of_hours(r, false, t);
                }
            }
            for request in booked {
                // A resident who left home in the meantime no longer needs the consult.
                if self.residents[request.resident as usize].at_home() {
                    self.serve_routine(p, request, queue);
                } else {
                    self.services.gp_count.ledger.abandoned += 1;
                }
            }
        }
        queue.schedule_at(t - OPENS + AFTERNOON, Event::GpAfternoon);
        queue.schedule_at(next_opening(t), Event::GpDay);
    }

    /// 13:00: unused urgent minutes become bookable today.
    pub(crate) fn on_gp_afternoon(&mut self, _queue: &mut EventQueue<Event>) {
        for practice in &mut self.services.gp.list {
            practice.release_urgent();
        }
    }

    /// The practice nurse for older people sees a frail resident of 75+.
    pub(super) fn practice_nurse_contact(
        &mut self,
        r: usize,
        psychosocial: bool,
        t: f64,
        u_refer: f32,
    ) {
        let age = self.residents[r].age(t);
        let count = &mut self.services.gp_count;
        count.ledger.served += 1;
        count.ledger.practice_nurse += 1;
        self.residents[r].last_contact_year = (t / DAYS_PER_YEAR) as i16;
        self.residents[r].contacts += 1;
        if self.measuring(t) {
            self.count_gp_contact(age, t);
            let count = &mut self.services.gp_count;
            count.practice_nurse += 1.0;
            self.rec
                .pay_zvw(ZvwLine::Gp, self.s.costs.practice_nurse_contact_eur);
            if psychosocial {
                count.psychosocial += 1.0;
            }
        }
        if psychosocial && (u_refer as f64) < self.s.gp.welfare_referral_share {
            self.refer_to_welfare(r, t);
        }
    }

    /// The GP refers a psychosocial problem on to a welfare worker; when
    /// the team's queue is full the problem stays with the GP (the
    /// contact has been given).
    fn refer_to_welfare(&mut self, r: usize, t: f64) {
        if self.welfare_request(r, t) {
            self.services.gp_count.ledger.referred_to_welfare += 1;
        }
    }

    /// A contact of a resident of `age` at `t` in the contact counts and
    /// the month's series.
    fn count_gp_contact(&mut self, age: f64, t: f64) {
        let count = &mut self.services.gp_count;
        count.contacts[gp_band(age)] += 1.0;
        let weekday = (t.floor() as i64).rem_euclid(7);
        if weekday < 5 {
            count.by_weekday[weekday as usize] += 1.0;
        }
        self.rec.month_contact();
    }

    /// A routine request gets its consult (or e-consult answer).
    pub(super) fn serve_routine(&mut self, p: usize, req: Request, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let r = req.resident as usize;
        let waited = workdays_between(req.requested_at, t);
        if self.measuring(t) {
            let wait = t - req.requested_at;
            self.services.gp_count.routine_wait(wait, waited);
            self.rec.month_wait(wait);
        }
        self.gp_contact(p, req, t);
        if !req.psychosocial {
            self.escalate_after_delay(r, &req, waited, queue);
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
            let follow_up = Request {
                requested_at: t,
                mode,
                // The follow-up is not referred again and has no follow-up.
                u_refer: 1.0,
                u_follow: 1.0,
                ..req
            };
            self.routine_request(p, follow_up, BookingDraws::FOLLOW_UP, queue);
        }
    }

    /// A routine medical problem of a frail or care-dependent resident seen
    /// `waited` working days after the request, later than the access
    /// norm, may have escalated before the consult: with
    /// `gp.escalation_per_week_late` per week beyond
    /// `gp.escalation_after_workdays` it becomes an acute event (the
    /// crisis route: emergency department or out-of-hours, possibly an
    /// admission). So GP capacity matters for health and cost. The draw is
    /// keyed by resident and request time (common random numbers); it is
    /// made only for late requests, so a district where none is late is
    /// unchanged.
    pub(super) fn escalate_after_delay(
        &mut self,
        r: usize,
        req: &Request,
        waited: u32,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        let gp = &self.s.gp;
        if gp.escalation_per_week_late <= 0.0
            || self.residents[r].functional < Functional::Frail
            || !self.residents[r].at_home()
        {
            return;
        }
        let late = f64::from(waited) - gp.escalation_after_workdays;
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

    /// Count a contact at practice `p` and its cost; psychosocial contacts
    /// may be referred on.
    pub(super) fn gp_contact(&mut self, p: usize, req: Request, t: f64) {
        let r = req.resident as usize;
        let age = self.residents[r].age(t);
        let ledger = &mut self.services.gp_count.ledger;
        ledger.served += 1;
        match req.mode {
            Mode::FaceToFace => ledger.face_to_face += 1,
            Mode::HomeVisit => {
                ledger.face_to_face += 1;
                ledger.home_visits += 1;
            }
            Mode::Phone => ledger.phone += 1,
            Mode::EConsult => ledger.econsult += 1,
        }
        self.residents[r].last_contact_year = (t / DAYS_PER_YEAR) as i16;
        self.residents[r].contacts += 1;
        if req.psychosocial && (req.u_refer as f64) < self.s.gp.welfare_referral_share {
            self.refer_to_welfare(r, t);
        }
        if !self.measuring(t) {
            return;
        }
        self.count_gp_contact(age, t);
        let minutes = self.services.gp.list[p].minutes(req.mode);
        let count = &mut self.services.gp_count;
        count.slots_used += minutes;
        let costs = &self.s.costs;
        let price = match req.mode {
            Mode::FaceToFace => {
                count.face_to_face += 1.0;
                self.rec.counted.face_to_face += 1.0;
                costs.gp_consult_eur
            }
            Mode::HomeVisit => {
                count.face_to_face += 1.0;
                count.home_visits += 1.0;
                self.rec.counted.face_to_face += 1.0;
                costs.gp_home_visit_eur
            }
            Mode::Phone => {
                count.phone += 1.0;
                costs.gp_phone_eur
            }
            Mode::EConsult => {
                count.econsults += 1.0;
                costs.gp_phone_eur
            }
        };
        self.rec.pay_zvw(ZvwLine::Gp, price);
        if req.psychosocial {
            count.psychosocial += 1.0;
        }
    }
}
