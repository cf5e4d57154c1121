//! [`KeyPath`]: where a value sits in a scenario, written the way a user
//! writes it in TOML (`gp.fte`, `population.age_band_shares[3]`,
//! `interventions.custom."val preventie".uptake`).
//!
//! Error messages, validation and the source locator all speak in key paths,
//! so a message names exactly the key a user has to look for.

use std::fmt;

/// One step of a [`KeyPath`]: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A key in a table.
    Key(String),
    /// A position in an array (0-based).
    Index(usize),
}

/// A path from the top of a scenario file to one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KeyPath {
    segments: Vec<Segment>,
}

impl KeyPath {
    /// The empty path: the top level of a file.
    pub fn root() -> Self {
        Self::default()
    }

    /// A path of table keys, e.g. `KeyPath::of(&["gp", "fte"])`.
    pub fn of(keys: &[&str]) -> Self {
        Self {
            segments: keys
                .iter()
                .map(|k| Segment::Key((*k).to_string()))
                .collect(),
        }
    }

    /// This path with one more table key.
    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.segments.push(Segment::Key(key.to_string()));
        path
    }

    /// This path with one more array index.
    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.segments.push(Segment::Index(index));
        path
    }

    /// The steps of the path, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// True for the top level.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The path without its last step (the table that holds the value).
    pub fn parent(&self) -> Self {
        let mut path = self.clone();
        path.segments.pop();
        path
    }

    /// The last table key of the path, if it ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.segments.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The table keys only, array indices dropped: the path a rule is
    /// registered under (`population.age_band_shares[3]` is checked by the
    /// rule for `population.age_band_shares`).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }

    /// The path as a table header, e.g. `[interventions.carer_support]`,
    /// or "the top-level table" for the root.
    pub fn table_name(&self) -> String {
        if self.is_root() {
            "the top-level table".to_string()
        } else {
            format!("[{self}]")
        }
    }
}

/// A key that needs no quotes in TOML (`A-Za-z0-9_-`).
fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if is_bare_key(key) {
                        f.write_str(key)?;
                    } else {
                        write!(f, "{key:?}")?;
                    }
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_toml() {
        let path = KeyPath::of(&["population", "age_band_shares"]).index(3);
        assert_eq!(path.to_string(), "population.age_band_shares[3]");
        let custom = KeyPath::of(&["interventions", "custom", "val preventie", "uptake"]);
        assert_eq!(
            custom.to_string(),
            "interventions.custom.\"val preventie\".uptake"
        );
        assert_eq!(
            custom.parent().table_name(),
            "[interventions.custom.\"val preventie\"]"
        );
        assert_eq!(KeyPath::root().table_name(), "the top-level table");
    }
}
