//! The reception decision engine: `decide(rules, visit) -> Decision`.
//!
//! The order follows how a desk works (004_b85a80dacb8bbe22.txt:768–793): first the マイナ保険証; when it
//! cannot be confirmed, the documents that stand in for it; when none does and the cause is a failure of
//! online confirmation, the self-declaration of 保発0710第1号; otherwise the forgotten-card handling.

use chrono::NaiveDate;

use crate::error::InputError;
use crate::policy::cited::Cited;
use crate::policy::rules::{RuleId, RuleSet};
use crate::reception::decision::{
    Action, Alert, Ceiling, Copay, Coverage, Decision, FailureClass, NotUsedReason,
    PresentedDocument, Route,
};
use crate::reception::documents::Registration;
use crate::reception::messages::compose;
use crate::reception::visit::{OnlineResult, Visit};

mod documents;
mod elderly;
mod legacy;
mod money;
mod myna;
mod validate;

/// Decides how a visit is covered.
///
/// # Errors
/// [`InputError::Invalid`] for a copay percentage other than 10/20/30;
/// [`InputError::Inconsistent`] for facts that cannot all hold (a face match at a generic reader,
/// a PIN confirmed on a card whose PIN is locked or that has no PIN).
///
/// # Example
/// ```
/// use onshi::{decide, RuleSet, Visit};
/// use onshi::reception::{Coverage, Route};
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
    validate::validate(rules, visit)?;
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

/// The result of the steps, before texts are composed.
struct Outcome {
    coverage: Coverage,
    route: Route,
    failure: Option<FailureClass>,
    copay: Copay,
    ceiling: Option<Ceiling>,
}

/// How the マイナ保険証 came out.
enum Myna<'a> {
    /// Not presented.
    Absent,
    /// Confirmed online, by this answer.
    Confirmed(&'a OnlineResult),
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

impl<'a> Engine<'a> {
    /// Adds the rules an answer rests on to the decision (each once, in the order first met) and
    /// gives the answer: the one door through which rule ids reach a decision.
    fn take<T>(&mut self, cited: Cited<T>) -> T {
        for id in cited.rules.ids() {
            if !self.used.contains(&id) {
                self.used.push(id);
            }
        }
        cited.value
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
                    if card.is_some_and(|c| c.registration == Registration::NotRegistered) {
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
        let visit: &'a Visit = self.visit;
        let myna = match &visit.presented.myna_card {
            Some(card) => self.myna(card),
            None => Myna::Absent,
        };
        match myna {
            Myna::Confirmed(result) => self.confirmed(result),
            Myna::Pending => self.card_pending(),
            Myna::Absent => self.documents(false, None),
            Myna::Failed { class } => self.documents(true, class),
        }
    }

    /// The マイナ保険証 confirmed online: covered, at the online copay and ceiling.
    fn confirmed(&mut self, result: &OnlineResult) -> Outcome {
        let copay = self.copay_online(result);
        let ceiling = self.ceiling(Some(result));
        Outcome {
            coverage: Coverage::Covered,
            route: Route::MynaOnline,
            failure: None,
            copay,
            ceiling,
        }
    }

    /// Steps remain with the card. A card not registered for insurance use waits for registration;
    /// a valid document presented with it decides the visit now (registration stays offered for
    /// next time).
    fn card_pending(&mut self) -> Outcome {
        let unregistered = self
            .visit
            .presented
            .myna_card
            .as_ref()
            .is_some_and(|c| c.registration == Registration::NotRegistered);
        if unregistered {
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
            messages: crate::reception::decision::Messages {
                staff: Default::default(),
                patient: Default::default(),
            },
        };
        decision.messages = compose(&decision);
        decision
    }
}
