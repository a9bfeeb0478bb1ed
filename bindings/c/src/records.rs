//! After the online answer: the stored record against the online one, 和暦 dates, kana and names.

use std::ffi::c_char;

use onshi::Vocabulary;

use crate::{
    MAX_JSON, MAX_OQS_FILE, OnshiRules, OnshiStatus, Out, boundary, bytes, handle, refused, text,
};

/// Compares a stored insurance record with the online one on `date` (YYYY-MM-DD); both records are
/// JSON in the vector format (`insurer`, `number`, `relation`, `copay_percent`, `lost_on`, `name`,
/// `birth_date`, …). Writes the reconciliation as JSON: `outcome`, `person`, `differences` (each
/// `kind`, `old`, `new`, `severity`, `action`, `rules`, `text`), `text`. Free with
/// onshi_string_free. A 12-digit 個人番号 in either record is ONSHI_STATUS_PERSONAL_NUMBER.
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_reconcile_json(
    rules: *const OnshiRules,
    stored_json: *const c_char,
    online_json: *const c_char,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, stored, online, date, out_json) = unsafe {
            (
                handle(rules, "rules")?,
                text(stored_json, "stored_json", MAX_JSON)?,
                text(online_json, "online_json", MAX_JSON)?,
                text(date, "date", 64)?,
                Out::new(out_json, "out_json")?,
            )
        };
        let stored = onshi::records::InsuranceRecord::from_json(stored).map_err(refused)?;
        let online = onshi::records::InsuranceRecord::from_json(online).map_err(refused)?;
        let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
        out_json.json(&onshi::records::reconcile(
            &stored,
            &online,
            date,
            &rules.rules,
        ))
    })
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS, as the file declares) and writes its
/// records as a JSON array of insurance records in the vector format, each ready to be the online
/// side of onshi_reconcile_json. Free with onshi_string_free. A file over 16 MiB is
/// ONSHI_STATUS_TOO_LARGE; a 個人番号 in it is ONSHI_STATUS_PERSONAL_NUMBER.
///
/// # Safety
/// `file` readable for `file_len` bytes; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_oqs_insurance_records_json(
    file: *const u8,
    file_len: usize,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees; the length is checked before the slice is made.
        let file = unsafe { bytes(file, file_len, "file", MAX_OQS_FILE)? };
        // SAFETY: forwarded caller guarantee.
        let out_json = unsafe { Out::new(out_json, "out_json")? };
        let result = onshi_oqs::QualificationResult::parse(file).map_err(refused)?;
        let records: Vec<onshi::records::InsuranceRecord> = result
            .records
            .iter()
            .map(onshi_oqs::QualificationRecord::insurance_record)
            .collect::<Result<_, _>>()
            .map_err(refused)?;
        out_json.json(&records)
    })
}

/// Compares a stored insurance record (JSON, as for onshi_reconcile_json) with each record of an
/// オンライン資格確認 result file on `date` (YYYY-MM-DD) and writes a JSON array of
/// reconciliations, one per record in file order. Free with onshi_string_free. A file over 16 MiB
/// is ONSHI_STATUS_TOO_LARGE; a 個人番号 in the record or the file is ONSHI_STATUS_PERSONAL_NUMBER.
///
/// # Safety
/// `rules` from this library; `stored_json` and `date` NUL-terminated; `file` readable for
/// `file_len` bytes; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_oqs_reconcile_json(
    rules: *const OnshiRules,
    stored_json: *const c_char,
    file: *const u8,
    file_len: usize,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees; the length is checked before the slice is made.
        let (rules, stored, file, date, out_json) = unsafe {
            (
                handle(rules, "rules")?,
                text(stored_json, "stored_json", MAX_JSON)?,
                bytes(file, file_len, "file", MAX_OQS_FILE)?,
                text(date, "date", 64)?,
                Out::new(out_json, "out_json")?,
            )
        };
        let stored = onshi::records::InsuranceRecord::from_json(stored).map_err(refused)?;
        let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
        let result = onshi_oqs::QualificationResult::parse(file).map_err(refused)?;
        let reconciliations: Vec<onshi::records::Reconciliation> = result
            .records
            .iter()
            .map(|online| {
                let online = online.insurance_record().map_err(refused)?;
                Ok(onshi::records::reconcile(
                    &stored,
                    &online,
                    date,
                    &rules.rules,
                ))
            })
            .collect::<Result<_, crate::Failure>>()?;
        out_json.json(&reconciliations)
    })
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, the receipt form `5061202`, full-width digits) and
/// writes it as `YYYY-MM-DD` (free with onshi_string_free). A text that is no such date is
/// ONSHI_STATUS_INVALID_INPUT, the message naming the problem (no era, outside the era, no such day).
///
/// # Safety
/// `text` NUL-terminated; `out_date` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_parse_wareki(
    wareki: *const c_char,
    out_date: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let wareki = unsafe { text(wareki, "wareki", 256)? };
        // SAFETY: forwarded caller guarantee.
        let out_date = unsafe { Out::new(out_date, "out_date")? };
        let date = onshi::records::parse_wareki(wareki).map_err(refused)?;
        let out = crate::c_string(date.to_string())?.into_raw();
        out_date.put(out)
    })
}

