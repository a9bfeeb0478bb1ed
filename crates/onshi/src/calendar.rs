//! Calendar arithmetic in Japan Standard Time.
//!
//! Every rule in onshi is stated in calendar dates in JST (UTC+09:00, no daylight saving). A visit's
//! instant is converted to its JST date once, here; the rest of the crate works on [`NaiveDate`].

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The JST offset (+09:00).
#[expect(clippy::expect_used, reason = "a constant offset well within ±24 h")]
pub(crate) fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The JST calendar date of an instant; saturates at [`NaiveDate::MAX`] for chrono's last hours.
pub(crate) fn jst_date_of(instant: DateTime<Utc>) -> NaiveDate {
    instant
        .naive_utc()
        .checked_add_signed(TimeDelta::hours(9))
        .map_or(NaiveDate::MAX, |n| n.date())
}

/// The number of days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `date` moved by `delta` calendar months, the day clamped to the target month's last day;
/// `None` outside chrono's range. (Plain arithmetic: it runs for every decision.)
fn shift_months(date: NaiveDate, delta: i64) -> Option<NaiveDate> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + delta;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(year, month, date.day().min(days_in_month(year, month)))
}

/// The last day of the month that `date` falls in.
pub(crate) fn end_of_month(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        date.year(),
        date.month(),
        days_in_month(date.year(), date.month()),
    )
    .unwrap_or(date)
}

/// `date` plus `months` calendar months; a day that does not exist in the target month is clamped
/// to that month's last day (2025-11-30 + 3 months = 2026-02-28). Saturates at [`NaiveDate::MAX`].
pub(crate) fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    shift_months(date, i64::from(months)).unwrap_or(NaiveDate::MAX)
}

/// `date` minus `months` calendar months, clamped like [`add_months`]. Saturates at [`NaiveDate::MIN`].
pub(crate) fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    shift_months(date, -i64::from(months)).unwrap_or(NaiveDate::MIN)
}

/// The moment of a visit (受付日時), always interpreted in JST.
///
/// In JSON it is either an RFC 3339 timestamp with an offset (`"2025-12-02T09:30:00+09:00"`,
/// converted to JST) or a plain date (`"2025-12-02"`, taken as 00:00 JST that day).
///
/// # Example
/// ```
/// use onshi::calendar::VisitTime;
/// let t = VisitTime::parse("2025-12-01T15:00:00Z").unwrap();
/// assert_eq!(t.date().to_string(), "2025-12-02"); // already the next day in Japan
/// assert!(VisitTime::parse("12/01/2025").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VisitTime(DateTime<FixedOffset>);

impl VisitTime {
    /// The visit at the start of `date` in JST.
    ///
    /// # Example
    /// ```
    /// use onshi::calendar::VisitTime;
    /// let t = VisitTime::from_date("2026-01-15".parse().unwrap());
    /// assert_eq!(t.instant().to_rfc3339(), "2026-01-15T00:00:00+09:00");
    /// ```
    pub fn from_date(date: NaiveDate) -> Self {
        let local = date.and_time(NaiveTime::MIN);
        // A fixed offset has no gaps or folds: the instant is `local` minus nine hours.
        // (The earliest date chrono knows has no earlier UTC instant: it stays as it is.)
        let utc = local
            .checked_sub_signed(TimeDelta::hours(9))
            .unwrap_or(local);
        VisitTime(DateTime::from_naive_utc_and_offset(utc, jst()))
    }

    /// The visit at an instant given with any offset; it is converted to JST.
    ///
    /// # Example
    /// ```
    /// use chrono::DateTime;
    /// use onshi::calendar::VisitTime;
    /// let utc = DateTime::parse_from_rfc3339("2026-07-31T14:59:59Z").unwrap();
    /// assert_eq!(VisitTime::from_datetime(utc).date().to_string(), "2026-07-31");
    /// ```
    pub fn from_datetime(at: DateTime<FixedOffset>) -> Self {
        // The last nine hours chrono can represent have no JST equivalent: clamp to the last one.
        let latest = DateTime::<Utc>::MAX_UTC - TimeDelta::hours(9);
        let utc = at.with_timezone(&Utc).min(latest);
        VisitTime(utc.with_timezone(&jst()))
    }

    /// The instant, in JST.
    ///
    /// # Example
    /// ```
    /// use onshi::calendar::VisitTime;
    /// let t = VisitTime::parse("2026-01-15T00:30:00Z").unwrap();
    /// assert_eq!(t.instant().to_rfc3339(), "2026-01-15T09:30:00+09:00");
    /// ```
    pub fn instant(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The JST calendar date of the visit: the date every dated rule is compared with.
    ///
    /// # Example
    /// ```
    /// use onshi::calendar::VisitTime;
    /// assert_eq!(VisitTime::parse("2026-07-31T15:00:00Z").unwrap().date().to_string(), "2026-08-01");
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.0.date_naive()
    }

