//! Every class of bad input, through the real binary: each is answered
//! with exit code 2 and one paragraph on standard error (see
//! `common::user_error`) that names the file, `file:line:column` where the
//! fault has a place, the key or dotted path, what is valid (type, unit,
//! range) and, for a typo, the nearest valid key. A bad scenario file is
//! answered the same way by `run`, `check`, `sweep` and `validate`, and none
//! of them writes anything. `compare` and the output folders have their
//! own classes at the end, with the `--force` guarantee: a run that fails
//! leaves the old folder byte for byte as it was.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{assert_mentions, snapshot, user_error, user_error_via};

/// A quick valid scenario (a fraction of a second per replication).
const SMALL: &str = "\
[population]
residents = 300

[run]
years = 1
warmup_years = 0
replications = 2
";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

/// Runs `file` through `run`, `check`, `sweep` and `validate`; each must
/// refuse it with the same one-paragraph message and write nothing.
/// Returns the message.
fn through_every_command(dir: &Path, file: &str) -> String {
    let commands: [&[&str]; 4] = [
        &["run", file, "-o", "out"],
        &["check", file],
        &["sweep", file, "-o", "sweep-out"],
        &["validate", file, "--replications", "2", "-o", "v.csv"],
    ];
    let mut first: Option<String> = None;
    for args in commands {
        let message = user_error(dir, args);
        match &first {
            None => first = Some(message),
            Some(m) => assert_eq!(&message, m, "buurtsim {} differs", args.join(" ")),
        }
    }
    for written in ["out", ".out.partial", "sweep-out", "v.csv"] {
        assert!(!dir.join(written).exists(), "{written} was written");
    }
    first.unwrap()
}

/// A scenario `x.toml` with `text`, through every command.
fn scenario_error(text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "x.toml", text);
    through_every_command(tmp.path(), "x.toml")
}

// --- The scenario file itself -------------------------------------------

#[test]
fn syntax_error() {
    let m = scenario_error("name = \"x\"\n[gp]\nfte = \n");
    assert_mentions(&m, &["x.toml:3:7: TOML syntax error: ", "quoted"]);
    let m = scenario_error("[gp\nfte = 5\n");
    assert_mentions(&m, &["x.toml:1:4: TOML syntax error: "]);
    let m = scenario_error("[gp]\nfte = 5\nfte = 6\n");
    assert_mentions(&m, &["x.toml:3:1: TOML syntax error: ", "duplicate key"]);
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let m = scenario_error("[interventions.carer_support]\nstart_year = 0\ncovrage = 0.3\n");
    assert_mentions(
        &m,
        &[
            "x.toml:3:1: ",
            "unknown key `covrage` in [interventions.carer_support]",
            "did you mean `coverage` (share, 0 to 1)?",
        ],
    );
    // A known key in the wrong table is sent to its table.
    let m = scenario_error("[run]\nfte = 6\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:1: ",
            "unknown key `fte` in [run]",
            "`fte` is a key of [gp]",
        ],
    );
    // An unknown table.
    let m = scenario_error("[gpp]\nfte = 6\n");
    assert_mentions(&m, &["x.toml:1:", "unknown key `gpp`", "did you mean `gp`"]);
}

#[test]
fn wrong_type() {
    let m = scenario_error("[gp]\nfte = \"five\"\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:7: invalid value for `gp.fte`",
            "expected a number, found string \"five\"",
            "valid is over 0, up to 1000 (FTE)",
        ],
    );
    let m = scenario_error("[run]\nyears = 2.5\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:9: invalid value for `run.years`",
            "expected a whole number",
            "valid is 1 to 200 (years)",
        ],
    );
    let m = scenario_error("[gp]\nepisode_multiplier_by_state = 3\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:31: invalid value for `gp.episode_multiplier_by_state`",
            "expected an array of length 3",
        ],
    );
    let m = scenario_error("[interventions.hybrid_care]\npayer = \"zvv\"\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:9: invalid value for `interventions.hybrid_care.payer`",
            "did you mean `zvw`?",
        ],
    );
    for m in [&m] {
        for rust in ["f64", "u32", "i128", "sequence", "struct"] {
            assert!(!m.contains(rust), "{m}");
        }
    }
}

