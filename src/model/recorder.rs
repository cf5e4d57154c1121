//! Counting what happens: event counters, person-time and point prevalences
//! during the measured years, turned into the metrics of [`super::METRICS`].
//!
//! Every metric is a count of simulated events or states divided by a
//! simulated denominator; nothing here knows about interventions.

use super::outcomes::{metric_index, METRICS, SERIES};

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

/// Bins of the waiting-time histogram (days), for the 90th percentile.
const WAIT_BIN_DAYS: f64 = 0.25;
const WAIT_BINS: usize = 480;

/// Point prevalences averaged over monthly snapshots.
#[derive(Debug, Clone, Copy)]
pub enum Share {
    /// 65+ among residents.
    Age65 = 0,
    /// 75+ among residents.
    Age75,
    /// 85+ among residents.
    Age85,
    /// Home-help users 75-84.
    HomeHelp7584,
    /// Home-help users 85+.
    HomeHelp85,
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
}

const SHARES: usize = 23;

/// Where every GP-practice request went, over the whole run (warm-up
/// included): the ledger identity `requests = served + diverted + spilled +
/// urgent_out_of_hours + abandoned + pending` must hold exactly, and so
/// must its two refinements: every diverted request went to exactly one
/// destination (`diverted = to_welfare + to_meeting_place`), and every
/// served request through exactly one channel (`served = face_to_face +
/// phone + econsult + practice_nurse`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GpLedger {
    /// Requests made (including diverted ones and e-consult follow-ups).
    pub requests: u64,
    /// Served by the GP, the practice nurse or as an e-consult.
    pub served: u64,
    /// Psychosocial requests diverted to welfare or the meeting place.
    pub diverted: u64,
    /// ...of which to a welfare worker.
    pub to_welfare: u64,
    /// ...of which to the meeting place.
    pub to_meeting_place: u64,
    /// Served face to face (consult in the practice or at home).
    pub face_to_face: u64,
    /// Served by telephone.
    pub phone: u64,
    /// Served as an e-consult.
    pub econsult: u64,
    /// Served by the practice nurse.
    pub practice_nurse: u64,
    /// Sent to out-of-hours care because the GP had no capacity or too long a wait.
    pub spilled: u64,
    /// Urgent requests outside office hours, handled by the out-of-hours service.
    pub urgent_out_of_hours: u64,
    /// Left home (admission, death, moving) while waiting.
    pub abandoned: u64,
    /// Still waiting when the run ended.
    pub pending: u64,
}

impl GpLedger {
    /// Whether every request is accounted for.
    pub fn balances(&self) -> bool {
        self.requests
            == self.served
                + self.diverted
                + self.spilled
                + self.urgent_out_of_hours
                + self.abandoned
                + self.pending
            && self.diverted == self.to_welfare + self.to_meeting_place
            && self.served == self.face_to_face + self.phone + self.econsult + self.practice_nurse
    }
}

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
    /// Where GP requests went, over the whole run.
    pub ledger: GpLedger,
    /// GP-practice contacts by age band.
    pub gp_contacts: [f64; GP_BANDS],
    /// Psychosocial GP contacts.
    pub gp_psychosocial: f64,
    /// E-consults.
    pub gp_econsults: f64,
    /// Face-to-face consults.
    pub gp_face_to_face: f64,
    /// Telephone contacts.
    pub gp_phone: f64,
    /// Practice-nurse contacts.
    pub practice_nurse: f64,
    /// Psychosocial requests diverted from the GP.
    pub diverted: f64,
    /// Requests spilled to out-of-hours care.
    pub spilled: f64,
    /// Out-of-hours contacts.
    pub out_of_hours: f64,
    /// Emergency visits.
    pub emergency: f64,
    /// Emergency visits of frail or care-dependent residents.
    pub emergency_frail: f64,
    /// District-nursing hours.
    pub nursing_hours: f64,
    /// Welfare contacts.
    pub welfare_contacts: f64,
    /// Meeting-place visits.
    pub meeting_visits: f64,
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
    /// Informal care hours given to residents.
    pub informal_hours: f64,
    /// Cost by payer.
    pub cost: [f64; 4],
    /// Interventions' own cost.
    pub cost_interventions: f64,
    /// GP slots used and available.
    pub slots_used: f64,
    /// GP slots available.
    pub slots_available: f64,
    wait_sum: f64,
    wait_n: f64,
    wait_within_3: f64,
    wait_hist: Vec<u32>,
    /// Person-years at home by GP band.
    pub py_home: [f64; GP_BANDS],
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
    any_contact_sum: f64,
    nursing_clients_sum: f64,
    years: f64,
    /// Monthly series, months x SERIES.
    pub monthly: Vec<f64>,
    month_contacts: f64,
    month_ooh: f64,
    month_wait_sum: f64,
    month_wait_n: f64,
}

