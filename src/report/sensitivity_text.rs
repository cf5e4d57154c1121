//! The words of the sensitivity page, in Dutch and English: its titles,
//! the chart's legend and labels, and the reading guide that explains S1,
//! ST, μ*, σ, interactions, the dummy and the noise floor in plain words.
//!
//! Kept apart from [`super::i18n`] (the run and sweep pages' words) so
//! that file does not grow with a page it does not serve; numbers are
//! still formatted by `i18n`.

use super::i18n::Lang;
use crate::scenario::SensitivityMethod;

/// Fixed texts of the sensitivity page.
#[derive(Debug)]
pub struct SensText {
    /// Page title.
    pub title: &'static str,
    /// `Sobol` method name with what it gives.
    pub sobol: &'static str,
    /// `Morris` method name with what it gives.
    pub morris: &'static str,
    /// Heading of the charts section.
    pub charts_title: &'static str,
    /// Text above the Sobol charts.
    pub charts_intro_sobol: &'static str,
    /// Text above the Morris charts.
    pub charts_intro_morris: &'static str,
    /// Legend of ST.
    pub st: &'static str,
    /// Legend of S1.
    pub s1: &'static str,
    /// Legend of μ*.
    pub mu_star: &'static str,
    /// Legend of σ.
    pub sigma: &'static str,
    /// Axis of the Sobol charts.
    pub sobol_axis: &'static str,
    /// Axis of the Morris charts, before the metric's unit.
    pub morris_axis: &'static str,
    /// Label of the noise floor line.
    pub floor: &'static str,
    /// Beside a parameter within the floor.
    pub noise: &'static str,
    /// Row label of the dummy.
    pub dummy: &'static str,
    /// Caption: the floor of the second index, before its value.
    pub floor_of: &'static str,
    /// Caption when no parameter stands above the floor.
    pub none_above: &'static str,
    /// Heading of the reading guide.
    pub guide_title: &'static str,
    /// Guide sentences for Sobol.
    pub guide_sobol: &'static [&'static str],
    /// Guide sentences for Morris.
    pub guide_morris: &'static [&'static str],
    /// Guide sentences for both: dummy, floor, intervals.
    pub guide_common: &'static [&'static str],
    /// Guide sentence with a reference scenario (its id follows).
    pub guide_reference: &'static str,
    /// Heading of the settings section.
    pub settings_title: &'static str,
    /// Row: base samples (Sobol).
    pub base_samples: &'static str,
    /// Row: trajectories (Morris).
    pub trajectories: &'static str,
    /// Row: Morris grid levels.
    pub levels: &'static str,
    /// Row: design points (rows of `design.csv`).
    pub design_points: &'static str,
    /// Row: simulated points (both passes, with the reference).
    pub simulated_points: &'static str,
    /// Row: the design's seed.
    pub design_seed: &'static str,
    /// Row: bootstrap resamples.
    pub bootstrap: &'static str,
    /// Row: reference scenario.
    pub reference: &'static str,
    /// Text after the reference's id.
    pub reference_note: &'static str,
    /// Heading of the parameter table.
    pub parameters_title: &'static str,
    /// Column: range.
    pub range: &'static str,
    /// Range of the dummy.
    pub dummy_range: &'static str,
    /// "log scale" after a range.
    pub log: &'static str,
    /// Heading of the numbers table.
    pub table_title: &'static str,
    /// Column: parameter.
    pub parameter: &'static str,
    /// Column: index.
    pub index: &'static str,
    /// Column: estimate with interval.
    pub estimate: &'static str,
    /// Column: above the floor or not.
    pub verdict: &'static str,
    /// Verdict: above the floor.
    pub above: &'static str,
}

impl SensText {
    /// The texts in `lang`.
    pub fn of(lang: Lang) -> &'static SensText {
        match lang {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// The method's name with its indices.
    pub fn method_name(&self, method: SensitivityMethod) -> &'static str {
        match method {
            SensitivityMethod::Sobol => self.sobol,
            SensitivityMethod::Morris => self.morris,
        }
    }
}