#[test]
fn out_of_range() {
    let m = scenario_error("[interventions.carer_support]\ncoverage = 1.4\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:12: `interventions.carer_support.coverage` = 1.4 is out of range",
            "valid is 0 to 1 (share)",
        ],
    );
    // Several: the first is reported, the others named.
    let m = scenario_error("[run]\nreplications = 0\n[population]\nresidents = 0\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:16: `run.replications` = 0 is out of range: valid is 1 to 1000000",
            "Also out of range: `population.residents`",
        ],
    );
}

#[test]
fn negative_value() {
    let m = scenario_error("[gp]\nfte = -2\n");
    assert_mentions(
        &m,
        &["x.toml:2:7: `gp.fte` = -2 is out of range: valid is over 0, up to 1000 (FTE)"],
    );
    let m = scenario_error("[run]\nyears = -3\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:9: invalid value for `run.years`",
            "found integer `-3`",
            "valid is 1 to 200 (years)",
        ],
    );
}

#[test]
fn nan_and_infinity() {
    for (value, shown) in [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf")] {
        let m = scenario_error(&format!("[gp]\nfte = {value}\n"));
        assert_mentions(
            &m,
            &[
                &format!("x.toml:2:7: `gp.fte` = {shown} is not a finite number"),
                "valid is over 0, up to 1000 (FTE)",
            ],
        );
    }
    let m = scenario_error(
        "[population]\nage_band_shares = [1,1,1,1,1, 1,1,1,1,1, 1,1,nan,1,1, 1,1,1,1,1]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:2:",
            "`population.age_band_shares[12]` = nan is not a finite number",
        ],
    );
}

#[test]
fn integer_overflow() {
    // Beyond 64 bits, beyond the key's type (u32), and beyond TOML's floats.
    let m = scenario_error("[run]\nreplications = 99999999999999999999\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:16: invalid value for `run.replications`",
            "found integer `99999999999999999999`, which is far too large",
            "valid is 1 to 1000000 (replications)",
        ],
    );
    assert!(!m.contains("i128"), "{m}");
    let m = scenario_error("[run]\nyears = 5000000000\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:9: invalid value for `run.years`",
            "5000000000",
            "valid is 1 to 200 (years)",
        ],
    );
    let m = scenario_error("[run]\nseed = -1\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:8: invalid value for `run.seed`",
            "valid is 0 to 9223372036854775807",
        ],
    );
    let m = scenario_error("[gp]\nfte = 1e400\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:7: invalid value for `gp.fte`",
            "too large",
            "valid is over 0, up to 1000 (FTE)",
        ],
    );
}

/// Values that are valid one by one but not together. (`run.warmup_years`
/// is simulated before and in addition to `run.years`, so a warm-up as long
/// as the run is allowed; what is checked is the total length.)
#[test]
fn inconsistent_values() {
    let m = scenario_error("[run]\nyears = 150\nwarmup_years = 100\n");
    assert_mentions(
        &m,
        &[
            "x.toml:2:9: `run.years` = 150: with `run.warmup_years` = 100 the run is 250 years",
            "at most 200",
        ],
    );
    // Two shares of one whole.
    let m = scenario_error(
        "[interventions.hybrid_care]\nface_to_face_follow_up_share = 0.7\nphone_follow_up_share = 0.5\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:3:25: `interventions.hybrid_care.phone_follow_up_share` = 0.5",
            "`face_to_face_follow_up_share` = 0.7",
            "may add up to at most 1",
        ],
    );
    // Age-band shares are weights: all zero leaves no one to simulate.
    let zeros = vec!["0"; 20].join(", ");
    let m = scenario_error(&format!("[population]\nage_band_shares = [{zeros}]\n"));
    assert_mentions(
        &m,
        &[
            "x.toml:2:",
            "`population.age_band_shares` are all 0",
            "positive sum",
        ],
    );
    let m = scenario_error("[population]\nage_band_shares = [0.5, 0.5]\n");
    assert_mentions(
        &m,
        &["x.toml:2:", "`population.age_band_shares`", "exactly 20"],
    );
    // Uptake of a programme whose target group is empty.
    let m = scenario_error(
        "[interventions.custom.valpreventie]\nuptake = 0.4\n[interventions.custom.valpreventie.target]\nmin_age = 80\nmax_age = 65\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:5:11: `interventions.custom.valpreventie.target.max_age` = 65 is below `min_age` = 80",
            "no one would be in the target group",
        ],
    );
}