impl Recorder {
    /// Empty accumulators for `months` measured months.
    pub fn new(months: usize) -> Self {
        Self {
            counted: Counted::default(),
            ledger: GpLedger::default(),
            gp_contacts: [0.0; GP_BANDS],
            gp_psychosocial: 0.0,
            gp_econsults: 0.0,
            gp_face_to_face: 0.0,
            gp_phone: 0.0,
            practice_nurse: 0.0,
            diverted: 0.0,
            spilled: 0.0,
            out_of_hours: 0.0,
            emergency: 0.0,
            emergency_frail: 0.0,
            nursing_hours: 0.0,
            welfare_contacts: 0.0,
            meeting_visits: 0.0,
            dropouts: 0.0,
            admissions_65plus: 0.0,
            admission_age_sum: 0.0,
            stays_observed: 0.0,
            stays_over_4y: 0.0,
            deaths_80plus: 0.0,
            informal_hours: 0.0,
            cost: [0.0; 4],
            cost_interventions: 0.0,
            slots_used: 0.0,
            slots_available: 0.0,
            wait_sum: 0.0,
            wait_n: 0.0,
            wait_within_3: 0.0,
            wait_hist: vec![0; WAIT_BINS + 1],
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
            any_contact_sum: 0.0,
            nursing_clients_sum: 0.0,
            years: 0.0,
            monthly: Vec::with_capacity(months * SERIES.len()),
            month_contacts: 0.0,
            month_ooh: 0.0,
            month_wait_sum: 0.0,
            month_wait_n: 0.0,
        }
    }

    /// A GP-practice contact of a resident in `band`.
    #[inline]
    pub fn gp_contact(&mut self, band: usize) {
        self.gp_contacts[band] += 1.0;
        self.month_contacts += 1.0;
    }

    /// An out-of-hours contact.
    #[inline]
    pub fn out_of_hours_contact(&mut self, price: f64) {
        self.out_of_hours += 1.0;
        self.month_ooh += 1.0;
        self.cost[ZVW] += price;
    }

    /// A routine request seen after `wait_days` calendar days and `workdays` working days.
    #[inline]
    pub fn routine_wait(&mut self, wait_days: f64, workdays: u32) {
        self.wait_sum += wait_days;
        self.wait_n += 1.0;
        self.month_wait_sum += wait_days;
        self.month_wait_n += 1.0;
        if workdays <= 3 {
            self.wait_within_3 += 1.0;
        }
        let bin = ((wait_days / WAIT_BIN_DAYS) as usize).min(WAIT_BINS);
        self.wait_hist[bin] += 1;
    }

    /// Add one monthly snapshot of point prevalences (each `Some((num, den))`).
    pub fn snapshot(&mut self, shares: &[(Share, f64, f64)]) {
        for (share, num, den) in shares {
            let value = match share {
                Share::Residents | Share::NursingWaiting => *num,
                Share::PatientsPerFte => num / den,
                _ if *den > 0.0 => num / den,
                _ => 0.0,
            };
            self.share_sums[*share as usize] += value;
        }
        self.snapshots += 1.0;
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

    /// Close a measured month: append its series row.
    pub fn close_month(
        &mut self,
        residents: f64,
        at_home: f64,
        heavy: f64,
        severe: f64,
        reliant: f64,
        nursing75: f64,
    ) {
        let annual = 12.0;
        let per_home = if at_home > 0.0 { 1.0 / at_home } else { 0.0 };
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
        ];
        debug_assert_eq!(row.len(), SERIES.len());
        self.monthly.extend_from_slice(&row);
        self.month_contacts = 0.0;
        self.month_ooh = 0.0;
        self.month_wait_sum = 0.0;
        self.month_wait_n = 0.0;
    }

    /// Discard month counters gathered during warm-up.
    pub fn reset_month(&mut self) {
        self.month_contacts = 0.0;
        self.month_ooh = 0.0;
        self.month_wait_sum = 0.0;
        self.month_wait_n = 0.0;
    }

    /// Close a measured calendar year.
    pub fn close_year(&mut self, any_contact_share: f64, nursing_clients_share: f64) {
        self.any_contact_sum += any_contact_share;
        self.nursing_clients_sum += nursing_clients_share;
        self.years += 1.0;
    }

