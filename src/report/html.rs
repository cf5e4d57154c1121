//! The page's frame and the pieces both pages share: inline CSS, the HTML
//! document, figures, the contents list, and how a metric's numbers are
//! scaled for display. Nothing is loaded from elsewhere.
//!
//! The pages themselves are [`super::run_page`] and [`super::sweep_page`];
//! this module knows neither their sections nor the charts.

use super::data::ScenarioData;
use super::escape::escape;
use super::i18n::{display_factor, unit_label, Lang, Text};
use crate::experiment::compare::{Method, LEVEL};
use crate::stats::{t_interval, Interval, RunningMoments};
use std::fmt::Write;

const CSS: &str = "
:root { --ink: #1d2430; --muted: #5b6472; --line: #d9dde3; --accent: #0b5a8c; --bg-soft: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.2em 0 0.2em; }
h2 { font-size: 1.4rem; margin: 2.2em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.12rem; margin: 1.6em 0 0.4em; }
p { margin: 0.4em 0 0.8em; }
.sub, .note, figcaption, .unit { color: var(--muted); }
.sub { font-size: 1rem; }
nav ol { columns: 2; padding-left: 1.4em; margin: 0.4em 0; }
nav a, a { color: var(--accent); }
.guide { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: 10px 18px; }
.guide h2 { margin-top: 0.3em; }
.guide li { margin: 0.3em 0; }
figure { margin: 1em 0 1.6em; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 0.95rem; margin-bottom: 0.4em; overflow-wrap: anywhere; }
figcaption strong { color: var(--ink); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.6em 0 1.2em; min-width: 60%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num .d { display: block; color: var(--muted); font-size: 0.85em; white-space: nowrap; }
td.num .rel { display: block; font-size: 0.8em; white-space: nowrap; color: var(--muted); }
td.num .rel-relevant { color: inherit; font-weight: 600; }
td.num .m, td.nowrap { white-space: nowrap; }
td code, th code { font-size: 0.88em; }
th code { overflow-wrap: normal; }
tr.cat td { background: #fafbfc; font-weight: 600; }
.unit { font-size: 0.85em; font-weight: normal; display: block; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 8px 18px; }
.grid figure { margin: 0.4em 0 1em; }
footer { margin-top: 3em; color: var(--muted); font-size: 0.9rem; border-top: 1px solid var(--line); padding-top: 0.8em; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3, .guide h2 { break-after: avoid; page-break-after: avoid; }
  h2 { margin-top: 1.2em; }
  figure, .grid figure, nav, .guide, tr { break-inside: avoid; page-break-inside: avoid; }
  figure svg { width: 100%; max-height: 235mm; }
  thead { display: table-header-group; }
  table { font-size: 7.5pt; min-width: 0; width: 100%; }
  th, td { padding: 3px 5px; }
  td.num .m, td.num .d, td.num .rel { white-space: normal; }
  .scroll { overflow: visible; }
  .grid { display: block; }
  .grid figure { display: inline-block; width: 49%; vertical-align: top; }
  a { color: inherit; text-decoration: none; }
}
";

pub(super) fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang.code(),
        escape(title)
    )
}

/// A figure with its caption above the chart, so a title reads as the
/// title of the chart below it (and prints on its page), not of the next.
pub(super) fn figure(svg: &str, id: &str, title: &str, caption: &str) -> String {
    let caption = match (title.is_empty(), caption.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("<figcaption>{}</figcaption>\n", escape(caption)),
        _ => format!(
            "<figcaption><strong>{}</strong> {}</figcaption>\n",
            escape(title),
            escape(caption)
        ),
    };
    format!("<figure data-figure=\"{id}\">\n{caption}{svg}\n</figure>\n")
}

/// Mean and 95% interval of metric `m` over a folder's replications.
pub(super) fn mean_interval(s: &ScenarioData, m: usize) -> Interval {
    let values: Vec<f64> = s.folder.values.iter().map(|v| v[m]).collect();
    t_interval(&RunningMoments::from_slice(&values), LEVEL)
}

pub(super) fn method_text(method: Method, t: &Text) -> &'static str {
    match method {
        Method::Paired => t.paired,
        Method::Welch => t.welch,
    }
}

/// Scale for money: millions or thousands of euros, by the largest value.
pub(super) fn money_scale(max_abs: f64, lang: Lang) -> (f64, &'static str) {
    match (max_abs >= 1e6, max_abs >= 1e4, lang.dutch()) {
        (true, _, true) => (1e6, "mln €/jaar"),
        (true, _, false) => (1e6, "€ million/year"),
        (false, true, true) => (1e3, "duizend €/jaar"),
        (false, true, false) => (1e3, "€ thousand/year"),
        (false, false, true) => (1.0, "€/jaar"),
        (false, false, false) => (1.0, "€/year"),
    }
}

/// Display factor and unit label of a metric whose typical size is `size`
/// (money in millions or thousands, shares in percent).
pub(super) fn display(unit: &str, size: f64, lang: Lang, difference: bool) -> (f64, String) {
    if unit == "EUR/year" {
        let (scale, label) = money_scale(size, lang);
        (1.0 / scale, label.to_string())
    } else {
        (display_factor(unit), unit_label(unit, lang, difference))
    }
}

pub(super) fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

pub(super) fn contents(t: &Text, sections: &[(&str, &str)]) -> String {
    let mut b = format!("<nav>\n<strong>{}</strong>\n<ol>\n", escape(t.contents));
    for (id, title) in sections {
        let _ = writeln!(b, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
    }
    b.push_str("</ol>\n</nav>\n");
    b
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_percent() {
        assert_eq!(display("share", 0.2, Lang::Nl, false).0, 100.0);
        assert_eq!(display("EUR/year", 2e7, Lang::Nl, false).1, "mln €/jaar");
    }
}
