//! What a front end shows at the desk, worded here so the `onshi` command, the desk's page and its
//! API, and a client in any language say the same thing without keeping words of their own: a
//! decision's card ([`Shown`]), a name on a shared screen, an error, a result file that could not
//! be decided, and a request the desk refuses.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use crate::decision::{Ceiling, Decision, Route};
use crate::error::DescribedError;
use crate::text::{Label, Text, copay_words};
use crate::vocabulary::Vocabulary;

/// The words of a decision's card (判定カードの文言): each part of a decision as a sentence in
/// Japanese and English.
///
/// # Example
/// ```
/// let visit = onshi::Visit::from_json(r#"{"at": "2026-01-15"}"#)?;
/// let shown = onshi::Shown::of(&onshi::decide(&onshi::RuleSet::builtin(), &visit)?);
/// assert!(!shown.coverage.ja.is_empty() && !shown.actions.is_empty());
/// # Ok::<(), onshi::InputError>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    /// 保険資格を確認できました / Coverage confirmed, …
    pub coverage: Text,
    /// By which document or check, unless none.
    pub route: Option<Text>,
    /// Why the online check failed (class A or B), when it did.
    pub failure: Option<Text>,
    /// The copay ratio and its basis, when known.
    pub copay: Option<Text>,
    /// The 限度額 category and where it came from, when known.
    pub ceiling: Option<Text>,
    /// Each alert, with its dates.
    pub alerts: Vec<Text>,
    /// What staff do next, in order.
    pub actions: Vec<Text>,
    /// The words for the patient.
    pub patient: Text,
    /// The one-line summary for staff.
    pub staff: Text,
}

impl Shown {
    /// The parts of `decision` as sentences.
    ///
    /// # Example
    /// ```
    /// let visit = onshi::Visit::from_json(r#"{"at": "2026-01-15", "patient": {"birth_date": "1980-01-01"},
    ///     "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#)?;
    /// let d = onshi::decide(&onshi::RuleSet::builtin(), &visit)?;
    /// let shown = onshi::Shown::of(&d);
    /// assert_eq!(shown.copay.unwrap().ja, "3割（年齢による通常の割合）");
    /// assert_eq!(shown.route.unwrap().en, "資格確認書 (qualification certificate)");
    ///
    /// // A visit with nothing presented has no route to show.
    /// let nothing = onshi::Visit::from_json(r#"{"at": "2026-01-15"}"#)?;
    /// let d = onshi::decide(&onshi::RuleSet::builtin(), &nothing)?;
    /// assert!(onshi::Shown::of(&d).route.is_none());
    /// # Ok::<(), onshi::InputError>(())
    /// ```
    pub fn of(decision: &Decision) -> Shown {
        let copay = decision.copay.percent.map(|p| {
            let (ratio, basis) = (copay_words(p), decision.copay.basis.label());
            Text::new(
                format!("{}（{}）", ratio.ja, basis.ja),
                format!("{} ({})", ratio.en, basis.en),
            )
        });
        let ceiling = decision.ceiling.as_ref().map(|c| {
            let (source, category) = match c {
                Ceiling::Online { category } => (Label::FromOnline.label(), category),
                Ceiling::Certificate { category } => (Label::FromCertificate.label(), category),
            };
            Text::new(
                format!("{category}（{}）", source.ja),
                format!("{category} ({})", source.en),
            )
        });
        Shown {
            coverage: decision.coverage.label(),
            route: (decision.route != Route::None).then(|| decision.route.label()),
            failure: decision.failure.map(Vocabulary::label),
            copay,
            ceiling,
            alerts: decision.alerts.iter().map(|a| a.text()).collect(),
            actions: decision.actions.iter().map(|a| a.text()).collect(),
            patient: decision.messages.patient.clone(),
            staff: decision.messages.staff.clone(),
        }
    }
}

/// A patient's name as a shared screen may show it: the first character of the family name and an
/// ellipsis (`試験　花子` → `試…`), never the whole name; a blank name gives `None`.
///
/// # Example
/// ```
/// assert_eq!(onshi::short_name("試験　花子").as_deref(), Some("試…"));
/// assert_eq!(onshi::short_name("ｼｹﾝ ﾊﾅｺ").as_deref(), Some("ｼ…"));
/// assert_eq!(onshi::short_name("  "), None);
/// ```
pub fn short_name(name: &str) -> Option<String> {
    let family = name
        .split(char::is_whitespace) // the full-width space 　 too
        .find(|part| !part.is_empty())?;
    family.chars().next().map(|first| format!("{first}…"))
}

/// Words followed by their detail: `受付の記録を読めません：…` / `the journal cannot be read: …`.
fn with_detail(words: &Text, detail: &dyn Display) -> Text {
    Text::new(
        format!("{}：{detail}", words.ja),
        format!("{}: {detail}", words.en),
    )
}

