//! Where a sweep over regions may appear: a list of region codes (or
//! `"all-wijken"`) is the one sweep axis that is not numbers, so it is
//! judged apart from the numeric axes of [`super::sweep_check`]. It is
//! valid only for the key [`REGION_PARAMETER`], only in a grid, and only
//! in a scenario with `[population.cbs]` (whose files say what the codes
//! are); and that key takes nothing but regions.
//!
//! The codes themselves are judged against the CBS file when the sweep is
//! planned (`experiment::sweep`), not here: validation reads no files.

use super::key::KeyPath;
use super::path::parse_path;
use super::schema::{RegionAxis, Scenario, SweepAxis, SweepMethod, ALL_WIJKEN};
use super::violation::Violation;

/// The one parameter a sweep over regions sets.
pub const REGION_PARAMETER: &str = "population.cbs.region";

/// [`REGION_PARAMETER`] as a key path.
pub fn region_key() -> KeyPath {
    KeyPath::of(&["population", "cbs", "region"])
}

/// One key of `[sweep.parameters]`: as written, as a key path for
/// messages, and the sweep's method.
pub(super) struct RegionKey<'a> {
    /// The path as written in the file.
    pub(super) text: &'a str,
    /// `sweep.parameters."<text>"`.
    pub(super) key: &'a KeyPath,
    /// Grid or Latin hypercube.
    pub(super) method: SweepMethod,
}

/// Judges a key that is about regions: `None` if neither the key names
/// [`REGION_PARAMETER`] nor its axis lists regions (the numeric checks
/// judge it), else `Some` of its number of grid points (1 where it is at
/// fault or unknown until the file is read), after pushing what is wrong.
pub(super) fn check_region_axis(
    base: &Scenario,
    at: &RegionKey,
    axis: &SweepAxis,
    seen: &[(KeyPath, &str)],
    out: &mut Vec<Violation>,
) -> Option<u64> {
    let is_region_path = parse_path(at.text).is_ok_and(|p| p == region_key());
    let mut push = |key: KeyPath, related: Vec<KeyPath>, problem: String| {
        out.push(Violation {
            key,
            related,
            problem,
        })
    };
    let key = at.key.clone();
    let regions = match axis {
        SweepAxis::Regions(regions) => regions,
        _ if is_region_path => {
            push(
                key,
                Vec::new(),
                format!(
                    "takes region codes, not numbers: list them in quotes, e.g. \
                     [\"WK036300\", \"WK036302\"], or write \"{ALL_WIJKEN}\" for every wijk of \
                     the [population.cbs] file"
                ),
            );
            return Some(1);
        }
        _ => return None,
    };
    let what = match regions {
        RegionAxis::Codes(_) => "lists region codes",
        RegionAxis::AllWijken => "is \"all-wijken\"",
    };
    if !is_region_path {
        push(
            key,
            Vec::new(),
            format!(
                "{what}, which only `{REGION_PARAMETER}` takes: a sweep over regions is written \
                 `\"{REGION_PARAMETER}\" = [\"WK036300\", \"WK036302\"]`; a parameter's values \
                 are numbers, e.g. [0.2, 0.4]"
            ),
        );
        return Some(1);
    }
    if let Some((_, first)) = seen.iter().find(|(p, _)| *p == region_key()) {
        push(
            key,
            Vec::new(),
            format!("names the same parameter as `{first}`; sweep each parameter once"),
        );
        return Some(1);
    }
    if at.method != SweepMethod::Grid {
        push(
            key,
            vec![KeyPath::of(&["sweep", "method"])],
            format!(
                "{what}, which is for method = \"grid\" (one point per region): a Latin \
                 hypercube samples ranges of numbers; set method = \"grid\""
            ),
        );
        return Some(1);
    }
    if base.population.cbs.is_none() {
        push(
            key,
            Vec::new(),
            "sweeps the region of [population.cbs], which this scenario does not have: add \
             [population.cbs] with `kerncijfers`, `ages` and a `region` to start from, or \
             extend a scenario that has it (e.g. scenarios/wijken/amsterdam-wk036390.toml)"
                .to_string(),
        );
        return Some(1);
    }
    match regions {
        RegionAxis::AllWijken => Some(1),
        RegionAxis::Codes(codes) => Some(check_codes(codes, at.key, &mut push)),
    }
}

/// A list of codes: at least one, none empty, none twice (codes compare
/// trimmed and in any case, as the file is searched). Returns the number
/// of points it gives (1 when it has none).
fn check_codes(
    codes: &[String],
    key: &KeyPath,
    push: &mut impl FnMut(KeyPath, Vec<KeyPath>, String),
) -> u64 {
    if codes.is_empty() {
        push(
            key.clone(),
            Vec::new(),
            format!(
                "has no region codes: list at least one, e.g. [\"WK036300\"], or write \
                 \"{ALL_WIJKEN}\""
            ),
        );
        return 1;
    }
    for (i, code) in codes.iter().enumerate() {
        let same = |other: &String| other.trim().eq_ignore_ascii_case(code.trim());
        if code.trim().is_empty() {
            push(
                key.index(i),
                Vec::new(),
                "is empty: a region code is a gemeente (GM…), wijk (WK…) or buurt (BU…) code; \
                 `buurtsim wijken FILE` lists them"
                    .to_string(),
            );
        } else if codes[..i].iter().any(same) {
            push(
                key.index(i),
                Vec::new(),
                format!("= {code:?} is listed twice; each region gives one point"),
            );
        }
    }
    codes.len() as u64
}

