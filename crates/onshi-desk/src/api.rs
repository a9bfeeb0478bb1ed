//! The JSON API (`/v1/…`, described in `openapi.json`) and the page's files. Every answer is the
//! core's: these handlers read the request, call `onshi`, and write JSON.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use onshi::numbers::NumberKind;
use onshi::reception::{ReceptionScript, RequestRefusal, ScriptAnswer, Shown, error_text};
use onshi::{DescribedError, Text, Visit, Vocabulary};
use onshi_oqs::{QualificationResult, QueriedDocument};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::{Desk, OPENAPI};

/// An answer the API refuses: the status, and the error as JSON
/// (`{"error": {"kind", "field", "message": {"ja", "en"}}}`).
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    kind: &'static str,
    field: Option<String>,
    message: Text,
}

impl ApiError {
    /// A refusal with its own words.
    pub(crate) fn new(
        status: StatusCode,
        kind: &'static str,
        field: Option<&str>,
        message: Text,
    ) -> Self {
        ApiError {
            status,
            kind,
            field: field.map(str::to_owned),
            message,
        }
    }

    /// Bad input, as the core describes it: its kind, field and summary, and its detail.
    fn input(e: &dyn DescribedError) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: onshi::Vocabulary::slug(e.kind()),
            field: e.field().map(str::to_owned),
            message: error_text(e),
        }
    }

    /// A request body that is not the JSON the endpoint takes.
    fn body(field: &str, detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            Some(field),
            RequestRefusal::InvalidInput.with_detail(&detail),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = Text::new(
            onshi::screen::redact(&self.message.ja).into_owned(),
            onshi::screen::redact(&self.message.en).into_owned(),
        );
        let field = self.field.map(|f| onshi::screen::redact(&f).into_owned());
        let body = json!({"error": {"kind": self.kind, "field": field, "message": message}});
        json_response(self.status, &body)
    }
}

type Answer = Result<Response, ApiError>;

/// Every JSON the desk answers is written here, its strings neutralised ([`onshi::screen::to_json`]): a
/// control or bidi character from a file or an input never reaches the page as itself.
fn json_response(status: StatusCode, value: &impl Serialize) -> Response {
    match onshi::screen::to_json(value, false) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn ok(value: impl Serialize) -> Answer {
    Ok(json_response(StatusCode::OK, &value))
}

/// The body as UTF-8 JSON text, after checking that the client said it is JSON (a form another
/// site posts cannot say so without the browser asking first).
fn json_body<'a>(headers: &HeaderMap, body: &'a Bytes) -> Result<&'a str, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type",
            Some("Content-Type"),
            RequestRefusal::NotJson.words(),
        ));
    }
    std::str::from_utf8(body).map_err(|_| ApiError::body("body", "the body is not UTF-8"))
}

/// A decision with its sentences: what `/v1/decide` and `/v1/oqs/decide` answer.
fn decision_answer(decision: &onshi::Decision) -> Answer {
    ok(json!({"decision": decision, "shown": Shown::of(decision)}))
}

/// `GET /` and the page's files, embedded in the binary.
pub(crate) async fn page() -> Response {
    page_file(
        "text/html; charset=utf-8",
        include_str!("../page/index.html"),
    )
}

pub(crate) async fn script() -> Response {
    page_file(
        "text/javascript; charset=utf-8",
        include_str!("../page/app.js"),
    )
}

pub(crate) async fn style() -> Response {
    page_file("text/css; charset=utf-8", include_str!("../page/style.css"))
}

pub(crate) async fn icon() -> Response {
    page_file("image/svg+xml", include_str!("../page/favicon.svg"))
}

pub(crate) async fn openapi() -> Response {
    page_file("application/json", OPENAPI)
}

