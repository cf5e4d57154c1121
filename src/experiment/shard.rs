//! Shards: a deterministic slice of an experiment's replication indices, so
//! that several machines (a Slurm job array) can share one experiment.
//!
//! Shard `K` of `N` (1-based `K`, written `K/N`) runs the replication
//! indices `r` with `r % N == K - 1` of every scenario: shard 2/4 of 10
//! replications runs 1, 5 and 9. Round robin keeps the shards within one
//! replication of each other in size whatever the total, and every index
//! belongs to exactly one shard, so the shards of one experiment, merged,
//! hold exactly the replications one machine would have run.
//!
//! A Slurm job array (`sbatch --array=0-3`) numbers its tasks from
//! `SLURM_ARRAY_TASK_MIN` up and says how many there are in
//! `SLURM_ARRAY_TASK_COUNT`; [`Shard::from_slurm`] maps task
//! `SLURM_ARRAY_TASK_ID` onto shard `ID - MIN + 1` of `COUNT`.
//!
//! ```
//! use buurtsim::experiment::Shard;
//! let shard: Shard = "2/4".parse().unwrap();
//! assert_eq!(shard.replications(10).collect::<Vec<_>>(), [1, 5, 9]);
//! assert_eq!(shard.to_string(), "2/4");
//! ```

use std::fmt;
use std::str::FromStr;

/// Shard `k` of `n` (1-based): replication indices `r` with `r % n == k - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shard {
    k: u64,
    n: u64,
}

/// Why a shard could not be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not of the form `K/N` with `1 <= K <= N`.
    #[error(
        "invalid shard `{0}`: expected K/N with 1 <= K <= N (e.g. --shard 2/4 runs the second \
         of four shards), or `slurm` to read SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT"
    )]
    Invalid(String),
    /// `--shard slurm` outside a Slurm job array.
    #[error(
        "--shard slurm needs the environment variable {0}, which Slurm sets only in the tasks \
         of a job array (sbatch --array=0-3); give the shard as K/N instead"
    )]
    MissingSlurm(&'static str),
    /// A Slurm variable that is not a number, or a task outside the array.
    #[error("--shard slurm: {0}")]
    BadSlurm(String),
}

impl Shard {
    /// Shard `k` of `n`, `1 <= k <= n`.
    pub fn new(k: u64, n: u64) -> Result<Self, ShardError> {
        if k == 0 || n == 0 || k > n {
            return Err(ShardError::Invalid(format!("{k}/{n}")));
        }
        Ok(Self { k, n })
    }

    /// The shard's number, 1-based.
    pub fn k(&self) -> u64 {
        self.k
    }

    /// The number of shards.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Whether replication `r` belongs to this shard.
    pub fn contains(&self, r: u64) -> bool {
        r % self.n == self.k - 1
    }

    /// This shard's replication indices among `0..total`, ascending.
    pub fn replications(&self, total: u64) -> impl Iterator<Item = u64> {
        (self.k - 1..total).step_by(self.n as usize)
    }

    /// How many of `0..total` belong to this shard.
    pub fn len(&self, total: u64) -> u64 {
        (total + self.n - self.k) / self.n
    }

    /// Whether this shard holds none of `0..total`.
    pub fn is_empty(&self, total: u64) -> bool {
        self.len(total) == 0
    }

    /// The shard of this task of a Slurm job array, read through `var`
    /// (`std::env::var` in the program): task `SLURM_ARRAY_TASK_ID`, counted
    /// from `SLURM_ARRAY_TASK_MIN` (0 if unset), of `SLURM_ARRAY_TASK_COUNT`.
    pub fn from_slurm(var: impl Fn(&str) -> Option<String>) -> Result<Self, ShardError> {
        const ID: &str = "SLURM_ARRAY_TASK_ID";
        const COUNT: &str = "SLURM_ARRAY_TASK_COUNT";
        const MIN: &str = "SLURM_ARRAY_TASK_MIN";
        let number = |name: &'static str, required: bool| -> Result<Option<u64>, ShardError> {
            match var(name) {
                None if required => Err(ShardError::MissingSlurm(name)),
                None => Ok(None),
                Some(text) => text.trim().parse().map(Some).map_err(|_| {
                    ShardError::BadSlurm(format!("{name} = `{text}` is not a whole number"))
                }),
            }
        };
        let id = number(ID, true)?.unwrap_or_default();
        let count = number(COUNT, true)?.unwrap_or_default();
        let min = number(MIN, false)?.unwrap_or(0);
        if count == 0 || id < min || id - min >= count {
            return Err(ShardError::BadSlurm(format!(
                "task {ID} = {id} is not one of {COUNT} = {count} consecutive tasks from \
                 {MIN} = {min}; submit the array as --array=0-{}",
                count.saturating_sub(1)
            )));
        }
        Self::new(id - min + 1, count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = ShardError;
    fn from_str(s: &str) -> Result<Self, ShardError> {
        let invalid = || ShardError::Invalid(s.to_string());
        let (k, n) = s.trim().split_once('/').ok_or_else(invalid)?;
        let k = k.trim().parse().map_err(|_| invalid())?;
        let n = n.trim().parse().map_err(|_| invalid())?;
        Self::new(k, n).map_err(|_| invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn shards_partition_the_replications() {
        for total in [0, 1, 5, 12, 13] {
            for n in 1..=5 {
                let mut seen = vec![0; total as usize];
                for k in 1..=n {
                    let shard = Shard::new(k, n).unwrap();
                    let reps: Vec<u64> = shard.replications(total).collect();
                    assert_eq!(reps.len() as u64, shard.len(total));
                    assert!(reps.iter().all(|&r| shard.contains(r)));
                    assert!(reps.windows(2).all(|w| w[0] < w[1]));
                    for r in reps {
                        seen[r as usize] += 1;
                    }
                }
                assert!(seen.iter().all(|&c| c == 1), "total {total}, n {n}");
            }
        }
    }

    #[test]
    fn parses_and_prints() {
        let s: Shard = "2/4".parse().unwrap();
        assert_eq!((s.k(), s.n()), (2, 4));
        assert_eq!(s.to_string(), "2/4");
        for bad in ["0/4", "5/4", "1/0", "2", "a/b", "", "-1/4", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slurm_array_tasks_map_onto_shards() {
        let env = |pairs: &[(&str, &str)]| {
            let map: HashMap<String, String> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            move |name: &str| map.get(name).cloned()
        };
        let s = Shard::from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]))
        .unwrap();
        assert_eq!(s, Shard::new(1, 4).unwrap());
        let s = Shard::from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]))
        .unwrap();
        assert_eq!(s, Shard::new(4, 4).unwrap());
        assert_eq!(
            Shard::from_slurm(env(&[("SLURM_ARRAY_TASK_COUNT", "4")])),
            Err(ShardError::MissingSlurm("SLURM_ARRAY_TASK_ID"))
        );
        assert_eq!(
            Shard::from_slurm(env(&[("SLURM_ARRAY_TASK_ID", "1")])),
            Err(ShardError::MissingSlurm("SLURM_ARRAY_TASK_COUNT"))
        );
        for bad in [("4", "4"), ("x", "4"), ("0", "0")] {
            let r = Shard::from_slurm(env(&[
                ("SLURM_ARRAY_TASK_ID", bad.0),
                ("SLURM_ARRAY_TASK_COUNT", bad.1),
            ]));
            assert!(matches!(r, Err(ShardError::BadSlurm(_))), "{bad:?}: {r:?}");
        }
    }
}
