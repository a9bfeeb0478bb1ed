//! # onshi-desk — the desk screen and a local HTTP API
//!
//! `onshi desk --exchange DIR` serves, on `127.0.0.1`, a page that shows each face-reader or
//! result file landing in the オンライン資格確認 exchange folder as a reception decision (route,
//! coverage, copay and its basis, alerts, the next actions, the words for the patient), a form for a
//! visit without a card, and the 声掛け script step by step; and a JSON API (`openapi.json`) for
//! programs in any language: `POST /v1/decide`, `POST /v1/oqs/decide`, `GET /v1/rules`,
//! `GET /v1/rules/audit`, `POST /v1/numbers/verify`, `POST /v1/script`, `GET /v1/events`.
//!
//! Safe by default: loopback only; another address needs a token every request carries; Host and
//! Origin are checked so a web page in the clerk's browser cannot drive the API (see `guard`). The
//! decisions are the core's: this crate reads requests and files, and writes JSON.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut config = onshi_desk::DeskConfig::new(onshi::RuleSet::builtin());
//! config.exchange = Some("/path/to/exchange".into());
//! let server = onshi_desk::bind(config).await?;
//! println!("http://{}/", server.local_addr());
//! server.run().await?;
//! # Ok(()) }
//! ```

mod api;
mod feed;
mod guard;
mod journal;
mod serve;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::journal::Journal;

pub use journal::default_state_dir;
pub use serve::{HEADER_READ_TIMEOUT, MAX_CONNECTIONS};

/// The API's OpenAPI 3.1 document, as served at `/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The largest JSON body the API reads (a visit, a script, a number).
pub const MAX_JSON: usize = 1024 * 1024;
/// The largest result file `POST /v1/oqs/decide` reads (as the folder watcher does).
pub const MAX_FILE: usize = 16 * 1024 * 1024;
/// The port a desk listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8765;

/// How a desk is set up.
#[derive(Clone, Debug)]
pub struct DeskConfig {
    /// Where to listen: `127.0.0.1:8765` by default. Any address that is not loopback needs a token,
    /// and TLS (or an explicit `insecure_http`).
    pub listen: SocketAddr,
    /// The token every request must carry (`A–Z a–z 0–9 . _ ~ -`, at least 128 bits of entropy as
    /// estimated: `onshi desk token FILE` writes one of 256); required off loopback, optional on it.
    pub token: Option<String>,
    /// The clinic's certificate chain and private key (PEM files): the desk speaks HTTPS.
    pub tls: Option<TlsFiles>,
    /// Serve plain HTTP off loopback anyway (the token and every decision then cross the network
    /// in clear): only where the network itself is trusted.
    pub insecure_http: bool,
    /// More host names the desk answers to (its name on the clinic's network), besides the
    /// loopback names and the listen address.
    pub allow_hosts: Vec<String>,
    /// The 連携アプリ's exchange folder (with `face` and `res`) to follow; none: API only.
    pub exchange: Option<PathBuf>,
    /// Where the journal of results shown is kept (see [`default_state_dir`]); none: in memory
    /// only, lost when the desk stops.
    pub state: Option<PathBuf>,
    /// Show the files that were in the folder before the desk first ran too (otherwise only those
    /// that landed since: files that landed while it was down are shown at start).
    pub include_existing: bool,
    /// How often the folder is looked at.
    pub poll: Duration,
    /// How long a file that does not parse may stay unchanged before it is shown as unreadable (a
    /// writer may pause mid-file).
    pub patience: Duration,
    /// The rule table every decision is made on.
    pub rules: onshi::RuleSet,
    /// One line per request on standard error (method, path, status, time; nothing personal).
    pub log: bool,
    /// A clerk's screen: results show the kana, birth date, insurer, 記号・番号・枝番 and 限度額区分
    /// as the official terminal's list does. Off (a screen patients may see): none of these.
    pub show_details: bool,
}