#[test]
fn empty_population() {
    let m = scenario_error("[population]\nresidents = 0\n");
    assert_mentions(
        &m,
        &["x.toml:2:13: `population.residents` = 0 is out of range: valid is 1 to 5000000 (persons)"],
    );
}

#[test]
fn extends_a_missing_file_resolves_against_the_including_file() {
    let tmp = tempfile::tempdir().unwrap();
    // base.toml exists beside the working folder, not beside the child:
    // the child's `extends` is relative to the child.
    write(tmp.path(), "base.toml", SMALL);
    write(
        tmp.path(),
        "sub/child.toml",
        "name = \"c\"\nextends = \"base.toml\"\n",
    );
    let m = through_every_command(tmp.path(), "sub/child.toml");
    assert_mentions(
        &m,
        &[
            "sub/child.toml:2:11: `extends` names sub/base.toml, which does not exist",
            "relative to the file that contains them",
        ],
    );
    // And `../base.toml` finds it.
    write(tmp.path(), "sub/child.toml", "extends = \"../base.toml\"\n");
    let out = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["check", "sub/child.toml"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn extends_cycle_names_the_chain() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.toml", "extends = \"b.toml\"\n");
    write(tmp.path(), "b.toml", "\nextends = \"c.toml\"\n");
    write(tmp.path(), "c.toml", "extends = \"a.toml\"\n");
    let m = through_every_command(tmp.path(), "a.toml");
    assert_mentions(
        &m,
        &[
            "c.toml:1:11: `extends` forms a cycle: a.toml -> b.toml -> c.toml -> a.toml",
            "remove one of these `extends` lines",
        ],
    );
}

#[test]
fn not_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("x.toml"),
        b"name = \"x\"\ndescription = \"caf\xe9\"\n",
    )
    .unwrap();
    let m = through_every_command(tmp.path(), "x.toml");
    assert_mentions(
        &m,
        &[
            "x.toml:2:19: the file is not UTF-8 text",
            "save it as UTF-8",
        ],
    );
}

#[test]
fn a_folder_instead_of_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("scenarios.toml")).unwrap();
    let m = through_every_command(tmp.path(), "scenarios.toml");
    assert_mentions(
        &m,
        &[
            "scenarios.toml: scenario file is a folder, not a file",
            "give the path of a scenario .toml file",
        ],
    );
}

#[test]
fn a_file_that_does_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let m = through_every_command(tmp.path(), "nothere.toml");
    assert_eq!(m, "nothere.toml: scenario file does not exist");
}

// --- Sweeps -------------------------------------------------------------

fn sweep_error(program_on: bool, sweep: &str) -> String {
    let on = if program_on {
        "[interventions.carer_support]\n"
    } else {
        ""
    };
    scenario_error(&format!("{SMALL}{on}[sweep]\n{sweep}"))
}

#[test]
fn sweep_unknown_path_suggests_the_nearest() {
    let m = sweep_error(
        true,
        "method = \"grid\"\n[sweep.parameters]\n\"interventions.carer_support.covrage\" = [0.2, 0.4]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:12:41: ",
            "`sweep.parameters.\"interventions.carer_support.covrage\"` names no parameter",
            "did you mean `interventions.carer_support.coverage`?",
        ],
    );
    // The typo is caught even before the programme is switched on.
    let m = sweep_error(
        false,
        "method = \"grid\"\n[sweep.parameters]\n\"interventions.carer_support.covrage\" = [0.2, 0.4]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:11:41: ",
            "did you mean `interventions.carer_support.coverage`?",
        ],
    );
    // A correct key of a programme that is off says to switch it on.
    let m = sweep_error(
        false,
        "method = \"grid\"\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = [0.2, 0.4]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:11:",
            "which this scenario does not switch on",
            "add [interventions.carer_support]",
        ],
    );
    let m = sweep_error(
        false,
        "method = \"grid\"\n[sweep.parameters]\n\"gp.episode_rate_by_age[9]\" = [0.2]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:11:",
            "`gp.episode_rate_by_age` has 7 values, so its indices are 0 to 6",
        ],
    );
    let m = sweep_error(
        false,
        "method = \"grid\"\n[sweep.parameters]\n\"gp..fte\" = [5]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:11:",
            "`sweep.parameters.\"gp..fte\"` is not a parameter path: ",
        ],
    );
    assert_eq!(m.matches("is not a parameter path").count(), 1, "{m}");
}

