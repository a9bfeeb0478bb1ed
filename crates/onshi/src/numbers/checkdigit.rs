//! Check digits and layouts of the numbers reception handles (reference/numbers-and-benefits.md
//! §0–§4): 保険者番号, 公費負担者番号, 公費受給者番号, 医療機関コード (10 digits), 枝番.
//!
//! One algorithm serves all four numbers (§0, 保険者番号等の設定について 昭51.8.7 保発第45号): weights 2
//! and 1 from the rightmost body digit leftwards, two-digit products contribute their digit sum,
//! check = (10 − sum mod 10) mod 10.

use serde::{Deserialize, Serialize};

use crate::numbers::normalize_width;
use crate::vocabulary;

vocabulary! {
    /// Which number (番号の種類).
    ///
    /// # Example
    /// ```
    /// assert!(onshi::numbers::verify_number(onshi::numbers::NumberKind::PublicRecipient, "1234566").is_ok());
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum NumberKind {
        /// 保険者番号 (6 or 8 digits).
        Insurer = "insurer", "保険者番号", "insurer number";
        /// 公費負担者番号 (8 digits).
        PublicPayer = "public_payer", "公費負担者番号", "public payer number";
        /// 公費受給者番号 (7 digits).
        PublicRecipient = "public_recipient", "公費受給者番号", "public recipient number";
        /// 医療機関コード, 10-digit form (都道府県 + 点数表 + 7-digit code).
        Institution = "institution", "医療機関コード", "medical institution code";
        /// 枝番 (2 digits).
        Branch = "branch", "枝番", "branch number";
    }
}

impl std::fmt::Display for NumberKind {
    /// The number's name in English (`insurer number`), from the vocabulary.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::Vocabulary::words_in(*self, crate::Lang::En))
    }
}

/// Why a number is refused, naming the rule (番号の誤り).
///
/// # Example
/// ```
/// let err = onshi::numbers::verify_number(onshi::numbers::NumberKind::Institution, "2714206383").unwrap_err();
/// assert_eq!(err.to_string(), "medical institution code: check digit is 3, the other digits give 6");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// Not digits (after width normalisation and trimming).
    #[error("{kind}: only digits are allowed")]
    NotDigits {
        /// Which number.
        kind: NumberKind,
    },
    /// The wrong number of digits.
    #[error("{kind}: {found} digits, expected {expected}")]
    Length {
        /// Which number.
        kind: NumberKind,
        /// What is allowed.
        expected: &'static str,
        /// How many there were.
        found: usize,
    },
    /// A 12-digit 個人番号 (My Number) given as an insurance number: refused, never echoed.
    #[error(
        "{kind}: this looks like a 12-digit 個人番号 (My Number), which reception must not handle"
    )]
    PersonalNumber {
        /// Which number was asked for.
        kind: NumberKind,
    },
    /// A 保険者番号 one digit short whose form with a leading 0 is valid: the 0 was most likely
    /// lost (a spreadsheet drops it).
    #[error(
        "{kind}: {found} digits, expected 6 (国民健康保険) or 8; did you mean {suggestion} (a leading 0 lost)?"
    )]
    LeadingZeroLost {
        /// Which number.
        kind: NumberKind,
        /// How many digits there were.
        found: usize,
        /// The number with its leading 0, which passes every check.
        suggestion: String,
    },
    /// The prefecture part is no prefecture's: outside 01–47, and for a 保険者番号 or 公費負担者番号
    /// also outside 51–97 (prefecture + 50, [`verify_number`]); the message names the rule.
    #[error("{kind}: prefecture number {found} {}", prefecture_rule(*.kind, .found))]
    Prefecture {
        /// Which number.
        kind: NumberKind,
        /// The two digits found.
        found: String,
    },
    /// The last digit is not the check digit of the others.
    #[error("{kind}: check digit is {found}, the other digits give {expected}")]
    CheckDigit {
        /// Which number.
        kind: NumberKind,
        /// What the body gives.
        expected: u8,
        /// What was written.
        found: u8,
    },
}

