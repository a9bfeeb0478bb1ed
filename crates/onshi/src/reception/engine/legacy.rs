//! Legacy 被保険者証 in transition (004:752–762) and the temporary measure that accepts an expired
//! one, or a お知らせ alone, once its insured number is confirmed online.

use chrono::NaiveDate;

use crate::policy::cited::{Applied, Cited};
use crate::policy::rules::key;
use crate::policy::rules::{MeasureDocument, RuleId};
use crate::reception::decision::Route;
use crate::reception::decision::{
    Action, Alert, Coverage, FailureClass, NotUsedReason, PresentedDocument,
};
use crate::reception::documents::LegacyInsuranceCard;
use crate::reception::visit::{OnlineStatus, OnlineSystem, QueryKind};

use super::{Engine, Outcome};

/// How a legacy card stands on the visit's day.
enum LegacyStanding {
    Valid,
    Expired,
    Invalid,
}

impl Engine<'_> {
    /// The legacy card: covered at its copay while valid; otherwise why not, and whether it is
    /// merely expired (`Err(true)`: the temporary measure may still accept it).
    pub(super) fn legacy_card_route(
        &mut self,
        failure: Option<FailureClass>,
    ) -> Result<Outcome, bool> {
        let Some(legacy) = self.visit.presented.legacy_card.as_ref() else {
            return Err(false);
        };
        let expired = match self.legacy(legacy) {
            LegacyStanding::Valid => {
                let copay = self.copay_document(legacy.copay_percent);
                return Ok(self.covered(Route::LegacyCard, failure, copay));
            }
            LegacyStanding::Expired => true,
            LegacyStanding::Invalid => false,
        };
        self.reject(PresentedDocument::LegacyCard, NotUsedReason::NotValid);
        Err(expired)
    }

    /// The legacy card's standing: never issued after the abolition, not after a change of
    /// insurer, and valid through its last valid day.
    fn legacy(&mut self, card: &LegacyInsuranceCard) -> LegacyStanding {
        if let Some(issued) = self.take(self.issued_after_abolition(card)) {
            self.alert(Alert::LegacyCardIssuedAfterAbolition { issued });
            return LegacyStanding::Invalid;
        }
        if self.take(self.insurer_changed(card)) {
            self.alert(Alert::LegacyCardInsurerChanged);
            return LegacyStanding::Invalid;
        }
        match self.last_valid_day(card) {
            Some(end) if self.date > end => {
                self.alert(Alert::LegacyCardExpired { ended: end });
                self.take(self.card_or_certificate_only());
                LegacyStanding::Expired
            }
            Some(end) => {
                self.alert(Alert::LegacyCardEnds { on: end });
                LegacyStanding::Valid
            }
            None => LegacyStanding::Valid,
        }
    }

    // legacy.no-new-issue — 004_b85a80dacb8bbe22.txt:752; 001_86d564a6a8f45e49.txt:94: no new
    // legacy 被保険者証 are issued from 2024-12-02.
    /// The issue date, when the card claims one on which no legacy card was issued any more.
    fn issued_after_abolition(&self, card: &LegacyInsuranceCard) -> Cited<Option<NaiveDate>> {
        match card.issued {
            Some(issued) if self.rules.applies(RuleId::LegacyNoNewIssue, issued) => {
                Cited::by(Some(issued), RuleId::LegacyNoNewIssue)
            }
            _ => Cited::uncited(None),
        }
    }

    // legacy.insurer-change — 004_b85a80dacb8bbe22.txt:762: a legacy card ends when its holder
    // changes insurer.
    /// Whether the card ended with a change of insurer.
    fn insurer_changed(&self, card: &LegacyInsuranceCard) -> Cited<bool> {
        let changed = card.insurer_changed;
        Cited::new(changed, Applied::when(changed, RuleId::LegacyInsurerChange))
    }

    /// The card's last valid day: the earliest of its printed expiry, the transition's end and
    /// its insurer's own end; `None` when none is known (valid on the printed-expiry rule alone).
    fn last_valid_day(&mut self, card: &LegacyInsuranceCard) -> Option<NaiveDate> {
        let printed = self.printed_expiry(card);
        let mut end = printed.value;
        if end.is_some() {
            self.take(printed);
        }
        for earlier in [self.transition_end(), self.insurer_end(card)] {
            if let Some(day) = earlier.value
                && end.is_none_or(|e| day < e)
            {
                end = self.take(earlier);
            }
        }
        if end.is_none() {
            self.take(printed);
        }
        end
    }

    // legacy.printed-expiry — 001_86d564a6a8f45e49.txt:84-86; 003_934a4cc329de2595.txt:24;
    // 004_b85a80dacb8bbe22.txt:762: a legacy card is valid until the expiry printed on it.
    /// The printed expiry, if the card has one (the rule stands either way).
    fn printed_expiry(&self, card: &LegacyInsuranceCard) -> Cited<Option<NaiveDate>> {
        Cited::by(card.expires, RuleId::LegacyPrintedExpiry)
    }

    // legacy.transition-end — 004_b85a80dacb8bbe22.txt:760; 003_934a4cc329de2595.txt:22: a legacy
    // card valid on 2024-12-02 stays valid at most until the row's `last_valid_day` (2025-12-01).
    /// The transition's last valid day in force on the visit's day.
    fn transition_end(&self) -> Cited<Option<NaiveDate>> {
        match self.rules.param(key::LegacyTransitionEnd, self.date) {
            Some(day) => Cited::by(Some(day), RuleId::LegacyTransitionEnd),
            None => Cited::uncited(None),
        }
    }

    // legacy.insurer-end — 003_934a4cc329de2595.txt:24; 001_86d564a6a8f45e49.txt:84: insurers that
    // end their legacy cards earlier than the transition, each with its own source in the row's
    // `ends`.
    /// The earliest own end of the card's insurer, when the card prints no expiry.
    fn insurer_end(&self, card: &LegacyInsuranceCard) -> Cited<Option<NaiveDate>> {
        let insurer = card.insurer.as_ref().filter(|_| card.expires.is_none());
        let ends = self.rules.param(key::LegacyInsurerEnd, self.date);
        let end = insurer.and_then(|insurer| {
            ends.unwrap_or_default()
                .iter()
                .filter(|e| e.applies_to(insurer.as_str()))
                .map(|e| e.last_valid_day)
                .min()
        });
        Cited::new(end, Applied::when(end.is_some(), RuleId::LegacyInsurerEnd))
    }

    // reception.card-or-certificate-only — 004_b85a80dacb8bbe22.txt:820;
    // 004_b85a80dacb8bbe22.txt:837: from 2025-12-02, in principle only the マイナ保険証 or a 資格確認書: the
    // legacy cards have ended.
    /// Whether only the マイナ保険証 or a 資格確認書 are asked for on the visit's day.
    pub(super) fn card_or_certificate_only(&self) -> Cited<bool> {
        self.rules
            .in_force(RuleId::CardOrCertificateOnly, self.date)
    }

    // notice.not-valid-alone — 001_86d564a6a8f45e49.txt:150; 001_86d564a6a8f45e49.txt:416: the
    // 資格情報のお知らせ is shown with the card, never alone.
    /// Whether a お知らせ came without a card (the rule cited when in force).
    fn notice_alone(&self, card_presented: bool) -> Cited<bool> {
        if card_presented || self.visit.presented.notice.is_none() {
            return Cited::uncited(false);
        }
        let rule = self.rules.in_force(RuleId::NoticeNotAlone, self.date);
        Cited::new(true, rule.rules)
    }

    // fallback.query-by-number — notice: 2025-06-27 事務連絡, extended 2025-11-12
    // (reference/peers-and-fallbacks.md §3): until 2026-07-31 (the later row), an expired legacy
    // card, or a お知らせ alone, is accepted once its insured number is confirmed online, each only
    // while the row's `documents` name it.
    /// The measure's route for what was presented, and the measure's last day.
    fn measure_route(
        &self,
        legacy_expired: bool,
        notice_alone: bool,
    ) -> Cited<Option<(Route, Option<NaiveDate>)>> {
        let Some((row, documents)) = self.rules.param_row(key::FallbackQueryByNumber, self.date)
        else {
            return Cited::uncited(None);
        };
        let route = if legacy_expired && documents.contains(&MeasureDocument::ExpiredLegacyCard) {
            Route::LegacyCardQueried
        } else if notice_alone && documents.contains(&MeasureDocument::NoticeAlone) {
            Route::NoticeQueried
        } else {
            return Cited::uncited(None);
        };
        Cited::by(Some((route, row.until)), RuleId::FallbackQueryByNumber)
    }

    /// The temporary measure: covered by an online answer to the insured number, pending while
    /// it can still be asked; an answer that does not confirm, or no system, is a failure class.
    pub(super) fn query_by_number(
        &mut self,
        card_presented: bool,
        legacy_expired: bool,
        failure: &mut Option<FailureClass>,
    ) -> Option<Outcome> {
        let notice_alone = self.take(self.notice_alone(card_presented));
        if notice_alone {
            self.alert(Alert::NoticeNotAlone);
        }
        let (route, until) = self.take(self.measure_route(legacy_expired, notice_alone))?;
        let visit = self.visit;
        let by_number = visit
            .online
            .as_ref()
            .filter(|r| r.query == QueryKind::InsuredNumber);
        match (by_number, visit.facility.online) {
            (Some(result), _) => match result.status {
                OnlineStatus::Valid => {
                    if let Some(until) = until {
                        self.alert(Alert::TemporaryMeasure { until });
                    }
                    let copay = self.copay_online(result);
                    self.act(Action::RecommendMynaCard);
                    let mut out = self.covered(route, *failure, copay);
                    out.ceiling = self.ceiling(Some(result));
                    return Some(out);
                }
                OnlineStatus::Invalid | OnlineStatus::NotFound => {
                    *failure = failure.or(Some(FailureClass::QualificationNotFound));
                }
                OnlineStatus::Unavailable => {
                    *failure = failure.or(Some(FailureClass::OnlineUnusable));
                }
            },
            (None, OnlineSystem::Up) if failure.is_none() => {
                self.act(Action::QueryByInsuredNumber);
                return Some(Outcome {
                    coverage: Coverage::Pending,
                    route,
                    failure: None,
                    copay: self.copay_by_age(),
                    ceiling: None,
                });
            }
            (None, OnlineSystem::Down) => {
                *failure = failure.or(Some(FailureClass::OnlineUnusable));
            }
            _ => {}
        }
        None
    }
}
