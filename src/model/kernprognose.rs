//! The pinned national forecast: CBS Kernprognose 2024-2070, the few
//! figures `population.projection = "cbs-kernprognose-2024"` needs.
//!
//! Why a file and not constants: every figure carries its source and
//! whether CBS wrote it (`quoted`), it was computed from quoted figures
//! (`derived`) or it is an interpolation that CBS never published
//! (`interpolated`), and a reader can check them against StatLine without
//! reading Rust. The file is `data/kernprognose-2024.csv` (its header
//! names the edition, the tables and the licence), embedded with
//! `include_str!` so the binary runs without it. One edition is pinned:
//! results do not move when CBS publishes the next one.

use std::sync::OnceLock;

/// The forecast file as shipped.
pub const CSV: &str = include_str!("../../data/kernprognose-2024.csv");

/// The calendar year of day 0 of a projected run: the first 1 January the
/// forecast projects (its jump-off is 1 January 2024, observed).
pub const FIRST_YEAR: i32 = 2025;

/// How a figure came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// As the source writes it (rounded as there).
    Quoted,
    /// Computed from quoted figures; the formula is in the note.
    Derived,
    /// Not a CBS figure: between two quoted ones (method in the note).
    Interpolated,
}

/// One figure of the forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Calendar year (population figures are on 1 January).
    pub year: i32,
    /// What it counts (`population_80plus`, `birth_rate`, ...).
    pub quantity: String,
    /// The value, in persons, a share, a rate per resident or years.
    pub value: f64,
    /// Quoted, derived or interpolated.
    pub status: Status,
    /// Where it was read (keys explained in the file's header).
    pub source: String,
    /// The source's wording, or the formula of a derived figure.
    pub note: String,
}

/// The pinned edition's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Kernprognose {
    figures: Vec<Figure>,
}

impl Kernprognose {
    /// The shipped edition, parsed once.
    pub fn pinned() -> &'static Self {
        static PARSED: OnceLock<Kernprognose> = OnceLock::new();
        PARSED.get_or_init(|| Self::parse(CSV).expect("the shipped forecast file parses"))
    }

    /// Parse a forecast file: `#` comment lines, then
    /// `year,quantity,value,status,source,note`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut figures = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format!("row {}: {e}", i + 1))?;
            let field = |k: usize| row.get(k).unwrap_or_default().trim();
            let number = |k: usize| {
                field(k)
                    .parse::<f64>()
                    .map_err(|_| format!("row {}: `{}` is not a number", i + 1, field(k)))
            };
            let status = match field(3) {
                "quoted" => Status::Quoted,
                "derived" => Status::Derived,
                "interpolated" => Status::Interpolated,
                other => return Err(format!("row {}: unknown status `{other}`", i + 1)),
            };
            figures.push(Figure {
                year: number(0)? as i32,
                quantity: field(1).to_string(),
                value: number(2)?,
                status,
                source: field(4).to_string(),
                note: field(5).to_string(),
            });
        }
        Ok(Self { figures })
    }

    /// Every figure, in file order.
    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    /// The figure for `quantity` in `year`, if the file has one.
    pub fn figure(&self, quantity: &str, year: i32) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.quantity == quantity && f.year == year)
    }

    /// The value of a figure the model relies on (a missing one is a
    /// defect of the shipped file, which the tests below rule out).
    pub fn value(&self, quantity: &str, year: i32) -> f64 {
        self.figure(quantity, year)
            .unwrap_or_else(|| panic!("forecast file lacks {quantity} {year}"))
            .value
    }

    /// Live births per resident per year at the jump-off (derived).
    pub fn birth_rate(&self) -> f64 {
        self.value("birth_rate", FIRST_YEAR)
    }

    /// Net international migration per resident per year (derived).
    pub fn net_migration_rate(&self) -> f64 {
        self.value("net_migration_rate", FIRST_YEAR)
    }

    /// Years of life expectancy at birth gained per calendar year (derived).
    pub fn life_expectancy_gain(&self) -> f64 {
        self.value("life_expectancy_gain", FIRST_YEAR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn the_shipped_file_parses_and_has_what_the_model_reads() {
        let k = Kernprognose::pinned();
        assert!(k.figures().len() >= 20);
        for f in k.figures() {
            assert!(f.value.is_finite() && f.value > 0.0, "{f:?}");
            assert!(!f.source.is_empty() && !f.note.is_empty(), "{f:?}");
        }
        assert!(k.birth_rate() > 0.0 && k.net_migration_rate() > 0.0);
        assert!(k.life_expectancy_gain() > 0.0);
    }

    /// Derived figures cannot drift from the quoted figures they come from.
    #[test]
    fn derived_figures_follow_from_the_quoted_ones() {
        let k = Kernprognose::pinned();
        let v = |q: &str, y: i32| k.value(q, y);
        let population = v("population", 2025);
        assert!(close(k.birth_rate(), v("births", 2024) / population, 1e-4));
        assert!(close(
            k.net_migration_rate(),
            v("growth_mean", 2025) / population,
            1e-4
        ));
        let gain = 0.5
            * ((v("life_expectancy_men", 2070) - v("life_expectancy_men", 2023))
                + (v("life_expectancy_women", 2070) - v("life_expectancy_women", 2023)))
            / 47.0;
        assert!(close(k.life_expectancy_gain(), gain, 1e-4));
        for f in k.figures().iter().filter(|f| f.status == Status::Derived) {
            assert!(
                f.note.contains('/'),
                "a derived figure shows its formula: {f:?}"
            );
        }
    }

    /// Interpolated figures say so and sit between their quoted neighbours.
    #[test]
    fn interpolations_are_marked_and_geometric() {
        let k = Kernprognose::pinned();
        let share = k.figure("share_65plus", 2035).unwrap();
        assert_eq!(share.status, Status::Interpolated);
        assert!(share.note.starts_with("NOT a CBS figure"));
        let (a, b) = (k.value("share_65plus", 2025), k.value("share_65plus", 2040));
        assert!(close(share.value, a * (b / a).powf(10.0 / 15.0), 1e-4));
        let old = k.figure("population_80plus", 2035).unwrap();
        assert_eq!(old.status, Status::Interpolated);
        let (a, b) = (
            k.value("population_80plus", 2025),
            k.value("population_80plus", 2045),
        );
        assert!(close(old.value, a * (b / a).sqrt(), 1e-6));
    }

    #[test]
    fn a_broken_file_is_refused_with_the_row() {
        let head = "year,quantity,value,status,source,note\n";
        let bad = format!("{head}2025,x,abc,quoted,s,n\n");
        assert!(Kernprognose::parse(&bad).unwrap_err().contains("row 1"));
        let unknown = format!("{head}2025,x,1,guessed,s,n\n");
        assert!(Kernprognose::parse(&unknown)
            .unwrap_err()
            .contains("guessed"));
    }
}
