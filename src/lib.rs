//! buurtsim: a discrete-event simulation of care demand in a Dutch neighbourhood.
#![warn(missing_docs)]

pub mod analysis;
pub mod calibration;
pub mod cbs;
pub mod engine;
pub mod experiment;
pub mod files;
pub mod machine;
pub mod model;
pub mod output;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod validation;
