/* API checks through the C ABI: typed decisions, OQS files, certificates, the card protocol over a
 * C callback transport, PIN status words, errors and the panic guard. Run from the repository root
 * (fixtures are read from crates/onshi-oqs/tests/fixtures; test certificates from ONSHI_CERT_DIR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "onshi.h"
#include "check.h"

static OnshiRules *rules;

static const char *MYNA_VISIT =
    "{\"at\": \"2026-01-15\", \"presented\": {\"myna_card\": {\"registration\": \"registered\","
    " \"certificate_expires\": \"2026-03-01\", \"identity\": {\"method\": \"face\", \"outcome\": \"confirmed\"}}},"
    " \"online\": {\"status\": \"valid\", \"copay_percent\": 30, \"ceiling_category\": \"エ\"}}";

static void typed_decision(void) {
    OnshiDecision *d = NULL;
    check(onshi_decide(rules, MYNA_VISIT, &d) == ONSHI_STATUS_OK && d, "decide");
    check(onshi_decision_coverage(d) == ONSHI_COVERAGE_COVERED, "coverage");
    check(onshi_decision_route(d) == ONSHI_ROUTE_MYNA_ONLINE, "route");
    check(onshi_decision_failure(d) == ONSHI_FAILURE_CLASS_NONE, "no failure");
    check(onshi_decision_copay_percent(d) == 30, "copay percent");
    check(onshi_decision_copay_basis(d) == ONSHI_COPAY_BASIS_ONLINE, "copay basis");
    const char *ceiling = onshi_decision_ceiling_category(d);
    check(ceiling && strcmp(ceiling, "エ") == 0, "ceiling category");
    /* The certificate expires within 3 months: an alert and a guidance action. */
    size_t alerts = onshi_decision_alert_count(d), actions = onshi_decision_action_count(d);
    int expiring = 0, renewal = 0;
    for (size_t i = 0; i < alerts; i++) expiring |= strcmp(onshi_decision_alert(d, i), "certificate_expires_soon") == 0;
    for (size_t i = 0; i < actions; i++) renewal |= strcmp(onshi_decision_action(d, i), "guide_certificate_renewal") == 0;
    check(expiring && renewal, "alert and action kinds");
    check(onshi_decision_alert(d, alerts) == NULL && onshi_decision_action(d, actions) == NULL, "index past the end");
    check(onshi_decision_rule_count(d) > 0 && strchr(onshi_decision_rule(d, 0), '.') != NULL, "rule ids");
    const char *ja = onshi_decision_staff_message(d, ONSHI_LANG_JA), *en = onshi_decision_staff_message(d, ONSHI_LANG_EN);
    check(ja && en && strstr(ja, "マイナ保険証") && strstr(en, "Coverage confirmed"), "staff messages in ja and en");
    check(onshi_decision_patient_message(d, ONSHI_LANG_EN) != NULL, "patient message");
    check(onshi_decision_staff_message(d, 7) == NULL, "unknown language");
    /* The typed form and the JSON form are the same decision. */
    char *json = NULL, *json2 = NULL;
    check(onshi_decision_to_json(d, &json) == ONSHI_STATUS_OK, "decision to json");
    check(onshi_decide_json(rules, MYNA_VISIT, &json2) == ONSHI_STATUS_OK && json && json2 && strcmp(json, json2) == 0,
          "typed and JSON decisions agree");
    check(json && strstr(json, "\"certificate_expires_soon\"") && strstr(json, "\"expires\":\"2026-03-01\""), "alert dates in JSON");
    onshi_string_free(json);
    onshi_string_free(json2);
    onshi_decision_free(d);

    /* A NULL decision reads as nothing, never a crash. */
    check(onshi_decision_coverage(NULL) == ONSHI_COVERAGE_UNKNOWN && onshi_decision_route(NULL) == ONSHI_ROUTE_NONE
          && onshi_decision_alert_count(NULL) == 0 && onshi_decision_rule(NULL, 0) == NULL
          && onshi_decision_copay_percent(NULL) == 0, "NULL decision accessors");
    onshi_decision_free(NULL);

    /* Outage: self-declaration, class B. */
    d = NULL;
    check(onshi_decide(rules, "{\"at\": \"2026-01-15\", \"facility\": {\"online\": \"down\"}, \"patient\": {\"birth_date\": \"1955-06-01\"},"
                              " \"presented\": {\"myna_card\": {\"registration\": \"registered\"}}}", &d) == ONSHI_STATUS_OK, "outage decision");
    check(onshi_decision_coverage(d) == ONSHI_COVERAGE_PROVISIONAL && onshi_decision_failure(d) == ONSHI_FAILURE_CLASS_ONLINE_UNUSABLE
          && onshi_decision_copay_basis(d) == ONSHI_COPAY_BASIS_AGE && onshi_decision_copay_percent(d) == 20, "outage: provisional, usual ratio by age");
    onshi_decision_free(d);
}

