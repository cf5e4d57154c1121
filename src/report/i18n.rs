//! Every word the report shows, in Dutch and English, and number formatting
//! (decimal comma and dot thousands separator in Dutch).
//!
//! Owns words and number formats only: it knows neither the folders nor
//! the page's layout.

use crate::experiment::relevance::Relevance;
use crate::stats::Interval;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Dutch (default): for alliance boards.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Whether the language is Dutch.
    pub fn dutch(self) -> bool {
        self == Lang::Nl
    }

    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The fixed texts of the page.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
}

/// Fixed texts of the page (field names say where each is used).
#[allow(missing_docs)]
#[derive(Debug)]
pub struct Text {
    /// Heading of the headline section.
    pub headline_title: &'static str,
    pub title: &'static str,
    pub title_sweep: &'static str,
    pub generated: &'static str,
    pub contents: &'static str,
    pub guide_title: &'static str,
    pub guide: &'static [&'static str],
    pub guide_sweep: &'static str,
    /// Replaces the guide's fifth sentence (what the intervals cover) when
    /// some inputs were drawn per replication; the inputs follow it.
    pub guide_uncertain: &'static str,
    pub key_title: &'static str,
    pub key_intro: &'static str,
    pub metric: &'static str,
    pub unit: &'static str,
    pub reference: &'static str,
    pub difference: &'static str,
    pub shift_title: &'static str,
    pub shift_intro: &'static str,
    pub shift_vs: &'static str,
    pub category: &'static str,
    pub item: &'static str,
    pub amount: &'static str,
    pub reference_mean: &'static str,
    pub scenario_mean: &'static str,
    pub method: &'static str,
    pub paired: &'static str,
    pub welch: &'static str,
    pub gp_title: &'static str,
    pub gp_contacts_caption: &'static str,
    pub gp_wait_caption: &'static str,
    pub profile_title: &'static str,
    pub profile_caption: &'static str,
    pub profile_axis: &'static str,
    /// The six self-reliance domains, each with the Positive Health
    /// dimension it stands in for.
    pub profile_domains: [(&'static str, &'static str); 6],
    pub profile_domain: &'static str,
    pub profile_dimension: &'static str,
    pub dot_whisker_note: &'static str,
    pub series_title: &'static str,
    /// Title of the year-by-year tables.
    pub yearly_title: &'static str,
    /// What the year-by-year tables show.
    pub yearly_caption: &'static str,
    /// Header of the year column.
    pub year_label: &'static str,
    pub series_caption: &'static str,
    pub series_gp: &'static str,
    pub series_carers: &'static str,
    pub series_lonely: &'static str,
    pub month_axis: &'static str,
    pub cost_title: &'static str,
    pub cost_caption: &'static str,
    pub payer: &'static str,
    pub sweep_title: &'static str,
    pub sweep_caption: &'static str,
    pub sweep_points_title: &'static str,
    pub point: &'static str,
    pub assumptions_title: &'static str,
    pub assumptions_intro: &'static str,
    pub no_differences: &'static str,
    pub setting: &'static str,
    pub baseline_value: &'static str,
    pub scenario_value: &'static str,
    pub absent: &'static str,
    pub swept_parameters: &'static str,
    pub values: &'static str,
    pub meta_title: &'static str,
    pub scenario: &'static str,
    pub name: &'static str,
    pub seed: &'static str,
    pub replications: &'static str,
    pub version: &'static str,
    pub folder: &'static str,
    pub sweep_method: &'static str,
    pub points: &'static str,
    pub replications_per_point: &'static str,
    pub title_regions: &'static str,
    pub guide_regions: &'static str,
    pub regions_table_title: &'static str,
    pub regions_table_intro: &'static str,
    pub region: &'static str,
    pub residents: &'static str,
    pub regions_charts_title: &'static str,
    pub regions_charts_caption: &'static str,
    pub cost_per_resident: &'static str,
    pub cost_per_resident_unit: &'static str,
    pub cost_per_resident_note: &'static str,
    pub skipped_title: &'static str,
    pub skipped_intro: &'static str,
    pub reason: &'static str,
    pub regions_count: &'static str,
    pub reference_marker: &'static str,
    pub value_axis: &'static str,
    pub share_difference_note: &'static str,
    pub footer: &'static str,
    /// Title of a ledger chart of money (after the scenario's name).
    pub ledger_money_title: &'static str,
    /// Title of a ledger chart of counts per year.
    pub ledger_counts_title: &'static str,
    /// Axis of a ledger chart of counts (after "difference").
    pub ledger_counts_axis: &'static str,
    /// Caption of every ledger chart: shared axis, grey rows.
    pub ledger_caption: &'static str,
    /// Before the list of ledger items that do not change at all.
    pub ledger_unchanged: &'static str,
    /// Title of a GP difference chart, after the metric.
    pub gp_difference_title: &'static str,
    /// Caption of a GP difference chart.
    pub gp_difference_note: &'static str,
    /// Caption of a Latin-hypercube sweep's charts.
    pub sweep_caption_lhs: &'static str,
    /// Legend of the fitted line of a Latin-hypercube chart.
    pub sweep_fit: &'static str,
    /// What the sweep page's charts show when chosen with `--metrics`.
    pub sweep_metrics_note: &'static str,
}

