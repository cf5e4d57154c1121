//! The report's charts: one function per kind, each returning an SVG
//! string (plotters' SVG backend) to write into the page.
//!
//! Text is SVG `<text>` in the reader's `sans-serif` font (no font files);
//! every `<svg>` gets a `data-chart` attribute naming the chart, so the
//! browser test can find it. Colours are the Okabe-Ito palette, which
//! colour-blind readers can tell apart.
//!
//! Charts draw the numbers and labels they are given: they know nothing of
//! folders, metrics or the page around them. Differences from a reference
//! on one shared axis are in [`differences`]; a metric against a swept
//! parameter in [`sweep`]; a sensitivity analysis's indices in
//! [`sensitivity`].

// Not re-exported: they use this module's frame, so a `pub use` here
// would make the files import each other.
pub mod differences;
pub mod sensitivity;
pub mod sweep;

use super::error::ReportError;
use super::escape::{escape, visible_controls};
use super::i18n::{tick_number, Lang};
use crate::stats::Interval;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font family of all chart text: the reader's own sans-serif.
pub const FONT: &str = "sans-serif";
/// Tick labels (plotters divides by 1.24: about 13.7 px).
const TICK: u32 = 17;
/// Axis descriptions and legends (about 14.5 px).
const DESC: u32 = 18;
/// Approximate width of one character of tick text, in pixels.
const CHAR_W: f64 = 7.6;
/// Width of a full-width chart, in pixels (the page is 1200 px wide at most).
const WIDE: u32 = 1140;

/// Okabe-Ito colours (yellow replaced by a violet that reads on white).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(117, 112, 179),
    RGBColor(60, 60, 60),
];

/// The colour of series `i`.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

const AXIS_GREY: RGBColor = RGBColor(120, 120, 120);

type Res = Result<(), ReportError>;

/// A labelled monthly series: `(month, mean, low, high)` per month.
pub type Series = (String, Vec<(f64, f64, f64, f64)>);

fn err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Chart(e.to_string())
}

/// Give the `<svg>` its `data-chart` id, an accessible name, and let it
/// shrink with the page. Labels (scenario names and ids from files) are
/// written by plotters XML-escaped only, so control characters in them are
/// made visible escapes here, once for every chart. `axes` are the axis
/// descriptions, written as `data-axes` (joined by `|`) so a test can find
/// them in the printed page next to the chart's title.
fn finish(svg: String, id: &str, title: &str, axes: &[&str]) -> String {
    let title = escape(title);
    let axes = escape(
        &axes
            .iter()
            .filter(|a| !a.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("|"),
    );
    let svg = visible_controls(&svg);
    svg.replacen(
        "<svg ",
        &format!(
            "<svg data-chart=\"{id}\" id=\"chart-{id}\" role=\"img\" aria-label=\"{title}\" \
             data-axes=\"{axes}\" style=\"max-width:100%;height:auto\" "
        ),
        1,
    )
}

fn text_width(s: &str) -> u32 {
    (s.chars().count() as f64 * CHAR_W).ceil() as u32
}

/// `lo..hi` around the values, padded by `pad` of the span on each side
/// (`zero`: always include 0).
fn padded_range(values: impl Iterator<Item = f64>, pad: f64, zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= 0.0 {
        // All values equal (e.g. no difference at all): a range around them.
        let half = if lo != 0.0 { lo.abs() * 0.1 } else { 1.0 };
        return (lo - half, hi + half);
    }
    let (mut a, mut b) = (lo - pad * span, hi + pad * span);
    if zero && lo >= 0.0 {
        a = 0.0;
    }
    if zero && hi <= 0.0 {
        b = 0.0;
    }
    (a, b)
}

fn iv_values(iv: &Interval, factor: f64) -> [f64; 3] {
    [iv.mean * factor, iv.low * factor, iv.high * factor]
}

/// A horizontal whisker with caps (pixels, on `root`).
fn h_whisker(root: &DrawingArea<SVGBackend, Shift>, x1: i32, x2: i32, y: i32, cap: i32) -> Res {
    h_whisker_in(root, (x1, x2, y, cap), &BLACK)
}

/// A horizontal whisker `(x1, x2, y, cap)` in colour `c`.
fn h_whisker_in(
    root: &DrawingArea<SVGBackend, Shift>,
    (x1, x2, y, cap): (i32, i32, i32, i32),
    c: &RGBColor,
) -> Res {
    let style = ShapeStyle::from(c).stroke_width(2);
    root.draw(&PathElement::new(vec![(x1, y), (x2, y)], style))
        .map_err(err)?;
    for x in [x1, x2] {
        root.draw(&PathElement::new(vec![(x, y - cap), (x, y + cap)], style))
            .map_err(err)?;
    }
    Ok(())
}

/// A vertical whisker with caps (pixels, on `root`).
fn v_whisker(root: &DrawingArea<SVGBackend, Shift>, x: i32, y1: i32, y2: i32, cap: i32) -> Res {
    let style = ShapeStyle::from(&BLACK).stroke_width(2);
    root.draw(&PathElement::new(vec![(x, y1), (x, y2)], style))
        .map_err(err)?;
    for y in [y1, y2] {
        root.draw(&PathElement::new(vec![(x - cap, y), (x + cap, y)], style))
            .map_err(err)?;
    }
    Ok(())
}

/// How many rows a legend of `labels` needs in `width` pixels.
fn legend_rows<'a>(labels: impl Iterator<Item = &'a str>, width: u32) -> u32 {
    let mut rows = 1;
    let mut x = 0;
    for label in labels {
        let w = text_width(label) + 44;
        if x > 0 && x + w > width {
            rows += 1;
            x = 0;
        }
        x += w;
    }
    rows
}