#[test]
fn sweep_bad_range_and_values() {
    let m = sweep_error(
        true,
        "method = \"lhs\"\npoints = 4\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = { min = 0.6, max = 0.2 }\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:13:61: ",
            "`sweep.parameters.\"interventions.carer_support.coverage\".max` = 0.2 is not above `min` = 0.6",
        ],
    );
    let m = sweep_error(
        true,
        "method = \"grid\"\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = [0.2, 1.4]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:12:",
            "`sweep.parameters.\"interventions.carer_support.coverage\"[1]` = 1.4 is not a valid value",
            "valid is 0 to 1 (share)",
        ],
    );
    let m = sweep_error(
        false,
        "method = \"gird\"\n[sweep.parameters]\n\"gp.fte\" = [5, 6]\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:9:10: invalid value for `sweep.method`",
            "did you mean `grid`?",
        ],
    );
}

#[test]
fn sweep_grid_with_empty_values() {
    let m = sweep_error(
        true,
        "method = \"grid\"\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = []\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:12:42: ",
            "`sweep.parameters.\"interventions.carer_support.coverage\"` has no values",
        ],
    );
    let m = sweep_error(false, "method = \"grid\"\n[sweep.parameters]\n");
    assert_mentions(&m, &["x.toml:", "`sweep.parameters` is empty"]);
}

#[test]
fn sweep_lhs_without_points() {
    let m = sweep_error(
        true,
        "method = \"lhs\"\n[sweep.parameters]\n\"interventions.carer_support.coverage\" = { min = 0.2, max = 0.6 }\n",
    );
    assert_mentions(
        &m,
        &[
            "x.toml:10:10: `sweep.points` is missing",
            "method = \"lhs\" needs the number of points",
        ],
    );
    let m = sweep_error(
        false,
        "method = \"lhs\"\npoints = 0\n[sweep.parameters]\n\"gp.fte\" = { min = 5, max = 6 }\n",
    );
    assert_mentions(
        &m,
        &["x.toml:10:10: `sweep.points` = 0 is out of range: valid is 1 to 100000"],
    );
}

// --- compare --------------------------------------------------------------

