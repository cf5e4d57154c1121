//! The shipped scenarios in `scenarios/`: they load, validate, match the
//! schema defaults where they mean to, and the copies compiled into the
//! binary are the files on disk.

use buurtsim::scenario::{
    embedded_files, load, load_embedded, load_str, resolved_toml, validate, CarerSupport,
    DistrictNurseLink, HybridCare, Interventions, MeetingPlace, Scenario,
};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// `scenarios/*.toml` on disk: file name -> contents.
fn files_on_disk() -> BTreeMap<String, String> {
    fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}

fn load_shipped(name: &str) -> Scenario {
    load(&scenarios_dir().join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// The same scenario without the parts that identify it: name,
/// description and programmes.
fn without_programmes(scenario: &Scenario) -> Scenario {
    Scenario {
        name: String::new(),
        description: String::new(),
        description_nl: String::new(),
        interventions: Interventions::default(),
        ..scenario.clone()
    }
}

/// The binary's built-in scenarios are exactly the files in `scenarios/`.
#[test]
fn embedded_files_equal_the_files_on_disk() {
    let embedded: BTreeMap<String, String> = embedded_files()
        .iter()
        .map(|(name, text)| ((*name).to_string(), (*text).to_string()))
        .collect();
    assert_eq!(
        embedded.keys().collect::<Vec<_>>(),
        files_on_disk().keys().collect::<Vec<_>>(),
        "add new scenario files to src/scenario/embedded.rs"
    );
    assert_eq!(embedded, files_on_disk());
}

/// Every shipped scenario loads from disk and from the binary, identically,
/// and is valid.
#[test]
fn every_shipped_scenario_loads_and_validates() {
    for name in files_on_disk().keys() {
        let from_disk = load_shipped(name);
        let built_in = load_embedded(name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_disk, built_in, "{name}");
        assert_eq!(validate(&from_disk), Ok(()), "{name}");
        assert!(
            !from_disk.name.is_empty()
                && !from_disk.description.is_empty()
                && !from_disk.description_nl.is_empty(),
            "{name} needs a name and a description in English and Dutch"
        );
        assert_eq!(from_disk.extends, None);
    }
    assert_eq!(
        load_embedded("baseline").unwrap(),
        load_embedded("baseline.toml").unwrap()
    );
}

/// `baseline.toml` writes out the schema defaults, unchanged.
#[test]
fn baseline_file_equals_the_schema_defaults() {
    let baseline = load_shipped("baseline.toml");
    assert_eq!(baseline.name, "Basis: woonservicezone zonder programma");
    assert_eq!(
        without_programmes(&baseline),
        without_programmes(&Scenario::default())
    );
    assert_eq!(baseline.interventions, Interventions::default());
    assert_eq!(baseline.population.residents, 12_000);
}

/// Each programme scenario is the baseline plus its programme, with the
/// programme's default values; `combined.toml` has all four.
#[test]
fn programme_scenarios_are_baseline_plus_their_programme() {
    let baseline = without_programmes(&load_shipped("baseline.toml"));
    let only = |name: &str| {
        let scenario = load_shipped(name);
        assert_eq!(
            without_programmes(&scenario),
            baseline,
            "{name} changes more than its programme"
        );
        scenario.interventions
    };
    let expect = |f: fn(&mut Interventions)| {
        let mut i = Interventions::default();
        f(&mut i);
        i
    };
    assert_eq!(
        only("katwijk-mantelzorg.toml"),
        expect(|i| i.carer_support = Some(CarerSupport::default()))
    );
    assert_eq!(
        only("merenwijk-bop.toml"),
        expect(|i| i.meeting_place = Some(MeetingPlace::default()))
    );
    assert_eq!(
        only("hlt-hybride-zorg.toml"),
        expect(|i| i.hybrid_care = Some(HybridCare::default()))
    );
    assert_eq!(
        only("haaglanden-wijkverpleegkundige.toml"),
        expect(|i| i.district_nurse_link = Some(DistrictNurseLink::default()))
    );
    assert_eq!(
        only("combined.toml"),
        expect(|i| {
            i.carer_support = Some(CarerSupport::default());
            i.meeting_place = Some(MeetingPlace::default());
            i.hybrid_care = Some(HybridCare::default());
            i.district_nurse_link = Some(DistrictNurseLink::default());
        })
    );
    assert_eq!(
        load_shipped("katwijk-mantelzorg.toml").name,
        "Katwijk: vraaggerichte mantelzorgondersteuning"
    );
}

/// The custom example sets up fall prevention for frail 75+ without code.
#[test]
fn custom_example_defines_fall_prevention() {
    let scenario = load_shipped("custom-example.toml");
    let programme = &scenario.interventions.custom["valpreventie"];
    assert_eq!(programme.multipliers.falls, 0.77);
    assert_eq!(
        programme.multipliers.gp_medical, 1.0,
        "unset multipliers stay 1"
    );
    assert_eq!(programme.target.min_age, 75.0);
    assert_eq!(scenario.interventions.custom.len(), 1);
    assert_eq!(
        without_programmes(&scenario),
        without_programmes(&load_shipped("baseline.toml"))
    );
}

/// The resolved TOML is complete: read back, it is the same scenario, and
/// as a file of its own it loads to the same scenario.
#[test]
fn resolved_toml_reads_back_to_the_same_scenario() {
    let dir = tempfile::tempdir().unwrap();
    for name in files_on_disk().keys() {
        let scenario = load_shipped(name);
        let text = resolved_toml(&scenario);
        let back: Scenario = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, scenario, "{name}");
        assert!(
            !text.lines().any(|line| line.starts_with("extends")),
            "{name}"
        );
        let copy = dir.path().join(name);
        fs::write(&copy, &text).unwrap();
        assert_eq!(load(&copy).unwrap(), scenario, "{name}");
    }
}

/// A scenario that extends a shipped one keeps everything but what it sets.
#[test]
fn a_user_scenario_can_extend_a_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let katwijk = scenarios_dir().join("katwijk-mantelzorg.toml");
    let text = format!(
        "name = \"Katwijk, hogere dekking\"\nextends = {:?}\n[interventions.carer_support]\ncoverage = 0.6\n",
        katwijk.display().to_string()
    );
    fs::write(dir.path().join("mine.toml"), text).unwrap();
    let mine = load(&dir.path().join("mine.toml")).unwrap();
    let mut expected = load_shipped("katwijk-mantelzorg.toml");
    expected
        .interventions
        .carer_support
        .as_mut()
        .unwrap()
        .coverage = 0.6;
    expected.name = "Katwijk, hogere dekking".to_string();
    expected.description = String::new();
    expected.description_nl = String::new();
    assert_eq!(mine, expected);
}

