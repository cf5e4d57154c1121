//! The agents: residents and informal carers, and their states.

use crate::engine::rng::CounterStream;

/// Marker for "no index" in `u32` links.
pub const NONE: u32 = u32::MAX;

/// Days per year: the model's calendar has no leap years.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// Informal carers one resident can have: a partner, a child or relative
/// in the district, someone outside the district and a neighbour.
pub const CARER_SLOTS: usize = 4;

/// Functional state, ordered from fit to care-dependent, as the CBS health
/// survey measures limitation (see `model::health`): fit has no
/// limitation, pre-frail an IADL limitation only, frail an ADL limitation,
/// care-dependent an ADL limitation needing daily personal care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Functional {
    /// No ADL or IADL limitation; no care need.
    Fit = 0,
    /// An IADL limitation only (household tasks); can recover.
    PreFrail = 1,
    /// An ADL limitation (personal care); can recover to pre-frail.
    Frail = 2,
    /// An ADL limitation that needs daily personal care.
    CareDependent = 3,
}

impl Functional {
    /// The next state down, if any.
    pub fn worse(self) -> Option<Self> {
        match self {
            Self::Fit => Some(Self::PreFrail),
            Self::PreFrail => Some(Self::Frail),
            Self::Frail => Some(Self::CareDependent),
            Self::CareDependent => None,
        }
    }

    /// Frail or care-dependent: has an ADL limitation.
    pub fn is_limited(self) -> bool {
        self >= Self::Frail
    }

    /// Has an ADL limitation (CBS: at least one ADL item only with great
    /// difficulty or only with help).
    pub fn adl_limited(self) -> bool {
        self >= Self::Frail
    }

    /// Has an IADL limitation; everyone ADL-limited counts as IADL-limited.
    pub fn iadl_limited(self) -> bool {
        self >= Self::PreFrail
    }
}

/// Loneliness on the De Jong Gierveld scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lonely {
    /// Not lonely.
    No = 0,
    /// Moderately lonely.
    Moderate = 1,
    /// Severely lonely.
    Severe = 2,
}

/// Where a resident lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Living {
    /// At home in the district.
    Home,
    /// In a nursing or care home (still counted as a resident of the district).
    NursingHome,
    /// Moved out of the district.
    MovedOut,
    /// Died.
    Deceased,
}

impl Living {
    /// At home or in a nursing home: counted in the district's population.
    pub fn is_resident(self) -> bool {
        matches!(self, Self::Home | Self::NursingHome)
    }
}

/// A stay away from home that the resident returns from (or not): while
/// away they live at home in the sense of the statistics (CBS counts
/// patients in their household), but they have no care need at home, no
/// GP demand and no functional change; they can die.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stay {
    /// At home.
    None,
    /// A clinical hospital stay.
    Hospital,
    /// A short-term stay (eerstelijnsverblijf).
    ShortStay,
    /// Geriatric rehabilitation.
    Rehab,
}

/// The long-lived random streams of one resident, one per process, so that
/// a change in one process (an intervention's effect on demand) leaves the
/// others' numbers untouched: common random numbers between scenarios.
/// Each is a counter-based stream ([`crate::engine::rng::CounterStream`]) keyed by
/// (seed, replication, resident's key, process): the resident stores only
/// how many numbers each has given ([`Clock::drawn`] for the three clocks'
/// processes, [`Resident::route_drawn`] and [`Resident::care_drawn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentStream {
    /// Demand: problems, crises, routing decisions.
    Demand,
    /// Health: functional transitions, death, nursing-home admission.
    Health,
    /// Social: loneliness.
    Social,
    /// Routing of GP requests: urgent or not, mode, spill, referral.
    Route,
    /// Care: carers, burden, drop-out, caring for others.
    Care,
}

impl ResidentStream {
    /// The process number in the stream's key.
    #[inline]
    pub fn process(self) -> u64 {
        match self {
            Self::Demand => process::DEMAND,
            Self::Health => process::HEALTH,
            Self::Social => process::SOCIAL,
            Self::Route => process::ROUTE,
            Self::Care => process::CARE,
        }
    }
}