/// Dutch.
pub static NL: Text = Text {
    title: "Zorgvraag in de wijk: scenario's vergeleken",
    title_sweep: "Zorgvraag in de wijk: verkenning van instellingen",
    generated: "Gemaakt met buurtsim",
    contents: "Inhoud",
    headline_title: "In het kort",
    guide_title: "Zo leest u dit rapport",
    guide: &[
        "Alle cijfers zijn uitkomsten van een simulatiemodel van een wijk, geen voorspellingen: ze laten zien wat er volgens de aannames van het model verandert als een programma wordt ingevoerd, niet wat er volgend jaar precies gebeurt.",
        "Het model is vele keren herhaald (replicaties) met steeds andere toevalsgetallen; een cijfer is het gemiddelde over die herhalingen.",
        "Tussen haken staat het 95%-betrouwbaarheidsinterval: de marge waarbinnen het gemiddelde met 95% zekerheid ligt, gegeven het model. Ligt een verschil met het interval helemaal boven of onder nul, dan komt het waarschijnlijk niet door toeval van de simulatie; dat zegt nog niet dat het verschil groot genoeg is om ertoe te doen.",
        "Daarom heeft elke uitkomst een kleinste relevante verschil: 1% van de referentie voor aantallen en tempo's, 1 procentpunt voor percentages, en voor kosten € 1.000 per jaar per 1.000 inwoners, tenzij het referentiescenario eigen grenzen stelt ([relevance]). Naast elk verschil staat dan: relevant (het hele interval ligt voorbij die grens), mogelijk relevant (het verschil zelf is zo groot, maar het interval reikt tot binnen de grens; meer replicaties geven uitsluitsel), klein maar duidelijk (het interval sluit nul uit, maar het verschil is kleiner dan de grens: echt in het model, te klein om ertoe te doen) of niet te onderscheiden (het interval bevat nul).",
        "De intervallen dekken alleen de ruis van de simulatie: de variatie tussen replicaties. De effecten van de programma's (bijvoorbeeld hoeveel minder belast een mantelzorger raakt) zijn aannames, vermeld in de tabel met aannames; ze zijn geen schattingen met een eigen onzekerheid, en die onzekerheid zit (nog) niet in de intervallen.",
        "Verschillen met de referentie zijn gepaard berekend: elk scenario is met dezelfde toevalsgetallen doorgerekend als de referentie, zodat alleen het scenario het verschil maakt en de marges smaller zijn.",
        "De verschuivingsbalans laat zien waar zorgvraag heen gaat: verplaatst naar een ander, voorkomen, uitgesteld of vervangen, en wat dat per financier kost.",
    ],
    guide_uncertain: "De intervallen dekken de ruis van de simulatie én de onzekerheid van enkele aannames: die zijn niet als één getal maar als verdeling opgegeven en per replicatie opnieuw getrokken (probabilistische gevoeligheidsanalyse), voor elk scenario dezelfde trekking, zodat de verschillen gepaard blijven. De overige effecten van de programma's zijn aannames zonder eigen onzekerheid in de intervallen. Getrokken per replicatie:",
    guide_sweep: "In een verkenning is één scenario doorgerekend bij verschillende instellingen (punten); elk punt gebruikt dezelfde toevalsgetallen, dus verschillen tussen punten zijn gepaard.",
    key_title: "Kerncijfers",
    key_intro: "Gemiddelde per jaar met 95%-betrouwbaarheidsinterval; onder elk scenario het verschil met de referentie.",
    metric: "Uitkomst",
    unit: "Eenheid",
    reference: "referentie",
    difference: "verschil",
    shift_title: "Verschuivingsbalans",
    shift_intro: "Per scenario ten opzichte van de referentie: balk = gemiddelde, streep = 95%-betrouwbaarheidsinterval. Geld staat op één as in één eenheid; aantallen per jaar staan op zo weinig mogelijk assen, gegroepeerd naar grootte. Grijze regels zijn niet te onderscheiden van 0. De tabel geeft elke regel.",
    shift_vs: "ten opzichte van",
    category: "Soort",
    item: "Post",
    amount: "Omvang [95%-BI]",
    reference_mean: "Referentie",
    scenario_mean: "Scenario",
    method: "Methode",
    paired: "gepaard",
    welch: "ongepaard (Welch)",
    gp_title: "Huisartsenzorg",
    profile_title: "Zelfredzaamheid en Positieve Gezondheid (modelbenadering)",
    profile_caption: "Aandeel thuiswonenden van 65+ dat zelfredzaam is (score 4 of 5) per domein, in de geest van de Zelfredzaamheid-Matrix, per scenario (balk = gemiddelde, streep = 95%-betrouwbaarheidsinterval). De tabel geeft per domein de dimensie van Positieve Gezondheid waarvoor het een benadering is, en het verschil met de referentie in procentpunten. Het model zegt niets over zingeving en kwaliteit van leven, en over lichaamsfuncties alleen via beperkingen en acute gebeurtenissen.",
    profile_axis: "aandeel 65+ met score 4-5 (%)",
    profile_domains: [
        ("dagelijks leven", "dagelijks functioneren"),
        ("huishouden", "dagelijks functioneren"),
        ("lichamelijke gezondheid", "lichaamsfuncties (deels)"),
        ("psychische gezondheid", "mentaal welbevinden"),
        ("sociaal netwerk", "meedoen"),
        ("participatie", "meedoen"),
    ],
    profile_domain: "domein (Zelfredzaamheid-Matrix)",
    profile_dimension: "Positieve Gezondheid",
    gp_contacts_caption: "Huisartscontacten per inwoner per jaar, per scenario",
    gp_wait_caption: "Wachttijd voor een gewoon consult bij de huisarts (dagen), per scenario",
    dot_whisker_note: "Punt = gemiddelde, streep = 95%-betrouwbaarheidsinterval van het gemiddelde; de grijze lijn is de referentie. De as begint niet bij nul.",
    series_title: "Verloop per maand",
    yearly_title: "Jaar na jaar",
    yearly_caption: "Gemiddelde van de twaalf maanden van elk gemeten jaar (timeseries.csv). Met population.projection = \"cbs-kernprognose-2024\" veroudert de wijk zoals de CBS-prognose verwacht: de referentie laat dan zien wat de vergrijzing alleen doet, de andere kolommen wat een programma daar bovenop doet (zelfde toevalsgetallen).",
    year_label: "jaar",
    series_caption: "Lijn = gemiddelde over de replicaties, band = 95%-betrouwbaarheidsinterval van dat gemiddelde (kolommen ci_low en ci_high van timeseries.csv). Scenario's zonder effect op deze uitkomst vallen samen met de referentie; de laatst getekende lijn ligt dan bovenop.",
    series_gp: "Huisartsbelasting: contacten per inwoner per jaar (per maand)",
    series_carers: "Zwaarbelaste mantelzorgers (% van de actieve mantelzorgers)",
    series_lonely: "Ernstig eenzame volwassenen (% van de volwassenen thuis)",
    month_axis: "maand na de inloopperiode",
    cost_title: "Kosten per financier",
    cost_caption: "Kosten per jaar per financier en scenario (balk = gemiddelde, streep = 95%-betrouwbaarheidsinterval); de kosten van de programma's zelf zijn inbegrepen. Deze strepen gelden voor de niveaus, niet voor de verschillen: of een verschil met de referentie telt, staat gepaard in de verschuivingsbalans (netto kosten).",
    payer: "Financier",
    sweep_title: "Uitkomsten per instelling",
    sweep_caption: "Per uitkomst en per verkende instelling: lijn = gemiddelde per punt, band of streep = 95%-betrouwbaarheidsinterval. Andere instellingen: één lijn per waarde.",
    sweep_points_title: "Kerncijfers per punt",
    point: "Punt",
    assumptions_title: "Aannames die afwijken van de referentie",
    assumptions_intro: "Instellingen uit het volledig uitgewerkte scenariobestand die anders zijn dan in de referentie.",
    no_differences: "geen verschillen met de referentie",
    setting: "Instelling",
    baseline_value: "Referentie",
    scenario_value: "Scenario",
    absent: "(niet gezet)",
    swept_parameters: "Verkende instellingen",
    values: "Waarden",
    meta_title: "Herkomst: seed, replicaties en versie",
    scenario: "Scenario",
    name: "Naam",
    seed: "Seed",
    replications: "Replicaties",
    version: "buurtsim-versie",
    folder: "Map",
    sweep_method: "Ontwerp",
    points: "Punten",
    replications_per_point: "Replicaties per punt",
    title_regions: "Zorgvraag per wijk",
    guide_regions: "In deze verkenning is hetzelfde scenario doorgerekend voor elke wijk (één punt per wijk), met de inwoners en de leeftijdsopbouw van die wijk uit de CBS Kerncijfers wijken en buurten. Alle wijken gebruiken dezelfde toevalsgetallen: verschillen tussen wijken komen uit hun omvang en leeftijdsopbouw, niet uit toeval van de simulatie.",
    regions_table_title: "Kerncijfers per wijk",
    regions_table_intro: "Gemiddelde per jaar met 95%-betrouwbaarheidsinterval, per wijk in de volgorde van het CBS-bestand. Inwoners: gemiddeld aantal inwoners in de wijk tijdens de run (thuis of in een verpleeghuis).",
    region: "Wijk",
    residents: "Inwoners",
    regions_charts_title: "Uitkomsten per wijk",
    regions_charts_caption: "Balk = gemiddelde per wijk, streep = 95%-betrouwbaarheidsinterval; wijken in de volgorde van het CBS-bestand.",
    cost_per_resident: "Kosten per inwoner",
    cost_per_resident_unit: "€/inwoner/jaar",
    cost_per_resident_note: "Kosten per inwoner: de totale kosten per jaar (alle financiers) gedeeld door het gemiddelde aantal inwoners van de wijk; het interval is dat van de totale kosten, op dezelfde manier gedeeld.",
    skipped_title: "Overgeslagen wijken",
    skipped_intro: "Deze wijken uit het CBS-bestand zijn niet doorgerekend: hun cijfers laten geen run toe (te weinig inwoners, of een cijfer dat CBS geheimhoudt). De reden staat er zoals buurtsim die meldt, in het Engels.",
    reason: "Reden",
    regions_count: "wijken",
    reference_marker: "referentie",
    value_axis: "waarde",
    share_difference_note: "Bij percentages is het verschil in procentpunten.",
    footer: "Dit bestand is op zichzelf staand: het laadt niets van internet en opent ook offline.",
    ledger_money_title: "geld per jaar",
    ledger_counts_title: "aantallen per jaar",
    ledger_counts_axis: "aantal, uren of dagen per jaar",
    ledger_caption: "Balk = verschil met de referentie, streep = 95%-betrouwbaarheidsinterval; alle regels van deze grafiek op één as. Grijs: niet te onderscheiden van 0 (het interval bevat 0).",
    ledger_unchanged: "Geen verandering (precies 0):",
    gp_difference_title: "verschil met de referentie",
    gp_difference_note: "Punt = verschil met de referentie (scenario − referentie), streep = 95%-betrouwbaarheidsinterval van dat verschil, berekend zoals in de tabel (gepaard waar scenario en referentie dezelfde toevalsgetallen hebben); de lijn is 0, geen verschil. Grijs: niet te onderscheiden van 0.",
    sweep_caption_lhs: "Latijns hyperkubusontwerp: elk punt verschilt in alle verkende instellingen tegelijk, dus de punten liggen niet op één curve. Punt = gemiddelde per punt, streep = 95%-betrouwbaarheidsinterval; de stippellijn is een rechte lijn door de gemiddelden (kleinste kwadraten), een samenvatting, geen gemeten verloop.",
    sweep_fit: "rechte lijn door de punten (kleinste kwadraten)",
    sweep_metrics_note: "Uitkomsten in deze grafieken: kies andere met buurtsim report --metrics a,b,c.",
};

