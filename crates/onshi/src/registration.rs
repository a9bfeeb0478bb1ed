//! Registration of the card for insurance use (健康保険証利用登録) and its cancellation (利用登録解除).
//!
//! Sources: 001_86d564a6a8f45e49.txt:211–215 (three channels), :296–300 (マイナポータル and the ATM need
//! the PIN; face-only cards register at a face reader), 004_b85a80dacb8bbe22.txt:783 (the app registers
//! on the spot), 001_86d564a6a8f45e49.txt:446–454 (cancellation at the end of the month after the
//! application; re-registration allowed).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{add_months, end_of_month};
use crate::policy::cited::Cited;
use crate::policy::rules::key;
use crate::policy::rules::{RuleId, RuleSet};
use crate::reception::documents::{CardKind, Registration};
use crate::reception::identity::PinState;
use crate::vocabulary;
use crate::vocabulary::kinds;

vocabulary! {
    /// Where the holder registers (登録の方法).
    ///
    /// # Example
    /// ```
    /// use onshi::registration::RegistrationChannel;
    /// assert_eq!(serde_json::from_str::<RegistrationChannel>(r#""seven_bank_atm""#).unwrap(),
    ///            RegistrationChannel::SevenBankAtm);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum RegistrationChannel {
        /// A 顔認証付きカードリーダー at a clinic or pharmacy.
        FaceReader = "face_reader", "顔認証付きカードリーダー", "face-recognition card reader";
        /// The 資格確認限定型 app at a 施術所.
        MobileApp = "mobile_app", "資格確認アプリ", "qualification-check app";
        /// マイナポータル (needs the PIN).
        Portal = "portal", "マイナポータル", "マイナポータル";
        /// A セブン銀行 ATM (needs the PIN).
        SevenBankAtm = "seven_bank_atm", "セブン銀行ATM", "Seven Bank ATM";
    }
}

kinds! {
    /// Why a channel cannot be used (登録できない理由).
    ///
    /// # Example
    /// ```
    /// use onshi::registration::{can_register, RegistrationChannel, RegistrationRefusal};
    /// use onshi::reception::{CardKind, PinState};
    /// use onshi::RuleSet;
    /// let err = can_register(&RuleSet::builtin(), "2026-01-10".parse().unwrap(),
    ///     RegistrationChannel::SevenBankAtm, CardKind::Ordinary, PinState::Locked).unwrap_err();
    /// assert_eq!(err, RegistrationRefusal::PinLocked { channel: RegistrationChannel::SevenBankAtm });
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
    #[serde(tag = "refusal")]
    pub enum RegistrationRefusal {
        /// The channel needs the PIN and the card has none.
        #[error(
            "{channel:?} needs the 4-digit PIN; a 顔認証マイナンバーカード has none: register at a face-recognition reader"
        )]
        NeedsPin = "needs_pin" {
            /// The channel.
            channel: RegistrationChannel,
        },
        /// The channel needs the PIN and it is locked.
        #[error(
            "{channel:?} needs the PIN, which is locked: reset it at the municipality or register at a face-recognition reader"
        )]
        PinLocked = "pin_locked" {
            /// The channel.
            channel: RegistrationChannel,
        },
        /// No registration rule applies on that date.
        #[error("registration for insurance use is not available on {date}")]
        NotAvailable = "not_available" {
            /// The date asked about.
            date: NaiveDate,
        },
    }
}

// registration.channels — 001_86d564a6a8f45e49.txt:211-215; 001_86d564a6a8f45e49.txt:300;
// 004_b85a80dacb8bbe22.txt:783: registration for insurance use at a face reader, on the マイナポータル or
// at a Seven Bank ATM, and on the spot in the 資格確認限定型 app; without it the insurer sends a 資格確認書
// (001:128, :138).
/// Whether registration for insurance use is open on `date`.
pub(crate) fn registration_open(rules: &RuleSet, date: NaiveDate) -> Cited<bool> {
    rules.in_force(RuleId::RegistrationChannels, date)
}

/// Whether a card can be registered through `channel` on `date`.
///
/// # Errors
/// [`RegistrationRefusal`] naming the channel and what to do instead.
///
/// # Example
/// ```
/// use onshi::registration::{can_register, RegistrationChannel};
/// use onshi::reception::{CardKind, PinState};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let day = "2026-01-10".parse().unwrap();
/// assert!(can_register(&rules, day, RegistrationChannel::FaceReader, CardKind::FaceOnly, PinState::Unknown).is_ok());
/// assert!(can_register(&rules, day, RegistrationChannel::Portal, CardKind::FaceOnly, PinState::Unknown).is_err());
/// ```
pub fn can_register(
    rules: &RuleSet,
    date: NaiveDate,
    channel: RegistrationChannel,
    kind: CardKind,
    pin: PinState,
) -> Result<(), RegistrationRefusal> {
    if !registration_open(rules, date).value {
        return Err(RegistrationRefusal::NotAvailable { date });
    }
    let needs_pin = matches!(
        channel,
        RegistrationChannel::Portal | RegistrationChannel::SevenBankAtm
    );
    if needs_pin && kind == CardKind::FaceOnly {
        return Err(RegistrationRefusal::NeedsPin { channel });
    }
    if needs_pin && pin == PinState::Locked {
        return Err(RegistrationRefusal::PinLocked { channel });
    }
    Ok(())
}

