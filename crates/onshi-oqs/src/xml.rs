//! A small element tree: OQS files are small and their element order is not fixed, so the reader
//! builds the tree once and looks elements up by name.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::OqsError;

/// The largest file read whole (real result files are a few kilobytes).
pub(crate) const MAX_FILE: usize = 16 * 1024 * 1024;
const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The child `name`, if present once; an error if it repeats.
    pub fn one<'a>(&'a self, path: &str, name: &'a str) -> Result<Option<&'a Element>, OqsError> {
        let mut found = self.all(name);
        let first = found.next();
        let more = found.count();
        if more > 0 {
            return Err(OqsError::Duplicate {
                path: format!("{path}/{name}"),
                count: more + 1,
            });
        }
        Ok(first)
    }

    /// The text of child `name` (trimmed of nothing: values keep their padding).
    pub fn text_of(&self, path: &str, name: &str) -> Result<Option<String>, OqsError> {
        Ok(self
            .one(path, name)?
            .map(|e| e.text.clone())
            .filter(|t| !t.is_empty()))
    }
}

pub(crate) fn parse(text: &str) -> Result<Element, OqsError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let err = |reader: &Reader<&[u8]>, problem: String| OqsError::Xml {
        position: reader.buffer_position(),
        problem,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(&reader, e.to_string()))?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(&reader, "elements nested too deeply".to_owned()));
                }
                let name = e.local_name().as_ref().to_owned();
                stack.push(Element {
                    name,
                    ..Element::default()
                });
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                let el = Element {
                    name,
                    ..Element::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(err(&reader, "a second root element".to_owned())),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| err(&reader, "an end tag without a start".to_owned()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(err(&reader, "a second root element".to_owned())),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(err(&reader, "text outside the root element".to_owned()));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            err(&reader, format!("unknown entity &{};", r.xml10_content()))
                        })?,
                    Err(e) => return Err(err(&reader, e.to_string())),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::DocType(_) => return Err(OqsError::Dtd),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(OqsError::Xml {
            position: reader.buffer_position(),
            problem: format!(
                "the file ends inside <{}> (truncated?)",
                stack[stack.len() - 1].name
            ),
        });
    }
    root.ok_or(OqsError::Xml {
        position: 0,
        problem: "no root element".to_owned(),
    })
}
