//! Character encodings: OQS files are UTF-8 or Shift_JIS (CP932), declared in the XML declaration
//! and in `CharacterCodeIdentifier` (OQSCD005: 0 = UTF-8, 1 = Shift_JIS). onshi decodes by the
//! declaration (or a BOM) and then checks that the identifier agrees.

use serde::Serialize;

use crate::error::OqsError;

/// The encoding of an OQS file (文字コード).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 (CharacterCodeIdentifier 0).
    Utf8,
    /// Shift_JIS, read as Windows-31J / CP932 (CharacterCodeIdentifier 1).
    ShiftJis,
}

impl Encoding {
    /// The name used in the XML declaration.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::Encoding::ShiftJis.xml_name(), "Shift_JIS");
    /// ```
    pub fn xml_name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
        }
    }

    /// The CharacterCodeIdentifier value.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::Encoding::Utf8.identifier(), "0");
    /// ```
    pub fn identifier(self) -> &'static str {
        match self {
            Encoding::Utf8 => "0",
            Encoding::ShiftJis => "1",
        }
    }

    /// The encoding a CharacterCodeIdentifier names.
    pub(crate) fn from_identifier(id: &str) -> Option<Encoding> {
        match id {
            "0" => Some(Encoding::Utf8),
            "1" => Some(Encoding::ShiftJis),
            _ => None,
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::ShiftJis => encoding_rs::SHIFT_JIS,
        }
    }

    /// Encodes text, refusing characters the encoding cannot hold (never `&#…;` silently).
    pub(crate) fn encode(self, field: &'static str, text: &str) -> Result<Vec<u8>, OqsError> {
        let (bytes, _, unmappable) = self.codec().encode(text);
        if unmappable {
            return Err(OqsError::Request {
                field,
                problem: format!("a character cannot be written in {}", self.xml_name()),
            });
        }
        Ok(bytes.into_owned())
    }
}

/// The value of `encoding="…"` in the XML declaration, if there is one.
fn declared(bytes: &[u8]) -> Option<&str> {
    let head = bytes.get(..bytes.len().min(200))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(..end)?).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl
        .get(at + "encoding".len()..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest.get(1..)?;
    value.find(quote).and_then(|i| value.get(..i))
}

/// The encoding of a stream from its first bytes (BOM or declaration), without decoding it.
pub(crate) fn sniff(head: &[u8]) -> Result<Encoding, OqsError> {
    let (body, bom) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (head, false),
    };
    let Some(name) = declared(body) else {
        return Ok(Encoding::Utf8);
    };
    let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if is(&["utf-8", "utf8"]) {
        Ok(Encoding::Utf8)
    } else if !is(&[
        "shift_jis",
        "shift-jis",
        "sjis",
        "windows-31j",
        "cp932",
        "ms932",
    ]) {
        Err(OqsError::UnsupportedEncoding {
            declared: name.to_owned(),
        })
    } else if bom {
        Err(OqsError::UnsupportedEncoding {
            declared: "Shift_JIS with a UTF-8 byte order mark".to_owned(),
        })
    } else {
        Ok(Encoding::ShiftJis)
    }
}

/// Decodes a file: a UTF-8 BOM or the declaration chooses; no declaration means UTF-8 (XML's default).
pub(crate) fn decode(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, str>, Encoding), OqsError> {
    let encoding = sniff(bytes)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(body)
            .map(|s| (std::borrow::Cow::Borrowed(s), encoding))
            .map_err(|e| OqsError::Decode {
                encoding: "UTF-8",
                offset: e.valid_up_to(),
            }),
        Encoding::ShiftJis => {
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(body);
            if had_errors {
                let offset = text.find('\u{FFFD}').unwrap_or(0);
                return Err(OqsError::Decode {
                    encoding: "Shift_JIS",
                    offset,
                });
            }
            Ok((text, encoding))
        }
    }
}
