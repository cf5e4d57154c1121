//! Numbers and sentences for people reading a terminal: shares as
//! percentages, euros in thousands with separators, differences rounded to
//! what their interval supports, and text wrapped to a line width.
//!
//! The CSV files keep full precision ([`super::format::csv_f64`]); this is
//! only how the comparison table and the headline print.

use super::format::table_decimals;

/// How the values of one table row are shown: the metric's unit decides,
/// and every number in the row (both means and the difference) uses the
/// same scale, so a row never mixes k€ and mln €.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// A share (0..1) shown as a percentage; differences in points.
    Percent,
    /// Euros shown in thousands (`k EUR`).
    ThousandEuro,
    /// Euros shown in millions (`mln EUR`): district totals of 100 million
    /// or more (a whole gemeente).
    MillionEuro,
    /// The metric's own unit.
    Plain,
}

impl Scale {
    /// The scale for a metric of `unit` whose reference mean is `reference`.
    pub fn for_unit(unit: &str, reference: f64) -> Scale {
        match unit {
            "share" => Scale::Percent,
            u if u.starts_with("EUR/year") => {
                if reference.abs() >= 1e8 {
                    Scale::MillionEuro
                } else {
                    Scale::ThousandEuro
                }
            }
            _ => Scale::Plain,
        }
    }

    /// What one value in the metric's unit is in this scale.
    pub fn factor(self) -> f64 {
        match self {
            Scale::Percent => 100.0,
            Scale::ThousandEuro => 1e-3,
            Scale::MillionEuro => 1e-6,
            Scale::Plain => 1.0,
        }
    }

    /// The unit a row label names, if the scale changes the metric's own.
    pub fn label_suffix(self) -> &'static str {
        match self {
            Scale::Percent => " (%)",
            Scale::ThousandEuro => " (k EUR/yr)",
            Scale::MillionEuro => " (mln EUR/yr)",
            Scale::Plain => "",
        }
    }

    /// A mean in this scale: percentages with one or two decimals, euros
    /// with thousands separators, other units with about four digits.
    pub fn mean(self, x: f64) -> String {
        let v = x * self.factor();
        match self {
            Scale::Percent => {
                let d = if v.abs() >= 10.0 { 1 } else { 2 };
                format!("{}%", fixed(v, d))
            }
            Scale::ThousandEuro | Scale::MillionEuro => {
                let d = if v.abs() >= 1000.0 {
                    0
                } else if v.abs() >= 10.0 {
                    1
                } else {
                    2
                };
                grouped(v, d)
            }
            Scale::Plain => grouped(v, table_decimals(v.abs())),
        }
    }

    /// A difference with its interval, `+1.2 [0.8, 1.6]`, rounded to the
    /// interval's precision ([`interval_decimals`]); shares in points
    /// (`pt`). The estimate always carries its sign. No thousands
    /// separators here: `[10,515, 11,419]` would read as four numbers.
    pub fn difference(self, estimate: f64, low: f64, high: f64) -> String {
        let f = self.factor();
        let (e, l, h) = (estimate * f, low * f, high * f);
        if !(l.is_finite() && h.is_finite()) {
            let d = table_decimals(e.abs()).min(6);
            return signed_plain(e, d);
        }
        let d = interval_decimals((h - l) / 2.0).min(match self {
            Scale::Percent => 3,
            Scale::ThousandEuro | Scale::MillionEuro => 1,
            Scale::Plain => 6,
        });
        let pt = if self == Scale::Percent { " pt" } else { "" };
        format!(
            "{} [{}, {}]{pt}",
            signed_plain(e, d),
            fixed(l, d),
            fixed(h, d)
        )
    }
}

/// Decimals that show a 95% interval of half-width `half_width` as precisely
/// as it is known: two significant digits of the half-width when its first
/// digits are 100–354, one otherwise (the Particle Data Group's rounding
/// rule), so `0.00057` gives 4 decimals and `0.00021` gives 5.
pub fn interval_decimals(half_width: f64) -> usize {
    if !half_width.is_finite() || half_width <= 0.0 {
        return 0;
    }
    let exponent = half_width.log10().floor();
    let leading = half_width / 10f64.powf(exponent - 2.0);
    let significant = if leading < 354.5 { 2.0 } else { 1.0 };
    (significant - 1.0 - exponent).max(0.0) as usize
}

