//! A test hook that makes the Nth filesystem step fail, so that tests can
//! prove every state a kill or a full disk leaves behind is recoverable.
//!
//! Every step that changes the disk while buurtsim writes, finishes or
//! swaps an output (creating a folder, a temporary file, appending a
//! record row, syncing, renaming, removing) first calls [`step`]. Steps are
//! counted from 1 in the order the process takes them; the order is
//! deterministic because records are appended by the in-order fold, never
//! by the worker threads.
//!
//! The environment variable `BUURTSIM_FAULT` chooses the fault:
//!
//! - `abort@N`: the process aborts (`SIGABRT`, no destructors, no flush)
//!   right before step N, as `kill -9` would at that instant;
//! - `enospc@N`: step N fails with "No space left on device", as a full
//!   disk would.
//!
//! Unset (every user's case), [`step`] is one relaxed atomic load.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The environment variable that arms the hook.
pub const FAULT_VAR: &str = "BUURTSIM_FAULT";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Abort(u64),
    DiskFull(u64),
}

fn armed() -> Option<Fault> {
    static FAULT: OnceLock<Option<Fault>> = OnceLock::new();
    *FAULT.get_or_init(|| parse(&std::env::var(FAULT_VAR).ok()?))
}

fn parse(text: &str) -> Option<Fault> {
    let (kind, n) = text.trim().split_once('@')?;
    let n: u64 = n.parse().ok().filter(|&n| n > 0)?;
    match kind {
        "abort" => Some(Fault::Abort(n)),
        "enospc" => Some(Fault::DiskFull(n)),
        _ => None,
    }
}

static STEPS: AtomicU64 = AtomicU64::new(0);

/// Count one filesystem step on `path`; fail or abort it if the hook says
/// so. Call it right before the operation it stands for.
pub(crate) fn step(path: &Path) -> io::Result<()> {
    let Some(fault) = armed() else {
        return Ok(());
    };
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    match fault {
        Fault::Abort(at) if at == n => {
            // Say where, for a test that wants to know; then die as a kill would.
            eprintln!(
                "buurtsim: {FAULT_VAR}: aborting before step {n} ({})",
                path.display()
            );
            std::process::abort()
        }
        Fault::DiskFull(at) if at == n => {
            eprintln!(
                "buurtsim: {FAULT_VAR}: step {n} fails with ENOSPC ({})",
                path.display()
            );
            Err(io::Error::from_raw_os_error(libc::ENOSPC))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_two_faults_and_nothing_else() {
        assert_eq!(parse("abort@3"), Some(Fault::Abort(3)));
        assert_eq!(parse("enospc@12"), Some(Fault::DiskFull(12)));
        assert_eq!(parse("abort@0"), None);
        assert_eq!(parse("kill@3"), None);
        assert_eq!(parse("abort"), None);
    }
}
