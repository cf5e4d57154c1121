//! The month's end as one pass over the residents.
//!
//! Five tallies read every resident at each month's end: who lives in the
//! district (the nursing ledger's denominator), the flows' stays in
//! progress (`flows`), the self-reliance profiles (`self_reliance`), the
//! monthly shares (`population`) and limitation and living alone by age.
//! They used to be five loops; in a region of 100,000 residents or more
//! each loop streamed the whole resident array from memory again, and the
//! month's end cost more per resident than in a district that fits the
//! CPU's cache. One loop reads each resident once. Every accumulator still
//! adds the same numbers in the same order, so the results are unchanged to
//! the last bit (`tests/pinned_results.rs`).

use super::care_state::{care_of, release_if_idle};
use super::neighbourhood::{Event, Neighbourhood, MONTH_DAYS};
use super::recorder::{gp_band, Recorder};
use super::self_reliance::{Profile, Tally};
use super::types::*;
use crate::engine::EventQueue;

/// What the month's end pass counted.
#[derive(Debug, Default)]
pub(crate) struct MonthTallies {
    /// Residents in the district: at home or in a nursing home.
    pub in_district: usize,
    /// Residents in a nursing home (for the flows' days ahead).
    pub nursing_home: f64,
    /// Window days still ahead of residents at home from their 75th
    /// birthday (for the flows' days at home 75+).
    pub home_75_ahead: f64,
    /// The snapshot's tallies: measured months only.
    pub snapshot: Option<SnapshotTallies>,
}

/// The tallies of a measured month's snapshot.
#[derive(Debug, Default)]
pub(crate) struct SnapshotTallies {
    /// Self-reliance profiles of residents 65+ at home.
    pub reliance: Tally,
    /// Of them, how many have an overall score of 4 or 5.
    pub reliant65: f64,
    /// The monthly shares' numerators and denominators.
    pub people: PeopleCounts,
    /// Limitation and living alone by age band, at home.
    pub limitation: LimitationCounts,
}

/// Numerators and denominators of the monthly shares (the residents in
/// the district are [`MonthTallies::in_district`]).
#[derive(Debug, Default)]
pub(crate) struct PeopleCounts {
    pub a75: f64,
    pub home: f64,
    /// Residents by home-help age band.
    pub by_band: [f64; 3],
    pub adults20: f64,
    pub carers20: f64,
    pub home75: f64,
    pub receivers75: f64,
    pub limited75: f64,
    pub unmet75: f64,
    pub home65: f64,
    pub members65: f64,
    pub adults: f64,
    pub lonely: f64,
    pub severe: f64,
    pub lonely75: f64,
    pub severe75: f64,
    pub lonely85: f64,
    pub severe85: f64,
    pub nh75: f64,
    pub home85: f64,
}

/// Limitation (ADL, IADL) and living alone by age band, at home.
#[derive(Debug, Default)]
pub(crate) struct LimitationCounts {
    /// [65-74, 75-84, 85+]: (at home, ADL, IADL, alone).
    pub bands: [[f64; 4]; 3],
    /// Residents 70-89 in the district, at home, and at home with a partner.
    pub all7089: f64,
    pub home7089: f64,
    pub partner7089: f64,
}

impl Neighbourhood<'_> {
    /// Count the month's end at `t` in one pass over the residents. With
    /// `giving` (which residents give care this month, by index), the
    /// snapshot's tallies too: the person-years the recorder adds up and
    /// each resident's self-reliance mask are updated on the way.
    ///
    /// The pass comes first in the month's round and queues the clock
    /// events of the coming month on the way ([`Self::move_clock_horizon`]).
    pub(crate) fn month_end_pass(
        &mut self,
        t: f64,
        giving: Option<&[bool]>,
        queue: &mut EventQueue<Event>,
    ) -> MonthTallies {
        let (end, warmup_end) = (self.end, self.warmup_end);
        // The next month's end, as `on_month` schedules it.
        let window = self.move_clock_horizon(f64::from(self.month + 1) * DAYS_PER_YEAR / 12.0);
        let mut tallies = MonthTallies {
            snapshot: giving.map(|_| SnapshotTallies::default()),
            ..MonthTallies::default()
        };
        for (k, &r) in self.alive.iter().enumerate() {
            // Ask for the resident eight places ahead: the pass reads all
            // four lines of each resident, which in a region come from
            // memory (about 3% at 120,000 residents, issue 21).
            if let Some(&ahead) = self.alive.get(k + 8) {
                self.prefetch_whole_resident(ahead);
            }
            let res = &mut self.residents[r as usize];
            let care = care_of(&self.care_states, res);
            Self::queue_held_clocks(res, r, window, queue);
            match res.living {
                Living::NursingHome => tallies.nursing_home += 1.0,
                Living::Home => {
                    // `window_days_from(t.max(turns_75(r)))`, written out.
                    let from = t.max(res.birth + 75.0 * DAYS_PER_YEAR);
                    tallies.home_75_ahead += (end - from.max(warmup_end)).max(0.0);
                }
                Living::MovedOut | Living::Deceased => {}
            }
            tallies.in_district += res.living.is_resident() as usize;
            if let (Some(snapshot), Some(giving)) = (tallies.snapshot.as_mut(), giving) {
                let age = res.age(t);
                snapshot.add_profile(res, care, age, t);
                snapshot
                    .people
                    .add(&mut self.rec, res, care, age, giving[r as usize]);
                snapshot.limitation.add(res, age);
            }
            if !res.in_needy {
                release_if_idle(res, &self.care_states, &mut self.free_care_states, t);
            }
        }
        tallies
    }
}

