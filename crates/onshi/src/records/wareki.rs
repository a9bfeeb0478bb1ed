//! 和暦 (Japanese era) dates in and out, as stored records, printed cards and receipt files write
//! them: `令和6年12月2日`, `令和元年5月1日`, full-width digits, `R6.12.2`, `H31/4/30`, `S50-1-1`, and the
//! receipt-file form `5061202` (era digit 1 明治 … 5 令和, then YYMMDD).
//!
//! Each era's first day is the day it began (令和 2019-05-01, 平成 1989-01-08, 昭和 1926-12-25, 大正
//! 1912-07-30); a date outside its era (平成32年, 令和元年4月1日) is an error naming the era's range,
//! never rolled over into the next. 明治 is read from 明治6年 (1873), when Japan took the Gregorian
//! calendar; earlier dates were lunar and are refused.

use crate::vocabulary;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// A Japanese era (元号).
    ///
    /// # Example
    /// ```
    /// use onshi::records::Era;
    /// use onshi::{Lang, Vocabulary};
    /// assert_eq!(Era::Reiwa.words().get(Lang::Ja), "令和");
    /// assert_eq!(Era::Heisei.first_day().to_string(), "1989-01-08");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Era {
        /// 明治 (M, receipt code 1).
        Meiji = "meiji", "明治", "Meiji";
        /// 大正 (T, 2).
        Taisho = "taisho", "大正", "Taisho";
        /// 昭和 (S, 3).
        Showa = "showa", "昭和", "Showa";
        /// 平成 (H, 4).
        Heisei = "heisei", "平成", "Heisei";
        /// 令和 (R, 5).
        Reiwa = "reiwa", "令和", "Reiwa";
    }
}

impl Era {
    /// The day the era began (明治: the first Gregorian day, 1873-01-01).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::records::Era::Reiwa.first_day().to_string(), "2019-05-01");
    /// ```
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1873, 1, 1),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// The Gregorian year of the era's first year (元年).
    fn base_year(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The era that follows, if any.
    fn next(self) -> Option<Era> {
        match self {
            Era::Meiji => Some(Era::Taisho),
            Era::Taisho => Some(Era::Showa),
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// The one-letter abbreviation (M, T, S, H, R).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::records::Era::Showa.letter(), 'S');
    /// ```
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The receipt files' era digit (1 明治 … 5 令和).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::records::Era::Reiwa.code(), 5);
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Era::Meiji => 1,
            Era::Taisho => 2,
            Era::Showa => 3,
            Era::Heisei => 4,
            Era::Reiwa => 5,
        }
    }

    /// The era a date falls in.
    ///
    /// # Example
    /// ```
    /// use onshi::records::Era;
    /// assert_eq!(Era::of("2019-04-30".parse().unwrap()), Some(Era::Heisei));
    /// assert_eq!(Era::of("2019-05-01".parse().unwrap()), Some(Era::Reiwa));
    /// ```
    pub fn of(date: NaiveDate) -> Option<Era> {
        [Era::Reiwa, Era::Heisei, Era::Showa, Era::Taisho, Era::Meiji]
            .into_iter()
            .find(|e| date >= e.first_day())
    }
}

/// Why a 和暦 date was refused.
///
/// # Example
/// ```
/// let e = onshi::records::parse_wareki("平成32年1月1日").unwrap_err();
/// assert_eq!(e.kind(), onshi::error::ErrorKind::OutsideEra);
/// assert!(e.to_string().contains("2019-04-30"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WarekiError {
    /// Not a 和暦 date in any form onshi reads.
    #[error(
        "`{text}` is not a 和暦 date: write it as 令和6年12月2日, R6.12.2 or the receipt form 5061202"
    )]
    Format {
        /// The text (at most 40 characters of it).
        text: String,
    },
    /// No era is named: `6.12.2` could be 令和, 平成 or 昭和.
    #[error(
        "`{text}` names no era (令和, 平成, 昭和, 大正, 明治 or R, H, S, T, M): the year is ambiguous"
    )]
    NoEra {
        /// The text.
        text: String,
    },
    /// No such calendar day (2月30日).
    #[error("{era_name}{year}年{month}月{day}日 is not a calendar day")]
    NoSuchDay {
        /// The era's name.
        era_name: &'static str,
        /// The era year.
        year: u32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
    /// The date lies outside its era (平成32年, 令和元年4月1日).
    #[error("{era_name}{year}年{month}月{day}日 is outside {era_name} ({first} to {last})")]
    OutsideEra {
        /// The era's name.
        era_name: &'static str,
        /// The era year.
        year: u32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
        /// The era's first day.
        first: NaiveDate,
        /// The era's last day (or `today` for 令和).
        last: String,
    },
    /// Before 明治6年 (1873), when dates were lunar.
    #[error("dates before 明治6年 (1873-01-01) used the lunar calendar and are not read")]
    BeforeGregorian,
}

