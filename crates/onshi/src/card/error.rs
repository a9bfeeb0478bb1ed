//! Errors of the card protocol.

use super::apdu::{StatusWord, TransportError};

/// Why a card operation failed (カード読み取りのエラー). Never contains a PIN.
///
/// # Example
/// ```
/// use onshi::{CardError, Pin};
/// let err = Pin::new("abcd").unwrap_err();
/// assert_eq!(err, CardError::InvalidPinFormat);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// The reader or link failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The card has no JPKI application: not a My Number Card.
    #[error("not a My Number Card (the JPKI application answered {sw})")]
    NotMyNumberCard {
        /// The answer to SELECT.
        sw: StatusWord,
    },
    /// A file the operation needs is missing on this card.
    #[error("file {file} is not on this card ({sw})")]
    FileNotFound {
        /// The file id, hex.
        file: String,
        /// The answer.
        sw: StatusWord,
    },
    /// Reading needs the PIN first (the Android スマホ用電子証明書 token).
    #[error("this token needs the PIN before the certificate can be read")]
    PinRequired,
    /// The PIN is blocked; nothing was sent. Unlock at the municipality; use face or visual check.
    #[error(
        "the PIN is blocked; nothing was sent. Confirm identity by face or visual check; unlocking needs the municipality"
    )]
    PinBlocked,
    /// One try is left and the caller did not confirm; nothing was sent.
    #[error(
        "one PIN try is left and it was not confirmed; nothing was sent (a wrong PIN would lock the card)"
    )]
    LastTryNotConfirmed,
    /// The link failed during VERIFY: the try may or may not have been spent. Query the counter; do
    /// not resend the PIN automatically.
    #[error(
        "the link failed during PIN verification: the try may have been spent ({transport}); query the counter before anything else"
    )]
    VerifyOutcomeUnknown {
        /// What failed.
        transport: TransportError,
    },
    /// The PIN is not 4 ASCII digits (the input is never repeated).
    #[error("the PIN must be exactly 4 digits (0–9)")]
    InvalidPinFormat,
    /// A status word the operation does not expect.
    #[error("{command} answered {sw}")]
    UnexpectedStatus {
        /// The operation.
        command: &'static str,
        /// The answer.
        sw: StatusWord,
    },
    /// Response bytes that cannot be what the card should send.
    #[error("unexpected response: {problem}")]
    Malformed {
        /// What is wrong.
        problem: String,
    },
}

impl CardError {
    /// A stable slug (`pin_blocked`, `card_removed`, …); transport errors give their own kind.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::CardError::LastTryNotConfirmed.kind(), onshi::ErrorKind::LastTryNotConfirmed);
    /// assert_eq!(onshi::CardError::from(onshi::TransportError::NoCard).kind(), onshi::ErrorKind::NoCard);
    /// ```
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            CardError::Transport(TransportError::NoReader) => crate::ErrorKind::NoReader,
            CardError::Transport(TransportError::NoCard) => crate::ErrorKind::NoCard,
            CardError::Transport(TransportError::CardRemoved) => crate::ErrorKind::CardRemoved,
            CardError::Transport(_) => crate::ErrorKind::Transport,
            CardError::NotMyNumberCard { .. } => crate::ErrorKind::NotMyNumberCard,
            CardError::FileNotFound { .. } => crate::ErrorKind::FileNotFound,
            CardError::PinRequired => crate::ErrorKind::PinRequired,
            CardError::PinBlocked => crate::ErrorKind::PinBlocked,
            CardError::LastTryNotConfirmed => crate::ErrorKind::LastTryNotConfirmed,
            CardError::VerifyOutcomeUnknown { .. } => crate::ErrorKind::VerifyOutcomeUnknown,
            CardError::InvalidPinFormat => crate::ErrorKind::InvalidPinFormat,
            CardError::UnexpectedStatus { .. } => crate::ErrorKind::UnexpectedStatus,
            CardError::Malformed { .. } => crate::ErrorKind::Malformed,
        }
    }

    /// The error's domain, [`crate::ErrorDomain::Card`] (its summary is its kind's own words).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::CardError::PinBlocked.domain(), onshi::ErrorDomain::Card);
    /// ```
    pub fn domain(&self) -> crate::ErrorDomain {
        crate::ErrorDomain::Card
    }

    /// The short ja/en summary every binding shows: its kind's words, except that a file the
    /// card lacks and a malformed answer say what an unexpected status word says.
    ///
    /// # Example
    /// ```
    /// use onshi::{CardError, ErrorKind, Vocabulary};
    /// assert!(CardError::PinBlocked.words().en.contains("blocked"));
    /// let short = CardError::Malformed { problem: "short".into() };
    /// assert_eq!(short.words(), ErrorKind::UnexpectedStatus.words());
    /// ```
    pub fn words(&self) -> crate::Text {
        use crate::{ErrorKind, Vocabulary};
        match self.kind() {
            ErrorKind::FileNotFound | ErrorKind::Malformed => ErrorKind::UnexpectedStatus.words(),
            kind => kind.words(),
        }
    }
}
