//! What a desk shows of a decision: each part in Japanese and English, worded by the core's
//! vocabularies, so the page, the `onshi` command and a client in any language say the same thing
//! without keeping words of their own.

use onshi::{Ceiling, Decision, DescribedError, ErrorKind, Label, Text, Vocabulary, copay_words};
use serde::Serialize;

/// A decision's parts as sentences, each in Japanese and English.
///
/// # Example
/// ```
/// let visit = onshi::Visit::from_json(r#"{"at": "2026-01-15", "patient": {"birth_date": "1980-01-01"},
///     "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#)?;
/// let d = onshi::decide(&onshi::RuleSet::builtin(), &visit)?;
/// let shown = onshi_desk::Shown::of(&d);
/// assert_eq!(shown.copay.unwrap().ja, "3割（年齢による通常の割合）");
/// assert_eq!(shown.route.unwrap().en, "資格確認書 (qualification certificate)");
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
            route: (decision.route != onshi::Route::None).then(|| decision.route.words()),
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

/// A patient's name as a desk may show it on a shared screen: the first character of the family
/// name and an ellipsis (`試験　花子` → `試…`), never the whole name; a blank name gives `None`.
///
/// # Example
/// ```
/// assert_eq!(onshi_desk::short_name("試験　花子").as_deref(), Some("試…"));
/// assert_eq!(onshi_desk::short_name("ｼｹﾝ ﾊﾅｺ").as_deref(), Some("ｼ…"));
/// assert_eq!(onshi_desk::short_name("  "), None);
/// ```
pub fn short_name(name: &str) -> Option<String> {
    let family = name
        .split(char::is_whitespace) // the full-width space 　 too
        .find(|part| !part.is_empty())?;
    family.chars().next().map(|first| format!("{first}…"))
}

/// An error as the desk words it: the core's short summary in each language, then its detail
/// (which never quotes a 個人番号).
pub(crate) fn error_text(e: &dyn DescribedError) -> Text {
    let (summary, detail) = (e.words(), e.message());
    Text::new(
        format!("{}：{detail}", summary.ja),
        format!("{}: {detail}", summary.en),
    )
}

/// What a clerk reads on the card of a file that could not be decided: what happened and what to
/// do now, by the error's kind, in each language (the file's name goes with it, never its folder).
///
/// # Example
/// ```
/// let words = onshi_desk::file_trouble(onshi::ErrorKind::Xml);
/// assert!(words.ja.contains("やり直"));
/// assert!(!words.ja.is_ascii());
/// ```
pub fn file_trouble(kind: ErrorKind) -> Text {
    use ErrorKind as K;
    let (ja, en) = match kind {
        K::TooLarge | K::Io => (
            "結果ファイルを読めません（ファイルではないもの、大きすぎるもの、または読み取りの失敗）。端末で結果を確認し、必要なら照会し直してください。",
            "The result file cannot be read (not a file, too large, or a read failure). Check the result on the terminal and query again if needed.",
        ),
        K::Xml | K::Decode | K::UnsupportedEncoding | K::EncodingMismatch | K::Dtd => (
            "結果ファイルが壊れているか、途中で切れています。端末で結果を出し直してもらうか、資格確認をやり直してください。",
            "The result file is damaged or cut short. Have the terminal write the result again, or check the qualification again.",
        ),
        K::Incomplete | K::Missing | K::Duplicate | K::BadValue => (
            "結果が不完全です。端末で内容を確認し、必要なら資格確認をやり直してください。",
            "The result is incomplete. Check it on the terminal and check the qualification again if needed.",
        ),
        K::Ambiguous => (
            "別の人の結果が含まれています。ご本人を確認し、記号・番号で照会し直してください。",
            "The result holds records of different people. Confirm who the patient is and query again by 記号・番号.",
        ),
        K::NotAResult => (
            "資格確認の結果ではないファイルです（照会の要求など）。受付での対応は不要です。",
            "This is not a qualification result (a request, say). Nothing to do at the desk.",
        ),
        K::PersonalNumber => (
            "個人番号のような値を含むため表示しません。端末で結果を確認してください。",
            "It holds what looks like a 個人番号, so it is not shown. Check the result on the terminal.",
        ),
        _ => (
            "この結果からは判定できません。端末で結果を確認し、必要なら資格確認をやり直してください。",
            "No decision can be made from this result. Check it on the terminal and check the qualification again if needed.",
        ),
    };
    Text::new(ja, en)
}
