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

    /// The error's domain, [`crate::ErrorDomain::Card`] (its summary is its kind's own words).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::CardError::PinBlocked.domain(), onshi::ErrorDomain::Card);
    /// ```
    pub fn domain(&self) -> crate::ErrorDomain {
        crate::ErrorDomain::Card
    }

    /// The short ja/en summary every binding shows: the words of its kind
    /// ([`CardError::summary_of`]).
    ///
    /// # Example
    /// ```
    /// assert!(onshi::CardError::PinBlocked.summary().en.contains("blocked"));
    /// ```
    pub fn summary(&self) -> crate::Text {
        let (ja, en) = CardError::summary_of(self.kind());
        crate::Text::new(ja, en)
    }

    /// A short message for staff, (Japanese, English), for an error of `kind` (as [`CardError::kind`]
    /// gives it); the details are in `Display`. Every binding shows these same words.
    ///
    /// # Example
    /// ```
    /// let (ja, en) = onshi::CardError::summary_of(onshi::CardError::PinBlocked.kind());
    /// assert!(ja.contains("ロック") && en.contains("blocked"));
    /// assert_eq!(onshi::CardError::summary_of("no_such_kind").1, "the card gave an unexpected answer");
    /// ```
    pub fn summary_of(kind: &str) -> (&'static str, &'static str) {
        match kind {
            "no_reader" => (
                "カードリーダーが接続されていません",
                "no card reader is connected",
            ),
            "no_card" => (
                "カードをリーダーに置いてください",
                "place the card on the reader",
            ),
            "card_removed" => (
                "通信中にカードが離れました。もう一度置いてください",
                "the card was removed; place it again",
            ),
            "transport" => ("カードリーダーのエラーです", "reader error"),
            "not_my_number_card" => ("マイナンバーカードではありません", "not a My Number Card"),
            "pin_required" => (
                "証明書の読み取りには暗証番号が必要です",
                "this token needs the PIN first",
            ),
            "pin_blocked" => (
                "暗証番号がロックされています。顔認証または目視で確認してください",
                "the PIN is blocked; confirm identity by face or visually",
            ),
            "last_try_not_confirmed" => (
                "暗証番号の残り回数が1回です。患者さんの確認が必要です",
                "one PIN try is left; the patient must confirm",
            ),
            "verify_outcome_unknown" => (
                "照合中に通信が切れました。暗証番号を再送せず、残り回数を確認してください",
                "the link failed during PIN verification; query the counter, do not resend",
            ),
            "invalid_pin_format" => ("暗証番号は数字4桁です", "the PIN must be 4 digits"),
            _ => (
                "カードの応答が想定外です",
                "the card gave an unexpected answer",
            ),
        }
    }
}
