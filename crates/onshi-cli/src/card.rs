//! `onshi card …`: the JPKI card from the command line, through PC/SC or the simulated card.

use crate::out::{say, tell};
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand, ValueEnum};
use onshi::card::{
    CardError, JpkiCard, LastTry, Pin, PinOutcome, SimulatedCard, TokenKind, Transport,
};

use crate::Failure;
use crate::args::Output;

#[derive(Subcommand)]
pub enum CardCommand {
    /// Token type and PIN tries left (no try is spent).
    Status {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        output: Output,
    },
    /// Read the user-authentication certificate (PEM on standard output, or DER to --out).
    ReadCert {
        #[command(flatten)]
        source: Source,
        /// Write DER to this file instead of PEM to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The PIN for tokens that need it (Android): read from standard input.
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Verify the PIN once; the PIN is read from standard input, never from arguments.
    VerifyPin {
        #[command(flatten)]
        source: Source,
        /// The patient confirmed that a wrong PIN on the last try locks the card.
        #[arg(long)]
        confirm_last_try: bool,
        #[command(flatten)]
        output: Output,
    },
    /// Serve a simulated My Number Card to a vpcd virtual reader (development and tests).
    Simulate {
        #[command(flatten)]
        card: SimCard,
        /// Where vpcd listens.
        #[arg(long, default_value = "127.0.0.1:35963")]
        vpcd: String,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
    },
}

/// Which card to talk to.
#[derive(Args)]
pub struct Source {
    /// Use the simulated card instead of a reader.
    #[arg(long)]
    simulated: bool,
    /// The PC/SC reader to use (a part of its name); default: the first with a card.
    #[arg(long)]
    reader: Option<String>,
    #[command(flatten)]
    sim: SimCard,
}

#[derive(Clone, Copy, ValueEnum)]
enum TokenArg {
    Plastic,
    Android,
    Ios,
}

/// The simulated card's configuration.
#[derive(Args)]
pub struct SimCard {
    /// Simulated card: its user-authentication certificate (DER or PEM).
    #[arg(long)]
    sim_cert: Option<PathBuf>,
    /// Simulated card: the CA certificate in EF 000B (DER or PEM).
    #[arg(long)]
    sim_ca_cert: Option<PathBuf>,
    /// Simulated card: its PIN (tests only; never pass a real PIN as an argument).
    #[arg(long, default_value = "1234")]
    sim_pin: String,
    /// Simulated card: PIN tries left.
    #[arg(long, default_value_t = 3)]
    sim_tries: u8,
    /// Simulated card: what carries it.
    #[arg(long, value_enum, default_value = "plastic")]
    sim_token: TokenArg,
    /// Simulated card: taken away after this many APDUs (tests the "card removed" path).
    #[arg(long)]
    sim_remove_after: Option<usize>,
    /// Simulated card: some other card without the JPKI application.
    #[arg(long)]
    sim_foreign: bool,
}

fn der_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let bytes = crate::read_bytes(path, crate::limits::CERTIFICATE)?;
    onshi::certificate::certificate_der(&bytes)
        .map_err(|e| Failure(format!("{}: {e}", path.display())))
}

impl SimCard {
    fn build(&self) -> Result<SimulatedCard, Failure> {
        let cert = self
            .sim_cert
            .as_deref()
            .map(der_file)
            .transpose()?
            .unwrap_or_default();
        let ca = self
            .sim_ca_cert
            .as_deref()
            .map(der_file)
            .transpose()?
            .unwrap_or_default();
        let pin = Pin::new(&self.sim_pin).map_err(|e| Failure(format!("--sim-pin: {e}")))?;
        let token = match self.sim_token {
            TokenArg::Plastic => TokenKind::PlasticCard,
            TokenArg::Android => TokenKind::AndroidEmbedded,
            TokenArg::Ios => TokenKind::IosEmbedded,
        };
        let mut sim = SimulatedCard::new(token, cert, ca, pin)
            .with_tries(self.sim_tries)
            .map_err(|e| Failure(format!("--sim-tries: {e}")))?;
        if self.sim_foreign {
            sim = sim.foreign_card();
        }
        Ok(match self.sim_remove_after {
            Some(n) => sim.remove_after(n),
            None => sim,
        })
    }
}

fn open(source: &Source) -> Result<Box<dyn Transport>, Failure> {
    if source.simulated {
        return Ok(Box::new(source.sim.build()?));
    }
    pcsc_transport(source.reader.as_deref())
}

#[cfg(feature = "pcsc")]
fn pcsc_transport(reader: Option<&str>) -> Result<Box<dyn Transport>, Failure> {
    onshi_pcsc::PcscTransport::connect(reader)
        .map(|t| Box::new(t) as Box<dyn Transport>)
        .map_err(|e| Failure(e.to_string()))
}

#[cfg(not(feature = "pcsc"))]
fn pcsc_transport(_reader: Option<&str>) -> Result<Box<dyn Transport>, Failure> {
    Err(Failure(
        "this onshi was built without PC/SC support: rebuild with `cargo build -p onshi-cli --features pcsc` \
         (needs libpcsclite-dev and a running pcscd), or use --simulated"
            .to_owned(),
    ))
}

fn card_failure(e: CardError) -> Failure {
    Failure(e.to_string())
}

