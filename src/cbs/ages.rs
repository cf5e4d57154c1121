//! CBS table 03759NED, "Bevolking op 1 januari; leeftijd, geslacht": one
//! gemeente's residents by single year of age, which the wijk table lacks
//! (it has five bands, the last 65 and older) and a run needs to tell
//! 65-74 from 85+.
//!
//! `Leeftijd` codes: 10000 all ages; 10010 is 0 years; 10000 + 100 x a is
//! a years for a = 1 to 99; 19901 to 19905 are 100 to 104 years; 22300 is
//! 105 or older. 22000 (95 or older) is a subtotal of rows already there,
//! as are the other group codes a download may carry: only the single
//! years and 105+ are read, so nothing is counted twice. Of the other
//! dimensions only the totals are read: both sexes (`Geslacht` T001038)
//! and, where the download has the dimension, every marital status
//! (`BurgerlijkeStaat` T001019).

use super::error::CbsError;
use super::table::{Row, Table};
use std::path::{Path, PathBuf};

/// The number of age classes: 0 to 104 years, then 105 and older.
pub const AGE_CLASSES: usize = 106;

/// `Geslacht`: men and women together.
const TOTAL_SEX: &str = "T001038";

/// `BurgerlijkeStaat`: every marital status together.
const TOTAL_MARITAL_STATUS: &str = "T001019";

/// `Leeftijd`: all ages, checked against the sum of the single years.
const ALL_AGES: &str = "10000";

/// One gemeente's residents by single year of age on 1 January.
#[derive(Debug, Clone, PartialEq)]
pub struct SingleYearAges {
    /// The file, for messages.
    pub path: PathBuf,
    /// The gemeente's code (`GM0518`), trimmed.
    pub gemeente: String,
    /// Residents of age a for a = 0 to 104, then 105 and older at 105
    /// ([`AGE_CLASSES`] entries).
    pub counts: Vec<f64>,
}

/// The age class of a `Leeftijd` code: 0 to 104 for a single year, 105 for
/// 105 and older; `None` for all ages and the group codes (such as 22000,
/// 95 or older).
fn age_class(code: &str) -> Option<usize> {
    let n: usize = code.parse().ok()?;
    match n {
        10010 => Some(0),
        10100..=19900 if n.is_multiple_of(100) => Some(n / 100 - 100),
        19901..=19905 => Some(n - 19901 + 100),
        22300 => Some(105),
        _ => None,
    }
}

/// The `Leeftijd` code of an age class, for messages.
fn age_code(class: usize) -> String {
    match class {
        0 => "10010".to_string(),
        1..=99 => (10000 + 100 * class).to_string(),
        100..=104 => (19901 + class - 100).to_string(),
        _ => "22300".to_string(),
    }
}

/// The columns the reader uses, by index.
struct Columns {
    sex: usize,
    age: usize,
    region: usize,
    count: usize,
    marital_status: Option<usize>,
    period: Option<usize>,
}

impl Columns {
    fn find(table: &Table) -> Result<Self, CbsError> {
        let mut missing = Vec::new();
        let mut need = |stem: &str| -> Result<usize, CbsError> {
            Ok(table.column(stem)?.unwrap_or_else(|| {
                missing.push(format!("`{stem}`"));
                usize::MAX
            }))
        };
        let (sex, age, region) = (need("Geslacht")?, need("Leeftijd")?, need("RegioS")?);
        let count = need("BevolkingOp1Januari")?;
        if !missing.is_empty() {
            return Err(not_ages(
                table,
                None,
                format!("no column {}{}", missing.join(", "), table.separator_hint()),
            ));
        }
        Ok(Self {
            sex,
            age,
            region,
            count,
            marital_status: table.column("BurgerlijkeStaat")?,
            period: table.column("Perioden")?,
        })
    }

    /// Whether `row` is of the total of sexes and marital statuses.
    fn is_total(&self, table: &Table, row: &Row) -> bool {
        table.text(row, self.sex) == TOTAL_SEX
            && self
                .marital_status
                .is_none_or(|c| table.text(row, c) == TOTAL_MARITAL_STATUS)
    }
}

fn not_ages(table: &Table, line: Option<usize>, reason: String) -> CbsError {
    CbsError::NotAges {
        path: table.path.clone(),
        line,
        reason,
    }
}

