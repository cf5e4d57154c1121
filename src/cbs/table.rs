//! A CBS StatLine CSV download as a table of trimmed text cells, and the
//! two things every CBS reader needs of it: a column found by the stem of
//! its name, and a cell read as a number or as missing.
//!
//! What the downloads look like: `;` between fields, every field quoted,
//! a UTF-8 byte-order mark at the start (or none, for downloads made
//! otherwise), codes padded with trailing spaces (`"WK051802  "`), numbers
//! with leading spaces (`"    8245"`), and `.` for a figure that is
//! missing or kept secret. Column names end in a topic number that changes
//! between table years (`Eenpersoonshuishoudens_29` in 2019, `_30` in
//! 2024), so a reader asks for the stem (`Eenpersoonshuishoudens`) and
//! never for the full name.

use super::error::CbsError;
use std::path::{Path, PathBuf};

/// The most a CBS download buurtsim reads may hold. The whole country's
/// Kerncijfers wijken en buurten with all its 118 columns is about 17,000
/// regions x 1.3 KiB, some 25 MiB; 03759NED for every gemeente, sex, age
/// and marital status of one year is smaller still. 256 MiB leaves room for
/// several years in one download and is still cheap to hold in memory.
pub const CBS_FILE_LIMIT: u64 = 256 << 20;

/// The UTF-8 byte-order mark CBS puts at the start of its downloads.
const BOM: char = '\u{feff}';

/// A CBS download: the header and every row, cells trimmed.
#[derive(Debug)]
pub(crate) struct Table {
    /// The file it was read from, for messages.
    pub(crate) path: PathBuf,
    /// The column names, trimmed, byte-order mark removed.
    pub(crate) headers: Vec<String>,
    /// The data rows, in file order.
    pub(crate) rows: Vec<Row>,
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// The 1-based line the row starts on.
    pub(crate) line: usize,
    /// The cells, trimmed, as many as the header has.
    pub(crate) cells: Vec<String>,
}

/// The stem of a column name: the name without a final `_<digits>`
/// (`k_65JaarOfOuder_12` -> `k_65JaarOfOuder`, `WijkenEnBuurten` -> itself).
pub(crate) fn stem(name: &str) -> &str {
    match name.rsplit_once('_') {
        Some((stem, digits))
            if !stem.is_empty()
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            stem
        }
        _ => name,
    }
}