/// [`Resident::reliant_mask`] before a first profile (a bit no domain uses).
pub const UNKNOWN_PROFILE: u8 = 1 << 7;

/// Process numbers in stream keys.
pub mod process {
    /// Demand stream.
    pub const DEMAND: u64 = 1;
    /// Health stream.
    pub const HEALTH: u64 = 2;
    /// Social stream.
    pub const SOCIAL: u64 = 3;
    /// Care stream.
    pub const CARE: u64 = 4;
    /// Creation: age, household, initial states.
    pub const CREATE: u64 = 5;
    /// Routing stream.
    pub const ROUTE: u64 = 6;
    /// The resident's GP practice (a one-off draw: the same list in every
    /// scenario with the same practices).
    pub const PRACTICE: u64 = 7;
    /// The draw of an uncertain scenario key (PSA), one per replication;
    /// the entity is a hash of the key path, so the draw does not depend
    /// on the scenario ("PSA_DRAW").
    pub const UNCERTAIN: u64 = 0x5053_415F_4452_4157;
    /// Yearly move-out decision (plus the year).
    pub const MOVE_BASE: u64 = 1_000;
    /// Yearly draw of a short district-nursing episode (plus the year).
    pub const NURSING_EPISODE_BASE: u64 = 3_000;
    /// Yearly draw of planned hospital admissions (plus the year).
    pub const PLANNED_ADMISSION_BASE: u64 = 4_000;
    /// The course of a resident's hospital stay (plus its ordinal).
    pub const HOSPITAL_STAY_BASE: u64 = 1 << 32;
    /// One-off uptake decisions, one per programme (plus the programme's key).
    pub const UPTAKE_BASE: u64 = 1 << 40;
    /// Whether a delayed GP request escalated (xor the bits of the time it
    /// was made).
    pub const ESCALATION_BASE: u64 = 1 << 48;
    /// Whether a problem helped at a receiving end was resolved (xor the
    /// bits of the day it was helped, and the receiving end).
    pub const RESOLUTION_BASE: u64 = 1 << 56;
}

/// A pending rate-driven process: its current rate and when it fires.
///
/// When the rate changes, the remaining time is rescaled by old/new rate
/// (valid for exponential clocks) instead of drawing anew, so scenarios that
/// change a rate keep the same random numbers.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Rate per day.
    pub rate: f64,
    /// Absolute time it fires (infinite when the rate is zero).
    pub due: f64,
    /// Version stamp of the scheduled event.
    pub version: u32,
    /// How many numbers the clock's process has drawn from its stream (the
    /// whole state of a counter-based stream; it fills what would be
    /// padding after `version`).
    pub drawn: u32,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            rate: 0.0,
            due: f64::INFINITY,
            version: 0,
            drawn: 0,
        }
    }
}

