//! Copay, 高額療養費 ceilings, and the checks of the online answer's numbers against the documents.

use chrono::Datelike;

use crate::benefits::ceiling::{
    CeilingAmount, CeilingError, CeilingQuery, monthly_limit, online_consent,
};
use crate::benefits::copay::{AgeBand, age_band, birthday, usual_percent};
use crate::numbers::InsuredNumber;
use crate::numbers::checkdigit::{InsuredMatch, NumberKind, compare_insured, verify_number};
use crate::policy::rules::key;
use crate::reception::decision::{Alert, Ceiling, Copay, CopayBasis};
use crate::reception::visit::OnlineResult;

use super::Engine;

impl Engine<'_> {
    pub(super) fn band(&self) -> Option<AgeBand> {
        self.visit
            .patient
            .birth_date
            .and_then(|b| age_band(self.rules, b, self.date))
    }

    pub(super) fn copay_by_age(&self) -> Copay {
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

    pub(super) fn copay_document(&self, percent: Option<u8>) -> Copay {
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
        let symbol = |n: &InsuredNumber| {
            n.symbol
                .as_ref()
                .map(|s| s.expose().to_owned())
                .unwrap_or_default()
        };
        let parts = [
            compare_insured(&symbol(document), &symbol(online)),
            compare_insured(document.number.expose(), online.number.expose()),
        ];
        use InsuredMatch as M;
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
            && let Err(e) = verify_number(NumberKind::Insurer, insurer.as_str())
        {
            self.alert(Alert::OnlineNumberFailsCheck {
                field: "insurer".to_owned(),
                problem: crate::Vocabulary::slug(e.kind()).to_owned(),
            });
        }
    }

    pub(super) fn copay_online(&mut self, result: &OnlineResult) -> Copay {
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

    pub(super) fn ceiling(&mut self, result: Option<&OnlineResult>) -> Option<Ceiling> {
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
                if self.take(online_consent(self.rules, self.date)) && has_certificate.is_some() {
                    self.alert(Alert::CeilingCertificateNotNeeded);
                }
                Some(Ceiling::Online { category })
            }
            (None, Some(category)) => Some(Ceiling::Certificate { category }),
            (None, None) => None,
        }
    }

    /// The month's 高額療養費 limit, when the category and the month's care are known.
    pub(super) fn ceiling_limit(&mut self, ceiling: Option<&Ceiling>) -> Option<CeilingAmount> {
        let care = self.visit.care.as_ref()?;
        let category = match ceiling? {
            Ceiling::Online { category } | Ceiling::Certificate { category } => category.clone(),
        };
        // 75歳到達月特例: the month of the birthday that starts 後期高齢者医療 (the
        // rule table's `late_elderly_age`), when it is not the 1st.
        let late_elderly_age = self
            .rules
            .param(key::CopayByAge, self.date)
            .map(|p| p.late_elderly_age);
        let birthday_75_month = match (self.visit.patient.birth_date, late_elderly_age) {
            (Some(b), Some(age)) => {
                let d = birthday(b, age);
                d.day() != 1 && d.year() == self.date.year() && d.month() == self.date.month()
            }
            _ => false,
        };
        let query = CeilingQuery {
            month: self.date,
            category,
            medical_cost: care.medical_cost,
            many_times: care.many_times,
            outpatient: care.outpatient,
            birthday_75_month,
        };
        match monthly_limit(self.rules, &query) {
            Ok(amount) => Some(self.take(amount)),
            Err(CeilingError::NoTable { month }) => {
                self.alert(Alert::CeilingTableMissing { month });
                None
            }
            Err(_) => None,
        }
    }
}
