//! The conformance-vector runner: language-neutral test cases in JSON, run the same way by every
//! binding. The format is documented in `tests/vectors/README.md`.
//!
//! A vector file is `{"suite": NAME, "cases": [{"id", "source", "input", "expect"}]}`. Suites:
//! `reception` (a visit → a decision), `registration` (channels, cancellation), `script` (the guided
//! conversation), `rules` (rule-table validation), `certificate` (certificate validity) and `card`
//! (APDU transcripts of the JPKI protocol) and `numbers` (check digits of insurance numbers).

#![allow(
    clippy::indexing_slicing,
    reason = "serde_json::Value indexed by key: a missing key reads as Null, assigning makes an object"
)]

use serde::{Deserialize, Serialize};
use serde_json::Value;

use onshi::RuleSet;
use onshi::Visit;
use onshi::decide;
use onshi::error::InputError;
use onshi::reception::{ReceptionScript, ScriptAnswer, ScriptStep};
use onshi::registration::{
    RegistrationChannel, RegistrationEvent, can_register, cancellation_effective, registration_on,
};

/// A vector file.
///
/// # Example
/// ```
/// let file: onshi_vectors::VectorFile = serde_json::from_str(
///     r#"{"suite": "rules", "cases": [{"id": "c", "source": "s", "input": {}, "expect": {}}]}"#).unwrap();
/// assert_eq!(file.cases[0].id, "c");
/// assert!(serde_json::from_str::<onshi_vectors::VectorFile>(r#"{"suite": "rules"}"#).is_err());
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// The suite: `reception`, `registration`, `script` or `rules`.
    pub suite: String,
    /// What the file covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The cases.
    pub cases: Vec<VectorCase>,
}

/// One case.
///
/// # Example
/// ```
/// let case: onshi_vectors::VectorCase = serde_json::from_str(
///     r#"{"id": "c", "source": "004_b85a80dacb8bbe22.txt:746", "input": {}, "expect": {}}"#).unwrap();
/// assert!(case.source.starts_with("004"));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorCase {
    /// Unique within the file.
    pub id: String,
    /// Where the expected behaviour is stated (`004_b85a80dacb8bbe22.txt:746`).
    pub source: String,
    /// A remark for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Suite-specific input.
    pub input: Value,
    /// Suite-specific expectation.
    pub expect: Value,
}

/// The result of one case.
///
/// # Example
/// ```
/// use onshi::RuleSet;
/// use onshi_vectors::run_vectors;
/// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "reception", "cases": [
///   {"id": "c", "source": "s", "input": {"at": "2025-12-01"}, "expect": {"coverage": "covered"}}]}"#).unwrap();
/// assert!(report.cases[0].problems[0].contains("coverage"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// Every mismatch found; empty when the case passed.
    pub problems: Vec<String>,
}

impl CaseResult {
    /// Whether the case passed.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// use onshi_vectors::run_vectors;
    /// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "reception", "cases": [
    ///   {"id": "c", "source": "s", "input": {"at": "2025-12-01"}, "expect": {"coverage": "not_covered"}}]}"#).unwrap();
    /// assert!(report.cases[0].passed());
    /// ```
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The results of a file.
///
/// # Example
/// ```
/// use onshi::RuleSet;
/// use onshi_vectors::run_vectors;
/// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "rules", "cases": []}"#).unwrap();
/// assert_eq!(report.suite, "rules");
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct VectorReport {
    /// The suite.
    pub suite: String,
    /// Per case.
    pub cases: Vec<CaseResult>,
}

impl VectorReport {
    /// Cases that passed.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// use onshi_vectors::run_vectors;
    /// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "rules", "cases": [
    ///   {"id": "ok", "source": "s", "input": {"version": "v", "extends": "builtin", "rules": []}, "expect": {"valid": true}}]}"#).unwrap();
    /// assert_eq!(report.passed(), 1);
    /// ```
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    /// Cases that failed.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// use onshi_vectors::run_vectors;
    /// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "rules", "cases": [
    ///   {"id": "bad", "source": "s", "input": {"version": "v", "rules": []}, "expect": {"valid": true}}]}"#).unwrap();
    /// assert_eq!(report.failed(), 1);
    /// ```
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }

