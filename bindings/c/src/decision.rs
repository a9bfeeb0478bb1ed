//! The reception decision as an opaque handle with typed accessors, from a visit or an OQS file.

use std::ffi::{CString, c_char};

use crate::vocabularies::*;
use crate::{
    Failure, MAX_JSON, OnshiLang, OnshiRules, OnshiStatus, Out, argument, boundary, bytes,
    c_string, guarded, handle, refused, text,
};

/// A reception decision (opaque, immutable: may be read from several threads). Strings it returns
/// live as long as it does. Free with onshi_decision_free.
pub struct OnshiDecision {
    decision: onshi::Decision,
    alerts: Vec<CString>,
    actions: Vec<CString>,
    rules: Vec<CString>,
    ceiling: Option<CString>,
    /// Staff and patient messages, [ja, en].
    staff: [CString; 2],
    patient: [CString; 2],
}

impl OnshiDecision {
    fn new(decision: onshi::Decision) -> Result<OnshiDecision, Failure> {
        let strings = |items: Vec<&str>| -> Result<Vec<CString>, Failure> {
            items.into_iter().map(c_string).collect()
        };
        let both = |t: &onshi::Text| -> Result<[CString; 2], Failure> {
            Ok([c_string(t.ja.as_str())?, c_string(t.en.as_str())?])
        };
        let ceiling = decision
            .ceiling
            .as_ref()
            .map(|c| c_string(c.category()))
            .transpose()?;
        Ok(OnshiDecision {
            alerts: strings(decision.alerts.iter().map(|a| a.kind()).collect())?,
            actions: strings(decision.actions.iter().map(|a| a.kind()).collect())?,
            rules: strings(decision.rules.iter().map(|r| r.as_str()).collect())?,
            ceiling,
            staff: both(&decision.messages.staff)?,
            patient: both(&decision.messages.patient)?,
            decision,
        })
    }
}

pub(crate) fn put_decision(
    out: Out<*mut OnshiDecision>,
    decision: onshi::Decision,
) -> Result<(), Failure> {
    out.put(Box::into_raw(Box::new(OnshiDecision::new(decision)?)))
}

/// Decides a visit given as JSON (at most 1 MiB). Read it with the onshi_decision_* accessors;
/// free it with onshi_decision_free.
///
/// # Safety
/// `rules` from this library; `visit_json` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decide(
    rules: *const OnshiRules,
    visit_json: *const c_char,
    out: *mut *mut OnshiDecision,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, json, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(visit_json, "visit_json", MAX_JSON)?,
                Out::new(out, "out")?,
            )
        };
        put_decision(out, decide(rules, json)?)
    })
}

fn decide(rules: &OnshiRules, json: &str) -> Result<onshi::Decision, Failure> {
    let visit = onshi::Visit::from_json(json).map_err(refused)?;
    onshi::decide(&rules.rules, &visit).map_err(refused)
}

/// Decides a visit given as JSON and writes the decision as JSON to `*out_json` (free with
/// onshi_string_free). The same decision as onshi_decide, in one string.
///
/// # Safety
/// `rules` from this library; `visit_json` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decide_json(
    rules: *const OnshiRules,
    visit_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, json, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(visit_json, "visit_json", MAX_JSON)?,
                Out::new(out_json, "out_json")?,
            )
        };
        out.json(&decide(rules, json)?)
    })
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS, as the file declares) and writes
/// it as JSON: `result` (every field onshi reads, as the Rust `QualificationResult` serializes it:
/// `header`, `records`, `processing_result_status`, …) and `online` (the online answer a decision
/// takes: `status`, `copay_percent`, …). Free with onshi_string_free. A file over 16 MiB is
/// ONSHI_STATUS_TOO_LARGE; a refused file ONSHI_STATUS_OQS_ERROR (ONSHI_STATUS_PERSONAL_NUMBER for
/// a 個人番号), its kind from onshi_last_error_kind.
///
/// # Safety
/// `file` readable for `file_len` bytes; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_oqs_result_json(
    file: *const u8,
    file_len: usize,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees; the length is checked before the slice is made.
        let (file, out) = unsafe {
            let file = bytes(file, file_len, "file", crate::MAX_OQS_FILE)?;
            (file, Out::new(out_json, "out_json")?)
        };
        let result = onshi_oqs::QualificationResult::parse(file).map_err(refused)?;
        out.json(&serde_json::json!({"result": &result, "online": result.online_result()}))
    })
}

