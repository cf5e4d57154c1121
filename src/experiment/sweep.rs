//! Sweeps: the points of a scenario's `[sweep]` table, and one
//! [`ScenarioRun`] per point.
//!
//! Two designs:
//!
//! - **grid** ([`grid`]): every combination of the listed values, the
//!   parameters in the order of their paths (sorted), the last one varying
//!   fastest, each parameter's values in the order written;
//! - **Latin hypercube** ([`latin_hypercube`]): `points` points; each
//!   parameter's range is cut into `points` strata of equal width (equal
//!   ratio with `log = true`), every stratum holds exactly one point, and
//!   which point falls in which stratum is a random permutation per
//!   parameter. Within its stratum a point lies at a uniform random
//!   position. The random numbers come from [`crate::engine::rng`] streams
//!   keyed by the design seed and the parameter's path, so a design depends
//!   only on (seed, points, path, range): adding a parameter leaves the
//!   others' columns as they were.
//!
//! A grid may also sweep `population.cbs.region` over region codes or
//! `"all-wijken"` ([`super::regions`]): the regions are read once when the
//! sweep is planned, the region axis is a grid axis whose values are
//! indices into them, and a point's scenario is the base with its region's
//! residents and age structure put in (as loading the scenario puts in the
//! base region's), then its numbers set. Everything a user reads shows the
//! region's code ([`SweptValue`]).
//!
//! Every point runs replications `0..replications` with the same master
//! seed (`run.seed`): replication `r` of every point sees the same random
//! numbers (common random numbers), so differences between points are
//! paired and not noise.
//!
//! This module builds designs and scenarios; it never writes files (see
//! `output::sweep`) and never prints.
//!
//! ```
//! use buurtsim::experiment::sweep::{latin_hypercube, LhsAxis};
//! let axes = [LhsAxis { name: "gp.fte".into(), min: 4.0, max: 6.0, log: false }];
//! let points = latin_hypercube(&axes, 4, 1);
//! let mut strata: Vec<usize> = points.iter().map(|p| ((p[0] - 4.0) / 2.0 * 4.0) as usize).collect();
//! strata.sort();
//! assert_eq!(strata, [0, 1, 2, 3]);
//! ```

use super::regions::SweepRegions;
use super::ScenarioRun;
use crate::engine::rng::{hash_key, Draw, StreamKey};
use crate::scenario::rules::MAX_SWEEP_POINTS;
use crate::scenario::{parse_path, region, set_parameters, PathError, Sweep};
use crate::scenario::{validate, KeyPath, Scenario, SweepAxis, SweepMethod, ValidationError};
use std::fmt;
use std::ops::Range;

/// Process number of the Latin-hypercube streams (a constant far from the
/// model's process numbers; the design's streams never meet the model's,
/// whose keys carry a replication and resident).
const LHS_PROCESS: u64 = 0x4C48_535F_5357_4550; // "LHS_SWEP"

/// Why a sweep cannot be planned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The scenario has no `[sweep]` table.
    #[error(
        "scenario `{scenario}` has no [sweep] table; add one (see docs/scenario-reference.md, \
         [sweep]) or run the scenario once with `buurtsim run`"
    )]
    NoSweep {
        /// The scenario's name.
        scenario: String,
    },
    /// The scenario (with its sweep) is not valid.
    #[error("{0}")]
    Invalid(ValidationError),
    /// A parameter path that does not parse (only for a scenario that was
    /// not validated; validation reports it with its line).
    #[error("{0}")]
    Path(PathError),
    /// A region of a sweep over `population.cbs.region` cannot be read or
    /// run (a listed code not in the file or with too few residents), or
    /// `all-wijken` finds none that can.
    #[error("{0}")]
    Region(String),
    /// A `[sensitivity]` table that cannot be planned (an unknown metric,
    /// a design the method cannot build, a reference that does not fit).
    #[error("{0}")]
    Sensitivity(String),
    /// One point's values together give an invalid scenario (a rule that
    /// involves several keys, which each value alone satisfies).
    #[error("point {point} of the sweep ({assignment}) gives an invalid scenario: {message}")]
    Point {
        /// The point's number (0-based, as in `points.csv`).
        point: usize,
        /// `path = value` for every swept parameter.
        assignment: String,
        /// What is wrong.
        message: String,
    },
}

/// One swept parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepParameter {
    /// The path as a scenario file writes it (`gp.episode_rate_by_age[4]`):
    /// the column name in the output files.
    pub name: String,
    /// The parsed path.
    pub path: KeyPath,
}

