//! What the GP practices count: the ledger of where every request went
//! (the whole run) and the counters behind the GP metrics (the measured
//! years), summed over the district's practices.

use super::super::super::metrics::{Metric, MetricValues, GP_CONTACTS_BY_BAND};
use super::super::super::recorder::{Recorder, Share, GP_BANDS};
use super::super::help_queue::HelpLedger;

/// Bins of the waiting-time histogram (days), for the 90th percentile.
const WAIT_BIN_DAYS: f64 = 0.25;
const WAIT_BINS: usize = 480;

/// Where every GP-practice request went, over the whole run (warm-up
/// included): the ledger identity `requests = served + diverted + spilled +
/// urgent_out_of_hours + gave_up + abandoned + pending` must hold exactly, and so
/// must its two refinements: every diverted request went to exactly one
/// destination (`diverted = to_welfare + to_meeting_place`), and every
/// served request through exactly one channel (`served = face_to_face +
/// phone + econsult + practice_nurse`). At the receiving ends nothing is
/// lost either: every problem the welfare team or the meeting place took
/// (diverted there, or referred on by the GP) was helped, left or is still
/// waiting; one they could not take went to the GP (`back_to_gp`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GpLedger {
    /// Requests made (including diverted ones and e-consult follow-ups).
    pub requests: u64,
    /// Served by the GP, the practice nurse or as an e-consult.
    pub served: u64,
    /// Psychosocial requests diverted to welfare or the meeting place.
    pub diverted: u64,
    /// ...of which to a welfare worker.
    pub to_welfare: u64,
    /// ...of which to the meeting place.
    pub to_meeting_place: u64,
    /// Served face to face (consult in the practice or at home).
    pub face_to_face: u64,
    /// ...of which at home (a home visit).
    pub home_visits: u64,
    /// Served by telephone.
    pub phone: u64,
    /// Served as an e-consult.
    pub econsult: u64,
    /// Served by the practice nurse.
    pub practice_nurse: u64,
    /// Sent to out-of-hours care because the GP had no capacity or too long a wait.
    pub spilled: u64,
    /// Urgent requests outside office hours, handled by the out-of-hours service.
    pub urgent_out_of_hours: u64,
    /// Routine requests whose patient gave up: no appointment within the
    /// wait they accept, and they did not go to out-of-hours care.
    pub gave_up: u64,
    /// Left home (admission, death, moving) while waiting.
    pub abandoned: u64,
    /// Still waiting when the run ended.
    pub pending: u64,
    /// Psychosocial problems a programme would have diverted but the
    /// welfare team or the meeting place could not take (queue full): they
    /// came to the GP as requests after all (and are counted there).
    pub back_to_gp: u64,
    /// Psychosocial problems the GP or practice nurse referred on to a
    /// welfare worker and the team's queue took.
    pub referred_to_welfare: u64,
    /// Where the problems offered to the welfare team went.
    pub welfare: HelpLedger,
    /// Where the problems offered to the meeting place went.
    pub meeting_place: HelpLedger,
}

impl GpLedger {
    /// Whether every request is accounted for.
    pub fn balances(&self) -> bool {
        self.requests
            == self.served
                + self.diverted
                + self.spilled
                + self.urgent_out_of_hours
                + self.gave_up
                + self.abandoned
                + self.pending
            && self.diverted == self.to_welfare + self.to_meeting_place
            && self.served == self.face_to_face + self.phone + self.econsult + self.practice_nurse
            && self.welfare.balances()
            && self.meeting_place.balances()
            && self.welfare.taken == self.to_welfare + self.referred_to_welfare
            && self.meeting_place.taken == self.to_meeting_place
    }
}

/// What the practice counts during the measured years (the ledger: the
/// whole run).
#[derive(Debug, Clone)]
pub struct GpCounters {
    /// Where requests went, over the whole run.
    pub ledger: GpLedger,
    pub(super) contacts: [f64; GP_BANDS],
    pub(super) psychosocial: f64,
    pub(super) econsults: f64,
    pub(super) face_to_face: f64,
    pub(super) phone: f64,
    pub(super) practice_nurse: f64,
    /// Psychosocial requests diverted from the GP.
    pub diverted: f64,
    /// Requests spilled to out-of-hours care.
    pub spilled: f64,
    pub(super) slots_used: f64,
    pub(super) slots_available: f64,
    /// Home visits (also counted in `face_to_face`).
    pub(super) home_visits: f64,
    /// Routine requests made (the denominator of the access share: those
    /// who gave up or went elsewhere count as not seen).
    pub(super) routine_requests: f64,
    /// Routine requests whose patient gave up.
    pub(super) gave_up: f64,
    /// Contacts on each working day of the week, Monday first.
    pub(super) by_weekday: [f64; 5],
    wait_sum: f64,
    wait_n: f64,
    wait_within_3: f64,
    wait_hist: Vec<u32>,
    any_contact_sum: f64,
}

