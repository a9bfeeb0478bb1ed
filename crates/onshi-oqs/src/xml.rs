//! A small element tree: OQS files are small and their element order is not fixed, so the reader
//! builds the tree once and looks elements up by name.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::OqsError;

/// The largest file read whole (real result files are a few kilobytes).
pub(crate) const MAX_FILE: usize = 16 * 1024 * 1024;
const MAX_DEPTH: usize = 32;

/// An element: its name (known OQS names are shared static strings), its text borrowed from the
/// decoded file where it can be, and its children.
#[derive(Clone, Debug, Default)]
pub(crate) struct Element<'t> {
    pub name: Cow<'static, str>,
    pub text: Cow<'t, str>,
    pub children: Vec<Element<'t>>,
}

/// Element names the reader looks up, sorted: a name read from a file is matched against these so
/// that no allocation is made for it.
const KNOWN: &[&str] = &[
    "Address",
    "ArbitraryFileIdentifier",
    "ArbitraryIdentifier",
    "Birthdate",
    "BulkConfirmUnit",
    "BulkRegistrationUnit",
    "CharacterCodeIdentifier",
    "DiagnosisInfoAvailableTime",
    "DiagnosisInfoConsFlg",
    "DiagnosisInfoConsTime",
    "DisqualificationDate",
    "ElderlyRecipientCertificateInfo",
    "ElderlyRecipientContributionRatio",
    "ErrorCode",
    "ErrorMessage",
    "InsuredBranchNumber",
    "InsuredCardClassification",
    "InsuredCardExpirationDate",
    "InsuredCardSymbol",
    "InsuredCardValidDate",
    "InsuredCertificateIssuanceDate",
    "InsuredIdentificationNumber",
    "InsuredPartialContributionRatio",
    "InsurerName",
    "InsurerNumber",
    "LimitApplicationCertificateClassification",
    "LimitApplicationCertificateClassificationFlag",
    "LimitApplicationCertificateRelatedConsFlg",
    "LimitApplicationCertificateRelatedInfo",
    "LimitApplicationCertificateValidEndDate",
    "LimitApplicationCertificateValidStartDate",
    "MedicalInstitutionCode",
    "MessageBody",
    "MessageHeader",
    "Name",
    "NameKana",
    "NumberOfProcessingResult",
    "OperationInfoAvailableTime",
    "OperationInfoConsFlg",
    "OperationInfoConsTime",
    "PersonalFamilyClassification",
    "PharmacistsInfoAvailableTime",
    "PharmacistsInfoConsFlg",
    "PharmacistsInfoConsTime",
    "PostNumber",
    "PreschoolClassification",
    "PrescriptionIssueSelect",
    "ProcessExecutionTime",
    "ProcessingResultCode",
    "ProcessingResultMessage",
    "ProcessingResultStatus",
    "QualificationConfirmSearchInfo",
    "QualificationConfirmationDate",
    "QualificationDate",
    "QualificationValidity",
    "ReasonOfLoss",
    "ReceptionDateTime",
    "ReceptionNumber",
    "ReferenceClassification",
    "ReferenceNumber",
    "ReferenceNumberRegistrationInfo",
    "ResultList",
    "ResultOfQualificationConfirmation",
    "SegmentOfResult",
    "Sex1",
    "Sex2",
    "SpecificDiseasesCertificateInfo",
    "SpecificDiseasesCertificateList",
    "SpecificDiseasesDiseaseCategory",
    "SpecificDiseasesSelfPay",
    "SpecificDiseasesValidEndDate",
    "SpecificHealthCheckupsInfoAvailableTime",
    "SpecificHealthCheckupsInfoConsFlg",
    "SpecificHealthCheckupsInfoConsTime",
    "XmlMsg",
];

/// The name as a shared static string when it is a known one, else an owned copy.
fn intern(name: &str) -> Cow<'static, str> {
    match KNOWN.binary_search(&name) {
        Ok(i) => Cow::Borrowed(KNOWN[i]),
        Err(_) => Cow::Owned(name.to_owned()),
    }
}

impl<'t> Element<'t> {
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element<'t>> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The child `name`, if present once; an error if it repeats.
    pub fn one<'a>(
        &'a self,
        path: &str,
        name: &'a str,
    ) -> Result<Option<&'a Element<'t>>, OqsError> {
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

    /// Moves the text of child `name` out of the tree (values keep their padding).
    pub fn take_text(&mut self, path: &str, name: &str) -> Result<Option<String>, OqsError> {
        let mut found = self.children.iter_mut().filter(|c| c.name == name);
        let first = found.next();
        let more = found.count();
        if more > 0 {
            return Err(OqsError::Duplicate {
                path: format!("{path}/{name}"),
                count: more + 1,
            });
        }
        Ok(first
            .map(|e| std::mem::take(&mut e.text).into_owned())
            .filter(|t| !t.is_empty()))
    }

    /// The text of child `name` (trimmed of nothing: values keep their padding).
    pub fn text_of(&self, path: &str, name: &str) -> Result<Option<String>, OqsError> {
        Ok(self
            .one(path, name)?
            .map(|e| e.text.to_string())
            .filter(|t| !t.is_empty()))
    }
}

