//! A small writer for request files: fixed layout (CRLF, two-space indent), escaping, the
//! declaration and CharacterCodeIdentifier of the chosen encoding. Same input, same bytes.

use crate::encoding::Encoding;
use crate::error::OqsError;

pub(crate) struct XmlWriter {
    text: String,
    depth: usize,
    encoding: Encoding,
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

impl XmlWriter {
    /// Starts `<XmlMsg>` with the declaration for `encoding`.
    pub fn new(encoding: Encoding) -> Self {
        let mut text = String::with_capacity(1024);
        text.push_str(&format!(
            "<?xml version=\"1.0\" encoding=\"{}\" standalone=\"no\"?>\r\n<XmlMsg>\r\n",
            encoding.xml_name()
        ));
        XmlWriter {
            text,
            depth: 1,
            encoding,
        }
    }

    /// Starts a message with the usual header (institution, file identifier, encoding) and opens
    /// `MessageBody`.
    pub fn with_header(encoding: Encoding, mic: &str, afi: &str) -> Self {
        let mut w = XmlWriter::new(encoding);
        w.open("MessageHeader")
            .leaf("MedicalInstitutionCode", mic)
            .leaf("ArbitraryFileIdentifier", afi)
            .identifier()
            .close("MessageHeader")
            .open("MessageBody");
        w
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
    }

    pub fn open(&mut self, name: &str) -> &mut Self {
        self.indent();
        self.text.push_str(&format!("<{name}>\r\n"));
        self.depth += 1;
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.depth -= 1;
        self.indent();
        self.text.push_str(&format!("</{name}>\r\n"));
        self
    }

    pub fn leaf(&mut self, name: &str, value: &str) -> &mut Self {
        self.indent();
        self.text.push_str(&format!("<{name}>"));
        escape(value, &mut self.text);
        self.text.push_str(&format!("</{name}>\r\n"));
        self
    }

    pub fn leaf_opt(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.leaf(name, v);
        }
        self
    }

    /// The CharacterCodeIdentifier leaf for this writer's encoding.
    pub fn identifier(&mut self) -> &mut Self {
        let id = self.encoding.identifier();
        self.leaf("CharacterCodeIdentifier", id)
    }

    /// Closes `</XmlMsg>` and encodes.
    pub fn finish(mut self, field: &'static str) -> Result<Vec<u8>, OqsError> {
        self.text.push_str("</XmlMsg>\r\n");
        self.encoding.encode(field, &self.text)
    }
}

/// Checks shared by every request: institution code, file identifier.
pub(crate) fn check_header(mic: &str, afi: &str) -> Result<(), OqsError> {
    let bad = |field: &'static str, problem: &str| {
        Err(OqsError::Request {
            field,
            problem: problem.to_owned(),
        })
    };
    if mic.len() != 10 || !mic.chars().all(|c| c.is_ascii_digit()) {
        return bad("medical_institution_code", "must be 10 digits");
    }
    if afi.is_empty() || afi.len() > 50 || !afi.is_ascii() || afi.contains(['<', '>', '&']) {
        return bad(
            "arbitrary_file_identifier",
            "must be 1 to 50 ASCII characters without < > &",
        );
    }
    Ok(())
}

/// A file-name-safe form of an identifier.
pub(crate) fn file_part(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}
