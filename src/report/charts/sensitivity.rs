//! A sensitivity analysis's indices for one metric: per parameter two
//! horizontal bars (the headline index, ST or μ*, and the second one, S1
//! or σ) with their 95% intervals as whiskers, sorted as given, with the
//! noise floor as a shaded band and a dashed line.
//!
//! Parameters within the floor are drawn grey and say so in words, so a
//! bar that is only simulation noise does not read as an effect; the
//! dummy comes last, set apart by a thin line. Long parameter paths are
//! shortened by the caller; the full path is written into the chart as an
//! SVG `<title>`, which browsers show on hover.

use super::{
    color, err, finish, h_whisker_in, padded_range, text_width, Res, AXIS_GREY, FONT, TICK, WIDE,
};
use crate::report::error::ReportError;
use crate::report::escape::escape;
use crate::report::i18n::{short_number, tick_number, Lang};
use crate::sensitivity::Estimate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Grey of a bar within the floor.
const MUTED: RGBColor = RGBColor(185, 185, 185);
/// Grey of a second bar within the floor.
const MUTED_LIGHT: RGBColor = RGBColor(218, 218, 218);
/// Text and whiskers of a row within the floor.
const MUTED_TEXT: RGBColor = RGBColor(125, 125, 125);
/// The floor's band.
const FLOOR_BAND: RGBColor = RGBColor(236, 236, 236);
/// Height of one parameter's row, in pixels.
const ROW_H: u32 = 48;
/// Room above the plot: the legend row and the floor's label.
const TOP: u32 = 62;

/// One parameter's row.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// The label drawn (a path shortened in the middle).
    pub label: String,
    /// The full path, written as the label's `<title>` when it differs.
    pub full: String,
    /// The headline index (ST or μ*), in the axis's units.
    pub primary: Estimate,
    /// The second index (S1 or σ), in the axis's units.
    pub secondary: Estimate,
    /// Not above the noise floor: drawn grey with `IndexChart::noise`.
    pub within_floor: bool,
    /// The dummy parameter: drawn last, set apart, without the noise words.
    pub dummy: bool,
}

/// The words and the floor of a chart.
#[derive(Debug, Clone, Copy)]
pub struct IndexChart<'a> {
    /// Legend of the headline and the second index.
    pub legend: [&'a str; 2],
    /// The headline index's noise floor, in the axis's units.
    pub floor: f64,
    /// The floor line's label (its value is appended).
    pub floor_label: &'a str,
    /// Written beside a row within the floor.
    pub noise: &'a str,
    /// The value axis's description.
    pub axis: &'a str,
}

/// The chart of `rows` (top to bottom in their order) as an SVG string.
pub fn index_bars(
    id: &str,
    title: &str,
    rows: &[IndexRow],
    words: &IndexChart,
    lang: Lang,
) -> Result<String, ReportError> {
    let n = rows.len().max(1);
    let height = TOP + ROW_H * n as u32 + 70;
    let values = rows.iter().flat_map(|r| {
        [r.primary, r.secondary]
            .into_iter()
            .flat_map(|e| [e.value, e.ci_low, e.ci_high])
    });
    let (lo, hi) = padded_range(values.chain([words.floor]), 0.05, true);
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label))
        .max()
        .unwrap_or(40)
        + 24;
    // Room right of the longest bar for its value and the noise words.
    let longest = rows
        .iter()
        .map(|r| text_width(&row_text(r, words, lang)))
        .max()
        .unwrap_or(0) as f64;
    let plot_w = (WIDE as f64 - label_w as f64 - 60.0).max(200.0);
    let share = ((longest + 16.0) / plot_w).min(0.6);
    let hi = hi + (hi - lo) * share / (1.0 - share);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDE, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        legend(&root, words, label_w as i32)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(14)
            .margin_top(TOP)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(label_w)
            .build_cartesian_2d(lo..hi, 0.0..n as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(1)
            .y_label_formatter(&|_| String::new())
            .x_labels(8)
            .x_desc(words.axis)
            .x_label_formatter(&|v| tick_number(*v, hi - lo, lang))
            .label_style((FONT, TICK))
            .axis_desc_style((FONT, 18))
            .max_light_lines(1)
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        let at = |x: f64, y: f64| chart.backend_coord(&(x, y));
        floor_marks(&root, &at, words, (lo, n), lang)?;
        for (i, row) in rows.iter().enumerate() {
            let y = (n - i) as f64 - 0.5;
            draw_row(&root, &at, row, (y, lo), words, lang)?;
            if row.dummy && i > 0 {
                let (x0, ys) = at(lo, y + 0.5);
                let (x1, _) = at(hi, y + 0.5);
                root.draw(&PathElement::new(
                    vec![(x0, ys), (x1, ys)],
                    ShapeStyle::from(&AXIS_GREY).stroke_width(1),
                ))
                .map_err(err)?;
            }
        }
    }
    Ok(with_titles(finish(svg, id, title, &[words.axis]), rows))
}

