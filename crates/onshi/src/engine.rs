//! The reception decision engine: `decide(rules, visit) -> Decision`.
//!
//! The order follows how a desk works (004_b85a80dacb8bbe22.txt:768–793): first the マイナ保険証; when it
//! cannot be confirmed, the documents that stand in for it; when none does and the cause is a failure of
//! online confirmation, the self-declaration of 保発0710第1号; otherwise the forgotten-card handling.

use chrono::NaiveDate;

use crate::calendar::{add_months, end_of_month, sub_months};
use crate::copay::{AgeBand, age_band, birthday, usual_percent};
use crate::decision::{
    Action, Alert, Ceiling, Copay, CopayBasis, Coverage, Decision, FailureClass, Route,
};
use crate::documents::{
    CardKind, CardStatus, LegacyInsuranceCard, MynaInsuranceCard, QualificationCertificate,
    Registration,
};
use crate::error::InputError;
use crate::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::messages::compose;
use crate::rules::{GraceBoundary, RuleId, RuleSet};
use crate::visit::{OnlineResult, OnlineStatus, OnlineSystem, QueryKind, Visit, check_percent};

/// Decides how a visit is covered.
///
/// # Errors
/// [`InputError::Invalid`] for a copay percentage other than 10/20/30;
/// [`InputError::Inconsistent`] for facts that cannot all hold (a face match at a generic reader,
/// a PIN confirmed on a card whose PIN is locked or that has no PIN).
///
/// # Example
/// ```
/// use onshi::{decide, Coverage, Route, RuleSet, Visit};
/// let rules = RuleSet::builtin();
/// let visit = Visit::from_json(r#"{"at": "2026-01-15",
///   "presented": {"myna_card": {"registration": "registered",
///                               "identity": {"method": "face", "outcome": "confirmed"}}},
///   "online": {"status": "valid", "copay_percent": 30}}"#)?;
/// let decision = decide(&rules, &visit)?;
/// assert_eq!(decision.coverage, Coverage::Covered);
/// assert_eq!(decision.route, Route::MynaOnline);
///
/// // Facts that cannot hold together are refused.
/// let bad = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"reader": "generic"},
///   "presented": {"myna_card": {"identity": {"method": "face", "outcome": "confirmed"}}}}"#)?;
/// assert!(decide(&rules, &bad).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decide(rules: &RuleSet, visit: &Visit) -> Result<Decision, InputError> {
    validate(rules, visit)?;
    let mut e = Engine {
        rules,
        visit,
        date: visit.date(),
        used: Vec::new(),
        alerts: Vec::new(),
        actions: Vec::new(),
    };
    let outcome = e.run();
    Ok(e.finish(outcome))
}

