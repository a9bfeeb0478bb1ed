//! The desk's API and its guard, through a real socket on loopback: each endpoint answers what the
//! core answers, bad input is a 400 naming the field, and what the guard refuses is refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use onshi_desk::{DeskConfig, DeskError};
use serde_json::{Value, json};

/// A desk serving on its own thread until the test process ends.
fn start(config: DeskConfig) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let server = onshi_desk::bind(config).await.unwrap();
            tx.send(server.local_addr()).unwrap();
            server.run().await.unwrap();
        });
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap()
}

fn loopback() -> DeskConfig {
    let mut config = DeskConfig::new(onshi::RuleSet::builtin());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request; `headers` may replace the Host this sends by default.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head += &format!("Host: 127.0.0.1:{}\r\n", addr.port());
    }
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn post_json(addr: SocketAddr, path: &str, body: &Value) -> Reply {
    request(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}

/// A token of more than 128 bits, as `onshi desk token` writes them.
const TOKEN: &str = "kN3_vq8Xr-Lp2ZsY0wT7eHcB9mJ4uQ1aFd6GiR5oWlE";

const VISIT: &str = r#"{"at": "2026-01-15", "patient": {"birth_date": "1980-01-01"},
    "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#;

/// A face-reader result for 試験　花子, 1割, processed 2026-03-02.
fn face_result(sjis: bool) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="{}"?><XmlMsg><MessageHeader><ProcessExecutionTime>20260302093000</ProcessExecutionTime>
<CharacterCodeIdentifier>{}</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult><ReferenceClassification>1</ReferenceClassification>
<ArbitraryFileIdentifier>FACE0001</ArbitraryFileIdentifier></MessageHeader><MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>
<QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation><Name>試験　花子</Name>
<InsurerNumber>39131016</InsurerNumber><InsuredPartialContributionRatio>010</InsuredPartialContributionRatio>
<Birthdate>19450606</Birthdate></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"#,
        if sjis { "Shift_JIS" } else { "UTF-8" },
        u8::from(sjis)
    );
    if sjis {
        encoding_rs::SHIFT_JIS.encode(&xml).0.into_owned()
    } else {
        xml.into_bytes()
    }
}

#[test]
fn a_visit_is_decided_as_the_core_decides_it_with_its_sentences() {
    let addr = start(loopback());
    let reply = post_json(addr, "/v1/decide", &serde_json::from_str(VISIT).unwrap());
    assert_eq!(reply.status, 200);
    let answer = reply.json();
    let visit = onshi::Visit::from_json(VISIT).unwrap();
    let core = onshi::decide(&onshi::RuleSet::builtin(), &visit).unwrap();
    assert_eq!(answer["decision"], serde_json::to_value(&core).unwrap());
    assert_eq!(
        answer["shown"]["copay"]["ja"],
        "3割（年齢による通常の割合）"
    );
    assert_eq!(
        answer["shown"]["route"]["en"],
        "資格確認書 (qualification certificate)"
    );
    assert_eq!(
        answer["shown"]["actions"][0]["ja"],
        core.actions[0].words().ja
    );
    assert_eq!(reply.header("content-type"), Some("application/json"));
}