/// English.
pub static EN: Text = Text {
    title: "Care demand in the neighbourhood: scenarios compared",
    title_sweep: "Care demand in the neighbourhood: exploring settings",
    generated: "Made with buurtsim",
    contents: "Contents",
    headline_title: "In short",
    guide_title: "How to read this report",
    guide: &[
        "All figures are outcomes of a simulation model of a neighbourhood, not forecasts: they show what changes under the model's assumptions when a programme is introduced, not exactly what will happen next year.",
        "The model was run many times (replications) with different random numbers each time; a figure is the mean over those runs.",
        "The brackets hold the 95% confidence interval: the margin within which the mean lies with 95% certainty, given the model. When a difference's interval lies entirely above or below zero, it is unlikely to be chance in the simulation; that does not yet say the difference is big enough to matter.",
        "So every outcome has a minimal relevant difference: 1% of the reference for counts and rates, 1 percentage point for percentages, and for costs €1,000 a year per 1,000 residents, unless the reference scenario sets its own ([relevance]). Beside each difference it then says: relevant (the whole interval lies beyond that threshold), possibly relevant (the difference itself is that large, but the interval reaches inside the threshold; more replications will tell), clear but small (the interval excludes zero but the difference is below the threshold: real in the model, too small to matter) or not distinguishable (the interval includes zero).",
        "The intervals cover simulation noise only: the variation between replications. The programmes' effect sizes (for example how much less burdened a carer becomes) are assumptions, listed in the assumptions table; they are not estimates with their own uncertainty, and that uncertainty is not (yet) carried into the intervals.",
        "Differences from the reference are paired: every scenario was run with the same random numbers as the reference, so only the scenario makes the difference and the margins are narrower.",
        "The shift ledger shows where care demand goes: shifted to someone else, prevented, postponed or replaced, and what that costs each payer.",
    ],
    guide_uncertain: "The intervals cover simulation noise and the uncertainty of some assumptions: these were given as a distribution instead of one number and drawn anew for every replication (probabilistic sensitivity analysis), the same draw for every scenario, so differences stay paired. The programmes' other effect sizes are assumptions whose uncertainty is not in the intervals. Drawn per replication:",
    guide_sweep: "In a sweep one scenario was run at different settings (points); every point uses the same random numbers, so differences between points are paired.",
    key_title: "Key figures",
    key_intro: "Mean per year with its 95% confidence interval; under each scenario its difference from the reference.",
    metric: "Outcome",
    unit: "Unit",
    reference: "reference",
    difference: "difference",
    shift_title: "Shift ledger",
    shift_intro: "Per scenario against the reference: bar = mean, whisker = 95% confidence interval. Money is on one axis in one unit; counts per year are on as few axes as possible, grouped by size. Grey rows are not distinguishable from 0. The table gives every row.",
    shift_vs: "against",
    category: "Kind",
    item: "Item",
    amount: "Amount [95% CI]",
    reference_mean: "Reference",
    scenario_mean: "Scenario",
    method: "Method",
    paired: "paired",
    welch: "unpaired (Welch)",
    gp_title: "GP care",
    profile_title: "Self-reliance and Positive Health (model proxies)",
    profile_caption: "Share of residents 65+ at home who are self-reliant (score 4 or 5) in each domain, in the spirit of the Zelfredzaamheid-Matrix, by scenario (bar = mean, whisker = 95% confidence interval). The table gives for each domain the Positive Health dimension it stands in for, and the difference from the reference in percentage points. The model says nothing about meaning (zingeving) or quality of life, and about bodily functions only through limitations and acute events.",
    profile_axis: "share 65+ scoring 4-5 (%)",
    profile_domains: [
        ("daily living", "daily functioning"),
        ("household", "daily functioning"),
        ("physical health", "bodily functions (in part)"),
        ("mental health", "mental well-being"),
        ("social network", "participation"),
        ("participation", "participation"),
    ],
    profile_domain: "domain (Zelfredzaamheid-Matrix)",
    profile_dimension: "Positive Health",
    gp_contacts_caption: "GP contacts per resident per year, by scenario",
    gp_wait_caption: "Waiting time for a routine GP consult (days), by scenario",
    dot_whisker_note: "Dot = mean, whisker = 95% confidence interval of the mean; the grey line is the reference. The axis does not start at zero.",
    series_title: "Month by month",
    yearly_title: "Year by year",
    yearly_caption: "Mean of the twelve months of each measured year (timeseries.csv). With population.projection = \"cbs-kernprognose-2024\" the district ages as the CBS forecast expects: the reference then shows what ageing alone does, the other columns what a programme does on top of it (same random numbers).",
    year_label: "year",
    series_caption: "Line = mean over the replications, band = 95% confidence interval of that mean (columns ci_low and ci_high of timeseries.csv). Scenarios without an effect on this outcome coincide with the reference; the line drawn last then lies on top.",
    series_gp: "GP load: contacts per resident per year (by month)",
    series_carers: "Heavily burdened informal carers (% of active carers)",
    series_lonely: "Severely lonely adults (% of adults at home)",
    month_axis: "month after warm-up",
    cost_title: "Cost by payer",
    cost_caption: "Cost per year by payer and scenario (bar = mean, whisker = 95% confidence interval); the programmes' own cost is included. These whiskers are for the levels, not the differences: whether a difference from the reference counts is shown, paired, in the shift ledger (net cost).",
    payer: "Payer",
    sweep_title: "Outcomes by setting",
    sweep_caption: "Per outcome and swept setting: line = mean per point, band or whisker = 95% confidence interval. Other settings: one line per value.",
    sweep_points_title: "Key figures per point",
    point: "Point",
    assumptions_title: "Assumptions that differ from the reference",
    assumptions_intro: "Settings of the fully resolved scenario file that differ from the reference.",
    no_differences: "no differences from the reference",
    setting: "Setting",
    baseline_value: "Reference",
    scenario_value: "Scenario",
    absent: "(not set)",
    swept_parameters: "Swept settings",
    values: "Values",
    meta_title: "Provenance: seed, replications and version",
    scenario: "Scenario",
    name: "Name",
    seed: "Seed",
    replications: "Replications",
    version: "buurtsim version",
    folder: "Folder",
    sweep_method: "Design",
    points: "Points",
    replications_per_point: "Replications per point",
    title_regions: "Care demand by wijk",
    guide_regions: "In this sweep the same scenario was run for every wijk (one point per wijk), with the residents and age structure of that wijk from CBS's Kerncijfers wijken en buurten. All wijken use the same random numbers: differences between wijken come from their size and age structure, not from the chance of the simulation.",
    regions_table_title: "Key figures by wijk",
    regions_table_intro: "Mean per year with 95% confidence interval, per wijk in the order of the CBS file. Residents: mean number of residents of the wijk during the run (at home or in a nursing home).",
    region: "Wijk",
    residents: "Residents",
    regions_charts_title: "Outcomes by wijk",
    regions_charts_caption: "Bar = mean per wijk, whisker = 95% confidence interval; wijken in the order of the CBS file.",
    cost_per_resident: "Cost per resident",
    cost_per_resident_unit: "€/resident/year",
    cost_per_resident_note: "Cost per resident: the total cost per year (all payers) divided by the wijk's mean number of residents; the interval is the total cost's, divided alike.",
    skipped_title: "Wijken left out",
    skipped_intro: "These wijken of the CBS file were not run: their figures do not allow a run (too few residents, or a figure CBS keeps secret).",
    reason: "Reason",
    regions_count: "wijken",
    reference_marker: "reference",
    value_axis: "value",
    share_difference_note: "For percentages the difference is in percentage points.",
    footer: "This file is self-contained: it loads nothing from the internet and opens offline.",
    ledger_money_title: "money per year",
    ledger_counts_title: "counts per year",
    ledger_counts_axis: "count, hours or days per year",
    ledger_caption: "Bar = difference from the reference, whisker = 95% confidence interval; all rows of this chart on one axis. Grey: not distinguishable from 0 (the interval includes 0).",
    ledger_unchanged: "No change (exactly 0):",
    gp_difference_title: "difference from the reference",
    gp_difference_note: "Dot = difference from the reference (scenario − reference), whisker = 95% confidence interval of that difference, computed as in the table (paired where scenario and reference share their random numbers); the line is 0, no difference. Grey: not distinguishable from 0.",
    sweep_caption_lhs: "Latin hypercube design: every point differs in all swept settings at once, so the points do not lie on one curve. Dot = mean per point, whisker = 95% confidence interval; the dashed line is a straight line through the means (least squares), a summary, not a measured course.",
    sweep_fit: "straight line through the points (least squares)",
    sweep_metrics_note: "Outcomes in these charts: choose others with buurtsim report --metrics a,b,c.",
};

