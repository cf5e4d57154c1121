//! Weekly service capacities: written per 1,000 residents, or as an
//! absolute figure for the whole district that overrides the per-1,000 key.
//!
//! The model reads capacities only through [`Scenario::capacity`], so a
//! district of 24,000 residents gets twice the capacity of one of 12,000
//! unless a file sets the absolute key. [`CAPACITY_OVERRIDES`] pairs each absolute
//! key with the per-1,000 key it overrides; the scenario machinery uses it
//! to read an absolute key that is not set (its value in effect) and to
//! refuse a sweep of a per-1,000 key that an absolute key overrides.

use super::key::KeyPath;
use super::schema::Scenario;

/// Weekly capacities the services will use, resolved from per-1,000 keys or absolute overrides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// District nursing (hours/week for the district).
    pub district_nursing_hours_per_week: f64,
    /// Wmo home help (hours/week for the district).
    pub home_help_hours_per_week: f64,
    /// Welfare / social work (contacts per week for the district).
    pub welfare_contacts_per_week: f64,
    /// The GP practice's nurse for older people (contacts per week).
    pub practice_nurse_contacts_per_week: f64,
    /// GP FTE in the district (FTE).
    pub gp_fte: f64,
}

/// Each absolute key with the per-1,000 key it overrides.
pub const CAPACITY_OVERRIDES: [(&str, &str); 5] = [
    (
        "services.district_nursing_hours_per_week",
        "services.district_nursing_hours_per_week_per_1000",
    ),
    (
        "services.home_help_hours_per_week",
        "services.home_help_hours_per_week_per_1000",
    ),
    (
        "services.welfare_contacts_per_week",
        "services.welfare_contacts_per_week_per_1000",
    ),
    (
        "gp.practice_nurse_contacts_per_week",
        "gp.practice_nurse_contacts_per_week_per_1000",
    ),
    ("gp.fte", "gp.fte_per_1000"),
];

impl Scenario {
    /// The weekly capacities in effect: each absolute key where a file sets
    /// it, otherwise the per-1,000 key x `population.residents` / 1,000.
    pub fn capacity(&self) -> Capacity {
        let residents = f64::from(self.population.residents);
        // In this order (x residents, then / 1,000) the defaults give
        // today's absolute figures exactly at 12,000 residents.
        let resolve = |absolute: Option<f64>, per_1000: f64| {
            absolute.unwrap_or(per_1000 * residents / 1000.0)
        };
        let (services, gp) = (&self.services, &self.gp);
        Capacity {
            district_nursing_hours_per_week: resolve(
                services.district_nursing_hours_per_week,
                services.district_nursing_hours_per_week_per_1000,
            ),
            home_help_hours_per_week: resolve(
                services.home_help_hours_per_week,
                services.home_help_hours_per_week_per_1000,
            ),
            welfare_contacts_per_week: resolve(
                services.welfare_contacts_per_week,
                services.welfare_contacts_per_week_per_1000,
            ),
            practice_nurse_contacts_per_week: resolve(
                gp.practice_nurse_contacts_per_week,
                gp.practice_nurse_contacts_per_week_per_1000,
            ),
            gp_fte: resolve(gp.fte, gp.fte_per_1000),
        }
    }
}

/// For an absolute key, its value in effect (set or resolved from the
/// per-1,000 key); `None` for any other path.
pub(super) fn in_effect(s: &Scenario, path: &KeyPath) -> Option<f64> {
    let c = s.capacity();
    let text = path.to_string();
    match text.as_str() {
        "services.district_nursing_hours_per_week" => Some(c.district_nursing_hours_per_week),
        "services.home_help_hours_per_week" => Some(c.home_help_hours_per_week),
        "services.welfare_contacts_per_week" => Some(c.welfare_contacts_per_week),
        "gp.practice_nurse_contacts_per_week" => Some(c.practice_nurse_contacts_per_week),
        "gp.fte" => Some(c.gp_fte),
        _ => None,
    }
}

/// Whether the absolute key `path` is set in `s`.
pub(super) fn is_set(s: &Scenario, path: &str) -> bool {
    match path {
        "services.district_nursing_hours_per_week" => s.services.district_nursing_hours_per_week,
        "services.home_help_hours_per_week" => s.services.home_help_hours_per_week,
        "services.welfare_contacts_per_week" => s.services.welfare_contacts_per_week,
        "gp.practice_nurse_contacts_per_week" => s.gp.practice_nurse_contacts_per_week,
        "gp.fte" => s.gp.fte,
        _ => None,
    }
    .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_the_published_capacity_at_12000_residents() {
        let s = Scenario::default();
        assert_eq!(s.population.residents, 12_000);
        assert_eq!(
            s.capacity(),
            Capacity {
                district_nursing_hours_per_week: 576.0,
                home_help_hours_per_week: 816.0,
                welfare_contacts_per_week: 40.0,
                practice_nurse_contacts_per_week: 60.0,
                gp_fte: 5.5,
            }
        );
    }

    #[test]
    fn twice_the_residents_twice_the_capacity() {
        let mut s = Scenario::default();
        let base = s.capacity();
        s.population.residents = 24_000;
        let c = s.capacity();
        assert_eq!(
            c.district_nursing_hours_per_week,
            2.0 * base.district_nursing_hours_per_week
        );
        assert_eq!(
            c.home_help_hours_per_week,
            2.0 * base.home_help_hours_per_week
        );
        assert_eq!(
            c.welfare_contacts_per_week,
            2.0 * base.welfare_contacts_per_week
        );
        assert_eq!(
            c.practice_nurse_contacts_per_week,
            2.0 * base.practice_nurse_contacts_per_week
        );
        assert_eq!(c.gp_fte, 2.0 * base.gp_fte);
    }

    #[test]
    fn an_absolute_key_overrides_the_per_1000_key() {
        let mut s = Scenario::default();
        s.population.residents = 24_000;
        s.services.district_nursing_hours_per_week = Some(500.0);
        s.gp.practice_nurse_contacts_per_week = Some(0.0);
        let c = s.capacity();
        assert_eq!(c.district_nursing_hours_per_week, 500.0);
        assert_eq!(c.practice_nurse_contacts_per_week, 0.0);
        // The others still follow the residents.
        assert_eq!(c.home_help_hours_per_week, 1632.0);
        assert_eq!(c.welfare_contacts_per_week, 80.0);
    }

    #[test]
    fn every_override_is_known_to_both_lookups() {
        let mut s = Scenario::default();
        for (absolute, _) in CAPACITY_OVERRIDES {
            let path = KeyPath::of(&absolute.split('.').collect::<Vec<_>>());
            assert!(in_effect(&s, &path).is_some(), "{absolute}");
            assert!(!is_set(&s, absolute), "{absolute}");
        }
        s.services.district_nursing_hours_per_week = Some(1.0);
        s.services.home_help_hours_per_week = Some(1.0);
        s.services.welfare_contacts_per_week = Some(1.0);
        s.gp.practice_nurse_contacts_per_week = Some(1.0);
        s.gp.fte = Some(1.0);
        for (absolute, _) in CAPACITY_OVERRIDES {
            assert!(is_set(&s, absolute), "{absolute}");
        }
    }
}
