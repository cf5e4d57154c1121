//! The design of a sensitivity analysis as the sweep that runs it sees it:
//! its rows (the parameters' values, the dummy last), their blocks, and
//! how plan point `i` maps to (pass, row, role). Planned by
//! [`super::sensitivity`]; owned here so the sweep can hold a design
//! without importing the planner.

use super::runner::ScenarioRun;
use crate::engine::rng::hash_key;
use crate::scenario::SensitivityMethod;
use crate::sensitivity::Bootstrap;

/// The name of the parameter the model never reads (the last design
/// column): its indices are the noise floor.
pub const DUMMY: &str = "dummy";

/// Separates the floor pass's seeds from `run.seed`.
const FLOOR_TAG: u64 = 0x464C_4F4F_525F_5345; // "FLOOR_SE"

/// Which pass a plan point belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Common random numbers at every row.
    Main,
    /// Each row with its own seed.
    Floor,
}

/// The design of a sensitivity analysis and how its rows map onto the
/// points of the sweep that runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityDesign {
    /// Sobol or Morris.
    pub method: SensitivityMethod,
    /// Parameter names (dotted paths) in design order, then [`DUMMY`].
    pub names: Vec<String>,
    /// Design rows in parameter units, one value per name (dummy in `[0, 1]`).
    pub rows: Vec<Vec<f64>>,
    /// The block of each row: its base sample (Sobol) or trajectory (Morris).
    pub blocks: Vec<usize>,
    /// Base samples (Sobol) or trajectories (Morris).
    pub samples: usize,
    /// Morris grid levels (unused for Sobol).
    pub levels: usize,
    /// Seed of the design's sequence or trajectories.
    pub design_seed: u64,
    /// Bootstrap resamples and seed for the intervals.
    pub bootstrap: Bootstrap,
    /// Metrics analysed: positions in [`METRICS`].
    pub metrics: Vec<usize>,
    /// The programme's id (the `scenario` column of its rows).
    pub programme: String,
    /// The reference run at every row, if any (its `run` table is the
    /// programme's, so both run the same years and seeds).
    pub reference: Option<ScenarioRun>,
}

impl SensitivityDesign {
    /// Runs per design row: 1, or 2 with a reference.
    pub fn roles(&self) -> usize {
        1 + usize::from(self.reference.is_some())
    }

    /// Design rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True for a design without rows (never, once planned).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The sweep points of one pass.
    pub fn points_per_pass(&self) -> usize {
        self.len() * self.roles()
    }

    /// Plan point `i` as (pass, row, role: 0 programme, 1 reference).
    pub fn locate(&self, i: usize) -> (Pass, usize, usize) {
        let roles = self.roles();
        let (pass, rest) = (i / self.points_per_pass(), i % self.points_per_pass());
        let pass = if pass == 0 { Pass::Main } else { Pass::Floor };
        (pass, rest / roles, rest % roles)
    }

    /// The master seed of design row `row` in the floor pass: one per row,
    /// from `seed`, kept within TOML's integers.
    pub fn floor_seed(seed: u64, row: usize) -> u64 {
        hash_key(&[FLOOR_TAG, seed, row as u64]) >> 1
    }

    /// Scenario id of role `role`.
    pub fn role_id(&self, role: usize) -> &str {
        match (role, &self.reference) {
            (1, Some(r)) => &r.id,
            _ => &self.programme,
        }
    }
}