impl SnapshotTallies {
    /// The self-reliance profile of a resident 65+ at home, and the
    /// domains they lost or gained since the last snapshot.
    fn add_profile(&mut self, res: &mut Resident, care: &CareState, age: f64, t: f64) {
        if !res.at_home() || age < 65.0 {
            return;
        }
        let profile = Profile::of(res, care, age, t);
        // Cared for: a carer now, or one who stopped from burden in the
        // last year (so that losing one's carer does not take a resident
        // out of the group whose care it measures).
        let cared_for = care.carers.iter().any(|&c| c != NONE)
            || t - f64::from(res.carer_dropout_at) < DAYS_PER_YEAR;
        self.reliant65 += self
            .reliance
            .add(&profile, age, res.reliant_mask, cared_for) as u8 as f64;
        res.reliant_mask = profile.mask();
    }
}

impl PeopleCounts {
    /// Count one resident of `age`; `giving` when they give care. The
    /// person-years go straight to the recorder, in resident order.
    fn add(
        &mut self,
        rec: &mut Recorder,
        res: &Resident,
        care: &CareState,
        age: f64,
        giving: bool,
    ) {
        let month_years = 1.0 / 12.0;
        if !res.living.is_resident() {
            return;
        }
        rec.py_hospital_band[super::acute::band(age)] += month_years;
        if let Some(b) = super::services::home_help::band(age) {
            self.by_band[b] += 1.0;
        }
        if age >= 75.0 {
            self.a75 += 1.0;
            rec.py_75 += month_years;
            if res.at_home() {
                // Days in hospital or aftercare are not days at home.
                rec.days_home_75 += if res.away() { 0.0 } else { MONTH_DAYS };
            } else {
                self.nh75 += 1.0;
            }
        }
        if age >= 80.0 {
            rec.py_80 += month_years;
        }
        if !res.at_home() {
            return;
        }
        self.home += 1.0;
        rec.py_home[gp_band(age)] += month_years;
        if res.functional.is_limited() {
            rec.py_frail_home += month_years;
        }
        if age >= 20.0 {
            self.adults20 += 1.0;
            if giving {
                self.carers20 += 1.0;
            }
        }
        if age >= 18.0 {
            self.adults += 1.0;
            self.lonely += (res.lonely != Lonely::No) as u8 as f64;
            self.severe += (res.lonely == Lonely::Severe) as u8 as f64;
        }
        if age >= 65.0 {
            rec.py_65_home += month_years;
            self.home65 += 1.0;
            self.members65 +=
                (res.programmes & super::programmes::meeting_place::BIT != 0) as u8 as f64;
        }
        if age >= 75.0 {
            self.add_75(res, care, age);
        }
    }

    /// The shares of residents 75+ (and 85+) at home.
    fn add_75(&mut self, res: &Resident, care: &CareState, age: f64) {
        self.home75 += 1.0;
        self.receivers75 += (care.informal_hours > 0.0) as u8 as f64;
        self.limited75 += res.functional.is_limited() as u8 as f64;
        self.unmet75 += f64::from(res.unmet_hours);
        self.lonely75 += (res.lonely != Lonely::No) as u8 as f64;
        self.severe75 += (res.lonely == Lonely::Severe) as u8 as f64;
        if age >= 85.0 {
            self.home85 += 1.0;
            self.lonely85 += (res.lonely != Lonely::No) as u8 as f64;
            self.severe85 += (res.lonely == Lonely::Severe) as u8 as f64;
        }
    }
}

impl LimitationCounts {
    /// Count one resident of `age`: the CBS health survey and household
    /// statistics count private households.
    fn add(&mut self, res: &Resident, age: f64) {
        if res.living.is_resident() && (70.0..90.0).contains(&age) {
            self.all7089 += 1.0;
        }
        if !res.at_home() || age < 65.0 {
            return;
        }
        if (70.0..90.0).contains(&age) {
            self.home7089 += 1.0;
            self.partner7089 += (res.partner != NONE) as u8 as f64;
        }
        let band = &mut self.bands[if age < 75.0 {
            0
        } else if age < 85.0 {
            1
        } else {
            2
        }];
        band[0] += 1.0;
        band[1] += res.functional.adl_limited() as u8 as f64;
        band[2] += res.functional.iadl_limited() as u8 as f64;
        band[3] += (res.partner == NONE) as u8 as f64;
    }
}
