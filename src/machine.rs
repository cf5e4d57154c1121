//! Facts about the machine buurtsim runs on: how many cores it has and how
//! much memory is available now.
//!
//! The one place that asks the operating system (`/proc/meminfo` on
//! Linux), so that `experiment`'s estimates take machine facts from here
//! and know nothing about files. It knows nothing about scenarios or runs.

/// Cores available to this process (at least 1): what `--threads`
/// defaults to.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `threads`, or every core for 0.
pub fn threads_or_all(threads: usize) -> usize {
    if threads == 0 {
        cores()
    } else {
        threads
    }
}

/// `MemAvailable` from /proc/meminfo (Linux), in bytes; `None` where it
/// cannot be read.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_means_every_core() {
        assert!(cores() >= 1);
        assert_eq!(threads_or_all(0), cores());
        assert_eq!(threads_or_all(3), 3);
        if cfg!(target_os = "linux") {
            assert!(available_memory().is_some_and(|m| m > 0));
        }
    }
}
