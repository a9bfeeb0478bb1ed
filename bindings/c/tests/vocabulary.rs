//! Every C enum that mirrors a core vocabulary has one constant per core value, named after its
//! slug (`ONSHI_ROUTE_MYNA_ONLINE` for `myna_online`), read from the checked-in header: a value
//! added to the core without its C constant fails here.
#![cfg(test)]

use std::collections::BTreeMap;

/// The header's enums: name → constant names.
fn header_enums() -> BTreeMap<String, Vec<String>> {
    let header = include_str!("../../../include/onshi.h");
    let mut enums = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in header.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("enum ").filter(|n| !n.contains(' ')) {
            current = Some((name.to_owned(), Vec::new()));
        } else if line.starts_with("};") {
            if let Some((name, constants)) = current.take() {
                enums.insert(name, constants);
            }
        } else if let Some((_, constants)) = current.as_mut()
            && line.starts_with("ONSHI_")
            && let Some(constant) = line.split([' ', ',', '=']).next()
        {
            constants.push(constant.to_owned());
        }
    }
    enums
}

/// A C enum, the core vocabulary it mirrors, its constants' prefix, the constants C adds for
/// "nothing" (a NULL decision, no failure), and the slugs C spells differently.
type Mirror = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

fn core(name: &str) -> &'static [&'static str] {
    onshi::vocabulary::VOCABULARIES
        .iter()
        .chain(onshi_oqs::VOCABULARIES)
        .find(|d| d.name == name)
        .map(|d| d.slugs)
        .unwrap_or_else(|| panic!("the core has no vocabulary {name}"))
}

#[test]
fn every_mirrored_c_enum_has_a_constant_for_each_core_value() {
    let enums = header_enums();
    let mirrors: &[Mirror] = &[
        (
            "OnshiCoverage",
            "Coverage",
            "ONSHI_COVERAGE_",
            &["UNKNOWN"],
            &[],
        ),
        ("OnshiRoute", "Route", "ONSHI_ROUTE_", &[], &[]),
        (
            "OnshiFailureClass",
            "FailureClass",
            "ONSHI_FAILURE_CLASS_",
            &["NONE"],
            &[("a", "QUALIFICATION_NOT_FOUND"), ("b", "ONLINE_UNUSABLE")],
        ),
        (
            "OnshiCopayBasis",
            "CopayBasis",
            "ONSHI_COPAY_BASIS_",
            &[],
            &[],
        ),
        (
            "OnshiQueriedDocument",
            "QueriedDocument",
            "ONSHI_QUERIED_DOCUMENT_",
            &[],
            &[],
        ),
        (
            "OnshiPinCounterKind",
            "PinCounter",
            "ONSHI_PIN_COUNTER_KIND_",
            &[],
            &[],
        ),
        (
            "OnshiPinResult",
            "PinOutcome",
            "ONSHI_PIN_RESULT_",
            &[],
            &[],
        ),
        (
            "OnshiPinStateKind",
            "PinState",
            "ONSHI_PIN_STATE_KIND_",
            &[],
            &[],
        ),
        ("OnshiTokenKind", "TokenKind", "ONSHI_TOKEN_KIND_", &[], &[]),
        (
            "OnshiRegistrationChannel",
            "RegistrationChannel",
            "ONSHI_REGISTRATION_CHANNEL_",
            &[],
            &[],
        ),
        ("OnshiCardKind", "CardKind", "ONSHI_CARD_KIND_", &[], &[]),
        (
            "OnshiRegistrationRefusal",
            "RegistrationRefusal",
            "ONSHI_REGISTRATION_REFUSAL_",
            &["NONE"],
            &[],
        ),
        (
            "OnshiRegistration",
            "Registration",
            "ONSHI_REGISTRATION_",
            &[],
            &[],
        ),
        (
            "OnshiScriptStep",
            "ScriptStep",
            "ONSHI_SCRIPT_STEP_",
            &[],
            &[],
        ),
        (
            "OnshiCertificateStatus",
            "CertificateStatus",
            "ONSHI_CERTIFICATE_STATUS_",
            &[],
            &[],
        ),
        (
            "OnshiNumberKind",
            "NumberKind",
            "ONSHI_NUMBER_KIND_",
            &[],
            &[],
        ),
        ("OnshiLang", "Lang", "ONSHI_LANG_", &[], &[]),
        (
            "OnshiRevocation",
            "Revocation",
            "ONSHI_REVOCATION_",
            &[],
            &[],
        ),
    ];
    for (c_name, core_name, prefix, extra, renamed) in mirrors {
        let constants = enums
            .get(*c_name)
            .unwrap_or_else(|| panic!("include/onshi.h has no enum {c_name}"));
        let mut want: Vec<String> = core(core_name)
            .iter()
            .map(|slug| {
                let spelled = renamed
                    .iter()
                    .find(|(s, _)| s == slug)
                    .map_or_else(|| slug.to_uppercase(), |(_, c)| (*c).to_owned());
                format!("{prefix}{spelled}")
            })
            .chain(extra.iter().map(|e| format!("{prefix}{e}")))
            .collect();
        let mut got = constants.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{c_name} against the core's {core_name}");
    }
}