/// One parser event, reduced to what the tree needs.
pub(crate) enum Step<'a> {
    /// An element opens (`<X>`).
    Open(Cow<'static, str>),
    /// An empty element (`<X/>`).
    Empty(Cow<'static, str>),
    /// The current element closes.
    Close,
    /// Text (entities resolved).
    Text(Cow<'a, str>),
    /// Nothing for the tree (declaration, comment, processing instruction).
    Skip,
    /// End of input.
    Eof,
}

/// Reduces a quick-xml event; refuses DTDs and unknown entities.
pub(crate) fn step(event: Event<'_>) -> Result<Step<'_>, OqsError> {
    let xml = |problem: String| OqsError::Xml {
        position: 0,
        problem,
    };
    Ok(match event {
        Event::Start(e) => Step::Open(intern(e.local_name().as_ref())),
        Event::Empty(e) => Step::Empty(intern(e.local_name().as_ref())),
        Event::End(_) => Step::Close,
        Event::Text(t) => Step::Text(t.xml10_content()),
        Event::CData(t) => Step::Text(t.xml10_content()),
        Event::GeneralRef(r) => Step::Text(Cow::Owned(match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            Ok(None) => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                .map(str::to_owned)
                .ok_or_else(|| xml(format!("unknown entity &{};", r.xml10_content())))?,
            Err(e) => return Err(xml(e.to_string())),
        })),
        Event::DocType(_) => return Err(OqsError::Dtd),
        Event::Decl(_) | Event::PI(_) | Event::Comment(_) => Step::Skip,
        Event::Eof => Step::Eof,
    })
}

impl Step<'_> {
    /// The step with its text owned, for a reader whose buffer is reused.
    pub fn into_owned(self) -> Step<'static> {
        match self {
            Step::Open(n) => Step::Open(n),
            Step::Empty(n) => Step::Empty(n),
            Step::Close => Step::Close,
            Step::Text(t) => Step::Text(Cow::Owned(t.into_owned())),
            Step::Skip => Step::Skip,
            Step::Eof => Step::Eof,
        }
    }
}

/// Builds elements from steps.
#[derive(Default)]
pub(crate) struct Builder<'t> {
    stack: Vec<Element<'t>>,
}

impl<'t> Builder<'t> {
    /// Applies a step; returns an element when one closes at the top level of this builder.
    pub fn apply(&mut self, step: Step<'t>) -> Result<Option<Element<'t>>, String> {
        match step {
            Step::Open(name) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err("elements nested too deeply".to_owned());
                }
                self.stack.push(Element {
                    name,
                    ..Element::default()
                });
            }
            Step::Empty(name) => {
                return Ok(self.attach(Element {
                    name,
                    ..Element::default()
                }));
            }
            Step::Close => {
                let el = self
                    .stack
                    .pop()
                    .ok_or_else(|| "an end tag without a start".to_owned())?;
                return Ok(self.attach(el));
            }
            Step::Text(t) => match self.stack.last_mut() {
                // Whitespace between child elements is layout, not content (OQS has no mixed content).
                Some(top) if !top.children.is_empty() => {}
                Some(top) if top.text.is_empty() => top.text = t,
                Some(top) => top.text.to_mut().push_str(&t),
                None if t.trim().is_empty() => {}
                None => return Err("text outside the root element".to_owned()),
            },
            Step::Skip | Step::Eof => {}
        }
        Ok(None)
    }

    /// Adds a finished element to its parent, or returns it when it is a top-level element.
    fn attach(&mut self, el: Element<'t>) -> Option<Element<'t>> {
        match self.stack.last_mut() {
            Some(parent) => {
                if parent.children.is_empty() {
                    parent.text = Cow::Borrowed(""); // layout before the first child
                }
                parent.children.push(el);
                None
            }
            None => Some(el),
        }
    }

    /// The name of the innermost open element, if any.
    pub fn open(&self) -> Option<&str> {
        self.stack.last().map(|e| e.name.as_ref())
    }
}

pub(crate) fn parse(text: &str) -> Result<Element<'_>, OqsError> {
    let mut reader = Reader::from_str(text);
    let mut builder = Builder::default();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| OqsError::Xml {
            position: at,
            problem: e.to_string(),
        })?;
        let step = match step(event) {
            Err(OqsError::Xml { problem, .. }) => {
                return Err(OqsError::Xml {
                    position: at,
                    problem,
                });
            }
            other => other?,
        };
        if matches!(step, Step::Eof) {
            break;
        }
        if let Some(el) = builder.apply(step).map_err(|problem| OqsError::Xml {
            position: at,
            problem,
        })? {
            if root.is_some() {
                return Err(OqsError::Xml {
                    position: at,
                    problem: "a second root element".to_owned(),
                });
            }
            root = Some(el);
        }
    }
    if let Some(name) = builder.open() {
        return Err(OqsError::Xml {
            position: reader.buffer_position(),
            problem: format!("the file ends inside <{name}> (truncated?)"),
        });
    }
    root.ok_or(OqsError::Xml {
        position: 0,
        problem: "no root element".to_owned(),
    })
}
