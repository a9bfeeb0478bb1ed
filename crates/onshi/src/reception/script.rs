//! The guided reception script (声掛け) for clinics and 施術所: a small state machine that tells the
//! front desk what to say next and ends in a [`Decision`].
//!
//! Source: 004_b85a80dacb8bbe22.txt:768–805 (最初のお声掛け → はい/いいえ/まだ作成していない).

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::policy::rules::RuleSet;
use crate::reception::decision::{Coverage, Decision};
use crate::reception::documents::{MynaInsuranceCard, Presented};
use crate::reception::engine::decide;
use crate::reception::visit::{OnlineResult, Visit};
use crate::vocabulary;
use crate::vocabulary::Text;

vocabulary! {
    /// Where the conversation is.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{ReceptionScript, ScriptStep};
    /// use onshi::Visit;
    /// let script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// assert_eq!(script.step(), ScriptStep::AskForMynaCard);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum ScriptStep {
        /// 「マイナンバーカードをお持ちでしょうか？」
        AskForMynaCard = "ask_for_myna_card", "マイナンバーカードの有無を確認", "ask for the My Number Card";
        /// 「マイナ保険証を利用してみませんか？」
        OfferMynaCard = "offer_myna_card", "マイナ保険証の利用をご案内", "offer the マイナ保険証";
        /// Read the card at the reader or app (本人確認 → 読み取り).
        ReadCard = "read_card", "カードの読み取り", "read the card";
        /// 「健康保険証または資格確認書のご提示をお願いします」
        AskForDocument = "ask_for_document", "保険証・資格確認書の提示を依頼", "ask for an insurance document";
        /// Finished: see [`ReceptionScript::decision`].
        Done = "done", "完了", "done";
    }
}

/// The desk's answer at a step.
///
/// # Example
/// ```
/// use onshi::reception::ScriptAnswer;
/// let a: ScriptAnswer = serde_json::from_str(r#"{"answer": "card_read", "card": {"registration": "registered"}}"#).unwrap();
/// assert!(matches!(a, ScriptAnswer::CardRead { .. }));
/// // A field the answer does not take is refused, not ignored.
/// assert!(serde_json::from_str::<ScriptAnswer>(r#"{"answer": "yes", "online": {}}"#).is_err());
/// assert!(serde_json::from_str::<ScriptAnswer>(r#"{"answer": "documents", "presented": {}, "card": {}}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "answer", try_from = "WireAnswer")]
pub enum ScriptAnswer {
    /// はい.
    Yes,
    /// いいえ.
    No,
    /// まだ作成していない: the patient has no card yet.
    NoCardYet,
    /// The card was read: what the reader and the online check reported.
    CardRead {
        /// The card as read.
        card: Box<MynaInsuranceCard>,
        /// The online answer, if the check ran.
        #[serde(default)]
        online: Option<OnlineResult>,
    },
    /// The documents shown.
    Documents {
        /// What was shown (a card read earlier is kept).
        presented: Box<Presented>,
        /// An online answer to a query by insured number, if one ran.
        #[serde(default)]
        online: Option<OnlineResult>,
    },
}

/// An answer as written: every field it may carry, each checked against the kind of answer (serde
/// alone would let `{"answer": "yes", "online": …}` through with the extra field ignored).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireAnswer {
    answer: AnswerKind,
    card: Option<Box<MynaInsuranceCard>>,
    presented: Option<Box<Presented>>,
    online: Option<OnlineResult>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AnswerKind {
    Yes,
    No,
    NoCardYet,
    CardRead,
    Documents,
}

impl TryFrom<WireAnswer> for ScriptAnswer {
    type Error = String;

