//! The documents that stand in when the マイナ保険証 cannot be confirmed, one function per route, in
//! the order a desk tries them: card + お知らせ or マイナポータル (001:416), 資格確認書, legacy cards in
//! transition (004:752–762, `legacy.rs`), the temporary query-by-number measure (`legacy.rs`), then
//! the self-declaration of 保発0710第1号 and the forgotten-card handling (000:237).

use crate::policy::cited::Cited;
use crate::policy::rules::RuleId;
use crate::reception::decision::{
    Action, Alert, Copay, CopayBasis, Coverage, FailureClass, NotUsedReason, PresentedDocument,
    Route,
};
use crate::reception::documents::{
    CardKind, CardStatus, MynaInsuranceCard, QualificationCertificate, Registration,
};
use crate::reception::identity::{IdentityMethod, IdentityOutcome, PinState};

use super::{Engine, Outcome};

impl Engine<'_> {
    /// The route of the documents presented instead of (or with) a card that was not confirmed
    /// online: the first route that covers the visit, else the self-declaration when online
    /// confirmation failed, else the forgotten-card handling.
    pub(super) fn documents(
        &mut self,
        card_failed: bool,
        myna_class: Option<FailureClass>,
    ) -> Outcome {
        let card = self.visit.presented.myna_card.as_ref();
        let card_lapsed = card.is_some_and(|c| self.card_lapsed(c));
        if card_lapsed {
            self.reject_documents_needing_the_card();
        }
        if let Some(card) = card.filter(|_| card_failed && !card_lapsed) {
            if let Some(outcome) = self.card_with_notice(card, myna_class) {
                return outcome;
            }
            if let Some(outcome) = self.card_with_portal(card, myna_class) {
                return outcome;
            }
        }
        if let Some(outcome) = self.qualification_certificate_route(myna_class) {
            return outcome;
        }
        let legacy_expired = match self.legacy_card_route(myna_class) {
            Ok(outcome) => return outcome,
            Err(expired) => expired,
        };
        let mut failure = myna_class;
        if let Some(outcome) = self.query_by_number(card.is_some(), legacy_expired, &mut failure) {
            return outcome;
        }
        let card = card.filter(|_| card_failed).map(|c| (c, card_lapsed));
        if let Some(class) = failure
            && self.take(self.self_declaration_in_force())
        {
            return self.self_declaration(card, class);
        }
        self.no_document(card, failure)
    }

    /// A card past its own expiry and grace period is no card to show a document with.
    fn reject_documents_needing_the_card(&mut self) {
        let p = &self.visit.presented;
        let (notice, portal) = (p.notice.is_some(), p.portal_screen.is_some());
        if notice {
            self.reject(PresentedDocument::Notice, NotUsedReason::NeedsCard);
        }
        if portal {
            self.reject(PresentedDocument::PortalScreen, NotUsedReason::NeedsCard);
        }
    }

    // fallback.card-with-notice — 001_86d564a6a8f45e49.txt:416; 001_86d564a6a8f45e49.txt:150;
    // 004_b85a80dacb8bbe22.txt:718: from 2024-12-02 the card with its 資格情報のお知らせ stands in when the
    // card cannot be confirmed online; the card is the photo identity.
    /// Whether card + お知らせ is a route on the visit's day.
    fn card_with_notice_in_force(&self) -> Cited<bool> {
        self.rules
            .in_force(RuleId::FallbackCardWithNotice, self.date)
    }

    /// Card + お知らせ: covered at the notice's copay once the card holder is confirmed.
    fn card_with_notice(
        &mut self,
        card: &MynaInsuranceCard,
        failure: Option<FailureClass>,
    ) -> Option<Outcome> {
        let notice = self.visit.presented.notice.as_ref()?;
        let shown = CardDocument {
            document: PresentedDocument::Notice,
            route: Route::CardWithNotice,
            copay_percent: notice.copay_percent,
            in_force: self.card_with_notice_in_force(),
        };
        self.card_with_document(card, failure, shown)
    }

    /// A document shown with the card: covered at the document's copay when its route is in
    /// force and the card holder is confirmed; else set aside, with why.
    fn card_with_document(
        &mut self,
        card: &MynaInsuranceCard,
        failure: Option<FailureClass>,
        shown: CardDocument,
    ) -> Option<Outcome> {
        let reason = if !self.take(shown.in_force) {
            NotUsedReason::NotValid
        } else if !self.card_identity_ok(card) {
            NotUsedReason::IdentityNotConfirmed
        } else {
            let copay = self.copay_document(shown.copay_percent);
            return Some(self.covered(shown.route, failure, copay));
        };
        self.reject(shown.document, reason);
        None
    }

    // fallback.card-with-portal — 001_86d564a6a8f45e49.txt:416; 004_b85a80dacb8bbe22.txt:718;
    // notice: 保発0710第1号: the card with the マイナポータル 資格情報 screen stands in the same way.
    /// Whether card + マイナポータル is a route on the visit's day.
    fn card_with_portal_in_force(&self) -> Cited<bool> {
        self.rules
            .in_force(RuleId::FallbackCardWithPortal, self.date)
    }

    // fallback.face-only-card — notice: 2023-12-15 (reference/peers-and-fallbacks.md §3);
    // 001_86d564a6a8f45e49.txt:300: a 顔認証マイナンバーカード has no PIN, so no マイナポータル login and no screen to
    // show.
    /// Whether the card is a face-only card, the rule cited when it is and in force.
    fn face_only_card(&self, card: &MynaInsuranceCard) -> Cited<bool> {
        if card.kind != CardKind::FaceOnly {
            return Cited::uncited(false);
        }
        let rule = self.rules.in_force(RuleId::FallbackFaceOnlyCard, self.date);
        Cited::new(true, rule.rules)
    }

    /// Card + マイナポータル screen: not with a face-only card (no PIN to log in); covered at the
    /// screen's copay once the card holder is confirmed.
    fn card_with_portal(
        &mut self,
        card: &MynaInsuranceCard,
        failure: Option<FailureClass>,
    ) -> Option<Outcome> {
        let portal = self.visit.presented.portal_screen.as_ref()?;
        if self.take(self.face_only_card(card)) {
            self.reject(
                PresentedDocument::PortalScreen,
                NotUsedReason::NoPortalLogin,
            );
            return None;
        }
        let shown = CardDocument {
            document: PresentedDocument::PortalScreen,
            route: Route::CardWithPortal,
            copay_percent: portal.copay_percent,
            in_force: self.card_with_portal_in_force(),
        };
        self.card_with_document(card, failure, shown)
    }

    // qualification-certificate.validity — 001_86d564a6a8f45e49.txt:128-140;
    // 004_b85a80dacb8bbe22.txt:754-756: from 2024-12-02 a 資格確認書 is valid for the period printed on
    // it, set by the insurer (at most 5 years: reference/peers-and-fallbacks.md §3).
    /// Whether the 資格確認書 is valid on the visit's day: 資格確認書 exist, and the day is within
    /// its printed period. The rule decides either way, so it is cited either way.
    fn qualification_certificate_valid(&self, qc: &QualificationCertificate) -> Cited<bool> {
        let d = self.date;
        let within = qc.valid_from.is_none_or(|from| from <= d) && d <= qc.valid_until;
        let valid = within
            && self
                .rules
                .applies(RuleId::QualificationCertificateValidity, d);
        Cited::by(valid, RuleId::QualificationCertificateValidity)
    }

    /// The 資格確認書: covered at its copay while valid; past its end, said so.
    fn qualification_certificate_route(
        &mut self,
        failure: Option<FailureClass>,
    ) -> Option<Outcome> {
        let qc = self.visit.presented.qualification_certificate.as_ref()?;
        if self.take(self.qualification_certificate_valid(qc)) {
            let copay = self.copay_document(qc.copay_percent);
            return Some(self.covered(Route::QualificationCertificate, failure, copay));
        }
        if self.date > qc.valid_until {
            self.alert(Alert::QualificationCertificateExpired {
                ended: qc.valid_until,
            });
        }
        self.reject(
            PresentedDocument::QualificationCertificate,
            NotUsedReason::NotValid,
        );
        None
    }

    // fallback.self-declaration — notice: 保発0710第1号 (2023-07-10); 004_b85a80dacb8bbe22.txt:718:
    // when online confirmation fails, the patient fills in a 被保険者資格申立書 and pays the usual ratio,
    // never 10割.
    /// Whether the self-declaration is a route on the visit's day.
    fn self_declaration_in_force(&self) -> Cited<bool> {
        self.rules
            .in_force(RuleId::FallbackSelfDeclaration, self.date)
    }

    /// Online confirmation failed (`class`): a self-declaration at the usual ratio. Asked first:
    /// the 資格確認書 the patient may hold instead, and what the card (`card`: presented, failed,
    /// lapsed or not) can still be shown with.
    fn self_declaration(
        &mut self,
        card: Option<(&MynaInsuranceCard, bool)>,
        class: FailureClass,
    ) -> Outcome {
        if let Some((card, lapsed)) = card {
            self.ask_for_qualification_certificate_instead();
            let p = &self.visit.presented;
            let shown = p.notice.is_some() || p.portal_screen.is_some();
            if !lapsed && !card.kind.is_smartphone() && !shown {
                // Still worth asking first: either document settles it without a declaration.
                self.ask_for_card_documents(card);
            }
        }
        if let Some(card) = self.visit.presented.myna_card.as_ref() {
            self.take(self.face_only_card(card));
        }
        self.elderly_certificate_hint();
        self.act(Action::TakeSelfDeclaration);
        self.act(Action::ChargeUsualRatio);
        Outcome {
            coverage: Coverage::Provisional,
            route: Route::SelfDeclaration,
            failure: Some(class),
            copay: self.copay_by_age(),
            ceiling: None,
        }
    }

    // reception.no-document — 000_7c0290228d041b3a.txt:237: with no usable document the visit is
    // handled as a forgotten insurance card (paid in full, settled when a document is shown).
    /// Nothing usable: what to ask for, and the forgotten-card handling.
    fn no_document(
        &mut self,
        card: Option<(&MynaInsuranceCard, bool)>,
        failure: Option<FailureClass>,
    ) -> Outcome {
        self.take(Cited::by((), RuleId::NoDocument));
        if let Some((card, lapsed)) = card {
            self.ask_for_qualification_certificate_instead();
            let holder_refused = card.identity.is_some_and(|i| {
                i.method == IdentityMethod::Visual && i.outcome == IdentityOutcome::Failed
            });
            if !lapsed && !card.kind.is_smartphone() && !holder_refused {
                self.ask_for_card_documents(card);
            }
        }
        self.elderly_certificate_hint();
        let legacy_card = !self.take(self.card_or_certificate_only());
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

    /// The document to ask for first when the card cannot be a マイナ保険証 at this visit (the
    /// engine's `certificate_instead`) and nothing presented decides it: the 資格確認書, which the
    /// insurer sends to whoever has no usable マイナ保険証 — a card not registered for insurance use
    /// (001_86d564a6a8f45e49.txt:128, :138; 004_b85a80dacb8bbe22.txt:547), a certificate past its grace
    /// period (004_b85a80dacb8bbe22.txt:744), a card suspended (002_d90f2e6524198125.txt:389) or whose
    /// certificate was revoked (reference/peers-and-fallbacks.md §1.3).
    /// It comes before card + お知らせ and the 申立書, in the order of 001_86d564a6a8f45e49.txt:404–416
    /// (保険証, 資格確認書, then card + お知らせ or マイナポータル) and the 声掛け of
    /// 004_b85a80dacb8bbe22.txt:787–789 (健康保険証 or 資格確認書). Not when a 資格確認書 was presented
    /// (its own alert says why it did not serve), nor before 資格確認書 existed
    /// (`qualification-certificate.validity`).
    pub(super) fn ask_for_qualification_certificate_instead(&mut self) {
        if self.certificate_instead
            && self.visit.presented.qualification_certificate.is_none()
            && self.take(
                self.rules
                    .in_force(RuleId::QualificationCertificateValidity, self.date),
            )
        {
            self.act(Action::AskForQualificationCertificate);
        }
    }

    /// Asks for what the patient can produce with this card (001:416, 004:718): the お知らせ always
    /// (the card is the photo identity); the マイナポータル screen only when the patient can log in.
    /// Neither for a card not registered for insurance use: the お知らせ goes to マイナ保険証 holders
    /// (001_86d564a6a8f45e49.txt:132, :148), the unregistered get a 資格確認書 (001:128) instead;
    /// nor before card + お知らせ is a route.
    fn ask_for_card_documents(&mut self, card: &MynaInsuranceCard) {
        if card.registration == Registration::NotRegistered
            || !self.card_with_notice_in_force().value
        {
            return;
        }
        if self.portal_possible(card) {
            self.act(Action::AskForNoticeOrPortal);
        } else {
            self.take(self.card_with_portal_in_force());
            self.act(Action::AskForNotice);
        }
    }

    /// Whether the patient can show the マイナポータル 資格情報 screen: logging in needs the card's
    /// user-authentication certificate and its PIN, so not with a face-only card (001:300), a
    /// locked PIN, a suspended, revoked or unreadable card (002:389), or a certificate or card past
    /// its expiry — the grace period is for insurance use only (004:746).
    fn portal_possible(&self, card: &MynaInsuranceCard) -> bool {
        card.kind != CardKind::FaceOnly
            && card.status == CardStatus::Active
            && card.pin != PinState::Locked
            && card.certificate_expires.is_none_or(|e| self.date <= e)
            && card.card_expires.is_none_or(|e| self.date <= e)
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

    /// Covered by a document: the route's outcome, with the patient told to bring the マイナ保険証
    /// next time when they came without one.
    pub(super) fn covered(
        &mut self,
        route: Route,
        failure: Option<FailureClass>,
        copay: Copay,
    ) -> Outcome {
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
}

/// A document shown with the card, and its route.
struct CardDocument {
    document: PresentedDocument,
    route: Route,
    copay_percent: Option<u8>,
    /// Whether the route is in force on the visit's day.
    in_force: Cited<bool>,
}
