//! District nursing: personal-care hours within the team's weekly hours,
//! a waiting list in order of arrival, and residents followed by the
//! district-nurse link admitted first (proactive case finding). Owns the
//! waiting list, the counters and the nursing metrics; the weekly care
//! round (`care.rs`) decides how many hours a resident still needs.

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::recorder::{Recorder, Share, ZVW};
use super::super::types::DAYS_PER_YEAR;

/// District nursing's waiting list and counters.
#[derive(Debug, Clone, Default)]
pub struct Nursing {
    /// Residents waiting, in order of arrival.
    pub waiting: Vec<u32>,
    /// Hours given (care and case management) in the measured years.
    pub hours: f64,
    clients_share_sum: f64,
}

/// The order in which waiting residents are admitted: those `followed` by
/// the district-nurse link first, each group in order of arrival.
pub fn admission_order(waiting: &[u32], followed: impl Fn(u32) -> bool) -> Vec<u32> {
    let (first, rest): (Vec<u32>, Vec<u32>) = waiting.iter().partition(|&&r| followed(r));
    first.into_iter().chain(rest).collect()
}

impl Nursing {
    /// Close a measured year: the share of residents who had nursing in it.
    pub fn close_year(&mut self, clients_share: f64) {
        self.clients_share_sum += clients_share;
    }

    /// The district-nursing metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        out.set(
            Metric::DistrictNursingClientsShareYear,
            super::super::recorder::ratio(self.clients_share_sum, rec.measured_years()),
        );
        out.set(
            Metric::DistrictNursingHoursPer1000Year,
            rec.per_1000(self.hours),
        );
        out.set(
            Metric::DistrictNursingWaitingClients,
            rec.share(Share::NursingWaiting),
        );
    }
}

impl Neighbourhood<'_> {
    /// Count `hours` of district nursing and their cost.
    pub(crate) fn count_nursing_hours(&mut self, hours: f64) {
        self.services.nursing.hours += hours;
        self.rec.cost[ZVW] += hours * self.s.costs.district_nursing_eur_per_hour;
    }

    /// An existing client keeps their care within `hours_left`; a resident
    /// with personal-care hours open who is not a client joins the list.
    pub(crate) fn keep_nursing_client(
        &mut self,
        r: usize,
        year: i32,
        measuring: bool,
        hours_left: &mut f64,
    ) {
        let res = &mut self.residents[r];
        if res.personal_open <= 0.0 {
            res.nursing_client = false;
        } else if res.nursing_client {
            let hours = res.personal_open.min(hours_left.max(0.0));
            *hours_left -= hours;
            res.personal_open -= hours;
            res.last_nursing_year = year;
            if measuring {
                self.count_nursing_hours(hours);
            }
        } else if !res.nursing_waiting {
            res.nursing_waiting = true;
            self.services.nursing.waiting.push(r as u32);
        }
    }

    /// Admit waiting residents while `hours_left` lasts; returns what is left.
    pub(crate) fn admit_to_nursing(&mut self, t: f64, mut hours_left: f64) -> f64 {
        let measuring = self.measuring(t);
        let year = (t / DAYS_PER_YEAR) as i32;
        let mut waiting = std::mem::take(&mut self.services.nursing.waiting);
        let order = admission_order(&waiting, |r| self.followed_by_nurse(r as usize));
        for r in order {
            let res = &mut self.residents[r as usize];
            if !res.at_home() || res.personal_open <= 0.0 || res.nursing_client {
                res.nursing_waiting = false;
                continue;
            }
            if hours_left >= res.personal_open {
                let hours = res.personal_open;
                hours_left -= hours;
                res.personal_open = 0.0;
                res.nursing_client = true;
                res.nursing_waiting = false;
                res.last_nursing_year = year;
                if measuring {
                    self.count_nursing_hours(hours);
                }
            }
        }
        // Keep arrival order for those still waiting (admitted or gone
        // residents had their flag cleared above).
        waiting.retain(|&w| self.residents[w as usize].nursing_waiting);
        self.services.nursing.waiting = waiting;
        hours_left
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
    fn clients_share_is_a_mean_over_measured_years() {
        let mut n = Nursing::default();
        n.close_year(0.1);
        n.close_year(0.3);
        assert!((n.clients_share_sum - 0.4).abs() < 1e-12);
    }
}
