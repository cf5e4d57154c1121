//! Self-reliance as a profile: six domains in the spirit of the
//! Zelfredzaamheid-Matrix (ZRM), each scored 1 (acute problem) to 5
//! (fully self-reliant) from the resident's *states*, never from a
//! programme: a programme moves a score only by changing a state (the
//! functional state, unmet need, loneliness, a partner or carer, an acute
//! event, an unresolved psychosocial problem, a meeting-place visit).
//!
//! The rules, one function per domain (`docs/scenario-reference.md`,
//! "Self-reliance", gives them with their sources):
//!
//! | domain | 5 | 4 | 3 | 2 | 1 |
//! |---|---|---|---|---|---|
//! | daily living (ADL) | no ADL limitation | limited, need met | unmet ≤ 2 h/wk | unmet ≤ 6 h/wk | more unmet |
//! | household (IADL) | no IADL limitation | limited, need met | unmet ≤ 2 h/wk | unmet ≤ 6 h/wk | more unmet |
//! | physical health | fit | pre-frail | frail | care-dependent | — |
//! | mental health | not lonely | moderately lonely | — | severely lonely | — |
//! | social network | not lonely, partner or carer | not lonely | moderately lonely | severely lonely, partner or carer | severely lonely, nobody |
//! | participation | fit | pre-frail | frail | care-dependent | — |
//!
//! Modifiers, each one step, within 1-5: physical health −1 after an acute
//! event in the last 90 days; mental health −1 with a psychosocial problem
//! of the last 90 days that no receiving end resolved; participation −1 at
//! 85+ and −1 when severely lonely, +1 after a meeting-place visit in the
//! last 4 weeks. "Need met" means at most 0.5 h/week unmet (the old
//! score's threshold); the unmet hours are the resident's, not split by
//! kind of care. All thresholds are assumptions.

use super::metrics::Metric;
use super::types::{CareState, Functional, Lonely, Resident, NONE, UNKNOWN_PROFILE};

/// The six domains, in the order of [`Profile::scores`].
pub const DOMAINS: [&str; 6] = [
    "daily_living",
    "household",
    "physical_health",
    "mental_health",
    "social_network",
    "participation",
];

/// Days an acute event or an unresolved problem weighs on a score.
const RECENT_DAYS: f32 = 90.0;
/// Days a meeting-place visit counts as taking part.
const VISIT_DAYS: f32 = 28.0;
/// Unmet hours a week still counted as "need met".
const MET: f64 = 0.5;

/// A resident's six scores, 1-5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Scores in the order of [`DOMAINS`].
    pub scores: [u8; 6],
}

impl Profile {
    /// The profile of `res` at day `t` (`age` in years).
    pub fn of(res: &Resident, care: &CareState, age: f64, t: f64) -> Self {
        let t = t as f32;
        Self {
            scores: [
                limitation_score(res.functional.adl_limited(), f64::from(res.unmet_hours)),
                limitation_score(res.functional.iadl_limited(), f64::from(res.unmet_hours)),
                physical_health(res.functional, t - res.last_acute <= RECENT_DAYS),
                mental_health(res.lonely, t - res.problem_since <= RECENT_DAYS),
                social_network(res.lonely, has_someone(res, care)),
                participation(
                    res.functional,
                    age,
                    res.lonely,
                    t - res.last_visit <= VISIT_DAYS,
                ),
            ],
        }
    }

    /// Domains scoring 4 or 5.
    pub fn self_reliant(&self) -> [bool; 6] {
        self.scores.map(|s| s >= 4)
    }

    /// Domains scoring 4 or 5 as bits (domain `d` is bit `d`).
    pub fn mask(&self) -> u8 {
        self.self_reliant()
            .iter()
            .enumerate()
            .fold(0, |m, (d, &yes)| m | ((yes as u8) << d))
    }

    /// Domains scoring below 3.
    pub fn below_3(&self) -> usize {
        self.scores.iter().filter(|&&s| s < 3).count()
    }

