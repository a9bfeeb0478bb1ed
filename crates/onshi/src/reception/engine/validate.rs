//! Facts of a visit that cannot all hold are refused before any rule is applied, each by its own
//! check, in this order (the first one found is the error).

use crate::error::InputError;
use crate::policy::rules::RuleSet;
use crate::policy::rules::key;
use crate::reception::documents::{CardKind, MynaInsuranceCard};
use crate::reception::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::reception::visit::{Visit, check_percent};

pub(super) fn validate(rules: &RuleSet, visit: &Visit) -> Result<(), InputError> {
    born_before_the_visit(visit)?;
    let card = visit.presented.myna_card.as_ref();
    if let Some(card) = card {
        tries_within_the_lock(rules, visit, card)?;
    }
    copay_percents(visit)?;
    qualification_certificate_dates(visit)?;
    if let Some(card) = card {
        identity_method_possible(visit, card)?;
        pin_confirmation_possible(card)?;
    }
    Ok(())
}

/// A patient born after the visit cannot be at the desk (a typo, or a date from another field).
fn born_before_the_visit(visit: &Visit) -> Result<(), InputError> {
    match visit.patient.birth_date {
        Some(birth) if birth > visit.date() => Err(InputError::inconsistent(
            "patient.birth_date",
            format!(
                "the birth date is after the visit ({}): check the date entered",
                visit.date()
            ),
        )),
        _ => Ok(()),
    }
}

/// `pin.max-tries`: a card cannot report more tries left than the lock allows.
fn tries_within_the_lock(
    rules: &RuleSet,
    visit: &Visit,
    card: &MynaInsuranceCard,
) -> Result<(), InputError> {
    let PinState::Remaining { tries } = card.pin else {
        return Ok(());
    };
    match rules.param(key::PinMaxTries, visit.date()) {
        Some(max) if tries > max => Err(InputError::inconsistent(
            "presented.myna_card.pin.tries",
            format!("{tries} tries left is more than the {max} the PIN allows (pin.max-tries)"),
        )),
        _ => Ok(()),
    }
}

/// Every copay percentage given is 10, 20 or 30.
fn copay_percents(visit: &Visit) -> Result<(), InputError> {
    let p = &visit.presented;
    let percents = [
        (
            "presented.legacy_card.copay_percent",
            p.legacy_card.as_ref().and_then(|c| c.copay_percent),
        ),
        (
            "presented.qualification_certificate.copay_percent",
            p.qualification_certificate
                .as_ref()
                .and_then(|c| c.copay_percent),
        ),
        (
            "presented.notice.copay_percent",
            p.notice.as_ref().and_then(|c| c.copay_percent),
        ),
        (
            "presented.portal_screen.copay_percent",
            p.portal_screen.as_ref().and_then(|c| c.copay_percent),
        ),
        (
            "online.copay_percent",
            visit.online.as_ref().and_then(|o| o.copay_percent),
        ),
    ];
    percents
        .into_iter()
        .try_for_each(|(field, percent)| check_percent(field, percent))
}

/// A 資格確認書 cannot start after it ends.
fn qualification_certificate_dates(visit: &Visit) -> Result<(), InputError> {
    if let Some(q) = &visit.presented.qualification_certificate
        && let Some(from) = q.valid_from
        && from > q.valid_until
    {
        return Err(InputError::inconsistent(
            "presented.qualification_certificate.valid_from",
            format!("valid_from {from} is after valid_until {}", q.valid_until),
        ));
    }
    Ok(())
}

/// A face match needs a face reader; device biometrics exist only on an iPhone card.
fn identity_method_possible(visit: &Visit, card: &MynaInsuranceCard) -> Result<(), InputError> {
    let Some(check) = card.identity else {
        return Ok(());
    };
    if check.method == IdentityMethod::Face
        && visit.facility.reader != Some(CardReader::FaceRecognition)
    {
        return Err(InputError::inconsistent(
            "presented.myna_card.identity",
            "face recognition needs a 顔認証付きカードリーダー (facility.reader is not face_recognition)",
        ));
    }
    if check.method == IdentityMethod::DeviceBiometric && card.kind != CardKind::SmartphoneIos {
        return Err(InputError::inconsistent(
            "presented.myna_card.identity",
            "device biometrics (Face ID / Touch ID) apply only to an iPhone マイナ保険証 (kind smartphone_ios)",
        ));
    }
    Ok(())
}

/// A PIN cannot have been confirmed on a card without one or with a locked one.
fn pin_confirmation_possible(card: &MynaInsuranceCard) -> Result<(), InputError> {
    let confirmed = card.identity.is_some_and(|check| {
        check.method == IdentityMethod::Pin && check.outcome == IdentityOutcome::Confirmed
    });
    if !confirmed {
        return Ok(());
    }
    if card.kind == CardKind::FaceOnly {
        return Err(InputError::inconsistent(
            "presented.myna_card.identity",
            "a 顔認証マイナンバーカード has no PIN, so a PIN cannot have been confirmed",
        ));
    }
    if card.pin == PinState::Locked {
        return Err(InputError::inconsistent(
            "presented.myna_card.identity",
            "the PIN is reported locked, so a PIN cannot have been confirmed",
        ));
    }
    Ok(())
}
