//! The unit and valid range of every scenario key, in one table.
//!
//! [`RULES`] is the single list that [`super::validate`] checks against,
//! that "did you mean" tips quote (`coverage` (share, 0 to 1)), and that
//! `docs/scenario-reference.md` must agree with (a test compares them). The
//! schema says what a key *means*; this table says what values are *allowed*.
//! Keys under `interventions.custom.<name>` are written with `*` for the
//! programme name.

use super::key::KeyPath;
use std::fmt;

/// A closed or open bound of a [`Range`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The value may equal the bound.
    Inclusive(f64),
    /// The value must differ from the bound.
    Exclusive(f64),
    /// No bound on this side.
    Unbounded,
}

/// The allowed values of a number. Numbers must also be finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound.
    pub min: Bound,
    /// Upper bound.
    pub max: Bound,
}

impl Range {
    /// True when `x` is finite and within both bounds.
    pub fn contains(&self, x: f64) -> bool {
        let above = match self.min {
            Bound::Inclusive(m) => x >= m,
            Bound::Exclusive(m) => x > m,
            Bound::Unbounded => true,
        };
        let below = match self.max {
            Bound::Inclusive(m) => x <= m,
            Bound::Exclusive(m) => x < m,
            Bound::Unbounded => true,
        };
        x.is_finite() && above && below
    }
}

/// Written in words, the way the reference documents it: "0 to 1",
/// "0 or more", "over 0", "over 0, up to 1000", "0 to under 1".
impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Bound::Inclusive(a), Bound::Inclusive(b)) => write!(f, "{a} to {b}"),
            (Bound::Inclusive(a), Bound::Exclusive(b)) => write!(f, "{a} to under {b}"),
            (Bound::Exclusive(a), Bound::Inclusive(b)) => write!(f, "over {a}, up to {b}"),
            (Bound::Exclusive(a), Bound::Exclusive(b)) => write!(f, "over {a}, under {b}"),
            (Bound::Inclusive(a), Bound::Unbounded) => write!(f, "{a} or more"),
            (Bound::Exclusive(a), Bound::Unbounded) => write!(f, "over {a}"),
            (Bound::Unbounded, Bound::Inclusive(b)) => write!(f, "up to {b}"),
            (Bound::Unbounded, Bound::Exclusive(b)) => write!(f, "under {b}"),
            (Bound::Unbounded, Bound::Unbounded) => write!(f, "any finite number"),
        }
    }
}

/// What a key accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// A finite number within the range (each element, for an array).
    Number(Range),
    /// A whole number from `min` to `max` inclusive.
    Integer {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// `true` or `false`.
    Flag,
    /// Any text.
    Text,
    /// One of these words (each element, for an array).
    Choice(&'static [&'static str]),
    /// A finite value of another parameter, named by the key (the values of
    /// a sweep): checked against that parameter's own rule.
    ParameterValue,
}

/// The rule for one key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Dotted key path; `*` stands for a custom programme's name.
    pub path: &'static str,
    /// Unit as written in the reference ("share", "per year", "EUR/hour").
    pub unit: &'static str,
    /// Allowed values.
    pub check: Check,
    /// Required number of elements, for arrays whose length the schema
    /// does not fix by type.
    pub len: Option<usize>,
}

impl Rule {
    /// The valid range in words, exactly as `docs/scenario-reference.md`
    /// writes it.
    pub fn range_text(&self) -> String {
        let base = match self.check {
            Check::Number(range) => range.to_string(),
            Check::Integer { min, max } => format!("{min} to {max}"),
            Check::Flag => "true or false".to_string(),
            Check::Text => "any text".to_string(),
            Check::ParameterValue => "valid values of the parameter".to_string(),
            Check::Choice(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                format!("one of {}", quoted.join(", "))
            }
        };
        match self.len {
            Some(n) => format!("{n} values, each {base}"),
            None => base,
        }
    }