    /// Self-reliance in looking after one's own health: the rounded mean
    /// of daily living, household tasks, physical and mental health (not
    /// the social network or participation, so that a meeting-place visit
    /// does not by itself change how a patient deals with a GP's wait).
    /// The GP's give-up shares read it.
    pub fn for_own_health(&self) -> u8 {
        let sum: u32 = self.scores[..4].iter().map(|&s| u32::from(s)).sum();
        ((sum * 2 + 4) / 8) as u8
    }

    /// The overall score: the mean of the six, rounded half up (the
    /// `self_reliant_share_65plus` metric counts 4 or 5).
    pub fn overall(&self) -> u8 {
        let sum: u32 = self.scores.iter().map(|&s| u32::from(s)).sum();
        ((sum * 2 + 6) / 12) as u8
    }
}

/// How many profile metrics there are.
pub const VALUES: usize = 17;

/// The profile metrics, in the order of [`Tally::values`]: per domain the
/// share of 65+ and of 75+ at home scoring 4 or 5, the share scoring 4 or
/// 5 in every domain (65+, 75+), the mean number of domains below 3
/// (65+), and daily living and household tasks of those 65+ cared for by
/// a carer (the people carer support reaches through their carers).
pub const METRICS: [Metric; VALUES] = [
    Metric::SelfReliantDailyLivingShare65plus,
    Metric::SelfReliantDailyLivingShare75plus,
    Metric::SelfReliantHouseholdShare65plus,
    Metric::SelfReliantHouseholdShare75plus,
    Metric::SelfReliantPhysicalHealthShare65plus,
    Metric::SelfReliantPhysicalHealthShare75plus,
    Metric::SelfReliantMentalHealthShare65plus,
    Metric::SelfReliantMentalHealthShare75plus,
    Metric::SelfReliantSocialNetworkShare65plus,
    Metric::SelfReliantSocialNetworkShare75plus,
    Metric::SelfReliantParticipationShare65plus,
    Metric::SelfReliantParticipationShare75plus,
    Metric::SelfReliantAllDomainsShare65plus,
    Metric::SelfReliantAllDomainsShare75plus,
    Metric::SelfRelianceDomainsBelow3Mean65plus,
    Metric::SelfReliantDailyLivingShareCaredFor65plus,
    Metric::SelfReliantHouseholdShareCaredFor65plus,
];

/// The profiles of one snapshot: residents 65+ at home, 75+ among them,
/// and those 65+ with a carer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Residents counted: [65+, 75+, 65+ with a carer].
    n: [f64; 3],
    /// Residents scoring 4 or 5, by domain: [65+, 75+, 65+ with a carer].
    reliant: [[f64; 6]; 3],
    /// Residents scoring 4 or 5 in every domain.
    all: [f64; 2],
    /// Domains below 3, summed over residents 65+.
    below_3: f64,
    /// Domains lost and gained since the last snapshot, residents 65+.
    pub lost: f64,
    /// See `lost`.
    pub gained: f64,
}

impl Tally {
    /// Count the profile of a resident of `age` (65 or older) whose
    /// domains scoring 4 or 5 were `before` at the last snapshot, `cared_for`
    /// when a carer helps them; true when their overall score is 4 or 5.
    pub fn add(&mut self, profile: &Profile, age: f64, before: u8, cared_for: bool) -> bool {
        let (lost, gained) = transitions(before, profile.mask());
        self.lost += f64::from(lost);
        self.gained += f64::from(gained);
        let reliant = profile.self_reliant();
        let groups = [true, age >= 75.0, cared_for];
        for g in (0..3).filter(|&g| groups[g]) {
            self.n[g] += 1.0;
            for (d, &yes) in reliant.iter().enumerate() {
                self.reliant[g][d] += yes as u8 as f64;
            }
            if g < 2 {
                self.all[g] += reliant.iter().all(|&yes| yes) as u8 as f64;
            }
        }
        self.below_3 += profile.below_3() as f64;
        profile.overall() >= 4
    }