/// The answer of [`can_register`] as the bindings report it: whether the card can be registered
/// and, when not, the refusal's kind and its reason.
///
/// # Example
/// ```
/// use onshi::registration::{can_register, RegistrationChannel, RegistrationCheck};
/// use onshi::reception::{CardKind, PinState};
/// let day = "2026-01-10".parse().unwrap();
/// let answer = can_register(&onshi::RuleSet::builtin(), day, RegistrationChannel::Portal,
///     CardKind::FaceOnly, PinState::Unknown);
/// let check = RegistrationCheck::from(answer);
/// assert_eq!((check.allowed, check.refusal), (false, Some("needs_pin")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegistrationCheck {
    /// Whether the card can be registered through the channel.
    pub allowed: bool,
    /// Why not: the refusal's kind (`needs_pin`, `pin_locked`, `not_available`).
    pub refusal: Option<&'static str>,
    /// Why not, and what to do instead (English).
    pub reason: Option<String>,
}

impl From<Result<(), RegistrationRefusal>> for RegistrationCheck {
    fn from(answer: Result<(), RegistrationRefusal>) -> Self {
        let refused = answer.err();
        RegistrationCheck {
            allowed: refused.is_none(),
            refusal: refused.as_ref().map(crate::Kinds::kind),
            reason: refused.as_ref().map(ToString::to_string),
        }
    }
}

// registration.cancellation — 001_86d564a6a8f45e49.txt:452-454: a cancellation takes effect at the
// end of the month after the application month.
/// The last day a registration stays in force after cancellation is applied for on `applied`:
/// the end of the month `n` months after the application month (`registration.cancellation`).
///
/// # Example
/// ```
/// use onshi::registration::cancellation_effective;
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(cancellation_effective(&rules, d("2026-01-31")), Some(d("2026-02-28")));
/// ```
pub fn cancellation_effective(rules: &RuleSet, applied: NaiveDate) -> Option<NaiveDate> {
    let months = rules.param(key::RegistrationCancellation, applied)?;
    let first = NaiveDate::from_ymd_opt(applied.year(), applied.month(), 1)?;
    Some(end_of_month(add_months(first, months)))
}

/// An event in a card's registration history.
///
/// # Example
/// ```
/// use onshi::registration::RegistrationEvent;
/// let e: RegistrationEvent = serde_json::from_str(r#"{"event": "registered", "on": "2025-04-01"}"#).unwrap();
/// assert_eq!(e, RegistrationEvent::Registered { on: "2025-04-01".parse().unwrap() });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum RegistrationEvent {
    /// Registered on this day.
    Registered {
        /// The day.
        on: NaiveDate,
    },
    /// Cancellation applied for on this day.
    CancellationApplied {
        /// The day.
        on: NaiveDate,
    },
}

/// The registration status on `date`, from a history of events in any order.
///
/// Registration takes effect on its day; a cancellation ends it after
/// [`cancellation_effective`]; registering again later is allowed (001:454).
///
/// # Example
/// ```
/// use onshi::registration::{registration_on, RegistrationEvent};
/// use onshi::reception::Registration;
/// use onshi::RuleSet;
/// let d = |s: &str| s.parse().unwrap();
/// let events = [RegistrationEvent::Registered { on: d("2025-04-01") },
///               RegistrationEvent::CancellationApplied { on: d("2026-01-15") }];
/// let rules = RuleSet::builtin();
/// assert_eq!(registration_on(&rules, &events, d("2026-02-28")), Registration::Registered);
/// assert_eq!(registration_on(&rules, &events, d("2026-03-01")), Registration::NotRegistered);
/// ```
pub fn registration_on(
    rules: &RuleSet,
    events: &[RegistrationEvent],
    date: NaiveDate,
) -> Registration {
    let mut changes: Vec<(NaiveDate, bool)> = events
        .iter()
        .filter_map(|e| match *e {
            RegistrationEvent::Registered { on } => Some((on, true)),
            RegistrationEvent::CancellationApplied { on } => cancellation_effective(rules, on)
                .and_then(|d| d.succ_opt())
                .map(|d| (d, false)),
        })
        .collect();
    changes.sort();
    let mut state = Registration::NotRegistered;
    for (from, registered) in changes {
        if from <= date {
            state = if registered {
                Registration::Registered
            } else {
                Registration::NotRegistered
            };
        }
    }
    state
}