    /// One line per failed case: `id: problem; problem`.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// use onshi_vectors::run_vectors;
    /// let report = run_vectors(&RuleSet::builtin(), r#"{"suite": "rules", "cases": [
    ///   {"id": "bad", "source": "s", "input": {"version": "v", "rules": []}, "expect": {"valid": true}}]}"#).unwrap();
    /// assert!(report.failures()[0].starts_with("bad: "));
    /// ```
    pub fn failures(&self) -> Vec<String> {
        self.cases
            .iter()
            .filter(|c| !c.passed())
            .map(|c| format!("{}: {}", c.id, c.problems.join("; ")))
            .collect()
    }
}

/// Runs a vector file against `rules`.
///
/// # Errors
/// [`InputError::Invalid`] when the file is not a vector file (the field is named), names an unknown
/// suite, or repeats a case id. A case whose input is refused is a failed case, not an error (unless
/// the case expects that refusal).
///
/// # Example
/// ```
/// use onshi::RuleSet;
/// use onshi_vectors::run_vectors;
/// let file = r#"{"suite": "reception", "cases": [{"id": "c1", "source": "001_86d564a6a8f45e49.txt:416",
///   "input": {"at": "2026-01-15", "presented": {"notice": {}}, "facility": {"online": "not_installed"}},
///   "expect": {"coverage": "not_covered", "alerts": ["notice_not_alone"]}}]}"#;
/// let report = run_vectors(&RuleSet::builtin(), file)?;
/// assert_eq!((report.passed(), report.failed()), (1, 0));
/// assert!(run_vectors(&RuleSet::builtin(), r#"{"suite": "nope", "cases": []}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_vectors(rules: &RuleSet, text: &str) -> Result<VectorReport, InputError> {
    let file: VectorFile = crate::read_file(text)?;
    let run: fn(&RuleSet, &Value, &Value) -> Vec<String> = match file.suite.as_str() {
        "reception" => run_reception,
        "registration" => run_registration,
        "script" => run_script,
        "rules" => run_rules,
        "certificate" => run_certificate,
        "card" => run_card,
        "numbers" => run_numbers,
        "ceilings" => run_ceilings,
        "facilities" => run_facilities,
        "audit" => run_audit,
        "reconcile" => crate::records::run_reconcile,
        "wareki" => crate::records::run_wareki,
        "names" => crate::records::run_names,
        other => {
            return Err(invalid_input(
                "suite",
                format!(
                    "unknown suite `{other}`; expected reception, registration, script, rules, certificate, card, numbers, ceilings, facilities, audit, reconcile, wareki or names"
                ),
            ));
        }
    };
    let mut seen = std::collections::BTreeSet::new();
    for c in &file.cases {
        if !seen.insert(c.id.as_str()) {
            return Err(invalid_input(
                "cases",
                format!("case id `{}` appears twice", c.id),
            ));
        }
        if c.source.trim().is_empty() {
            return Err(invalid_input(
                format!("cases.{}.source", c.id),
                "every case cites its source",
            ));
        }
    }
    let cases = file
        .cases
        .iter()
        .map(|c| CaseResult {
            id: c.id.clone(),
            problems: run(rules, &c.input, &c.expect),
        })
        .collect();
    Ok(VectorReport {
        suite: file.suite,
        cases,
    })
}

/// Rules for one case: the given set, or a table in `input.rules` (an overlay or complete), or the
/// built-in table less the rows named in `input.drop_rows` (`[{"id", "from"}]`: what a table that
/// was never updated looks like); planned rows applied when `input.planned` is true.
fn case_rules(rules: &RuleSet, input: &Value) -> Result<RuleSet, String> {
    let set = match (input.get("rules"), input.get("drop_rows")) {
        (None, None) => rules.clone(),
        (Some(table), None) => RuleSet::from_json(&table.to_string()).map_err(|e| e.to_string())?,
        (None, Some(drop)) => {
            let mut table: Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON)
                .map_err(|e| e.to_string())?;
            let drop = drop.as_array().ok_or("drop_rows must be a list")?;
            let rows = table
                .get_mut("rules")
                .and_then(Value::as_array_mut)
                .ok_or("the built-in table has no rows")?;
            let before = rows.len();
            rows.retain(|r| {
                !drop
                    .iter()
                    .any(|d| d.get("id") == r.get("id") && d.get("from") == r.get("from"))
            });
            if rows.len() + drop.len() != before {
                return Err("drop_rows names a row the built-in table does not have".to_owned());
            }
            RuleSet::from_json(&table.to_string()).map_err(|e| e.to_string())?
        }
        (Some(_), Some(_)) => return Err("give rules or drop_rows, not both".to_owned()),
    };
    Ok(match input.get("planned") {
        Some(Value::Bool(true)) => set.with_planned_rows(onshi::policy::PlannedRows::Apply),
        Some(Value::Bool(false)) | None => set,
        Some(other) => return Err(format!("planned must be true or false, not {other}")),
    })
}

