//! PIN status from status words, and the JPKI protocol over a transport the caller implements.

use std::ffi::{c_char, c_void};

use onshi_c_derive::CEnum;

use crate::vocabularies::*;
use crate::{Failure, OnshiStatus, Out, argument, boundary, refused, text};

/// The PIN counter: its kind and, for ONSHI_PIN_COUNTER_KIND_REMAINING, the tries left (else 0).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnshiPinCounter {
    /// What the card said.
    pub kind: OnshiPinCounterKind,
    /// Tries left, when counted.
    pub tries: u8,
}

/// The outcome of onshi_card_verify_pin.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnshiPinOutcome {
    /// Right, wrong or now blocked.
    pub result: OnshiPinResult,
    /// For ONSHI_PIN_RESULT_WRONG, the counter the card reported.
    pub counter: OnshiPinCounter,
}

/// The PIN state: its kind and, for ONSHI_PIN_STATE_KIND_REMAINING, the tries left (else 0).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnshiPinState {
    /// Not asked, counted or locked.
    pub kind: OnshiPinStateKind,
    /// Tries left, when counted.
    pub tries: u8,
}

/// The C struct (a kind and the tries left) of a core value whose `Remaining { tries }` counts
/// the tries: the kind by the derived conversion, the tries when counted (else 0).
macro_rules! counted {
    ($($c:ident from $($core:ident)::+;)+) => {$(
        impl From<$($core)::+> for $c {
            fn from(value: $($core)::+) -> Self {
                let tries = match value {
                    $($core)::+::Remaining { tries } => tries,
                    _ => 0,
                };
                $c {
                    kind: value.into(),
                    tries,
                }
            }
        }
    )+};
}

counted! {
    OnshiPinState from onshi::reception::PinState;
    OnshiPinCounter from onshi::card::PinCounter;
}

/// The core's counter from a C one whose kind is read as a plain number (a caller's struct may
/// hold any value there).
fn counter_from_raw(kind: u32, tries: u8) -> Result<onshi::card::PinCounter, Failure> {
    use OnshiPinCounterKind as K;
    Ok(match argument(kind, "counter kind")? {
        K::Remaining => onshi::card::PinCounter::Remaining { tries },
        K::Blocked => onshi::card::PinCounter::Blocked,
        K::NoLimit => onshi::card::PinCounter::NoLimit,
        K::NotReported => onshi::card::PinCounter::NotReported,
    })
}

/// The PIN state a counter means (what a visit's `pin` says after asking the card).
///
/// # Safety
/// `counter` readable; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_pin_counter_state(
    counter: *const OnshiPinCounter,
    out: *mut OnshiPinState,
) -> OnshiStatus {
    boundary(|| {
        if counter.is_null() {
            return Err(Failure::null("counter"));
        }
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        // SAFETY: non-NULL and readable per the contract; the kind is read as the u32 it is
        // stored as, so any value the caller put there is sound to read.
        let (kind, tries) = unsafe {
            (
                std::ptr::addr_of!((*counter).kind).cast::<u32>().read(),
                std::ptr::addr_of!((*counter).tries).read(),
            )
        };
        let state = counter_from_raw(kind, tries)?.pin_state();
        out.put(state.into())
    })
}

/// The PIN state after a verification (verified: not counted; wrong: the counter's; blocked:
/// locked).
///
/// # Safety
/// `outcome` readable; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_pin_outcome_state(
    outcome: *const OnshiPinOutcome,
    out: *mut OnshiPinState,
) -> OnshiStatus {
    boundary(|| {
        if outcome.is_null() {
            return Err(Failure::null("outcome"));
        }
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        // SAFETY: non-NULL and readable per the contract; enum fields read as their u32s.
        let (result, kind, tries) = unsafe {
            (
                std::ptr::addr_of!((*outcome).result).cast::<u32>().read(),
                std::ptr::addr_of!((*outcome).counter.kind)
                    .cast::<u32>()
                    .read(),
                std::ptr::addr_of!((*outcome).counter.tries).read(),
            )
        };
        let outcome = match argument(result, "result")? {
            OnshiPinResult::Verified => onshi::card::PinOutcome::Verified,
            OnshiPinResult::Wrong => onshi::card::PinOutcome::Wrong {
                counter: counter_from_raw(kind, tries)?,
            },
            OnshiPinResult::Blocked => onshi::card::PinOutcome::Blocked,
        };
        out.put(outcome.pin_state().into())
    })
}

