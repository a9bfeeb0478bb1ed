//! Identity confirmation (本人確認) with the マイナンバーカード: readers, methods and PIN state.
//!
//! Sources: 003_934a4cc329de2595.txt:175–189 (face reader: face or PIN, staff visual check allowed;
//! generic reader: PIN or visual check), 004_b85a80dacb8bbe22.txt:782 (資格確認限定型 app: visual check
//! or PIN), 001_86d564a6a8f45e49.txt:363 (PIN locks after consecutive failures, face still works),
//! 004_b85a80dacb8bbe22.txt:734–738 (forgotten or locked PIN: visual check; 顔認証マイナンバーカード has no PIN).

use crate::vocabulary;
use crate::vocabulary::kinds;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// The card reader at the desk (カードリーダー).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::CardReader;
    /// assert_eq!(serde_json::from_str::<CardReader>(r#""mobile_app""#).unwrap(), CardReader::MobileApp);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum CardReader {
        /// 顔認証付きカードリーダー: face match against the chip photo, PIN, or staff visual check.
        FaceRecognition = "face_recognition", "顔認証付きカードリーダー", "face-recognition card reader";
        /// 汎用カードリーダー: PIN or staff visual check.
        Generic = "generic", "汎用カードリーダー", "generic card reader";
        /// 資格確認限定型 app (マイナ資格確認アプリ) on a phone, tablet or PC: visual check or PIN.
        MobileApp = "mobile_app", "スマートフォン用の資格確認アプリ", "mobile qualification app";
    }
}

vocabulary! {
    /// How the holder's identity was (or can be) confirmed (本人確認の方法).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::IdentityMethod;
    /// assert_eq!(serde_json::to_string(&IdentityMethod::Visual).unwrap(), r#""visual""#);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum IdentityMethod {
        /// 顔認証: the reader's camera against the photo in the chip.
        Face = "face", "顔認証", "face recognition";
        /// 暗証番号: the 4-digit PIN of the user-authentication certificate.
        Pin = "pin", "暗証番号", "PIN";
        /// 目視確認: staff compare the card photo with the patient.
        Visual = "visual", "目視確認", "staff visual check";
        /// 端末の生体認証: Face ID / Touch ID on the patient's iPhone (smartphone マイナ保険証).
        DeviceBiometric = "device_biometric", "スマートフォンの生体認証", "the phone's biometrics";
    }
}

vocabulary! {
    /// The result of one identity check at the reader.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::IdentityOutcome;
    /// assert_eq!(serde_json::from_str::<IdentityOutcome>(r#""failed""#).unwrap(), IdentityOutcome::Failed);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum IdentityOutcome {
        /// The identity was confirmed.
        Confirmed = "confirmed", "確認できた", "confirmed";
        /// The check failed (face did not match, wrong PIN, cancelled).
        Failed = "failed", "確認できなかった", "not confirmed";
    }
}

/// One identity check reported by the reader or by staff.
///
/// # Example
/// ```
/// use onshi::reception::{IdentityCheck, IdentityMethod, IdentityOutcome};
/// let c: IdentityCheck = serde_json::from_str(r#"{"method": "pin", "outcome": "confirmed"}"#).unwrap();
/// assert_eq!(c, IdentityCheck { method: IdentityMethod::Pin, outcome: IdentityOutcome::Confirmed });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdentityCheck {
    /// Which method was used.
    pub method: IdentityMethod,
    /// What came of it.
    pub outcome: IdentityOutcome,
}

kinds! {
    /// What is known about the user-authentication PIN's failure counter (暗証番号の残り回数).
    ///
    /// onshi never infers a count it was not told: `Unknown` stays unknown.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::PinState;
    /// let s: PinState = serde_json::from_str(r#"{"state": "remaining", "tries": 1}"#).unwrap();
    /// assert_eq!(s, PinState::Remaining { tries: 1 });
    /// assert_eq!(PinState::default(), PinState::Unknown);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "state")]
    pub enum PinState {
        /// Nobody has asked the card.
        #[default]
        Unknown = "unknown",
        /// The card reported this many tries left before it locks.
        Remaining = "remaining" {
            /// Tries left (1 = the next wrong PIN locks the card).
            tries: u8,
        },
        /// Locked: too many wrong PINs. Only the municipality can reset it (004_b85a80dacb8bbe22.txt:736).
        Locked = "locked",
    }
}

impl PinState {
    /// Whether a PIN can still be tried.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::PinState;
    /// assert!(PinState::Unknown.allows_pin());
    /// assert!(!PinState::Locked.allows_pin());
    /// ```
    pub fn allows_pin(&self) -> bool {
        !matches!(self, PinState::Locked | PinState::Remaining { tries: 0 })
    }

    /// Whether the next wrong PIN locks the card (`pin.last-try`).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::PinState;
    /// assert!(PinState::Remaining { tries: 1 }.is_last_try());
    /// assert!(!PinState::Remaining { tries: 2 }.is_last_try());
    /// ```
    pub fn is_last_try(&self) -> bool {
        crate::card::last_try(*self).value
    }
}

/// Which identity methods each reader offers: a rule-table parameter (`identity.methods-by-reader`).
///
/// # Example
/// ```
/// let m: onshi::reception::ReaderMethods = serde_json::from_str(
///     r#"{"face_recognition": ["face", "pin", "visual"], "generic": ["pin", "visual"], "mobile_app": ["visual", "pin"]}"#).unwrap();
/// assert_eq!(m.generic.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderMethods {
    /// Methods at a 顔認証付きカードリーダー.
    pub face_recognition: Vec<IdentityMethod>,
    /// Methods at a 汎用カードリーダー.
    pub generic: Vec<IdentityMethod>,
    /// Methods in the 資格確認限定型 app.
    pub mobile_app: Vec<IdentityMethod>,
}

impl ReaderMethods {
    /// The methods `reader` offers, in the order staff should propose them.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{CardReader, IdentityMethod, ReaderMethods};
    /// let m: ReaderMethods = serde_json::from_str(
    ///     r#"{"face_recognition": ["face"], "generic": ["pin", "visual"], "mobile_app": ["visual"]}"#).unwrap();
    /// assert_eq!(m.for_reader(CardReader::MobileApp), &[IdentityMethod::Visual]);
    /// ```
    pub fn for_reader(&self, reader: CardReader) -> &[IdentityMethod] {
        match reader {
            CardReader::FaceRecognition => &self.face_recognition,
            CardReader::Generic => &self.generic,
            CardReader::MobileApp => &self.mobile_app,
        }
    }
}
