//! The scenario schema: every parameter a scenario file can set, with its
//! default, unit and source.
//!
//! Each struct denies unknown keys (a typo is an error, not a silent
//! default) and fills missing keys from `Default`, which holds the baseline
//! values. Sources refer to `docs/scenario-reference.md`, which lists the
//! valid range of every key; [`super::validate`] enforces those ranges.
//! This module only describes data: it never reads files.

use super::uncertainty::Distribution;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// One fully resolved scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Human-readable name, used in tables and reports.
    pub name: String,
    /// Longer description.
    pub description: String,
    /// The description in Dutch, for Dutch reports (`buurtsim report`,
    /// the default `--lang nl`); empty: the report shows `description`.
    pub description_nl: String,
    /// Path of a scenario this one inherits from (resolved before deserialising).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Run length, warm-up, replications and seed.
    pub run: RunConfig,
    /// Size and structure of the district.
    pub population: Population,
    /// Functional decline, recovery and death.
    pub health: Health,
    /// Loneliness dynamics (De Jong Gierveld: none / moderate / severe).
    pub loneliness: Loneliness,
    /// GP practice: demand and capacity.
    pub gp: GpPractice,
    /// Crises: out-of-hours and emergency contacts.
    pub crisis: Crisis,
    /// Practical / ADL need and informal care.
    pub care: Care,
    /// Professional services other than the GP.
    pub services: Services,
    /// Hospital: admissions, length of stay, discharge destinations.
    pub hospital: Hospital,
    /// Nursing-home admission.
    pub nursing_home: NursingHome,
    /// Unit prices per payer.
    pub costs: Costs,
    /// Interventions switched on in this scenario (absent = off).
    pub interventions: Interventions,
    /// Minimal relevant differences that replace buurtsim's defaults when
    /// this scenario is the reference of a comparison (absent: the
    /// defaults, see the README's "Relevance" section).
    #[serde(skip_serializing_if = "RelevanceSettings::is_empty")]
    pub relevance: RelevanceSettings,
    /// A parameter sweep: turns the scenario into an experiment run by
    /// `buurtsim sweep` (absent = a single scenario).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
    /// A global sensitivity analysis: turns the scenario into an
    /// experiment run by `buurtsim sensitivity` (absent = none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<super::sensitivity::Sensitivity>,
    /// Uncertain parameters (PSA): a distribution per dotted key path, as
    /// in `[sweep.parameters]`; each key is drawn once per replication and
    /// holds the distribution's central value here (see
    /// `docs/scenario-reference.md`, "Uncertain parameters (PSA)").
    /// Empty: every key is a point value, and runs are as before.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub uncertainty: BTreeMap<String, Distribution>,
}

/// `[relevance]`: a user's own minimal relevant difference for some
/// metrics, by metric name (a column of `replications.csv`). What matters
/// to an alliance is theirs to say; buurtsim's defaults are a starting
/// point. Read from the reference scenario of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RelevanceSettings {
    /// A fixed amount in the metric's own unit (a share: 0.005 = half a
    /// percentage point; a cost: euros a year).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub absolute: BTreeMap<String, f64>,
    /// A fraction of the reference mean (0.02 = 2%).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub relative: BTreeMap<String, f64>,
}

impl RelevanceSettings {
    /// True when nothing is set (the defaults apply).
    pub fn is_empty(&self) -> bool {
        self.absolute.is_empty() && self.relative.is_empty()
    }
}

/// Run length and experiment settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// Measured years after warm-up (years).
    pub years: u32,
    /// Warm-up years discarded before measuring (years).
    pub warmup_years: u32,
    /// Number of replications.
    pub replications: u32,
    /// Master seed of all random streams.
    pub seed: u64,
}

impl Default for RunConfig {
    fn default() -> Self {
        Self {
            years: 10,
            warmup_years: 2,
            replications: 40,
            seed: 20261122,
        }
    }
}

/// District size and structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Population {
    /// Residents at the start (persons). Source: Nieuwegein woonservicezone.
    pub residents: u32,
    /// Share of residents per five-year age band 0-4, 5-9, ..., 90-94, 95+
    /// (20 values, normalised). Source: CBS 37296ned 2020.
    pub age_band_shares: Vec<f64>,
    /// Yearly probability of moving out of the district, ages 18-34 (per
    /// year). Assumption. With the other rate it is the base of the
    /// migration schedule; where the age structure falls faster with age
    /// than deaths and these rates explain, the schedule adds out-migration
    /// (solved once before the run, see `model::demography`).
    pub move_out_rate_young_adults: f64,
    /// Yearly probability of moving out, other ages (per year). Assumption.
    pub move_out_rate_other: f64,
    /// Yearly probability that a resident of 20-64 living without a partner
    /// starts living with one (per year). Assumption: with the separation
    /// rate it gives about 0.6 of 25-44-year-olds and 0.8 of
    /// 45-64-year-olds living with a partner (CBS 37620: about 8.7 million
    /// people live with a partner, 0.6 of adults). Living alone at older
    /// ages is not fitted: it follows from these and widowhood.
    pub union_formation_rate: f64,
    /// Yearly probability that a couple both under 65 separates (per year).
    /// Assumption (CBS: about 1% of marriages end in divorce each year;
    /// cohabiting couples separate more often).
    pub separation_rate: f64,
    /// Digital literacy by age band <65, 65-74, 75-84, 85+ (share able to use e-health). Assumption (CBS ICT use).
    pub digital_literacy_by_age: [f64; 4],
    /// How the age structure moves over the run. `stationary` holds it where
    /// it starts (a solved migration schedule, `model::demography`), so
    /// results show a district as it is; `cbs-kernprognose-2024` ages it
    /// forward from day 0 (1 January 2025) as the CBS Kernprognose 2024-2070
    /// expects for the Netherlands: births, deaths with improving mortality
    /// and net migration by age, scaled to the district (`model::projection`),
    /// so results show what the coming ageing does. Either schedule is a
    /// pure function of the scenario: common random numbers hold.
    pub projection: AgeProjection,
    /// Residents living alone (single-person households per resident),
    /// scaling the national pattern of living without a partner by age;
    /// unset: the household dynamics alone decide (set by `[population.cbs]`
    /// from the wijk's single-person households when it is unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub living_alone_share: Option<f64>,
    /// Your own wijk: residents and age structure read from CBS files
    /// when loading (they replace `residents` and `age_band_shares`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cbs: Option<CbsRegion>,
}

/// How the district's age structure develops (`population.projection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AgeProjection {
    /// Held where it starts by a solved migration schedule.
    #[default]
    #[serde(rename = "stationary")]
    Stationary,
    /// Aged forward as the CBS Kernprognose 2024-2070 (December 2024)
    /// expects; see `data/kernprognose-2024.csv` for the figures.
    #[serde(rename = "cbs-kernprognose-2024")]
    CbsKernprognose2024,
}

/// `[population.cbs]`: a gemeente, wijk or buurt from CBS's own downloads.
/// Paths are relative to the scenario file that writes them, or absolute;
/// after loading they are as the loader resolved them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CbsRegion {
    /// A CBS Kerncijfers wijken en buurten table (84583NED or another year), CSV as CBS writes it.
    pub kerncijfers: String,
    /// The gemeente's population on 1 January by single year of age (CBS 03759NED), CSV.
    pub ages: String,
    /// The region's code: a gemeente (`GM…`), wijk (`WK…`) or buurt (`BU…`).
    pub region: String,
}

