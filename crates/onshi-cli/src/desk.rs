//! `onshi desk`: the desk screen and the JSON API on this computer (crate onshi-desk).

use crate::out::{say, tell};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::Failure;
use crate::args::RuleTable;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DeskArgs {
    #[command(subcommand)]
    command: Option<DeskCommand>,
    /// The 連携アプリ's exchange folder (with face and res): each new file is shown as a decision.
    /// Without it the page has the form and the script, and the API works.
    #[arg(long)]
    exchange: Option<PathBuf>,
    /// The port on 127.0.0.1 (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = onshi_desk::DEFAULT_PORT)]
    port: u16,
    /// Listen on another address (IP or IP:PORT) instead of 127.0.0.1: needs a token, and TLS
    /// (--tls-cert and --tls-key) or --insecure-http.
    #[arg(long)]
    listen: Option<String>,
    /// A file holding the token every request must carry (or set ONSHI_DESK_TOKEN); `onshi desk
    /// token FILE` writes one.
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// The clinic's certificate chain (PEM): the desk speaks HTTPS.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP beyond this computer anyway: the token and every decision cross the
    /// network in clear. Only where the network itself is trusted.
    #[arg(long, conflicts_with = "tls_cert")]
    insecure_http: bool,
    /// Another host name the desk answers to (its name on the clinic network); repeatable.
    #[arg(long)]
    allow_host: Vec<String>,
    #[command(flatten)]
    table: RuleTable,
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
    /// How long a file that does not parse may stay unchanged before it is shown as unreadable
    /// (the terminal may pause mid-file), in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    patience_ms: u64,
    /// A clerk's screen: show each result's kana, birth date, insurer, 記号・番号・枝番 and 限度額区分,
    /// as the official terminal does. Without it (a screen patients may see) none of these.
    #[arg(long)]
    show_details: bool,
}

/// `onshi desk …` commands besides serving.
#[derive(clap::Subcommand)]
enum DeskCommand {
    /// Write a new token (256 random bits, base64url) into FILE, readable by you only: give it to
    /// `onshi desk --token-file FILE` and to the programs that call the desk.
    Token {
        /// The file to create (it must not exist).
        file: PathBuf,
    },
}

/// Writes a new random token into a new file, mode 0600.
fn write_token(file: &std::path::Path) -> Result<ExitCode, Failure> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Failure("the system's random source failed".to_owned()))?;
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut token = String::with_capacity(44);
    let mut bits = 0u32;
    let mut held = 0u32;
    for b in bytes {
        held = (held << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            let index = ((held >> bits) & 0x3F) as usize;
            token.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
        }
    }
    if bits > 0 {
        let index = ((held << (6 - bits)) & 0x3F) as usize;
        token.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'A')));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options
        .open(file)
        .map_err(|e| Failure(format!("{}: {e} (give a new file)", file.display())))?;
    std::io::Write::write_all(&mut out, format!("{token}\n").as_bytes())
        .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    tell!(
        "{}: a new token (256 bits), readable by you only; start the desk with --token-file {}",
        file.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: DeskArgs) -> Result<ExitCode, Failure> {
    if let Some(DeskCommand::Token { file }) = &args.command {
        return write_token(file);
    }
    let mut config = onshi_desk::DeskConfig::new(args.table.load()?);
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
    config.tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some(onshi_desk::TlsFiles { cert, key }),
        _ => None,
    };
    config.insecure_http = args.insecure_http;
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
    config.show_details = args.show_details;
    config.patience = std::time::Duration::from_millis(args.patience_ms);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start: {e}")))?;
    runtime.block_on(async {
        let server = onshi_desk::bind(config)
            .await
            .map_err(|e| Failure(e.to_string()))?;
        let addr = server.local_addr();
        let scheme = if server.tls() { "https" } else { "http" };
        let default_port = if server.tls() { 443 } else { 80 };
        // The address that answers: an unspecified one (0.0.0.0, ::) answers on loopback too.
        let ip = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let host = match ip {
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let port = if addr.port() == default_port {
            String::new()
        } else {
            format!(":{}", addr.port())
        };
        // The first line is the address (scripts and tests read it); the rest is for people.
        say!("onshi desk: {scheme}://{host}{port}/");
        if addr.ip().is_unspecified() {
            say!(
                "listening on every address of this computer: from another computer use {scheme}://ADDRESS{port}/ (or a name given with --allow-host)"
            );
        }
        if !addr.ip().is_loopback() && !server.tls() {
            tell!(
                "warning: plain HTTP beyond this computer: the token and every decision cross the network in clear (--insecure-http)"
            );
        }
        if has_token {
            say!("open {scheme}://{host}{port}/?token=TOKEN once in the browser; programs send Authorization: Bearer TOKEN");
        }
        tell!("API: {scheme}://{host}{port}/v1/openapi.json — stop with Ctrl-C");
        server
            .run()
            .await
            .map_err(|e| Failure(format!("the desk stopped: {e}")))?;
        Ok(ExitCode::SUCCESS)
    })
}
