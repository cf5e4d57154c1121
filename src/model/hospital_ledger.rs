//! Tests that the hospital keeps its books: every clinical admission ends
//! in a discharge destination or a death (or is still open at the end),
//! and hospital days add up per admission, per calendar year and to the
//! measured total. They look inside the model, so they live here rather
//! than in `tests/`.

use super::services::hospital::StayEnd;
use super::types::*;
use crate::scenario::Scenario;

#[test]
fn every_admission_ends_somewhere_and_hospital_days_add_up() {
    let mut s = Scenario::default();
    s.run.warmup_years = 2;
    s.run.years = 6;
    let (n, _) = crate::model::run_to_end(&s, 5);
    let end = n.end;
    let h = &n.services.hospital;
    let ledger = &h.ledger;
    let open: Vec<_> = h
        .active
        .iter()
        .filter(|(_, a)| a.kind == Stay::Hospital)
        .collect();
    for (&r, a) in &open {
        let res = &n.residents[r as usize];
        assert!(
            res.at_home() && res.stay == Stay::Hospital,
            "an open stay of someone not in hospital"
        );
        assert!(
            a.admitted_at + a.plan.days > end,
            "a stay that should have ended"
        );
    }
    let ended: u64 = ledger.ended.iter().sum();
    eprintln!(
        "hospital stays: {} admitted, ended {:?} (home, short stay, rehab, nursing home, death, moved), {} open",
        ledger.admitted,
        ledger.ended,
        open.len()
    );
    assert_eq!(
        ledger.admitted,
        ended + open.len() as u64,
        "admissions that neither end nor stay open"
    );
    for how in [
        StayEnd::Home,
        StayEnd::ShortStay,
        StayEnd::Rehab,
        StayEnd::NursingHome,
        StayEnd::Death,
    ] {
        assert!(ledger.ended[how as usize] > 0, "no stay ended by {how:?}");
    }
    // Nobody is away without a stay on the books, and the reverse.
    let away = n.residents.iter().filter(|r| r.away()).count();
    assert_eq!(
        away,
        h.active.len(),
        "residents away without a stay, or stays without a resident away"
    );

    // Days: per stay and per calendar year agree for the ended stays; the
    // measured years' days (ended stays, plus open stays up to the end)
    // equal the reported total.
    let per_year: f64 = ledger.days_by_year.iter().sum();
    assert!(
        (per_year - ledger.days_of_ended_stays).abs() <= 1e-9 * per_year,
        "{per_year} != {}",
        ledger.days_of_ended_stays
    );
    let first = s.run.warmup_years as usize;
    let ended_measured: f64 = ledger.days_by_year.iter().skip(first).sum();
    let warmup_end = n.warmup_end;
    let open_measured: f64 = open
        .iter()
        .map(|(_, a)| end - a.admitted_at.max(warmup_end))
        .sum();
    let reported = h.days;
    let measured = ended_measured + open_measured;
    assert!(
        (measured - reported).abs() <= 1e-6 * reported,
        "measured years {measured} != reported {reported}"
    );
    assert!(ledger.days_by_year.len() <= (s.run.warmup_years + s.run.years) as usize);
}
