//! The channel of a GP contact. Shared by the GP practice, which serves
//! and counts contacts by channel, and by the hybrid-care programme, which
//! turns requests into e-consults and picks their follow-ups; it lives
//! apart so that neither has to import the other. It must not know either.

/// How a contact took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Consult in the practice.
    FaceToFace,
    /// Consult at home (a home visit).
    HomeVisit,
    /// Telephone.
    Phone,
    /// E-consult (asynchronous).
    EConsult,
}