/// What a transmit callback returns.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, CEnum)]
pub enum OnshiTransmitResult {
    /// The response (data then SW1 SW2) was written.
    Ok = 0,
    /// No card reader is connected.
    NoReader = 1,
    /// The reader has no card.
    NoCard = 2,
    /// The card was removed (or the NFC link lost) during the exchange.
    CardRemoved = 3,
    /// Any other reader or link failure.
    IoError = 4,
}

/// Sends one command APDU (`apdu`, `apdu_len` bytes) to the card and writes the response (data then
/// SW1 SW2) into `response` (room for `response_capacity` bytes, at least 65538) and its length
/// into `*response_len`. Returns an ONSHI_TRANSMIT_RESULT_* value. Called on the thread that called
/// the onshi_card_* function; must not call back into the same card.
pub type OnshiTransmitFn = Option<
    unsafe extern "C" fn(
        context: *mut c_void,
        apdu: *const u8,
        apdu_len: usize,
        response: *mut u8,
        response_capacity: usize,
        response_len: *mut usize,
    ) -> u32,
>;

/// A card transport the caller implements (a reader SDK, PC/SC, NFC): `transmit` is called with
/// `context` for every APDU.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OnshiTransport {
    /// Passed back to `transmit` unchanged.
    pub context: *mut c_void,
    /// The callback (required).
    pub transmit: OnshiTransmitFn,
}

/// The largest response an APDU can have: 65536 data bytes and the status word.
const RESPONSE_CAPACITY: usize = 65538;

struct CallbackTransport {
    context: *mut c_void,
    transmit:
        unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut u8, usize, *mut usize) -> u32,
    response: Vec<u8>,
}

impl onshi::card::Transport for CallbackTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, onshi::card::TransportError> {
        let mut len = 0usize;
        // SAFETY: the caller of onshi_card_new vouched for the callback and its context; the
        // buffers are ours and sized as passed.
        let result = unsafe {
            (self.transmit)(
                self.context,
                apdu.as_ptr(),
                apdu.len(),
                self.response.as_mut_ptr(),
                self.response.len(),
                &mut len,
            )
        };
        match OnshiTransmitResult::try_from(result) {
            Ok(OnshiTransmitResult::Ok) if len <= self.response.len() => {
                Ok(self.response.get(..len).unwrap_or_default().to_vec())
            }
            Ok(OnshiTransmitResult::Ok) => Err(onshi::card::TransportError::Io {
                message: format!(
                    "the transmit callback reported {len} bytes for a {}-byte buffer",
                    self.response.len()
                ),
            }),
            Ok(OnshiTransmitResult::NoReader) => Err(onshi::card::TransportError::NoReader),
            Ok(OnshiTransmitResult::NoCard) => Err(onshi::card::TransportError::NoCard),
            Ok(OnshiTransmitResult::CardRemoved) => Err(onshi::card::TransportError::CardRemoved),
            Ok(OnshiTransmitResult::IoError) | Err(_) => Err(onshi::card::TransportError::Io {
                message: format!("the transmit callback returned {result}"),
            }),
        }
    }
}