static void oqs_files(void) {
    size_t len = 0;
    char *xml = slurp("crates/onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml", &len);
    check(xml != NULL, "Shift_JIS fixture present");
    if (!xml) return;
    OnshiDecision *d = NULL;
    check(onshi_oqs_decide(rules, (const uint8_t *)xml, len, NULL, ONSHI_QUERIED_DOCUMENT_LEGACY_CARD, &d) == ONSHI_STATUS_OK,
          "OQS Shift_JIS face result decided");
    check(onshi_decision_route(d) == ONSHI_ROUTE_MYNA_ONLINE && onshi_decision_copay_percent(d) == 10
          && onshi_decision_copay_basis(d) == ONSHI_COPAY_BASIS_ONLINE, "OQS: route and 1割 from the file");
    const char *ceiling = onshi_decision_ceiling_category(d);
    check(ceiling && strcmp(ceiling, "一般Ⅰ") == 0, "OQS: ceiling category decoded from Shift_JIS");
    onshi_decision_free(d);
    d = NULL;
    check(onshi_oqs_decide(rules, (const uint8_t *)xml, len, "2026-03-02T09:00:00+09:00", 9, &d) == ONSHI_STATUS_INVALID_ARGUMENT && !d,
          "OQS: undefined document value");
    check(onshi_oqs_decide(rules, (const uint8_t *)xml, len / 2, NULL, 0, &d) == ONSHI_STATUS_OQS_ERROR && !d, "OQS: truncated file refused");
    check(strstr(last_error(), "XML") != NULL || strstr(last_error(), "missing") != NULL, "OQS: the message says what is wrong");

    /* The file's record as the online side of a reconciliation. */
    char *records = NULL, *reconciled = NULL;
    check(onshi_oqs_insurance_records_json((const uint8_t *)xml, len, &records) == ONSHI_STATUS_OK && records
          && records[0] == '[' && strstr(records, "\"insurer\""), "OQS: the records as insurance-record JSON");
    check(onshi_oqs_reconcile_json(rules, "{\"insurer\": \"39131016\", \"number\": \"00012345\", \"copay_percent\": 20,"
                                          " \"name\": \"試験　花子\", \"birth_date\": \"1945-06-06\"}",
                                   (const uint8_t *)xml, len, "2026-03-02", &reconciled) == ONSHI_STATUS_OK
          && reconciled[0] == '[' && strstr(reconciled, "\"outcome\":\"update_needed\"")
          && strstr(reconciled, "\"old\":\"20\",\"new\":\"10\""), "OQS: the stored 2割 against the file's 1割 needs an update");
    onshi_string_free(reconciled);
    onshi_string_free(records);
    records = NULL;
    check(onshi_oqs_insurance_records_json((const uint8_t *)xml, len / 2, &records) == ONSHI_STATUS_OQS_ERROR && !records,
          "OQS: a truncated file gives no records");
    reconciled = NULL;
    check(onshi_oqs_reconcile_json(rules, "{}", (const uint8_t *)xml, len, "2026-02-30", &reconciled) == ONSHI_STATUS_INVALID_INPUT
          && !reconciled && strstr(last_error(), "date"), "OQS: no such date, and the message names the field");
    free(xml);

    xml = slurp("crates/onshi-oqs/tests/fixtures/result-invalid-new-insurer.xml", &len);
    if (xml) {
        check(onshi_oqs_decide(rules, (const uint8_t *)xml, len, NULL, 0, &d) == ONSHI_STATUS_OQS_ERROR
              && strstr(last_error(), "ProcessExecutionTime"), "OQS: no time in the file, none given");
        check(onshi_oqs_decide(rules, (const uint8_t *)xml, len, "2026-03-02", ONSHI_QUERIED_DOCUMENT_LEGACY_CARD, &d) == ONSHI_STATUS_OK
              && onshi_decision_failure(d) == ONSHI_FAILURE_CLASS_QUALIFICATION_NOT_FOUND
              && onshi_decision_route(d) == ONSHI_ROUTE_SELF_DECLARATION, "OQS: invalid qualification is class A");
        onshi_decision_free(d);
        d = NULL;
        free(xml);
    }

    xml = slurp("../shared/data/oqs-samples/myclinic-face-result-utf8.xml", &len);
    if (xml) {
        check(onshi_oqs_decide(rules, (const uint8_t *)xml, len, NULL, 0, &d) == ONSHI_STATUS_OK
              && onshi_decision_coverage(d) == ONSHI_COVERAGE_COVERED, "OQS: the real sample is covered");
        onshi_decision_free(d);
        free(xml);
    } else {
        printf("note: ../shared/data/oqs-samples absent; the real OQS sample is skipped\n");
    }
}