/// Label of a metric in the report (falls back to the metric name).
pub fn metric_label(name: &str, lang: Lang) -> String {
    let (nl, en) = match name {
        "gp_contacts_per_resident_year" => (
            "Huisartscontacten per inwoner per jaar",
            "GP contacts per resident per year",
        ),
        "gp_psychosocial_contacts_per_1000_year" => (
            "Psychosociale huisartscontacten",
            "Psychosocial GP contacts",
        ),
        "gp_wait_days_mean" => ("Wachttijd huisarts, gemiddeld", "GP waiting time, mean"),
        "share_65plus" => ("Aandeel 65-plussers", "Residents aged 65+"),
        "share_75plus" => ("Aandeel 75-plussers", "Residents aged 75+"),
        "residents" => ("Inwoners", "Residents"),
        "out_of_hours_contacts_per_1000_year" => {
            ("Contacten huisartsenpost", "Out-of-hours GP contacts")
        }
        "emergency_visits_per_1000_year" => ("SEH-bezoeken", "Emergency department visits"),
        "hospital_admissions_per_1000_year" => (
            "Ziekenhuisopnames (klinisch)",
            "Hospital admissions (clinical)",
        ),
        "carers_heavily_burdened_share" => (
            "Zwaarbelaste mantelzorgers",
            "Heavily burdened informal carers",
        ),
        "severely_lonely_share_adults" => ("Ernstig eenzame volwassenen", "Severely lonely adults"),
        "self_reliant_share_65plus" => ("Zelfredzame 65-plussers", "Self-reliant residents 65+"),
        "nursing_home_admissions_per_1000_65plus_year" => {
            ("Verpleeghuisopnames", "Nursing-home admissions")
        }
        "cost_zvw_eur_year" => ("Kosten Zvw (zorgverzekeraar)", "Cost Zvw (health insurer)"),
        "cost_wmo_eur_year" => ("Kosten Wmo (gemeente)", "Cost Wmo (municipality)"),
        "cost_wlz_eur_year" => ("Kosten Wlz (zorgkantoor)", "Cost Wlz (long-term care)"),
        "cost_gemeente_eur_year" => ("Kosten gemeente overig", "Cost municipality, other"),
        "cost_total_eur_year" => ("Kosten totaal", "Cost, total"),
        other => (other, other),
    };
    if lang.dutch() { nl } else { en }.to_string()
}

