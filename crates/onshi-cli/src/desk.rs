//! `onshi desk`: the desk screen and the JSON API on this computer (crate onshi-desk).

use crate::out::{say, tell};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::{Failure, load_rules};

#[derive(Args)]
pub struct DeskArgs {
    /// The 連携アプリ's exchange folder (with face and res): each new file is shown as a decision.
    /// Without it the page has the form and the script, and the API works.
    #[arg(long)]
    exchange: Option<PathBuf>,
    /// The port on 127.0.0.1 (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = onshi_desk::DEFAULT_PORT)]
    port: u16,
    /// Listen on another address (IP or IP:PORT) instead of 127.0.0.1: needs a token.
    #[arg(long)]
    listen: Option<String>,
    /// A file holding the token every request must carry (or set ONSHI_DESK_TOKEN).
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Another host name the desk answers to (its name on the clinic network); repeatable.
    #[arg(long)]
    allow_host: Vec<String>,
    /// A rule table (complete, or an overlay with "extends": "builtin").
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Also show the files that were in the folder before the desk first ran (otherwise only
    /// those that landed since; files that landed while the desk was down are shown at start).
    #[arg(long)]
    all: bool,
    /// Where the journal of results shown is kept (default: the user's data folder,
    /// ~/.local/share/onshi/desk); the day's list and its ids survive a restart.
    #[arg(long)]
    state: Option<PathBuf>,
    /// No request log on standard error.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: DeskArgs) -> Result<ExitCode, Failure> {
    let mut config = onshi_desk::DeskConfig::new(load_rules(args.rules.as_deref())?);
    config.listen = match args.listen.as_deref() {
        None => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port),
        Some(text) => text
            .parse::<SocketAddr>()
            .or_else(|_| {
                text.parse::<IpAddr>()
                    .map(|ip| SocketAddr::new(ip, args.port))
            })
            .map_err(|_| Failure(format!("--listen {text}: give an IP address or IP:PORT")))?,
    };
    config.token = match (&args.token_file, std::env::var("ONSHI_DESK_TOKEN")) {
        (Some(file), _) => Some(
            String::from_utf8(crate::read_bytes(file, 4096)?)
                .map_err(|_| Failure(format!("--token-file {}: not UTF-8", file.display())))?
                .trim()
                .to_owned(),
        ),
        (None, Ok(token)) if !token.is_empty() => Some(token),
        _ => None,
    };
    let has_token = config.token.is_some();
    config.allow_hosts = args.allow_host;
    // The journal keeps what the exchange folder showed: without a folder there is nothing to keep.
    config.state = match (&args.exchange, args.state) {
        (_, Some(state)) => Some(state),
        (Some(_), None) => onshi_desk::default_state_dir(),
        (None, None) => None,
    };
    config.exchange = args.exchange;
    config.include_existing = args.all;
    config.log = !args.quiet;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start: {e}")))?;
    runtime.block_on(async {
        let server = onshi_desk::bind(config)
            .await
            .map_err(|e| Failure(e.to_string()))?;
        let addr = server.local_addr();
        let host = if addr.ip().is_loopback() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        };
        // The first line is the address (scripts and tests read it); the rest is for people.
        say!("onshi desk: http://{host}/");
        if has_token {
            say!("open http://{host}/?token=TOKEN once in the browser; programs send Authorization: Bearer TOKEN");
        }
        tell!("API: http://{host}/v1/openapi.json — stop with Ctrl-C");
        server
            .run()
            .await
            .map_err(|e| Failure(format!("the desk stopped: {e}")))?;
        Ok(ExitCode::SUCCESS)
    })
}
