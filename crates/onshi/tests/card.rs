//! The JPKI card protocol: arbitrary responses never panic, and the simulated card drives the
//! reception decision end to end.
#![cfg(test)]

use onshi::calendar::VisitTime;
use onshi::card::{
    BlockedAnswer, CardError, JpkiCard, LastTry, Pin, PinCounter, PinOutcome, SimulatedCard,
    TokenKind, Transport, TransportError,
};
use onshi::certificate::{Revocation, TestHierarchy, TrustAnchors, check_certificate};
use onshi::policy::RuleId;
use onshi::reception::{Alert, Coverage, IdentityCheck, IdentityMethod, IdentityOutcome, Route};
use onshi::{RuleSet, Visit, decide};
use proptest::prelude::*;

/// Answers every command with the next of a list of arbitrary byte strings (or a transport error).
struct Arbitrary(Vec<Option<Vec<u8>>>);

impl Transport for Arbitrary {
    fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        match self.0.pop() {
            Some(Some(bytes)) => Ok(bytes),
            Some(None) => Err(TransportError::CardRemoved),
            None => Ok(vec![0x90, 0x00]),
        }
    }
}

fn answers() -> impl Strategy<Value = Vec<Option<Vec<u8>>>> {
    let interesting = prop_oneof![
        Just(vec![0x90, 0x00]),
        Just(vec![0x63, 0xC1]),
        Just(vec![0x69, 0x84]),
        Just(vec![0x61, 0x00]),
        Just(vec![0x6C, 0x00]),
        Just(vec![0x30, 0x82, 0xFF, 0xFF, 0x90, 0x00]),
        Just(vec![0x30, 0x81]),
        prop::collection::vec(any::<u8>(), 0..300),
    ];
    prop::collection::vec(prop::option::weighted(0.9, interesting), 0..40)
}

proptest! {
    #[test]
    fn any_response_bytes_give_a_typed_result(answers in answers(), op in 0u8..6) {
        let mut card = JpkiCard::new(Arbitrary(answers));
        let pin = Pin::new("1234").unwrap();
        let _: Result<(), CardError> = match op {
            0 => card.select_jpki(),
            1 => card.token().map(drop),
            2 => card.read_auth_certificate().map(drop),
            3 => card.read_auth_ca_certificate().map(drop),
            4 => card.pin_counter().map(drop),
            _ => card.verify_pin(&pin, LastTry::Confirmed).map(drop),
        };
    }

    #[test]
    fn verify_sends_at_most_one_pin(wrong in "[0-9]{4}", tries in 0u8..4, confirmed in any::<bool>()) {
        let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], Pin::new("2468").unwrap()).with_tries(tries).unwrap();
        let mut card = JpkiCard::new(sim);
        card.select_jpki().unwrap();
        let last = if confirmed { LastTry::Confirmed } else { LastTry::Refuse };
        let result = card.verify_pin(&Pin::new(&wrong).unwrap(), last);
        let sim = card.into_transport();
        prop_assert!(sim.pin_attempts() <= 1);
        match result {
            Err(CardError::PinBlocked) => prop_assert_eq!(tries, 0),
            Err(CardError::LastTryNotConfirmed) => prop_assert!(tries == 1 && !confirmed),
            Ok(PinOutcome::Verified) => prop_assert_eq!(wrong.as_str(), "2468"),
            Ok(_) => prop_assert_eq!(sim.pin_attempts(), 1),
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
}

#[test]
fn blocking_answers_63c0_then_6984_and_nothing_is_retried() {
    let mut card = JpkiCard::new(SimulatedCard::new(
        TokenKind::PlasticCard,
        vec![],
        vec![],
        Pin::new("1234").unwrap(),
    ));
    card.select_jpki().unwrap();
    let wrong = Pin::new("0000").unwrap();
    assert_eq!(
        card.verify_pin(&wrong, LastTry::Refuse).unwrap(),
        PinOutcome::Wrong {
            counter: PinCounter::Remaining { tries: 2 }
        }
    );
    card.verify_pin(&wrong, LastTry::Refuse).unwrap();
    assert_eq!(
        card.verify_pin(&wrong, LastTry::Refuse).unwrap_err(),
        CardError::LastTryNotConfirmed
    );
    assert_eq!(
        card.verify_pin(&wrong, LastTry::Confirmed).unwrap(),
        PinOutcome::Blocked
    );
    assert_eq!(card.pin_counter().unwrap(), PinCounter::Blocked);
    assert_eq!(
        card.verify_pin(&Pin::new("1234").unwrap(), LastTry::Confirmed)
            .unwrap_err(),
        CardError::PinBlocked
    );
    assert_eq!(card.into_transport().pin_attempts(), 3);

    for answer in [BlockedAnswer::Sw6983, BlockedAnswer::Sw63C0] {
        let sim = SimulatedCard::new(
            TokenKind::PlasticCard,
            vec![],
            vec![],
            Pin::new("1234").unwrap(),
        )
        .with_tries(0)
        .unwrap()
        .with_blocked_answer(answer);
        let mut card = JpkiCard::new(sim);
        card.select_jpki().unwrap();
        assert_eq!(
            card.pin_counter().unwrap(),
            PinCounter::Blocked,
            "{answer:?}"
        );
    }
}

