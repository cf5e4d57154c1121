//! `--csv excel-nl`: every CSV file of a run, a sweep, a merge and
//! `validate` is written for Dutch Excel (semicolons, decimal commas, a
//! UTF-8 byte-order mark) with the same numbers as the plain files, and
//! buurtsim reads such folders back (`compare`).

use assert_cmd::cargo::cargo_bin_cmd;
use buurtsim::output::dialect::normalise;
use std::fs;
use std::path::Path;

mod common;
use common::files;

const SMALL: &str = "\
name = \"excel\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 4
";

fn buurtsim(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("buurtsim");
    cmd.current_dir(dir);
    cmd
}

/// Every CSV file under `excel` is the Excel form of the same file under
/// `plain`: BOM, semicolons, decimal commas, and back to the same bytes.
fn assert_excel_form_of(plain: &Path, excel: &Path) {
    let csvs: Vec<_> = files(plain)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    assert!(!csvs.is_empty(), "no CSV files in {}", plain.display());
    for name in csvs {
        let p = fs::read(plain.join(&name)).unwrap();
        let e = fs::read(excel.join(&name)).unwrap();
        assert!(
            e.starts_with(b"\xEF\xBB\xBF"),
            "{} has no BOM",
            name.display()
        );
        let text = String::from_utf8(e.clone()).unwrap();
        let header = text.lines().next().unwrap();
        assert!(
            header.contains(';') && !header.contains(','),
            "{}: {header}",
            name.display()
        );
        let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
        // Some decimal comma, and no decimal dot between two digits.
        assert!(
            body.as_bytes()
                .windows(3)
                .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit()),
            "{}: no decimal comma",
            name.display()
        );
        assert!(
            !body
                .as_bytes()
                .windows(3)
                .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit()),
            "{}: a decimal dot is left",
            name.display()
        );
        assert!(
            normalise(e).unwrap() == p,
            "{} does not read back to the plain file",
            name.display()
        );
    }
}

#[test]
fn runs_sweeps_and_merges_write_excel_csv_that_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("a.toml"), SMALL).unwrap();
    fs::write(
        dir.join("b.toml"),
        format!("{SMALL}\n[interventions.carer_support]\ncoverage = 0.5\n"),
    )
    .unwrap();

    // A run of two scenarios: per-scenario files and comparison.csv.
    for (out, style) in [("plain", "plain"), ("excel", "excel-nl")] {
        buurtsim(dir)
            .args(["run", "a.toml", "b.toml", "-o", out, "--csv", style])
            .assert()
            .success();
    }
    assert_excel_form_of(&dir.join("plain"), &dir.join("excel"));
    let info = fs::read_to_string(dir.join("excel/run-info.toml")).unwrap();
    assert!(info.contains("csv = \"excel-nl\""), "{info}");
    assert!(!fs::read_to_string(dir.join("plain/run-info.toml"))
        .unwrap()
        .contains("csv ="));

    // `compare` reads Excel folders as it reads plain ones.
    let table = |a: &str, b: &str| {
        let out = buurtsim(dir).args(["compare", a, b]).assert().success();
        out.get_output().stdout.clone()
    };
    assert_eq!(
        table("plain/a", "plain/b"),
        table("excel/a", "excel/b"),
        "compare reads Excel CSV differently"
    );
    buurtsim(dir)
        .args([
            "compare",
            "excel/a",
            "excel/b",
            "-o",
            "cmp-excel",
            "--csv",
            "excel-nl",
        ])
        .assert()
        .success();
    buurtsim(dir)
        .args(["compare", "plain/a", "plain/b", "-o", "cmp-plain"])
        .assert()
        .success();
    assert_excel_form_of(&dir.join("cmp-plain"), &dir.join("cmp-excel"));

    // Shards merged with --csv excel-nl: the Excel form of the whole run.
    for k in 1..=2 {
        buurtsim(dir)
            .args(["run", "a.toml", "b.toml", "-o", &format!("s{k}")])
            .args(["--shard", &format!("{k}/2")])
            .assert()
            .success();
    }
    buurtsim(dir)
        .args(["merge", "s1", "s2", "-o", "merged", "--csv", "excel-nl"])
        .assert()
        .success();
    assert_excel_form_of(&dir.join("plain"), &dir.join("merged"));

    // A sweep.
    fs::write(
        dir.join("sweep.toml"),
        format!(
            "{SMALL}\n[interventions.carer_support]\n\n[sweep]\nmethod = \"grid\"\n\
             replications = 2\n[sweep.parameters]\n\
             \"interventions.carer_support.coverage\" = [0.25, 0.5]\n"
        ),
    )
    .unwrap();
    for (out, style) in [("sweep-plain", "plain"), ("sweep-excel", "excel-nl")] {
        buurtsim(dir)
            .args(["sweep", "sweep.toml", "-o", out, "--csv", style])
            .assert()
            .success();
    }
    assert_excel_form_of(&dir.join("sweep-plain"), &dir.join("sweep-excel"));

    // The report reads Excel folders and draws the same page as from plain
    // ones (which differ only where they name their folder).
    for (plain, excel) in [("plain", "excel"), ("sweep-plain", "sweep-excel")] {
        let page = |folder: &str| {
            let copy = format!("zz-report-{}", folder.len());
            fs::rename(dir.join(folder), dir.join(&copy)).unwrap();
            buurtsim(dir)
                .args(["report", &copy, "-o", "page.html", "--force"])
                .assert()
                .success();
            fs::rename(dir.join(&copy), dir.join(folder)).unwrap();
            fs::read(dir.join("page.html")).unwrap()
        };
        assert!(
            page(plain) == page(excel),
            "the report of {excel} differs from that of {plain}"
        );
    }
}

#[test]
fn an_unknown_csv_style_is_refused_naming_the_valid_ones() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.toml"), SMALL).unwrap();
    let out = buurtsim(tmp.path())
        .args(["run", "a.toml", "-o", "out", "--csv", "excel"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("excel-nl") && stderr.contains("plain"),
        "{stderr}"
    );
    assert!(!tmp.path().join("out").exists());
}