/// The case input without the keys [`case_rules`] reads.
fn without_rule_keys(input: &Value) -> Value {
    let mut v = input.clone();
    if let Some(o) = v.as_object_mut() {
        for key in ["rules", "drop_rows", "planned"] {
            o.remove(key);
        }
    }
    v
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn check_eq(problems: &mut Vec<String>, what: &str, expected: &Value, actual: &Value) {
    if expected != actual {
        problems.push(format!("{what}: expected {expected}, got {actual}"));
    }
}

const RECEPTION_EXPECT: &[&str] = &[
    "coverage",
    "route",
    "failure",
    "alerts",
    "actions",
    "actions_exclude",
    "first_action",
    "identity_methods",
    "rules",
    "rules_exclude",
    "staff_message_contains",
    "not_used",
    "copay_percent",
    "copay_basis",
    "ceiling",
    "ceiling_limit",
    "dates",
    "error",
];

pub(crate) fn unknown_keys(expect: &Value, known: &[&str]) -> Vec<String> {
    expect
        .as_object()
        .map(|o| {
            o.keys()
                .filter(|k| !known.contains(&k.as_str()))
                .map(|k| format!("unknown expect key `{k}`"))
                .collect()
        })
        .unwrap_or_else(|| vec!["expect must be an object".to_owned()])
}

fn run_reception(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, RECEPTION_EXPECT);
    let rules = match case_rules(rules, input) {
        Ok(r) => r,
        Err(e) => return vec![format!("input.rules: {e}")],
    };
    let visit_json = without_rule_keys(input);
    let result = Visit::from_json(&visit_json.to_string()).and_then(|v| decide(&rules, &v));
    let decision = match (result, expect.get("error")) {
        (Err(e), Some(kind)) => {
            check_eq(
                &mut problems,
                "error",
                kind,
                &Value::from(onshi::Vocabulary::slug(e.kind())),
            );
            return problems;
        }
        (Err(e), None) => {
            problems.push(format!("refused: {e}"));
            return problems;
        }
        (Ok(_), Some(kind)) => {
            problems.push(format!("expected error {kind}, got a decision"));
            return problems;
        }
        (Ok(d), None) => d,
    };
    let actual = serde_json::to_value(&decision).unwrap_or(Value::Null);
    for key in ["coverage", "route"] {
        if let Some(e) = expect.get(key) {
            check_eq(&mut problems, key, e, &actual[key]);
        }
    }
    if let Some(e) = expect.get("failure") {
        check_eq(&mut problems, "failure", e, &actual["failure"]);
    }
    if let Some(e) = expect.get("alerts") {
        let mut want = str_list(e);
        want.sort();
        let mut got: Vec<String> = decision
            .alerts
            .iter()
            .map(|a| a.kind().to_owned())
            .collect();
        got.sort();
        if want != got {
            problems.push(format!("alerts: expected {want:?}, got {got:?}"));
        }
    }
    let got_actions: Vec<&str> = decision.actions.iter().map(|a| a.kind()).collect();
    if let Some(e) = expect.get("actions") {
        for a in str_list(e) {
            if !got_actions.contains(&a.as_str()) {
                problems.push(format!("actions: missing `{a}` (got {got_actions:?})"));
            }
        }
    }
    if let Some(e) = expect.get("actions_exclude") {
        for a in str_list(e) {
            if got_actions.contains(&a.as_str()) {
                problems.push(format!("actions: `{a}` must not be there"));
            }
        }
    }
    if let Some(e) = expect.get("first_action") {
        check_eq(
            &mut problems,
            "first_action",
            e,
            &got_actions.first().map_or(Value::Null, |a| Value::from(*a)),
        );
    }
    if let Some(e) = expect.get("identity_methods") {
        let got = decision.actions.iter().find_map(|a| match a {
            onshi::reception::Action::ConfirmIdentity { methods } => {
                serde_json::to_value(methods).ok()
            }
            _ => None,
        });
        check_eq(
            &mut problems,
            "identity_methods",
            e,
            &got.unwrap_or(Value::Null),
        );
    }
    if let Some(e) = expect.get("rules") {
        let got: Vec<&str> = decision.rules.iter().map(|r| r.as_str()).collect();
        for r in str_list(e) {
            if !got.contains(&r.as_str()) {
                problems.push(format!("rules: missing `{r}` (got {got:?})"));
            }
        }
    }
    if let Some(want) = expect
        .get("staff_message_contains")
        .and_then(Value::as_object)
    {
        for (lang, text) in want {
            let lang = match lang.as_str() {
                "ja" => onshi::Lang::Ja,
                "en" => onshi::Lang::En,
                other => {
                    problems.push(format!(
                        "staff_message_contains: unknown language `{other}`"
                    ));
                    continue;
                }
            };
            let got = decision.messages.staff.get(lang);
            if !text.as_str().is_some_and(|t| got.contains(t)) {
                problems.push(format!("staff message ({lang:?}) lacks {text}: {got}"));
            }
        }
    }
    if let Some(e) = expect.get("rules_exclude") {
        for r in str_list(e) {
            if decision.rules.iter().any(|id| id.as_str() == r) {
                problems.push(format!("rules: `{r}` should not be among them"));
            }
        }
    }
    if let Some(e) = expect.get("copay_percent") {
        check_eq(
            &mut problems,
            "copay_percent",
            e,
            &actual["copay"]["percent"],
        );
    }
    if let Some(e) = expect.get("copay_basis") {
        check_eq(&mut problems, "copay_basis", e, &actual["copay"]["basis"]);
    }
    if let Some(e) = expect.get("ceiling") {
        check_eq(&mut problems, "ceiling", e, &actual["ceiling"]);
    }
    if let Some(e) = expect.get("ceiling_limit") {
        let got = actual
            .get("ceiling_limit")
            .and_then(|c| c.get("limit"))
            .cloned()
            .unwrap_or(Value::Null);
        check_eq(&mut problems, "ceiling_limit", e, &got);
    }
    // Every presented document the route did not use, with its reason, and no other.
    if let Some(want) = expect.get("not_used") {
        let got: serde_json::Map<String, Value> = decision
            .alerts
            .iter()
            .filter_map(|a| match a {
                onshi::reception::Alert::DocumentNotUsed { document, reason } => Some((
                    serde_json::to_value(document).ok()?.as_str()?.to_owned(),
                    serde_json::to_value(reason).ok()?,
                )),
                _ => None,
            })
            .collect();
        check_eq(&mut problems, "not_used", want, &Value::Object(got));
    }
    if let Some(dates) = expect.get("dates").and_then(Value::as_object) {
        for (field, want) in dates {
            let found = actual["alerts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.get(field))
                .any(|v| v == want);
            if !found {
                problems.push(format!(
                    "dates: no alert has {field} = {want} (alerts: {})",
                    actual["alerts"]
                ));
            }
        }
    }
    if decision.rules.is_empty() {
        problems.push("decision lists no rule ids".to_owned());
    }
    problems
}

fn run_registration(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        #[serde(default)]
        channel: Option<RegistrationChannel>,
        #[serde(default)]
        date: Option<chrono::NaiveDate>,
        #[serde(default)]
        kind: onshi::reception::CardKind,
        #[serde(default)]
        pin: onshi::reception::PinState,
        #[serde(default)]
        cancellation_applied: Option<chrono::NaiveDate>,
        #[serde(default)]
        events: Vec<RegistrationEvent>,
    }
    let mut problems = unknown_keys(expect, &["allowed", "effective_until", "status"]);
    let input: Input = match serde_json::from_value(input.clone()) {
        Ok(i) => i,
        Err(e) => return vec![format!("input: {e}")],
    };
    if let (Some(channel), Some(date), Some(want)) =
        (input.channel, input.date, expect.get("allowed"))
    {
        let got = can_register(rules, date, channel, input.kind, input.pin).is_ok();
        check_eq(&mut problems, "allowed", want, &Value::from(got));
    }
    if let (Some(applied), Some(want)) = (input.cancellation_applied, expect.get("effective_until"))
    {
        let got = cancellation_effective(rules, applied).map(|d| d.to_string());
        check_eq(
            &mut problems,
            "effective_until",
            want,
            &serde_json::to_value(got).unwrap_or(Value::Null),
        );
    }
    if let (Some(date), Some(want)) = (input.date, expect.get("status")) {
        let got = registration_on(rules, &input.events, date);
        check_eq(
            &mut problems,
            "status",
            want,
            &serde_json::to_value(got).unwrap_or(Value::Null),
        );
    }
    problems
}

