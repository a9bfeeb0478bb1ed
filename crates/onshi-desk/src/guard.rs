//! What every request passes before it reaches a handler, and what every answer carries.
//!
//! - **Host**: an IP address with the desk's port (an address cannot be rebound), `localhost`, or
//!   an `--allow-host` name; without the port only on the scheme's default port (80, 443). A site
//!   that points its own name at 127.0.0.1 (DNS rebinding) is refused.
//! - **Origin**: a browser request from another origin is refused, so a web page open in the
//!   clerk's browser cannot drive the API; requests without an Origin (curl, other programs) pass.
//! - **Token**, when the desk has one (required off loopback): `Authorization: Bearer TOKEN` (the
//!   scheme in any case), or the cookie the page gets by opening `/?token=TOKEN` once
//!   (`__Host-onshi_desk_token`, `Secure`, under HTTPS).
//! - **Bodies in memory**: at most [`BODY_MEMORY`] bytes of request bodies are held at once; a
//!   request that would go past waits, then is refused (503).
//! - **Headers**: a strict Content-Security-Policy (the page's own files only), no caching, no
//!   referrer, no framing.
//! - **Log**: method, path, status and time only: no query, no body, no header values.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use onshi::Vocabulary;
use onshi::reception::RequestRefusal;

use crate::Desk;
use crate::api::ApiError;

/// The cookie the page carries the token in: over HTTPS a `__Host-` cookie (`Secure`, this host
/// only, path `/`), so no other service on the host reads or sets it.
const COOKIE: &str = "onshi_desk_token";
const SECURE_COOKIE: &str = "__Host-onshi_desk_token";

/// The bytes of request bodies held at once (forty parallel 15 MiB posts took 517 MiB before).
pub(crate) const BODY_MEMORY: usize = 64 * 1024 * 1024;

/// How long a request waits for room for its body before it is refused.
const BODY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Who may call the desk.
#[derive(Debug)]
pub(crate) struct Guard {
    /// Host names (with the port) the Host header may take besides IP addresses, lower case.
    pub(crate) hosts: Vec<String>,
    /// The port the desk listens on.
    pub(crate) port: u16,
    /// It speaks HTTPS.
    pub(crate) https: bool,
    pub(crate) token: Option<String>,
    pub(crate) log: bool,
}

impl Guard {
    /// Whether the Host header names this desk.
    fn serves(&self, host: &str) -> bool {
        let default = if self.https { 443 } else { 80 };
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (host, Some(default)),
        };
        if port != Some(self.port) {
            return false;
        }
        let ip = name.trim_start_matches('[').trim_end_matches(']');
        ip.parse::<std::net::IpAddr>().is_ok()
            || self.hosts.iter().any(|h| {
                h == &format!("{name}:{}", self.port) || (port == Some(default) && h == name)
            })
    }

    fn cookie(&self) -> &'static str {
        if self.https { SECURE_COOKIE } else { COOKIE }
    }
}

/// The middleware: refuses what the rules above refuse, adds the headers, logs the line.
pub(crate) async fn check(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let mut response = match admit(&desk.guard, &request) {
        Ok(None) => match room_for_body(&desk, body_bytes(&request)).await {
            Ok(_room) => as_json(next.run(request).await),
            Err(refusal) => refusal.into_response(),
        },
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

/// The bytes of body a request may bring: its declared length, or the path's limit when it
/// declares none (none for GET).
fn body_bytes(request: &Request) -> usize {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return 0;
    }
    let limit = if request.uri().path() == "/v1/oqs/decide" {
        crate::MAX_FILE
    } else {
        crate::MAX_JSON
    };
    request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(limit)
        .min(limit)
}

/// Room for `bytes` of body among the bodies held at once, held until the answer is made.
async fn room_for_body(
    desk: &Desk,
    bytes: usize,
) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, ApiError> {
    if bytes == 0 {
        return Ok(None);
    }
    let permits = u32::try_from(bytes).unwrap_or(u32::MAX);
    match tokio::time::timeout(
        BODY_WAIT,
        std::sync::Arc::clone(&desk.bodies).acquire_many_owned(permits),
    )
    .await
    {
        Ok(Ok(permit)) => Ok(Some(permit)),
        _ => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            None,
            RequestRefusal::Busy.words(),
        )),
    }
}

/// The router's own refusals (a body over the limit, a method the path does not take) in the API's
/// error shape, like every other refusal.
fn as_json(response: Response) -> Response {
    let (kind, field, message) = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", Some("body"), RequestRefusal::TooLarge),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", None, RequestRefusal::MethodNotAllowed)
        }
        _ => return response,
    };
    let mut refusal =
        ApiError::new(response.status(), kind, field, message.words()).into_response();
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
    if !guard.serves(&host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "host_not_allowed",
            Some("Host"),
            RequestRefusal::HostNotServed.words(),
        ));
    }
    let scheme = if guard.https { "https" } else { "http" };
    if let Some(origin) = header(header::ORIGIN)
        && !origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            Some("Origin"),
            RequestRefusal::OtherSite.words(),
        ));
    }
    let Some(token) = guard.token.as_deref() else {
        return Ok(None);
    };
    // The scheme is case-insensitive (RFC 9110 §11.1).
    let bearer = header(header::AUTHORIZATION)
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, given)| given.trim());
    let cookie = header(header::COOKIE).and_then(|cookies| {
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == guard.cookie())
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
        let secure = if guard.https { "; Secure" } else { "" };
        let cookie = format!(
            "{}={token}; HttpOnly; SameSite=Strict; Path=/{secure}",
            guard.cookie()
        );
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
        RequestRefusal::TokenRequired.words(),
    ))
}

/// Compares a given token with the desk's in time that does not depend on where they differ.
fn same(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_for_a_body_too_large_name_the_desks_limits() {
        let words = RequestRefusal::TooLarge.words();
        let (json, file) = (crate::MAX_JSON >> 20, crate::MAX_FILE >> 20);
        assert!(
            words
                .en
                .contains(&format!("{json} MiB of JSON, {file} MiB for a result file"))
        );
        assert!(words.ja.contains(&format!(
            "JSON は {json} MiB、結果ファイルは {file} MiB まで"
        )));
    }

    fn guard(port: u16, https: bool) -> Guard {
        Guard {
            hosts: vec![format!("localhost:{port}"), format!("desk.clinic:{port}")],
            port,
            https,
            token: None,
            log: false,
        }
    }

    #[test]
    fn the_host_is_an_address_or_a_name_given_on_the_desks_port() {
        let g = guard(8765, false);
        for ok in [
            "127.0.0.1:8765",
            "127.0.0.2:8765",
            "192.168.1.10:8765",
            "[::1]:8765",
            "localhost:8765",
            "desk.clinic:8765",
        ] {
            assert!(g.serves(ok), "{ok}");
        }
        for refused in [
            "evil.example:8765",
            "127.0.0.1:8766",
            "127.0.0.1",
            "localhost",
            "",
        ] {
            assert!(!g.serves(refused), "{refused}");
        }
    }

    #[test]
    fn on_the_default_port_the_host_may_leave_the_port_out() {
        let http = guard(80, false);
        for ok in [
            "127.0.0.1",
            "localhost",
            "desk.clinic",
            "127.0.0.1:80",
            "[::1]",
        ] {
            assert!(http.serves(ok), "{ok}");
        }
        let https = guard(443, true);
        assert!(https.serves("desk.clinic") && https.serves("10.0.0.5"));
        assert!(!https.serves("evil.example"));
    }
}