    fn try_from(wire: WireAnswer) -> Result<Self, String> {
        let name = match wire.answer {
            AnswerKind::Yes => "yes",
            AnswerKind::No => "no",
            AnswerKind::NoCardYet => "no_card_yet",
            AnswerKind::CardRead => "card_read",
            AnswerKind::Documents => "documents",
        };
        let stray = |field: &str| format!("`{field}` does not belong to the answer `{name}`");
        let needs = |field: &str| format!("the answer `{name}` needs `{field}`");
        match wire.answer {
            AnswerKind::CardRead => {
                if wire.presented.is_some() {
                    return Err(stray("presented"));
                }
                Ok(ScriptAnswer::CardRead {
                    card: wire.card.ok_or_else(|| needs("card"))?,
                    online: wire.online,
                })
            }
            AnswerKind::Documents => {
                if wire.card.is_some() {
                    return Err(stray("card"));
                }
                Ok(ScriptAnswer::Documents {
                    presented: wire.presented.ok_or_else(|| needs("presented"))?,
                    online: wire.online,
                })
            }
            unit => {
                if wire.card.is_some() {
                    Err(stray("card"))
                } else if wire.presented.is_some() {
                    Err(stray("presented"))
                } else if wire.online.is_some() {
                    Err(stray("online"))
                } else {
                    Ok(match unit {
                        AnswerKind::Yes => ScriptAnswer::Yes,
                        AnswerKind::No => ScriptAnswer::No,
                        _ => ScriptAnswer::NoCardYet,
                    })
                }
            }
        }
    }
}

/// An answer that does not fit the step.
///
/// # Example
/// ```
/// use onshi::reception::{ReceptionScript, ScriptAnswer, ScriptError, ScriptStep};
/// use onshi::{RuleSet, Visit};
/// let mut script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
/// let err = script.answer(&RuleSet::builtin(), ScriptAnswer::Documents { presented: Default::default(), online: None });
/// assert!(matches!(err, Err(ScriptError::UnexpectedAnswer { step: ScriptStep::AskForMynaCard, .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The answer does not belong to this step.
    #[error("answer `{answer}` does not fit step `{step:?}`")]
    UnexpectedAnswer {
        /// The step.
        step: ScriptStep,
        /// The answer given.
        answer: String,
    },
    /// The visit built from the answers is not valid.
    #[error(transparent)]
    Input(#[from] InputError),
}

impl ScriptError {
    /// The field the error concerns: the answer, or the visit's field.
    pub(crate) fn concerns(&self) -> Option<&str> {
        match self {
            ScriptError::UnexpectedAnswer { .. } => Some("answer"),
            ScriptError::Input(e) => Some(e.field()),
        }
    }

    /// A stable slug: `unexpected_answer`, or the kind of the visit's input error.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{ReceptionScript, ScriptAnswer};
    /// use onshi::{RuleSet, Visit};
    /// let mut s = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#)?);
    /// let e = s.answer(&RuleSet::builtin(), ScriptAnswer::NoCardYet).and_then(|_| s.answer(&RuleSet::builtin(), ScriptAnswer::Yes)).unwrap_err();
    /// assert_eq!(e.kind(), onshi::error::ErrorKind::UnexpectedAnswer);
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            ScriptError::UnexpectedAnswer { .. } => crate::error::ErrorKind::UnexpectedAnswer,
            ScriptError::Input(e) => e.kind(),
        }
    }

    /// The error's domain: [`ErrorDomain::Input`](crate::error::ErrorDomain::Input).
    ///
    /// # Example
    /// ```
    /// let e = onshi::reception::ScriptError::UnexpectedAnswer { step: onshi::reception::ScriptStep::Done, answer: "yes".into() };
    /// assert_eq!(e.domain(), onshi::error::ErrorDomain::Input);
    /// ```
    pub fn domain(&self) -> crate::error::ErrorDomain {
        crate::error::ErrorDomain::Input
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// let e = onshi::reception::ScriptError::UnexpectedAnswer { step: onshi::reception::ScriptStep::Done, answer: "yes".into() };
    /// assert_eq!(e.words().en, "the input cannot be decided on");
    /// ```
    pub fn words(&self) -> crate::Text {
        crate::error::words_of(self.domain(), self.kind())
    }
}

