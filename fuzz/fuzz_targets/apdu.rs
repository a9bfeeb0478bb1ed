//! A card (or a reader) that answers anything: the JPKI client reads tokens, certificates and PIN
//! counters from fuzzed responses without panicking, and never sends a PIN when it must not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onshi::card::{JpkiCard, LastTry, Pin, Transport, TransportError};

/// Answers each command with the next length-prefixed chunk of the input; a chunk starting with
/// 0xFF is a transport failure.
struct Replay<'a> {
    data: &'a [u8],
    verify_with_pin: usize,
}

impl Transport for Replay<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        // VERIFY (INS 0x20) with data carries the PIN.
        if apdu.get(1) == Some(&0x20) && apdu.len() > 5 {
            self.verify_with_pin += 1;
        }
        let (&len, rest) = self.data.split_first().ok_or(TransportError::CardRemoved)?;
        if len == 0xFF {
            self.data = rest;
            return Err(TransportError::CardRemoved);
        }
        let n = usize::from(len).min(rest.len());
        let (answer, rest) = rest.split_at(n);
        self.data = rest;
        Ok(answer.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    let mut replay = Replay {
        data,
        verify_with_pin: 0,
    };
    let mut card = JpkiCard::new(&mut replay);
    let _ = card.select_jpki();
    let _ = card.token();
    let _ = card.read_auth_certificate();
    let _ = card.read_auth_ca_certificate();
    let _ = card.pin_counter();
    if let Ok(pin) = Pin::new("1234") {
        let _ = card.verify_pin(&pin, LastTry::Refuse);
    }
    drop(card);
    // One VERIFY with the PIN at most: never retried on its own.
    assert!(replay.verify_with_pin <= 1);
});