impl Default for Population {
    fn default() -> Self {
        Self {
            residents: 12_000,
            age_band_shares: vec![
                5.0, 5.3, 5.6, 6.0, 6.3, 6.6, 6.2, 6.0, 5.8, 6.8, 7.3, 7.1, 6.4, 5.7, 5.4, 3.7,
                2.6, 1.5, 0.6, 0.15,
            ],
            move_out_rate_young_adults: 0.08,
            move_out_rate_other: 0.03,
            union_formation_rate: 0.08,
            separation_rate: 0.015,
            digital_literacy_by_age: [0.92, 0.75, 0.5, 0.25],
            projection: AgeProjection::Stationary,
            living_alone_share: None,
            cbs: None,
        }
    }
}

/// Functional state dynamics: fit -> pre-frail -> frail -> care-dependent,
/// with recovery from pre-frail, and death. Rates grow exponentially with age:
/// `rate(age) = rate_at_75 * exp(age_slope * (age - 75))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Health {
    /// Fit -> pre-frail at age 75 (per year). Calibrated assumption.
    pub prefrail_onset_rate_at_75: f64,
    /// Pre-frail -> frail at age 75 (per year). Calibrated assumption.
    pub frail_onset_rate_at_75: f64,
    /// Frail -> care-dependent at age 75 (per year). Calibrated assumption.
    pub dependent_onset_rate_at_75: f64,
    /// Relative increase of the onset rates per year of age (per year of age). Calibrated assumption.
    pub onset_age_slope: f64,
    /// Extra increase of the onset rates above 75, per squared year of age:
    /// `rate_at_75 x exp(slope x (age - 75) + curvature x max(age - 75, 0)^2)`
    /// (per squared year of age). Calibrated assumption: limitation rises
    /// faster after 85 than one exponential allows (CBS: ADL-limited at
    /// home 9.7% at 65-74, 17.1% at 75-84, 45.7% at 85+).
    pub onset_age_curvature: f64,
    /// Pre-frail -> fit recovery (per year, age-independent). Assumption.
    pub prefrail_recovery_rate: f64,
    /// Recovery from an ADL limitation to an IADL limitation only (frail ->
    /// pre-frail; per year, age-independent). Assumption (ADL limitations
    /// of older people are often transient after an illness or a fall).
    pub adl_recovery_rate: f64,
    /// Death rate of a fit person aged 80 (per year). Calibrated to CBS 37360ned.
    pub death_rate_fit_at_80: f64,
    /// Gompertz slope of mortality (per year of age). Source: CBS life tables (about 0.09-0.10).
    pub mortality_age_slope: f64,
    /// Mortality multipliers for pre-frail, frail, care-dependent (relative to fit). Assumption.
    pub mortality_multiplier_by_state: [f64; 3],
}

impl Default for Health {
    fn default() -> Self {
        Self {
            prefrail_onset_rate_at_75: 0.0667,
            frail_onset_rate_at_75: 0.276,
            dependent_onset_rate_at_75: 0.0211,
            onset_age_slope: 0.0452,
            onset_age_curvature: 0.00432,
            prefrail_recovery_rate: 0.614,
            adl_recovery_rate: 0.0561,
            death_rate_fit_at_80: 0.0171,
            mortality_age_slope: 0.095,
            mortality_multiplier_by_state: [1.4, 2.2, 3.5],
        }
    }
}

/// Loneliness as a three-state chain per adult (18+).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Loneliness {
    /// None -> moderate (per year) for a reference adult. Calibrated to GGD 2020.
    pub onset_rate: f64,
    /// Moderate -> none (per year). Calibrated to GGD 2020.
    pub recovery_rate: f64,
    /// Moderate -> severe (per year). Calibrated to GGD 2020.
    pub worsening_rate: f64,
    /// Severe -> moderate (per year). Calibrated to GGD 2020.
    pub severe_recovery_rate: f64,
    /// Onset and worsening multiplier when living alone. Assumption.
    pub living_alone_multiplier: f64,
    /// Onset and worsening multiplier when frail or care-dependent. Assumption.
    pub frailty_multiplier: f64,
    /// Onset multiplier at ages 75-84 and 85+ (relative to under 75). Calibrated to GGD 2020.
    pub age_multiplier_75_84_85plus: [f64; 2],
}

impl Default for Loneliness {
    fn default() -> Self {
        Self {
            onset_rate: 0.237,
            recovery_rate: 0.40,
            worsening_rate: 0.0884,
            severe_recovery_rate: 0.35,
            living_alone_multiplier: 1.4,
            frailty_multiplier: 1.3,
            age_multiplier_75_84_85plus: [1.41, 1.7],
        }
    }
}

