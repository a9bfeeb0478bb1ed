//! JPKI application operations (reference/jpki.md §2): select the application, read the token
//! information, read the user-authentication certificate and its CA certificate, query the PIN counter
//! without spending a try, and verify the PIN once.

use crate::vocabulary::kinds;
use serde::{Deserialize, Serialize};

use super::apdu::{Command, Response, StatusWord, Transport};
use super::error::CardError;
use super::pin::{self, LastTry, Pin, PinCounter, PinOutcome};

/// The JPKI application identifier.
///
/// # Example
/// ```
/// assert_eq!(onshi::card::JPKI_AID[..2], [0xD3, 0x92]);
/// ```
pub const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];

pub(crate) const EF_TOKEN: [u8; 2] = [0x00, 0x06];
pub(crate) const EF_AUTH_CERT: [u8; 2] = [0x00, 0x0A];
pub(crate) const EF_AUTH_CA_CERT: [u8; 2] = [0x00, 0x0B];
pub(crate) const EF_AUTH_PIN: [u8; 2] = [0x00, 0x18];

/// The largest certificate file onshi reads (real ones are under 2 KB).
const MAX_CERT_LEN: usize = 8 * 1024;

kinds! {
    /// What carries the JPKI application (トークンの種類, EF 0006).
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::AndroidEmbedded, cert, vec![], onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// assert_eq!(card.token()?, TokenKind::AndroidEmbedded);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "token")]
    pub enum TokenKind {
        /// `JPKIAPICCTOKEN2`: the plastic マイナンバーカード.
        PlasticCard = "plastic_card",
        /// `JPKIAPGPSETOKEN`: an Android スマホ用電子証明書 (reading the certificate needs the PIN).
        AndroidEmbedded = "android_embedded",
        /// `JPKIAPIOSTOKEN`: an iPhone.
        IosEmbedded = "ios_embedded",
        /// `JPKIAPICCTOKEN`: an old 住基カード.
        JukiCard = "juki_card",
        /// Anything else, as read.
        Other = "other" {
            /// The label.
            label: String,
        },
    }
}

impl TokenKind {
    /// The token's name for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::Lang;
    /// use onshi::card::TokenKind;
    /// assert_eq!(TokenKind::JukiCard.words().get(Lang::Ja), "住基カード");
    /// ```
    pub fn words(&self) -> crate::Text {
        match self {
            TokenKind::PlasticCard => {
                crate::Text::new("マイナンバーカード", "マイナンバーカード (plastic card)")
            }
            TokenKind::AndroidEmbedded => {
                crate::Text::new("Android スマホ用電子証明書", "Android スマホ用電子証明書")
            }
            TokenKind::IosEmbedded => crate::Text::new("iPhone スマホ用電子証明書", "iPhone"),
            TokenKind::JukiCard => crate::Text::new("住基カード", "住基カード"),
            TokenKind::Other { label } => crate::Text::new(
                format!("不明なトークン `{label}`"),
                format!("unknown token `{label}`"),
            ),
        }
    }

    /// Reads the label at the start of EF 0006 (space or NUL padded).
    ///
    /// # Example
    /// ```
    /// use onshi::card::TokenKind;
    /// assert_eq!(TokenKind::from_label(b"JPKIAPGPSETOKEN                 "), TokenKind::AndroidEmbedded);
    /// assert_eq!(TokenKind::from_label(b"JPKIAPICCTOKEN2\0"), TokenKind::PlasticCard);
    /// ```
    pub fn from_label(bytes: &[u8]) -> TokenKind {
        let label: String = String::from_utf8_lossy(bytes)
            .trim_end_matches([' ', '\0'])
            .to_owned();
        match label.as_str() {
            "JPKIAPICCTOKEN2" => TokenKind::PlasticCard,
            "JPKIAPGPSETOKEN" => TokenKind::AndroidEmbedded,
            "JPKIAPIOSTOKEN" => TokenKind::IosEmbedded,
            "JPKIAPICCTOKEN" => TokenKind::JukiCard,
            _ => TokenKind::Other { label },
        }
    }
}