impl NumberError {
    /// The error's domain ([`crate::error::ErrorDomain`]), whose label is its summary.
    ///
    /// # Example
    /// ```
    /// let e = onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, "06130011").unwrap_err();
    /// assert_eq!(e.words().en, "the number fails its rules");
    /// ```
    pub fn domain(&self) -> crate::error::ErrorDomain {
        use crate::error::ErrorDomain;
        ErrorDomain::Number
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// let e = onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, "06130011").unwrap_err();
    /// assert_eq!(e.words().en, "the number fails its rules");
    /// ```
    pub fn words(&self) -> crate::Text {
        crate::error::words_of(self.domain(), self.kind())
    }

    /// A stable slug (`check_digit`, `prefecture`, …).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, "06130011").unwrap_err().kind(), onshi::error::ErrorKind::CheckDigit);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            NumberError::NotDigits { .. } => crate::error::ErrorKind::NotDigits,
            NumberError::Length { .. } | NumberError::LeadingZeroLost { .. } => {
                crate::error::ErrorKind::Length
            }
            NumberError::PersonalNumber { .. } => crate::error::ErrorKind::PersonalNumber,
            NumberError::Prefecture { .. } => crate::error::ErrorKind::Prefecture,
            NumberError::CheckDigit { .. } => crate::error::ErrorKind::CheckDigit,
        }
    }
}

/// The §0 check digit of `body` (ASCII digits).
///
/// # Example
/// ```
/// assert_eq!(onshi::numbers::check_digit("0113001"), 2); // 協会けんぽ東京 01130012
/// assert_eq!(onshi::numbers::check_digit("13101"), 1);   // 千代田区国保 131011
/// ```
pub fn check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0')) % 10;
            let p = if i % 2 == 0 { d * 2 } else { d };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// What a verified number says (番号の内容).
///
/// # Example
/// ```
/// let info = onshi::numbers::verify_number(onshi::numbers::NumberKind::PublicPayer, "12130019").unwrap();
/// assert_eq!(info.law_name, Some("生活保護法 医療扶助"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NumberInfo {
    /// The number, normalised (half-width, no spaces).
    pub normalized: String,
    /// 法別番号, when the number has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    /// What the 法別番号 means, when known (unknown ones are not errors: the table changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law_name: Option<&'static str>,
    /// 都道府県番号, when the number has one: the prefecture it stands for, 01–47 (a 51–97 written as
    /// prefecture + 50 is given as its prefecture, 51 → 01, with a note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefecture: Option<String>,
    /// Informative notes (a 国保組合, a 退職者医療 legacy number, a placeholder value, a 都道府県番号
    /// written as prefecture + 50 under a rule not verified).
    pub notes: Vec<&'static str>,
}

/// 法別番号 of insurers (記載要領 別表1, via reference/numbers-and-benefits.md §1).
fn insurer_law(law: &str) -> Option<&'static str> {
    Some(match law {
        "01" => "全国健康保険協会管掌健康保険",
        "02" => "船員保険",
        "03" => "日雇特例被保険者の保険（一般療養）",
        "04" => "日雇特例被保険者の保険（特別療養費）",
        "06" => "組合管掌健康保険",
        "07" => "自衛官等の療養の給付",
        "31" => "国家公務員共済組合",
        "32" => "地方公務員等共済組合",
        "33" => "警察共済組合",
        "34" => "公立学校共済組合・日本私立学校振興・共済事業団",
        "39" => "後期高齢者医療",
        "63" => "特定健康保険組合（特例退職被保険者）",
        "67" => "国民健康保険法による退職者医療",
        "72" => "国家公務員共済組合（特例退職組合員）",
        "73" => "地方公務員等共済組合（特例退職組合員）",
        "74" => "警察共済組合（特例退職組合員）",
        "75" => "公立学校共済組合・日本私立学校振興・共済事業団（特例退職）",
        _ => return None,
    })
}