static NL: SensText = SensText {
    title: "Zorgvraag in de wijk: gevoeligheidsanalyse",
    sobol: "Sobol (S1 en ST)",
    morris: "Morris (μ* en σ)",
    charts_title: "Welke instellingen doen ertoe?",
    charts_intro_sobol: "Per uitkomst de instellingen, grootste invloed bovenaan. Donkere balk = ST (invloed inclusief samenspel), lichte balk = S1 (invloed alleen); streep = 95%-interval. De gestippelde lijn is de ruisvloer: grijze instellingen zijn niet te onderscheiden van ruis. De dummy staat onderaan.",
    charts_intro_morris: "Per uitkomst de instellingen, grootste invloed bovenaan. Donkere balk = μ* (gemiddelde grootte van het effect), lichte balk = σ (hoe sterk dat effect wisselt); streep = 95%-interval. De gestippelde lijn is de ruisvloer: grijze instellingen zijn niet te onderscheiden van ruis. De dummy staat onderaan.",
    st: "ST: totaal, met samenspel",
    s1: "S1: alleen",
    mu_star: "μ*: gemiddelde grootte van het effect",
    sigma: "σ: spreiding van het effect",
    sobol_axis: "Sobol-index (aandeel van de variantie)",
    morris_axis: "Effect over het hele bereik",
    floor: "ruisvloer",
    noise: "niet te onderscheiden van ruis",
    dummy: "dummy (leest het model niet)",
    floor_of: "Ruisvloer van",
    none_above: "Geen enkele instelling komt hier boven de ruisvloer uit: met meer replicaties per punt (of meer ontwerppunten) wordt de vloer lager.",
    guide_title: "Zo leest u deze analyse",
    guide_sobol: &[
        "Een gevoeligheidsanalyse varieert alle gekozen instellingen tegelijk over hun bereik en meet hoeveel van de spreiding in een uitkomst elke instelling verklaart. Zo ziet u op welke aannames de uitkomst het meest leunt.",
        "S1 (eerste orde) is het deel van de variantie van de uitkomst dat een instelling in haar eentje verklaart: 0,4 betekent dat 40% van de spreiding verdwijnt als u alleen deze instelling vast zou zetten.",
        "ST (totaal) is het deel dat de instelling verklaart inclusief haar samenspel met de andere instellingen. ST is altijd minstens S1 (op schattingsruis na).",
        "Is ST duidelijk groter dan S1, dan is er samenspel (interactie): het effect van deze instelling hangt af van de waarden van andere instellingen. Bijvoorbeeld: meer dekking helpt alleen als het programma ook werkt.",
        "Zonder samenspel tellen de S1-waarden op tot ongeveer 1; hoe verder de som onder 1 blijft, hoe meer van de spreiding uit samenspel komt.",
    ],
    guide_morris: &[
        "Een Morris-analyse (screening) laat elke instelling een voor een een stap maken vanuit steeds andere uitgangspunten (trajecten) en kijkt hoeveel de uitkomst verandert. Het is goedkoper dan Sobol en bedoeld om de instellingen te vinden die ertoe doen.",
        "μ* is de gemiddelde absolute verandering van de uitkomst als de instelling een stap Δ van haar bereik zet, omgerekend naar het hele bereik, in de eenheid van de uitkomst. Hoe groter μ*, hoe meer de instelling uitmaakt.",
        "σ is hoe sterk die verandering wisselt tussen de trajecten. Een grote σ (vergeleken met μ*) betekent dat het effect niet overal even groot is: de instelling werkt niet-lineair of in samenspel met andere instellingen.",
    ],
    guide_common: &[
        "De dummy is een instelling die het model nooit leest, doorgerekend met andere toevalsgetallen. Hij hoort 0 te geven; wat hij toch laat zien is simulatieruis. De rand van zijn 95%-interval is de ruisvloer (gestippelde lijn; per index een eigen vloer). Een instelling waarvan zowel S1 als ST (bij Morris μ en μ*) op of onder de vloer blijft, is niet te onderscheiden van ruis: meer replicaties per punt verlagen de vloer.",
        "De strepen zijn 95%-intervallen uit een bootstrap over de basissteekproeven (Sobol) of trajecten (Morris): ze zeggen hoe zeker de index is gegeven het aantal ontwerppunten. De ruis van de simulatie zelf zit er niet in; daarvoor is de ruisvloer.",
        "Alle cijfers gelden binnen de gekozen bereiken (zie de tabel met instellingen): een ander bereik geeft andere indices.",
    ],
    guide_reference: "De indices gaan over het verschil programma − referentie (referentiescenario",
    settings_title: "Opzet van de analyse",
    base_samples: "Basissteekproeven (N)",
    trajectories: "Trajecten",
    levels: "Niveaus van het rooster",
    design_points: "Ontwerppunten",
    simulated_points: "Doorgerekende punten (hoofd- en ruisronde)",
    design_seed: "Seed van het ontwerp",
    bootstrap: "Bootstrap-trekkingen",
    reference: "Referentiescenario",
    reference_note: "de indices gaan over het verschil programma − referentie",
    parameters_title: "Gevarieerde instellingen",
    range: "Bereik",
    dummy_range: "0 tot 1, leest het model niet",
    log: "logaritmisch",
    table_title: "Alle indices",
    parameter: "Instelling",
    index: "Index",
    estimate: "Schatting [95%-interval]",
    verdict: "Boven de ruisvloer?",
    above: "ja",
};

