//! A simulated JPKI card: answers APDUs like a real My Number Card, for tests, demos and the vpcd
//! virtual reader. Configurable certificate, PIN, tries, token type and the disputed status words.

use serde::{Deserialize, Serialize};

use super::apdu::{Command, TransportError};
use super::jpki::{EF_AUTH_CA_CERT, EF_AUTH_CERT, EF_AUTH_PIN, EF_TOKEN, JPKI_AID, TokenKind};
use super::pin::Pin;
use crate::card::Transport;

/// Which status word a blocked PIN answers with (peers disagree; real cards use `6984`).
///
/// # Example
/// ```
/// assert_eq!(onshi::card::BlockedAnswer::default(), onshi::card::BlockedAnswer::Sw6984);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockedAnswer {
    /// `6984` after the try that blocked it (which answered `63C0`), as real cards do.
    #[default]
    Sw6984,
    /// `6983`, as some peers expect.
    Sw6983,
    /// `63C0` every time.
    Sw63C0,
}

/// How the card answers an empty VERIFY.
///
/// # Example
/// ```
/// assert_eq!(onshi::card::QueryAnswer::default(), onshi::card::QueryAnswer::Counter);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryAnswer {
    /// `63Cx` with the tries left, as real cards do.
    #[default]
    Counter,
    /// `9000`: no count reported.
    NotReported,
    /// `6300`: no limit reported.
    NoLimit,
}

/// A simulated My Number Card (JPKI application only).
///
/// # Example
/// ```
/// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
/// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
/// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, cert.clone(), vec![], onshi::card::Pin::new("1234").unwrap()));
/// card.select_jpki()?;
/// assert_eq!(card.read_auth_certificate()?, cert);
/// # Ok::<(), onshi::card::CardError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SimulatedCard {
    token: TokenKind,
    auth_cert: Vec<u8>,
    auth_ca_cert: Vec<u8>,
    pin: Pin,
    tries: u8,
    max_tries: u8,
    blocked_answer: BlockedAnswer,
    query_answer: QueryAnswer,
    jpki_selected: bool,
    file: Option<[u8; 2]>,
    verified: bool,
    remove_after: Option<usize>,
    foreign: bool,
    sent: usize,
    log: Vec<Vec<u8>>,
}

impl SimulatedCard {
    /// A card with this token, certificates and PIN, 3 tries.
    ///
    /// # Example
    /// ```
    /// let sim = onshi::card::SimulatedCard::new(onshi::card::TokenKind::IosEmbedded, vec![], vec![], onshi::card::Pin::new("0000").unwrap());
    /// assert_eq!(sim.pin_attempts(), 0);
    /// ```
    pub fn new(token: TokenKind, auth_cert: Vec<u8>, auth_ca_cert: Vec<u8>, pin: Pin) -> Self {
        SimulatedCard {
            token,
            auth_cert,
            auth_ca_cert,
            pin,
            tries: 3,
            max_tries: 3,
            blocked_answer: BlockedAnswer::default(),
            query_answer: QueryAnswer::default(),
            jpki_selected: false,
            file: None,
            verified: false,
            remove_after: None,
            foreign: false,
            sent: 0,
            log: Vec::new(),
        }
    }

    /// The most tries a card can count: the retry counter is the low nibble of `63Cx`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::SimulatedCard::MAX_TRIES, 15);
    /// ```
    pub const MAX_TRIES: u8 = 15;