/// A My Number Card's JPKI application over a [`Transport`].
///
/// Each method sends the APDUs it needs and no more; PIN verification sends at most one VERIFY with
/// data and never retries.
///
/// # Example
/// ```
/// use onshi::card::{JpkiCard, LastTry, Pin, PinCounter, PinOutcome, SimulatedCard, TokenKind};
/// let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![0x30, 0x03, 0x02, 0x01, 0x05], vec![], onshi::card::Pin::new("1234").unwrap());
/// let mut card = JpkiCard::new(sim);
/// card.select_jpki()?;
/// assert_eq!(card.pin_counter()?, PinCounter::Remaining { tries: 3 });
/// let outcome = card.verify_pin(&Pin::new("9999")?, LastTry::Refuse)?;
/// assert_eq!(outcome, PinOutcome::Wrong { counter: PinCounter::Remaining { tries: 2 } });
/// # Ok::<(), onshi::card::CardError>(())
/// ```
pub struct JpkiCard<T: Transport> {
    transport: T,
}

fn select_ef(file: [u8; 2]) -> Command {
    Command {
        cla: 0x00,
        ins: 0xA4,
        p1: 0x02,
        p2: 0x0C,
        data: file.to_vec(),
        le: None,
    }
}

fn read_binary(offset: usize, le: u16) -> Command {
    Command {
        cla: 0x00,
        ins: 0xB0,
        p1: ((offset >> 8) & 0x7F) as u8,
        p2: (offset & 0xFF) as u8,
        data: Vec::new(),
        le: Some(le),
    }
}

fn verify(data: Vec<u8>) -> Command {
    Command {
        cla: 0x00,
        ins: 0x20,
        p1: 0x00,
        p2: 0x80,
        data,
        le: None,
    }
}

fn hex2(file: [u8; 2]) -> String {
    format!("{:02X}{:02X}", file[0], file[1])
}

impl<T: Transport> JpkiCard<T> {
    /// Wraps a transport.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    /// let card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, cert, vec![], onshi::card::Pin::new("1234").unwrap()));
    /// assert_eq!(card.into_transport().tries(), 3);
    /// ```
    pub fn new(transport: T) -> Self {
        JpkiCard { transport }
    }

    /// Gives the transport back.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, cert, vec![], onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// let sim: SimulatedCard = card.into_transport();
    /// assert_eq!(sim.pin_attempts(), 0);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Sends a command; follows `61xx` (GET RESPONSE) and `6Cxx` (resend with the right Le) once.
    fn exchange(&mut self, command: &Command) -> Result<Response, CardError> {
        let bytes = self.transport.transmit(&command.to_bytes())?;
        let mut response = Response::parse(&bytes)?;
        if response.sw.sw1() == 0x6C {
            let mut again = command.clone();
            again.le = Some(u16::from(response.sw.sw2()).max(1));
            response = Response::parse(&self.transport.transmit(&again.to_bytes())?)?;
        }
        let mut data = std::mem::take(&mut response.data);
        let mut guard = 0;
        while response.sw.sw1() == 0x61 && guard < 32 {
            guard += 1;
            let get = Command {
                cla: 0x00,
                ins: 0xC0,
                p1: 0x00,
                p2: 0x00,
                data: Vec::new(),
                le: Some(if response.sw.sw2() == 0 {
                    256
                } else {
                    u16::from(response.sw.sw2())
                }),
            };
            response = Response::parse(&self.transport.transmit(&get.to_bytes())?)?;
            data.append(&mut response.data);
        }
        response.data = data;
        Ok(response)
    }

