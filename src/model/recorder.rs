//! Counting what happens in the district as a whole: person-time (the
//! denominators), point prevalences, acute care, carers, nursing homes,
//! cost by payer, the shift ledger and the monthly series, turned into
//! their metrics. Each service counts its own events (`services/`) and
//! reports its own metrics with the denominators found here.
//!
//! Every metric is a count of simulated events or states divided by a
//! simulated denominator; nothing here knows about interventions.

use super::metrics::{Metric, MetricValues, Per, FLOWS, FLOW_COUNT, SERIES};
use super::self_reliance::{self, Tally};
use super::types::CarerKind;

/// GP age bands 0-4, 5-17, 18-44, 45-64, 65-74, 75-84, 85+.
pub const GP_BANDS: usize = 7;

/// GP age band of an age in years.
#[inline]
pub fn gp_band(age: f64) -> usize {
    match age {
        a if a < 5.0 => 0,
        a if a < 18.0 => 1,
        a if a < 45.0 => 2,
        a if a < 65.0 => 3,
        a if a < 75.0 => 4,
        a if a < 85.0 => 5,
        _ => 6,
    }
}

/// Payers, in the order of the cost columns.
pub const ZVW: usize = 0;
/// Wmo.
pub const WMO: usize = 1;
/// Wlz.
pub const WLZ: usize = 2;
/// Gemeente.
pub const GEMEENTE: usize = 3;

/// Lines of the Zvw cost, each reported as its own metric
/// (`cost_zvw_*_eur_year`; the programmes' line is
/// `ledger_programme_cost_zvw_eur_year`): `cost_zvw_eur_year` is their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZvwLine {
    /// GP consults, telephone contacts, e-consults and practice-nurse contacts.
    Gp = 0,
    /// Out-of-hours GP contacts.
    OutOfHours,
    /// Emergency department visits.
    Emergency,
    /// Hospital days.
    Hospital,
    /// Short-term stay (eerstelijnsverblijf) days.
    ShortStay,
    /// Geriatric-rehabilitation days.
    Rehab,
    /// District-nursing hours (care, not the nurse link's case management).
    DistrictNursing,
    /// The programmes' own cost paid under the Zvw.
    Programmes,
}

/// Number of Zvw cost lines.
pub const ZVW_LINES: usize = 8;

/// Point prevalences averaged over monthly snapshots.
#[derive(Debug, Clone, Copy)]
pub enum Share {
    /// 65+ among residents.
    Age65 = 0,
    /// 75+ among residents.
    Age75,
    /// 85+ among residents.
    Age85,
    /// Care relationships (giving care to a resident) of a partner.
    RelationPartner,
    /// Care relationships of a child or relative in the district.
    RelationNearby,
    /// Carers among adults 20+.
    CarersAdults,
    /// Mean carer hours.
    CarerHours,
    /// Heavily burdened carers.
    CarersHeavy,
    /// Informal care receivers 75+.
    Receivers75,
    /// ADL-limited 75+ at home.
    Limited75,
    /// Unmet hours 75+.
    Unmet75,
    /// Self-reliant 65+.
    SelfReliant65,
    /// Lonely adults.
    LonelyAdults,
    /// Severely lonely adults.
    SevereAdults,
    /// Lonely 75+.
    Lonely75,
    /// Severely lonely 75+.
    Severe75,
    /// Lonely 85+.
    Lonely85,
    /// Severely lonely 85+.
    Severe85,
    /// Nursing home 75+.
    NursingHome75,
    /// Meeting-place members 65+.
    Members65,
    /// Residents (count).
    Residents,
    /// Residents at home per GP FTE.
    PatientsPerFte,
    /// District-nursing waiting list (count).
    NursingWaiting,
    /// ADL-limited 65-74 at home.
    Adl6574,
    /// ADL-limited 75-84 at home.
    Adl7584,
    /// ADL-limited 85+ at home.
    Adl85,
    /// IADL-limited 65-74 at home.
    Iadl6574,
    /// IADL-limited 75+ at home.
    Iadl75,
    /// Living alone 65-74 at home.
    Alone6574,
    /// Living alone 75-84 at home.
    Alone7584,
    /// Living alone 85+ at home.
    Alone85,
    /// With a partner, 70-89 at home.
    Partner7089,
    /// Living alone at home among all 70-89 (nursing home included).
    Alone7089,
    /// Care relationships of someone outside the district.
    RelationOutside,
    /// Care relationships of a neighbour or friend.
    RelationNeighbour,
    /// Home-help waiting list (count).
    HomeHelpWaiting,
    /// Heavily burdened carers of residents per 1,000 residents.
    HeavyPer1000,
}

