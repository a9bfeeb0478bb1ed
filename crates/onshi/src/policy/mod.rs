//! The rule table: dated rows with their sources (the product's policy as data), the invariants it
//! is held to on load, and its audit.

pub(crate) mod audit;
pub(crate) mod cited;
pub(crate) mod coverage;
pub(crate) mod overlay;
pub(crate) mod params;
pub(crate) mod rules;
