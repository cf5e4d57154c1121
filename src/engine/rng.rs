//! Reproducible random streams.
//!
//! Every random number in a run comes from a stream identified by
//! (master seed, replication, entity, process). Streams are independent of
//! each other and of the order in which they are used, which gives:
//!
//! - reproducibility for any thread count or shard split (a replication
//!   never touches another replication's streams);
//! - common random numbers: replication 7 of two scenarios sees the same
//!   numbers for resident 42's demand process, so paired differences
//!   between scenarios are narrow.
//!
//! Two kinds of stream share these keys. A [`Stream`] is Xoshiro256++ (named
//! and portable, unlike `StdRng`), seeded from a SplitMix64-style hash of the
//! key: for short-lived streams (a year's draws, one stay, the initial
//! population). A [`CounterStream`] stores nothing but how many numbers it
//! has given: its n-th number is a hash of (key, n). Residents' long-lived
//! processes use it, so a resident carries five 4-byte counters instead of
//! five 32-byte generator states (issue 21: memory per resident); a carer
//! keeps a seed and a counter.
//!
//! Conversions to floats and the exponential distribution are written here
//! rather than taken from `rand_distr`, so a dependency upgrade cannot
//! silently change the streams; the golden-value test in
//! `tests/rng_golden.rs` pins them.

use rand::SeedableRng;
use rand_core::Rng as _;
pub use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used for every stream.
pub type Stream = Xoshiro256PlusPlus;

/// SplitMix64 finaliser: a bijective 64-bit mix with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash a key of several words into one 64-bit seed (order matters).
#[inline]
pub fn hash_key(words: &[u64]) -> u64 {
    fold_key(HASH_START, words)
}

/// Where [`hash_key`] starts.
const HASH_START: u64 = 0x6A09_E667_F3BC_C909;

/// Continue a key's hash from `h` with `words`.
#[inline]
fn fold_key(h: u64, words: &[u64]) -> u64 {
    words.iter().fold(h, |h, &w| mix64(h ^ mix64(w)))
}

/// The one-off uniform number of a seed (see [`StreamKey::uniform`]).
#[inline]
fn unit_of_seed(seed: u64) -> f64 {
    to_unit(mix64(seed ^ 0xD1B5_4A32_D192_ED03))
}

/// The first two words of every key of one replication, (master seed,
/// replication), hashed once: a model that seeds many streams per
/// replication (a resident's yearly draws, one-off decisions) then hashes
/// only (entity, process). `prefix.seed(e, p)` equals
/// `StreamKey { master, replication, entity: e, process: p }.seed()` to the
/// bit (a unit test checks it), so the numbers are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPrefix(u64);

impl KeyPrefix {
    /// The prefix of (master seed, replication).
    pub fn new(master: u64, replication: u64) -> Self {
        Self(fold_key(HASH_START, &[master, replication]))
    }

    /// The seed of (entity, process) under this prefix.
    #[inline]
    pub fn seed(self, entity: u64, process: u64) -> u64 {
        fold_key(self.0, &[entity, process])
    }

    /// A fresh generator for (entity, process): [`StreamKey::stream`].
    #[inline]
    pub fn stream(self, entity: u64, process: u64) -> Stream {
        Stream::seed_from_u64(self.seed(entity, process))
    }

    /// The counter-based stream of (entity, process) at position `drawn`
    /// (which it advances).
    #[inline]
    pub fn counted(self, entity: u64, process: u64, drawn: &mut u32) -> CounterStream<'_> {
        CounterStream::new(self.seed(entity, process), drawn)
    }

    /// One uniform number for (entity, process): [`StreamKey::uniform`].
    #[inline]
    pub fn uniform(self, entity: u64, process: u64) -> f64 {
        unit_of_seed(self.seed(entity, process))
    }
}

/// The key of one random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamKey {
    /// The experiment's master seed.
    pub master: u64,
    /// Replication index (0-based).
    pub replication: u64,
    /// Entity index (resident, carer, ...); use a distinct range per entity kind.
    pub entity: u64,
    /// Process number within the entity (demand, health, ...).
    pub process: u64,
}