/// Short payer name of a cost metric, for the cost chart's axis.
pub fn payer_label(metric: &str, lang: Lang) -> &'static str {
    match (metric, lang.dutch()) {
        ("cost_zvw_eur_year", true) => "Zvw (zorgverzekeraar)",
        ("cost_zvw_eur_year", false) => "Zvw (health insurer)",
        ("cost_wmo_eur_year", true) => "Wmo (gemeente)",
        ("cost_wmo_eur_year", false) => "Wmo (municipality)",
        ("cost_wlz_eur_year", true) => "Wlz (zorgkantoor)",
        ("cost_wlz_eur_year", false) => "Wlz (care office)",
        (_, true) => "gemeente overig",
        (_, false) => "municipality other",
    }
}

/// Whether a unit is a share (0 to 1), shown as a percentage.
pub fn is_share(unit: &str) -> bool {
    unit == "share"
}

/// The factor to show a value in: shares as percent.
pub fn display_factor(unit: &str) -> f64 {
    if is_share(unit) {
        100.0
    } else {
        1.0
    }
}

/// A unit for readers: shares become `%` (or percentage points for a
/// difference), words are translated, `1000` gets its separator.
pub fn unit_label(unit: &str, lang: Lang, difference: bool) -> String {
    if is_share(unit) {
        return match (difference, lang.dutch()) {
            (true, true) => "procentpunt".to_string(),
            (true, false) => "percentage points".to_string(),
            (false, _) => "%".to_string(),
        };
    }
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&translate_word(word, lang));
            word.clear();
        }
    };
    for c in unit.chars() {
        if c == '/' || c == ' ' {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn translate_word(word: &str, lang: Lang) -> String {
    if word == "EUR" {
        return "€".to_string();
    }
    if word == "1000" {
        return if lang.dutch() { "1.000" } else { "1,000" }.to_string();
    }
    if !lang.dutch() {
        return word.to_string();
    }
    match word {
        "resident" => "inwoner",
        "residents" => "inwoners",
        "year" => "jaar",
        "contacts" => "contacten",
        "requests" => "vragen",
        "visits" => "bezoeken",
        "days" => "dagen",
        "day" => "dag",
        "hours" => "uren",
        "week" => "week",
        "persons" => "personen",
        "person" => "persoon",
        "admissions" => "opnames",
        "carers" => "mantelzorgers",
        "dropouts" => "uitvallers",
        "deaths" => "overlijdens",
        "frail" => "kwetsbare",
        "crises" => "crises",
        "episodes" => "episodes",
        "clients" => "cliënten",
        "months" => "maanden",
        "problems" => "problemen",
        "onsets" => "nieuwe gevallen",
        "consults" => "consulten",
        "slots" => "spreekuurplaatsen",
        "stays" => "verblijven",
        "domains" => "domeinen",
        other => other,
    }
    .to_string()
}

/// Decimals for a value whose relevant precision is `step` (e.g. the half
/// width of its interval): one significant digit of the step, 0 to 4.
pub fn decimals_for(step: f64, value: f64) -> usize {
    let basis = if step.is_finite() && step > 0.0 {
        step
    } else if value.is_finite() && value != 0.0 {
        value.abs() / 100.0
    } else {
        return 0;
    };
    (-(basis.log10().floor()) as i64).clamp(0, 4) as usize
}

/// A number with `decimals` decimals: in Dutch with a decimal comma and a
/// dot between thousands; a minus sign, never `-0`; `–` for NaN.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let zero = s.bytes().all(|b| b == b'0' || b == b'.');
    let (group, point) = if lang.dutch() { ('.', ',') } else { (',', '.') };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(*c);
    }
    let mut out = String::new();
    if x < 0.0 && !zero {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(point);
        out.push_str(&f);
    }
    out
}