/// An error as a front end words it: the core's short summary in each language, then its detail
/// (which never quotes a 個人番号: [`DescribedError::message`]).
///
/// # Example
/// ```
/// let e = onshi::Visit::from_json(r#"{"at": "yesterday"}"#).unwrap_err();
/// let text = onshi::error_text(&e);
/// assert!(text.ja.starts_with("入力内容を判定できません："));
/// assert!(text.en.starts_with("the input cannot be decided on: "));
/// ```
pub fn error_text(e: &dyn DescribedError) -> Text {
    with_detail(&e.summary(), &e.message())
}

/// What a clerk reads on the card of a result file that could not be decided (判定できないファイル):
/// what happened and what to do now, by the error's kind (the file's name goes with it, never its
/// folder, and never the developer's message, which names folders and speaks English).
///
/// # Example
/// ```
/// use onshi::{FileTrouble, Lang, Vocabulary};
/// let e = onshi::Visit::from_json(r#"{"at": "yesterday"}"#).unwrap_err();
/// assert_eq!(FileTrouble::of(&e), FileTrouble::Undecidable);
/// assert!(FileTrouble::Damaged.label().get(Lang::Ja).contains("やり直"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FileTrouble {
    /// Not a file, too large, or a read failure.
    Unreadable,
    /// Damaged or cut short: not XML, not decodable, an encoding that is not read.
    Damaged,
    /// A field missing, repeated or of a bad value.
    Incomplete,
    /// Records of different people in one file.
    Ambiguous,
    /// A file of the exchange that is not a result (a request).
    NotAResult,
    /// It holds what looks like a 個人番号, so it is not shown.
    PersonalNumber,
    /// Anything else: no decision can be made from it.
    Undecidable,
}

impl FileTrouble {
    /// The trouble an error of a result file (or of deciding on it) is, by the error's kind.
    ///
    /// # Example
    /// ```
    /// use onshi::FileTrouble;
    /// let e = onshi::from_json::<onshi::Visit>(r#"{"at": "2026-01-15", "note": "983205673214"}"#).unwrap_err();
    /// assert_eq!(FileTrouble::of(&e), FileTrouble::PersonalNumber);
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(FileTrouble::of(&e), FileTrouble::Undecidable);
    /// ```
    pub fn of(e: &dyn DescribedError) -> FileTrouble {
        match e.kind() {
            "too_large" | "io" => FileTrouble::Unreadable,
            "xml" | "decode" | "unsupported_encoding" | "encoding_mismatch" | "dtd" => {
                FileTrouble::Damaged
            }
            "incomplete" | "missing" | "duplicate" | "bad_value" => FileTrouble::Incomplete,
            "ambiguous" => FileTrouble::Ambiguous,
            "not_a_result" => FileTrouble::NotAResult,
            "personal_number" => FileTrouble::PersonalNumber,
            _ => FileTrouble::Undecidable,
        }
    }
}

/// Why the desk refuses a request (要求を受け付けない理由), in the words its API answers with.
///
/// # Example
/// ```
/// use onshi::{Lang, RequestRefusal, Vocabulary};
/// assert_eq!(RequestRefusal::NoSuchPath.label().get(Lang::En), "no such path");
/// let text = RequestRefusal::JournalUnreadable.with_detail(&"disk full");
/// assert_eq!(text.en, "the journal cannot be read: disk full");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequestRefusal {
    /// The body is not said to be JSON (`Content-Type`).
    NotJson,
    /// The body or the query is not what the endpoint takes (followed by the detail).
    InvalidInput,
    /// Other large bodies are being read.
    Busy,
    /// Too many pages follow the events at once.
    TooManyPages,
    /// The body is over the limit.
    TooLarge,
    /// The path does not take the method.
    MethodNotAllowed,
    /// The `Host` is not one the desk serves.
    HostNotServed,
    /// The request comes from another site (`Origin`).
    OtherSite,
    /// No token, or not the desk's.
    TokenRequired,
    /// Today's results have no such id.
    NoSuchResult,
    /// No such path.
    NoSuchPath,
    /// The journal cannot be read (followed by the detail).
    JournalUnreadable,
    /// The journal cannot be written (followed by the detail).
    JournalUnwritable,
}

impl RequestRefusal {
    /// The refusal's words followed by `detail` (`：` in Japanese, `: ` in English).
    ///
    /// # Example
    /// ```
    /// let text = onshi::RequestRefusal::InvalidInput.with_detail(&"missing field `done`");
    /// assert_eq!(text.ja, "入力が正しくありません：missing field `done`");
    /// ```
    pub fn with_detail(self, detail: &dyn Display) -> Text {
        with_detail(&self.label(), detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_is_one_character_of_the_family_name() {
        proptest::proptest!(|(family in "\\PC{1,8}", given in "\\PC{0,8}")| {
            let family = family.trim();
            proptest::prop_assume!(!family.is_empty() && !family.contains(char::is_whitespace));
            let shown = short_name(&format!("{family}\u{3000}{given}")).unwrap();
            proptest::prop_assert_eq!(shown.chars().count(), 2);
            proptest::prop_assert!(shown.starts_with(family.chars().next().unwrap()));
        });
    }
}