/// 法別番号 of 公費 (via reference/numbers-and-benefits.md §2).
fn public_law(law: &str) -> Option<&'static str> {
    Some(match law {
        "10" => "感染症法 結核患者の適正医療",
        "11" => "感染症法 結核患者の入院",
        "12" => "生活保護法 医療扶助",
        "13" => "戦傷病者特別援護法 療養の給付",
        "14" => "戦傷病者特別援護法 更生医療",
        "15" => "障害者総合支援法 更生医療",
        "16" => "障害者総合支援法 育成医療",
        "17" => "児童福祉法 療育の給付",
        "18" => "原爆援護法 認定疾病医療",
        "19" => "原爆援護法 一般疾病医療費",
        "20" => "精神保健福祉法 措置入院",
        "21" => "障害者総合支援法 精神通院医療",
        "22" => "麻薬及び向精神薬取締法 入院措置",
        "23" => "母子保健法 養育医療",
        "24" => "障害者総合支援法 療養介護医療",
        "25" => "中国残留邦人等支援法 医療支援給付",
        "28" => "感染症法 一類・二類感染症等の入院",
        "29" => "感染症法 新感染症の入院",
        "30" => "心神喪失者等医療観察法",
        "38" => "肝炎治療特別促進事業",
        "51" => "特定疾患治療研究事業 等",
        "52" => "児童福祉法 小児慢性特定疾病医療支援",
        "53" => "児童福祉法 措置等に係る医療の給付",
        "54" => "難病法 特定医療",
        "62" => "特定B型肝炎ウイルス感染者給付金",
        "66" => "石綿健康被害救済法",
        "79" => "児童福祉法 障害児入所医療 等",
        _ => return None,
    })
}

fn digits(kind: NumberKind, text: &str) -> Result<String, NumberError> {
    let s = normalize_width(text);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotDigits { kind });
    }
    Ok(s)
}

fn checked(kind: NumberKind, s: &str) -> Result<(), NumberError> {
    // `s` is ASCII digits (checked by `digits`).
    let (Some(last), Some(body)) = (s.bytes().last(), s.get(..s.len().saturating_sub(1))) else {
        return Err(NumberError::NotDigits { kind });
    };
    let expected = check_digit(body);
    let found = last.wrapping_sub(b'0');
    if expected == found {
        Ok(())
    } else {
        Err(NumberError::CheckDigit {
            kind,
            expected,
            found,
        })
    }
}

/// The note on a 保険者番号 whose 都道府県番号 is 51–97 (see [`prefecture`]).
const PREFECTURE_PLUS_50_INSURER: &str = "都道府県番号 51–97 is prefecture + 50, set once a prefecture's 保険者別番号 run out (MHLW 001275316 別添２ 別表２, known from a public project's quotation: unverified); the prefecture shown is the real one";

/// The note on a 公費負担者番号 whose 都道府県番号 is 51–97 (see [`prefecture`]).
const PREFECTURE_PLUS_50_PUBLIC_PAYER: &str = "都道府県番号 51–97 is prefecture + 50 (MHLW 001275316 別添２ 別表２, known from a public project's quotation, which names 保険者番号: for 公費負担者番号 probably, unverified); the prefecture shown is the real one";

/// A 都道府県番号 as written, and the prefecture it stands for.
struct Prefecture {
    /// The prefecture, 01–47.
    code: String,
    /// Written as prefecture + 50 (51–97).
    plus_50: bool,
}

