//! The shift ledger (verschuivingsbalans): where care demand went when a
//! scenario is compared with a reference.
//!
//! Four kinds of change, each read from a *counted* metric (a counter the
//! simulation increments at the event itself, never a formula over the
//! summary), and each given as a paired 95% interval over replications:
//!
//! - *shifted* (verplaatst): GP demand that went elsewhere instead;
//! - *prevented* (voorkomen): problems that did not arise;
//! - *postponed* (uitgesteld): nursing-home days later, days at home gained;
//! - *replaced* (vervangen): one form of contact in place of another;
//!
//! and the net cost per payer, the programmes' own cost included; beside
//! it, what the change in informal care is worth (*borne by carers*,
//! gedragen door mantelzorgers): informal hours valued at
//! `costs.informal_care_eur_per_hour`, paid by no payer and never part of
//! the payers' net total.
//!
//! Signs: a positive amount is the change the programme made (requests
//! shifted, crises prevented, admissions postponed, consults replaced);
//! a negative amount is the opposite (e.g. more face-to-face consults,
//! because e-consults are often followed by one). For the cost lines a
//! positive amount is extra cost for that payer, a negative one a saving.
//!
//! Why counted events: a difference of two rates would mix a programme's
//! effect with changes in the denominator (more residents at home when
//! admissions are postponed); a count of the event itself says how many GP
//! requests a year went to the meeting place, and pairs exactly over
//! replications with common random numbers.
//!
//! `shift.csv` (written by `run` and `merge` beside `comparison.csv`, and
//! by `compare -o DIR`) has one row per compared scenario and ledger line.

use super::folders::{mean_residents, read_folder, Folder};
use crate::experiment::compare::{Method, LEVEL};
use crate::experiment::relevance::assess;
use crate::model::metric_index;
use crate::output::atomic::write_atomic;
use crate::output::csvfiles::relevance_fields;
use crate::output::format::{aligned_table, csv_f64, short_number};
use crate::output::names::printable;
use crate::output::OutputError;
use crate::stats::discount::{discounted_sum, Discount};
use crate::stats::{t_interval, welch_interval, Interval, RunningMoments};
use std::path::{Path, PathBuf};

/// The four kinds of change, plus the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Verplaatst: demand that went to another place or person.
    Shifted,
    /// Voorkomen: problems that did not arise.
    Prevented,
    /// Uitgesteld: later nursing-home admission, more days at home.
    Postponed,
    /// Vervangen: one form of contact in place of another.
    Replaced,
    /// Net cost per payer, the programmes' own cost included.
    NetCost,
    /// Gedragen door mantelzorgers: the value of informal care hours,
    /// borne by carers and paid by no payer (not in the net total).
    BorneByCarers,
    /// Zelfredzaamheid: self-reliance domains of residents 65+ lost or
    /// gained (scores crossing 4), counted at monthly snapshots.
    SelfReliance,
}

impl Category {
    /// Every category, in ledger order.
    pub const ALL: [Category; 7] = [
        Category::Shifted,
        Category::Prevented,
        Category::Postponed,
        Category::Replaced,
        Category::SelfReliance,
        Category::NetCost,
        Category::BorneByCarers,
    ];

    /// Machine name, as in `shift.csv`.
    pub fn id(self) -> &'static str {
        match self {
            Category::Shifted => "shifted",
            Category::Prevented => "prevented",
            Category::Postponed => "postponed",
            Category::Replaced => "replaced",
            Category::NetCost => "net_cost",
            Category::BorneByCarers => "borne_by_carers",
            Category::SelfReliance => "self_reliance",
        }
    }

    /// Label for readers: Dutch or English.
    pub fn label(self, dutch: bool) -> &'static str {
        match (self, dutch) {
            (Category::Shifted, true) => "verplaatst",
            (Category::Shifted, false) => "shifted",
            (Category::Prevented, true) => "voorkomen",
            (Category::Prevented, false) => "prevented",
            (Category::Postponed, true) => "uitgesteld",
            (Category::Postponed, false) => "postponed",
            (Category::Replaced, true) => "vervangen",
            (Category::Replaced, false) => "replaced",
            (Category::NetCost, true) => "netto kosten",
            (Category::NetCost, false) => "net cost",
            (Category::BorneByCarers, true) => "gedragen door mantelzorgers",
            (Category::BorneByCarers, false) => "borne by carers",
            (Category::SelfReliance, true) => "zelfredzaamheid",
            (Category::SelfReliance, false) => "self-reliance",
        }
    }
}

