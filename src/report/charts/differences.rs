//! Differences from the reference, every row on one shared axis with a
//! line at zero: the shift ledger's groups and the GP charts.
//!
//! One axis per chart is the point (issue 19): with an axis per row a
//! change of −44 k€ drew as long a bar as one of +701 k€. Rows whose
//! interval includes zero are drawn muted (grey), so they do not look as
//! solid as a clear effect; the caller decides which rows those are.

use super::{
    color, err, finish, h_whisker_in, iv_values, padded_range, row_chart, text_width, Res,
    AXIS_GREY, FONT, TICK, WIDE,
};
use crate::report::error::ReportError;
use crate::report::i18n::{signed_interval_text, Lang};
use crate::stats::Interval;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Grey of a row not distinguishable from zero.
const MUTED: RGBColor = RGBColor(190, 190, 190);
/// Text of a muted row's value.
const MUTED_TEXT: RGBColor = RGBColor(140, 140, 140);

/// One row: a label, the difference with its 95% interval (already in
/// display units) and whether it is drawn muted.
#[derive(Debug, Clone)]
pub struct DiffRow {
    /// Row label (item or scenario, with its unit where rows differ).
    pub label: String,
    /// The difference and its interval, in the axis's unit.
    pub amount: Interval,
    /// Not distinguishable from zero: drawn grey.
    pub muted: bool,
}

/// How the difference is marked: a bar from zero (ledger amounts) or a
/// dot (a difference of a level, such as GP contacts per resident).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffStyle {
    /// A bar from zero to the mean.
    Bar,
    /// A dot at the mean.
    Dot,
}

/// Rows top to bottom on one axis named `axis`, which always holds zero
/// and every interval whole; each row's value is written beside it.
pub fn differences(
    id: &str,
    title: &str,
    rows: &[DiffRow],
    axis: &str,
    style: DiffStyle,
    lang: Lang,
) -> Result<String, ReportError> {
    let n = rows.len().max(1);
    let (width, height) = (WIDE, 96 + 34 * n as u32);
    let (lo, hi) = padded_range(
        rows.iter().flat_map(|r| iv_values(&r.amount, 1.0)),
        0.08,
        true,
    );
    // Room right of the largest whisker for its value text.
    let longest = rows
        .iter()
        .map(|r| text_width(&signed_interval_text(&r.amount, 1.0, lang)))
        .max()
        .unwrap_or(0) as f64;
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label))
        .max()
        .unwrap_or(40) as f64
        + 74.0;
    let plot_w = (width as f64 - label_w).max(200.0);
    let share = (longest + 16.0) / plot_w;
    let hi = hi + (hi - lo) * share / (1.0 - share).max(0.3);
    let labelled: Vec<(String, Interval)> =
        rows.iter().map(|r| (r.label.clone(), r.amount)).collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = row_chart(&root, &labelled, (lo, hi), axis, lang)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Last)],
                ShapeStyle::from(&AXIS_GREY).stroke_width(2),
            )))
            .map_err(err)?;
        for (i, row) in rows.iter().enumerate() {
            let y = SegmentValue::CenterOf((n - 1 - i) as i32);
            let (x0, py) = chart.backend_coord(&(0.0, y.clone()));
            let [m, l, h] = iv_values(&row.amount, 1.0);
            let (xm, _) = chart.backend_coord(&(m, y.clone()));
            let fill = if row.muted { MUTED } else { color(0) };
            draw_row(&root, style, (x0, xm, py), fill)?;
            let mut right = xm.max(x0) + 10;
            if l.is_finite() && h.is_finite() {
                let (xl, _) = chart.backend_coord(&(l, y.clone()));
                let (xh, _) = chart.backend_coord(&(h, y.clone()));
                let ink = if row.muted { MUTED_TEXT } else { BLACK };
                h_whisker_in(&root, (xl, xh, py, 6), &ink)?;
                right = right.max(xh + 10);
            }
            let ink = if row.muted { MUTED_TEXT } else { BLACK };
            root.draw(&Text::new(
                signed_interval_text(&row.amount, 1.0, lang),
                (right, py),
                TextStyle::from((FONT, TICK).into_font())
                    .color(&ink)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(err)?;
        }
    }
    Ok(finish(svg, id, title, &[axis]))
}

/// The mark of one row: a bar from `x0` to `xm`, or a dot at `xm`.
fn draw_row(
    root: &DrawingArea<SVGBackend, Shift>,
    style: DiffStyle,
    (x0, xm, py): (i32, i32, i32),
    fill: RGBColor,
) -> Res {
    match style {
        DiffStyle::Bar => root
            .draw(&Rectangle::new(
                [
                    (x0.min(xm), py - 9),
                    (x0.max(xm).max(x0.min(xm) + 1), py + 9),
                ],
                fill.mix(0.8).filled(),
            ))
            .map_err(err),
        DiffStyle::Dot => root
            .draw(&Circle::new((xm, py), 6, fill.filled()))
            .map_err(err),
    }
}