const SHARES: usize = 37;

/// Event counts of the shift ledger (`ledger_*` metrics): each is a plain
/// count (or sum of hours or days) incremented by the event it names, over
/// the measured years only, and reported as a district total per year.
/// Counting never draws a random number, so common random numbers are
/// untouched. Every field says which event increments it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counted {
    /// A psychosocial problem diverted from the GP to a welfare worker
    /// (resident not a meeting-place member), at the diversion decision.
    pub to_welfare: f64,
    /// A psychosocial problem diverted from the GP to the meeting place
    /// (resident a member), at the diversion decision.
    pub to_meeting_place: f64,
    /// A psychosocial problem a programme would have diverted, but the
    /// welfare team or the meeting place had no room: it went to the GP.
    pub back_to_gp: f64,
    /// A psychosocial problem helped by the welfare team or the meeting
    /// place that was resolved (the resident's loneliness eased).
    pub problems_resolved: f64,
    /// A self-reliance domain of a resident 65+ at home that fell below 4
    /// since the last monthly snapshot.
    pub self_reliance_domains_lost: f64,
    /// One that rose to 4 or 5.
    pub self_reliance_domains_gained: f64,
    /// A late routine medical problem of a frail resident escalated to an
    /// acute event (counted at the consult).
    pub gp_delay_escalations: f64,
    /// A routine GP request made as an e-consult, at the routing decision.
    pub econsult_requests: f64,
    /// ...of which the same random number would have made a face-to-face
    /// request without hybrid care (the channel it replaced).
    pub econsult_for_face_to_face: f64,
    /// ...of which it would have been a telephone contact.
    pub econsult_for_phone: f64,
    /// A face-to-face follow-up queued after an answered e-consult.
    pub econsult_follow_up_face_to_face: f64,
    /// A face-to-face GP consult given (urgent, routine or follow-up).
    pub face_to_face: f64,
    /// Carers' hours taken over by respite day activities (carer support),
    /// in the weekly care allocation.
    pub respite_hours: f64,
    /// A psychosocial problem arising (before routing).
    pub psychosocial_problems: f64,
    /// A crisis.
    pub crises: f64,
    /// A resident who was not lonely becomes lonely.
    pub loneliness_onsets: f64,
    /// A moderately lonely resident becomes severely lonely.
    pub severe_loneliness_onsets: f64,
    /// A pre-frail resident becomes frail.
    pub frailty_onsets: f64,
    /// A carer's burden crosses the heavy-burden threshold upwards.
    pub heavy_burden_onsets: f64,
    /// A nursing-home admission (any age).
    pub admissions: f64,
    /// Days in a nursing home within the measured window: at admission the
    /// rest of the window is added, at death the part not lived is taken
    /// off again (residents leave a nursing home only by dying).
    pub nursing_home_days: f64,
    /// Days lived at home at age 75+ within the measured window, counted the
    /// same way at arrival at home and at leaving home.
    pub home_days_75: f64,
    /// The programmes' own cost, by payer.
    pub programme_cost: [f64; 4],
}