/// The GP practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GpPractice {
    /// GP full-time equivalents per 1,000 residents (FTE per 1,000). Source: 2,182
    /// residents per FTE, within the NZa normpraktijk 2,095 and the 2,325
    /// inhabitants per FTE of 2016 (Nivel); 5.5 FTE at 12,000 residents.
    /// Read the FTE in effect with [`Scenario::capacity`].
    pub fte_per_1000: f64,
    /// GP FTE for the whole district (FTE): an optional override; when set
    /// it replaces `fte_per_1000`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fte: Option<f64>,
    /// GP FTE of a practice when the district's FTE is split into practices
    /// (FTE). Source: Nivel 2016, 7,359 GP FTE in 5,028 practices.
    pub fte_per_practice: f64,
    /// Each practice's GP FTE (FTE): an optional explicit list of the
    /// district's practices; when set it replaces `fte_per_practice` and
    /// the district's FTE (lists are in proportion to FTE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice_fte: Option<Vec<f64>>,
    /// Spread of the patients per FTE between practices: the coefficient of
    /// variation of each practice's list relative to its FTE (share).
    /// Assumption (practices range widely around the normpraktijk).
    pub list_size_spread: f64,
    /// Hours of patient contact per GP FTE per week (hours/week). Source:
    /// Braspenning et al. 2012, 16.1 contact hours per 1,000 patients per
    /// week (LINH 2010), at 2,182 patients per FTE.
    pub contact_hours_per_fte_week: f64,
    /// Minutes a consult in the practice, a telephone consult and a home
    /// visit take (minutes). Source: 10-minute consults with 0.71 long (20 min)
    /// per 2.08 short (Nivel contact mix 2017); telephone and home visit
    /// (with travel) an assumption.
    pub minutes_by_mode: [f64; 3],
    /// Share of a working day's contact minutes kept free for same-day urgent requests (share). Assumption.
    pub urgent_slot_share: f64,
    /// Share of the practice's minutes present in holiday weeks (summer
    /// school holidays, Christmas): locums cover the rest partly (share). Assumption.
    pub holiday_capacity_factor: f64,
    /// Chance that a GP is away (ill, training) in a given week, beyond the
    /// holidays a locum covers (probability). Assumption.
    pub absence_week_share: f64,
    /// Seasonal swing of medical problems: January this much above the
    /// year's mean, July this much below (share). Source: UK practices, the
    /// highest month about 20% above the lowest (Waller & Hodgkin).
    pub winter_demand_amplitude: f64,
    /// Share of routine requests whose patient accepts only a day 1 to 4
    /// working days later than the first free one (share). Assumption.
    pub later_day_share: f64,
    /// The practice books routine requests at most this many working days
    /// ahead; a patient with no free day within it goes to out-of-hours
    /// care or gives up (working days). Assumption.
    pub booking_horizon_workdays: f64,
    /// Chance that a patient whose first free day is beyond
    /// `spill_wait_workdays` gives up, by self-reliance score 1 to 5
    /// (probability). Assumption: the more self-reliant manage alone.
    pub give_up_share_by_self_reliance: [f64; 5],
    /// Share of face-to-face consults that are home visits, for frail and
    /// care-dependent residents (share). Assumption, set so the practice
    /// makes the published 0.18 home visits per patient per year.
    pub home_visit_share_by_state: [f64; 2],
    /// Medical problem episodes per resident per year by age band 0-4, 5-17, 18-44, 45-64, 65-74, 75-84, 85+
    /// for a fit resident (episodes/year). Calibrated to NIVEL contacts by age.
    pub episode_rate_by_age: [f64; 7],
    /// Episode-rate multipliers for pre-frail, frail, care-dependent (relative to fit). Assumption.
    pub episode_multiplier_by_state: [f64; 3],
    /// Shape of the gamma-distributed personal propensity to consult (mean 1). Calibrated to 77% with any contact.
    pub propensity_shape: f64,
    /// Probability that a contact is followed by another contact for the same episode (probability). Assumption.
    pub follow_up_probability: f64,
    /// Mean days until a follow-up contact (days). Assumption.
    pub follow_up_days: f64,
    /// Share of requests that are urgent (same day) (share). Assumption.
    pub urgent_share: f64,
    /// `urgent_share` by age band 0-4, 5-17, 18-44, 45-64, 65-74, 75-84, 85+
    /// (multiplier). Assumption, set so that out-of-hours contacts by age
    /// meet Nivel 2017 (young children's parents call the out-of-hours
    /// service most).
    pub urgent_multiplier_by_age: [f64; 7],
    /// Share of contacts that are by telephone rather than face to face (share). Source: NIVEL contact mix 2017 (1.22 of 4.2).
    pub phone_share: f64,
    /// Psychosocial problems per adult per year by loneliness none, moderate, severe (episodes/year). Calibrated to 18% of adults with a psychosocial contact.
    pub psychosocial_rate_by_loneliness: [f64; 3],
    /// Share of psychosocial GP contacts referred on to a welfare worker (share). Assumption.
    pub welfare_referral_share: f64,
    /// A patient whose first free day is more than this many working days away may go to out-of-hours care or give up (working days). Assumption; access target is 3.
    pub spill_wait_workdays: f64,
    /// Share of those patients who go to out-of-hours care (share). Assumption.
    pub spill_share: f64,
    /// GP consult-rate multiplier for a heavily burdened carer living in the district. Assumption.
    pub burdened_carer_multiplier: f64,
    /// A routine medical problem of a frail or care-dependent resident seen later than this many working days may have escalated (working days). Source: the access norm, at most 3 working days.
    pub escalation_after_workdays: f64,
    /// Chance, per week (5 working days) beyond `escalation_after_workdays`, that such a problem escalates to an acute event (emergency department or out-of-hours, possibly an admission) before the consult (per week). Assumption.
    pub escalation_per_week_late: f64,
    /// Share of contacts of frail residents 75+ handled by the practice nurse for older people (share). Assumption.
    pub practice_nurse_share_frail_75plus: f64,
    /// Practice nurse capacity per 1,000 residents at the start (contacts
    /// per week per 1,000 residents). Assumption: today's 60 contacts a
    /// week at 12,000 residents. Read the capacity in effect with
    /// [`Scenario::capacity`].
    pub practice_nurse_contacts_per_week_per_1000: f64,
    /// Practice nurse capacity for the whole district (contacts per week):
    /// an optional override; when set it replaces
    /// `practice_nurse_contacts_per_week_per_1000`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice_nurse_contacts_per_week: Option<f64>,
}

impl Default for GpPractice {
    fn default() -> Self {
        Self {
            // 5.5 FTE at 12,000 residents: x 12,000 / 1,000 gives 5.5 exactly.
            fte_per_1000: 0.4583333333333333,
            fte: None,
            fte_per_practice: 1.5,
            practice_fte: None,
            list_size_spread: 0.15,
            contact_hours_per_fte_week: 35.1,
            minutes_by_mode: [10.0, 5.0, 25.0],
            urgent_slot_share: 0.2,
            holiday_capacity_factor: 0.85,
            absence_week_share: 0.04,
            winter_demand_amplitude: 0.1,
            later_day_share: 0.25,
            booking_horizon_workdays: 15.0,
            give_up_share_by_self_reliance: [0.05, 0.1, 0.2, 0.3, 0.4],
            home_visit_share_by_state: [0.5, 1.0],
            episode_rate_by_age: [2.6, 1.47, 2.06, 2.42, 3.28, 4.2, 5.7],
            episode_multiplier_by_state: [1.4, 1.9, 2.3],
            propensity_shape: 1.62,
            follow_up_probability: 0.4,
            follow_up_days: 10.0,
            urgent_share: 0.15,
            urgent_multiplier_by_age: [3.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.7],
            phone_share: 0.29,
            psychosocial_rate_by_loneliness: [0.08, 0.25, 0.6],
            welfare_referral_share: 0.15,
            spill_wait_workdays: 5.0,
            spill_share: 0.2,
            burdened_carer_multiplier: 1.3,
            escalation_after_workdays: 3.0,
            escalation_per_week_late: 0.05,
            practice_nurse_share_frail_75plus: 0.3,
            // 60 contacts a week at 12,000 residents; x 12,000 / 1,000 gives 60.0 exactly.
            practice_nurse_contacts_per_week_per_1000: 5.0,
            practice_nurse_contacts_per_week: None,
        }
    }
}

/// Crises: acute events (falls and acute illness) that need out-of-hours
/// or emergency care; some end in a hospital admission (`Hospital`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Crisis {
    /// Acute-event rate by functional state fit, pre-frail, frail,
    /// care-dependent at ages 75-84 (per year); other ages scale it by
    /// `age_multiplier_by_band`. Assumption, set so that emergency visits
    /// of 75+ meet the published rate.
    pub rate_by_state: [f64; 4],
    /// Acute-event rate at ages 0-4, 5-17, 18-44, 45-64, 65-74, 75-84 and
    /// 85+ relative to 75-84 (multiplier). Assumption (emergency visits
    /// rise steeply after 65).
    pub age_multiplier_by_band: [f64; 7],
    /// Acute-event rate multiplier for an adult living alone (multiplier). Assumption.
    pub living_alone_multiplier: f64,
    /// Share of acute events that are falls (the part falls prevention
    /// can lower) (share). Assumption.
    pub falls_share: f64,
    /// Crisis-rate increase per unmet hour of care per week, personal care
    /// or household tasks (per hour/week). Assumption.
    pub unmet_need_multiplier_per_hour: f64,
    /// Share of crises that end at the emergency department (the rest at out-of-hours GP care) (share). Assumption.
    pub emergency_share: f64,
    /// Probability that a hospital stay of a care-dependent resident ends
    /// in a nursing-home admission (probability). Assumption.
    pub nursing_home_after_emergency: f64,
    /// Share of urgent GP requests on working days that arise outside office hours and go to the out-of-hours service (at weekends all do) (share). Assumption, set so that out-of-hours contacts meet Nivel 2017.
    pub out_of_hours_share_of_urgent: f64,
}

impl Default for Crisis {
    fn default() -> Self {
        Self {
            rate_by_state: [0.2, 0.32, 0.55, 0.85],
            age_multiplier_by_band: [0.5, 0.38, 0.38, 0.4, 0.6, 1.0, 1.2],
            living_alone_multiplier: 1.2,
            falls_share: 0.15,
            unmet_need_multiplier_per_hour: 0.12,
            emergency_share: 0.8,
            nursing_home_after_emergency: 0.05,
            out_of_hours_share_of_urgent: 0.3,
        }
    }
}

