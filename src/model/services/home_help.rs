//! Wmo home help: household hours within the team's weekly hours and a
//! waiting list in order of arrival. Owns the waiting list and the
//! home-help metrics; the weekly care round (`care.rs`) decides how many
//! household hours a resident still needs.

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::recorder::{Recorder, Share, WMO};

/// Home help's waiting list.
#[derive(Debug, Clone, Default)]
pub struct HomeHelp {
    /// Residents waiting, in order of arrival.
    pub waiting: Vec<u32>,
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
    /// The home-help metrics (point prevalences counted in the monthly snapshot).
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        out.set(
            Metric::HomeHelpUsersShare7584,
            rec.share(Share::HomeHelp7584),
        );
        out.set(
            Metric::HomeHelpUsersShare85plus,
            rec.share(Share::HomeHelp85),
        );
    }
}

impl Neighbourhood<'_> {
    /// Price `hours` of home help.
    pub(crate) fn count_home_help_hours(&mut self, hours: f64) {
        self.rec.cost[WMO] += hours * self.s.costs.home_help_eur_per_hour;
    }

    /// An existing client keeps their help within `hours_left`; a resident
    /// with household hours open who is not a client joins the list.
    pub(crate) fn keep_home_help_client(
        &mut self,
        r: usize,
        measuring: bool,
        hours_left: &mut f64,
    ) {
        let res = &mut self.residents[r];
        if res.household_open <= 0.0 {
            res.home_help_client = false;
        } else if res.home_help_client {
            let hours = res.household_open.min(hours_left.max(0.0));
            *hours_left -= hours;
            res.household_open -= hours;
            if measuring {
                self.count_home_help_hours(hours);
            }
        } else if !res.home_help_waiting {
            res.home_help_waiting = true;
            self.services.home_help.waiting.push(r as u32);
        }
    }

    /// Admit waiting residents in order while `hours_left` lasts.
    pub(crate) fn admit_to_home_help(&mut self, t: f64, mut hours_left: f64) {
        let measuring = self.measuring(t);
        let mut waiting = std::mem::take(&mut self.services.home_help.waiting);
        let mut priced = Vec::new();
        waiting.retain(|&w| {
            let res = &mut self.residents[w as usize];
            if !res.at_home() || res.household_open <= 0.0 || res.home_help_client {
                res.home_help_waiting = false;
                return false;
            }
            if !fits(&mut hours_left, res.household_open) {
                return true;
            }
            if measuring {
                priced.push(res.household_open);
            }
            res.household_open = 0.0;
            res.home_help_client = true;
            res.home_help_waiting = false;
            false
        });
        for hours in priced {
            self.count_home_help_hours(hours);
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
}