#[test]
fn errors_and_debug_never_show_the_pin() {
    let pin = Pin::new("8642").unwrap();
    assert!(!format!("{pin:?}").contains("8642"));
    // The simulated card keeps its PIN as a Pin too: its Debug does not show the digits.
    let sim = SimulatedCard::new(TokenKind::PlasticCard, vec![], vec![], pin.clone());
    let shown = format!("{sim:?}");
    assert!(
        shown.contains("Pin(****)") && !shown.contains("[56, 54, 52, 50]"),
        "{shown}"
    );
    let mut card = JpkiCard::new(
        SimulatedCard::new(
            TokenKind::PlasticCard,
            vec![],
            vec![],
            Pin::new("1234").unwrap(),
        )
        .remove_after(3),
    );
    card.select_jpki().unwrap();
    let err = card.verify_pin(&pin, LastTry::Refuse).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::VerifyOutcomeUnknown);
    assert!(!err.to_string().contains("8642") && !format!("{err:?}").contains("8642"));
}

/// Reads the certificate from the card, checks it, verifies the PIN, and decides.
fn reception(sim: SimulatedCard, at: &str, pin: &str) -> (onshi::Decision, SimulatedCard) {
    let rules = RuleSet::builtin();
    let mut anchors = TrustAnchors::new();
    anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
    let at = VisitTime::parse(at).unwrap();

    let mut card = JpkiCard::new(sim);
    card.select_jpki().unwrap();
    let der = card.read_auth_certificate().unwrap();
    let check = check_certificate(
        &rules,
        &anchors,
        &der,
        at,
        Revocation::NotChecked,
        TestHierarchy::Refuse,
    )
    .unwrap();
    let outcome = card
        .verify_pin(&Pin::new(pin).unwrap(), LastTry::Refuse)
        .unwrap();

    let mut visit = Visit::from_json(&format!(
        r#"{{"at": "{}", "facility": {{"reader": "generic"}}, "patient": {{"birth_date": "1980-01-01"}}}}"#,
        at.instant().to_rfc3339()
    ))
    .unwrap();
    let mut myna = onshi::reception::MynaInsuranceCard {
        registration: onshi::reception::Registration::Registered,
        ..Default::default()
    };
    check.apply_to(&mut myna);
    myna.pin = outcome.pin_state();
    myna.identity = Some(IdentityCheck {
        method: IdentityMethod::Pin,
        outcome: if outcome == PinOutcome::Verified {
            IdentityOutcome::Confirmed
        } else {
            IdentityOutcome::Failed
        },
    });
    visit.presented.myna_card = Some(myna);
    (decide(&rules, &visit).unwrap(), card.into_transport())
}

#[test]
fn simulated_card_drives_the_decision_end_to_end() {
    let leaf = onshi_testkit::leaf("2026-02-10T14:59:59Z");
    let ca = onshi_testkit::user_auth_root().der().to_vec();

    // Right PIN, certificate in its grace period: pending only the online query, with the grace alert.
    let sim = SimulatedCard::new(
        TokenKind::PlasticCard,
        leaf.clone(),
        ca.clone(),
        Pin::new("1234").unwrap(),
    );
    let (d, _) = reception(sim, "2026-04-01T10:00:00+09:00", "1234");
    assert_eq!(d.coverage, Coverage::Pending);
    assert_eq!(d.actions[0].kind(), "query_online");
    assert!(d.alerts.iter().any(|a| a.kind() == "certificate_in_grace"));

    // Wrong PIN on the last-but-one try: visual check offered first, the last try guarded.
    let sim = SimulatedCard::new(
        TokenKind::PlasticCard,
        leaf.clone(),
        ca.clone(),
        Pin::new("1234").unwrap(),
    )
    .with_tries(2)
    .unwrap();
    let (d, sim) = reception(sim, "2026-01-15T10:00:00+09:00", "9999");
    assert_eq!(sim.pin_attempts(), 1);
    assert!(d.alerts.iter().any(|a| a.kind() == "pin_last_try"));
    assert!(
        d.actions
            .iter()
            .any(|a| a.kind() == "ask_before_last_pin_try")
    );

    // Certificate past its grace period: self-declaration at the usual ratio.
    let sim = SimulatedCard::new(TokenKind::PlasticCard, leaf, ca, Pin::new("1234").unwrap());
    let (d, _) = reception(sim, "2026-06-01T09:00:00+09:00", "1234");
    assert_eq!(
        (d.coverage, d.route),
        (Coverage::Provisional, Route::SelfDeclaration)
    );
    assert_eq!(d.copay.percent, Some(30));
}