/// Capacities are per 1,000 residents: a district of 24,000 gets twice the
/// capacity of the 12,000 of the baseline.
#[test]
fn capacity_follows_the_residents() {
    let baseline = load_shipped("baseline.toml");
    let c = baseline.capacity();
    assert_eq!(
        (
            c.district_nursing_hours_per_week,
            c.home_help_hours_per_week,
            c.welfare_contacts_per_week,
            c.practice_nurse_contacts_per_week
        ),
        (576.0, 816.0, 40.0, 60.0),
        "the baseline's capacity per 1,000 residents at 12,000 residents"
    );
    let big = load_str(
        "big.toml",
        "name = \"big\"\nextends = \"baseline.toml\"\n[population]\nresidents = 24000\n",
    )
    .unwrap();
    let twice = big.capacity();
    assert_eq!(twice.district_nursing_hours_per_week, 1152.0);
    assert_eq!(twice.home_help_hours_per_week, 1632.0);
    assert_eq!(twice.welfare_contacts_per_week, 80.0);
    assert_eq!(twice.practice_nurse_contacts_per_week, 120.0);
}

/// The absolute keys of earlier versions still parse, and override the
/// per-1,000 keys whatever the residents; they survive `check`'s output.
#[test]
fn old_absolute_capacity_keys_still_parse_and_override() {
    let text = "name = \"old\"\nextends = \"baseline.toml\"\n\
                [population]\nresidents = 24000\n\
                [gp]\npractice_nurse_contacts_per_week = 60.0\n\
                [services]\ndistrict_nursing_hours_per_week = 640.0\n\
                home_help_hours_per_week = 740\nwelfare_contacts_per_week = 40.0\n\
                district_nursing_hours_per_week_per_1000 = 10.0\n";
    let old = load_str("old.toml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old.services.district_nursing_hours_per_week, Some(640.0));
    assert_eq!(old.services.home_help_hours_per_week, Some(740.0));
    let c = old.capacity();
    assert_eq!(
        (
            c.district_nursing_hours_per_week,
            c.home_help_hours_per_week,
            c.welfare_contacts_per_week,
            c.practice_nurse_contacts_per_week
        ),
        (640.0, 740.0, 40.0, 60.0)
    );
    let resolved = resolved_toml(&old);
    assert!(
        resolved.contains("district_nursing_hours_per_week = 640.0"),
        "{resolved}"
    );
    let back = load_str("back.toml", &resolved).unwrap();
    assert_eq!(back.capacity(), c);
    // Unset keys stay out of the resolved scenario.
    let baseline = resolved_toml(&load_shipped("baseline.toml"));
    assert!(!baseline.contains("district_nursing_hours_per_week ="));
    // An override out of range is refused like any value.
    let err = load_str(
        "bad.toml",
        "name = \"bad\"\n[services]\nhome_help_hours_per_week = -1.0\n",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("home_help_hours_per_week"), "{err}");
}

/// An override set in a parent file holds in a child that changes the
/// per-1,000 key; a child can set one over a parent's per-1,000 key.
#[test]
fn capacity_overrides_are_inherited_through_extends() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("parent.toml"),
        "name = \"p\"\n[services]\nwelfare_contacts_per_week = 12.5\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("child.toml"),
        "name = \"c\"\nextends = \"parent.toml\"\n[services]\n\
         welfare_contacts_per_week_per_1000 = 100.0\nhome_help_hours_per_week = 5.0\n",
    )
    .unwrap();
    let child = load(&dir.path().join("child.toml")).unwrap();
    let c = child.capacity();
    assert_eq!(c.welfare_contacts_per_week, 12.5);
    assert_eq!(c.home_help_hours_per_week, 5.0);
    assert_eq!(c.district_nursing_hours_per_week, 576.0);
}