/* A reader driven through the C callback: forwards to the simulated card, counts PIN
 * verifications, and can lose the link during VERIFY or claim an oversize response. */
typedef struct {
    OnshiSimulatedCard *sim;
    int verifies;
    int drop_verify;
    int oversize;
} Reader;

static uint32_t reader_transmit(void *context, const uint8_t *apdu, size_t apdu_len, uint8_t *response,
                                size_t capacity, size_t *response_len) {
    Reader *r = context;
    if (apdu_len > 5 && apdu[1] == 0x20) {
        r->verifies++;
        if (r->drop_verify) return ONSHI_TRANSMIT_RESULT_CARD_REMOVED;
    }
    if (r->oversize) {
        *response_len = capacity + 1;
        return ONSHI_TRANSMIT_RESULT_OK;
    }
    return onshi_simulated_card_transmit(r->sim, apdu, apdu_len, response, capacity, response_len);
}

static OnshiCard *open_card(Reader *r, const uint8_t *der, size_t der_len, uint8_t tries) {
    memset(r, 0, sizeof *r);
    check(onshi_simulated_card_new(der, der_len, "1234", tries, &r->sim) == ONSHI_STATUS_OK, "simulated card");
    OnshiTransport t = {r, reader_transmit};
    OnshiCard *card = NULL;
    check(onshi_card_new(&t, &card) == ONSHI_STATUS_OK && onshi_card_select(card) == ONSHI_STATUS_OK, "card session and SELECT");
    return card;
}

static void close_card(Reader *r, OnshiCard *card) {
    onshi_card_free(card);
    onshi_simulated_card_free(r->sim);
}

static void card_protocol(const uint8_t *der, size_t der_len, OnshiTrustAnchors *anchors) {
    Reader r;
    OnshiCard *card = open_card(&r, der, der_len, 3);
    OnshiTokenKind token = 0;
    check(onshi_card_token(card, &token) == ONSHI_STATUS_OK && token == ONSHI_TOKEN_KIND_PLASTIC_CARD, "token kind");
    uint8_t *read = NULL;
    size_t read_len = 0;
    check(onshi_card_read_certificate(card, &read, &read_len) == ONSHI_STATUS_OK && read_len == der_len
          && memcmp(read, der, der_len) == 0, "certificate read through the callback");
    if (anchors && read) {
        OnshiCertificateStatus status = 0;
        check(onshi_check_certificate(rules, anchors, read, read_len, "2030-05-31T10:00:00+09:00", &status, NULL) == ONSHI_STATUS_OK
              && status == ONSHI_CERTIFICATE_STATUS_IN_GRACE, "the card's certificate is in grace");
    }
    onshi_bytes_free(read, read_len);
    OnshiPinCounter counter = {0, 0};
    check(onshi_card_pin_counter(card, &counter) == ONSHI_STATUS_OK && counter.kind == ONSHI_PIN_COUNTER_KIND_REMAINING
          && counter.tries == 3, "PIN counter: 3 left");
    OnshiPinOutcome outcome;
    check(onshi_card_verify_pin(card, "0000", 0, &outcome) == ONSHI_STATUS_OK && outcome.result == ONSHI_PIN_RESULT_WRONG
          && outcome.counter.tries == 2, "wrong PIN: 2 left");
    check(onshi_card_verify_pin(card, "12a4", 0, &outcome) == ONSHI_STATUS_INVALID_PIN_FORMAT
          && strstr(last_error(), "12a4") == NULL, "bad PIN format, never repeated");
    check(onshi_card_verify_pin(card, "1234", 0, &outcome) == ONSHI_STATUS_OK && outcome.result == ONSHI_PIN_RESULT_VERIFIED
          && r.verifies == 2 && onshi_simulated_card_pin_attempts(r.sim) == 2, "right PIN; one VERIFY per call");
    close_card(&r, card);

    /* The last try: refused before anything is sent unless the patient confirmed. */
    card = open_card(&r, der, der_len, 1);
    check(onshi_card_verify_pin(card, "0000", 0, &outcome) == ONSHI_STATUS_LAST_TRY_NOT_CONFIRMED && r.verifies == 0,
          "last try not confirmed: nothing sent");
    check(onshi_card_verify_pin(card, "0000", 1, &outcome) == ONSHI_STATUS_OK && outcome.result == ONSHI_PIN_RESULT_BLOCKED,
          "confirmed last try, wrong PIN: blocked");
    check(onshi_card_verify_pin(card, "1234", 1, &outcome) == ONSHI_STATUS_PIN_BLOCKED && r.verifies == 1,
          "blocked: nothing sent");
    close_card(&r, card);

    /* The link fails during VERIFY: outcome unknown, never retried. */
    card = open_card(&r, der, der_len, 3);
    r.drop_verify = 1;
    check(onshi_card_verify_pin(card, "1234", 0, &outcome) == ONSHI_STATUS_VERIFY_OUTCOME_UNKNOWN && r.verifies == 1,
          "link lost during VERIFY: outcome unknown, not resent");
    r.drop_verify = 0;
    r.oversize = 1;
    check(onshi_card_pin_counter(card, &counter) == ONSHI_STATUS_READER_ERROR, "callback claims more bytes than the buffer");
    close_card(&r, card);

    OnshiTransport no_callback = {NULL, NULL};
    OnshiCard *none = NULL;
    check(onshi_card_new(&no_callback, &none) == ONSHI_STATUS_NULL_PARAMETER && !none, "transport without a callback");
    check(onshi_card_select(NULL) == ONSHI_STATUS_NULL_PARAMETER, "NULL card");
}