    /// The snapshot's values, in the order of [`METRICS`].
    pub fn values(&self) -> [f64; VALUES] {
        let share = |x: f64, g: usize| if self.n[g] > 0.0 { x / self.n[g] } else { 0.0 };
        let mut out = [0.0; VALUES];
        for d in 0..6 {
            out[2 * d] = share(self.reliant[0][d], 0);
            out[2 * d + 1] = share(self.reliant[1][d], 1);
        }
        out[12] = share(self.all[0], 0);
        out[13] = share(self.all[1], 1);
        out[14] = share(self.below_3, 0);
        out[15] = share(self.reliant[2][0], 2);
        out[16] = share(self.reliant[2][1], 2);
        out
    }
}

/// Domains lost and gained since the last snapshot: (lost, gained), from
/// the masks of then and now (`then` unknown: nothing counted).
pub fn transitions(then: u8, now: u8) -> (u32, u32) {
    if then & UNKNOWN_PROFILE != 0 {
        return (0, 0);
    }
    ((then & !now).count_ones(), (now & !then).count_ones())
}

/// A partner at home or a carer who helps.
fn has_someone(res: &Resident, care: &CareState) -> bool {
    res.partner != NONE || care.carers.iter().any(|&c| c != NONE)
}

/// Daily living or household tasks: 5 without the limitation; with it,
/// 4 when the need is met and lower as more of it is unmet.
pub fn limitation_score(limited: bool, unmet_hours: f64) -> u8 {
    match (limited, unmet_hours) {
        (false, _) => 5,
        (true, u) if u <= MET => 4,
        (true, u) if u <= 2.0 => 3,
        (true, u) if u <= 6.0 => 2,
        _ => 1,
    }
}

/// Physical health: by functional state, one lower after a recent acute event.
pub fn physical_health(functional: Functional, recent_acute: bool) -> u8 {
    let base = 5 - functional as u8;
    base.saturating_sub(recent_acute as u8).max(1)
}

/// Mental health: by loneliness, one lower with a recent unresolved
/// psychosocial problem.
pub fn mental_health(lonely: Lonely, open_problem: bool) -> u8 {
    let base = match lonely {
        Lonely::No => 5,
        Lonely::Moderate => 4,
        Lonely::Severe => 2,
    };
    base - (open_problem as u8).min(base - 1)
}

/// Social network: loneliness, and whether a partner or carer is there.
pub fn social_network(lonely: Lonely, someone: bool) -> u8 {
    match (lonely, someone) {
        (Lonely::No, true) => 5,
        (Lonely::No, false) => 4,
        (Lonely::Moderate, _) => 3,
        (Lonely::Severe, true) => 2,
        (Lonely::Severe, false) => 1,
    }
}