/// A guided reception conversation.
///
/// # Example
/// ```
/// use onshi::reception::{ReceptionScript, ScriptAnswer, ScriptStep, Coverage};
/// use onshi::{RuleSet, Visit};
/// let rules = RuleSet::builtin();
/// let visit = Visit::from_json(r#"{"at": "2026-02-02"}"#)?;
/// let mut script = ReceptionScript::new(visit);
/// assert_eq!(script.step(), ScriptStep::AskForMynaCard);
/// script.answer(&rules, ScriptAnswer::No)?;
/// assert_eq!(script.step(), ScriptStep::AskForDocument);
/// // A wrong kind of answer is refused, and the step stays.
/// assert!(script.answer(&rules, ScriptAnswer::Yes).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReceptionScript {
    visit: Visit,
    step: ScriptStep,
    decision: Option<Decision>,
    said: Vec<Text>,
}

impl ReceptionScript {
    /// Starts a conversation for a visit (its `at`, facility and patient are used).
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Visit};
    /// use onshi::reception::ReceptionScript;
    /// let script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// assert!(script.transcript()[0].get(Lang::Ja).contains("マイナンバーカードをお持ちでしょうか"));
    /// ```
    pub fn new(visit: Visit) -> Self {
        let mut s = ReceptionScript {
            visit,
            step: ScriptStep::AskForMynaCard,
            decision: None,
            said: Vec::new(),
        };
        s.said.push(s.prompt());
        s
    }

    /// The current step.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{ReceptionScript, ScriptAnswer, ScriptStep};
    /// use onshi::{RuleSet, Visit};
    /// let mut script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// script.answer(&RuleSet::builtin(), ScriptAnswer::Yes).unwrap();
    /// assert_eq!(script.step(), ScriptStep::OfferMynaCard);
    /// ```
    pub fn step(&self) -> ScriptStep {
        self.step
    }

    /// The latest decision (set after a card read or documents, also while still pending).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{Coverage, ReceptionScript, ScriptAnswer};
    /// use onshi::{RuleSet, Visit};
    /// let rules = RuleSet::builtin();
    /// let mut script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// assert!(script.decision().is_none());
    /// script.answer(&rules, ScriptAnswer::No).unwrap();
    /// script.answer(&rules, ScriptAnswer::Documents { presented: Default::default(), online: None }).unwrap();
    /// assert_eq!(script.decision().unwrap().coverage, Coverage::NotCovered);
    /// ```
    pub fn decision(&self) -> Option<&Decision> {
        self.decision.as_ref()
    }

    /// Everything the desk was told to say, in order.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{ReceptionScript, ScriptAnswer};
    /// use onshi::{RuleSet, Visit};
    /// let mut script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// script.answer(&RuleSet::builtin(), ScriptAnswer::No).unwrap();
    /// assert_eq!(script.transcript().len(), 3); // question, 次回は…, ask for a document
    /// ```
    pub fn transcript(&self) -> &[Text] {
        &self.said
    }

    /// What to say at the current step.
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Visit};
    /// use onshi::reception::ReceptionScript;
    /// let script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// assert!(script.prompt().get(Lang::En).contains("Do you have your My Number Card?"));
    /// ```
    pub fn prompt(&self) -> Text {
        match self.step {
            ScriptStep::AskForMynaCard => Text::new(
                "当施設ではマイナンバーカードを健康保険証として利用いただけます。マイナンバーカードをお持ちでしょうか？",
                "You can use your My Number Card as your health insurance card here. Do you have your My Number Card?",
            ),
            ScriptStep::OfferMynaCard => Text::new(
                "従来の健康保険証は、令和6年12月2日以降新たに発行されなくなり、マイナ保険証を基本とするしくみに移行しています。マイナ保険証を利用してみませんか？",
                "Since 2 December 2024 no new insurance cards are issued and the マイナ保険証 is the standard. Would you like to use it?",
            ),
            ScriptStep::ReadCard => Text::new(
                "こちらの端末でマイナンバーカードの読み取りをして資格確認をさせていただきます。",
                "We will read your My Number Card on this terminal to confirm your insurance.",
            ),
            ScriptStep::AskForDocument => Text::new(
                "健康保険証または資格確認書のご提示をお願いします。",
                "Please show your health insurance card or 資格確認書.",
            ),
            ScriptStep::Done => Text::new("受付が完了しました。", "Reception is complete."),
        }
    }

    /// Gives the answer at the current step and moves on.
    ///
    /// # Errors
    /// [`ScriptError::UnexpectedAnswer`] when the answer does not belong to the step (the step does
    /// not change); [`ScriptError::Input`] when the facts given cannot be decided on.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{Coverage, ReceptionScript, ScriptAnswer, ScriptStep};
    /// use onshi::{RuleSet, Visit};
    /// let rules = RuleSet::builtin();
    /// let mut script = ReceptionScript::new(Visit::from_json(r#"{"at": "2026-02-02"}"#).unwrap());
    /// script.answer(&rules, ScriptAnswer::Yes).unwrap();
    /// script.answer(&rules, ScriptAnswer::Yes).unwrap();
    /// let card = serde_json::from_str(r#"{"identity": {"method": "face", "outcome": "confirmed"}}"#).unwrap();
    /// let online = serde_json::from_str(r#"{"status": "valid"}"#).unwrap();
    /// let step = script.answer(&rules, ScriptAnswer::CardRead { card, online: Some(online) }).unwrap();
    /// assert_eq!(step, ScriptStep::Done);
    /// assert_eq!(script.decision().unwrap().coverage, Coverage::Covered);
    /// // Done takes no more answers.
    /// assert!(script.answer(&rules, ScriptAnswer::Yes).is_err());
    /// ```
    pub fn answer(
        &mut self,
        rules: &RuleSet,
        answer: ScriptAnswer,
    ) -> Result<ScriptStep, ScriptError> {
        let next = match (self.step, answer) {
            (ScriptStep::AskForMynaCard, ScriptAnswer::Yes) => ScriptStep::OfferMynaCard,
            (ScriptStep::AskForMynaCard, ScriptAnswer::No) => {
                self.said.push(Text::new(
                    "ぜひ次回はマイナンバーカードをお持ちください。",
                    "Please bring your My Number Card next time.",
                ));
                ScriptStep::AskForDocument
            }
            (ScriptStep::AskForMynaCard, ScriptAnswer::NoCardYet) => {
                self.said.push(Text::new(
                    "マイナンバーカードの申請方法についてはこちらに詳しい説明があります。（リーフレットをお渡しする）",
                    "Here is how to apply for a My Number Card. (Hand over the leaflet.)",
                ));
                ScriptStep::AskForDocument
            }
            (ScriptStep::OfferMynaCard, ScriptAnswer::Yes) => ScriptStep::ReadCard,
            (ScriptStep::OfferMynaCard, ScriptAnswer::No) => ScriptStep::AskForDocument,
            (ScriptStep::ReadCard, ScriptAnswer::CardRead { card, online }) => {
                self.visit.presented.myna_card = Some(*card);
                self.visit.online = online;
                let d = decide(rules, &self.visit)?;
                let next = match d.coverage {
                    Coverage::Covered | Coverage::Provisional => ScriptStep::Done,
                    Coverage::Pending => ScriptStep::ReadCard,
                    Coverage::NotCovered => ScriptStep::AskForDocument,
                };
                self.decision = Some(d);
                next
            }
            (ScriptStep::AskForDocument, ScriptAnswer::Documents { presented, online }) => {
                let card = self.visit.presented.myna_card.take();
                self.visit.presented = *presented;
                if self.visit.presented.myna_card.is_none() {
                    self.visit.presented.myna_card = card;
                }
                if online.is_some() {
                    self.visit.online = online;
                }
                let d = decide(rules, &self.visit)?;
                let next = match d.coverage {
                    Coverage::Pending => ScriptStep::AskForDocument,
                    _ => ScriptStep::Done,
                };
                self.decision = Some(d);
                next
            }
            (step, answer) => {
                let answer = serde_json::to_value(&answer)
                    .ok()
                    .and_then(|v| v.get("answer").and_then(|a| a.as_str()).map(str::to_owned))
                    .unwrap_or_default();
                return Err(ScriptError::UnexpectedAnswer { step, answer });
            }
        };
        self.step = next;
        if next != ScriptStep::Done || self.said.last() != Some(&self.prompt()) {
            self.said.push(self.prompt());
        }
        Ok(next)
    }
}
