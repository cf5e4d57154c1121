//! Tests that formal care keeps its books: every period of district
//! nursing that starts also ends (end of need, death, admission, moving
//! out) or is still open at the end, and the hours add up per client, per
//! year and to the measured total. They look inside the model, so they
//! live here rather than in `tests/`.

use super::neighbourhood::{Event, Neighbourhood};
use super::services::nursing::CareEnd;
use super::types::*;
use crate::engine::{run_until, EventQueue};
use crate::scenario::Scenario;

#[test]
fn every_nursing_period_starts_and_ends_and_hours_add_up() {
    let mut s = Scenario::default();
    s.run.warmup_years = 2;
    s.run.years = 6;
    let (n, _) = crate::model::run_to_end(&s, 3);
    let ledger = &n.services.nursing.ledger;
    let open = (0..n.residents.len())
        .filter(|&r| n.care(r).nursing_client)
        .inspect(|&r| {
            assert!(
                n.residents[r].at_home(),
                "a client who left home still in care"
            )
        })
        .count() as u64;
    let ended: u64 = ledger.ended.iter().sum();
    eprintln!(
        "nursing periods: {} started, ended {:?} (need, death, admission, moved), {open} open; {} episodes",
        ledger.started, ledger.ended, ledger.episodes
    );
    assert_eq!(
        ledger.started,
        ended + open,
        "periods that neither end nor stay open"
    );
    for why in [CareEnd::NeedEnded, CareEnd::Death, CareEnd::Admission] {
        assert!(ledger.ended[why as usize] > 0, "no period ended by {why:?}");
    }
    assert!(ledger.episodes > 0, "no short episodes");

    // The measured years' hours add up to the reported total (the
    // baseline has no case management). Hours per client are not summed:
    // newcomers take the places of those who left (`model::places`).
    let first = s.run.warmup_years as usize;
    let measured: f64 = ledger.hours_by_year[first..].iter().sum();
    let reported = n.services.nursing.hours;
    assert!(
        (measured - reported).abs() <= 1e-9 * reported,
        "measured years {measured} != reported {reported}"
    );
    assert!(ledger.hours_by_year.len() <= (s.run.warmup_years + s.run.years) as usize + 1);
}

#[test]
fn no_client_gets_more_nursing_than_indicated_and_carers_stay_within_their_most() {
    let s = Scenario::default();
    let mut queue = EventQueue::<Event>::with_calendar(1.0, 4096);
    let mut n = Neighbourhood::new(&s, 5, &mut queue);
    let care = &s.care;
    for year in 1..=4 {
        run_until(&mut n, &mut queue, year as f64 * DAYS_PER_YEAR + 3.5);
        for c in n
            .carers
            .iter()
            .filter(|c| c.active && c.kind != CarerKind::ForOutsider)
        {
            let most = match c.kind {
                CarerKind::Partner => care.max_load_partner,
                CarerKind::Neighbour => care.max_load_neighbour,
                CarerKind::Outside => care.max_load_outside,
                _ => care.max_load_other,
            };
            assert!(
                c.hours <= c.capacity * most + 1e-9,
                "{:?} gives {} of {}",
                c.kind,
                c.hours,
                c.capacity * most
            );
        }
        for (res, r) in n.residents.iter().zip(0..).filter(|(res, _)| res.at_home()) {
            let r = n.care(r);
            assert!(r.nursing_hours >= 0.0 && r.home_help_hours >= 0.0);
            assert!(
                f64::from(r.home_help_hours) <= s.services.home_help_package_hours_per_week + 1e-6,
                "home help above the package"
            );
            if !r.nursing_client {
                assert_eq!(r.nursing_hours, 0.0, "nursing without being a client");
            }
            // At most what the assessment indicates: a share of the
            // personal-care need, plus an episode's hours.
            let personal = if res.functional.adl_limited() {
                f64::from(r.need_hours) * care.personal_care_share
            } else {
                0.0
            };
            let most = personal * s.services.nursing_share_of_personal_need
                + s.services.nursing_episode_hours_per_week;
            assert!(
                f64::from(r.nursing_hours) <= most + 1e-6,
                "nursing {} above the indication {most}",
                r.nursing_hours
            );
        }
    }
}
