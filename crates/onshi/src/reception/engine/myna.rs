//! The マイナ保険証 path: card state, smartphone cards, registration, the certificate's alert window and
//! grace period (004:744–746), outage, identity (003:175–189, 004:734–738) and the online answer.

use crate::certificate::{CertificateStatus, status_on_day};
use crate::policy::cited::{Applied, Cited};
use crate::policy::rules::RuleId;
use crate::reception::decision::{Action, Alert, FailureClass, NotUsedReason, PresentedDocument};
use crate::reception::documents::{CardKind, CardStatus, MynaInsuranceCard, Registration};
use crate::reception::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::reception::visit::{OnlineResult, OnlineStatus, OnlineSystem, QueryKind};
use crate::registration::registration_open;

use super::{Engine, Myna};

impl<'a> Engine<'a> {
    /// The card's path, step by step; the first step that settles it returns.
    pub(super) fn myna(&mut self, card: &MynaInsuranceCard) -> Myna<'a> {
        if self.take(self.card_suspended(card)) {
            return self.card_unusable(card);
        }
        // What is learned about the PIN stays in the decision whatever route follows.
        self.pin_facts(card);
        if self.smartphone_refused(card) {
            return Myna::Failed { class: None };
        }
        if let Some(failed) = self.take(self.online_check(None)) {
            return failed;
        }
        if card.registration == Registration::NotRegistered {
            return self.not_registered();
        }
        // The certificate: alert window, grace period, expiry (004:744–746); and the card itself.
        let certificate_usable = self.certificate(card);
        let certificate_usable = self.card_expiry(card) && certificate_usable;
        // An outage, a broken reader or an unusable certificate: class B (保発0710第1号).
        let facility = &self.visit.facility;
        if facility.online == OnlineSystem::Down || facility.reader_fault || !certificate_usable {
            return Myna::Failed {
                class: Some(FailureClass::OnlineUnusable),
            };
        }
        self.online_answer(card)
    }

    // card.suspended — 002_d90f2e6524198125.txt:389; 002_d90f2e6524198125.txt:686: a suspended
    // (lost or stolen), revoked or unreadable card cannot be read: class B of 保発0710第1号, the card
    // unusable.
    /// Whether the card's state keeps it from being read.
    fn card_suspended(&self, card: &MynaInsuranceCard) -> Cited<bool> {
        let unusable = card.status != CardStatus::Active;
        Cited::new(unusable, Applied::when(unusable, RuleId::CardSuspended))
    }

    /// A card that cannot be read: its state said, reactivation guided.
    fn card_unusable(&mut self, card: &MynaInsuranceCard) -> Myna<'a> {
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
        Myna::Failed {
            class: Some(FailureClass::OnlineUnusable),
        }
    }

    // card.smartphone — notice: スマートフォンのマイナ保険証利用開始 2025-09-19 (reference/peers-and-fallbacks.md
    // §1.3): smartphone マイナ保険証 (iPhone and Android) from 2025-09-19, read only by a face reader
    // that takes phones.
    /// Whether a smartphone card cannot be read here (never for a physical card).
    fn smartphone_unreadable(&self, card: &MynaInsuranceCard) -> Cited<bool> {
        if !card.kind.is_smartphone() {
            return Cited::uncited(false);
        }
        let facility = &self.visit.facility;
        let accepted = self.rules.in_force(RuleId::CardSmartphone, self.date);
        let unreadable = !accepted.value
            || !facility.smartphone_reader
            || facility.reader != Some(CardReader::FaceRecognition);
        Cited::new(
            unreadable,
            Applied::when(accepted.value || unreadable, RuleId::CardSmartphone),
        )
    }

    /// A smartphone card this desk cannot read: the physical card is asked for.
    fn smartphone_refused(&mut self, card: &MynaInsuranceCard) -> bool {
        if !self.take(self.smartphone_unreadable(card)) {
            return false;
        }
        self.alert(Alert::SmartphoneNotSupported);
        self.act(Action::UsePhysicalCard);
        true
    }

    // online.myna-card — 003_934a4cc329de2595.txt:28; 003_934a4cc329de2595.txt:165;
    // 001_86d564a6a8f45e49.txt:109: a マイナ保険証 is an insurance card only through the online check
    // (オンライン資格確認): without it the card alone proves nothing (003:165).
    /// How the online check leaves the card: where none runs here (not installed, or no reader)
    /// the card alone proves nothing; a valid answer confirms it; another answer is a failure class
    /// of 保発0710第1号; no answer leaves it open (`None`).
    fn online_check(&self, answer: Option<&'a OnlineResult>) -> Cited<Option<Myna<'a>>> {
        let facility = &self.visit.facility;
        if facility.online == OnlineSystem::NotInstalled || facility.reader.is_none() {
            return Cited::by(Some(Myna::Failed { class: None }), RuleId::OnlineMynaCard);
        }
        let Some(result) = answer else {
            return Cited::uncited(None);
        };
        let class = match result.status {
            OnlineStatus::Valid => {
                return Cited::by(Some(Myna::Confirmed(result)), RuleId::OnlineMynaCard);
            }
            OnlineStatus::Invalid | OnlineStatus::NotFound => FailureClass::QualificationNotFound,
            OnlineStatus::Unavailable => FailureClass::OnlineUnusable,
        };
        Cited::uncited(Some(Myna::Failed { class: Some(class) }))
    }

    /// A card not registered for insurance use (`registration_open`): registration offered here
    /// when the reader allows it (004:783; then the query waits for it), else suggested; without
    /// it the insurer sends a 資格確認書 (001:128, :138).
    fn not_registered(&mut self) -> Myna<'a> {
        self.alert(Alert::NotRegistered);
        self.take(registration_open(self.rules, self.date));
        self.certificate_instead = true;
        let facility = &self.visit.facility;
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
        Myna::Failed { class: None }
    }

    /// Identity first, then the answer to the card's query: an answer implies the reader
    /// confirmed identity.
    fn online_answer(&mut self, card: &MynaInsuranceCard) -> Myna<'a> {
        let visit = self.visit;
        let answered = visit.online.as_ref().filter(|r| r.query == QueryKind::Card);
        if answered.is_none() {
            match self.identity(card) {
                IdentityStep::Confirmed => {}
                IdentityStep::Pending => return Myna::Pending,
                IdentityStep::Failed => return Myna::Failed { class: None },
            }
        }
        match self.take(self.online_check(answered)) {
            Some(myna) => myna,
            None => {
                self.act(Action::QueryOnline);
                Myna::Pending
            }
        }
    }

    /// Applies the certificate rules (`status_on_day`: alert window, grace period); returns
    /// whether the card is usable as insurance card.
    fn certificate(&mut self, card: &MynaInsuranceCard) -> bool {
        let Some(expires) = card.certificate_expires else {
            return true;
        };
        let status = self.take(status_on_day(self.rules, expires, self.date));
        if card.kind.is_smartphone() && self.smartphone_expired(&status) {
            return false;
        }
        match status {
            CertificateStatus::ExpiringSoon { expires, .. } => {
                self.alert(Alert::CertificateExpiresSoon { expires });
            }
            CertificateStatus::InGrace {
                expired,
                grace_until,
            } => self.alert(Alert::CertificateInGrace {
                expired,
                grace_until,
            }),
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
            }
            _ => return status.insurance_use(),
        }
        self.act(Action::GuideCertificateRenewal);
        status.insurance_use()
    }

    /// Whether the card is past its own expiry and its grace period (`card_past_expiry`).
    pub(super) fn card_lapsed(&self, card: &MynaInsuranceCard) -> bool {
        matches!(
            self.card_past_expiry(card).value,
            Some(Alert::CardExpired { .. })
        )
    }

    /// Applies the card's own expiry (`card_past_expiry`); returns whether the card is usable as
    /// insurance card.
    fn card_expiry(&mut self, card: &MynaInsuranceCard) -> bool {
        let Some(alert) = self.take(self.card_past_expiry(card)) else {
            return true;
        };
        let mut usable = matches!(alert, Alert::CardInGrace { .. });
        self.alert(alert);
        if !usable && self.visit.presented.qualification_certificate.is_none() {
            self.act(Action::AskForQualificationCertificate);
        }
        self.act(Action::GuideCardRenewal);
        if card.kind.is_smartphone() && self.take(self.smartphone_no_grace()) {
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

    // card.expiry-grace — 多摩市 page on the マイナ保険証's expiry (reference/domain-updates-2026-12.md §2):
    // past the card's own expiry, the certificate's grace period (certificate.grace-period,
    // 004:746) applies to the card as well; without the row a card past its expiry is not usable.
    /// The card's own standing once past its expiry: in its grace period (`CardInGrace`), or
    /// lapsed (`CardExpired`: the grace is over, or no `card.expiry-grace` row applies, so the card
    /// is not usable once expired). `None` while the card is valid or its expiry is not known.
    fn card_past_expiry(&self, card: &MynaInsuranceCard) -> Cited<Option<Alert>> {
        let Some(expired) = card.card_expires.filter(|e| self.date > *e) else {
            return Cited::uncited(None);
        };
        if !self.rules.applies(RuleId::CardExpiryGrace, self.date) {
            let lapsed = Alert::CardExpired {
                expired,
                grace_ended: expired,
            };
            return Cited::uncited(Some(lapsed));
        }
        // The certificate's grace rule, counted from the card's own last day.
        let alert = match status_on_day(self.rules, expired, self.date).value {
            CertificateStatus::InGrace { grace_until, .. } => Alert::CardInGrace {
                expired,
                grace_until,
            },
            CertificateStatus::Expired { grace_ended, .. } => Alert::CardExpired {
                expired,
                grace_ended,
            },
            _ => Alert::CardExpired {
                expired,
                grace_ended: expired,
            },
        };
        let rules = Applied::two(RuleId::CardExpiryGrace, RuleId::CertificateGracePeriod);
        Cited::new(Some(alert), rules)
    }

    // card.smartphone-no-grace — MHLW マイナ保険証 portal FAQ KB0012286
    // (reference/domain-updates-2026-11.md §4): a smartphone card stops once the physical card or
    // its certificate has expired: the grace period is the physical card's only.
    /// Whether a smartphone card loses the grace period on the visit's day.
    fn smartphone_no_grace(&self) -> Cited<bool> {
        self.rules
            .in_force(RuleId::CardSmartphoneNoGrace, self.date)
    }

    /// A smartphone card whose certificate has expired (in grace or past it) stops, when
    /// `card.smartphone-no-grace` applies: the physical card is asked for. Returns whether so.
    fn smartphone_expired(&mut self, status: &CertificateStatus) -> bool {
        let (expired, physical_card_until) = match *status {
            CertificateStatus::InGrace {
                expired,
                grace_until,
            } => (expired, Some(grace_until)),
            CertificateStatus::Expired { expired, .. } => (expired, None),
            _ => return false,
        };
        if !self.take(self.smartphone_no_grace()) {
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

    // identity.pin-locked — 004_b85a80dacb8bbe22.txt:734; 001_86d564a6a8f45e49.txt:363: a locked
    // PIN leaves face recognition and the staff visual check; unlocking needs the municipality.
    /// Whether the card's PIN is reported locked (a face-only card has none).
    fn pin_locked(&self, card: &MynaInsuranceCard) -> Cited<bool> {
        let locked = card.kind != CardKind::FaceOnly && card.pin == PinState::Locked;
        Cited::new(locked, Applied::when(locked, RuleId::IdentityPinLocked))
    }

    // pin.reset-channels — municipal pages on the JPKI暗証番号リセット app
    // (reference/domain-updates-2026-11.md §4); 004_b85a80dacb8bbe22.txt:736: the PIN is reset at
    // the municipal counter, or at a convenience-store kiosk when the 署名用 password is known.
    /// Whether the kiosk is a reset channel on the visit's day.
    fn pin_reset_at_kiosk(&self) -> Cited<bool> {
        self.rules.in_force(RuleId::PinResetChannels, self.date)
    }

    /// The PIN's state as the reader reported it (001:363, 004:734–736): a locked PIN keeps its
    /// alert and the reset guidance, and one try left keeps its alert (`pin.last-try`), even when
    /// identity was then confirmed another way and the online answer is valid.
    fn pin_facts(&mut self, card: &MynaInsuranceCard) {
        if self.take(self.pin_locked(card)) {
            self.alert(Alert::PinLocked);
            let kiosk = self.take(self.pin_reset_at_kiosk());
            self.act(Action::GuidePinReset { kiosk });
        } else if card.kind != CardKind::FaceOnly && self.take(crate::card::last_try(card.pin)) {
            self.alert(Alert::PinLastTry);
        }
    }

    // identity.methods-by-reader — 003_934a4cc329de2595.txt:177-189; 004_b85a80dacb8bbe22.txt:782:
    // the methods each reader offers, in the order staff propose them.
    // identity.face-only-card — 004_b85a80dacb8bbe22.txt:738; 001_86d564a6a8f45e49.txt:300: a
    // 顔認証マイナンバーカード has no PIN path.
    /// The identity methods this card can use at this reader, in the order staff propose them.
    fn identity_methods(&self, card: &MynaInsuranceCard) -> Cited<Vec<IdentityMethod>> {
        let reader = self
            .visit
            .facility
            .reader
            .unwrap_or(CardReader::FaceRecognition);
        let methods = match card.kind {
            CardKind::SmartphoneIos => vec![IdentityMethod::DeviceBiometric],
            CardKind::SmartphoneAndroid => vec![IdentityMethod::Pin],
            CardKind::Ordinary | CardKind::FaceOnly => self
                .rules
                .param(
                    crate::policy::rules::key::IdentityMethodsByReader,
                    self.date,
                )
                .map(|m| m.for_reader(reader).to_vec())
                .unwrap_or_default(),
        };
        let pin_possible = card.kind != CardKind::FaceOnly && card.pin.allows_pin();
        let methods = methods
            .into_iter()
            .filter(|m| *m != IdentityMethod::Pin || pin_possible)
            .collect();
        let rules = if card.kind == CardKind::FaceOnly {
            Applied::two(
                RuleId::IdentityMethodsByReader,
                RuleId::IdentityFaceOnlyCard,
            )
        } else {
            Applied::one(RuleId::IdentityMethodsByReader)
        };
        Cited::new(methods, rules)
    }

    /// Whether the holder is confirmed; if not yet, the methods to try, in order: a failed face
    /// match moves face to the end, and the PIN goes last on its last try.
    fn identity(&mut self, card: &MynaInsuranceCard) -> IdentityStep {
        let mut methods = self.take(self.identity_methods(card));
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
        let pin_at = methods.iter().position(|m| *m == IdentityMethod::Pin);
        if pin_at.is_some() && card.pin.is_last_try() {
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
        if let Some(i) = pin_at.filter(|_| card.pin.is_last_try()) {
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
