//! Drawing a scenario's uncertain keys (`[uncertainty]`, probabilistic
//! sensitivity analysis) for one replication.
//!
//! Each key gets one uniform number from its own stream, keyed by
//! (`run.seed`, replication, hash of the key path, [`process::UNCERTAIN`]),
//! and [`crate::scenario::Distribution::draw`] turns it into a value. The
//! stream depends on nothing else, so a programme and its reference with
//! the same seed draw the same percentile of a key they share (common
//! random numbers), and adding a key leaves the others' draws as they were.
//! A scenario without uncertain keys is run as it is: no stream is made
//! and nothing is cloned, so its results do not change.

use super::types::process;
use crate::engine::rng::{hash_key, StreamKey};
use crate::scenario::{drawn_values, with_parameters, KeyPath, Scenario};
use std::borrow::Cow;

/// The scenario replication `replication` runs: `scenario` itself when it
/// has no uncertain keys, otherwise a copy with each drawn.
///
/// # Panics
///
/// If a drawn key cannot be set, which validation rules out (every key of
/// `[uncertainty]` names a real-valued parameter of the scenario).
pub fn drawn_scenario(scenario: &Scenario, replication: u64) -> Cow<'_, Scenario> {
    if scenario.uncertainty.is_empty() {
        return Cow::Borrowed(scenario);
    }
    let values = drawn_values(scenario, |path| {
        uniform(scenario.run.seed, replication, path)
    });
    let drawn = with_parameters(scenario, &values)
        .expect("uncertain keys are checked when the scenario is validated");
    Cow::Owned(drawn)
}

/// The uniform number of key `path` in replication `replication`.
fn uniform(seed: u64, replication: u64, path: &KeyPath) -> f64 {
    let words: Vec<u64> = path.to_string().bytes().map(u64::from).collect();
    StreamKey {
        master: seed,
        replication,
        entity: hash_key(&words),
        process: process::UNCERTAIN,
    }
    .uniform()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn uncertain(extra: &str) -> Scenario {
        load_str(
            "u.toml",
            &format!(
                "extends = \"baseline.toml\"\n{extra}\n[interventions.carer_support]\n\
                 burden_gain_multiplier = {{ dist = \"triangular\", min = 0.6, mode = 0.7, max = 0.9 }}\n"
            ),
        )
        .unwrap()
    }

    fn value(s: &Scenario) -> f64 {
        s.interventions
            .carer_support
            .as_ref()
            .unwrap()
            .burden_gain_multiplier
    }

    #[test]
    fn the_same_replication_draws_the_same_value_in_every_scenario() {
        let a = uncertain("");
        let b = uncertain("[gp]\nurgent_share = 0.2");
        assert_eq!(value(&a), 0.7, "the key holds the central value");
        let a3 = value(&drawn_scenario(&a, 3));
        assert_eq!(a3, value(&drawn_scenario(&b, 3)));
        assert_ne!(a3, value(&drawn_scenario(&a, 4)));
        assert!((0.6..=0.9).contains(&a3));
        // Another seed, another draw.
        let c = uncertain("[run]\nseed = 1");
        assert_ne!(a3, value(&drawn_scenario(&c, 3)));
        // No uncertain keys: the scenario itself.
        let plain = Scenario::default();
        assert!(matches!(drawn_scenario(&plain, 3), Cow::Borrowed(_)));
    }
}