    /// True when this rule is registered for `path` (array indices ignored,
    /// `*` matching any one key).
    pub fn matches(&self, path: &KeyPath) -> bool {
        let mut keys = path.keys();
        for pattern in self.path.split('.') {
            match keys.next() {
                Some(key) if pattern == "*" || pattern == key => {}
                _ => return false,
            }
        }
        keys.next().is_none()
    }
}

/// The rule for a key path, if the key is a known leaf.
pub fn rule_for(path: &KeyPath) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.matches(path))
}

/// 0 to 1, both included.
pub(crate) const SHARE: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Inclusive(1.0),
};
/// 0 or more.
pub(crate) const NON_NEGATIVE: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Unbounded,
};
const POSITIVE: Range = Range {
    min: Bound::Exclusive(0.0),
    max: Bound::Unbounded,
};
const HOURS_PER_WEEK: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Inclusive(168.0),
};
const AGE: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Inclusive(150.0),
};
const START_YEAR: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Inclusive(200.0),
};
const SLOPE: Range = Range {
    min: Bound::Inclusive(0.0),
    max: Bound::Inclusive(1.0),
};
const PAYERS: &[&str] = &["zvw", "wmo", "wlz", "gemeente"];
const STATES: &[&str] = &["fit", "pre-frail", "frail", "care-dependent"];
/// The words of `population.projection` (the serde names of
/// `schema::AgeProjection`; a test keeps the two in step).
pub const PROJECTIONS: &[&str] = &["stationary", "cbs-kernprognose-2024"];

/// The words of `uncertainty.*.dist` (the serde names of
/// `uncertainty::Distribution`; a test keeps the two in step).
pub const DISTRIBUTIONS: &[&str] = &["uniform", "triangular", "normal", "lognormal", "beta"];

/// Longest run the engine accepts: measured plus warm-up years.
pub const MAX_TOTAL_YEARS: u32 = 200;
/// Largest district, in residents at the start.
pub const MAX_RESIDENTS: i64 = 5_000_000;
/// Most points a sweep may have (grid combinations or `sweep.points`).
pub const MAX_SWEEP_POINTS: i64 = 100_000;
const SWEEP_METHODS: &[&str] = &["grid", "lhs"];

const fn rule(path: &'static str, unit: &'static str, check: Check) -> Rule {
    Rule {
        path,
        unit,
        check,
        len: None,
    }
}
const fn share(path: &'static str) -> Rule {
    rule(path, "share", Check::Number(SHARE))
}
const fn probability(path: &'static str, unit: &'static str) -> Rule {
    rule(path, unit, Check::Number(SHARE))
}
const fn rate(path: &'static str, unit: &'static str) -> Rule {
    rule(path, unit, Check::Number(NON_NEGATIVE))
}
const fn multiplier(path: &'static str) -> Rule {
    rule(path, "multiplier", Check::Number(NON_NEGATIVE))
}
const fn euro(path: &'static str, unit: &'static str) -> Rule {
    rule(path, unit, Check::Number(NON_NEGATIVE))
}
const fn payer(path: &'static str) -> Rule {
    rule(path, "payer", Check::Choice(PAYERS))
}
const fn start_year(path: &'static str) -> Rule {
    rule(path, "years", Check::Number(START_YEAR))
}

