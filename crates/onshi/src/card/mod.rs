//! The JPKI card protocol over a [`Transport`]: APDUs, PIN counter and verification, certificate
//! reads, and a simulated card. No I/O here: a PC/SC reader, a phone's NFC stack or the simulator
//! carries the bytes.

mod apdu;
mod error;
mod jpki;
mod pin;
mod simulator;

pub use apdu::{Command, Response, StatusWord, Transport, TransportError};
pub use error::CardError;
pub use jpki::{JPKI_AID, JpkiCard, TokenKind};
pub(crate) use pin::last_try;
pub use pin::{LastTry, Pin, PinCounter, PinOutcome};
pub use simulator::{BlockedAnswer, QueryAnswer, SimulatedCard};
