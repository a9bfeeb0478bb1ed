//! The マイナ保険証 path: card state, smartphone cards, registration, the certificate's alert window and
//! grace period (004:744–746), outage, identity (003:175–189, 004:734–738) and the online answer.

use crate::certificate::{CertificateStatus, status_on_day};
use crate::decision::{Action, Alert, FailureClass, NotUsedReason, PresentedDocument};
use crate::documents::{CardKind, CardStatus, MynaInsuranceCard, Registration};
use crate::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::rules::RuleId;
use crate::visit::{OnlineStatus, OnlineSystem, QueryKind};

use super::{Engine, Myna};

impl Engine<'_> {
    pub(super) fn myna(&mut self, card: &MynaInsuranceCard) -> Myna {
        let facility = &self.visit.facility;

        // 002:389 — a suspended, revoked or unreadable card cannot be read (class B: card unusable).
        if card.status != CardStatus::Active {
            self.cite(RuleId::CardSuspended);
            self.alert(Alert::CardUnusable {
                status: card.status,
            });
            self.act(Action::GuideCardReactivation);
            // Suspended or revoked, the card stays unusable until the municipality acts: the
            // 資格確認書 is asked for first. A damaged card keeps the fallback of 保発0710第1号 (B)
            // as it was: card + お知らせ, then the 申立書.
            if matches!(card.status, CardStatus::Suspended | CardStatus::Revoked) {
                self.certificate_instead = true;
            }
            return Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            };
        }

        // What is learned about the PIN stays in the decision whatever route follows.
        self.pin_facts(card);

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
            // 001:128, 001:138: without a registered card the insurer sends a 資格確認書.
            self.certificate_instead = true;
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

        // The certificate: alert window, grace period, expiry (004:744–746); and the card itself.
        let certificate_usable = self.certificate(card);
        let certificate_usable = self.card_expiry(card) && certificate_usable;

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
        let status = status_on_day(self.rules, expires, self.date);
        for id in status.rules() {
            self.cite(*id);
        }
        if card.kind.is_smartphone() && self.smartphone_expired(&status) {
            return false;
        }
        match status {
            CertificateStatus::ExpiringSoon { expires, .. } => {
                self.alert(Alert::CertificateExpiresSoon { expires });
                self.act(Action::GuideCertificateRenewal);
            }
            CertificateStatus::InGrace {
                expired,
                grace_until,
            } => {
                self.alert(Alert::CertificateInGrace {
                    expired,
                    grace_until,
                });
                self.act(Action::GuideCertificateRenewal);
            }
            CertificateStatus::Expired {
                expired,
                grace_ended,
            } => {
                self.alert(Alert::CertificateExpired {
                    expired,
                    grace_ended,
                });
                // After the grace period the 資格確認書 is what still works: asked for when no
                // other document decides the visit.
                self.certificate_instead = true;
                self.act(Action::GuideCertificateRenewal);
            }
            _ => {}
        }
        status.insurance_use()
    }

    /// `card.expiry-grace` (reported: a municipal page, 多摩市, reference/domain-updates-2026-12.md
    /// §2): past the card's own expiry, the certificate's grace period (`certificate.grace-period`,
    /// 004:746) applies to the card as well; on a day without that row, the card is not usable
    /// once expired. A smartphone card has no grace (`card.smartphone-no-grace`: it stops once the
    /// physical card has expired). Returns whether the card is usable as insurance card.
    fn card_expiry(&mut self, card: &MynaInsuranceCard) -> bool {
        let Some(alert) = self.card_past_expiry(card) else {
            return true;
        };
        let mut usable = matches!(alert, Alert::CardInGrace { .. });
        if self.rules.applies(RuleId::CardExpiryGrace, self.date) {
            self.cite(RuleId::CardExpiryGrace);
            self.cite(RuleId::CertificateGracePeriod);
        }
        self.alert(alert);
        if !usable && self.visit.presented.qualification_certificate.is_none() {
            self.act(Action::AskForQualificationCertificate);
        }
        self.act(Action::GuideCardRenewal);
        if card.kind.is_smartphone() && self.applies(RuleId::CardSmartphoneNoGrace) {
            if usable {
                self.act(Action::UsePhysicalCard);
            }
            usable = false;
        }
        if !usable {
            self.reject(PresentedDocument::MynaCard, NotUsedReason::NotValid);
        }
        usable
    }

    /// The card's own standing once past its expiry: in its grace period (`CardInGrace`), or
    /// lapsed (`CardExpired`: the grace is over, or no `card.expiry-grace` row applies). `None`
    /// while the card is valid or its expiry is not known.
    pub(super) fn card_past_expiry(&self, card: &MynaInsuranceCard) -> Option<Alert> {
        let expired = card.card_expires.filter(|e| self.date > *e)?;
        let grace = self.rules.applies(RuleId::CardExpiryGrace, self.date);
        // The certificate's grace rule, counted from the card's own last day.
        Some(match status_on_day(self.rules, expired, self.date) {
            CertificateStatus::InGrace { grace_until, .. } if grace => Alert::CardInGrace {
                expired,
                grace_until,
            },
            CertificateStatus::Expired { grace_ended, .. } if grace => Alert::CardExpired {
                expired,
                grace_ended,
            },
            _ => Alert::CardExpired {
                expired,
                grace_ended: expired,
            },
        })
    }

    /// `card.smartphone-no-grace` (MHLW portal FAQ KB0012286): a smartphone card stops once the
    /// physical card's certificate has expired; the grace period is the physical card's only.
    /// Returns whether that is the case.
    fn smartphone_expired(&mut self, status: &CertificateStatus) -> bool {
        let (expired, physical_card_until) = match *status {
            CertificateStatus::InGrace {
                expired,
                grace_until,
            } => (expired, Some(grace_until)),
            CertificateStatus::Expired { expired, .. } => (expired, None),
            _ => return false,
        };
        if !self.applies(RuleId::CardSmartphoneNoGrace) {
            return false;
        }
        self.alert(Alert::SmartphoneCertificateExpired {
            expired,
            physical_card_until,
        });
        self.act(Action::UsePhysicalCard);
        self.act(Action::GuideCertificateRenewal);
        true
    }

    /// The PIN's state as the reader reported it (001:363, 004:734–736): a locked PIN keeps its
    /// alert and the reset guidance, and one try left keeps its alert, even when identity was then
    /// confirmed another way and the online answer is valid.
    fn pin_facts(&mut self, card: &MynaInsuranceCard) {
        if card.kind == CardKind::FaceOnly {
            return;
        }
        if card.pin == PinState::Locked {
            self.cite(RuleId::IdentityPinLocked);
            self.alert(Alert::PinLocked);
            let kiosk = self.applies(RuleId::PinResetChannels);
            self.act(Action::GuidePinReset { kiosk });
        } else if card.pin.is_last_try() {
            self.cite(RuleId::PinMaxTries);
            self.alert(Alert::PinLastTry);
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
        IdentityStep::Pending
    }
}

pub(super) enum IdentityStep {
    Confirmed,
    Pending,
    Failed,
}
