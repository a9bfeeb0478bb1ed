//! The guided 声掛け conversation (`onshi::reception::ReceptionScript`): the desk answers step by step and the
//! decision comes at the end.

use std::sync::{Arc, Mutex};

use crate::decision::Decision;
use crate::rules::RuleSet;
use crate::vocabularies::*;
use crate::{ErrorKind, OnshiError};

/// The guided 声掛け conversation: the desk answers step by step (JSON answers: `{"answer":
/// "yes"}`, `"no"`, `"no_card_yet"`, `"card_read"` with `card` and `online`, `"documents"` with
/// `presented`), and the decision comes at the end.
#[derive(uniffi::Object)]
pub struct ReceptionScript {
    script: Mutex<onshi::reception::ReceptionScript>,
}

impl ReceptionScript {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut onshi::reception::ReceptionScript) -> T,
    ) -> Result<T, OnshiError> {
        let mut script = self.script.lock().map_err(|_| OnshiError::InvalidInput {
            kind: ErrorKind::Internal,
            reason: "an earlier call on this conversation failed inside onshi; start a new one"
                .to_owned(),
            reason_ja: onshi::Vocabulary::words(onshi::error::ErrorDomain::Internal).ja,
            field: None,
        })?;
        Ok(f(&mut script))
    }
}

#[uniffi::export]
impl ReceptionScript {
    /// Starts the conversation for a visit (JSON: the time, the facility, the patient).
    #[uniffi::constructor]
    pub fn new(visit_json: String) -> Result<Arc<Self>, OnshiError> {
        let visit = onshi::Visit::from_json(&visit_json)?;
        Ok(Arc::new(ReceptionScript {
            script: Mutex::new(onshi::reception::ReceptionScript::new(visit)),
        }))
    }

    /// The current step.
    pub fn step(&self) -> Result<ScriptStep, OnshiError> {
        self.with(|s| s.step())
    }

    /// What staff say at the current step, 日本語.
    pub fn prompt_ja(&self) -> Result<String, OnshiError> {
        self.with(|s| s.prompt().ja)
    }

    /// What staff say at the current step, English.
    pub fn prompt_en(&self) -> Result<String, OnshiError> {
        self.with(|s| s.prompt().en)
    }

    /// Gives the desk's answer (JSON) at the current step; the next step. An answer that does not
    /// fit the step is InvalidInput `unexpected_answer` and changes nothing.
    pub fn answer(
        &self,
        rules: Arc<RuleSet>,
        answer_json: String,
    ) -> Result<ScriptStep, OnshiError> {
        let answer: onshi::reception::ScriptAnswer = onshi::error::from_json(&answer_json)?;
        self.with(|s| s.answer(&rules.rules, answer))?
            .map_err(OnshiError::from)
    }

    /// The decision once the conversation is done.
    pub fn decision(&self) -> Result<Option<Decision>, OnshiError> {
        self.with(|s| s.decision().cloned().map(Decision::from))
    }
}
