//! Errors of the card protocol.

use super::apdu::{StatusWord, TransportError};

/// Why a card operation failed (カード読み取りのエラー). Never contains a PIN.
///
/// # Example
/// ```
/// use onshi::card::{CardError, Pin};
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
    /// assert_eq!(onshi::card::CardError::LastTryNotConfirmed.kind(), onshi::error::ErrorKind::LastTryNotConfirmed);
    /// assert_eq!(onshi::card::CardError::from(onshi::card::TransportError::NoCard).kind(), onshi::error::ErrorKind::NoCard);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            CardError::Transport(TransportError::NoReader) => crate::error::ErrorKind::NoReader,
            CardError::Transport(TransportError::NoCard) => crate::error::ErrorKind::NoCard,
            CardError::Transport(TransportError::CardRemoved) => {
                crate::error::ErrorKind::CardRemoved
            }
            CardError::Transport(_) => crate::error::ErrorKind::Transport,
            CardError::NotMyNumberCard { .. } => crate::error::ErrorKind::NotMyNumberCard,
            CardError::FileNotFound { .. } => crate::error::ErrorKind::FileNotFound,
            CardError::PinRequired => crate::error::ErrorKind::PinRequired,
            CardError::PinBlocked => crate::error::ErrorKind::PinBlocked,
            CardError::LastTryNotConfirmed => crate::error::ErrorKind::LastTryNotConfirmed,
            CardError::VerifyOutcomeUnknown { .. } => crate::error::ErrorKind::VerifyOutcomeUnknown,
            CardError::InvalidPinFormat => crate::error::ErrorKind::InvalidPinFormat,
            CardError::UnexpectedStatus { .. } => crate::error::ErrorKind::UnexpectedStatus,
            CardError::Malformed { .. } => crate::error::ErrorKind::Malformed,
        }
    }

    /// The error's domain, [`crate::error::ErrorDomain::Card`] (its summary is its kind's own words).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::CardError::PinBlocked.domain(), onshi::error::ErrorDomain::Card);
    /// ```
    pub fn domain(&self) -> crate::error::ErrorDomain {
        crate::error::ErrorDomain::Card
    }

    /// The short ja/en summary every binding shows: its kind's words, except that a file the
    /// card lacks and a malformed answer say what an unexpected status word says.
    ///
    /// # Example
    /// ```
    /// use onshi::card::CardError;
    /// use onshi::error::ErrorKind;
    /// use onshi::Vocabulary;
    /// assert!(CardError::PinBlocked.words().en.contains("blocked"));
    /// let short = CardError::Malformed { problem: "short".into() };
    /// assert_eq!(short.words(), ErrorKind::UnexpectedStatus.words());
    /// ```
    pub fn words(&self) -> crate::Text {
        use crate::Vocabulary;
        use crate::error::ErrorKind;
        match self.kind() {
            ErrorKind::FileNotFound | ErrorKind::Malformed => ErrorKind::UnexpectedStatus.words(),
            kind => kind.words(),
        }
    }
}