fn run_script(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, &["steps", "coverage", "route", "error_at"]);
    let (Some(visit), Some(answers)) = (input.get("visit"), input.get("answers")) else {
        return vec!["input needs `visit` and `answers`".to_owned()];
    };
    let visit = match Visit::from_json(&visit.to_string()) {
        Ok(v) => v,
        Err(e) => return vec![format!("input.visit: {e}")],
    };
    let answers: Vec<ScriptAnswer> = match serde_json::from_value(answers.clone()) {
        Ok(a) => a,
        Err(e) => return vec![format!("input.answers: {e}")],
    };
    let mut script = ReceptionScript::new(visit);
    let mut steps: Vec<ScriptStep> = vec![script.step()];
    let mut error_at: Option<usize> = None;
    for (i, a) in answers.into_iter().enumerate() {
        match script.answer(rules, a) {
            Ok(step) => steps.push(step),
            Err(_) => {
                error_at = Some(i);
                break;
            }
        }
    }
    if let Some(want) = expect.get("steps") {
        check_eq(
            &mut problems,
            "steps",
            want,
            &serde_json::to_value(&steps).unwrap_or(Value::Null),
        );
    }
    check_eq(
        &mut problems,
        "error_at",
        expect.get("error_at").unwrap_or(&Value::Null),
        &serde_json::to_value(error_at).unwrap_or(Value::Null),
    );
    let decision = script.decision().and_then(|d| serde_json::to_value(d).ok());
    for key in ["coverage", "route"] {
        if let Some(want) = expect.get(key) {
            let got = decision.as_ref().map_or(Value::Null, |d| d[key].clone());
            check_eq(&mut problems, key, want, &got);
        }
    }
    problems
}