/// What is written beside a row: its headline value, and for a real
/// parameter within the floor the noise words.
fn row_text(row: &IndexRow, words: &IndexChart, lang: Lang) -> String {
    let value = short_number(row.primary.value, lang);
    if row.within_floor && !row.dummy {
        format!("{value} · {}", words.noise)
    } else {
        value
    }
}

/// The width of the white ground under `text`: narrower than
/// [`text_width`], which errs wide so nothing is cut off, because a
/// ground wider than its words shows as a white strip on the floor band.
fn ground_width(text: &str) -> i32 {
    (text.chars().count() as f64 * 6.0).ceil() as i32 + 4
}

/// The legend above the plot: a swatch per index and the floor's dash.
fn legend(root: &DrawingArea<SVGBackend, Shift>, words: &IndexChart, x0: i32) -> Res {
    let style = TextStyle::from((FONT, TICK).into_font()).pos(Pos::new(HPos::Left, VPos::Top));
    let mut x = x0;
    for (k, label) in words.legend.iter().enumerate() {
        let c = if k == 0 { color(0) } else { color(4) };
        root.draw(&Rectangle::new([(x, 11), (x + 14, 25)], c.filled()))
            .map_err(err)?;
        root.draw(&Text::new(label.to_string(), (x + 20, 10), style.clone()))
            .map_err(err)?;
        x += text_width(label) as i32 + 48;
    }
    root.draw(&PathElement::new(
        vec![(x, 18), (x + 6, 18)],
        ShapeStyle::from(&BLACK).stroke_width(2),
    ))
    .map_err(err)?;
    root.draw(&PathElement::new(
        vec![(x + 10, 18), (x + 16, 18)],
        ShapeStyle::from(&BLACK).stroke_width(2),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        words.floor_label.to_string(),
        (x + 22, 10),
        style,
    ))
    .map_err(err)
}