/// The range of one Latin-hypercube dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct LhsAxis {
    /// The parameter's path: keys the dimension's random stream.
    pub name: String,
    /// Lower end.
    pub min: f64,
    /// Upper end (above `min`).
    pub max: f64,
    /// Strata of equal ratio instead of equal width (needs `min > 0`).
    pub log: bool,
}

impl LhsAxis {
    /// The value at position `u` in `[0, 1]` of the range.
    pub fn at(&self, u: f64) -> f64 {
        let x = if self.log {
            (self.min.ln() + u * (self.max.ln() - self.min.ln())).exp()
        } else {
            self.min + u * (self.max - self.min)
        };
        x.clamp(self.min, self.max)
    }
}

/// Every combination of `values` (one list per parameter): the first
/// parameter varies slowest, the last fastest; `values[j]` in its order.
pub fn grid(values: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for axis in values {
        points = points
            .iter()
            .flat_map(|prefix| {
                axis.iter().map(move |&x| {
                    let mut point = prefix.clone();
                    point.push(x);
                    point
                })
            })
            .collect();
    }
    if values.is_empty() {
        Vec::new()
    } else {
        points
    }
}

/// A Latin hypercube of `points` points over `axes`, from design seed
/// `seed`: `result[i][j]` is point `i`'s value of axis `j`. Deterministic in
/// (seed, points, each axis); see the module documentation.
pub fn latin_hypercube(axes: &[LhsAxis], points: usize, seed: u64) -> Vec<Vec<f64>> {
    let columns: Vec<Vec<f64>> = axes
        .iter()
        .map(|axis| {
            let words: Vec<u64> = axis.name.bytes().map(u64::from).collect();
            let mut stream = StreamKey {
                master: seed,
                replication: 0,
                entity: hash_key(&words),
                process: LHS_PROCESS,
            }
            .stream();
            // Fisher-Yates: stratum of each point.
            let mut strata: Vec<usize> = (0..points).collect();
            for k in (1..points).rev() {
                let j = ((stream.unit() * (k + 1) as f64) as usize).min(k);
                strata.swap(k, j);
            }
            strata
                .iter()
                .map(|&stratum| axis.at((stratum as f64 + stream.unit()) / points as f64))
                .collect()
        })
        .collect();
    (0..points)
        .map(|i| columns.iter().map(|column| column[i]).collect())
        .collect()
}

/// What a point takes for one parameter, as a user reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SweptValue<'a> {
    /// A number (every parameter but the region).
    Number(f64),
    /// A region's code (`population.cbs.region`).
    Region(&'a str),
}

impl fmt::Display for SweptValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweptValue::Number(x) => write!(f, "{x}"),
            SweptValue::Region(code) => f.write_str(code),
        }
    }
}

/// The points of a sweep, and what they were drawn from.
struct Design {
    /// `points[i][j]`, as [`SweepPlan::points`].
    points: Vec<Vec<f64>>,
    /// The Latin hypercube's seed; `None` for a grid.
    design_seed: Option<u64>,
    /// The regions of a sweep over regions.
    regions: Option<SweepRegions>,
}