/// Reads an オンライン資格確認 result file (個別照会 result or face-recognition reader result; UTF-8
/// or Shift_JIS, as the file declares) and decides the visit it answers. `at` is the visit time
/// (RFC 3339 or YYYY-MM-DD, JST), or NULL for the file's ProcessExecutionTime. `document` (an
/// ONSHI_QUERIED_DOCUMENT_* value) says what was presented when the query was by 記号・番号.
/// A file over 16 MiB is ONSHI_STATUS_TOO_LARGE (checked before the bytes are touched).
///
/// # Safety
/// `rules` from this library; `file` readable for `file_len` bytes; `at` NULL or NUL-terminated;
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_oqs_decide(
    rules: *const OnshiRules,
    file: *const u8,
    file_len: usize,
    at: *const c_char,
    document: u32,
    out: *mut *mut OnshiDecision,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees; the length is checked before the slice is made.
        let (rules, file) = unsafe {
            (
                handle(rules, "rules")?,
                bytes(file, file_len, "file", crate::MAX_OQS_FILE)?,
            )
        };
        let at = if at.is_null() {
            None
        } else {
            // SAFETY: non-NULL, NUL-terminated per the contract.
            let at = unsafe { text(at, "at", 64)? };
            Some(onshi::calendar::VisitTime::parse_field(at, "at").map_err(refused)?)
        };
        let document = argument::<OnshiQueriedDocument>(document, "document")?.into();
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let result = onshi_oqs::QualificationResult::parse(file).map_err(refused)?;
        let visit = result.visit(at, document).map_err(refused)?;
        let decision = onshi::decide(&rules.rules, &visit).map_err(refused)?;
        put_decision(out, decision)
    })
}

/// Frees a decision (NULL is a no-op).
///
/// # Safety
/// `decision` is NULL or came from this library and is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_free(decision: *mut OnshiDecision) {
    if !decision.is_null() {
        // SAFETY: created by Box::into_raw in this crate; freed once per the contract.
        drop(unsafe { Box::from_raw(decision) });
    }
}

/// Reads a field of a decision, or gives `fallback` for NULL.
///
/// # Safety
/// `d` is NULL or a live decision from this library.
unsafe fn read<T>(d: *const OnshiDecision, fallback: T, f: impl FnOnce(&OnshiDecision) -> T) -> T {
    // SAFETY: forwarded caller guarantee.
    match unsafe { d.as_ref() } {
        Some(d) => guarded(fallback, || f(d)),
        None => fallback,
    }
}

/// Whether the visit is covered; ONSHI_COVERAGE_UNKNOWN for NULL.
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_coverage(decision: *const OnshiDecision) -> OnshiCoverage {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, OnshiCoverage::Unknown, |d| {
            d.decision.coverage.into()
        })
    }
}

/// The route; ONSHI_ROUTE_NONE for NULL.
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_route(decision: *const OnshiDecision) -> OnshiRoute {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, OnshiRoute::None, |d| d.decision.route.into()) }
}

/// Why online confirmation failed; ONSHI_FAILURE_CLASS_NONE when it did not (or for NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_failure(
    decision: *const OnshiDecision,
) -> OnshiFailureClass {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, OnshiFailureClass::None, |d| {
            d.decision
                .failure
                .map_or(OnshiFailureClass::None, Into::into)
        })
    }
}

/// Where the 限度額適用区分 comes from; ONSHI_CEILING_BASIS_NONE when no 区分 is known (or for
/// NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_ceiling_basis(
    decision: *const OnshiDecision,
) -> OnshiCeilingBasis {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, OnshiCeilingBasis::None, |d| {
            d.decision
                .ceiling
                .as_ref()
                .map_or(OnshiCeilingBasis::None, Into::into)
        })
    }
}