/// One line of the ledger: what it counts, where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftItem {
    /// Machine name, as in `shift.csv`.
    pub id: &'static str,
    /// Which kind of change.
    pub category: Category,
    /// The counted metric (column of `replications.csv`) it reads.
    pub metric: &'static str,
    /// +1 when the ledger amount is scenario minus reference (more of it
    /// is the change, e.g. contacts shifted to welfare), -1 when it is
    /// reference minus scenario (less of it is the change, e.g. crises
    /// prevented).
    pub sign: f64,
    /// Unit of the amount.
    pub unit: &'static str,
    /// Dutch label.
    pub label_nl: &'static str,
    /// English label.
    pub label_en: &'static str,
}

impl ShiftItem {
    /// Label in the chosen language.
    pub fn label(&self, dutch: bool) -> &'static str {
        if dutch {
            self.label_nl
        } else {
            self.label_en
        }
    }
}

/// The ledger's lines, in order. Every line reads a counted metric: the
/// `ledger_*` metrics (see [`crate::model::METRICS`] for the event that
/// increments each), informal care hours (summed in the weekly care
/// allocation), and the cost columns (contacts, hours and days x unit
/// prices, each programme's own cost in its payer's column). The cost
/// lines are not additive with `cost_total`, which is their sum.
pub const SHIFT_ITEMS: &[ShiftItem] = &[
    ShiftItem {
        id: "gp_to_welfare",
        category: Category::Shifted,
        metric: "ledger_gp_requests_to_welfare_per_year",
        sign: 1.0,
        unit: "requests/year",
        label_nl: "huisartsvragen naar welzijnswerk",
        label_en: "GP requests to a welfare worker",
    },
    ShiftItem {
        id: "gp_to_meeting_place",
        category: Category::Shifted,
        metric: "ledger_gp_requests_to_meeting_place_per_year",
        sign: 1.0,
        unit: "requests/year",
        label_nl: "huisartsvragen naar de ontmoetingsplek",
        label_en: "GP requests to the meeting place",
    },
    ShiftItem {
        id: "gp_to_econsult",
        category: Category::Shifted,
        metric: "ledger_gp_requests_by_econsult_per_year",
        sign: 1.0,
        unit: "requests/year",
        label_nl: "huisartsvragen als e-consult",
        label_en: "GP requests made as e-consults",
    },
    ShiftItem {
        id: "care_by_informal_carers",
        category: Category::Shifted,
        metric: "informal_care_hours_year",
        sign: 1.0,
        unit: "hours/year",
        label_nl: "zorguren door mantelzorgers",
        label_en: "care hours given by informal carers",
    },
    ShiftItem {
        id: "carer_hours_to_day_activities",
        category: Category::Shifted,
        metric: "ledger_respite_hours_per_year",
        sign: 1.0,
        unit: "hours/year",
        label_nl: "mantelzorguren overgenomen door dagbesteding",
        label_en: "carers' hours taken over by day activities",
    },
    ShiftItem {
        id: "psychosocial_problems",
        category: Category::Prevented,
        metric: "ledger_psychosocial_problems_per_year",
        sign: -1.0,
        unit: "problems/year",
        label_nl: "psychosociale problemen voorkomen",
        label_en: "psychosocial problems prevented",
    },
    ShiftItem {
        id: "crises",
        category: Category::Prevented,
        metric: "ledger_crises_per_year",
        sign: -1.0,
        unit: "crises/year",
        label_nl: "crises voorkomen",
        label_en: "crises prevented",
    },
    ShiftItem {
        id: "emergency_visits",
        category: Category::Prevented,
        metric: "ledger_emergency_visits_per_year",
        sign: -1.0,
        unit: "visits/year",
        label_nl: "SEH-bezoeken voorkomen",
        label_en: "emergency visits prevented",
    },
    ShiftItem {
        id: "acute_hospital_admissions",
        category: Category::Prevented,
        metric: "ledger_acute_hospital_admissions_per_year",
        sign: -1.0,
        unit: "admissions/year",
        label_nl: "acute ziekenhuisopnames voorkomen",
        label_en: "acute hospital admissions prevented",
    },
    ShiftItem {
        id: "hospital_days",
        category: Category::Prevented,
        metric: "ledger_hospital_days_per_year",
        sign: -1.0,
        unit: "days/year",
        label_nl: "ziekenhuisdagen voorkomen",
        label_en: "hospital days prevented",
    },
    ShiftItem {
        id: "short_stays",
        category: Category::Prevented,
        metric: "ledger_short_stays_per_year",
        sign: -1.0,
        unit: "stays/year",
        label_nl: "eerstelijnsverblijven voorkomen",
        label_en: "short-term stays prevented",
    },
    ShiftItem {
        id: "rehab_stays",
        category: Category::Prevented,
        metric: "ledger_rehab_stays_per_year",
        sign: -1.0,
        unit: "stays/year",
        label_nl: "geriatrische revalidaties voorkomen",
        label_en: "geriatric rehabilitation stays prevented",
    },
    ShiftItem {
        id: "loneliness_onsets",
        category: Category::Prevented,
        metric: "ledger_loneliness_onsets_per_year",
        sign: -1.0,
        unit: "onsets/year",
        label_nl: "nieuwe eenzaamheid voorkomen",
        label_en: "loneliness onsets prevented",
    },
    ShiftItem {
        id: "severe_loneliness_onsets",
        category: Category::Prevented,
        metric: "ledger_severe_loneliness_onsets_per_year",
        sign: -1.0,
        unit: "onsets/year",
        label_nl: "ernstige eenzaamheid voorkomen",
        label_en: "severe loneliness onsets prevented",
    },
    ShiftItem {
        id: "frailty_onsets",
        category: Category::Prevented,
        metric: "ledger_frailty_onsets_per_year",
        sign: -1.0,
        unit: "onsets/year",
        label_nl: "kwetsbaarheid voorkomen (prefrail naar frail)",
        label_en: "frailty onsets prevented (pre-frail to frail)",
    },
    ShiftItem {
        id: "carers_heavily_burdened",
        category: Category::Prevented,
        metric: "ledger_carers_heavily_burdened_onsets_per_year",
        sign: -1.0,
        unit: "onsets/year",
        label_nl: "overbelasting van mantelzorgers voorkomen",
        label_en: "carers becoming heavily burdened prevented",
    },
    ShiftItem {
        id: "carer_dropouts",
        category: Category::Prevented,
        metric: "ledger_carer_dropouts_per_year",
        sign: -1.0,
        unit: "dropouts/year",
        label_nl: "uitval van mantelzorgers voorkomen",
        label_en: "carer drop-outs prevented",
    },
    ShiftItem {
        id: "nursing_home_admissions",
        category: Category::Postponed,
        metric: "ledger_nursing_home_admissions_per_year",
        sign: -1.0,
        unit: "admissions/year",
        label_nl: "verpleeghuisopnames uitgesteld",
        label_en: "nursing-home admissions postponed",
    },
    ShiftItem {
        id: "nursing_home_days",
        category: Category::Postponed,
        metric: "ledger_nursing_home_days_per_year",
        sign: -1.0,
        unit: "days/year",
        label_nl: "verpleeghuisdagen uitgesteld",
        label_en: "nursing-home days postponed",
    },
    ShiftItem {
        id: "days_at_home",
        category: Category::Postponed,
        metric: "ledger_days_at_home_75plus_per_year",
        sign: 1.0,
        unit: "days/year",
        label_nl: "dagen thuis gewonnen (75+)",
        label_en: "days at home gained (75+)",
    },
    ShiftItem {
        id: "face_to_face_by_econsult",
        category: Category::Replaced,
        metric: "ledger_econsults_for_face_to_face_per_year",
        sign: 1.0,
        unit: "requests/year",
        label_nl: "spreekuurconsulten vervangen door e-consult",
        label_en: "face-to-face consults replaced by e-consults",
    },
    ShiftItem {
        id: "phone_by_econsult",
        category: Category::Replaced,
        metric: "ledger_econsults_for_phone_per_year",
        sign: 1.0,
        unit: "requests/year",
        label_nl: "telefonische consulten vervangen door e-consult",
        label_en: "telephone contacts replaced by e-consults",
    },
    ShiftItem {
        id: "face_to_face_net",
        category: Category::Replaced,
        metric: "ledger_gp_face_to_face_consults_per_year",
        sign: -1.0,
        unit: "consults/year",
        label_nl: "spreekuurconsulten minder, netto (vervolgconsulten meegeteld)",
        label_en: "fewer face-to-face consults, net (follow-ups counted)",
    },
    ShiftItem {
        id: "self_reliance_domains_lost",
        category: Category::SelfReliance,
        metric: "ledger_self_reliance_domains_lost_65plus_per_year",
        sign: -1.0,
        unit: "domains/year",
        label_nl: "verlies van zelfredzaamheid voorkomen (domeinen, 65+)",
        label_en: "self-reliance domains lost, prevented (65+)",
    },
    ShiftItem {
        id: "self_reliance_domains_gained",
        category: Category::SelfReliance,
        metric: "ledger_self_reliance_domains_gained_65plus_per_year",
        sign: 1.0,
        unit: "domains/year",
        label_nl: "zelfredzaamheid herwonnen (domeinen, 65+)",
        label_en: "self-reliance domains regained (65+)",
    },
    ShiftItem {
        id: "cost_zvw",
        category: Category::NetCost,
        metric: "cost_zvw_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "Zvw (zorgverzekeraar)",
        label_en: "Zvw (health insurer)",
    },
    ShiftItem {
        id: "cost_wmo",
        category: Category::NetCost,
        metric: "cost_wmo_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "Wmo (gemeente)",
        label_en: "Wmo (municipality)",
    },
    ShiftItem {
        id: "cost_wlz",
        category: Category::NetCost,
        metric: "cost_wlz_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "Wlz (zorgkantoor)",
        label_en: "Wlz (long-term care office)",
    },
    ShiftItem {
        id: "cost_gemeente",
        category: Category::NetCost,
        metric: "cost_gemeente_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "gemeente overig (welzijn, programma's)",
        label_en: "municipality other (welfare, programmes)",
    },
    ShiftItem {
        id: "cost_total",
        category: Category::NetCost,
        metric: "cost_total_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "netto totaal, alle betalers",
        label_en: "net total, all payers",
    },
    ShiftItem {
        id: "borne_by_carers",
        category: Category::BorneByCarers,
        metric: "cost_borne_by_carers_eur_year",
        sign: 1.0,
        unit: "EUR/year",
        label_nl: "waarde mantelzorguren (niet betaald, niet in het totaal)",
        label_en: "value of informal care hours (unpaid, not in the total)",
    },
];

/// One ledger line for one scenario against the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftLine {
    /// What it counts.
    pub item: &'static ShiftItem,
    /// Mean of the reference.
    pub reference_mean: f64,
    /// Mean of the scenario.
    pub scenario_mean: f64,
    /// The ledger amount (signed as [`ShiftItem::sign`] says) with its 95% interval.
    pub amount: Interval,
    /// Paired (same seed and replications: common random numbers) or Welch.
    pub method: Method,
}