#[test]
fn bad_input_is_a_400_that_names_the_field() {
    let addr = start(loopback());
    let reply = post_json(addr, "/v1/decide", &json!({"at": "soon"}));
    assert_eq!(reply.status, 400);
    let error = &reply.json()["error"];
    assert_eq!(error["kind"], "invalid");
    assert_eq!(error["field"], "at");
    assert!(
        error["message"]["ja"]
            .as_str()
            .unwrap()
            .contains("YYYY-MM-DD")
    );

    let reply = post_json(
        addr,
        "/v1/decide",
        &json!({"at": "2026-01-15", "patinet": {}}),
    );
    assert_eq!(reply.status, 400);
    assert!(
        reply.json()["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("patinet")
    );

    // A 個人番号 in a field is refused as such and never echoed.
    let reply = post_json(
        addr,
        "/v1/decide",
        &json!({"at": "2026-01-15", "presented": {"legacy_card": {"insured": {"number": "983205673214"}}}}),
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"]["kind"], "personal_number");
    assert!(!String::from_utf8_lossy(&reply.body).contains("983205673214"));

    let reply = request(
        addr,
        "POST",
        "/v1/decide",
        &[("Content-Type", "text/plain")],
        VISIT.as_bytes(),
    );
    assert_eq!(reply.status, 415);
    assert_eq!(reply.json()["error"]["field"], "Content-Type");

    let reply = request(
        addr,
        "POST",
        "/v1/decide",
        &[("Content-Type", "application/json")],
        b"{\"at\": ",
    );
    assert_eq!(reply.status, 400);

    let big = vec![b' '; onshi_desk::MAX_JSON + 1];
    let reply = request(
        addr,
        "POST",
        "/v1/decide",
        &[("Content-Type", "application/json")],
        &big,
    );
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["error"]["kind"], "too_large");
    let reply = request(addr, "GET", "/v1/decide", &[], b"");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.json()["error"]["kind"], "method_not_allowed");

    let reply = request(addr, "GET", "/v1/nothing", &[], b"");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"]["kind"], "not_found");
}

#[test]
fn a_result_file_is_decided_in_either_encoding() {
    let addr = start(loopback());
    let mut answers = Vec::new();
    for sjis in [false, true] {
        let reply = request(
            addr,
            "POST",
            "/v1/oqs/decide",
            &[("Content-Type", "application/xml")],
            &face_result(sjis),
        );
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        answers.push(reply.json());
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0]["decision"]["route"], "myna_online");
    assert_eq!(answers[0]["decision"]["copay"]["percent"], 10);
    assert_eq!(answers[0]["decision"]["date"], "2026-03-02");

    let reply = request(
        addr,
        "POST",
        "/v1/oqs/decide?at=2026-03-03",
        &[],
        &face_result(false),
    );
    assert_eq!(reply.json()["decision"]["date"], "2026-03-03");
    let reply = request(
        addr,
        "POST",
        "/v1/oqs/decide?document=passport",
        &[],
        &face_result(false),
    );
    assert_eq!(
        (reply.status, reply.json()["error"]["field"].as_str()),
        (400, Some("document"))
    );
    let reply = request(
        addr,
        "POST",
        "/v1/oqs/decide",
        &[],
        b"<XmlMsg><MessageHeader>",
    );
    assert_eq!(reply.status, 400);
}

#[test]
fn the_rule_table_and_its_audit_are_served_for_a_date() {
    let addr = start(loopback());
    let rules = onshi::RuleSet::builtin();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let reply = request(addr, "GET", "/v1/rules?on=2026-11-30", &[], b"");
    assert_eq!(reply.status, 200);
    let rows = reply.json()["rules"].as_array().unwrap().len();
    assert_eq!(
        rows,
        rules.rules().iter().filter(|r| r.applies_on(on)).count()
    );
    assert!(
        rows < rules.rules().len(),
        "rows not in effect are left out"
    );
    let all = request(addr, "GET", "/v1/rules", &[], b"").json();
    assert_eq!(all["rules"].as_array().unwrap().len(), rules.rules().len());

    let reply = request(addr, "GET", "/v1/rules/audit?on=2026-11-30", &[], b"");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["has_gap"], rules.audit(on).has_gap());
    let reply = request(addr, "GET", "/v1/rules/audit", &[], b"");
    assert_eq!(
        (reply.status, reply.json()["error"]["field"].as_str()),
        (400, Some("on"))
    );
    let reply = request(addr, "GET", "/v1/rules?on=30-11-2026", &[], b"");
    assert_eq!(
        (reply.status, reply.json()["error"]["field"].as_str()),
        (400, Some("on"))
    );
}