impl WarekiError {
    /// A stable slug: `format`, `no_era`, `no_such_day`, `outside_era`, `before_gregorian`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::records::parse_wareki("6.12.2").unwrap_err().kind(), onshi::error::ErrorKind::NoEra);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            WarekiError::Format { .. } => crate::error::ErrorKind::Format,
            WarekiError::NoEra { .. } => crate::error::ErrorKind::NoEra,
            WarekiError::NoSuchDay { .. } => crate::error::ErrorKind::NoSuchDay,
            WarekiError::OutsideEra { .. } => crate::error::ErrorKind::OutsideEra,
            WarekiError::BeforeGregorian => crate::error::ErrorKind::BeforeGregorian,
        }
    }
}

impl crate::DescribedError for WarekiError {
    fn kind(&self) -> crate::error::ErrorKind {
        WarekiError::kind(self)
    }
    fn domain(&self) -> crate::error::ErrorDomain {
        crate::error::ErrorDomain::Input
    }
}

/// A date in 和暦.
///
/// # Example
/// ```
/// let w = onshi::records::Wareki::from_date("2019-05-01".parse().unwrap()).unwrap();
/// assert_eq!(w.to_string(), "令和元年5月1日");
/// assert_eq!(w.short(), "R1.5.1");
/// assert_eq!(w.code(), "5010501");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Wareki {
    /// The era.
    pub era: Era,
    /// The year of the era (1 = 元年).
    pub year: u32,
    /// The month.
    pub month: u32,
    /// The day.
    pub day: u32,
}

impl Wareki {
    /// The 和暦 of a Gregorian date; `None` before 明治6年 (1873).
    ///
    /// # Example
    /// ```
    /// let w = onshi::records::Wareki::from_date("1989-01-07".parse().unwrap()).unwrap();
    /// assert_eq!(w.to_string(), "昭和64年1月7日");
    /// ```
    pub fn from_date(date: NaiveDate) -> Option<Wareki> {
        let era = Era::of(date)?;
        let year = u32::try_from(date.year() - era.base_year() + 1).ok()?;
        Some(Wareki {
            era,
            year,
            month: date.month(),
            day: date.day(),
        })
    }

    /// [`Wareki::from_date`], refusing a date before 明治6年 (1873) with
    /// [`WarekiError::BeforeGregorian`] (for the bindings, which report errors, not absences).
    ///
    /// # Errors
    /// [`WarekiError::BeforeGregorian`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::records::Wareki::of("1872-12-31".parse().unwrap()).unwrap_err().kind(), onshi::error::ErrorKind::BeforeGregorian);
    /// ```
    pub fn of(date: NaiveDate) -> Result<Wareki, WarekiError> {
        Wareki::from_date(date).ok_or(WarekiError::BeforeGregorian)
    }

    /// The Gregorian date, checked against the calendar and the era's range.
    ///
    /// # Errors
    /// [`WarekiError::NoSuchDay`], [`WarekiError::OutsideEra`], [`WarekiError::BeforeGregorian`].
    ///
    /// # Example
    /// ```
    /// use onshi::records::{Era, Wareki};
    /// let w = Wareki { era: Era::Reiwa, year: 6, month: 12, day: 2 };
    /// assert_eq!(w.to_date().unwrap().to_string(), "2024-12-02");
    /// ```
    pub fn to_date(self) -> Result<NaiveDate, WarekiError> {
        let era_name = crate::Vocabulary::words_in(self.era, crate::Lang::Ja);
        let gregorian = i64::from(self.era.base_year()) + i64::from(self.year) - 1;
        let date = i32::try_from(gregorian)
            .ok()
            .filter(|_| self.year >= 1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
            .ok_or(WarekiError::NoSuchDay {
                era_name,
                year: self.year,
                month: self.month,
                day: self.day,
            })?;
        let first = self.era.first_day();
        let next = self.era.next().map(Era::first_day);
        if date < first || next.is_some_and(|n| date >= n) {
            if self.era == Era::Meiji && date < first {
                return Err(WarekiError::BeforeGregorian);
            }
            return Err(WarekiError::OutsideEra {
                era_name,
                year: self.year,
                month: self.month,
                day: self.day,
                first,
                last: next
                    .and_then(|n| n.pred_opt())
                    .map_or_else(|| "today".to_owned(), |d| d.to_string()),
            });
        }
        Ok(date)
    }

    /// The short form `R6.12.2`.
    ///
    /// # Example
    /// ```
    /// let w = onshi::records::Wareki::from_date("1975-01-01".parse().unwrap()).unwrap();
    /// assert_eq!(w.short(), "S50.1.1");
    /// ```
    pub fn short(&self) -> String {
        format!(
            "{}{}.{}.{}",
            self.era.letter(),
            self.year,
            self.month,
            self.day
        )
    }

    /// The receipt files' form `GYYMMDD` (`5061202`).
    ///
    /// # Example
    /// ```
    /// let w = onshi::records::Wareki::from_date("2024-12-02".parse().unwrap()).unwrap();
    /// assert_eq!(w.code(), "5061202");
    /// ```
    pub fn code(&self) -> String {
        format!(
            "{}{:02}{:02}{:02}",
            self.era.code(),
            self.year,
            self.month,
            self.day
        )
    }
}

impl std::fmt::Display for Wareki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = crate::Vocabulary::words_in(self.era, crate::Lang::Ja);
        if self.year == 1 {
            write!(f, "{name}元年{}月{}日", self.month, self.day)
        } else {
            write!(f, "{name}{}年{}月{}日", self.year, self.month, self.day)
        }
    }
}