/// A finished run of SMALL into `out/`.
fn finished_run(dir: &Path) {
    write(dir, "small.toml", SMALL);
    let out = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["run", "small.toml", "-o", "out"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn compare_refuses_what_is_not_an_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    finished_run(dir);
    let m = user_error(dir, &["compare", "out/small", "nope"]);
    assert_mentions(
        &m,
        &[
            "cannot read nope: there is no such folder",
            "such as out/baseline",
        ],
    );
    fs::create_dir(dir.join("empty")).unwrap();
    let m = user_error(dir, &["compare", "out/small", "empty"]);
    assert_mentions(
        &m,
        &["cannot read empty: it is not a buurtsim output folder (it has no manifest.toml)"],
    );
    let m = user_error(dir, &["compare", "out/small", "small.toml"]);
    assert_mentions(&m, &["cannot read small.toml: it is a file, not a folder"]);
    // The run folder instead of a scenario folder in it.
    let m = user_error(dir, &["compare", "out", "out/small"]);
    assert_mentions(
        &m,
        &[
            "cannot read out: it is a run folder holding the scenario folders small/",
            "e.g. out/small",
        ],
    );
}

#[test]
fn compare_names_the_manifest_field_that_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    finished_run(dir);
    let manifest = fs::read_to_string(dir.join("out/small/manifest.toml")).unwrap();
    let copy = |name: &str, text: &str| {
        fs::create_dir_all(dir.join(name)).unwrap();
        fs::copy(
            dir.join("out/small/replications.csv"),
            dir.join(name).join("replications.csv"),
        )
        .unwrap();
        fs::write(dir.join(name).join("manifest.toml"), text).unwrap();
    };
    let version = manifest
        .lines()
        .find(|l| l.starts_with("buurtsim_version = "))
        .unwrap();
    copy(
        "old",
        &manifest.replacen(version, "buurtsim_version = \"0.0.1\"", 1),
    );
    let m = user_error(dir, &["compare", "out/small", "old"]);
    assert_mentions(
        &m,
        &[
            "out/small",
            "old",
            "0.0.1",
            "the field `buurtsim_version` differs",
        ],
    );

    let seed = manifest.lines().find(|l| l.starts_with("seed = ")).unwrap();
    copy("edited", &manifest.replacen(seed, "seed = \"twelve\"", 1));
    let m = user_error(dir, &["compare", "out/small", "edited"]);
    assert_mentions(
        &m,
        &[
            "edited/manifest.toml",
            "the field `seed` is not a whole number",
            "run the scenario again",
        ],
    );
    copy("broken", "seed = [\n");
    let m = user_error(dir, &["compare", "out/small", "broken"]);
    assert_mentions(
        &m,
        &["broken/manifest.toml: line 1", "run the scenario again"],
    );
}

// --- Output folders ---------------------------------------------------------

#[test]
fn output_under_a_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    finished_run(dir);
    write(
        dir,
        "sweep.toml",
        &format!("{SMALL}[sweep]\nmethod = \"grid\"\n[sweep.parameters]\n\"gp.fte\" = [5, 6]\n"),
    );
    write(dir, "somefile", "not a folder");
    for (args, what) in [
        (
            &["run", "small.toml", "-o", "somefile/out"][..],
            "output folder somefile/out",
        ),
        (
            &["sweep", "sweep.toml", "-o", "somefile/out"][..],
            "output folder somefile/out",
        ),
        (
            &[
                "validate",
                "small.toml",
                "--replications",
                "2",
                "-o",
                "somefile/v.csv",
            ][..],
            "file somefile/v.csv",
        ),
    ] {
        let m = user_error(dir, args);
        assert_mentions(
            &m,
            &[
                &format!("cannot create the {what}: somefile is a file, not a folder"),
                "choose another path with -o",
            ],
        );
    }
    let m = user_error(
        dir,
        &["compare", "out/small", "out/small", "-o", "somefile/cmp"],
    );
    assert_mentions(
        &m,
        &[
            "cannot create the output folder somefile/cmp: somefile is a file, not a folder",
            "choose another path with -o",
        ],
    );
    // The output path itself is a file.
    let m = user_error(dir, &["run", "small.toml", "-o", "somefile"]);
    assert_mentions(
        &m,
        &["the output path somefile exists and is not a folder", "-o"],
    );
    assert_eq!(
        fs::read_to_string(dir.join("somefile")).unwrap(),
        "not a folder"
    );
}