/// The 高額療養費 monthly limit (yen) of the decision's 区分 in the visit's month, or 0 when the
/// table gives none (or for NULL); onshi_decision_to_json has its formula and caps.
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_ceiling_limit(decision: *const OnshiDecision) -> u64 {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, 0, |d| {
            d.decision.ceiling_limit.as_ref().map_or(0, |a| a.limit)
        })
    }
}

/// The copay percent (10, 20, 30), or 0 when not known (or for NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_copay_percent(decision: *const OnshiDecision) -> u8 {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, 0, |d| d.decision.copay.percent.unwrap_or(0)) }
}

/// Where the copay ratio comes from; ONSHI_COPAY_BASIS_UNKNOWN for NULL.
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_copay_basis(
    decision: *const OnshiDecision,
) -> OnshiCopayBasis {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, OnshiCopayBasis::Unknown, |d| {
            d.decision.copay.basis.into()
        })
    }
}

/// The 高額療養費 ceiling category (限度額適用区分, e.g. "エ"), or NULL when not known.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_ceiling_category(
    decision: *const OnshiDecision,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        read(decision, std::ptr::null(), |d| {
            d.ceiling.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
        })
    }
}

/// How many alerts the decision has (0 for NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_alert_count(decision: *const OnshiDecision) -> usize {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, 0, |d| d.alerts.len()) }
}

/// The kind of alert `index` ("certificate_in_grace", "pin_last_try", …; the alert's dates are in
/// the JSON form), or NULL when out of range.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_alert(
    decision: *const OnshiDecision,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, std::ptr::null(), |d| item(&d.alerts, index)) }
}

/// How many actions staff must take, in order (0 for NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_action_count(decision: *const OnshiDecision) -> usize {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, 0, |d| d.actions.len()) }
}

/// The kind of action `index` ("confirm_identity", "query_online", …), or NULL when out of range.
/// Steps come before guidance.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_action(
    decision: *const OnshiDecision,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, std::ptr::null(), |d| item(&d.actions, index)) }
}

/// How many rule ids the decision rests on (0 for NULL).
///
/// # Safety
/// `decision` is NULL or a live decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_rule_count(decision: *const OnshiDecision) -> usize {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, 0, |d| d.rules.len()) }
}

/// Rule id `index` (as in the rule table), or NULL when out of range.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_rule(
    decision: *const OnshiDecision,
    index: usize,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, std::ptr::null(), |d| item(&d.rules, index)) }
}

/// The message for staff in `lang` (ONSHI_LANG_JA / ONSHI_LANG_EN), or NULL for an unknown
/// language or a NULL decision.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_staff_message(
    decision: *const OnshiDecision,
    lang: u32,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, std::ptr::null(), |d| message(&d.staff, lang)) }
}

/// The message for the patient in `lang`, or NULL for an unknown language or a NULL decision.
///
/// # Safety
/// `decision` is NULL or a live decision; the string lives as long as the decision.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_patient_message(
    decision: *const OnshiDecision,
    lang: u32,
) -> *const c_char {
    // SAFETY: forwarded caller guarantee.
    unsafe { read(decision, std::ptr::null(), |d| message(&d.patient, lang)) }
}

/// The whole decision as JSON (dates, alert details, ceiling amounts); free with onshi_string_free.
///
/// # Safety
/// `decision` a live decision; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decision_to_json(
    decision: *const OnshiDecision,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let (d, out) = unsafe {
            (
                handle(decision, "decision")?,
                Out::new(out_json, "out_json")?,
            )
        };
        out.json(&d.decision)
    })
}

fn item(list: &[CString], index: usize) -> *const c_char {
    list.get(index).map_or(std::ptr::null(), |s| s.as_ptr())
}

/// The text of `both` ([ja, en]) in the language `value`, or NULL for an undefined language.
pub(crate) fn message(both: &[CString; 2], value: u32) -> *const c_char {
    match OnshiLang::try_from(value) {
        Ok(OnshiLang::Ja) => both[0].as_ptr(),
        Ok(OnshiLang::En) => both[1].as_ptr(),
        Err(_) => std::ptr::null(),
    }
}