    /// Selects the JPKI application.
    ///
    /// # Errors
    /// [`CardError::NotMyNumberCard`] when the card has no JPKI application; transport errors.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, Transport, TransportError};
    /// struct Other;
    /// impl Transport for Other {
    ///     fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>, TransportError> { Ok(vec![0x6A, 0x82]) }
    /// }
    /// assert_eq!(JpkiCard::new(Other).select_jpki().unwrap_err().kind(), onshi::error::ErrorKind::NotMyNumberCard);
    /// ```
    pub fn select_jpki(&mut self) -> Result<(), CardError> {
        let select = Command {
            cla: 0x00,
            ins: 0xA4,
            p1: 0x04,
            p2: 0x0C,
            data: JPKI_AID.to_vec(),
            le: None,
        };
        let r = self.exchange(&select)?;
        match r.sw {
            StatusWord::OK => Ok(()),
            sw => Err(CardError::NotMyNumberCard { sw }),
        }
    }

    fn select_file(&mut self, file: [u8; 2]) -> Result<(), CardError> {
        let r = self.exchange(&select_ef(file))?;
        match r.sw {
            StatusWord::OK => Ok(()),
            sw if sw.0 == 0x6A82 || sw.0 == 0x6A80 => Err(CardError::FileNotFound {
                file: hex2(file),
                sw,
            }),
            sw => Err(CardError::UnexpectedStatus {
                command: "SELECT FILE",
                sw,
            }),
        }
    }

    fn read(&mut self, offset: usize, le: u16) -> Result<Vec<u8>, CardError> {
        let r = self.exchange(&read_binary(offset, le))?;
        match r.sw {
            StatusWord::OK => Ok(r.data),
            // End of file reached before Le bytes: keep what came.
            StatusWord(0x6282) => Ok(r.data),
            StatusWord(0x6982) => Err(CardError::PinRequired),
            sw => Err(CardError::UnexpectedStatus {
                command: "READ BINARY",
                sw,
            }),
        }
    }

