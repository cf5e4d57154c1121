//! One GP practice: its minutes of patient contact per working day, the
//! reserve for same-day urgent requests, its booking diary and its
//! practice nurse.
//!
//! Capacity is in minutes, not contacts: a consult, a telephone consult, a
//! home visit and an e-consult each take their own minutes
//! (`gp.minutes_by_mode`). A working day's minutes follow from the
//! practice's FTE and `gp.contact_hours_per_fte_week`, lowered in holiday
//! weeks and in weeks a GP is away. A routine request is booked on the
//! first working day, from the day the patient accepts, with minutes free;
//! the diary is served when the practice opens that day. The practice knows
//! nothing about residents beyond their requests.

use std::collections::VecDeque;

use super::super::super::contact::Mode;
use super::calendar::{day_of_workday, is_holiday_week, AFTERNOON, CLOSES, OPENS};
use crate::engine::rng::{hash_key, mix64, to_unit};
use crate::scenario::Scenario;

/// The FTE of an average GP (Nivel, Werkweek van de huisarts 2018: 0.75
/// FTE), to count the GPs in a practice for absence.
const FTE_PER_GP: f64 = 0.75;
/// In a week with GPs away, a locum or a neighbouring practice covers at
/// least this share of the practice's minutes. Assumption.
const ABSENCE_FLOOR: f64 = 0.25;
/// How far ahead (working days) the diary is searched for a free day:
/// longer than the longest booking horizon a scenario may set
/// (`gp.booking_horizon_workdays`, at most 60), so the horizon decides;
/// it bounds the search in an under-staffed practice.
pub const DIARY_WORKDAYS: i64 = 61;

/// A routine request: waiting in the diary, or on the morning list.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// The resident's index.
    pub resident: u32,
    /// When it was made (day).
    pub requested_at: f64,
    /// The channel it will be served by.
    pub mode: Mode,
    /// A psychosocial problem (else medical).
    pub psychosocial: bool,
    /// Drawn when the request was made: referral to welfare.
    pub u_refer: f32,
    /// Drawn when the request was made: follow-up after an e-consult.
    pub u_follow: f32,
}

/// One working day in the diary.
#[derive(Debug, Clone, Default)]
struct DayBook {
    /// Minutes for routine requests (grows at 13:00 with unused urgent minutes).
    routine: f64,
    /// Minutes booked.
    booked: f64,
    /// Requests booked on this day, served when the practice opens.
    appointments: Vec<Request>,
}

/// One practice.
#[derive(Debug, Clone)]
pub struct Practice {
    /// Its GP FTE.
    pub fte: f64,
    /// Minutes of patient contact on an ordinary working day.
    minutes_per_day: f64,
    urgent_share: f64,
    holiday_factor: f64,
    absence_week_share: f64,
    /// Minutes a contact takes, by [`Mode`] (see [`Practice::minutes`]).
    minutes: [f64; 4],
    seed: u64,
    nurse_per_week: f64,
    nurse_left: f64,
    /// Urgent minutes left today.
    urgent_left: f64,
    /// Minutes of today (for the 13:00 release).
    today_minutes: f64,
    /// Working-day number of `diary[0]`.
    first: i64,
    diary: VecDeque<DayBook>,
    /// Urgent requests made on a working night, seen when the practice opens.
    morning: Vec<Request>,
}

impl Practice {
    /// A practice of `fte` GP FTE and `nurse_per_week` practice-nurse
    /// contacts; `seed` keys its weeks of absence.
    pub fn new(s: &Scenario, fte: f64, nurse_per_week: f64, seed: u64) -> Self {
        let gp = &s.gp;
        let [consult, phone, visit] = gp.minutes_by_mode;
        let econsult = s
            .interventions
            .hybrid_care
            .as_ref()
            .map_or(consult, |h| h.econsult_slot_fraction * consult);
        Self {
            fte,
            minutes_per_day: fte * gp.contact_hours_per_fte_week * 60.0 / 5.0,
            urgent_share: gp.urgent_slot_share,
            holiday_factor: gp.holiday_capacity_factor,
            absence_week_share: gp.absence_week_share,
            minutes: [consult, phone, econsult, visit],
            seed,
            nurse_per_week,
            nurse_left: nurse_per_week,
            urgent_left: 0.0,
            today_minutes: 0.0,
            first: 0,
            diary: VecDeque::with_capacity(DIARY_WORKDAYS as usize + 1),
            morning: Vec::new(),
        }
    }

    /// Minutes a contact of this mode takes (an e-consult:
    /// `interventions.hybrid_care.econsult_slot_fraction` of a consult).
    pub fn minutes(&self, mode: Mode) -> f64 {
        self.minutes[match mode {
            Mode::FaceToFace => 0,
            Mode::Phone => 1,
            Mode::EConsult => 2,
            Mode::HomeVisit => 3,
        }]
    }

