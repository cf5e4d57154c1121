//! The meeting place as a service: members' weekly visits, drawn from the
//! district's visits stream; the help its staff and volunteers give with
//! members' psychosocial problems, within their hours (a queue of four
//! weeks: a problem it cannot take goes to the GP after all); and the
//! meeting-place metrics. Who is a member is the meeting-place
//! programme's business (`programmes/meeting_place.rs`).

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::{Event, Neighbourhood};
use super::super::programmes::meeting_place;
use super::super::recorder::{ratio, Recorder, Share};
use super::help_queue::{HelpLedger, HelpQueue};
use super::resolution::ReceivingEnd;
use crate::engine::rng::{Draw, Stream};
use crate::engine::EventQueue;
use crate::scenario::Scenario;

/// Weeks of help hours the meeting place's queue holds: low-threshold
/// help that makes a member wait longer is no help (assumption).
const QUEUE_WEEKS: f64 = 4.0;

/// Visits counted in the measured years, and the help queue.
#[derive(Debug, Clone)]
pub struct MeetingPlaceService {
    visits: f64,
    pub(super) help: HelpQueue,
    /// Problems helped in the measured years.
    helped: f64,
    /// Days those problems waited.
    wait_days: f64,
}

/// Poisson draw by inversion (small means).
pub fn poisson(rng: &mut Stream, mean: f64) -> u32 {
    let mut k = 0;
    let mut p = (-mean).exp();
    let mut cumulative = p;
    let u = rng.unit();
    while u > cumulative && k < 1000 {
        k += 1;
        p *= mean / k as f64;
        cumulative += p;
    }
    k
}

impl MeetingPlaceService {
    /// No visits yet and an empty queue (no capacity without the programme).
    pub fn new(s: &Scenario) -> Self {
        let (hours, per_problem) = s
            .interventions
            .meeting_place
            .as_ref()
            .map_or((0.0, 1.0), |mp| {
                (mp.help_hours_per_week, mp.help_hours_per_problem)
            });
        Self {
            visits: 0.0,
            help: HelpQueue::new(hours, per_problem, QUEUE_WEEKS),
            helped: 0.0,
            wait_days: 0.0,
        }
    }

    /// Queue a member's problem asked on day `t`; false when the queue is full.
    pub fn request(&mut self, r: u32, t: f64) -> bool {
        self.help.request(r, t)
    }

    /// Where the problems offered to the meeting place went.
    pub fn ledger(&self) -> HelpLedger {
        self.help.ledger()
    }

    /// The meeting-place metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        out.set(
            Metric::LedgerMeetingPlaceProblemsHelpedPerYear,
            self.helped / rec.measured_years().max(1.0),
        );
        out.set(
            Metric::MeetingPlaceWaitWeeksMean,
            ratio(self.wait_days / 7.0, self.helped),
        );
        out.set(
            Metric::MeetingPlaceVisitsPer1000Year,
            rec.per_1000(self.visits),
        );
        out.set(
            Metric::MeetingPlaceMembersShare65plus,
            rec.share(Share::Members65),
        );
    }
}

impl Neighbourhood<'_> {
    /// This week's visits of the members.
    pub(crate) fn meeting_place_week(&mut self, queue: &mut EventQueue<Event>) {
        let t = queue.now();
        let Some(mp) = &self.s.interventions.meeting_place else {
            return;
        };
        let mut visits = 0.0;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.residents[r].programmes & meeting_place::BIT != 0 {
                let n = poisson(&mut self.visits_rng, mp.visits_per_week);
                self.residents[r].contacts += n;
                if n > 0 {
                    self.residents[r].last_visit = t as f32;
                }
                visits += n as f64;
            }
        }
        let residents = &self.residents;
        let service = &mut self.services.meeting_place;
        let helped = service
            .help
            .serve_week(t, |r| residents[r as usize].at_home());
        if self.measuring(t) {
            let service = &mut self.services.meeting_place;
            service.visits += visits;
            service.helped += helped.len() as f64;
            service.wait_days += helped.iter().map(|h| h.waited_days).sum::<f64>();
        }
        for h in helped {
            self.after_help(h.resident as usize, ReceivingEnd::MeetingPlace, queue);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::StreamKey;

    fn stream() -> Stream {
        StreamKey {
            master: 7,
            replication: 0,
            entity: 1,
            process: 2,
        }
        .stream()
    }

    #[test]
    fn poisson_draws_have_the_mean_asked_for() {
        let mut rng = stream();
        let n = 20_000;
        let total: u32 = (0..n).map(|_| poisson(&mut rng, 1.5)).sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 1.5).abs() < 0.05, "mean {mean}");
    }

    #[test]
    fn zero_mean_gives_no_visits() {
        let mut rng = stream();
        assert!((0..100).all(|_| poisson(&mut rng, 0.0) == 0));
    }
}