/// Accumulators for one replication.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// Counts of the shift ledger.
    pub counted: Counted,
    /// Out-of-hours contacts.
    pub out_of_hours: f64,
    /// ...by GP age band.
    pub out_of_hours_by_band: [f64; GP_BANDS],
    /// Sums over the monthly snapshots of the self-reliance profile metrics.
    profile_sums: [f64; self_reliance::VALUES],
    /// Emergency visits.
    pub emergency: f64,
    /// Emergency visits of frail or care-dependent residents.
    pub emergency_frail: f64,
    /// Carer drop-outs.
    pub dropouts: f64,
    /// Nursing-home admissions of residents 65+.
    pub admissions_65plus: f64,
    /// Sum of the ages at nursing-home admission (any age).
    pub admission_age_sum: f64,
    /// Nursing-home admissions that can be followed four years within the
    /// measured years.
    pub stays_observed: f64,
    /// Of those, the ones not ended by death within four years.
    pub stays_over_4y: f64,
    /// Deaths of residents 80+.
    pub deaths_80plus: f64,
    /// Deaths of residents of any age (home, hospital, nursing home).
    pub deaths: f64,
    /// Informal care hours given to residents.
    pub informal_hours: f64,
    /// Weeks in which a carer gave care (any receiver).
    pub carer_weeks_giving: f64,
    /// ...of which carer support supported them.
    pub carer_weeks_supported: f64,
    /// The replacement price of an informal care hour: the hours valued at
    /// it are borne by carers, paid by no payer (never in `cost`).
    pub informal_price: f64,
    /// Of those, by kind of carer (`CarerKind as usize`).
    pub informal_by_kind: [f64; 5],
    /// Cost by payer.
    pub cost: [f64; 4],
    /// The Zvw cost by line (adds up to `cost[ZVW]`).
    pub zvw_lines: [f64; ZVW_LINES],
    /// Interventions' own cost.
    pub cost_interventions: f64,
    /// Person-years at home by GP band.
    pub py_home: [f64; GP_BANDS],
    /// Person-years of all residents (home and nursing home) by hospital
    /// age band (under 65, 65-74, 75-84, 85+).
    pub py_hospital_band: [f64; 4],
    /// Person-years at home of frail or care-dependent residents.
    pub py_frail_home: f64,
    /// Person-years at home of residents 65+.
    pub py_65_home: f64,
    /// Person-years of residents 80+ (home and nursing home).
    pub py_80: f64,
    /// Person-years of residents 75+ (home and nursing home).
    pub py_75: f64,
    /// Days at home of residents 75+.
    pub days_home_75: f64,
    /// Carer-years of active carers.
    pub carer_years: f64,
    share_sums: [f64; SHARES],
    snapshots: f64,
    january_sums: [f64; SHARES],
    januaries: f64,
    years: f64,
    /// Monthly series, months x SERIES.
    pub monthly: Vec<f64>,
    month_contacts: f64,
    month_ooh: f64,
    /// Nursing-home admissions of residents 65+ in the month.
    pub month_admissions_65: f64,
    month_wait_sum: f64,
    month_wait_n: f64,
    /// The flows' cumulative totals at the last month's end.
    flows_before: [f64; FLOW_COUNT],
}

/// The end-of-month values of the monthly series ([`SERIES`]) that the
/// recorder does not count itself.
#[derive(Debug, Clone, Copy)]
pub struct MonthEnd {
    /// Residents alive in the district (home and nursing home).
    pub residents: f64,
    /// Residents at home.
    pub at_home: f64,
    /// Share of active carers heavily burdened.
    pub heavy: f64,
    /// Share of adults at home severely lonely.
    pub severe: f64,
    /// Share of residents 65+ at home self-reliant.
    pub reliant: f64,
    /// Share of residents 75+ in a nursing home.
    pub nursing75: f64,
    /// Share of residents 75+ among all residents.
    pub share75: f64,
    /// Residents 65+ at home (the admissions' denominator).
    pub home65: f64,
}

impl Recorder {
    /// The same recorder, valuing informal care hours at `eur_per_hour`.
    pub fn with_informal_price(mut self, eur_per_hour: f64) -> Self {
        self.informal_price = eur_per_hour;
        self
    }