/// The era a name, an abbreviation or a receipt digit stands for.
fn era_named(name: &str) -> Option<Era> {
    Some(match name {
        "明治" | "明" | "M" | "m" | "1" => Era::Meiji,
        "大正" | "大" | "T" | "t" | "2" => Era::Taisho,
        "昭和" | "昭" | "S" | "s" | "3" => Era::Showa,
        "平成" | "平" | "H" | "h" | "4" => Era::Heisei,
        "令和" | "令" | "R" | "r" | "5" => Era::Reiwa,
        _ => return None,
    })
}

/// Reads a 和暦 date: `令和6年12月2日`, `令和元年5月1日`, `令和６年１２月２日` (full width), `R6.12.2`,
/// `R06/12/02`, `H31-4-30`, `昭和50.1.1`, or the receipt form `5061202`; spaces are ignored.
///
/// # Errors
/// [`WarekiError`] naming the problem: not a date, no era (`6.12.2` is ambiguous), no such day,
/// a date outside its era (`平成32年`), or before 1873.
///
/// # Example
/// ```
/// use onshi::records::parse_wareki;
/// assert_eq!(parse_wareki("令和元年5月1日").unwrap().to_string(), "2019-05-01");
/// assert_eq!(parse_wareki("Ｈ３１．４．３０").unwrap().to_string(), "2019-04-30");
/// assert_eq!(parse_wareki("5061202").unwrap().to_string(), "2024-12-02");
/// assert_eq!(parse_wareki("令和元年4月30日").unwrap_err().kind(), onshi::error::ErrorKind::OutsideEra);
/// ```
pub fn parse_wareki(text: &str) -> Result<NaiveDate, WarekiError> {
    let format = || WarekiError::Format { text: shown(text) };
    // Full-width digits, letters and punctuation as their ASCII forms; spaces dropped.
    let normal: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if normal.is_empty() {
        return Err(format());
    }
    // The receipt form: seven digits, the first the era.
    if normal.len() == 7 && normal.chars().all(|c| c.is_ascii_digit()) {
        return receipt_form(&normal).ok_or_else(format)?.to_date();
    }
    // The era: a name or an abbreviation at the start.
    let era_end = normal
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit() || *c == '元')
        .map_or(normal.len(), |(i, _)| i);
    let (era_text, rest) = normal.split_at(era_end);
    let era = match era_text {
        "" if rest.chars().any(|c| c.is_ascii_digit()) => {
            return Err(WarekiError::NoEra { text: shown(text) });
        }
        "" => return Err(format()),
        name => era_named(name).ok_or_else(format)?,
    };
    match year_month_day(rest).ok_or_else(format)? {
        [Some(year), Some(month), Some(day)] => Wareki {
            era,
            year,
            month,
            day,
        }
        .to_date(),
        _ => Err(format()),
    }
}

/// The text as errors quote it: cut, and withheld when it holds a 個人番号.
fn shown(text: &str) -> String {
    if crate::numbers::contains_personal_number(text) {
        "<withheld: looks like a 12-digit 個人番号>".to_owned()
    } else {
        text.chars().take(40).collect::<String>()
    }
}

/// The receipt form `5061202`: the era's digit, then two digits each of year, month and day.
fn receipt_form(normal: &str) -> Option<Wareki> {
    let part = |r: std::ops::Range<usize>| normal.get(r).and_then(|p| p.parse::<u32>().ok());
    Some(Wareki {
        era: normal.get(..1).and_then(era_named)?,
        year: part(1..3)?,
        month: part(3..5)?,
        day: part(5..7)?,
    })
}

