//! PIN status words and the JPKI protocol over a transport written in Python.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use onshi::Vocabulary;
use onshi::error::ErrorClass;

use crate::errors::class;
use crate::{byte_input, enum_member, raise};

/// The PIN counter a card reported.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct PinCounter {
    counter: onshi::card::PinCounter,
}

#[pymethods]
impl PinCounter {
    /// remaining, blocked, no_limit or not_reported (a `PinCounterKind`).
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "PinCounterKind", onshi::Kinds::kind(&self.counter))
    }

    /// Tries left when counted, else None.
    #[getter]
    fn tries(&self) -> Option<u8> {
        match self.counter {
            onshi::card::PinCounter::Remaining { tries } => Some(tries),
            _ => None,
        }
    }

    /// The PIN state this counter means, as a visit's `pin` says it (a `PinState`).
    #[getter]
    fn pin_state(&self) -> PinState {
        PinState {
            state: self.counter.pin_state(),
        }
    }

    fn __repr__(&self) -> String {
        format!("PinCounter({:?})", self.counter)
    }
}

/// What is known of the PIN for a visit: not asked, tries left, or locked.
#[pyclass(module = "onshi._onshi", frozen)]
pub struct PinState {
    state: onshi::reception::PinState,
}

#[pymethods]
impl PinState {
    /// unknown, remaining or locked (a `PinStateKind`).
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "PinStateKind", onshi::Kinds::kind(&self.state))
    }

    /// Tries left when counted, else None.
    #[getter]
    fn tries(&self) -> Option<u8> {
        match self.state {
            onshi::reception::PinState::Remaining { tries } => Some(tries),
            _ => None,
        }
    }

    fn __repr__(&self) -> String {
        format!("PinState({:?})", self.state)
    }
}

/// Reads the answer to a PIN query (an empty VERIFY) from its status word, e.g. 0x63C3. A status
/// word that is no such answer raises InvalidInput: a counter is never guessed.
#[pyfunction]
pub fn pin_counter_from_status_word(status_word: u16) -> PyResult<PinCounter> {
    onshi::card::PinCounter::from_query_word(status_word)
        .map(|counter| PinCounter { counter })
        .map_err(|e| raise(&e))
}

/// Carries APDUs through a Python callable `transmit(apdu: bytes) -> bytes`. The callable raises
/// NoReader / NoCard / CardRemoved for those conditions; any other exception is a reader error.
struct PyTransport {
    transmit: Py<PyAny>,
}

impl onshi::card::Transport for PyTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, onshi::card::TransportError> {
        Python::attach(|py| {
            let answer = self
                .transmit
                .bind(py)
                .call1((PyBytes::new(py, apdu),))
                .map_err(|e| {
                    let raised =
                        |c: &&ErrorClass| class(py, c.name()).is_ok_and(|c| e.is_instance(py, &c));
                    let mut classes = ErrorClass::ALL.iter().filter(raised);
                    let io = || onshi::card::TransportError::Io {
                        message: format!("the transport raised {e}"),
                    };
                    classes.find_map(|c| c.transport_error()).unwrap_or_else(io)
                })?;
            byte_input(&answer, "transmit result")
                .map(|b| b.into_owned())
                .map_err(|_| onshi::card::TransportError::Io {
                    message: "the transport returned something other than bytes".to_owned(),
                })
        })
    }
}

/// A JPKI session over a transport: `JpkiCard(transmit)` where `transmit(apdu: bytes) -> bytes`
/// (pyscard, a reader SDK, or `SimulatedCard.transmit`). Use from one thread at a time.
#[pyclass(module = "onshi._onshi")]
pub struct JpkiCard {
    card: onshi::card::JpkiCard<PyTransport>,
}

