//! Version counters for cheap cancellation of stale events.

/// One version counter per entity (resident, server, ...).
///
/// An event carries the version of its entity at the time it was scheduled.
/// Bumping the version cancels all of that entity's outstanding events at
/// once; the model checks [`Versions::is_current`] when an event pops.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    versions: Vec<u32>,
}

impl Versions {
    /// Counters for `n` entities, all at version zero.
    pub fn new(n: usize) -> Self {
        Self {
            versions: vec![0; n],
        }
    }

    /// Add one entity; returns its index.
    pub fn push(&mut self) -> usize {
        self.versions.push(0);
        self.versions.len() - 1
    }

    /// The current version of `entity`: stamp new events with it.
    #[inline]
    pub fn current(&self, entity: usize) -> u32 {
        self.versions[entity]
    }

    /// Invalidate all outstanding events of `entity`; returns the new version.
    #[inline]
    pub fn bump(&mut self, entity: usize) -> u32 {
        let v = &mut self.versions[entity];
        *v = v.wrapping_add(1);
        *v
    }

    /// Whether an event stamped with `version` is still valid.
    #[inline]
    pub fn is_current(&self, entity: usize, version: u32) -> bool {
        self.versions[entity] == version
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.versions.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_makes_old_stamps_stale() {
        let mut v = Versions::new(2);
        let stamp = v.current(1);
        assert!(v.is_current(1, stamp));
        v.bump(1);
        assert!(!v.is_current(1, stamp));
        assert!(v.is_current(0, 0));
    }
}
