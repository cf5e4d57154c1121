//! The inline form of an uncertain key: `burden_gain_multiplier = { dist =
//! "triangular", min = 0.6, mode = 0.7, max = 0.9 }` written on the key
//! itself, as sugar for an `[uncertainty]` entry.
//!
//! The schema reads a number there, so before a file is deserialised each
//! such inline table is replaced in the text by its distribution's central
//! value, padded with spaces (newlines kept) to the same length: every
//! other key keeps its byte offset, line and column, so errors elsewhere
//! in the file still point at the right place. The distributions come back
//! separately for the loader to add to the file's `[uncertainty]` table.
//! Tables that hold inline tables of their own meaning (`[sweep]`,
//! `[uncertainty]`, ... see [`NOT_PARAMETERS`]) are left alone.

use super::key::KeyPath;
use super::uncertainty::{uncertain_range, Distribution, NOT_PARAMETERS};
use serde::Deserialize;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One inline distribution found in a file.
pub(super) struct Inline {
    /// The key it is written on.
    pub path: KeyPath,
    /// The distribution.
    pub dist: Distribution,
    /// Byte offset of the inline table in the file.
    pub offset: usize,
}

/// Why an inline distribution could not be read.
#[derive(Debug)]
pub(super) enum Problem {
    /// The table does not read as a distribution (unknown `dist`, a
    /// missing or unknown parameter, a wrong type).
    Parse(toml::de::Error),
    /// The key cannot be uncertain (a whole number, text, ...).
    Key(String),
}

/// An inline distribution that could not be read, with where it is.
#[derive(Debug)]
pub(super) struct InlineError {
    /// Byte offset in the file.
    pub offset: usize,
    /// The key it is written on.
    pub path: KeyPath,
    /// What is wrong.
    pub problem: Problem,
}

/// The text with every inline distribution replaced by its central value,
/// and the distributions. Text that does not parse is returned unchanged
/// (the loader reports the syntax error).
pub(super) fn extract(text: &str) -> Result<(String, Vec<Inline>), InlineError> {
    if !text.contains("dist") {
        return Ok((text.to_string(), Vec::new()));
    }
    let Ok(doc) = DeTable::parse(text) else {
        return Ok((text.to_string(), Vec::new()));
    };
    let mut found: Vec<(KeyPath, Range<usize>)> = Vec::new();
    for (key, value) in doc.get_ref().iter() {
        if !NOT_PARAMETERS.contains(&key.get_ref().as_ref()) {
            find(text, value, &KeyPath::root().key(key.get_ref()), &mut found);
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut inline = Vec::new();
    // Last first, so that a replacement longer than its span cannot move
    // the spans still to come.
    for (path, span) in found.into_iter().rev() {
        let dist = read(text, &path, &span)?;
        let central = format!("{:?}", dist.central());
        for (i, slot) in bytes[span.clone()].iter_mut().enumerate() {
            if !matches!(*slot, b'\n' | b'\r') {
                *slot = central.as_bytes().get(i).copied().unwrap_or(b' ');
            }
        }
        if central.len() > span.len() {
            // Cannot happen for a float's shortest text against `{dist=..}`;
            // kept correct anyway (columns after it on this line shift).
            bytes.splice(span.end..span.end, central.bytes().skip(span.len()));
        }
        inline.push(Inline {
            path,
            dist,
            offset: span.start,
        });
    }
    inline.reverse();
    let rewritten = String::from_utf8(bytes).expect("ASCII replaced whole spans");
    Ok((rewritten, inline))
}

/// Collects the inline tables with a `dist` key under `value`.
fn find(
    text: &str,
    value: &Spanned<DeValue<'_>>,
    at: &KeyPath,
    out: &mut Vec<(KeyPath, Range<usize>)>,
) {
    match value.get_ref() {
        DeValue::Table(table) => {
            let span = value.span();
            let inline = text[span.start..].starts_with('{');
            if inline && table.get("dist").is_some() {
                out.push((at.clone(), span));
                return;
            }
            for (key, inner) in table.iter() {
                find(text, inner, &at.key(key.get_ref()), out);
            }
        }
        DeValue::Array(array) => {
            for (i, element) in array.iter().enumerate() {
                find(text, element, &at.index(i), out);
            }
        }
        _ => {}
    }
}

/// Reads the inline table at `span` as a distribution of the key at `path`.
fn read(text: &str, path: &KeyPath, span: &Range<usize>) -> Result<Distribution, InlineError> {
    #[derive(Deserialize)]
    struct One {
        v: Distribution,
    }
    const PREFIX: &str = "v = ";
    let error = |offset: usize, problem: Problem| InlineError {
        offset,
        path: path.clone(),
        problem,
    };
    if let Err(why) = uncertain_range(path) {
        return Err(error(span.start, Problem::Key(why)));
    }
    let one = format!("{PREFIX}{}", &text[span.clone()]);
    toml::from_str::<One>(&one).map(|o| o.v).map_err(|e| {
        let offset = e.span().map_or(span.start, |s| {
            span.start + s.start.saturating_sub(PREFIX.len())
        });
        error(offset, Problem::Parse(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_distribution_becomes_its_central_value_in_place() {
        let text = "[interventions.carer_support]\nburden_gain_multiplier = { dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 } # x\ncoverage = 0.4\n";
        let (rewritten, found) = extract(text).unwrap();
        assert_eq!(rewritten.len(), text.len());
        assert_eq!(
            rewritten.find("coverage"),
            text.find("coverage"),
            "offsets kept"
        );
        assert!(
            rewritten.contains("burden_gain_multiplier = 0.7   "),
            "{rewritten}"
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].path.to_string(),
            "interventions.carer_support.burden_gain_multiplier"
        );
        // A sweep's ranges and the explicit table are not touched.
        let sweep = "[sweep.parameters]\n\"gp.fte\" = { min = 1.0, max = 2.0, dist = 1 }\n";
        assert_eq!(extract(sweep).unwrap().0, sweep);
    }

    #[test]
    fn a_whole_number_key_is_refused() {
        let text = "[run]\nyears = { dist = \"uniform\", min = 1, max = 3 }\n";
        let Err(e) = extract(text) else { panic!() };
        assert!(matches!(&e.problem, Problem::Key(m) if m.contains("whole number")));
        assert_eq!(e.offset, text.find('{').unwrap());
    }
}
