use buurtsim::model::{run_replication, run_replication_detailed, METRICS};
use buurtsim::scenario::*;

fn small() -> Scenario {
    let mut s = Scenario::default();
    s.population.residents = 3_000;
    s.run.years = 3;
    s.run.warmup_years = 1;
    s
}

#[test]
fn explore() {
    let base = small();
    let mut sc = vec![("base", base.clone())];
    let mut x = base.clone();
    x.interventions.meeting_place = Some(MeetingPlace::default());
    sc.push(("mp", x));
    let mut x = base.clone();
    x.interventions.hybrid_care = Some(HybridCare::default());
    sc.push(("hy", x));
    let mut x = base.clone();
    x.interventions.district_nurse_link = Some(DistrictNurseLink::default());
    sc.push(("link", x));
    let mut x = base.clone();
    x.interventions.carer_support = Some(CarerSupport::default());
    sc.push(("cs", x));
    let res: Vec<_> = sc.iter().map(|(_, s)| run_replication(s, 0)).collect();
    for (i, m) in METRICS.iter().enumerate() {
        if m.name.starts_with("ledger") || m.name.starts_with("cost") {
            eprint!("{:55}", m.name);
            for r in &res {
                eprint!(" {:>12.1}", r.metrics[i]);
            }
            eprintln!();
        }
    }
    for (_, s) in &sc {
        let (_, l) = run_replication_detailed(s, 0);
        assert!(l.balances(), "{l:?}");
    }
}