static EN: SensText = SensText {
    title: "Care demand in the neighbourhood: sensitivity analysis",
    sobol: "Sobol (S1 and ST)",
    morris: "Morris (μ* and σ)",
    charts_title: "Which settings matter?",
    charts_intro_sobol: "Per outcome the settings, largest influence at the top. Dark bar = ST (influence including interactions), light bar = S1 (influence alone); whisker = 95% interval. The dashed line is the noise floor: grey settings are not distinguishable from noise. The dummy is last.",
    charts_intro_morris: "Per outcome the settings, largest influence at the top. Dark bar = μ* (mean size of the effect), light bar = σ (how much that effect varies); whisker = 95% interval. The dashed line is the noise floor: grey settings are not distinguishable from noise. The dummy is last.",
    st: "ST: total, with interactions",
    s1: "S1: alone",
    mu_star: "μ*: mean size of the effect",
    sigma: "σ: spread of the effect",
    sobol_axis: "Sobol index (share of the variance)",
    morris_axis: "Effect over the whole range",
    floor: "noise floor",
    noise: "not distinguishable from noise",
    dummy: "dummy (not read by the model)",
    floor_of: "Noise floor of",
    none_above: "No setting stands above the noise floor here: more replications per point (or more design points) lower the floor.",
    guide_title: "How to read this analysis",
    guide_sobol: &[
        "A sensitivity analysis varies all chosen settings at once over their ranges and measures how much of the spread in an outcome each setting explains. It shows which assumptions the outcome leans on most.",
        "S1 (first order) is the share of the outcome's variance that a setting explains on its own: 0.4 means 40% of the spread would go if only this setting were fixed.",
        "ST (total) is the share the setting explains including its interactions with the other settings. ST is always at least S1 (up to estimation noise).",
        "When ST is clearly larger than S1 there is an interaction: the effect of this setting depends on the values of other settings. For example: more coverage only helps if the programme works.",
        "Without interactions the S1 values add up to about 1; the further their sum stays below 1, the more of the spread comes from interactions.",
    ],
    guide_morris: &[
        "A Morris analysis (screening) moves each setting one step at a time from many different starting points (trajectories) and looks at how much the outcome changes. It is cheaper than Sobol and meant to find the settings that matter.",
        "μ* is the mean absolute change in the outcome when the setting moves a step Δ of its range, scaled to the whole range, in the outcome's units. The larger μ*, the more the setting matters.",
        "σ is how much that change varies between trajectories. A large σ (compared with μ*) means the effect is not the same everywhere: the setting acts non-linearly or in interaction with other settings.",
    ],
    guide_common: &[
        "The dummy is a setting the model never reads, run with other random numbers. It should give 0; what it shows anyway is simulation noise. The edge of its 95% interval is the noise floor (dashed line; each index has its own). A setting whose S1 and ST (Morris: μ and μ*) both stay on or below their floors is not distinguishable from noise: more replications per point lower the floor.",
        "The whiskers are 95% intervals from a bootstrap over the base samples (Sobol) or trajectories (Morris): they say how certain an index is given the number of design points. The simulation's own noise is not in them; that is what the noise floor is for.",
        "All figures hold within the chosen ranges (see the settings table): other ranges give other indices.",
    ],
    guide_reference: "The indices are of the difference programme − reference (reference scenario",
    settings_title: "Set-up of the analysis",
    base_samples: "Base samples (N)",
    trajectories: "Trajectories",
    levels: "Grid levels",
    design_points: "Design points",
    simulated_points: "Simulated points (main and floor pass)",
    design_seed: "Seed of the design",
    bootstrap: "Bootstrap resamples",
    reference: "Reference scenario",
    reference_note: "the indices are of the difference programme − reference",
    parameters_title: "Varied settings",
    range: "Range",
    dummy_range: "0 to 1, not read by the model",
    log: "log scale",
    table_title: "All indices",
    parameter: "Setting",
    index: "Index",
    estimate: "Estimate [95% interval]",
    verdict: "Above the noise floor?",
    above: "yes",
};
