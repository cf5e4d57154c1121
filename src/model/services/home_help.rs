//! Wmo home help (hulp bij het huishouden): the municipality's standard
//! package for residents assessed eligible (`model::assessment`), within
//! the team's weekly hours, and a waiting list in order of arrival when
//! they run short. Owns the waiting list, the users per half-year by age
//! (the CBS Wmo monitor's definition) and the home-help metrics.

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::recorder::{ratio, Recorder, Share, WMO};
use super::super::types::{DAYS_PER_YEAR, NONE};

/// Age bands of the Wmo monitor: 65-74, 75-84, 85+.
const BANDS: usize = 3;

/// Home help's waiting list and users per half-year.
#[derive(Debug, Clone, Default)]
pub struct HomeHelp {
    /// Residents waiting, in order of arrival.
    pub waiting: Vec<u32>,
    /// Waiting times of admissions in the measured years.
    pub waits: super::waits::Waits,
    /// Users in the current half-year by band.
    users_now: [f64; BANDS],
    /// Users summed over the measured half-years, by band.
    users_sum: [f64; BANDS],
    /// Residents of each band (home and nursing home) at the monthly
    /// snapshots, summed over measured months, divided by six: the mean
    /// population of a half-year, summed over half-years.
    residents_sum: [f64; BANDS],
}

/// The Wmo monitor's band of `age`, if 65+.
pub fn band(age: f64) -> Option<usize> {
    match age {
        a if a < 65.0 => None,
        a if a < 75.0 => Some(0),
        a if a < 85.0 => Some(1),
        _ => Some(2),
    }
}

/// Whether a waiting resident with `open` hours fits in `hours_left`; if
/// so, the hours are taken.
pub fn fits(hours_left: &mut f64, open: f64) -> bool {
    let fits = *hours_left >= open;
    if fits {
        *hours_left -= open;
    }
    fits
}

impl HomeHelp {
    /// One monthly snapshot's residents by band (home and nursing home).
    pub fn count_residents(&mut self, by_band: [f64; BANDS]) {
        for (sum, n) in self.residents_sum.iter_mut().zip(by_band) {
            *sum += n / 6.0;
        }
    }

    /// Close a half-year: its users count when measured.
    pub fn close_half_year(&mut self, measured: bool) {
        if measured {
            for (sum, n) in self.users_sum.iter_mut().zip(self.users_now) {
                *sum += n;
            }
        }
        self.users_now = [0.0; BANDS];
    }

    /// The home-help metrics: users during a half-year over all residents
    /// of the band.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        let share = |b: usize| ratio(self.users_sum[b], self.residents_sum[b]);
        out.set(Metric::HomeHelpUsersShare6574, share(0));
        out.set(Metric::HomeHelpUsersShare7584, share(1));
        out.set(Metric::HomeHelpUsersShare85plus, share(2));
        out.set(
            Metric::HomeHelpWaitingClients,
            rec.share(Share::HomeHelpWaiting),
        );
        out.set(Metric::HomeHelpWaitingWeeksMean, self.waits.mean_weeks());
    }
}

impl Neighbourhood<'_> {
    /// Give `hours` of home help to resident `r` this week: count the user
    /// once per half-year, and the cost when measuring.
    fn give_home_help(&mut self, r: usize, hours: f64, t: f64, measuring: bool) {
        let half = (t / (DAYS_PER_YEAR / 2.0)) as i32;
        self.care_mut(r).home_help_hours = hours as f32;
        let res = &mut self.residents[r];
        if hours > 0.0 && i32::from(res.last_home_help_half) != half {
            // At most 400 half-years (`MAX_TOTAL_YEARS`).
            res.last_home_help_half = half as i16;
            if let Some(b) = band(res.age(t)) {
                self.services.home_help.users_now[b] += 1.0;
            }
        }
        if measuring {
            self.rec.cost[WMO] += hours * self.s.costs.home_help_eur_per_hour;
        }
    }

    /// A client keeps their package (`res.household_open`), taken from
    /// `hours_left`; a client no longer eligible stops; an eligible
    /// resident who is not a client joins the waiting list.
    pub(crate) fn keep_home_help_client(
        &mut self,
        r: usize,
        t: f64,
        measuring: bool,
        hours_left: &mut f64,
    ) {
        let wanted = f64::from(self.care(r).household_open);
        if wanted <= 0.0 {
            if let Some(care) = self.care_if_held(r) {
                care.home_help_client = false;
                care.home_help_hours = 0.0;
            }
        } else if self.care(r).home_help_client {
            // A client keeps the package even when the week's hours run
            // short; the shortage falls on those waiting to be admitted.
            *hours_left -= wanted;
            self.give_home_help(r, wanted, t, measuring);
        } else {
            let care = self.care_mut(r);
            care.home_help_hours = 0.0;
            if !care.home_help_waiting {
                care.home_help_waiting = true;
                care.home_help_waiting_since = t as f32;
                self.services.home_help.waiting.push(r as u32);
            }
        }
    }

    /// Admit waiting residents in order while `hours_left` lasts.
    pub(crate) fn admit_to_home_help(&mut self, t: f64, mut hours_left: f64) {
        let measuring = self.measuring(t);
        let mut waiting = std::mem::take(&mut self.services.home_help.waiting);
        let mut admitted = Vec::new();
        let mut full = false;
        let (residents, states) = (&self.residents, &mut self.care_states);
        waiting.retain(|&w| {
            let res = &residents[w as usize];
            if res.away() {
                // In hospital: keeps their place, and others go first.
                return true;
            }
            // Whoever joined the list took a care state, kept while waiting.
            debug_assert!(res.care != NONE, "a resident waits without a care state");
            let Some(care) = states.get_mut(res.care as usize) else {
                return false;
            };
            if !res.at_home() || care.household_open <= 0.0 || care.home_help_client {
                care.home_help_waiting = false;
                return false;
            }
            // First come, first served: once one does not fit, the rest wait.
            if full || !fits(&mut hours_left, f64::from(care.household_open)) {
                full = true;
                return true;
            }
            care.home_help_client = true;
            care.home_help_waiting = false;
            admitted.push(w as usize);
            false
        });
        for &r in &admitted {
            let waited = t - f64::from(self.care(r).home_help_waiting_since);
            self.services.home_help.waits.admitted(waited, measuring);
        }
        for r in admitted {
            let hours = f64::from(self.care(r).household_open);
            self.give_home_help(r, hours, t, measuring);
        }
        self.services.home_help.waiting = waiting;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resident_is_admitted_only_when_all_open_hours_fit() {
        let mut left = 5.0;
        assert!(fits(&mut left, 3.0));
        assert!(!fits(&mut left, 3.0), "2 hours left do not cover 3");
        assert!(fits(&mut left, 2.0));
        assert_eq!(left, 0.0);
    }

    #[test]
    fn users_per_half_year_over_the_band_population() {
        let mut h = HomeHelp::default();
        for _ in 0..6 {
            h.count_residents([100.0, 50.0, 10.0]);
        }
        h.users_now = [3.0, 7.0, 3.0];
        h.close_half_year(true);
        h.users_now = [9.0, 9.0, 9.0];
        h.close_half_year(false);
        assert!((ratio(h.users_sum[1], h.residents_sum[1]) - 0.14).abs() < 1e-12);
        assert_eq!(band(64.9), None);
        assert_eq!(band(85.0), Some(2));
    }
}
