//! From byte offsets to lines and key paths, and back.
//!
//! toml reports errors as byte spans; users need `file:line:column` and the
//! key's name. After merging, validation knows a key path but not where it
//! was written; [`span_of`] finds it in one file's spanned parse tree. Both
//! directions use `toml::de::DeTable`, the parse tree with spans; it is
//! parsed again when needed, which only happens on the error path.

use super::key::{KeyPath, Segment};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the end).
    pub fn at(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// True when `offset` lies in `span` (an empty span still holds its start).
fn holds(span: &Range<usize>, offset: usize) -> bool {
    span.contains(&offset) || (span.is_empty() && span.start == offset)
}

/// The key path of the entry written at byte `offset` of `text`: the key
/// itself when the offset is on a key, the value's key (and array index)
/// when it is on a value. `None` if the text does not parse or nothing
/// there is a key or value.
pub fn path_at(text: &str, offset: usize) -> Option<KeyPath> {
    let doc = DeTable::parse(text).ok()?;
    let mut best = None;
    search_table(doc.get_ref(), &KeyPath::root(), offset, &mut best);
    best.map(|(path, _)| path)
}

/// Keeps the deepest match: a key in an inline table lies inside its
/// parent's value span, and the innermost one is the one meant.
fn search_table(
    table: &DeTable<'_>,
    at: &KeyPath,
    offset: usize,
    best: &mut Option<(KeyPath, usize)>,
) {
    for (key, value) in table.iter() {
        let path = at.key(key.get_ref());
        let depth = path.segments().len();
        let is_deeper =
            |best: &Option<(KeyPath, usize)>| best.as_ref().is_none_or(|(_, d)| depth > *d);
        if (holds(&key.span(), offset) || holds(&value.span(), offset)) && is_deeper(best) {
            *best = Some((path.clone(), depth));
        }
        search_value(value, &path, offset, best);
    }
}

fn search_value(
    value: &Spanned<DeValue<'_>>,
    at: &KeyPath,
    offset: usize,
    best: &mut Option<(KeyPath, usize)>,
) {
    match value.get_ref() {
        DeValue::Table(table) => search_table(table, at, offset, best),
        DeValue::Array(array) => {
            for (i, element) in array.iter().enumerate() {
                let path = at.index(i);
                let depth = path.segments().len();
                if holds(&element.span(), offset) && best.as_ref().is_none_or(|(_, d)| depth > *d) {
                    *best = Some((path.clone(), depth));
                }
                search_value(element, &path, offset, best);
            }
        }
        _ => {}
    }
}

/// Where the value at `path` is written in `text`: the span of the value
/// (of its key, for a table, whose own span is only its header), or `None`
/// if this file does not set it. An index beyond the written array falls
/// back to the whole array.
pub fn span_of(text: &str, path: &KeyPath) -> Option<Range<usize>> {
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut current: Option<&Spanned<DeValue<'_>>> = None;
    let mut found = None;
    for segment in path.segments() {
        match (segment, current.map(Spanned::get_ref)) {
            (Segment::Key(name), None) | (Segment::Key(name), Some(DeValue::Table(_))) => {
                if let Some(DeValue::Table(inner)) = current.map(Spanned::get_ref) {
                    table = inner;
                }
                let (key, value) = table.get_key_value(name.as_str())?;
                found = Some(if value.get_ref().is_table() {
                    key.span()
                } else {
                    value.span()
                });
                current = Some(value);
            }
            (Segment::Index(i), Some(DeValue::Array(array))) => {
                let Some(element) = array.get(*i) else {
                    return found;
                };
                found = Some(element.span());
                current = Some(element);
            }
            _ => return None,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "name = \"x\"\n\n[gp]\nfte = 5.5\n[population]\nage_band_shares = [1, 2, 3]\n";

    #[test]
    fn positions_are_one_based() {
        assert_eq!(Position::at(TEXT, 0), Position { line: 1, column: 1 });
        let fte = TEXT.find("fte").unwrap();
        assert_eq!(Position::at(TEXT, fte), Position { line: 4, column: 1 });
        assert_eq!(Position::at("é = 1", 3), Position { line: 1, column: 3 });
    }

    #[test]
    fn finds_the_key_at_an_offset() {
        let two = TEXT.find("2,").unwrap();
        assert_eq!(
            path_at(TEXT, two).unwrap().to_string(),
            "population.age_band_shares[1]"
        );
        let fte = TEXT.find("fte").unwrap();
        assert_eq!(path_at(TEXT, fte).unwrap().to_string(), "gp.fte");
    }

    #[test]
    fn finds_where_a_key_is_written() {
        let span = span_of(TEXT, &KeyPath::of(&["gp", "fte"])).unwrap();
        assert_eq!(&TEXT[span], "5.5");
        let element = KeyPath::of(&["population", "age_band_shares"]).index(2);
        assert_eq!(&TEXT[span_of(TEXT, &element).unwrap()], "3");
        assert!(span_of(TEXT, &KeyPath::of(&["gp", "urgent_share"])).is_none());
        assert_eq!(&TEXT[span_of(TEXT, &KeyPath::of(&["gp"])).unwrap()], "gp");
    }

    #[test]
    fn finds_keys_in_dotted_and_inline_tables() {
        let text = "gp.fte = 1\ninterventions.custom.x = { uptake = 2 }\n";
        let path = KeyPath::of(&["interventions", "custom", "x", "uptake"]);
        assert_eq!(&text[span_of(text, &path).unwrap()], "2");
        assert_eq!(path_at(text, text.find('2').unwrap()), Some(path));
    }
}
