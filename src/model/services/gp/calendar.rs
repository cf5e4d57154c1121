//! The practice's calendar: opening hours, working days, the week of the
//! year with its holidays, and the winter season of demand.
//!
//! Day 0 of a run is a Monday, 1 January; a year has 365 days (the model
//! has no leap years), so week numbers drift by a weekday a year, which is
//! as precise as the published seasonal figures are.

use super::super::super::types::DAYS_PER_YEAR;

/// Opening time of the practice within a day (08:00).
pub const OPENS: f64 = 8.0 / 24.0;
/// Closing time (17:00).
pub const CLOSES: f64 = 17.0 / 24.0;
/// At 13:00 urgent minutes not needed for the afternoon become bookable.
pub const AFTERNOON: f64 = 13.0 / 24.0;

/// Whether day `d` (day 0 is a Monday) is a working day.
#[inline]
pub fn is_workday(day: f64) -> bool {
    (day.floor() as i64).rem_euclid(7) < 5
}

/// Working days in [0, day): also the index of `day` among working days
/// when it is one.
#[inline]
pub fn workdays_before(day: i64) -> i64 {
    5 * day.div_euclid(7) + day.rem_euclid(7).min(5)
}

/// The day of working day number `w` (the inverse of [`workdays_before`]).
#[inline]
pub fn day_of_workday(w: i64) -> i64 {
    7 * w.div_euclid(5) + w.rem_euclid(5)
}

/// Working days after the day of `from` up to and including the day of `to`.
#[inline]
pub fn workdays_between(from: f64, to: f64) -> u32 {
    let (a, b) = (from.floor() as i64, to.floor() as i64);
    (workdays_before(b + 1) - workdays_before(a + 1)).max(0) as u32
}

/// The next opening time strictly after `t`.
pub fn next_opening(t: f64) -> f64 {
    let mut day = t.floor();
    if t >= day + OPENS {
        day += 1.0;
    }
    while !is_workday(day) {
        day += 1.0;
    }
    day + OPENS
}

/// Whether the practice is open at `t`.
pub fn open_now(t: f64) -> bool {
    let frac = t - t.floor();
    is_workday(t) && (OPENS..CLOSES).contains(&frac)
}

/// The first working day on which a request made at `t` can be seen:
/// today while the practice is still open, else the next working day.
pub fn first_workday(t: f64) -> i64 {
    let day = t.floor();
    if is_workday(t) && t - day < CLOSES {
        workdays_before(day as i64)
    } else {
        workdays_before(next_opening(t).floor() as i64)
    }
}

/// Week of the year (0-51) of day `day`.
#[inline]
pub fn week_of_year(day: i64) -> i64 {
    (day.rem_euclid(DAYS_PER_YEAR as i64) / 7).min(51)
}

/// Whether the week of `day` is a holiday week in which GPs are away and
/// locums or neighbouring practices cover part of their work: the summer
/// school holidays (weeks 29-34 of the year, mid-July to the end of
/// August) and Christmas (the last and the first week). Assumption, from
/// the common Dutch holiday calendar.
pub fn is_holiday_week(day: i64) -> bool {
    let week = week_of_year(day);
    (28..=33).contains(&week) || week == 0 || week == 51
}

/// Demand in the season of `t` relative to the year's mean: a cosine with
/// its peak in mid-January and its trough in mid-July, `amplitude` above
/// and below the mean (0.1: January 10% above the mean, July 10% below).
pub fn season(t: f64, amplitude: f64) -> f64 {
    let phase = (t.rem_euclid(DAYS_PER_YEAR) - 15.0) / DAYS_PER_YEAR;
    1.0 + amplitude * (std::f64::consts::TAU * phase).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_and_opening() {
        assert!(is_workday(0.5) && is_workday(4.9) && !is_workday(5.1) && !is_workday(6.0));
        // Friday 10:00 -> Monday 08:00.
        assert!((next_opening(4.0 + 10.0 / 24.0) - (7.0 + OPENS)).abs() < 1e-12);
        // Monday 07:00 -> Monday 08:00.
        assert!((next_opening(7.0 / 24.0) - OPENS).abs() < 1e-12);
        // Request Monday, seen Thursday: 3 working days; Friday to Monday: 1.
        assert_eq!(workdays_between(0.5, 3.5), 3);
        assert_eq!(workdays_between(4.5, 7.4), 1);
        assert_eq!(workdays_between(2.2, 2.9), 0);
    }

    #[test]
    fn workday_numbers_invert() {
        for w in -20..40 {
            let d = day_of_workday(w);
            assert!(d.rem_euclid(7) < 5);
            assert_eq!(workdays_before(d), w);
        }
        // Monday 10:00 -> today; Monday 18:00 -> Tuesday; Saturday -> Monday.
        assert_eq!(first_workday(10.0 / 24.0), 0);
        assert_eq!(first_workday(18.0 / 24.0), 1);
        assert_eq!(first_workday(5.5), 5);
    }

    #[test]
    fn holidays_and_season() {
        assert!(is_holiday_week(0) && is_holiday_week(364) && is_holiday_week(7 * 30));
        assert!(!is_holiday_week(7 * 10) && !is_holiday_week(7 * 40));
        assert!((season(15.0, 0.1) - 1.1).abs() < 1e-12);
        assert!((season(15.0 + 182.5, 0.1) - 0.9).abs() < 1e-12);
        // The mean over a year is 1.
        let mean: f64 = (0..365).map(|d| season(d as f64 + 0.5, 0.1)).sum::<f64>() / 365.0;
        assert!((mean - 1.0).abs() < 1e-9);
    }
}