    /// Parses either form described on the type.
    ///
    /// # Errors
    /// A message naming the accepted forms when `text` is neither.
    ///
    /// # Example
    /// ```
    /// use onshi::calendar::VisitTime;
    /// assert!(VisitTime::parse("2026-01-15").is_ok());
    /// assert!(VisitTime::parse("2026-01-15T09:30:00+09:00").is_ok());
    /// let err = VisitTime::parse("tomorrow").unwrap_err();
    /// assert!(err.contains("YYYY-MM-DD"));
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self::from_datetime(at));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Self::from_date)
            .map_err(|_| {
                format!(
                    "`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 time such as 2025-12-02T09:30:00+09:00"
                )
            })
    }

    /// [`VisitTime::parse`] for a named input (`at`), as the bindings take it: an
    /// [`InputError`](crate::error::InputError) naming `field`, and a 12-digit 個人番号 refused as such,
    /// never quoted.
    ///
    /// # Example
    /// ```
    /// use onshi::calendar::VisitTime;
    /// assert_eq!(VisitTime::parse_field("soon", "at").unwrap_err().kind(), onshi::error::ErrorKind::Invalid);
    /// let e = VisitTime::parse_field("9832 0567 3214", "at").unwrap_err();
    /// assert_eq!(e.kind(), onshi::error::ErrorKind::PersonalNumber);
    /// assert!(!e.to_string().contains("0567"));
    /// ```
    pub fn parse_field(text: &str, field: &str) -> Result<Self, crate::error::InputError> {
        if crate::numbers::contains_personal_number(text) {
            return Err(crate::error::InputError::PersonalNumber {
                field: field.to_owned(),
            });
        }
        Self::parse(text).map_err(|problem| crate::error::InputError::Invalid {
            field: field.to_owned(),
            problem,
        })
    }
}

impl Serialize for VisitTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for VisitTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        VisitTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A date `YYYY-MM-DD` given for the input `field` (a month, an audit day), as the bindings take
/// it: an [`InputError`](crate::error::InputError) naming the field, a 12-digit 個人番号 refused as such.
///
/// # Errors
/// `invalid` for anything but a calendar date; `personal_number` for a My Number (not quoted).
///
/// # Example
/// ```
/// assert_eq!(onshi::calendar::parse_date_field("2026-11-30", "on").unwrap().to_string(), "2026-11-30");
/// let e = onshi::calendar::parse_date_field("30/11/2026", "on").unwrap_err();
/// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::Invalid, "on"));
/// ```
pub fn parse_date_field(text: &str, field: &str) -> Result<NaiveDate, crate::error::InputError> {
    if crate::numbers::contains_personal_number(text) {
        return Err(crate::error::InputError::PersonalNumber {
            field: field.to_owned(),
        });
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| crate::error::InputError::Invalid {
        field: field.to_owned(),
        problem: format!(
            "`{}` is not a date (YYYY-MM-DD)",
            text.chars().take(40).collect::<String>()
        ),
    })
}

#[cfg(test)]
mod tests {
    use chrono::Months;

    #[test]
    fn month_arithmetic_agrees_with_chrono() {
        let mut date = ymd(1999, 1, 1);
        while date < ymd(2102, 1, 1) {
            for months in [0, 1, 2, 3, 11, 12, 13, 25, 1200] {
                assert_eq!(
                    Some(add_months(date, months)),
                    date.checked_add_months(Months::new(months)),
                    "{date} + {months}"
                );
                assert_eq!(
                    Some(sub_months(date, months)),
                    date.checked_sub_months(Months::new(months)),
                    "{date} - {months}"
                );
            }
            let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1).unwrap();
            assert_eq!(
                end_of_month(date),
                first
                    .checked_add_months(Months::new(1))
                    .unwrap()
                    .pred_opt()
                    .unwrap()
            );
            date = date.succ_opt().unwrap();
        }
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(sub_months(NaiveDate::MIN, 1), NaiveDate::MIN);
    }

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn month_end_and_clamped_month_arithmetic() {
        assert_eq!(end_of_month(ymd(2028, 2, 3)), ymd(2028, 2, 29));
        assert_eq!(end_of_month(ymd(2026, 12, 31)), ymd(2026, 12, 31));
        assert_eq!(add_months(ymd(2025, 11, 30), 3), ymd(2026, 2, 28));
        assert_eq!(add_months(ymd(2025, 11, 10), 3), ymd(2026, 2, 10));
        assert_eq!(sub_months(ymd(2026, 5, 31), 3), ymd(2026, 2, 28));
    }

    #[test]
    fn utc_evening_is_next_day_in_japan() {
        let v = VisitTime::parse("2025-12-01T15:00:00Z").unwrap();
        assert_eq!(v.date(), ymd(2025, 12, 2));
        let v = VisitTime::parse("2025-12-01T14:59:59Z").unwrap();
        assert_eq!(v.date(), ymd(2025, 12, 1));
        assert_eq!(
            VisitTime::parse("2025-12-01").unwrap().date(),
            ymd(2025, 12, 1)
        );
        assert!(VisitTime::parse("12/01/2025").is_err());
    }
}
