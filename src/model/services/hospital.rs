//! The hospital pathway: a crisis ends at the out-of-hours GP service or
//! the emergency department; an emergency visit may end in a clinical
//! admission, as does a planned admission; the stay ends in death, at
//! home (perhaps with a district-nursing episode), in a short-term stay
//! (eerstelijnsverblijf), in geriatric rehabilitation or in a nursing
//! home. The rules are in `model::acute`; this file runs them as events,
//! keeps the books and pays the Zvw.
//!
//! Each stay's random numbers come from a stream keyed by the resident and
//! the stay's kind (acute or planned) and ordinal, drawn in a fixed
//! order at admission: the k-th acute (or planned)
//! admission of a resident has the same course in every scenario that
//! admits them (common random numbers).

use std::collections::BTreeMap;

use super::super::acute::{self, After, Patient, StayDraws, StayPlan, HOSPITAL_BANDS};
use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::{Event, Neighbourhood};
use super::super::programmes::Rate;
use super::super::recorder::{ratio, Recorder, ZvwLine};
use super::super::types::*;
use crate::engine::rng::Draw;
use crate::engine::EventQueue;

/// How a hospital stay ended: the columns of [`HospitalLedger::ended`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StayEnd {
    /// Discharged home.
    Home = 0,
    /// Discharged to a short-term stay.
    ShortStay,
    /// Discharged to geriatric rehabilitation.
    Rehab,
    /// Discharged to a nursing home.
    NursingHome,
    /// Died in hospital.
    Death,
    /// Left the district during the stay.
    MovedOut,
}

/// Number of [`StayEnd`] kinds.
pub const STAY_ENDS: usize = 6;

/// The books of every hospital stay of a run, warm-up included: each
/// admission ends one way or is still open at the end, and its days add
/// up per stay and per calendar year.
#[derive(Debug, Clone, Default)]
pub struct HospitalLedger {
    /// Clinical admissions.
    pub admitted: u64,
    /// Stays ended, by [`StayEnd`].
    pub ended: [u64; STAY_ENDS],
    /// Length of every ended stay, summed (days).
    pub days_of_ended_stays: f64,
    /// Days of ended stays by calendar year of the run.
    pub days_by_year: Vec<f64>,
}

impl HospitalLedger {
    /// Book a stay from `since` to `until` that ended as `how`.
    fn end(&mut self, since: f64, until: f64, how: StayEnd) {
        self.ended[how as usize] += 1;
        self.days_of_ended_stays += until - since;
        let mut from = since;
        while from < until {
            let year = (from / DAYS_PER_YEAR).floor() as usize;
            let to = until.min((year + 1) as f64 * DAYS_PER_YEAR);
            if self.days_by_year.len() <= year {
                self.days_by_year.resize(year + 1, 0.0);
            }
            self.days_by_year[year] += to - from;
            from = to;
        }
    }
}

/// A stay in progress.
#[derive(Debug, Clone, Copy)]
pub struct Active {
    /// Its course, decided at admission.
    pub plan: StayPlan,
    /// Where: hospital, short-term stay or rehabilitation.
    pub kind: Stay,
    /// Day the clinical stay started.
    pub admitted_at: f64,
    /// Day this part of the stay started.
    pub since: f64,
    /// Age at admission.
    pub age: f64,
    /// The resident's admission ordinal (checks the end event).
    pub ordinal: u16,
}

/// State and counters of the hospital pathway in one replication.
#[derive(Debug, Clone, Default)]
pub struct Hospital {
    /// Stays in progress, by resident.
    pub active: BTreeMap<u32, Active>,
    /// The books (all years).
    pub ledger: HospitalLedger,
    emergency_75: f64,
    admissions: [f64; HOSPITAL_BANDS],
    acute_admissions: f64,
    acute_frail: f64,
    /// Hospital days within the measured years (counted as nursing-home
    /// days are: the window after the start, less the window after the end).
    pub days: f64,
    los_sum_75: f64,
    los_stays_75: f64,
    short_stays: f64,
    short_stays_65: f64,
    rehab_stays: f64,
    rehab_65: f64,
    deaths_65: f64,
    deaths_in_hospital_65: f64,
}