fn page_file(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// `GET /v1/status`: what this desk runs on, and the core's screen labels (`copay`, `cause`, …)
/// so a page words its headings as the `onshi` command does.
pub(crate) async fn status(State(desk): State<Arc<Desk>>) -> Answer {
    let labels: serde_json::Map<String, Value> = onshi::text::Label::ALL
        .iter()
        .map(|l| (l.slug().to_owned(), json!(l.words())))
        .collect();
    ok(json!({
        "version": onshi::VERSION,
        "epoch": desk.journal.epoch,
        "details": desk.details,
        "rules": {"version": desk.rules.version(), "reviewed": desk.rules.reviewed()},
        "exchange": desk.watching.is_some(),
        "labels": labels,
    }))
}

/// `POST /v1/decide`: a visit as JSON.
pub(crate) async fn decide(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let visit = Visit::from_json(json_body(&headers, &body)?).map_err(|e| ApiError::input(&e))?;
    let decision = onshi::decide(&desk.rules, &visit).map_err(|e| ApiError::input(&e))?;
    decision_answer(&decision)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OqsQuery {
    document: Option<String>,
    at: Option<String>,
}

/// `POST /v1/oqs/decide`: an オンライン資格確認 result file's bytes (UTF-8 or Shift_JIS).
pub(crate) async fn oqs_decide(
    State(desk): State<Arc<Desk>>,
    query: Result<Query<OqsQuery>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Answer {
    let Query(query) = query.map_err(|e| ApiError::body("query", e.body_text()))?;
    let document = match query.document.as_deref() {
        None | Some("legacy_card") => QueriedDocument::LegacyCard,
        Some("notice") => QueriedDocument::Notice,
        Some(_) => {
            return Err(ApiError::body(
                "document",
                "document is legacy_card or notice (what was queried by number)",
            ));
        }
    };
    let at = query
        .at
        .as_deref()
        .map(|at| onshi::calendar::VisitTime::parse_field(at, "at"))
        .transpose()
        .map_err(|e| ApiError::input(&e))?;
    let result = QualificationResult::parse(&body).map_err(|e| ApiError::input(&e))?;
    let visit = result
        .visit(at, document)
        .map_err(|e| ApiError::input(&e))?;
    let decision = onshi::decide(&desk.rules, &visit).map_err(|e| ApiError::input(&e))?;
    decision_answer(&decision)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OnQuery {
    on: Option<String>,
}

/// The `on` date of a query, when given.
fn date_of(
    query: Result<Query<OnQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<chrono::NaiveDate>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::body("query", e.body_text()))?;
    query
        .on
        .map(|on| onshi::calendar::parse_date_field(&on, "on").map_err(|e| ApiError::input(&e)))
        .transpose()
}

/// `GET /v1/rules?on=DATE`: the rule table's rows in effect on the date (all rows without it).
pub(crate) async fn rules(
    State(desk): State<Arc<Desk>>,
    query: Result<Query<OnQuery>, axum::extract::rejection::QueryRejection>,
) -> Answer {
    let on = date_of(query)?;
    let rows: Vec<&onshi::policy::Rule> = desk
        .rules
        .rules()
        .iter()
        .filter(|r| on.is_none_or(|d| r.applies_on(d)))
        .collect();
    ok(json!({"version": desk.rules.version(), "reviewed": desk.rules.reviewed(), "rules": rows}))
}

/// `GET /v1/rules/audit?on=DATE`: gaps, rows ending soon, planned and reported rows.
pub(crate) async fn audit(
    State(desk): State<Arc<Desk>>,
    query: Result<Query<OnQuery>, axum::extract::rejection::QueryRejection>,
) -> Answer {
    let on = date_of(query)?
        .ok_or_else(|| ApiError::body("on", "give the date to audit for: ?on=YYYY-MM-DD"))?;
    let audit = desk.rules.audit(on);
    let mut value = json!(audit);
    value["has_gap"] = Value::Bool(audit.has_gap());
    ok(value)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberRequest {
    kind: NumberKind,
    value: String,
}

/// `POST /v1/numbers/verify`: `{"kind": "insurer", "value": "06130017"}`. A number that fails its
/// check is an answer (`valid: false` and why), not a refused request.
pub(crate) async fn verify_number(headers: HeaderMap, body: Bytes) -> Answer {
    let request: NumberRequest = parse(json_body(&headers, &body)?)?;
    match onshi::numbers::verify_number(request.kind, &request.value) {
        Ok(info) => ok(json!({"valid": true, "info": info})),
        Err(e) => ok(json!({"valid": false, "error": {
            "kind": e.kind(),
            "field": "value",
            "message": error_text(&e),
        }})),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptRequest {
    visit: Value,
    #[serde(default)]
    answers: Vec<Value>,
}

/// `POST /v1/script`: the 声掛け conversation, replayed from its answers so far (the server keeps
/// no conversation): where it stands, what to say, and the decision once there is one.
pub(crate) async fn script_step(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let request: ScriptRequest = parse(json_body(&headers, &body)?)?;
    let visit = Visit::from_json(&request.visit.to_string()).map_err(|e| ApiError::input(&e))?;
    let mut script = ReceptionScript::new(visit);
    for (i, answer) in request.answers.into_iter().enumerate() {
        let answer: ScriptAnswer = onshi::error::from_json(&answer.to_string()).map_err(|e| {
            ApiError::body(&format!("answers[{i}]"), onshi::DescribedError::message(&e))
        })?;
        script
            .answer(&desk.rules, answer)
            .map_err(|e| ApiError::input(&e))?;
    }
    let decision = script.decision();
    ok(json!({
        "step": script.step(),
        "prompt": script.prompt(),
        "transcript": script.transcript(),
        "decision": decision,
        "shown": decision.map(Shown::of),
    }))
}

/// A request body through the core's one JSON door ([`onshi::error::from_json`]): a byte order mark
/// dropped, a 個人番号 anywhere refused before conversion, the field named.
fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    onshi::error::from_json(text).map_err(|e| ApiError::input(&e))
}

/// `GET /v1/events`: server-sent events telling a page the newest result id (`results`, with
/// the desk's epoch): at once, then each time results are recorded. The page asks
/// `GET /v1/results?after=ID` for what it has not seen, so a burst of any size reaches it and a
/// reconnecting page catches up; a page that sees another epoch (the desk restarted) reloads the
/// day. At most [`MAX_SUBSCRIBERS`] streams at once: then 503.
pub(crate) async fn events(
    State(desk): State<Arc<Desk>>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let permit = Arc::clone(&desk.subscribers)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                None,
                RequestRefusal::TooManyPages.words(),
            )
        })?;
    let latest = desk.journal.subscribe();
    let receiving = desk.journal.subscribe_receiving();
    let epoch = desk.journal.epoch.clone();
    let stream = stream::unfold(
        (latest, receiving, true, permit),
        move |(mut latest, mut receiving, first, permit)| {
            let epoch = epoch.clone();
            async move {
                if !first {
                    tokio::select! {
                        changed = latest.changed() => changed.ok()?,
                        changed = receiving.changed() => changed.ok()?,
                    }
                }
                let last = *latest.borrow_and_update();
                let files = receiving.borrow_and_update().clone();
                Some((
                    Ok(notice(&epoch, last, &files)),
                    (latest, receiving, false, permit),
                ))
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// How many event streams may be open at once (each page holds one).
pub(crate) const MAX_SUBSCRIBERS: usize = 32;

fn notice(epoch: &str, last: u64, receiving: &[String]) -> SseEvent {
    let data = onshi::screen::to_json(
        &json!({"epoch": epoch, "last": last, "receiving": receiving}),
        false,
    )
    .unwrap_or_else(|_| "{}".to_owned());
    SseEvent::default()
        .event("results")
        .id(last.to_string())
        .data(data)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResultsQuery {
    after: Option<u64>,
    date: Option<String>,
}

/// How many results one answer to `?after=` holds at most (the page asks again for more).
const PAGE: usize = 200;

/// One journal entry as the API shows it: its place (id, file, time, done) and the outcome. A
/// shared screen (the default) gets neither the record's details nor the 限度額区分 (an income
/// band); the clerk's screen (`--show-details`) gets both.
fn entry_json(entry: &crate::journal::Entry, details: bool) -> Value {
    let mut value = json!({
        "id": entry.id,
        "file": entry.file,
        "folder": entry.folder,
        "received": entry.received,
        "done": entry.done,
    });
    if let (Some(map), Some(shown)) = (value.as_object_mut(), entry.shown.as_object()) {
        for (k, v) in shown {
            map.insert(k.clone(), v.clone());
        }
        if !details {
            map.remove("details");
            if let Some(decision) = map.get_mut("decision").and_then(Value::as_object_mut) {
                decision.remove("ceiling");
            }
            if let Some(shown) = map.get_mut("shown").and_then(Value::as_object_mut) {
                shown.remove("ceiling");
            }
        }
    }
    value
}

/// `GET /v1/results?after=ID`: today's results after an id (at most 200; `more` says to ask
/// again); `GET /v1/results?date=YYYY-MM-DD`: every result of a day, across restarts.
pub(crate) async fn results(
    State(desk): State<Arc<Desk>>,
    query: Result<Query<ResultsQuery>, axum::extract::rejection::QueryRejection>,
) -> Answer {
    let Query(query) = query.map_err(|e| ApiError::body("query", e.body_text()))?;
    let epoch = desk.journal.epoch.clone();
    if let Some(date) = &query.date {
        let date =
            onshi::calendar::parse_date_field(date, "date").map_err(|e| ApiError::input(&e))?;
        let entries = desk.journal.day(date).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "journal",
                None,
                RequestRefusal::JournalUnreadable.with_detail(&e),
            )
        })?;
        let list: Vec<Value> = entries
            .iter()
            .map(|e| entry_json(e, desk.details))
            .collect();
        return ok(json!({"epoch": epoch, "date": date, "results": list}));
    }
    let since = desk.journal.since(query.after.unwrap_or(0), PAGE);
    let list: Vec<Value> = since
        .entries
        .iter()
        .map(|e| entry_json(e, desk.details))
        .collect();
    ok(json!({"epoch": epoch, "last": since.last, "more": since.more, "results": list}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoneRequest {
    done: bool,
}

/// `POST /v1/results/{id}/done` `{"done": true}`: marks one of today's results dealt with (kept
/// in the journal), or not.
pub(crate) async fn mark_done(
    State(desk): State<Arc<Desk>>,
    id: Result<axum::extract::Path<u64>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let axum::extract::Path(id) = id.map_err(|e| ApiError::body("id", e.body_text()))?;
    let request: DoneRequest = parse(json_body(&headers, &body)?)?;
    match desk.journal.mark(id, request.done) {
        Ok(Some(entry)) => ok(entry_json(&entry, desk.details)),
        Ok(None) => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Some("id"),
            RequestRefusal::NoSuchResult.words(),
        )),
        Err(e) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "journal",
            None,
            RequestRefusal::JournalUnwritable.with_detail(&e),
        )),
    }
}

/// Any other path.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        RequestRefusal::NoSuchPath.words(),
    )
}