/// A sweep may set an absolute capacity (unset in the scenario) or a
/// per-1,000 key, but not a per-1,000 key that an absolute key overrides.
#[test]
fn sweeps_set_capacity_per_1000_or_absolute() {
    let sweep = |extra: &str, parameters: &str| {
        load_str(
            "sweep.toml",
            &format!(
                "name = \"s\"\nextends = \"baseline.toml\"\n[services]\n{extra}\n\
                 [sweep]\nmethod = \"grid\"\n[sweep.parameters]\n{parameters}\n"
            ),
        )
    };
    let both_kinds = sweep(
        "",
        "\"services.district_nursing_hours_per_week\" = [500.0, 700.0]\n\
         \"services.home_help_hours_per_week_per_1000\" = [40.0, 80.0]",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(both_kinds.services.district_nursing_hours_per_week, None);
    let absolute =
        buurtsim::scenario::parse_path("services.district_nursing_hours_per_week").unwrap();
    let point = buurtsim::scenario::set_parameters(&both_kinds, &[(absolute, 500.0)]).unwrap();
    assert_eq!(point.capacity().district_nursing_hours_per_week, 500.0);

    let negative = sweep("", "\"services.welfare_contacts_per_week\" = [-1.0]")
        .unwrap_err()
        .to_string();
    assert!(negative.contains("not a valid value"), "{negative}");

    for (extra, parameters) in [
        (
            "district_nursing_hours_per_week = 600.0",
            "\"services.district_nursing_hours_per_week_per_1000\" = [40.0, 50.0]",
        ),
        (
            "",
            "\"services.district_nursing_hours_per_week_per_1000\" = [40.0, 50.0]\n\
             \"services.district_nursing_hours_per_week\" = [500.0]",
        ),
    ] {
        let err = sweep(extra, parameters).unwrap_err().to_string();
        assert!(
            err.contains("has no effect")
                && err.contains("district_nursing_hours_per_week_per_1000"),
            "{err}"
        );
    }
}
