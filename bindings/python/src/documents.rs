//! The documents and parts of a visit as frozen classes. Each reads its fields from the core value
//! (dates as `datetime.date`, values as in the vector format) and converts to and from dicts and
//! JSON; `Presented` gives the documents themselves as objects.

use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::{dumps, internal, raise, to_dict, to_python};

/// The field `name` of a serialized core value (None when absent).
fn field<'py>(
    py: Python<'py>,
    value: &impl serde::Serialize,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(internal)?;
    match value.get(name) {
        Some(v) => to_python(py, v, true),
        None => Ok(py.None().into_bound(py)),
    }
}

/// A document class: its fields are read-only properties (named as in the vector format), and it
/// converts to and from dicts and JSON.
macro_rules! document {
    ($(#[$doc:meta])* $name:ident, $core:ty, [$($field:ident),* $(,)?]) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "onshi._onshi")]
        pub struct $name {
            pub(crate) inner: $core,
        }

        #[pymethods]
        impl $name {
            /// From a dict in the vector format (dates may be `date` objects).
            #[classmethod]
            fn from_dict(class: &Bound<'_, PyType>, value: &Bound<'_, PyAny>) -> PyResult<Self> {
                Self::from_json(class, &dumps(value)?)
            }

            /// From JSON text in the vector format.
            #[classmethod]
            fn from_json(_class: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
                onshi::error::from_json(text)
                    .map(|inner| $name { inner })
                    .map_err(|e| raise(&e))
            }

            /// A JSON-compatible dict.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_dict(py, &self.inner)
            }

            /// JSON text.
            fn to_json(&self) -> PyResult<String> {
                serde_json::to_string(&self.inner).map_err(internal)
            }

            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    field(py, &self.inner, stringify!($field))
                }
            )*

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$name>().is_ok_and(|o| o.get().inner == self.inner)
            }

            fn __repr__(&self) -> String {
                // Personal fields print redacted (the core's Debug).
                format!("{}({:?})", stringify!($name), self.inner)
            }
        }
    };
}

document!(
    /// マイナンバーカード offered as マイナ保険証.
    MynaInsuranceCard,
    onshi::reception::MynaInsuranceCard,
    [kind, registration, status, certificate_expires, card_expires, identity, pin]
);
document!(
    /// 従来の被保険者証.
    LegacyInsuranceCard,
    onshi::reception::LegacyInsuranceCard,
    [insurer, insured, issued, expires, insurer_changed, copay_percent]
);
document!(
    /// 資格確認書.
    QualificationCertificate,
    onshi::reception::QualificationCertificate,
    [valid_from, valid_until, reason, insurer, copay_percent]
);
document!(
    /// 資格情報のお知らせ.
    QualificationNotice,
    onshi::reception::QualificationNotice,
    [insurer, insured, copay_percent]
);
document!(
    /// マイナポータル 資格情報 screen.
    PortalScreen,
    onshi::reception::PortalScreen,
    [insurer, copay_percent]
);
document!(
    /// 限度額適用認定証.
    CeilingCertificate,
    onshi::reception::CeilingCertificate,
    [category, valid_until]
);
document!(
    /// The patient: birth date and 現役並み所得.
    Patient,
    onshi::reception::Patient,
    [birth_date, high_income]
);
document!(
    /// The facility: kind, online system, card reader.
    Facility,
    onshi::reception::Facility,
    [kind, online, reader, reader_fault, smartphone_reader]
);
document!(
    /// The online qualification answer.
    OnlineResult,
    onshi::reception::OnlineResult,
    [query, status, copay_percent, ceiling_category, insurer, insured, consent]
);

/// What the patient presented: each document, or None.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct Presented {
    pub(crate) inner: onshi::reception::Presented,
}

#[pymethods]
impl Presented {
    /// From a dict in the vector format (documents may be document objects).
    #[staticmethod]
    fn from_dict(value: &Bound<'_, PyAny>) -> PyResult<Self> {
        onshi::error::from_json(&dumps(value)?)
            .map(|inner| Presented { inner })
            .map_err(|e| raise(&e))
    }

    /// A JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    /// The マイナ保険証, if presented.
    #[getter]
    fn myna_card(&self) -> Option<MynaInsuranceCard> {
        self.inner
            .myna_card
            .clone()
            .map(|inner| MynaInsuranceCard { inner })
    }

    /// The legacy card, if presented.
    #[getter]
    fn legacy_card(&self) -> Option<LegacyInsuranceCard> {
        self.inner
            .legacy_card
            .clone()
            .map(|inner| LegacyInsuranceCard { inner })
    }

    /// The 資格確認書, if presented.
    #[getter]
    fn qualification_certificate(&self) -> Option<QualificationCertificate> {
        self.inner
            .qualification_certificate
            .clone()
            .map(|inner| QualificationCertificate { inner })
    }

    /// The 資格情報のお知らせ, if presented.
    #[getter]
    fn notice(&self) -> Option<QualificationNotice> {
        self.inner
            .notice
            .clone()
            .map(|inner| QualificationNotice { inner })
    }

    /// The マイナポータル screen, if shown.
    #[getter]
    fn portal_screen(&self) -> Option<PortalScreen> {
        self.inner
            .portal_screen
            .clone()
            .map(|inner| PortalScreen { inner })
    }

    /// The 限度額適用認定証, if presented.
    #[getter]
    fn ceiling_certificate(&self) -> Option<CeilingCertificate> {
        self.inner
            .ceiling_certificate
            .clone()
            .map(|inner| CeilingCertificate { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Presented>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!("Presented({:?})", self.inner)
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MynaInsuranceCard>()?;
    m.add_class::<LegacyInsuranceCard>()?;
    m.add_class::<QualificationCertificate>()?;
    m.add_class::<QualificationNotice>()?;
    m.add_class::<PortalScreen>()?;
    m.add_class::<CeilingCertificate>()?;
    m.add_class::<Patient>()?;
    m.add_class::<Facility>()?;
    m.add_class::<OnlineResult>()?;
    m.add_class::<Presented>()?;
    Ok(())
}