    /// Empty accumulators for `months` measured months.
    pub fn new(months: usize) -> Self {
        Self {
            counted: Counted::default(),
            out_of_hours: 0.0,
            out_of_hours_by_band: [0.0; GP_BANDS],
            profile_sums: [0.0; self_reliance::VALUES],
            emergency: 0.0,
            emergency_frail: 0.0,
            dropouts: 0.0,
            admissions_65plus: 0.0,
            admission_age_sum: 0.0,
            stays_observed: 0.0,
            stays_over_4y: 0.0,
            deaths_80plus: 0.0,
            deaths: 0.0,
            informal_hours: 0.0,
            carer_weeks_giving: 0.0,
            carer_weeks_supported: 0.0,
            informal_price: 0.0,
            informal_by_kind: [0.0; 5],
            cost: [0.0; 4],
            zvw_lines: [0.0; ZVW_LINES],
            cost_interventions: 0.0,
            py_hospital_band: [0.0; 4],
            py_home: [0.0; GP_BANDS],
            py_frail_home: 0.0,
            py_65_home: 0.0,
            py_80: 0.0,
            py_75: 0.0,
            days_home_75: 0.0,
            carer_years: 0.0,
            share_sums: [0.0; SHARES],
            snapshots: 0.0,
            january_sums: [0.0; SHARES],
            januaries: 0.0,
            years: 0.0,
            monthly: Vec::with_capacity(months * SERIES.len()),
            month_contacts: 0.0,
            month_ooh: 0.0,
            month_admissions_65: 0.0,
            month_wait_sum: 0.0,
            month_wait_n: 0.0,
            flows_before: [0.0; FLOW_COUNT],
        }
    }

    /// A GP-practice contact, for the month's series.
    #[inline]
    pub fn month_contact(&mut self) {
        self.month_contacts += 1.0;
    }

    /// Add the self-reliance profiles of the monthly snapshot just taken
    /// (same month: it does not count as another snapshot).
    /// Snapshots are taken in the measured months only, and the first
    /// one counts no domain lost or gained (nothing to compare with).
    pub fn profile_snapshot(&mut self, tally: &Tally) {
        for (sum, value) in self.profile_sums.iter_mut().zip(tally.values()) {
            *sum += value;
        }
        self.counted.self_reliance_domains_lost += tally.lost;
        self.counted.self_reliance_domains_gained += tally.gained;
    }

    /// An out-of-hours contact of a resident of `age`.
    #[inline]
    pub fn out_of_hours_contact(&mut self, price: f64, age: f64) {
        self.out_of_hours += 1.0;
        self.out_of_hours_by_band[gp_band(age)] += 1.0;
        self.month_ooh += 1.0;
        self.pay_zvw(ZvwLine::OutOfHours, price);
    }

    /// A Zvw cost of `eur` on `line`.
    #[inline]
    pub fn pay_zvw(&mut self, line: ZvwLine, eur: f64) {
        self.cost[ZVW] += eur;
        self.zvw_lines[line as usize] += eur;
    }

    /// A programme's own cost of `eur`, paid by `payer`.
    #[inline]
    pub fn pay_programme(&mut self, payer: usize, eur: f64) {
        self.cost[payer] += eur;
        self.cost_interventions += eur;
        self.counted.programme_cost[payer] += eur;
        if payer == ZVW {
            self.zvw_lines[ZvwLine::Programmes as usize] += eur;
        }
    }

    /// A routine GP request seen after `wait_days`, for the month's series.
    #[inline]
    pub fn month_wait(&mut self, wait_days: f64) {
        self.month_wait_sum += wait_days;
        self.month_wait_n += 1.0;
    }

    /// Add one monthly snapshot of point prevalences (each `Some((num, den))`).
    pub fn snapshot(&mut self, shares: &[(Share, f64, f64)]) {
        for (share, num, den) in shares {
            let value = match share {
                Share::Residents | Share::NursingWaiting | Share::HomeHelpWaiting => *num,
                Share::PatientsPerFte => num / den,
                _ if *den > 0.0 => num / den,
                _ => 0.0,
            };
            self.share_sums[*share as usize] += value;
        }
        self.snapshots += 1.0;
    }

