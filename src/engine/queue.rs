//! The time-ordered event queue and simulated clock.

/// Why an event could not be scheduled.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// The requested time lies before the current simulated time.
    #[error("the scheduled time {at} lies before the current simulation time {now}")]
    InThePast {
        /// Requested time.
        at: f64,
        /// Current time.
        now: f64,
    },
    /// The requested time is NaN or infinite.
    #[error("the scheduled time {0} is not a finite number")]
    NotFinite(f64),
}

#[derive(Clone, Copy)]
struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> Entry<E> {
    /// Earlier time first; among equal times, the one scheduled first.
    #[inline(always)]
    fn before(&self, other: &Self) -> bool {
        self.time < other.time || (self.time == other.time && self.seq < other.seq)
    }
}

/// Children per node of the heap. A 4-ary heap has half the depth of a
/// binary one and its children share a cache line or two, which makes pops
/// (the kernel's hot spot) markedly cheaper.
const ARITY: usize = 4;

/// A clock and a priority queue of future events.
///
/// The heap (a 4-ary min-heap on time, then sequence number) grows to the
/// largest number of outstanding events and is then reused: scheduling and
/// popping allocate nothing in steady state.
pub struct EventQueue<E> {
    now: f64,
    seq: u64,
    popped: u64,
    heap: Vec<Entry<E>>,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue at time zero with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            now: 0.0,
            seq: 0,
            popped: 0,
            heap: Vec::with_capacity(capacity),
        }
    }

    /// The current simulated time: the time of the event being handled.
    #[inline]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Number of events popped so far (handled plus stale ones dropped by the model).
    pub fn events_popped(&self) -> u64 {
        self.popped
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedule `event` at absolute time `at`, checking the time.
    pub fn try_schedule_at(&mut self, at: f64, event: E) -> Result<(), ScheduleError> {
        if !at.is_finite() {
            return Err(ScheduleError::NotFinite(at));
        }
        if at < self.now {
            return Err(ScheduleError::InThePast { at, now: self.now });
        }
        self.push(at, event);
        Ok(())
    }

    /// Schedule `event` at absolute time `at`.
    ///
    /// A time in the past is a bug in the model, not in the user's input, so
    /// it panics in debug builds; release builds clamp it to `now`.
    #[inline]
    pub fn schedule_at(&mut self, at: f64, event: E) {
        debug_assert!(
            at >= self.now,
            "event scheduled in the past: {at} < {}",
            self.now
        );
        let at = if at < self.now { self.now } else { at };
        self.push(at, event);
    }

    /// Schedule `event` after a delay of `delay` time units.
    #[inline]
    pub fn schedule_in(&mut self, delay: f64, event: E) {
        self.schedule_at(self.now + delay, event);
    }

    #[inline]
    fn push(&mut self, time: f64, event: E) {
        let entry = Entry {
            time,
            seq: self.seq,
            event,
        };
        self.seq += 1;
        // Sift up with a hole: move parents down until the entry's place is found.
        let mut i = self.heap.len();
        self.heap.push(entry);
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if entry.before(&self.heap[parent]) {
                self.heap[i] = self.heap[parent];
                i = parent;
            } else {
                break;
            }
        }
        self.heap[i] = entry;
    }

    /// Remove and return the earliest entry.
    #[inline]
    fn pop_entry(&mut self) -> Option<Entry<E>> {
        let last = self.heap.pop()?;
        if self.heap.is_empty() {
            return Some(last);
        }
        let top = self.heap[0];
        // Sift down with a hole: move the earliest child up while it comes
        // before the displaced last entry, then write that entry once.
        let n = self.heap.len();
        let mut i = 0;
        loop {
            let first = i * ARITY + 1;
            if first >= n {
                break;
            }
            let end = (first + ARITY).min(n);
            let mut best = first;
            for c in first + 1..end {
                if self.heap[c].before(&self.heap[best]) {
                    best = c;
                }
            }
            if self.heap[best].before(&last) {
                self.heap[i] = self.heap[best];
                i = best;
            } else {
                break;
            }
        }
        self.heap[i] = last;
        Some(top)
    }

    /// Time of the next pending event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.first().map(|e| e.time)
    }

    /// Pop the next event if it is due at or before `until`, advancing the clock.
    /// When it is not, the clock moves to `until`.
    #[inline]
    pub fn pop_until(&mut self, until: f64) -> Option<E> {
        match self.heap.first() {
            Some(top) if top.time <= until => {
                let entry = self.pop_entry().expect("peeked");
                self.now = entry.time;
                self.popped += 1;
                Some(entry.event)
            }
            _ => {
                if until.is_finite() && until > self.now {
                    self.now = until;
                }
                None
            }
        }
    }

    /// Pop the next event, whenever it is.
    pub fn pop(&mut self) -> Option<E> {
        self.pop_until(f64::INFINITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_fifo() {
        let mut q = EventQueue::default();
        q.schedule_at(2.0, 'c');
        q.schedule_at(1.0, 'a');
        q.schedule_at(2.0, 'd');
        q.schedule_at(1.0, 'b');
        let order: String = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, "abcd");
        assert_eq!(q.now(), 2.0);
    }

    #[test]
    fn many_events_pop_sorted_with_fifo_ties() {
        let mut q = EventQueue::default();
        // Times with many ties, in a scrambled order.
        for i in 0..2000u64 {
            let t = ((i * 7919) % 101) as f64;
            q.schedule_at(t, i);
        }
        let mut last = (f64::NEG_INFINITY, 0u64);
        let mut seen_at_time: std::collections::HashMap<u64, u64> = Default::default();
        let mut count = 0;
        while let Some(i) = q.pop() {
            let t = q.now();
            assert!(t >= last.0);
            // Among equal times, insertion order (which is i) increases.
            if let Some(&prev) = seen_at_time.get(&(t as u64)) {
                assert!(i > prev);
            }
            seen_at_time.insert(t as u64, i);
            last = (t, i);
            count += 1;
        }
        assert_eq!(count, 2000);
    }

    #[test]
    fn rejects_past_and_non_finite_times() {
        let mut q = EventQueue::default();
        q.schedule_at(5.0, ());
        q.pop();
        assert!(matches!(
            q.try_schedule_at(4.0, ()),
            Err(ScheduleError::InThePast { .. })
        ));
        assert!(matches!(
            q.try_schedule_at(f64::NAN, ()),
            Err(ScheduleError::NotFinite(_))
        ));
        assert!(q.try_schedule_at(5.0, ()).is_ok());
    }

    #[test]
    fn pop_until_stops_at_horizon_and_moves_clock() {
        let mut q = EventQueue::default();
        q.schedule_at(10.0, 1);
        assert_eq!(q.pop_until(3.0), None);
        assert_eq!(q.now(), 3.0);
        assert_eq!(q.pop_until(10.0), Some(1));
    }
}