impl Table {
    /// Read the file at `path` (at most [`CBS_FILE_LIMIT`]); `what` names
    /// its kind in a refusal (`a CBS download`).
    pub(crate) fn read(path: &Path, what: &str) -> Result<Self, CbsError> {
        let text =
            crate::files::read_text_bounded(path, CBS_FILE_LIMIT, what).map_err(|source| {
                CbsError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Self::parse(path, &text)
    }

    /// The table in `text`, which came from `path`.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Self, CbsError> {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let malformed = |e: csv::Error| malformed(path, e);
        let headers = reader
            .headers()
            .map_err(malformed)?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            rows.push(Row {
                line: record.position().map_or(0, |p| p.line() as usize),
                cells: record.iter().map(str::to_string).collect(),
            });
        }
        Ok(Self {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// The index of the one column whose name has the stem `wanted`;
    /// `None` if there is none, refused if several share it (the full
    /// table has `Appartement_48` and `Appartement_56`, one for
    /// electricity and one for gas).
    pub(crate) fn column(&self, wanted: &str) -> Result<Option<usize>, CbsError> {
        let found: Vec<usize> = (0..self.headers.len())
            .filter(|&i| stem(&self.headers[i]) == wanted)
            .collect();
        match found[..] {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(CbsError::AmbiguousColumn {
                path: self.path.clone(),
                stem: wanted.to_string(),
                columns: found.iter().map(|&i| self.headers[i].clone()).collect(),
            }),
        }
    }

    /// The cell of `row` in `column`, trimmed.
    pub(crate) fn text<'a>(&self, row: &'a Row, column: usize) -> &'a str {
        &row.cells[column]
    }

    /// The cell of `row` in `column` as a number; `None` for CBS's `.`
    /// (missing or secret) and for an empty cell.
    pub(crate) fn number(&self, row: &Row, column: usize) -> Result<Option<f64>, CbsError> {
        let cell = self.text(row, column);
        if cell.is_empty() || cell == "." {
            return Ok(None);
        }
        match cell.parse::<f64>() {
            // Every figure read is a count, a rate, a size or a distance.
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(self.bad_value(
                row,
                column,
                "a number of zero or more with a decimal point, or `.` for missing",
            )),
        }
    }

    /// The refusal of the cell of `row` in `column`, which should have
    /// been `expected`.
    pub(crate) fn bad_value(&self, row: &Row, column: usize, expected: &str) -> CbsError {
        CbsError::BadValue {
            path: self.path.clone(),
            line: row.line,
            column: self.headers[column].clone(),
            value: row.cells[column].clone(),
            expected: expected.to_string(),
        }
    }

    /// Words to add to "not a ... table" when the header shows why: a
    /// file separated by commas or tabs (saved again by a spreadsheet)
    /// has its whole header in one column.
    pub(crate) fn separator_hint(&self) -> String {
        match &self.headers[..] {
            [one] if one.contains([',', '\t']) => {
                " (its header has no `;`: CBS downloads separate fields with `;`, and this \
                 file was perhaps saved again by a spreadsheet)"
                    .to_string()
            }
            _ => String::new(),
        }
    }
}

/// A CSV parser's error as a one-line refusal with the line it is on.
fn malformed(path: &Path, e: csv::Error) -> CbsError {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields but the header has {expected_len}; CBS downloads have \
             as many in every row (was the file cut off or edited?)"
        ),
        _ => format!("not a CSV table as CBS writes it: {e}"),
    };
    CbsError::Malformed {
        path: path.to_path_buf(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_only_a_final_topic_number() {
        assert_eq!(stem("k_65JaarOfOuder_12"), "k_65JaarOfOuder");
        assert_eq!(stem("Eenpersoonshuishoudens_30"), "Eenpersoonshuishoudens");
        assert_eq!(stem("WijkenEnBuurten"), "WijkenEnBuurten");
        assert_eq!(stem("k_0Tot15Jaar"), "k_0Tot15Jaar");
        assert_eq!(stem("Name_"), "Name_");
        assert_eq!(stem("_12"), "_12");
    }

    #[test]
    fn reads_quoted_padded_cells_with_or_without_a_bom() {
        let text = "\"ID\";\"Code_3\";\"N_5\"\n\"1\";\"WK051802  \";\"    8245\"\n\
                    \"2\";\"BU05180170\";\"       .\"\n";
        for t in [text.to_string(), format!("{BOM}{text}")] {
            let table = Table::parse(Path::new("x.csv"), &t).unwrap();
            assert_eq!(table.headers, ["ID", "Code_3", "N_5"]);
            let code = table.column("Code").unwrap().unwrap();
            let n = table.column("N").unwrap().unwrap();
            assert_eq!(table.text(&table.rows[0], code), "WK051802");
            assert_eq!(table.number(&table.rows[0], n).unwrap(), Some(8245.0));
            assert_eq!(table.number(&table.rows[1], n).unwrap(), None);
            assert_eq!(table.rows[1].line, 3);
        }
    }

    #[test]
    fn refuses_a_bad_number_ambiguous_stems_and_a_short_row() {
        let table = Table::parse(
            Path::new("x.csv"),
            "\"A_1\";\"A_2\";\"B_3\"\n\"1\";\"2\";\"1,8\"\n",
        )
        .unwrap();
        let e = table.number(&table.rows[0], 2).unwrap_err().to_string();
        assert!(e.starts_with("x.csv:2: column `B_3` holds \"1,8\""), "{e}");
        let e = table.column("A").unwrap_err().to_string();
        assert!(e.contains("`A_1` and `A_2` share the stem `A`"), "{e}");
        let e = Table::parse(Path::new("x.csv"), "\"A\";\"B\"\n\"1\";\"2\"\n\"3\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.csv:3: this row has 1 fields"), "{e}");
    }
}