fn run_certificate(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        not_before: chrono::DateTime<chrono::Utc>,
        not_after: chrono::DateTime<chrono::Utc>,
        at: onshi::calendar::VisitTime,
        #[serde(default)]
        revocation: onshi::certificate::Revocation,
        #[serde(default)]
        rules: Option<Value>,
    }
    let mut problems = unknown_keys(
        expect,
        &["status", "dates", "insurance_use", "other_functions"],
    );
    let rules = match case_rules(rules, input) {
        Ok(r) => r,
        Err(e) => return vec![format!("input.rules: {e}")],
    };
    let input: Input = match serde_json::from_value(input.clone()) {
        Ok(i) => i,
        Err(e) => return vec![format!("input: {e}")],
    };
    let _ = input.rules;
    let period = onshi::certificate::ValidityPeriod {
        not_before: input.not_before,
        not_after: input.not_after,
    };
    let status = period.status(&rules, input.at, input.revocation);
    let actual = serde_json::to_value(status).unwrap_or(Value::Null);
    if let Some(want) = expect.get("status") {
        check_eq(&mut problems, "status", want, &actual["status"]);
    }
    if let Some(dates) = expect.get("dates").and_then(Value::as_object) {
        for (field, want) in dates {
            check_eq(
                &mut problems,
                &format!("dates.{field}"),
                want,
                &actual[field],
            );
        }
    }
    if let Some(want) = expect.get("insurance_use") {
        check_eq(
            &mut problems,
            "insurance_use",
            want,
            &Value::from(status.insurance_use()),
        );
    }
    if let Some(want) = expect.get("other_functions") {
        check_eq(
            &mut problems,
            "other_functions",
            want,
            &Value::from(status.other_functions()),
        );
    }
    problems
}

/// One exchange of a transcript: the command expected and what the card (or link) answers.
type Exchange = (Vec<u8>, Result<Vec<u8>, onshi::card::TransportError>);

/// A transport that plays a transcript: each command must equal the next expected one.
struct Scripted {
    exchanges: Vec<Exchange>,
    next: usize,
    problems: Vec<String>,
}

impl onshi::card::Transport for Scripted {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, onshi::card::TransportError> {
        let Some((want, answer)) = self.exchanges.get(self.next) else {
            self.problems.push(format!(
                "sent {} after the transcript ended (a retry?)",
                hex_of(apdu.get(..4).unwrap_or(apdu))
            ));
            return Err(onshi::card::TransportError::Io {
                message: "transcript ended".to_owned(),
            });
        };
        self.next += 1;
        if want.as_slice() != apdu {
            self.problems.push(format!(
                "exchange {}: expected command {}, sent {}",
                self.next,
                hex_of(want),
                hex_of(apdu)
            ));
        }
        answer.clone()
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn bytes_of(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in `{text}`"));
    }
    digits
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("`{text}` is not hex"))
        })
        .collect()
}

