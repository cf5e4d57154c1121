//! The headline (issue 19): three to five sentences per scenario that say
//! what matters, generated from the key figures and the cost per payer,
//! in Dutch or English — the report opens with them and the terminal
//! prints them under the table.
//!
//! What a board member needs first: which effects are large enough to
//! matter (the relevance classes of [`crate::experiment::relevance`], not
//! mere significance), what it costs and who pays, and what the run cannot
//! tell apart from no change. Sentences are built from the numbers only;
//! nothing here judges a programme.

use super::i18n::{metric_label, number, Lang};
use crate::analysis::folders::{compare_folders, mean_residents, Folder, FolderDifference};
use crate::experiment::relevance::Relevance;
use crate::model::metric_index;
use crate::output::KEY_METRICS;

/// One scenario's headline against the reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// "Scenario vs reference".
    pub title: String,
    /// Three or four sentences: effects, cost, what is not distinguishable,
    /// scale and prices.
    pub sentences: Vec<String>,
}

/// Who a headline is about: a folder and the scenario's `name` (the id
/// stands in where it is empty).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The output folder, read.
    pub folder: &'a Folder,
    /// The scenario's `name`.
    pub name: &'a str,
}

impl Side<'_> {
    fn shown(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.folder.id
        } else {
            self.name.trim()
        }
    }
}

/// The most effects the first sentence names.
const MOST_EFFECTS: usize = 3;
/// The most clear-but-small changes the first sentence names.
const MOST_SMALL: usize = 2;
/// The most not-distinguishable figures the third sentence names.
const MOST_UNCHANGED: usize = 5;

/// The headline of `scenario` against `reference` (its measured years
/// from the reference folder's horizon).
pub fn headline(reference: Side<'_>, scenario: Side<'_>, lang: Lang) -> Headline {
    let nl = lang.dutch();
    let diffs = compare_folders(reference.folder, scenario.folder);
    let key: Vec<&FolderDifference> = KEY_METRICS
        .iter()
        .filter_map(|(name, _)| metric_index(name).map(|k| &diffs[k]))
        .collect();
    let (costs, figures): (Vec<_>, Vec<_>) = key.into_iter().partition(|d| d.unit == "EUR/year");
    let title = if nl {
        format!("{} tegenover {}", scenario.shown(), reference.shown())
    } else {
        format!("{} vs {}", scenario.shown(), reference.shown())
    };
    let mut sentences = if reference.folder.replications.len() < 2 {
        // No intervals: nothing can be said about relevance or chance.
        vec![if nl {
            "Met één replicatie zijn er geen intervallen: of een verschil ertoe doet of toeval \
             is, valt niet te zeggen; draai meer replicaties."
                .to_string()
        } else {
            "With one replication there are no intervals: whether a difference matters or is \
             chance cannot be told; run more replications."
                .to_string()
        }]
    } else {
        let mut s = vec![
            effects_sentence(&figures, lang),
            cost_sentence(&costs, lang),
        ];
        s.extend(unchanged_sentence(&figures, lang));
        s
    };
    sentences.push(scale_sentence(reference.folder, lang));
    Headline { title, sentences }
}

/// The class of a difference, `NotDistinguishable` when it has none.
fn class(d: &FolderDifference) -> Relevance {
    d.relevance
        .relevance
        .unwrap_or(Relevance::NotDistinguishable)
}

/// How many times the minimal relevant difference a change is (0 without one).
fn strength(d: &FolderDifference) -> f64 {
    d.relevance
        .threshold
        .map_or(0.0, |t| (d.difference.mean / t).abs())
}

/// A key figure's name inside a sentence: shorter than the report's
/// labels, without commas or parentheses that would read as list marks.
fn inline_label(metric: &str, lang: Lang) -> String {
    let (nl, en) = match metric {
        "gp_contacts_per_resident_year" => {
            ("huisartscontacten per inwoner", "GP contacts per resident")
        }
        "gp_psychosocial_contacts_per_1000_year" => (
            "psychosociale huisartscontacten",
            "psychosocial GP contacts",
        ),
        "gp_wait_days_mean" => ("wachttijd huisarts", "GP waiting time"),
        "out_of_hours_contacts_per_1000_year" => {
            ("contacten huisartsenpost", "out-of-hours GP contacts")
        }
        "emergency_visits_per_1000_year" => ("SEH-bezoeken", "emergency visits"),
        "hospital_admissions_per_1000_year" => ("ziekenhuisopnames", "hospital admissions"),
        "carers_heavily_burdened_share" => {
            ("zwaarbelaste mantelzorgers", "heavily burdened carers")
        }
        "severely_lonely_share_adults" => ("ernstig eenzame volwassenen", "severely lonely adults"),
        "self_reliant_share_65plus" => ("zelfredzame 65-plussers", "self-reliant residents 65+"),
        "nursing_home_admissions_per_1000_65plus_year" => {
            ("verpleeghuisopnames", "nursing-home admissions")
        }
        other => return metric_label(other, lang),
    };
    if lang.dutch() { nl } else { en }.to_string()
}

