//! The reception decision engine: `decide(rules, visit) -> Decision`.
//!
//! The order follows how a desk works (004_b85a80dacb8bbe22.txt:768–793): first the マイナ保険証; when it
//! cannot be confirmed, the documents that stand in for it; when none does and the cause is a failure of
//! online confirmation, the self-declaration of 保発0710第1号; otherwise the forgotten-card handling.

use chrono::{Datelike, NaiveDate};

use crate::copay::{AgeBand, age_band, birthday, reaches_age, usual_percent};
use crate::decision::{
    Action, Alert, Ceiling, Copay, CopayBasis, Coverage, Decision, FailureClass, NotUsedReason,
    PresentedDocument, Route,
};
use crate::documents::CardKind;
use crate::error::InputError;
use crate::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::messages::compose;
use crate::policy::rules::key;
use crate::rules::{RuleId, RuleSet};
use crate::visit::{OnlineResult, Visit, check_percent};

mod documents;
mod myna;

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
        rejected: Vec::new(),
        certificate_instead: false,
    };
    let outcome = e.run();
    Ok(e.finish(outcome))
}

fn validate(rules: &RuleSet, visit: &Visit) -> Result<(), InputError> {
    let p = &visit.presented;
    // A patient born after the visit cannot be at the desk (a typo, or a date from another field).
    if let Some(birth) = visit.patient.birth_date
        && birth > visit.date()
    {
        return Err(InputError::inconsistent(
            "patient.birth_date",
            format!(
                "the birth date is after the visit ({}): check the date entered",
                visit.date()
            ),
        ));
    }
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
    /// Documents examined and found unusable, with the first reason found.
    rejected: Vec<(PresentedDocument, NotUsedReason)>,
    /// The card cannot be a マイナ保険証 at this visit whatever the desk does (certificate past its
    /// grace period, card suspended or revoked, not registered): the 資格確認書 is the document to ask
    /// for when nothing else decides the visit ([`Engine::ask_for_qualification_certificate_instead`]).
    certificate_instead: bool,
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

    /// Records why a document examined cannot decide the visit (the first reason stands).
    fn reject(&mut self, document: PresentedDocument, reason: NotUsedReason) {
        if !self.rejected.iter().any(|(d, _)| *d == document) {
            self.rejected.push((document, reason));
        }
    }

    /// When several documents were presented, names each one the route does not use, and why:
    /// the reason found when it was examined, or else what kept it from being examined. (A single
    /// document that fails is explained by the decision itself and its own alerts.)
    fn explain_unused(&mut self, outcome: &Outcome) {
        use PresentedDocument as D;
        let p = &self.visit.presented;
        let card = p.myna_card.as_ref();
        let card_pending =
            outcome.route == Route::MynaOnline && outcome.coverage == Coverage::Pending;
        let presented: Vec<D> = PresentedDocument::ALL
            .into_iter()
            .filter(|document| match document {
                D::MynaCard => card.is_some(),
                D::QualificationCertificate => p.qualification_certificate.is_some(),
                D::LegacyCard => p.legacy_card.is_some(),
                D::Notice => p.notice.is_some(),
                D::PortalScreen => p.portal_screen.is_some(),
            })
            .collect();
        if presented.len() < 2 {
            return;
        }
        for document in presented {
            if document.used_by(outcome.route) {
                continue;
            }
            let examined = self.rejected.iter().find(|(d, _)| *d == document);
            let reason = match (examined, document) {
                (Some((_, reason)), _) => *reason,
                (None, D::MynaCard) => {
                    if card.is_some_and(|c| {
                        c.registration == crate::documents::Registration::NotRegistered
                    }) {
                        NotUsedReason::NotRegistered
                    } else {
                        NotUsedReason::NotConfirmed
                    }
                }
                (None, D::Notice | D::PortalScreen) if card.is_none() => NotUsedReason::NeedsCard,
                _ if outcome.coverage == Coverage::Covered => NotUsedReason::NotNeeded,
                _ if card_pending => NotUsedReason::WaitingForCard,
                _ => NotUsedReason::NotValid,
            };
            self.alert(Alert::DocumentNotUsed { document, reason });
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
            Myna::Pending => {
                // A card not registered for insurance use waits for registration; a valid document
                // presented with it decides the visit now (registration stays offered for next time).
                if self.visit.presented.myna_card.as_ref().is_some_and(|c| {
                    c.registration == crate::documents::Registration::NotRegistered
                }) {
                    if let Some(outcome) = self.documents_instead() {
                        return outcome;
                    }
                    // If the patient does not register now, the 資格確認書 is what they hold.
                    self.ask_for_qualification_certificate_instead();
                }
                Outcome {
                    coverage: Coverage::Pending,
                    route: Route::MynaOnline,
                    failure: None,
                    copay: self.copay_by_age(),
                    ceiling: None,
                }
            }
            Myna::Absent => self.documents(false, None),
            Myna::Failed { class } => self.documents(true, class),
        }
    }

    /// The other documents' route when one covers the visit now; otherwise only what was learnt
    /// of the documents themselves is kept (why each cannot be used, an expiry), no alert or
    /// action of a route not taken.
    fn documents_instead(&mut self) -> Option<Outcome> {
        let (used, alerts, actions) =
            (self.used.clone(), self.alerts.clone(), self.actions.clone());
        let outcome = self.documents(false, None);
        if outcome.coverage == Coverage::Covered {
            // Decided on the document: no online query of the card is pending.
            self.actions.retain(|a| *a != Action::QueryOnline);
            return Some(outcome);
        }
        self.used = used;
        self.actions = actions;
        let attempt = std::mem::replace(&mut self.alerts, alerts);
        for alert in attempt {
            if matches!(
                alert,
                Alert::QualificationCertificateExpired { .. }
                    | Alert::LegacyCardExpired { .. }
                    | Alert::LegacyCardInsurerChanged
                    | Alert::LegacyCardIssuedAfterAbolition { .. }
            ) {
                self.alert(alert);
            }
        }
        None
    }

    fn band(&self) -> Option<AgeBand> {
        self.visit
            .patient
            .birth_date
            .and_then(|b| age_band(self.rules, b, self.date))
    }

    fn copay_by_age(&self) -> Copay {
        let band = self.band();
        let percent = band
            .and_then(|b| usual_percent(self.rules, self.date, b, self.visit.patient.high_income));
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

    /// Compares the 記号・番号 of a presented document with the online result.
    fn check_insured(&mut self, result: &OnlineResult) {
        let Some(online) = &result.insured else {
            return;
        };
        let p = &self.visit.presented;
        let document = p
            .legacy_card
            .as_ref()
            .and_then(|c| c.insured.as_ref())
            .or(p.notice.as_ref().and_then(|n| n.insured.as_ref()));
        let Some(document) = document else {
            return;
        };
        let symbol = |n: &crate::InsuredNumber| {
            n.symbol
                .as_ref()
                .map(|s| s.expose().to_owned())
                .unwrap_or_default()
        };
        let parts = [
            crate::compare_insured(&symbol(document), &symbol(online)),
            crate::compare_insured(document.number.expose(), online.number.expose()),
        ];
        use crate::InsuredMatch as M;
        if parts.contains(&M::Different) {
            self.alert(Alert::InsuredNumberMismatch {
                leading_zeros_only: false,
            });
        } else if parts.contains(&M::SameIgnoringLeadingZeros) {
            self.alert(Alert::InsuredNumberMismatch {
                leading_zeros_only: true,
            });
        }
    }

    /// Numbers in the online answer that fail their own rules (check digit, prefecture): the online
    /// system is the authority, but staff should see it (reference/numbers-and-benefits.md §0).
    fn check_online_numbers(&mut self, result: &OnlineResult) {
        if let Some(insurer) = &result.insurer
            && let Err(e) = crate::verify_number(crate::NumberKind::Insurer, insurer.as_str())
        {
            self.alert(Alert::OnlineNumberFailsCheck {
                field: "insurer".to_owned(),
                problem: e.kind().to_owned(),
            });
        }
    }

    fn copay_online(&mut self, result: &OnlineResult) -> Copay {
        self.check_insured(result);
        self.check_online_numbers(result);
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
        let holds = [
            key::QualificationCertificateLateElderly,
            key::QualificationCertificateElderly,
        ]
        .into_iter()
        .find(|key| {
            self.rules
                .param(*key, self.date)
                .is_some_and(|age| self.date >= birthday(birth, age))
        })
        .map(|key| key.id)
        .or_else(|| {
            // From 2026-08-01: 後期高齢者 aged 85 or over on the rule's day get one without
            // applying; younger ones hold one only without a card.
            let key = key::QualificationCertificateLateElderlyByAge;
            self.rules
                .param(key, self.date)
                .filter(|(age, as_of)| aged_on(birth, *age, *as_of))
                .map(|_| key.id)
        });
        if ask && let Some(id) = holds {
            self.cite(id);
            self.alert(Alert::ElderlyHoldsCertificate);
            self.act(Action::AskForQualificationCertificate);
        }
    }

    /// The month's 高額療養費 limit, when the category and the month's care are known.
    fn ceiling_limit(&mut self, ceiling: Option<&Ceiling>) -> Option<crate::CeilingAmount> {
        let care = self.visit.care.as_ref()?;
        let category = match ceiling? {
            Ceiling::Online { category } | Ceiling::Certificate { category } => category.clone(),
        };
        // 75歳到達月特例: the month of the birthday that starts 後期高齢者医療 (the
        // rule table's `late_elderly_age`), when it is not the 1st.
        let late_elderly_age = self.rules.copay(self.date).map(|p| p.late_elderly_age);
        let birthday_75_month = match (self.visit.patient.birth_date, late_elderly_age) {
            (Some(b), Some(age)) => {
                let d = birthday(b, age);
                d.day() != 1 && d.year() == self.date.year() && d.month() == self.date.month()
            }
            _ => false,
        };
        let query = crate::CeilingQuery {
            month: self.date,
            category,
            medical_cost: care.medical_cost,
            many_times: care.many_times,
            outpatient: care.outpatient,
            birthday_75_month,
        };
        match crate::monthly_ceiling(self.rules, &query) {
            Ok(amount) => {
                self.cite(RuleId::CeilingMonthlyLimits);
                Some(amount)
            }
            Err(crate::CeilingError::NoTable { month }) => {
                self.alert(Alert::CeilingTableMissing { month });
                None
            }
            Err(_) => None,
        }
    }

    fn finish(mut self, outcome: Outcome) -> Decision {
        self.explain_unused(&outcome);
        let ceiling_limit = self.ceiling_limit(outcome.ceiling.as_ref());
        if let Some(reviewed) = self.rules.review_overdue(self.date) {
            self.alert(Alert::RulesReviewOverdue { reviewed });
        }
        // Steps that complete reception first, then guidance; otherwise in the order found.
        self.actions.sort_by_key(Action::is_guidance);
        let mut decision = Decision {
            date: self.date,
            coverage: outcome.coverage,
            route: outcome.route,
            failure: outcome.failure,
            copay: outcome.copay,
            ceiling: outcome.ceiling,
            ceiling_limit,
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

// 年齢計算ニ関スル法律 (明治35年法律第50号): 「年齢ハ出生ノ日ヨリ之ヲ起算ス」, and 民法143条 applies to
// it, so a year of age ends at the end of the day before the birthday: an age is reached on that
// day (born 1941-08-02: 85 on 2026-08-01; born on 29 February: on 28 February).
// `qualification-certificate.late-elderly-85` (「令和8年8月1日時点で85歳以上」) is read so.
/// Whether a person born on `birth` is `age` or older on `day`.
fn aged_on(birth: NaiveDate, age: u32, day: NaiveDate) -> bool {
    reaches_age(birth, age) <= day
}

#[cfg(test)]
mod tests {
    use super::aged_on;

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_age_is_reached_on_the_day_before_the_birthday() {
        let on = d("2026-08-01");
        assert!(aged_on(d("1941-08-01"), 85, on));
        assert!(aged_on(d("1941-08-02"), 85, on));
        assert!(!aged_on(d("1941-08-03"), 85, on));
        // Born on 29 February: reached on 28 February in a common year.
        assert!(aged_on(d("1940-02-29"), 85, d("2025-02-28")));
        assert!(!aged_on(d("1940-02-29"), 85, d("2025-02-27")));
        // Born on 1 March: the day before is 28 February (29 in a leap year).
        assert!(aged_on(d("1943-03-01"), 85, d("2028-02-29")));
        assert!(!aged_on(d("1943-03-01"), 85, d("2028-02-28")));
    }
}