/// The ledger of `scenario` against `reference`: one line per [`SHIFT_ITEMS`] entry.
pub fn shift_ledger(reference: &Folder, scenario: &Folder) -> Vec<ShiftLine> {
    let paired = reference.seed == scenario.seed && reference.replications == scenario.replications;
    SHIFT_ITEMS
        .iter()
        .map(|item| {
            let m = metric_index(item.metric).expect("shift item reads a known metric");
            let column = |f: &Folder| f.values.iter().map(|v| v[m]).collect::<Vec<_>>();
            let (a, b) = (column(reference), column(scenario));
            let (ma, mb) = (
                RunningMoments::from_slice(&a),
                RunningMoments::from_slice(&b),
            );
            let raw = if paired {
                let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
                t_interval(&RunningMoments::from_slice(&d), LEVEL)
            } else {
                welch_interval(&ma, &mb, LEVEL)
            };
            // `0.0 - x` rather than `-x`: no change reads 0, not -0.
            let amount = if item.sign < 0.0 {
                Interval {
                    mean: 0.0 - raw.mean,
                    low: 0.0 - raw.high,
                    high: 0.0 - raw.low,
                    n: raw.n,
                }
            } else {
                raw
            };
            ShiftLine {
                item,
                reference_mean: ma.mean(),
                scenario_mean: mb.mean(),
                amount,
                method: if paired {
                    Method::Paired
                } else {
                    Method::Welch
                },
            }
        })
        .collect()
}

