//! The calibration config file (`calibration/*.toml`) and the [`FitProblem`]
//! it describes.
//!
//! ```toml
//! scenario = "../scenarios/baseline.toml"   # relative to this file
//! replications = 8                          # per candidate point
//! max_evaluations = 300
//! [parameters]                              # dotted path = bounds (and optional start, scale)
//! "gp.propensity_shape" = { min = 0.5, max = 5.0 }
//! "care.burden_gain_per_week" = { min = 0.02, max = 0.3, scale = "log" }
//! [targets]                                 # target id (validation/targets.csv, role fit) = weight
//! gp_any_contact = 1.0
//! ```
//!
//! Every mistake is a [`CalibrationError`] that names the file, line and
//! column, and the key. A target whose role is `check` is such a mistake:
//! it is held out so that `validate` can show the model meets a figure it
//! was not tuned to, and fitting it would make that check meaningless.

use super::error::CalibrationError;
use crate::output::input_hash;
use crate::scenario::rules::Check;
use crate::scenario::{
    get_parameter, load, nearest, parse_path, rules::rule_for, set_parameter, Location, PathError,
    Position, Scenario,
};
use crate::validation::{targets, PublishedTarget, Role};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// How a parameter is mapped onto the optimiser's unit interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// `min + u (max - min)`.
    #[default]
    Linear,
    /// `min (max / min)^u`: equal steps are equal ratios; for rates and
    /// multipliers that span an order of magnitude (needs `min > 0`).
    Log,
}

/// One free parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The dotted path as written in the config.
    pub name: String,
    /// The parsed path.
    pub path: crate::scenario::KeyPath,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// Mapping onto the unit interval.
    pub scale: Scale,
    /// Start value: `start` from the config, or the scenario's value.
    pub start: f64,
    /// Unit, from the scenario rules.
    pub unit: String,
}

impl Parameter {
    /// The position of `value` in `min..max` on the parameter's scale (0 to 1).
    pub fn to_unit(&self, value: f64) -> f64 {
        let u = match self.scale {
            Scale::Linear => (value - self.min) / (self.max - self.min),
            Scale::Log => (value / self.min).ln() / (self.max / self.min).ln(),
        };
        u.clamp(0.0, 1.0)
    }

    /// The value at position `u` (clamped to 0..1); exactly `min` and `max`
    /// at the ends, and exactly `start` at `to_unit(start)`.
    pub fn from_unit(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        if u == self.to_unit(self.start) {
            return self.start;
        }
        if u == 0.0 {
            return self.min;
        }
        if u == 1.0 {
            return self.max;
        }
        let x = match self.scale {
            Scale::Linear => self.min + u * (self.max - self.min),
            Scale::Log => self.min * (self.max / self.min).powf(u),
        };
        x.clamp(self.min, self.max)
    }
}

/// One target with its weight in the objective.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTarget {
    /// The published target.
    pub target: PublishedTarget,
    /// Weight (0 or more).
    pub weight: f64,
}

/// A calibration: what to fit, to what, and how hard to try.
#[derive(Debug, Clone, PartialEq)]
pub struct FitProblem {
    /// The config file.
    pub config: PathBuf,
    /// `fnv1a64:` hash of the config file's text.
    pub config_hash: String,
    /// The scenario file (as resolved from the config's folder).
    pub scenario_file: PathBuf,
    /// The scenario id (file stem).
    pub scenario_id: String,
    /// The scenario as loaded (the start point, with any `start` values set).
    pub scenario: Scenario,
    /// Master seed for every evaluation (the config's `seed`, or the scenario's).
    pub seed: u64,
    /// Replications per evaluation.
    pub replications: u32,
    /// Evaluation budget of the search (the final check of the rounded
    /// values comes on top).
    pub max_evaluations: usize,
    /// Initial simplex step, as a share of each parameter's range.
    pub initial_step: f64,
    /// Convergence: simplex size, as a share of each parameter's range.
    pub x_tolerance: f64,
    /// Convergence: spread of the objective over the simplex.
    pub f_tolerance: f64,
    /// Restarts after convergence, at most.
    pub max_restarts: usize,
    /// Significant digits of the fitted values.
    pub significant_digits: usize,
    /// The free parameters, in file order.
    pub parameters: Vec<Parameter>,
    /// The targets, in file order.
    pub targets: Vec<WeightedTarget>,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    scenario: Spanned<String>,
    replications: Spanned<u32>,
    max_evaluations: Spanned<u32>,
    seed: Option<Spanned<i64>>,
    initial_step: Option<Spanned<f64>>,
    x_tolerance: Option<Spanned<f64>>,
    f_tolerance: Option<Spanned<f64>>,
    max_restarts: Option<u32>,
    significant_digits: Option<Spanned<u32>>,
    parameters: Spanned<Ordered<RawParameter>>,
    targets: Spanned<Ordered<Spanned<f64>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    min: Spanned<f64>,
    max: Spanned<f64>,
    start: Option<Spanned<f64>>,
    #[serde(default)]
    scale: Scale,
}

