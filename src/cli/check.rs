//! `buurtsim check`: validate, print resolved, estimate.

use super::*;

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    threads: ThreadsArg,
}

/// `buurtsim check FILE`.
pub(crate) fn check(args: &CheckArgs) -> Result<(), Failure> {
    let scenario = load_file(&args.file)?;
    // A sweep runs points x replications jobs of the base scenario.
    let mut work = scenario.clone();
    let jobs = match &scenario.sweep {
        None if scenario.sensitivity.is_some() => {
            let plan = super::sensitivity::plan_of(&args.file, &scenario)?;
            let design = plan.design().expect("a sensitivity plan has a design");
            let total = plan.len() as u64 * u64::from(plan.replications);
            work.run.replications = u32::try_from(total).unwrap_or(u32::MAX);
            format!(
                "the sensitivity analysis's {} design points x {} scenario{} x {} replications, \
                 twice (main pass and noise floor): {total} replications",
                design.len(),
                design.roles(),
                if design.roles() == 1 { "" } else { "s" },
                plan.replications
            )
        }
        None => format!("{} replications", scenario.run.replications),
        Some(_) => {
            let plan = buurtsim::experiment::SweepPlan::new(&scenario)
                .map_err(|e| Failure::User(format!("{}: {e}", args.file.display())))?;
            let total = plan.len() as u64 * u64::from(plan.replications);
            work.run.replications = u32::try_from(total).unwrap_or(u32::MAX);
            format!(
                "the sweep's {} points x {} replications",
                plan.len(),
                plan.replications
            )
        }
    };
    let est = estimate_run_time(&work, args.threads.get());
    let memory = estimate_memory(&[&work], args.threads.get());
    // Comments, so the output stays a valid scenario file.
    emit(&format!(
        "{}\n{}{}# {} is valid. Estimated run time: {} for {} on {}\n\
         # (one replication: {} on one thread; a rough estimate from a two-year pilot run).\n\
         # Estimated {}{}.\n",
        resolved_toml(&scenario),
        region_text(&scenario),
        capacity_text(&scenario),
        args.file.display(),
        human_duration(est.total),
        jobs,
        threads_text(est.threads),
        human_duration(est.per_replication),
        memory_text(&memory),
        if memory.exceeds_available() {
            ": TOO MUCH, `run` would refuse it"
        } else {
            ""
        }
    ));
    Ok(())
}

/// What `[population.cbs]` read, next to the national defaults, as
/// comment lines (nothing without the table).
fn region_text(s: &Scenario) -> String {
    let Some(source) = &s.population.cbs else {
        return String::new();
    };
    // The loader read these files a moment ago; read the region's row
    // again for the columns a run does not use.
    let Ok(table) = buurtsim::cbs::read_kwb(Path::new(&source.kerncijfers)) else {
        return String::new();
    };
    let Ok(region) = table.find(&source.region) else {
        return String::new();
    };
    let default = Scenario::default();
    let share = |shares: &[f64], from: usize| {
        shares[from..].iter().sum::<f64>() / shares.iter().sum::<f64>().max(f64::MIN_POSITIVE)
    };
    let mut out = format!(
        "# Region {} ({}) read from {} and {}:\n\
         #   residents {:>10}   (national default {})\n\
         #   share 65+ {:>10.3}   (national default {:.3})\n\
         #   share 75+ {:>10.3}   (national default {:.3})\n\
         #   share 85+ {:>10.3}   (national default {:.3})\n",
        region.code,
        region.kind,
        source.kerncijfers,
        source.ages,
        s.population.residents,
        default.population.residents,
        share(&s.population.age_band_shares, 13),
        share(&default.population.age_band_shares, 13),
        share(&s.population.age_band_shares, 15),
        share(&default.population.age_band_shares, 15),
        share(&s.population.age_band_shares, 17),
        share(&default.population.age_band_shares, 17),
    );
    let number = |x: Option<f64>, digits: usize| {
        x.map_or("not in the file".to_string(), |v| format!("{v:.digits$}"))
    };
    let single_share = match (region.single_person_households, region.households) {
        (Some(single), Some(all)) if all > 0.0 => {
            format!(" ({:.0}% of households)", 100.0 * single / all)
        }
        _ => String::new(),
    };
    out.push_str(&format!(
        "#   households {}, single-person {}{single_share}, mean size {} (national 2019: 38% \
         single-person, mean size 2.15, CBS 37296ned): the single-person households set \
         living_alone_share; the others are shown, not used\n\
         #   Wmo clients per 1,000 (all Wmo services) {}; nearest GP practice (km) {}: for information\n",
        number(region.households, 0),
        number(region.single_person_households, 0),
        number(region.mean_household_size, 1),
        number(region.wmo_clients_per_1000, 0),
        number(region.gp_distance_km, 1),
    ));
    out
}

/// The weekly capacities the services will use, as comment lines: each
/// from its per-1,000 key x the residents, or from the absolute key that
/// overrides it.
fn capacity_text(s: &Scenario) -> String {
    let c = s.capacity();
    let (services, gp) = (&s.services, &s.gp);
    let rows = [
        (
            "district nursing",
            c.district_nursing_hours_per_week,
            "hours/week",
            services.district_nursing_hours_per_week.is_some(),
            services.district_nursing_hours_per_week_per_1000,
        ),
        (
            "home help",
            c.home_help_hours_per_week,
            "hours/week",
            services.home_help_hours_per_week.is_some(),
            services.home_help_hours_per_week_per_1000,
        ),
        (
            "welfare",
            c.welfare_contacts_per_week,
            "contacts/week",
            services.welfare_contacts_per_week.is_some(),
            services.welfare_contacts_per_week_per_1000,
        ),
        (
            "practice nurse",
            c.practice_nurse_contacts_per_week,
            "contacts/week",
            gp.practice_nurse_contacts_per_week.is_some(),
            gp.practice_nurse_contacts_per_week_per_1000,
        ),
    ];
    let mut text = format!(
        "# Capacity for {} residents (per 1,000 residents, unless an absolute key overrides it):\n",
        grouped(s.population.residents)
    );
    for ((service, total, unit, absolute, per_1000), (key, _)) in
        rows.into_iter().zip(scenario::CAPACITY_OVERRIDES)
    {
        let how = if absolute {
            format!("`{key}`")
        } else {
            format!("{} per 1,000", one_decimal(per_1000))
        };
        text.push_str(&format!(
            "#   {service:<18}{} {unit} ({how})\n",
            one_decimal(total)
        ));
    }
    text
}

/// `12000` as `12,000`.
fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// At most one decimal, none for a whole number: `640`, `53.3`.
fn one_decimal(x: f64) -> String {
    let text = format!("{x:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}