/// A legend in rows above the plot, from (`x0`, `y0`) in pixels: a colour
/// swatch (a square for bars, a line for series) and the label.
fn draw_legend<'a>(
    root: &DrawingArea<SVGBackend, Shift>,
    labels: impl Iterator<Item = &'a str>,
    x0: i32,
    y0: i32,
    width: u32,
    square: bool,
) -> Res {
    let (mut x, mut y) = (x0, y0);
    for (i, label) in labels.enumerate() {
        let w = (text_width(label) + 44) as i32;
        if x > x0 && x + w > x0 + width as i32 {
            x = x0;
            y += 22;
        }
        let c = color(i);
        if square {
            root.draw(&Rectangle::new([(x, y + 3), (x + 14, y + 17)], c.filled()))
                .map_err(err)?;
        } else {
            root.draw(&Rectangle::new([(x, y + 8), (x + 22, y + 12)], c.filled()))
                .map_err(err)?;
        }
        root.draw(&Text::new(
            label.to_string(),
            (x + if square { 20 } else { 28 }, y + 2),
            TextStyle::from((FONT, TICK).into_font()).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(err)?;
        x += w;
    }
    Ok(())
}

/// A chart with one labelled row per entry of `rows` (top to bottom in
/// their order) over `x` on the value axis named `axis`: the frame that
/// [`dot_whisker`] and [`bars_by_row`] draw their marks on.
fn row_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    rows: &[(String, Interval)],
    (lo, hi): (f64, f64),
    axis: &str,
    lang: Lang,
) -> Result<RowChart<'a, 'b>, ReportError> {
    let n = rows.len().max(1);
    let label_w = rows.iter().map(|(l, _)| text_width(l)).max().unwrap_or(40) + 20;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .margin_right(40)
        .x_label_area_size(56)
        .y_label_area_size(label_w)
        .build_cartesian_2d(lo..hi, (0..n as i32 - 1).into_segmented())
        .map_err(err)?;
    let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(8)
        .y_labels(n)
        .x_desc(axis)
        .x_label_formatter(&|v| tick_number(*v, hi - lo, lang))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels
                .get(n - 1 - *i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .label_style((FONT, TICK))
        .axis_desc_style((FONT, DESC))
        .max_light_lines(1)
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// The chart [`row_chart`] returns.
type RowChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>,
    >,
>;

/// One row per scenario: a dot at the mean and a whisker for its 95%
/// interval, and a grey line at the reference (the first row). `factor`
/// scales values (100 for shares shown as percent); `axis` names the
/// quantity and unit.
pub fn dot_whisker(
    id: &str,
    title: &str,
    rows: &[(String, Interval)],
    factor: f64,
    axis: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let n = rows.len().max(1);
    let (width, height) = (WIDE, 90 + 46 * n as u32);
    let (lo, hi) = padded_range(
        rows.iter().flat_map(|(_, iv)| iv_values(iv, factor)),
        0.15,
        false,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = row_chart(&root, rows, (lo, hi), axis, lang)?;
        if let Some((_, reference)) = rows.first() {
            let r = reference.mean * factor;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(r, SegmentValue::Exact(0)), (r, SegmentValue::Last)],
                    ShapeStyle::from(&AXIS_GREY).stroke_width(2),
                )))
                .map_err(err)?;
        }
        for (i, (_, iv)) in rows.iter().enumerate() {
            let y = SegmentValue::CenterOf((n - 1 - i) as i32);
            let [m, l, h] = iv_values(iv, factor);
            let (xm, py) = chart.backend_coord(&(m, y.clone()));
            let mut right = xm + 8;
            if l.is_finite() && h.is_finite() {
                let (xl, _) = chart.backend_coord(&(l, y.clone()));
                let (xh, _) = chart.backend_coord(&(h, y.clone()));
                h_whisker(&root, xl, xh, py, 7)?;
                right = xh.max(xm) + 8;
            }
            root.draw(&Circle::new((xm, py), 6, color(i).filled()))
                .map_err(err)?;
            value_label(&root, &super::i18n::short_number(m, lang), (right, py))?;
        }
    }
    Ok(finish(svg, id, title, &[axis]))
}

