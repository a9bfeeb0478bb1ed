//! What every request passes before it reaches a handler, and what every answer carries.
//!
//! - **Host**: only the names this desk answers to (`127.0.0.1:PORT`, `localhost:PORT`,
//!   `[::1]:PORT`, the listen address, and `--allow-host` names), so a site that points its own
//!   name at 127.0.0.1 (DNS rebinding) is refused.
//! - **Origin**: a browser request from another origin is refused, so a web page open in the
//!   clerk's browser cannot drive the API; requests without an Origin (curl, other programs) pass.
//! - **Token**, when the desk has one (required off loopback): `Authorization: Bearer TOKEN`, or the
//!   cookie the page gets by opening `/?token=TOKEN` once.
//! - **Headers**: a strict Content-Security-Policy (the page's own files only), no caching, no
//!   referrer, no framing.
//! - **Log**: method, path, status and time only: no query, no body, no header values.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use onshi::Text;

use crate::Desk;
use crate::api::ApiError;

/// The cookie the page carries the token in.
const COOKIE: &str = "onshi_desk_token";

/// Who may call the desk.
#[derive(Debug)]
pub(crate) struct Guard {
    /// `host:port` values the Host header may take, lower case.
    pub(crate) hosts: Vec<String>,
    pub(crate) token: Option<String>,
    pub(crate) log: bool,
}

/// The middleware: refuses what the rules above refuse, adds the headers, logs the line.
pub(crate) async fn check(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let mut response = match admit(&desk.guard, &request) {
        Ok(None) => as_json(next.run(request).await),
        Ok(Some(early)) => early,
        Err(refusal) => refusal.into_response(),
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if desk.guard.log {
        eprintln!(
            "{method} {path} {} {:.1} ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// The router's own refusals (a body over the limit, a method the path does not take) in the API's
/// error shape, like every other refusal.
fn as_json(response: Response) -> Response {
    let (kind, field, message) = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "too_large",
            Some("body"),
            Text::new(
                "本文が大きすぎます（JSON は 1 MiB、結果ファイルは 16 MiB まで）",
                "the body is too large (1 MiB of JSON, 16 MiB for a result file)",
            ),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            None,
            Text::new(
                "このパスはこのメソッドを受け付けません",
                "this path does not take this method",
            ),
        ),
        _ => return response,
    };
    let mut refusal = ApiError::new(response.status(), kind, field, message).into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        refusal.headers_mut().insert(header::ALLOW, allow.clone());
    }
    refusal
}

/// `Ok(None)` to go on to the handler, `Ok(Some(response))` to answer here (the token link's
/// redirect), `Err` to refuse.
fn admit(guard: &Guard, request: &Request) -> Result<Option<Response>, ApiError> {
    let header =
        |name: header::HeaderName| request.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header(header::HOST).unwrap_or("").to_ascii_lowercase();
    if !guard.hosts.contains(&host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "host_not_allowed",
            Some("Host"),
            Text::new(
                "このホスト名では受け付けません（--allow-host で追加できます）",
                "this host name is not served (add it with --allow-host)",
            ),
        ));
    }
    if let Some(origin) = header(header::ORIGIN)
        && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            Some("Origin"),
            Text::new(
                "ほかのサイトからの要求は受け付けません",
                "requests from another site are refused",
            ),
        ));
    }
    let Some(token) = guard.token.as_deref() else {
        return Ok(None);
    };
    let bearer = header(header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer "));
    let cookie = header(header::COOKIE).and_then(|cookies| {
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map(|(_, value)| value)
    });
    if bearer.or(cookie).is_some_and(|given| same(given, token)) {
        return Ok(None);
    }
    // Opening the page as /?token=TOKEN once sets the cookie, then drops the token from the address.
    let linked = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("token=")));
    if request.method() == Method::GET
        && request.uri().path() == "/"
        && linked.is_some_and(|given| same(given, token))
    {
        let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return Ok(Some(response));
    }
    Err(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "token_required",
        Some("Authorization"),
        Text::new(
            "トークンが必要です：Authorization: Bearer TOKEN、またはページを /?token=TOKEN で開いてください",
            "a token is required: send Authorization: Bearer TOKEN, or open the page as /?token=TOKEN",
        ),
    ))
}

/// Compares a given token with the desk's in time that does not depend on where they differ.
fn same(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