fn read_pin() -> Result<Pin, Failure> {
    crate::out::prompt("PIN (4 digits): ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure(format!("cannot read the PIN from standard input: {e}")))?;
    let pin = Pin::new(line.trim_end_matches(['\r', '\n'])).map_err(card_failure);
    line.clear();
    tell!();
    pin
}

pub fn run(command: CardCommand) -> Result<std::process::ExitCode, Failure> {
    use std::process::ExitCode;
    match command {
        CardCommand::Status { source, output } => {
            let mut card = JpkiCard::new(open(&source)?);
            card.select_jpki().map_err(card_failure)?;
            let token = card.token().map_err(card_failure)?;
            let counter = card.pin_counter().map_err(card_failure)?;
            if output.json {
                say!(
                    "{}",
                    serde_json::json!({"token": token, "pin": counter, "pin_state": counter.pin_state()})
                );
            } else {
                say!("token: {}", token.words().en);
                say!("PIN: {}", counter.words().en);
            }
            Ok(ExitCode::SUCCESS)
        }
        CardCommand::ReadCert {
            source,
            out,
            pin_stdin,
        } => {
            let mut card = JpkiCard::new(open(&source)?);
            card.select_jpki().map_err(card_failure)?;
            let der = match card.read_auth_certificate() {
                Err(CardError::PinRequired) if pin_stdin => {
                    let pin = read_pin()?;
                    verify_once(&mut card, &pin, LastTry::Refuse)?;
                    card.read_auth_certificate().map_err(card_failure)?
                }
                Err(CardError::PinRequired) => {
                    return Err(Failure(
                        "this token needs the PIN before the certificate can be read: add --pin-stdin".to_owned(),
                    ));
                }
                other => other.map_err(card_failure)?,
            };
            match out {
                Some(path) => {
                    std::fs::write(&path, &der)
                        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
                    tell!("wrote {} bytes to {}", der.len(), path.display());
                }
                None => crate::out::text(&onshi::certificate::certificate_pem(&der)),
            }
            Ok(ExitCode::SUCCESS)
        }
        CardCommand::VerifyPin {
            source,
            confirm_last_try,
            output,
        } => {
            let mut card = JpkiCard::new(open(&source)?);
            card.select_jpki().map_err(card_failure)?;
            let pin = read_pin()?;
            let last = if confirm_last_try {
                LastTry::Confirmed
            } else {
                LastTry::Refuse
            };
            let outcome = verify_once(&mut card, &pin, last)?;
            if output.json {
                say!(
                    "{}",
                    serde_json::json!({"outcome": outcome, "pin_state": outcome.pin_state()})
                );
            } else {
                match outcome {
                    PinOutcome::Verified => say!("PIN verified"),
                    PinOutcome::Wrong { counter } => {
                        say!("wrong PIN: {}", counter.words().en)
                    }
                    PinOutcome::Blocked => say!(
                        "wrong PIN: the card is now blocked (face or visual check still work; unlock at the municipality)"
                    ),
                }
            }
            Ok(if outcome == PinOutcome::Verified {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        CardCommand::Simulate {
            card,
            vpcd,
            timeout,
        } => simulate(card.build()?, &vpcd, Duration::from_secs(timeout)),
    }
}

fn verify_once<T: Transport>(
    card: &mut JpkiCard<T>,
    pin: &Pin,
    last: LastTry,
) -> Result<PinOutcome, Failure> {
    card.verify_pin(pin, last).map_err(|e| match e {
        CardError::LastTryNotConfirmed => Failure(
            "one PIN try is left and nothing was sent: a wrong PIN would lock the card. \
             Offer a visual check, or ask the patient and rerun with --confirm-last-try"
                .to_owned(),
        ),
        other => card_failure(other),
    })
}

/// The virtual-card side of vpcd's protocol: each message is a 2-byte big-endian length and a
/// payload; one-byte payloads are 0x00 power off, 0x01 power on, 0x02 reset, 0x04 send the ATR;
/// anything else is an APDU, answered with the response.
fn simulate(
    mut sim: SimulatedCard,
    vpcd: &str,
    timeout: Duration,
) -> Result<std::process::ExitCode, Failure> {
    let started = Instant::now();
    let mut stream = loop {
        match TcpStream::connect(vpcd) {
            Ok(s) => break s,
            Err(e) if started.elapsed() > Duration::from_secs(10) => {
                return Err(Failure(format!(
                    "cannot reach vpcd at {vpcd}: {e} (is pcscd with vsmartcard-vpcd running?)"
                )));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    tell!("simulated card connected to vpcd at {vpcd}");
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .map_err(|e| Failure(e.to_string()))?;
    let mut exchanged = 0usize;
    while started.elapsed() < timeout && exchanged < 1_000_000 {
        let mut len = [0u8; 2];
        match stream.read_exact(&mut len) {
            Ok(()) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(_) => break, // vpcd closed the connection
        }
        let n = usize::from(u16::from_be_bytes(len));
        let mut payload = vec![0u8; n];
        if stream.read_exact(&mut payload).is_err() {
            break;
        }
        exchanged += 1;
        let reply = match payload.as_slice() {
            [0x00] | [0x01] | [0x02] => {
                sim.reset();
                None
            }
            [0x04] => Some(SimulatedCard::ATR.to_vec()),
            apdu => match sim.transmit(apdu) {
                Ok(response) => Some(response),
                // The card is taken away: drop the link, as a real card leaving the field does.
                Err(_) => break,
            },
        };
        if let Some(reply) = reply {
            let mut msg = (reply.len() as u16).to_be_bytes().to_vec();
            msg.extend(reply);
            if stream.write_all(&msg).is_err() {
                break;
            }
        }
    }
    tell!("simulated card stopped after {exchanged} messages");
    Ok(std::process::ExitCode::SUCCESS)
}