impl Default for GpCounters {
    fn default() -> Self {
        Self {
            ledger: GpLedger::default(),
            contacts: [0.0; GP_BANDS],
            psychosocial: 0.0,
            econsults: 0.0,
            face_to_face: 0.0,
            phone: 0.0,
            practice_nurse: 0.0,
            diverted: 0.0,
            spilled: 0.0,
            slots_used: 0.0,
            slots_available: 0.0,
            home_visits: 0.0,
            routine_requests: 0.0,
            gave_up: 0.0,
            by_weekday: [0.0; 5],
            wait_sum: 0.0,
            wait_n: 0.0,
            wait_within_3: 0.0,
            wait_hist: vec![0; WAIT_BINS + 1],
            any_contact_sum: 0.0,
        }
    }
}

impl GpCounters {
    /// A routine request seen after `wait_days` calendar days and `workdays` working days.
    pub(super) fn routine_wait(&mut self, wait_days: f64, workdays: u32) {
        self.wait_sum += wait_days;
        self.wait_n += 1.0;
        if workdays <= 3 {
            self.wait_within_3 += 1.0;
        }
        let bin = ((wait_days / WAIT_BIN_DAYS) as usize).min(WAIT_BINS);
        self.wait_hist[bin] += 1;
    }

    /// Close a measured calendar year: the share of residents present all
    /// year with a contact in it.
    pub fn close_year(&mut self, any_contact_share: f64) {
        self.any_contact_sum += any_contact_share;
    }

    fn wait_p90(&self) -> f64 {
        let total: u64 = self.wait_hist.iter().map(|&c| c as u64).sum();
        if total == 0 {
            return 0.0;
        }
        let target = 0.9 * total as f64;
        let mut cumulative = 0.0;
        for (bin, &count) in self.wait_hist.iter().enumerate() {
            let next = cumulative + count as f64;
            if next >= target {
                // Interpolate within the bin.
                let within = if count > 0 {
                    (target - cumulative) / count as f64
                } else {
                    0.0
                };
                return (bin as f64 + within) * WAIT_BIN_DAYS;
            }
            cumulative = next;
        }
        WAIT_BINS as f64 * WAIT_BIN_DAYS
    }

    /// Psychosocial GP contacts so far (a monthly flow).
    pub fn psychosocial_contacts(&self) -> f64 {
        self.psychosocial
    }

    /// The GP practice's metrics.
    pub fn report(&self, rec: &Recorder, out: &mut MetricValues) {
        let ratio = super::super::super::recorder::ratio;
        let per_1000 = |x: f64| rec.per_1000(x);
        let contacts: f64 = self.contacts.iter().sum();
        out.set(Metric::PatientsPerGpFte, rec.share(Share::PatientsPerFte));
        out.set(
            Metric::GpContactsPerResidentYear,
            ratio(contacts, rec.py_home()),
        );
        for (b, id) in GP_CONTACTS_BY_BAND.iter().enumerate() {
            out.set(*id, ratio(self.contacts[b], rec.py_home[b]));
        }
        out.set(
            Metric::GpAnyContactShare,
            ratio(self.any_contact_sum, rec.measured_years()),
        );
        for (id, count) in [
            (Metric::GpPsychosocialContactsPer1000Year, self.psychosocial),
            (Metric::GpEconsultContactsPer1000Year, self.econsults),
            (Metric::GpFaceToFaceContactsPer1000Year, self.face_to_face),
            (Metric::GpPhoneContactsPer1000Year, self.phone),
            (
                Metric::PracticeNurseContactsPer1000Year,
                self.practice_nurse,
            ),
            (Metric::GpRequestsDivertedPer1000Year, self.diverted),
            (Metric::GpRequestsSpilledPer1000Year, self.spilled),
            (Metric::GpRequestsGaveUpPer1000Year, self.gave_up),
            (Metric::GpHomeVisitsPer1000Year, self.home_visits),
        ] {
            out.set(id, per_1000(count));
        }
        out.set(
            Metric::GpUtilisation,
            ratio(self.slots_used, self.slots_available),
        );
        out.set(
            Metric::GpContactsMondayToFridayRatio,
            ratio(self.by_weekday[0], self.by_weekday[4]),
        );
        out.set(Metric::GpWaitDaysMean, ratio(self.wait_sum, self.wait_n));
        out.set(Metric::GpWaitDaysP90, self.wait_p90());
        out.set(
            Metric::GpRoutineSeenWithin3WorkdaysShare,
            ratio(self.wait_within_3, self.routine_requests),
        );
    }
}
