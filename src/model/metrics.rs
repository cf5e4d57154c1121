//! Metric ids and definitions: every number one replication reports, as
//! a typed id ([`Metric`]) with its column name, unit and meaning, in
//! column order, and the monthly series.
//!
//! A component sets its metrics through [`MetricValues::set`] with a
//! [`Metric`] id, so a metric that is set but not declared does not
//! compile; a unit test (`recorder::tests`) checks that every declared
//! metric is set exactly once. This module owns names and order only: it
//! knows nothing about how a value is counted.
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

/// Declares the [`Metric`] ids and [`METRICS`] from one list, so the two
/// cannot drift apart: the id's position is the column.
macro_rules! metric_table {
    ($($(#[$doc:meta])* $id:ident: $name:literal, $unit:literal, $description:literal;)*) => {
        /// Typed id of a reported metric; `id as usize` is its column in
        /// [`METRICS`] and in [`ReplicationResult::metrics`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Metric {
            $($(#[$doc])* #[doc = $description] $id,)*
        }

        impl Metric {
            /// Every metric, in column order.
            pub const ALL: &'static [Metric] = &[$(Metric::$id),*];

            /// Its definition.
            pub fn def(self) -> &'static MetricDef {
                &METRICS[self as usize]
            }
        }

        /// Every metric of a replication, in column order.
        pub const METRICS: &[MetricDef] = &[$(m($name, $unit, $description)),*];
    };
}

metric_table! {
    Residents: "residents", "persons", "residents alive in the district (at home or in a nursing home), mean of monthly snapshots";
    Share65plus: "share_65plus", "share", "residents aged 65+ / all residents (home and nursing home), point prevalence on 1 January of each measured year";
    Share75plus: "share_75plus", "share", "residents aged 75+ / all residents, point prevalence on 1 January";
    Share85plus: "share_85plus", "share", "residents aged 85+ / all residents, point prevalence on 1 January";
    PatientsPerGpFte: "patients_per_gp_fte", "residents/FTE", "residents at home (registered patients) / GP FTE, point prevalence";
    GpContactsPerResidentYear: "gp_contacts_per_resident_year", "contacts/resident/year", "GP-practice contacts (consults, phone, e-consults, practice nurse) / person-years at home";
    GpContactsPerResidentYear04: "gp_contacts_per_resident_year_0_4", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 0-4";
    GpContactsPerResidentYear517: "gp_contacts_per_resident_year_5_17", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 5-17";
    GpContactsPerResidentYear1844: "gp_contacts_per_resident_year_18_44", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 18-44";
    GpContactsPerResidentYear4564: "gp_contacts_per_resident_year_45_64", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 45-64";
    GpContactsPerResidentYear6574: "gp_contacts_per_resident_year_65_74", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 65-74";
    GpContactsPerResidentYear7584: "gp_contacts_per_resident_year_75_84", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 75-84";
    GpContactsPerResidentYear85plus: "gp_contacts_per_resident_year_85plus", "contacts/resident/year", "as gp_contacts_per_resident_year, ages 85+ at home";
    GpAnyContactShare: "gp_any_contact_share", "share", "residents at home all calendar year with at least one GP-practice contact in it / those residents";
    GpPsychosocialContactsPer1000Year: "gp_psychosocial_contacts_per_1000_year", "contacts/1000 residents/year", "GP contacts for psychosocial problems per 1,000 person-years at home";
    GpEconsultContactsPer1000Year: "gp_econsult_contacts_per_1000_year", "contacts/1000 residents/year", "e-consults per 1,000 person-years at home";
    GpFaceToFaceContactsPer1000Year: "gp_face_to_face_contacts_per_1000_year", "contacts/1000 residents/year", "face-to-face GP consults per 1,000 person-years at home";
    GpPhoneContactsPer1000Year: "gp_phone_contacts_per_1000_year", "contacts/1000 residents/year", "telephone GP contacts per 1,000 person-years at home";
    PracticeNurseContactsPer1000Year: "practice_nurse_contacts_per_1000_year", "contacts/1000 residents/year", "practice-nurse (POH-ouderen) contacts per 1,000 person-years at home";
    GpHomeVisitsPer1000Year: "gp_home_visits_per_1000_year", "visits/1000 residents/year", "GP home visits (also counted as face-to-face consults) per 1,000 person-years at home";
    GpUtilisation: "gp_utilisation", "share", "GP contact minutes used / GP contact minutes available on working days (all practices)";
    GpContactsMondayToFridayRatio: "gp_contacts_monday_to_friday_ratio", "ratio", "GP-practice contacts on Mondays / contacts on Fridays (the weekly pattern)";
    GpWaitDaysMean: "gp_wait_days_mean", "days", "calendar days from a routine request to its consult, mean";
    GpWaitDaysP90: "gp_wait_days_p90", "days", "calendar days from a routine request to its consult, 90th percentile";
    GpRoutineSeenWithin3WorkdaysShare: "gp_routine_seen_within_3_workdays_share", "share", "routine requests seen within 3 working days of the request / all routine requests made (those who gave up, went to out-of-hours care or are still waiting count as not seen)";
    GpRequestsDivertedPer1000Year: "gp_requests_diverted_per_1000_year", "requests/1000 residents/year", "psychosocial requests diverted from the GP to welfare or the meeting place per 1,000 person-years";
    GpRequestsSpilledPer1000Year: "gp_requests_spilled_per_1000_year", "requests/1000 residents/year", "requests that went to out-of-hours care because the GP wait was too long, per 1,000 person-years";
    GpRequestsGaveUpPer1000Year: "gp_requests_gave_up_per_1000_year", "requests/1000 residents/year", "routine requests whose patient gave up (no appointment within the wait they accept) per 1,000 person-years at home";
    OutOfHoursContactsPer1000Year: "out_of_hours_contacts_per_1000_year", "contacts/1000 residents/year", "out-of-hours GP service contacts (urgent out of hours, crises, spill) per 1,000 person-years at home";
    OutOfHoursContactsPer1000Year04: "out_of_hours_contacts_per_1000_year_0_4", "contacts/1000 residents 0-4/year", "as out_of_hours_contacts_per_1000_year, ages 0-4";
    OutOfHoursContactsPer1000Year85plus: "out_of_hours_contacts_per_1000_year_85plus", "contacts/1000 residents 85+/year", "as out_of_hours_contacts_per_1000_year, ages 85+ at home";
    EmergencyVisitsPer1000Year: "emergency_visits_per_1000_year", "visits/1000 residents/year", "emergency department visits per 1,000 person-years at home";
    EmergencyVisitsFrailPer1000Year: "emergency_visits_frail_per_1000_year", "visits/1000 frail residents/year", "emergency visits of frail or care-dependent residents per 1,000 person-years of frail or care-dependent residents at home";
    EmergencyVisitsPer100075plusYear: "emergency_visits_per_1000_75plus_year", "visits/1000 residents 75+/year", "emergency department visits of residents 75+ per 1,000 person-years of residents 75+ at home";
    HospitalAdmissionsPer1000Year: "hospital_admissions_per_1000_year", "admissions/1000 residents/year", "clinical hospital admissions (at least one night; acute after an emergency visit, and planned) per 1,000 person-years of all residents (nursing home included, as CBS divides by the whole population; nursing-home residents are not admitted in the model)";
    HospitalAdmissionsPer10006574Year: "hospital_admissions_per_1000_65_74_year", "admissions/1000 residents 65-74/year", "clinical admissions of residents 65-74 per 1,000 person-years of all residents 65-74";
    HospitalAdmissionsPer10007584Year: "hospital_admissions_per_1000_75_84_year", "admissions/1000 residents 75-84/year", "clinical admissions of residents 75-84 per 1,000 person-years of all residents 75-84";
    HospitalAdmissionsPer100085plusYear: "hospital_admissions_per_1000_85plus_year", "admissions/1000 residents 85+/year", "clinical admissions of residents 85+ per 1,000 person-years of all residents 85+";
    HospitalAcuteAdmissionsFrailPer1000Year: "hospital_acute_admissions_frail_per_1000_year", "admissions/1000 frail residents/year", "acute clinical admissions (after an emergency visit) of frail or care-dependent residents per 1,000 person-years of frail or care-dependent residents at home";
    HospitalDaysPer1000Year: "hospital_days_per_1000_year", "days/1000 residents/year", "days in hospital within the measured years per 1,000 person-years of all residents";
    HospitalLengthOfStayMean75plus: "hospital_length_of_stay_mean_75plus", "days", "mean length of the clinical stays of residents 75+ at admission that ended in the measured years (discharge or death)";
    ShortStayAdmissionsPer100065plusYear: "short_stay_admissions_per_1000_65plus_year", "stays/1000 residents 65+/year", "short-term stays (eerstelijnsverblijf) after a hospital stay started by residents 65+ per 1,000 person-years of all residents 65+";
    RehabAdmissionsPer100065plusYear: "rehab_admissions_per_1000_65plus_year", "stays/1000 residents 65+/year", "geriatric-rehabilitation stays after a hospital stay started by residents 65+ per 1,000 person-years of all residents 65+";
    DeathsInHospitalShare65plus: "deaths_in_hospital_share_65plus", "share", "deaths of residents 65+ during a hospital stay / all deaths of residents 65+ (home, hospital and nursing home)";
    DistrictNursingClientsShareYear: "district_nursing_clients_share_year", "share", "residents who received any district nursing during a calendar year (including those who died, moved or were admitted later that year) / person-years of residents (home and nursing home), over the measured years";
    DistrictNursingClientsShareMonth: "district_nursing_clients_share_month", "share", "residents who received any district nursing during a month / residents that month, mean over measured months";
    DistrictNursingHoursPerClientYear: "district_nursing_hours_per_client_year", "hours/client/year", "district nursing care hours per year (not the nurse link's case management) / clients per year (district_nursing_clients_share_year's numerator)";
    DistrictNursingSpendingPerClientYear: "district_nursing_spending_per_client_year", "EUR/client/year", "district_nursing_hours_per_client_year x costs.district_nursing_eur_per_hour";
    DistrictNursingHoursPer1000Year: "district_nursing_hours_per_1000_year", "hours/1000 residents/year", "district nursing hours (care and case management) per 1,000 person-years";
    DistrictNursingWaitingClients: "district_nursing_waiting_clients", "persons", "residents on the district-nursing waiting list, point prevalence";
    DistrictNursingWaitingWeeksMean: "district_nursing_waiting_weeks_mean", "weeks", "weeks from the assessment (joining the waiting list) to the first week of district nursing, mean over residents admitted in the measured years (admitted the week they were assessed: 0)";
    HomeHelpUsersShare6574: "home_help_users_share_65_74", "share", "residents 65-74 who received Wmo household help during a half-year / all residents 65-74 (home and nursing home, mean over the half-year), over the measured half-years: the CBS Wmo monitor's definition";
    HomeHelpUsersShare7584: "home_help_users_share_75_84", "share", "as home_help_users_share_65_74, ages 75-84 (changed from a point prevalence at home in this version)";
    HomeHelpUsersShare85plus: "home_help_users_share_85plus", "share", "as home_help_users_share_65_74, ages 85+ (changed from a point prevalence at home in this version)";
    HomeHelpWaitingClients: "home_help_waiting_clients", "persons", "residents on the Wmo home-help waiting list, point prevalence";
    HomeHelpWaitingWeeksMean: "home_help_waiting_weeks_mean", "weeks", "weeks from the assessment (joining the waiting list) to the first week of home help, mean over residents admitted in the measured years (admitted the week they were assessed: 0)";
    WelfareContactsPer1000Year: "welfare_contacts_per_1000_year", "contacts/1000 residents/year", "welfare / social-work contacts per 1,000 person-years";
    WelfareWaitWeeksMean: "welfare_wait_weeks_mean", "weeks", "weeks from a psychosocial problem taken by the welfare team to its help, mean over the problems helped in the measured years";
    MeetingPlaceVisitsPer1000Year: "meeting_place_visits_per_1000_year", "visits/1000 residents/year", "meeting-place visits per 1,000 person-years";
    CarersShareAdults: "carers_share_adults", "share", "residents 20+ at home who give informal care (in or outside the district) / residents 20+ at home, point prevalence";
    CarerHoursPerWeekMean: "carer_hours_per_week_mean", "hours/week", "mean hours per week given by active carers (all carers of residents, and residents caring outside), point prevalence";
    CarersHeavilyBurdenedShare: "carers_heavily_burdened_share", "share", "active carers whose burden exceeds the heavy-burden threshold / active carers, point prevalence";
    CarersOfResidentsHeavilyBurdenedPer1000: "carers_of_residents_heavily_burdened_per_1000", "carers/1000 residents", "carers giving care to a resident of the district (partner, child or relative, someone outside, neighbour) whose burden exceeds the heavy-burden threshold, per 1,000 residents, point prevalence: the burden that the district's care can change, counted so that more people starting to give a few hours does not dilute it as it does a share among carers";
    CarerDropoutsPer1000CarersYear: "carer_dropouts_per_1000_carers_year", "dropouts/1000 carers/year", "carers who stopped because of burden per 1,000 carer-years";
    InformalCareHoursPartnerShare: "informal_care_hours_partner_share", "share", "informal care hours given by partners / all informal care hours given to residents, over the measured years";
    CarersShareByRelationshipPartner: "carers_share_by_relationship_partner", "share", "care relationships giving hours to a resident in which the carer is the partner / all such relationships, point prevalence";
    CarersShareByRelationshipChildNearby: "carers_share_by_relationship_child_nearby", "share", "as carers_share_by_relationship_partner, a child or other relative living in the district";
    CarersShareByRelationshipOutside: "carers_share_by_relationship_outside", "share", "as carers_share_by_relationship_partner, a child, relative or friend living outside the district";
    CarersShareByRelationshipNeighbour: "carers_share_by_relationship_neighbour", "share", "as carers_share_by_relationship_partner, a neighbour or friend in the district";
    InformalCareReceiversShare75plus: "informal_care_receivers_share_75plus", "share", "residents 75+ at home receiving informal care / residents 75+ at home, point prevalence";
    AdlLimitedShare75plusHome: "adl_limited_share_75plus_home", "share", "residents 75+ at home with an ADL limitation (at least one ADL item only with great difficulty or only with help; CBS definition) / residents 75+ at home, point prevalence";
    AdlLimitedShare6574Home: "adl_limited_share_65_74_home", "share", "as adl_limited_share_75plus_home, ages 65-74 at home";
    AdlLimitedShare7584Home: "adl_limited_share_75_84_home", "share", "as adl_limited_share_75plus_home, ages 75-84 at home";
    AdlLimitedShare85plusHome: "adl_limited_share_85plus_home", "share", "as adl_limited_share_75plus_home, ages 85+ at home";
    IadlLimitedShare6574Home: "iadl_limited_share_65_74_home", "share", "residents 65-74 at home with an IADL limitation (at least one household task only with great difficulty or only with help; everyone ADL-limited counts as IADL-limited) / residents 65-74 at home, point prevalence";
    IadlLimitedShare75plusHome: "iadl_limited_share_75plus_home", "share", "as iadl_limited_share_65_74_home, ages 75+ at home";
    LivingAloneShare6574: "living_alone_share_65_74", "share", "residents 65-74 at home without a partner at home / residents 65-74 at home (private households), point prevalence";
    LivingAloneShare7584: "living_alone_share_75_84", "share", "as living_alone_share_65_74, ages 75-84 at home";
    LivingAloneShare85plus: "living_alone_share_85plus", "share", "as living_alone_share_65_74, ages 85+ at home";
    LivingAloneShare7089: "living_alone_share_70_89", "share", "residents 70-89 at home without a partner at home / all residents 70-89 (home and nursing home): CBS's definition of the 33% of 70-89-year-olds living alone (institutions in the denominator)";
    PartnerShare7089Home: "partner_share_70_89_home", "share", "residents 70-89 at home living with a partner / residents 70-89 at home, point prevalence";
    UnmetNeedHoursPerWeek75plusHome: "unmet_need_hours_per_week_75plus_home", "hours/week", "mean unmet hours of care per week (personal care and household tasks nobody gives, and episode nursing not given) among residents 75+ at home, point prevalence";
    SelfReliantShare65plus: "self_reliant_share_65plus", "share", "residents 65+ at home whose overall self-reliance (the rounded mean of the six domain scores of the profile) is 4 or 5 / residents 65+ at home, point prevalence";
    SelfReliantDailyLivingShare65plus: "self_reliant_daily_living_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in daily living (no ADL limitation, or one with the need met) / residents 65+ at home, point prevalence";
    SelfReliantDailyLivingShare75plus: "self_reliant_daily_living_share_75plus", "share", "as self_reliant_daily_living_share_65plus, residents 75+";
    SelfReliantHouseholdShare65plus: "self_reliant_household_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in household tasks (no IADL limitation, or one with the need met) / residents 65+ at home, point prevalence";
    SelfReliantHouseholdShare75plus: "self_reliant_household_share_75plus", "share", "as self_reliant_household_share_65plus, residents 75+";
    SelfReliantPhysicalHealthShare65plus: "self_reliant_physical_health_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in physical health (fit or pre-frail, no acute event in 90 days) / residents 65+ at home, point prevalence";
    SelfReliantPhysicalHealthShare75plus: "self_reliant_physical_health_share_75plus", "share", "as self_reliant_physical_health_share_65plus, residents 75+";
    SelfReliantMentalHealthShare65plus: "self_reliant_mental_health_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in mental health (not or moderately lonely, no unresolved psychosocial problem in 90 days for the moderately lonely) / residents 65+ at home, point prevalence";
    SelfReliantMentalHealthShare75plus: "self_reliant_mental_health_share_75plus", "share", "as self_reliant_mental_health_share_65plus, residents 75+";
    SelfReliantSocialNetworkShare65plus: "self_reliant_social_network_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in social network (not lonely) / residents 65+ at home, point prevalence";
    SelfReliantSocialNetworkShare75plus: "self_reliant_social_network_share_75plus", "share", "as self_reliant_social_network_share_65plus, residents 75+";
    SelfReliantParticipationShare65plus: "self_reliant_participation_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in participation (by limitation and age, lower when severely lonely, higher after a meeting-place visit) / residents 65+ at home, point prevalence";
    SelfReliantParticipationShare75plus: "self_reliant_participation_share_75plus", "share", "as self_reliant_participation_share_65plus, residents 75+";
    SelfReliantAllDomainsShare65plus: "self_reliant_all_domains_share_65plus", "share", "residents 65+ at home scoring 4 or 5 in all six domains / residents 65+ at home, point prevalence";
    SelfReliantAllDomainsShare75plus: "self_reliant_all_domains_share_75plus", "share", "as self_reliant_all_domains_share_65plus, residents 75+";
    SelfReliantDailyLivingShareCaredFor65plus: "self_reliant_daily_living_share_cared_for_65plus", "share", "residents 65+ at home with a carer (or whose carer stopped from burden in the last year) scoring 4 or 5 in daily living / those residents, point prevalence";
    SelfReliantHouseholdShareCaredFor65plus: "self_reliant_household_share_cared_for_65plus", "share", "as self_reliant_daily_living_share_cared_for_65plus, in household tasks";
    SelfRelianceDomainsBelow3Mean65plus: "self_reliance_domains_below_3_mean_65plus", "domains", "domains scoring below 3 per resident 65+ at home, mean, point prevalence";
    LonelyShareAdults: "lonely_share_adults", "share", "residents 18+ at home moderately or severely lonely / residents 18+ at home, point prevalence";
    SeverelyLonelyShareAdults: "severely_lonely_share_adults", "share", "residents 18+ at home severely lonely / residents 18+ at home, point prevalence";
    LonelyShare75plus: "lonely_share_75plus", "share", "as lonely_share_adults, ages 75+ at home";
    SeverelyLonelyShare75plus: "severely_lonely_share_75plus", "share", "as severely_lonely_share_adults, ages 75+ at home";
    LonelyShare85plus: "lonely_share_85plus", "share", "as lonely_share_adults, ages 85+ at home";
    SeverelyLonelyShare85plus: "severely_lonely_share_85plus", "share", "as severely_lonely_share_adults, ages 85+ at home";
    MeetingPlaceMembersShare65plus: "meeting_place_members_share_65plus", "share", "residents 65+ at home who are meeting-place members / residents 65+ at home, point prevalence";
    NursingHomeShare75plus: "nursing_home_share_75plus", "share", "residents 75+ in a nursing home / all residents 75+ (home and nursing home), point prevalence";
    NursingHomeAdmissionsPer100065plusYear: "nursing_home_admissions_per_1000_65plus_year", "admissions/1000 residents 65+/year", "nursing-home admissions per 1,000 person-years of residents 65+ at home";
    NursingHomeAdmissionAgeMean: "nursing_home_admission_age_mean", "years", "mean age at nursing-home admission (admissions of any age in the measured years)";
    NursingHomeStayOver4yShare: "nursing_home_stay_over_4y_share", "share", "nursing-home admissions still in the home four years later / admissions that four measured years can follow (those in the first measured years minus four)";
    DeathsPer1000Year: "deaths_per_1000_year", "deaths/1000 residents/year", "deaths of residents of any age (at home, in hospital or in a nursing home they were admitted to from the district) per 1,000 person-years of residents (home and nursing home); CBS's SterfteRelatief counts deaths at the registered address instead, so wijken with a nursing home publish higher rates";
    DeathRate80plus: "death_rate_80plus", "deaths/person/year", "deaths of residents 80+ (home and nursing home) / person-years of residents 80+";
    DaysAtHomePerResident75plusYear: "days_at_home_per_resident_75plus_year", "days/resident/year", "days lived at home (not in hospital, a short-term stay or rehabilitation) by residents 75+ / person-years of residents 75+ (home and nursing home)";
    CostZvwEurYear: "cost_zvw_eur_year", "EUR/year", "Zvw cost: GP, practice nurse, out-of-hours, emergency, hospital, short-term stay, geriatric rehabilitation, district nursing, and Zvw-paid interventions (the cost_zvw_* lines)";
    CostWmoEurYear: "cost_wmo_eur_year", "EUR/year", "Wmo cost: home help, respite day activities, and Wmo-paid interventions";
    CostWlzEurYear: "cost_wlz_eur_year", "EUR/year", "Wlz cost: nursing-home days (counted from admission and death times, as ledger_nursing_home_days_per_year) x the day price, and Wlz-paid interventions";
    CostGemeenteEurYear: "cost_gemeente_eur_year", "EUR/year", "municipal cost outside the Wmo: welfare contacts, and gemeente-paid interventions";
    CostZvwGpEurYear: "cost_zvw_gp_eur_year", "EUR/year", "Zvw cost line: GP consults, telephone contacts, e-consults and practice-nurse contacts";
    CostZvwOutOfHoursEurYear: "cost_zvw_out_of_hours_eur_year", "EUR/year", "Zvw cost line: out-of-hours GP contacts";
    CostZvwEmergencyEurYear: "cost_zvw_emergency_eur_year", "EUR/year", "Zvw cost line: emergency department visits";
    CostZvwHospitalEurYear: "cost_zvw_hospital_eur_year", "EUR/year", "Zvw cost line: hospital days (as ledger_hospital_days_per_year) x the day price";
    CostZvwShortStayEurYear: "cost_zvw_short_stay_eur_year", "EUR/year", "Zvw cost line: short-term stay (eerstelijnsverblijf) days x the day price";
    CostZvwRehabEurYear: "cost_zvw_rehab_eur_year", "EUR/year", "Zvw cost line: geriatric-rehabilitation days x the day price";
    CostZvwDistrictNursingEurYear: "cost_zvw_district_nursing_eur_year", "EUR/year", "Zvw cost line: district-nursing care hours (the nurse link's case management is in ledger_programme_cost_zvw_eur_year); cost_zvw_eur_year = the cost_zvw_* lines + ledger_programme_cost_zvw_eur_year";
    CostInterventionsEurYear: "cost_interventions_eur_year", "EUR/year", "the interventions' own cost (already included in the payer columns)";
    CostTotalEurYear: "cost_total_eur_year", "EUR/year", "cost_zvw + cost_wmo + cost_wlz + cost_gemeente";
    InformalCareHoursYear: "informal_care_hours_year", "hours/year", "informal care hours given to residents of the district per year";
    CarersSupportedShare: "carers_supported_share", "share", "carer-weeks in which carer support supported the carer (found through the contacts of the person cared for, and willing) / carer-weeks with care given, over the measured years";
    CostBorneByCarersEurYear: "cost_borne_by_carers_eur_year", "EUR/year", "informal care hours given to residents x costs.informal_care_eur_per_hour: the value borne by carers, paid by no payer and not part of cost_total";
    // Shift ledger: district totals per measured year, each incremented at the event it names.
    LedgerGpRequestsToWelfarePerYear: "ledger_gp_requests_to_welfare_per_year", "requests/year", "psychosocial problems diverted from the GP to a welfare worker (by a programme's diversion share; residents not meeting-place members; only those the team's queue takes), counted at the diversion";
    LedgerGpRequestsToMeetingPlacePerYear: "ledger_gp_requests_to_meeting_place_per_year", "requests/year", "psychosocial problems of meeting-place members diverted from the GP to the meeting place (only those its queue takes), counted at the diversion";
    LedgerPsychosocialProblemsResolvedPerYear: "ledger_psychosocial_problems_resolved_per_year", "problems/year", "psychosocial problems the welfare team or the meeting place helped and resolved (the resident's loneliness eased one step; the others came back to the GP), counted in the weekly round";
    LedgerSelfRelianceDomainsLost65plusPerYear: "ledger_self_reliance_domains_lost_65plus_per_year", "domains/year", "self-reliance domains of residents 65+ at home that fell from 4 or 5 to below 4 between monthly snapshots (each domain of each resident counts)";
    LedgerSelfRelianceDomainsGained65plusPerYear: "ledger_self_reliance_domains_gained_65plus_per_year", "domains/year", "self-reliance domains of residents 65+ at home that rose to 4 or 5 between monthly snapshots";
    LedgerPsychosocialProblemsBackToGpPerYear: "ledger_psychosocial_problems_back_to_gp_per_year", "problems/year", "psychosocial problems a programme would have diverted but the welfare team or the meeting place could not take (queue full), so they went to the GP; counted at the diversion";
    LedgerGpDelayEscalationsPerYear: "ledger_gp_delay_escalations_per_year", "problems/year", "routine medical problems of frail or care-dependent residents, seen later than gp.escalation_after_workdays, that escalated to an acute event before the consult (gp.escalation_per_week_late), counted at the consult";
    MeetingPlaceWaitWeeksMean: "meeting_place_wait_weeks_mean", "weeks", "weeks from a member's problem taken by the meeting place to its help, mean over the problems helped in the measured years";
    LedgerMeetingPlaceProblemsHelpedPerYear: "ledger_meeting_place_problems_helped_per_year", "problems/year", "members' psychosocial problems helped at the meeting place within its help hours, counted in the weekly round";
    LedgerGpRequestsByEconsultPerYear: "ledger_gp_requests_by_econsult_per_year", "requests/year", "routine GP requests made as an e-consult (hybrid care), counted at the routing decision";
    LedgerEconsultsForFaceToFacePerYear: "ledger_econsults_for_face_to_face_per_year", "requests/year", "e-consult requests that would have been a face-to-face consult without hybrid care (same random number), counted at the routing decision";
    LedgerEconsultsForPhonePerYear: "ledger_econsults_for_phone_per_year", "requests/year", "e-consult requests that would have been a telephone contact without hybrid care, counted at the routing decision";
    LedgerEconsultFaceToFaceFollowUpsPerYear: "ledger_econsult_face_to_face_follow_ups_per_year", "consults/year", "face-to-face follow-up consults queued after an answered e-consult, counted when queued";
    LedgerGpFaceToFaceConsultsPerYear: "ledger_gp_face_to_face_consults_per_year", "consults/year", "face-to-face GP consults given (urgent, routine and follow-ups), counted at the consult";
    LedgerRespiteHoursPerYear: "ledger_respite_hours_per_year", "hours/year", "carers' hours taken over by respite day activities (carer support), counted in the weekly care allocation";
    LedgerPsychosocialProblemsPerYear: "ledger_psychosocial_problems_per_year", "problems/year", "psychosocial problems arising (before routing to the GP or elsewhere), counted at onset";
    LedgerCrisesPerYear: "ledger_crises_per_year", "crises/year", "crises (emergency visit or out-of-hours contact), counted at the crisis";
    LedgerEmergencyVisitsPerYear: "ledger_emergency_visits_per_year", "visits/year", "emergency department visits, counted at the visit";
    LedgerLonelinessOnsetsPerYear: "ledger_loneliness_onsets_per_year", "onsets/year", "adults at home who become lonely (not lonely to moderately lonely), counted at the transition";
    LedgerSevereLonelinessOnsetsPerYear: "ledger_severe_loneliness_onsets_per_year", "onsets/year", "adults at home who become severely lonely (moderately to severely lonely), counted at the transition";
    LedgerFrailtyOnsetsPerYear: "ledger_frailty_onsets_per_year", "onsets/year", "residents at home who gain an ADL limitation (pre-frail, an IADL limitation only, to frail), counted at the transition";
    LedgerCarersHeavilyBurdenedOnsetsPerYear: "ledger_carers_heavily_burdened_onsets_per_year", "onsets/year", "care relationships whose burden crosses the heavy-burden threshold upwards, counted in the weekly burden update";
    LedgerCarerDropoutsPerYear: "ledger_carer_dropouts_per_year", "dropouts/year", "carers who stop because of burden, counted at the drop-out";
    LedgerHospitalAdmissionsPerYear: "ledger_hospital_admissions_per_year", "admissions/year", "clinical hospital admissions (acute and planned, any age), counted at the admission";
    LedgerAcuteHospitalAdmissionsPerYear: "ledger_acute_hospital_admissions_per_year", "admissions/year", "clinical hospital admissions after an emergency visit, counted at the admission";
    LedgerHospitalDaysPerYear: "ledger_hospital_days_per_year", "days/year", "days spent in hospital within the measured years, from admission and discharge times";
    LedgerShortStaysPerYear: "ledger_short_stays_per_year", "stays/year", "short-term stays (eerstelijnsverblijf) started after a hospital stay, counted at the start";
    LedgerRehabStaysPerYear: "ledger_rehab_stays_per_year", "stays/year", "geriatric-rehabilitation stays started after a hospital stay, counted at the start";
    LedgerNursingHomeAdmissionsPerYear: "ledger_nursing_home_admissions_per_year", "admissions/year", "nursing-home admissions (any age), counted at the admission";
    LedgerNursingHomeDaysPerYear: "ledger_nursing_home_days_per_year", "days/year", "days spent in a nursing home within the measured years, from admission and death times";
    LedgerDaysAtHome75plusPerYear: "ledger_days_at_home_75plus_per_year", "days/year", "days lived at home at age 75+ within the measured years (not in hospital, a short-term stay or rehabilitation), from arrival, 75th birthday, leaving and stay times";
    LedgerProgrammeCostZvwEurYear: "ledger_programme_cost_zvw_eur_year", "EUR/year", "the programmes' own cost paid under the Zvw (included in cost_zvw_eur_year)";
    LedgerProgrammeCostWmoEurYear: "ledger_programme_cost_wmo_eur_year", "EUR/year", "the programmes' own cost paid under the Wmo (included in cost_wmo_eur_year)";
    LedgerProgrammeCostWlzEurYear: "ledger_programme_cost_wlz_eur_year", "EUR/year", "the programmes' own cost paid under the Wlz (included in cost_wlz_eur_year)";
    LedgerProgrammeCostGemeenteEurYear: "ledger_programme_cost_gemeente_eur_year", "EUR/year", "the programmes' own cost paid by the gemeente outside the Wmo (included in cost_gemeente_eur_year)";
}

/// GP contacts per resident-year by GP age band (see `recorder::gp_band`).
pub const GP_CONTACTS_BY_BAND: [Metric; 7] = [
    Metric::GpContactsPerResidentYear04,
    Metric::GpContactsPerResidentYear517,
    Metric::GpContactsPerResidentYear1844,
    Metric::GpContactsPerResidentYear4564,
    Metric::GpContactsPerResidentYear6574,
    Metric::GpContactsPerResidentYear7584,
    Metric::GpContactsPerResidentYear85plus,
];

/// Values of one replication's metrics while the components fill them in;
/// counts how often each is set so a test can prove every metric is set
/// exactly once.
#[derive(Debug, Clone)]
pub struct MetricValues {
    values: Vec<f64>,
    times_set: Vec<u8>,
}

impl Default for MetricValues {
    fn default() -> Self {
        Self {
            values: vec![f64::NAN; METRICS.len()],
            times_set: vec![0; METRICS.len()],
        }
    }
}

impl MetricValues {
    /// Set metric `id`.
    #[inline]
    pub fn set(&mut self, id: Metric, value: f64) {
        self.values[id as usize] = value;
        self.times_set[id as usize] = self.times_set[id as usize].saturating_add(1);
    }

    /// Metrics not set exactly once (empty when the components agree with
    /// the declarations).
    pub fn not_set_once(&self) -> Vec<(&'static str, u8)> {
        METRICS
            .iter()
            .zip(&self.times_set)
            .filter(|(_, &n)| n != 1)
            .map(|(d, &n)| (d.name, n))
            .collect()
    }

    /// The values in [`METRICS`] order.
    pub fn into_values(self) -> Vec<f64> {
        debug_assert!(self.not_set_once().is_empty(), "{:?}", self.not_set_once());
        self.values
    }
}

/// Monthly series written to `timeseries.csv` (one value per month after
/// warm-up): first states and rates counted month by month, then the
/// flows of [`FLOWS`] (every key metric of the comparison
/// table and every counted line of the shift ledger with a monthly
/// meaning), in that order.
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
    m(
        "share_75plus",
        "share",
        "residents 75+ (home and nursing home) / residents at the end of the month: what ageing does, month by month",
    ),
    m(
        "nursing_home_admissions_per_1000_65plus_year",
        "admissions/1000 residents 65+/year",
        "nursing-home admissions of residents 65+ in the month, annualised, per 1,000 residents 65+ at home at the end of the month",
    ),
    // Flows (issue 19): the series after these are counted as the change of
    // a cumulative counter over the month (crate::model::flows).
    m(
        "gp_psychosocial_contacts_per_1000_year",
        "contacts/1000 residents/year",
        "psychosocial GP contacts in the month, x 12 x 1,000 / residents at home at the end of the month (annualised)",
    ),
    m(
        "emergency_visits_per_1000_year",
        "visits/1000 residents/year",
        "emergency department visits in the month, x 12 x 1,000 / residents at home at the end of the month (annualised)",
    ),
    m(
        "hospital_admissions_per_1000_year",
        "admissions/1000 residents/year",
        "hospital admissions in the month, x 12 x 1,000 / residents (home and nursing home) at the end of the month (annualised)",
    ),
    m(
        "cost_zvw_eur_year",
        "EUR/year",
        "Zvw cost accrued in the month (days of stays in the days they fall in), x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "cost_wmo_eur_year",
        "EUR/year",
        "Wmo cost accrued in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "cost_wlz_eur_year",
        "EUR/year",
        "Wlz cost accrued in the month (nursing-home days in the days they fall in), x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "cost_gemeente_eur_year",
        "EUR/year",
        "gemeente cost accrued in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "cost_total_eur_year",
        "EUR/year",
        "cost of all payers accrued in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "cost_borne_by_carers_eur_year",
        "EUR/year",
        "informal care hours of the month valued at costs.informal_care_eur_per_hour, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "informal_care_hours_year",
        "hours/year",
        "informal care hours given to residents in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_gp_requests_to_welfare_per_year",
        "requests/year",
        "GP requests diverted to a welfare worker in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_gp_requests_to_meeting_place_per_year",
        "requests/year",
        "GP requests diverted to the meeting place in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_gp_requests_by_econsult_per_year",
        "requests/year",
        "routine GP requests made as e-consults in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_respite_hours_per_year",
        "hours/year",
        "carers' hours taken over by day activities in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_psychosocial_problems_per_year",
        "problems/year",
        "psychosocial problems arising in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_crises_per_year",
        "crises/year",
        "crises in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_emergency_visits_per_year",
        "visits/year",
        "emergency department visits in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_acute_hospital_admissions_per_year",
        "admissions/year",
        "acute hospital admissions in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_hospital_days_per_year",
        "days/year",
        "hospital days that fall in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_short_stays_per_year",
        "stays/year",
        "short-term stays started in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_rehab_stays_per_year",
        "stays/year",
        "geriatric-rehabilitation stays started in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_loneliness_onsets_per_year",
        "onsets/year",
        "loneliness onsets in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_severe_loneliness_onsets_per_year",
        "onsets/year",
        "severe-loneliness onsets in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_frailty_onsets_per_year",
        "onsets/year",
        "frailty onsets in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_carers_heavily_burdened_onsets_per_year",
        "onsets/year",
        "carers becoming heavily burdened in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_carer_dropouts_per_year",
        "dropouts/year",
        "carer drop-outs in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_nursing_home_admissions_per_year",
        "admissions/year",
        "nursing-home admissions in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_nursing_home_days_per_year",
        "days/year",
        "nursing-home days that fall in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_days_at_home_75plus_per_year",
        "days/year",
        "days at home at 75+ that fall in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_econsults_for_face_to_face_per_year",
        "requests/year",
        "e-consults in the month that replaced a face-to-face request, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_econsults_for_phone_per_year",
        "requests/year",
        "e-consults in the month that replaced a telephone contact, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_gp_face_to_face_consults_per_year",
        "consults/year",
        "face-to-face GP consults in the month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_self_reliance_domains_lost_65plus_per_year",
        "domains/year",
        "self-reliance domains of residents 65+ lost since the last month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
    m(
        "ledger_self_reliance_domains_gained_65plus_per_year",
        "domains/year",
        "self-reliance domains of residents 65+ gained since the last month, x 12 (annualised: a measured year's twelve values average to that year's amount)",
    ),
];

/// How a flow's monthly change becomes its series value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// The amount x 12: per year.
    Year,
    /// x 12 x 1,000 / residents at home at the month's end.
    Home,
    /// x 12 x 1,000 / residents (home and nursing home) at the month's end.
    Residents,
}

/// Number of flows.
pub const FLOW_COUNT: usize = 34;

/// The monthly flows ([`super::flows`]), in the order they close [`SERIES`]: name (of the
/// series and of the metric it breaks down by month) and scale.
pub const FLOWS: [(&str, Per); FLOW_COUNT] = [
    ("gp_psychosocial_contacts_per_1000_year", Per::Home),
    ("emergency_visits_per_1000_year", Per::Home),
    ("hospital_admissions_per_1000_year", Per::Residents),
    ("cost_zvw_eur_year", Per::Year),
    ("cost_wmo_eur_year", Per::Year),
    ("cost_wlz_eur_year", Per::Year),
    ("cost_gemeente_eur_year", Per::Year),
    ("cost_total_eur_year", Per::Year),
    ("cost_borne_by_carers_eur_year", Per::Year),
    ("informal_care_hours_year", Per::Year),
    ("ledger_gp_requests_to_welfare_per_year", Per::Year),
    ("ledger_gp_requests_to_meeting_place_per_year", Per::Year),
    ("ledger_gp_requests_by_econsult_per_year", Per::Year),
    ("ledger_respite_hours_per_year", Per::Year),
    ("ledger_psychosocial_problems_per_year", Per::Year),
    ("ledger_crises_per_year", Per::Year),
    ("ledger_emergency_visits_per_year", Per::Year),
    ("ledger_acute_hospital_admissions_per_year", Per::Year),
    ("ledger_hospital_days_per_year", Per::Year),
    ("ledger_short_stays_per_year", Per::Year),
    ("ledger_rehab_stays_per_year", Per::Year),
    ("ledger_loneliness_onsets_per_year", Per::Year),
    ("ledger_severe_loneliness_onsets_per_year", Per::Year),
    ("ledger_frailty_onsets_per_year", Per::Year),
    ("ledger_carers_heavily_burdened_onsets_per_year", Per::Year),
    ("ledger_carer_dropouts_per_year", Per::Year),
    ("ledger_nursing_home_admissions_per_year", Per::Year),
    ("ledger_nursing_home_days_per_year", Per::Year),
    ("ledger_days_at_home_75plus_per_year", Per::Year),
    ("ledger_econsults_for_face_to_face_per_year", Per::Year),
    ("ledger_econsults_for_phone_per_year", Per::Year),
    ("ledger_gp_face_to_face_consults_per_year", Per::Year),
    (
        "ledger_self_reliance_domains_lost_65plus_per_year",
        Per::Year,
    ),
    (
        "ledger_self_reliance_domains_gained_65plus_per_year",
        Per::Year,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_columns_and_names_are_unique() {
        assert_eq!(Metric::ALL.len(), METRICS.len());
        for (i, id) in Metric::ALL.iter().enumerate() {
            assert_eq!(*id as usize, i);
            assert_eq!(metric_index(id.def().name), Some(i));
        }
        assert_eq!(Metric::Residents.def().name, "residents");
        assert_eq!(
            Metric::LedgerProgrammeCostGemeenteEurYear.def().name,
            "ledger_programme_cost_gemeente_eur_year"
        );
    }

    #[test]
    fn band_ids_name_their_bands() {
        let suffixes = ["0_4", "5_17", "18_44", "45_64", "65_74", "75_84", "85plus"];
        for (id, suffix) in GP_CONTACTS_BY_BAND.iter().zip(suffixes) {
            assert_eq!(
                id.def().name,
                format!("gp_contacts_per_resident_year_{suffix}")
            );
        }
    }

    #[test]
    fn values_count_how_often_each_metric_is_set() {
        let mut v = MetricValues::default();
        assert_eq!(v.not_set_once().len(), METRICS.len());
        for id in Metric::ALL {
            v.set(*id, 1.0);
        }
        v.set(Metric::Residents, 2.0);
        assert_eq!(v.not_set_once(), vec![("residents", 2)]);
    }

    #[test]
    fn series_names_are_metric_names() {
        for s in SERIES {
            assert!(metric_index(s.name).is_some(), "{}", s.name);
        }
    }
}
