//! Professional services besides the GP: district nursing and Wmo home help
//! (hours per week with waiting lists) and welfare work (contacts per week).

use std::collections::VecDeque;

/// Queues of the professional services.
#[derive(Debug, Clone, Default)]
pub struct Services {
    /// Residents waiting for district nursing, in order of arrival.
    pub nursing_waiting: Vec<u32>,
    /// Residents waiting for home help, in order of arrival.
    pub home_help_waiting: Vec<u32>,
    /// Psychosocial problems waiting for a welfare worker.
    pub welfare_queue: VecDeque<u32>,
}