    /// Sets the tries left (0 = blocked).
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) for the field `tries` above [`Self::MAX_TRIES`]: no card
    /// counts more, and a test written against one would be testing nothing real.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, PinCounter, SimulatedCard, TokenKind};
    /// let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap());
    /// let mut card = JpkiCard::new(sim.clone().with_tries(1)?);
    /// card.select_jpki()?;
    /// assert_eq!(card.pin_counter()?, PinCounter::Remaining { tries: 1 });
    /// assert_eq!(sim.with_tries(16).unwrap_err().field(), "tries");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_tries(mut self, tries: u8) -> Result<Self, crate::error::InputError> {
        if tries > Self::MAX_TRIES {
            return Err(crate::error::InputError::Invalid {
                field: "tries".to_owned(),
                problem: format!("{tries} tries: a card counts at most {}", Self::MAX_TRIES),
            });
        }
        self.tries = tries;
        Ok(self)
    }

    /// Sets how a blocked PIN answers.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{BlockedAnswer, JpkiCard, PinCounter, SimulatedCard, TokenKind};
    /// let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()).with_tries(0)?.with_blocked_answer(BlockedAnswer::Sw6983);
    /// let mut card = JpkiCard::new(sim);
    /// card.select_jpki()?;
    /// assert_eq!(card.pin_counter()?, PinCounter::Blocked);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_blocked_answer(mut self, answer: BlockedAnswer) -> Self {
        self.blocked_answer = answer;
        self
    }

    /// Sets how an empty VERIFY is answered.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, PinCounter, QueryAnswer, SimulatedCard, TokenKind};
    /// let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()).with_query_answer(QueryAnswer::NotReported);
    /// let mut card = JpkiCard::new(sim);
    /// card.select_jpki()?;
    /// assert_eq!(card.pin_counter()?, PinCounter::NotReported);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn with_query_answer(mut self, answer: QueryAnswer) -> Self {
        self.query_answer = answer;
        self
    }

    /// Fails every exchange after the first `n` with [`TransportError::CardRemoved`].
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()).remove_after(1);
    /// let mut card = JpkiCard::new(sim);
    /// card.select_jpki()?;
    /// assert_eq!(card.pin_counter().unwrap_err().kind(), onshi::error::ErrorKind::CardRemoved);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn remove_after(mut self, n: usize) -> Self {
        self.remove_after = Some(n);
        self
    }

    /// Makes it some other card (a transit or bank card): it has no JPKI application.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()).foreign_card());
    /// assert_eq!(card.select_jpki().unwrap_err().kind(), onshi::error::ErrorKind::NotMyNumberCard);
    /// ```
    pub fn foreign_card(mut self) -> Self {
        self.foreign = true;
        self
    }

    /// Tries left now.
    ///
    /// # Example
    /// ```
    /// let sim = onshi::card::SimulatedCard::new(onshi::card::TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap());
    /// assert_eq!(sim.tries(), 3);
    /// ```
    pub fn tries(&self) -> u8 {
        self.tries
    }

    /// How many VERIFY commands with data the card received: a test can prove nothing retried.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, LastTry, Pin, SimulatedCard, TokenKind};
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// card.verify_pin(&Pin::new("0000")?, LastTry::Refuse)?;
    /// assert_eq!(card.into_transport().pin_attempts(), 1);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn pin_attempts(&self) -> usize {
        self.log
            .iter()
            .filter(|c| c.len() > 4 && c.get(1) == Some(&0x20))
            .count()
    }

    /// The ATR a contact My Number Card presents (reference/jpki.md §2).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::SimulatedCard::ATR[0], 0x3B);
    /// ```
    pub const ATR: [u8; 9] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];

    /// Power-on or reset: selections and verification are forgotten, the counter is kept.
    ///
    /// # Example
    /// ```
    /// let mut sim = onshi::card::SimulatedCard::new(onshi::card::TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap());
    /// sim.reset();
    /// assert_eq!(sim.tries(), 3);
    /// ```
    pub fn reset(&mut self) {
        self.jpki_selected = false;
        self.file = None;
        self.verified = false;
    }

    fn file_contents(&self, file: [u8; 2]) -> Option<Vec<u8>> {
        match file {
            EF_TOKEN => {
                let label = match &self.token {
                    TokenKind::PlasticCard => "JPKIAPICCTOKEN2",
                    TokenKind::AndroidEmbedded => "JPKIAPGPSETOKEN",
                    TokenKind::IosEmbedded => "JPKIAPIOSTOKEN",
                    TokenKind::JukiCard => "JPKIAPICCTOKEN",
                    TokenKind::Other { label } => label.as_str(),
                };
                let mut bytes = vec![b' '; 160];
                for (slot, b) in bytes.iter_mut().zip(label.bytes().take(32)) {
                    *slot = b;
                }
                Some(bytes)
            }
            EF_AUTH_CERT => Some(self.auth_cert.clone()),
            EF_AUTH_CA_CERT => Some(self.auth_ca_cert.clone()),
            _ => None,
        }
    }

    fn blocked_sw(&self) -> u16 {
        match self.blocked_answer {
            BlockedAnswer::Sw6984 => 0x6984,
            BlockedAnswer::Sw6983 => 0x6983,
            BlockedAnswer::Sw63C0 => 0x63C0,
        }
    }

    fn answer(&mut self, c: &Command) -> (Vec<u8>, u16) {
        match (c.cla, c.ins) {
            (0x00, 0xA4) if c.p1 == 0x04 => {
                if c.data == JPKI_AID && !self.foreign {
                    self.jpki_selected = true;
                    self.file = None;
                    (vec![], 0x9000)
                } else {
                    (vec![], 0x6A82)
                }
            }
            (0x00, 0xA4) if c.p1 == 0x02 && c.data.len() == 2 => {
                let file = <[u8; 2]>::try_from(c.data.as_slice()).unwrap_or_default();
                if self.jpki_selected && (file == EF_AUTH_PIN || self.file_contents(file).is_some())
                {
                    self.file = Some(file);
                    (vec![], 0x9000)
                } else {
                    (vec![], 0x6A82)
                }
            }
            (0x00, 0xB0) => {
                let Some(file) = self.file.filter(|f| *f != EF_AUTH_PIN) else {
                    return (vec![], 0x6986);
                };
                if file == EF_AUTH_CERT
                    && self.token == TokenKind::AndroidEmbedded
                    && !self.verified
                {
                    return (vec![], 0x6982);
                }
                let contents = self.file_contents(file).unwrap_or_default();
                let offset = usize::from(c.p1 & 0x7F) << 8 | usize::from(c.p2);
                if offset > contents.len() {
                    return (vec![], 0x6B00);
                }
                let want = usize::from(c.le.unwrap_or(256));
                let end = (offset + want).min(contents.len());
                let sw = if end - offset < want { 0x6282 } else { 0x9000 };
                (contents.get(offset..end).unwrap_or_default().to_vec(), sw)
            }
            (0x00, 0x20) if c.p2 == 0x80 && self.file == Some(EF_AUTH_PIN) => {
                let blocked = self.tries == 0;
                if c.data.is_empty() {
                    if blocked {
                        return (vec![], self.blocked_sw());
                    }
                    return match self.query_answer {
                        QueryAnswer::Counter => (vec![], 0x63C0 | u16::from(self.tries)),
                        QueryAnswer::NotReported => (vec![], 0x9000),
                        QueryAnswer::NoLimit => (vec![], 0x6300),
                    };
                }
                if blocked {
                    return (vec![], self.blocked_sw());
                }
                if c.data == self.pin.bytes() {
                    self.tries = self.max_tries;
                    self.verified = true;
                    (vec![], 0x9000)
                } else {
                    self.tries -= 1;
                    self.verified = false;
                    (vec![], 0x63C0 | u16::from(self.tries))
                }
            }
            (0x00, 0x20) => (vec![], 0x6986),
            (0x00, _) => (vec![], 0x6D00),
            _ => (vec![], 0x6E00),
        }
    }
}

impl Transport for SimulatedCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        if self.remove_after.is_some_and(|n| self.sent >= n) {
            return Err(TransportError::CardRemoved);
        }
        self.sent += 1;
        self.log.push(apdu.to_vec());
        let (mut data, sw) = match Command::parse(apdu) {
            Ok(c) => self.answer(&c),
            Err(_) => (vec![], 0x6700),
        };
        data.extend(sw.to_be_bytes());
        Ok(data)
    }
}
