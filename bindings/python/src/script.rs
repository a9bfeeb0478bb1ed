//! The guided 声掛け conversation (`onshi::reception::ReceptionScript`): the desk answers step by step and the
//! decision comes at the end.

use pyo3::prelude::*;

use crate::decision::{Decision, visit_arg};
use crate::rules::RuleSet;
use crate::{dumps, enum_member, from_slug, raise};

/// The guided 声掛け conversation for a visit (a `Visit`, a dict or JSON text: the time, the
/// facility, the patient): the desk answers step by step and the decision comes at the end.
#[pyclass(module = "onshi._onshi")]
pub struct ReceptionScript {
    script: onshi::reception::ReceptionScript,
}

#[pymethods]
impl ReceptionScript {
    #[new]
    fn new(visit: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(ReceptionScript {
            script: onshi::reception::ReceptionScript::new(visit_arg(visit)?),
        })
    }

    /// The current step (a `ScriptStep`).
    #[getter]
    fn step<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(
            py,
            "ScriptStep",
            onshi::Vocabulary::slug(self.script.step()),
        )
    }

    /// What staff say at the current step, in `lang`.
    #[pyo3(signature = (lang = "ja"))]
    fn prompt(&self, lang: &str) -> PyResult<String> {
        let lang: onshi::Lang = from_slug(lang, "lang")?;
        Ok(self.script.prompt().get(lang).to_owned())
    }

    /// Gives the desk's answer at the current step (a dict: `{"answer": "yes"}`, `"no"`,
    /// `"no_card_yet"`, `"card_read"` with `card` and `online`, `"documents"` with `presented`)
    /// and returns the next step. An answer that does not fit the step raises InvalidInput
    /// `unexpected_answer` and changes nothing.
    fn answer<'py>(
        &mut self,
        py: Python<'py>,
        rules: &RuleSet,
        answer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer: onshi::reception::ScriptAnswer =
            onshi::error::from_json(&dumps(answer)?).map_err(|e| raise(&e))?;
        let step = self
            .script
            .answer(&rules.rules, answer)
            .map_err(|e| raise(&e))?;
        enum_member(py, "ScriptStep", onshi::Vocabulary::slug(step))
    }

    /// The decision once the conversation is done, else None.
    #[getter]
    fn decision(&self) -> Option<Decision> {
        self.script.decision().map(|d| Decision {
            decision: d.clone(),
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "ReceptionScript(step={})",
            onshi::Vocabulary::slug(self.script.step())
        )
    }
}