/// The points of `sweep` (of `scenario`, whose swept `parameters` these
/// are): a grid's combinations, the region axis as indices into its
/// regions, or a Latin hypercube with its design seed.
fn design(
    scenario: &Scenario,
    sweep: &Sweep,
    parameters: &[SweepParameter],
) -> Result<Design, SweepError> {
    match sweep.method {
        SweepMethod::Grid => {
            let mut regions = None;
            let mut values: Vec<Vec<f64>> = Vec::new();
            for (j, axis) in sweep.parameters.values().enumerate() {
                values.push(match axis {
                    SweepAxis::Values(values) => values.clone(),
                    SweepAxis::Range { .. } => Vec::new(),
                    SweepAxis::Regions(axis) => {
                        let Some(source) = &scenario.population.cbs else {
                            return Err(SweepError::Region(
                                "a sweep over regions needs [population.cbs]".to_string(),
                            ));
                        };
                        let read =
                            SweepRegions::read(source, axis, j).map_err(SweepError::Region)?;
                        let n = read.regions.len();
                        regions = Some(read);
                        (0..n).map(|k| k as f64).collect()
                    }
                });
            }
            let combinations = values
                .iter()
                .fold(1u64, |n, v| n.saturating_mul(v.len() as u64));
            if regions.is_some() && combinations > MAX_SWEEP_POINTS as u64 {
                return Err(SweepError::Region(format!(
                    "the sweep over regions gives {combinations} points; a sweep may have at most {MAX_SWEEP_POINTS}"
                )));
            }
            Ok(Design {
                points: grid(&values),
                design_seed: None,
                regions,
            })
        }
        SweepMethod::Lhs => {
            let axes: Vec<LhsAxis> = parameters
                .iter()
                .zip(sweep.parameters.values())
                .map(|(p, axis)| match *axis {
                    SweepAxis::Range { min, max, log } => LhsAxis {
                        name: p.name.clone(),
                        min,
                        max,
                        log,
                    },
                    SweepAxis::Values(_) | SweepAxis::Regions(_) => LhsAxis {
                        name: p.name.clone(),
                        min: f64::NAN,
                        max: f64::NAN,
                        log: false,
                    },
                })
                .collect();
            let seed = sweep.seed.unwrap_or(scenario.run.seed);
            let n = sweep.points.unwrap_or(0) as usize;
            Ok(Design {
                points: latin_hypercube(&axes, n, seed),
                design_seed: Some(seed),
                regions: None,
            })
        }
    }
}

/// A planned sweep: the parameters, the points, and how to run them.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPlan {
    /// Grid or Latin hypercube.
    pub method: SweepMethod,
    /// The swept parameters, sorted by path: the columns of the points.
    pub parameters: Vec<SweepParameter>,
    /// `points[i][j]`: point `i`'s value of parameter `j`; in the region
    /// column of a sweep over regions, the index of the region in
    /// [`SweepRegions::regions`] (read it with [`SweepPlan::value`]).
    pub points: Vec<Vec<f64>>,
    /// A sweep over `population.cbs.region`: its regions, read once.
    pub regions: Option<SweepRegions>,
    /// Replications per point (indices `0..replications` at every point).
    pub replications: u32,
    /// Master seed of the simulations, equal at every point (`run.seed`).
    pub seed: u64,
    /// Seed of the Latin-hypercube sample (`sweep.seed`, default `run.seed`);
    /// `None` for a grid.
    pub design_seed: Option<u64>,
    /// The scenario without its sweep, `run.replications` set to `replications`.
    pub(super) base: Scenario,
    /// A sensitivity analysis's design ([`SweepPlan::sensitivity`]): which
    /// row, pass and scenario each point runs. `None` for a `[sweep]`.
    pub(super) design: Option<Box<super::sensitivity_design::SensitivityDesign>>,
}

impl SweepPlan {
    /// Plans the sweep of `scenario`: validates it, builds the design, and
    /// checks that every point gives a valid scenario.
    pub fn new(scenario: &Scenario) -> Result<Self, SweepError> {
        let Some(sweep) = &scenario.sweep else {
            return Err(SweepError::NoSweep {
                scenario: scenario.name.clone(),
            });
        };
        validate(scenario).map_err(SweepError::Invalid)?;
        let replications = sweep.replications.unwrap_or(scenario.run.replications);
        let mut base = Scenario {
            sweep: None,
            ..scenario.clone()
        };
        base.run.replications = replications;

        let mut parameters = Vec::new();
        for text in sweep.parameters.keys() {
            let path = parse_path(text).map_err(SweepError::Path)?;
            parameters.push(SweepParameter {
                name: path.to_string(),
                path,
            });
        }
        let Design {
            points,
            design_seed,
            regions,
        } = design(scenario, sweep, &parameters)?;
        let plan = Self {
            method: sweep.method,
            parameters,
            points,
            regions,
            replications,
            seed: base.run.seed,
            design_seed,
            base,
            design: None,
        };
        for i in 0..plan.points.len() {
            plan.try_point_scenario(i)?;
        }
        Ok(plan)
    }

