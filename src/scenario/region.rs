//! Your own wijk: `[population.cbs]` names a gemeente, wijk or buurt in
//! CBS's own downloads, and loading the scenario reads its residents and
//! age structure from them (`crate::cbs` does the reading). The values it
//! reads replace `population.residents` and `population.age_band_shares`,
//! so the model, the run's manifest and `buurtsim check` all see one
//! self-contained scenario; the files are not read again during a run.
//!
//! Paths are written relative to the scenario file that sets them (like
//! `extends`), so a scenario and its data can move together; the loader
//! rewrites them to paths from the working folder before the files of an
//! `extends` chain are merged.

use super::schema::Scenario;
use crate::cbs::{self, CbsError, RegionPopulation};
use std::path::{Component, Path, PathBuf};
use toml::{Table, Value};

/// The keys of `[population.cbs]` whose values are file paths.
const PATH_KEYS: [&str; 2] = ["kerncijfers", "ages"];

/// Why a `[population.cbs]` table cannot be read, with the key it is
/// about (`population.cbs.region`, …).
#[derive(Debug)]
pub struct RegionError {
    /// The key whose value is at fault.
    pub key: &'static str,
    /// What is wrong, in one line.
    pub message: String,
}

/// Rewrite the relative paths of `[population.cbs]` in one file's table
/// against the folder of `file`, the scenario file that writes them.
pub fn resolve_paths(table: &mut Table, file: &Path) {
    let Some(Value::Table(population)) = table.get_mut("population") else {
        return;
    };
    let Some(Value::Table(cbs)) = population.get_mut("cbs") else {
        return;
    };
    for key in PATH_KEYS {
        if let Some(Value::String(path)) = cbs.get_mut(key) {
            if !path.is_empty() && Path::new(path.as_str()).is_relative() {
                let joined = tidy(&file.parent().unwrap_or(Path::new("")).join(path.as_str()));
                // Absolute, so that a run's stored scenario names the same
                // files from any working folder (resume, merge, check).
                let absolute = std::path::absolute(&joined).unwrap_or(joined);
                *path = absolute.to_string_lossy().into_owned();
            }
        }
    }
}

/// `a/b/../c` as `a/c`, so messages show the path a reader recognises
/// (lexical only: a `..` after a symbolic link is kept).
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_)))
                    && !out.is_symlink() =>
            {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Read the region `s.population.cbs` names and put its residents and age
/// structure into `s`. Returns what was read (nothing without the table).
pub fn apply(s: &mut Scenario) -> Result<Option<RegionPopulation>, RegionError> {
    let Some(source) = s.population.cbs.clone() else {
        return Ok(None);
    };
    let missing = |key: &'static str, what: &str| RegionError {
        key,
        message: format!("[population.cbs] needs `{}`: {what}", &key[15..]),
    };
    if source.kerncijfers.is_empty() {
        return Err(missing(
            "population.cbs.kerncijfers",
            "the path of a CBS Kerncijfers wijken en buurten CSV",
        ));
    }
    if source.region.trim().is_empty() {
        return Err(missing(
            "population.cbs.region",
            "a gemeente (GM…), wijk (WK…) or buurt (BU…) code; `buurtsim wijken FILE` lists them",
        ));
    }
    if source.ages.is_empty() {
        return Err(missing(
            "population.cbs.ages",
            "the path of the gemeente's population by single year of age (CBS 03759NED) CSV",
        ));
    }
    let at = |key: &'static str| {
        move |e: CbsError| RegionError {
            key,
            message: e.to_string(),
        }
    };
    let table =
        cbs::read_kwb(Path::new(&source.kerncijfers)).map_err(at("population.cbs.kerncijfers"))?;
    let region = table
        .find(&source.region)
        .map_err(at("population.cbs.region"))?;
    let ages = cbs::read_ages(Path::new(&source.ages)).map_err(at("population.cbs.ages"))?;
    let read = cbs::region_population(region, &ages).map_err(|e| {
        let key = if matches!(e, CbsError::AgesOfAnotherGemeente { .. }) {
            "population.cbs.ages"
        } else {
            "population.cbs.region"
        };
        at(key)(e)
    })?;
    put(s, &read);
    Ok(Some(read))
}

/// Put what was read of a region into `s`: its residents, age structure
/// and share living alone (single-person households per resident; unset
/// where CBS keeps the count secret). A sweep over regions gives each
/// point its region this way, from files it read once.
pub fn put(s: &mut Scenario, read: &RegionPopulation) {
    s.population.residents = read.residents;
    s.population.age_band_shares = read.age_band_shares.to_vec();
    s.population.living_alone_share = read
        .single_person_households
        .filter(|_| read.residents > 0)
        .map(|single| (single / f64::from(read.residents)).clamp(0.0, MOST_LIVING_ALONE));
}

/// The most residents a run lets live alone: some are children.
const MOST_LIVING_ALONE: f64 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_follow_the_file_that_writes_them() {
        let mut table: Table = toml::from_str(
            "[population.cbs]\nkerncijfers = \"data/kwb.csv\"\nages = \"/abs/ages.csv\"\nregion = \"WK1\"\n",
        )
        .unwrap();
        resolve_paths(&mut table, Path::new("wijken/x.toml"));
        let cbs = &table["population"]["cbs"];
        let kwb = Path::new(cbs["kerncijfers"].as_str().unwrap());
        assert!(kwb.is_absolute(), "{kwb:?}");
        assert!(kwb.ends_with("wijken/data/kwb.csv"), "{kwb:?}");
        assert_eq!(cbs["ages"].as_str(), Some("/abs/ages.csv"));
        assert_eq!(cbs["region"].as_str(), Some("WK1"));
    }

    #[test]
    fn a_missing_key_is_named() {
        let mut s = Scenario::default();
        s.population.cbs = Some(super::super::schema::CbsRegion {
            kerncijfers: "x.csv".into(),
            ages: "y.csv".into(),
            region: String::new(),
        });
        let e = apply(&mut s).unwrap_err();
        assert_eq!(e.key, "population.cbs.region");
        assert!(e.message.contains("buurtsim wijken"), "{}", e.message);
    }
}