/// A TOML table in file order, keys with their places.
#[derive(Debug)]
struct Ordered<T>(Vec<(Spanned<String>, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, T>()? {
                    entries.push(entry);
                }
                // The parser hands keys over sorted; put them back in file order.
                entries.sort_by_key(|(key, _)| key.span().start);
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

/// Reads a calibration config and everything it names (scenario, targets),
/// and checks it: every parameter path exists and is a real number, its
/// bounds are valid values of it and hold the start, every target exists.
pub fn load_config(path: &Path) -> Result<FitProblem, CalibrationError> {
    // Bounded: a FIFO or a device is refused, never waited on.
    let text =
        crate::files::read_text_bounded(path, crate::files::TOML_LIMIT, "a calibration config")
            .map_err(|e| CalibrationError::Read {
                path: path.to_path_buf(),
                source: e.into(),
            })?;
    parse_config(path, &text)
}

/// As [`load_config`], for a config's text (`path` names it in messages and
/// is where the scenario path is relative to). Checks in file order:
/// syntax, the scenario, the search settings, the parameters, the targets.
pub fn parse_config(path: &Path, text: &str) -> Result<FitProblem, CalibrationError> {
    let cx = Context { path, text };
    if let Some(message) = scenario_not_config(text) {
        return Err(CalibrationError::Config {
            location: Location::file(path.to_path_buf()),
            message,
        });
    }
    let raw: RawConfig = toml::from_str(text).map_err(|e| CalibrationError::Config {
        location: Location {
            file: path.to_path_buf(),
            position: e.span().map(|s| Position::at(text, s.start)),
        },
        message: friendly(e.message().trim_end()),
    })?;

    // The scenario, relative to the config's folder.
    let scenario_file = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(raw.scenario.get_ref());
    let mut scenario = load(&scenario_file).map_err(|source| CalibrationError::Scenario {
        location: cx.at(raw.scenario.span()),
        source: Box::new(source),
    })?;
    let scenario_id = scenario_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".to_string());

    let search = cx.search(&raw, &scenario)?;
    let parameters = cx.parameters(&raw.parameters, &mut scenario, &scenario_file)?;
    let targets = cx.targets(&raw.targets)?;
    Ok(FitProblem {
        config: path.to_path_buf(),
        config_hash: input_hash(text),
        scenario_file,
        scenario_id,
        scenario,
        seed: search.seed,
        replications: search.replications,
        max_evaluations: search.max_evaluations,
        initial_step: search.initial_step,
        x_tolerance: search.x_tolerance,
        f_tolerance: search.f_tolerance,
        max_restarts: raw.max_restarts.unwrap_or(2) as usize,
        significant_digits: search.significant_digits,
        parameters,
        targets,
    })
}

/// The config being read: for locating its mistakes.
struct Context<'a> {
    path: &'a Path,
    text: &'a str,
}

/// The search settings of a config, checked.
struct SearchSettings {
    replications: u32,
    max_evaluations: usize,
    initial_step: f64,
    x_tolerance: f64,
    f_tolerance: f64,
    significant_digits: usize,
    seed: u64,
}

impl Context<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        Location {
            file: self.path.to_path_buf(),
            position: Some(Position::at(self.text, span.start)),
        }
    }

    fn error(&self, span: Range<usize>, message: String) -> CalibrationError {
        CalibrationError::Config {
            location: self.at(span),
            message,
        }
    }

    /// Replications, evaluations, steps, tolerances, digits and seed.
    fn search(
        &self,
        raw: &RawConfig,
        scenario: &Scenario,
    ) -> Result<SearchSettings, CalibrationError> {
        let positive = |v: &Spanned<u32>, key: &str| {
            if *v.get_ref() == 0 {
                Err(self.error(v.span(), format!("`{key}` must be at least 1")))
            } else {
                Ok(*v.get_ref() as usize)
            }
        };
        let replications = positive(&raw.replications, "replications")? as u32;
        let max_evaluations = positive(&raw.max_evaluations, "max_evaluations")?;
        let share = |v: &Option<Spanned<f64>>, key: &str, default: f64| match v {
            None => Ok(default),
            Some(v) if *v.get_ref() > 0.0 && *v.get_ref() <= 1.0 => Ok(*v.get_ref()),
            Some(v) => Err(self.error(
                v.span(),
                format!(
                    "`{key}` = {} is out of range: valid is over 0, up to 1 (share of each \
                     parameter's range)",
                    v.get_ref()
                ),
            )),
        };
        let initial_step = share(&raw.initial_step, "initial_step", 0.1)?;
        let x_tolerance = share(&raw.x_tolerance, "x_tolerance", 1e-3)?;
        let f_tolerance = match &raw.f_tolerance {
            None => 1e-3,
            Some(v) if *v.get_ref() >= 0.0 && v.get_ref().is_finite() => *v.get_ref(),
            Some(v) => Err(self.error(
                v.span(),
                format!(
                    "`f_tolerance` = {} is out of range: valid is 0 or more",
                    v.get_ref()
                ),
            ))?,
        };
        let significant_digits = match &raw.significant_digits {
            None => 3,
            Some(v) if (1..=17).contains(v.get_ref()) => *v.get_ref() as usize,
            Some(v) => Err(self.error(
                v.span(),
                format!(
                    "`significant_digits` = {} is out of range: valid is 1 to 17",
                    v.get_ref()
                ),
            ))?,
        };
        let seed = match &raw.seed {
            None => scenario.run.seed,
            Some(v) if *v.get_ref() >= 0 => *v.get_ref() as u64,
            Some(v) => Err(self.error(v.span(), "`seed` must be 0 or more".to_string()))?,
        };
        Ok(SearchSettings {
            replications,
            max_evaluations,
            initial_step,
            x_tolerance,
            f_tolerance,
            significant_digits,
            seed,
        })
    }

    /// The free parameters, in file order; a `start` is set in `scenario`.
    fn parameters(
        &self,
        raw: &Spanned<Ordered<RawParameter>>,
        scenario: &mut Scenario,
        scenario_file: &Path,
    ) -> Result<Vec<Parameter>, CalibrationError> {
        if raw.get_ref().0.is_empty() {
            return Err(self.error(
                raw.span(),
                "[parameters] is empty: name at least one parameter to fit, e.g. \
                 \"gp.propensity_shape\" = { min = 0.5, max = 5.0 }"
                    .to_string(),
            ));
        }
        let mut parameters: Vec<Parameter> = Vec::new();
        for (name, spec) in &raw.get_ref().0 {
            let parameter = self.parameter(name, spec, &parameters, scenario, scenario_file)?;
            parameters.push(parameter);
        }
        Ok(parameters)
    }

    /// One free parameter: its path names a real number of the scenario,
    /// its bounds are ordered valid values that hold the start.
    fn parameter(
        &self,
        name: &Spanned<String>,
        spec: &RawParameter,
        earlier: &[Parameter],
        scenario: &mut Scenario,
        scenario_file: &Path,
    ) -> Result<Parameter, CalibrationError> {
        let error = |span: Range<usize>, message: String| self.error(span, message);
        let located = |e: PathError| CalibrationError::Parameter {
            location: self.at(name.span()),
            message: e.to_string(),
        };
        let key = parse_path(name.get_ref()).map_err(located)?;
        if earlier.iter().any(|p| p.path == key) {
            return Err(error(
                name.span(),
                format!("parameter `{}` is named twice", name.get_ref()),
            ));
        }
        let current = get_parameter(scenario, &key).map_err(located)?;
        let (min, max) = (*spec.min.get_ref(), *spec.max.get_ref());
        if !(min.is_finite() && max.is_finite() && min < max) {
            return Err(error(
                spec.min.span(),
                format!(
                    "parameter `{}`: `min` ({min}) must be below `max` ({max})",
                    name.get_ref()
                ),
            ));
        }
        if spec.scale == Scale::Log && min <= 0.0 {
            return Err(error(
                spec.min.span(),
                format!(
                    "parameter `{}`: `scale = \"log\"` needs `min` over 0, not {min}",
                    name.get_ref()
                ),
            ));
        }
        // Both bounds must be valid values of the key.
        for (bound, word) in [(&spec.min, "min"), (&spec.max, "max")] {
            set_parameter(scenario, &key, *bound.get_ref()).map_err(|e| {
                error(
                    bound.span(),
                    format!(
                        "parameter `{}`: `{word}` is not a valid value: {e}",
                        name.get_ref()
                    ),
                )
            })?;
        }
        let (start_value, start_span) = match &spec.start {
            Some(s) => {
                *scenario = set_parameter(scenario, &key, *s.get_ref())
                    .map_err(|e| error(s.span(), format!("parameter `{}`: {e}", name.get_ref())))?;
                (*s.get_ref(), s.span())
            }
            None => (current, name.span()),
        };
        if !(min..=max).contains(&start_value) {
            let whose = if spec.start.is_some() {
                "`start`".to_string()
            } else {
                format!("the scenario's value (in {})", scenario_file.display())
            };
            return Err(error(
                start_span,
                format!(
                    "parameter `{}`: {whose} {start_value} lies outside min..max ({min} to {max}); \
                     widen the bounds or give a `start` within them",
                    name.get_ref()
                ),
            ));
        }
        let unit = rule_for(&key)
            .filter(|r| matches!(r.check, Check::Number(_)))
            .map_or_else(String::new, |r| r.unit.to_string());
        Ok(Parameter {
            name: name.get_ref().clone(),
            path: key,
            min,
            max,
            scale: spec.scale,
            start: start_value,
            unit,
        })
    }

    /// The targets with their weights: published ids whose role is `fit`
    /// (a `check` target is held out, so fitting it would turn the check into
    /// a tautology), weights 0 or more, at least one positive.
    fn targets(
        &self,
        raw: &Spanned<Ordered<Spanned<f64>>>,
    ) -> Result<Vec<WeightedTarget>, CalibrationError> {
        if raw.get_ref().0.is_empty() {
            return Err(self.error(
                raw.span(),
                "[targets] is empty: name at least one target of validation/targets.csv with \
                 its weight, e.g. gp_any_contact = 1.0"
                    .to_string(),
            ));
        }
        let published = targets();
        let mut chosen: Vec<WeightedTarget> = Vec::new();
        for (id, weight) in &raw.get_ref().0 {
            let Some(target) = published.iter().find(|t| t.id == *id.get_ref()) else {
                let ids: Vec<&str> = published
                    .iter()
                    .filter(|t| t.role == Role::Fit)
                    .map(|t| t.id.as_str())
                    .collect();
                let hint = match nearest(id.get_ref(), &ids) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                return Err(CalibrationError::UnknownTarget {
                    location: self.at(id.span()),
                    id: id.get_ref().clone(),
                    hint,
                    valid: ids.join(", "),
                });
            };
            if target.role == Role::Check {
                return Err(self.error(
                    id.span(),
                    format!(
                        "target `{}` is a held-out check (role `check` in validation/targets.csv) \
                         and must not be fitted: remove it from [targets]",
                        id.get_ref()
                    ),
                ));
            }
            let w = *weight.get_ref();
            if !(w.is_finite() && w >= 0.0) {
                return Err(self.error(
                    weight.span(),
                    format!(
                        "weight of target `{}` must be 0 or more, not {w}",
                        id.get_ref()
                    ),
                ));
            }
            chosen.push(WeightedTarget {
                target: target.clone(),
                weight: w,
            });
        }
        if chosen.iter().all(|t| t.weight == 0.0) {
            return Err(self.error(
                raw.span(),
                "every target has weight 0: give at least one a positive weight".to_string(),
            ));
        }
        Ok(chosen)
    }
}