/// Hospital: clinical admissions after an emergency visit (acute) or
/// planned, the length of stay, death in hospital, and where residents go
/// afterwards: home (with a district-nursing episode), a short-term stay
/// (eerstelijnsverblijf), geriatric rehabilitation or a nursing home.
/// Age bands: under 65, 65-74, 75-84, 85+.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hospital {
    /// Share of emergency visits that end in a clinical admission, by age
    /// band (share). Assumption.
    pub admission_share_after_emergency_by_age: [f64; 4],
    /// Planned clinical admissions per resident per year at home, by age
    /// band (per year). Assumption.
    pub planned_admission_rate_by_age: [f64; 4],
    /// Mean length of a clinical stay by age band (days). Assumption.
    pub length_of_stay_mean_days_by_age: [f64; 4],
    /// Spread of the length of stay: sigma of its log-normal (log days). Assumption.
    pub length_of_stay_sigma: f64,
    /// Probability that a stay ends in death, by age band (probability). Assumption.
    pub death_probability_by_age: [f64; 4],
    /// Probability that a resident leaves an acute stay one functional
    /// state worse, by age band; not below 65 (probability). Covinsky et
    /// al. 2003: ADL decline at discharge 23% at 70-74, 28% and 38% at
    /// 75-79 and 80-84, 50% and 63% at 85-89 and 90+.
    pub decline_probability_acute_by_age: [f64; 4],
    /// The same after a planned stay (probability). Assumption.
    pub decline_probability_planned_65plus: f64,
    /// Probability that a resident 65+ with an ADL limitation who goes home
    /// gets a district-nursing episode (transfer care) (probability). Assumption.
    pub nursing_episode_after_discharge: f64,
    /// Probability that a resident 65+ who declined in a stay (acute, or
    /// planned such as a hip replacement) goes to geriatric rehabilitation
    /// (probability). Assumption.
    pub rehab_share_after_decline: f64,
    /// Mean geriatric-rehabilitation stay (days). Assumption.
    pub rehab_days_mean: f64,
    /// Probability that rehabilitation gives back one functional state (probability). Assumption.
    pub rehab_recovery_probability: f64,
    /// Probability that rehabilitation ends in a nursing home (probability). Assumption.
    pub nursing_home_after_rehab: f64,
    /// Probability that a resident 65+ with an ADL limitation and no
    /// partner at home goes to a short-term stay instead of home (probability). Assumption.
    pub short_stay_share: f64,
    /// Mean short-term stay (days). Assumption.
    pub short_stay_days_mean: f64,
    /// Probability that a short-term stay ends in a nursing home (probability). Assumption.
    pub nursing_home_after_short_stay: f64,
}

impl Default for Hospital {
    fn default() -> Self {
        Self {
            admission_share_after_emergency_by_age: [0.30, 0.45, 0.50, 0.55],
            planned_admission_rate_by_age: [0.06, 0.10, 0.12, 0.06],
            length_of_stay_mean_days_by_age: [4.3, 5.5, 6.5, 7.0],
            length_of_stay_sigma: 1.0,
            death_probability_by_age: [0.005, 0.03, 0.05, 0.08],
            decline_probability_acute_by_age: [0.0, 0.23, 0.33, 0.53],
            decline_probability_planned_65plus: 0.1,
            nursing_episode_after_discharge: 0.5,
            rehab_share_after_decline: 0.4,
            rehab_days_mean: 43.0,
            rehab_recovery_probability: 0.6,
            nursing_home_after_rehab: 0.15,
            short_stay_share: 0.3,
            short_stay_days_mean: 34.0,
            nursing_home_after_short_stay: 0.15,
        }
    }
}

/// Practical / ADL need and informal care.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Care {
    /// Mean care need of a resident with an IADL limitation only (pre-frail),
    /// an ADL limitation (frail) and an ADL limitation needing daily
    /// personal care (care-dependent), living alone, aged 75 (hours/week).
    /// Each resident's need is drawn around this mean (`need_cv`) and
    /// scaled by household and age. Assumption (Wmo household help
    /// averages about 3 hours a week; SCP time-use studies of care at home).
    pub need_hours_by_state: [f64; 3],
    /// Coefficient of variation of care need between residents in the same
    /// state (log-normal; ratio). Assumption.
    pub need_cv: f64,
    /// Share of the need of a resident with an IADL limitation only that
    /// remains when a partner without a limitation lives at home: the
    /// partner does the household tasks as part of the household (ratio).
    /// Assumption.
    pub iadl_need_share_with_partner: f64,
    /// Relative increase of care need per year of age above 75 (per year
    /// of age). Assumption.
    pub need_age_slope: f64,
    /// Share of the need of a resident with an ADL limitation that is
    /// personal care (washing, dressing: what district nursing assesses);
    /// the rest, and all need of an IADL limitation only, is household
    /// tasks (what Wmo home help assesses) (share). Assumption.
    pub personal_care_share: f64,
    /// Probability that a resident in need has a carer living in the district besides a partner (probability). Assumption.
    pub nearby_carer_probability: f64,
    /// Probability of a carer living outside the district (probability). Assumption.
    pub outside_carer_probability: f64,
    /// Probability that a resident in need is helped by a neighbour or
    /// friend in the district (probability). Assumption (SCP: about one in
    /// ten helpers is a neighbour or friend).
    pub neighbour_carer_probability: f64,
    /// Share of formal care indicated but not given (waiting list, cut
    /// capacity) that carers take over, within what they can give (share);
    /// the rest is unmet need. Assumption: SCP found that informal help
    /// did not measurably grow when Wmo household help was cut in 2015.
    pub carer_step_in_share: f64,
    /// Share of formal care indicated but not given that a partner at home
    /// takes over, within what they can give (share). Assumption: a
    /// partner living with the resident cannot step back as others can.
    pub partner_step_in_share: f64,
    /// Most a neighbour gives, as a multiple of their capacity (ratio).
    /// Assumption: neighbours help with a few hours of practical tasks.
    pub max_load_neighbour: f64,
    /// Mean hours a carer can give per week (hours/week). Calibrated to CBS 12-13 h/week.
    pub carer_capacity_hours_mean: f64,
    /// Coefficient of variation of carer capacity (right-skewed, log-normal). Source: CBS (skewed distribution).
    pub carer_capacity_cv: f64,
    /// Most a partner gives, as a multiple of their comfortable capacity (ratio). Assumption (partners give far beyond comfort).
    pub max_load_partner: f64,
    /// Most a child or relative in the district gives, as a multiple of
    /// their capacity (ratio). Assumption.
    pub max_load_other: f64,
    /// Most a carer living outside the district gives, as a multiple of
    /// their capacity (ratio). Assumption: distance lowers the hours
    /// carers give (SCP).
    pub max_load_outside: f64,
    /// Burden gain per week per unit of load (hours given / capacity) above the comfortable load (per week). Calibrated to 19% heavily burdened.
    pub burden_gain_per_week: f64,
    /// Load (hours given / capacity) a carer carries without burden rising (ratio). Assumption.
    pub comfortable_load: f64,
    /// Coefficient of variation of carers' sensitivity to load (log-normal,
    /// mean 1): carers differ in how heavy the same hours feel. Assumption.
    pub burden_sensitivity_cv: f64,
    /// Relative burden recovery per week (per week). Assumption.
    pub burden_recovery_per_week: f64,
    /// Burden level above which a carer is heavily burdened (level, 0-2 scale). Assumption.
    pub heavy_burden_threshold: f64,
    /// Weekly probability that a heavily burdened carer stops caring (per week). Assumption.
    pub dropout_probability_per_week: f64,
    /// Rate at which adult residents start caring for someone outside the district, peak at age 55 (per year). Calibrated to CBS 13% carers.
    pub outside_care_start_rate_peak: f64,
    /// Mean duration of caring for someone outside the district (years). Assumption.
    pub outside_care_years_mean: f64,
    /// Mean hours given to someone outside the district (hours/week). Source: CBS 12-13 h/week.
    pub outside_care_hours_mean: f64,
}

