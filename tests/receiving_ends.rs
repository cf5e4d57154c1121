//! The receiving ends of diverted demand have capacity, nothing diverted
//! disappears, and the meeting place's visits drive its social effects:
//! paired with common random numbers at a fixed seed.
//!
//! With the meeting place's help hours halved, fewer problems are
//! diverted to it and more go to the GP after all (beyond two paired
//! standard errors), and in every replication every problem is accounted
//! for: each one the meeting place took was helped, left with its
//! resident or is still waiting, and each one it could not take went to
//! the GP (`back_to_gp`), where it is one more GP request.

use buurtsim::model::{run_replication_detailed, ReplicationResult};
use buurtsim::scenario::*;

mod common;

const REPLICATIONS: u64 = 12;

/// A small district where many members bring their problems to the
/// meeting place, so that its help hours matter.
fn with_meeting_place(help_hours_per_week: f64) -> Scenario {
    let mut s = Scenario::default();
    s.population.residents = 3_000;
    s.run.years = 4;
    s.run.warmup_years = 1;
    s.interventions.meeting_place = Some(MeetingPlace {
        uptake: 0.5,
        psychosocial_diversion_share: 0.5,
        help_hours_per_week,
        ..MeetingPlace::default()
    });
    s
}

fn runs(s: &Scenario) -> Vec<ReplicationResult> {
    common::runs(s, REPLICATIONS)
}

/// Visits drive the social effects: with members coming twice a week
/// fewer adults are lonely and fewer become severely lonely than with
/// members coming once (paired, beyond two standard errors), and once
/// is better than never. (Onsets of loneliness itself can rise: faster
/// recovery returns more members to "not lonely", who can relapse.)
#[test]
fn members_who_come_more_often_become_lonely_less_often() {
    let at = |visits: f64| {
        let mut s = with_meeting_place(MeetingPlace::default().help_hours_per_week);
        s.interventions
            .meeting_place
            .as_mut()
            .unwrap()
            .visits_per_week = visits;
        runs(&s)
    };
    let (once, twice, never) = (at(1.0), at(2.0), at(0.0));
    for metric in [
        "lonely_share_adults",
        "ledger_severe_loneliness_onsets_per_year",
    ] {
        let (diff, se) = common::paired(&once, &twice, metric);
        eprintln!("twice a week instead of once: {metric} {diff:+.4} (se {se:.4})");
        assert!(diff + 2.0 * se < 0.0, "{metric}: more visits do no more");
        let (diff, se) = common::paired(&never, &once, metric);
        eprintln!("once a week instead of never: {metric} {diff:+.4} (se {se:.4})");
        assert!(diff + 2.0 * se < 0.0, "{metric}: visits do nothing");
    }
}

#[test]
fn halving_the_meeting_places_hours_sends_problems_back_to_the_gp_and_loses_none() {
    let full_hours = MeetingPlace::default().help_hours_per_week;
    let full = with_meeting_place(full_hours);
    let half = with_meeting_place(full_hours / 2.0);
    let (a, b) = (runs(&full), runs(&half));
    let change = |metric: &str| {
        let (mean, se) = common::paired(&a, &b, metric);
        eprintln!("{metric}: {mean:+.2} (se {se:.2})");
        (mean, se)
    };
    let diverted = change("ledger_gp_requests_to_meeting_place_per_year");
    assert!(
        diverted.0 + 2.0 * diverted.1 < 0.0,
        "halved hours divert as many"
    );
    let helped = change("ledger_meeting_place_problems_helped_per_year");
    assert!(helped.0 + 2.0 * helped.1 < 0.0, "halved hours help as many");
    let back = change("ledger_psychosocial_problems_back_to_gp_per_year");
    assert!(
        back.0 - 2.0 * back.1 > 0.0,
        "no more problems back at the GP"
    );
    let gp = change("gp_psychosocial_contacts_per_1000_year");
    assert!(gp.0 - 2.0 * gp.1 > 0.0, "the GP does not see them");
    for s in [&full, &half] {
        for replication in 0..3 {
            let (_, ledger) = run_replication_detailed(s, replication);
            assert!(ledger.balances(), "{ledger:?}");
            let mp = ledger.meeting_place;
            assert!(mp.taken > 0 && mp.helped > 0, "{mp:?}");
            // Only members are diverted here, all to the meeting place:
            // each one it refused is one back at the GP.
            assert_eq!(ledger.back_to_gp, mp.refused, "{ledger:?}");
            assert_eq!(ledger.to_welfare, 0);
        }
    }
}

/// Help achieves something: with the meeting place resolving every
/// problem it helps, fewer adults are lonely and the GP sees fewer
/// psychosocial problems than when it resolves none (all come back to the
/// GP), paired beyond two standard errors; every problem helped is
/// resolved or returned (the ledger balances).
#[test]
fn resolved_problems_ease_loneliness_and_unresolved_ones_come_back_to_the_gp() {
    let resolving = |share: f64| {
        let mut s = with_meeting_place(MeetingPlace::default().help_hours_per_week);
        if let Some(mp) = s.interventions.meeting_place.as_mut() {
            mp.resolution_share = share;
        }
        s
    };
    let (none, all) = (resolving(0.0), resolving(1.0));
    let (a, b) = (runs(&none), runs(&all));
    let change = |metric: &str| {
        let (mean, se) = common::paired(&a, &b, metric);
        eprintln!("resolution 0 -> 1: {metric}: {mean:+.4} (se {se:.4})");
        (mean, se)
    };
    let lonely = change("lonely_share_adults");
    assert!(lonely.0 + 2.0 * lonely.1 < 0.0, "loneliness does not ease");
    let gp = change("gp_psychosocial_contacts_per_1000_year");
    assert!(gp.0 + 2.0 * gp.1 < 0.0, "unresolved problems do not return");
    let resolved = change("ledger_psychosocial_problems_resolved_per_year");
    assert!(resolved.0 > 0.0);
    for s in [&none, &all] {
        let (_, ledger) = run_replication_detailed(s, 0);
        assert!(ledger.balances(), "{ledger:?}");
        let mp = ledger.meeting_place;
        assert_eq!(mp.helped, mp.resolved + mp.returned);
    }
}