    /// Add more point prevalences to the monthly snapshot just taken
    /// (same month, so it does not count as another snapshot).
    pub fn snapshot_more(&mut self, shares: &[(Share, f64, f64)]) {
        for (share, num, den) in shares {
            self.share_sums[*share as usize] += if *den > 0.0 { num / den } else { 0.0 };
        }
    }

    /// Add the point prevalences counted on 1 January of a measured year.
    pub fn january(&mut self, shares: &[(Share, f64, f64)]) {
        for (share, num, den) in shares {
            self.january_sums[*share as usize] += if *den > 0.0 { num / den } else { 0.0 };
        }
        self.januaries += 1.0;
    }

    fn january_share(&self, s: Share) -> f64 {
        if self.januaries > 0.0 {
            self.january_sums[s as usize] / self.januaries
        } else {
            0.0
        }
    }

    /// Close a measured month: append its series row, the flows last
    /// (each the change of its total, `flows`, since the last month's end).
    pub fn close_month(&mut self, end: &MonthEnd, flows: &[f64; FLOW_COUNT]) {
        let MonthEnd {
            residents,
            at_home,
            heavy,
            severe,
            reliant,
            nursing75,
            share75,
            home65,
        } = *end;
        let annual = 12.0;
        let per_home = if at_home > 0.0 { 1.0 / at_home } else { 0.0 };
        let per_home65 = if home65 > 0.0 { 1.0 / home65 } else { 0.0 };
        let row = [
            residents,
            self.month_contacts * annual * per_home,
            if self.month_wait_n > 0.0 {
                self.month_wait_sum / self.month_wait_n
            } else {
                0.0
            },
            self.month_ooh * annual * 1000.0 * per_home,
            heavy,
            severe,
            reliant,
            nursing75,
            share75,
            self.month_admissions_65 * annual * 1000.0 * per_home65,
        ];
        self.monthly.extend_from_slice(&row);
        let per_resident = if residents > 0.0 {
            1.0 / residents
        } else {
            0.0
        };
        for ((total, before), (_, per)) in flows.iter().zip(&self.flows_before).zip(&FLOWS) {
            let scale = match per {
                Per::Year => annual,
                Per::Home => annual * 1000.0 * per_home,
                Per::Residents => annual * 1000.0 * per_resident,
            };
            self.monthly.push((total - before) * scale);
        }
        self.flows_before = *flows;
        debug_assert_eq!(self.monthly.len() % SERIES.len(), 0);
        self.month_contacts = 0.0;
        self.month_ooh = 0.0;
        self.month_wait_sum = 0.0;
        self.month_wait_n = 0.0;
        self.month_admissions_65 = 0.0;
    }

    /// Discard month counters gathered during warm-up; the flows count
    /// from their totals at this month's end, `flows`.
    pub fn reset_month(&mut self, flows: &[f64; FLOW_COUNT]) {
        self.flows_before = *flows;
        self.month_contacts = 0.0;
        self.month_ooh = 0.0;
        self.month_wait_sum = 0.0;
        self.month_wait_n = 0.0;
        self.month_admissions_65 = 0.0;
    }

    /// Close a measured calendar year.
    pub fn close_year(&mut self) {
        self.years += 1.0;
    }

    /// Mean of a point prevalence over the monthly snapshots.
    pub fn share(&self, s: Share) -> f64 {
        if self.snapshots > 0.0 {
            self.share_sums[s as usize] / self.snapshots
        } else {
            0.0
        }
    }

    /// Person-years at home (all ages).
    pub fn py_home(&self) -> f64 {
        self.py_home.iter().sum()
    }

    /// Events per 1,000 person-years at home.
    pub fn per_1000(&self, x: f64) -> f64 {
        ratio(x * 1000.0, self.py_home())
    }

    /// Measured calendar years closed so far.
    pub fn measured_years(&self) -> f64 {
        self.years
    }