/// Permissions do not stop root: where a file can be created in a 0555
/// folder, this test says so and skips.
#[test]
fn output_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    finished_run(dir);
    write(
        dir,
        "sweep.toml",
        &format!("{SMALL}[sweep]\nmethod = \"grid\"\n[sweep.parameters]\n\"gp.fte\" = [5, 6]\n"),
    );
    let ro = dir.join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    // As root, whom permissions do not stop, buurtsim runs as the
    // unprivileged user `nobody` (setpriv, util-linux), so this test runs
    // on CI too instead of passing without checking anything.
    let as_root = fs::write(ro.join("probe"), "x").is_ok();
    let wrapper: &[&str] = if as_root {
        fs::remove_file(ro.join("probe")).unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else {
        &[]
    };
    let user_error = |dir: &Path, args: &[&str]| user_error_via(dir, wrapper, args);
    for (args, what) in [
        (
            &["run", "small.toml", "-o", "ro/out"][..],
            "output folder ro/out",
        ),
        (
            &["run", "small.toml", "-o", "ro/deeper/out"][..],
            "output folder ro/deeper/out",
        ),
        (
            &["sweep", "sweep.toml", "-o", "ro/out"][..],
            "output folder ro/out",
        ),
        (
            &[
                "validate",
                "small.toml",
                "--replications",
                "2",
                "-o",
                "ro/v.csv",
            ][..],
            "file ro/v.csv",
        ),
        // The folder itself read-only: replacing it means moving it.
        (&["run", "small.toml", "-o", "ro"][..], "output folder ro"),
    ] {
        let m = user_error(dir, args);
        assert_mentions(
            &m,
            &[
                &format!(
                    "cannot create the {what}: ro is not writable for you (permission denied)"
                ),
                "choose a folder you may write to with -o",
                "chmod u+w ro",
            ],
        );
    }
    let m = user_error(
        dir,
        &["compare", "out/small", "out/small", "-o", "ro/c.csv"],
    );
    assert_mentions(
        &m,
        &[
            "cannot create the output folder ro/c.csv: ro is not writable for you",
            "chmod u+w ro",
        ],
    );
    assert_eq!(fs::read_dir(&ro).unwrap().count(), 0);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
}

/// `--force` replaces the old folder only after the new run has succeeded:
/// a run that fails (a bad scenario, a file where its work would go, a
/// `kill -9` in the middle) leaves it byte for byte as it was.
#[test]
fn force_after_a_failing_run_leaves_the_old_folder_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    finished_run(dir);
    let before = snapshot(&dir.join("out"));
    assert!(!before.is_empty());

    // Refused before any work.
    write(dir, "bad.toml", "[population]\nresidents = \"many\"\n");
    user_error(dir, &["run", "bad.toml", "-o", "out", "--force"]);
    assert_eq!(snapshot(&dir.join("out")), before);
    // A file where the run keeps its unfinished work.
    write(dir, ".out.partial", "in the way");
    let m = user_error(dir, &["run", "small.toml", "-o", "out", "--force"]);
    assert_mentions(&m, &[".out.partial is in the way", "move it away"]);
    assert_eq!(snapshot(&dir.join("out")), before);
    fs::remove_file(dir.join(".out.partial")).unwrap();

    // Past every check, killed in the middle of the run.
    write(
        dir,
        "long.toml",
        "[population]\nresidents = 2000\n[run]\nyears = 2\nwarmup_years = 1\nreplications = 300\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_buurtsim"))
        .args(["run", "long.toml", "-o", "out", "--force", "--threads", "1"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let records = dir.join(".out.partial/long/records.csv");
    let started = Instant::now();
    while fs::read_to_string(&records).map_or(0, |t| t.matches('\n').count()) < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no records appeared"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed; raise `replications`"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        snapshot(&dir.join("out")),
        before,
        "the killed --force run changed out/"
    );
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".out.lock", ".out.partial"],
        "only the lock and the resumable work are left beside out/"
    );
}

/// Mistakes in the arguments themselves (not in a file) get one paragraph
/// too: clap's message, its tip and the usage line on one line, exit 2.
#[test]
fn command_line_mistakes_are_one_paragraph_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let m = user_error(dir, &["run", "a.toml", "-o", "x", "--threads", "0"]);
    assert_mentions(&m, &["invalid value '0' for '--threads <N>'", "--help"]);
    let m = user_error(dir, &["run", "a.toml", "-o", "x", "--thread", "2"]);
    assert_mentions(
        &m,
        &[
            "unexpected argument '--thread' found",
            "tip: a similar argument exists: '--threads'",
            "usage: buurtsim run",
        ],
    );
    let m = user_error(dir, &["run"]);
    assert_mentions(
        &m,
        &["the following required arguments were not provided: --out <DIR>, <FILE>..."],
    );
    let m = user_error(dir, &["sweep", "s.toml", "-o", "x", "--csv", "excel"]);
    assert_mentions(&m, &["unknown CSV style `excel`", "excel-nl"]);
    assert!(!dir.join("x").exists());
}