impl Default for Care {
    fn default() -> Self {
        Self {
            need_hours_by_state: [4.0, 10.0, 24.0],
            need_cv: 0.6,
            iadl_need_share_with_partner: 0.5,
            need_age_slope: 0.02,
            personal_care_share: 0.45,
            nearby_carer_probability: 0.45,
            outside_carer_probability: 0.55,
            neighbour_carer_probability: 0.15,
            carer_step_in_share: 0.5,
            partner_step_in_share: 1.0,
            max_load_neighbour: 0.3,
            carer_capacity_hours_mean: 14.0,
            carer_capacity_cv: 0.7,
            max_load_partner: 2.0,
            max_load_other: 1.3,
            max_load_outside: 0.8,
            burden_gain_per_week: 0.076,
            comfortable_load: 0.65,
            burden_sensitivity_cv: 0.5,
            burden_recovery_per_week: 0.05,
            heavy_burden_threshold: 1.0,
            dropout_probability_per_week: 0.006,
            outside_care_start_rate_peak: 0.0815,
            outside_care_years_mean: 3.0,
            outside_care_hours_mean: 20.4,
        }
    }
}

/// District nursing, Wmo home help and welfare work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Services {
    /// District nursing capacity per 1,000 residents at the start
    /// (hours/week per 1,000 residents). Source: Vektis, EUR 3.27 bn of
    /// district nursing in 2021 at the Kostenhandleiding's EUR 75 an hour,
    /// over 17.5 M residents and 52 weeks. Read the capacity in effect
    /// with [`Scenario::capacity`].
    pub district_nursing_hours_per_week_per_1000: f64,
    /// Wmo home-help capacity per 1,000 residents at the start (hours/week
    /// per 1,000 residents). Assumption: 485k users of Wmo household help
    /// in the first half of 2023 (CBS) x the 2.5-hour standard package,
    /// over 17.8 M residents: an upper bound, as not all of a half-year's
    /// users are in care at once, taken because the municipality has a
    /// duty of care and waiting lists are short (about 4% of users).
    pub home_help_hours_per_week_per_1000: f64,
    /// Welfare / social work capacity per 1,000 residents at the start
    /// (contacts per week per 1,000 residents). Assumption: today's 40
    /// contacts a week at 12,000 residents.
    pub welfare_contacts_per_week_per_1000: f64,
    /// Welfare contacts per psychosocial problem handled by welfare (contacts). Assumption.
    pub welfare_contacts_per_problem: f64,
    /// Chance that a problem the welfare team helped is resolved: the
    /// resident's loneliness eases one step; otherwise the problem comes
    /// back to the GP (probability). Assumption.
    pub welfare_resolution_share: f64,
    /// Hours of Wmo household help a week in the standard package
    /// (hours/week). Assumption: the municipal standard for a clean and
    /// liveable home is about 2-3 hours a week.
    pub home_help_package_hours_per_week: f64,
    /// Share of residents eligible for Wmo home help who apply for it
    /// (share); the others arrange help themselves. Calibrated to Wmo
    /// household help by age (CBS 85043NED).
    pub home_help_take_up: f64,
    /// Age up to which a partner without a limitation is expected to do
    /// the household (gebruikelijke zorg) (years); an older partner is
    /// not. Assumption: municipalities weigh whether a partner can take
    /// over heavy household tasks, and at high age often find not.
    pub home_help_partner_expected_until_age: f64,
    /// Personal-care need from which district nursing gives long-term
    /// care to a resident with an ADL limitation (hours/week). Calibrated
    /// to district-nursing clients per month (Vektis).
    pub nursing_min_personal_hours_per_week: f64,
    /// Share of the personal-care need of a long-term client that district
    /// nursing gives; partners and other carers do the rest (share).
    /// Calibrated to hours per client (Vektis spending per client).
    pub nursing_share_of_personal_need: f64,
    /// Yearly rate of a short district-nursing episode (wound care,
    /// injections, care after an illness) at age 75 (per year). Calibrated
    /// to clients per year against clients per month (Vektis: about 2).
    pub nursing_episode_rate_at_75: f64,
    /// Relative change of the episode rate per year of age (per year of
    /// age), from age 18. Assumption.
    pub nursing_episode_age_slope: f64,
    /// Mean length of a short nursing episode (weeks, exponential).
    /// Assumption.
    pub nursing_episode_weeks_mean: f64,
    /// District-nursing hours a week during a short episode (hours/week).
    /// Assumption.
    pub nursing_episode_hours_per_week: f64,
    /// District nursing capacity for the whole district (hours/week): an
    /// optional override; when set it replaces
    /// `district_nursing_hours_per_week_per_1000`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_nursing_hours_per_week: Option<f64>,
    /// Wmo home-help capacity for the whole district (hours/week): an
    /// optional override of `home_help_hours_per_week_per_1000`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_help_hours_per_week: Option<f64>,
    /// Welfare capacity for the whole district (contacts per week): an
    /// optional override of `welfare_contacts_per_week_per_1000`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub welfare_contacts_per_week: Option<f64>,
}

impl Default for Services {
    fn default() -> Self {
        Self {
            // Today's 640, 740 and 40 a week at 12,000 residents, divided
            // by 12: written as the nearest doubles, x 12,000 / 1,000 gives
            // 640.0, 740.0 and 40.0 exactly (a test checks it).
            district_nursing_hours_per_week_per_1000: 48.0,
            home_help_hours_per_week_per_1000: 68.0,
            welfare_contacts_per_week_per_1000: 3.3333333333333335,
            welfare_contacts_per_problem: 2.0,
            welfare_resolution_share: 0.6,
            home_help_package_hours_per_week: 2.5,
            home_help_take_up: 0.571,
            home_help_partner_expected_until_age: 80.0,
            nursing_min_personal_hours_per_week: 6.19,
            nursing_share_of_personal_need: 0.31,
            nursing_episode_rate_at_75: 0.0571,
            nursing_episode_age_slope: 0.04,
            nursing_episode_weeks_mean: 6.0,
            nursing_episode_hours_per_week: 3.0,
            district_nursing_hours_per_week: None,
            home_help_hours_per_week: None,
            welfare_contacts_per_week: None,
        }
    }
}

/// Nursing-home (Wlz) admission and stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NursingHome {
    /// Admission rate of care-dependent residents at home with their need met (per year). Calibrated to 7.6% of 75+.
    pub admission_rate_dependent: f64,
    /// Admission rate of frail residents (per year). Assumption.
    pub admission_rate_frail: f64,
    /// Relative increase of both admission rates per year of age:
    /// `rate x exp(slope x (age - 80))`. Calibrated to a mean age at
    /// admission of about 84.
    pub admission_age_slope: f64,
    /// Admission-rate increase per unmet hour of care per week, personal
    /// care or household tasks (per hour/week). Assumption.
    pub unmet_need_multiplier_per_hour: f64,
    /// Admission-rate multiplier when a carer dropped out in the last year. Assumption.
    pub carer_dropout_multiplier: f64,
    /// Mortality multiplier in the nursing home (relative to fit at the same age). Calibrated to about 25% of admissions staying over four years.
    pub mortality_multiplier: f64,
}