/// Price level of every euro amount: the unit prices are the Zorginstituut
/// Kostenhandleiding 2024's, at price level 2022 (reference inputs).
pub const PRICE_YEAR: u32 = 2022;

/// Columns of `shift.csv`. `relative_change`, `relevant_difference` and
/// `relevance` judge each amount's relevance as in `comparison.csv`
/// (relative change in the ledger's sign, the minimal relevant difference
/// of the counted metric, the class). The columns after them (issue 19)
/// say what money and horizon the amounts are in and add them up over the
/// measured years ([`cumulative_fields`]). New columns come last so the
/// earlier ones keep their positions.
pub const SHIFT_HEADER: [&str; 26] = [
    "scenario",
    "reference",
    "category",
    "item",
    "label_nl",
    "label_en",
    "unit",
    "reference_mean",
    "scenario_mean",
    "amount",
    "ci_low",
    "ci_high",
    "n",
    "method",
    "relative_change",
    "relevant_difference",
    "relevance",
    "price_year",
    "horizon_years",
    "warmup_years",
    "residents",
    "cumulative_amount",
    "cumulative_ci_low",
    "cumulative_ci_high",
    "discount_rate",
    "discounted_cumulative_amount",
];

/// The cumulative columns of one ledger line (the last nine of
/// [`SHIFT_HEADER`]), each empty where undefined:
///
/// - `price_year`: [`PRICE_YEAR`] for euro lines, empty for the others;
/// - `horizon_years`, `warmup_years`: the reference's measured years
///   (`run.years`, after `run.warmup_years` of warm-up), the years the
///   yearly amount is summed over;
/// - `residents`: the reference's mean residents (the district's size);
/// - `cumulative_amount`, `cumulative_ci_low`, `cumulative_ci_high`: the
///   yearly amount and its interval x the measured years: the total over
///   the horizon, undiscounted (each replication's total is its yearly
///   metric x the years, so the interval scales with it). Empty when the
///   two folders measured different numbers of years;
/// - `discount_rate`, `discounted_cumulative_amount` (only with
///   `--discount`): the rate for the line (costs for euro lines, effects
///   for the others, [`Discount::rate_for`]) and the sum over measured
///   years of the yearly amount, year `t` weighted `1/(1+r)^(t-1)`
///   ([`crate::stats::discount`]). The yearly amounts are the ledger's
///   sign x the difference of the two folders' yearly means of the line's
///   series in `timeseries.csv`: a mean difference, like `amount` (a
///   discounted interval would need every replication's yearly values,
///   which the folders do not hold). Empty without `--discount` or when a
///   folder lacks the series.
pub fn cumulative_fields(
    line: &ShiftLine,
    reference: &Folder,
    scenario: &Folder,
    discount: Option<Discount>,
) -> [String; 9] {
    let defined = |x: f64| {
        if x.is_finite() {
            csv_f64(x)
        } else {
            String::new()
        }
    };
    let item = line.item;
    let years = if reference.horizon.years == scenario.horizon.years {
        reference.horizon.years
    } else {
        f64::NAN
    };
    let discounted = discount.and_then(|d| discounted_amount(line, reference, scenario, d));
    [
        if item.unit.starts_with("EUR") {
            PRICE_YEAR.to_string()
        } else {
            String::new()
        },
        defined(reference.horizon.years),
        defined(reference.horizon.warmup_years),
        defined(mean_residents(reference)),
        defined(line.amount.mean * years),
        defined(line.amount.low * years),
        defined(line.amount.high * years),
        discounted.map_or(String::new(), |(r, _)| csv_f64(r)),
        discounted.map_or(String::new(), |(_, x)| csv_f64(x)),
    ]
}

