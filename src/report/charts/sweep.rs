//! A metric against a swept parameter: lines with bands for a grid,
//! scatter points with whiskers for a Latin hypercube.
//!
//! A Latin hypercube's points differ in every parameter at once, so
//! joining them along one parameter drew zigzag "response curves" that
//! are not there (issue 19): they are drawn as points, with an optional
//! least-squares line that its legend names as a fit.

use super::{
    color, draw_legend, err, finish, iv_values, legend_rows, padded_range, v_whisker, FONT, TICK,
};
use crate::report::error::ReportError;
use crate::report::i18n::{tick_number, Lang};
use crate::stats::Interval;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// How the points of a sweep chart are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepStyle<'a> {
    /// A grid: one line with a band per value of the other parameters.
    Lines,
    /// A Latin hypercube: points with whiskers, and a least-squares line
    /// through the means labelled `fit` when given.
    Scatter {
        /// The fitted line's legend text.
        fit: Option<&'a str>,
    },
}

/// Slope and intercept of the least-squares line through `points`, when
/// there are two distinct x values.
pub fn fit_line(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let pts: Vec<&(f64, f64)> = points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let n = pts.len() as f64;
    if pts.len() < 3 {
        return None;
    }
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| (sxy / sxx, my - sxy / sxx * mx))
}

/// The fitted line of a [`SweepStyle::Scatter`] with a label: its legend
/// text and `(slope, intercept)` through the displayed means.
fn fit_of<'a>(
    lines: &[(String, Vec<(f64, Interval)>)],
    factor: f64,
    style: SweepStyle<'a>,
) -> Option<(&'a str, (f64, f64))> {
    let SweepStyle::Scatter { fit: Some(label) } = style else {
        return None;
    };
    let means: Vec<(f64, f64)> = lines
        .iter()
        .flat_map(|(_, v)| v.iter().map(|p| (p.0, p.1.mean * factor)))
        .collect();
    fit_line(&means).map(|f| (label, f))
}

/// The fitted line across the x range, dashed in the first colour: a
/// fit, not data.
fn draw_fit<DB: DrawingBackend>(
    chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    (slope, intercept): (f64, f64),
    (x0, x1): (f64, f64),
) -> Result<(), ReportError> {
    let ends = [x0, x1].map(|x| (x, intercept + slope * x));
    chart
        .draw_series(DashedLineSeries::new(
            ends,
            8,
            5,
            ShapeStyle::from(&color(0)).stroke_width(2),
        ))
        .map_err(err)?;
    Ok(())
}

/// A metric against a swept parameter: one line (with a band) per value of
/// the other parameters for [`SweepStyle::Lines`], points with whiskers
/// for [`SweepStyle::Scatter`]. `lines[k]` is `(label, [(x, interval)])`,
/// x sorted.
#[allow(clippy::too_many_arguments)]
pub fn sweep_chart(
    id: &str,
    title: &str,
    lines: &[(String, Vec<(f64, Interval)>)],
    factor: f64,
    x_axis: &str,
    y_axis: &str,
    style: SweepStyle,
    lang: Lang,
) -> Result<String, ReportError> {
    let width = 620u32;
    let as_lines = style == SweepStyle::Lines && lines.iter().all(|(_, v)| v.len() >= 2);
    let fit = fit_of(lines, factor, style);
    let labels = || {
        lines
            .iter()
            .map(|(l, _)| l.as_str())
            .filter(|l| !l.is_empty())
    };
    let legend_rows = if as_lines && labels().next().is_some() {
        legend_rows(labels(), width - 110)
    } else if fit.is_some() {
        1
    } else {
        0
    };
    let height = 370 + 22 * legend_rows;
    let (x0, x1) = padded_range(
        lines.iter().flat_map(|(_, v)| v.iter().map(|p| p.0)),
        0.05,
        false,
    );
    let (lo, hi) = padded_range(
        lines
            .iter()
            .flat_map(|(_, v)| v.iter().flat_map(|p| iv_values(&p.1, factor))),
        0.1,
        false,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        if let Some((label, _)) = fit {
            draw_legend(&root, std::iter::once(label), 96, 8, width - 110, false)?;
        } else if legend_rows > 0 {
            draw_legend(&root, labels(), 96, 8, width - 110, false)?;
        }
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_top(16 + 22 * legend_rows)
            .margin_right(24)
            .x_label_area_size(54)
            .y_label_area_size(86)
            .build_cartesian_2d(x0..x1, lo..hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(7)
            .x_desc(x_axis)
            .y_desc(y_axis)
            .x_label_formatter(&|v| tick_number(*v, x1 - x0, lang))
            .y_label_formatter(&|v| tick_number(*v, hi - lo, lang))
            .label_style((FONT, TICK))
            .axis_desc_style((FONT, 16))
            .max_light_lines(1)
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        for (k, (label, points)) in lines.iter().enumerate() {
            let c = color(k);
            if as_lines {
                let band: Vec<(f64, f64)> = points
                    .iter()
                    .map(|p| (p.0, p.1.low * factor))
                    .chain(points.iter().rev().map(|p| (p.0, p.1.high * factor)))
                    .filter(|p| p.1.is_finite())
                    .collect();
                if band.len() > 2 {
                    chart
                        .draw_series(std::iter::once(Polygon::new(band, c.mix(0.14).filled())))
                        .map_err(err)?;
                }
                let _ = label;
                chart
                    .draw_series(LineSeries::new(
                        points.iter().map(|p| (p.0, p.1.mean * factor)),
                        ShapeStyle::from(&c).stroke_width(2),
                    ))
                    .map_err(err)?;
            }
            for (x, iv) in points {
                // One colour for a Latin hypercube's points: they are one set.
                let [m, l, h] = iv_values(iv, factor);
                let (px, pm) = chart.backend_coord(&(*x, m));
                if !as_lines && l.is_finite() && h.is_finite() {
                    let (_, pl) = chart.backend_coord(&(*x, l));
                    let (_, ph) = chart.backend_coord(&(*x, h));
                    v_whisker(&root, px, pl, ph, 5)?;
                }
                root.draw(&Circle::new((px, pm), 4, c.filled()))
                    .map_err(err)?;
            }
        }
        if let Some((_, line)) = fit {
            draw_fit(&mut chart, line, (x0, x1))?;
        }
    }
    Ok(finish(svg, id, title, &[x_axis, y_axis]))
}
