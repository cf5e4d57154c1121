//! Bad input to `[population.cbs]` gets one clear line (issue 18): the
//! scenario file and line of the key at fault, the key, and what is wrong
//! with the CBS file (its line where there is one). Each case runs
//! `buurtsim check` on a scenario written into a temporary folder next to
//! copies of the shipped CBS files.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

/// A temporary folder with the shipped CBS files and a scenario writer.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("buurtsim-cbs-errors-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cbs");
        for file in [
            "kwb-2019-den-haag.csv",
            "age-2019-den-haag-03759NED.csv",
            "age-2019-utrecht-03759NED.csv",
        ] {
            fs::copy(data.join(file), dir.join(file)).unwrap();
        }
        Self(dir)
    }

    /// `buurtsim check wijk.toml` with this `[population.cbs]` body; the
    /// error message.
    fn check(&self, cbs: &str) -> String {
        let text = format!("name = \"wijk\"\n\n[population.cbs]\n{cbs}");
        fs::write(self.0.join("wijk.toml"), text).unwrap();
        common::user_error(&self.0, &["check", "wijk.toml"])
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const KWB: &str = "kerncijfers = \"kwb-2019-den-haag.csv\"\n";
const AGES: &str = "ages = \"age-2019-den-haag-03759NED.csv\"\n";

#[test]
fn an_unknown_code_suggests_near_codes() {
    let f = Folder::new("unknown");
    let message = f.check(&format!("{KWB}{AGES}region = \"WK051899\"\n"));
    common::assert_mentions(
        &message,
        &["wijk.toml:6", "population.cbs.region", "WK051899", "WK0518"],
    );
}

#[test]
fn a_missing_file_names_the_key_and_the_path() {
    let f = Folder::new("missing");
    let message = f.check(&format!(
        "kerncijfers = \"nowhere.csv\"\n{AGES}region = \"WK051802\"\n"
    ));
    common::assert_mentions(
        &message,
        &["wijk.toml:4", "population.cbs.kerncijfers", "nowhere.csv"],
    );
    let message = f.check(&format!("{KWB}region = \"WK051802\"\n"));
    common::assert_mentions(&message, &["population.cbs.ages", "03759NED"]);
}

#[test]
fn a_file_that_is_not_a_kerncijfers_table_says_so() {
    let f = Folder::new("wrong-table");
    let message = f.check("kerncijfers = \"age-2019-den-haag-03759NED.csv\"\nages = \"age-2019-den-haag-03759NED.csv\"\nregion = \"WK051802\"\n");
    common::assert_mentions(
        &message,
        &[
            "population.cbs.kerncijfers",
            "AantalInwoners",
            "Kerncijfers",
        ],
    );
}

#[test]
fn a_tiny_region_is_refused_with_the_reason() {
    let f = Folder::new("tiny");
    // WK051801 has no residents.
    let message = f.check(&format!("{KWB}{AGES}region = \"WK051801\"\n"));
    common::assert_mentions(&message, &["population.cbs.region", "WK051801", "500"]);
}

#[test]
fn ages_of_another_gemeente_are_refused() {
    let f = Folder::new("other-gemeente");
    let message = f.check(&format!(
        "{KWB}ages = \"age-2019-utrecht-03759NED.csv\"\nregion = \"WK051802\"\n"
    ));
    common::assert_mentions(&message, &["population.cbs.ages", "GM0344", "GM0518"]);
}

#[test]
fn columns_of_another_year_read_the_same() {
    let f = Folder::new("other-year");
    // The 2024 table numbers its columns differently: match on the stem.
    let text = fs::read_to_string(f.0.join("kwb-2019-den-haag.csv")).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let renamed = header.replace("_29\"", "_30\"").replace("_28\"", "_29\"");
    fs::write(f.0.join("kwb-2024.csv"), format!("{renamed}\n{rest}")).unwrap();
    fs::write(
        f.0.join("wijk.toml"),
        format!("name = \"wijk\"\n\n[population.cbs]\nkerncijfers = \"kwb-2024.csv\"\n{AGES}region = \"WK051802\"\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["check", "wijk.toml"])
        .current_dir(&f.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("residents = 8245"), "{text}");
}
