//! PIN status from status words, and the JPKI protocol over a transport the app implements.

use std::sync::{Arc, Mutex};

use crate::vocabularies::*;
use crate::{ErrorKind, OnshiError};

/// Reads the answer to a PIN query (an empty VERIFY) from its status word, e.g. 0x63C3; a status
/// word that is no such answer is an InvalidInput error (a counter is never guessed).
#[uniffi::export]
pub fn pin_counter_from_status_word(status_word: u16) -> Result<PinCounter, OnshiError> {
    Ok(onshi::card::PinCounter::from_query_word(status_word)?)
}

/// The PIN state a counter means (what a visit's `pin` says after asking the card).
#[uniffi::export]
pub fn pin_counter_state(counter: PinCounter) -> PinState {
    counter.pin_state()
}

/// The PIN state after a verification (verified: not counted; wrong: the counter's; blocked:
/// locked).
#[uniffi::export]
pub fn pin_result_state(result: PinResult) -> PinState {
    result.pin_state()
}

/// Why a transport could not deliver an APDU; thrown by the app's transport.
#[derive(Debug, uniffi::Error)]
pub enum TransportError {
    /// No reader (or NFC is off).
    NoReader,
    /// No card on the reader.
    NoCard,
    /// The card left the field during the exchange (IsoDep / NFCTag link lost).
    CardRemoved,
    /// Any other failure.
    Io {
        /// What failed.
        reason: String,
    },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::NoReader => f.write_str("no reader"),
            TransportError::NoCard => f.write_str("no card"),
            TransportError::CardRemoved => f.write_str("card removed"),
            TransportError::Io { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for TransportError {}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportError::Io { reason: e.reason }
    }
}

/// Carries APDUs to the card: Android's IsoDep.transceive, iOS Core NFC's sendCommand, or a test
/// double. Returns the response bytes (data then SW1 SW2).
#[uniffi::export(with_foreign)]
pub trait CardTransport: Send + Sync {
    /// Sends one command APDU and returns the response.
    fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError>;
}

struct Foreign(Arc<dyn CardTransport>);

impl onshi::card::Transport for Foreign {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, onshi::card::TransportError> {
        self.0.transmit(apdu.to_vec()).map_err(|e| match e {
            TransportError::NoReader => onshi::card::TransportError::NoReader,
            TransportError::NoCard => onshi::card::TransportError::NoCard,
            TransportError::CardRemoved => onshi::card::TransportError::CardRemoved,
            TransportError::Io { reason } => onshi::card::TransportError::Io { message: reason },
        })
    }
}

/// A JPKI session over the app's transport. The core's PIN rules hold: nothing is sent when the
/// PIN is blocked or on an unconfirmed last try, a VERIFY is never retried, and a link lost during
/// it is the Card error `verify_outcome_unknown`.
#[derive(uniffi::Object)]
pub struct JpkiCard {
    card: Mutex<onshi::card::JpkiCard<Foreign>>,
}

impl JpkiCard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut onshi::card::JpkiCard<Foreign>) -> Result<T, onshi::card::CardError>,
    ) -> Result<T, OnshiError> {
        let mut card = self.card.lock().map_err(|_| OnshiError::Card {
            kind: ErrorKind::Internal,
            reason: "an earlier call on this card failed inside onshi; open a new session"
                .to_owned(),
            reason_ja: onshi::Vocabulary::words(onshi::error::ErrorDomain::Card).ja,
            field: None,
        })?;
        Ok(f(&mut card)?)
    }
}

#[uniffi::export]
impl JpkiCard {
    /// A session over `transport`; nothing is sent yet.
    #[uniffi::constructor]
    pub fn new(transport: Arc<dyn CardTransport>) -> Arc<Self> {
        Arc::new(JpkiCard {
            card: Mutex::new(onshi::card::JpkiCard::new(Foreign(transport))),
        })
    }

    /// Selects the JPKI application.
    pub fn select(&self) -> Result<(), OnshiError> {
        self.with(|c| c.select_jpki())
    }

    /// The token kind.
    pub fn token(&self) -> Result<TokenKind, OnshiError> {
        self.with(|c| c.token())
    }

    /// The user-authentication certificate (DER).
    pub fn read_certificate(&self) -> Result<Vec<u8>, OnshiError> {
        self.with(|c| c.read_auth_certificate())
    }

    /// The certificate of the CA that issued the user-authentication certificate (DER).
    pub fn read_ca_certificate(&self) -> Result<Vec<u8>, OnshiError> {
        self.with(|c| c.read_auth_ca_certificate())
    }

    /// The PIN counter, asked without spending a try.
    pub fn pin_counter(&self) -> Result<PinCounter, OnshiError> {
        self.with(|c| c.pin_counter())
    }

    /// Verifies the 4-digit PIN once (the PIN never appears in any error).
    pub fn verify_pin(
        &self,
        pin: String,
        last_try_confirmed: bool,
    ) -> Result<PinResult, OnshiError> {
        let pin = onshi::card::Pin::new(&pin)?;
        let last_try = if last_try_confirmed {
            onshi::card::LastTry::Confirmed
        } else {
            onshi::card::LastTry::Refuse
        };
        self.with(|c| c.verify_pin(&pin, last_try))
    }
}

/// A simulated My Number Card (plastic card) holding `certificate` (DER) and a 4-digit `pin` with
/// `tries` left, for developing and testing an app's transport without a card.
#[derive(uniffi::Object)]
pub struct SimulatedCard {
    card: Mutex<onshi::card::SimulatedCard>,
}

#[uniffi::export]
impl SimulatedCard {
    /// A simulated card.
    #[uniffi::constructor]
    pub fn new(certificate: Vec<u8>, pin: String, tries: u8) -> Result<Arc<Self>, OnshiError> {
        let pin = onshi::card::Pin::new(&pin)?;
        let card = onshi::card::SimulatedCard::new(
            onshi::card::TokenKind::PlasticCard,
            certificate,
            Vec::new(),
            pin,
        )
        .with_tries(tries)?;
        Ok(Arc::new(SimulatedCard {
            card: Mutex::new(card),
        }))
    }

    /// One APDU exchange with the simulated card.
    pub fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let mut card = self.card.lock().map_err(|_| TransportError::Io {
            reason: "the simulated card failed earlier".to_owned(),
        })?;
        onshi::card::Transport::transmit(&mut *card, &apdu).map_err(|e| match e {
            onshi::card::TransportError::NoReader => TransportError::NoReader,
            onshi::card::TransportError::NoCard => TransportError::NoCard,
            onshi::card::TransportError::CardRemoved => TransportError::CardRemoved,
            other => TransportError::Io {
                reason: other.to_string(),
            },
        })
    }

    /// How many PIN verifications (with a PIN) the card received.
    pub fn pin_attempts(&self) -> u32 {
        self.card
            .lock()
            .map(|c| u32::try_from(c.pin_attempts()).unwrap_or(u32::MAX))
            .unwrap_or(0)
    }
}
