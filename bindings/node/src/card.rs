//! PIN status words and the JPKI protocol over a transport written in JavaScript.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::Vocabulary;
use onshi::card;
use onshi::card::TransportError;
use onshi::error::ErrorClass;
use serde_json::Value;

use crate::{Js, fail, to_js, with};

/// A counter with the PIN state it means, as `PinCounterInfo` in `types.d.ts`.
fn counter_info(counter: card::PinCounter) -> Result<Value> {
    Ok(with(
        to_js(&counter)?,
        "pin_state",
        to_js(&counter.pin_state())?,
    ))
}

/// Reads the answer to a PIN query (an empty VERIFY) from its status word, e.g. 0x63C3. A status
/// word that is no such answer throws InvalidInput: a counter is never guessed.
#[napi(catch_unwind, ts_return_type = "PinCounterInfo")]
pub fn pin_counter_from_status_word(status_word: u16) -> Result<Value> {
    let counter = card::PinCounter::from_query_word(status_word).js()?;
    counter_info(counter)
}

/// The answer of a JavaScript transport: the card's response, or the name of the `CardError`
/// class it threw (`index.js` catches it) or another error's text.
type Answer = Either<Buffer, String>;

/// Carries APDUs through a JavaScript function `(apdu: Buffer) => Buffer`, called on the thread
/// that made the card (the JavaScript thread: every card method is synchronous).
struct JsTransport {
    env: Env,
    transmit: FunctionRef<Buffer, Answer>,
}

impl card::Transport for JsTransport {
    fn transmit(&mut self, apdu: &[u8]) -> std::result::Result<Vec<u8>, TransportError> {
        let io = |message: String| TransportError::Io { message };
        let answer = self
            .transmit
            .borrow_back(&self.env)
            .and_then(|f| f.call(Buffer::from(apdu)))
            .map_err(|e| io(format!("the transport threw {}", e.reason)))?;
        match answer {
            Either::A(response) => Ok(response.to_vec()),
            Either::B(thrown) => {
                let class = ErrorClass::ALL.iter().find(|class| class.name() == thrown);
                let io = || io(format!("the transport threw {thrown}"));
                Err(class.and_then(|c| c.transport_error()).unwrap_or_else(io))
            }
        }
    }
}

/// A JPKI session over a transport: `new JpkiCard(transmit)` where `transmit(apdu)` returns the
/// response (a reader SDK, or `SimulatedCard.transmit`) and throws `NoReader`, `NoCard` or
/// `CardRemoved` for those conditions.
#[napi]
pub struct JpkiCard {
    card: card::JpkiCard<JsTransport>,
}

#[napi]
impl JpkiCard {
    /// A session over `transmit`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        #[napi(ts_arg_type = "(apdu: Buffer) => Buffer")] transmit: Function<Buffer, Answer>,
    ) -> Result<Self> {
        let transmit = transmit.create_ref()?;
        Ok(JpkiCard {
            card: card::JpkiCard::new(JsTransport { env, transmit }),
        })
    }

    /// Selects the JPKI application (CardError kind "not_my_number_card" when absent).
    #[napi(catch_unwind)]
    pub fn select(&mut self) -> Result<()> {
        self.card.select_jpki().js()
    }

    /// The token kind.
    #[napi(catch_unwind, ts_return_type = "TokenKind")]
    pub fn token(&mut self) -> Result<&'static str> {
        let token = self.card.token().js()?;
        Ok(onshi::Kinds::kind(&token))
    }

    /// The user-authentication certificate (DER).
    #[napi(catch_unwind)]
    pub fn read_certificate(&mut self) -> Result<Buffer> {
        self.card.read_auth_certificate().map(Buffer::from).js()
    }

    /// The certificate of the CA that issued the user-authentication certificate (DER).
    #[napi(catch_unwind)]
    pub fn read_ca_certificate(&mut self) -> Result<Buffer> {
        self.card.read_auth_ca_certificate().map(Buffer::from).js()
    }

    /// Asks the PIN counter without spending a try.
    #[napi(catch_unwind, ts_return_type = "PinCounterInfo")]
    pub fn pin_counter(&mut self) -> Result<Value> {
        counter_info(self.card.pin_counter().js()?)
    }

    /// Verifies the 4-digit PIN once: `outcome`, after a wrong PIN the `counter` the card
    /// reported, and the `pin_state`. A blocked PIN, or the last try without `lastTryConfirmed`,
    /// throws CardError before anything is sent; a link lost during VERIFY throws CardError kind
    /// "verify_outcome_unknown" (query the counter, never resend). The PIN is in no message.
    #[napi(catch_unwind, ts_return_type = "PinVerification")]
    pub fn verify_pin(&mut self, pin: String, last_try_confirmed: Option<bool>) -> Result<Value> {
        let pin = card::Pin::new(&pin).js()?;
        let last_try = match last_try_confirmed {
            Some(true) => card::LastTry::Confirmed,
            _ => card::LastTry::Refuse,
        };
        let outcome = self.card.verify_pin(&pin, last_try).js()?;
        Ok(with(
            to_js(&outcome)?,
            "pin_state",
            to_js(&outcome.pin_state())?,
        ))
    }
}

/// A simulated My Number Card (plastic card) holding `certificate` (DER) and a 4-digit `pin` with
/// `tries` left (default 3); pass `(apdu) => sim.transmit(apdu)` to `JpkiCard`.
#[napi]
pub struct SimulatedCard {
    card: card::SimulatedCard,
}

#[napi]
impl SimulatedCard {
    /// A card holding `certificate` and `pin`.
    #[napi(constructor, catch_unwind)]
    pub fn new(certificate: Buffer, pin: String, tries: Option<u8>) -> Result<Self> {
        let pin = card::Pin::new(&pin).js()?;
        let token = card::TokenKind::PlasticCard;
        let card = card::SimulatedCard::new(token, certificate.to_vec(), Vec::new(), pin);
        let card = card.with_tries(tries.unwrap_or(3)).js()?;
        Ok(SimulatedCard { card })
    }

    /// One APDU exchange.
    #[napi(catch_unwind)]
    pub fn transmit(&mut self, apdu: Buffer) -> Result<Buffer> {
        card::Transport::transmit(&mut self.card, &apdu)
            .map(Buffer::from)
            .map_err(|e| fail(&card::CardError::from(e)))
    }

    /// How many PIN verifications (with a PIN) the card received.
    #[napi(getter, catch_unwind)]
    pub fn pin_attempts(&self) -> u32 {
        u32::try_from(self.card.pin_attempts()).unwrap_or(u32::MAX)
    }
}