/// One resident of the district.
///
/// `repr(C)` with 64-byte alignment keeps the fields in the order written,
/// so the fields every event reads sit in the first two cache lines: a
/// region of 120,000 residents then keeps its hot state in the CPU's cache
/// (README, "Performance").
#[derive(Clone)]
#[repr(C, align(64))]
pub struct Resident {
    // Hot fields first: the rates of the three clocks read these on nearly
    // every event, so they fill the first two cache lines (the layout test
    // below checks it); then the ledgers' fields, by size so that no
    // padding is wasted. Hours and times that need no more precision are
    // f32, arithmetic on them is done in f64; the care round's fields live
    // in a [`CareState`] of their own (issue 21: 192 bytes a resident,
    // three cache lines, instead of 320).
    /// Demand process (problems and crises).
    pub demand: Clock,
    /// Health process (functional change, death, admission).
    pub health: Clock,
    /// Day of birth (negative: before the run started).
    pub birth: f64,
    /// Stable identity for random streams (hot: every draw is keyed by it):
    /// the index for the starting population, a hash of (year, age band,
    /// ordinal) for newcomers, so the same newcomer gets the same numbers in
    /// every scenario.
    pub key: u64,
    /// Loneliness process.
    pub social: Clock,
    /// Personal propensity to consult (gamma, mean 1).
    pub propensity: f32,
    /// Need left unmet last week (hours/week).
    pub unmet_hours: f32,
    /// Time a carer of theirs last dropped out.
    pub carer_dropout_at: f32,
    /// Partner's index, or [`NONE`].
    pub partner: u32,
    /// Day of the last acute event (a crisis: out-of-hours or emergency
    /// care), for the physical-health domain of self-reliance.
    pub last_acute: f32,
    /// Programmes this resident takes part in (bit mask, see `programmes`).
    pub programmes: u16,
    /// Functional state.
    pub functional: Functional,
    /// Loneliness.
    pub lonely: Lonely,
    /// Where they live.
    pub living: Living,
    /// A stay away from home (hospital, short-term stay, rehabilitation).
    pub stay: Stay,
    /// Whether one of their roles is heavily burdened (raises own GP demand).
    pub burdened_carer: bool,
    /// Can use e-health.
    pub digital: bool,
    /// Caring for someone outside the district: the carer index, or [`NONE`].
    pub outside_role: u32,
    /// Hospital admissions so far, planned and acute: each kind's count
    /// keys its stays' random numbers, so an acute admission a programme
    /// prevents leaves the course of the planned stays unchanged.
    pub stays: [u16; 2],
    /// Contacts with a professional who can spot a carer, since arrival:
    /// GP and practice-nurse contacts, weeks with district nursing,
    /// meeting-place visits (carer support finds carers through them).
    pub contacts: u32,
    /// Day the resident joined the district.
    pub arrival: f32,
    /// This resident's care need relative to the mean of their state
    /// (log-normal with mean 1, fixed for life; see `care::need_hours`).
    /// Drawn once at arrival so the weekly care round does no `ln`/`exp`
    /// for it.
    pub need_spread: f32,
    /// Day of nursing-home admission (negative infinity while at home).
    pub admitted_at: f32,
    /// The resident's care in the weekly round, an index into
    /// `Neighbourhood::care_states`, or [`NONE`] while they need and get no
    /// care and have no carers (`model::care_state`).
    pub care: u32,
    /// Care roles this resident holds as a carer (carer indices), [`NONE`]
    /// for empty. Nobody is asked to care for more than four people.
    pub held: [u32; 4],
    /// Uniform number fixed at arrival: the resident applies for Wmo home
    /// help when eligible if it is below `services.home_help_take_up`.
    pub help_seeking: f32,
    /// Last calendar year with district nursing (counts clients per year).
    pub last_nursing_year: i16,
    /// Last month (months since the start) with district nursing (counts
    /// clients per month).
    pub last_nursing_month: i16,
    /// Last half-year (half-years since the start) with Wmo home help
    /// (counts users per half-year).
    pub last_home_help_half: i16,
    /// Last calendar year with a GP-practice contact (the four
    /// calendar counters are i16: runs last at most `MAX_TOTAL_YEARS`).
    pub last_contact_year: i16,
    /// Day a psychosocial problem arose that no receiving end has resolved
    /// (negative infinity when none), for the mental-health domain.
    pub problem_since: f32,
    /// Day of the last meeting-place visit, for the participation domain.
    pub last_visit: f32,
    /// Numbers drawn from the routing stream ([`ResidentStream::Route`]).
    pub route_drawn: u32,
    /// Numbers drawn from the care stream ([`ResidentStream::Care`]).
    pub care_drawn: u32,
    /// On the list of residents the weekly care round looks at.
    pub in_needy: bool,
    /// The self-reliance domains scoring 4 or 5 at the last monthly
    /// snapshot (a bit per domain), [`UNKNOWN_PROFILE`] before the first
    /// one at 65+ at home: the ledger counts domains lost and gained.
    pub reliant_mask: u8,
}

