//! The documents that stand in when the マイナ保険証 cannot be confirmed: card + お知らせ or マイナポータル
//! (001:416), 資格確認書, legacy cards in transition (004:752–762), the temporary query-by-number
//! measure, then the self-declaration of 保発0710第1号 and the forgotten-card handling (000:237).

use crate::decision::{
    Action, Alert, Copay, Coverage, FailureClass, NotUsedReason, PresentedDocument, Route,
};
use crate::documents::{
    CardKind, LegacyInsuranceCard, MynaInsuranceCard, QualificationCertificate,
};
use crate::identity::{IdentityMethod, IdentityOutcome};
use crate::rules::{MeasureDocument, RuleId};
use crate::visit::{OnlineStatus, OnlineSystem, QueryKind};
use chrono::NaiveDate;

use super::{Engine, Outcome};
use crate::decision::CopayBasis;

impl Engine<'_> {
    pub(super) fn documents(
        &mut self,
        card_failed: bool,
        myna_class: Option<FailureClass>,
    ) -> Outcome {
        let presented = self.visit.presented.clone();
        let card = presented.myna_card.as_ref();
        let d = self.date;
        let mut failure = myna_class;

        // A card past its own expiry and grace period is no card to show a document with.
        let card_lapsed = card
            .is_some_and(|c| matches!(self.card_past_expiry(c), Some(Alert::CardExpired { .. })));
        if card_lapsed {
            if presented.notice.is_some() {
                self.reject(PresentedDocument::Notice, NotUsedReason::NeedsCard);
            }
            if presented.portal_screen.is_some() {
                self.reject(PresentedDocument::PortalScreen, NotUsedReason::NeedsCard);
            }
        }
        if card_failed && let Some(card) = card.filter(|_| !card_lapsed) {
            // Card + お知らせ (001:416, 004:718), from 2024-12-02.
            if let Some(notice) = &presented.notice {
                if !self.applies(RuleId::FallbackCardWithNotice) {
                    self.reject(PresentedDocument::Notice, NotUsedReason::NotValid);
                } else if !self.card_identity_ok(card) {
                    self.reject(
                        PresentedDocument::Notice,
                        NotUsedReason::IdentityNotConfirmed,
                    );
                } else {
                    let copay = self.copay_document(notice.copay_percent);
                    return self.covered(Route::CardWithNotice, failure, copay);
                }
            }
            // Card + マイナポータル screen; not with a face-only card (no PIN to log in).
            if let Some(portal) = &presented.portal_screen {
                let screen = PresentedDocument::PortalScreen;
                if card.kind == CardKind::FaceOnly {
                    self.applies(RuleId::FallbackFaceOnlyCard);
                    self.reject(screen, NotUsedReason::NoPortalLogin);
                } else if !self.applies(RuleId::FallbackCardWithPortal) {
                    self.reject(screen, NotUsedReason::NotValid);
                } else if !self.card_identity_ok(card) {
                    self.reject(screen, NotUsedReason::IdentityNotConfirmed);
                } else {
                    let copay = self.copay_document(portal.copay_percent);
                    return self.covered(Route::CardWithPortal, failure, copay);
                }
            }
        }

        if let Some(qc) = &presented.qualification_certificate {
            if self.qualification_certificate(qc) {
                let copay = self.copay_document(qc.copay_percent);
                return self.covered(Route::QualificationCertificate, failure, copay);
            }
            self.reject(
                PresentedDocument::QualificationCertificate,
                NotUsedReason::NotValid,
            );
        }

        let legacy_expired = match &presented.legacy_card {
            Some(legacy) => match self.legacy(legacy) {
                LegacyStanding::Valid => {
                    let copay = self.copay_document(legacy.copay_percent);
                    return self.covered(Route::LegacyCard, failure, copay);
                }
                LegacyStanding::Expired => {
                    self.reject(PresentedDocument::LegacyCard, NotUsedReason::NotValid);
                    true
                }
                LegacyStanding::Invalid => {
                    self.reject(PresentedDocument::LegacyCard, NotUsedReason::NotValid);
                    false
                }
            },
            None => false,
        };

        // Temporary measure (`fallback.query-by-number`, 2025-06-27 – 2026-07-31): an expired legacy
        // card, or a お知らせ alone, if its insured number is confirmed online — each only while
        // the row's documents name it.
        let notice_alone = presented.notice.is_some() && card.is_none();
        if notice_alone {
            self.applies(RuleId::NoticeNotAlone);
            self.alert(Alert::NoticeNotAlone);
        }
        let measure = self.rules.query_by_number(d);
        let covers = |doc| measure.is_some_and(|(docs, _)| docs.contains(&doc));
        let route = if legacy_expired && covers(MeasureDocument::ExpiredLegacyCard) {
            Some(Route::LegacyCardQueried)
        } else if notice_alone && covers(MeasureDocument::NoticeAlone) {
            Some(Route::NoticeQueried)
        } else {
            None
        };
        if let Some(route) = route {
            let until = measure.and_then(|(_, until)| until);
            self.cite(RuleId::FallbackQueryByNumber);
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
            if card_failed {
                self.ask_for_qualification_certificate_instead();
            }
            if card_failed
                && let Some(card) = card
                && !card_lapsed
                && !card.kind.is_smartphone()
                && presented.notice.is_none()
                && presented.portal_screen.is_none()
                && self.rules.applies(RuleId::FallbackCardWithNotice, d)
            {
                // Still worth asking first: either document settles it without a declaration.
                self.ask_for_card_documents(card);
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
        if card_failed {
            self.ask_for_qualification_certificate_instead();
        }
        if card_failed
            && let Some(card) = card
            && !card_lapsed
            && !card.kind.is_smartphone()
            && !card.identity.is_some_and(|i| {
                i.method == IdentityMethod::Visual && i.outcome == IdentityOutcome::Failed
            })
            && self.rules.applies(RuleId::FallbackCardWithNotice, d)
        {
            self.ask_for_card_documents(card);
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
            && self.applies(RuleId::QualificationCertificateValidity)
        {
            self.act(Action::AskForQualificationCertificate);
        }
    }

    /// Asks for what the patient can produce with this card (001:416, 004:718): the お知らせ always
    /// (the card is the photo identity); the マイナポータル screen only when the patient can log in.
    /// Neither for a card not registered for insurance use: the お知らせ goes to マイナ保険証 holders
    /// (001_86d564a6a8f45e49.txt:132, :148), the unregistered get a 資格確認書 (001:128) instead.
    fn ask_for_card_documents(&mut self, card: &MynaInsuranceCard) {
        if card.registration == crate::documents::Registration::NotRegistered {
            return;
        }
        if self.portal_possible(card) {
            self.act(Action::AskForNoticeOrPortal);
        } else {
            self.cite(RuleId::FallbackCardWithPortal);
            self.act(Action::AskForNotice);
        }
    }

    /// Whether the patient can show the マイナポータル 資格情報 screen: logging in needs the card's
    /// user-authentication certificate and its PIN, so not with a face-only card (001:300), a
    /// locked PIN, a suspended, revoked or unreadable card (002:389), or a certificate or card past
    /// its expiry — the grace period is for insurance use only (004:746).
    fn portal_possible(&self, card: &MynaInsuranceCard) -> bool {
        card.kind != CardKind::FaceOnly
            && card.status == crate::documents::CardStatus::Active
            && card.pin != crate::identity::PinState::Locked
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
}

pub(super) enum LegacyStanding {
    Valid,
    Expired,
    Invalid,
}
