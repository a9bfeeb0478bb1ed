//! 被保険者記号・番号・枝番: the one type the insured number is held in, wherever onshi meets it (a
//! document at reception, a stored or an online record, a query to the online system), with its
//! checks in one place.

use serde::{Deserialize, Serialize};

use super::fields::PersonalField;
use crate::error::InputError;

/// 被保険者記号・番号・枝番 (personal: redacted in `Debug`). Each part is a [`PersonalField`]: the
/// 記号 and 番号 hold letters, digits and hyphens ([`Alphabet::SymbolNumber`](crate::numbers::Alphabet)),
/// the 枝番 digits, and none of them a 12-digit 個人番号, however it is built (JSON or
/// [`InsuredNumber::new`]).
///
/// # Example
/// ```
/// let n: onshi::numbers::InsuredNumber = serde_json::from_str(r#"{"symbol": "12", "number": "345", "branch": "01"}"#).unwrap();
/// assert!(!format!("{n:?}").contains("345"));
/// // A 12-digit 個人番号 is refused.
/// assert!(serde_json::from_str::<onshi::numbers::InsuredNumber>(r#"{"number": "983205673214"}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuredNumber {
    /// 記号 (none on 後期高齢者 cards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<PersonalField>,
    /// 番号.
    pub number: PersonalField,
    /// 枝番 (2 digits; none on 後期高齢者 cards, 003:151).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::fields::optional_branch"
    )]
    pub branch: Option<PersonalField>,
}

impl InsuredNumber {
    /// The insured number from its parts as text, each held to its field's rules.
    ///
    /// # Errors
    /// [`InputError::PersonalNumber`] or [`InputError::Invalid`] naming the part (`symbol`,
    /// `number`, `branch`), never quoting the value.
    ///
    /// # Example
    /// ```
    /// let n = onshi::numbers::InsuredNumber::new(Some("12-34"), "4260", Some("01"))?;
    /// assert_eq!(n.number.expose(), "4260");
    /// let e = onshi::numbers::InsuredNumber::new(None, "4260", Some("0-1")).unwrap_err();
    /// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::Invalid, "branch"));
    /// let e = onshi::numbers::InsuredNumber::new(Some("9832-0567-3214"), "1", None).unwrap_err();
    /// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::PersonalNumber, "symbol"));
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn new(
        symbol: Option<&str>,
        number: &str,
        branch: Option<&str>,
    ) -> Result<InsuredNumber, InputError> {
        let part = |field: &str, made: Result<PersonalField, String>| {
            made.map_err(|problem| {
                if problem.contains(super::PERSONAL_NUMBER_MARK) {
                    InputError::PersonalNumber {
                        field: field.to_owned(),
                    }
                } else {
                    InputError::invalid(field, problem)
                }
            })
        };
        Ok(InsuredNumber {
            symbol: symbol
                .map(|s| part("symbol", PersonalField::new(s)))
                .transpose()?,
            number: part("number", PersonalField::new(number))?,
            branch: branch
                .map(|b| part("branch", PersonalField::branch(b)))
                .transpose()?,
        })
    }

    /// The insured number from parts that may each be absent (a record's fields), each without
    /// the spaces around it: none when no part is given (blank parts count as absent); a 記号 or
    /// 枝番 without its 番号 is refused, for it cannot tell one insured person from another.
    ///
    /// # Errors
    /// As [`InsuredNumber::new`]; [`InputError::Invalid`] on `number` when only the 記号 or 枝番
    /// is given.
    ///
    /// # Example
    /// ```
    /// use onshi::numbers::InsuredNumber;
    /// assert_eq!(InsuredNumber::from_parts(None, Some(" "), None)?, None);
    /// let n = InsuredNumber::from_parts(Some("12"), Some("345"), Some("01"))?.unwrap();
    /// assert_eq!(n.number.expose(), "345");
    /// let e = InsuredNumber::from_parts(Some("12"), None, None).unwrap_err();
    /// assert_eq!(e.field(), "number");
    /// // The 枝番 is digits only, wherever it comes from.
    /// assert_eq!(InsuredNumber::from_parts(None, Some("345"), Some("0A")).unwrap_err().field(), "branch");
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn from_parts(
        symbol: Option<&str>,
        number: Option<&str>,
        branch: Option<&str>,
    ) -> Result<Option<InsuredNumber>, InputError> {
        fn given(part: Option<&str>) -> Option<&str> {
            part.map(str::trim).filter(|p| !p.is_empty())
        }
        let (symbol, number, branch) = (given(symbol), given(number), given(branch));
        match number {
            Some(number) => InsuredNumber::new(symbol, number, branch).map(Some),
            None if symbol.is_none() && branch.is_none() => Ok(None),
            None => Err(InputError::invalid(
                "number",
                "a 記号 or 枝番 without its 番号 cannot tell one insured person from another: give the 番号",
            )),
        }
    }

    /// The 記号 as given, when there is one. Do not log it.
    ///
    /// # Example
    /// ```
    /// let n = onshi::numbers::InsuredNumber::new(Some("12"), "345", None)?;
    /// assert_eq!((n.symbol(), n.branch()), (Some("12"), None));
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_ref().map(PersonalField::expose)
    }

    /// The 枝番 as given, when there is one. Do not log it.
    ///
    /// # Example
    /// ```
    /// let n = onshi::numbers::InsuredNumber::new(None, "345", Some("01"))?;
    /// assert_eq!(n.branch(), Some("01"));
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn branch(&self) -> Option<&str> {
        self.branch.as_ref().map(PersonalField::expose)
    }
}