impl Default for NursingHome {
    fn default() -> Self {
        Self {
            admission_rate_dependent: 0.105,
            admission_rate_frail: 0.03,
            admission_age_slope: 0.0559,
            unmet_need_multiplier_per_hour: 0.12,
            carer_dropout_multiplier: 1.8,
            mortality_multiplier: 16.2,
        }
    }
}

/// Unit prices (euro, price level 2022) and who pays them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    /// GP consult, Zvw (EUR). Source: Kostenhandleiding 2024.
    pub gp_consult_eur: f64,
    /// GP home visit (EUR). Source: Kostenhandleiding 2024 (EUR 43.31).
    pub gp_home_visit_eur: f64,
    /// GP telephone contact or e-consult, Zvw (EUR). Assumption (half a consult).
    pub gp_phone_eur: f64,
    /// Practice-nurse contact, Zvw (EUR). Assumption.
    pub practice_nurse_contact_eur: f64,
    /// Out-of-hours GP contact, Zvw (EUR). Assumption.
    pub out_of_hours_eur: f64,
    /// Emergency department visit, Zvw (EUR). Source: Kostenhandleiding 2024.
    pub emergency_visit_eur: f64,
    /// Hospital day (clinical stay), Zvw (EUR/day). Source: Kostenhandleiding 2024.
    pub hospital_day_eur: f64,
    /// Short-term stay (eerstelijnsverblijf) day, Zvw (EUR/day). Assumption.
    pub short_stay_day_eur: f64,
    /// Geriatric-rehabilitation day, Zvw (EUR/day). Source: Kostenhandleiding 2024.
    pub rehab_day_eur: f64,
    /// District nursing hour, Zvw (EUR/hour). Source: Kostenhandleiding 2024.
    pub district_nursing_eur_per_hour: f64,
    /// Wmo household help hour (EUR/hour). Source: Kostenhandleiding 2024.
    pub home_help_eur_per_hour: f64,
    /// Nursing-home day, Wlz (EUR/day). Source: Kostenhandleiding 2024.
    pub nursing_home_eur_per_day: f64,
    /// Welfare / social work contact, gemeente (EUR). Source: Kostenhandleiding 2024.
    pub welfare_contact_eur: f64,
    /// Half a day of day activities (respite), Wmo (EUR). Source: Kostenhandleiding 2024.
    pub day_activity_eur_per_half_day: f64,
    /// Replacement value of an informal care hour (EUR/hour): the shift ledger's borne-by-carers line values informal hours at it; paid by no payer, not in cost_total. Source: Kostenhandleiding 2024.
    pub informal_care_eur_per_hour: f64,
}

impl Default for Costs {
    fn default() -> Self {
        Self {
            gp_consult_eur: 30.87,
            gp_home_visit_eur: 43.31,
            gp_phone_eur: 15.44,
            practice_nurse_contact_eur: 25.0,
            out_of_hours_eur: 110.0,
            emergency_visit_eur: 258.0,
            hospital_day_eur: 644.0,
            short_stay_day_eur: 290.0,
            rehab_day_eur: 329.0,
            district_nursing_eur_per_hour: 75.0,
            home_help_eur_per_hour: 32.76,
            nursing_home_eur_per_day: 290.0,
            welfare_contact_eur: 127.0,
            day_activity_eur_per_half_day: 83.29,
            informal_care_eur_per_hour: 18.80,
        }
    }
}

/// Who pays an intervention's own cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    /// Health insurance (Zorgverzekeringswet).
    Zvw,
    /// Social support act (Wet maatschappelijke ondersteuning).
    Wmo,
    /// Long-term care act (Wet langdurige zorg).
    Wlz,
    /// Municipality, outside the Wmo (welfare, prevention).
    #[default]
    Gemeente,
}

/// At most this many custom programmes in one scenario: the model gives
/// each a bit of a resident's 16-bit programme mask after the presets'.
pub const MAX_CUSTOM: usize = 13;

/// Interventions switched on in a scenario. A missing table means off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Interventions {
    /// Katwijk: demand-led support for informal carers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carer_support: Option<CarerSupport>,
    /// Merenwijk Leiden: neighbourhood meeting place (BOP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_place: Option<MeetingPlace>,
    /// Hillegom/Lisse/Teylingen: digital and hybrid GP care.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hybrid_care: Option<HybridCare>,
    /// Haaglanden: district nurse as visible link, proactive case finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district_nurse_link: Option<DistrictNurseLink>,
    /// User-defined programmes by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, CustomIntervention>,
}

/// Carer support (Katwijk proeftuin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CarerSupport {
    /// Start, in years after warm-up (years).
    pub start_year: f64,
    /// Share of carers reached (share).
    pub coverage: f64,
    /// Chance that one contact of the person cared for with a professional (GP or practice-nurse contact, a week of district nursing, a meeting-place visit) finds their carer (probability). Assumption.
    pub identification_per_contact: f64,
    /// Respite hours per week taken over by day activities for a reached carer whose load is above comfortable (hours/week): care the resident gets, so a carer at the most they can give leaves less unmet. Assumption, kept small: respite alone has no significant effect (Cochrane 2014).
    pub respite_hours_per_week: f64,
    /// Multiplier on the burden gain of reached carers. Source: small effects, Pinquart & Sorensen 2006.
    pub burden_gain_multiplier: f64,
    /// Multiplier on the weekly drop-out probability of reached carers. Assumption.
    pub dropout_multiplier: f64,
    /// Programme cost per reached carer per year (EUR/carer/year). Assumption.
    pub cost_eur_per_carer_per_year: f64,
    /// Who pays the programme cost.
    pub payer: Payer,
}

impl Default for CarerSupport {
    fn default() -> Self {
        Self {
            start_year: 0.0,
            coverage: 0.4,
            identification_per_contact: 0.2,
            respite_hours_per_week: 2.0,
            burden_gain_multiplier: 0.7,
            dropout_multiplier: 0.8,
            cost_eur_per_carer_per_year: 650.0,
            payer: Payer::Gemeente,
        }
    }
}

/// Neighbourhood meeting place (buurtontmoetingsplek).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingPlace {
    /// Start, in years after warm-up (years).
    pub start_year: f64,
    /// Target group: residents at home of at least this age, plus lonely adults of any age (years).
    pub target_min_age: f64,
    /// Share of the target group that becomes a regular visitor (share). Assumption.
    pub uptake: f64,
    /// Visits per member per week (visits/week). Assumption.
    pub visits_per_week: f64,
    /// Multiplier on loneliness onset and worsening for members, at one visit a week. Source: weak evidence (Fokkema & Van Tilburg 2007).
    pub loneliness_onset_multiplier: f64,
    /// Multiplier on loneliness recovery for members, at one visit a week. Source: weak evidence.
    pub loneliness_recovery_multiplier: f64,
    /// Share of members' psychosocial problems handled at the meeting place or by welfare instead of the GP (share). Source: social prescribing -10% to -20%.
    pub psychosocial_diversion_share: f64,
    /// Multiplier on pre-frail recovery for members (early signalling). Assumption.
    pub frailty_recovery_multiplier: f64,
    /// Staff and volunteer hours a week for members' psychosocial problems; a problem it cannot take within four weeks of these hours goes to the GP (hours/week). Assumption.
    pub help_hours_per_week: f64,
    /// Hours of help per problem (hours). Assumption.
    pub help_hours_per_problem: f64,
    /// Chance that a problem the meeting place helped is resolved: the
    /// member's loneliness eases one step; otherwise the problem comes back
    /// to the GP (probability). Assumption.
    pub resolution_share: f64,
    /// Running cost of the meeting place (EUR/year).
    pub running_cost_eur_per_year: f64,
    /// Who pays the running cost.
    pub payer: Payer,
}

