//! The shipped scenarios, compiled into the binary so that `buurtsim`
//! without arguments runs the default comparison from anywhere. A test
//! checks that this list equals `scenarios/*.toml` on disk, byte for byte.

/// File name and contents of every `scenarios/*.toml`.
static FILES: &[(&str, &str)] = &[
    (
        "baseline.toml",
        include_str!("../../scenarios/baseline.toml"),
    ),
    (
        "combined.toml",
        include_str!("../../scenarios/combined.toml"),
    ),
    (
        "custom-example.toml",
        include_str!("../../scenarios/custom-example.toml"),
    ),
    (
        "haaglanden-wijkverpleegkundige.toml",
        include_str!("../../scenarios/haaglanden-wijkverpleegkundige.toml"),
    ),
    (
        "hlt-hybride-zorg.toml",
        include_str!("../../scenarios/hlt-hybride-zorg.toml"),
    ),
    (
        "katwijk-mantelzorg.toml",
        include_str!("../../scenarios/katwijk-mantelzorg.toml"),
    ),
    (
        "merenwijk-bop.toml",
        include_str!("../../scenarios/merenwijk-bop.toml"),
    ),
    (
        "sensitivity-carer-support.toml",
        include_str!("../../scenarios/sensitivity-carer-support.toml"),
    ),
    (
        "sweep-carer-support.toml",
        include_str!("../../scenarios/sweep-carer-support.toml"),
    ),
];

/// (file name, contents) of every shipped scenario, e.g.
/// `("baseline.toml", "name = ...")`, sorted by name.
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    FILES
}