fn run_card(_rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawExchange {
        command: String,
        #[serde(default)]
        response: Option<String>,
        #[serde(default)]
        transport_error: Option<onshi::card::TransportError>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        operation: String,
        #[serde(default)]
        pin: Option<String>,
        #[serde(default)]
        last_try: onshi::card::LastTry,
        exchanges: Vec<RawExchange>,
    }
    let mut problems = unknown_keys(expect, &["result", "error", "pin_state"]);
    let input: Input = match serde_json::from_value(input.clone()) {
        Ok(i) => i,
        Err(e) => return vec![format!("input: {e}")],
    };
    let mut exchanges = Vec::new();
    for (i, x) in input.exchanges.iter().enumerate() {
        let command = match bytes_of(&x.command) {
            Ok(c) => c,
            Err(e) => return vec![format!("exchanges[{i}].command: {e}")],
        };
        let answer = match (&x.response, &x.transport_error) {
            (Some(r), None) => match bytes_of(r) {
                Ok(b) => Ok(b),
                Err(e) => return vec![format!("exchanges[{i}].response: {e}")],
            },
            (None, Some(t)) => Err(t.clone()),
            _ => {
                return vec![format!(
                    "exchanges[{i}]: give either response or transport_error"
                )];
            }
        };
        exchanges.push((command, answer));
    }
    let mut card = onshi::card::JpkiCard::new(Scripted {
        exchanges,
        next: 0,
        problems: Vec::new(),
    });
    let result: Result<Value, onshi::card::CardError> = match input.operation.as_str() {
        "select" => card
            .select_jpki()
            .map(|()| serde_json::json!({"selected": true})),
        "token" => card
            .token()
            .map(|t| serde_json::to_value(t).unwrap_or(Value::Null)),
        "read_auth_certificate" => card
            .read_auth_certificate()
            .map(|d| serde_json::json!({"data": hex_of(&d)})),
        "read_auth_ca_certificate" => card
            .read_auth_ca_certificate()
            .map(|d| serde_json::json!({"data": hex_of(&d)})),
        "pin_counter" => card.pin_counter().map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
            v["pin_state"] = serde_json::to_value(c.pin_state()).unwrap_or(Value::Null);
            v
        }),
        "verify_pin" => onshi::card::Pin::new(input.pin.as_deref().unwrap_or(""))
            .and_then(|pin| card.verify_pin(&pin, input.last_try))
            .map(|o| {
                let mut v = serde_json::to_value(o).unwrap_or(Value::Null);
                v["pin_state"] = serde_json::to_value(o.pin_state()).unwrap_or(Value::Null);
                v
            }),
        other => return vec![format!("unknown operation `{other}`")],
    };
    let script = card.into_transport();
    problems.extend(script.problems);
    if script.next < script.exchanges.len() {
        problems.push(format!(
            "{} exchange(s) of the transcript were not sent",
            script.exchanges.len() - script.next
        ));
    }
    match (&result, expect.get("error")) {
        (Err(e), Some(kind)) => check_eq(
            &mut problems,
            "error",
            kind,
            &Value::from(onshi::Vocabulary::slug(e.kind())),
        ),
        (Err(e), None) => {
            problems.push(format!("error {}: {e}", onshi::Vocabulary::slug(e.kind())))
        }
        (Ok(v), Some(kind)) => problems.push(format!("expected error {kind}, got {v}")),
        (Ok(v), None) => {
            if let Some(want) = expect.get("result") {
                let mut got = v.clone();
                if let Some(o) = got.as_object_mut() {
                    o.remove("pin_state");
                }
                check_eq(&mut problems, "result", want, &got);
            }
            if let Some(want) = expect.get("pin_state") {
                check_eq(&mut problems, "pin_state", want, &v["pin_state"]);
            }
        }
    }
    problems
}