#[test]
fn numbers_are_checked_and_a_personal_number_is_never_echoed() {
    let addr = start(loopback());
    let reply = post_json(
        addr,
        "/v1/numbers/verify",
        &json!({"kind": "insurer", "value": "06130017"}),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["valid"], true);
    assert_eq!(reply.json()["info"]["normalized"], "06130017");
    let reply = post_json(
        addr,
        "/v1/numbers/verify",
        &json!({"kind": "insurer", "value": "06130018"}),
    );
    assert_eq!(reply.json()["valid"], false);
    assert_eq!(
        reply.json()["error"]["kind"],
        onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, "06130018")
            .unwrap_err()
            .kind()
            .to_string()
    );
    let reply = post_json(
        addr,
        "/v1/numbers/verify",
        &json!({"kind": "insurer", "value": "9832 0567 3214"}),
    );
    assert_eq!(reply.json()["error"]["kind"], "personal_number");
    assert!(!String::from_utf8_lossy(&reply.body).contains("0567"));
    let reply = post_json(
        addr,
        "/v1/numbers/verify",
        &json!({"kind": "passport", "value": "1"}),
    );
    assert_eq!(
        (reply.status, reply.json()["error"]["field"].as_str()),
        (400, Some("kind"))
    );
}

#[test]
fn the_script_is_replayed_from_its_answers() {
    let addr = start(loopback());
    let reply = post_json(addr, "/v1/script", &json!({"visit": {"at": "2026-02-02"}}));
    assert_eq!(reply.json()["step"], "ask_for_myna_card");
    assert!(reply.json()["decision"].is_null());
    let answers = json!([{"answer": "no"}, {"answer": "documents", "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}]);
    let reply = post_json(
        addr,
        "/v1/script",
        &json!({"visit": {"at": "2026-02-02"}, "answers": answers}),
    );
    assert_eq!(reply.status, 200);
    let answer = reply.json();
    assert_eq!(answer["step"], "done");
    assert_eq!(answer["decision"]["route"], "qualification_certificate");
    assert_eq!(answer["transcript"].as_array().unwrap().len(), 4);
    assert!(answer["shown"]["coverage"]["ja"].is_string());
    // An answer that does not fit the step is a 400, and names the answer.
    let reply = post_json(
        addr,
        "/v1/script",
        &json!({"visit": {"at": "2026-02-02"}, "answers": [{"answer": "documents", "presented": {}}]}),
    );
    assert_eq!(reply.status, 400);
    let reply = post_json(
        addr,
        "/v1/script",
        &json!({"visit": {"at": "2026-02-02"}, "answers": [{"answer": "maybe"}]}),
    );
    assert_eq!(
        (reply.status, reply.json()["error"]["field"].as_str()),
        (400, Some("answers[0]"))
    );
}

#[test]
fn another_site_in_the_browser_cannot_drive_the_api() {
    let addr = start(loopback());
    let port = addr.port();
    let body = VISIT.as_bytes();
    let json = ("Content-Type", "application/json");
    let foreign = request(
        addr,
        "POST",
        "/v1/decide",
        &[json, ("Origin", "https://evil.example")],
        body,
    );
    assert_eq!(foreign.status, 403);
    assert_eq!(foreign.json()["error"]["kind"], "origin_not_allowed");
    // Another port on localhost is another origin too.
    let other_port = request(
        addr,
        "POST",
        "/v1/decide",
        &[json, ("Origin", "http://127.0.0.1:3000")],
        body,
    );
    assert_eq!(other_port.status, 403);
    let null = request(addr, "GET", "/v1/status", &[("Origin", "null")], b"");
    assert_eq!(null.status, 403);
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(
        request(addr, "POST", "/v1/decide", &[json, ("Origin", &own)], body).status,
        200
    );
    // A name that resolves here but is not the desk's (DNS rebinding) is refused.
    let rebound = request(
        addr,
        "GET",
        "/v1/status",
        &[("Host", &format!("evil.example:{port}"))],
        b"",
    );
    assert_eq!(
        (rebound.status, rebound.json()["error"]["kind"].as_str()),
        (403, Some("host_not_allowed"))
    );
    let localhost = request(
        addr,
        "GET",
        "/v1/status",
        &[("Host", &format!("localhost:{port}"))],
        b"",
    );
    assert_eq!(localhost.status, 200);
    // Every answer carries the page's protections.
    let page = request(addr, "GET", "/", &[], b"");
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(foreign.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn a_token_is_required_off_loopback_and_then_carried_by_every_request() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut open = loopback();
    open.listen = "0.0.0.0:0".parse().unwrap();
    let refused = runtime.block_on(onshi_desk::bind(open.clone()));
    assert!(
        matches!(refused, Err(DeskError::TokenRequired { .. })),
        "{refused:?}"
    );
    // A token easy to guess is refused: too short, or long but of one character.
    for weak in [
        "short",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "desk-token-0123456789abcdef",
    ] {
        open.token = Some(weak.into());
        assert!(
            matches!(
                runtime.block_on(onshi_desk::bind(open.clone())),
                Err(DeskError::WeakToken { .. })
            ),
            "{weak}"
        );
    }
    // A strong token is not enough beyond loopback: plain HTTP needs saying so.
    open.token = Some(TOKEN.into());
    assert!(matches!(
        runtime.block_on(onshi_desk::bind(open.clone())),
        Err(DeskError::TlsRequired { .. })
    ));
    open.insecure_http = true;
    assert!(runtime.block_on(onshi_desk::bind(open)).is_ok());

    let token = TOKEN;
    let mut config = loopback();
    config.token = Some(token.into());
    let addr = start(config);
    let none = request(addr, "GET", "/v1/status", &[], b"");
    assert_eq!(
        (none.status, none.json()["error"]["kind"].as_str()),
        (401, Some("token_required"))
    );
    let wrong = request(
        addr,
        "GET",
        "/v1/status",
        &[(
            "Authorization",
            "Bearer kN3_vq8Xr-Lp2ZsY0wT7eHcB9mJ4uQ1aFd6GiR5oWlX",
        )],
        b"",
    );
    assert_eq!(wrong.status, 401);
    // The scheme in any case (RFC 9110 §11.1).
    let lower = format!("bearer {token}");
    assert_eq!(
        request(addr, "GET", "/v1/status", &[("Authorization", &lower)], b"").status,
        200
    );
    let bearer = format!("Bearer {token}");
    assert_eq!(
        request(
            addr,
            "GET",
            "/v1/status",
            &[("Authorization", &bearer)],
            b""
        )
        .status,
        200
    );
    // The page's link sets the cookie and drops the token from the address.
    let link = request(addr, "GET", &format!("/?token={token}"), &[], b"");
    assert_eq!((link.status, link.header("location")), (303, Some("/")));
    let cookie = link.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let jar = cookie.split(';').next().unwrap();
    assert_eq!(
        request(addr, "GET", "/v1/status", &[("Cookie", jar)], b"").status,
        200
    );
    assert_eq!(request(addr, "GET", "/?token=nope", &[], b"").status, 401);
}

#[test]
fn the_page_is_served_whole_from_the_binary_with_nothing_from_outside() {
    let addr = start(loopback());
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let reply = request(addr, "GET", path, &[], b"");
        assert_eq!(reply.status, 200);
        assert!(reply.header("content-type").unwrap().starts_with(kind));
        // The SVG namespace is a name, not an address that is fetched.
        let text = String::from_utf8(reply.body)
            .unwrap()
            .replace("http://www.w3.org/2000/svg", "");
        assert!(
            !text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"),
            "{path} refers outside"
        );
    }
}

#[test]
fn the_openapi_document_matches_the_server() {
    let addr = start(loopback());
    let doc: Value = request(addr, "GET", "/v1/openapi.json", &[], b"").json();
    assert_eq!(doc["info"]["version"], onshi::VERSION);
    let schemas = &doc["components"]["schemas"];
    fn slugs<V: onshi::Vocabulary>() -> Value {
        V::ALL.iter().map(|v| v.slug()).collect()
    }
    assert_eq!(
        schemas["Coverage"]["enum"],
        slugs::<onshi::reception::Coverage>()
    );
    assert_eq!(schemas["Route"]["enum"], slugs::<onshi::reception::Route>());
    assert_eq!(
        schemas["FailureClass"]["enum"],
        slugs::<onshi::reception::FailureClass>()
    );
    assert_eq!(
        schemas["CopayBasis"]["enum"],
        slugs::<onshi::reception::CopayBasis>()
    );
    assert_eq!(
        schemas["NumberKind"]["enum"],
        slugs::<onshi::numbers::NumberKind>()
    );
    assert_eq!(
        schemas["ScriptStep"]["enum"],
        slugs::<onshi::reception::ScriptStep>()
    );
    // Every documented path is served (none answers 404), and the method documented is the one.
    for (path, methods) in doc["paths"].as_object().unwrap() {
        if path == "/v1/events" {
            continue; // a stream: tested below
        }
        for method in methods.as_object().unwrap().keys() {
            let reply = request(addr, &method.to_uppercase(), path, &[], b"");
            assert_ne!(reply.status, 404, "{method} {path}");
            assert_ne!(reply.status, 405, "{method} {path}");
        }
    }
}

fn exchange_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onshi-desk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("face")).unwrap();
    std::fs::create_dir_all(dir.join("res")).unwrap();
    dir
}

/// The first `n` server-sent events of `/v1/events`, as (event, data) pairs.
fn first_events(addr: SocketAddr, n: usize, within: Duration) -> Vec<(String, Value)> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        addr.port()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let (mut events, mut name) = (Vec::new(), String::new());
    let started = Instant::now();
    while started.elapsed() < within && events.len() < n {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {
                if let Some(event) = line.strip_prefix("event:") {
                    name = event.trim().to_owned();
                } else if let Some(data) = line.strip_prefix("data:") {
                    events.push((name.clone(), serde_json::from_str(data.trim()).unwrap()));
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => panic!("{e}"),
        }
    }
    events
}

/// `GET /v1/results?after=0` until it holds `n` results, or fails after ten seconds.
fn results_until(addr: SocketAddr, n: usize) -> Value {
    let started = Instant::now();
    loop {
        let mut all = Vec::new();
        let mut after = 0;
        let epoch;
        loop {
            let reply = request(addr, "GET", &format!("/v1/results?after={after}"), &[], b"");
            assert_eq!(reply.status, 200);
            let page = reply.json();
            let results = page["results"].as_array().unwrap().clone();
            after = results.last().map_or(after, |r| r["id"].as_u64().unwrap());
            all.extend(results);
            if page["more"] != true {
                epoch = page["epoch"].clone();
                break;
            }
        }
        if all.len() >= n {
            return json!({"epoch": epoch, "results": all});
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} of {n} results after ten seconds",
            all.len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A desk on `state` and `exchange`, on its own thread, until the returned sender is dropped.
fn start_until(
    exchange: &Path,
    state: &Path,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<()>,
) {
    let mut config = loopback();
    config.exchange = Some(exchange.to_path_buf());
    config.state = Some(state.to_path_buf());
    config.poll = Duration::from_millis(50);
    config.patience = Duration::from_millis(300);
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let server = onshi_desk::bind(config).await.unwrap();
            tx.send(server.local_addr()).unwrap();
            server
                .run_until(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    (addr, stop, thread)
}

fn write_result(dir: &Path, name: &str, bytes: &[u8]) {
    let tmp = dir.join(format!(".{name}.part"));
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(tmp, dir.join(name)).unwrap();
}

#[test]
fn a_file_landing_in_the_exchange_folder_is_told_to_the_page_and_listed_with_its_decision() {
    let dir = exchange_dir("events");
    let state = dir.join("state");
    let (addr, stop, thread) = start_until(&dir, &state);
    let res = dir.join("res");
    // A page learns the newest id at once, then asks for what it has not seen.
    let events = first_events(addr, 1, Duration::from_secs(5));
    assert_eq!(events[0].0, "results");
    assert_eq!(events[0].1["last"], 0);
    write_result(&res, "OQSsiquc01res_0001.xml", &face_result(true));
    let listed = results_until(addr, 1);
    let event = &listed["results"][0];
    assert_eq!(event["file"], "OQSsiquc01res_0001.xml");
    assert_eq!(event["outcome"], "decided");
    assert_eq!(event["patient"], "試…");
    assert_eq!(event["decision"]["route"], "myna_online");
    assert!(
        event["shown"]["copay"]["ja"]
            .as_str()
            .unwrap()
            .starts_with("1割")
    );
    // The record does not leave the file: no name, no birth date, no insurer number.
    let text = listed.to_string();
    for personal in ["花子", "試験", "1945", "39131016"] {
        assert!(!text.contains(personal), "{personal} reached the page");
    }
    // A broken file is a refusal, not silence.
    write_result(&res, "OQSsiquc01res_0002.xml", b"<XmlMsg><MessageBody>");
    let listed = results_until(addr, 2);
    assert_eq!(listed["results"][1]["outcome"], "refused");
    let first_epoch = listed["epoch"].clone();

    // Restarted between two files: ids go on, the file that landed while it was down is shown, the
    // one shown before is not shown again, and the day lists all three.
    drop(stop);
    thread.join().unwrap();
    write_result(&res, "OQSsiquc01res_0003.xml", &face_result(false));
    let (addr, stop, thread) = start_until(&dir, &state);
    let listed = results_until(addr, 3);
    assert_ne!(listed["epoch"], first_epoch, "a new run is a new epoch");
    let ids: Vec<u64> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(listed["results"][2]["file"], "OQSsiquc01res_0003.xml");
    let today = onshi::calendar::VisitTime::from_datetime(chrono::Utc::now().fixed_offset()).date();
    let day = request(addr, "GET", &format!("/v1/results?date={today}"), &[], b"").json();
    assert_eq!(day["results"].as_array().unwrap().len(), 3);
    // Marked done, kept across a restart.
    let done = post_json(addr, "/v1/results/2/done", &json!({"done": true}));
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    drop(stop);
    thread.join().unwrap();
    let (addr, stop, thread) = start_until(&dir, &state);
    let listed = results_until(addr, 3);
    assert_eq!(listed["results"][1]["done"], true);
    assert_eq!(
        listed["results"].as_array().unwrap().len(),
        3,
        "nothing shown twice"
    );
    drop(stop);
    thread.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_burst_of_a_thousand_files_reaches_the_page_whole() {
    let dir = exchange_dir("burst");
    let state = dir.join("state");
    let (addr, stop, thread) = start_until(&dir, &state);
    let res = dir.join("res");
    let xml = face_result(false);
    for i in 0..1000 {
        write_result(&res, &format!("OQSsiquc01res_{i:04}.xml"), &xml);
    }
    let listed = results_until(addr, 1000);
    let mut files: Vec<&str> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), 1000);
    drop(stop);
    thread.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hundred_open_pages_cannot_make_the_desk_unreachable() {
    let addr = start(loopback());
    let streams: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(
                s,
                "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                addr.port()
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = request(addr, "GET", "/v1/status", &[], b"");
    assert_eq!(status.status, 200);
    assert!(started.elapsed() < Duration::from_secs(1));
    let refused = request(addr, "GET", "/v1/events", &[], b"");
    assert_eq!(refused.status, 503);
    drop(streams);
}

/// A certificate for 127.0.0.1 and localhost, made by the test, and its key, as PEM files.
fn certificate(dir: &Path) -> (PathBuf, PathBuf, Vec<u8>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let cert = params.self_signed(&key).unwrap();
    let (cert_path, key_path) = (dir.join("desk.crt"), dir.join("desk.key"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    (cert_path, key_path, cert.der().to_vec())
}

/// One HTTPS request trusting only `root`; the status line and the body.
fn https_get(addr: SocketAddr, root: &[u8], path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(root.to_vec()))
        .unwrap();
    #[allow(
        deprecated,
        reason = "the desk serves with ring's provider; the test client matches it"
    )]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let connection = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    let mut head = format!(
        "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n",
        addr.port()
    );
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    tls.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = tls.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn on_the_clinic_network_the_desk_speaks_https_with_a_secure_cookie() {
    let dir = exchange_dir("tls");
    let (cert, key, der) = certificate(&dir);
    let mut config = loopback();
    config.listen = "0.0.0.0:0".parse().unwrap();
    config.token = Some(TOKEN.into());
    config.tls = Some(onshi_desk::TlsFiles { cert, key });
    let addr = start(config);
    let addr = SocketAddr::from(([127, 0, 0, 1], addr.port()));
    let bearer = format!("Bearer {TOKEN}");
    let (status, _) = https_get(addr, &der, "/v1/status", &[("Authorization", &bearer)]);
    assert_eq!(status, 200);
    // The page's link sets a __Host- cookie, Secure: no other service on the host reads it.
    let (status, link) = https_get(addr, &der, &format!("/?token={TOKEN}"), &[]);
    assert_eq!(status, 303);
    assert!(
        link.contains("__Host-onshi_desk_token=") && link.contains("; Secure"),
        "{link}"
    );
    // Plain HTTP to the same port gets no answer, and no token crosses in clear.
    let plain = std::panic::catch_unwind(|| request(addr, "GET", "/v1/status", &[], b""));
    assert!(plain.is_err() || plain.is_ok_and(|r| r.status != 200));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn slow_clients_are_cut_off_and_cannot_crowd_out_the_clerk() {
    let addr = start(loopback());
    // Two hundred connections that send half a request head and stop.
    let slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(request(addr, "GET", "/v1/status", &[], b"").status, 200);
    assert!(started.elapsed() < Duration::from_secs(1));
    // Cut off once the head has taken longer than the limit (10 s): the server closes them.
    let mut first = slow.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(
            onshi_desk::HEADER_READ_TIMEOUT + Duration::from_secs(5),
        ))
        .unwrap();
    let mut rest = Vec::new();
    let read = first.read_to_end(&mut rest);
    assert!(
        read.is_ok()
            || started.elapsed() < onshi_desk::HEADER_READ_TIMEOUT + Duration::from_secs(5),
        "the slow connection was not closed: {read:?}"
    );
}

/// A face result with a 限度額区分 (consented) for 試験　花子.
fn face_result_with_ceiling() -> Vec<u8> {
    String::from_utf8(face_result(false))
        .unwrap()
        .replace(
            "<Birthdate>19450606</Birthdate>",
            "<Birthdate>19450606</Birthdate><NameKana>シケン　ハナコ</NameKana><InsuredCardSymbol>12</InsuredCardSymbol>\
             <InsuredIdentificationNumber>345</InsuredIdentificationNumber><LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>\
             <LimitApplicationCertificateRelatedInfo><LimitApplicationCertificateClassificationFlag>A03</LimitApplicationCertificateClassificationFlag>\
             </LimitApplicationCertificateRelatedInfo>",
        )
        .into_bytes()
}

fn start_with(exchange: &Path, state: &Path, details: bool) -> SocketAddr {
    let mut config = loopback();
    config.exchange = Some(exchange.to_path_buf());
    config.state = Some(state.to_path_buf());
    config.poll = Duration::from_millis(50);
    config.patience = Duration::from_millis(300);
    config.show_details = details;
    start(config)
}

#[test]
fn a_shared_screen_shows_no_details_and_the_clerks_screen_shows_them() {
    let dir = exchange_dir("details");
    let shared = start_with(&dir, &dir.join("state-shared"), false);
    let clerk = start_with(&dir, &dir.join("state-clerk"), true);
    write_result(
        &dir.join("res"),
        "OQSsiquc01res_D1.xml",
        &face_result_with_ceiling(),
    );
    let on_shared = results_until(shared, 1).to_string();
    let on_clerk = results_until(clerk, 1)["results"][0].clone();
    // The shared screen: no kana, birth date, insurer, 記号・番号, and no 限度額区分 (an income band).
    for hidden in ["シケン", "1945", "39131016", "345", "A03", "details"] {
        assert!(!on_shared.contains(hidden), "{hidden} on a shared screen");
    }
    assert_eq!(
        request(shared, "GET", "/v1/status", &[], b"").json()["details"],
        false
    );
    // The clerk's screen: what the official terminal's list shows.
    assert_eq!(on_clerk["details"]["kana"], "シケン　ハナコ");
    assert_eq!(on_clerk["details"]["birth_date"], "1945-06-06");
    assert_eq!(on_clerk["details"]["insurer"], "39131016");
    assert_eq!(on_clerk["details"]["number"], "345");
    assert_eq!(on_clerk["details"]["ceiling_category"]["code"], "A03");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_file_gets_a_card_the_clerk_can_act_on() {
    let dir = exchange_dir("classes");
    let addr = start_with(&dir, &dir.join("state"), false);
    let res = dir.join("res");
    // An error file from the online system (no processing time): decided as the outage it is.
    write_result(
        &res,
        "OQSsiquc01res_E1.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>9</SegmentOfResult><ErrorCode>EQ000000</ErrorCode><ErrorMessage>システムエラーが発生しました</ErrorMessage>\
         </MessageHeader></XmlMsg>"
            .as_bytes(),
    );
    let listed = results_until(addr, 1);
    let error_file = &listed["results"][0];
    assert_eq!(error_file["outcome"], "decided", "{error_file}");
    assert_eq!(error_file["decision"]["failure"], "b");
    // A broken file: what happened and what to do, in Japanese without English or a folder path.
    write_result(&res, "OQSsiquc01res_E2.xml", b"<XmlMsg><MessageBody>");
    let listed = results_until(addr, 2);
    let broken = &listed["results"][1];
    assert_eq!(broken["outcome"], "refused");
    let ja = broken["message"]["ja"].as_str().unwrap();
    assert!(
        !ja.is_ascii() && !ja.chars().any(|c| c.is_ascii_alphabetic()),
        "{ja}"
    );
    assert!(
        !listed.to_string().contains(dir.to_str().unwrap()),
        "a folder path reached the page"
    );
    assert_eq!(broken["file"], "OQSsiquc01res_E2.xml");
    // Every other class: a request where a result belongs, a result cut short, one missing what a
    // decision needs, one whose bytes are not its encoding. Each is a card with its file's name
    // that says, in each language only, what happened and what to do.
    let face = String::from_utf8(face_result(false)).unwrap();
    let request = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\
         <ArbitraryFileIdentifier>REQ1</ArbitraryFileIdentifier></MessageHeader><MessageBody><QualificationConfirmSearchInfo>\
         <InsurerNumber>39131016</InsurerNumber><Birthdate>19450606</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>";
    let mut undecodable = face.clone().into_bytes();
    let at = face.find("試験").unwrap();
    undecodable[at] = 0xFF;
    let classes: [(&str, Vec<u8>, &str); 4] = [
        (
            "OQSsiquc01res_E3.xml",
            request.as_bytes().to_vec(),
            "資格確認の結果ではない",
        ),
        (
            "OQSsiquc01res_E4.xml",
            face.as_bytes()[..face.len() / 2].to_vec(),
            "途中で切れて",
        ),
        (
            "OQSsiquc01res_E5.xml",
            face.replace("<QualificationValidity>1</QualificationValidity>", "")
                .into_bytes(),
            "不完全",
        ),
        ("OQSsiquc01res_E6.xml", undecodable, "壊れて"),
    ];
    for (i, (name, bytes, _)) in classes.iter().enumerate() {
        write_result(&res, name, bytes);
        results_until(addr, 3 + i);
    }
    let listed = results_until(addr, 2 + classes.len());
    assert!(
        !listed.to_string().contains(dir.to_str().unwrap()),
        "a folder path reached the page"
    );
    for (name, _, says) in classes {
        let card = listed["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"] == name)
            .unwrap_or_else(|| panic!("no card for {name}: {listed}"));
        assert_eq!(card["outcome"], "refused", "{card}");
        let (ja, en) = (
            card["message"]["ja"].as_str().unwrap(),
            card["message"]["en"].as_str().unwrap(),
        );
        assert!(ja.contains(says), "{name}: {ja}");
        assert!(!ja.chars().any(|c| c.is_ascii_alphabetic()), "{name}: {ja}");
        assert!(
            !en.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
            "{name}: {en}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_still_being_written_is_shown_as_being_received() {
    let dir = exchange_dir("receiving");
    let mut config = loopback();
    config.exchange = Some(dir.clone());
    config.poll = Duration::from_millis(50);
    config.patience = Duration::from_secs(60);
    let addr = start(config);
    std::fs::write(
        dir.join("res/OQSsiquc01res_R1.xml"),
        "<XmlMsg><MessageHeader>",
    )
    .unwrap();
    let started = Instant::now();
    loop {
        let events = first_events(addr, 1, Duration::from_secs(2));
        if events
            .first()
            .is_some_and(|(_, data)| data["receiving"] == json!(["OQSsiquc01res_R1.xml"]))
        {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{events:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