/* The kind slug of the last error: the core's for its errors, the domain's for the call's own. */
static void error_kinds(void) {
    char kind[64];
    size_t n = 0;
    OnshiRules *r = NULL;
    check(onshi_rules_from_json("{\"version\": \"x\", \"extends\": \"builtin\", \"rules\": [{\"id\": \"no.such-rule\","
                                " \"title\": {\"ja\": \"a\", \"en\": \"a\"}, \"from\": \"2026-01-01\", \"source\": \"s\"}]}", &r)
              == ONSHI_STATUS_RULE_ERROR
          && onshi_last_error_kind(kind, sizeof kind, &n) == ONSHI_STATUS_OK && !strcmp(kind, "unknown_rule") && n == 12,
          "kind: a rule-table refusal says unknown_rule");
    char field[64];
    check(onshi_last_error_field(field, sizeof field, &n) == ONSHI_STATUS_OK && !strcmp(field, "no.such-rule"),
          "field: the rule id a table refusal concerns");
    OnshiDecision *d = NULL;
    check(onshi_decide(rules, NULL, &d) == ONSHI_STATUS_NULL_PARAMETER
          && onshi_last_error_kind(kind, sizeof kind, &n) == ONSHI_STATUS_OK && !strcmp(kind, "missing_argument"),
          "kind: a NULL argument is missing_argument");
    check(onshi_last_error_field(field, sizeof field, &n) == ONSHI_STATUS_OK && n == 0 && field[0] == 0,
          "field: empty when the error concerns no field of an input");
    check(onshi_decide(rules, "{\"at\": \"soon\"}", &d) == ONSHI_STATUS_INVALID_INPUT
          && onshi_last_error_field(field, sizeof field, &n) == ONSHI_STATUS_OK && !strcmp(field, "at"),
          "field: the input field a refusal names");
    char *info = NULL;
    check(onshi_verify_number(ONSHI_NUMBER_KIND_INSURER, "9832 0567 3214", &info) == ONSHI_STATUS_PERSONAL_NUMBER && !info
          && onshi_last_error_kind(kind, sizeof kind, &n) == ONSHI_STATUS_OK && !strcmp(kind, "personal_number"),
          "kind: a 個人番号 is personal_number");
    check(onshi_last_error_kind(kind, 3, &n) == ONSHI_STATUS_BUFFER_TOO_SMALL && n == strlen("personal_number"),
          "kind: a short buffer is told the length");

    OnshiCertificateValidity v;
    check(onshi_certificate_validity(rules, "2021-04-20", "2026-04-20T14:59:59Z", "2026-01-01", ONSHI_REVOCATION_NOT_CHECKED, &v)
              == ONSHI_STATUS_INVALID_INPUT && strstr(last_error(), "not_before"),
          "validity: a day is not an instant, and the field is named");
    check(onshi_certificate_validity(rules, "2021-04-20T01:00:00Z", "2026-04-20T14:59:59Z", "2026-06-01", 9, &v)
              == ONSHI_STATUS_INVALID_ARGUMENT, "validity: an undefined revocation value");
    check(onshi_certificate_validity(rules, "2021-04-20T01:00:00Z", "2026-04-20T14:59:59Z", "2026-06-01",
                                     ONSHI_REVOCATION_NOT_CHECKED, &v) == ONSHI_STATUS_OK
              && v.status == ONSHI_CERTIFICATE_STATUS_IN_GRACE && v.insurance_use && !v.other_functions
              && !strcmp(v.expired, "2026-04-20") && !strcmp(v.grace_until, "2026-07-31") && v.expires[0] == 0,
          "validity: in grace, with its dates");
}

