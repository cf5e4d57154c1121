//! CSV for R and pandas, or for Dutch Excel.
//!
//! buurtsim writes RFC 4180 CSV with a dot as the decimal mark: what R,
//! pandas and Python read without options. Dutch Excel, double-clicked on
//! such a file, puts every row in one column (it expects `;` between
//! fields, since its decimal mark is the comma) and misreads `0.25` as a
//! date or a thousand. `--csv excel-nl` therefore converts every finished
//! CSV file: fields separated by `;`, a decimal comma in every number, and
//! a UTF-8 byte-order mark first, so Excel also shows `ë` and `€` right.
//!
//! The conversion is a pure function of the plain file, applied to the
//! staged output just before it is moved into place, so the numbers are
//! the same, only written differently. Every reader of buurtsim's files
//! ([`normalise`]) accepts both forms, so `compare`, `report` and `merge`
//! work on Excel-style folders too.

use super::atomic::write_atomic;
use super::OutputError;
use crate::files::read_bounded;
use std::path::Path;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// RFC 4180: `,` between fields, `.` as the decimal mark, no BOM.
    #[default]
    Plain,
    /// Dutch Excel: `;` between fields, `,` as the decimal mark, UTF-8 BOM.
    ExcelNl,
}

impl CsvDialect {
    /// The name on the command line and in `run-info.toml`.
    pub fn name(self) -> &'static str {
        match self {
            CsvDialect::Plain => "plain",
            CsvDialect::ExcelNl => "excel-nl",
        }
    }
}

impl std::str::FromStr for CsvDialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "plain" => Ok(CsvDialect::Plain),
            "excel-nl" => Ok(CsvDialect::ExcelNl),
            other => Err(format!(
                "unknown CSV style `{other}`; valid are `plain` (RFC 4180, decimal dot: R, \
                 pandas) and `excel-nl` (semicolons, decimal comma, UTF-8 BOM: Dutch Excel)"
            )),
        }
    }
}

/// The `csv` field of `run-info.toml`: absent for plain CSV.
pub fn csv_name(dialect: CsvDialect) -> Option<String> {
    (dialect != CsvDialect::Plain).then(|| dialect.name().to_string())
}

/// Whether a field is a number as buurtsim writes them (`-12.5`, `3`),
/// whose dot is a decimal mark to convert. `NaN` and `Inf` stay as they are.
fn is_decimal(field: &str) -> bool {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Rewrite CSV bytes from one separator to another, passing each field
/// through `field` (fields, quoting and line ends are kept otherwise).
fn rewrite(
    bytes: &[u8],
    from: u8,
    to: u8,
    field: fn(&str) -> String,
    bom: bool,
) -> Result<Vec<u8>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(from)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::with_capacity(bytes.len() + BOM.len());
    if bom {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(to)
        .flexible(true)
        .from_writer(&mut out);
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        writer.write_record(record.iter().map(field))?;
    }
    writer.flush()?;
    drop(writer);
    Ok(out)
}

/// A plain field in Excel style: a decimal comma in numbers.
fn decimal_comma(field: &str) -> String {
    if is_decimal(field) {
        field.replace('.', ",")
    } else {
        field.to_string()
    }
}

/// An Excel-style field in plain style: a decimal dot in numbers.
fn decimal_dot(field: &str) -> String {
    let dotted = field.replacen(',', ".", 1);
    if field.contains(',') && is_decimal(&dotted) {
        dotted
    } else {
        field.to_string()
    }
}

/// Plain CSV bytes in `dialect`.
pub fn to_dialect(plain: &[u8], dialect: CsvDialect) -> Result<Vec<u8>, csv::Error> {
    match dialect {
        CsvDialect::Plain => Ok(plain.to_vec()),
        CsvDialect::ExcelNl => rewrite(plain, b',', b';', decimal_comma, true),
    }
}