/// 都道府県番号 (reference/numbers-and-benefits.md §1–§3; reference/domain-updates-2026-12.md §3).
///
/// 01–47 are the prefectures, 01 北海道 … 47 沖縄 (JIS X 0401; 昭51.8.7 保発第45号 別表2
/// 都道府県番号表). MHLW 001275316 (2024-07-12) 別添２ 別表２ sets, for 保険者番号, 「都道府県ごと左に掲げる
/// コード（例：北海道の場合01）から設定し、当該コードで設定可能な保険者別番号がなくなり次第、右に掲げるコード
/// （例：北海道の場合51）を設定する」: prefecture + 50 (51 北海道 … 97 沖縄). Certainty `reported`: the
/// text is a public project's quotation, the PDF itself could not be read. The same 別表２ probably
/// covers 公費負担者番号 (平成5年 社援更第26号, the older text, gives 01–47 only); nothing extends it to
/// the 医療機関コード. 00, 48–50 and 98–99 are no prefecture's in any number.
fn prefecture(kind: NumberKind, pref: &str) -> Result<Prefecture, NumberError> {
    let plus_50_allowed = matches!(kind, NumberKind::Insurer | NumberKind::PublicPayer);
    match pref.parse::<u8>() {
        Ok(1..=47) => Ok(Prefecture {
            code: pref.to_owned(),
            plus_50: false,
        }),
        Ok(n @ 51..=97) if plus_50_allowed => Ok(Prefecture {
            code: format!("{:02}", n - 50),
            plus_50: true,
        }),
        _ => Err(NumberError::Prefecture {
            kind,
            found: pref.to_owned(),
        }),
    }
}

/// How [`NumberError::Prefecture`] ends for `kind`: the ranges [`prefecture`] allows, and for a
/// 医療機関コード written with prefecture + 50, why that is refused there.
fn prefecture_rule(kind: NumberKind, found: &str) -> &'static str {
    let plus_50 = matches!(found.parse::<u8>(), Ok(51..=97));
    match kind {
        NumberKind::Insurer | NumberKind::PublicPayer => {
            "is neither 01–47 nor 51–97 (prefecture + 50 once a prefecture's numbers run out, MHLW 001275316 別添２ 別表２)"
        }
        _ if plus_50 => {
            "is not 01–47: prefecture + 50 (51–97, MHLW 001275316 別添２ 別表２) is set in 保険者番号 and 公費負担者番号, not in a 医療機関コード"
        }
        _ => "is not 01–47",
    }
}

/// Verifies a number of `kind`: width-normalised and trimmed, then length, prefecture range and
/// check digit, in that order; the error names the first rule that fails.
///
/// The 都道府県番号 of a 保険者番号 or 公費負担者番号 may be 51–97, a prefecture + 50 (MHLW 001275316
/// 別添２ 別表２, not verified: see the note the number then carries); a 医療機関コード's may not.
///
/// # Errors
/// [`NumberError`] naming the rule.
///
/// # Example
/// ```
/// use onshi::numbers::{verify_number, NumberKind};
/// let info = verify_number(NumberKind::Insurer, "  131011").unwrap(); // OQS pads 国保 with spaces
/// assert_eq!((info.normalized.as_str(), info.prefecture.as_deref()), ("131011", Some("13")));
/// let info = verify_number(NumberKind::Insurer, "39131156").unwrap();
/// assert_eq!(info.law_name, Some("後期高齢者医療"));
/// assert_eq!(verify_number(NumberKind::Insurer, "00000000").unwrap_err().kind(), onshi::error::ErrorKind::Prefecture);
/// assert_eq!(verify_number(NumberKind::Branch, "1").unwrap().normalized, "01");
///
/// // 51 is 北海道 + 50 in a 保険者番号 (with a note saying the rule is unverified), never in a
/// // 医療機関コード.
/// let info = verify_number(NumberKind::Insurer, "06510010").unwrap();
/// assert_eq!(info.prefecture.as_deref(), Some("01"));
/// assert!(info.notes.iter().any(|n| n.contains("001275316") && n.contains("unverified")));
/// let err = verify_number(NumberKind::Institution, "5110113718").unwrap_err();
/// assert_eq!(err.kind(), onshi::error::ErrorKind::Prefecture);
/// assert!(err.to_string().contains("not in a 医療機関コード"));
/// ```
pub fn verify_number(kind: NumberKind, text: &str) -> Result<NumberInfo, NumberError> {
    // One rule everywhere: a 個人番号 in any number field is refused as such, whatever its length
    // would otherwise say.
    if crate::numbers::contains_personal_number(text) {
        return Err(NumberError::PersonalNumber { kind });
    }
    let s = digits(kind, text)?;
    let mut info = NumberInfo {
        normalized: s.clone(),
        law: None,
        law_name: None,
        prefecture: None,
        notes: Vec::new(),
    };
    match kind {
        NumberKind::Insurer => insurer(s, &mut info)?,
        NumberKind::PublicPayer => public_payer(s, &mut info)?,
        NumberKind::PublicRecipient => public_recipient(&s, &mut info)?,
        NumberKind::Institution => institution(&s, &mut info)?,
        NumberKind::Branch => info.normalized = branch(s)?,
    }
    Ok(info)
}

