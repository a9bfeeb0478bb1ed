//! ISO 7816-4 command and response APDUs (short form), and the transport that carries them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A status word (SW1 SW2), e.g. `9000`, `63C2`, `6984`.
///
/// # Example
/// ```
/// assert_eq!(onshi::card::StatusWord(0x6984).to_string(), "6984");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// Success.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::StatusWord::OK, onshi::card::StatusWord(0x9000));
    /// ```
    pub const OK: StatusWord = StatusWord(0x9000);

    /// SW1.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::StatusWord(0x63C2).sw1(), 0x63);
    /// ```
    pub fn sw1(self) -> u8 {
        (self.0 >> 8) as u8
    }

    /// SW2.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::StatusWord(0x63C2).sw2(), 0xC2);
    /// ```
    pub fn sw2(self) -> u8 {
        (self.0 & 0xFF) as u8
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

/// A command APDU (short form: up to 255 data bytes, Le up to 256).
///
/// # Example
/// ```
/// use onshi::card::Command;
/// let read = Command { cla: 0x00, ins: 0xB0, p1: 0x00, p2: 0x00, data: vec![], le: Some(4) };
/// assert_eq!(read.to_bytes(), [0x00, 0xB0, 0x00, 0x00, 0x04]);
/// let query = Command { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: vec![], le: None };
/// assert_eq!(query.to_bytes(), [0x00, 0x20, 0x00, 0x80]); // case 1: no Lc, no Le
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    /// Class.
    pub cla: u8,
    /// Instruction.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (Lc is its length).
    pub data: Vec<u8>,
    /// Expected response length; 256 is encoded as `00`.
    pub le: Option<u16>,
}

impl Command {
    /// The encoded APDU.
    ///
    /// # Example
    /// ```
    /// let c = onshi::card::Command { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: vec![0x31; 4], le: None };
    /// assert_eq!(c.to_bytes().len(), 9);
    /// assert!(!format!("{c:?}").contains("31")); // data (a PIN) never printed
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(5 + self.data.len() + 1);
        out.extend([self.cla, self.ins, self.p1, self.p2]);
        if !self.data.is_empty() {
            out.push(self.data.len() as u8);
            out.extend(&self.data);
        }
        if let Some(le) = self.le {
            out.push(if le >= 256 { 0 } else { le as u8 });
        }
        out
    }

    /// Decodes a short APDU (cases 1–4).
    ///
    /// # Errors
    /// A message when the bytes are not a consistent short APDU.
    ///
    /// # Example
    /// ```
    /// let c = onshi::card::Command::parse(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A]).unwrap();
    /// assert_eq!((c.ins, c.data.as_slice(), c.le), (0xA4, &[0x00, 0x0A][..], None));
    /// assert!(onshi::card::Command::parse(&[0x00, 0xA4]).is_err());
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Command, String> {
        let (header, body) = match bytes {
            [cla, ins, p1, p2, rest @ ..] => ([*cla, *ins, *p1, *p2], rest),
            _ => return Err(format!("an APDU has at least 4 bytes, got {}", bytes.len())),
        };
        let le_of = |b: u8| if b == 0 { 256 } else { u16::from(b) };
        let (data, le) = match body {
            [] => (Vec::new(), None),
            [le] => (Vec::new(), Some(le_of(*le))),
            [lc, rest @ ..] if usize::from(*lc) == rest.len() && *lc > 0 => (rest.to_vec(), None),
            [lc, rest @ .., le] if usize::from(*lc) == rest.len() && *lc > 0 => {
                (rest.to_vec(), Some(le_of(*le)))
            }
            _ => return Err("Lc does not match the data length".to_owned()),
        };
        let [cla, ins, p1, p2] = header;
        Ok(Command {
            cla,
            ins,
            p1,
            p2,
            data,
            le,
        })
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Command data can be a PIN: never print it.
        write!(
            f,
            "Command({:02X} {:02X} {:02X} {:02X}, {} data bytes, le {:?})",
            self.cla,
            self.ins,
            self.p1,
            self.p2,
            self.data.len(),
            self.le
        )
    }
}

/// A response APDU: data and status word.
///
/// # Example
/// ```
/// let r = onshi::card::Response::parse(&[0x01, 0x02, 0x90, 0x00]).unwrap();
/// assert_eq!((r.data.as_slice(), r.sw), (&[1, 2][..], onshi::card::StatusWord::OK));
/// assert!(onshi::card::Response::parse(&[0x90]).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Response data.
    pub data: Vec<u8>,
    /// The status word.
    pub sw: StatusWord,
}

impl Response {
    /// Splits the bytes a card returned.
    ///
    /// # Errors
    /// [`CardError::Malformed`](crate::card::CardError::Malformed) for fewer than 2 bytes.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::card::Response::parse(&[0x63, 0xC2]).unwrap().sw, onshi::card::StatusWord(0x63C2));
    /// assert_eq!(onshi::card::Response::parse(&[]).unwrap_err().kind(), onshi::error::ErrorKind::Malformed);
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<Response, crate::card::CardError> {
        match bytes {
            [data @ .., sw1, sw2] => Ok(Response {
                data: data.to_vec(),
                sw: StatusWord(u16::from(*sw1) << 8 | u16::from(*sw2)),
            }),
            _ => Err(crate::card::CardError::Malformed {
                problem: format!("a response has at least 2 bytes, got {}", bytes.len()),
            }),
        }
    }
}

/// Why the transport could not deliver an APDU (通信エラー).
///
/// # Example
/// ```
/// assert!(onshi::card::TransportError::NoCard.to_string().contains("place the card"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum TransportError {
    /// No card reader is connected.
    #[error("no card reader is connected")]
    NoReader,
    /// The reader has no card.
    #[error("no card in the reader; place the card on the reader")]
    NoCard,
    /// The card was removed (or the NFC link was lost) during the exchange.
    #[error("the card was removed during the exchange; place it again and retry")]
    CardRemoved,
    /// Any other failure of the reader or link.
    #[error("reader error: {message}")]
    Io {
        /// What the reader or OS said.
        message: String,
    },
}

/// Something that carries APDUs to a card: a PC/SC reader, a phone's NFC stack, a simulated card.
///
/// # Example
/// ```
/// use onshi::card::{Transport, TransportError};
/// struct Unplugged;
/// impl Transport for Unplugged {
///     fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
///         Err(TransportError::NoReader)
///     }
/// }
/// let mut card = onshi::card::JpkiCard::new(Unplugged);
/// assert_eq!(card.select_jpki().unwrap_err().kind(), onshi::error::ErrorKind::NoReader);
/// ```
pub trait Transport {
    /// Sends one command APDU and returns the response bytes (data followed by SW1 SW2).
    ///
    /// # Errors
    /// [`TransportError`] when the exchange could not complete.
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError>;
}

impl<T: Transport + ?Sized> Transport for &mut T {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(apdu)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        (**self).transmit(apdu)
    }
}
