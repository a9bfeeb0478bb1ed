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
    /// assert_eq!(onshi::CardError::LastTryNotConfirmed.kind(), "last_try_not_confirmed");
    /// assert_eq!(onshi::CardError::from(onshi::TransportError::NoCard).kind(), "no_card");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            CardError::Transport(TransportError::NoReader) => "no_reader",
            CardError::Transport(TransportError::NoCard) => "no_card",
            CardError::Transport(TransportError::CardRemoved) => "card_removed",
            CardError::Transport(_) => "transport",
            CardError::NotMyNumberCard { .. } => "not_my_number_card",
            CardError::FileNotFound { .. } => "file_not_found",
            CardError::PinRequired => "pin_required",
            CardError::PinBlocked => "pin_blocked",
            CardError::LastTryNotConfirmed => "last_try_not_confirmed",
            CardError::VerifyOutcomeUnknown { .. } => "verify_outcome_unknown",
            CardError::InvalidPinFormat => "invalid_pin_format",
            CardError::UnexpectedStatus { .. } => "unexpected_status",
            CardError::Malformed { .. } => "malformed",
        }
    }
}