/// The wrong length of a number of `kind`.
fn length(kind: NumberKind, expected: &'static str, found: usize) -> NumberError {
    NumberError::Length {
        kind,
        expected,
        found,
    }
}

/// 保険者番号: 6 digits (国民健康保険) or 8 (法別番号, 都道府県, 保険者, check digit).
fn insurer(s: String, info: &mut NumberInfo) -> Result<(), NumberError> {
    let kind = NumberKind::Insurer;
    // `00` + 6 digits is a 国保 number written in 8 columns (leading zeros keep the check digit).
    let s = match s.strip_prefix("00") {
        Some(rest) if s.len() == 8 => rest.to_owned(),
        _ => s,
    };
    let pref_at = match s.len() {
        6 => 0,
        8 => 2,
        n @ (5 | 7) if verify_number(kind, &format!("0{s}")).is_ok() => {
            return Err(NumberError::LeadingZeroLost {
                kind,
                found: n,
                suggestion: format!("0{s}"),
            });
        }
        n => return Err(length(kind, "6 (国民健康保険) or 8", n)),
    };
    let pref = prefecture(kind, s.get(pref_at..pref_at + 2).unwrap_or_default())?;
    checked(kind, &s)?;
    if pref.plus_50 {
        info.notes.push(PREFECTURE_PLUS_50_INSURER);
    }
    info.prefecture = Some(pref.code);
    if pref_at == 2 {
        law_of_insurer(&s, info);
    } else {
        info.law_name = Some("国民健康保険");
        if &s[2..3] == "3" {
            info.notes.push("国民健康保険組合");
        }
    }
    info.normalized = s;
    Ok(())
}

/// The 法別番号 of an 8-digit 保険者番号, with what to know of it.
fn law_of_insurer(s: &str, info: &mut NumberInfo) {
    let law = s[..2].to_owned();
    info.law_name = insurer_law(&law);
    if info.law_name.is_none() {
        info.notes
            .push("法別番号 not in the table: check the number");
    }
    if law == "67" {
        info.notes
            .push("退職者医療: no new entries since 2015-03-31");
    }
    info.law = Some(law);
}

/// 公費負担者番号: 8 digits (法別番号, 都道府県, 実施機関, check digit).
fn public_payer(s: String, info: &mut NumberInfo) -> Result<(), NumberError> {
    let kind = NumberKind::PublicPayer;
    if s.len() != 8 {
        return Err(length(kind, "8", s.len()));
    }
    let pref = prefecture(kind, s.get(2..4).unwrap_or_default())?;
    checked(kind, &s)?;
    if pref.plus_50 {
        info.notes.push(PREFECTURE_PLUS_50_PUBLIC_PAYER);
    }
    info.prefecture = Some(pref.code);
    let law = s[..2].to_owned();
    info.law_name = public_law(&law);
    if info.law_name.is_none() {
        info.notes
            .push("法別番号 not national: 地方単独公費 or unknown");
    }
    info.law = Some(law);
    Ok(())
}

