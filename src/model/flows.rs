//! Monthly flows: the series of `timeseries.csv` that are amounts per
//! month (events, hours, days, euros) rather than states at the month's
//! end. Why: a yearly metric says how much a year holds on average over
//! the measured years; a cumulative ledger, discounting and a chart of
//! when a programme pays off need the amount of each month.
//!
//! Each flow is read as the change of a cumulative counter between two
//! month ends, so it needs no counter of its own and draws no random
//! number (common random numbers and every metric are untouched). Day
//! counts and their cost (stays, nursing-home days, days at home 75+) are
//! booked ahead: at the start of a stay the rest of the measured window is
//! added, at its end the part not lived is taken off
//! ([`Neighbourhood::window_days_from`]). At a month's end the window
//! still ahead of every stay in progress is taken off again
//! ([`Neighbourhood::flow_totals`]), so the counter holds the days lived
//! so far and its monthly change the days that fall in the month. At the
//! run's end nothing is ahead, so a flow's months add up to its metric's
//! total (up to rounding).
//!
//! Each month's amount is annualised (x 12), in the unit of the metric of
//! the same name: a measured year's twelve values average to that year's
//! amount, and all months average to the metric. Rates are per 1,000
//! residents at home (or all residents) at the month's end, as the
//! existing out-of-hours series is.

use super::metrics::FLOW_COUNT;
use super::month_end::MonthTallies;
use super::neighbourhood::Neighbourhood;
use super::recorder::{MonthEnd, GEMEENTE, WLZ, WMO, ZVW};
use super::types::Stay;

impl Neighbourhood<'_> {
    /// Close a measured month at `t`: the series row, flows included.
    pub(crate) fn close_month_with_flows(
        &mut self,
        t: f64,
        end: &MonthEnd,
        tallies: &MonthTallies,
    ) {
        let flows = self.flow_totals(t, tallies);
        self.rec.close_month(end, &flows);
    }

    /// The cumulative amount of every flow at `t` (a month's end), in
    /// [`FLOWS`] order, the window still ahead of stays in progress taken
    /// off (see the module documentation). The residents' part, stays in
    /// a nursing home and at home, comes from the month's end pass
    /// (`month_end`).
    pub(crate) fn flow_totals(&self, t: f64, tallies: &MonthTallies) -> [f64; FLOW_COUNT] {
        let ahead = self.window_days_from(t);
        let costs = &self.s.costs;
        let (nursing_home, mut home_75_ahead) = (tallies.nursing_home, tallies.home_75_ahead);
        let (mut hospital_days_ahead, mut zvw_ahead) = (0.0, 0.0);
        // Summed in the order of the residents' identities, not of their
        // places in the table (which newcomers reuse, `model::places`): the
        // same stays give the same sum, to the bit, in every scenario.
        let mut stays: Vec<_> = self.services.hospital.active.iter().collect();
        stays.sort_unstable_by_key(|&(&r, _)| self.residents[r as usize].key);
        for (&r, active) in stays {
            home_75_ahead -= self.window_days_from(t.max(self.turns_75(r as usize)));
            let price = match active.kind {
                Stay::Hospital => {
                    hospital_days_ahead += ahead;
                    costs.hospital_day_eur
                }
                Stay::ShortStay => costs.short_stay_day_eur,
                Stay::Rehab => costs.rehab_day_eur,
                Stay::None => 0.0,
            };
            zvw_ahead += ahead * price;
        }
        let nursing_days_ahead = nursing_home * ahead;
        let rec = &self.rec;
        let c = &rec.counted;
        let cost = [
            rec.cost[ZVW] - zvw_ahead,
            rec.cost[WMO],
            rec.cost[WLZ] - nursing_days_ahead * costs.nursing_home_eur_per_day,
            rec.cost[GEMEENTE],
        ];
        let h = self.services.hospital.flow_counts();
        [
            self.services.gp_count.psychosocial_contacts(),
            rec.emergency,
            h.admissions,
            cost[ZVW],
            cost[WMO],
            cost[WLZ],
            cost[GEMEENTE],
            cost.iter().sum(),
            rec.informal_hours * rec.informal_price,
            rec.informal_hours,
            c.to_welfare,
            c.to_meeting_place,
            c.econsult_requests,
            c.respite_hours,
            c.psychosocial_problems,
            c.crises,
            rec.emergency,
            h.acute_admissions,
            self.services.hospital.days - hospital_days_ahead,
            h.short_stays,
            h.rehab_stays,
            c.loneliness_onsets,
            c.severe_loneliness_onsets,
            c.frailty_onsets,
            c.heavy_burden_onsets,
            rec.dropouts,
            c.admissions,
            c.nursing_home_days - nursing_days_ahead,
            c.home_days_75 - home_75_ahead,
            c.econsult_for_face_to_face,
            c.econsult_for_phone,
            c.face_to_face,
            c.self_reliance_domains_lost,
            c.self_reliance_domains_gained,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::FLOW_COUNT;
    use crate::model::metrics::FLOWS;
    use crate::model::{metric_index, METRICS, SERIES};

    #[test]
    fn flows_close_the_series_with_their_metrics_names_and_units() {
        let first = SERIES.len() - FLOW_COUNT;
        for ((name, _), def) in FLOWS.iter().zip(&SERIES[first..]) {
            assert_eq!(*name, def.name);
            let m = metric_index(name).unwrap_or_else(|| panic!("{name} is no metric"));
            assert_eq!(METRICS[m].unit, def.unit, "{name}");
        }
    }
}