/// What a transmit callback returns for a transport error (the simulated card's answer).
impl From<&onshi::card::TransportError> for OnshiTransmitResult {
    fn from(e: &onshi::card::TransportError) -> Self {
        match e {
            onshi::card::TransportError::NoReader => OnshiTransmitResult::NoReader,
            onshi::card::TransportError::NoCard => OnshiTransmitResult::NoCard,
            onshi::card::TransportError::CardRemoved => OnshiTransmitResult::CardRemoved,
            _ => OnshiTransmitResult::IoError,
        }
    }
}

/// A JPKI session over the caller's transport (opaque). Use from one thread at a time. Free with
/// onshi_card_free.
pub struct OnshiCard {
    card: onshi::card::JpkiCard<CallbackTransport>,
}

/// Reads the answer to a PIN query (an empty VERIFY, which spends no try) from its status word
/// (e.g. 0x63C3). A status word that is not such an answer is ONSHI_STATUS_INVALID_INPUT: a counter
/// is never guessed.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_pin_counter_from_status_word(
    status_word: u16,
    out: *mut OnshiPinCounter,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let c = onshi::card::PinCounter::from_query(onshi::card::StatusWord(status_word))
            .ok_or_else(|| {
                Failure::new(
                    OnshiStatus::InvalidInput,
                    format!("status word {status_word:04X} is not an answer to a PIN query"),
                )
            })?;
        out.put(c.into())
    })
}

/// Starts a JPKI session over `transport` (copied; `transport->transmit` is required). Nothing is
/// sent yet. Free with onshi_card_free.
///
/// # Safety
/// `transport` readable; its callback and context stay valid until the card is freed; `out`
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_new(
    transport: *const OnshiTransport,
    out: *mut *mut OnshiCard,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let t = unsafe { transport.as_ref() }.ok_or_else(|| Failure::null("transport"))?;
        let transmit = t
            .transmit
            .ok_or_else(|| Failure::null("transport->transmit"))?;
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let card = onshi::card::JpkiCard::new(CallbackTransport {
            context: t.context,
            transmit,
            response: vec![0; RESPONSE_CAPACITY],
        });
        out.put(Box::into_raw(Box::new(OnshiCard { card })))
    })
}

/// Frees a card session (NULL is a no-op). The transport's context is the caller's to release.
///
/// # Safety
/// `card` NULL or from onshi_card_new, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_free(card: *mut OnshiCard) {
    if !card.is_null() {
        // SAFETY: created by Box::into_raw in this crate; freed once per the contract.
        drop(unsafe { Box::from_raw(card) });
    }
}

/// Runs `f` on the card behind `card`.
///
/// # Safety
/// `card` NULL or a live card used by no other thread meanwhile.
unsafe fn with_card(
    card: *mut OnshiCard,
    f: impl FnOnce(&mut onshi::card::JpkiCard<CallbackTransport>) -> Result<(), Failure>,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let card = unsafe { card.as_mut() }.ok_or_else(|| Failure::null("card"))?;
        f(&mut card.card)
    })
}

/// Selects the JPKI application. ONSHI_STATUS_NOT_MY_NUMBER_CARD when the card has none.
///
/// # Safety
/// `card` a live card used by no other thread meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_select(card: *mut OnshiCard) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe { with_card(card, |c| c.select_jpki().map_err(refused)) }
}

/// Reads the token kind (plastic card, smartphone, …).
///
/// # Safety
/// `card` a live card used by no other thread meanwhile; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_token(
    card: *mut OnshiCard,
    out: *mut OnshiTokenKind,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        with_card(card, |c| {
            let out = Out::new(out, "out")?;
            let kind = OnshiTokenKind::from(c.token().map_err(refused)?);
            out.put(kind)
        })
    }
}

/// Reads the user-authentication certificate (DER) into a new buffer: `*out` (free with
/// onshi_bytes_free and the same length) and `*out_len`. Check it with onshi_check_certificate.
///
/// # Safety
/// `card` a live card used by no other thread meanwhile; `out` and `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_read_certificate(
    card: *mut OnshiCard,
    out: *mut *mut u8,
    out_len: *mut usize,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe { read_file(card, out, out_len, |c| c.read_auth_certificate()) }
}