/// CSV bytes as buurtsim's readers expect them: a file written with
/// `--csv excel-nl` (it starts with the BOM) back in plain form; anything
/// else as it is.
pub fn normalise(bytes: Vec<u8>) -> Result<Vec<u8>, csv::Error> {
    match bytes.strip_prefix(BOM) {
        Some(rest) => rewrite(rest, b';', b',', decimal_dot, false),
        None => Ok(bytes),
    }
}

/// Read a CSV file of buurtsim's, in either style, as plain CSV bytes;
/// refused unread if it is not a regular file or holds more than `limit`
/// bytes ([`crate::files::CSV_LIMIT`], or [`crate::files::csv_limit`] from
/// the rows and columns its manifest states).
/// `what` names the file's kind in the message (`a CSV file of an output
/// folder`).
pub fn read_csv_file(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, OutputError> {
    let bytes = read_bounded(path, limit, what).map_err(|e| OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    normalise(bytes).map_err(|e| OutputError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Convert one plain CSV file to `dialect`, atomically.
pub fn convert_file(path: &Path, dialect: CsvDialect) -> Result<(), OutputError> {
    if dialect == CsvDialect::Plain {
        return Ok(());
    }
    let plain = std::fs::read(path).map_err(|e| OutputError::io(path, e))?;
    let converted =
        to_dialect(&plain, dialect).map_err(|e| OutputError::io(path, std::io::Error::other(e)))?;
    write_atomic(path, &converted)
}

/// Convert every `.csv` file under `dir` (a staged output folder) to
/// `dialect`, each atomically. Plain leaves the folder as it is.
pub fn convert_folder(dir: &Path, dialect: CsvDialect) -> Result<(), OutputError> {
    if dialect == CsvDialect::Plain {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| OutputError::io(dir, e))?;
    let mut paths: Vec<_> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| OutputError::io(dir, e))?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            convert_folder(&path, dialect)?;
        } else if path.extension().is_some_and(|e| e == "csv") {
            convert_file(&path, dialect)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &[u8] = b"scenario,metric,mean,n,note\n\
        baseline,gp_contacts,4.351,40,\"a, b\"\n\
        baseline,cost,-19358156.25,40,NaN\n\
        katwijk,share,0.000012,40,1.2.3\n";

    #[test]
    fn excel_nl_has_semicolons_decimal_commas_and_a_bom() {
        let excel = to_dialect(PLAIN, CsvDialect::ExcelNl).unwrap();
        let text = std::str::from_utf8(&excel).unwrap();
        assert_eq!(
            text,
            "\u{feff}scenario;metric;mean;n;note\n\
             baseline;gp_contacts;4,351;40;a, b\n\
             baseline;cost;-19358156,25;40;NaN\n\
             katwijk;share;0,000012;40;1.2.3\n"
        );
    }

    #[test]
    fn normalise_reads_both_styles_back_to_the_same_bytes() {
        let excel = to_dialect(PLAIN, CsvDialect::ExcelNl).unwrap();
        assert_eq!(normalise(excel).unwrap(), PLAIN);
        assert_eq!(normalise(PLAIN.to_vec()).unwrap(), PLAIN);
        assert_eq!(to_dialect(PLAIN, CsvDialect::Plain).unwrap(), PLAIN);
    }

    #[test]
    fn only_plain_decimals_count_as_numbers() {
        for yes in ["0", "-1", "4.351", "-0.5", "12345678.000001"] {
            assert!(is_decimal(yes), "{yes}");
        }
        for no in [
            "", "-", ".5", "5.", "1.2.3", "1e5", "NaN", "Inf", "a.b", "1,5",
        ] {
            assert!(!is_decimal(no), "{no}");
        }
    }

    #[test]
    fn dialect_names_parse_and_unknown_ones_say_what_is_valid() {
        assert_eq!("excel-nl".parse::<CsvDialect>(), Ok(CsvDialect::ExcelNl));
        assert_eq!("plain".parse::<CsvDialect>(), Ok(CsvDialect::Plain));
        let err = "excel".parse::<CsvDialect>().unwrap_err();
        assert!(err.contains("excel-nl") && err.contains("plain"), "{err}");
    }
}