#[cfg(test)]
mod tests {
    use super::super::schema::{CbsRegion, Sweep};
    use super::super::validation::validate;
    use super::*;

    /// `"population.cbs.region" = <value>` read the way a scenario file is.
    fn axis(value: &str) -> Result<SweepAxis, String> {
        let text = format!("[sweep.parameters]\n\"{REGION_PARAMETER}\" = {value}\n");
        toml::from_str::<Scenario>(&text)
            .map(|s| s.sweep.unwrap().parameters[REGION_PARAMETER].clone())
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn region_codes_and_all_wijken_deserialise_and_round_trip() {
        let codes = axis("[\"WK036300\", \"WK036302\"]").unwrap();
        assert_eq!(
            codes,
            SweepAxis::Regions(RegionAxis::Codes(vec![
                "WK036300".into(),
                "WK036302".into()
            ]))
        );
        assert_eq!(
            axis("\"all-wijken\"").unwrap(),
            SweepAxis::Regions(RegionAxis::AllWijken)
        );
        // Numbers, whole numbers included, stay values; empty is no values.
        assert_eq!(axis("[0.5, 2]").unwrap(), SweepAxis::Values(vec![0.5, 2.0]));
        assert_eq!(axis("[]").unwrap(), SweepAxis::Values(Vec::new()));
        for written in [codes, SweepAxis::Regions(RegionAxis::AllWijken)] {
            let mut s = Scenario::default();
            let mut sweep = Sweep::default();
            sweep
                .parameters
                .insert(REGION_PARAMETER.into(), written.clone());
            s.sweep = Some(sweep);
            let text = toml::to_string(&s).unwrap();
            let back: Scenario = toml::from_str(&text).unwrap();
            assert_eq!(back, s, "{text}");
        }
    }

    #[test]
    fn a_mixed_list_and_another_word_are_refused() {
        let e = axis("[\"WK036300\", 0.4]").unwrap_err();
        assert!(e.contains("the list mixes numbers and text"), "{e}");
        let e = axis("\"all-buurten\"").unwrap_err();
        assert!(
            e.starts_with("\"all-buurten\" is not a sweep axis: the only word"),
            "{e}"
        );
        let e = axis("[true]").unwrap_err();
        assert!(e.contains("a number, or a region code in quotes"), "{e}");
    }

    fn with_axis(path: &str, axis: SweepAxis, method: SweepMethod, cbs: bool) -> Vec<String> {
        let mut s = Scenario::default();
        if cbs {
            s.population.cbs = Some(CbsRegion {
                kerncijfers: "kwb.csv".into(),
                ages: "ages.csv".into(),
                region: "WK036390".into(),
            });
        }
        let mut sweep = Sweep {
            method,
            points: (method == SweepMethod::Lhs).then_some(3),
            ..Sweep::default()
        };
        sweep.parameters.insert(path.into(), axis);
        s.sweep = Some(sweep);
        match validate(&s) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn regions_only_for_the_region_key_in_a_grid_with_population_cbs() {
        let codes = |c: &[&str]| {
            SweepAxis::Regions(RegionAxis::Codes(c.iter().map(|s| s.to_string()).collect()))
        };
        let grid = SweepMethod::Grid;
        let two = codes(&["WK036300", "WK036302"]);
        assert!(with_axis(REGION_PARAMETER, two.clone(), grid, true).is_empty());
        let all = SweepAxis::Regions(RegionAxis::AllWijken);
        assert!(with_axis(REGION_PARAMETER, all.clone(), grid, true).is_empty());

        let one = |got: Vec<String>| {
            assert_eq!(got.len(), 1, "{got:#?}");
            got[0].clone()
        };
        let e = one(with_axis("gp.fte", two.clone(), grid, true));
        assert!(
            e.starts_with("`sweep.parameters.\"gp.fte\"` lists region codes, which only"),
            "{e}"
        );
        let numbers = SweepAxis::Values(vec![1.0, 2.0]);
        let e = one(with_axis(REGION_PARAMETER, numbers, grid, true));
        assert!(e.contains("takes region codes, not numbers"), "{e}");
        let e = one(with_axis(REGION_PARAMETER, all, SweepMethod::Lhs, true));
        assert!(
            e.contains("is \"all-wijken\", which is for method = \"grid\""),
            "{e}"
        );
        let e = one(with_axis(REGION_PARAMETER, two, grid, false));
        assert!(e.contains("which this scenario does not have"), "{e}");
        let got = with_axis(
            REGION_PARAMETER,
            codes(&["WK036300", " wk036300", ""]),
            grid,
            true,
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got[0].contains("[1]` = \" wk036300\" is listed twice"),
            "{got:#?}"
        );
        assert!(got[1].contains("[2]` is empty"), "{got:#?}");
        let e = one(with_axis(REGION_PARAMETER, codes(&[]), grid, true));
        assert!(e.contains("has no region codes"), "{e}");
    }
}
