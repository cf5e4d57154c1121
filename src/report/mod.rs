//! The report (`buurtsim report DIR... -o report.html`): one self-contained
//! HTML page with inline SVG charts, for alliance boards.
//!
//! - [`load`] reads finished output folders: a multi-scenario run folder
//!   (the reference is the first scenario of its `comparison.csv`), one or
//!   more scenario folders (the first is the reference), a sweep folder, or
//!   a sensitivity analysis's folder;
//! - [`render`] writes the page: reading guide, key figures with 95%
//!   intervals, the shift ledger per scenario, GP contacts and waiting
//!   time, monthly series with bands, cost by payer, sweep charts, the
//!   assumptions that differ from the reference, and seed, replications
//!   and version; for a sensitivity analysis, per metric its indices as
//!   sorted bars against the noise floor, with a guide to reading them.
//!
//! The page loads nothing: no scripts, fonts, style sheets or images from
//! elsewhere; the charts are SVG drawn with `plotters` and written into
//! the page, their text as SVG `<text>` in the reader's sans-serif font.
//!
//! The folder: [`load`] reads (`load.rs`) into plain data (`data.rs`);
//! [`render`] builds the run page (`run_page.rs`), the sweep page
//! (`sweep_page.rs`) or the sensitivity page (`sensitivity_page.rs`, its
//! tables in `sensitivity_settings.rs`, its words in
//! `sensitivity_text.rs`) from the frame and shared pieces of `html.rs`, the
//! charts of `charts.rs`, the words and number formats of `i18n.rs` and
//! the escaping of `escape.rs`; every failure to draw is a [`ReportError`].
//! The report reads folders and returns the page as text: it never writes
//! files or prints (the command line does).

pub mod charts;
mod cumulative;
mod data;
mod error;
mod escape;
pub mod headline;
mod html;
pub mod i18n;
mod ledger;
mod load;
mod region_page;
mod run_page;
mod sensitivity_page;
mod sensitivity_settings;
mod sensitivity_text;
mod settings;
mod sweep_page;
mod yearly;

pub use data::{
    assumption_differences, display_names, MonthValue, ReportInput, ScenarioData, SensitivityData,
    SettingDifference, SweepData, SweepPoint, SweptRegions,
};
pub use error::ReportError;
pub use escape::{escape, visible_controls};
pub use i18n::Lang;
pub use load::load;
pub use run_page::run_page;
pub use sensitivity_page::sensitivity_page;
pub use sweep_page::{sweep_page, DEFAULT_SWEEP_METRICS};

/// The whole page for `input` in `lang`, with the default choices.
pub fn render(input: &ReportInput, lang: Lang) -> Result<String, ReportError> {
    render_with(input, lang, &Options::default())
}

/// What a reader may choose about the page.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The metrics a sweep's or sensitivity analysis's charts show, in
    /// this order (`report --metrics`); `None`: [`DEFAULT_SWEEP_METRICS`]
    /// for a sweep, every analysed metric for a sensitivity analysis. Every name must be
    /// a metric of [`crate::model::METRICS`] (the command line checks).
    pub metrics: Option<Vec<String>>,
    /// Discount the shift ledger's totals over the measured years
    /// (`report --discount`); `None`: undiscounted totals only.
    pub discount: Option<crate::stats::discount::Discount>,
}

/// The whole page for `input` in `lang`, as `options` choose.
pub fn render_with(
    input: &ReportInput,
    lang: Lang,
    options: &Options,
) -> Result<String, ReportError> {
    match input {
        ReportInput::Run(scenarios) => run_page::run_page_with(scenarios, lang, options.discount),
        ReportInput::Sweep(sweep) => {
            let default: Vec<String> = DEFAULT_SWEEP_METRICS
                .iter()
                .map(|m| m.to_string())
                .collect();
            sweep_page(sweep, lang, options.metrics.as_deref().unwrap_or(&default))
        }
        ReportInput::Sensitivity(data) => sensitivity_page(data, lang, options.metrics.as_deref()),
    }
}