static void pin_status_words(void) {
    OnshiPinCounter c;
    check(onshi_pin_counter_from_status_word(0x63C3, &c) == ONSHI_STATUS_OK && c.kind == ONSHI_PIN_COUNTER_KIND_REMAINING
          && c.tries == 3, "63C3: 3 tries");
    check(onshi_pin_counter_from_status_word(0x6984, &c) == ONSHI_STATUS_OK && c.kind == ONSHI_PIN_COUNTER_KIND_BLOCKED, "6984: blocked");
    check(onshi_pin_counter_from_status_word(0x63C0, &c) == ONSHI_STATUS_OK && c.kind == ONSHI_PIN_COUNTER_KIND_BLOCKED, "63C0: blocked");
    check(onshi_pin_counter_from_status_word(0x9000, &c) == ONSHI_STATUS_OK && c.kind == ONSHI_PIN_COUNTER_KIND_NOT_REPORTED, "9000: not reported");
    check(onshi_pin_counter_from_status_word(0x6300, &c) == ONSHI_STATUS_OK && c.kind == ONSHI_PIN_COUNTER_KIND_NO_LIMIT, "6300: no limit");
    check(onshi_pin_counter_from_status_word(0x6A82, &c) == ONSHI_STATUS_INVALID_INPUT && strstr(last_error(), "6A82"), "6A82 is never guessed");
    char kind[64];
    size_t n = 0;
    check(onshi_last_error_kind(kind, sizeof kind, &n) == ONSHI_STATUS_OK && !strcmp(kind, "input"),
          "kind: an input the call itself refuses is input");
    check(onshi_pin_counter_from_status_word(0x63C3, NULL) == ONSHI_STATUS_NULL_PARAMETER, "NULL out");
}

static void certificates(void) {
    const char *dir = getenv("ONSHI_CERT_DIR");
    if (!dir) {
        printf("note: ONSHI_CERT_DIR not set; certificate and card checks skipped\n");
        return;
    }
    char path[1024];
    size_t root_len = 0, der_len = 0;
    snprintf(path, sizeof path, "%s/root.pem", dir);
    char *root = slurp(path, &root_len);
    snprintf(path, sizeof path, "%s/card.der", dir);
    uint8_t *der = (uint8_t *)slurp(path, &der_len);
    check(root && der && der_len > 0, "test certificates present");
    if (!root || !der) { free(root); free(der); return; }

    OnshiTrustAnchors *anchors = NULL;
    check(onshi_trust_anchors_new(&anchors) == ONSHI_STATUS_OK, "anchors");
    check(onshi_trust_anchors_add(anchors, (const uint8_t *)"junk", 4) == ONSHI_STATUS_CERTIFICATE_ERROR
          && onshi_trust_anchors_count(anchors) == 0, "junk anchor refused, set unchanged");
    check(onshi_trust_anchors_add(anchors, (const uint8_t *)root, root_len) == ONSHI_STATUS_OK
          && onshi_trust_anchors_count(anchors) == 1, "root added");
    char *json = NULL;
    OnshiCertificateStatus status = 0;
    check(onshi_check_certificate(rules, anchors, der, der_len, "2030-05-31T10:00:00+09:00", &status, &json) == ONSHI_STATUS_OK
          && status == ONSHI_CERTIFICATE_STATUS_IN_GRACE && json && strstr(json, "\"status\":\"in_grace\""), "certificate in grace");
    onshi_string_free(json);
    check(onshi_check_certificate(rules, anchors, der, der_len, "2020-01-01", &status, NULL) == ONSHI_STATUS_OK
          && status == ONSHI_CERTIFICATE_STATUS_NOT_YET_VALID, "certificate not yet valid");
    OnshiTrustAnchors *empty = NULL;
    onshi_trust_anchors_new(&empty);
    check(onshi_check_certificate(rules, empty, der, der_len, "2026-01-15", &status, NULL) == ONSHI_STATUS_CERTIFICATE_ERROR,
          "no anchor: refused");
    onshi_trust_anchors_free(empty);

    card_protocol(der, der_len, anchors);

    der[der_len - 1] ^= 1; /* damage the signature */
    json = NULL;
    check(onshi_check_certificate(rules, anchors, der, der_len, "2026-01-15", &status, &json) == ONSHI_STATUS_CERTIFICATE_ERROR
          && json == NULL, "damaged signature refused");
    onshi_trust_anchors_free(anchors);
    free(root);
    free(der);
}

