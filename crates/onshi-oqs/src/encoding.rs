//! Character encodings: OQS files are UTF-8 or Shift_JIS (CP932), declared in the XML declaration
//! and in `CharacterCodeIdentifier` (OQSCD005: 0 = UTF-8, 1 = Shift_JIS). onshi decodes by the
//! declaration (or a BOM) and then checks that the identifier agrees.

use serde::Serialize;

use crate::error::OqsError;

/// The encoding of an OQS file (文字コード).
///
/// # Example
/// ```
/// use onshi_oqs::Encoding;
/// assert_eq!(Encoding::ShiftJis.xml_name(), "Shift_JIS");
/// assert_eq!(Encoding::Utf8.identifier(), "0");
/// ```
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
    let decl = head.strip_prefix(b"<?xml")?;
    // A declaration is a few dozen bytes: plain loops cost less here than building a searcher.
    let end = decl.iter().position(|&b| b == b'>')?;
    let decl = decl.get(..end)?;
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = std::str::from_utf8(decl.get(at + "encoding".len()..)?).ok()?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
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
            declared: onshi::screen::redact(name).chars().take(40).collect(),
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
            let mut text = String::new();
            Decoder::new(encoding).decode(body, &mut text, true)?;
            Ok((std::borrow::Cow::Owned(text), encoding))
        }
    }
}

/// Decodes a file piece by piece, refusing malformed bytes.
///
/// Shift_JIS markup is nearly all ASCII, which encoding_rs copies a byte at a time when the
/// buffers are not aligned alike; runs of ASCII are copied here instead. A byte below 0x40 is
/// never part of a double-byte character, so a run given to the codec ends just after one, where
/// the codec holds nothing back.
pub(crate) struct Decoder {
    codec: encoding_rs::Decoder,
    encoding: Encoding,
    /// The codec holds no part of a character.
    clear: bool,
    /// Bytes decoded so far (error offsets).
    read: usize,
}

impl Decoder {
    pub(crate) fn new(encoding: Encoding) -> Decoder {
        Decoder {
            codec: match encoding {
                Encoding::Utf8 => encoding_rs::UTF_8.new_decoder_with_bom_removal(),
                Encoding::ShiftJis => encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling(),
            },
            encoding,
            clear: true,
            read: 0,
        }
    }

    /// Appends the text of `src` to `out`; `last` when no bytes follow.
    ///
    /// # Errors
    /// [`OqsError::Decode`] with the offset of the first malformed byte; `out` then holds the
    /// text before it.
    pub(crate) fn decode(
        &mut self,
        mut src: &[u8],
        out: &mut String,
        last: bool,
    ) -> Result<(), OqsError> {
        if self.encoding == Encoding::Utf8 {
            return self.codec_run(src, out, last);
        }
        while !src.is_empty() {
            if self.clear {
                let (ascii, rest) = src.split_at(ascii_len(src));
                if let Ok(ascii) = std::str::from_utf8(ascii) {
                    out.push_str(ascii);
                    self.read += ascii.len();
                }
                src = rest;
            }
            let end = src
                .iter()
                .position(|&b| b < 0x40)
                .map_or(src.len(), |i| i + 1);
            let (run, rest) = src.split_at(end);
            self.codec_run(run, out, false)?;
            self.clear = run.last().is_some_and(|&b| b < 0x40);
            src = rest;
        }
        if last {
            // Refuses a lead byte at the very end.
            self.codec_run(&[], out, true)?;
        }
        Ok(())
    }

    fn codec_run(&mut self, mut src: &[u8], out: &mut String, last: bool) -> Result<(), OqsError> {
        loop {
            let room = self
                .codec
                .max_utf8_buffer_length_without_replacement(src.len());
            out.reserve(room.unwrap_or(src.len()));
            let (result, read) = self
                .codec
                .decode_to_string_without_replacement(src, out, last);
            self.read += read;
            src = src.get(read..).unwrap_or_default();
            match result {
                encoding_rs::DecoderResult::InputEmpty => return Ok(()),
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    return Err(OqsError::Decode {
                        encoding: self.encoding.xml_name(),
                        offset: self
                            .read
                            .saturating_sub(usize::from(bad) + usize::from(after)),
                    });
                }
            }
        }
    }
}

/// How many bytes at the start of `bytes` are ASCII (eight at a time while it can).
fn ascii_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for word in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    let tail = bytes.get(n..).unwrap_or_default();
    n + tail
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(tail.len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn shift_jis(text: &str) -> Vec<u8> {
        encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
    }

    proptest! {
        /// Decoding Shift_JIS in any pieces gives what encoding_rs gives for the whole.
        #[test]
        fn shift_jis_in_pieces(text in "[a-z<>/ 0-9ｱ-ﾝあ-ん漢字ソ表～①]{0,60}", cuts in proptest::collection::vec(0usize..80, 0..6)) {
            let bytes = shift_jis(&text);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut decoder = Decoder::new(Encoding::ShiftJis);
            let mut out = String::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                let last = cut == bytes.len();
                decoder.decode(bytes.get(from..cut).unwrap_or_default(), &mut out, last).unwrap();
                from = cut;
                if last {
                    break;
                }
            }
            let (whole, _, errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
            prop_assert!(!errors);
            prop_assert_eq!(out, whole.into_owned());
        }
    }

    #[test]
    fn malformed_shift_jis_is_refused_where_it_is() {
        let offset = |bytes: &[u8]| match Decoder::new(Encoding::ShiftJis).decode(
            bytes,
            &mut String::new(),
            true,
        ) {
            Err(OqsError::Decode { offset, .. }) => Some(offset),
            _ => None,
        };
        // A lead byte followed by '<', a lead byte at the end, a byte no character starts with.
        assert_eq!(offset(b"<A>\x82<"), Some(3));
        assert_eq!(offset(b"<A>abc\x82"), Some(6));
        assert_eq!(offset(b"<A>\xa0</A>"), Some(3));
        assert_eq!(offset(&shift_jis("<A>表</A>")), None);
        assert_eq!(ascii_len(b"0123456789\x82"), 10);
    }
}
