//! Helpers shared by the integration tests that compare output folders.
#![allow(dead_code)] // each test binary uses its own subset

use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The files that must be byte-identical between equivalent runs: all of
/// them but `run-info.toml`, which records how a copy was made.
pub fn reproducible_files(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| p != Path::new("run-info.toml"))
        .collect()
}

/// `a` and `b` hold the same reproducible files with the same bytes.
pub fn assert_same_output(a: &Path, b: &Path) {
    let names = reproducible_files(a);
    assert_eq!(
        names,
        reproducible_files(b),
        "{} and {}",
        a.display(),
        b.display()
    );
    assert!(!names.is_empty());
    for name in names {
        assert!(
            fs::read(a.join(&name)).unwrap() == fs::read(b.join(&name)).unwrap(),
            "{} differs between {} and {}",
            name.display(),
            a.display(),
            b.display()
        );
    }
}
