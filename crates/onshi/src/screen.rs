//! What leaves onshi, made safe to show: every value from a file or an input neutralised before
//! it reaches a terminal, a page, a CSV cell or JSON, and every message redacted and capped.
//! Each front end (the command line, the desk, the C, Python and Kotlin bindings) writes through
//! these functions and nothing else.

use std::borrow::Cow;

/// The longest message onshi shows, in bytes; a longer one is cut at a character boundary and
/// marked `…(cut)` (a hostile input may make a parser quote a lot of it).
///
/// # Example
/// ```
/// assert!(onshi::screen::redact(&"あ".repeat(1000)).len() <= onshi::screen::MAX_MESSAGE + 10);
/// ```
pub const MAX_MESSAGE: usize = 1024;

/// Whether `c` would act on a screen instead of being shown: C0 and C1 controls (line breaks and
/// tabs included), DEL, and the bidirectional marks, embeddings, overrides and isolates (U+200E,
/// U+200F, U+061C, U+202A–202E, U+2066–2069).
pub(crate) fn acts_on_screen(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character that would act on a screen — C0 and C1 controls (line breaks and
/// tabs included), DEL, and the bidi marks, embeddings, overrides and isolates: escape sequences,
/// OSC titles, C1 CSI, U+202E … — written as `\u{..}`: the form every value from a file or an input
/// takes on a terminal, a page, in a CSV cell or in JSON for the desk.
///
/// # Example
/// ```
/// use onshi::screen::neutralize;
/// assert_eq!(neutralize("A03"), "A03");
/// assert_eq!(neutralize("\u{1b}]0;owned\u{7}"), "\\u{1b}]0;owned\\u{7}");
/// assert_eq!(neutralize("abc\u{202E}def"), "abc\\u{202e}def");
/// ```
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_screen) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_screen(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An error message as every front end shows it: every run of twelve or more digits masked
/// ([`redact_digits`](crate::numbers::redact_digits), so no message quotes a 個人番号 however it is written),
/// then [`neutralize`]d and cut to [`MAX_MESSAGE`] bytes. The one redaction every error text
/// passes through ([`DescribedError::message`](crate::DescribedError::message) uses it).
///
/// # Example
/// ```
/// use onshi::screen::redact;
/// assert_eq!(redact("invalid type: floating point `983205673214.0`"),
///            "invalid type: floating point `<redacted>`");
/// assert_eq!(redact("bad \u{1b}[2J value"), "bad \\u{1b}[2J value");
/// assert!(redact(&"x".repeat(5000)).len() < 1100);
/// ```
pub fn redact(text: &str) -> Cow<'_, str> {
    let masked = crate::numbers::redact_digits(text);
    let shown = match neutralize(&masked) {
        Cow::Borrowed(_) => masked,
        Cow::Owned(s) => Cow::Owned(s),
    };
    if shown.len() <= MAX_MESSAGE {
        return shown;
    }
    let mut end = MAX_MESSAGE;
    while !shown.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{} …(cut)", shown.get(..end).unwrap_or_default()))
}

/// `value` as JSON text with every string (keys included) [`neutralize`]d: the JSON the command
/// line prints and the desk answers.
///
/// # Errors
/// When `value` cannot be written as JSON (a map with non-string keys).
///
/// # Example
/// ```
/// let json = onshi::screen::to_json(&serde_json::json!({"code": "A\u{202E}03"}), false)?;
/// assert_eq!(json, r#"{"code":"A\\u{202e}03"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn to_json(value: &impl serde::Serialize, pretty: bool) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(value)?;
    neutralize_json(&mut value);
    if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
}

/// Neutralises every string of a JSON value in place (keys included).
///
/// # Example
/// ```
/// let mut v = serde_json::json!({"name\u{1b}": ["\u{202E}"]});
/// onshi::screen::neutralize_json(&mut v);
/// assert_eq!(v, serde_json::json!({"name\\u{1b}": ["\\u{202e}"]}));
/// ```
pub fn neutralize_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Cow::Owned(n) = neutralize(s) {
                *s = n;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(neutralize_json),
        Value::Object(map) => {
            if map.keys().any(|k| matches!(neutralize(k), Cow::Owned(_))) {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| (neutralize(&k).into_owned(), v))
                    .collect();
            }
            map.values_mut().for_each(neutralize_json);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn nothing_neutralized_acts_on_a_screen(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\u{202A}-\u{202E}\u{2066}-\u{2069}a1]{0,40}") {
            proptest::prop_assert!(!neutralize(&text).chars().any(acts_on_screen));
            proptest::prop_assert!(!redact(&text).chars().any(acts_on_screen));
        }
    }
}