/// The floor: a grey band from −floor to +floor (where the axis reaches)
/// and a dashed line at +floor labelled above the plot.
fn floor_marks(
    root: &DrawingArea<SVGBackend, Shift>,
    at: &dyn Fn(f64, f64) -> (i32, i32),
    words: &IndexChart,
    (lo, n): (f64, usize),
    lang: Lang,
) -> Res {
    let (x0, top) = at(0.0, n as f64);
    let (_, bottom) = at(0.0, 0.0);
    if words.floor > 0.0 && words.floor.is_finite() {
        let (xl, _) = at((-words.floor).max(lo), 0.0);
        let (xf, _) = at(words.floor, 0.0);
        root.draw(&Rectangle::new(
            [(xl, top), (xf, bottom)],
            FLOOR_BAND.mix(0.8).filled(),
        ))
        .map_err(err)?;
        let mut y = top;
        while y < bottom {
            let end = (y + 6).min(bottom);
            root.draw(&PathElement::new(
                vec![(xf, y), (xf, end)],
                ShapeStyle::from(&BLACK).stroke_width(2),
            ))
            .map_err(err)?;
            y += 11;
        }
        root.draw(&Text::new(
            format!("{} {}", words.floor_label, short_number(words.floor, lang)),
            (xf, top - 6),
            TextStyle::from((FONT, TICK).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .map_err(err)?;
    }
    root.draw(&PathElement::new(
        vec![(x0, top), (x0, bottom)],
        ShapeStyle::from(&AXIS_GREY).stroke_width(2),
    ))
    .map_err(err)
}

/// One parameter at row centre `y` on an axis starting at `lo`: its
/// label left of the plot, two bars with whiskers, and its value (and noise words) on the right.
fn draw_row(
    root: &DrawingArea<SVGBackend, Shift>,
    at: &dyn Fn(f64, f64) -> (i32, i32),
    row: &IndexRow,
    (y, lo): (f64, f64),
    words: &IndexChart,
    lang: Lang,
) -> Res {
    let muted = row.within_floor || row.dummy;
    let (x0, py) = at(0.0, y);
    let ink = if muted { MUTED_TEXT } else { BLACK };
    let fills = if muted {
        [MUTED, MUTED_LIGHT]
    } else {
        [color(0), color(4)]
    };
    let mut right = x0;
    for (k, (e, (top, bottom))) in [row.primary, row.secondary]
        .iter()
        .zip([(py - 14, py - 1), (py + 1, py + 12)])
        .enumerate()
    {
        let (xm, _) = at(finite_or_zero(e.value), y);
        root.draw(&Rectangle::new(
            [(x0.min(xm), top), (x0.max(xm).max(x0.min(xm) + 1), bottom)],
            fills[k].filled(),
        ))
        .map_err(err)?;
        right = right.max(xm);
        if e.ci_low.is_finite() && e.ci_high.is_finite() {
            let (xl, _) = at(e.ci_low, y);
            let (xh, _) = at(e.ci_high, y);
            h_whisker_in(root, (xl, xh, (top + bottom) / 2, 4), &ink)?;
            right = right.max(xh);
        }
    }
    // On a white ground, so the floor's dashed line does not run
    // through the words.
    let text = row_text(row, words, lang);
    let (tx, ty) = (right + 8, py - 7);
    root.draw(&Rectangle::new(
        [(tx - 2, ty - 9), (tx + ground_width(&text), ty + 9)],
        WHITE.mix(0.9).filled(),
    ))
    .map_err(err)?;
    let style = TextStyle::from((FONT, TICK).into_font()).color(&ink);
    root.draw(&Text::new(
        text,
        (tx, ty),
        style.pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(err)?;
    let label_style = TextStyle::from((FONT, TICK).into_font())
        .color(&ink)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let (axis_x, _) = at(lo, y);
    root.draw(&Text::new(
        row.label.clone(),
        (axis_x - 10, py),
        label_style,
    ))
    .map_err(err)
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// `svg` with the full path of each shortened label as the `<title>` of
/// its text, so a reader can hover to see it.
fn with_titles(mut svg: String, rows: &[IndexRow]) -> String {
    for row in rows.iter().filter(|r| r.label != r.full) {
        // plotters writes a text's content on a line of its own.
        let label = xml_text(&row.label);
        let found = [format!(">\n{label}\n</text>"), format!(">{label}</text>")]
            .into_iter()
            .find_map(|drawn| svg.find(&drawn));
        if let Some(at) = found {
            let title = format!("<title>{}</title>", escape(&row.full));
            svg.insert_str(at + 1, &title);
        }
    }
    svg
}

/// Text as plotters writes it into the SVG.
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `path` shortened to at most `max` characters by leaving out its
/// leading segments (`….carer_support.burden_gain_multiplier`): the last
/// segments say what the parameter is; the first say where it lives.
pub fn shorten_path(path: &str, max: usize) -> String {
    if path.chars().count() <= max {
        return path.to_string();
    }
    let segments: Vec<&str> = path.split('.').collect();
    let mut tail = String::new();
    for seg in segments.iter().rev() {
        let candidate = if tail.is_empty() {
            seg.to_string()
        } else {
            format!("{seg}.{tail}")
        };
        if candidate.chars().count() + 2 > max && !tail.is_empty() {
            break;
        }
        tail = candidate;
    }
    let chars: Vec<char> = tail.chars().collect();
    if chars.len() + 2 > max {
        // One segment longer than `max`: keep its two ends.
        let half = (max - 1) / 2;
        let head: String = chars[..half].iter().collect();
        let end: String = chars[chars.len() - (max - 1 - half)..].iter().collect();
        return format!("{head}…{end}");
    }
    format!("….{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_their_last_segments() {
        assert_eq!(
            shorten_path("care.comfortable_load", 40),
            "care.comfortable_load"
        );
        assert_eq!(
            shorten_path("interventions.carer_support.burden_gain_multiplier", 40),
            "….carer_support.burden_gain_multiplier"
        );
        let one = shorten_path(&"x".repeat(60), 20);
        assert_eq!(one.chars().count(), 20);
        assert!(one.contains('…'));
    }
}
