//! The reception decision: what the patient presented and what the online check said (the
//! visit), the documents and identity methods, the engine that decides, the decision with its
//! alerts and actions, its messages, the words a front end shows of it (its card, a file or a
//! request refused), and the guided 声掛け script.

pub(crate) mod decision;
pub(crate) mod documents;
pub(crate) mod engine;
pub(crate) mod identity;
pub(crate) mod messages;
pub(crate) mod script;
pub(crate) mod shown;
pub(crate) mod visit;

pub use decision::{
    Action, Alert, Ceiling, Copay, CopayBasis, Coverage, DATE_FIELDS, Decision, FailureClass,
    Messages, NotUsedReason, PresentedDocument, Route,
};
pub use documents::{
    CardKind, CardStatus, CeilingCertificate, IssueReason, LegacyInsuranceCard, MynaInsuranceCard,
    PortalScreen, Presented, QualificationCertificate, QualificationNotice, Registration,
};
pub use engine::decide;
pub use identity::{
    CardReader, IdentityCheck, IdentityMethod, IdentityOutcome, PinState, ReaderMethods,
};
pub use script::{ReceptionScript, ScriptAnswer, ScriptError, ScriptStep};
pub use shown::{FileTrouble, RequestRefusal, Shown, error_text, short_name};
pub use visit::{
    Care, Facility, FacilityKind, MAX_VISIT_JSON, OnlineConsent, OnlineResult, OnlineStatus,
    OnlineSystem, Patient, QueryKind, Visit,
};