#[pymethods]
impl JpkiCard {
    #[new]
    fn new(transmit: Bound<'_, PyAny>) -> PyResult<Self> {
        if !transmit.is_callable() {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "transmit: expected a callable taking and returning bytes",
            ));
        }
        Ok(JpkiCard {
            card: onshi::card::JpkiCard::new(PyTransport {
                transmit: transmit.unbind(),
            }),
        })
    }

    /// Selects the JPKI application (CardError kind "not_my_number_card" when absent).
    fn select(&mut self) -> PyResult<()> {
        self.card.select_jpki().map_err(|e| raise(&e))
    }

    /// The token kind (a `TokenKind`).
    fn token<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let token = self.card.token().map_err(|e| raise(&e))?;
        enum_member(py, "TokenKind", onshi::Kinds::kind(&token))
    }

    /// The user-authentication certificate (DER).
    fn read_certificate<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let der = self.card.read_auth_certificate().map_err(|e| raise(&e))?;
        Ok(PyBytes::new(py, &der))
    }

    /// The certificate of the CA that issued the user-authentication certificate (DER bytes).
    fn read_ca_certificate<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let der = self
            .card
            .read_auth_ca_certificate()
            .map_err(|e| raise(&e))?;
        Ok(PyBytes::new(py, &der))
    }

    /// Asks the PIN counter without spending a try.
    fn pin_counter(&mut self) -> PyResult<PinCounter> {
        self.card
            .pin_counter()
            .map(|counter| PinCounter { counter })
            .map_err(|e| raise(&e))
    }

    /// Verifies the 4-digit PIN once and returns a `PinVerification` (its `result`, and after a
    /// wrong PIN the `counter` the card reported). A blocked PIN, or the last try
    /// without `last_try_confirmed`, raises CardError before anything is sent; a link lost during
    /// VERIFY raises CardError kind "verify_outcome_unknown" (query the counter, never resend). The
    /// PIN never appears in any message.
    #[pyo3(signature = (pin, *, last_try_confirmed = false))]
    fn verify_pin(&mut self, pin: &str, last_try_confirmed: bool) -> PyResult<PinVerification> {
        let pin = onshi::card::Pin::new(pin).map_err(|e| raise(&e))?;
        let last_try = if last_try_confirmed {
            onshi::card::LastTry::Confirmed
        } else {
            onshi::card::LastTry::Refuse
        };
        let outcome = self
            .card
            .verify_pin(&pin, last_try)
            .map_err(|e| raise(&e))?;
        Ok(PinVerification { outcome })
    }

    fn __repr__(&self) -> &'static str {
        "JpkiCard(...)"
    }
}

/// What one PIN verification did: `result` (a `PinResult`) and, after a wrong PIN, the `counter`
/// the card then reported (tries left), so the caller can warn before the last try.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct PinVerification {
    outcome: onshi::card::PinOutcome,
}

#[pymethods]
impl PinVerification {
    /// verified, wrong or blocked (a `PinResult`).
    #[getter]
    fn result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "PinResult", onshi::Kinds::kind(&self.outcome))
    }

    /// The counter after a wrong PIN; None otherwise.
    #[getter]
    fn counter(&self) -> Option<PinCounter> {
        match self.outcome {
            onshi::card::PinOutcome::Wrong { counter } => Some(PinCounter { counter }),
            _ => None,
        }
    }

    /// The PIN state after this verification (a `PinState`).
    #[getter]
    fn pin_state(&self) -> PinState {
        PinState {
            state: self.outcome.pin_state(),
        }
    }

    fn __repr__(&self) -> String {
        format!("PinVerification({:?})", self.outcome)
    }
}

/// A simulated My Number Card (plastic card) holding `certificate` (DER) and a 4-digit `pin` with
/// `tries` left; pass its `transmit` method to `JpkiCard`.
#[pyclass(module = "onshi._onshi")]
pub struct SimulatedCard {
    card: onshi::card::SimulatedCard,
}

#[pymethods]
impl SimulatedCard {
    #[new]
    #[pyo3(signature = (certificate, pin, *, tries = 3))]
    fn new(certificate: &Bound<'_, PyAny>, pin: &str, tries: u8) -> PyResult<Self> {
        let cert = byte_input(certificate, "certificate")?.into_owned();
        let pin = onshi::card::Pin::new(pin).map_err(|e| raise(&e))?;
        Ok(SimulatedCard {
            card: onshi::card::SimulatedCard::new(
                onshi::card::TokenKind::PlasticCard,
                cert,
                Vec::new(),
                pin,
            )
            .with_tries(tries)
            .map_err(|e| raise(&e))?,
        })
    }

    /// One APDU exchange (raises CardRemoved when the simulated card was removed).
    fn transmit<'py>(
        &mut self,
        py: Python<'py>,
        apdu: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let apdu = byte_input(apdu, "apdu")?;
        match onshi::card::Transport::transmit(&mut self.card, &apdu) {
            Ok(answer) => Ok(PyBytes::new(py, &answer)),
            Err(e) => Err(raise(&onshi::card::CardError::from(e))),
        }
    }

    /// How many PIN verifications (with a PIN) the card received.
    #[getter]
    fn pin_attempts(&self) -> usize {
        self.card.pin_attempts()
    }

    fn __repr__(&self) -> String {
        format!("SimulatedCard(tries={})", self.card.tries())
    }
}
