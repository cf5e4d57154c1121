//! Number formatting for CSV and tables, and the input hash.

/// Format a value for a CSV file: the shortest decimal that parses back to
/// the same `f64` (Rust's `Display`, never an exponent), so bytes are stable
/// and no precision is lost. Non-finite values are written as `NaN`, `Inf`
/// and `-Inf`, which R and pandas read as numbers.
pub fn csv_f64(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_string()
    } else if x == f64::INFINITY {
        "Inf".to_string()
    } else if x == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        format!("{x}")
    }
}

/// FNV-1a, 64 bit: a tiny, stable, portable hash (not cryptographic; it
/// identifies inputs, it does not protect them).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The `input_hash` of a manifest: `fnv1a64:` and 16 hex digits of the
/// hash of the resolved scenario text.
pub fn input_hash(resolved_toml: &str) -> String {
    format!("fnv1a64:{:016x}", fnv1a64(resolved_toml.as_bytes()))
}

/// Decimals to show for numbers whose largest magnitude is `max_abs`: about
/// four significant digits, none for thousands and up.
pub fn table_decimals(max_abs: f64) -> usize {
    if !max_abs.is_finite() || max_abs >= 1000.0 || max_abs == 0.0 {
        0
    } else if max_abs >= 100.0 {
        1
    } else if max_abs >= 10.0 {
        2
    } else if max_abs >= 1.0 {
        3
    } else {
        (2 - max_abs.log10().floor() as i64).clamp(3, 9) as usize
    }
}

/// Format a number for a table with a given number of decimals (`-` for
/// NaN, and no `-0`).
pub fn table_number(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "-".to_string();
    }
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// A number with four significant digits and no trailing zeros, for tables
/// a person reads (CSV files keep full precision).
pub fn short_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (4 - 1 - x.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Left-aligned first column, right-aligned others; a one-cell row is a
/// section heading.
pub fn aligned_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows.iter().filter(|r| r.len() > 1) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            if i == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str("  ");
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    for row in rows {
        line(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_round_trip() {
        for x in [
            0.0,
            1.0,
            -2.5,
            0.1,
            1.0 / 3.0,
            1e-7,
            12_345_678.9,
            1e21,
            f64::MIN_POSITIVE,
        ] {
            let s = csv_f64(x);
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
            assert!(!s.contains('e'), "{s}");
        }
        assert_eq!(csv_f64(0.1), "0.1");
        assert_eq!(csv_f64(3.0), "3");
        assert_eq!(csv_f64(f64::NAN), "NaN");
        assert_eq!(csv_f64(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn fnv_known_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
        assert_eq!(input_hash(""), "fnv1a64:cbf29ce484222325");
    }

    #[test]
    fn table_formatting() {
        assert_eq!(table_decimals(12_345.0), 0);
        assert_eq!(table_decimals(4.2), 3);
        assert_eq!(table_decimals(0.15), 3);
        assert_eq!(table_decimals(0.015), 4);
        assert_eq!(table_number(-0.0001, 3), "0.000");
        assert_eq!(table_number(-0.12, 3), "-0.120");
        assert_eq!(table_number(f64::NAN, 3), "-");
    }
}