/// A number with about three significant digits (axis ticks, labels).
pub fn short_number(x: f64, lang: Lang) -> String {
    let a = x.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        (2 - a.log10().floor() as i64).clamp(2, 4) as usize
    };
    trim_zeros(number(x, decimals, lang), lang)
}

/// Drop trailing zeros after the decimal mark (`1,50` → `1,5`, `2,0` → `2`).
pub fn trim_zeros(s: String, lang: Lang) -> String {
    let point = if lang.dutch() { ',' } else { '.' };
    if !s.contains(point) {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches(point);
    t.to_string()
}

/// Tick labels on an axis: enough decimals for the step between ticks.
pub fn tick_number(x: f64, range: f64, lang: Lang) -> String {
    let step = range / 8.0;
    let decimals = decimals_for(step, x);
    trim_zeros(number(x, decimals, lang), lang)
}

/// `mean [low; high]` (Dutch) or `mean [low, high]` (English), with
/// decimals from the interval's half width; `factor` scales (percent).
pub fn interval_text(iv: &Interval, factor: f64, lang: Lang) -> String {
    let (m, l, h) = (iv.mean * factor, iv.low * factor, iv.high * factor);
    let d = decimals_for((h - l).abs() / 2.0, m);
    if !l.is_finite() || !h.is_finite() {
        return number(m, d, lang);
    }
    let sep = if lang.dutch() { "; " } else { ", " };
    format!(
        "{} [{}{sep}{}]",
        number(m, d, lang),
        number(l, d, lang),
        number(h, d, lang)
    )
}

/// A signed difference: `+` for every positive value that does not round
/// to zero (`+0,1` as well as `+12`), `−` for negative ones, none for 0.
pub fn signed_interval_text(iv: &Interval, factor: f64, lang: Lang) -> String {
    let s = interval_text(iv, factor, lang);
    let mean = s.split(" [").next().unwrap_or("");
    let nonzero = mean.chars().any(|c| matches!(c, '1'..='9'));
    if iv.mean * factor > 0.0 && nonzero {
        format!("+{s}")
    } else {
        s
    }
}

/// The name of a relevance class beside a difference in the report.
pub fn relevance_label(r: Relevance, lang: Lang) -> &'static str {
    match (r, lang) {
        (Relevance::Relevant, _) => "relevant",
        (Relevance::PossiblyRelevant, Lang::Nl) => "mogelijk relevant",
        (Relevance::PossiblyRelevant, Lang::En) => "possibly relevant",
        (Relevance::ClearButSmall, Lang::Nl) => "klein maar duidelijk",
        (Relevance::ClearButSmall, Lang::En) => "clear but small",
        (Relevance::NotDistinguishable, Lang::Nl) => "niet te onderscheiden",
        (Relevance::NotDistinguishable, Lang::En) => "not distinguishable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(number(1234567.891, 2, Lang::Nl), "1.234.567,89");
        assert_eq!(number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(number(-0.0001, 2, Lang::Nl), "0,00");
        assert_eq!(number(-12.5, 1, Lang::Nl), "−12,5");
        assert_eq!(number(999.0, 0, Lang::Nl), "999");
        let iv = Interval {
            mean: 5.234,
            low: 5.214,
            high: 5.254,
            n: 10,
        };
        assert_eq!(interval_text(&iv, 1.0, Lang::Nl), "5,23 [5,21; 5,25]");
        assert_eq!(interval_text(&iv, 1.0, Lang::En), "5.23 [5.21, 5.25]");
        assert_eq!(tick_number(0.5, 4.0, Lang::Nl), "0,5");
        assert_eq!(tick_number(2.0, 4.0, Lang::Nl), "2");
    }

    #[test]
    fn every_positive_difference_has_a_sign() {
        let iv = |mean: f64| Interval {
            mean,
            low: mean - 0.3,
            high: mean + 0.3,
            n: 4,
        };
        assert_eq!(
            signed_interval_text(&iv(0.1), 1.0, Lang::Nl),
            "+0,1 [−0,2; 0,4]"
        );
        assert_eq!(
            signed_interval_text(&iv(12.0), 1.0, Lang::En),
            "+12.0 [11.7, 12.3]"
        );
        assert!(signed_interval_text(&iv(-0.1), 1.0, Lang::Nl).starts_with('−'));
        assert!(signed_interval_text(&iv(0.0), 1.0, Lang::Nl).starts_with('0'));
    }

    #[test]
    fn units() {
        assert_eq!(
            unit_label("requests/1000 residents/year", Lang::Nl, false),
            "vragen/1.000 inwoners/jaar"
        );
        assert_eq!(unit_label("EUR/year", Lang::En, false), "€/year");
        assert_eq!(unit_label("share", Lang::Nl, true), "procentpunt");
    }
}