    /// The district's own metrics: population, acute care, carers,
    /// loneliness, nursing homes, cost and the shift ledger.
    pub fn report(&self, out: &mut MetricValues) {
        self.report_population(out);
        self.report_acute_and_carers(out);
        self.report_wellbeing(out);
        self.report_cost(out);
        self.report_ledger(out);
    }

    fn report_population(&self, out: &mut MetricValues) {
        out.set(Metric::Residents, self.share(Share::Residents));
        out.set(Metric::Share65plus, self.january_share(Share::Age65));
        out.set(Metric::Share75plus, self.january_share(Share::Age75));
        out.set(Metric::Share85plus, self.january_share(Share::Age85));
        out.set(
            Metric::DaysAtHomePerResident75plusYear,
            ratio(self.days_home_75, self.py_75),
        );
        let person_years: f64 = self.py_hospital_band.iter().sum();
        out.set(
            Metric::DeathsPer1000Year,
            ratio(self.deaths * 1000.0, person_years),
        );
        out.set(
            Metric::DeathRate80plus,
            ratio(self.deaths_80plus, self.py_80),
        );
    }

    fn report_acute_and_carers(&self, out: &mut MetricValues) {
        out.set(
            Metric::OutOfHoursContactsPer1000Year,
            self.per_1000(self.out_of_hours),
        );
        for (id, sum) in self_reliance::METRICS.iter().zip(self.profile_sums) {
            out.set(*id, ratio(sum, self.snapshots));
        }
        let last = GP_BANDS - 1;
        for (id, band) in [
            (Metric::OutOfHoursContactsPer1000Year04, 0),
            (Metric::OutOfHoursContactsPer1000Year85plus, last),
        ] {
            out.set(
                id,
                ratio(self.out_of_hours_by_band[band] * 1000.0, self.py_home[band]),
            );
        }
        out.set(
            Metric::EmergencyVisitsPer1000Year,
            self.per_1000(self.emergency),
        );
        out.set(
            Metric::EmergencyVisitsFrailPer1000Year,
            ratio(self.emergency_frail * 1000.0, self.py_frail_home),
        );
        out.set(Metric::CarersShareAdults, self.share(Share::CarersAdults));
        out.set(Metric::CarerHoursPerWeekMean, self.share(Share::CarerHours));
        out.set(
            Metric::CarersHeavilyBurdenedShare,
            self.share(Share::CarersHeavy),
        );
        out.set(
            Metric::CarersOfResidentsHeavilyBurdenedPer1000,
            self.share(Share::HeavyPer1000),
        );
        out.set(
            Metric::CarerDropoutsPer1000CarersYear,
            ratio(self.dropouts * 1000.0, self.carer_years),
        );
        out.set(
            Metric::InformalCareReceiversShare75plus,
            self.share(Share::Receivers75),
        );
        let years = self.years.max(1.0);
        out.set(Metric::InformalCareHoursYear, self.informal_hours / years);
        out.set(
            Metric::CarersSupportedShare,
            ratio(self.carer_weeks_supported, self.carer_weeks_giving),
        );
        out.set(
            Metric::InformalCareHoursPartnerShare,
            ratio(
                self.informal_by_kind[CarerKind::Partner as usize],
                self.informal_hours,
            ),
        );
        for (id, share) in [
            (
                Metric::CarersShareByRelationshipPartner,
                Share::RelationPartner,
            ),
            (
                Metric::CarersShareByRelationshipChildNearby,
                Share::RelationNearby,
            ),
            (
                Metric::CarersShareByRelationshipOutside,
                Share::RelationOutside,
            ),
            (
                Metric::CarersShareByRelationshipNeighbour,
                Share::RelationNeighbour,
            ),
        ] {
            out.set(id, self.share(share));
        }
    }