/// Year, month and day after the era: numbers (元 = 1) separated by 年月日 or . / - ; `None` for
/// anything else, and a number missing or too large as `None` in its place.
fn year_month_day(rest: &str) -> Option<[Option<u32>; 3]> {
    let mut numbers = Vec::with_capacity(3);
    let mut current = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => current.push(c),
            '元' if current.is_empty() && numbers.is_empty() => current.push('1'),
            '年' | '月' | '日' | '.' | '/' | '-' if !current.is_empty() => {
                numbers.push(std::mem::take(&mut current));
            }
            _ => return None,
        }
    }
    if !current.is_empty() {
        numbers.push(current);
    }
    if numbers.len() != 3 {
        return None;
    }
    let value = |i: usize| numbers.get(i).and_then(|n| n.parse::<u32>().ok());
    Some([value(0), value(1), value(2)])
}

/// A date as stored records and printed documents write it: `1980-01-01`, `19800101`,
/// `1980/01/01`, or 和暦 in any form [`parse_wareki`] reads (`昭和55年1月1日`, `S55.1.1`).
///
/// # Errors
/// The [`WarekiError`] of the 和暦 reading when the text is none of these.
///
/// # Example
/// ```
/// use onshi::records::parse_written_date;
/// for text in ["1980-01-01", "19800101", "1980/01/01", "昭和55年1月1日", "S55.1.1"] {
///     assert_eq!(parse_written_date(text).unwrap().to_string(), "1980-01-01");
/// }
/// assert_eq!(parse_written_date("55.1.1").unwrap_err().kind(), onshi::error::ErrorKind::NoEra);
/// ```
pub fn parse_written_date(text: &str) -> Result<NaiveDate, WarekiError> {
    let t = text.trim();
    ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"]
        .iter()
        .find_map(|form| NaiveDate::parse_from_str(t, form).ok())
        .map_or_else(|| parse_wareki(t), Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_day_from_1873_reads_back_in_every_form() {
        let mut d = date("1873-01-01");
        let end = date("2100-12-31");
        while d <= end {
            let w = Wareki::from_date(d).unwrap();
            assert_eq!(parse_wareki(&w.to_string()), Ok(d), "{w}");
            assert_eq!(parse_wareki(&w.short()), Ok(d), "{}", w.short());
            if w.year < 100 {
                assert_eq!(parse_wareki(&w.code()), Ok(d), "{}", w.code());
            }
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(
            Wareki::from_date(date("2019-04-30")).unwrap().to_string(),
            "平成31年4月30日"
        );
        assert_eq!(
            Wareki::from_date(date("2019-05-01")).unwrap().to_string(),
            "令和元年5月1日"
        );
        assert_eq!(
            Wareki::from_date(date("1926-12-24")).unwrap().to_string(),
            "大正15年12月24日"
        );
        assert_eq!(
            Wareki::from_date(date("1926-12-25")).unwrap().to_string(),
            "昭和元年12月25日"
        );
        assert_eq!(
            Wareki::from_date(date("1912-07-29")).unwrap().to_string(),
            "明治45年7月29日"
        );
        assert_eq!(
            Wareki::from_date(date("1912-07-30")).unwrap().to_string(),
            "大正元年7月30日"
        );
        assert_eq!(Wareki::from_date(date("1872-12-31")), None);
    }

    #[test]
    fn refusals_name_the_problem() {
        for (text, kind) in [
            ("平成32年1月1日", "outside_era"),
            ("令和元年4月30日", "outside_era"),
            ("昭和64年1月8日", "outside_era"),
            ("令和6年2月30日", "no_such_day"),
            ("令和0年1月1日", "no_such_day"),
            ("6.12.2", "no_era"),
            ("明治5年1月1日", "before_gregorian"),
            ("令和六年", "format"),
            ("昭和50年1月", "format"),
            ("X6.1.1", "format"),
            ("", "format"),
            ("9061202", "format"),
        ] {
            assert_eq!(
                parse_wareki(text).map_err(|e| crate::Vocabulary::slug(e.kind())),
                Err(kind),
                "{text}"
            );
        }
        let e = parse_wareki("9832-0567-3214").unwrap_err();
        assert!(!e.to_string().contains("0567"), "{e}");
        let e = parse_wareki("令和6年2月30日").unwrap_err();
        assert_eq!(e.to_string(), "令和6年2月30日 is not a calendar day");
    }

    #[test]
    fn the_forms_people_write() {
        for (text, want) in [
            ("令和６年１２月２日", "2024-12-02"),
            ("令和 6年 12月 2日", "2024-12-02"),
            ("R06.12.02", "2024-12-02"),
            ("r6/12/2", "2024-12-02"),
            ("H31-4-30", "2019-04-30"),
            ("昭50.1.1", "1975-01-01"),
            ("Ｓ５０年１月１日", "1975-01-01"),
            ("令和元年5月1日", "2019-05-01"),
            ("3500101", "1975-01-01"),
        ] {
            assert_eq!(parse_wareki(text), Ok(date(want)), "{text}");
        }
    }
}