    /// Share of the practice's minutes present in the week of `day`: the
    /// GPs away that week (each absent with `gp.absence_week_share`, a
    /// keyed draw: the same weeks in every scenario) and holidays.
    pub fn week_factor(&self, day: i64) -> f64 {
        let week = day.div_euclid(7) as u64;
        let gps = (self.fte / FTE_PER_GP).round().max(1.0) as u64;
        let away = (0..gps)
            .filter(|&g| to_unit(mix64(hash_key(&[self.seed, week, g]))) < self.absence_week_share)
            .count();
        let present = (1.0 - away as f64 / gps as f64).max(ABSENCE_FLOOR);
        let holiday = if is_holiday_week(day) {
            self.holiday_factor
        } else {
            1.0
        };
        present * holiday
    }

    /// Minutes of working day `w`.
    fn day_minutes(&self, w: i64) -> f64 {
        self.minutes_per_day * self.week_factor(day_of_workday(w))
    }

    /// The diary's page for working day `w` (created as needed; `w` must not be in the past).
    fn page(&mut self, w: i64) -> &mut DayBook {
        debug_assert!(w >= self.first);
        while self.first + (self.diary.len() as i64) <= w {
            let next = self.first + self.diary.len() as i64;
            let routine = self.day_minutes(next) * (1.0 - self.urgent_share);
            self.diary.push_back(DayBook {
                routine,
                ..Default::default()
            });
        }
        &mut self.diary[(w - self.first) as usize]
    }

    /// The practice opens on working day `w`: today's urgent reserve, and
    /// the requests booked today (and urgent ones from the night) to serve.
    /// Returns the minutes of the day and the requests.
    pub fn open_day(&mut self, w: i64) -> (f64, Vec<Request>, Vec<Request>) {
        while self.first < w {
            // Past pages are empty: each is served on its own day.
            self.diary.pop_front();
            self.first += 1;
        }
        let minutes = self.day_minutes(w);
        self.today_minutes = minutes;
        self.urgent_left = minutes * self.urgent_share;
        let booked = std::mem::take(&mut self.page(w).appointments);
        (minutes, booked, std::mem::take(&mut self.morning))
    }

    /// At 13:00 the practice keeps the afternoon's share of the urgent
    /// reserve; the rest of the unused urgent minutes become bookable today.
    pub fn release_urgent(&mut self) {
        let keep = self.today_minutes * self.urgent_share * (CLOSES - AFTERNOON) / (CLOSES - OPENS);
        if self.urgent_left > keep {
            let freed = self.urgent_left - keep;
            self.urgent_left = keep;
            let today = self.first;
            self.page(today).routine += freed;
        }
    }

    /// An urgent request in office hours takes urgent minutes, else free
    /// routine minutes of today; false when neither is left.
    pub fn take_urgent(&mut self, mode: Mode) -> bool {
        let need = self.minutes(mode);
        if self.urgent_left >= need {
            self.urgent_left -= need;
            return true;
        }
        let today = self.first;
        let page = self.page(today);
        let free = page.routine - page.booked >= need;
        if free {
            page.booked += need;
        }
        free
    }

    /// An urgent request made on a working night waits for the morning.
    pub fn wait_for_morning(&mut self, request: Request) {
        self.morning.push(request);
    }

    /// The first working day from `earliest` with `need` minutes free,
    /// searched up to [`DIARY_WORKDAYS`] ahead of it.
    pub fn first_free(&mut self, earliest: i64, need: f64) -> Option<i64> {
        let start = earliest.max(self.first);
        (start..start + DIARY_WORKDAYS).find(|&w| {
            let page = self.page(w);
            page.routine - page.booked >= need
        })
    }

    /// Book `request` on working day `w` (found by [`Practice::first_free`]).
    /// With `now` the request is seen at once (today, while open) and
    /// only its minutes are booked.
    pub fn book(&mut self, w: i64, request: Request, now: bool) {
        let need = self.minutes(request.mode);
        let page = self.page(w);
        page.booked += need;
        if !now {
            page.appointments.push(request);
        }
    }

    /// Calls `f` with every resident whose request the practice holds.
    fn named_residents(&self, f: &mut dyn FnMut(u32)) {
        let booked = self.diary.iter().flat_map(|page| &page.appointments);
        self.morning
            .iter()
            .chain(booked)
            .for_each(|q| f(q.resident));
    }

