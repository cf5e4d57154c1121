//! The generic discrete-event kernel.
//!
//! It owns simulated time, a time-ordered event queue with a deterministic
//! tie-break, cheap cancellation of stale events and reproducible random
//! streams. It knows nothing about care, residents or scenarios: the
//! neighbourhood is one [`Model`] on it, and the textbook checks in `tests/`
//! (an M/M/c queue, a Markov chain) are others.
//!
//! # Ordering guarantee
//!
//! Events pop in order of time; events scheduled for the same time pop in the
//! order they were scheduled (first in, first out). Together with seeded
//! random streams this makes one run fully deterministic.
//!
//! # Cancellation
//!
//! Cancelling by searching the heap is slow. Instead a model stamps an event
//! with the current version of its entity (see [`Versions`]); bumping the
//! version makes every outstanding event of that entity stale, and the model
//! drops stale events when they pop. Cost: one integer compare per pop.

mod heap;
mod queue;
pub mod rng;
pub mod textbook;
mod versions;

pub use queue::{EventQueue, ScheduleError};
pub use versions::Versions;

/// A model driven by the kernel: it receives events and schedules new ones.
pub trait Model {
    /// The model's event type: keep it small and `Copy`, it is stored in the heap.
    type Event: Copy;

    /// Handle one event at simulated time `queue.now()`.
    fn handle(&mut self, event: Self::Event, queue: &mut EventQueue<Self::Event>);

    /// A hint that `next` is probably the event after the one about to be
    /// handled: a model whose state is too large for the CPU's cache asks
    /// the memory for that event's entity now, so it has arrived by the time
    /// the event pops. It must not change the model's state (the default
    /// does nothing).
    #[inline]
    fn prefetch(&self, _next: &Self::Event) {}
}

/// Run `model` until the queue is empty or the next event lies beyond `until`.
///
/// Returns the number of events handled. Time is left at `until` (or at the
/// last event when the queue ran dry earlier), so a later call can continue.
pub fn run_until<M: Model>(model: &mut M, queue: &mut EventQueue<M::Event>, until: f64) -> u64 {
    let mut handled = 0;
    while let Some(event) = queue.pop_until(until) {
        if let Some(next) = queue.peek_in_window() {
            model.prefetch(next);
        }
        model.handle(event, queue);
        handled += 1;
    }
    handled
}
