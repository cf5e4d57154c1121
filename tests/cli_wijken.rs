//! `buurtsim wijken FILE` end to end on CBS's own downloads in
//! `../shared/data/cbs`: the table, the filters, and one-line refusals.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::PathBuf;

/// A real CBS file beside the crate's folder.
fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/cbs")
        .join(name)
}

/// `buurtsim wijken ARGS`: exit code, standard output, standard error.
fn wijken(args: &[&str]) -> (Option<i32>, String, String) {
    let output = cargo_bin_cmd!("buurtsim")
        .arg("wijken")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn lists_every_region_in_file_order() {
    let file = data("kwb-2019-den-haag.csv");
    let (code, out, err) = wijken(&[file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "code",
            "kind",
            "residents",
            "share",
            "65+",
            "households",
            "name"
        ]
    );
    let row = |code: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap_or_else(|| panic!("no row for {code}:\n{out}"))
            .split_whitespace()
            .collect()
    };
    // 1680 of the bands' 8250 residents are 65+.
    assert_eq!(
        row("WK051802"),
        ["WK051802", "wijk", "8245", "0.204", "4190", "-"]
    );
    assert_eq!(
        row("GM0518"),
        ["GM0518", "gemeente", "537833", "0.145", "263371", "-"]
    );
    // A wijk without residents has no share.
    assert_eq!(row("WK051801"), ["WK051801", "wijk", "0", "-", "0", "-"]);
    // File order: the gemeente first, each wijk before its buurten.
    assert!(lines[1].starts_with("GM0518 ") && lines[2].starts_with("WK051801 "));
    assert_eq!(lines.len(), 1 + 159 + 1);
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("159 regions (1 gemeente, 44 wijken, 114 buurten)")
            && last.contains("codes only")
            && last.contains("Gebieden in Nederland"),
        "{last}"
    );
    // The columns line up: every row is as wide as the header up to the name.
    let name_at = lines[0].find("name").unwrap();
    assert!(lines[1..lines.len() - 1]
        .iter()
        .all(|l| l.len() > name_at && l.as_bytes()[name_at - 1] == b' '));
}

#[test]
fn kind_and_gemeente_filter_the_rows() {
    let file = data("kwb-2019-den-haag.csv");
    let (code, out, err) = wijken(&[file.to_str().unwrap(), "--kind", "wijk"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\nWK051802 "), "{out}");
    assert!(!out.contains("BU0518") && !out.contains("GM0518 "), "{out}");
    assert!(out.contains("44 regions (0 gemeenten, 44 wijken, 0 buurten)"));
    let (code, out, _) = wijken(&[
        file.to_str().unwrap(),
        "--gemeente",
        "gm0518",
        "--kind",
        "gemeente",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("1 region (1 gemeente, 0 wijken, 0 buurten)"),
        "{out}"
    );
    // The Amsterdam download has the gemeente's name.
    let amsterdam = data("kwb-2019-amsterdam-part-a.csv");
    let (code, out, _) = wijken(&[amsterdam.to_str().unwrap(), "--kind", "gemeente"]);
    assert_eq!(code, Some(0));
    assert!(
        out.lines().nth(1).unwrap().ends_with("  Amsterdam"),
        "{out}"
    );
}

/// Standard error is one `buurtsim: ` line and the exit code 2.
fn refused(args: &[&str]) -> String {
    let (code, out, err) = wijken(args);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty(), "{out}");
    let line = err.strip_suffix('\n').unwrap();
    assert!(
        !line.contains('\n') && line.starts_with("buurtsim: "),
        "{err}"
    );
    line.to_string()
}

#[test]
fn refuses_a_missing_file_and_wrong_filters_in_one_line() {
    let missing = data("no-such-download.csv");
    let message = refused(&[missing.to_str().unwrap()]);
    assert!(
        message.contains("no-such-download.csv: there is no such file"),
        "{message}"
    );
    let ages = data("age-2019-den-haag-03759NED.csv");
    let message = refused(&[ages.to_str().unwrap()]);
    assert!(
        message.contains("is not a CBS Kerncijfers wijken en buurten table: no columns"),
        "{message}"
    );
    let file = data("kwb-2019-den-haag.csv");
    let message = refused(&[file.to_str().unwrap(), "--gemeente", "GM0363"]);
    assert!(
        message.contains("has no regions of gemeente GM0363; it holds GM0518"),
        "{message}"
    );
    let message = refused(&[file.to_str().unwrap(), "--kind", "district"]);
    assert!(
        message.contains("expected gemeente, wijk or buurt"),
        "{message}"
    );
}
