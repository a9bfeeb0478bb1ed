//! A small writer for request files: fixed layout (CRLF, two-space indent), escaping, the
//! declaration and CharacterCodeIdentifier of the chosen encoding. Same input, same bytes.

use crate::encoding::Encoding;
use crate::error::OqsError;
use crate::xml::Tag;

pub(crate) struct XmlWriter {
    text: String,
    depth: usize,
    encoding: Encoding,
    /// The open elements, a list item with its position (`QualificationConfirmSearchInfo[2]`).
    open: Vec<String>,
    /// The last element opened at each depth and how many of that name in a row.
    last: Vec<(String, usize)>,
    /// The first leaf holding what looks like a 12-digit 個人番号, by its path.
    personal_number: Option<String>,
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
    /// Starts a request file, in the shape every request shares: the declaration for `encoding`,
    /// `<XmlMsg>`, a `MessageHeader` holding `header` (in order) and the encoding's
    /// CharacterCodeIdentifier, and an open `MessageBody`. A writer gives only its header leaves,
    /// its body and its checks ([`finish`](Self::finish)).
    pub(crate) fn request(encoding: Encoding, header: &[(&str, &str)]) -> Self {
        let mut text = String::with_capacity(1024);
        text.push_str(&format!(
            "<?xml version=\"1.0\" encoding=\"{}\" standalone=\"no\"?>\r\n<XmlMsg>\r\n",
            encoding.xml_name()
        ));
        let mut w = XmlWriter {
            text,
            depth: 1,
            encoding,
            open: Vec::new(),
            last: Vec::new(),
            personal_number: None,
        };
        w.open("MessageHeader");
        for (name, value) in header {
            w.leaf(name, value);
        }
        w.leaf("CharacterCodeIdentifier", encoding.identifier())
            .close("MessageHeader")
            .open("MessageBody");
        w
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
    }

    pub(crate) fn open(&mut self, name: &str) -> &mut Self {
        self.indent();
        self.text.push_str(&format!("<{name}>\r\n"));
        let level = self.open.len();
        // What was opened deeper belongs to earlier siblings.
        self.last.truncate(level + 1);
        let n = match self.last.get_mut(level) {
            Some((last, n)) if last == name => {
                *n += 1;
                *n
            }
            Some(slot) => {
                *slot = (name.to_owned(), 1);
                1
            }
            // Opening at depth L follows an element opened at L - 1, so `last` has L entries.
            None => {
                self.last.push((name.to_owned(), 1));
                1
            }
        };
        self.open.push(if n > 1 {
            format!("{name}[{n}]")
        } else {
            name.to_owned()
        });
        self.depth += 1;
        self
    }

    pub(crate) fn close(&mut self, name: &str) -> &mut Self {
        self.open.pop();
        self.depth -= 1;
        self.indent();
        self.text.push_str(&format!("</{name}>\r\n"));
        self
    }

    pub(crate) fn leaf(&mut self, name: &str, value: &str) -> &mut Self {
        // Everything written is guarded but the machine values (file identifiers and time stamps,
        // exempt as when reading: peers number files with 12-digit sequences).
        if self.personal_number.is_none()
            && !Tag::of(name).is_machine_value()
            && onshi::numbers::contains_personal_number(value)
        {
            let mut path = String::from("XmlMsg/");
            for element in &self.open {
                path.push_str(element);
                path.push('/');
            }
            path.push_str(name);
            self.personal_number = Some(path);
        }
        self.indent();
        self.text.push_str(&format!("<{name}>"));
        escape(value, &mut self.text);
        self.text.push_str(&format!("</{name}>\r\n"));
        self
    }

    pub(crate) fn leaf_opt(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.leaf(name, v);
        }
        self
    }

    /// What a request refuses, in this order: a leaf holding what looks like a 12-digit 個人番号
    /// (file identifiers excepted, as when reading), so the error kind is `personal_number`
    /// whatever else is wrong; then `problems`, the request's own checks of its fields.
    pub(crate) fn refuse(&self, problems: Result<(), OqsError>) -> Result<(), OqsError> {
        match &self.personal_number {
            Some(path) => Err(OqsError::PersonalNumber { path: path.clone() }),
            None => problems,
        }
    }

    /// The text written since the last call (the writer keeps its place), for writers that stream.
    pub(crate) fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// Forgets what was written since the last [`take_text`](Self::take_text), a refused part.
    pub(crate) fn discard(&mut self) {
        self.text.clear();
        self.personal_number = None;
    }

    /// Ends the request (`</MessageBody>`, `</XmlMsg>`) and encodes it, unless it is refused
    /// ([`refuse`](Self::refuse)). `what` names the file in an encoding error.
    pub(crate) fn finish(
        mut self,
        what: &'static str,
        problems: Result<(), OqsError>,
    ) -> Result<Vec<u8>, OqsError> {
        self.refuse(problems)?;
        self.close("MessageBody");
        self.text.push_str("</XmlMsg>\r\n");
        self.encoding.encode(what, &self.text)
    }
}

/// Names the item a problem belongs to (`query 2: must be 2 digits`), for requests that list
/// queries or entries: a refused item is found by its position in the input.
pub(crate) fn in_item(label: &'static str, position: usize) -> impl Fn(OqsError) -> OqsError {
    move |e| match e {
        OqsError::Request { field, problem } => OqsError::Request {
            field,
            problem: format!("{label} {position}: {problem}"),
        },
        other => other,
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
