//! The rule table: dated rows with their sources (the product's policy as data), and its audit.

pub(crate) mod audit;
pub(crate) mod params;
pub(crate) mod rules;
