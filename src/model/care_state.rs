//! Care states apart from the residents (issue 21).
//!
//! The weekly care round's fields (need, hours received, waiting lists,
//! carers: 56 bytes) matter only for residents who need or get care or
//! have carers, about one in eight. Kept in every resident they made a
//! resident 256 bytes, and a region of 120,000 residents did not fit the
//! CPU's cache. Now a resident holds an index into a table of care states
//! ([`Resident::care`]), taken when care starts
//! ([`Neighbourhood::care_mut`]) and given back when the round finds the
//! state idle again ([`Neighbourhood::release_idle_care`]); a resident
//! without one reads [`CareState::IDLE`].
//!
//! A state is given back only when what it holds is what an idle state
//! reads the same: no need, hours, carers or lists, and no episode still
//! running (an episode that ended reads as none; the waiting lists' start
//! days are read only while waiting). Results are unchanged to the bit
//! (`tests/pinned_results.rs`).

use super::neighbourhood::Neighbourhood;
use super::types::{CareState, Resident, NONE};

/// What a resident without a care state reads.
static IDLE: CareState = CareState::IDLE;

/// The care state of `res` in `states`, where the residents' table is
/// borrowed apart from the care states (the month's end pass).
#[inline]
pub(crate) fn care_of<'a>(states: &'a [CareState], res: &Resident) -> &'a CareState {
    match res.care {
        NONE => &IDLE,
        i => &states[i as usize],
    }
}

impl Neighbourhood<'_> {
    /// Resident `r`'s care state (the idle one when they hold none).
    #[inline]
    pub(crate) fn care(&self, r: usize) -> &CareState {
        care_of(&self.care_states, &self.residents[r])
    }

    /// Resident `r`'s care state, to change: one is taken from the table
    /// when they hold none.
    #[inline]
    pub(crate) fn care_mut(&mut self, r: usize) -> &mut CareState {
        let mut i = self.residents[r].care;
        if i == NONE {
            i = self.take_care_state();
            self.residents[r].care = i;
        }
        &mut self.care_states[i as usize]
    }

    /// Resident `r`'s care state if they hold one: for resets, which an
    /// idle state needs none of.
    #[inline]
    pub(crate) fn care_if_held(&mut self, r: usize) -> Option<&mut CareState> {
        match self.residents[r].care {
            NONE => None,
            i => Some(&mut self.care_states[i as usize]),
        }
    }

    fn take_care_state(&mut self) -> u32 {
        match self.free_care_states.pop() {
            Some(i) => {
                self.care_states[i as usize] = CareState::IDLE;
                i
            }
            None => {
                self.care_states.push(CareState::IDLE);
                (self.care_states.len() - 1) as u32
            }
        }
    }

    /// Give resident `r`'s care state back if it reads as idle at `t`.
    pub(crate) fn release_idle_care(&mut self, r: usize, t: f64) {
        let res = &mut self.residents[r];
        release_if_idle(res, &self.care_states, &mut self.free_care_states, t);
    }

    /// Give resident `r`'s care state back whatever it holds: their place
    /// goes to a newcomer (`model::places`).
    pub(crate) fn drop_care_state(&mut self, r: usize) {
        let i = self.residents[r].care;
        if i != NONE {
            self.residents[r].care = NONE;
            self.free_care_states.push(i);
        }
    }
}

/// Give `res`'s care state back to `free` if it reads as idle at `t`: the
/// care round does so for residents who leave its list, and the month's
/// end pass for the rest (a carer who stops, a waiting list left from a
/// nursing home), whose state may have become idle off the list.
#[inline]
pub(crate) fn release_if_idle(
    res: &mut Resident,
    states: &[CareState],
    free: &mut Vec<u32>,
    t: f64,
) {
    let i = res.care;
    if i != NONE && is_idle(&states[i as usize], t) {
        res.care = NONE;
        free.push(i);
    }
}

/// Whether `state` reads at `t` and later as [`CareState::IDLE`] does.
fn is_idle(state: &CareState, t: f64) -> bool {
    let running = f64::from(state.episode_until) > t;
    let as_read = CareState {
        // Read only while on the lists.
        nursing_waiting_since: 0.0,
        home_help_waiting_since: 0.0,
        // Read only against the present day: one that ended is none.
        episode_until: f32::NEG_INFINITY,
        ..*state
    };
    !running && as_read == CareState::IDLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// After 2 + 10 years: each care state belongs to one resident, the
    /// free ones to none, and a resident off the care round's list holds
    /// one only while it is not idle; care states are far fewer than
    /// residents.
    #[test]
    fn care_states_are_held_once_and_given_back_when_idle() {
        let mut s = Scenario::default();
        s.population.residents = 3000;
        let (n, _) = crate::model::run_to_end(&s, 4);
        let end = n.end;
        let mut owner = vec![None; n.care_states.len()];
        for (r, res) in n.residents.iter().enumerate() {
            if res.care == NONE {
                continue;
            }
            let slot = &mut owner[res.care as usize];
            assert!(slot.is_none(), "a care state held twice");
            *slot = Some(r);
            if res.living.is_resident() && !res.in_needy {
                assert!(!is_idle(n.care(r), end), "an idle state kept off the list");
            }
        }
        for &free in &n.free_care_states {
            assert!(owner[free as usize].is_none(), "a free care state is held");
        }
        let held = owner.iter().flatten().count();
        assert_eq!(held + n.free_care_states.len(), n.care_states.len());
        let alive = n.alive.len();
        assert!(
            held > 0 && held * 4 < alive,
            "{held} care states for {alive} residents"
        );
    }

    #[test]
    fn a_state_is_idle_only_when_it_reads_as_none() {
        assert!(is_idle(&CareState::IDLE, 0.0));
        let waited = CareState {
            nursing_waiting_since: 12.0,
            episode_until: 5.0,
            ..CareState::IDLE
        };
        assert!(is_idle(&waited, 10.0));
        assert!(!is_idle(&waited, 4.0), "an episode still running");
        for busy in [
            CareState {
                nursing_client: true,
                ..CareState::IDLE
            },
            CareState {
                informal_hours: 1.0,
                ..CareState::IDLE
            },
            CareState {
                carers: [3, NONE, NONE, NONE],
                ..CareState::IDLE
            },
        ] {
            assert!(!is_idle(&busy, 0.0));
        }
    }
}
