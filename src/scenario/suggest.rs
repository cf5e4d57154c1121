//! "Did you mean ...?": the nearest valid word to a mistyped key or value.
//!
//! The one suggestion routine of the crate: keys and values in scenario
//! files, parameter paths in sweeps and calibration configs, and target ids
//! all get their hints here, so one slip gets one answer wherever it is
//! made. It knows only words, not where they come from.
//!
//! Uses the optimal-string-alignment distance (Levenshtein plus swapping two
//! neighbouring letters), because the typical slip in a hand-edited
//! scenario is one letter missing, doubled or swapped (`covrage`,
//! `respite_hours_per_wek`, `uptkae`). Case is ignored (`Payer` -> `payer`).

/// Edits (insert, delete, substitute, swap neighbours) from `a` to `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `typed`, if it is close enough to be a likely
/// typo: at most 2 edits, or a third of the candidate's length for long
/// keys, or one word containing the other and at least half as long
/// (`coverage_share` -> `coverage`, but not `carer_support` -> `care`).
pub fn nearest<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    candidates
        .iter()
        .map(|c| {
            let lower = c.to_lowercase();
            (edit_distance(&typed_lower, &lower), lower, *c)
        })
        .filter(|(distance, lower, c)| {
            let limit = 2.max(c.chars().count() / 3);
            let (short, long) = if typed_lower.len() < lower.len() {
                (typed_lower.as_str(), lower.as_str())
            } else {
                (lower.as_str(), typed_lower.as_str())
            };
            let contains =
                short.len() >= 4 && 2 * short.len() >= long.len() && long.contains(short);
            *distance <= limit || contains
        })
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, _, c)| c)
}

/// The words quoted in backticks after "expected" in a serde message, e.g.
/// "unknown field `covrage`, expected one of `start_year`, `coverage`"
/// gives `["start_year", "coverage"]`. serde writes the valid keys and
/// enum values this way, so the schema itself is the list of candidates.
pub fn expected_words(message: &str) -> Vec<&str> {
    let Some(at) = message.find("expected") else {
        return Vec::new();
    };
    message[at..].split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_letters_count_once() {
        assert_eq!(edit_distance("uptkae", "uptake"), 1);
        assert_eq!(edit_distance("covrage", "coverage"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_only_plausible_typos() {
        let keys = ["start_year", "coverage", "respite_hours_per_week", "payer"];
        assert_eq!(nearest("covrage", &keys), Some("coverage"));
        assert_eq!(
            nearest("respite_hours_per_wek", &keys),
            Some("respite_hours_per_week")
        );
        assert_eq!(nearest("Payer", &keys), Some("payer"));
        assert_eq!(nearest("coverage_share", &keys), Some("coverage"));
        assert_eq!(nearest("budget", &keys), None);
        assert_eq!(nearest("carer_support", &["care", "costs"]), None);
        // Case is ignored on both sides (custom programme names keep theirs).
        assert_eq!(
            nearest("val preventie", &["Val Preventie"]),
            Some("Val Preventie")
        );
    }

    #[test]
    fn reads_expected_words_from_serde_messages() {
        let message = "unknown field `covrage`, expected one of `start_year`, `coverage`";
        assert_eq!(expected_words(message), ["start_year", "coverage"]);
        assert_eq!(expected_words("invalid length 2"), Vec::<&str>::new());
    }
}
