//! CBS "Kerncijfers wijken en buurten" (table 84583NED for 2019, a new
//! table number each year): residents, five age bands and households of
//! every gemeente, wijk and buurt, one row each in one table.
//!
//! Rows are told apart by `SoortRegio` (`Gemeente`, `Wijk`, `Buurt`) and
//! named by their code only (`WK051802`); wijk and buurt names are not in
//! these downloads (CBS publishes them in "Gebieden in Nederland"), and
//! only the full-width download has the gemeente's name. Columns are found
//! by stem (see `table.rs`), so any year's table reads the same.

use super::error::CbsError;
use super::nearest::nearest_codes;
use super::table::{Row, Table};
use std::fmt;
use std::path::{Path, PathBuf};

/// The table's five age bands, as column stems, in age order.
pub const BAND_STEMS: [&str; 5] = [
    "k_0Tot15Jaar",
    "k_15Tot25Jaar",
    "k_25Tot45Jaar",
    "k_45Tot65Jaar",
    "k_65JaarOfOuder",
];

/// The ages each of [`BAND_STEMS`] covers, first and last; age 105 stands
/// for 105 and older, the oldest single year CBS publishes.
pub const BAND_AGES: [(usize, usize); 5] = [(0, 14), (15, 24), (25, 44), (45, 64), (65, 105)];

/// What kind of region a row is (`SoortRegio`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// A municipality (`GM0518`).
    Gemeente,
    /// A district of a gemeente (`WK051802`).
    Wijk,
    /// A neighbourhood of a wijk (`BU05180271`).
    Buurt,
}

impl RegionKind {
    /// Every kind, largest first.
    pub const ALL: [RegionKind; 3] = [Self::Gemeente, Self::Wijk, Self::Buurt];

    /// The word, as the command line takes and prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gemeente => "gemeente",
            Self::Wijk => "wijk",
            Self::Buurt => "buurt",
        }
    }
}

impl fmt::Display for RegionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `gemeente`, `wijk` or `buurt`, in any case (`--kind wijk`), and CBS's
/// own `Gemeente`, `Wijk`, `Buurt`.
impl std::str::FromStr for RegionKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown region kind `{s}`; expected gemeente, wijk or buurt"))
    }
}

/// One row of the table: a gemeente, wijk or buurt and its figures.
/// Every figure is `None` where CBS wrote `.` (missing or secret).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The code, trimmed (`WK051802`).
    pub code: String,
    /// Gemeente, wijk or buurt.
    pub kind: RegionKind,
    /// The gemeente's name (`Gemeentenaam`), trimmed, where the file has
    /// that column; never a wijk or buurt name, which CBS does not put in
    /// these downloads.
    pub name: Option<String>,
    /// The 1-based line of the file the row is on.
    pub line: usize,
    /// Residents on 1 January (`AantalInwoners`).
    pub residents: Option<f64>,
    /// Residents per age band, as [`BAND_STEMS`]; rounded to multiples of
    /// 5, so they need not sum to `residents`.
    pub bands: [Option<f64>; 5],
    /// Private households (`HuishoudensTotaal`).
    pub households: Option<f64>,
    /// Households of one person, all ages together (`Eenpersoonshuishoudens`).
    pub single_person_households: Option<f64>,
    /// Mean persons per household (`GemiddeldeHuishoudensgrootte`).
    pub mean_household_size: Option<f64>,
    /// Deaths per 1,000 residents, whole numbers (`SterfteRelatief`, only
    /// in downloads with that column).
    pub deaths_per_1000: Option<f64>,
    /// Residents with Wmo support per 1,000, whole numbers
    /// (`WmoClientenRelatief`, only in downloads with that column).
    pub wmo_clients_per_1000: Option<f64>,
    /// Mean road distance to a GP practice in km
    /// (`AfstandTotHuisartsenpraktijk`, only in downloads with that column).
    pub gp_distance_km: Option<f64>,
}

impl Region {
    /// The code of the gemeente the region lies in, which a CBS code
    /// carries in its first four digits: `WK036304` -> `GM0363`,
    /// `BU05180271` -> `GM0518`, `GM0518` -> itself.
    pub fn gemeente_code(&self) -> String {
        let digits: String = self.code.chars().skip(2).take(4).collect();
        format!("GM{digits}")
    }
}