fn validate(rules: &RuleSet, visit: &Visit) -> Result<(), InputError> {
    let p = &visit.presented;
    // pin.max-tries: a card cannot report more tries left than the lock allows.
    if let Some(card) = &p.myna_card
        && let PinState::Remaining { tries } = card.pin
        && let Some(max) = rules.pin_tries(visit.date())
        && tries > max
    {
        return Err(InputError::inconsistent(
            "presented.myna_card.pin.tries",
            format!("{tries} tries left is more than the {max} the PIN allows (pin.max-tries)"),
        ));
    }
    check_percent(
        "presented.legacy_card.copay_percent",
        p.legacy_card.as_ref().and_then(|c| c.copay_percent),
    )?;
    check_percent(
        "presented.qualification_certificate.copay_percent",
        p.qualification_certificate
            .as_ref()
            .and_then(|c| c.copay_percent),
    )?;
    check_percent(
        "presented.notice.copay_percent",
        p.notice.as_ref().and_then(|c| c.copay_percent),
    )?;
    check_percent(
        "presented.portal_screen.copay_percent",
        p.portal_screen.as_ref().and_then(|c| c.copay_percent),
    )?;
    check_percent(
        "online.copay_percent",
        visit.online.as_ref().and_then(|o| o.copay_percent),
    )?;
    if let Some(q) = &p.qualification_certificate
        && let Some(from) = q.valid_from
        && from > q.valid_until
    {
        return Err(InputError::inconsistent(
            "presented.qualification_certificate.valid_from",
            format!("valid_from {from} is after valid_until {}", q.valid_until),
        ));
    }
    if let Some(card) = &p.myna_card
        && let Some(check) = card.identity
    {
        let reader = visit.facility.reader;
        if check.method == IdentityMethod::Face && reader != Some(CardReader::FaceRecognition) {
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
    }
    if let Some(card) = &p.myna_card
        && let Some(check) = card.identity
        && check.method == IdentityMethod::Pin
        && check.outcome == IdentityOutcome::Confirmed
    {
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
    }
    Ok(())
}

/// The result of the steps, before texts are composed.
struct Outcome {
    coverage: Coverage,
    route: Route,
    failure: Option<FailureClass>,
    copay: Copay,
    ceiling: Option<Ceiling>,
}

/// How the マイナ保険証 came out.
enum Myna {
    /// Not presented.
    Absent,
    /// Confirmed online.
    Confirmed(OnlineResult),
    /// Steps remain (identity, query, registration now).
    Pending,
    /// Cannot be confirmed online here; `class` when it is a failure class of 保発0710第1号.
    Failed { class: Option<FailureClass> },
}

struct Engine<'a> {
    rules: &'a RuleSet,
    visit: &'a Visit,
    date: NaiveDate,
    used: Vec<RuleId>,
    alerts: Vec<Alert>,
    actions: Vec<Action>,
}