/// A value written left-aligned at `at`, beside its dot or bar.
fn value_label(root: &DrawingArea<SVGBackend, Shift>, text: &str, at: (i32, i32)) -> Res {
    root.draw(&Text::new(
        text.to_string(),
        at,
        TextStyle::from((FONT, TICK).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(err)
}

/// One horizontal bar per row (a wijk of a sweep over regions): from 0 to
/// the mean, a whisker for its 95% interval and the mean written beside
/// it, rows top to bottom in the order given. Rows are thin, so a
/// gemeente's fifty wijken fit one chart. `factor` scales values (100 for
/// shares shown as percent); `axis` names the quantity and unit.
pub fn bars_by_row(
    id: &str,
    title: &str,
    rows: &[(String, Interval)],
    factor: f64,
    axis: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let n = rows.len().max(1);
    let (width, height) = (WIDE, 90 + 26 * n as u32);
    let (lo, hi) = padded_range(
        rows.iter().flat_map(|(_, iv)| iv_values(iv, factor)),
        0.12,
        true,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let chart = row_chart(&root, rows, (lo, hi), axis, lang)?;
        for (i, (_, iv)) in rows.iter().enumerate() {
            let y = SegmentValue::CenterOf((n - 1 - i) as i32);
            let [m, l, h] = iv_values(iv, factor);
            let (x0, py) = chart.backend_coord(&(0.0, y.clone()));
            let (xm, _) = chart.backend_coord(&(m, y.clone()));
            root.draw(&Rectangle::new(
                [(x0.min(xm), py - 8), (x0.max(xm), py + 8)],
                color(0).mix(0.75).filled(),
            ))
            .map_err(err)?;
            let mut right = xm.max(x0) + 8;
            if l.is_finite() && h.is_finite() {
                let (xl, _) = chart.backend_coord(&(l, y.clone()));
                let (xh, _) = chart.backend_coord(&(h, y.clone()));
                h_whisker(&root, xl, xh, py, 5)?;
                right = right.max(xh + 8);
            }
            value_label(&root, &super::i18n::short_number(m, lang), (right, py))?;
        }
    }
    Ok(finish(svg, id, title, &[axis]))
}

/// One monthly series per scenario: its mean as a line and its 95%
/// interval as a shaded band. `series[i]` is `(label, [(month, mean, low,
/// high)])`.
pub fn time_series(
    id: &str,
    title: &str,
    series: &[Series],
    factor: f64,
    x_axis: &str,
    y_axis: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let width = WIDE;
    let legend_rows = legend_rows(series.iter().map(|(l, _)| l.as_str()), width - 140);
    let height = 420 + 22 * legend_rows;
    let (x0, x1) = {
        let months = series.iter().flat_map(|(_, v)| v.iter().map(|p| p.0));
        let (a, b) = months.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), m| {
            (a.min(m), b.max(m))
        });
        if a.is_finite() && b > a {
            (a, b)
        } else {
            (0.0, 1.0)
        }
    };
    let (lo, hi) = padded_range(
        series
            .iter()
            .flat_map(|(_, v)| v.iter().flat_map(|p| [p.1, p.2, p.3]))
            .map(|v| v * factor),
        0.08,
        false,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw_legend(
            &root,
            series.iter().map(|(l, _)| l.as_str()),
            104,
            10,
            width - 140,
            false,
        )?;
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .margin_top(20 + 22 * legend_rows)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(11)
            .y_labels(8)
            .x_desc(x_axis)
            .y_desc(y_axis)
            .x_label_formatter(&|v| tick_number(*v, x1 - x0, lang))
            .y_label_formatter(&|v| tick_number(*v, hi - lo, lang))
            .label_style((FONT, TICK))
            .axis_desc_style((FONT, DESC))
            .max_light_lines(1)
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        for (i, (_, points)) in series.iter().enumerate() {
            let c = color(i);
            let band: Vec<(f64, f64)> = points
                .iter()
                .map(|p| (p.0, p.2 * factor))
                .chain(points.iter().rev().map(|p| (p.0, p.3 * factor)))
                .filter(|p| p.1.is_finite())
                .collect();
            if band.len() > 2 {
                chart
                    .draw_series(std::iter::once(Polygon::new(band, c.mix(0.14).filled())))
                    .map_err(err)?;
            }
        }
        for (i, (label, points)) in series.iter().enumerate() {
            let c = color(i);
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.0, p.1 * factor)),
                    ShapeStyle::from(&c).stroke_width(2),
                ))
                .map_err(err)?;
            let _ = label;
        }
    }
    Ok(finish(svg, id, title, &[x_axis, y_axis]))
}