#[test]
fn android_token_reads_the_certificate_only_after_the_pin() {
    let leaf = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    let mut card = JpkiCard::new(SimulatedCard::new(
        TokenKind::AndroidEmbedded,
        leaf.clone(),
        vec![],
        Pin::new("1234").unwrap(),
    ));
    card.select_jpki().unwrap();
    assert_eq!(card.token().unwrap(), TokenKind::AndroidEmbedded);
    assert_eq!(
        card.read_auth_certificate().unwrap_err(),
        CardError::PinRequired
    );
    assert_eq!(
        card.verify_pin(&Pin::new("1234").unwrap(), LastTry::Refuse)
            .unwrap(),
        PinOutcome::Verified
    );
    assert_eq!(card.read_auth_certificate().unwrap(), leaf);
}

#[test]
fn a_card_removed_mid_read_is_a_clear_error() {
    let leaf = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    let mut card = JpkiCard::new(
        SimulatedCard::new(
            TokenKind::PlasticCard,
            leaf,
            vec![],
            Pin::new("1234").unwrap(),
        )
        .remove_after(4),
    );
    card.select_jpki().unwrap();
    let err = card.read_auth_certificate().unwrap_err();
    assert_eq!(err, CardError::Transport(TransportError::CardRemoved));
    assert!(err.to_string().contains("removed"));
}

/// The card protocol and the reception decision share one last-try guard (`pin.last-try`): on
/// every counter a card can report within the lock, the card refuses an unconfirmed PIN exactly
/// when the decision warns of the last try and cites the rule.
#[test]
fn the_card_and_the_decision_agree_on_the_last_try() {
    let rules = RuleSet::builtin();
    for tries in 0..=3u8 {
        let sim = SimulatedCard::new(
            TokenKind::PlasticCard,
            vec![],
            vec![],
            Pin::new("2468").unwrap(),
        )
        .with_tries(tries)
        .unwrap();
        let mut card = JpkiCard::new(sim);
        card.select_jpki().unwrap();
        let state = serde_json::to_string(&card.pin_counter().unwrap().pin_state()).unwrap();
        let refused = matches!(
            card.verify_pin(&Pin::new("0000").unwrap(), LastTry::Refuse),
            Err(CardError::LastTryNotConfirmed)
        );
        let visit = Visit::from_json(&format!(
            r#"{{"at": "2026-01-15", "facility": {{"reader": "generic"}},
                "presented": {{"myna_card": {{"registration": "registered", "pin": {state}}}}}}}"#
        ))
        .unwrap();
        let d = decide(&rules, &visit).unwrap();
        let warned = d.alerts.contains(&Alert::PinLastTry);
        let cited = d.rules.contains(&RuleId::PinLastTry);
        let last = tries == 1;
        assert_eq!(
            (refused, warned, cited),
            (last, last, last),
            "{tries} tries"
        );
    }
}

/// Every error class a transport raises comes back as that class once the card reports it, and
/// every other class names no transport error: a binding that maps a raised class through
/// `transport_error` and raises the card's error through `ErrorClass::of` gives the caller the
/// class it raised.
#[test]
fn a_transport_error_raised_as_its_class_comes_back_as_that_class() {
    use onshi::DescribedError;
    use onshi::Vocabulary;
    use onshi::error::ErrorClass;
    let mut raised = 0;
    for class in ErrorClass::ALL.iter().copied() {
        match class.transport_error() {
            Some(transport) => {
                assert_eq!(onshi::card::CardError::from(transport).class(), class);
                assert_eq!(class.parent(), Some(ErrorClass::CardError));
                raised += 1;
            }
            None => assert!(!matches!(class.parent(), Some(ErrorClass::CardError))),
        }
    }
    assert_eq!(raised, 3, "NoReader, NoCard and CardRemoved");
}
