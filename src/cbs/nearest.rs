//! The region codes of a file nearest to a code that is not in it, for
//! "no region `WK05182`; nearest codes in the file: ...".
//!
//! A mistyped region code is usually a digit missing, doubled or changed,
//! or a code of a neighbouring wijk, so codes are ranked by edit distance
//! and, among equally distant ones, by the length of the prefix they share
//! with what was typed (the gemeente and wijk digits come first). This is
//! not `scenario::nearest`, which returns one word and only a likely typo:
//! here the nearest few are always worth showing, since they tell the user
//! what the file's codes look like.

/// Edits (insert, delete, substitute one character) from `a` to `b`.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Up to `n` of `codes` nearest to `typed` (both compared in upper case),
/// nearest first; among equals, the longer common prefix first, then file
/// order. Each code once.
pub(crate) fn nearest_codes<'a>(
    typed: &str,
    codes: impl Iterator<Item = &'a str>,
    n: usize,
) -> Vec<String> {
    let typed: Vec<char> = typed.trim().to_uppercase().chars().collect();
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<(usize, std::cmp::Reverse<usize>, usize, &str)> = Vec::new();
    for (order, code) in codes.enumerate() {
        if !seen.insert(code) {
            continue;
        }
        let upper: Vec<char> = code.to_uppercase().chars().collect();
        let prefix = typed.iter().zip(&upper).take_while(|(a, b)| a == b).count();
        ranked.push((
            edit_distance(&typed, &upper),
            std::cmp::Reverse(prefix),
            order,
            code,
        ));
    }
    ranked.sort();
    ranked
        .into_iter()
        .take(n)
        .map(|r| r.3.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_by_edits_then_shared_prefix() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("WK05182", "WK051802"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        let codes = ["GM0518", "WK051801", "WK051802", "WK051812", "BU05180201"];
        assert_eq!(
            nearest_codes("wk051803", codes.iter().copied(), 2),
            ["WK051801", "WK051802"]
        );
        assert_eq!(nearest_codes("x", codes.iter().copied(), 9).len(), 5);
    }
}