    /// Reads the token information (EF 0006): what carries the application.
    ///
    /// # Errors
    /// Transport errors, a missing file, unexpected status words.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, cert, vec![], onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// assert_eq!(card.token()?, TokenKind::PlasticCard);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn token(&mut self) -> Result<TokenKind, CardError> {
        self.select_file(EF_TOKEN)?;
        let label = self.read(0, 32)?;
        Ok(TokenKind::from_label(&label))
    }

    /// Reads a DER certificate file: its length from the DER header, then chunks of up to 255 bytes.
    fn read_certificate(&mut self, file: [u8; 2]) -> Result<Vec<u8>, CardError> {
        self.select_file(file)?;
        let head = self.read(0, 4)?;
        let total = match head.as_slice() {
            [0x30, n, ..] if *n < 0x80 => 2 + usize::from(*n),
            [0x30, 0x81, n, ..] => 3 + usize::from(*n),
            [0x30, 0x82, hi, lo] => 4 + (usize::from(*hi) << 8 | usize::from(*lo)),
            _ => {
                return Err(CardError::Malformed {
                    problem: format!("file {} does not start with a DER certificate", hex2(file)),
                });
            }
        };
        if total > MAX_CERT_LEN {
            return Err(CardError::Malformed {
                problem: format!("certificate of {total} bytes in file {}", hex2(file)),
            });
        }
        let mut der = Vec::with_capacity(total);
        der.extend(head.iter().take(total));
        while der.len() < total {
            let want = (total - der.len()).min(255) as u16;
            let chunk = self.read(der.len(), want)?;
            if chunk.is_empty() {
                return Err(CardError::Malformed {
                    problem: format!(
                        "file {} ended after {} of {total} bytes",
                        hex2(file),
                        der.len()
                    ),
                });
            }
            let take = total - der.len();
            der.extend(chunk.iter().take(take));
        }
        Ok(der)
    }

    /// Reads the user-authentication certificate (EF 000A), DER.
    ///
    /// # Errors
    /// [`CardError::PinRequired`] on an Android token before the PIN is verified; transport errors;
    /// [`CardError::Malformed`] when the file is not a DER certificate.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, LastTry, Pin, SimulatedCard, TokenKind};
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::AndroidEmbedded, der.clone(), vec![], onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// assert_eq!(card.read_auth_certificate().unwrap_err().kind(), onshi::error::ErrorKind::PinRequired);
    /// card.verify_pin(&Pin::new("1234")?, LastTry::Refuse)?;
    /// assert_eq!(card.read_auth_certificate()?, der);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn read_auth_certificate(&mut self) -> Result<Vec<u8>, CardError> {
        self.read_certificate(EF_AUTH_CERT)
    }

    /// Reads the certificate of the CA that issued it (EF 000B), DER.
    ///
    /// # Errors
    /// As [`JpkiCard::read_auth_certificate`].
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let ca = onshi_testkit::user_auth_root().der().to_vec();
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, vec![], ca.clone(), onshi::card::Pin::new("1234").unwrap()));
    /// card.select_jpki()?;
    /// assert_eq!(card.read_auth_ca_certificate()?, ca);
    /// # Ok::<(), onshi::card::CardError>(())
    /// ```
    pub fn read_auth_ca_certificate(&mut self) -> Result<Vec<u8>, CardError> {
        self.read_certificate(EF_AUTH_CA_CERT)
    }

    /// Asks the PIN counter with an empty VERIFY: no try is spent.
    ///
    /// # Errors
    /// [`CardError::UnexpectedStatus`] for a status word that says nothing about the counter (no count
    /// is ever guessed); transport errors.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, SimulatedCard, TokenKind};
    /// let cert = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, cert, vec![], onshi::card::Pin::new("1234").unwrap()).with_tries(0)?);
    /// card.select_jpki()?;
    /// assert_eq!(card.pin_counter()?, onshi::card::PinCounter::Blocked);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pin_counter(&mut self) -> Result<PinCounter, CardError> {
        self.select_file(EF_AUTH_PIN)?;
        let r = self.exchange(&verify(Vec::new()))?;
        PinCounter::from_query(r.sw).ok_or(CardError::UnexpectedStatus {
            command: "VERIFY (query)",
            sw: r.sw,
        })
    }

    /// Verifies the PIN once. The counter is asked first (no try spent): a blocked PIN, or a last try
    /// the caller has not confirmed, is refused before anything is sent. One VERIFY is sent; it is
    /// never retried.
    ///
    /// # Errors
    /// [`CardError::PinBlocked`], [`CardError::LastTryNotConfirmed`] (nothing sent);
    /// [`CardError::VerifyOutcomeUnknown`] when the link fails during VERIFY (the try may be spent);
    /// [`CardError::UnexpectedStatus`] for other answers.
    ///
    /// # Example
    /// ```
    /// use onshi::card::{JpkiCard, LastTry, Pin, PinOutcome, SimulatedCard, TokenKind};
    /// let mut card = JpkiCard::new(SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], onshi::card::Pin::new("1234").unwrap()).with_tries(1)?);
    /// card.select_jpki()?;
    /// let pin = Pin::new("1234")?;
    /// assert_eq!(card.verify_pin(&pin, LastTry::Refuse).unwrap_err().kind(), onshi::error::ErrorKind::LastTryNotConfirmed);
    /// assert_eq!(card.verify_pin(&pin, LastTry::Confirmed)?, PinOutcome::Verified);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_pin(&mut self, pin: &Pin, last_try: LastTry) -> Result<PinOutcome, CardError> {
        let counter = self.pin_counter()?;
        if counter == PinCounter::Blocked {
            return Err(CardError::PinBlocked);
        }
        if pin::last_try(counter.pin_state()).value && last_try == LastTry::Refuse {
            return Err(CardError::LastTryNotConfirmed);
        }
        // The APDU holds the PIN: build it in memory that is zeroed when dropped.
        let mut apdu = zeroize::Zeroizing::new(Vec::with_capacity(9));
        apdu.extend_from_slice(&[0x00, 0x20, 0x00, 0x80, 0x04]);
        apdu.extend_from_slice(pin.bytes());
        let bytes = match self.transport.transmit(&apdu) {
            Ok(b) => b,
            Err(transport) => return Err(CardError::VerifyOutcomeUnknown { transport }),
        };
        let sw = Response::parse(&bytes)?.sw;
        PinOutcome::from_verify(sw).ok_or(CardError::UnexpectedStatus {
            command: "VERIFY",
            sw,
        })
    }
}