/// A payer's short name inside a sentence.
fn payer(metric: &str, lang: Lang) -> &'static str {
    match (metric, lang.dutch()) {
        ("cost_zvw_eur_year", _) => "Zvw",
        ("cost_wmo_eur_year", _) => "Wmo",
        ("cost_wlz_eur_year", _) => "Wlz",
        (_, true) => "gemeente overig",
        (_, false) => "other municipal budgets",
    }
}

/// A change in words: shares in percentage points and percent, other
/// figures in percent of the reference (or in their unit without one).
fn change_text(d: &FolderDifference, lang: Lang) -> String {
    let signed = |x: f64, decimals: usize| {
        let s = number(x, decimals, lang);
        if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{s}")
        } else {
            s
        }
    };
    let relative = d.relevance.relative_change;
    let percent = |r: f64| format!("{}%", signed(r, if r.abs() < 1.0 { 2 } else { 1 }));
    if d.unit == "share" {
        let points = if lang.dutch() {
            "procentpunt"
        } else {
            "percentage points"
        };
        let pts = format!("{} {points}", signed(d.difference.mean * 100.0, 2));
        match relative {
            Some(r) => format!("{pts} ({})", percent(r)),
            None => pts,
        }
    } else if matches!(d.unit, "days" | "weeks") {
        // A wait's δ is absolute (half a day or week): say it in its unit,
        // as a percentage alone makes a small change look large.
        let unit = match (d.unit, lang.dutch()) {
            ("days", true) => "dagen",
            ("weeks", true) => "weken",
            (u, false) => u,
            _ => d.unit,
        };
        let amount = format!("{} {unit}", signed(d.difference.mean, 2));
        match relative {
            Some(r) => format!("{amount} ({})", percent(r)),
            None => amount,
        }
    } else {
        match relative {
            Some(r) => percent(r),
            None => signed(d.difference.mean, 2),
        }
    }
}

