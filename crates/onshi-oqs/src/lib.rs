//! # onshi-oqs — the オンライン資格確認 file interface
//!
//! Clinics' systems exchange XML files with the online qualification terminal: requests in `req`,
//! results in `res`, and the face-recognition reader's results in `face`. This crate reads result
//! files (UTF-8 or Shift_JIS, checked against `CharacterCodeIdentifier`; element order not assumed;
//! unknown codes and elements kept; 外字 ● preserved), writes query requests byte for byte, and turns
//! a result into the online answer of an [`onshi::Visit`].
//!
//! ```
//! use onshi_oqs::QualificationResult;
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
//!   <CharacterCodeIdentifier>0</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult>
//!   <ReferenceClassification>1</ReferenceClassification></MessageHeader><MessageBody>
//!   <ResultList><ResultOfQualificationConfirmation><InsurerNumber>39131016</InsurerNumber>
//!   <InsuredPartialContributionRatio>010</InsuredPartialContributionRatio></ResultOfQualificationConfirmation></ResultList>
//!   <ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>
//!   </MessageBody></XmlMsg>"#;
//! let result = QualificationResult::parse(xml.as_bytes())?;
//! let online = result.online_result();
//! assert_eq!(online.status, onshi::reception::OnlineStatus::Valid);
//! assert_eq!(online.copay_percent, Some(10));
//! # Ok::<(), onshi_oqs::OqsError>(())
//! ```
#![forbid(unsafe_code)]

mod batch;
mod bulk;
mod codes;
mod encoding;
mod error;
mod exchange;
mod file;
mod request;
mod result;
mod watch;
mod writer;
mod xml;

pub use batch::{BatchSummary, BulkUnit, SearchInfo, read_batch};
pub use bulk::{
    BulkDownloadRequest, BulkQuery, BulkQueryRequest, BulkQueryWriter, ReferenceRegistration,
    ReferenceRegistrationRequest, RegistrationUnit, UploadReceipt, registration_results,
};
pub use codes::{
    Consent, InsuredCardClassification, LimitCategory, LimitCertificateClassification,
    PersonalFamily, PrescriptionIssue, ProcessingResultStatus, QualificationValidity, ReasonOfLoss,
    ReferenceClassification, SegmentOfResult, Sex, SpecificDisease,
};
pub use encoding::Encoding;
pub use error::OqsError;
pub use exchange::{ExchangeError, OqsFolders, Submitted, read_stable};
pub use file::{FileError, InputFile, open_input};
pub use request::{QualificationRequest, check_answer, file_identifier};
pub use result::{
    ConsentInfo, LimitInfo, MessageHeader, QualificationRecord, QualificationResult,
    QueriedDocument, SpecificDiseaseInfo, VOCABULARIES,
};
pub use watch::ResultWatcher;
pub use xml::WITHHELD;