impl StreamKey {
    /// The 64-bit seed derived from this key.
    pub fn seed(&self) -> u64 {
        hash_key(&[self.master, self.replication, self.entity, self.process])
    }

    /// A fresh generator for this key.
    pub fn stream(&self) -> Stream {
        Stream::seed_from_u64(self.seed())
    }

    /// A single uniform number in [0, 1) for this key, without a generator.
    ///
    /// Used for one-off decisions such as "does this resident take up the
    /// programme": the same resident gets the same number in every scenario,
    /// so raising an uptake from 0.3 to 0.4 only adds participants.
    pub fn uniform(&self) -> f64 {
        unit_of_seed(self.seed())
    }
}

/// Convert 64 random bits to a float in [0, 1) with 53 bits of precision.
#[inline]
pub fn to_unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Sampling helpers on any stream; written out so the values are pinned.
pub trait Draw {
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64;

    /// Uniform in (0, 1]: safe to take the logarithm of.
    #[inline]
    fn open_unit(&mut self) -> f64 {
        1.0 - self.unit()
    }

    /// True with probability `p`.
    #[inline]
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Exponential waiting time with the given rate (infinite for rate 0).
    #[inline]
    fn exp(&mut self, rate: f64) -> f64 {
        if rate > 0.0 {
            -self.open_unit().ln() / rate
        } else {
            f64::INFINITY
        }
    }

    /// Standard normal by Box-Muller (one of the pair is discarded: simple
    /// and stateless, so streams stay aligned between scenarios).
    #[inline]
    fn normal(&mut self) -> f64 {
        let u1 = self.open_unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given mean and coefficient of variation.
    #[inline]
    fn lognormal_mean_cv(&mut self, mean: f64, cv: f64) -> f64 {
        let s2 = (1.0 + cv * cv).ln();
        let mu = mean.ln() - 0.5 * s2;
        (mu + s2.sqrt() * self.normal()).exp()
    }

    /// Gamma with mean 1 and the given shape (Marsaglia-Tsang).
    fn gamma_mean_one(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.open_unit();
            return self.gamma_mean_one(shape + 1.0) * (shape + 1.0) / shape * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open_unit();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v / shape;
            }
        }
    }

    /// Index drawn with probability proportional to `weights`.
    #[inline]
    fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.len() - 1
    }
}

/// A counter-based stream: its n-th number is `mix64(seed ^ mix64(n))`, so
/// its whole state is the counter `drawn`, kept by the owner (4 bytes, where
/// a generator would need 32). Two rounds of the SplitMix64 finaliser: for one
/// seed the inputs are distinct for distinct n (both steps are bijections),
/// and two streams meet only where `seed_a ^ seed_b` equals
/// `mix64(n) ^ mix64(m)` for some pair, an isolated coincidence with no
/// structure (unlike a shared Weyl sequence, where streams can overlap for a
/// whole run). The statistical checks are in this module's tests.
pub struct CounterStream<'a> {
    seed: u64,
    drawn: &'a mut u32,
}

impl<'a> CounterStream<'a> {
    /// The stream with this seed at position `*drawn`.
    #[inline]
    pub fn new(seed: u64, drawn: &'a mut u32) -> Self {
        Self { seed, drawn }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let n = *self.drawn;
        *self.drawn = n.wrapping_add(1);
        mix64(self.seed ^ mix64(u64::from(n)))
    }
}

impl Draw for CounterStream<'_> {
    #[inline]
    fn unit(&mut self) -> f64 {
        to_unit(self.next_u64())
    }
}