fn run_numbers(_rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(
        expect,
        &[
            "valid",
            "error",
            "normalized",
            "law",
            "law_name",
            "prefecture",
            "note_contains",
        ],
    );
    let kind = match input.get("kind").and_then(Value::as_str) {
        Some("insurer") => onshi::numbers::NumberKind::Insurer,
        Some("public_payer") => onshi::numbers::NumberKind::PublicPayer,
        Some("public_recipient") => onshi::numbers::NumberKind::PublicRecipient,
        Some("institution") => onshi::numbers::NumberKind::Institution,
        Some("branch") => onshi::numbers::NumberKind::Branch,
        other => {
            return vec![format!(
                "input.kind {other:?}: insurer, public_payer, public_recipient, institution or branch"
            )];
        }
    };
    let Some(value) = input.get("value").and_then(Value::as_str) else {
        return vec!["input.value must be a string".to_owned()];
    };
    match (
        onshi::numbers::verify_number(kind, value),
        expect.get("error"),
    ) {
        (Err(e), Some(want)) => check_eq(
            &mut problems,
            "error",
            want,
            &Value::from(onshi::Vocabulary::slug(e.kind())),
        ),
        (Err(e), None) => problems.push(format!("refused: {e}")),
        (Ok(info), Some(want)) => {
            problems.push(format!("expected error {want}, got {}", info.normalized))
        }
        (Ok(info), None) => {
            let actual = serde_json::to_value(&info).unwrap_or(Value::Null);
            if expect.get("valid") == Some(&Value::Bool(false)) {
                problems.push("expected invalid".to_owned());
            }
            for key in ["normalized", "law", "law_name", "prefecture"] {
                if let Some(want) = expect.get(key) {
                    check_eq(&mut problems, key, want, &actual[key]);
                }
            }
            if let Some(want) = expect.get("note_contains") {
                match want.as_str() {
                    Some(text) if info.notes.iter().any(|n| n.contains(text)) => {}
                    Some(text) => {
                        problems.push(format!("no note contains {text:?}: {:?}", info.notes))
                    }
                    None => problems.push("expect.note_contains must be a string".to_owned()),
                }
            }
        }
    }
    problems
}

fn run_ceilings(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(
        expect,
        &[
            "limit",
            "error",
            "rule",
            "annual_cap",
            "annual_cap_low_income",
            "outpatient_annual_cap",
        ],
    );
    let rules = match case_rules(rules, input) {
        Ok(r) => r,
        Err(e) => return vec![format!("input.rules: {e}")],
    };
    let query: onshi::benefits::CeilingQuery =
        match serde_json::from_value(without_rule_keys(input)) {
            Ok(q) => q,
            Err(e) => return vec![format!("input: {e}")],
        };
    match (
        onshi::benefits::monthly_ceiling(&rules, &query),
        expect.get("error"),
    ) {
        (Err(e), Some(want)) => check_eq(
            &mut problems,
            "error",
            want,
            &Value::from(onshi::Vocabulary::slug(e.kind())),
        ),
        (Err(e), None) => problems.push(format!("refused: {e}")),
        (Ok(a), Some(want)) => problems.push(format!("expected error {want}, got {}", a.limit)),
        (Ok(a), None) => {
            let got = serde_json::to_value(&a).unwrap_or(Value::Null);
            for key in [
                "limit",
                "rule",
                "annual_cap",
                "annual_cap_low_income",
                "outpatient_annual_cap",
            ] {
                if let Some(want) = expect.get(key) {
                    check_eq(
                        &mut problems,
                        key,
                        want,
                        got.get(key).unwrap_or(&Value::Null),
                    );
                }
            }
        }
    }
    problems
}

fn run_audit(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, &["gap", "findings", "findings_absent"]);
    let rules = match case_rules(rules, input) {
        Ok(r) => r,
        Err(e) => return vec![format!("input.rules: {e}")],
    };
    let on: chrono::NaiveDate = match input.get("on").map(|v| serde_json::from_value(v.clone())) {
        Some(Ok(d)) => d,
        Some(Err(e)) => return vec![format!("input.on: {e}")],
        None => return vec!["input.on: missing".to_owned()],
    };
    let audit = rules.audit(on);
    if let Some(want) = expect.get("gap") {
        check_eq(&mut problems, "gap", want, &Value::from(audit.has_gap()));
    }
    let found = serde_json::to_value(&audit.findings).unwrap_or(Value::Null);
    let found = found.as_array().map(Vec::as_slice).unwrap_or_default();
    // A finding matches when every field the expectation gives is equal.
    let matches = |want: &Value| {
        found.iter().any(|f| {
            want.as_object()
                .is_some_and(|w| w.iter().all(|(k, v)| f.get(k) == Some(v)))
        })
    };
    for want in expect
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !matches(want) {
            problems.push(format!(
                "findings: missing {want} (got {})",
                Value::from(found.to_vec())
            ));
        }
    }
    for want in expect
        .get("findings_absent")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if matches(want) {
            problems.push(format!("findings: unexpected {want}"));
        }
    }
    problems
}