    fn report_wellbeing(&self, out: &mut MetricValues) {
        for (id, share) in [
            (Metric::AdlLimitedShare75plusHome, Share::Limited75),
            (Metric::UnmetNeedHoursPerWeek75plusHome, Share::Unmet75),
            (Metric::SelfReliantShare65plus, Share::SelfReliant65),
            (Metric::LonelyShareAdults, Share::LonelyAdults),
            (Metric::SeverelyLonelyShareAdults, Share::SevereAdults),
            (Metric::LonelyShare75plus, Share::Lonely75),
            (Metric::SeverelyLonelyShare75plus, Share::Severe75),
            (Metric::LonelyShare85plus, Share::Lonely85),
            (Metric::SeverelyLonelyShare85plus, Share::Severe85),
            (Metric::NursingHomeShare75plus, Share::NursingHome75),
            (Metric::AdlLimitedShare6574Home, Share::Adl6574),
            (Metric::AdlLimitedShare7584Home, Share::Adl7584),
            (Metric::AdlLimitedShare85plusHome, Share::Adl85),
            (Metric::IadlLimitedShare6574Home, Share::Iadl6574),
            (Metric::IadlLimitedShare75plusHome, Share::Iadl75),
            (Metric::LivingAloneShare6574, Share::Alone6574),
            (Metric::LivingAloneShare7584, Share::Alone7584),
            (Metric::LivingAloneShare85plus, Share::Alone85),
            (Metric::PartnerShare7089Home, Share::Partner7089),
            (Metric::LivingAloneShare7089, Share::Alone7089),
        ] {
            out.set(id, self.share(share));
        }
        out.set(
            Metric::NursingHomeAdmissionsPer100065plusYear,
            ratio(self.admissions_65plus * 1000.0, self.py_65_home),
        );
        out.set(
            Metric::NursingHomeAdmissionAgeMean,
            ratio(self.admission_age_sum, self.counted.admissions),
        );
        out.set(
            Metric::NursingHomeStayOver4yShare,
            ratio(self.stays_over_4y, self.stays_observed),
        );
    }

    fn report_cost(&self, out: &mut MetricValues) {
        let years = self.years.max(1.0);
        out.set(Metric::CostZvwEurYear, self.cost[ZVW] / years);
        out.set(Metric::CostWmoEurYear, self.cost[WMO] / years);
        out.set(Metric::CostWlzEurYear, self.cost[WLZ] / years);
        out.set(Metric::CostGemeenteEurYear, self.cost[GEMEENTE] / years);
        for (id, line) in [
            (Metric::CostZvwGpEurYear, ZvwLine::Gp),
            (Metric::CostZvwOutOfHoursEurYear, ZvwLine::OutOfHours),
            (Metric::CostZvwEmergencyEurYear, ZvwLine::Emergency),
            (Metric::CostZvwHospitalEurYear, ZvwLine::Hospital),
            (Metric::CostZvwShortStayEurYear, ZvwLine::ShortStay),
            (Metric::CostZvwRehabEurYear, ZvwLine::Rehab),
            (
                Metric::CostZvwDistrictNursingEurYear,
                ZvwLine::DistrictNursing,
            ),
        ] {
            out.set(id, self.zvw_lines[line as usize] / years);
        }
        out.set(
            Metric::CostInterventionsEurYear,
            self.cost_interventions / years,
        );
        out.set(
            Metric::CostBorneByCarersEurYear,
            self.informal_hours * self.informal_price / years,
        );
        out.set(
            Metric::CostTotalEurYear,
            self.cost.iter().sum::<f64>() / years,
        );
    }

