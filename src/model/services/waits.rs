//! How long residents waited for a service: the days from joining its
//! waiting list to admission, counted at admission in the measured years.
//! A resident admitted the week they were assessed waited zero days.

/// Waiting times of one service's admissions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Waits {
    days: f64,
    admissions: f64,
}

impl Waits {
    /// A resident admitted after waiting `days` (counted when `measuring`).
    pub fn admitted(&mut self, days: f64, measuring: bool) {
        if measuring {
            self.days += days;
            self.admissions += 1.0;
        }
    }

    /// Mean weeks waited by those admitted (0 when nobody was admitted).
    pub fn mean_weeks(&self) -> f64 {
        if self.admissions > 0.0 {
            self.days / self.admissions / 7.0
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_counts_zero_waits_and_only_measured_admissions() {
        let mut w = Waits::default();
        assert_eq!(w.mean_weeks(), 0.0);
        w.admitted(14.0, true);
        w.admitted(0.0, true);
        w.admitted(700.0, false);
        assert!((w.mean_weeks() - 1.0).abs() < 1e-12);
    }
}