    /// The scenario every point starts from: the sweep's scenario without
    /// its `[sweep]` table, `run.replications` = [`SweepPlan::replications`].
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True for a sweep without points (never, for a planned sweep).
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// What point `i` takes for parameter `j`: the region's code in the
    /// region column of a sweep over regions, else the number.
    pub fn value(&self, i: usize, j: usize) -> SweptValue<'_> {
        let x = self.points[i][j];
        match &self.regions {
            Some(r) if r.column == j => SweptValue::Region(r.code(x as usize)),
            _ => SweptValue::Number(x),
        }
    }

    /// `path = value` for every parameter of point `i`, for messages.
    pub fn assignment(&self, i: usize) -> String {
        self.parameters
            .iter()
            .enumerate()
            .map(|(j, p)| format!("`{} = {}`", p.name, self.value(i, j)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn try_point_scenario(&self, i: usize) -> Result<Scenario, SweepError> {
        if let Some(design) = &self.design {
            return self.design_point_scenario(design, i);
        }
        let mut start = None;
        if let Some(r) = &self.regions {
            // The region first, as loading the scenario puts it in; then
            // the numbers, as for every sweep.
            let read = &r.regions[self.points[i][r.column] as usize];
            let mut s = self.base.clone();
            if let Some(source) = s.population.cbs.as_mut() {
                source.region.clone_from(&read.code);
            }
            region::put(&mut s, read);
            start = Some(s);
        }
        let values: Vec<(KeyPath, f64)> = self
            .parameters
            .iter()
            .zip(&self.points[i])
            .enumerate()
            .filter(|(j, _)| self.regions.as_ref().is_none_or(|r| r.column != *j))
            .map(|(_, (p, &x))| (p.path.clone(), x))
            .collect();
        let base = start.as_ref().unwrap_or(&self.base);
        set_parameters(base, &values).map_err(|e| SweepError::Point {
            point: i,
            assignment: self.assignment(i),
            message: match e {
                PathError::Invalid { message, .. } => message,
                other => other.to_string(),
            },
        })
    }

    /// The scenario of point `i`: the base with the point's values set.
    ///
    /// # Panics
    ///
    /// If `i` is out of range. Every point was checked by
    /// [`SweepPlan::new`], and setting the same values on the same base
    /// gives the same result, so it cannot fail otherwise.
    pub fn point_scenario(&self, i: usize) -> Scenario {
        self.try_point_scenario(i)
            .unwrap_or_else(|e| panic!("a planned sweep point became invalid: {e}"))
    }

    /// One [`ScenarioRun`] per point in `points` (id `point-<i>`), for
    /// [`super::Runner::run`].
    pub fn runs(&self, points: Range<usize>) -> Vec<ScenarioRun> {
        points
            .map(|i| ScenarioRun {
                id: format!("point-{i}"),
                scenario: self.point_scenario(i),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{CarerSupport, Sweep};

    #[test]
    fn grid_varies_the_last_parameter_fastest() {
        let points = grid(&[vec![1.0, 2.0], vec![10.0, 20.0, 30.0]]);
        assert_eq!(
            points,
            [
                [1.0, 10.0],
                [1.0, 20.0],
                [1.0, 30.0],
                [2.0, 10.0],
                [2.0, 20.0],
                [2.0, 30.0]
            ]
        );
        assert!(grid(&[]).is_empty());
        assert!(grid(&[vec![1.0], vec![]]).is_empty());
    }

    fn strata(values: impl Iterator<Item = f64>, n: usize) -> Vec<usize> {
        let mut s: Vec<usize> = values.map(|u| (u * n as f64) as usize).collect();
        s.sort_unstable();
        s
    }

    #[test]
    fn latin_hypercube_has_one_point_per_stratum() {
        let axes = [
            LhsAxis {
                name: "a".into(),
                min: -1.0,
                max: 3.0,
                log: false,
            },
            LhsAxis {
                name: "b".into(),
                min: 0.01,
                max: 100.0,
                log: true,
            },
        ];
        let n = 50;
        let points = latin_hypercube(&axes, n, 42);
        assert_eq!(points.len(), n);
        let all: Vec<usize> = (0..n).collect();
        let a = points.iter().map(|p| (p[0] + 1.0) / 4.0);
        assert_eq!(strata(a, n), all);
        let b = points.iter().map(|p| (p[1] / 0.01).ln() / (1e4f64).ln());
        assert_eq!(strata(b, n), all);
        assert!(points
            .iter()
            .all(|p| (-1.0..=3.0).contains(&p[0]) && (0.01..=100.0).contains(&p[1])));
        // Deterministic in the seed, different for another seed, and a
        // column does not depend on the other axes.
        assert_eq!(points, latin_hypercube(&axes, n, 42));
        assert_ne!(points, latin_hypercube(&axes, n, 43));
        let alone = latin_hypercube(&axes[1..], n, 42);
        assert!(alone.iter().zip(&points).all(|(x, p)| x[0] == p[1]));
    }

    fn with_sweep(sweep: Sweep) -> Scenario {
        let mut s = Scenario::default();
        s.interventions.carer_support = Some(CarerSupport::default());
        s.sweep = Some(sweep);
        s
    }

    #[test]
    fn plan_builds_one_scenario_per_point() {
        let mut sweep = Sweep {
            replications: Some(3),
            ..Sweep::default()
        };
        sweep.parameters.insert(
            "interventions.carer_support.coverage".into(),
            SweepAxis::Values(vec![0.2, 0.6]),
        );
        sweep.parameters.insert(
            "gp.episode_rate_by_age[4]".into(),
            SweepAxis::Values(vec![3.0, 3.5]),
        );
        let plan = SweepPlan::new(&with_sweep(sweep)).unwrap();
        let names: Vec<&str> = plan.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "gp.episode_rate_by_age[4]",
                "interventions.carer_support.coverage"
            ]
        );
        assert_eq!(plan.len(), 4);
        assert_eq!(plan.replications, 3);
        assert_eq!(plan.design_seed, None);
        let runs = plan.runs(1..3);
        assert_eq!(runs[0].id, "point-1");
        let s = &runs[0].scenario;
        assert_eq!(s.gp.episode_rate_by_age[4], 3.0);
        assert_eq!(
            s.interventions.carer_support.as_ref().unwrap().coverage,
            0.6
        );
        assert_eq!(s.sweep, None);
        assert_eq!(s.run.replications, 3);
        assert_eq!(runs[1].scenario.gp.episode_rate_by_age[4], 3.5);
    }

    #[test]
    fn a_region_axis_puts_each_regions_population_in_and_shows_its_code() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cbs");
        let mut s = Scenario::default();
        s.population.cbs = Some(crate::scenario::CbsRegion {
            kerncijfers: data.join("kwb-2019-den-haag.csv").display().to_string(),
            ages: data
                .join("age-2019-den-haag-03759NED.csv")
                .display()
                .to_string(),
            region: "WK051802".into(),
        });
        let mut sweep = Sweep::default();
        sweep.parameters.insert(
            "population.cbs.region".into(),
            SweepAxis::Regions(crate::scenario::RegionAxis::Codes(vec![
                "WK051802".into(),
                "wk051804".into(),
            ])),
        );
        sweep
            .parameters
            .insert("gp.fte".into(), SweepAxis::Values(vec![4.0, 5.0]));
        s.sweep = Some(sweep);
        let plan = SweepPlan::new(&s).unwrap();
        assert_eq!(plan.len(), 4);
        // `gp.fte` sorts first: points 2 and 3 are `gp.fte = 5`.
        assert_eq!(
            plan.assignment(3),
            "`gp.fte = 5`, `population.cbs.region = WK051804`"
        );
        assert_eq!(plan.value(3, 1), SweptValue::Region("WK051804"));
        assert_eq!(plan.value(3, 0), SweptValue::Number(5.0));
        let point = plan.point_scenario(3);
        let region = &plan.regions.as_ref().unwrap().regions[1];
        assert_eq!(point.population.cbs.as_ref().unwrap().region, "WK051804");
        assert_eq!(point.population.residents, region.residents);
        assert_eq!(point.population.age_band_shares, region.age_band_shares);
        assert_eq!(point.gp.fte, Some(5.0));
        assert_eq!(plan.point_scenario(2).population.residents, 8245);
    }

    #[test]
    fn a_point_that_breaks_a_rule_across_keys_is_an_error() {
        let mut s = Scenario::default();
        s.interventions.hybrid_care = Some(Default::default());
        let mut sweep = Sweep::default();
        for share in ["face_to_face", "phone"] {
            sweep.parameters.insert(
                format!("interventions.hybrid_care.{share}_follow_up_share"),
                SweepAxis::Values(vec![0.3, 0.6]),
            );
        }
        s.sweep = Some(sweep);
        let err = SweepPlan::new(&s).unwrap_err();
        assert!(matches!(err, SweepError::Point { .. }), "{err}");
        assert!(
            err.to_string().starts_with(
                "point 3 of the sweep (`interventions.hybrid_care.face_to_face_follow_up_share = \
                 0.6`, `interventions.hybrid_care.phone_follow_up_share = 0.6`) gives an invalid \
                 scenario:"
            ),
            "{err}"
        );
        assert!(matches!(
            SweepPlan::new(&Scenario::default()),
            Err(SweepError::NoSweep { .. })
        ));
    }
}
