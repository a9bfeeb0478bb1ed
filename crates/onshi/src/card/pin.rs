//! The user-authentication PIN (利用者証明用暗証番号) and what the card says about its counter.
//!
//! Status words (reference/jpki.md §1): `63Cx` = x tries left; `63C0`, `6983`, `6984` = blocked (cards
//! answer `63C0` on the try that exhausts the counter and `6984` afterwards; some peers see `6983`);
//! `6300` = a failure with no limit reported; `9000` to an empty VERIFY = the card does not report a
//! count. onshi never infers a count from any other status word.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::apdu::StatusWord;
use super::error::CardError;
use crate::policy::cited::{Applied, Cited};
use crate::policy::rules::RuleId;
use crate::reception::identity::PinState;
use crate::vocabulary::kinds;

/// A 4-digit PIN, zeroed when dropped, never shown by `Debug` or any error.
///
/// # Example
/// ```
/// use onshi::card::Pin;
/// let pin = Pin::new("1234").unwrap();
/// assert_eq!(format!("{pin:?}"), "Pin(****)");
/// let err = Pin::new("12a4").unwrap_err();
/// assert!(!err.to_string().contains("12a4"));
/// assert!(Pin::new("12345").is_err() && Pin::new("１２３４").is_err());
/// ```
#[derive(Clone)]
pub struct Pin(Zeroizing<[u8; 4]>);

impl Pin {
    /// Accepts exactly four ASCII digits.
    ///
    /// # Errors
    /// [`CardError::InvalidPinFormat`] (which never contains the input).
    ///
    /// # Example
    /// ```
    /// assert!(onshi::card::Pin::new("0000").is_ok());
    /// assert_eq!(onshi::card::Pin::new("").unwrap_err().kind(), onshi::error::ErrorKind::InvalidPinFormat);
    /// ```
    pub fn new(text: &str) -> Result<Pin, CardError> {
        let bytes = text.as_bytes();
        if bytes.len() != 4 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(CardError::InvalidPinFormat);
        }
        let mut digits = Zeroizing::new([0u8; 4]);
        digits.copy_from_slice(bytes);
        Ok(Pin(digits))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0[..]
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

kinds! {
    /// What the card reported about the PIN counter (残り回数).
    ///
    /// # Example
    /// ```
    /// let c: onshi::card::PinCounter = serde_json::from_str(r#"{"counter": "remaining", "tries": 2}"#).unwrap();
    /// assert_eq!(c, onshi::card::PinCounter::Remaining { tries: 2 });
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "counter")]
    pub enum PinCounter {
        /// This many tries left (`63Cx`, x ≥ 1).
        Remaining = "remaining" {
            /// Tries left.
            tries: u8,
        },
        /// Blocked (`63C0`, `6983`, `6984`): only the municipality can reset it.
        Blocked = "blocked",
        /// `6300`: a failure without a count.
        NoLimit = "no_limit",
        /// `9000` to a query: the card does not report a count.
        NotReported = "not_reported",
    }
}

impl PinCounter {
    /// The counter in words for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::Lang;
    /// use onshi::card::PinCounter;
    /// assert_eq!(PinCounter::Remaining { tries: 2 }.words().get(Lang::En), "2 tries left");
    /// assert!(PinCounter::Blocked.words().get(Lang::Ja).contains("ロック"));
    /// ```
    pub fn words(&self) -> crate::Text {
        match self {
            PinCounter::Remaining { tries } => crate::Text::new(
                format!("暗証番号の残り回数は{tries}回です"),
                format!("{tries} tries left"),
            ),
            PinCounter::Blocked => crate::Text::new(
                "暗証番号がロックされています。顔認証または目視で本人確認してください（解除は市区町村で）",
                "blocked: confirm identity by face or visual check; unlocking needs the municipality",
            ),
            PinCounter::NoLimit => crate::Text::new(
                "カードは残り回数を示していません",
                "the card reports no limit",
            ),
            PinCounter::NotReported => crate::Text::new(
                "カードは残り回数を報告しません",
                "the card does not report a count",
            ),
        }
    }

    /// Reads the answer to an empty VERIFY (a query that spends no try).
    ///
    /// # Example
    /// ```
    /// use onshi::card::{PinCounter, StatusWord};
    /// assert_eq!(PinCounter::from_query(StatusWord(0x63C3)), Some(PinCounter::Remaining { tries: 3 }));
    /// assert_eq!(PinCounter::from_query(StatusWord(0x6984)), Some(PinCounter::Blocked));
    /// assert_eq!(PinCounter::from_query(StatusWord(0x9000)), Some(PinCounter::NotReported));
    /// assert_eq!(PinCounter::from_query(StatusWord(0x6A82)), None); // never guessed
    /// ```
    pub fn from_query(sw: StatusWord) -> Option<PinCounter> {
        Self::from_query_inner(sw)
    }

    /// [`PinCounter::from_query`] as the bindings take it: a status word that is no answer to a
    /// PIN query is an [`InputError`](crate::error::InputError) for the field `status_word`.
    ///
    /// # Example
    /// ```
    /// use onshi::card::PinCounter;
    /// assert_eq!(PinCounter::from_query_word(0x63C2).unwrap(), PinCounter::Remaining { tries: 2 });
    /// assert!(PinCounter::from_query_word(0x6A82).unwrap_err().to_string().contains("6A82"));
    /// ```
    pub fn from_query_word(status_word: u16) -> Result<PinCounter, crate::error::InputError> {
        Self::from_query(StatusWord(status_word)).ok_or_else(|| crate::error::InputError::Invalid {
            field: "status_word".to_owned(),
            problem: format!("status word {status_word:04X} is not an answer to a PIN query"),
        })
    }

