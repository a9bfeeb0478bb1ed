//! The guided 声掛け conversation (`onshi::reception::ReceptionScript`): the desk answers step by step and the
//! decision comes at the end.

use std::ffi::{CString, c_char};

use crate::decision::message;
use crate::vocabularies::*;
use crate::{
    Failure, MAX_JSON, OnshiDecision, OnshiRules, OnshiStatus, Out, boundary, handle, put_decision,
    refused, text,
};

/// A reception conversation (opaque). Not to be shared between threads while answered. Free with
/// onshi_script_free.
pub struct OnshiScript {
    script: onshi::reception::ReceptionScript,
    /// What staff say at the current step, [ja, en].
    prompt: [CString; 2],
}

impl OnshiScript {
    fn refresh(&mut self) {
        let prompt = self.script.prompt();
        let c = |s: String| CString::new(s.replace('\0', "")).unwrap_or_default();
        self.prompt = [c(prompt.ja), c(prompt.en)];
    }
}

/// Starts the conversation for a visit given as JSON (the visit format: the time, the facility,
/// the patient; what is presented comes from the answers).
///
/// # Safety
/// `visit_json` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_new(
    visit_json: *const c_char,
    out: *mut *mut OnshiScript,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let json = unsafe { text(visit_json, "visit_json", MAX_JSON)? };
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let visit = onshi::Visit::from_json(json).map_err(refused)?;
        let mut script = OnshiScript {
            script: onshi::reception::ReceptionScript::new(visit),
            prompt: Default::default(),
        };
        script.refresh();
        out.put(Box::into_raw(Box::new(script)))
    })
}

/// Frees a conversation (NULL is a no-op).
///
/// # Safety
/// `script` NULL or from onshi_script_new, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_free(script: *mut OnshiScript) {
    if !script.is_null() {
        // SAFETY: from Box::into_raw in onshi_script_new; freed once per the contract.
        drop(unsafe { Box::from_raw(script) });
    }
}

/// The current step (ONSHI_SCRIPT_STEP_DONE for NULL).
///
/// # Safety
/// `script` NULL or a live conversation.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_step(script: *const OnshiScript) -> OnshiScriptStep {
    // SAFETY: forwarded caller guarantee.
    unsafe { script.as_ref() }.map_or(OnshiScriptStep::Done, |s| s.script.step().into())
}

/// What staff say at the current step, in `lang` (ONSHI_LANG_JA or ONSHI_LANG_EN): a string owned
/// by the conversation, valid until the next answer or onshi_script_free. NULL for NULL or an
/// undefined language.
///
/// # Safety
/// `script` NULL or a live conversation.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_prompt(
    script: *const OnshiScript,
    lang: u32,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { script.as_ref() }.map_or(std::ptr::null(), |s| message(&s.prompt, lang))
}

/// Gives the desk's answer at the current step, as JSON (`{"answer": "yes"}`, `"no"`,
/// `"no_card_yet"`, `{"answer": "card_read", "card": {…}, "online": {…}}`,
/// `{"answer": "documents", "presented": {…}}`), and writes the next step. An answer that does not
/// fit the step is ONSHI_STATUS_INVALID_INPUT (kind `unexpected_answer`) and changes nothing.
///
/// # Safety
/// `script` a live conversation used by no other thread meanwhile; `rules` from this library;
/// `answer_json` NUL-terminated; `out_step` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_answer(
    script: *mut OnshiScript,
    rules: *const OnshiRules,
    answer_json: *const c_char,
    out_step: *mut OnshiScriptStep,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (script, rules, json, out_step) = unsafe {
            (
                script.as_mut().ok_or_else(|| Failure::null("script"))?,
                handle(rules, "rules")?,
                text(answer_json, "answer_json", MAX_JSON)?,
                Out::new(out_step, "out_step")?,
            )
        };
        let answer: onshi::reception::ScriptAnswer =
            onshi::error::from_json(json).map_err(refused)?;
        let step = script
            .script
            .answer(&rules.rules, answer)
            .map_err(refused)?;
        script.refresh();
        out_step.put(step.into())
    })
}

/// The decision once the conversation is done: a new decision in `*out` (free with
/// onshi_decision_free), or NULL in `*out` while it is not done yet.
///
/// # Safety
/// `script` a live conversation; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_script_decision(
    script: *const OnshiScript,
    out: *mut *mut OnshiDecision,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let script = unsafe { script.as_ref() }.ok_or_else(|| Failure::null("script"))?;
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        match script.script.decision() {
            Some(decision) => put_decision(out, decision.clone()),
            None => out.put(std::ptr::null_mut()),
        }
    })
}