impl Default for MeetingPlace {
    fn default() -> Self {
        Self {
            start_year: 0.0,
            target_min_age: 65.0,
            uptake: 0.15,
            visits_per_week: 1.0,
            loneliness_onset_multiplier: 0.85,
            loneliness_recovery_multiplier: 1.15,
            psychosocial_diversion_share: 0.15,
            frailty_recovery_multiplier: 1.1,
            help_hours_per_week: 3.0,
            help_hours_per_problem: 1.5,
            resolution_share: 0.5,
            running_cost_eur_per_year: 60_000.0,
            payer: Payer::Gemeente,
        }
    }
}

/// Digital and hybrid GP care (e-consults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HybridCare {
    /// Start, in years after warm-up (years).
    pub start_year: f64,
    /// Share of digitally literate residents who use e-consults (share). Assumption.
    pub uptake: f64,
    /// Share of users' routine requests made as an e-consult (share). Assumption.
    pub econsult_share: f64,
    /// GP time of an e-consult relative to a consult slot (`gp.minutes_by_mode[0]`) (ratio). Assumption.
    pub econsult_slot_fraction: f64,
    /// Share of e-consults followed by a face-to-face consult (share). Source: BMJ Open 2017 (38%).
    pub face_to_face_follow_up_share: f64,
    /// Share of e-consults followed by a telephone consult (share). Source: BMJ Open 2017 (32%).
    pub phone_follow_up_share: f64,
    /// Platform cost (EUR/year).
    pub cost_eur_per_year: f64,
    /// Who pays.
    pub payer: Payer,
}

impl Default for HybridCare {
    fn default() -> Self {
        Self {
            start_year: 0.0,
            uptake: 0.4,
            econsult_share: 0.3,
            econsult_slot_fraction: 0.5,
            face_to_face_follow_up_share: 0.38,
            phone_follow_up_share: 0.32,
            cost_eur_per_year: 15_000.0,
            payer: Payer::Zvw,
        }
    }
}

/// District nurse as visible link: proactive case finding of frail elderly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DistrictNurseLink {
    /// Start, in years after warm-up (years).
    pub start_year: f64,
    /// Target group: frail or care-dependent residents at home of at least this age (years).
    pub target_min_age: f64,
    /// Share of the target group found and followed (share). Assumption.
    pub coverage: f64,
    /// Multiplier on crisis rates of followed residents beyond the named
    /// mechanisms below (1 = none: the link acts only through them). Assumption.
    pub crisis_multiplier: f64,
    /// Mechanism: followed residents are admitted first from the
    /// district-nursing waiting list (earlier nursing).
    pub nursing_priority: bool,
    /// Mechanism: the nurse arranges Wmo home help for followed residents
    /// with an IADL limitation who would not have applied (unmet need met).
    pub home_help_referral: bool,
    /// Mechanism: falls prevention (exercise) for followed residents; a
    /// multiplier on the falls part of their acute-event rate (multiplier).
    pub falls_multiplier: f64,
    /// Multiplier on nursing-home admission of followed residents. Assumption.
    pub nursing_home_multiplier: f64,
    /// Case-management hours per followed resident per month (hours/month). Assumption.
    pub case_management_hours_per_month: f64,
    /// Who pays the case-management hours.
    pub payer: Payer,
}

impl Default for DistrictNurseLink {
    fn default() -> Self {
        Self {
            start_year: 0.0,
            target_min_age: 75.0,
            coverage: 0.6,
            crisis_multiplier: 1.0,
            nursing_priority: true,
            home_help_referral: true,
            falls_multiplier: 0.77,
            nursing_home_multiplier: 0.9,
            case_management_hours_per_month: 1.0,
            payer: Payer::Zvw,
        }
    }
}

/// A user-defined programme: target group, uptake, cost and rate multipliers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomIntervention {
    /// Start, in years after warm-up (years).
    pub start_year: f64,
    /// Share of the target group that takes part (share).
    pub uptake: f64,
    /// Who is eligible.
    pub target: TargetGroup,
    /// Multipliers on named rates for participants.
    pub multipliers: RateMultipliers,
    /// Share of participants' psychosocial problems diverted from the GP to welfare (share).
    pub psychosocial_to_welfare_share: f64,
    /// Cost per participant per year (EUR/participant/year).
    pub cost_eur_per_participant_per_year: f64,
    /// Who pays.
    pub payer: Payer,
}

impl Default for CustomIntervention {
    fn default() -> Self {
        Self {
            start_year: 0.0,
            uptake: 0.5,
            target: TargetGroup::default(),
            multipliers: RateMultipliers::default(),
            psychosocial_to_welfare_share: 0.0,
            cost_eur_per_participant_per_year: 0.0,
            payer: Payer::Gemeente,
        }
    }
}

/// Functional states, as written in scenario files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FunctionalStateName {
    /// No ADL or IADL limitation.
    Fit,
    /// An IADL limitation only (household tasks); can recover.
    PreFrail,
    /// An ADL limitation (personal care).
    Frail,
    /// An ADL limitation needing daily personal care.
    CareDependent,
}

/// Who a custom programme is for; all conditions must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetGroup {
    /// Minimum age (years).
    pub min_age: f64,
    /// Maximum age (years).
    pub max_age: f64,
    /// Functional states included (empty = all).
    pub functional_states: Vec<FunctionalStateName>,
    /// Only residents living alone.
    pub living_alone_only: bool,
    /// Only residents who are moderately or severely lonely.
    pub lonely_only: bool,
}

impl Default for TargetGroup {
    fn default() -> Self {
        Self {
            min_age: 0.0,
            max_age: 120.0,
            functional_states: Vec::new(),
            living_alone_only: false,
            lonely_only: false,
        }
    }
}

/// Multipliers on the model's named rates (1 = no effect).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateMultipliers {
    /// Medical problem episodes.
    pub gp_medical: f64,
    /// Psychosocial problems.
    pub gp_psychosocial: f64,
    /// Crises (out-of-hours and emergency).
    pub crisis: f64,
    /// The falls part of the crisis rate.
    pub falls: f64,
    /// Nursing-home admission.
    pub nursing_home_admission: f64,
    /// Loneliness onset and worsening.
    pub loneliness_onset: f64,
    /// Loneliness recovery.
    pub loneliness_recovery: f64,
    /// Functional decline (all onset rates).
    pub frailty_progression: f64,
    /// Recovery from pre-frail.
    pub frailty_recovery: f64,
}

impl Default for RateMultipliers {
    fn default() -> Self {
        Self {
            gp_medical: 1.0,
            gp_psychosocial: 1.0,
            crisis: 1.0,
            falls: 1.0,
            nursing_home_admission: 1.0,
            loneliness_onset: 1.0,
            loneliness_recovery: 1.0,
            frailty_progression: 1.0,
            frailty_recovery: 1.0,
        }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            name: "baseline".to_string(),
            description: String::new(),
            description_nl: String::new(),
            extends: None,
            run: RunConfig::default(),
            population: Population::default(),
            health: Health::default(),
            loneliness: Loneliness::default(),
            gp: GpPractice::default(),
            crisis: Crisis::default(),
            care: Care::default(),
            services: Services::default(),
            hospital: Hospital::default(),
            nursing_home: NursingHome::default(),
            costs: Costs::default(),
            interventions: Interventions::default(),
            relevance: RelevanceSettings::default(),
            sweep: None,
            sensitivity: None,
            uncertainty: BTreeMap::new(),
        }
    }
}