/// The discounted cumulative amount of a ledger line and the rate it used
/// ([`cumulative_fields`]): the ledger's sign x the difference of the two
/// folders' yearly means of the line's series, year `t` weighted
/// `1/(1+r)^(t-1)`; `None` when a folder lacks the series or their years
/// differ.
pub fn discounted_amount(
    line: &ShiftLine,
    reference: &Folder,
    scenario: &Folder,
    discount: Discount,
) -> Option<(f64, f64)> {
    fn yearly<'f>(f: &'f Folder, metric: &str) -> Option<&'f Vec<f64>> {
        f.yearly.get(metric).filter(|v| !v.is_empty())
    }
    let item = line.item;
    let rate = discount.rate_for(item.unit);
    let (a, b) = (
        yearly(reference, item.metric)?,
        yearly(scenario, item.metric)?,
    );
    (a.len() == b.len()).then(|| {
        let diff: Vec<f64> = a.iter().zip(b).map(|(x, y)| item.sign * (y - x)).collect();
        (rate, discounted_sum(&diff, rate) + 0.0)
    })
}

/// `shift.csv`: one row per scenario in `others` and [`SHIFT_ITEMS`] entry,
/// each against `reference`; discounted cumulative amounts with `discount`.
pub fn shift_csv(
    reference: &Folder,
    others: &[Folder],
    discount: Option<Discount>,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SHIFT_HEADER)?;
    let residents = mean_residents(reference);
    for other in others {
        for line in shift_ledger(reference, other) {
            let item = line.item;
            let relevance = assess(
                &reference.thresholds,
                item.metric,
                item.unit,
                line.reference_mean,
                line.scenario_mean,
                residents,
                &line.amount,
            );
            let [relative, threshold, class] = relevance_fields(&relevance);
            let cumulative = cumulative_fields(&line, reference, other, discount);
            let fields = [
                other.id.as_str(),
                reference.id.as_str(),
                item.category.id(),
                item.id,
                item.label_nl,
                item.label_en,
                item.unit,
                &csv_f64(line.reference_mean),
                &csv_f64(line.scenario_mean),
                &csv_f64(line.amount.mean),
                &csv_f64(line.amount.low),
                &csv_f64(line.amount.high),
                &line.amount.n.to_string(),
                line.method.as_str(),
                &relative,
                &threshold,
                &class,
            ];
            w.write_record(
                fields
                    .into_iter()
                    .chain(cumulative.iter().map(String::as_str)),
            )?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Write `shift.csv` at `path` from the scenario output folders just
/// written, reference first: the [`crate::output::LedgerWriter`] that `run`
/// and `merge` are given. It reads the folders exactly as `buurtsim
/// compare` does, so both give the same `shift.csv`.
pub fn write_ledger(
    path: &Path,
    folders: &[PathBuf],
    discount: Option<Discount>,
) -> Result<(), OutputError> {
    let read = folders
        .iter()
        .map(|f| read_folder(f))
        .collect::<Result<Vec<_>, _>>()?;
    let (reference, others) = read.split_first().expect("several scenarios");
    write_shift_csv(path, reference, others, discount)
}

/// Write `shift.csv` to `path` atomically.
pub fn write_shift_csv(
    path: &Path,
    reference: &Folder,
    others: &[Folder],
    discount: Option<Discount>,
) -> Result<(), OutputError> {
    let bytes = shift_csv(reference, others, discount).map_err(|e| OutputError::csv(path, e))?;
    write_atomic(path, &bytes)
}

/// The ledger as a short aligned text table for the terminal, one block
/// per scenario in `others`, in English, every line within 100 columns:
/// a heading per kind of change, amounts a year rounded to their interval
/// (euros in thousands), and the explanation wrapped.
pub fn shift_table(reference: &Folder, others: &[Folder]) -> String {
    use crate::output::readable::{wrap, Scale};
    let mut rows = Vec::new();
    for other in others {
        let lines = shift_ledger(reference, other);
        let method = lines.first().map_or("", |l| l.method.as_str());
        rows.push(vec![crate::output::readable::truncate(
            &format!(
                "shift ledger: {} vs {} ({method})",
                printable(&other.id),
                printable(&reference.id)
            ),
            crate::output::table::TABLE_WIDTH,
        )]);
        for category in Category::ALL {
            rows.push(vec![format!("  {}", category.label(false))]);
            for line in lines.iter().filter(|l| l.item.category == category) {
                let a = &line.amount;
                let scale = Scale::for_unit(line.item.unit, line.reference_mean);
                let unit = match scale {
                    Scale::ThousandEuro => "k EUR",
                    Scale::MillionEuro => "mln EUR",
                    _ => line.item.unit.trim_end_matches("/year"),
                };
                rows.push(vec![
                    format!("    {}", line.item.label_en),
                    scale.difference(a.mean, a.low, a.high),
                    unit.to_string(),
                ]);
            }
        }
    }
    let mut out = aligned_table(&["line", "a year [95% CI]", "unit"], &rows);
    out.push_str(&wrap(
        &format!(
        "amount: the change the programme made (shifted, prevented, postponed, replaced; \
         negative: the opposite); cost: extra cost (+) or saving (-) per payer, programme included; \
         borne by carers: informal care hours valued at costs.informal_care_eur_per_hour, paid by \
         no payer and not in the net total. Relevance of each amount: shift.csv. Euros at price \
         level {PRICE_YEAR} (Zorginstituut Kostenhandleiding 2024); amounts per year over {} \
         measured years after {} years of warm-up, {} residents; shift.csv adds them up over \
         those years (cumulative_amount).",
        short_number(reference.horizon.years),
        short_number(reference.horizon.warmup_years),
        short_number(mean_residents(reference)),
        ),
        crate::output::table::TABLE_WIDTH,
        "",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::folders::Horizon;
    use crate::model::METRICS;

    fn folder(id: &str, seed: u64, base: f64) -> Folder {
        Folder {
            path: id.into(),
            id: id.to_string(),
            seed,
            version: "test".into(),
            replications: vec![0, 1, 2],
            thresholds: Default::default(),
            uncertain: Vec::new(),
            values: (0..3)
                .map(|r| {
                    (0..METRICS.len())
                        .map(|m| base * (m as f64 + 1.0) + r as f64 * 0.5 + (r * m % 3) as f64)
                        .collect()
                })
                .collect(),
            horizon: Horizon::new(3.0, 1.0),
            yearly: Default::default(),
        }
    }

    /// Cumulative and discounted amounts on a hand-computed example: crises
    /// (an effect, discounted at 1.5%) and total cost (at 3%) over 2 years.
    #[test]
    fn cumulative_and_discounted_amounts_by_hand() {
        let mut reference = folder("baseline", 1, 1.0);
        let mut scenario = folder("a", 1, 1.0);
        reference.horizon = Horizon::new(2.0, 1.0);
        scenario.horizon = Horizon::new(2.0, 1.0);
        let crises = metric_index("ledger_crises_per_year").unwrap();
        let cost = metric_index("cost_total_eur_year").unwrap();
        for (r, row) in scenario.values.iter_mut().enumerate() {
            // 10 crises a year fewer in every replication; 1,000 EUR more.
            row[crises] = reference.values[r][crises] - 10.0;
            row[cost] = reference.values[r][cost] + 1000.0;
        }
        // Year by year: 8 then 12 crises prevented; 400 then 1,600 EUR more.
        reference
            .yearly
            .insert("ledger_crises_per_year".into(), vec![100.0, 100.0]);
        scenario
            .yearly
            .insert("ledger_crises_per_year".into(), vec![92.0, 88.0]);
        reference
            .yearly
            .insert("cost_total_eur_year".into(), vec![5000.0, 5000.0]);
        scenario
            .yearly
            .insert("cost_total_eur_year".into(), vec![5400.0, 6600.0]);
        let lines = shift_ledger(&reference, &scenario);
        let line = |id: &str| lines.iter().find(|l| l.item.id == id).unwrap();
        let on = Some(Discount::GUIDELINE_2024);
        let f = cumulative_fields(line("crises"), &reference, &scenario, on);
        assert_eq!(f[0], "", "no price year for a count");
        assert_eq!((f[1].as_str(), f[2].as_str()), ("2", "1"));
        assert_eq!(f[4].parse::<f64>().unwrap(), 20.0);
        assert_eq!(f[7], "0.015");
        let expected = 8.0 + 12.0 / 1.015;
        assert!(
            (f[8].parse::<f64>().unwrap() - expected).abs() < 1e-9,
            "{f:?}"
        );
        let f = cumulative_fields(line("cost_total"), &reference, &scenario, on);
        assert_eq!(f[0], "2022");
        assert_eq!(f[4].parse::<f64>().unwrap(), 2000.0);
        assert_eq!(f[7], "0.03");
        let expected = 400.0 + 1600.0 / 1.03;
        assert!(
            (f[8].parse::<f64>().unwrap() - expected).abs() < 1e-9,
            "{f:?}"
        );
        // Without --discount only the last two columns change (to empty).
        let off = cumulative_fields(line("cost_total"), &reference, &scenario, None);
        assert_eq!(off[..7], f[..7]);
        assert_eq!((off[7].as_str(), off[8].as_str()), ("", ""));
        // Different horizons: no cumulative amount.
        scenario.horizon = Horizon::new(3.0, 1.0);
        let f = cumulative_fields(line("crises"), &reference, &scenario, None);
        assert_eq!(f[4], "");
    }

    #[test]
    fn every_item_reads_a_counted_metric_and_every_category_has_one() {
        for item in SHIFT_ITEMS {
            let def = METRICS
                .iter()
                .find(|m| m.name == item.metric)
                .unwrap_or_else(|| panic!("{} reads an unknown metric", item.id));
            assert_eq!(
                def.unit, item.unit,
                "{}: unit differs from its metric's",
                item.id
            );
            assert!(item.sign == 1.0 || item.sign == -1.0);
        }
        for category in Category::ALL {
            assert!(
                SHIFT_ITEMS.iter().any(|i| i.category == category),
                "{category:?}"
            );
        }
        let mut ids: Vec<_> = SHIFT_ITEMS.iter().map(|i| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SHIFT_ITEMS.len(), "item ids are unique");
    }

    #[test]
    fn shift_csv_has_the_header_and_one_row_per_scenario_and_item() {
        let reference = folder("baseline", 1, 1.0);
        let others = [folder("a", 1, 1.5), folder("b", 2, 0.5)];
        let bytes = shift_csv(&reference, &others, None).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().next().unwrap(), SHIFT_HEADER.join(","));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows.len(), others.len() * SHIFT_ITEMS.len());
        for (i, row) in rows.iter().enumerate() {
            let (scenario, item) = (
                &others[i / SHIFT_ITEMS.len()],
                &SHIFT_ITEMS[i % SHIFT_ITEMS.len()],
            );
            assert_eq!(row.len(), SHIFT_HEADER.len(), "{row:?}");
            assert_eq!(row[0], scenario.id);
            assert_eq!(row[1], "baseline");
            assert_eq!(row[2], item.category.id());
            assert_eq!(row[3], item.id);
            // n: paired differences, or both samples for Welch.
            assert_eq!(row[12], if scenario.seed == 1 { "3" } else { "6" });
            assert_eq!(
                row[13],
                if scenario.seed == 1 {
                    "paired"
                } else {
                    "welch"
                }
            );
            // The amount is the signed difference of the means.
            let (r, s, amount): (f64, f64, f64) = (
                row[7].parse().unwrap(),
                row[8].parse().unwrap(),
                row[9].parse().unwrap(),
            );
            assert!(
                (amount - item.sign * (s - r)).abs() < 1e-9 * (1.0 + amount.abs()),
                "{row:?}"
            );
            let (low, high): (f64, f64) = (row[10].parse().unwrap(), row[11].parse().unwrap());
            assert!(low <= amount && amount <= high, "{row:?}");
        }
        let table = shift_table(&reference, &others);
        assert!(
            table.contains("shift ledger: a vs baseline (paired)"),
            "{table}"
        );
        assert!(
            table.contains("\n  prevented\n") && table.contains("\n    crises prevented "),
            "{table}"
        );
        assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
    }
}
