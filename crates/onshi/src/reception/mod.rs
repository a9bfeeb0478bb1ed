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
