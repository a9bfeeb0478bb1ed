//! The 資格確認書 that elderly patients hold without asking (004:758 and the 後期高齢者 measures):
//! at a visit that needs a document, staff ask for it.

use chrono::NaiveDate;

use crate::benefits::copay::{birthday, reaches_age};
use crate::policy::cited::Cited;
use crate::policy::params::{Key, shape};
use crate::policy::rules::key;
use crate::reception::decision::{Action, Alert};

use super::Engine;

impl Engine<'_> {
    /// A patient who holds a 資格確認書 by age, and presented none: said, and asked for.
    pub(super) fn elderly_certificate_hint(&mut self) {
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
        .map(|rule| self.aged_for_certificate(rule, birth))
        .find(|holds| holds.value)
        .unwrap_or_else(|| self.late_elderly_by_age(birth));
        if self.take(holds) {
            self.alert(Alert::ElderlyHoldsCertificate);
            self.act(Action::AskForQualificationCertificate);
        }
    }

    // qualification-certificate.late-elderly-all — notice: 2025-04-03 通知 (後期高齢者),
    // reference/peers-and-fallbacks.md §3: every 後期高齢者 holds a 資格確認書 from 2025-04-03 to 2026-07-31.
    // qualification-certificate.elderly-provisional — 004_b85a80dacb8bbe22.txt:758;
    // reference/domain-updates-2026-11.md §3: 75+ whose legacy card lapses got one even with a
    // マイナ保険証, until 2025-07-31.
    /// Whether a patient born on `birth` has reached the rule's age on the visit's day.
    fn aged_for_certificate(&self, rule: Key<shape::Age>, birth: NaiveDate) -> Cited<bool> {
        let holds = self
            .rules
            .param(rule, self.date)
            .is_some_and(|age| self.date >= birthday(birth, age));
        if holds {
            Cited::by(true, rule.id)
        } else {
            Cited::uncited(false)
        }
    }

    // qualification-certificate.late-elderly-85 — 埼玉県後期高齢者医療広域連合 (saitama-koukikourei.org,
    // 「国の方針に変更があり」); reference/domain-updates-2026-11.md §3, reference/domain-updates-2026-12.md
    // §2; the age by 年齢計算ニ関スル法律 (明治35年法律第50号): from 2026-08-01, 後期高齢者 aged 85 or over on the row's
    // day get one without applying; younger ones hold one only without a card.
    /// Whether a patient born on `birth` was of the row's age on the row's day.
    fn late_elderly_by_age(&self, birth: NaiveDate) -> Cited<bool> {
        let rule = key::QualificationCertificateLateElderlyByAge;
        match self.rules.param(rule, self.date) {
            Some((age, as_of)) if aged_on(birth, age, as_of) => Cited::by(true, rule.id),
            _ => Cited::uncited(false),
        }
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
