//! A 4-ary min-heap of timed entries, ordered by time and then by
//! scheduling sequence number (so equal times pop first in, first out).

/// One scheduled event.
#[derive(Clone, Copy)]
pub(crate) struct Entry<E> {
    pub(crate) time: f64,
    pub(crate) seq: u64,
    pub(crate) event: E,
}

impl<E> Entry<E> {
    /// Earlier time first; among equal times, the one scheduled first.
    #[inline(always)]
    pub(crate) fn before(&self, other: &Self) -> bool {
        self.time < other.time || (self.time == other.time && self.seq < other.seq)
    }
}

/// Children per node. A 4-ary heap has half the depth of a binary one and a
/// node's children sit next to each other in memory, which makes pops (the
/// kernel's hot spot) cheaper.
const ARITY: usize = 4;

/// The heap itself; its vector is reused, so it allocates only when it grows.
pub(crate) struct Heap<E> {
    items: Vec<Entry<E>>,
}

impl<E: Copy> Heap<E> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            items: Vec::with_capacity(capacity),
        }
    }

    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The entries in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Entry<E>> {
        self.items.iter()
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<&Entry<E>> {
        self.items.first()
    }

    /// Insert, sifting up with a hole: parents move down until the entry's
    /// place is found, and the entry is written once.
    #[inline]
    pub(crate) fn push(&mut self, entry: Entry<E>) {
        let mut i = self.items.len();
        self.items.push(entry);
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if entry.before(&self.items[parent]) {
                self.items[i] = self.items[parent];
                i = parent;
            } else {
                break;
            }
        }
        self.items[i] = entry;
    }

    /// Remove the earliest entry.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.items.pop()?;
        if self.items.is_empty() {
            return Some(last);
        }
        let top = self.items[0];
        self.sift_down(0, last);
        Some(top)
    }

    /// Place `entry` at the hole `i`, moving earlier children up.
    #[inline]
    fn sift_down(&mut self, mut i: usize, entry: Entry<E>) {
        let n = self.items.len();
        loop {
            let first = i * ARITY + 1;
            if first >= n {
                break;
            }
            let end = (first + ARITY).min(n);
            let mut best = first;
            for c in first + 1..end {
                if self.items[c].before(&self.items[best]) {
                    best = c;
                }
            }
            if self.items[best].before(&entry) {
                self.items[i] = self.items[best];
                i = best;
            } else {
                break;
            }
        }
        self.items[i] = entry;
    }

    /// Add many entries at once and restore the heap order in linear time.
    pub(crate) fn extend_from(&mut self, entries: &mut Vec<Entry<E>>) {
        if self.items.is_empty() {
            std::mem::swap(&mut self.items, entries);
            let n = self.items.len();
            if n > 1 {
                for i in (0..=(n - 2) / ARITY).rev() {
                    let entry = self.items[i];
                    self.sift_down(i, entry);
                }
            }
        } else {
            for entry in entries.drain(..) {
                self.push(entry);
            }
        }
    }
}
