//! The card protocol against the simulated card (reading the user-authentication certificate: time
//! and APDU count; a PIN counter query) and the number checks.
//!
//! Run: `cargo bench -p onshi-benches --bench card_numbers`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use onshi::card::{JpkiCard, SimulatedCard, TokenKind, Transport, TransportError};
use onshi::numbers::{NumberKind, verify_number};

/// Counts the APDUs a session sends.
struct Counting {
    card: SimulatedCard,
    apdus: usize,
}

impl Transport for Counting {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.apdus += 1;
        self.card.transmit(apdu)
    }
}

fn card(c: &mut Criterion) {
    let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    let simulated = || {
        SimulatedCard::new(
            TokenKind::PlasticCard,
            der.clone(),
            Vec::new(),
            onshi::card::Pin::new("1234").unwrap(),
        )
    };
    let mut counted = JpkiCard::new(Counting {
        card: simulated(),
        apdus: 0,
    });
    counted.select_jpki().unwrap();
    counted.read_auth_certificate().unwrap();
    println!(
        "select + read of a {}-byte certificate: {} APDUs",
        der.len(),
        counted.into_transport().apdus
    );
    c.bench_function("card: select + read certificate (simulated)", |b| {
        b.iter(|| {
            let mut card = JpkiCard::new(simulated());
            card.select_jpki().unwrap();
            black_box(card.read_auth_certificate().unwrap())
        })
    });
    let mut card = JpkiCard::new(simulated());
    card.select_jpki().unwrap();
    c.bench_function("card: PIN counter query (simulated)", |b| {
        b.iter(|| black_box(card.pin_counter().unwrap()))
    });
}

fn numbers(c: &mut Criterion) {
    let cases = [
        (NumberKind::Insurer, "06130017"),
        (NumberKind::PublicPayer, "21136014"),
        (NumberKind::Institution, "1312345678"),
    ];
    for (kind, value) in cases {
        let _ = verify_number(kind, value); // valid or not, the work is the same
        c.bench_function(&format!("verify_number({kind:?}, {value})"), |b| {
            b.iter(|| {
                let _ = black_box(verify_number(black_box(kind), black_box(value)));
            })
        });
    }
}

criterion_group!(benches, card, numbers);
criterion_main!(benches);
