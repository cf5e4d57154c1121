//! The time-ordered event queue and simulated clock.
//!
//! Events wait in a 4-ary heap. With a calendar ([`EventQueue::with_calendar`])
//! only the events of the current time window (say, one simulated day) are
//! in the heap; later ones wait unsorted in one bucket per window and are
//! heapified when their window comes. The heap then stays small enough to
//! live in cache, so the cost per event no longer grows with the number of
//! pending events (hundreds of thousands for a region of 120,000 residents).
//! The order is exactly the same as with one heap: by time, then first in,
//! first out.

use super::heap::{Entry, Heap};
use std::collections::VecDeque;

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

/// At most this many windows ahead are kept as buckets; events further
/// ahead wait in a second heap until their window comes near.
const MAX_BUCKETS: usize = 1 << 16;

/// A clock and a priority queue of future events.
///
/// A bucket's vector is freed once its window has moved into the heap, and
/// new buckets start empty: an earlier version pooled the emptied vectors
/// for reuse, but a pooled vector keeps the capacity of the busiest window
/// it once held, and the thousands of buckets of a twelve-year calendar then
/// held far more memory than events (175 MB for 120,000 residents; README,
/// "Performance"). Allocating a bucket per simulated day costs little.
pub struct EventQueue<E> {
    now: f64,
    seq: u64,
    popped: u64,
    /// Events before `window_end`.
    heap: Heap<E>,
    /// Width of a calendar window; infinite when there is no calendar.
    width: f64,
    /// Index of the window whose events are in the heap.
    window: i64,
    /// Buckets for windows `window + 1`, `window + 2`, ...
    buckets: VecDeque<Vec<Entry<E>>>,
    /// Events more than [`MAX_BUCKETS`] windows ahead.
    far: Heap<E>,
    len: usize,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue at time zero with room for `capacity` pending events,
    /// all kept in one heap.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::build(f64::INFINITY, capacity)
    }

    /// An empty queue whose heap holds only the events of the current
    /// window of `width` time units; later ones wait in per-window buckets.
    /// Pick a width that holds a few thousand events (a day, for a
    /// neighbourhood). Panics if `width` is not positive and finite.
    pub fn with_calendar(width: f64, capacity: usize) -> Self {
        assert!(
            width > 0.0 && width.is_finite(),
            "calendar width must be positive and finite"
        );
        Self::build(width, capacity)
    }

    fn build(width: f64, capacity: usize) -> Self {
        Self {
            now: 0.0,
            seq: 0,
            popped: 0,
            heap: Heap::with_capacity(capacity),
            width,
            window: 0,
            buckets: VecDeque::new(),
            far: Heap::with_capacity(0),
            len: 0,
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
        self.len
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len == 0
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
    fn window_of(&self, time: f64) -> i64 {
        (time / self.width).floor() as i64
    }

    #[inline]
    fn push(&mut self, time: f64, event: E) {
        let entry = Entry {
            time,
            seq: self.seq,
            event,
        };
        self.seq += 1;
        self.len += 1;
        if !self.width.is_finite() {
            self.heap.push(entry);
            return;
        }
        let ahead = self.window_of(time) - self.window;
        if ahead <= 0 {
            self.heap.push(entry);
        } else if ahead as usize <= MAX_BUCKETS {
            let slot = ahead as usize - 1;
            while self.buckets.len() <= slot {
                self.buckets.push_back(Vec::new());
            }
            self.buckets[slot].push(entry);
        } else {
            self.far.push(entry);
        }
    }

    /// Make sure the heap holds the earliest pending event, moving to later
    /// windows while it is empty.
    #[inline]
    fn refill(&mut self) {
        while self.heap.len() == 0 && self.len > 0 {
            match self.buckets.pop_front() {
                Some(mut bucket) => {
                    self.window += 1;
                    self.heap.extend_from(&mut bucket);
                }
                None => {
                    // Only far events are left: jump to the window of the earliest.
                    let first = self.far.peek().expect("pending events exist").time;
                    self.window = self.window_of(first) - 1;
                }
            }
            self.pull_far();
        }
    }

    /// Move far events that now fall within reach into the heap or buckets.
    fn pull_far(&mut self) {
        while let Some(first) = self.far.peek() {
            let ahead = self.window_of(first.time) - self.window;
            if ahead as usize > MAX_BUCKETS && ahead > 0 {
                break;
            }
            let entry = self.far.pop().expect("peeked");
            if ahead <= 0 {
                self.heap.push(entry);
            } else {
                let slot = ahead as usize - 1;
                while self.buckets.len() <= slot {
                    self.buckets.push_back(Vec::new());
                }
                self.buckets[slot].push(entry);
            }
        }
    }

    /// Time of the next pending event.
    pub fn peek_time(&mut self) -> Option<f64> {
        self.refill();
        self.heap.peek().map(|e| e.time)
    }

    /// Every pending event, in no particular order: for a model that must
    /// know which of its entities the queue still names (a place freed for
    /// reuse must not be the target of an event scheduled for whoever held
    /// it before).
    pub fn pending(&self) -> impl Iterator<Item = &E> {
        self.heap
            .iter()
            .chain(self.buckets.iter().flatten())
            .chain(self.far.iter())
            .map(|entry| &entry.event)
    }

    /// The earliest event of the current calendar window, if the window
    /// has one left: usually the next event to pop (an event the handler
    /// is about to schedule may come first). For prefetching only: it
    /// moves nothing.
    #[inline]
    pub fn peek_in_window(&self) -> Option<&E> {
        self.heap.peek().map(|e| &e.event)
    }

    /// Pop the next event if it is due at or before `until`, advancing the clock.
    /// When it is not, the clock moves to `until`.
    #[inline]
    pub fn pop_until(&mut self, until: f64) -> Option<E> {
        self.refill();
        match self.heap.peek() {
            Some(top) if top.time <= until => {
                let entry = self.heap.pop().expect("peeked");
                self.len -= 1;
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

    fn drain<E: Copy>(q: &mut EventQueue<E>) -> Vec<(f64, E)> {
        std::iter::from_fn(|| q.pop().map(|e| (q.now(), e))).collect()
    }

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
    fn pending_lists_every_event_wherever_it_waits() {
        // Same day (heap), the coming days (buckets) and far ahead.
        let mut q = EventQueue::with_calendar(1.0, 0);
        for (i, t) in [0.5, 3.0, 3.5, 40.0, 1.0e6].into_iter().enumerate() {
            q.schedule_at(t, i);
        }
        q.pop();
        let mut seen: Vec<usize> = q.pending().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, vec![1, 2, 3, 4]);
        assert_eq!(seen.len(), q.len());
    }

    #[test]
    fn many_events_pop_sorted_with_fifo_ties() {
        for mut q in [EventQueue::default(), EventQueue::with_calendar(3.0, 0)] {
            // Times with many ties, in a scrambled order.
            for i in 0..2000u64 {
                let t = ((i * 7919) % 101) as f64;
                q.schedule_at(t, i);
            }
            let popped = drain(&mut q);
            assert_eq!(popped.len(), 2000);
            for pair in popped.windows(2) {
                let ((t0, i0), (t1, i1)) = (pair[0], pair[1]);
                assert!(t0 < t1 || (t0 == t1 && i0 < i1), "out of order: {pair:?}");
            }
        }
    }

    #[test]
    fn calendar_gives_exactly_the_heap_order_while_scheduling_on_the_fly() {
        // A little simulation: each popped event schedules up to two more at
        // pseudo-random delays (some far ahead, some on the same time).
        let run = |mut q: EventQueue<u64>| {
            let mut x = 12345u64;
            q.schedule_at(0.0, 0);
            let mut out = Vec::new();
            while let Some(e) = q.pop() {
                out.push((q.now().to_bits(), e));
                if out.len() > 20_000 {
                    break;
                }
                for _ in 0..2 {
                    x = crate::engine::rng::mix64(x);
                    let delay = match x % 4 {
                        0 => 0.0,
                        1 => (x >> 8) as f64 / (1u64 << 56) as f64 * 5.0,
                        2 => (x >> 8) as f64 / (1u64 << 56) as f64 * 500.0,
                        _ => 1e7,
                    };
                    if out.len() < 15_000 {
                        q.schedule_in(delay, e + 1);
                    }
                }
            }
            out
        };
        let plain = run(EventQueue::default());
        assert_eq!(plain, run(EventQueue::with_calendar(1.0, 0)));
        assert_eq!(plain, run(EventQueue::with_calendar(0.01, 0)));
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
        for mut q in [EventQueue::default(), EventQueue::with_calendar(1.0, 0)] {
            q.schedule_at(10.0, 1);
            assert_eq!(q.pop_until(3.0), None);
            assert_eq!(q.now(), 3.0);
            assert_eq!(q.len(), 1);
            assert_eq!(q.pop_until(10.0), Some(1));
            assert!(q.is_empty());
        }
    }
}
