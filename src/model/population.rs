//! Who lives in the district: the initial population, newcomers, movers,
//! and the monthly and yearly bookkeeping of the district as a whole.

use super::demography::{Demography, STATES};
use super::neighbourhood::{Event, Neighbourhood, MONTH_DAYS};
use super::recorder::{MonthEnd, Share};
use super::types::*;
use crate::engine::rng::{hash_key, Draw, StreamKey};
use crate::engine::EventQueue;

impl Neighbourhood<'_> {
    /// Create the starting population and schedule everyone's processes.
    pub(crate) fn populate(&mut self, queue: &mut EventQueue<Event>) {
        let n = self.s.population.residents as usize;
        let mut rng = StreamKey {
            master: self.master,
            replication: self.replication,
            entity: u64::MAX - 1,
            process: process::CREATE,
        }
        .stream();
        // Single years of age from the solved stock, so the district starts
        // where its own dynamics keep it.
        let stock = self.demography.stock.clone();
        let ages: Vec<f64> = (0..n)
            .map(|_| rng.pick(&stock) as f64 + rng.unit())
            .collect();
        let keys: Vec<u64> = (0..n as u64).collect();
        self.create_residents(&ages, &keys, 0.0, false, queue);
    }

    /// Add residents with the given ages at time `t` (initial population
    /// or `newcomers`): limitation and nursing-home residence are drawn from
    /// the solved demography's mix at their age (the district's, or for
    /// newcomers that of people elsewhere), partners from its partner share.
    fn create_residents(
        &mut self,
        ages: &[f64],
        keys: &[u64],
        t: f64,
        newcomers: bool,
        queue: &mut EventQueue<Event>,
    ) {
        let pop = &self.s.population;
        let prefix = self.keys;
        let mut places = Vec::with_capacity(ages.len());
        for (&age, &identity) in ages.iter().zip(keys) {
            let mut create = prefix.stream(identity, process::CREATE);
            let d = &self.demography;
            let mixes = if newcomers { &d.newcomer_mix } else { &d.mix };
            let mix = &mixes[Demography::year_of(age)];
            let state = STATES[create.pick(mix)];
            let u_digital = create.unit();
            let propensity = create.gamma_mean_one(self.s.gp.propensity_shape);
            let need_spread = log_normal_mean_one(self.s.care.need_cv, create.normal());
            let digital_band = match age {
                a if a < 65.0 => 0,
                a if a < 75.0 => 1,
                a if a < 85.0 => 2,
                _ => 3,
            };
            let mut resident = Resident::arriving(
                identity,
                t,
                age,
                propensity,
                state,
                u_digital < pop.digital_literacy_by_age[digital_band],
                need_spread,
            );
            resident.help_seeking = create.unit() as f32;
            let place = self.place_for_newcomer(resident);
            self.alive.push(place as u32);
            places.push(place);
        }
        self.pair_arrivals(&places, t);
        for r in places {
            // Day counts of the shift ledger (see `leave_home`).
            match self.residents[r].living {
                Living::Home => {
                    self.rec.counted.home_days_75 += self.window_days_from(t.max(self.turns_75(r)))
                }
                Living::NursingHome => self.count_nursing_home_stay(t, 1.0),
                Living::MovedOut | Living::Deceased => {}
            }
            self.initial_loneliness(r, t);
            if self.residents[r].at_home() && self.residents[r].functional != Functional::Fit {
                self.mark_needy(r);
                self.recruit_carers(r, t);
            }
            self.refresh_enrolment(r, t);
            self.retime(r, queue);
        }
    }

    /// Draw loneliness from the stationary distribution of the resident's chain.
    fn initial_loneliness(&mut self, r: usize, t: f64) {
        let res = &self.residents[r];
        if res.age(t) < 18.0 {
            return;
        }
        self.residents[r].lonely = Lonely::No;
        let (onset, _) = self.social_rates_for(r, t, Lonely::No);
        let (worse, better1) = self.social_rates_for(r, t, Lonely::Moderate);
        let (_, better2) = self.social_rates_for(r, t, Lonely::Severe);
        let p1 = if better1 > 0.0 { onset / better1 } else { 0.0 };
        let p2 = if better2 > 0.0 {
            p1 * worse / better2
        } else {
            0.0
        };
        let u = self.stream(r, ResidentStream::Social).unit() * (1.0 + p1 + p2);
        self.residents[r].lonely = if u < 1.0 {
            Lonely::No
        } else if u < 1.0 + p1 {
            Lonely::Moderate
        } else {
            Lonely::Severe
        };
    }

    fn social_rates_for(&mut self, r: usize, t: f64, state: Lonely) -> (f64, f64) {
        let saved = self.residents[r].lonely;
        self.residents[r].lonely = state;
        let rates = self.social_rates(r, t);
        self.residents[r].lonely = saved;
        rates
    }

    /// A programme starts: everyone is checked for participation.
    pub(crate) fn on_programme_start(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.refresh_enrolment(r, t) {
                self.retime(r, queue);
            }
        }
    }

    /// End of a month: snapshot; at the end of a year, the yearly round.
    pub(crate) fn on_month(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        self.month += 1;
        let measured = self.measuring(t - MONTH_DAYS * 0.5);
        let residents = if measured {
            self.snapshot(t, queue)
        } else {
            let tallies = self.month_end_pass(t, None, queue);
            let flows = self.flow_totals(t, &tallies);
            self.rec.reset_month(&flows);
            tallies.in_district
        };
        self.services
            .nursing
            .close_month(residents as f64, measured);
        if self.month.is_multiple_of(6) {
            self.services.home_help.close_half_year(measured);
        }
        if self.month.is_multiple_of(12) {
            self.on_year(t, queue);
        }
        let next = (self.month as f64 + 1.0) * DAYS_PER_YEAR / 12.0;
        if next <= self.end {
            queue.schedule_at(next, Event::Month);
        }
    }

    /// Active carers this month: (carers, their hours, heavily burdened),
    /// and which residents give care (indexed by resident); the care
    /// relationships to residents by kind go to the recorder.
    fn carer_snapshot(&mut self, t: f64) -> (f64, f64, f64, Vec<bool>) {
        let mut relations = [0.0f64; 5];
        let mut heavy_of_residents = 0.0;
        let mut giving = std::mem::take(&mut self.heavy_scratch);
        giving.clear();
        giving.resize(self.residents.len(), false);
        let threshold = self.s.care.heavy_burden_threshold;
        let (mut carers, mut carer_hours, mut heavy) = (0.0, 0.0, 0.0);
        for c in &self.carers {
            // A carer counts while giving care: secondary carers whose help
            // was not needed this week do not.
            if c.active && c.starts_at <= t && c.hours > 0.0 {
                carers += 1.0;
                carer_hours += c.hours;
                if c.burden > threshold {
                    heavy += 1.0;
                }
                if c.resident != NONE {
                    giving[c.resident as usize] = true;
                }
                if c.receiver != NONE {
                    relations[c.kind as usize] += 1.0;
                    heavy_of_residents += (c.burden > threshold) as u8 as f64;
                }
            }
        }
        let all: f64 = relations.iter().sum();
        let share = |kind: CarerKind, id: Share| (id, relations[kind as usize], all);
        self.rec.snapshot_more(&[
            share(CarerKind::Partner, Share::RelationPartner),
            share(CarerKind::Nearby, Share::RelationNearby),
            share(CarerKind::Outside, Share::RelationOutside),
            share(CarerKind::Neighbour, Share::RelationNeighbour),
        ]);
        self.heavy_of_residents = heavy_of_residents;
        (carers, carer_hours, heavy, giving)
    }

    /// A measured month's snapshot at `t`; returns the residents in the
    /// district (at home or in a nursing home).
    fn snapshot(&mut self, t: f64, queue: &mut EventQueue<Event>) -> usize {
        let month_years = 1.0 / 12.0;
        let (carers, carer_hours, heavy, heavy_scratch) = self.carer_snapshot(t);
        self.rec.carer_years += carers * month_years;
        let tallies = self.month_end_pass(t, Some(&heavy_scratch), queue);
        self.heavy_scratch = heavy_scratch;
        let snapshot = tallies.snapshot.as_ref().expect("a measured month");
        self.rec.profile_snapshot(&snapshot.reliance);
        let reliant65 = snapshot.reliant65;
        // Counters: (numerator, denominator) per share.
        let residents = tallies.in_district as f64;
        let super::month_end::PeopleCounts {
            a75,
            home,
            by_band,
            adults20,
            carers20,
            home75,
            receivers75,
            limited75,
            unmet75,
            home65,
            members65,
            adults,
            lonely,
            severe,
            lonely75,
            severe75,
            lonely85,
            severe85,
            nh75,
            home85,
        } = snapshot.people;
        let (nursing_waiting, help_waiting) = self.waiting_at_home();
        self.rec.snapshot(&[
            (Share::Residents, residents, 1.0),
            (Share::PatientsPerFte, home, self.s.capacity().gp_fte),
            (Share::CarersAdults, carers20, adults20),
            (Share::CarerHours, carer_hours, carers),
            (Share::CarersHeavy, heavy, carers),
            (
                Share::HeavyPer1000,
                self.heavy_of_residents * 1000.0,
                residents,
            ),
            (Share::Receivers75, receivers75, home75),
            (Share::Limited75, limited75, home75),
            (Share::Unmet75, unmet75, home75),
            (Share::SelfReliant65, reliant65, home65),
            (Share::LonelyAdults, lonely, adults),
            (Share::SevereAdults, severe, adults),
            (Share::Lonely75, lonely75, home75),
            (Share::Severe75, severe75, home75),
            (Share::Lonely85, lonely85, home85),
            (Share::Severe85, severe85, home85),
            (Share::NursingHome75, nh75, a75),
            (Share::Members65, members65, home65),
            (Share::NursingWaiting, nursing_waiting, 1.0),
            (Share::HomeHelpWaiting, help_waiting, 1.0),
        ]);
        self.services.home_help.count_residents(by_band);
        self.limitation_and_household_snapshot(&snapshot.limitation);
        let ratio = super::recorder::ratio;
        let end = MonthEnd {
            residents,
            at_home: home,
            heavy: ratio(heavy, carers),
            severe: ratio(severe, adults),
            reliant: ratio(reliant65, home65),
            nursing75: ratio(nh75, a75),
            share75: ratio(a75, residents),
            home65,
        };
        self.close_month_with_flows(t, &end, &tallies);
        tallies.in_district
    }

    /// Residents at home on the district-nursing and home-help waiting lists.
    fn waiting_at_home(&self) -> (f64, f64) {
        let at_home = |list: &[u32], flag: fn(&CareState) -> bool| {
            list.iter()
                .filter(|&&r| {
                    let r = r as usize;
                    self.residents[r].at_home() && flag(self.care(r))
                })
                .count() as f64
        };
        let services = &self.services;
        (
            at_home(&services.nursing.waiting, |r| r.nursing_waiting),
            at_home(&services.home_help.waiting, |r| r.home_help_waiting),
        )
    }

    /// Limitation (ADL, IADL) and living alone by age band, at home (the
    /// counts of the month's end pass).
    fn limitation_and_household_snapshot(&mut self, counts: &super::month_end::LimitationCounts) {
        let super::month_end::LimitationCounts {
            bands,
            all7089,
            home7089,
            partner7089,
        } = *counts;
        let [b65, b75, b85] = bands;
        self.rec.snapshot_more(&[
            (Share::Adl6574, b65[1], b65[0]),
            (Share::Adl7584, b75[1], b75[0]),
            (Share::Adl85, b85[1], b85[0]),
            (Share::Iadl6574, b65[2], b65[0]),
            (Share::Iadl75, b75[2] + b85[2], b75[0] + b85[0]),
            (Share::Alone6574, b65[3], b65[0]),
            (Share::Alone7584, b75[3], b75[0]),
            (Share::Alone85, b85[3], b85[0]),
            (Share::Partner7089, partner7089, home7089),
            (Share::Alone7089, home7089 - partner7089, all7089),
        ]);
    }

    /// The age structure on 1 January of a measured year (after the
    /// year's turnover), as CBS counts it.
    pub(crate) fn record_january(&mut self, t: f64) {
        if t < self.warmup_end || t >= self.end {
            return;
        }
        let (mut residents, mut a65, mut a75, mut a85) = (0.0, 0.0, 0.0, 0.0);
        for &r in &self.alive {
            let res = &self.residents[r as usize];
            if !res.living.is_resident() {
                continue;
            }
            let age = res.age(t);
            residents += 1.0;
            a65 += (age >= 65.0) as u8 as f64;
            a75 += (age >= 75.0) as u8 as f64;
            a85 += (age >= 85.0) as u8 as f64;
        }
        self.rec.january(&[
            (Share::Age65, a65, residents),
            (Share::Age75, a75, residents),
            (Share::Age85, a85, residents),
        ]);
    }

    fn on_year(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let year = ((t - 1.0) / DAYS_PER_YEAR) as i32;
        if self.measuring(t - 1.0) {
            let (mut present, mut any) = (0.0, 0.0);
            for &r in &self.alive {
                let res = &self.residents[r as usize];
                if !res.at_home() {
                    continue;
                }
                if f64::from(res.arrival) <= t - DAYS_PER_YEAR {
                    present += 1.0;
                    any += (i32::from(res.last_contact_year) == year) as u8 as f64;
                }
            }
            let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
            self.services.gp_count.close_year(ratio(any, present));
            self.rec.close_year();
        }
        self.services.nursing.close_year(self.measuring(t - 1.0));
        self.turnover(t, queue);
        self.alive.retain(|&r| {
            let living = self.residents[r as usize].living;
            living.is_resident()
        });
        self.record_january(t);
        self.draw_nursing_episodes(t);
        self.draw_planned_admissions(queue);
        self.start_outside_roles(t);
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.residents[r].at_home()
                && self.residents[r].functional != Functional::Fit
                && self.active_carers(r) == 0
            {
                self.recruit_carers(r, t);
            }
            self.refresh_enrolment(r, t);
            // Ages changed: every rate is re-read.
            self.retime(r, queue);
        }
    }

    /// Residential turnover on 1 January: households move out by the
    /// migration schedule, couples form and separate, and newcomers arrive
    /// in the numbers the schedule expects for each single year of age (the
    /// stationary one, or the projection's for the year that ends). No
    /// count depends on how many the district has now: the age structure
    /// is what ageing, deaths and this fixed schedule make of it.
    fn turnover(&mut self, t: f64, queue: &mut EventQueue<Event>) {
        let year = (t / DAYS_PER_YEAR).round() as u64;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if !self.residents[r].at_home() {
                continue;
            }
            if let Some(partner) = self.household_moves(r, t, year) {
                self.leave_home(r, Living::MovedOut, queue);
                if let Some(p) = partner {
                    self.leave_home(p, Living::MovedOut, queue);
                }
            }
        }
        self.household_round(t, year, queue);
        // Newcomers are keyed by (year, age, ordinal): the same people
        // arrive in every scenario.
        let (master, replication) = (self.master, self.replication);
        let draw = |words: &[u64]| {
            StreamKey {
                master,
                replication,
                entity: hash_key(words),
                process: process::CREATE,
            }
            .uniform()
        };
        let size = self.s.population.residents as f64;
        let mut ages = Vec::new();
        let mut keys = Vec::new();
        let inflow = match &self.projection {
            Some(projection) => projection.inflow_at(t),
            None => &self.demography.inflow,
        };
        for (age, &share) in inflow.iter().enumerate() {
            let expected = share * size;
            let whole = expected.floor();
            let count = whole as u64
                + (draw(&[NEWCOMER, year, age as u64, u64::MAX]) < expected - whole) as u64;
            for ordinal in 0..count {
                let key = hash_key(&[NEWCOMER, year, age as u64, ordinal]);
                ages.push(age as f64 + draw(&[key]));
                keys.push(key);
            }
        }
        self.list_free_places(queue);
        self.create_residents(&ages, &keys, t, true, queue);
    }
}

/// Tag of newcomer keys (keeps them apart from starting residents' indices).
const NEWCOMER: u64 = 0x6E65_7763_6F6D_6572;

/// A log-normal number with mean 1 and coefficient of variation `cv`, from
/// a standard normal number `z`.
fn log_normal_mean_one(cv: f64, z: f64) -> f64 {
    let sigma2 = (1.0 + cv * cv).ln();
    (sigma2.sqrt() * z - 0.5 * sigma2).exp()
}
