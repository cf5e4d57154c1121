//! District nursing (wijkverpleging, Zvw): long-term personal care for an
//! ADL limitation and short episodes (wound care, injections, care after
//! an illness), within the team's weekly hours. Residents the nurse has
//! assessed wait in order of arrival, those followed by the district-nurse
//! link first (proactive case finding); waiting leaves the need to carers
//! or unmet, which raises the risk of crises and admission.
//!
//! Owns the waiting list, the episodes drawn for the year, the ledger of
//! care periods and the nursing metrics. The weekly care round (`care.rs`)
//! asks how many hours a resident is indicated (`model::assessment`).

use super::super::assessment::episode_rate;
use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::recorder::{ratio, Recorder, Share, ZvwLine};
use super::super::types::{process, Living, DAYS_PER_YEAR, NONE};
use crate::engine::rng::Draw;

/// Why a period of district nursing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareEnd {
    /// The indication ended: recovery, need below the threshold, or the
    /// short episode is over.
    NeedEnded,
    /// The client died.
    Death,
    /// The client moved to a nursing home.
    Admission,
    /// The client moved out of the district.
    MovedOut,
}

/// Periods of nursing care, counted over the whole run (warm-up
/// included), so that every period that starts is seen to end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NursingLedger {
    /// Care periods started (admission from the waiting list).
    pub started: u64,
    /// Care periods ended, by [`CareEnd`] in declaration order.
    pub ended: [u64; 4],
    /// Short episodes drawn that started while the resident was at home.
    pub episodes: u64,
    /// Hours given per calendar year of the run (index = year).
    pub hours_by_year: Vec<f64>,
}

/// District nursing's waiting list, episodes and counters.
#[derive(Debug, Clone, Default)]
pub struct Nursing {
    /// Residents waiting, in order of arrival.
    pub waiting: Vec<u32>,
    /// Short episodes drawn for this year, `(start, end, resident)`,
    /// latest start first (the next one to start is last).
    pub pending: Vec<(f64, f64, u32)>,
    /// Hours given (care and case management) in the measured years.
    pub hours: f64,
    /// Of those, the district-nurse link's case management (no client is
    /// counted for it).
    pub case_management_hours: f64,
    /// Care periods and hours over the whole run.
    pub ledger: NursingLedger,
    /// Waiting times of admissions in the measured years.
    pub waits: super::waits::Waits,
    /// Clients (any nursing) counted in the measured years, summed.
    clients_year_sum: f64,
    /// Residents at the year's monthly snapshots, summed over measured years.
    residents_year_sum: f64,
    /// Clients in each measured month / residents that month, summed.
    month_share_sum: f64,
    months: f64,
    /// Clients in the current year and month so far.
    clients_this_year: f64,
    clients_this_month: f64,
    /// Price of an hour (EUR), for spending per client.
    eur_per_hour: f64,
}

/// The order in which waiting residents are admitted: those `followed` by
/// the district-nurse link first, each group in order of arrival.
pub fn admission_order(waiting: &[u32], followed: impl Fn(u32) -> bool) -> Vec<u32> {
    let (first, rest): (Vec<u32>, Vec<u32>) = waiting.iter().partition(|&&r| followed(r));
    first.into_iter().chain(rest).collect()
}

impl Nursing {
    /// Empty, for a scenario.
    pub fn new(s: &crate::scenario::Scenario) -> Self {
        Self {
            eur_per_hour: s.costs.district_nursing_eur_per_hour,
            ..Self::default()
        }
    }

    /// A resident receives nursing this week: counted once per month and
    /// once per calendar year.
    fn count_client(&mut self, res: &mut super::super::types::Resident, year: i32, month: i32) {
        // At most 200 years and 2,400 months (`MAX_TOTAL_YEARS`).
        if i32::from(res.last_nursing_year) != year {
            res.last_nursing_year = year as i16;
            self.clients_this_year += 1.0;
        }
        if i32::from(res.last_nursing_month) != month {
            res.last_nursing_month = month as i16;
            self.clients_this_month += 1.0;
        }
    }

    /// Close a month: its clients over its residents, when measured.
    pub fn close_month(&mut self, residents: f64, measured: bool) {
        if measured {
            self.month_share_sum += ratio(self.clients_this_month, residents);
            self.months += 1.0;
            self.residents_year_sum += residents / 12.0;
        }
        self.clients_this_month = 0.0;
    }

    /// Close a calendar year: its clients count when measured.
    pub fn close_year(&mut self, measured: bool) {
        if measured {
            self.clients_year_sum += self.clients_this_year;
        }
        self.clients_this_year = 0.0;
    }