impl Draw for Stream {
    #[inline]
    fn unit(&mut self) -> f64 {
        to_unit(self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_prefix_gives_the_same_numbers_as_the_whole_key() {
        for (master, replication, entity, process) in [
            (1, 0, 0, 0),
            (20261122, 7, 42, 3),
            (u64::MAX, u64::MAX, 1 << 40, 1 << 56),
        ] {
            let key = StreamKey {
                master,
                replication,
                entity,
                process,
            };
            let prefix = KeyPrefix::new(master, replication);
            assert_eq!(prefix.seed(entity, process), key.seed());
            assert_eq!(prefix.uniform(entity, process), key.uniform());
            assert_eq!(prefix.stream(entity, process).unit(), key.stream().unit());
        }
    }

    #[test]
    fn different_keys_give_different_streams() {
        let a = StreamKey {
            master: 1,
            replication: 0,
            entity: 0,
            process: 0,
        };
        let b = StreamKey { process: 1, ..a };
        let c = StreamKey {
            replication: 1,
            ..a
        };
        let (x, y, z) = (a.stream().unit(), b.stream().unit(), c.stream().unit());
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_eq!(x, a.stream().unit());
    }

    /// The counted stream picks up where it left off, and its numbers look
    /// uniform and independent: the mean and variance of 200,000 numbers,
    /// a chi-square over 64 bins, the lag-1 correlation and the correlation
    /// between neighbouring streams (seeds of residents 0 and 1), each within
    /// about 4 standard errors.
    #[test]
    fn counted_streams_resume_and_look_uniform_and_independent() {
        let prefix = KeyPrefix::new(20261207, 3);
        let (mut a, mut b) = (0u32, 0u32);
        let first: Vec<u64> = {
            let mut s = prefix.counted(0, 1, &mut a);
            (0..5).map(|_| s.next_u64()).collect()
        };
        let mut again = 0u32;
        let mut s = prefix.counted(0, 1, &mut again);
        let (x, y) = (s.next_u64(), s.next_u64());
        let mut rest = prefix.counted(0, 1, &mut again);
        let z = rest.next_u64();
        assert_eq!(vec![x, y, z], first[..3]);
        let n = 200_000usize;
        let xs: Vec<f64> = {
            let mut s = prefix.counted(0, 1, &mut a);
            (0..n).map(|_| s.unit()).collect()
        };
        let ys: Vec<f64> = {
            let mut s = prefix.counted(1, 1, &mut b);
            (0..n).map(|_| s.unit()).collect()
        };
        let nf = n as f64;
        let mean = xs.iter().sum::<f64>() / nf;
        assert!(
            (mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / nf).sqrt(),
            "{mean}"
        );
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / nf;
        assert!(
            (var - 1.0 / 12.0).abs() < 4.0 * (1.0 / 180.0 / nf).sqrt(),
            "{var}"
        );
        let mut bins = [0usize; 64];
        for x in &xs {
            bins[(x * 64.0) as usize] += 1;
        }
        let expected = nf / 64.0;
        let chi2: f64 = bins
            .iter()
            .map(|&o| (o as f64 - expected).powi(2) / expected)
            .sum();
        // 63 degrees of freedom: mean 63, sd 11.2.
        assert!(chi2 < 63.0 + 4.0 * 11.2, "{chi2}");
        let corr = |u: &[f64], v: &[f64]| {
            let k = u.len().min(v.len()) as f64;
            u.iter()
                .zip(v)
                .map(|(a, b)| (a - 0.5) * (b - 0.5))
                .sum::<f64>()
                / k
                * 12.0
        };
        let tolerance = 4.0 / nf.sqrt();
        assert!(corr(&xs, &xs[1..]).abs() < tolerance);
        assert!(corr(&xs, &ys).abs() < tolerance);
    }

    #[test]
    fn gamma_and_lognormal_have_their_means() {
        let mut s = StreamKey {
            master: 9,
            replication: 0,
            entity: 0,
            process: 0,
        }
        .stream();
        let n = 200_000;
        for shape in [0.5, 1.2, 4.0] {
            let mean: f64 = (0..n).map(|_| s.gamma_mean_one(shape)).sum::<f64>() / n as f64;
            // sd of the mean is sqrt(1/shape / n): at most 0.0032 here; allow 4 sd.
            assert!(
                (mean - 1.0).abs() < 4.0 * (1.0 / shape / n as f64).sqrt(),
                "{shape}: {mean}"
            );
        }
        let mean: f64 = (0..n).map(|_| s.lognormal_mean_cv(10.0, 0.5)).sum::<f64>() / n as f64;
        assert!(
            (mean - 10.0).abs() < 4.0 * 5.0 / (n as f64).sqrt(),
            "{mean}"
        );
    }
}