/// A resident's care in the weekly round: their need, the care they
/// received, their places on the services' lists and their carers. Only
/// residents who need or get care, or have carers, hold one (about one in
/// eight); the rest read [`CareState::IDLE`] (`model::care_state`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CareState {
    /// Care need this week (hours/week).
    pub need_hours: f32,
    /// Informal care received last week (hours/week).
    pub informal_hours: f32,
    /// District nursing received last week (hours/week): long-term care
    /// and any short episode.
    pub nursing_hours: f32,
    /// Wmo home help received last week (hours/week).
    pub home_help_hours: f32,
    /// End of a short district-nursing episode (day; negative infinity
    /// when none has been drawn).
    pub episode_until: f32,
    /// Day the resident joined the district-nursing waiting list.
    pub nursing_waiting_since: f32,
    /// Day the resident joined the home-help waiting list.
    pub home_help_waiting_since: f32,
    /// Scratch of the weekly care round: the district-nursing hours
    /// indicated (from the assessment until the services have given
    /// care), then the hours left unmet (after the carers).
    pub personal_open: f32,
    /// Scratch of the weekly care round: the Wmo home-help hours indicated
    /// (from the assessment until the services have given care), then 0.
    pub household_open: f32,
    /// Carers of this resident (indices into the carer list), [`NONE`] for empty.
    pub carers: [u32; CARER_SLOTS],
    /// District-nursing client for long-term personal care (assessed from
    /// the ADL limitation's personal-care need, see `model::assessment`).
    pub nursing_client: bool,
    /// On the district-nursing waiting list.
    pub nursing_waiting: bool,
    /// Wmo home-help client.
    pub home_help_client: bool,
    /// On the home-help waiting list.
    pub home_help_waiting: bool,
}

impl CareState {
    /// No need, no care, no carers: what every resident starts with.
    pub const IDLE: CareState = CareState {
        need_hours: 0.0,
        informal_hours: 0.0,
        nursing_hours: 0.0,
        home_help_hours: 0.0,
        episode_until: f32::NEG_INFINITY,
        nursing_waiting_since: 0.0,
        home_help_waiting_since: 0.0,
        personal_open: 0.0,
        household_open: 0.0,
        carers: [NONE; CARER_SLOTS],
        nursing_client: false,
        nursing_waiting: false,
        home_help_client: false,
        home_help_waiting: false,
    };
}

impl Resident {
    /// A resident who arrives at time `arrival` aged `age` in `state`
    /// (functional state and where they live): single, not lonely, in no
    /// programme, with no care, carers or open hours yet. The one place
    /// that says what a new resident starts with.
    pub fn arriving(
        key: u64,
        arrival: f64,
        age: f64,
        propensity: f64,
        (functional, living): (Functional, Living),
        digital: bool,
        need_spread: f64,
    ) -> Self {
        Resident {
            key,
            birth: arrival - age * DAYS_PER_YEAR,
            arrival: arrival as f32,
            propensity: propensity as f32,
            partner: NONE,
            functional,
            lonely: Lonely::No,
            living,
            stay: Stay::None,
            stays: [0; 2],
            digital,
            programmes: 0,
            need_spread: need_spread as f32,
            unmet_hours: 0.0,
            help_seeking: 1.0,
            in_needy: false,
            held: [NONE; 4],
            burdened_carer: false,
            outside_role: NONE,
            last_contact_year: -1,
            contacts: 0,
            last_nursing_year: -1,
            last_nursing_month: -1,
            last_home_help_half: -1,
            carer_dropout_at: f32::NEG_INFINITY,
            admitted_at: f32::NEG_INFINITY,
            care: NONE,
            last_acute: f32::NEG_INFINITY,
            problem_since: f32::NEG_INFINITY,
            last_visit: f32::NEG_INFINITY,
            reliant_mask: UNKNOWN_PROFILE,
            route_drawn: 0,
            care_drawn: 0,
            demand: Clock::default(),
            health: Clock::default(),
            social: Clock::default(),
        }
    }

    /// Age in years at time `t` (days).
    #[inline]
    pub fn age(&self, t: f64) -> f64 {
        (t - self.birth) / DAYS_PER_YEAR
    }

    /// At home in the district (perhaps away for a while: see [`Stay`]).
    #[inline]
    pub fn at_home(&self) -> bool {
        self.living == Living::Home
    }

    /// In hospital, a short-term stay or rehabilitation.
    #[inline]
    pub fn away(&self) -> bool {
        self.stay != Stay::None
    }

    /// Whether the resident can take on one more care role.
    #[inline]
    pub fn can_take_role(&self) -> bool {
        self.held.contains(&NONE)
    }

