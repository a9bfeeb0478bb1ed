//! What a front end shows at the desk, worded here so the `onshi` command, the desk's page and its
//! API, and a client in any language say the same thing without keeping words of their own: a
//! decision's card ([`Shown`]), a name on a shared screen, an error, a result file that could not
//! be decided, and a request the desk refuses.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use crate::error::DescribedError;
use crate::reception::decision::{Ceiling, Decision, Route};
use crate::text::{Label, copay_words};
use crate::vocabulary;
use crate::vocabulary::Text;
use crate::vocabulary::Vocabulary;

/// The words of a decision's card (判定カードの文言): each part of a decision as a sentence in
/// Japanese and English.
///
/// # Example
/// ```
/// let visit = onshi::Visit::from_json(r#"{"at": "2026-01-15"}"#)?;
/// let shown = onshi::reception::Shown::of(&onshi::decide(&onshi::RuleSet::builtin(), &visit)?);
/// assert!(!shown.coverage.ja.is_empty() && !shown.actions.is_empty());
/// # Ok::<(), onshi::error::InputError>(())
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
    /// let shown = onshi::reception::Shown::of(&d);
    /// assert_eq!(shown.copay.unwrap().ja, "3割（年齢による通常の割合）");
    /// assert_eq!(shown.route.unwrap().en, "資格確認書 (qualification certificate)");
    ///
    /// // A visit with nothing presented has no route to show.
    /// let nothing = onshi::Visit::from_json(r#"{"at": "2026-01-15"}"#)?;
    /// let d = onshi::decide(&onshi::RuleSet::builtin(), &nothing)?;
    /// assert!(onshi::reception::Shown::of(&d).route.is_none());
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn of(decision: &Decision) -> Shown {
        let copay = decision.copay.percent.map(|p| {
            let (ratio, basis) = (copay_words(p), decision.copay.basis.words());
            Text::new(
                format!("{}（{}）", ratio.ja, basis.ja),
                format!("{} ({})", ratio.en, basis.en),
            )
        });
        let ceiling = decision.ceiling.as_ref().map(|c| {
            let (source, category) = match c {
                Ceiling::Online { category } => (Label::FromOnline.words(), category),
                Ceiling::Certificate { category } => (Label::FromCertificate.words(), category),
            };
            Text::new(
                format!("{category}（{}）", source.ja),
                format!("{category} ({})", source.en),
            )
        });
        Shown {
            coverage: decision.coverage.words(),
            route: (decision.route != Route::None).then(|| decision.route.words()),
            failure: decision.failure.map(Vocabulary::words),
            copay,
            ceiling,
            alerts: decision.alerts.iter().map(|a| a.words()).collect(),
            actions: decision.actions.iter().map(|a| a.words()).collect(),
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
/// assert_eq!(onshi::reception::short_name("試験　花子").as_deref(), Some("試…"));
/// assert_eq!(onshi::reception::short_name("ｼｹﾝ ﾊﾅｺ").as_deref(), Some("ｼ…"));
/// assert_eq!(onshi::reception::short_name("  "), None);
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
/// let text = onshi::reception::error_text(&e);
/// assert!(text.ja.starts_with("入力内容を判定できません："));
/// assert!(text.en.starts_with("the input cannot be decided on: "));
/// ```
pub fn error_text(e: &dyn DescribedError) -> Text {
    with_detail(&e.words(), &e.message())
}

vocabulary! {
    /// What a clerk reads on the card of a result file that could not be decided (判定できないファイル):
    /// what happened and what to do now, by the error's kind (the file's name goes with it, never its
    /// folder, and never the developer's message, which names folders and speaks English).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::FileTrouble;
    /// use onshi::{Lang, Vocabulary};
    /// let e = onshi::Visit::from_json(r#"{"at": "yesterday"}"#).unwrap_err();
    /// assert_eq!(FileTrouble::of(&e), FileTrouble::Undecidable);
    /// assert!(FileTrouble::Damaged.words().get(Lang::Ja).contains("やり直"));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[non_exhaustive]
    pub enum FileTrouble {
        /// Not a file, too large, or a read failure.
        Unreadable = "unreadable", "結果ファイルを読めません（ファイルではないもの、大きすぎるもの、または読み取りの失敗）。端末で結果を確認し、必要なら照会し直してください。", "The result file cannot be read (not a file, too large, or a read failure). Check the result on the terminal and query again if needed.";
        /// Damaged or cut short: not XML, not decodable, an encoding that is not read.
        Damaged = "damaged", "結果ファイルが壊れているか、途中で切れています。端末で結果を出し直してもらうか、資格確認をやり直してください。", "The result file is damaged or cut short. Have the terminal write the result again, or check the qualification again.";
        /// A field missing, repeated or of a bad value.
        Incomplete = "incomplete", "結果が不完全です。端末で内容を確認し、必要なら資格確認をやり直してください。", "The result is incomplete. Check it on the terminal and check the qualification again if needed.";
        /// Records of different people in one file.
        Ambiguous = "ambiguous", "別の人の結果が含まれています。ご本人を確認し、記号・番号で照会し直してください。", "The result holds records of different people. Confirm who the patient is and query again by 記号・番号.";
        /// A file of the exchange that is not a result (a request).
        NotAResult = "not_a_result", "資格確認の結果ではないファイルです（照会の要求など）。受付での対応は不要です。", "This is not a qualification result (a request, say). Nothing to do at the desk.";
        /// It holds what looks like a 個人番号, so it is not shown.
        PersonalNumber = "personal_number", "個人番号のような値を含むため表示しません。端末で結果を確認してください。", "It holds what looks like a 個人番号, so it is not shown. Check the result on the terminal.";
        /// Anything else: no decision can be made from it.
        Undecidable = "undecidable", "この結果からは判定できません。端末で結果を確認し、必要なら資格確認をやり直してください。", "No decision can be made from this result. Check it on the terminal and check the qualification again if needed.";
    }
}

impl FileTrouble {
    /// The trouble an error of a result file (or of deciding on it) is, by the error's kind.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::FileTrouble;
    /// let e = onshi::error::from_json::<onshi::Visit>(r#"{"at": "2026-01-15", "note": "983205673214"}"#).unwrap_err();
    /// assert_eq!(FileTrouble::of(&e), FileTrouble::PersonalNumber);
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(FileTrouble::of(&e), FileTrouble::Undecidable);
    /// ```
    pub fn of(e: &dyn DescribedError) -> FileTrouble {
        use crate::error::ErrorKind as K;
        match e.kind() {
            K::TooLarge | K::Io => FileTrouble::Unreadable,
            K::Xml | K::Decode | K::UnsupportedEncoding | K::EncodingMismatch | K::Dtd => {
                FileTrouble::Damaged
            }
            K::Incomplete | K::Missing | K::Duplicate | K::BadValue => FileTrouble::Incomplete,
            K::Ambiguous => FileTrouble::Ambiguous,
            K::NotAResult => FileTrouble::NotAResult,
            K::PersonalNumber => FileTrouble::PersonalNumber,
            _ => FileTrouble::Undecidable,
        }
    }
}

vocabulary! {
    /// Why the desk refuses a request (要求を受け付けない理由), in the words its API answers with.
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Vocabulary};
    /// use onshi::reception::RequestRefusal;
    /// assert_eq!(RequestRefusal::NoSuchPath.words().get(Lang::En), "no such path");
    /// let text = RequestRefusal::JournalUnreadable.with_detail(&"disk full");
    /// assert_eq!(text.en, "the journal cannot be read: disk full");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[non_exhaustive]
    pub enum RequestRefusal {
        /// The body is not said to be JSON (`Content-Type`).
        NotJson = "not_json", "本文は JSON（Content-Type: application/json）で送ってください", "send the body as JSON (Content-Type: application/json)";
        /// The body or the query is not what the endpoint takes (followed by the detail).
        InvalidInput = "invalid_input", "入力が正しくありません", "invalid input";
        /// Other large bodies are being read.
        Busy = "busy", "ほかの大きな要求を処理中です。少し待ってから送り直してください", "other large requests are being read: send it again in a moment";
        /// Too many pages follow the events at once.
        TooManyPages = "too_many_pages", "同時に開ける画面の数を超えています。不要な画面を閉じてください", "too many pages are open at once: close the ones not in use";
        /// The body is over the limit.
        TooLarge = "too_large", "本文が大きすぎます（JSON は 1 MiB、結果ファイルは 16 MiB まで）", "the body is too large (1 MiB of JSON, 16 MiB for a result file)";
        /// The path does not take the method.
        MethodNotAllowed = "method_not_allowed", "このパスはこのメソッドを受け付けません", "this path does not take this method";
        /// The `Host` is not one the desk serves.
        HostNotServed = "host_not_served", "このホスト名では受け付けません（--allow-host で追加できます）", "this host name is not served (add it with --allow-host)";
        /// The request comes from another site (`Origin`).
        OtherSite = "other_site", "ほかのサイトからの要求は受け付けません", "requests from another site are refused";
        /// No token, or not the desk's.
        TokenRequired = "token_required", "トークンが必要です：Authorization: Bearer TOKEN、またはページを /?token=TOKEN で開いてください", "a token is required: send Authorization: Bearer TOKEN, or open the page as /?token=TOKEN";
        /// Today's results have no such id.
        NoSuchResult = "no_such_result", "今日の結果にその番号はありません", "today's results have no such id";
        /// No such path.
        NoSuchPath = "no_such_path", "そのパスはありません", "no such path";
        /// The journal cannot be read (followed by the detail).
        JournalUnreadable = "journal_unreadable", "受付の記録を読めません", "the journal cannot be read";
        /// The journal cannot be written (followed by the detail).
        JournalUnwritable = "journal_unwritable", "受付の記録に書けません", "the journal cannot be written";
    }
}

impl RequestRefusal {
    /// The refusal's words followed by `detail` (`：` in Japanese, `: ` in English).
    ///
    /// # Example
    /// ```
    /// let text = onshi::reception::RequestRefusal::InvalidInput.with_detail(&"missing field `done`");
    /// assert_eq!(text.ja, "入力が正しくありません：missing field `done`");
    /// ```
    pub fn with_detail(self, detail: &dyn Display) -> Text {
        with_detail(&self.words(), detail)
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