/// The hospital's counts that the monthly flows read
/// ([`crate::model::flows`]): cumulative since the start.
#[derive(Debug, Clone, Copy)]
pub struct FlowCounts {
    /// Hospital admissions (all bands).
    pub admissions: f64,
    /// Acute hospital admissions.
    pub acute_admissions: f64,
    /// Short-term stays started.
    pub short_stays: f64,
    /// Rehabilitation stays started.
    pub rehab_stays: f64,
}

impl Hospital {
    /// The counts the monthly flows read.
    pub fn flow_counts(&self) -> FlowCounts {
        FlowCounts {
            admissions: self.admissions.iter().sum(),
            acute_admissions: self.acute_admissions,
            short_stays: self.short_stays,
            rehab_stays: self.rehab_stays,
        }
    }

    /// Report the hospital's metrics with the district's denominators.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        let py = &rec.py_hospital_band;
        let py_all: f64 = py.iter().sum();
        let py_65: f64 = py[1..].iter().sum();
        let per_1000 = |x: f64, den: f64| ratio(x * 1000.0, den);
        let admissions: f64 = self.admissions.iter().sum();
        let py_75_home = rec.py_home[5] + rec.py_home[6];
        out.set(
            Metric::EmergencyVisitsPer100075plusYear,
            per_1000(self.emergency_75, py_75_home),
        );
        out.set(
            Metric::HospitalAdmissionsPer1000Year,
            per_1000(admissions, py_all),
        );
        for (id, b) in [
            (Metric::HospitalAdmissionsPer10006574Year, 1),
            (Metric::HospitalAdmissionsPer10007584Year, 2),
            (Metric::HospitalAdmissionsPer100085plusYear, 3),
        ] {
            out.set(id, per_1000(self.admissions[b], py[b]));
        }
        out.set(
            Metric::HospitalAcuteAdmissionsFrailPer1000Year,
            per_1000(self.acute_frail, rec.py_frail_home),
        );
        out.set(Metric::HospitalDaysPer1000Year, per_1000(self.days, py_all));
        out.set(
            Metric::HospitalLengthOfStayMean75plus,
            ratio(self.los_sum_75, self.los_stays_75),
        );
        out.set(
            Metric::ShortStayAdmissionsPer100065plusYear,
            per_1000(self.short_stays_65, py_65),
        );
        out.set(
            Metric::RehabAdmissionsPer100065plusYear,
            per_1000(self.rehab_65, py_65),
        );
        out.set(
            Metric::DeathsInHospitalShare65plus,
            ratio(self.deaths_in_hospital_65, self.deaths_65),
        );
        let years = rec.measured_years().max(1.0);
        for (id, value) in [
            (Metric::LedgerHospitalAdmissionsPerYear, admissions),
            (
                Metric::LedgerAcuteHospitalAdmissionsPerYear,
                self.acute_admissions,
            ),
            (Metric::LedgerHospitalDaysPerYear, self.days),
            (Metric::LedgerShortStaysPerYear, self.short_stays),
            (Metric::LedgerRehabStaysPerYear, self.rehab_stays),
        ] {
            out.set(id, value / years);
        }
    }
}

