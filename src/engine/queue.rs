//! The time-ordered event queue and simulated clock.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest event,
    /// and among equal times the one scheduled first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A clock and a priority queue of future events.
///
/// The heap grows to the largest number of outstanding events and is then
/// reused: scheduling and popping allocate nothing in steady state.
pub struct EventQueue<E> {
    now: f64,
    seq: u64,
    popped: u64,
    heap: BinaryHeap<Entry<E>>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<E> EventQueue<E> {
    /// An empty queue at time zero with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            now: 0.0,
            seq: 0,
            popped: 0,
            heap: BinaryHeap::with_capacity(capacity),
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
        debug_assert!(at >= self.now, "event scheduled in the past: {at} < {}", self.now);
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
        self.heap.push(Entry {
            time,
            seq: self.seq,
            event,
        });
        self.seq += 1;
    }

    /// Time of the next pending event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Pop the next event if it is due at or before `until`, advancing the clock.
    /// When it is not, the clock moves to `until`.
    #[inline]
    pub fn pop_until(&mut self, until: f64) -> Option<E> {
        match self.heap.peek() {
            Some(top) if top.time <= until => {
                let entry = self.heap.pop().expect("peeked");
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
    fn rejects_past_and_non_finite_times() {
        let mut q = EventQueue::default();
        q.schedule_at(5.0, ());
        q.pop();
        assert!(matches!(q.try_schedule_at(4.0, ()), Err(ScheduleError::InThePast { .. })));
        assert!(matches!(q.try_schedule_at(f64::NAN, ()), Err(ScheduleError::NotFinite(_))));
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