impl DeskConfig {
    /// A loopback desk on `rules`, port 8765, no exchange folder, polling every 200 ms, 10 s of
    /// patience for a file still being written.
    pub fn new(rules: onshi::RuleSet) -> Self {
        DeskConfig {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), DEFAULT_PORT),
            token: None,
            tls: None,
            insecure_http: false,
            allow_hosts: Vec::new(),
            exchange: None,
            state: None,
            include_existing: false,
            poll: Duration::from_millis(200),
            patience: Duration::from_secs(10),
            rules,
            log: false,
            show_details: false,
        }
    }
}

/// The clinic's certificate chain and private key, as PEM files.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// The certificate chain (the desk's certificate first).
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Why a desk did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeskError {
    /// Listening off loopback without a token.
    #[error(
        "{addr} is not a loopback address: anyone on that network could read decisions; give a token (--token-file FILE or ONSHI_DESK_TOKEN) that every request must carry"
    )]
    TokenRequired {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// A token that is too easy to guess, or with characters a cookie or a link would mangle.
    #[error(
        "the token must be characters of A-Z a-z 0-9 . _ ~ - with at least 128 bits of entropy (this one has about {bits}); `onshi desk token FILE` writes one of 256 bits"
    )]
    WeakToken {
        /// The entropy estimated, in bits.
        bits: u32,
    },
    /// Off loopback over plain HTTP: the token and the decisions would cross the network in clear.
    #[error(
        "{addr} is not a loopback address: give the clinic's certificate and key (--tls-cert, --tls-key) so the desk speaks HTTPS, or --insecure-http where the network itself is trusted"
    )]
    TlsRequired {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// The certificate or key cannot be used.
    #[error("TLS: {message}")]
    Tls {
        /// What is wrong.
        message: String,
    },
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {message}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        message: String,
    },
    /// The exchange folder cannot be followed.
    #[error(transparent)]
    Exchange(#[from] onshi_oqs::ExchangeError),
    /// The state folder (the journal) cannot be used.
    #[error("the state folder {path} cannot be used: {message}")]
    State {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
}

/// The entropy of a token in bits, as estimated: its length times the lesser of the bits its
/// characters' classes allow (lower case, upper case, digits, `._~-`) and the Shannon entropy of
/// its characters (`aaaa…` has none).
///
/// # Example
/// ```
/// assert!(onshi_desk::token_bits("aaaaaaaaaaaaaaaa") < 128);
/// assert!(onshi_desk::token_bits("kN3_vq8Xr-Lp2ZsY0wT7eHcB9mJ4uQ1aFd6GiR5oWlE") >= 128);
/// ```
pub fn token_bits(token: &str) -> u32 {
    let classes = [
        (token.bytes().any(|b| b.is_ascii_lowercase()), 26.0),
        (token.bytes().any(|b| b.is_ascii_uppercase()), 26.0),
        (token.bytes().any(|b| b.is_ascii_digit()), 10.0),
        (
            token
                .bytes()
                .any(|b| matches!(b, b'.' | b'_' | b'~' | b'-')),
            4.0,
        ),
    ];
    let alphabet: f64 = classes
        .iter()
        .filter(|(used, _)| *used)
        .map(|(_, n)| n)
        .sum();
    let mut counts = std::collections::HashMap::new();
    for b in token.bytes() {
        *counts.entry(b).or_insert(0u32) += 1;
    }
    let n = token.len() as f64;
    let shannon: f64 = counts
        .values()
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum();
    let per_char = shannon.min(if alphabet > 1.0 { alphabet.log2() } else { 0.0 });
    (per_char * n).floor() as u32
}

/// A running desk's shared state.
#[derive(Debug)]
struct Desk {
    rules: Arc<onshi::RuleSet>,
    journal: Arc<Journal>,
    watching: Option<feed::Watching>,
    guard: guard::Guard,
    /// The event streams that may still open.
    subscribers: Arc<tokio::sync::Semaphore>,
    /// The bytes of request bodies that may still be held at once.
    bodies: Arc<tokio::sync::Semaphore>,
    /// Results carry the record's details (a clerk's screen).
    details: bool,
}

/// A bound desk, ready to serve.
#[derive(Debug)]
pub struct Server {
    listener: tokio::net::TcpListener,
    desk: Arc<Desk>,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
}

impl Server {
    /// The address it listens on (with the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Whether it speaks HTTPS.
    pub fn tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Serves until `stop` completes, then stops taking requests and lets the folder go (the
    /// journal is already on disk: a desk started again on the same state folder goes on).
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        serve::serve(self.listener, router(self.desk), self.tls, stop).await
    }
}

/// Checks the configuration, binds the address and starts following the exchange folder.
///
/// # Errors
/// [`DeskError::TokenRequired`] off loopback without a token, [`DeskError::WeakToken`],
/// [`DeskError::Listen`], [`DeskError::Exchange`] when the folder has neither `face` nor `res`.
pub async fn bind(config: DeskConfig) -> Result<Server, DeskError> {
    let addr = config.listen;
    if let Some(token) = &config.token {
        let fits = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '-');
        let bits = token_bits(token);
        if bits < 128 || !token.chars().all(fits) {
            return Err(DeskError::WeakToken { bits });
        }
    } else if !addr.ip().is_loopback() {
        return Err(DeskError::TokenRequired { addr });
    }
    let tls = match &config.tls {
        Some(files) => Some(
            serve::tls_config(&files.cert, &files.key)
                .map_err(|message| DeskError::Tls { message })?,
        ),
        None if !addr.ip().is_loopback() && !config.insecure_http => {
            return Err(DeskError::TlsRequired { addr });
        }
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| DeskError::Listen {
            addr,
            message: e.to_string(),
        })?;
    let port = listener
        .local_addr()
        .map_err(|e| DeskError::Listen {
            addr,
            message: e.to_string(),
        })?
        .port();
    let mut hosts = vec![format!("localhost:{port}")];
    hosts.extend(config.allow_hosts.iter().map(|h| {
        let h = h.to_ascii_lowercase();
        if h.contains(':') && !h.ends_with(']') {
            h
        } else {
            format!("{h}:{port}")
        }
    }));
    let rules = Arc::new(config.rules);
    let journal = Journal::open(config.state.clone()).map_err(|e| DeskError::State {
        path: config.state.clone().unwrap_or_default(),
        message: e.to_string(),
    })?;
    let journal = Arc::new(journal);
    let watching = match config.exchange {
        Some(dir) => Some(feed::watch(
            dir,
            config.include_existing,
            config.poll,
            config.patience,
            Arc::clone(&rules),
            Arc::clone(&journal),
        )?),
        None => None,
    };
    let desk = Arc::new(Desk {
        rules,
        journal,
        watching,
        guard: guard::Guard {
            hosts,
            port,
            https: tls.is_some(),
            token: config.token,
            log: config.log,
        },
        bodies: Arc::new(tokio::sync::Semaphore::new(guard::BODY_MEMORY)),
        details: config.show_details,
        subscribers: Arc::new(tokio::sync::Semaphore::new(api::MAX_SUBSCRIBERS)),
    });
    Ok(Server {
        listener,
        desk,
        tls,
    })
}

/// The desk's routes, behind the guard.
fn router(desk: Arc<Desk>) -> Router {
    let json_limit = DefaultBodyLimit::max(MAX_JSON);
    Router::new()
        .route("/", get(api::page))
        .route("/app.js", get(api::script))
        .route("/style.css", get(api::style))
        .route("/favicon.svg", get(api::icon))
        .route("/v1/openapi.json", get(api::openapi))
        .route("/v1/status", get(api::status))
        .route("/v1/decide", post(api::decide).layer(json_limit))
        .route(
            "/v1/oqs/decide",
            post(api::oqs_decide).layer(DefaultBodyLimit::max(MAX_FILE)),
        )
        .route("/v1/rules", get(api::rules))
        .route("/v1/rules/audit", get(api::audit))
        .route(
            "/v1/numbers/verify",
            post(api::verify_number).layer(json_limit),
        )
        .route("/v1/script", post(api::script_step).layer(json_limit))
        .route("/v1/events", get(api::events))
        .route("/v1/results", get(api::results))
        .route(
            "/v1/results/{id}/done",
            post(api::mark_done).layer(json_limit),
        )
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&desk),
            guard::check,
        ))
        .with_state(desk)
}