/// Tables a scenario file has and a calibration config never has.
const SCENARIO_TABLES: [&str; 8] = [
    "run",
    "population",
    "gp",
    "services",
    "care",
    "costs",
    "interventions",
    "health",
];

/// A scenario file given where a config belongs (`buurtsim calibrate
/// scenarios/baseline.toml`): say so, instead of "unknown key `costs`".
fn scenario_not_config(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let config_keys = ["scenario", "parameters", "targets"];
    if config_keys.iter().any(|k| table.contains_key(*k)) {
        return None;
    }
    let found = SCENARIO_TABLES.iter().find(|k| table.contains_key(**k))?;
    Some(format!(
        "this is a scenario file (it has [{found}]), not a calibration config; a config \
         names the scenario to fit (`scenario = \"baseline.toml\"`), the `[parameters]` to \
         fit and the `[targets]`: see calibration/baseline.toml and the README's Calibration"
    ))
}

/// serde's "unknown field `x`, expected one of `a`, `b`" with a "did you
/// mean", and "missing field" as "missing key": words for a TOML author.
fn friendly(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let valid: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match nearest(key, &valid) {
            Some(best) => format!("did you mean `{best}`? "),
            None => String::new(),
        };
        let list: Vec<String> = valid.iter().map(|k| format!("`{k}`")).collect();
        return format!(
            "unknown key `{key}`; {hint}valid keys here: {}",
            list.join(", ")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing key {rest}");
    }
    message.to_string()
}