/// Participation: taking part in activities outside the home, by
/// limitation and age, lower when severely lonely, higher after a
/// meeting-place visit.
pub fn participation(functional: Functional, age: f64, lonely: Lonely, visited: bool) -> u8 {
    let mut score = 5 - functional as i8;
    score -= (age >= 85.0) as i8;
    score -= (lonely == Lonely::Severe) as i8;
    score += visited as i8;
    score.clamp(1, 5) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{Living, Resident};

    fn resident(functional: Functional, lonely: Lonely) -> Resident {
        let mut r = Resident::arriving(0, 0.0, 70.0, 1.0, (functional, Living::Home), true, 1.0);
        r.lonely = lonely;
        r
    }

    #[test]
    fn limitation_scores_fall_with_unmet_need() {
        assert_eq!(limitation_score(false, 10.0), 5);
        assert_eq!(limitation_score(true, 0.0), 4);
        assert_eq!(limitation_score(true, 0.5), 4);
        assert_eq!(limitation_score(true, 1.5), 3);
        assert_eq!(limitation_score(true, 5.0), 2);
        assert_eq!(limitation_score(true, 8.0), 1);
    }

    #[test]
    fn each_domain_reads_its_states() {
        assert_eq!(physical_health(Functional::Fit, false), 5);
        assert_eq!(physical_health(Functional::CareDependent, false), 2);
        assert_eq!(physical_health(Functional::CareDependent, true), 1);
        assert_eq!(mental_health(Lonely::No, false), 5);
        assert_eq!(mental_health(Lonely::Moderate, true), 3);
        assert_eq!(mental_health(Lonely::Severe, true), 1);
        assert_eq!(social_network(Lonely::No, true), 5);
        assert_eq!(social_network(Lonely::No, false), 4);
        assert_eq!(social_network(Lonely::Severe, false), 1);
        assert_eq!(participation(Functional::Fit, 70.0, Lonely::No, false), 5);
        assert_eq!(participation(Functional::Frail, 90.0, Lonely::No, false), 2);
        assert_eq!(participation(Functional::Frail, 90.0, Lonely::No, true), 3);
        assert_eq!(
            participation(Functional::CareDependent, 90.0, Lonely::Severe, false),
            1
        );
    }

    #[test]
    fn the_profile_of_a_resident_follows_their_states() {
        let fit = resident(Functional::Fit, Lonely::No);
        let p = Profile::of(&fit, &CareState::IDLE, 70.0, 1000.0);
        // Single, no carer: the social network scores 4.
        assert_eq!(p.scores, [5, 5, 5, 5, 4, 5]);
        assert_eq!((p.overall(), p.below_3()), (5, 0));
        let mut frail = resident(Functional::Frail, Lonely::Severe);
        frail.unmet_hours = 3.0;
        frail.last_acute = 990.0;
        frail.problem_since = 950.0;
        let p = Profile::of(&frail, &CareState::IDLE, 86.0, 1000.0);
        assert_eq!(p.scores, [2, 2, 2, 1, 1, 1]);
        assert_eq!(p.below_3(), 6);
        // Events long ago no longer count; a recent visit does.
        frail.last_visit = 990.0;
        let later = Profile::of(&frail, &CareState::IDLE, 86.0, 1200.0);
        assert_eq!(later.scores[2..4], [3, 2]);
        assert_eq!(later.scores[5], 1);
        assert_eq!(
            Profile::of(&frail, &CareState::IDLE, 86.0, 1000.0).scores[5],
            2
        );
    }

    #[test]
    fn programmes_act_on_states_never_on_scores() {
        let mut res = resident(Functional::Frail, Lonely::Moderate);
        res.unmet_hours = 1.0;
        let before = Profile::of(&res, &CareState::IDLE, 80.0, 500.0);
        // Taking part in every programme changes no state by itself.
        res.programmes = u16::MAX;
        assert_eq!(Profile::of(&res, &CareState::IDLE, 80.0, 500.0), before);
    }

    #[test]
    fn domains_lost_and_gained_between_snapshots() {
        assert_eq!(transitions(UNKNOWN_PROFILE, 0b11_1111), (0, 0));
        assert_eq!(transitions(0b11_1111, 0b11_0101), (2, 0));
        assert_eq!(transitions(0b00_0001, 0b00_0110), (1, 2));
        let p = Profile {
            scores: [5, 3, 4, 1, 4, 2],
        };
        assert_eq!(p.mask(), 0b01_0101);
    }

    #[test]
    fn overall_is_the_rounded_mean() {
        let p = |scores| Profile { scores };
        assert_eq!(p([4, 4, 4, 3, 3, 3]).overall(), 4);
        assert_eq!(p([4, 4, 3, 3, 3, 3]).overall(), 3);
        assert_eq!(p([5; 6]).overall(), 5);
        assert_eq!(p([1; 6]).overall(), 1);
        assert_eq!(p([4, 4, 3, 3, 1, 1]).for_own_health(), 4);
        assert_eq!(p([4, 3, 3, 3, 5, 5]).for_own_health(), 3);
    }
}