/// Sentence 1: the largest relevant (and possibly relevant) changes, then
/// the largest that are clear but small, so a real but small effect is
/// neither hidden nor oversold.
fn effects_sentence(figures: &[&FolderDifference], lang: Lang) -> String {
    let nl = lang.dutch();
    let strongest = |keep: &dyn Fn(Relevance) -> bool, most: usize| {
        let mut list: Vec<&FolderDifference> =
            figures.iter().copied().filter(|d| keep(class(d))).collect();
        list.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
        list.truncate(most);
        list
    };
    let strong = strongest(
        &|c| matches!(c, Relevance::Relevant | Relevance::PossiblyRelevant),
        MOST_EFFECTS,
    );
    let small = strongest(&|c| c == Relevance::ClearButSmall, MOST_SMALL);
    let describe = |d: &FolderDifference| {
        let maybe = match (class(d), nl) {
            (Relevance::PossiblyRelevant, true) => " (mogelijk relevant)",
            (Relevance::PossiblyRelevant, false) => " (possibly relevant)",
            _ => "",
        };
        format!(
            "{} {}{maybe}",
            inline_label(d.metric, lang),
            change_text(d, lang)
        )
    };
    let list = |items: &[&FolderDifference]| {
        items
            .iter()
            .map(|d| describe(d))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut text = if strong.is_empty() {
        if nl {
            "Geen kerncijfer verandert met een relevante omvang".to_string()
        } else {
            "No key figure changes by a relevant amount".to_string()
        }
    } else {
        let head = if nl {
            "Grootste effecten"
        } else {
            "Largest effects"
        };
        format!("{head}: {}", list(&strong))
    };
    if !small.is_empty() {
        let head = if nl {
            "duidelijk maar klein"
        } else {
            "clear but small"
        };
        text.push_str(&format!("; {head}: {}", list(&small)));
    }
    text.push('.');
    text
}

/// An amount of euros a year in words: `€355,000` or `€1.35 mln`
/// (`€ 355.000`, `€ 1,35 mln` in Dutch), without sign.
fn euros(x: f64, lang: Lang) -> String {
    let a = x.abs();
    let space = if lang.dutch() { " " } else { "" };
    if a >= 999_500.0 {
        format!("€{space}{} mln", number(a / 1e6, 2, lang))
    } else if a >= 1e3 {
        format!("€{space}{}", number((a / 1e3).round() * 1e3, 0, lang))
    } else {
        format!("€{space}{}", number(a.round(), 0, lang))
    }
}

/// A signed amount of euros: `+€355,000`, `−€79,000`.
fn signed_euros(x: f64, lang: Lang) -> String {
    let text = euros(x, lang);
    // The sign of what is shown: an amount that rounds to zero has none.
    if !x.is_finite() || !text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        text
    } else if x < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

/// Sentence 2: the net cost a year for all payers, who pays more and who
/// saves, and which payers' change cannot be told from zero.
fn cost_sentence(costs: &[&FolderDifference], lang: Lang) -> String {
    let total = costs.iter().find(|d| d.metric == "cost_total_eur_year");
    let payers: Vec<&FolderDifference> = costs
        .iter()
        .copied()
        .filter(|d| d.metric != "cost_total_eur_year")
        .collect();
    let mut parts: Vec<String> = total.map(|t| total_text(t, lang)).into_iter().collect();
    parts.extend(payer_parts(&payers, lang));
    format!("{}.", capitalised(&parts.join("; ")))
}

/// The net total for all payers with its interval.
fn total_text(t: &FolderDifference, lang: Lang) -> String {
    let nl = lang.dutch();
    let iv = &t.difference;
    let sep = if nl { "; " } else { ", " };
    let range = format!(
        "[{}{sep}{}]",
        signed_euros(iv.low, lang),
        signed_euros(iv.high, lang)
    );
    let mean = signed_euros(iv.mean, lang);
    // An interval that includes zero cannot say the programme costs or
    // saves anything, whatever the estimate's size.
    let unclear = class(t) == Relevance::NotDistinguishable || (iv.low <= 0.0 && iv.high >= 0.0);
    match (unclear, nl) {
        (true, true) => format!(
            "de netto kosten voor alle betalers samen zijn niet van nul te onderscheiden \
             ({mean} per jaar {range})"
        ),
        (true, false) => format!(
            "the net cost for all payers together is not distinguishable from zero \
             ({mean} a year {range})"
        ),
        (false, true) => format!("netto kosten voor alle betalers: {mean} per jaar {range}"),
        (false, false) => format!("net cost for all payers: {mean} a year {range}"),
    }
}

/// Who pays more (largest first) and who saves, each by a relevant or
/// possibly relevant amount; whose change is clear but small; and for whom
/// it is not distinguishable from zero.
fn payer_parts(payers: &[&FolderDifference], lang: Lang) -> Vec<String> {
    let nl = lang.dutch();
    // Named as paying more or saving only when the interval excludes zero,
    // as the total is: a possibly relevant change whose interval reaches
    // past zero is not distinguishable from none.
    let excludes_zero = |d: &FolderDifference| d.difference.low > 0.0 || d.difference.high < 0.0;
    let large = |d: &FolderDifference| {
        matches!(class(d), Relevance::Relevant | Relevance::PossiblyRelevant) && excludes_zero(d)
    };
    let mut more: Vec<&FolderDifference> = payers
        .iter()
        .copied()
        .filter(|d| large(d) && d.difference.mean > 0.0)
        .collect();
    more.sort_by(|a, b| b.difference.mean.total_cmp(&a.difference.mean));
    let mut less: Vec<&FolderDifference> = payers
        .iter()
        .copied()
        .filter(|d| large(d) && d.difference.mean < 0.0)
        .collect();
    less.sort_by(|a, b| a.difference.mean.total_cmp(&b.difference.mean));
    let group = |d: &FolderDifference| match class(d) {
        Relevance::PossiblyRelevant if !excludes_zero(d) => Relevance::NotDistinguishable,
        c => c,
    };
    let named = |keep: Relevance| -> Vec<String> {
        payers
            .iter()
            .filter(|d| group(d) == keep)
            .map(|d| payer(d.metric, lang).to_string())
            .collect()
    };
    let listed = |list: &[&FolderDifference], sign: bool| {
        let items: Vec<String> = list
            .iter()
            .map(|d| {
                let amount = if sign {
                    signed_euros(d.difference.mean, lang)
                } else {
                    euros(d.difference.mean, lang)
                };
                format!("{} ({amount})", payer(d.metric, lang))
            })
            .collect();
        joined(&items, lang)
    };
    let mut parts = Vec::new();
    if !more.is_empty() {
        let head = if nl { "meer voor" } else { "more for" };
        parts.push(format!("{head} {}", listed(&more, true)));
    }
    if !less.is_empty() {
        let head = if nl { "besparing voor" } else { "savings for" };
        parts.push(format!("{head} {}", listed(&less, false)));
    }
    for (class, nl_head, en_head) in [
        (
            Relevance::ClearButSmall,
            "kleine verschuiving voor",
            "small changes for",
        ),
        (
            Relevance::NotDistinguishable,
            "niet te onderscheiden voor",
            "not distinguishable for",
        ),
    ] {
        let names = named(class);
        if !names.is_empty() {
            let head = if nl { nl_head } else { en_head };
            parts.push(format!("{head} {}", joined(&names, lang)));
        }
    }
    parts
}

/// `a`, `a and b`, `a, b and c` (`en` in Dutch).
fn joined(items: &[String], lang: Lang) -> String {
    let and = if lang.dutch() { " en " } else { " and " };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// Sentence 3: the key figures the run cannot tell from no change (none
/// when every figure changed).
fn unchanged_sentence(figures: &[&FolderDifference], lang: Lang) -> Option<String> {
    let nl = lang.dutch();
    let same: Vec<String> = figures
        .iter()
        .filter(|d| class(d) == Relevance::NotDistinguishable)
        .map(|d| inline_label(d.metric, lang))
        .collect();
    if same.is_empty() {
        return None;
    }
    let mut list = same
        .iter()
        .take(MOST_UNCHANGED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if same.len() > MOST_UNCHANGED {
        let rest = same.len() - MOST_UNCHANGED;
        list.push_str(&if nl {
            format!(" en {rest} andere")
        } else {
            format!(" and {rest} more")
        });
    }
    Some(if nl {
        format!("Niet te onderscheiden van de referentie: {list}.")
    } else {
        format!("Not distinguishable from the reference: {list}.")
    })
}

/// Sentence 4: what the amounts are per: the district's size, the measured
/// years and the price level.
fn scale_sentence(reference: &Folder, lang: Lang) -> String {
    let years = reference.horizon.years;
    let years = (years.is_finite() && years > 0.0).then(|| number(years, 0, lang));
    let residents = mean_residents(reference);
    let people = number((residents / 100.0).round() * 100.0, 0, lang);
    let n = reference.replications.len();
    match (years, lang.dutch()) {
        (Some(y), true) => format!(
            "Bedragen per jaar, gemiddeld over {y} gemeten jaren en {n} replicaties, \
             in een wijk van ongeveer {people} inwoners; prijzen van 2022 (Kostenhandleiding 2024)."
        ),
        (Some(y), false) => format!(
            "Amounts per year, averaged over {y} measured years and {n} replications, \
             in a district of about {people} residents; prices of 2022 (Kostenhandleiding 2024)."
        ),
        (None, true) => format!(
            "Bedragen per jaar, gemiddeld over {n} replicaties, in een wijk van ongeveer \
             {people} inwoners; prijzen van 2022 (Kostenhandleiding 2024)."
        ),
        (None, false) => format!(
            "Amounts per year, averaged over {n} replications, in a district of about \
             {people} residents; prices of 2022 (Kostenhandleiding 2024)."
        ),
    }
}

/// The closing line under every headline: what the intervals cover;
/// `uncertain`: some inputs were drawn per replication (`[uncertainty]`),
/// so the intervals hold their uncertainty too.
pub fn noise_sentence(lang: Lang, uncertain: bool) -> &'static str {
    if uncertain {
        return if lang.dutch() {
            "De intervallen dekken de toevalsvariatie van de simulatie en de onzekerheid van de \
             aannames die per herhaling zijn getrokken; de overige effectgroottes zijn aannames, \
             vermeld in de tabel met aannames, en hun onzekerheid zit niet in de intervallen."
        } else {
            crate::output::table::UNCERTAIN_FOOTER
        };
    }
    if lang.dutch() {
        "De intervallen dekken alleen de toevalsvariatie van de simulatie (verschillen tussen \
         herhalingen); de effectgroottes van de programma's zijn aannames, vermeld in de tabel \
         met aannames, en hun onzekerheid zit niet in de intervallen."
    } else {
        crate::output::table::NOISE_FOOTER
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The headlines of every scenario in `others` against `reference` as
/// text for the terminal, wrapped to `width`: a heading, per scenario its
/// title and sentences, then what the intervals cover.
pub fn headline_text(reference: Side<'_>, others: &[Side<'_>], lang: Lang, width: usize) -> String {
    use crate::output::readable::wrap;
    let mut out = String::from(if lang.dutch() {
        "In het kort\n"
    } else {
        "In short\n"
    });
    for other in others {
        let h = headline(reference, *other, lang);
        out.push('\n');
        // Names come from files: print their control characters escaped.
        let title = crate::output::names::printable(&h.title);
        out.push_str(&wrap(&title, width, "  "));
        for s in &h.sentences {
            out.push_str(&wrap(&format!("- {s}"), width, "  "));
        }
    }
    out.push('\n');
    let uncertain = std::iter::once(&reference)
        .chain(others)
        .any(|s| !s.folder.uncertain.is_empty());
    out.push_str(&wrap(noise_sentence(lang, uncertain), width, ""));
    // The table beside it uses ASCII minus signs: so does the terminal text.
    out.replace('\u{2212}', "-")
}

/// The report's opening section (`<section id="headline">`): per compared
/// scenario its title and sentences, then what the intervals cover. Empty
/// for a report of one scenario (nothing to compare). `names` are the
/// names the report shows, one per scenario (told apart where two share a
/// `name`).
pub fn headline_section(scenarios: &[super::ScenarioData], names: &[String], lang: Lang) -> String {
    use super::escape;
    let Some((reference, others)) = scenarios.split_first() else {
        return String::new();
    };
    if others.is_empty() {
        return String::new();
    }
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let ref_name = name(0);
    let mut b = format!(
        "<section id=\"headline\" class=\"headline\">\n<h2>{}</h2>\n",
        lang.text().headline_title
    );
    for (i, other) in others.iter().enumerate() {
        let other_name = name(i + 1);
        let h = headline(
            Side {
                folder: &reference.folder,
                name: &ref_name,
            },
            Side {
                folder: &other.folder,
                name: &other_name,
            },
            lang,
        );
        b.push_str(&format!("<h3>{}</h3>\n<ul>\n", escape(&h.title)));
        for s in &h.sentences {
            b.push_str(&format!("<li>{}</li>\n", escape(s)));
        }
        b.push_str("</ul>\n");
    }
    b.push_str(&format!(
        "<p class=\"note\">{}</p>\n</section>\n",
        escape(noise_sentence(
            lang,
            scenarios.iter().any(|s| !s.folder.uncertain.is_empty())
        ))
    ));
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::METRICS;

    /// A folder of three replications where metric `m` is `value(m) + noise`.
    fn folder(id: &str, value: &dyn Fn(&str) -> f64) -> Folder {
        Folder {
            path: id.into(),
            id: id.into(),
            seed: 1,
            version: "test".into(),
            replications: vec![0, 1, 2],
            thresholds: Default::default(),
            horizon: crate::analysis::folders::Horizon::new(10.0, 2.0),
            yearly: Default::default(),
            uncertain: Vec::new(),
            values: (0..3)
                .map(|r| {
                    METRICS
                        .iter()
                        .map(|m| value(m.name) * (1.0 + 0.0001 * r as f64))
                        .collect()
                })
                .collect(),
        }
    }

    fn base(metric: &str) -> f64 {
        match metric {
            "residents" => 12_000.0,
            "carers_heavily_burdened_share" => 0.195,
            "cost_wmo_eur_year" => 1_234_000.0,
            "cost_gemeente_eur_year" => 110_000.0,
            "cost_total_eur_year" => 22_000_000.0,
            _ => 100.0,
        }
    }

    fn programme(metric: &str) -> f64 {
        match metric {
            "carers_heavily_burdened_share" => 0.156,
            "cost_wmo_eur_year" => 1_934_000.0,
            "cost_gemeente_eur_year" => 760_000.0,
            "cost_total_eur_year" => 23_350_000.0,
            "nursing_home_admissions_per_1000_65plus_year" => 99.9,
            _ => base(metric),
        }
    }

    fn texts(lang: Lang) -> Headline {
        let (a, b) = (folder("baseline", &base), folder("katwijk", &programme));
        headline(
            Side {
                folder: &a,
                name: "Basis",
            },
            Side {
                folder: &b,
                name: "Katwijk",
            },
            lang,
        )
    }

    #[test]
    fn english_headline_names_effects_cost_and_what_is_not_distinguishable() {
        let h = texts(Lang::En);
        assert_eq!(h.title, "Katwijk vs Basis");
        assert_eq!(
            h.sentences[0],
            "Largest effects: heavily burdened carers −3.90 percentage points (−20.0%); \
             clear but small: nursing-home admissions −0.10%."
        );
        assert_eq!(
            h.sentences[1],
            "Net cost for all payers: +€1.35 mln a year [+€1.35 mln, +€1.35 mln]; more for Wmo \
             (+€700,000) and other municipal budgets (+€650,000); not distinguishable for Zvw and Wlz."
        );
        assert!(
            h.sentences[2]
                .starts_with("Not distinguishable from the reference: GP contacts per resident, "),
            "{}",
            h.sentences[2]
        );
        assert!(
            h.sentences[2].ends_with("and 3 more."),
            "{}",
            h.sentences[2]
        );
        assert!(
            h.sentences[3].contains("10 measured years and 3 replications"),
            "{}",
            h.sentences[3]
        );
        assert!(
            h.sentences[3].contains("about 12,000 residents; prices of 2022"),
            "{}",
            h.sentences[3]
        );
    }

    #[test]
    fn dutch_headline_says_the_same() {
        let h = texts(Lang::Nl);
        assert_eq!(h.title, "Katwijk tegenover Basis");
        assert_eq!(
            h.sentences[0],
            "Grootste effecten: zwaarbelaste mantelzorgers −3,90 procentpunt (−20,0%); \
             duidelijk maar klein: verpleeghuisopnames −0,10%."
        );
        assert_eq!(
            h.sentences[1],
            "Netto kosten voor alle betalers: +€ 1,35 mln per jaar [+€ 1,35 mln; +€ 1,35 mln]; meer voor \
             Wmo (+€ 700.000) en gemeente overig (+€ 650.000); niet te onderscheiden voor Zvw en Wlz."
        );
        assert!(
            h.sentences[2].starts_with(
                "Niet te onderscheiden van de referentie: huisartscontacten per inwoner"
            ),
            "{}",
            h.sentences[2]
        );
        assert!(
            h.sentences[3].contains("ongeveer 12.000 inwoners; prijzen van 2022"),
            "{}",
            h.sentences[3]
        );
    }

    #[test]
    fn a_small_but_clear_change_is_named_as_such() {
        let small = |m: &str| match m {
            "carers_heavily_burdened_share" => 0.190,
            other => base(other),
        };
        let (a, b) = (folder("a", &base), folder("b", &small));
        let h = headline(
            Side {
                folder: &a,
                name: "",
            },
            Side {
                folder: &b,
                name: "",
            },
            Lang::En,
        );
        assert_eq!(h.title, "b vs a");
        assert_eq!(
            h.sentences[0],
            "No key figure changes by a relevant amount; clear but small: heavily burdened carers \
             −0.50 percentage points (−2.6%)."
        );
        assert!(
            h.sentences[1].starts_with(
                "The net cost for all payers together is not distinguishable from zero"
            ),
            "{}",
            h.sentences[1]
        );
    }

    #[test]
    fn one_replication_says_there_are_no_intervals() {
        let mut a = folder("a", &base);
        let mut b = folder("b", &programme);
        for f in [&mut a, &mut b] {
            f.replications.truncate(1);
            f.values.truncate(1);
        }
        let h = headline(
            Side {
                folder: &a,
                name: "",
            },
            Side {
                folder: &b,
                name: "",
            },
            Lang::En,
        );
        assert!(
            h.sentences[0].starts_with("With one replication there are no intervals"),
            "{:?}",
            h.sentences
        );
        assert_eq!(h.sentences.len(), 2, "{:?}", h.sentences);
        assert_eq!(signed_euros(0.2, Lang::En), "€0");
        assert_eq!(signed_euros(-999_700.0, Lang::En), "−€1.00 mln");
    }

    #[test]
    fn terminal_text_fits_100_columns() {
        let (a, b) = (folder("baseline", &base), folder("katwijk", &programme));
        let side = |f| {
            Side { folder: f, name: "Katwijk: vraaggerichte mantelzorgondersteuning met een naam die langer is dan één regel van honderd tekens breed" }
        };
        let text = headline_text(side(&a), &[side(&b), side(&b)], Lang::En, 100);
        assert!(text.starts_with("In short\n"));
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        assert!(!text.contains('\u{2212}'), "{text}");
        assert!(text.contains("simulation noise only"));
    }
}