    /// The district-nursing metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        let clients_per_year = ratio(self.clients_year_sum, rec.measured_years());
        out.set(
            Metric::DistrictNursingClientsShareYear,
            ratio(self.clients_year_sum, self.residents_year_sum),
        );
        out.set(
            Metric::DistrictNursingClientsShareMonth,
            ratio(self.month_share_sum, self.months),
        );
        // Per client: care hours only, not the nurse link's case management.
        let hours_per_year = ratio(
            self.hours - self.case_management_hours,
            rec.measured_years(),
        );
        let hours_per_client = ratio(hours_per_year, clients_per_year);
        out.set(Metric::DistrictNursingHoursPerClientYear, hours_per_client);
        out.set(
            Metric::DistrictNursingSpendingPerClientYear,
            hours_per_client * self.eur_per_hour,
        );
        out.set(
            Metric::DistrictNursingHoursPer1000Year,
            rec.per_1000(self.hours),
        );
        out.set(
            Metric::DistrictNursingWaitingClients,
            rec.share(Share::NursingWaiting),
        );
        out.set(
            Metric::DistrictNursingWaitingWeeksMean,
            self.waits.mean_weeks(),
        );
    }
}

impl Neighbourhood<'_> {
    /// Give `hours` of district nursing to resident `r` this week: count
    /// the client, the hours (ledger always, metrics and cost when
    /// measuring).
    fn give_nursing(&mut self, r: usize, hours: f64, t: f64, measuring: bool) {
        let year = (t / DAYS_PER_YEAR) as i32;
        let month = (t / (DAYS_PER_YEAR / 12.0)) as i32;
        self.care_mut(r).nursing_hours = hours as f32;
        let nursing = &mut self.services.nursing;
        let res = &mut self.residents[r];
        if hours > 0.0 {
            nursing.count_client(res, year, month);
            res.contacts += 1;
        }
        let by_year = &mut nursing.ledger.hours_by_year;
        if by_year.len() <= year as usize {
            by_year.resize(year as usize + 1, 0.0);
        }
        by_year[year as usize] += hours;
        if measuring {
            self.count_nursing_hours(hours);
        }
    }

    /// Count `hours` of district nursing and their cost.
    pub(crate) fn count_nursing_hours(&mut self, hours: f64) {
        self.services.nursing.hours += hours;
        self.rec.pay_zvw(
            ZvwLine::DistrictNursing,
            hours * self.s.costs.district_nursing_eur_per_hour,
        );
    }

    /// End resident `r`'s period of nursing care, if one is open.
    pub(crate) fn end_nursing(&mut self, r: usize, why: CareEnd) {
        let Some(care) = self.care_if_held(r) else {
            return;
        };
        care.nursing_hours = 0.0;
        if care.nursing_client {
            care.nursing_client = false;
            self.services.nursing.ledger.ended[why as usize] += 1;
        }
    }

    /// Why a resident who leaves home to `living` ends their care.
    pub(crate) fn care_end_for(living: Living) -> CareEnd {
        match living {
            Living::Deceased => CareEnd::Death,
            Living::NursingHome => CareEnd::Admission,
            Living::MovedOut | Living::Home => CareEnd::MovedOut,
        }
    }

    /// A client keeps their indicated hours (`res.personal_open`), taken
    /// from `hours_left`; a client no longer indicated ends care; a
    /// resident indicated who is not a client joins the waiting list.
    pub(crate) fn keep_nursing_client(
        &mut self,
        r: usize,
        t: f64,
        measuring: bool,
        hours_left: &mut f64,
    ) {
        let wanted = f64::from(self.care(r).personal_open);
        if wanted <= 0.0 {
            self.end_nursing(r, CareEnd::NeedEnded);
        } else if self.care(r).nursing_client {
            // A client keeps the care indicated even when the week's hours
            // run short (the team does not drop a client for a week); the
            // shortage falls on those waiting to be admitted.
            *hours_left -= wanted;
            self.give_nursing(r, wanted, t, measuring);
        } else {
            let care = self.care_mut(r);
            care.nursing_hours = 0.0;
            if !care.nursing_waiting {
                care.nursing_waiting = true;
                care.nursing_waiting_since = t as f32;
                self.services.nursing.waiting.push(r as u32);
            }
        }
    }

    /// Admit waiting residents in order while their whole indication fits
    /// in `hours_left`; returns what is left.
    pub(crate) fn admit_to_nursing(&mut self, t: f64, mut hours_left: f64) -> f64 {
        let measuring = self.measuring(t);
        let mut waiting = std::mem::take(&mut self.services.nursing.waiting);
        let order = admission_order(&waiting, |r| {
            self.nurse_link_does(r as usize, |l| l.nursing_priority)
        });
        for r in order {
            let r = r as usize;
            if self.residents[r].away() {
                // In hospital: keeps their place, and others go first.
                continue;
            }
            let at_home = self.residents[r].at_home();
            // Whoever joined the list took a care state, kept while waiting.
            debug_assert!(
                self.residents[r].care != NONE,
                "a resident waits without a care state"
            );
            let care = self.care_mut(r);
            if !at_home || care.personal_open <= 0.0 || care.nursing_client {
                care.nursing_waiting = false;
                continue;
            }
            let wanted = f64::from(care.personal_open);
            if hours_left < wanted {
                // First come, first served: nobody overtakes a resident
                // whose indication does not fit yet.
                break;
            }
            hours_left -= wanted;
            care.nursing_client = true;
            care.nursing_waiting = false;
            let waited = t - f64::from(care.nursing_waiting_since);
            self.services.nursing.waits.admitted(waited, measuring);
            self.services.nursing.ledger.started += 1;
            self.give_nursing(r, wanted, t, measuring);
        }
        // Keep arrival order for those still waiting (admitted or gone
        // residents had their flag cleared above).
        waiting.retain(|&w| self.care(w as usize).nursing_waiting);
        self.services.nursing.waiting = waiting;
        hours_left
    }

    /// On 1 January: draw who has a short nursing episode in the coming
    /// year, when it starts and how long it lasts. Keyed by resident and
    /// year, so every scenario sees the same episodes.
    pub(crate) fn draw_nursing_episodes(&mut self, t: f64) {
        let services = &self.s.services;
        let year = (t / DAYS_PER_YEAR).round() as u64;
        let mut pending = Vec::new();
        for &r in &self.alive {
            let res = &self.residents[r as usize];
            let rate = episode_rate(services, res.age(t));
            if !res.at_home() || rate <= 0.0 {
                continue;
            }
            let mut draw = self.keyed_stream(r as usize, process::NURSING_EPISODE_BASE + year);
            if draw.unit() < 1.0 - (-rate).exp() {
                let start = t + draw.unit() * DAYS_PER_YEAR;
                let weeks = -draw.open_unit().ln() * services.nursing_episode_weeks_mean;
                pending.push((start, start + weeks * 7.0, r));
            }
        }
        // Episodes of last year that have not started yet (after the last
        // weekly round of December) are kept.
        pending.append(&mut self.services.nursing.pending);
        // A tie goes by identity, not by place in the table (`model::places`).
        let key = |r: u32| self.residents[r as usize].key;
        pending.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| key(b.2).cmp(&key(a.2))));
        self.services.nursing.pending = pending;
    }

    /// Episodes whose start has come: the resident (if still at home) has
    /// a nursing need until the episode's end and joins the care round.
    pub(crate) fn start_nursing_episodes(&mut self, t: f64) {
        while let Some(&(start, end, r)) = self.services.nursing.pending.last() {
            if start > t {
                break;
            }
            self.services.nursing.pending.pop();
            if r != NONE && self.residents[r as usize].at_home() {
                let care = self.care_mut(r as usize);
                care.episode_until = care.episode_until.max(end as f32);
                self.services.nursing.ledger.episodes += 1;
                self.mark_needy(r as usize);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn followed_residents_are_admitted_first_in_arrival_order() {
        let order = admission_order(&[5, 2, 9, 4, 7], |r| r == 9 || r == 7);
        assert_eq!(order, vec![9, 7, 5, 2, 4]);
        assert_eq!(admission_order(&[3, 1], |_| false), vec![3, 1]);
    }

    #[test]
    fn a_client_counts_once_a_month_and_once_a_year() {
        let mut n = Nursing::default();
        let mut res = crate::model::types::Resident::arriving(
            1,
            0.0,
            80.0,
            1.0,
            (
                crate::model::types::Functional::Frail,
                crate::model::types::Living::Home,
            ),
            false,
            1.0,
        );
        for week in 0..8 {
            n.count_client(&mut res, 0, week / 4);
        }
        assert_eq!(n.clients_this_year, 1.0);
        assert_eq!(n.clients_this_month, 2.0, "two months, one client each");
        n.close_month(100.0, true);
        n.close_year(true);
        assert!((n.month_share_sum - 0.02).abs() < 1e-12);
        assert_eq!(n.clients_year_sum, 1.0);
    }
}