static void errors(void) {
    char *out = NULL;
    check(onshi_decide_json(rules, "{\"at\": \"2026-01-15\", \"facility\": {\"reader\": \"laser\"}}", &out)
          == ONSHI_STATUS_INVALID_INPUT && out == NULL, "invalid input is a status");
    check(strstr(last_error(), "facility.reader") != NULL, "the message names the field");
    check(onshi_decide_json(NULL, "{}", &out) == ONSHI_STATUS_NULL_PARAMETER, "NULL rules");
    check(onshi_decide_json(rules, NULL, &out) == ONSHI_STATUS_NULL_PARAMETER, "NULL visit");
    check(onshi_decide_json(rules, "{}", NULL) == ONSHI_STATUS_NULL_PARAMETER, "NULL out");
    check(onshi_decide_json(rules, "{\"at\": \"\xff\"}", &out) == ONSHI_STATUS_INVALID_UTF8, "invalid UTF-8");
    /* Oversize input: a code, not an attempt. */
    size_t big = (1u << 20) + 16;
    char *huge = malloc(big + 1);
    if (huge) {
        memset(huge, ' ', big);
        huge[big] = 0;
        OnshiDecision *d = NULL;
        check(onshi_decide(rules, huge, &d) == ONSHI_STATUS_TOO_LARGE && !d && strstr(last_error(), "at most"), "oversize visit");
        free(huge);
    }
    /* A cancellation whose last day is past 9999 does not fit its 11-byte buffer: refused, the
       buffer untouched (it was written past its end once). */
    char day[11] = "untouched!";
    check(onshi_cancellation_effective(rules, "9999-12-15", day) == ONSHI_STATUS_INVALID_INPUT
          && strcmp(day, "untouched!") == 0, "a last day past 9999 is refused, not cut short");
    check(onshi_cancellation_effective(rules, "2026-01-15", day) == ONSHI_STATUS_OK
          && strcmp(day, "2026-02-28") == 0, "a cancellation's last day as YYYY-MM-DD");
    OnshiRules *bad = NULL;
    check(onshi_rules_from_json("{\"version\": ", &bad) == ONSHI_STATUS_RULE_ERROR && bad == NULL, "bad rule table");
    size_t need = 0;
    char small[2];
    check(onshi_last_error_message(small, sizeof small, &need) == ONSHI_STATUS_BUFFER_TOO_SMALL && need > 2, "buffer too small");
    OnshiRules *overlay = NULL;
    check(onshi_rules_from_json("{\"version\": \"c\", \"extends\": \"builtin\", \"rules\": []}", &overlay) == ONSHI_STATUS_OK, "overlay");
    onshi_rules_free(overlay);
    onshi_rules_free(NULL);
    onshi_string_free(NULL);
    onshi_bytes_free(NULL, 0);
    check(strlen(onshi_version()) > 0, "version");
    check(strstr(onshi_status_text(ONSHI_STATUS_PIN_BLOCKED, ONSHI_LANG_JA), "ロック") != NULL
          && strstr(onshi_status_text(ONSHI_STATUS_PIN_BLOCKED, ONSHI_LANG_EN), "blocked") != NULL, "status labels in ja and en");

    /* Numbers: a valid one gives JSON, a bad one names the rule, an undefined kind is refused. */
    out = NULL;
    check(onshi_verify_number(ONSHI_NUMBER_KIND_INSURER, "  131011", &out) == ONSHI_STATUS_OK
          && out && strstr(out, "\"normalized\":\"131011\""), "valid insurer number");
    onshi_string_free(out);
    out = NULL;
    check(onshi_verify_number(ONSHI_NUMBER_KIND_INSTITUTION, "2714206383", &out) == ONSHI_STATUS_INVALID_NUMBER
          && out == NULL && strstr(last_error(), "check digit"), "bad institution code names the rule");
    check(onshi_verify_number(99, "131011", &out) == ONSHI_STATUS_INVALID_ARGUMENT && out == NULL
          && strstr(last_error(), "kind 99") && strstr(last_error(), "ONSHI_NUMBER_KIND_"),
          "undefined number kind, the argument and its constants named");

    /* A 12-digit 個人番号 is one status wherever it is met: a number, a visit, an OQS file; the
       message names the field and never the value. */
    check(onshi_verify_number(ONSHI_NUMBER_KIND_INSURER, "9832-0567-3214", &out) == ONSHI_STATUS_PERSONAL_NUMBER
          && out == NULL && !strstr(last_error(), "0567"), "a My Number as a number: PERSONAL_NUMBER");
    check(onshi_decide_json(rules, "{\"at\": \"2026-01-15\", \"presented\": {\"legacy_card\": "
                                   "{\"insured\": {\"number\": \"9832 0567 3214\"}}}}", &out) == ONSHI_STATUS_PERSONAL_NUMBER
          && out == NULL && !strstr(last_error(), "0567") && strstr(last_error(), "number"),
          "a My Number in a visit: PERSONAL_NUMBER");
    const char *myna_file = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader>"
        "<CharacterCodeIdentifier>0</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult></MessageHeader>"
        "<MessageBody><QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>"
        "<InsurerNumber>983205673214</InsurerNumber></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
    OnshiDecision *personal = NULL;
    check(onshi_oqs_decide(rules, (const uint8_t *)myna_file, strlen(myna_file), NULL, 0, &personal)
              == ONSHI_STATUS_PERSONAL_NUMBER
          && personal == NULL && strstr(last_error(), "InsurerNumber") && !strstr(last_error(), "0567"),
          "a My Number in an OQS file: PERSONAL_NUMBER");
    check(strstr(onshi_status_text(ONSHI_STATUS_PERSONAL_NUMBER, ONSHI_LANG_EN), "My Number") != NULL,
          "PERSONAL_NUMBER has a label");

    /* An OQS file length beyond the limit is refused before the bytes are read, even (size_t)-1. */
    OnshiDecision *oversize = NULL;
    check(onshi_oqs_decide(rules, (const uint8_t *)"<", (size_t)-1, NULL, 0, &oversize) == ONSHI_STATUS_TOO_LARGE
          && oversize == NULL, "oqs_decide checks its length");
    /* A NUL escaped into a visit cannot reach a C string: bad input, not a panic. */
    char *nul_json = NULL;
    OnshiDecision *nul = NULL;
    check(onshi_decide(rules, "{\"at\": \"2026-01-15\", \"presented\": {\"qualification_certificate\": "
                              "{\"valid_until\": \"2027-07-31\"}, \"ceiling_certificate\": "
                              "{\"category\": \"A\\u0000B\", \"valid_until\": \"2027-07-31\"}}}", &nul)
              == ONSHI_STATUS_INVALID_INPUT && nul == NULL && strstr(last_error(), "NUL"),
          "a NUL in the input is bad input, not a panic");
    check(onshi_decide_json(rules, "{\"at\": \"2026-01-15\", \"presented\": {\"qualification_certificate\": "
                                   "{\"valid_until\": \"2027-07-31\"}, \"ceiling_certificate\": "
                                   "{\"category\": \"A\\u0000B\", \"valid_until\": \"2027-07-31\"}}}", &nul_json)
              != ONSHI_STATUS_PANIC, "a NUL in the input is never a panic (JSON out)");
    onshi_string_free(nul_json);
    /* Trailing data after the visit is refused. */
    OnshiDecision *two = NULL;
    check(onshi_decide(rules, "{\"at\": \"2026-01-15\"} {\"at\": \"2026-01-16\"}", &two) == ONSHI_STATUS_INVALID_INPUT
          && two == NULL && strstr(last_error(), "after the JSON document"), "trailing data refused");

    /* A panic inside the library becomes a status and a message; the library stays usable. */
    check(onshi_test_panic() == ONSHI_STATUS_PANIC && strstr(last_error(), "panic") != NULL, "forced panic is caught");
    OnshiDecision *d = NULL;
    check(onshi_decide(rules, MYNA_VISIT, &d) == ONSHI_STATUS_OK && onshi_decision_route(d) == ONSHI_ROUTE_MYNA_ONLINE,
          "usable after a panic");
    onshi_decision_free(d);
}

