//! Outcome definitions: the names, units and meaning of every metric one
//! replication reports, and the monthly series.
//!
//! Rates are per year, averaged over the measured years (after warm-up).
//! Shares are mean point prevalences over the monthly snapshots after
//! warm-up, unless the definition says "during a year".

/// Definition of one reported metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricDef {
    /// Column name in the CSV files.
    pub name: &'static str,
    /// Unit, as written in `summary.csv`.
    pub unit: &'static str,
    /// Definition: numerator and denominator.
    pub description: &'static str,
}

const fn m(name: &'static str, unit: &'static str, description: &'static str) -> MetricDef {
    MetricDef {
        name,
        unit,
        description,
    }
}

/// Every metric of a replication, in column order.
pub const METRICS: &[MetricDef] = &[
    m("residents", "persons", "residents alive in the district (at home or in a nursing home), mean of monthly snapshots"),
    m("share_65plus", "share", "residents aged 65+ / all residents (home and nursing home), point prevalence on 1 January of each measured year"),
    m("share_75plus", "share", "residents aged 75+ / all residents, point prevalence on 1 January"),
    m("share_85plus", "share", "residents aged 85+ / all residents, point prevalence on 1 January"),
    m("patients_per_gp_fte", "residents/FTE", "residents at home (registered patients) / GP FTE, point prevalence"),
    m("gp_contacts_per_resident_year", "contacts/resident/year", "GP-practice contacts (consults, phone, e-consults, practice nurse) / person-years at home"),
    m("gp_contacts_per_resident_year_0_4", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 0-4"),
    m("gp_contacts_per_resident_year_5_17", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 5-17"),
    m("gp_contacts_per_resident_year_18_44", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 18-44"),
    m("gp_contacts_per_resident_year_45_64", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 45-64"),
    m("gp_contacts_per_resident_year_65_74", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 65-74"),
    m("gp_contacts_per_resident_year_75_84", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 75-84"),
    m("gp_contacts_per_resident_year_85plus", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 85+ at home"),
    m("gp_any_contact_share", "share", "residents at home all calendar year with at least one GP-practice contact in it / those residents"),
    m("gp_psychosocial_contacts_per_1000_year", "contacts/1000 residents/year", "GP contacts for psychosocial problems per 1,000 person-years at home"),
    m("gp_econsult_contacts_per_1000_year", "contacts/1000 residents/year", "e-consults per 1,000 person-years at home"),
    m("gp_face_to_face_contacts_per_1000_year", "contacts/1000 residents/year", "face-to-face GP consults per 1,000 person-years at home"),
    m("gp_phone_contacts_per_1000_year", "contacts/1000 residents/year", "telephone GP contacts per 1,000 person-years at home"),
    m("practice_nurse_contacts_per_1000_year", "contacts/1000 residents/year", "practice-nurse (POH-ouderen) contacts per 1,000 person-years at home"),
    m("gp_utilisation", "share", "GP slots used / GP slots available on working days"),
    m("gp_wait_days_mean", "days", "calendar days from a routine request to its consult, mean"),
    m("gp_wait_days_p90", "days", "calendar days from a routine request to its consult, 90th percentile"),
    m("gp_routine_seen_within_3_workdays_share", "share", "routine requests seen within 3 working days / routine requests seen"),
    m("gp_requests_diverted_per_1000_year", "requests/1000 residents/year", "psychosocial requests diverted from the GP to welfare or the meeting place per 1,000 person-years"),
    m("gp_requests_spilled_per_1000_year", "requests/1000 residents/year", "requests that went to out-of-hours care because the GP wait was too long, per 1,000 person-years"),
    m("out_of_hours_contacts_per_1000_year", "contacts/1000 residents/year", "out-of-hours GP service contacts (urgent out of hours, crises, spill) per 1,000 person-years at home"),
    m("emergency_visits_per_1000_year", "visits/1000 residents/year", "emergency department visits per 1,000 person-years at home"),
    m("emergency_visits_frail_per_1000_year", "visits/1000 frail residents/year", "emergency visits of frail or care-dependent residents per 1,000 person-years of frail or care-dependent residents at home"),
    m("district_nursing_clients_share_year", "share", "residents who received district nursing during a year / residents, mean over years"),
    m("district_nursing_hours_per_1000_year", "hours/1000 residents/year", "district nursing hours (care and case management) per 1,000 person-years"),
    m("district_nursing_waiting_clients", "persons", "residents on the district-nursing waiting list, point prevalence"),
    m("home_help_users_share_75_84", "share", "residents 75-84 at home receiving Wmo home help / residents 75-84 at home, point prevalence"),
    m("home_help_users_share_85plus", "share", "residents 85+ at home receiving Wmo home help / residents 85+ at home, point prevalence"),
    m("welfare_contacts_per_1000_year", "contacts/1000 residents/year", "welfare / social-work contacts per 1,000 person-years"),
    m("meeting_place_visits_per_1000_year", "visits/1000 residents/year", "meeting-place visits per 1,000 person-years"),
    m("carers_share_adults", "share", "residents 20+ at home who give informal care (in or outside the district) / residents 20+ at home, point prevalence"),
    m("carer_hours_per_week_mean", "hours/week", "mean hours per week given by active carers (all carers of residents, and residents caring outside), point prevalence"),
    m("carers_heavily_burdened_share", "share", "active carers whose burden exceeds the heavy-burden threshold / active carers, point prevalence"),
    m("carer_dropouts_per_1000_carers_year", "dropouts/1000 carers/year", "carers who stopped because of burden per 1,000 carer-years"),
    m("informal_care_receivers_share_75plus", "share", "residents 75+ at home receiving informal care / residents 75+ at home, point prevalence"),
    m("adl_limited_share_75plus_home", "share", "residents 75+ at home who are frail or care-dependent / residents 75+ at home, point prevalence"),
    m("unmet_need_hours_per_week_75plus_home", "hours/week", "mean unmet ADL hours per week among residents 75+ at home, point prevalence"),
    m("self_reliant_share_65plus", "share", "residents 65+ at home with self-reliance score 4 or 5 / residents 65+ at home, point prevalence"),
    m("lonely_share_adults", "share", "residents 18+ at home moderately or severely lonely / residents 18+ at home, point prevalence"),
    m("severely_lonely_share_adults", "share", "residents 18+ at home severely lonely / residents 18+ at home, point prevalence"),
    m("lonely_share_75plus", "share", "as lonely_share_adults, ages 75+ at home"),
    m("severely_lonely_share_75plus", "share", "as severely_lonely_share_adults, ages 75+ at home"),
    m("lonely_share_85plus", "share", "as lonely_share_adults, ages 85+ at home"),
    m("severely_lonely_share_85plus", "share", "as severely_lonely_share_adults, ages 85+ at home"),
    m("meeting_place_members_share_65plus", "share", "residents 65+ at home who are meeting-place members / residents 65+ at home, point prevalence"),
    m("nursing_home_share_75plus", "share", "residents 75+ in a nursing home / all residents 75+ (home and nursing home), point prevalence"),
    m("nursing_home_admissions_per_1000_65plus_year", "admissions/1000 residents 65+/year", "nursing-home admissions per 1,000 person-years of residents 65+ at home"),
    m("nursing_home_admission_age_mean", "years", "mean age at nursing-home admission (admissions of any age in the measured years)"),
    m("nursing_home_stay_over_4y_share", "share", "nursing-home admissions still in the home four years later / admissions that four measured years can follow (those in the first measured years minus four)"),
    m("death_rate_80plus", "deaths/person/year", "deaths of residents 80+ (home and nursing home) / person-years of residents 80+"),
    m("days_at_home_per_resident_75plus_year", "days/resident/year", "days lived at home by residents 75+ / person-years of residents 75+ (home and nursing home)"),
    m("cost_zvw_eur_year", "EUR/year", "Zvw cost: GP, practice nurse, out-of-hours, emergency, district nursing, and Zvw-paid interventions"),
    m("cost_wmo_eur_year", "EUR/year", "Wmo cost: home help, respite day activities, and Wmo-paid interventions"),
    m("cost_wlz_eur_year", "EUR/year", "Wlz cost: nursing-home days (counted from admission and death times, as ledger_nursing_home_days_per_year) x the day price, and Wlz-paid interventions"),
    m("cost_gemeente_eur_year", "EUR/year", "municipal cost outside the Wmo: welfare contacts, and gemeente-paid interventions"),
    m("cost_interventions_eur_year", "EUR/year", "the interventions' own cost (already included in the payer columns)"),
    m("cost_total_eur_year", "EUR/year", "cost_zvw + cost_wmo + cost_wlz + cost_gemeente"),
    m("informal_care_hours_year", "hours/year", "informal care hours given to residents of the district per year"),
    // Shift ledger: district totals per measured year, each incremented at the event it names.
    m("ledger_gp_requests_to_welfare_per_year", "requests/year", "psychosocial problems diverted from the GP to a welfare worker (by a programme's diversion share; residents not meeting-place members), counted at the diversion"),
    m("ledger_gp_requests_to_meeting_place_per_year", "requests/year", "psychosocial problems of meeting-place members diverted from the GP to the meeting place, counted at the diversion"),
    m("ledger_gp_requests_by_econsult_per_year", "requests/year", "routine GP requests made as an e-consult (hybrid care), counted at the routing decision"),
    m("ledger_econsults_for_face_to_face_per_year", "requests/year", "e-consult requests that would have been a face-to-face consult without hybrid care (same random number), counted at the routing decision"),
    m("ledger_econsults_for_phone_per_year", "requests/year", "e-consult requests that would have been a telephone contact without hybrid care, counted at the routing decision"),
    m("ledger_econsult_face_to_face_follow_ups_per_year", "consults/year", "face-to-face follow-up consults queued after an answered e-consult, counted when queued"),
    m("ledger_gp_face_to_face_consults_per_year", "consults/year", "face-to-face GP consults given (urgent, routine and follow-ups), counted at the consult"),
    m("ledger_respite_hours_per_year", "hours/year", "carers' hours taken over by respite day activities (carer support), counted in the weekly care allocation"),
    m("ledger_psychosocial_problems_per_year", "problems/year", "psychosocial problems arising (before routing to the GP or elsewhere), counted at onset"),
    m("ledger_crises_per_year", "crises/year", "crises (emergency visit or out-of-hours contact), counted at the crisis"),
    m("ledger_emergency_visits_per_year", "visits/year", "emergency department visits, counted at the visit"),
    m("ledger_loneliness_onsets_per_year", "onsets/year", "adults at home who become lonely (not lonely to moderately lonely), counted at the transition"),
    m("ledger_severe_loneliness_onsets_per_year", "onsets/year", "adults at home who become severely lonely (moderately to severely lonely), counted at the transition"),
    m("ledger_frailty_onsets_per_year", "onsets/year", "residents at home who become frail (pre-frail to frail), counted at the transition"),
    m("ledger_carers_heavily_burdened_onsets_per_year", "onsets/year", "care relationships whose burden crosses the heavy-burden threshold upwards, counted in the weekly burden update"),
    m("ledger_carer_dropouts_per_year", "dropouts/year", "carers who stop because of burden, counted at the drop-out"),
    m("ledger_nursing_home_admissions_per_year", "admissions/year", "nursing-home admissions (any age), counted at the admission"),
    m("ledger_nursing_home_days_per_year", "days/year", "days spent in a nursing home within the measured years, from admission and death times"),
    m("ledger_days_at_home_75plus_per_year", "days/year", "days lived at home at age 75+ within the measured years, from arrival, 75th birthday and leaving times"),
    m("ledger_programme_cost_zvw_eur_year", "EUR/year", "the programmes' own cost paid under the Zvw (included in cost_zvw_eur_year)"),
    m("ledger_programme_cost_wmo_eur_year", "EUR/year", "the programmes' own cost paid under the Wmo (included in cost_wmo_eur_year)"),
    m("ledger_programme_cost_wlz_eur_year", "EUR/year", "the programmes' own cost paid under the Wlz (included in cost_wlz_eur_year)"),
    m("ledger_programme_cost_gemeente_eur_year", "EUR/year", "the programmes' own cost paid by the gemeente outside the Wmo (included in cost_gemeente_eur_year)"),
];

/// Monthly series written to `timeseries.csv` (one value per month after warm-up).
pub const SERIES: &[MetricDef] = &[
    m(
        "residents",
        "persons",
        "residents alive in the district at the end of the month",
    ),
    m(
        "gp_contacts_per_resident_year",
        "contacts/resident/year",
        "GP-practice contacts in the month, annualised, per resident at home",
    ),
    m(
        "gp_wait_days_mean",
        "days",
        "mean wait of routine requests seen in the month",
    ),
    m(
        "out_of_hours_contacts_per_1000_year",
        "contacts/1000 residents/year",
        "out-of-hours contacts in the month, annualised, per 1,000 residents at home",
    ),
    m(
        "carers_heavily_burdened_share",
        "share",
        "heavily burdened carers / active carers at the end of the month",
    ),
    m(
        "severely_lonely_share_adults",
        "share",
        "severely lonely adults at home / adults at home at the end of the month",
    ),
    m(
        "self_reliant_share_65plus",
        "share",
        "self-reliant residents 65+ at home / residents 65+ at home at the end of the month",
    ),
    m(
        "nursing_home_share_75plus",
        "share",
        "residents 75+ in a nursing home / residents 75+ at the end of the month",
    ),
];

/// Position of a metric in [`METRICS`], by name.
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|d| d.name == name)
}

/// What one replication produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationResult {
    /// Replication index (0-based).
    pub replication: u64,
    /// One value per entry of [`METRICS`], in order.
    pub metrics: Vec<f64>,
    /// Months after warm-up x [`SERIES`], row-major.
    pub monthly: Vec<f64>,
    /// Events handled (for speed figures).
    pub events: u64,
}

impl ReplicationResult {
    /// The value of a metric by name (panics on an unknown name: a programming error).
    pub fn metric(&self, name: &str) -> f64 {
        self.metrics[metric_index(name).unwrap_or_else(|| panic!("unknown metric {name}"))]
    }
}