/// Grouped bars: one group per category (e.g. payer), one bar per series
/// (scenario) with a whisker for its 95% interval. `values[g][s]`.
#[allow(clippy::too_many_arguments)]
pub fn grouped_bars(
    id: &str,
    title: &str,
    groups: &[String],
    series: &[String],
    values: &[Vec<Interval>],
    scale: f64,
    y_axis: &str,
    lang: Lang,
) -> Result<String, ReportError> {
    let width = WIDE;
    let legend_rows = legend_rows(series.iter().map(|s| s.as_str()), width - 140);
    let height = 450 + 22 * legend_rows;
    let g = groups.len().max(1);
    let (lo, hi) = padded_range(
        values
            .iter()
            .flatten()
            .flat_map(|iv| iv_values(iv, 1.0 / scale)),
        0.08,
        true,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw_legend(
            &root,
            series.iter().map(|s| s.as_str()),
            104,
            10,
            width - 140,
            true,
        )?;
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .margin_top(20 + 22 * legend_rows)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(90)
            .build_cartesian_2d((0..g as i32 - 1).into_segmented(), lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(g)
            .y_labels(8)
            .x_desc("")
            .y_desc(y_axis)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => groups.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&|v| tick_number(*v, hi - lo, lang))
            .label_style((FONT, TICK))
            .axis_desc_style((FONT, DESC))
            .max_light_lines(1)
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        let s = series.len().max(1);
        for (gi, row) in values.iter().enumerate() {
            let (left, _) = chart.backend_coord(&(SegmentValue::Exact(gi as i32), 0.0));
            let (right, _) = chart.backend_coord(&(SegmentValue::Exact(gi as i32 + 1), 0.0));
            let inner = (right - left) as f64 * 0.8;
            let bar = inner / s as f64;
            let start = left as f64 + (right - left) as f64 * 0.1;
            for (si, iv) in row.iter().enumerate() {
                let [m, l, h] = iv_values(iv, 1.0 / scale);
                let xa = (start + bar * si as f64 + 1.0) as i32;
                let xb = (start + bar * (si + 1) as f64 - 1.0) as i32;
                let (_, y0) = chart.backend_coord(&(SegmentValue::Exact(0), 0.0));
                let (_, ym) = chart.backend_coord(&(SegmentValue::Exact(0), m));
                root.draw(&Rectangle::new(
                    [(xa, ym.min(y0)), (xb, ym.max(y0))],
                    color(si).filled(),
                ))
                .map_err(err)?;
                if l.is_finite() && h.is_finite() {
                    let (_, yl) = chart.backend_coord(&(SegmentValue::Exact(0), l));
                    let (_, yh) = chart.backend_coord(&(SegmentValue::Exact(0), h));
                    v_whisker(&root, (xa + xb) / 2, yl, yh, ((xb - xa) / 4).clamp(2, 8))?;
                }
            }
        }
    }
    Ok(finish(svg, id, title, &[y_axis]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_svg_with_text_and_an_id() {
        let iv = Interval {
            mean: 5.0,
            low: 4.5,
            high: 5.5,
            n: 4,
        };
        let svg = dot_whisker(
            "t",
            "T",
            &[("a".into(), iv), ("b".into(), iv)],
            1.0,
            "x (days)",
            Lang::Nl,
        )
        .unwrap();
        assert!(svg.starts_with("<svg data-chart=\"t\""), "{}", &svg[..80]);
        assert!(svg.contains("<text"));
        assert!(svg.contains("sans-serif"));
    }
}