    fn report_ledger(&self, out: &mut MetricValues) {
        let c = &self.counted;
        let years = self.years.max(1.0);
        use Metric as M;
        for (id, value) in [
            (M::LedgerGpRequestsToWelfarePerYear, c.to_welfare),
            (M::LedgerGpRequestsToMeetingPlacePerYear, c.to_meeting_place),
            (M::LedgerPsychosocialProblemsBackToGpPerYear, c.back_to_gp),
            (
                M::LedgerPsychosocialProblemsResolvedPerYear,
                c.problems_resolved,
            ),
            (
                M::LedgerSelfRelianceDomainsLost65plusPerYear,
                c.self_reliance_domains_lost,
            ),
            (
                M::LedgerSelfRelianceDomainsGained65plusPerYear,
                c.self_reliance_domains_gained,
            ),
            (M::LedgerGpDelayEscalationsPerYear, c.gp_delay_escalations),
            (M::LedgerGpRequestsByEconsultPerYear, c.econsult_requests),
            (
                M::LedgerEconsultsForFaceToFacePerYear,
                c.econsult_for_face_to_face,
            ),
            (M::LedgerEconsultsForPhonePerYear, c.econsult_for_phone),
            (
                M::LedgerEconsultFaceToFaceFollowUpsPerYear,
                c.econsult_follow_up_face_to_face,
            ),
            (M::LedgerGpFaceToFaceConsultsPerYear, c.face_to_face),
            (M::LedgerRespiteHoursPerYear, c.respite_hours),
            (
                M::LedgerPsychosocialProblemsPerYear,
                c.psychosocial_problems,
            ),
            (M::LedgerCrisesPerYear, c.crises),
            (M::LedgerEmergencyVisitsPerYear, self.emergency),
            (M::LedgerLonelinessOnsetsPerYear, c.loneliness_onsets),
            (
                M::LedgerSevereLonelinessOnsetsPerYear,
                c.severe_loneliness_onsets,
            ),
            (M::LedgerFrailtyOnsetsPerYear, c.frailty_onsets),
            (
                M::LedgerCarersHeavilyBurdenedOnsetsPerYear,
                c.heavy_burden_onsets,
            ),
            (M::LedgerCarerDropoutsPerYear, self.dropouts),
            (M::LedgerNursingHomeAdmissionsPerYear, c.admissions),
            (M::LedgerNursingHomeDaysPerYear, c.nursing_home_days),
            (M::LedgerDaysAtHome75plusPerYear, c.home_days_75),
            (M::LedgerProgrammeCostZvwEurYear, c.programme_cost[ZVW]),
            (M::LedgerProgrammeCostWmoEurYear, c.programme_cost[WMO]),
            (M::LedgerProgrammeCostWlzEurYear, c.programme_cost[WLZ]),
            (
                M::LedgerProgrammeCostGemeenteEurYear,
                c.programme_cost[GEMEENTE],
            ),
        ] {
            out.set(id, value / years);
        }
    }
}

/// `a / b`, or 0 when `b` is not positive.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gp_bands_cover_all_ages() {
        assert_eq!(gp_band(0.0), 0);
        assert_eq!(gp_band(17.9), 1);
        assert_eq!(gp_band(18.0), 2);
        assert_eq!(gp_band(74.9), 4);
        assert_eq!(gp_band(85.0), GP_BANDS - 1);
    }

    #[test]
    fn month_rows_follow_the_series() {
        let mut r = Recorder::new(2);
        let mut flows = [0.0; FLOW_COUNT];
        flows[0] = 5.0;
        flows[3] = 100.0;
        r.reset_month(&flows);
        r.month_contact();
        r.month_wait(2.0);
        // One psychosocial contact and 10 EUR of Zvw cost in the month.
        flows[0] = 6.0;
        flows[3] = 110.0;
        let end = MonthEnd {
            residents: 10.0,
            at_home: 4.0,
            heavy: 0.1,
            severe: 0.2,
            reliant: 0.3,
            nursing75: 0.4,
            share75: 0.1,
            home65: 2.0,
        };
        r.close_month(&end, &flows);
        assert_eq!(r.monthly.len(), SERIES.len());
        assert_eq!(r.monthly[1], 12.0 / 4.0);
        assert_eq!(r.monthly[2], 2.0);
        // Flows: the month's change, annualised, per 1,000 at home for a rate.
        let first = SERIES.len() - FLOW_COUNT;
        assert_eq!(r.monthly[first], 1.0 * 12.0 * 1000.0 / 4.0);
        assert_eq!(r.monthly[first + 3], 10.0 * 12.0);
        assert_eq!(r.monthly[first + 1], 0.0);
        // The next month counts from this one's totals.
        r.close_month(&end, &flows);
        assert_eq!(r.monthly[SERIES.len() + first + 3], 0.0);
    }
}
