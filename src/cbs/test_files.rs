//! The tests' files: CBS's real downloads, and a folder for synthetic
//! copies of them.

/// Where the real CBS files of the tests are: `shared/data/cbs` beside the
/// crate's folder.
pub(crate) fn test_data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/cbs")
        .join(name)
}

/// A fresh folder for one test's synthetic files, under the system's
/// temporary folder with a unique name, removed when dropped (also when
/// the test fails).
pub(crate) fn test_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("buurtsim-cbs-")
        .tempdir()
        .unwrap()
}