/// `x` with `decimals` decimals, no `-0`.
fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// `x` with `decimals` decimals and a sign: `+` above zero, `-` below.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = grouped(x, decimals);
    if s.starts_with('-') || s.bytes().all(|b| b == b'0' || b == b'.') {
        s
    } else {
        format!("+{s}")
    }
}

/// `x` with `decimals` decimals and a sign, without thousands separators.
fn signed_plain(x: f64, decimals: usize) -> String {
    let s = fixed(x, decimals);
    if s.starts_with('-') || s.bytes().all(|b| b == b'0' || b == b'.') {
        s
    } else {
        format!("+{s}")
    }
}

/// `x` with `decimals` decimals and a comma between thousands
/// (`1,234,567.8`); `-` for NaN.
pub fn grouped(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        return "-".to_string();
    }
    let s = fixed(x, decimals);
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (int, frac) = rest.split_once('.').map_or((rest, ""), |(i, f)| (i, f));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s; // inf
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A relative change in percent, signed, with two decimals under 1% and
/// one above (`-0.02%`, `+18.2%`); `-` when undefined.
pub fn percent_change(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => {
            let d = if v.abs() < 1.0 { 2 } else { 1 };
            format!("{}%", signed(v, d))
        }
        _ => "-".to_string(),
    }
}

/// Wrap `text` at spaces into lines of at most `width` characters; every
/// line after the first starts with `indent`. A word longer than a line is
/// cut across lines, so no line is ever wider than `width`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let width = width.max(indent.chars().count() + 1);
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        if len > 0 && len + 1 + word.len() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            len = line.chars().count();
        } else if len > 0 && !line.ends_with(' ') {
            line.push(' ');
            len += 1;
        }
        while len + word.len() > width {
            let room = width - len;
            line.extend(word.drain(..room));
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            len = line.chars().count();
        }
        len += word.len();
        line.extend(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// `text` cut to at most `width` characters, with `...` where it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(3)).collect();
    format!("{}...", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_rounding_follows_the_pdg_rule() {
        assert_eq!(interval_decimals(0.00057), 4);
        assert_eq!(interval_decimals(0.00021), 5);
        assert_eq!(interval_decimals(0.0354), 3);
        assert_eq!(interval_decimals(0.036), 2);
        assert_eq!(interval_decimals(1.2), 1);
        assert_eq!(interval_decimals(3504.0), 0);
        assert_eq!(interval_decimals(0.0), 0);
    }

    #[test]
    fn shares_print_as_percentages_and_points() {
        assert_eq!(Scale::Percent.mean(0.195), "19.5%");
        assert_eq!(Scale::Percent.mean(0.0857), "8.57%");
        assert_eq!(
            Scale::Percent.difference(-0.00858, -0.00904, -0.00811),
            "-0.86 [-0.90, -0.81] pt"
        );
    }

    #[test]
    fn euros_print_in_thousands_with_separators() {
        let s = Scale::for_unit("EUR/year", 22_279_851.0);
        assert_eq!(s, Scale::ThousandEuro);
        assert_eq!(s.mean(22_279_851.0), "22,280");
        assert_eq!(s.mean(111_726.0), "111.7");
        assert_eq!(
            s.difference(224_694.0, 221_189.0, 228_198.0),
            "+224.7 [221.2, 228.2]"
        );
        assert_eq!(Scale::for_unit("EUR/year", 9.3e8), Scale::MillionEuro);
        assert_eq!(grouped(-1_234_567.25, 1), "-1,234,567.2");
        assert_eq!(grouped(999.0, 0), "999");
    }

    #[test]
    fn signs_and_relative_changes() {
        assert_eq!(signed(0.0, 2), "0.00");
        assert_eq!(signed(-0.0001, 2), "0.00");
        assert_eq!(signed(3.0, 0), "+3");
        assert_eq!(percent_change(Some(-0.0182)), "-0.02%");
        assert_eq!(percent_change(Some(18.21)), "+18.2%");
        assert_eq!(percent_change(None), "-");
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let wrapped = wrap(text, 20, "  ");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 20),
            "{wrapped}"
        );
        assert_eq!(wrapped.split_whitespace().count(), 12);
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("  ")));
        let long = format!("a {} b", "x".repeat(45));
        let wrapped = wrap(&long, 20, "  ");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 20),
            "{wrapped}"
        );
        assert_eq!(wrapped.chars().filter(|&c| c == 'x').count(), 45);
        assert_eq!(truncate("abcdefghij", 8), "abcde...");
    }
}