/* 高額療養費 limits for service month 2026-11 (the 2026-08 table), the audit, planned rows. */
static void ceilings_and_audit(void) {
    uint64_t limit = 0;
    char *json = NULL;
    check(onshi_monthly_ceiling(rules, "2026-11-01", "ウ", 1000000, 0, &limit, &json) == ONSHI_STATUS_OK
          && limit == 92940 && json && strstr(json, "\"annual_cap\":530000")
          && strstr(json, "\"rule\":\"ceiling.monthly-limits\""), "ウ in 2026-11: 92,940 and the annual cap");
    onshi_string_free(json);
    check(onshi_monthly_ceiling(rules, "2026-07-31", "A03", 1000000, 0, &limit, NULL) == ONSHI_STATUS_OK
          && limit == 87430, "ウ in 2026-07: the 2018 table");
    check(onshi_monthly_ceiling(rules, "2026-11-01", "B04", 100000, ONSHI_CEILING_FLAG_OUTPATIENT, &limit, NULL)
              == ONSHI_STATUS_OK && limit == 22000, "一般 outpatient in 2026-11: 22,000");
    check(onshi_monthly_ceiling(rules, "2026-11-01", "現役並みⅢ", 1000000, ONSHI_CEILING_FLAG_OUTPATIENT, &limit, NULL)
              == ONSHI_STATUS_OK && limit == 271290, "現役並み outpatient month capped by the monthly formula");
    check(onshi_monthly_ceiling(rules, "2025-09-30", "B09", 50000, ONSHI_CEILING_FLAG_OUTPATIENT, &limit, NULL)
              == ONSHI_STATUS_OK && limit == 8000, "後期 2割 配慮措置 on its last day");
    limit = 1;
    check(onshi_monthly_ceiling(rules, "2027-08-01", "ウ", 1000000, 0, &limit, NULL) == ONSHI_STATUS_NO_CEILING_TABLE
          && limit == 1 && strstr(last_error(), "rules audit"), "2027-08 without planned rows: no table");
    check(onshi_monthly_ceiling(rules, "2026-11-01", "カ", 0, 0, &limit, NULL) == ONSHI_STATUS_UNKNOWN_CATEGORY,
          "unknown 区分");
    check(onshi_monthly_ceiling(rules, "2026-13-01", "ウ", 0, 0, &limit, NULL) == ONSHI_STATUS_INVALID_INPUT
          && strstr(last_error(), "month"), "bad month names the argument");
    check(onshi_monthly_ceiling(rules, "2026-11-01", "ウ", 0, 64, &limit, NULL) == ONSHI_STATUS_INVALID_ARGUMENT,
          "undefined flag");

    OnshiRules *planned = NULL;
    check(onshi_rules_with_planned(rules, &planned) == ONSHI_STATUS_OK
          && onshi_monthly_ceiling(planned, "2027-08-01", "28万〜34万円", 1000000, 0, &limit, NULL) == ONSHI_STATUS_OK
          && limit == 92940, "planned 2027-08 band with planned rows");

    bool gap = true;
    json = NULL;
    check(onshi_rules_audit_json(rules, "2026-11-30", &gap, &json) == ONSHI_STATUS_OK && !gap && json
          && strstr(json, "\"reviewed\":\"2026-12-07\"") && strstr(json, "\"kind\":\"planned\""),
          "built-in table: no gap on 2026-11-30");
    onshi_string_free(json);
    json = NULL;
    check(onshi_rules_audit_json(rules, "2027-08-01", &gap, &json) == ONSHI_STATUS_OK && gap && json
          && strstr(json, "\"kind\":\"gap\""), "2027-08-01: gaps listed");
    onshi_string_free(json);
    json = NULL;
    check(onshi_rules_audit_json(planned, "2027-08-01", &gap, &json) == ONSHI_STATUS_OK && json
          && !strstr(json, "\"id\":\"ceiling.monthly-limits\",\"ended\""), "planned rows close the ceiling gap");
    onshi_string_free(json);
    check(onshi_rules_audit_json(rules, "someday", &gap, &json) == ONSHI_STATUS_INVALID_INPUT, "bad audit date");
    onshi_rules_free(planned);
}

void run_api_checks(void) {
    if (onshi_rules_builtin(&rules) != ONSHI_STATUS_OK) {
        check(0, "builtin rules for the API checks");
        return;
    }
    typed_decision();
    error_kinds();
    oqs_files();
    pin_status_words();
    certificates();
    errors();
    ceilings_and_audit();
    onshi_rules_free(rules);
}