    /// Where the stream `which` stands (see [`ResidentStream`]).
    #[inline]
    pub fn drawn_mut(&mut self, which: ResidentStream) -> &mut u32 {
        match which {
            ResidentStream::Demand => &mut self.demand.drawn,
            ResidentStream::Health => &mut self.health.drawn,
            ResidentStream::Social => &mut self.social.drawn,
            ResidentStream::Route => &mut self.route_drawn,
            ResidentStream::Care => &mut self.care_drawn,
        }
    }

    /// Adult living without a partner.
    #[inline]
    pub fn living_alone(&self, t: f64) -> bool {
        self.partner == NONE && self.age(t) >= 18.0
    }
}

/// Who an informal carer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarerKind {
    /// The receiver's partner.
    Partner,
    /// A child or other relative living in the district.
    Nearby,
    /// Someone living outside the district.
    Outside,
    /// A resident caring for someone outside the district.
    ForOutsider,
    /// A neighbour or friend in the district (few hours, SCP: mostly
    /// practical help).
    Neighbour,
}

/// One care relationship: a carer helping one receiver.
#[derive(Debug, Clone)]
pub struct Carer {
    /// Kind of relationship.
    pub kind: CarerKind,
    /// The carer, when they live in the district, else [`NONE`].
    pub resident: u32,
    /// The receiver, when they live in the district, else [`NONE`].
    pub receiver: u32,
    /// Hours per week they can give comfortably (hours/week).
    pub capacity: f64,
    /// Hours given last week (hours/week).
    pub hours: f64,
    /// Burden level (0 = none; heavy above the threshold).
    pub burden: f64,
    /// How heavy load feels to this carer (log-normal, mean 1).
    pub sensitivity: f64,
    /// Still caring.
    pub active: bool,
    /// Uniform number deciding whether carer support reaches this carer
    /// (reached when below the programme's coverage), and after how many
    /// contacts it finds them (`programmes::carer_support`).
    pub support_draw: f64,
    /// The contacts of the person whose contacts can reveal this carer
    /// (`carer_support::watched`) when carer support first looked, or
    /// `u32::MAX` before that.
    pub contacts_at_start: u32,
    /// When the role starts (day); roles can be created ahead of time.
    pub starts_at: f64,
    /// When the role ends (day); infinite for care roles inside the district.
    pub ends_at: f64,
    /// The seed of their own counter-based stream (burden noise, drop-out),
    /// drawn from the owner's care stream so it is the same in every
    /// scenario.
    pub seed: u64,
    /// Numbers drawn from that stream so far.
    pub drawn: u32,
}

impl Carer {
    /// The relationship's own stream, where it stands.
    #[inline]
    pub fn stream(&mut self) -> CounterStream<'_> {
        CounterStream::new(self.seed, &mut self.drawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    /// The fields that the three clocks' rates read on nearly every event
    /// lie in the first two cache lines, and the struct wastes no line.
    #[test]
    fn hot_fields_fill_the_first_two_cache_lines() {
        assert_eq!(align_of::<Resident>(), 64);
        assert!(size_of::<Resident>() <= 192, "{}", size_of::<Resident>());
        let hot = [
            offset_of!(Resident, demand) + size_of::<Clock>(),
            offset_of!(Resident, health) + size_of::<Clock>(),
            // The clocks hold their streams' counters.
            offset_of!(Resident, social) + size_of::<Clock>(),
            offset_of!(Resident, birth) + 8,
            offset_of!(Resident, propensity) + 4,
            offset_of!(Resident, unmet_hours) + 4,
            offset_of!(Resident, carer_dropout_at) + 4,
            offset_of!(Resident, partner) + 4,
            offset_of!(Resident, key) + 8,
            offset_of!(Resident, programmes) + 2,
            offset_of!(Resident, functional) + 1,
            offset_of!(Resident, lonely) + 1,
        ];
        for end in hot {
            assert!(end <= 128, "a hot field ends at byte {end}");
        }
        for end in [
            offset_of!(Resident, living) + 1,
            offset_of!(Resident, stay) + 1,
            offset_of!(Resident, burdened_carer) + 1,
        ] {
            assert!(end <= 128, "a hot field ends at byte {end}");
        }
    }
}
