//! How a scenario setting reads in the report's assumptions table: a
//! label for a reader beside its dotted key, and its value in the report's
//! number format (issue 19: raw keys with decimal dots in a Dutch report).
//!
//! Owns only the wording of settings; the table itself is the run page's.

use super::i18n::{number, Lang};

/// Programme and section names, Dutch and English, by key segment.
const SECTIONS: &[(&str, &str, &str)] = &[
    ("interventions", "programma", "programme"),
    ("carer_support", "mantelzorgondersteuning", "carer support"),
    ("meeting_place", "ontmoetingsplek", "meeting place"),
    ("hybrid_care", "hybride huisartsenzorg", "hybrid GP care"),
    (
        "district_nurse_link",
        "wijkverpleegkundige bij de huisarts",
        "district nurse link",
    ),
    ("population", "bevolking", "population"),
    ("gp", "huisarts", "GP"),
    ("costs", "kosten", "costs"),
    ("run", "run", "run"),
];

/// Words of a key's last segment in Dutch; a word not listed stays as it is.
const WORDS: &[(&str, &str)] = &[
    ("coverage", "dekking"),
    ("uptake", "deelname"),
    ("payer", "financier"),
    ("start", "start"),
    ("year", "jaar"),
    ("years", "jaren"),
    ("multiplier", "factor"),
    ("share", "aandeel"),
    ("cost", "kosten"),
    ("eur", "€"),
    ("per", "per"),
    ("hours", "uren"),
    ("week", "week"),
    ("month", "maand"),
    ("carer", "mantelzorger"),
    ("burden", "belasting"),
    ("gain", "toename"),
    ("dropout", "uitval"),
    ("respite", "respijt"),
    ("target", "doelgroep"),
    ("min", "minimum"),
    ("age", "leeftijd"),
    ("visits", "bezoeken"),
    ("help", "hulp"),
    ("problem", "probleem"),
    ("loneliness", "eenzaamheid"),
    ("onset", "ontstaan"),
    ("recovery", "herstel"),
    ("frailty", "kwetsbaarheid"),
    ("running", "lopende"),
    ("resolution", "oplossing"),
    ("falls", "vallen"),
    ("crisis", "crisis"),
    ("nursing", "verpleeg"),
    ("home", "thuis"),
    ("residents", "inwoners"),
    ("seed", "seed"),
    ("replications", "replicaties"),
];

/// A reader's label of dotted key `key`: its sections by name, then its
/// last segment in words (`interventions.carer_support.coverage` →
/// "mantelzorgondersteuning: dekking").
pub(super) fn setting_label(key: &str, lang: Lang) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let Some((last, sections)) = parts.split_last() else {
        return key.to_string();
    };
    let named: Vec<String> = sections
        .iter()
        .filter(|s| **s != "interventions" || sections.len() == 1)
        .map(|s| {
            SECTIONS
                .iter()
                .find(|(k, _, _)| k == s)
                .map(|(_, nl, en)| if lang.dutch() { *nl } else { *en }.to_string())
                .unwrap_or_else(|| s.replace('_', " "))
        })
        .collect();
    let words: Vec<&str> = last
        .split('_')
        .map(|w| {
            if lang.dutch() {
                WORDS.iter().find(|(k, _)| *k == w).map_or(w, |(_, nl)| nl)
            } else if w == "eur" {
                "€"
            } else {
                w
            }
        })
        .collect();
    let field = words.join(" ");
    if named.is_empty() {
        field
    } else {
        format!("{}: {field}", named.join(" › "))
    }
}

/// A TOML value as written in the resolved scenario, for a reader: numbers
/// in the report's format (`0.7` → `0,7` in Dutch, `60000.0` → `60.000`),
/// strings without quotes, `true`/`false` as yes/no.
pub(super) fn setting_value(raw: &str, lang: Lang) -> String {
    let dutch = lang.dutch();
    match raw {
        "true" => return if dutch { "ja" } else { "yes" }.into(),
        "false" => return if dutch { "nee" } else { "no" }.into(),
        _ => {}
    }
    if let Some(s) = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return s.to_string();
    }
    match raw.parse::<f64>() {
        Ok(x) if x.is_finite() && !raw.contains(['e', 'E']) => {
            let decimals = raw
                .split_once('.')
                .map_or(0, |(_, f)| f.trim_end_matches('0').len());
            number(x, decimals, lang)
        }
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_as_words_and_local_numbers() {
        assert_eq!(
            setting_label("interventions.carer_support.coverage", Lang::Nl),
            "mantelzorgondersteuning: dekking"
        );
        assert_eq!(
            setting_label(
                "interventions.meeting_place.running_cost_eur_per_year",
                Lang::En
            ),
            "meeting place: running cost € per year"
        );
        assert_eq!(setting_label("gp.fte", Lang::Nl), "huisarts: fte");
        assert_eq!(setting_value("0.7", Lang::Nl), "0,7");
        assert_eq!(setting_value("60000.0", Lang::Nl), "60.000");
        assert_eq!(setting_value("650.0", Lang::En), "650");
        assert_eq!(setting_value("\"gemeente\"", Lang::Nl), "gemeente");
        assert_eq!(setting_value("true", Lang::En), "yes");
        assert_eq!(setting_value("[1, 2]", Lang::Nl), "[1, 2]");
    }
}
