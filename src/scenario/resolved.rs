//! The resolved scenario as TOML: what `buurtsim check` prints and what the
//! output manifest records, so a run can be repeated from its manifest
//! alone without the files it was loaded from.

use super::schema::Scenario;

/// The fully resolved scenario as TOML, every key written out (defaults
/// included). `extends` is left out: the values it brought in are already
/// there. Loading the text back gives an equal scenario (with `extends`
/// unset).
///
/// # Panics
///
/// If `run.seed` exceeds `i64::MAX`, which TOML integers cannot hold;
/// [`super::validate`] rejects such a seed and no file can contain one.
pub fn resolved_toml(scenario: &Scenario) -> String {
    let standalone = Scenario {
        extends: None,
        ..scenario.clone()
    };
    toml::to_string(&standalone).expect("a validated scenario always serialises to TOML")
}
