//! What the patient pays: the usual copay ratio by age, and the 高額療養費 monthly ceilings.

pub(crate) mod ceiling;
pub(crate) mod copay;

pub use ceiling::{CeilingAmount, CeilingError, CeilingQuery, monthly_ceiling};
pub use copay::{AgeBand, age_band, usual_copay_percent, usual_percent};
