//! A [`onshi::card::Transport`] over PC/SC (pcscd on Linux, WinSCard on Windows), so
//! [`onshi::card::JpkiCard`] can talk to a USB or NFC reader.
//!
//! ```no_run
//! use onshi::card::{JpkiCard, PinCounter};
//! let transport = onshi_pcsc::PcscTransport::connect(None)?;
//! let mut card = JpkiCard::new(transport);
//! card.select_jpki()?;
//! let tries: PinCounter = card.pin_counter()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use onshi::card::{Transport, TransportError};

/// A card connected through a PC/SC reader.
pub struct PcscTransport {
    card: pcsc::Card,
}

fn map(e: pcsc::Error) -> TransportError {
    match e {
        pcsc::Error::NoReadersAvailable
        | pcsc::Error::UnknownReader
        | pcsc::Error::ReaderUnavailable => TransportError::NoReader,
        pcsc::Error::NoSmartcard => TransportError::NoCard,
        pcsc::Error::RemovedCard | pcsc::Error::ResetCard => TransportError::CardRemoved,
        pcsc::Error::NoService | pcsc::Error::ServiceStopped => TransportError::Io {
            message: "the PC/SC service is not running (start pcscd)".to_owned(),
        },
        other => TransportError::Io {
            message: other.to_string(),
        },
    }
}

impl PcscTransport {
    /// Connects to the first reader whose name contains `reader` (or the first reader with a card).
    ///
    /// # Errors
    /// [`TransportError::NoReader`] (none, or none matching), [`TransportError::NoCard`],
    /// [`TransportError::Io`] when the PC/SC service is not running.
    pub fn connect(reader: Option<&str>) -> Result<PcscTransport, TransportError> {
        let ctx = pcsc::Context::establish(pcsc::Scope::User).map_err(map)?;
        let mut buf = vec![0u8; 8192];
        let readers: Vec<std::ffi::CString> = ctx
            .list_readers(&mut buf)
            .map_err(map)?
            .map(|r| r.to_owned())
            .collect();
        let chosen: Vec<&std::ffi::CString> = readers
            .iter()
            .filter(|r| reader.is_none_or(|want| r.to_string_lossy().contains(want)))
            .collect();
        if chosen.is_empty() {
            return Err(TransportError::NoReader);
        }
        let mut last = TransportError::NoCard;
        for name in chosen {
            match ctx.connect(name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY) {
                Ok(card) => return Ok(PcscTransport { card }),
                Err(e) => last = map(e),
            }
        }
        Err(last)
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
        let response = self.card.transmit(apdu, &mut buf).map_err(map)?;
        // A card always ends its answer with SW1 SW2. Some reader drivers (vpcd among them) report
        // success with no bytes when the card leaves during the exchange: that is a removal.
        if response.len() < 2 {
            return Err(TransportError::CardRemoved);
        }
        Ok(response.to_vec())
    }
}