impl Neighbourhood<'_> {
    /// A crisis: the out-of-hours GP service or the emergency department,
    /// and after an emergency visit perhaps a clinical admission.
    pub(crate) fn on_crisis(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let mut rng = self.stream(r, ResidentStream::Demand);
        let (u_ed, u_admit) = (rng.unit(), rng.unit());
        self.residents[r].last_acute = t as f32;
        let measuring = self.measuring(t);
        if measuring {
            self.rec.counted.crises += 1.0;
        }
        if u_ed >= self.s.crisis.emergency_share {
            if measuring {
                let age = self.residents[r].age(t);
                self.rec
                    .out_of_hours_contact(self.s.costs.out_of_hours_eur, age);
            }
            return;
        }
        let age = self.residents[r].age(t);
        if measuring {
            self.rec.emergency += 1.0;
            self.rec
                .pay_zvw(ZvwLine::Emergency, self.s.costs.emergency_visit_eur);
            if self.residents[r].functional.is_limited() {
                self.rec.emergency_frail += 1.0;
            }
            if age >= 75.0 {
                self.services.hospital.emergency_75 += 1.0;
            }
        }
        if u_admit < acute::admission_after_emergency(self.s, age) {
            self.admit_to_hospital(r, true, queue);
        }
    }

    /// On 1 January: draw each resident's planned admissions of the coming
    /// year (a Poisson process at the rate of their age band) and schedule
    /// them. Keyed by resident and year, so every scenario plans the same
    /// admissions; one that falls while the resident is away or gone does
    /// not take place.
    pub(crate) fn draw_planned_admissions(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let year = (t / DAYS_PER_YEAR).round() as u64;
        let until = (t + DAYS_PER_YEAR).min(self.end);
        for &r in &self.alive {
            let res = &self.residents[r as usize];
            let rate = acute::planned_rate(self.s, res.age(t)) / DAYS_PER_YEAR;
            if !res.at_home() || rate <= 0.0 {
                continue;
            }
            let mut draw = self.keyed_stream(r as usize, process::PLANNED_ADMISSION_BASE + year);
            let mut day = t + draw.exp(rate);
            while day < until {
                queue.schedule_at(day, Event::PlannedAdmission(r));
                day += draw.exp(rate);
            }
        }
    }

    /// The draws of resident `r`'s next stay of its kind (acute or
    /// planned), from that stay's own keyed stream.
    fn stay_draws(&self, r: usize, acute: bool) -> StayDraws {
        let res = &self.residents[r];
        let kind = acute as usize;
        let mut rng = self.keyed_stream(
            r,
            process::HOSPITAL_STAY_BASE + ((kind as u64) << 16) + res.stays[kind] as u64,
        );
        StayDraws {
            los_normal: rng.normal(),
            death: rng.unit(),
            decline: rng.unit(),
            nursing_home: rng.unit(),
            route: rng.unit(),
            short_stay: rng.unit(),
            next_days: rng.open_unit(),
            next_nursing_home: rng.unit(),
            outcome: rng.unit(),
            episode_weeks: rng.open_unit(),
        }
    }

    /// A clinical admission of resident `r` (acute after an emergency
    /// visit, or planned): decide its course and schedule its end.
    pub(crate) fn admit_to_hospital(
        &mut self,
        r: usize,
        acute: bool,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        let res = &self.residents[r];
        if !res.at_home() || res.away() {
            return;
        }
        let age = res.age(t);
        let partner_at_home = res.partner != NONE && !self.residents[res.partner as usize].away();
        let patient = Patient {
            age,
            state: res.functional,
            partner_at_home,
            acute,
            nursing_home_multiplier: self.multiplier(r, Rate::NursingHome),
            death_multiplier: self
                .projection
                .as_ref()
                .map_or(1.0, |p| p.mortality_factor(t)),
        };
        let plan = acute::plan_stay(self.s, patient, &self.stay_draws(r, acute));
        let limited = res.functional.is_limited();
        let res = &mut self.residents[r];
        // The end event's check: the kind in the top bit, its count below.
        let kind = acute as usize;
        let ordinal = res.stays[kind] | ((kind as u16) << 15);
        res.stays[kind] = res.stays[kind].wrapping_add(1) & 0x7fff;
        res.stay = Stay::Hospital;
        let measuring = self.measuring(t);
        let h = &mut self.services.hospital;
        h.ledger.admitted += 1;
        if measuring {
            h.admissions[acute::band(age)] += 1.0;
            if acute {
                h.acute_admissions += 1.0;
                h.acute_frail += limited as u8 as f64;
            }
        }
        h.active.insert(
            r as u32,
            Active {
                plan,
                kind: Stay::Hospital,
                admitted_at: t,
                since: t,
                age,
                ordinal,
            },
        );
        self.count_stay_days(r, Stay::Hospital, t, 1.0);
        queue.schedule_in(plan.days, Event::StayEnd(r as u32, ordinal));
        self.retime(r, queue);
    }

    /// A stay of resident `r` starts (`sign` 1) or ends (-1) at `t`: its
    /// days within the measured window and their Zvw cost gain or lose the
    /// window after `t`, and days at home 75+ the opposite.
    fn count_stay_days(&mut self, r: usize, kind: Stay, t: f64, sign: f64) {
        let days = sign * self.window_days_from(t);
        // Days away are not days at home (75+ from the 75th birthday on).
        if kind != Stay::None {
            let from_75 = t.max(self.turns_75(r));
            self.rec.counted.home_days_75 -= sign * self.window_days_from(from_75);
        }
        let costs = &self.s.costs;
        let (line, price) = match kind {
            Stay::Hospital => {
                self.services.hospital.days += days;
                (ZvwLine::Hospital, costs.hospital_day_eur)
            }
            Stay::ShortStay => (ZvwLine::ShortStay, costs.short_stay_day_eur),
            Stay::Rehab => (ZvwLine::Rehab, costs.rehab_day_eur),
            Stay::None => return,
        };
        self.rec.pay_zvw(line, days * price);
    }

    /// The end of a stay (hospital, short-term stay or rehabilitation).
    pub(crate) fn on_stay_end(&mut self, r: usize, ordinal: u16, queue: &mut EventQueue<Event>) {
        let key = r as u32;
        let Some(active) = self.services.hospital.active.get(&key).copied() else {
            return;
        };
        if active.ordinal != ordinal {
            return;
        }
        self.services.hospital.active.remove(&key);
        let t = queue.now();
        self.count_stay_days(r, active.kind, t, -1.0);
        match active.kind {
            Stay::Hospital => self.leave_hospital(r, active, queue),
            _ => self.end_aftercare(r, active, queue),
        }
    }

    /// Book the end of a clinical stay: the ledger, and the length of stay
    /// of residents 75+ when it ends in the measured years.
    fn book_hospital_end(&mut self, active: &Active, t: f64, how: StayEnd) {
        let measuring = self.measuring(t);
        let h = &mut self.services.hospital;
        h.ledger.end(active.admitted_at, t, how);
        if measuring && active.age >= 75.0 && how != StayEnd::MovedOut {
            h.los_sum_75 += t - active.admitted_at;
            h.los_stays_75 += 1.0;
        }
    }

    /// The end of a clinical stay: death, or a decline and the destination
    /// decided at admission.
    fn leave_hospital(&mut self, r: usize, active: Active, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let plan = active.plan;
        if plan.dies {
            self.book_hospital_end(&active, t, StayEnd::Death);
            // Still in hospital: `die` counts a death in hospital.
            self.die(r, queue);
            return;
        }
        if plan.declines {
            if let Some(next) = self.residents[r].functional.worse() {
                self.residents[r].functional = next;
                if next == Functional::Frail && self.measuring(t) {
                    self.rec.counted.frailty_onsets += 1.0;
                }
            }
        }
        match plan.after {
            After::NursingHome => {
                self.book_hospital_end(&active, t, StayEnd::NursingHome);
                self.residents[r].stay = Stay::None;
                self.admit_to_nursing_home(r, queue);
            }
            After::Home { episode_weeks } => {
                self.book_hospital_end(&active, t, StayEnd::Home);
                if let Some(weeks) = episode_weeks {
                    let care = self.care_mut(r);
                    care.episode_until = care.episode_until.max((t + weeks * 7.0) as f32);
                    self.services.nursing.ledger.episodes += 1;
                }
                self.return_home(r, queue);
            }
            After::ShortStay { days, .. } => {
                self.book_hospital_end(&active, t, StayEnd::ShortStay);
                self.start_aftercare(r, active, Stay::ShortStay, days, queue);
            }
            After::Rehab { days, .. } => {
                self.book_hospital_end(&active, t, StayEnd::Rehab);
                self.start_aftercare(r, active, Stay::Rehab, days, queue);
            }
        }
    }

    /// A short-term stay or rehabilitation starts straight after hospital.
    fn start_aftercare(
        &mut self,
        r: usize,
        active: Active,
        kind: Stay,
        days: f64,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        self.residents[r].stay = kind;
        if self.measuring(t) {
            let h = &mut self.services.hospital;
            let old = active.age >= 65.0;
            if kind == Stay::ShortStay {
                h.short_stays += 1.0;
                h.short_stays_65 += old as u8 as f64;
            } else {
                h.rehab_stays += 1.0;
                h.rehab_65 += old as u8 as f64;
            }
        }
        self.services.hospital.active.insert(
            r as u32,
            Active {
                kind,
                since: t,
                ..active
            },
        );
        self.count_stay_days(r, kind, t, 1.0);
        queue.schedule_in(days, Event::StayEnd(r as u32, active.ordinal));
        // A decline in hospital changes the death rate while away.
        self.retime(r, queue);
    }

    /// The end of a short-term stay or rehabilitation: a nursing home, or
    /// home (after rehabilitation perhaps one state better).
    fn end_aftercare(&mut self, r: usize, active: Active, queue: &mut EventQueue<Event>) {
        let (nursing_home, recovers) = match active.plan.after {
            After::ShortStay {
                then_nursing_home, ..
            } => (then_nursing_home, false),
            After::Rehab {
                recovers,
                then_nursing_home,
                ..
            } => (then_nursing_home, recovers),
            _ => (false, false),
        };
        self.residents[r].stay = Stay::None;
        if nursing_home {
            self.admit_to_nursing_home(r, queue);
            return;
        }
        if recovers {
            let res = &mut self.residents[r];
            res.functional = acute::rehabilitated(res.functional);
        }
        self.return_home(r, queue);
    }

    /// Back home after a stay: the care round, carers, programmes and
    /// every rate look at the resident again.
    fn return_home(&mut self, r: usize, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.residents[r].stay = Stay::None;
        self.mark_needy(r);
        if self.residents[r].functional != Functional::Fit && self.active_carers(r) == 0 {
            self.recruit_carers(r, t);
        }
        self.refresh_enrolment(r, t);
        self.retime(r, queue);
    }

    /// Resident `r` leaves home (death, nursing home, moving out) during a
    /// stay: close the stay's books.
    pub(crate) fn end_stay_on_leaving(&mut self, r: usize, living: Living, t: f64) {
        let Some(active) = self.services.hospital.active.remove(&(r as u32)) else {
            self.residents[r].stay = Stay::None;
            return;
        };
        self.count_stay_days(r, active.kind, t, -1.0);
        if active.kind == Stay::Hospital {
            let how = if living == Living::Deceased {
                StayEnd::Death
            } else {
                StayEnd::MovedOut
            };
            self.book_hospital_end(&active, t, how);
        }
        self.residents[r].stay = Stay::None;
    }

    /// A death of resident `r` at `t`, for the share of deaths in hospital.
    pub(crate) fn count_death_place(&mut self, r: usize, t: f64) {
        let res = &self.residents[r];
        if self.measuring(t) && res.age(t) >= 65.0 {
            let h = &mut self.services.hospital;
            h.deaths_65 += 1.0;
            h.deaths_in_hospital_65 += (res.stay == Stay::Hospital) as u8 as f64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stay_over_new_year_is_split_between_the_years() {
        let mut ledger = HospitalLedger::default();
        ledger.end(360.0, 370.0, StayEnd::Home);
        assert_eq!(ledger.days_by_year, vec![5.0, 5.0]);
        assert_eq!(ledger.days_of_ended_stays, 10.0);
        assert_eq!(ledger.ended[StayEnd::Home as usize], 1);
    }
}