/// A Kerncijfers wijken en buurten download: its regions in file order.
#[derive(Debug, Clone)]
pub struct KwbTable {
    /// The file, for messages.
    pub path: PathBuf,
    /// Every gemeente, wijk and buurt row, in file order.
    pub regions: Vec<Region>,
}

impl KwbTable {
    /// The region with `code`, compared trimmed and in any case; an
    /// unknown code is refused with up to five of the file's nearest codes.
    pub fn find(&self, code: &str) -> Result<&Region, CbsError> {
        let wanted = code.trim();
        self.regions
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| CbsError::UnknownRegion {
                path: self.path.clone(),
                code: wanted.to_string(),
                suggestions: nearest_codes(wanted, self.regions.iter().map(|r| r.code.as_str()), 5),
            })
    }

    /// The regions of one kind, in file order.
    pub fn regions_of_kind(&self, kind: RegionKind) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(move |r| r.kind == kind)
    }
}

/// The columns the reader uses, by index.
struct Columns {
    code: usize,
    kind: usize,
    residents: usize,
    bands: [usize; 5],
    households: usize,
    single_person_households: usize,
    mean_household_size: usize,
    name: Option<usize>,
    deaths_per_1000: Option<usize>,
    wmo_clients_per_1000: Option<usize>,
    gp_distance_km: Option<usize>,
}

impl Columns {
    /// Find every column in `table`; refuse a table without the required
    /// ones, naming all that are missing at once.
    fn find(table: &Table) -> Result<Self, CbsError> {
        let mut missing = Vec::new();
        let mut need = |stem: &str| -> Result<usize, CbsError> {
            Ok(table.column(stem)?.unwrap_or_else(|| {
                missing.push(format!("`{stem}_*`"));
                usize::MAX
            }))
        };
        let kind = need("SoortRegio")?;
        let residents = need("AantalInwoners")?;
        let mut bands = [0; 5];
        for (band, stem) in bands.iter_mut().zip(BAND_STEMS) {
            *band = need(stem)?;
        }
        let households = need("HuishoudensTotaal")?;
        let single_person_households = need("Eenpersoonshuishoudens")?;
        let mean_household_size = need("GemiddeldeHuishoudensgrootte")?;
        // `WijkenEnBuurten` is the table's key; `Codering` repeats it.
        let code = match table.column("WijkenEnBuurten")? {
            Some(c) => Some(c),
            None => table.column("Codering")?,
        };
        let code = code.unwrap_or_else(|| {
            missing.insert(0, "`WijkenEnBuurten` (or `Codering_*`)".to_string());
            usize::MAX
        });
        if !missing.is_empty() {
            return Err(CbsError::NotKwb {
                path: table.path.clone(),
                missing,
                hint: table.separator_hint(),
            });
        }
        Ok(Self {
            code,
            kind,
            residents,
            bands,
            households,
            single_person_households,
            mean_household_size,
            name: table.column("Gemeentenaam")?,
            deaths_per_1000: table.column("SterfteRelatief")?,
            wmo_clients_per_1000: table.column("WmoClientenRelatief")?,
            gp_distance_km: table.column("AfstandTotHuisartsenpraktijk")?,
        })
    }
}

/// Read a Kerncijfers wijken en buurten download (any year's table).
/// A row for the whole country (`SoortRegio` `Land`, code `NL00`) is left
/// out: it is no gemeente, wijk or buurt.
pub fn read_kwb(path: &Path) -> Result<KwbTable, CbsError> {
    let table = Table::read(path, "a CBS download")?;
    let columns = Columns::find(&table)?;
    let mut regions = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        if let Some(region) = region(&table, &columns, row)? {
            regions.push(region);
        }
    }
    Ok(KwbTable {
        path: path.to_path_buf(),
        regions,
    })
}

