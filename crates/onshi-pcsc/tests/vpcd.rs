//! The Rust API through real PC/SC: pcscd with Debian's vsmartcard-vpcd virtual reader, and the
//! simulated card served by `onshi card simulate`. scripts/test starts pcscd and runs these with
//! `--ignored`; a plain `cargo test` skips them.

use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

use onshi::card::{
    CardError, JpkiCard, LastTry, Pin, PinCounter, PinOutcome, TokenKind, TransportError,
};
use onshi_pcsc::PcscTransport;

/// The `onshi` binary built beside this test (scripts/test builds it with --features pcsc first).
fn onshi_bin() -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("onshi")
}

struct Simulator(Child);

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        // Give pcscd a moment to see the card leave before the next test inserts one.
        std::thread::sleep(Duration::from_millis(700));
    }
}

fn insert(extra: &[&str]) -> Simulator {
    let dir = std::env::temp_dir().join(format!("onshi-vpcd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("card.der"),
        onshi_testkit::leaf("2030-02-17T14:59:59Z"),
    )
    .unwrap();
    std::fs::write(dir.join("root.der"), onshi_testkit::user_auth_root().der()).unwrap();
    let child = Command::new(onshi_bin())
        .args(["card", "simulate", "--timeout", "60", "--sim-cert"])
        .arg(dir.join("card.der"))
        .arg("--sim-ca-cert")
        .arg(dir.join("root.der"))
        .args(extra)
        .spawn()
        .expect("run `onshi card simulate` (build onshi-cli first)");
    let sim = Simulator(child);
    for _ in 0..50 {
        if PcscTransport::connect(Some("Virtual")).is_ok() {
            return sim;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the simulated card did not appear in the virtual reader");
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; scripts/test runs it"]
fn reads_the_certificate_and_counts_pin_tries_through_pcsc() {
    let _sim = insert(&[]);
    let mut card = JpkiCard::new(PcscTransport::connect(Some("Virtual")).unwrap());
    card.select_jpki().unwrap();
    assert_eq!(card.token().unwrap(), TokenKind::PlasticCard);
    assert_eq!(
        card.read_auth_certificate().unwrap(),
        onshi_testkit::leaf("2030-02-17T14:59:59Z")
    );
    assert_eq!(
        card.read_auth_ca_certificate().unwrap(),
        onshi_testkit::user_auth_root().der()
    );
    assert_eq!(
        card.pin_counter().unwrap(),
        PinCounter::Remaining { tries: 3 }
    );
    assert_eq!(
        card.verify_pin(&Pin::new("0000").unwrap(), LastTry::Refuse)
            .unwrap(),
        PinOutcome::Wrong {
            counter: PinCounter::Remaining { tries: 2 }
        }
    );
    assert_eq!(
        card.verify_pin(&Pin::new("1234").unwrap(), LastTry::Refuse)
            .unwrap(),
        PinOutcome::Verified
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; scripts/test runs it"]
fn a_card_taken_away_mid_read_is_reported_as_removed() {
    let _sim = insert(&["--sim-remove-after", "4"]);
    let mut card = JpkiCard::new(PcscTransport::connect(Some("Virtual")).unwrap());
    card.select_jpki().unwrap();
    let err = card.read_auth_certificate().unwrap_err();
    assert!(
        matches!(
            err,
            CardError::Transport(TransportError::CardRemoved | TransportError::NoCard)
        ),
        "{err:?}"
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; scripts/test runs it"]
fn an_empty_reader_says_no_card_and_an_unknown_reader_no_reader() {
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(
        PcscTransport::connect(Some("Virtual")).err(),
        Some(TransportError::NoCard)
    );
    assert_eq!(
        PcscTransport::connect(Some("no such reader")).err(),
        Some(TransportError::NoReader)
    );
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd; scripts/test runs it"]
fn another_kind_of_card_is_not_a_my_number_card() {
    let _sim = insert(&["--sim-foreign"]);
    let mut card = JpkiCard::new(PcscTransport::connect(Some("Virtual")).unwrap());
    let err = card.select_jpki().unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::NotMyNumberCard);
    assert!(err.to_string().contains("not a My Number Card"));
}