    fn from_query_inner(sw: StatusWord) -> Option<PinCounter> {
        match sw.0 {
            0x9000 => Some(PinCounter::NotReported),
            _ => Self::from_failure(sw),
        }
    }

    /// Reads a failed VERIFY's status word.
    fn from_failure(sw: StatusWord) -> Option<PinCounter> {
        match sw.0 {
            0x63C0 | 0x6983 | 0x6984 => Some(PinCounter::Blocked),
            0x63C1..=0x63CF => Some(PinCounter::Remaining {
                tries: sw.sw2() & 0x0F,
            }),
            0x6300 => Some(PinCounter::NoLimit),
            _ => None,
        }
    }

    /// The counter as the reception decision takes it.
    ///
    /// # Example
    /// ```
    /// use onshi::card::PinCounter;
    /// use onshi::reception::PinState;
    /// assert_eq!(PinCounter::Blocked.pin_state(), PinState::Locked);
    /// assert_eq!(PinCounter::NotReported.pin_state(), PinState::Unknown);
    /// ```
    pub fn pin_state(&self) -> PinState {
        match self {
            PinCounter::Remaining { tries } => PinState::Remaining { tries: *tries },
            PinCounter::Blocked => PinState::Locked,
            PinCounter::NoLimit | PinCounter::NotReported => PinState::Unknown,
        }
    }
}

// pin.max-tries — 001_86d564a6a8f45e49.txt:363; 002_d90f2e6524198125.txt:687; reference/jpki.md §7:
// consecutive wrong PINs lock the card; only the municipality unlocks it (004:736), while face or a
// visual check still confirm identity (004:734).
// pin.last-try — 001_86d564a6a8f45e49.txt:363; 004_b85a80dacb8bbe22.txt:734-736; reference/jpki.md
// §7: so with one try left the next wrong PIN locks the card: nothing is sent on it unless the
// patient confirmed, and VERIFY is never retried (a last-attempt guard).
/// Whether the next wrong PIN locks the card (最後の1回), with the rules that say so: the lock
/// (`pin.max-tries`) and this guard (`pin.last-try`). The one test of the last try: the card
/// protocol sends no PIN on it that the patient has not confirmed
/// ([`JpkiCard::verify_pin`](super::JpkiCard::verify_pin)), and the reception decision warns,
/// asks staff to check with the patient and offers the PIN last.
pub(crate) fn last_try(pin: PinState) -> Cited<bool> {
    match pin {
        PinState::Remaining { tries: 1 } => {
            Cited::new(true, Applied::two(RuleId::PinMaxTries, RuleId::PinLastTry))
        }
        PinState::Remaining { .. } | PinState::Unknown | PinState::Locked => Cited::uncited(false),
    }
}

/// Whether a PIN may be sent when only one try is left (最後の1回).
///
/// # Example
/// ```
/// assert_eq!(onshi::card::LastTry::default(), onshi::card::LastTry::Refuse);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LastTry {
    /// Refuse with [`CardError::LastTryNotConfirmed`] before anything is sent.
    #[default]
    Refuse,
    /// The patient confirmed, knowing a wrong PIN locks the card.
    Confirmed,
}

kinds! {
    /// What one VERIFY did (照合結果).
    ///
    /// # Example
    /// ```
    /// let o = onshi::card::PinOutcome::Wrong { counter: onshi::card::PinCounter::NoLimit };
    /// assert_eq!(serde_json::to_value(o).unwrap()["outcome"], "wrong");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "outcome")]
    pub enum PinOutcome {
        /// The PIN was right.
        Verified = "verified",
        /// The PIN was wrong.
        Wrong = "wrong" {
            /// What the card then said about the counter.
            counter: PinCounter,
        },
        /// The PIN was wrong and the card is now blocked.
        Blocked = "blocked",
    }
}

impl PinOutcome {
    /// Reads a VERIFY-with-data status word.
    pub(crate) fn from_verify(sw: StatusWord) -> Option<PinOutcome> {
        match sw.0 {
            0x9000 => Some(PinOutcome::Verified),
            _ => match PinCounter::from_failure(sw)? {
                PinCounter::Blocked => Some(PinOutcome::Blocked),
                counter => Some(PinOutcome::Wrong { counter }),
            },
        }
    }

    /// The counter after this outcome, as the reception decision takes it.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{PinCounter, PinOutcome};
    /// use onshi::reception::PinState;
    /// let wrong = PinOutcome::Wrong { counter: PinCounter::Remaining { tries: 1 } };
    /// assert_eq!(wrong.pin_state(), PinState::Remaining { tries: 1 });
    /// assert_eq!(PinOutcome::Blocked.pin_state(), PinState::Locked);
    /// ```
    pub fn pin_state(&self) -> PinState {
        match self {
            PinOutcome::Verified => PinState::Unknown,
            PinOutcome::Wrong { counter } => counter.pin_state(),
            PinOutcome::Blocked => PinState::Locked,
        }
    }
}
