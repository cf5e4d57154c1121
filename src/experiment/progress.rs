//! Progress reporting, so a front end can drive a progress bar without the
//! library ever printing.

/// Receives a tick for every finished replication.
///
/// Called from worker threads, in no particular order, hence `Sync`. Any
/// `Fn() + Sync` closure is a `Progress`, so an `indicatif::ProgressBar` is
/// wired up with `&|| bar.inc(1)`.
pub trait Progress: Sync {
    /// One replication (of one scenario) has finished.
    fn replication_done(&self);
}

impl<F: Fn() + Sync> Progress for F {
    fn replication_done(&self) {
        self()
    }
}

/// Ignores progress (tests, pipes, CI).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn replication_done(&self) {}
}
