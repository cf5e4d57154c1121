//! Text made safe for the page: HTML escaping, and control characters and
//! bidirectional overrides from files written as visible `\u{..}` escapes.
//!
//! Used by the page and by the charts alike (plotters escapes only XML);
//! knows nothing of what the text means.

use std::fmt::Write;

/// Escape text for HTML (element content and attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Line breaks and tabs are text; any other control character
            // (NUL, ESC, ...) or bidirectional override from a file is shown
            // as a visible escape, never written raw into the page.
            c if hidden(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` must not be written raw into the page: a control character
/// other than a line break or tab, or a bidirectional override.
fn hidden(c: char) -> bool {
    c != '\n' && c != '\t' && crate::output::names::unsafe_char(c)
}

fn push_visible(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `s` (markup already) with every control character but line breaks and
/// tabs, and every bidirectional override, written as a visible `\u{..}`
/// escape: for text drawn by the chart library, which escapes only XML.
pub fn visible_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(hidden) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("a\u{1b}b\nc"), "a\\u{1b}b\nc");
        assert_eq!(visible_controls("x\u{202e}y"), "x\\u{202e}y");
    }
}