    fn share(&self, s: Share) -> f64 {
        if self.snapshots > 0.0 {
            self.share_sums[s as usize] / self.snapshots
        } else {
            0.0
        }
    }

    fn wait_p90(&self) -> f64 {
        let total: u64 = self.wait_hist.iter().map(|&c| c as u64).sum();
        if total == 0 {
            return 0.0;
        }
        let target = 0.9 * total as f64;
        let mut cumulative = 0.0;
        for (bin, &count) in self.wait_hist.iter().enumerate() {
            let next = cumulative + count as f64;
            if next >= target {
                // Interpolate within the bin.
                let within = if count > 0 {
                    (target - cumulative) / count as f64
                } else {
                    0.0
                };
                return (bin as f64 + within) * WAIT_BIN_DAYS;
            }
            cumulative = next;
        }
        WAIT_BINS as f64 * WAIT_BIN_DAYS
    }

    /// The metrics in [`METRICS`] order.
    pub fn metrics(&self) -> Vec<f64> {
        let mut out = vec![f64::NAN; METRICS.len()];
        let mut set = |name: &str, value: f64| {
            out[metric_index(name).unwrap_or_else(|| panic!("no metric {name}"))] = value;
        };
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let py_home: f64 = self.py_home.iter().sum();
        let contacts: f64 = self.gp_contacts.iter().sum();
        let per_1000 = |x: f64| ratio(x * 1000.0, py_home);
        let years = self.years.max(1.0);
        set("residents", self.share(Share::Residents));
        set("share_65plus", self.january_share(Share::Age65));
        set("share_75plus", self.january_share(Share::Age75));
        set("share_85plus", self.january_share(Share::Age85));
        set("patients_per_gp_fte", self.share(Share::PatientsPerFte));
        set("gp_contacts_per_resident_year", ratio(contacts, py_home));
        let bands = ["0_4", "5_17", "18_44", "45_64", "65_74", "75_84", "85plus"];
        for (b, suffix) in bands.iter().enumerate() {
            set(
                &format!("gp_contacts_per_resident_year_{suffix}"),
                ratio(self.gp_contacts[b], self.py_home[b]),
            );
        }
        set(
            "gp_any_contact_share",
            ratio(self.any_contact_sum, self.years),
        );
        set(
            "gp_psychosocial_contacts_per_1000_year",
            per_1000(self.gp_psychosocial),
        );
        set(
            "gp_econsult_contacts_per_1000_year",
            per_1000(self.gp_econsults),
        );
        set(
            "gp_face_to_face_contacts_per_1000_year",
            per_1000(self.gp_face_to_face),
        );
        set("gp_phone_contacts_per_1000_year", per_1000(self.gp_phone));
        set(
            "practice_nurse_contacts_per_1000_year",
            per_1000(self.practice_nurse),
        );
        set(
            "gp_utilisation",
            ratio(self.slots_used, self.slots_available),
        );
        set("gp_wait_days_mean", ratio(self.wait_sum, self.wait_n));
        set("gp_wait_days_p90", self.wait_p90());
        set(
            "gp_routine_seen_within_3_workdays_share",
            ratio(self.wait_within_3, self.wait_n),
        );
        set(
            "gp_requests_diverted_per_1000_year",
            per_1000(self.diverted),
        );
        set("gp_requests_spilled_per_1000_year", per_1000(self.spilled));
        set(
            "out_of_hours_contacts_per_1000_year",
            per_1000(self.out_of_hours),
        );
        set("emergency_visits_per_1000_year", per_1000(self.emergency));
        set(
            "emergency_visits_frail_per_1000_year",
            ratio(self.emergency_frail * 1000.0, self.py_frail_home),
        );
        set(
            "district_nursing_clients_share_year",
            ratio(self.nursing_clients_sum, self.years),
        );
        set(
            "district_nursing_hours_per_1000_year",
            per_1000(self.nursing_hours),
        );
        set(
            "district_nursing_waiting_clients",
            self.share(Share::NursingWaiting),
        );
        set(
            "home_help_users_share_75_84",
            self.share(Share::HomeHelp7584),
        );
        set(
            "home_help_users_share_85plus",
            self.share(Share::HomeHelp85),
        );
        set(
            "welfare_contacts_per_1000_year",
            per_1000(self.welfare_contacts),
        );
        set(
            "meeting_place_visits_per_1000_year",
            per_1000(self.meeting_visits),
        );
        set("carers_share_adults", self.share(Share::CarersAdults));
        set("carer_hours_per_week_mean", self.share(Share::CarerHours));
        set(
            "carers_heavily_burdened_share",
            self.share(Share::CarersHeavy),
        );
        set(
            "carer_dropouts_per_1000_carers_year",
            ratio(self.dropouts * 1000.0, self.carer_years),
        );
        set(
            "informal_care_receivers_share_75plus",
            self.share(Share::Receivers75),
        );
        set(
            "adl_limited_share_75plus_home",
            self.share(Share::Limited75),
        );
        set(
            "unmet_need_hours_per_week_75plus_home",
            self.share(Share::Unmet75),
        );
        set(
            "self_reliant_share_65plus",
            self.share(Share::SelfReliant65),
        );
        set("lonely_share_adults", self.share(Share::LonelyAdults));
        set(
            "severely_lonely_share_adults",
            self.share(Share::SevereAdults),
        );
        set("lonely_share_75plus", self.share(Share::Lonely75));
        set("severely_lonely_share_75plus", self.share(Share::Severe75));
        set("lonely_share_85plus", self.share(Share::Lonely85));
        set("severely_lonely_share_85plus", self.share(Share::Severe85));
        set(
            "meeting_place_members_share_65plus",
            self.share(Share::Members65),
        );
        set(
            "nursing_home_share_75plus",
            self.share(Share::NursingHome75),
        );
        set(
            "nursing_home_admissions_per_1000_65plus_year",
            ratio(self.admissions_65plus * 1000.0, self.py_65_home),
        );
        set(
            "nursing_home_admission_age_mean",
            ratio(self.admission_age_sum, self.counted.admissions),
        );
        set(
            "nursing_home_stay_over_4y_share",
            ratio(self.stays_over_4y, self.stays_observed),
        );
        set("death_rate_80plus", ratio(self.deaths_80plus, self.py_80));
        set(
            "days_at_home_per_resident_75plus_year",
            ratio(self.days_home_75, self.py_75),
        );
        set("cost_zvw_eur_year", self.cost[ZVW] / years);
        set("cost_wmo_eur_year", self.cost[WMO] / years);
        set("cost_wlz_eur_year", self.cost[WLZ] / years);
        set("cost_gemeente_eur_year", self.cost[GEMEENTE] / years);
        set(
            "cost_interventions_eur_year",
            self.cost_interventions / years,
        );
        set("cost_total_eur_year", self.cost.iter().sum::<f64>() / years);
        set("informal_care_hours_year", self.informal_hours / years);
        let c = &self.counted;
        let per_year = |x: f64| x / years;
        for (name, value) in [
            ("ledger_gp_requests_to_welfare_per_year", c.to_welfare),
            (
                "ledger_gp_requests_to_meeting_place_per_year",
                c.to_meeting_place,
            ),
            (
                "ledger_gp_requests_by_econsult_per_year",
                c.econsult_requests,
            ),
            (
                "ledger_econsults_for_face_to_face_per_year",
                c.econsult_for_face_to_face,
            ),
            ("ledger_econsults_for_phone_per_year", c.econsult_for_phone),
            (
                "ledger_econsult_face_to_face_follow_ups_per_year",
                c.econsult_follow_up_face_to_face,
            ),
            ("ledger_gp_face_to_face_consults_per_year", c.face_to_face),
            ("ledger_respite_hours_per_year", c.respite_hours),
            (
                "ledger_psychosocial_problems_per_year",
                c.psychosocial_problems,
            ),
            ("ledger_crises_per_year", c.crises),
            ("ledger_emergency_visits_per_year", self.emergency),
            ("ledger_loneliness_onsets_per_year", c.loneliness_onsets),
            (
                "ledger_severe_loneliness_onsets_per_year",
                c.severe_loneliness_onsets,
            ),
            ("ledger_frailty_onsets_per_year", c.frailty_onsets),
            (
                "ledger_carers_heavily_burdened_onsets_per_year",
                c.heavy_burden_onsets,
            ),
            ("ledger_carer_dropouts_per_year", self.dropouts),
            ("ledger_nursing_home_admissions_per_year", c.admissions),
            ("ledger_nursing_home_days_per_year", c.nursing_home_days),
            ("ledger_days_at_home_75plus_per_year", c.home_days_75),
            ("ledger_programme_cost_zvw_eur_year", c.programme_cost[ZVW]),
            ("ledger_programme_cost_wmo_eur_year", c.programme_cost[WMO]),
            ("ledger_programme_cost_wlz_eur_year", c.programme_cost[WLZ]),
            (
                "ledger_programme_cost_gemeente_eur_year",
                c.programme_cost[GEMEENTE],
            ),
        ] {
            set(name, per_year(value));
        }
        out
    }
}