/// A date (YYYY-MM-DD) in 和暦, as JSON: `{"wareki": "令和元年5月1日", "short": "R1.5.1", "code":
/// "5010501"}` (free with onshi_string_free).
///
/// # Safety
/// `date` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_to_wareki_json(
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let date = unsafe { text(date, "date", 64)? };
        // SAFETY: forwarded caller guarantee.
        let out_json = unsafe { Out::new(out_json, "out_json")? };
        let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
        let w = onshi::records::Wareki::of(date).map_err(refused)?;
        out_json.json(&serde_json::json!({
            "wareki": w.to_string(), "short": w.short(), "code": w.code()
        }))
    })
}

/// Kana as one form (full-width katakana, voiced marks composed, no spaces or middle dots); free the
/// result with onshi_string_free.
///
/// # Safety
/// `kana` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_normalize_kana(
    kana: *const c_char,
    out: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let kana = unsafe { text(kana, "kana", MAX_JSON)? };
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let normal = crate::c_string(onshi::records::normalize_kana(kana))?.into_raw();
        out.put(normal)
    })
}

/// How two names compare, as a static slug (`same`, `same_as_variant` for kanji variants,
/// `same_with_placeholder`, `same_ignoring_small_kana`, `different`, `not_written` when a name is
/// empty or only placeholders; do not free).
///
/// # Safety
/// `a` and `b` NUL-terminated; `out_slug` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_compare_names(
    a: *const c_char,
    b: *const c_char,
    out_slug: *mut *const c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (a, b) = unsafe { (text(a, "a", MAX_JSON)?, text(b, "b", MAX_JSON)?) };
        // SAFETY: forwarded caller guarantee.
        let out_slug = unsafe { Out::new(out_slug, "out_slug")? };
        // The core's slugs as C strings, made once and kept for the life of the process.
        static SLUGS: std::sync::OnceLock<
            Vec<(onshi::records::NameComparison, std::ffi::CString)>,
        > = std::sync::OnceLock::new();
        let slugs = SLUGS.get_or_init(|| {
            <onshi::records::NameComparison as onshi::Vocabulary>::ALL
                .iter()
                .filter_map(|c| Some((*c, std::ffi::CString::new(c.slug()).ok()?)))
                .collect()
        });
        let found = onshi::records::compare_names(a, b);
        let slug = slugs
            .iter()
            .find(|(c, _)| *c == found)
            .map_or(std::ptr::null(), |(_, s)| s.as_ptr());
        out_slug.put(slug)
    })
}

/// Whether two people (JSON: `name`, `name_kana`, `birth_date`, `sex`) are the same: JSON with
/// `outcome` and `reasons` (free with onshi_string_free).
///
/// # Safety
/// The strings NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_match_person_json(
    stored_json: *const c_char,
    online_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (stored, online, out_json) = unsafe {
            (
                text(stored_json, "stored_json", MAX_JSON)?,
                text(online_json, "online_json", MAX_JSON)?,
                Out::new(out_json, "out_json")?,
            )
        };
        let facts =
            |s: &str| onshi::error::from_json::<onshi::records::PersonFacts>(s).map_err(refused);
        out_json.json(&onshi::records::match_person(
            &facts(stored)?,
            &facts(online)?,
        ))
    })
}