/// Reads the certificate of the CA that issued the user-authentication certificate (DER) into a
/// new buffer, as onshi_card_read_certificate.
///
/// # Safety
/// `card` a live card used by no other thread meanwhile; `out` and `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_read_ca_certificate(
    card: *mut OnshiCard,
    out: *mut *mut u8,
    out_len: *mut usize,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe { read_file(card, out, out_len, |c| c.read_auth_ca_certificate()) }
}

/// Reads a certificate file with `read` into a new buffer for the caller.
///
/// # Safety
/// As onshi_card_read_certificate.
unsafe fn read_file(
    card: *mut OnshiCard,
    out: *mut *mut u8,
    out_len: *mut usize,
    read: impl FnOnce(
        &mut onshi::card::JpkiCard<CallbackTransport>,
    ) -> Result<Vec<u8>, onshi::card::CardError>,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        with_card(card, |c| {
            let (out, out_len) = (Out::new(out, "out")?, Out::new(out_len, "out_len")?);
            let boxed = read(c).map_err(refused)?.into_boxed_slice();
            out_len.put(boxed.len())?;
            out.put(Box::into_raw(boxed).cast::<u8>())
        })
    }
}

/// Frees bytes returned by this library (NULL is a no-op).
///
/// # Safety
/// `data` NULL or from this library with this `len`, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_bytes_free(data: *mut u8, len: usize) {
    if !data.is_null() {
        // SAFETY: created from a boxed slice of `len` bytes in this crate; freed once.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(data, len)) });
    }
}

/// Asks the card how many PIN tries are left (an empty VERIFY: no try is spent).
///
/// # Safety
/// `card` a live card used by no other thread meanwhile; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_pin_counter(
    card: *mut OnshiCard,
    out: *mut OnshiPinCounter,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        with_card(card, |c| {
            let out = Out::new(out, "out")?;
            let value = c.pin_counter().map_err(refused)?;
            out.put(value.into())
        })
    }
}

/// Verifies the 4-digit PIN once. The counter is asked first: a blocked PIN
/// (ONSHI_STATUS_PIN_BLOCKED), or a last try without `last_try_confirmed` nonzero
/// (ONSHI_STATUS_LAST_TRY_NOT_CONFIRMED), is refused before anything is sent. One VERIFY is sent and
/// never retried; if the link fails during it, ONSHI_STATUS_VERIFY_OUTCOME_UNKNOWN: query the
/// counter, do not resend. The PIN is never in any message; clear your copy after the call.
///
/// # Safety
/// `card` a live card used by no other thread meanwhile; `pin` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_card_verify_pin(
    card: *mut OnshiCard,
    pin: *const c_char,
    last_try_confirmed: u8,
    out: *mut OnshiPinOutcome,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        with_card(card, |c| {
            // A wrong length is refused by Pin::new below without repeating the input.
            let pin = text(pin, "pin", 64)
                .map_err(|f| f.with_message("pin is NULL, too long or not UTF-8"))?;
            let out = Out::new(out, "out")?;
            let pin = onshi::card::Pin::new(pin).map_err(refused)?;
            let last_try = if last_try_confirmed != 0 {
                onshi::card::LastTry::Confirmed
            } else {
                onshi::card::LastTry::Refuse
            };
            let outcome = c.verify_pin(&pin, last_try).map_err(refused)?;
            let counter = match outcome {
                onshi::card::PinOutcome::Wrong { counter } => counter,
                onshi::card::PinOutcome::Blocked => onshi::card::PinCounter::Blocked,
                onshi::card::PinOutcome::Verified => onshi::card::PinCounter::NotReported,
            };
            let outcome = OnshiPinOutcome {
                result: outcome.into(),
                counter: counter.into(),
            };
            out.put(outcome)
        })
    }
}

