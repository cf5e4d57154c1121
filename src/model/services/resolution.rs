//! What help at a receiving end achieves. A psychosocial problem the
//! welfare team or the meeting place helped is resolved with a chance
//! (`services.welfare_resolution_share`,
//! `interventions.meeting_place.resolution_share`): the resident's
//! loneliness eases one step, which lowers their rate of new
//! psychosocial problems (a rate by loneliness) and so their recurrence.
//! A problem not resolved comes back to the GP as a psychosocial request.
//! Nothing is written into an outcome: the state changes, and the rates
//! that read it follow.

use super::super::neighbourhood::{Event, Neighbourhood};
use super::super::types::{process, Lonely};
use crate::engine::EventQueue;

/// The receiving ends that help psychosocial problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceivingEnd {
    /// The welfare team (gemeente).
    Welfare,
    /// The meeting place (members only).
    MeetingPlace,
}

impl Neighbourhood<'_> {
    /// The outcome of resident `r`'s problem helped this week by `end`.
    /// The draw is keyed by resident, day and receiving end (common random
    /// numbers).
    pub(crate) fn after_help(
        &mut self,
        r: usize,
        end: ReceivingEnd,
        queue: &mut EventQueue<Event>,
    ) {
        let t = queue.now();
        let share = match end {
            ReceivingEnd::Welfare => self.s.services.welfare_resolution_share,
            ReceivingEnd::MeetingPlace => self
                .s
                .interventions
                .meeting_place
                .as_ref()
                .map_or(0.0, |mp| mp.resolution_share),
        };
        let key = process::RESOLUTION_BASE ^ t.to_bits() ^ (end as u64);
        let resolved = self.keyed_uniform(r, key) < share;
        match end {
            ReceivingEnd::Welfare => self.services.welfare.queue.outcome(resolved),
            ReceivingEnd::MeetingPlace => self.services.meeting_place.help.outcome(resolved),
        }
        if !resolved {
            self.gp_request(r, true, false, queue);
            return;
        }
        if self.measuring(t) {
            self.rec.counted.problems_resolved += 1.0;
        }
        let res = &mut self.residents[r];
        res.problem_since = f32::NEG_INFINITY;
        let eased = match res.lonely {
            Lonely::Severe => Lonely::Moderate,
            _ => Lonely::No,
        };
        if eased != res.lonely {
            res.lonely = eased;
            self.refresh_enrolment(r, t);
            self.retime_demand_social(r, queue);
        }
    }
}
