//! The meeting place as a service: members' weekly visits, drawn from the
//! district's visits stream, and the meeting-place metrics. Who is a
//! member is the meeting-place programme's business
//! (`programmes/meeting_place.rs`).

use super::super::metrics::{Metric, MetricValues};
use super::super::neighbourhood::Neighbourhood;
use super::super::programmes::meeting_place;
use super::super::recorder::{Recorder, Share};
use crate::engine::rng::{Draw, Stream};

/// Visits counted in the measured years.
#[derive(Debug, Clone, Default)]
pub struct MeetingPlaceVisits {
    visits: f64,
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

impl MeetingPlaceVisits {
    /// The meeting-place metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
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
    pub(crate) fn meeting_place_week(&mut self, t: f64) {
        let Some(mp) = &self.s.interventions.meeting_place else {
            return;
        };
        let mut visits = 0.0;
        for k in 0..self.alive.len() {
            let r = self.alive[k] as usize;
            if self.residents[r].programmes & meeting_place::BIT != 0 {
                visits += poisson(&mut self.visits_rng, mp.visits_per_week) as f64;
            }
        }
        if self.measuring(t) {
            self.services.meeting_place.visits += visits;
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