/// Read one gemeente's 03759NED download (one year).
pub fn read_ages(path: &Path) -> Result<SingleYearAges, CbsError> {
    let table = Table::read(path, "a CBS download")?;
    let columns = Columns::find(&table)?;
    let mut counts: Vec<Option<f64>> = vec![None; AGE_CLASSES];
    let mut all_ages: Option<(f64, usize)> = None;
    // The first total row fixes the gemeente and year; any other is refused.
    let mut first: Option<(&Row, &str, &str)> = None;
    for row in table.rows.iter().filter(|r| columns.is_total(&table, r)) {
        let region = table.text(row, columns.region);
        let period = columns.period.map_or("", |c| table.text(row, c));
        let (first_line, first_region, first_period) = *first.get_or_insert((row, region, period));
        if region != first_region || period != first_period {
            let (what, a, b) = if region != first_region {
                ("regions", first_region, region)
            } else {
                ("years", first_period, period)
            };
            return Err(not_ages(
                &table,
                Some(row.line),
                format!(
                    "it holds several {what} ({a} from line {}, {b} here); download one \
                     gemeente and one year",
                    first_line.line
                ),
            ));
        }
        let age = table.text(row, columns.age);
        let class = age_class(age);
        if class.is_none() && age != ALL_AGES {
            continue; // a group such as 22000, 95 or older: a subtotal
        }
        let count = table.number(row, columns.count)?.ok_or_else(|| {
            not_ages(
                &table,
                Some(row.line),
                format!("the count for `Leeftijd` {age} is `.` (missing or secret)"),
            )
        })?;
        let slot = match class {
            Some(c) => &mut counts[c],
            None => {
                all_ages = Some((count, row.line));
                continue;
            }
        };
        if slot.replace(count).is_some() {
            return Err(not_ages(
                &table,
                Some(row.line),
                format!(
                    "a second row for `Leeftijd` {age} of both sexes and all marital \
                     statuses; the download has a dimension buurtsim does not read (only \
                     Geslacht, Leeftijd, BurgerlijkeStaat, RegioS and Perioden)"
                ),
            ));
        }
    }
    let Some((_, gemeente, _)) = first else {
        return Err(not_ages(
            &table,
            None,
            format!("no row for both sexes (`Geslacht` {TOTAL_SEX}) and all marital statuses"),
        ));
    };
    let counts = complete(&table, counts, all_ages)?;
    Ok(SingleYearAges {
        path: path.to_path_buf(),
        gemeente: gemeente.to_string(),
        counts,
    })
}

/// Every age class's count, checked: none missing, and their sum equal to
/// the all-ages row where the file has one.
fn complete(
    table: &Table,
    counts: Vec<Option<f64>>,
    all_ages: Option<(f64, usize)>,
) -> Result<Vec<f64>, CbsError> {
    let missing: Vec<String> = (0..AGE_CLASSES)
        .filter(|&c| counts[c].is_none())
        .map(age_code)
        .collect();
    if !missing.is_empty() {
        let shown = missing
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if missing.len() > 5 { ", ..." } else { "" };
        return Err(not_ages(
            table,
            None,
            format!(
                "{} single years of age have no row (`Leeftijd` {shown}{more}); download every \
                 age, 0 to 105 or older",
                missing.len()
            ),
        ));
    }
    let counts: Vec<f64> = counts.into_iter().flatten().collect();
    let sum: f64 = counts.iter().sum();
    if let Some((total, line)) = all_ages {
        if (sum - total).abs() > 0.5 {
            return Err(not_ages(
                table,
                Some(line),
                format!("all ages are {total}, but the single years 0 to 104 and 105 or older sum to {sum}"),
            ));
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbs::test_files::{test_data, test_dir};

    #[test]
    fn age_codes_map_to_single_years() {
        assert_eq!(age_class("10010"), Some(0));
        assert_eq!(age_class("10100"), Some(1));
        assert_eq!(age_class("19900"), Some(99));
        assert_eq!(age_class("19901"), Some(100));
        assert_eq!(age_class("19905"), Some(104));
        assert_eq!(age_class("22300"), Some(105));
        for group in ["10000", "22000", "10150", "70100", "x"] {
            assert_eq!(age_class(group), None, "{group}");
        }
        for class in 0..AGE_CLASSES {
            assert_eq!(age_class(&age_code(class)), Some(class));
        }
    }

    #[test]
    fn single_years_sum_to_all_ages_without_the_95_plus_subtotal() {
        // The all-ages (10000) and 95 or older (22000) rows of both sexes.
        for (file, gemeente, all, over_95) in [
            ("age-2019-den-haag-03759NED.csv", "GM0518", 537833.0, 971.0),
            (
                "age-2019-amsterdam-03759NED.csv",
                "GM0363",
                862965.0,
                f64::NAN,
            ),
            (
                "age-2019-utrecht-03759NED.csv",
                "GM0344",
                352866.0,
                f64::NAN,
            ),
        ] {
            let ages = read_ages(&test_data(file)).unwrap();
            assert_eq!(ages.gemeente, gemeente);
            assert_eq!(ages.counts.len(), AGE_CLASSES);
            assert_eq!(ages.counts.iter().sum::<f64>(), all, "{file}");
            if !over_95.is_nan() {
                assert_eq!(ages.counts[95..].iter().sum::<f64>(), over_95);
            }
        }
        let den_haag = read_ages(&test_data("age-2019-den-haag-03759NED.csv")).unwrap();
        assert_eq!((den_haag.counts[0], den_haag.counts[105]), (6226.0, 4.0));
    }

    #[test]
    fn refuses_a_file_missing_ages_or_of_several_gemeenten() {
        let text = std::fs::read_to_string(test_data("age-2019-den-haag-03759NED.csv")).unwrap();
        let dir = test_dir();
        let path = dir.path().join("ages.csv");
        let without_57: String = text
            .lines()
            .filter(|l| !l.contains("\"T001038\";\"15700\""))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, without_57).unwrap();
        let message = read_ages(&path).unwrap_err().to_string();
        assert!(
            message.contains("1 single years of age have no row (`Leeftijd` 15700)"),
            "{message}"
        );
        std::fs::write(&path, text.replacen("\"GM0518\"", "\"GM0363\"", 3)).unwrap();
        let message = read_ages(&path).unwrap_err().to_string();
        assert!(
            message.contains("ages.csv:5: not a usable CBS table 03759NED")
                && message.contains("several regions (GM0363 from line 2, GM0518 here)"),
            "{message}"
        );
        let message = read_ages(&test_data("kwb-2019-den-haag.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("no column `Geslacht`, `Leeftijd`, `RegioS`, `BevolkingOp1Januari`"),
            "{message}"
        );
    }
}