impl Engine<'_> {
    fn applies(&mut self, id: RuleId) -> bool {
        let on = self.rules.applies(id, self.date);
        if on {
            self.cite(id);
        }
        on
    }

    fn cite(&mut self, id: RuleId) {
        if !self.used.contains(&id) {
            self.used.push(id);
        }
    }

    fn act(&mut self, a: Action) {
        if !self.actions.contains(&a) {
            self.actions.push(a);
        }
    }

    fn alert(&mut self, a: Alert) {
        if !self.alerts.contains(&a) {
            self.alerts.push(a);
        }
    }

    fn run(&mut self) -> Outcome {
        let myna = match self.visit.presented.myna_card.clone() {
            Some(card) => self.myna(&card),
            None => Myna::Absent,
        };
        match myna {
            Myna::Confirmed(result) => {
                self.cite(RuleId::OnlineMynaCard);
                let copay = self.copay_online(&result);
                let ceiling = self.ceiling(Some(&result));
                self.elderly_certificate_hint(false);
                Outcome {
                    coverage: Coverage::Covered,
                    route: Route::MynaOnline,
                    failure: None,
                    copay,
                    ceiling,
                }
            }
            Myna::Pending => Outcome {
                coverage: Coverage::Pending,
                route: Route::MynaOnline,
                failure: None,
                copay: self.copay_by_age(),
                ceiling: None,
            },
            Myna::Absent => self.documents(false, None),
            Myna::Failed { class } => self.documents(true, class),
        }
    }

    // ---- マイナ保険証 -------------------------------------------------------------------------

    fn myna(&mut self, card: &MynaInsuranceCard) -> Myna {
        let facility = &self.visit.facility;

        // 002:389 — a suspended, revoked or unreadable card cannot be read (class B: card unusable).
        if card.status != CardStatus::Active {
            self.cite(RuleId::CardSuspended);
            self.alert(Alert::CardUnusable {
                status: card.status,
            });
            self.act(Action::GuideCardReactivation);
            return Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            };
        }

        // Smartphone マイナ保険証 from 2025-09-19, and only with a reader that takes phones.
        if card.kind.is_smartphone()
            && (!self.applies(RuleId::CardSmartphone)
                || !facility.smartphone_reader
                || facility.reader != Some(CardReader::FaceRecognition))
        {
            self.cite(RuleId::CardSmartphone);
            self.alert(Alert::SmartphoneNotSupported);
            self.act(Action::UsePhysicalCard);
            return Myna::Failed { class: None };
        }

        // Where online checking is not installed the card alone proves nothing (003:165, 001:416).
        if facility.online == OnlineSystem::NotInstalled || facility.reader.is_none() {
            self.cite(RuleId::OnlineMynaCard);
            return Myna::Failed { class: None };
        }

        if card.registration == Registration::NotRegistered {
            self.alert(Alert::NotRegistered);
            self.cite(RuleId::RegistrationChannels);
            // 004:783: register on the spot with the reader or app when the card allows it.
            let can_register_here = facility.online == OnlineSystem::Up
                && !facility.reader_fault
                && matches!(
                    facility.reader,
                    Some(CardReader::FaceRecognition | CardReader::MobileApp)
                );
            if can_register_here {
                self.act(Action::OfferRegistration);
                self.act(Action::QueryOnline);
                return Myna::Pending;
            }
            self.act(Action::SuggestRegistration);
            return Myna::Failed { class: None };
        }

        // The certificate: alert window, grace period, expiry (004:744–746).
        let certificate_usable = self.certificate(card);

        // An outage or a broken reader: class B (保発0710第1号).
        if facility.online == OnlineSystem::Down || facility.reader_fault {
            return Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            };
        }
        if !certificate_usable {
            return Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            };
        }

        let answered = self
            .visit
            .online
            .clone()
            .filter(|r| r.query == QueryKind::Card);

        // Identity first; an online answer to a card query implies the reader confirmed identity.
        if answered.is_none() {
            match self.identity(card) {
                IdentityStep::Confirmed => {}
                IdentityStep::Pending => return Myna::Pending,
                IdentityStep::Failed => return Myna::Failed { class: None },
            }
        }

        let Some(result) = answered else {
            self.act(Action::QueryOnline);
            return Myna::Pending;
        };
        match result.status {
            OnlineStatus::Valid => Myna::Confirmed(result),
            OnlineStatus::Invalid | OnlineStatus::NotFound => Myna::Failed {
                class: Some(FailureClass::QualificationNotFound),
            },
            OnlineStatus::Unavailable => Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            },
        }
    }

    /// Applies the certificate rules; returns whether the card is usable as insurance card.
    fn certificate(&mut self, card: &MynaInsuranceCard) -> bool {
        let Some(expires) = card.certificate_expires else {
            return true;
        };
        let d = self.date;
        if d <= expires {
            if let Some(months) = self.rules.alert_months(d)
                && d >= sub_months(expires, months)
            {
                self.cite(RuleId::CertificateAlertWindow);
                self.alert(Alert::CertificateExpiresSoon { expires });
                self.act(Action::GuideCertificateRenewal);
            }
            return true;
        }
        let grace_until = self
            .rules
            .grace(d)
            .map(|(months, boundary)| match boundary {
                GraceBoundary::MonthEnd => end_of_month(add_months(expires, months)),
                GraceBoundary::DayExact => add_months(expires, months),
            });
        self.cite(RuleId::CertificateGracePeriod);
        self.act(Action::GuideCertificateRenewal);
        match grace_until {
            Some(until) if d <= until => {
                self.alert(Alert::CertificateInGrace {
                    expired: expires,
                    grace_until: until,
                });
                true
            }
            Some(until) => {
                self.alert(Alert::CertificateExpired {
                    expired: expires,
                    grace_ended: until,
                });
                false
            }
            None => {
                self.alert(Alert::CertificateExpired {
                    expired: expires,
                    grace_ended: expires,
                });
                false
            }
        }
    }

    fn identity(&mut self, card: &MynaInsuranceCard) -> IdentityStep {
        let reader = self
            .visit
            .facility
            .reader
            .unwrap_or(CardReader::FaceRecognition);
        self.cite(RuleId::IdentityMethodsByReader);
        let offered: Vec<IdentityMethod> = match card.kind {
            CardKind::SmartphoneIos => vec![IdentityMethod::DeviceBiometric],
            CardKind::SmartphoneAndroid => vec![IdentityMethod::Pin],
            CardKind::Ordinary | CardKind::FaceOnly => self
                .rules
                .reader_methods(self.date)
                .map(|m| m.for_reader(reader).to_vec())
                .unwrap_or_default(),
        };
        if card.kind == CardKind::FaceOnly {
            self.cite(RuleId::IdentityFaceOnlyCard);
        }
        let pin_possible = card.kind != CardKind::FaceOnly && card.pin.allows_pin();
        if card.pin == PinState::Locked {
            self.cite(RuleId::IdentityPinLocked);
            self.alert(Alert::PinLocked);
        }
        let mut methods: Vec<IdentityMethod> = offered
            .iter()
            .copied()
            .filter(|m| *m != IdentityMethod::Pin || pin_possible)
            .collect();

        match card.identity {
            Some(check) if check.outcome == IdentityOutcome::Confirmed => {
                return IdentityStep::Confirmed;
            }
            Some(check) if check.method == IdentityMethod::Visual => {
                // Staff judged the patient is not the holder: the card is not accepted.
                self.alert(Alert::IdentityNotConfirmed);
                return IdentityStep::Failed;
            }
            // A failed face match moves face to the end; a failed PIN keeps its place (the counter,
            // not the order, says whether it may be tried again).
            Some(check) if check.method != IdentityMethod::Pin => {
                methods.retain(|m| *m != check.method);
                methods.push(check.method);
            }
            Some(_) | None => {}
        }
        if methods.contains(&IdentityMethod::Pin) && card.pin.is_last_try() {
            self.cite(RuleId::PinMaxTries);
            self.alert(Alert::PinLastTry);
            self.act(Action::AskBeforeLastPinTry);
        }
        if methods.is_empty() {
            self.alert(Alert::IdentityNotConfirmed);
            if card.kind.is_smartphone() {
                self.act(Action::UsePhysicalCard);
            }
            return IdentityStep::Failed;
        }
        // The PIN is offered last once it is down to its last try.
        if card.pin.is_last_try()
            && let Some(i) = methods.iter().position(|m| *m == IdentityMethod::Pin)
        {
            let pin = methods.remove(i);
            methods.push(pin);
        }
        self.act(Action::ConfirmIdentity { methods });
        if card.pin == PinState::Locked {
            self.act(Action::GuidePinReset);
        }
        IdentityStep::Pending
    }

    // ---- other documents -----------------------------------------------------------------------

    fn documents(&mut self, card_failed: bool, myna_class: Option<FailureClass>) -> Outcome {
        let presented = self.visit.presented.clone();
        let card = presented.myna_card.as_ref();
        let d = self.date;
        let mut failure = myna_class;

        if card_failed && let Some(card) = card {
            // Card + お知らせ (001:416, 004:718), from 2024-12-02.
            if let Some(notice) = &presented.notice
                && self.applies(RuleId::FallbackCardWithNotice)
                && self.card_identity_ok(card)
            {
                let copay = self.copay_document(notice.copay_percent);
                return self.covered(Route::CardWithNotice, failure, copay);
            }
            // Card + マイナポータル screen; not with a face-only card (no PIN to log in).
            if let Some(portal) = &presented.portal_screen {
                if card.kind == CardKind::FaceOnly {
                    self.applies(RuleId::FallbackFaceOnlyCard);
                } else if self.applies(RuleId::FallbackCardWithPortal)
                    && self.card_identity_ok(card)
                {
                    let copay = self.copay_document(portal.copay_percent);
                    return self.covered(Route::CardWithPortal, failure, copay);
                }
            }
        }

        if let Some(qc) = &presented.qualification_certificate
            && self.qualification_certificate(qc)
        {
            let copay = self.copay_document(qc.copay_percent);
            return self.covered(Route::QualificationCertificate, failure, copay);
        }

        let legacy_expired = match &presented.legacy_card {
            Some(legacy) => match self.legacy(legacy) {
                LegacyStanding::Valid => {
                    let copay = self.copay_document(legacy.copay_percent);
                    return self.covered(Route::LegacyCard, failure, copay);
                }
                LegacyStanding::Expired => true,
                LegacyStanding::Invalid => false,
            },
            None => false,
        };

        // Temporary measure (2025-06-27 – 2026-03-31): an expired legacy card, or a お知らせ alone,
        // if its insured number is confirmed online.
        let notice_alone = presented.notice.is_some() && card.is_none();
        if notice_alone {
            self.applies(RuleId::NoticeNotAlone);
            self.alert(Alert::NoticeNotAlone);
        }
        if (legacy_expired || notice_alone) && self.rules.applies(RuleId::FallbackQueryByNumber, d)
        {
            let until = self
                .rules
                .rule(RuleId::FallbackQueryByNumber, d)
                .and_then(|r| r.until);
            self.cite(RuleId::FallbackQueryByNumber);
            let route = if legacy_expired {
                Route::LegacyCardQueried
            } else {
                Route::NoticeQueried
            };
            let by_number = self
                .visit
                .online
                .clone()
                .filter(|r| r.query == QueryKind::InsuredNumber);
            match (by_number, self.visit.facility.online) {
                (Some(result), _) => match result.status {
                    OnlineStatus::Valid => {
                        if let Some(until) = until {
                            self.alert(Alert::TemporaryMeasure { until });
                        }
                        let copay = self.copay_online(&result);
                        self.act(Action::RecommendMynaCard);
                        let mut out = self.covered(route, failure, copay);
                        out.ceiling = self.ceiling(Some(&result));
                        return out;
                    }
                    OnlineStatus::Invalid | OnlineStatus::NotFound => {
                        failure = failure.or(Some(FailureClass::QualificationNotFound));
                    }
                    OnlineStatus::Unavailable => {
                        failure = failure.or(Some(FailureClass::OnlineUnusable));
                    }
                },
                (None, OnlineSystem::Up) if failure.is_none() => {
                    self.act(Action::QueryByInsuredNumber);
                    return Outcome {
                        coverage: Coverage::Pending,
                        route,
                        failure: None,
                        copay: self.copay_by_age(),
                        ceiling: None,
                    };
                }
                (None, OnlineSystem::Down) => {
                    failure = failure.or(Some(FailureClass::OnlineUnusable));
                }
                _ => {}
            }
        }

        // 保発0710第1号: online confirmation failed → 被保険者資格申立書, usual ratio, never 10割.
        if let Some(class) = failure
            && self.applies(RuleId::FallbackSelfDeclaration)
        {
            if card_failed
                && let Some(card) = card
                && card.kind != CardKind::FaceOnly
                && presented.notice.is_none()
                && presented.portal_screen.is_none()
                && self.rules.applies(RuleId::FallbackCardWithNotice, d)
            {
                // Still worth asking first: either document settles it without a declaration.
                self.act(Action::AskForNoticeOrPortal);
            }
            if card.is_some_and(|c| c.kind == CardKind::FaceOnly) {
                self.applies(RuleId::FallbackFaceOnlyCard);
            }
            self.elderly_certificate_hint(true);
            self.act(Action::TakeSelfDeclaration);
            self.act(Action::ChargeUsualRatio);
            return Outcome {
                coverage: Coverage::Provisional,
                route: Route::SelfDeclaration,
                failure: Some(class),
                copay: self.copay_by_age(),
                ceiling: None,
            };
        }

        // Nothing usable: as a forgotten insurance card (000:237).
        self.cite(RuleId::NoDocument);
        if card_failed
            && card.is_some_and(|c| {
                !c.kind.is_smartphone()
                    && c.kind != CardKind::FaceOnly
                    && !c.identity.is_some_and(|i| {
                        i.method == IdentityMethod::Visual && i.outcome == IdentityOutcome::Failed
                    })
            })
            && self.rules.applies(RuleId::FallbackCardWithNotice, d)
        {
            self.act(Action::AskForNoticeOrPortal);
        }
        self.elderly_certificate_hint(true);
        let legacy_card = !self.applies(RuleId::CardOrCertificateOnly);
        self.act(Action::AskForDocuments { legacy_card });
        self.act(Action::HandleAsForgottenCard);
        Outcome {
            coverage: Coverage::NotCovered,
            route: Route::None,
            failure,
            copay: Copay {
                basis: CopayBasis::Unknown,
                percent: None,
                age_band: self.band(),
            },
            ceiling: None,
        }
    }

    /// Whether the card can serve as the photo identity for a card + document route.
    fn card_identity_ok(&mut self, card: &MynaInsuranceCard) -> bool {
        match card.identity {
            Some(c) if c.outcome == IdentityOutcome::Confirmed => true,
            Some(c) if c.method == IdentityMethod::Visual => {
                self.alert(Alert::IdentityNotConfirmed);
                false
            }
            _ => {
                self.act(Action::ConfirmFaceVisually);
                true
            }
        }
    }

    fn covered(&mut self, route: Route, failure: Option<FailureClass>, copay: Copay) -> Outcome {
        if matches!(
            route,
            Route::QualificationCertificate | Route::LegacyCard | Route::LegacyCardQueried
        ) && self.visit.presented.myna_card.is_none()
        {
            self.act(Action::RecommendMynaCard);
        }
        let ceiling = self.ceiling(None);
        Outcome {
            coverage: Coverage::Covered,
            route,
            failure,
            copay,
            ceiling,
        }
    }

    fn qualification_certificate(&mut self, qc: &QualificationCertificate) -> bool {
        let d = self.date;
        let started = qc.valid_from.is_none_or(|f| f <= d);
        if started && d <= qc.valid_until && self.applies(RuleId::QualificationCertificateValidity)
        {
            return true;
        }
        self.cite(RuleId::QualificationCertificateValidity);
        if d > qc.valid_until {
            self.alert(Alert::QualificationCertificateExpired {
                ended: qc.valid_until,
            });
        }
        false
    }

    fn legacy(&mut self, card: &LegacyInsuranceCard) -> LegacyStanding {
        let d = self.date;
        // 004:752 — no new legacy cards from 2024-12-02.
        if let Some(issued) = card.issued
            && let Some(rule) = self.rules.rule(RuleId::LegacyNoNewIssue, issued)
            && issued >= rule.from
        {
            self.cite(RuleId::LegacyNoNewIssue);
            self.alert(Alert::LegacyCardIssuedAfterAbolition { issued });
            return LegacyStanding::Invalid;
        }
        // 004:762 — ends when the holder changes insurer.
        if card.insurer_changed {
            self.cite(RuleId::LegacyInsurerChange);
            self.alert(Alert::LegacyCardInsurerChanged);
            return LegacyStanding::Invalid;
        }
        // The last valid day: the printed expiry, the insurer's end, and the transition end.
        let mut end: Option<NaiveDate> = card.expires;
        if card.expires.is_some() {
            self.cite(RuleId::LegacyPrintedExpiry);
        }
        let transition_end = self.rules.legacy_last_valid_day(d);
        if let Some(t) = transition_end
            && end.is_none_or(|e| t < e)
        {
            self.cite(RuleId::LegacyTransitionEnd);
            end = Some(t);
        }
        if card.expires.is_none()
            && let Some(insurer) = &card.insurer
        {
            let insurer_end = self
                .rules
                .insurer_ends(d)
                .iter()
                .filter(|e| e.applies_to(insurer.as_str()))
                .map(|e| e.last_valid_day)
                .min();
            if let Some(t) = insurer_end
                && end.is_none_or(|e| t < e)
            {
                self.cite(RuleId::LegacyInsurerEnd);
                end = Some(t);
            }
        }
        match end {
            Some(end) if d > end => {
                self.alert(Alert::LegacyCardExpired { ended: end });
                if self.rules.applies(RuleId::CardOrCertificateOnly, d) {
                    self.cite(RuleId::CardOrCertificateOnly);
                }
                LegacyStanding::Expired
            }
            Some(end) => {
                self.alert(Alert::LegacyCardEnds { on: end });
                LegacyStanding::Valid
            }
            None => {
                self.cite(RuleId::LegacyPrintedExpiry);
                LegacyStanding::Valid
            }
        }
    }

    // ---- copay and ceiling ---------------------------------------------------------------------

    fn band(&self) -> Option<AgeBand> {
        self.visit
            .patient
            .birth_date
            .map(|b| age_band(b, self.date))
    }

    fn copay_by_age(&self) -> Copay {
        let band = self.band();
        let percent = band.and_then(|b| usual_percent(b, self.visit.patient.high_income));
        Copay {
            basis: if percent.is_some() {
                CopayBasis::Age
            } else {
                CopayBasis::Unknown
            },
            percent,
            age_band: band,
        }
    }

    fn copay_document(&self, percent: Option<u8>) -> Copay {
        match percent {
            Some(p) => Copay {
                basis: CopayBasis::Document,
                percent: Some(p),
                age_band: self.band(),
            },
            None => self.copay_by_age(),
        }
    }

    fn copay_online(&mut self, result: &OnlineResult) -> Copay {
        let Some(online) = result.copay_percent else {
            return self.copay_by_age();
        };
        let p = &self.visit.presented;
        let document = p
            .qualification_certificate
            .as_ref()
            .and_then(|c| c.copay_percent)
            .or(p.legacy_card.as_ref().and_then(|c| c.copay_percent))
            .or(p.notice.as_ref().and_then(|c| c.copay_percent));
        if let Some(document) = document
            && document != online
        {
            self.alert(Alert::CopayMismatch { online, document });
        }
        Copay {
            basis: CopayBasis::Online,
            percent: Some(online),
            age_band: self.band(),
        }
    }

    fn ceiling(&mut self, result: Option<&OnlineResult>) -> Option<Ceiling> {
        let online = result.and_then(|r| r.ceiling_category.clone());
        let certificate = self
            .visit
            .presented
            .ceiling_certificate
            .as_ref()
            .filter(|c| self.date <= c.valid_until)
            .map(|c| c.category.clone());
        match (online, certificate) {
            (Some(category), has_certificate) => {
                if self.applies(RuleId::CeilingOnlineConsent) && has_certificate.is_some() {
                    self.alert(Alert::CeilingCertificateNotNeeded);
                }
                Some(Ceiling::Online { category })
            }
            (None, Some(category)) => Some(Ceiling::Certificate { category }),
            (None, None) => None,
        }
    }

    /// 004:758 and the 後期高齢者 measure: a patient of 75+ should also hold a 資格確認書.
    fn elderly_certificate_hint(&mut self, ask: bool) {
        let Some(birth) = self.visit.patient.birth_date else {
            return;
        };
        if self.visit.presented.qualification_certificate.is_some() {
            return;
        }
        for id in [
            RuleId::QualificationCertificateLateElderly,
            RuleId::QualificationCertificateElderly,
        ] {
            if let Some(age) = self.rules.age(id, self.date)
                && self.date >= birthday(birth, age)
            {
                if ask {
                    self.cite(id);
                    self.alert(Alert::ElderlyHoldsCertificate);
                    self.act(Action::AskForQualificationCertificate);
                }
                return;
            }
        }
    }

    fn finish(self, outcome: Outcome) -> Decision {
        let mut decision = Decision {
            date: self.date,
            coverage: outcome.coverage,
            route: outcome.route,
            failure: outcome.failure,
            copay: outcome.copay,
            ceiling: outcome.ceiling,
            alerts: self.alerts,
            actions: self.actions,
            rules: self.used,
            rule_set_version: self.rules.version().to_owned(),
            messages: crate::decision::Messages {
                staff: Default::default(),
                patient: Default::default(),
            },
        };
        decision.messages = compose(&decision);
        decision
    }
}

enum IdentityStep {
    Confirmed,
    Pending,
    Failed,
}

enum LegacyStanding {
    Valid,
    Expired,
    Invalid,
}
