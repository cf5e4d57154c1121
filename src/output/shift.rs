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
//! and the net cost per payer, the programmes' own cost included.
//!
//! INTERFACE STUB: the items below read existing metrics; the counted
//! ledger metrics replace them.

use super::compare::{Method, LEVEL};
use super::folders::Folder;
use crate::model::metric_index;
use crate::stats::{t_interval, welch_interval, Interval, RunningMoments};

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
}

impl Category {
    /// Every category, in ledger order.
    pub const ALL: [Category; 5] = [
        Category::Shifted,
        Category::Prevented,
        Category::Postponed,
        Category::Replaced,
        Category::NetCost,
    ];

    /// Machine name, as in `shift.csv`.
    pub fn id(self) -> &'static str {
        match self {
            Category::Shifted => "shifted",
            Category::Prevented => "prevented",
            Category::Postponed => "postponed",
            Category::Replaced => "replaced",
            Category::NetCost => "net_cost",
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

/// The ledger's lines, in order.
pub const SHIFT_ITEMS: &[ShiftItem] = &[
    ShiftItem {
        id: "gp_to_welfare",
        category: Category::Shifted,
        metric: "gp_requests_diverted_per_1000_year",
        sign: 1.0,
        unit: "requests/1000 residents/year",
        label_nl: "huisartsvragen naar welzijn",
        label_en: "GP requests to welfare",
    },
    ShiftItem {
        id: "emergency_visits",
        category: Category::Prevented,
        metric: "emergency_visits_per_1000_year",
        sign: -1.0,
        unit: "visits/1000 residents/year",
        label_nl: "SEH-bezoeken voorkomen",
        label_en: "emergency visits prevented",
    },
    ShiftItem {
        id: "days_at_home",
        category: Category::Postponed,
        metric: "days_at_home_per_resident_75plus_year",
        sign: 1.0,
        unit: "days/resident 75+/year",
        label_nl: "dagen thuis gewonnen (75+)",
        label_en: "days at home gained (75+)",
    },
    ShiftItem {
        id: "face_to_face_by_econsult",
        category: Category::Replaced,
        metric: "gp_econsult_contacts_per_1000_year",
        sign: 1.0,
        unit: "contacts/1000 residents/year",
        label_nl: "spreekuurconsulten vervangen door e-consult",
        label_en: "face-to-face consults replaced by e-consults",
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
            let amount = if item.sign < 0.0 {
                Interval {
                    mean: -raw.mean,
                    low: -raw.high,
                    high: -raw.low,
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