/// Every key a scenario file may set, with unit and valid range. Tests
/// check that each leaf of the schema has exactly one rule here.
pub static RULES: &[Rule] = &[
    // Top level.
    rule("name", "text", Check::Text),
    rule("description", "text", Check::Text),
    rule("description_nl", "text", Check::Text),
    rule("extends", "path", Check::Text),
    // [run]
    rule(
        "run.years",
        "years",
        Check::Integer {
            min: 1,
            max: MAX_TOTAL_YEARS as i64,
        },
    ),
    rule(
        "run.warmup_years",
        "years",
        Check::Integer {
            min: 0,
            max: MAX_TOTAL_YEARS as i64 - 1,
        },
    ),
    rule(
        "run.replications",
        "replications",
        Check::Integer {
            min: 1,
            max: 1_000_000,
        },
    ),
    rule(
        "run.seed",
        "seed",
        Check::Integer {
            min: 0,
            max: i64::MAX,
        },
    ),
    // [population]
    rule(
        "population.residents",
        "persons",
        Check::Integer {
            min: 1,
            max: MAX_RESIDENTS,
        },
    ),
    Rule {
        path: "population.age_band_shares",
        unit: "relative weight",
        check: Check::Number(NON_NEGATIVE),
        len: Some(20),
    },
    probability(
        "population.move_out_rate_young_adults",
        "probability per year",
    ),
    probability("population.move_out_rate_other", "probability per year"),
    probability("population.union_formation_rate", "probability per year"),
    probability("population.separation_rate", "probability per year"),
    share("population.digital_literacy_by_age"),
    rule("population.projection", "mode", Check::Choice(PROJECTIONS)),
    share("population.living_alone_share"),
    rule("population.cbs.kerncijfers", "path", Check::Text),
    rule("population.cbs.ages", "path", Check::Text),
    rule("population.cbs.region", "region code", Check::Text),
    // [health]
    rate("health.prefrail_onset_rate_at_75", "per year"),
    rate("health.frail_onset_rate_at_75", "per year"),
    rate("health.dependent_onset_rate_at_75", "per year"),
    rule(
        "health.onset_age_slope",
        "per year of age",
        Check::Number(SLOPE),
    ),
    rule(
        "health.onset_age_curvature",
        "per squared year of age",
        Check::Number(SLOPE),
    ),
    rate("health.prefrail_recovery_rate", "per year"),
    rate("health.adl_recovery_rate", "per year"),
    rate("health.death_rate_fit_at_80", "per year"),
    rule(
        "health.mortality_age_slope",
        "per year of age",
        Check::Number(SLOPE),
    ),
    multiplier("health.mortality_multiplier_by_state"),
    // [loneliness]
    rate("loneliness.onset_rate", "per year"),
    rate("loneliness.recovery_rate", "per year"),
    rate("loneliness.worsening_rate", "per year"),
    rate("loneliness.severe_recovery_rate", "per year"),
    multiplier("loneliness.living_alone_multiplier"),
    multiplier("loneliness.frailty_multiplier"),
    multiplier("loneliness.age_multiplier_75_84_85plus"),
    // [gp]
    rate("gp.fte_per_1000", "FTE per 1,000 residents"),
    // An optional override of the per-1,000 key (see `super::capacity`).
    rule(
        "gp.fte",
        "FTE",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(1000.0),
        }),
    ),
    rule(
        "gp.fte_per_practice",
        "FTE",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(100.0),
        }),
    ),
    rule(
        "gp.practice_fte",
        "FTE",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(100.0),
        }),
    ),
    rule(
        "gp.list_size_spread",
        "share",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(1.0),
        }),
    ),
    rule(
        "gp.contact_hours_per_fte_week",
        "hours per week",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(80.0),
        }),
    ),
    rule(
        "gp.minutes_by_mode",
        "minutes",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(240.0),
        }),
    ),
    share("gp.urgent_slot_share"),
    share("gp.holiday_capacity_factor"),
    probability("gp.absence_week_share", "probability"),
    rule(
        "gp.winter_demand_amplitude",
        "share",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Exclusive(1.0),
        }),
    ),
    share("gp.later_day_share"),
    rule(
        "gp.booking_horizon_workdays",
        "working days",
        Check::Number(Range {
            min: Bound::Inclusive(1.0),
            max: Bound::Inclusive(60.0),
        }),
    ),
    probability("gp.give_up_share_by_self_reliance", "probability"),
    share("gp.home_visit_share_by_state"),
    rate("gp.episode_rate_by_age", "episodes per year"),
    multiplier("gp.episode_multiplier_by_state"),
    rule(
        "gp.propensity_shape",
        "gamma shape",
        Check::Number(POSITIVE),
    ),
    rule(
        "gp.follow_up_probability",
        "probability",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Exclusive(1.0),
        }),
    ),
    rule("gp.follow_up_days", "days", Check::Number(POSITIVE)),
    share("gp.urgent_share"),
    multiplier("gp.urgent_multiplier_by_age"),
    share("gp.phone_share"),
    rate("gp.psychosocial_rate_by_loneliness", "episodes per year"),
    share("gp.welfare_referral_share"),
    rate("gp.spill_wait_workdays", "working days"),
    share("gp.spill_share"),
    multiplier("gp.burdened_carer_multiplier"),
    rate("gp.escalation_after_workdays", "working days"),
    probability("gp.escalation_per_week_late", "per week"),
    share("gp.practice_nurse_share_frail_75plus"),
    rate(
        "gp.practice_nurse_contacts_per_week_per_1000",
        "contacts per week per 1,000 residents",
    ),
    // An optional override of the per-1,000 key (see `super::capacity`).
    rate("gp.practice_nurse_contacts_per_week", "contacts per week"),
    // [crisis]
    rate("crisis.rate_by_state", "per year"),
    multiplier("crisis.age_multiplier_by_band"),
    multiplier("crisis.living_alone_multiplier"),
    share("crisis.falls_share"),
    rate("crisis.unmet_need_multiplier_per_hour", "per hour/week"),
    share("crisis.emergency_share"),
    probability("crisis.nursing_home_after_emergency", "probability"),
    share("crisis.out_of_hours_share_of_urgent"),
    // [hospital]
    share("hospital.admission_share_after_emergency_by_age"),
    rate("hospital.planned_admission_rate_by_age", "per year"),
    rule(
        "hospital.length_of_stay_mean_days_by_age",
        "days",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(365.0),
        }),
    ),
    rule(
        "hospital.length_of_stay_sigma",
        "log days",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(3.0),
        }),
    ),
    probability("hospital.death_probability_by_age", "probability"),
    probability("hospital.decline_probability_acute_by_age", "probability"),
    probability("hospital.decline_probability_planned_65plus", "probability"),
    probability("hospital.nursing_episode_after_discharge", "probability"),
    probability("hospital.rehab_share_after_decline", "probability"),
    rule(
        "hospital.rehab_days_mean",
        "days",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(365.0),
        }),
    ),
    probability("hospital.rehab_recovery_probability", "probability"),
    probability("hospital.nursing_home_after_rehab", "probability"),
    probability("hospital.short_stay_share", "probability"),
    rule(
        "hospital.short_stay_days_mean",
        "days",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(365.0),
        }),
    ),
    probability("hospital.nursing_home_after_short_stay", "probability"),
    // [care]
    rule(
        "care.need_hours_by_state",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    rule(
        "care.need_cv",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(3.0),
        }),
    ),
    share("care.iadl_need_share_with_partner"),
    rule(
        "care.need_age_slope",
        "per year of age",
        Check::Number(SLOPE),
    ),
    share("care.personal_care_share"),
    probability("care.nearby_carer_probability", "probability"),
    probability("care.outside_carer_probability", "probability"),
    probability("care.neighbour_carer_probability", "probability"),
    share("care.carer_step_in_share"),
    share("care.partner_step_in_share"),
    rule(
        "care.max_load_neighbour",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(10.0),
        }),
    ),
    rule(
        "care.carer_capacity_hours_mean",
        "hours/week",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(168.0),
        }),
    ),
    rule(
        "care.carer_capacity_cv",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(10.0),
        }),
    ),
    rule(
        "care.max_load_partner",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(10.0),
        }),
    ),
    rule(
        "care.max_load_other",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(10.0),
        }),
    ),
    rule(
        "care.max_load_outside",
        "ratio",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(10.0),
        }),
    ),
    rate("care.burden_gain_per_week", "per week"),
    rate("care.comfortable_load", "ratio"),
    rule(
        "care.burden_sensitivity_cv",
        "coefficient of variation",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(5.0),
        }),
    ),
    probability("care.burden_recovery_per_week", "share per week"),
    rule(
        "care.heavy_burden_threshold",
        "level (0-2 scale)",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(2.0),
        }),
    ),
    probability("care.dropout_probability_per_week", "probability per week"),
    rate("care.outside_care_start_rate_peak", "per year"),
    rule(
        "care.outside_care_years_mean",
        "years",
        Check::Number(POSITIVE),
    ),
    rule(
        "care.outside_care_hours_mean",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    // [services]
    rate(
        "services.district_nursing_hours_per_week_per_1000",
        "hours/week per 1,000 residents",
    ),
    rate(
        "services.home_help_hours_per_week_per_1000",
        "hours/week per 1,000 residents",
    ),
    rate(
        "services.welfare_contacts_per_week_per_1000",
        "contacts per week per 1,000 residents",
    ),
    rate("services.welfare_contacts_per_problem", "contacts"),
    probability("services.welfare_resolution_share", "probability"),
    // Optional overrides of the per-1,000 keys (see `super::capacity`).
    rate("services.district_nursing_hours_per_week", "hours/week"),
    rate("services.home_help_hours_per_week", "hours/week"),
    rate("services.welfare_contacts_per_week", "contacts per week"),
    rule(
        "services.home_help_package_hours_per_week",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    share("services.home_help_take_up"),
    rule(
        "services.home_help_partner_expected_until_age",
        "years",
        Check::Number(AGE),
    ),
    rule(
        "services.nursing_min_personal_hours_per_week",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    share("services.nursing_share_of_personal_need"),
    rate("services.nursing_episode_rate_at_75", "per year"),
    rule(
        "services.nursing_episode_age_slope",
        "per year of age",
        Check::Number(SLOPE),
    ),
    rule(
        "services.nursing_episode_weeks_mean",
        "weeks",
        Check::Number(POSITIVE),
    ),
    rule(
        "services.nursing_episode_hours_per_week",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    // [nursing_home]
    rate("nursing_home.admission_rate_dependent", "per year"),
    rate("nursing_home.admission_rate_frail", "per year"),
    rule(
        "nursing_home.admission_age_slope",
        "per year of age",
        Check::Number(SLOPE),
    ),
    rate(
        "nursing_home.unmet_need_multiplier_per_hour",
        "per hour/week",
    ),
    multiplier("nursing_home.carer_dropout_multiplier"),
    multiplier("nursing_home.mortality_multiplier"),
    // [costs]
    euro("costs.gp_consult_eur", "EUR"),
    euro("costs.gp_home_visit_eur", "EUR"),
    euro("costs.gp_phone_eur", "EUR"),
    euro("costs.practice_nurse_contact_eur", "EUR"),
    euro("costs.out_of_hours_eur", "EUR"),
    euro("costs.emergency_visit_eur", "EUR"),
    euro("costs.hospital_day_eur", "EUR/day"),
    euro("costs.short_stay_day_eur", "EUR/day"),
    euro("costs.rehab_day_eur", "EUR/day"),
    euro("costs.district_nursing_eur_per_hour", "EUR/hour"),
    euro("costs.home_help_eur_per_hour", "EUR/hour"),
    euro("costs.nursing_home_eur_per_day", "EUR/day"),
    euro("costs.welfare_contact_eur", "EUR"),
    euro("costs.day_activity_eur_per_half_day", "EUR/half day"),
    euro("costs.informal_care_eur_per_hour", "EUR/hour"),
    // [interventions.carer_support]
    start_year("interventions.carer_support.start_year"),
    probability(
        "interventions.carer_support.identification_per_contact",
        "probability",
    ),
    share("interventions.carer_support.coverage"),
    rule(
        "interventions.carer_support.respite_hours_per_week",
        "hours/week",
        Check::Number(HOURS_PER_WEEK),
    ),
    multiplier("interventions.carer_support.burden_gain_multiplier"),
    multiplier("interventions.carer_support.dropout_multiplier"),
    euro(
        "interventions.carer_support.cost_eur_per_carer_per_year",
        "EUR/carer/year",
    ),
    payer("interventions.carer_support.payer"),
    // [interventions.meeting_place]
    start_year("interventions.meeting_place.start_year"),
    rule(
        "interventions.meeting_place.target_min_age",
        "years",
        Check::Number(AGE),
    ),
    share("interventions.meeting_place.uptake"),
    rule(
        "interventions.meeting_place.visits_per_week",
        "visits/week",
        Check::Number(Range {
            min: Bound::Inclusive(0.0),
            max: Bound::Inclusive(7.0),
        }),
    ),
    multiplier("interventions.meeting_place.loneliness_onset_multiplier"),
    multiplier("interventions.meeting_place.loneliness_recovery_multiplier"),
    share("interventions.meeting_place.psychosocial_diversion_share"),
    multiplier("interventions.meeting_place.frailty_recovery_multiplier"),
    rate(
        "interventions.meeting_place.help_hours_per_week",
        "hours/week",
    ),
    rule(
        "interventions.meeting_place.help_hours_per_problem",
        "hours",
        Check::Number(POSITIVE),
    ),
    probability(
        "interventions.meeting_place.resolution_share",
        "probability",
    ),
    euro(
        "interventions.meeting_place.running_cost_eur_per_year",
        "EUR/year",
    ),
    payer("interventions.meeting_place.payer"),
    // [interventions.hybrid_care]
    start_year("interventions.hybrid_care.start_year"),
    share("interventions.hybrid_care.uptake"),
    share("interventions.hybrid_care.econsult_share"),
    rate("interventions.hybrid_care.econsult_slot_fraction", "ratio"),
    share("interventions.hybrid_care.face_to_face_follow_up_share"),
    share("interventions.hybrid_care.phone_follow_up_share"),
    euro("interventions.hybrid_care.cost_eur_per_year", "EUR/year"),
    payer("interventions.hybrid_care.payer"),
    // [interventions.district_nurse_link]
    start_year("interventions.district_nurse_link.start_year"),
    rule(
        "interventions.district_nurse_link.target_min_age",
        "years",
        Check::Number(AGE),
    ),
    share("interventions.district_nurse_link.coverage"),
    multiplier("interventions.district_nurse_link.crisis_multiplier"),
    rule(
        "interventions.district_nurse_link.nursing_priority",
        "flag",
        Check::Flag,
    ),
    rule(
        "interventions.district_nurse_link.home_help_referral",
        "flag",
        Check::Flag,
    ),
    multiplier("interventions.district_nurse_link.falls_multiplier"),
    multiplier("interventions.district_nurse_link.nursing_home_multiplier"),
    rate(
        "interventions.district_nurse_link.case_management_hours_per_month",
        "hours/month",
    ),
    payer("interventions.district_nurse_link.payer"),
    // [interventions.custom.<name>]
    start_year("interventions.custom.*.start_year"),
    share("interventions.custom.*.uptake"),
    rule(
        "interventions.custom.*.target.min_age",
        "years",
        Check::Number(AGE),
    ),
    rule(
        "interventions.custom.*.target.max_age",
        "years",
        Check::Number(AGE),
    ),
    rule(
        "interventions.custom.*.target.functional_states",
        "states",
        Check::Choice(STATES),
    ),
    rule(
        "interventions.custom.*.target.living_alone_only",
        "flag",
        Check::Flag,
    ),
    rule(
        "interventions.custom.*.target.lonely_only",
        "flag",
        Check::Flag,
    ),
    multiplier("interventions.custom.*.multipliers.gp_medical"),
    multiplier("interventions.custom.*.multipliers.gp_psychosocial"),
    multiplier("interventions.custom.*.multipliers.crisis"),
    multiplier("interventions.custom.*.multipliers.falls"),
    multiplier("interventions.custom.*.multipliers.nursing_home_admission"),
    multiplier("interventions.custom.*.multipliers.loneliness_onset"),
    multiplier("interventions.custom.*.multipliers.loneliness_recovery"),
    multiplier("interventions.custom.*.multipliers.frailty_progression"),
    multiplier("interventions.custom.*.multipliers.frailty_recovery"),
    share("interventions.custom.*.psychosocial_to_welfare_share"),
    euro(
        "interventions.custom.*.cost_eur_per_participant_per_year",
        "EUR/participant/year",
    ),
    payer("interventions.custom.*.payer"),
    // [relevance]: `*` is a metric name; `experiment::relevance` checks
    // that it names a metric (the scenario does not know the model's).
    rule(
        "relevance.absolute.*",
        "unit of the metric",
        Check::Number(POSITIVE),
    ),
    rule(
        "relevance.relative.*",
        "share of the reference mean",
        Check::Number(Range {
            min: Bound::Exclusive(0.0),
            max: Bound::Inclusive(1.0),
        }),
    ),
    // [sweep]: `*` is a dotted parameter path written in quotes. Values are
    // checked against that parameter's own rule in `validation.rs`.
    rule("sweep.method", "method", Check::Choice(SWEEP_METHODS)),
    rule(
        "sweep.points",
        "points",
        Check::Integer {
            min: 1,
            max: MAX_SWEEP_POINTS,
        },
    ),
    rule(
        "sweep.replications",
        "replications",
        Check::Integer {
            min: 1,
            max: 1_000_000,
        },
    ),
    rule(
        "sweep.seed",
        "seed",
        Check::Integer {
            min: 0,
            max: i64::MAX,
        },
    ),
    rule(
        "sweep.parameters.*",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "sweep.parameters.*.min",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "sweep.parameters.*.max",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule("sweep.parameters.*.log", "flag", Check::Flag),
    // [uncertainty]: `*` is a dotted parameter path written in quotes. The
    // distribution is checked against that parameter's own rule in
    // `uncertainty_check.rs` (a beta's shapes too: over 0).
    rule(
        "uncertainty.*.dist",
        "distribution",
        Check::Choice(DISTRIBUTIONS),
    ),
    rule(
        "uncertainty.*.min",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "uncertainty.*.mode",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "uncertainty.*.max",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "uncertainty.*.mean",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule(
        "uncertainty.*.sd",
        "unit of the parameter",
        Check::ParameterValue,
    ),
    rule("uncertainty.*.alpha", "shape", Check::ParameterValue),
    rule("uncertainty.*.beta", "shape", Check::ParameterValue),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_words() {
        assert_eq!(SHARE.to_string(), "0 to 1");
        assert_eq!(NON_NEGATIVE.to_string(), "0 or more");
        assert_eq!(POSITIVE.to_string(), "over 0");
        let fte = rule_for(&KeyPath::of(&["gp", "fte"])).unwrap();
        assert_eq!(fte.range_text(), "over 0, up to 1000");
    }

    #[test]
    fn star_matches_any_programme_name() {
        let path = KeyPath::of(&[
            "interventions",
            "custom",
            "valpreventie",
            "multipliers",
            "crisis",
        ]);
        assert_eq!(
            rule_for(&path).unwrap().path,
            "interventions.custom.*.multipliers.crisis"
        );
        assert!(rule_for(&KeyPath::of(&["interventions", "custom", "x"])).is_none());
    }

    #[test]
    fn numbers_must_be_finite() {
        assert!(!NON_NEGATIVE.contains(f64::INFINITY));
        assert!(!SHARE.contains(f64::NAN));
        assert!(SHARE.contains(1.0) && !SHARE.contains(1.01));
    }

    #[test]
    fn every_rule_path_is_unique() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(
                RULES[i + 1..].iter().all(|b| b.path != a.path),
                "{} twice",
                a.path
            );
        }
    }
}