/// The region of one row; `None` for the country's row.
fn region(table: &Table, columns: &Columns, row: &Row) -> Result<Option<Region>, CbsError> {
    let kind_text = table.text(row, columns.kind);
    if kind_text.eq_ignore_ascii_case("Land") {
        return Ok(None);
    }
    let kind = kind_text
        .parse::<RegionKind>()
        .map_err(|_| table.bad_value(row, columns.kind, "`Gemeente`, `Wijk` or `Buurt`"))?;
    let code = table.text(row, columns.code);
    if code.is_empty() {
        return Err(table.bad_value(row, columns.code, "a region code (`WK051802`)"));
    }
    let number = |c: usize| table.number(row, c);
    let optional = |c: Option<usize>| c.map_or(Ok(None), number);
    let mut bands = [None; 5];
    for (band, &c) in bands.iter_mut().zip(&columns.bands) {
        *band = number(c)?;
    }
    let name = columns
        .name
        .map(|c| table.text(row, c))
        .filter(|n| !n.is_empty() && *n != ".")
        .map(str::to_string);
    Ok(Some(Region {
        code: code.to_string(),
        kind,
        name,
        line: row.line,
        residents: number(columns.residents)?,
        bands,
        households: number(columns.households)?,
        single_person_households: number(columns.single_person_households)?,
        mean_household_size: number(columns.mean_household_size)?,
        deaths_per_1000: optional(columns.deaths_per_1000)?,
        wmo_clients_per_1000: optional(columns.wmo_clients_per_1000)?,
        gp_distance_km: optional(columns.gp_distance_km)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbs::test_files::{test_data, test_dir};

    fn den_haag() -> KwbTable {
        read_kwb(&test_data("kwb-2019-den-haag.csv")).unwrap()
    }

    #[test]
    fn reads_den_haag_its_gemeente_wijken_and_buurten() {
        let table = den_haag();
        let gm = table.find("GM0518").unwrap();
        assert_eq!(gm.kind, RegionKind::Gemeente);
        assert_eq!(gm.residents, Some(537833.0));
        assert_eq!((gm.line, gm.name.as_deref()), (2, None));
        let count = |kind| table.regions_of_kind(kind).count();
        assert_eq!(
            [RegionKind::Gemeente, RegionKind::Wijk, RegionKind::Buurt].map(count),
            [1, 44, 114]
        );
        // The columns this download lacks are missing, not zero.
        assert_eq!(gm.deaths_per_1000, None);
        assert_eq!(gm.gp_distance_km, None);
    }

    #[test]
    fn reads_a_wijk_with_its_bands_and_households() {
        let table = den_haag();
        // Trimmed and in any case, as a user may type it.
        let wk = table.find(" wk051802 ").unwrap();
        assert_eq!(wk.code, "WK051802");
        assert_eq!((wk.kind, wk.line), (RegionKind::Wijk, 5));
        assert_eq!(wk.residents, Some(8245.0));
        assert_eq!(wk.bands, [1230.0, 1210.0, 1780.0, 2350.0, 1680.0].map(Some));
        assert_eq!(wk.households, Some(4190.0));
        assert_eq!(wk.single_person_households, Some(2080.0));
        assert_eq!(wk.mean_household_size, Some(1.9));
        assert_eq!(wk.gemeente_code(), "GM0518");
        // A wijk without residents has zeros and `.` household size.
        let empty = table.find("WK051801").unwrap();
        assert_eq!(empty.residents, Some(0.0));
        assert_eq!(empty.mean_household_size, None);
    }

    #[test]
    fn gemeente_codes_come_from_the_region_code() {
        let mut region = den_haag().find("GM0518").unwrap().clone();
        for (code, gemeente) in [
            ("WK036304", "GM0363"),
            ("BU05180271", "GM0518"),
            ("GM0518", "GM0518"),
        ] {
            region.code = code.to_string();
            assert_eq!(region.gemeente_code(), gemeente);
        }
    }

    #[test]
    fn reads_the_full_width_amsterdam_download() {
        let table = read_kwb(&test_data("kwb-2019-amsterdam-part-a.csv")).unwrap();
        let gm = table.find("GM0363").unwrap();
        assert_eq!(gm.name.as_deref(), Some("Amsterdam"));
        assert_eq!(gm.residents, Some(862965.0));
        assert_eq!(gm.deaths_per_1000, Some(6.0));
        assert_eq!(gm.wmo_clients_per_1000, Some(81.0));
        assert_eq!(gm.gp_distance_km, Some(0.5));
        let wk = table.find("WK036300").unwrap();
        assert_eq!(
            (wk.deaths_per_1000, wk.wmo_clients_per_1000),
            (Some(3.0), Some(29.0))
        );
        assert_eq!(wk.gemeente_code(), "GM0363");
        assert_eq!(table.regions.len(), 296);
    }

    #[test]
    fn reads_a_download_without_bom_and_with_other_suffixes_the_same() {
        let path = test_data("kwb-2019-den-haag.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let plain = text.strip_prefix('\u{feff}').unwrap();
        assert_ne!(plain.len(), text.len(), "the shipped file has a BOM");
        // A later year: every topic number one higher.
        let (header, rest) = plain.split_once('\n').unwrap();
        let renumbered: Vec<String> = header
            .split(';')
            .map(|h| {
                let name = h.trim_matches('"');
                match name.rsplit_once('_') {
                    Some((s, n)) if n.parse::<u32>().is_ok() => {
                        format!("\"{s}_{}\"", n.parse::<u32>().unwrap() + 1)
                    }
                    _ => h.to_string(),
                }
            })
            .collect();
        assert!(renumbered
            .iter()
            .any(|h| h == "\"Eenpersoonshuishoudens_30\""));
        let dir = test_dir();
        let no_bom = dir.path().join("no-bom.csv");
        let later = dir.path().join("later.csv");
        std::fs::write(&no_bom, plain).unwrap();
        std::fs::write(&later, format!("{}\n{rest}", renumbered.join(";"))).unwrap();
        let original = read_kwb(&path).unwrap().regions;
        assert_eq!(read_kwb(&no_bom).unwrap().regions, original);
        assert_eq!(read_kwb(&later).unwrap().regions, original);
    }

    #[test]
    fn an_unknown_code_gets_the_nearest_codes() {
        let table = den_haag();
        // A digit left out: the code with it comes first.
        let e = table.find("WK51802").unwrap_err();
        let CbsError::UnknownRegion { suggestions, .. } = &e else {
            panic!("{e}");
        };
        assert_eq!(
            (suggestions.len(), suggestions[0].as_str()),
            (5, "WK051802")
        );
        let message = e.to_string();
        assert!(
            message.contains(
                "kwb-2019-den-haag.csv has no region `WK51802`; nearest codes in the file: \
                 WK051802, "
            ),
            "{message}"
        );
        // A buurt code cut short: the wijk's one buurt first.
        let CbsError::UnknownRegion { suggestions, .. } = table.find("BU051802").unwrap_err()
        else {
            unreachable!()
        };
        assert_eq!(suggestions[0], "BU05180271", "{suggestions:?}");
    }

    #[test]
    fn refuses_what_is_not_a_kwb_download() {
        let ages = test_data("age-2019-den-haag-03759NED.csv");
        let message = read_kwb(&ages).unwrap_err().to_string();
        assert!(
            message.contains(
                "age-2019-den-haag-03759NED.csv is not a CBS Kerncijfers wijken en buurten \
                 table: no columns `WijkenEnBuurten` (or `Codering_*`), `SoortRegio_*`, \
                 `AantalInwoners_*`"
            ) && message.ends_with("(table 84583NED or a later year)?"),
            "{message}"
        );
        let dir = test_dir();
        let comma = dir.path().join("comma.csv");
        std::fs::write(
            &comma,
            "ID,WijkenEnBuurten,AantalInwoners_5\n1,GM0518,537833\n",
        )
        .unwrap();
        let message = read_kwb(&comma).unwrap_err().to_string();
        assert!(message.contains("its header has no `;`"), "{message}");
        let missing = read_kwb(&dir.path().join("none.csv")).unwrap_err();
        assert!(missing.to_string().starts_with("cannot read "), "{missing}");
        assert!(missing.is_user_error());
    }

    #[test]
    fn refuses_a_bad_cell_naming_file_line_and_column() {
        let text = std::fs::read_to_string(test_data("kwb-2019-utrecht.csv")).unwrap();
        let damaged = text.replacen("\"     1.9\"", "\"     1,9\"", 1);
        let dir = test_dir();
        let path = dir.path().join("damaged.csv");
        std::fs::write(&path, damaged).unwrap();
        let message = read_kwb(&path).unwrap_err().to_string();
        assert!(
            message
                .contains("damaged.csv:2: column `GemiddeldeHuishoudensgrootte_32` holds \"1,9\""),
            "{message}"
        );
    }

    #[test]
    fn refuses_a_negative_count() {
        let text = std::fs::read_to_string(test_data("kwb-2019-den-haag.csv")).unwrap();
        let damaged = text.replacen("\"    8245\"", "\"   -8245\"", 1);
        assert_ne!(damaged, text);
        let dir = test_dir();
        let path = dir.path().join("negative.csv");
        std::fs::write(&path, damaged).unwrap();
        let message = read_kwb(&path).unwrap_err().to_string();
        assert!(
            message.contains("-8245") && message.contains("zero or more"),
            "{message}"
        );
    }
}