/// How a sweep chooses its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SweepMethod {
    /// Every combination of the listed values (a full factorial design).
    #[default]
    Grid,
    /// A Latin hypercube sample of `points` points over `{ min, max }` ranges.
    Lhs,
}

/// A sweep over parameters: `[sweep]` with `[sweep.parameters]`.
///
/// ```toml
/// [sweep]
/// method = "grid"
/// replications = 10
/// [sweep.parameters]
/// "interventions.carer_support.coverage" = [0.2, 0.4, 0.6]
/// ```
///
/// Each point runs the same replication indices with the same seed
/// (`run.seed`), so differences between points are paired (common random
/// numbers). The design itself is built by `experiment::sweep`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Sweep {
    /// `grid` (all combinations of listed values) or `lhs` (Latin hypercube).
    pub method: SweepMethod,
    /// Number of points of a Latin hypercube (only with `method = "lhs"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// Replications per point (default: `run.replications`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// Seed of the Latin hypercube sample (default: `run.seed`; only with
    /// `method = "lhs"`). The simulations always use `run.seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Dotted parameter path (as in a scenario file, written in quotes) ->
    /// values (grid) or range (lhs). Sorted by path.
    pub parameters: BTreeMap<String, SweepAxis>,
}

/// What one swept parameter takes: a list of values (`method = "grid"`), a
/// range (`method = "lhs"`), or the regions of a sweep over
/// `population.cbs.region`.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepAxis {
    /// `[0.2, 0.4, 0.6]`: the values of a grid, in the order written.
    Values(Vec<f64>),
    /// `{ min = 0.2, max = 0.6, log = false }`: the range of a Latin hypercube.
    Range {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
        /// Sample uniformly in log space (needs `min > 0`).
        log: bool,
    },
    /// `["WK036300", "WK036302"]` or `"all-wijken"`: the regions of
    /// `[population.cbs]` a grid runs, one point each (only for the key
    /// `population.cbs.region`).
    Regions(RegionAxis),
}

/// The regions of a sweep over `population.cbs.region`.
#[derive(Debug, Clone, PartialEq)]
pub enum RegionAxis {
    /// Region codes as written (`["WK036300", "WK036302"]`), in that order;
    /// each must be a region that can run.
    Codes(Vec<String>),
    /// `"all-wijken"`: every wijk of the Kerncijfers file, in file order;
    /// those that cannot run are skipped and listed.
    AllWijken,
}

/// The word for every wijk of the file (`"population.cbs.region" = "all-wijken"`).
pub const ALL_WIJKEN: &str = "all-wijken";

impl Serialize for SweepAxis {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SweepAxis::Values(values) => values.serialize(serializer),
            SweepAxis::Range { min, max, log } => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("min", min)?;
                map.serialize_entry("max", max)?;
                map.serialize_entry("log", log)?;
                map.end()
            }
            SweepAxis::Regions(RegionAxis::Codes(codes)) => codes.serialize(serializer),
            SweepAxis::Regions(RegionAxis::AllWijken) => serializer.serialize_str(ALL_WIJKEN),
        }
    }
}

/// One element of a grid's list: a number, or text (a region code).
enum ListItem {
    Number(f64),
    Code(String),
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl Visitor<'_> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a region code in quotes such as \"WK036300\"")
            }
            fn visit_f64<E>(self, x: f64) -> Result<ListItem, E> {
                Ok(ListItem::Number(x))
            }
            fn visit_i64<E>(self, x: i64) -> Result<ListItem, E> {
                Ok(ListItem::Number(x as f64))
            }
            fn visit_u64<E>(self, x: u64) -> Result<ListItem, E> {
                Ok(ListItem::Number(x as f64))
            }
            fn visit_str<E>(self, s: &str) -> Result<ListItem, E> {
                Ok(ListItem::Code(s.to_string()))
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// A grid's list: all numbers (values), all text (region codes), or empty
/// (no values, which validation refuses); numbers and text mixed are refused.
fn list_axis<E: de::Error>(items: Vec<ListItem>) -> Result<SweepAxis, E> {
    let numbers = items
        .iter()
        .filter(|i| matches!(i, ListItem::Number(_)))
        .count();
    if numbers == items.len() {
        let values = items
            .into_iter()
            .filter_map(|i| match i {
                ListItem::Number(x) => Some(x),
                ListItem::Code(_) => None,
            })
            .collect();
        return Ok(SweepAxis::Values(values));
    }
    if numbers > 0 {
        return Err(E::custom(
            "the list mixes numbers and text: list numbers (the values of a parameter, e.g. \
             [0.2, 0.4]) or region codes in quotes (for `population.cbs.region`, e.g. \
             [\"WK036300\", \"WK036302\"]), not both",
        ));
    }
    let codes = items
        .into_iter()
        .filter_map(|i| match i {
            ListItem::Code(code) => Some(code),
            ListItem::Number(_) => None,
        })
        .collect();
    Ok(SweepAxis::Regions(RegionAxis::Codes(codes)))
}

/// The keys of a range, for "did you mean" on a typo.
const RANGE_KEYS: &[&str] = &["min", "max", "log"];

impl<'de> Deserialize<'de> for SweepAxis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AxisVisitor;
        impl<'de> Visitor<'de> for AxisVisitor {
            type Value = SweepAxis;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a list of values such as [0.2, 0.4] (method = \"grid\"), a range such as \
                     { min = 0.2, max = 0.6 } (method = \"lhs\"), or region codes such as \
                     [\"WK036300\", \"WK036302\"] or \"all-wijken\" (for `population.cbs.region`)",
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SweepAxis, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<ListItem>()? {
                    items.push(item);
                }
                list_axis(items)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<SweepAxis, E> {
                if s == ALL_WIJKEN {
                    return Ok(SweepAxis::Regions(RegionAxis::AllWijken));
                }
                Err(E::custom(format!(
                    "{s:?} is not a sweep axis: the only word a sweep takes is \"{ALL_WIJKEN}\" \
                     (every wijk of the [population.cbs] file, for `population.cbs.region`); \
                     list region codes as [\"WK036300\", \"WK036302\"] or values as [0.2, 0.4]"
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SweepAxis, A::Error> {
                let (mut min, mut max, mut log) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "min" => min = Some(map.next_value::<f64>()?),
                        "max" => max = Some(map.next_value::<f64>()?),
                        "log" => log = Some(map.next_value::<bool>()?),
                        other => {
                            // `gp.fte = [..]` without quotes is read by TOML
                            // as nested tables: say how to write it.
                            if map.next_value::<Shape>()?.compound {
                                return Err(de::Error::custom(
                                    "write the parameter path as one key in quotes, e.g. \
                                     `\"gp.fte\" = [5.0, 6.0]`: without quotes, TOML reads the \
                                     dots as nested tables",
                                ));
                            }
                            return Err(de::Error::unknown_field(other, RANGE_KEYS));
                        }
                    }
                }
                Ok(SweepAxis::Range {
                    min: min.ok_or_else(|| de::Error::missing_field("min"))?,
                    max: max.ok_or_else(|| de::Error::missing_field("max"))?,
                    log: log.unwrap_or(false),
                })
            }
        }
        deserializer.deserialize_any(AxisVisitor)
    }
}

/// Whether a value is a table or an array (read and discarded).
struct Shape {
    compound: bool,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape { compound: false })
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape { compound: false })
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape { compound: false })
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape { compound: false })
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape { compound: false })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Shape { compound: true })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Shape { compound: true })
            }
        }
        deserializer.deserialize_any(ShapeVisitor)
    }
}