/// The `date` and `facility` of a facilities case.
fn dated_facility<T: serde::de::DeserializeOwned>(
    input: &Value,
) -> Result<(chrono::NaiveDate, T), String> {
    let date = input
        .get("date")
        .and_then(Value::as_str)
        .and_then(|d| d.parse().ok());
    let (Some(date), Some(f)) = (date, input.get("facility")) else {
        return Err("input needs date and facility".to_owned());
    };
    serde_json::from_value(f.clone())
        .map(|facility| (date, facility))
        .map_err(|e| format!("input.facility: {e}"))
}

fn run_facilities(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(
        expect,
        &[
            "obligation",
            "eligible",
            "missing",
            "amount",
            "subsidy",
            "levels",
            "initial_points",
            "addition",
            "notices",
        ],
    );
    let date = || {
        input
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    };
    match input.get("check").and_then(Value::as_str) {
        Some("obligation") => {
            let (date, facility) =
                match dated_facility::<onshi::facility::PractitionerFacility>(input) {
                    Ok(v) => v,
                    Err(e) => return vec![e],
                };
            let got =
                serde_json::to_value(onshi::facility::online_obligation(rules, date, &facility))
                    .unwrap_or(Value::Null);
            if let Some(want) = expect.get("obligation") {
                check_eq(&mut problems, "obligation", want, &got["obligation"]);
            }
        }
        Some("cooperation") => {
            let report: onshi::facility::CooperationReport =
                match serde_json::from_value(input.get("report").cloned().unwrap_or(Value::Null)) {
                    Ok(r) => r,
                    Err(e) => return vec![format!("input.report: {e}")],
                };
            let got = serde_json::to_value(onshi::facility::cooperation_payment(rules, &report))
                .unwrap_or(Value::Null);
            for key in ["eligible", "missing", "amount"] {
                if let Some(want) = expect.get(key) {
                    check_eq(&mut problems, key, want, &got[key]);
                }
            }
        }
        Some("device_subsidy") => {
            let (Some(date), Some(cost)) = (date(), input.get("cost").and_then(Value::as_u64))
            else {
                return vec!["input needs date and cost".to_owned()];
            };
            if let Some(want) = expect.get("subsidy") {
                check_eq(
                    &mut problems,
                    "subsidy",
                    want,
                    &Value::from(onshi::facility::device_subsidy(rules, date, cost)),
                );
            }
        }
        Some("dx_addition") => {
            let (date, facility) = match dated_facility::<onshi::facility::MedicalFacility>(input) {
                Ok(v) => v,
                Err(e) => return vec![e],
            };
            let got = serde_json::to_value(onshi::facility::dx_addition(rules, date, &facility))
                .unwrap_or(Value::Null);
            if let Some(want) = expect.get("addition") {
                check_eq(
                    &mut problems,
                    "addition",
                    want,
                    &Value::from(!got.is_null()),
                );
            }
            for key in ["levels", "missing", "initial_points"] {
                if let Some(want) = expect.get(key) {
                    check_eq(
                        &mut problems,
                        key,
                        want,
                        got.get(key).unwrap_or(&Value::Null),
                    );
                }
            }
        }
        Some("notices") => {
            let Some(date) = date() else {
                return vec!["input needs date".to_owned()];
            };
            let got: Vec<Value> = onshi::facility::facility_notices(rules, date)
                .iter()
                .map(|r| Value::from(r.id.as_str()))
                .collect();
            if let Some(want) = expect.get("notices") {
                check_eq(&mut problems, "notices", want, &Value::from(got));
            }
        }
        other => {
            return vec![format!(
                "input.check {other:?}: obligation, cooperation, device_subsidy, dx_addition or notices"
            )];
        }
    }
    problems
}

fn run_rules(_rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, &["valid", "error"]);
    let got = RuleSet::from_json(&input.to_string());
    let want_valid = expect.get("valid").and_then(Value::as_bool).unwrap_or(true);
    match (&got, want_valid) {
        (Ok(_), true) => {}
        (Ok(_), false) => problems.push("expected the table to be refused".to_owned()),
        (Err(e), true) => problems.push(format!("refused: {e}")),
        (Err(e), false) => {
            if let Some(kind) = expect.get("error") {
                check_eq(
                    &mut problems,
                    "error",
                    kind,
                    &Value::from(onshi::Vocabulary::slug(e.kind())),
                );
            }
        }
    }
    problems
}

/// An input error for the vector file itself.
fn invalid_input(field: impl Into<String>, problem: impl Into<String>) -> InputError {
    InputError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}