/// A simulated My Number Card (opaque) holding a user-authentication certificate and a PIN, for
/// trying an integration without a card: pass it as the context of
/// onshi_simulated_card_transmit, which is an OnshiTransmitFn. Free with
/// onshi_simulated_card_free.
pub struct OnshiSimulatedCard {
    card: onshi::card::SimulatedCard,
}

/// A simulated plastic card with `certificate` (DER) as its user-authentication certificate, the
/// 4-digit `pin` and `tries` PIN tries left (0 = blocked; at most 15).
///
/// # Safety
/// `certificate` readable for `certificate_len` bytes; `pin` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_simulated_card_new(
    certificate: *const u8,
    certificate_len: usize,
    pin: *const c_char,
    tries: u8,
    out: *mut *mut OnshiSimulatedCard,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (cert, pin, out) = unsafe {
            (
                crate::bytes(certificate, certificate_len, "certificate", 1 << 16)?,
                text(pin, "pin", 64)?,
                Out::new(out, "out")?,
            )
        };
        let pin = onshi::card::Pin::new(pin).map_err(refused)?;
        let card = onshi::card::SimulatedCard::new(
            onshi::card::TokenKind::PlasticCard,
            cert.to_vec(),
            Vec::new(),
            pin,
        )
        .with_tries(tries)
        .map_err(refused)?;
        out.put(Box::into_raw(Box::new(OnshiSimulatedCard { card })))
    })
}

/// The simulated card's OnshiTransmitFn: `context` is the OnshiSimulatedCard.
///
/// # Safety
/// `context` a live OnshiSimulatedCard used by no other thread meanwhile; `apdu` readable for
/// `apdu_len` bytes; `response` writable for `response_capacity` bytes; `response_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_simulated_card_transmit(
    context: *mut c_void,
    apdu: *const u8,
    apdu_len: usize,
    response: *mut u8,
    response_capacity: usize,
    response_len: *mut usize,
) -> u32 {
    crate::guarded(OnshiTransmitResult::IoError as u32, || {
        // SAFETY: forwarded caller guarantees.
        let sim = unsafe { context.cast::<OnshiSimulatedCard>().as_mut() };
        let (Some(sim), false, false, false) = (
            sim,
            apdu.is_null(),
            response.is_null(),
            response_len.is_null(),
        ) else {
            return OnshiTransmitResult::IoError as u32;
        };
        // SAFETY: non-NULL; the caller guarantees `apdu_len` readable bytes.
        let apdu = unsafe { std::slice::from_raw_parts(apdu, apdu_len) };
        let answer = match onshi::card::Transport::transmit(&mut sim.card, apdu) {
            Ok(answer) => answer,
            Err(e) => return OnshiTransmitResult::from(&e) as u32,
        };
        if answer.len() > response_capacity {
            return OnshiTransmitResult::IoError as u32;
        }
        // SAFETY: `response` holds `response_capacity` ≥ answer.len() bytes; `response_len` is
        // non-NULL and writable.
        unsafe {
            std::ptr::copy_nonoverlapping(answer.as_ptr(), response, answer.len());
            response_len.write(answer.len());
        }
        OnshiTransmitResult::Ok as u32
    })
}

/// How many PIN verifications (with a PIN) the simulated card has received (0 for NULL).
///
/// # Safety
/// `card` NULL or a live simulated card.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_simulated_card_pin_attempts(
    card: *const OnshiSimulatedCard,
) -> usize {
    // SAFETY: forwarded caller guarantee.
    unsafe { card.as_ref() }.map_or(0, |c| c.card.pin_attempts())
}

/// Frees a simulated card (NULL is a no-op).
///
/// # Safety
/// `card` NULL or from onshi_simulated_card_new, not used again (nor by a card session).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_simulated_card_free(card: *mut OnshiSimulatedCard) {
    if !card.is_null() {
        // SAFETY: created by Box::into_raw in this crate; freed once per the contract.
        drop(unsafe { Box::from_raw(card) });
    }
}