    /// Requests booked and not yet seen, with the morning list.
    pub fn waiting(&self) -> usize {
        self.morning.len()
            + self
                .diary
                .iter()
                .map(|page| page.appointments.len())
                .sum::<usize>()
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
}

/// The district's practices and the share of residents on each list.
#[derive(Debug, Clone)]
pub struct Practices {
    /// The practices, each with its own list, minutes and diary.
    pub list: Vec<Practice>,
    /// Cumulative list shares (proportional to FTE), the last one 1.
    cumulative: Vec<f64>,
}

impl Practices {
    /// The practices of a scenario: `gp.practice_fte` when set, else as
    /// many practices of `gp.fte_per_practice` as the district's GP FTE
    /// fills (at least one), sharing it equally. Lists are in proportion
    /// to FTE times a load that differs between practices
    /// (`gp.list_size_spread`: some practices have more patients per FTE
    /// than others). `seed` keys the weeks GPs are away.
    pub fn new(s: &Scenario, seed: u64) -> Self {
        let capacity = s.capacity();
        let ftes = practice_ftes(s, capacity.gp_fte);
        let lists: Vec<f64> = ftes
            .iter()
            .zip(list_loads(ftes.len(), s.gp.list_size_spread))
            .map(|(fte, load)| fte * load)
            .collect();
        let (total_fte, total_list): (f64, f64) = (ftes.iter().sum(), lists.iter().sum());
        let mut cumulative = Vec::with_capacity(ftes.len());
        let mut running = 0.0;
        let list = ftes
            .iter()
            .zip(&lists)
            .enumerate()
            .map(|(i, (&fte, &size))| {
                running += size / total_list;
                cumulative.push(running);
                let nurse = capacity.practice_nurse_contacts_per_week * fte / total_fte;
                Practice::new(s, fte, nurse, hash_key(&[seed, i as u64]))
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Self { list, cumulative }
    }

    /// The practice of a resident whose fixed uniform number is `u`.
    pub fn of(&self, u: f64) -> usize {
        self.cumulative
            .partition_point(|&c| c <= u)
            .min(self.list.len() - 1)
    }

    /// Requests booked and not yet seen in every practice.
    pub fn waiting(&self) -> usize {
        self.list.iter().map(Practice::waiting).sum()
    }

    /// Calls `f` with every resident whose request a practice holds.
    pub fn named_residents(&self, f: &mut dyn FnMut(u32)) {
        self.list.iter().for_each(|p| p.named_residents(f));
    }

    /// A new week: the practice nurses' contacts are back.
    pub fn new_week(&mut self) {
        self.list.iter_mut().for_each(Practice::new_week);
    }
}

/// Patients per FTE of each of `n` practices relative to the mean: the
/// normal quantiles at (i + 0.5) / n scaled by `spread` (the coefficient
/// of variation), in alternating order so that neighbours in the list
/// differ, floored at a fifth of the mean. Deterministic: the same
/// practices in every replication.
fn list_loads(n: usize, spread: f64) -> Vec<f64> {
    let mut loads: Vec<f64> = (0..n)
        .map(|i| {
            let q = crate::stats::interval::normal_quantile((i as f64 + 0.5) / n as f64);
            (1.0 + spread * q).max(0.2)
        })
        .collect();
    // Interleave: lightest, heaviest, second lightest, ...
    let mut order = Vec::with_capacity(n);
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        order.push(loads[lo]);
        lo += 1;
        if lo < hi {
            hi -= 1;
            order.push(loads[hi]);
        }
    }
    loads = order;
    loads
}

/// Each practice's FTE: the explicit list, or equal practices of about
/// `gp.fte_per_practice`.
pub fn practice_ftes(s: &Scenario, district_fte: f64) -> Vec<f64> {
    if let Some(list) = &s.gp.practice_fte {
        return list.clone();
    }
    let n = (district_fte / s.gp.fte_per_practice).round().max(1.0);
    vec![district_fte / n; n as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A practice of 2 FTE x 20 contact hours a week (480 minutes a day),
    /// a quarter urgent, 10-minute consults, no absence or holidays.
    fn practice() -> Practice {
        let mut s = Scenario::default();
        s.gp.contact_hours_per_fte_week = 20.0;
        s.gp.urgent_slot_share = 0.25;
        s.gp.minutes_by_mode = [10.0, 5.0, 30.0];
        s.gp.absence_week_share = 0.0;
        s.gp.holiday_capacity_factor = 1.0;
        Practice::new(&s, 2.0, 2.0, 7)
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
    fn minutes_per_day_split_into_urgent_and_routine() {
        let mut p = practice();
        let (minutes, booked, morning) = p.open_day(3);
        assert_eq!(minutes, 480.0);
        assert!(booked.is_empty() && morning.is_empty());
        assert_eq!(p.urgent_left, 120.0);
        assert_eq!(p.diary[0].routine, 360.0);
    }

    #[test]
    fn urgent_minutes_released_at_one_keep_the_afternoon_share() {
        let mut p = practice();
        p.open_day(0);
        p.release_urgent();
        // 13:00-17:00 is 4 of the 9 opening hours.
        let keep = 120.0 * 4.0 / 9.0;
        assert!((p.urgent_left - keep).abs() < 1e-9);
        assert!((p.diary[0].routine - (360.0 + 120.0 - keep)).abs() < 1e-9);
    }

    #[test]
    fn urgent_requests_fall_back_on_free_routine_minutes() {
        let mut p = practice();
        p.open_day(0);
        p.urgent_left = 10.0;
        p.diary[0].booked = 350.0;
        assert!(p.take_urgent(Mode::FaceToFace) && p.urgent_left == 0.0);
        assert!(p.take_urgent(Mode::FaceToFace) && p.diary[0].booked == 360.0);
        assert!(!p.take_urgent(Mode::Phone));
    }

    #[test]
    fn bookings_fill_days_in_order_and_are_served_on_their_day() {
        let mut p = practice();
        p.open_day(0);
        // 36 consults of 10 minutes fill a day's 360 routine minutes.
        for r in 0..40 {
            let w = p.first_free(0, 10.0).unwrap();
            p.book(w, request(r, Mode::FaceToFace), false);
        }
        assert_eq!(p.waiting(), 40);
        assert_eq!(p.first_free(0, 5.0), Some(1));
        // A patient who accepts only day 3 onwards gets day 3.
        assert_eq!(p.first_free(3, 5.0), Some(3));
        let (_, today, _) = p.open_day(0);
        assert_eq!(today.len(), 36);
        let (_, tomorrow, _) = p.open_day(1);
        assert_eq!(tomorrow.len(), 4);
        assert_eq!(p.waiting(), 0);
    }

    #[test]
    fn modes_take_their_own_minutes() {
        let p = practice();
        assert_eq!(p.minutes(Mode::FaceToFace), 10.0);
        assert_eq!(p.minutes(Mode::Phone), 5.0);
        assert_eq!(p.minutes(Mode::HomeVisit), 30.0);
        assert_eq!(p.minutes(Mode::EConsult), 10.0, "no hybrid care");
        let mut s = Scenario::default();
        s.interventions.hybrid_care = Some(Default::default());
        let fraction = s
            .interventions
            .hybrid_care
            .as_ref()
            .unwrap()
            .econsult_slot_fraction;
        let h = Practice::new(&s, 1.0, 0.0, 1);
        assert_eq!(
            h.minutes(Mode::EConsult),
            fraction * s.gp.minutes_by_mode[0]
        );
    }

    #[test]
    fn weeks_lose_minutes_to_holidays_and_absence() {
        let mut p = practice();
        assert_eq!(p.week_factor(70), 1.0);
        p.holiday_factor = 0.8;
        assert_eq!(p.week_factor(7 * 30), 0.8);
        // With absence, some weeks lose a GP (of the practice's three:
        // 2 FTE / 0.75), the same weeks every time, about the share asked.
        p.holiday_factor = 1.0;
        p.absence_week_share = 0.1;
        let factors: Vec<f64> = (10..1010).map(|week| p.week_factor(7 * week)).collect();
        let lost = factors.iter().map(|f| 1.0 - f).sum::<f64>() / factors.len() as f64;
        assert!((lost - 0.1).abs() < 0.02, "{lost}");
        assert!(factors
            .iter()
            .all(|&f| f == 1.0 || (f - 2.0 / 3.0).abs() < 1e-12 || f < 0.5));
        assert_eq!(p.week_factor(700), p.week_factor(700));
    }

    #[test]
    fn practice_nurse_contacts_renew_weekly() {
        let mut p = practice();
        assert!(p.take_nurse() && p.take_nurse() && !p.take_nurse());
        p.new_week();
        assert!(p.take_nurse());
    }

    #[test]
    fn lists_follow_fte_and_default_practices_fill_the_district() {
        let mut s = Scenario::default();
        let ps = Practices::new(&s, 1);
        // 5.5 FTE in practices of about 1.5: four of 1.375.
        assert_eq!(ps.list.len(), 4);
        assert!(ps.list.iter().all(|p| (p.fte - 1.375).abs() < 1e-12));
        s.gp.practice_fte = Some(vec![1.0, 3.0]);
        s.gp.list_size_spread = 0.0;
        let ps = Practices::new(&s, 1);
        assert_eq!(
            (ps.of(0.0), ps.of(0.249), ps.of(0.25), ps.of(0.999)),
            (0, 0, 1, 1)
        );
    }

    #[test]
    fn list_loads_spread_around_one() {
        assert_eq!(list_loads(1, 0.15), vec![1.0]);
        let loads = list_loads(4, 0.15);
        let mean = loads.iter().sum::<f64>() / 4.0;
        assert!((mean - 1.0).abs() < 1e-12);
        assert!(loads[0] < 1.0 && loads[1] > 1.0, "{loads:?}");
        assert!(list_loads(6, 0.0).iter().all(|&l| l == 1.0));
    }
}