/// 公費受給者番号: 7 digits with a check digit.
fn public_recipient(s: &str, info: &mut NumberInfo) -> Result<(), NumberError> {
    let kind = NumberKind::PublicRecipient;
    if s.len() != 7 {
        return Err(length(kind, "7", s.len()));
    }
    checked(kind, s)?;
    if s.bytes().all(|b| b == b'0') {
        info.notes.push("all zeros: a placeholder?");
    }
    Ok(())
}

/// 医療機関コード in its 10-digit form: 都道府県, 点数表, the 7-digit code with its check digit.
fn institution(s: &str, info: &mut NumberInfo) -> Result<(), NumberError> {
    let kind = NumberKind::Institution;
    if s.len() != 10 {
        return Err(length(
            kind,
            "10 (都道府県 + 点数表 + 7-digit code)",
            s.len(),
        ));
    }
    info.prefecture = Some(prefecture(kind, s.get(..2).unwrap_or_default())?.code);
    checked(kind, s)
}

/// 枝番: 1 or 2 digits, written with 2.
fn branch(s: String) -> Result<String, NumberError> {
    match s.len() {
        1 => Ok(format!("0{s}")),
        2 => Ok(s),
        n => Err(length(NumberKind::Branch, "1 or 2", n)),
    }
}

/// How two insured numbers compare (被保険者番号の照合).
///
/// # Example
/// ```
/// assert_eq!(onshi::numbers::compare_insured("", ""), onshi::numbers::InsuredMatch::Same); // no 記号 on either
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InsuredMatch {
    /// Equal after width folding and space removal.
    Same,
    /// Equal only after leading zeros are stripped: leading zeros are significant on the card, so
    /// check which is right.
    SameIgnoringLeadingZeros,
    /// Different.
    Different,
}

/// The matching form of a 記号 or 番号 (reference/numbers-and-benefits.md §4): full-width ASCII
/// digits, letters and hyphens folded to half width (－ ‐ ー → -), spaces (ASCII and U+3000) removed,
/// kanji, kana and 外字 ● kept. For matching only: store what was read.
///
/// # Example
/// ```
/// assert_eq!(onshi::numbers::insured_key("１２－３４"), "12-34");
/// assert_eq!(onshi::numbers::insured_key(" 00１234 "), "001234");
/// assert_eq!(onshi::numbers::insured_key("記号●０１"), "記号●01");
/// ```
pub fn insured_key(text: &str) -> String {
    normalize_width(text)
        .chars()
        .map(|c| match c {
            '‐' | 'ー' | '−' | '―' => '-',
            other => other,
        })
        .collect()
}

/// Compares two 記号 or 番号 values as reception should: by [`insured_key`], then ignoring
/// leading zeros (reported separately); an absent 記号 equals an empty one.
///
/// # Example
/// ```
/// use onshi::numbers::{compare_insured, InsuredMatch};
/// assert_eq!(compare_insured("１２－３４", "12-34"), InsuredMatch::Same);
/// assert_eq!(compare_insured("001234", "1234"), InsuredMatch::SameIgnoringLeadingZeros);
/// assert_eq!(compare_insured("1234", "1243"), InsuredMatch::Different);
/// ```
pub fn compare_insured(a: &str, b: &str) -> InsuredMatch {
    let (a, b) = (insured_key(a), insured_key(b));
    if a == b {
        return InsuredMatch::Same;
    }
    let strip = |s: &str| s.trim_start_matches('0').to_owned();
    if !a.is_empty() && strip(&a) == strip(&b) {
        InsuredMatch::SameIgnoringLeadingZeros
    } else {
        InsuredMatch::Different
    }
}
