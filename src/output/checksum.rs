//! Row checksums of records files: what makes `--resume` and `merge` refuse
//! a row that was changed, copied from another run, or repeated.
//!
//! Every row of a `records.csv` (a run's or a sweep's) ends with a `check`
//! column: 16 hex digits of a 64-bit hash of the row's content *and* of the
//! identity of the run that wrote it ([`RecordIdentity`]: the scenario's
//! input hash, the seed and the scenario id). So an edited number, a `NaN`
//! put in by hand, or a row copied from another scenario, seed or input
//! no longer matches its checksum; the replication (and, for a sweep, the
//! point) is part of the row, so a row moved or repeated is caught by the
//! order check of the reader.
//!
//! The hash is FNV-1a 64 (as [`super::format::fnv1a64`], streamed) over the identity
//! and then the row, with a final bit mix. It is unkeyed: it catches
//! accidents and mix-ups, not deliberate forgery (anyone can recompute it).

use super::manifest::Manifest;

/// The name of the checksum column, the last of every records file.
pub const CHECK_COLUMN: &str = "check";

/// FNV-1a 64's offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Who wrote a records file: the run's identity, hashed once so that each
/// row's checksum only hashes the row on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordIdentity {
    /// The FNV-1a state after the identity's text.
    state: u64,
}

impl RecordIdentity {
    /// The identity of records of `kind` (`run` or `sweep`) of the
    /// scenario `scenario_id` with this `input_hash` (the manifest's) and
    /// `seed`. A shard's rows have the identity of the whole run, so the
    /// shards of one run check alike.
    pub fn new(kind: &str, input_hash: &str, seed: u64, scenario_id: &str) -> Self {
        let text = format!(
            "buurtsim {kind} records\ninput_hash={input_hash}\nseed={seed}\n\
             scenario_id={scenario_id}\n"
        );
        Self {
            state: fnv_from(FNV_OFFSET, text.as_bytes()),
        }
    }

    /// The identity of one scenario's records in a run, from its manifest
    /// (the one in the partial or shard folder beside the records).
    pub fn of_run(manifest: &Manifest) -> Self {
        Self::new(
            "run",
            &manifest.input_hash,
            manifest.seed,
            &manifest.scenario_id,
        )
    }

    /// The checksum of one row's content (no checksum column, no newline).
    pub fn checksum(&self, content: &str) -> u64 {
        fmix64(fnv_from(self.state, content.as_bytes()))
    }

    /// Append `content`, its checksum column and a newline to `buf`.
    pub fn seal(&self, content: &str, buf: &mut String) {
        use std::fmt::Write as _;
        buf.push_str(content);
        let _ = writeln!(buf, ",{:016x}", self.checksum(content));
    }

    /// The content of a sealed row (without its newline), or `None` when
    /// its checksum is missing or does not match.
    pub fn unseal<'a>(&self, row: &'a str) -> Option<&'a str> {
        let (content, check) = row.rsplit_once(',')?;
        let lower_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if check.len() != 16 || !check.bytes().all(lower_hex) {
            return None;
        }
        let check = u64::from_str_radix(check, 16).ok()?;
        (check == self.checksum(content)).then_some(content)
    }
}

/// FNV-1a 64 from state `h` over `bytes`.
fn fnv_from(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// MurmurHash3's 64-bit finaliser: spreads every input bit over the output,
/// which FNV's last bytes do not.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> RecordIdentity {
        RecordIdentity::new("run", "fnv1a64:0123456789abcdef", 42, "baseline")
    }

    #[test]
    fn a_sealed_row_unseals_and_any_change_is_caught() {
        // The streaming FNV is the project's fnv1a64 from the offset basis.
        let foobar = super::super::format::fnv1a64(b"foobar");
        assert_eq!(fnv_from(FNV_OFFSET, b"foobar"), foobar);
        let mut row = String::new();
        id().seal("3,1000,0.25,NaN,-Inf", &mut row);
        assert!(row.ends_with('\n'));
        let line = row.trim_end();
        assert_eq!(line.len(), "3,1000,0.25,NaN,-Inf".len() + 17);
        assert_eq!(id().unseal(line), Some("3,1000,0.25,NaN,-Inf"));
        // Every single-byte change of the content or the checksum.
        for i in 0..line.len() {
            for b in [b'0', b'7', b'N', b',', b'-', b'f'] {
                let mut bytes = line.as_bytes().to_vec();
                if bytes[i] == b {
                    continue;
                }
                bytes[i] = b;
                let changed = String::from_utf8(bytes).unwrap();
                assert_eq!(id().unseal(&changed), None, "{changed}");
            }
        }
        // Uppercase hex, a missing or short checksum.
        assert_eq!(id().unseal(&line.to_uppercase()), None);
        assert_eq!(id().unseal("3,1000,0.25,NaN,-Inf"), None);
        assert_eq!(id().unseal(&line[..line.len() - 1]), None);
    }

    #[test]
    fn rows_of_another_run_do_not_check() {
        let mut row = String::new();
        id().seal("3,1000,0.25", &mut row);
        let line = row.trim_end();
        for other in [
            RecordIdentity::new("run", "fnv1a64:0123456789abcdee", 42, "baseline"),
            RecordIdentity::new("run", "fnv1a64:0123456789abcdef", 43, "baseline"),
            RecordIdentity::new("run", "fnv1a64:0123456789abcdef", 42, "baseline2"),
            RecordIdentity::new("sweep", "fnv1a64:0123456789abcdef", 42, "baseline"),
        ] {
            assert_ne!(other, id());
            assert_eq!(other.unseal(line), None);
        }
    }
}
