/* The C tests' runner: the shared conformance vectors through the C API's typed calls, then the
 * API checks (api.c). The vectors go through onshi_decide and the decision
 * accessors for the reception suite, onshi_verify_number for numbers, onshi_monthly_ceiling for
 * ceilings, onshi_reconcile_json, onshi_parse_wareki, onshi_to_wareki_json, onshi_normalize_kana,
 * onshi_compare_names and onshi_match_person_json for the reconcile, wareki and names suites,
 * onshi_rules_from_json (with onshi_last_error_kind) for rules, onshi_rules_audit_json for audit, and
 * the onshi_card_* calls over a transcript-playing transport for card, onshi_certificate_validity
 * for certificate, onshi_oqs_result_json and onshi_oqs_decide for oqs, the onshi_script_* calls for
 * script, onshi_can_register, onshi_cancellation_effective and onshi_registration_on for
 * registration, and the onshi_*facility calls for facilities: every suite. Each
 * `expect` key is checked here, in C; a key this runner does not know fails its case. The library
 * has no vector runner of its own: C proves itself by running the shared vectors through its own
 * functions. Run from the repository root (api.c reads fixtures from there).
 *
 * Usage: vectors BUILTIN_RULES.json FILE.json...   Ends with "N passed, N failed". */
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "onshi.h"
#include "check.h"

size_t passed = 0, failed = 0;
static const char *builtin_table = NULL; /* default.json, for cases that drop rows */

/* Whether every route, alert and action kind the core knows was reached by some case. */
static char reached[256][64];
static size_t reached_count = 0;

static void reach(const char *what) {
    for (size_t i = 0; i < reached_count; i++)
        if (strcmp(reached[i], what) == 0) return;
    if (reached_count < 256) snprintf(reached[reached_count++], sizeof reached[0], "%s", what);
}

static int was_reached(const char *what) {
    for (size_t i = 0; i < reached_count; i++)
        if (strcmp(reached[i], what) == 0) return 1;
    return 0;
}

void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    if (buf && len) *len = (size_t)n;
    fclose(f);
    return buf;
}

const char *last_error(void) {
    static char message[65536];
    size_t n = 0;
    if (onshi_last_error_message(message, sizeof message, &n) != ONSHI_STATUS_OK) message[0] = 0;
    return message;
}

/* Problems of the case being run. */
static char problems[8192];

static void problem(const char *format, ...) {
    size_t used = strlen(problems);
    if (used + 2 >= sizeof problems) return;
    va_list args;
    va_start(args, format);
    vsnprintf(problems + used, sizeof problems - used, format, args);
    va_end(args);
    strncat(problems, "; ", sizeof problems - strlen(problems) - 1);
}

/* The slugs of the C enums, as the vectors write them. */
static const char *coverage_slug(OnshiCoverage c) {
    switch (c) {
    case ONSHI_COVERAGE_COVERED: return "covered";
    case ONSHI_COVERAGE_PROVISIONAL: return "provisional";
    case ONSHI_COVERAGE_PENDING: return "pending";
    case ONSHI_COVERAGE_NOT_COVERED: return "not_covered";
    default: return "?";
    }
}

static const char *route_slug(OnshiRoute r) {
    switch (r) {
    case ONSHI_ROUTE_MYNA_ONLINE: return "myna_online";
    case ONSHI_ROUTE_CARD_WITH_NOTICE: return "card_with_notice";
    case ONSHI_ROUTE_CARD_WITH_PORTAL: return "card_with_portal";
    case ONSHI_ROUTE_QUALIFICATION_CERTIFICATE: return "qualification_certificate";
    case ONSHI_ROUTE_LEGACY_CARD: return "legacy_card";
    case ONSHI_ROUTE_LEGACY_CARD_QUERIED: return "legacy_card_queried";
    case ONSHI_ROUTE_NOTICE_QUERIED: return "notice_queried";
    case ONSHI_ROUTE_SELF_DECLARATION: return "self_declaration";
    case ONSHI_ROUTE_NONE: return "none";
    default: return "?";
    }
}

static const char *failure_slug(OnshiFailureClass f) {
    switch (f) {
    case ONSHI_FAILURE_CLASS_QUALIFICATION_NOT_FOUND: return "a";
    case ONSHI_FAILURE_CLASS_ONLINE_UNUSABLE: return "b";
    default: return NULL;
    }
}

static const char *basis_slug(OnshiCopayBasis b) {
    switch (b) {
    case ONSHI_COPAY_BASIS_ONLINE: return "online";
    case ONSHI_COPAY_BASIS_DOCUMENT: return "document";
    case ONSHI_COPAY_BASIS_AGE: return "age";
    case ONSHI_COPAY_BASIS_UNKNOWN: return "unknown";
    default: return "?";
    }
}

static int decision_has(const OnshiDecision *d, int actions, const char *kind) {
    size_t n = actions ? onshi_decision_action_count(d) : onshi_decision_alert_count(d);
    for (size_t i = 0; i < n; i++) {
        const char *k = actions ? onshi_decision_action(d, i) : onshi_decision_alert(d, i);
        if (k && strcmp(k, kind) == 0) return 1;
    }
    return 0;
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rule table a case names: its own, the built-in less some rows, with planned rows. */
static OnshiRules *case_rules(cJSON *input, OnshiRules *builtin) {
    cJSON *table = cJSON_GetObjectItemCaseSensitive(input, "rules");
    cJSON *drop = cJSON_GetObjectItemCaseSensitive(input, "drop_rows");
    cJSON *planned = cJSON_GetObjectItemCaseSensitive(input, "planned");
    OnshiRules *rules = NULL;
    char *text = NULL;
    if (drop && builtin_table) {
        cJSON *full = cJSON_Parse(builtin_table);
        cJSON *rows = cJSON_GetObjectItemCaseSensitive(full, "rules");
        for (int i = cJSON_GetArraySize(rows) - 1; i >= 0; i--) {
            cJSON *row = cJSON_GetArrayItem(rows, i);
            cJSON *d;
            cJSON_ArrayForEach(d, drop) {
                const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "id"));
                const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "from"));
                const char *rid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, "id"));
                const char *rfrom = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, "from"));
                if (id && from && rid && rfrom && !strcmp(id, rid) && !strcmp(from, rfrom)) {
                    cJSON_DeleteItemFromArray(rows, i);
                    break;
                }
            }
        }
        text = cJSON_PrintUnformatted(full);
        cJSON_Delete(full);
    } else if (table) {
        text = cJSON_PrintUnformatted(table);
    }
    if (text) {
        if (onshi_rules_from_json(text, &rules) != ONSHI_STATUS_OK) problem("rule table refused: %s", last_error());
        free(text);
    }
    if (cJSON_IsTrue(planned)) {
        OnshiRules *with = NULL;
        if (onshi_rules_with_planned(rules ? rules : builtin, &with) != ONSHI_STATUS_OK) problem("planned: %s", last_error());
        onshi_rules_free(rules);
        rules = with;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(input, "rules");
    cJSON_DeleteItemFromObjectCaseSensitive(input, "drop_rows");
    cJSON_DeleteItemFromObjectCaseSensitive(input, "planned");
    return rules;
}

static void reception(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    OnshiRules *own = case_rules(input, builtin);
    OnshiRules *rules = own ? own : builtin;
    char *visit = cJSON_PrintUnformatted(input);
    OnshiDecision *d = NULL;
    OnshiStatus status = onshi_decide(rules, visit, &d);
    free(visit);
    cJSON *want_error = cJSON_GetObjectItemCaseSensitive(expect, "error");
    if (want_error) {
        OnshiStatus want = strcmp(want_error->valuestring, "personal_number") == 0
            ? ONSHI_STATUS_PERSONAL_NUMBER : ONSHI_STATUS_INVALID_INPUT;
        if (status != want) problem("error: expected status %u for %s, got %u", want, want_error->valuestring, status);
        onshi_decision_free(d);
        onshi_rules_free(own);
        return;
    }
    if (status != ONSHI_STATUS_OK) {
        problem("decide refused: %s", last_error());
        onshi_rules_free(own);
        return;
    }
    char *json_text = NULL;
    onshi_decision_to_json(d, &json_text);
    cJSON *json = cJSON_Parse(json_text ? json_text : "{}");
    onshi_string_free(json_text);
    cJSON *alerts_json = cJSON_GetObjectItemCaseSensitive(json, "alerts");

    reach(route_slug(onshi_decision_route(d)));
    for (size_t i = 0; i < onshi_decision_alert_count(d); i++) reach(onshi_decision_alert(d, i));
    for (size_t i = 0; i < onshi_decision_action_count(d); i++) reach(onshi_decision_action(d, i));

    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "coverage")) {
            const char *got = coverage_slug(onshi_decision_coverage(d));
            if (strcmp(got, key->valuestring)) problem("coverage: expected %s, got %s", key->valuestring, got);
        } else if (!strcmp(k, "route")) {
            const char *got = route_slug(onshi_decision_route(d));
            if (strcmp(got, key->valuestring)) problem("route: expected %s, got %s", key->valuestring, got);
        } else if (!strcmp(k, "failure")) {
            const char *got = failure_slug(onshi_decision_failure(d));
            const char *want = cJSON_IsNull(key) ? NULL : key->valuestring;
            if ((got == NULL) != (want == NULL) || (got && strcmp(got, want)))
                problem("failure: expected %s, got %s", want ? want : "null", got ? got : "null");
        } else if (!strcmp(k, "copay_percent")) {
            int got = onshi_decision_copay_percent(d);
            int want = cJSON_IsNull(key) ? 0 : key->valueint;
            if (got != want) problem("copay_percent: expected %d, got %d", want, got);
        } else if (!strcmp(k, "copay_basis")) {
            const char *got = basis_slug(onshi_decision_copay_basis(d));
            if (strcmp(got, key->valuestring)) problem("copay_basis: expected %s, got %s", key->valuestring, got);
        } else if (!strcmp(k, "alerts")) {
            /* The exact multiset of alert kinds. */
            size_t n = onshi_decision_alert_count(d), m = (size_t)cJSON_GetArraySize(key);
            const char **got = calloc(n + 1, sizeof *got), **want = calloc(m + 1, sizeof *want);
            for (size_t i = 0; i < n; i++) got[i] = onshi_decision_alert(d, i);
            for (size_t i = 0; i < m; i++) {
                cJSON *a = cJSON_GetArrayItem(key, (int)i);
                want[i] = cJSON_IsString(a) ? a->valuestring
                                            : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "kind"));
            }
            qsort(got, n, sizeof *got, compare_strings);
            qsort(want, m, sizeof *want, compare_strings);
            int same = n == m;
            for (size_t i = 0; same && i < n; i++) same = got[i] && want[i] && !strcmp(got[i], want[i]);
            if (!same) problem("alerts differ (%zu expected, %zu got)", m, n);
            free(got);
            free(want);
        } else if (!strcmp(k, "actions")) {
            cJSON *a;
            cJSON_ArrayForEach(a, key) if (!decision_has(d, 1, a->valuestring)) problem("action %s missing", a->valuestring);
        } else if (!strcmp(k, "actions_exclude")) {
            cJSON *a;
            cJSON_ArrayForEach(a, key) if (decision_has(d, 1, a->valuestring)) problem("action %s present", a->valuestring);
        } else if (!strcmp(k, "first_action")) {
            const char *got = onshi_decision_action_count(d) ? onshi_decision_action(d, 0) : "";
            if (strcmp(got, key->valuestring)) problem("first_action: expected %s, got %s", key->valuestring, got);
        } else if (!strcmp(k, "identity_methods")) {
            cJSON *action, *methods = NULL;
            cJSON_ArrayForEach(action, cJSON_GetObjectItemCaseSensitive(json, "actions")) {
                const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(action, "kind"));
                if (kind && !strcmp(kind, "confirm_identity")) methods = cJSON_GetObjectItemCaseSensitive(action, "methods");
            }
            if (!methods || !cJSON_Compare(methods, key, 1)) problem("identity_methods differ");
        } else if (!strcmp(k, "rules") || !strcmp(k, "rules_exclude")) {
            int exclude = !strcmp(k, "rules_exclude");
            cJSON *r;
            cJSON_ArrayForEach(r, key) {
                int found = 0;
                for (size_t i = 0; i < onshi_decision_rule_count(d); i++) found |= !strcmp(onshi_decision_rule(d, i), r->valuestring);
                if (found == exclude) problem("rule %s %s", r->valuestring, exclude ? "present" : "missing");
            }
        } else if (!strcmp(k, "staff_message_contains")) {
            const char *ja = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(key, "ja"));
            const char *en = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(key, "en"));
            if (ja && !strstr(onshi_decision_staff_message(d, ONSHI_LANG_JA), ja)) problem("staff message (ja) lacks %s", ja);
            if (en && !strstr(onshi_decision_staff_message(d, ONSHI_LANG_EN), en)) problem("staff message (en) lacks %s", en);
        } else if (!strcmp(k, "ceiling")) {
            const char *category = onshi_decision_ceiling_category(d);
            const char *want = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(key, "category"));
            const char *basis = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(key, "basis"));
            OnshiCeilingBasis want_basis = !basis ? ONSHI_CEILING_BASIS_NONE
                : !strcmp(basis, "online") ? ONSHI_CEILING_BASIS_ONLINE
                : !strcmp(basis, "certificate") ? ONSHI_CEILING_BASIS_CERTIFICATE : 99;
            if (cJSON_IsNull(key) ? category != NULL : (!category || !want || strcmp(category, want)))
                problem("ceiling category differs");
            if (onshi_decision_ceiling_basis(d) != want_basis)
                problem("ceiling basis %u, not %s", onshi_decision_ceiling_basis(d), basis ? basis : "none");
        } else if (!strcmp(k, "ceiling_limit")) {
            uint64_t limit = onshi_decision_ceiling_limit(d);
            if (cJSON_IsNull(key) ? limit != 0 : (double)limit != key->valuedouble)
                problem("ceiling_limit %llu differs", (unsigned long long)limit);
        } else if (!strcmp(k, "dates")) {
            cJSON *field;
            cJSON_ArrayForEach(field, key) {
                int found = 0;
                cJSON *a;
                cJSON_ArrayForEach(a, alerts_json) {
                    cJSON *v = cJSON_GetObjectItemCaseSensitive(a, field->string);
                    found |= v && cJSON_Compare(v, field, 1);
                }
                if (!found) problem("no alert has %s", field->string);
            }
        } else if (!strcmp(k, "not_used")) {
            cJSON *got = cJSON_CreateObject(), *a;
            cJSON_ArrayForEach(a, alerts_json) {
                const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "kind"));
                if (kind && !strcmp(kind, "document_not_used"))
                    cJSON_AddStringToObject(got, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "document")),
                                            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "reason")));
            }
            if (!cJSON_Compare(got, key, 1)) problem("not_used differs");
            cJSON_Delete(got);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(json);
    onshi_decision_free(d);
    onshi_rules_free(own);
}

static void numbers(cJSON *input, cJSON *expect) {
    static const struct { const char *slug; uint32_t kind; } kinds[] = {
        {"insurer", ONSHI_NUMBER_KIND_INSURER}, {"public_payer", ONSHI_NUMBER_KIND_PUBLIC_PAYER},
        {"public_recipient", ONSHI_NUMBER_KIND_PUBLIC_RECIPIENT}, {"institution", ONSHI_NUMBER_KIND_INSTITUTION},
        {"branch", ONSHI_NUMBER_KIND_BRANCH},
    };
    const char *slug = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "kind"));
    const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "value"));
    uint32_t kind = 0;
    for (size_t i = 0; slug && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].slug, slug)) kind = kinds[i].kind;
    char *out = NULL;
    OnshiStatus status = onshi_verify_number(kind, value ? value : "", &out);
    cJSON *info = cJSON_Parse(out ? out : "{}");
    onshi_string_free(out);
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "valid")) {
            if ((status == ONSHI_STATUS_OK) != cJSON_IsTrue(key)) problem("valid: got status %u (%s)", status, last_error());
        } else if (!strcmp(k, "error")) {
            OnshiStatus want = !strcmp(key->valuestring, "personal_number") ? ONSHI_STATUS_PERSONAL_NUMBER : ONSHI_STATUS_INVALID_NUMBER;
            if (status != want) problem("error %s: got status %u", key->valuestring, status);
        } else if (!strcmp(k, "normalized") || !strcmp(k, "prefecture") || !strcmp(k, "law") || !strcmp(k, "law_name")) {
            cJSON *got = cJSON_GetObjectItemCaseSensitive(info, k);
            if (!(got ? cJSON_Compare(got, key, 1) : cJSON_IsNull(key))) problem("%s differs", k);
        } else if (!strcmp(k, "note_contains")) {
            int found = 0;
            cJSON *note;
            cJSON_ArrayForEach(note, cJSON_GetObjectItemCaseSensitive(info, "notes")) {
                const char *text = cJSON_GetStringValue(note);
                if (text && cJSON_IsString(key) && strstr(text, key->valuestring)) found = 1;
            }
            if (!found) problem("no note contains \"%s\"", cJSON_IsString(key) ? key->valuestring : "?");
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(info);
}

static void ceilings(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    OnshiRules *own = case_rules(input, builtin);
    const char *month = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "month"));
    const char *category = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "category"));
    cJSON *cost = cJSON_GetObjectItemCaseSensitive(input, "medical_cost");
    uint32_t flags = (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(input, "many_times")) ? ONSHI_CEILING_FLAG_MANY_TIMES : 0)
        | (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(input, "outpatient")) ? ONSHI_CEILING_FLAG_OUTPATIENT : 0)
        | (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(input, "birthday_75_month")) ? ONSHI_CEILING_FLAG_BIRTHDAY75_MONTH : 0);
    uint64_t limit = 0;
    char *out = NULL;
    OnshiStatus status = onshi_monthly_ceiling(own ? own : builtin, month ? month : "", category ? category : "",
                                               cost ? (uint64_t)cost->valuedouble : 0, flags, &limit, &out);
    cJSON *amount = cJSON_Parse(out ? out : "{}");
    onshi_string_free(out);
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "error")) {
            OnshiStatus want = !strcmp(key->valuestring, "no_table") ? ONSHI_STATUS_NO_CEILING_TABLE
                : !strcmp(key->valuestring, "unknown_category") ? ONSHI_STATUS_UNKNOWN_CATEGORY : ONSHI_STATUS_INVALID_INPUT;
            if (status != want) problem("error %s: got status %u", key->valuestring, status);
        } else if (status != ONSHI_STATUS_OK) {
            problem("refused: %s", last_error());
            break;
        } else if (!strcmp(k, "limit")) {
            if ((double)limit != key->valuedouble) problem("limit: expected %.0f, got %llu", key->valuedouble, (unsigned long long)limit);
        } else if (!strcmp(k, "rule") || !strcmp(k, "annual_cap") || !strcmp(k, "annual_cap_low_income") || !strcmp(k, "outpatient_annual_cap")) {
            cJSON *got = cJSON_GetObjectItemCaseSensitive(amount, k);
            if (!(got ? cJSON_Compare(got, key, 1) : cJSON_IsNull(key))) problem("%s differs", k);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(amount);
    onshi_rules_free(own);
}

/* `reconcile` through onshi_reconcile_json; the JSON answer's fields are compared in C. */
static void reconcile_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    char *stored = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "stored"));
    char *online = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "online"));
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "date"));
    char *out = NULL;
    OnshiStatus status = onshi_reconcile_json(builtin, stored, online, date ? date : "", &out);
    free(stored);
    free(online);
    cJSON *want_error = cJSON_GetObjectItemCaseSensitive(expect, "error");
    if (want_error) {
        OnshiStatus want = !strcmp(want_error->valuestring, "personal_number") ? ONSHI_STATUS_PERSONAL_NUMBER : ONSHI_STATUS_INVALID_INPUT;
        if (status != want) problem("error %s: got status %u", want_error->valuestring, status);
        onshi_string_free(out);
        return;
    }
    if (status != ONSHI_STATUS_OK) {
        problem("refused: %s", last_error());
        return;
    }
    cJSON *r = cJSON_Parse(out);
    onshi_string_free(out);
    cJSON *differences = cJSON_GetObjectItemCaseSensitive(r, "differences");
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "outcome")) {
            if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(r, "outcome"), key, 1)) problem("outcome differs");
        } else if (!strcmp(k, "person")) {
            cJSON *person = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "person"), "outcome");
            if (!cJSON_Compare(person, key, 1)) problem("person differs");
        } else if (!strcmp(k, "reasons")) {
            cJSON *got = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "person"), "reasons");
            cJSON *reason, *g;
            cJSON_ArrayForEach(reason, key) {
                int found = 0;
                cJSON_ArrayForEach(g, got) found |= cJSON_Compare(g, reason, 1);
                if (!found) problem("reason %s missing", reason->valuestring);
            }
        } else if (!strcmp(k, "differences") || !strcmp(k, "actions")) {
            cJSON *got = cJSON_CreateArray(), *d;
            cJSON_ArrayForEach(d, differences) {
                cJSON *v = cJSON_GetObjectItemCaseSensitive(d, !strcmp(k, "differences") ? "kind" : "action");
                cJSON_AddItemToArray(got, cJSON_Duplicate(v, 1));
            }
            if (!cJSON_Compare(got, key, 1)) problem("%s differ", k);
            cJSON_Delete(got);
        } else if (!strcmp(k, "rules")) {
            cJSON *rule;
            cJSON_ArrayForEach(rule, key) {
                int found = 0;
                cJSON *d, *r2;
                cJSON_ArrayForEach(d, differences) {
                    cJSON_ArrayForEach(r2, cJSON_GetObjectItemCaseSensitive(d, "rules")) found |= cJSON_Compare(r2, rule, 1);
                }
                if (!found) problem("rule %s is behind no difference", rule->valuestring);
            }
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(r);
}

/* `wareki` through onshi_parse_wareki and onshi_to_wareki_json. */
static void wareki_case(cJSON *input, cJSON *expect) {
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "text"));
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "date"));
    cJSON *key;
    if (text) {
        char *out = NULL;
        OnshiStatus status = onshi_parse_wareki(text, &out);
        cJSON_ArrayForEach(key, expect) {
            if (!strcmp(key->string, "date")) {
                if (status != ONSHI_STATUS_OK || strcmp(out, key->valuestring)) problem("date: expected %s", key->valuestring);
            } else if (!strcmp(key->string, "error")) {
                if (status != ONSHI_STATUS_INVALID_INPUT) problem("error %s: got status %u", key->valuestring, status);
            } else {
                problem("expect key `%s` is not checked by the C runner", key->string);
            }
        }
        onshi_string_free(out);
    } else {
        char *out = NULL;
        if (onshi_to_wareki_json(date ? date : "", &out) != ONSHI_STATUS_OK) {
            problem("refused: %s", last_error());
            return;
        }
        cJSON *w = cJSON_Parse(out);
        onshi_string_free(out);
        cJSON_ArrayForEach(key, expect) {
            cJSON *got = cJSON_GetObjectItemCaseSensitive(w, key->string);
            if (!got || !cJSON_Compare(got, key, 1)) problem("%s differs", key->string);
        }
        cJSON_Delete(w);
    }
}

/* `names` through onshi_normalize_kana, onshi_compare_names and onshi_match_person_json. */
/* The kind slug of the last error (onshi_last_error_kind). */
static const char *last_kind(void) {
    static char kind[128];
    size_t n = 0;
    if (onshi_last_error_kind(kind, sizeof kind, &n) != ONSHI_STATUS_OK) kind[0] = 0;
    return kind;
}

/* `rules`: the table itself through onshi_rules_from_json; a refusal's kind through
 * onshi_last_error_kind. */
static void rules_case(cJSON *input, cJSON *expect) {
    char *text = cJSON_PrintUnformatted(input);
    OnshiRules *rules = NULL;
    OnshiStatus status = onshi_rules_from_json(text ? text : "", &rules);
    free(text);
    onshi_rules_free(rules);
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "valid")) {
            if (cJSON_IsTrue(key) != (status == ONSHI_STATUS_OK))
                problem("valid: expected %s, status %u (%s)", cJSON_IsTrue(key) ? "true" : "false", (unsigned)status, last_error());
        } else if (!strcmp(k, "error")) {
            if (status != ONSHI_STATUS_RULE_ERROR) problem("error: status %u, not ONSHI_STATUS_RULE_ERROR", (unsigned)status);
            else if (strcmp(last_kind(), key->valuestring)) problem("error: kind %s, expected %s", last_kind(), key->valuestring);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
}

/* Whether some finding has every field `want` names, with the same value. */
static int has_finding(cJSON *findings, cJSON *want) {
    cJSON *f;
    cJSON_ArrayForEach(f, findings) {
        int all = 1;
        cJSON *field;
        cJSON_ArrayForEach(field, want) all &= cJSON_Compare(cJSON_GetObjectItemCaseSensitive(f, field->string), field, 1);
        if (all) return 1;
    }
    return 0;
}

/* `audit`: onshi_rules_audit_json on the case's table; gap and findings compared in C. */
static void audit_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    OnshiRules *own = case_rules(input, builtin);
    const char *on = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "on"));
    bool gap = false;
    char *out = NULL;
    OnshiStatus status = onshi_rules_audit_json(own ? own : builtin, on ? on : "", &gap, &out);
    onshi_rules_free(own);
    cJSON *audit = cJSON_Parse(status == ONSHI_STATUS_OK ? out : "{}");
    onshi_string_free(out);
    if (status != ONSHI_STATUS_OK) problem("audit refused: %s", last_error());
    cJSON *findings = cJSON_GetObjectItemCaseSensitive(audit, "findings");
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        cJSON *want;
        if (!strcmp(k, "gap")) {
            if (cJSON_IsTrue(key) != gap) problem("gap: expected %s", cJSON_IsTrue(key) ? "true" : "false");
        } else if (!strcmp(k, "findings")) {
            cJSON_ArrayForEach(want, key) if (!has_finding(findings, want)) problem("a finding is missing (%s)", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "kind")));
        } else if (!strcmp(k, "findings_absent")) {
            cJSON_ArrayForEach(want, key) if (has_finding(findings, want)) problem("an unexpected finding (%s)", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, "kind")));
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(audit);
}

/* `card`: a transport that plays the case's transcript (each command must be the next one
 * expected), the onshi_card_* calls, the PIN state through onshi_pin_counter_state and
 * onshi_pin_outcome_state, error kinds through onshi_last_error_kind. */
typedef struct {
    cJSON *exchanges;
    int next;
} Transcript;

static int hex_bytes(const char *hex, uint8_t *out, size_t capacity, size_t *len) {
    size_t n = hex ? strlen(hex) : 0;
    if (n % 2 || n / 2 > capacity) return 0;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return 0;
        out[i] = (uint8_t)v;
    }
    *len = n / 2;
    return 1;
}

static void hex_text(const uint8_t *data, size_t len, char *out, size_t capacity) {
    out[0] = 0;
    for (size_t i = 0; i < len && 2 * i + 2 < capacity; i++) snprintf(out + 2 * i, 3, "%02X", data[i]);
}

static uint32_t play(void *context, const uint8_t *apdu, size_t apdu_len, uint8_t *response, size_t capacity,
                     size_t *response_len) {
    Transcript *t = context;
    char sent[1024];
    hex_text(apdu, apdu_len, sent, sizeof sent);
    cJSON *x = cJSON_GetArrayItem(t->exchanges, t->next);
    if (!x) {
        problem("sent %.8s after the transcript ended (a retry?)", sent);
        return ONSHI_TRANSMIT_RESULT_IO_ERROR;
    }
    t->next++;
    const char *want = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "command"));
    if (!want || strcasecmp(want, sent)) problem("exchange %d: expected %s, sent %s", t->next, want ? want : "?", sent);
    cJSON *failure = cJSON_GetObjectItemCaseSensitive(x, "transport_error");
    if (failure) {
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(failure, "kind"));
        if (kind && !strcmp(kind, "no_reader")) return ONSHI_TRANSMIT_RESULT_NO_READER;
        if (kind && !strcmp(kind, "no_card")) return ONSHI_TRANSMIT_RESULT_NO_CARD;
        if (kind && !strcmp(kind, "card_removed")) return ONSHI_TRANSMIT_RESULT_CARD_REMOVED;
        return ONSHI_TRANSMIT_RESULT_IO_ERROR;
    }
    if (!hex_bytes(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "response")), response, capacity, response_len)) {
        problem("exchange %d: the response is not hex", t->next);
        return ONSHI_TRANSMIT_RESULT_IO_ERROR;
    }
    return ONSHI_TRANSMIT_RESULT_OK;
}

static const char *counter_slug(OnshiPinCounterKind k) {
    switch (k) {
    case ONSHI_PIN_COUNTER_KIND_REMAINING: return "remaining";
    case ONSHI_PIN_COUNTER_KIND_BLOCKED: return "blocked";
    case ONSHI_PIN_COUNTER_KIND_NO_LIMIT: return "no_limit";
    case ONSHI_PIN_COUNTER_KIND_NOT_REPORTED: return "not_reported";
    default: return "?";
    }
}

static cJSON *counter_json(OnshiPinCounter c) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "counter", counter_slug(c.kind));
    if (c.kind == ONSHI_PIN_COUNTER_KIND_REMAINING) cJSON_AddNumberToObject(o, "tries", c.tries);
    return o;
}

static cJSON *state_json(OnshiPinState s) {
    cJSON *o = cJSON_CreateObject();
    const char *kind = s.kind == ONSHI_PIN_STATE_KIND_UNKNOWN ? "unknown"
                       : s.kind == ONSHI_PIN_STATE_KIND_REMAINING ? "remaining"
                       : s.kind == ONSHI_PIN_STATE_KIND_LOCKED ? "locked" : "?";
    cJSON_AddStringToObject(o, "state", kind);
    if (s.kind == ONSHI_PIN_STATE_KIND_REMAINING) cJSON_AddNumberToObject(o, "tries", s.tries);
    return o;
}

static const char *token_slug(OnshiTokenKind k) {
    switch (k) {
    case ONSHI_TOKEN_KIND_PLASTIC_CARD: return "plastic_card";
    case ONSHI_TOKEN_KIND_ANDROID_EMBEDDED: return "android_embedded";
    case ONSHI_TOKEN_KIND_IOS_EMBEDDED: return "ios_embedded";
    case ONSHI_TOKEN_KIND_JUKI_CARD: return "juki_card";
    case ONSHI_TOKEN_KIND_OTHER: return "other";
    default: return "?";
    }
}

static cJSON *bytes_json(uint8_t *data, size_t len) {
    char *hex = malloc(2 * len + 3);
    cJSON *o = cJSON_CreateObject();
    if (hex) {
        hex_text(data, len, hex, 2 * len + 3);
        cJSON_AddStringToObject(o, "data", hex);
        free(hex);
    }
    onshi_bytes_free(data, len);
    return o;
}

static void card_case(cJSON *input, cJSON *expect) {
    Transcript transcript = {cJSON_GetObjectItemCaseSensitive(input, "exchanges"), 0};
    OnshiTransport transport = {&transcript, play};
    OnshiCard *card = NULL;
    if (onshi_card_new(&transport, &card) != ONSHI_STATUS_OK) {
        problem("onshi_card_new: %s", last_error());
        return;
    }
    const char *operation = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "operation"));
    operation = operation ? operation : "";
    cJSON *result = NULL, *pin_state = NULL;
    OnshiStatus status = ONSHI_STATUS_OK;
    if (!strcmp(operation, "select")) {
        status = onshi_card_select(card);
        if (status == ONSHI_STATUS_OK) cJSON_AddTrueToObject(result = cJSON_CreateObject(), "selected");
    } else if (!strcmp(operation, "token")) {
        OnshiTokenKind token;
        status = onshi_card_token(card, &token);
        if (status == ONSHI_STATUS_OK) cJSON_AddStringToObject(result = cJSON_CreateObject(), "token", token_slug(token));
    } else if (!strcmp(operation, "read_auth_certificate") || !strcmp(operation, "read_auth_ca_certificate")) {
        uint8_t *data = NULL;
        size_t len = 0;
        status = !strcmp(operation, "read_auth_certificate") ? onshi_card_read_certificate(card, &data, &len)
                                                            : onshi_card_read_ca_certificate(card, &data, &len);
        if (status == ONSHI_STATUS_OK) result = bytes_json(data, len);
    } else if (!strcmp(operation, "pin_counter")) {
        OnshiPinCounter counter;
        OnshiPinState state;
        status = onshi_card_pin_counter(card, &counter);
        if (status == ONSHI_STATUS_OK) {
            result = counter_json(counter);
            if (onshi_pin_counter_state(&counter, &state) == ONSHI_STATUS_OK) pin_state = state_json(state);
            else problem("onshi_pin_counter_state: %s", last_error());
        }
    } else if (!strcmp(operation, "verify_pin")) {
        const char *pin = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "pin"));
        const char *last_try = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "last_try"));
        OnshiPinOutcome outcome;
        OnshiPinState state;
        status = onshi_card_verify_pin(card, pin ? pin : "", last_try && !strcmp(last_try, "confirmed"), &outcome);
        if (status == ONSHI_STATUS_OK) {
            result = cJSON_CreateObject();
            cJSON_AddStringToObject(result, "outcome", outcome.result == ONSHI_PIN_RESULT_VERIFIED ? "verified"
                                                       : outcome.result == ONSHI_PIN_RESULT_WRONG ? "wrong" : "blocked");
            if (outcome.result == ONSHI_PIN_RESULT_WRONG) cJSON_AddItemToObject(result, "counter", counter_json(outcome.counter));
            if (onshi_pin_outcome_state(&outcome, &state) == ONSHI_STATUS_OK) pin_state = state_json(state);
            else problem("onshi_pin_outcome_state: %s", last_error());
        }
    } else {
        problem("unknown operation `%s`", operation);
    }
    onshi_card_free(card);
    if (transcript.next < cJSON_GetArraySize(transcript.exchanges))
        problem("%d exchange(s) of the transcript were not sent", cJSON_GetArraySize(transcript.exchanges) - transcript.next);
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "result")) {
            if (!result) problem("refused (%s): %s", last_kind(), last_error());
            else if (!cJSON_Compare(result, key, 1)) {
                char *got = cJSON_PrintUnformatted(result);
                problem("result %s", got ? got : "?");
                free(got);
            }
        } else if (!strcmp(k, "pin_state")) {
            if (!pin_state || !cJSON_Compare(pin_state, key, 1)) problem("pin_state differs");
        } else if (!strcmp(k, "error")) {
            if (status == ONSHI_STATUS_OK) problem("expected the error %s", key->valuestring);
            else if (strcmp(last_kind(), key->valuestring)) problem("error kind %s, expected %s", last_kind(), key->valuestring);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(result);
    cJSON_Delete(pin_state);
}

/* `certificate`: onshi_certificate_validity on the case's table; status, dates and uses compared. */
static void certificate_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    OnshiRules *own = case_rules(input, builtin);
    const char *revocation = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "revocation"));
    static const char *revocations[] = {"not_checked", "good", "revoked", "suspended"};
    static const uint32_t codes[] = {ONSHI_REVOCATION_NOT_CHECKED, ONSHI_REVOCATION_GOOD, ONSHI_REVOCATION_REVOKED,
                                     ONSHI_REVOCATION_SUSPENDED};
    uint32_t code = ONSHI_REVOCATION_NOT_CHECKED;
    for (size_t i = 0; revocation && i < 4; i++)
        if (!strcmp(revocation, revocations[i])) code = codes[i];
    const char *field[] = {"not_before", "not_after", "at"};
    const char *value[3];
    for (int i = 0; i < 3; i++) {
        value[i] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, field[i]));
        value[i] = value[i] ? value[i] : "";
    }
    OnshiCertificateValidity v;
    OnshiStatus status = onshi_certificate_validity(own ? own : builtin, value[0], value[1], value[2], code, &v);
    onshi_rules_free(own);
    if (status != ONSHI_STATUS_OK) {
        problem("refused: %s", last_error());
        return;
    }
    static const char *statuses[] = {"?", "not_yet_valid", "valid", "expiring_soon", "in_grace", "expired", "revoked", "suspended"};
    const char *slug = v.status >= 1 && v.status <= 7 ? statuses[v.status] : "?";
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "status")) {
            if (strcmp(slug, key->valuestring)) problem("status %s", slug);
        } else if (!strcmp(k, "insurance_use")) {
            if (cJSON_IsTrue(key) != v.insurance_use) problem("insurance_use differs");
        } else if (!strcmp(k, "other_functions")) {
            if (cJSON_IsTrue(key) != v.other_functions) problem("other_functions differs");
        } else if (!strcmp(k, "dates")) {
            cJSON *date;
            cJSON_ArrayForEach(date, key) {
                const char *got = !strcmp(date->string, "valid_from") ? v.valid_from
                                  : !strcmp(date->string, "expires") ? v.expires
                                  : !strcmp(date->string, "alert_from") ? v.alert_from
                                  : !strcmp(date->string, "expired") ? v.expired
                                  : !strcmp(date->string, "grace_until") ? v.grace_until
                                  : !strcmp(date->string, "grace_ended") ? v.grace_ended : NULL;
                if (!got) problem("dates.%s is not a field of OnshiCertificateValidity", date->string);
                else if (strcmp(got, date->valuestring)) problem("dates.%s %s", date->string, got);
            }
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
}

/* The value at an RFC 6901 JSON pointer (`/records/0/insurer_number`), or NULL. */
static cJSON *at_pointer(cJSON *doc, const char *pointer) {
    char token[256];
    while (doc && *pointer == '/') {
        pointer++;
        size_t n = 0;
        while (*pointer && *pointer != '/' && n + 1 < sizeof token) {
            if (pointer[0] == '~' && pointer[1] == '1') token[n++] = '/', pointer += 2;
            else if (pointer[0] == '~' && pointer[1] == '0') token[n++] = '~', pointer += 2;
            else token[n++] = *pointer++;
        }
        token[n] = 0;
        if (cJSON_IsArray(doc)) {
            char *end;
            long i = strtol(token, &end, 10);
            doc = *end || end == token ? NULL : cJSON_GetArrayItem(doc, (int)i);
        } else {
            doc = cJSON_GetObjectItemCaseSensitive(doc, token);
        }
    }
    return *pointer ? NULL : doc;
}

/* Text in Windows-31J (the Shift_JIS the terminals write), through the C library's iconv. */
static char *to_shift_jis(const char *text, size_t *len) {
    iconv_t cd = iconv_open("CP932", "UTF-8");
    if (cd == (iconv_t)-1) return NULL;
    size_t in_left = strlen(text), out_size = 2 * in_left + 1, out_left = out_size;
    char *out = malloc(out_size), *in = (char *)text, *cursor = out;
    if (out && iconv(cd, &in, &in_left, &cursor, &out_left) == (size_t)-1) {
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    if (out) *len = out_size - out_left;
    return out;
}

/* `oqs`: onshi_oqs_result_json (fields by JSON pointer, the online answer) and onshi_oqs_decide
 * for the visit; refusals by kind through onshi_last_error_kind. */
static void oqs_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    const char *xml = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "xml"));
    const char *encoding = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "encoding"));
    size_t len = xml ? strlen(xml) : 0;
    char *sjis = NULL;
    if (encoding && !strcmp(encoding, "shift_jis")) {
        sjis = to_shift_jis(xml ? xml : "", &len);
        if (!sjis) {
            problem("the case's text cannot be written in Shift_JIS");
            return;
        }
    }
    const uint8_t *file = (const uint8_t *)(sjis ? sjis : xml ? xml : "");
    char *out = NULL;
    OnshiStatus status = onshi_oqs_result_json(file, len, &out);
    char kind[64];
    snprintf(kind, sizeof kind, "%s", last_kind());
    cJSON *parsed = cJSON_Parse(status == ONSHI_STATUS_OK ? out : "{}");
    onshi_string_free(out);
    cJSON *error = cJSON_GetObjectItemCaseSensitive(expect, "error");
    if (status != ONSHI_STATUS_OK) {
        if (!error) problem("refused (%s): %s", kind, last_error());
        else if (strcmp(kind, error->valuestring)) problem("error kind %s, expected %s", kind, error->valuestring);
    } else if (error) {
        problem("expected the error %s, the file parsed", error->valuestring);
    }
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        cJSON *want;
        if (!strcmp(k, "error")) continue;
        if (status != ONSHI_STATUS_OK) break;
        if (!strcmp(k, "fields")) {
            cJSON_ArrayForEach(want, key) {
                cJSON *got = at_pointer(cJSON_GetObjectItemCaseSensitive(parsed, "result"), want->string);
                if (cJSON_IsNull(want) ? !(got == NULL || cJSON_IsNull(got)) : !cJSON_Compare(got, want, 1))
                    problem("%s differs", want->string);
            }
        } else if (!strcmp(k, "online")) {
            cJSON *online = cJSON_GetObjectItemCaseSensitive(parsed, "online");
            cJSON_ArrayForEach(want, key) {
                cJSON *got = cJSON_GetObjectItemCaseSensitive(online, want->string);
                if (cJSON_IsNull(want) ? !(got == NULL || cJSON_IsNull(got)) : !cJSON_Compare(got, want, 1))
                    problem("online.%s differs", want->string);
            }
        } else if (!strcmp(k, "visit_error")) {
            OnshiDecision *d = NULL;
            OnshiStatus s = onshi_oqs_decide(builtin, file, len, "2026-01-15", ONSHI_QUERIED_DOCUMENT_LEGACY_CARD, &d);
            onshi_decision_free(d);
            if (cJSON_IsNull(key)) {
                if (s != ONSHI_STATUS_OK) problem("visit refused (%s): %s", last_kind(), last_error());
            } else if (s == ONSHI_STATUS_OK) {
                problem("visit_error: expected %s, got a decision", key->valuestring);
            } else if (strcmp(last_kind(), key->valuestring)) {
                problem("visit_error: %s, expected %s", last_kind(), key->valuestring);
            }
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(parsed);
    free(sjis);
}

/* `script`: onshi_script_new, onshi_script_answer for each answer, onshi_script_decision. */
static void script_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    static const char *steps[] = {"?", "ask_for_myna_card", "offer_myna_card", "read_card", "ask_for_document", "done"};
    char *visit = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "visit"));
    OnshiScript *script = NULL;
    OnshiStatus status = onshi_script_new(visit ? visit : "", &script);
    free(visit);
    if (status != ONSHI_STATUS_OK) {
        problem("onshi_script_new: %s", last_error());
        return;
    }
    if (!onshi_script_prompt(script, ONSHI_LANG_JA) || !*onshi_script_prompt(script, ONSHI_LANG_EN)) problem("no prompt");
    cJSON *got = cJSON_CreateArray();
    OnshiScriptStep step = onshi_script_step(script);
    cJSON_AddItemToArray(got, cJSON_CreateString(step >= 1 && step <= 5 ? steps[step] : "?"));
    int error_at = -1, i = 0;
    cJSON *answer;
    cJSON_ArrayForEach(answer, cJSON_GetObjectItemCaseSensitive(input, "answers")) {
        char *json = cJSON_PrintUnformatted(answer);
        status = onshi_script_answer(script, builtin, json ? json : "", &step);
        free(json);
        if (status != ONSHI_STATUS_OK) {
            error_at = i;
            break;
        }
        cJSON_AddItemToArray(got, cJSON_CreateString(step >= 1 && step <= 5 ? steps[step] : "?"));
        i++;
    }
    OnshiDecision *d = NULL;
    if (onshi_script_decision(script, &d) != ONSHI_STATUS_OK) problem("onshi_script_decision: %s", last_error());
    onshi_script_free(script);
    cJSON *want_error = cJSON_GetObjectItemCaseSensitive(expect, "error_at");
    if (want_error ? (cJSON_IsNull(want_error) ? error_at != -1 : error_at != want_error->valueint) : error_at != -1)
        problem("error_at %d", error_at);
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "error_at")) continue;
        if (!strcmp(k, "steps")) {
            if (!cJSON_Compare(got, key, 1)) problem("steps differ");
        } else if (!strcmp(k, "coverage")) {
            if (!d || strcmp(coverage_slug(onshi_decision_coverage(d)), key->valuestring)) problem("coverage differs");
        } else if (!strcmp(k, "route")) {
            if (!d || strcmp(route_slug(onshi_decision_route(d)), key->valuestring)) problem("route differs");
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
    cJSON_Delete(got);
    onshi_decision_free(d);
}

/* The index of `slug` in `slugs` plus `base`, or 0 when it is none of them. */
static uint32_t code_of(const char *slug, const char *const *slugs, size_t n, uint32_t base) {
    for (size_t i = 0; slug && i < n; i++)
        if (!strcmp(slug, slugs[i])) return (uint32_t)i + base;
    return 0;
}

/* `registration`: onshi_can_register, onshi_cancellation_effective and onshi_registration_on. */
static void registration_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    static const char *const channels[] = {"face_reader", "mobile_app", "portal", "seven_bank_atm"};
    static const char *const kinds[] = {"ordinary", "face_only", "smartphone_ios", "smartphone_android"};
    static const char *const pins[] = {"unknown", "remaining", "locked"};
    static const char *const statuses[] = {"registered", "not_registered", "unknown"};
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "date"));
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "allowed")) {
            const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "kind"));
            cJSON *pin = cJSON_GetObjectItemCaseSensitive(input, "pin");
            OnshiPinState state = {ONSHI_PIN_STATE_KIND_UNKNOWN, 0};
            if (pin) {
                state.kind = code_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pin, "state")), pins, 3, 1);
                cJSON *tries = cJSON_GetObjectItemCaseSensitive(pin, "tries");
                state.tries = tries ? (uint8_t)tries->valueint : 0;
            }
            OnshiRegistrationCheck check;
            OnshiStatus status = onshi_can_register(
                builtin, date ? date : "",
                code_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "channel")), channels, 4, 1),
                kind ? code_of(kind, kinds, 4, 1) : ONSHI_CARD_KIND_ORDINARY, pin ? &state : NULL, &check);
            if (status != ONSHI_STATUS_OK) problem("onshi_can_register: %s", last_error());
            else if (cJSON_IsTrue(key) != check.allowed) problem("allowed %d (refusal %u)", check.allowed, (unsigned)check.refusal);
            else if (check.allowed != (check.refusal == ONSHI_REGISTRATION_REFUSAL_NONE)) problem("a refusal without a reason");
        } else if (!strcmp(k, "effective_until")) {
            const char *applied = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "cancellation_applied"));
            char day[11];
            if (onshi_cancellation_effective(builtin, applied ? applied : "", day) != ONSHI_STATUS_OK)
                problem("onshi_cancellation_effective: %s", last_error());
            else if (cJSON_IsNull(key) ? day[0] != 0 : strcmp(day, key->valuestring)) problem("effective_until %s", day);
        } else if (!strcmp(k, "status")) {
            char *events = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "events"));
            OnshiRegistration got;
            OnshiStatus status = onshi_registration_on(builtin, events ? events : "[]", date ? date : "", &got);
            free(events);
            if (status != ONSHI_STATUS_OK) problem("onshi_registration_on: %s", last_error());
            else if (code_of(key->valuestring, statuses, 3, 1) != got) problem("status %u", (unsigned)got);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
}

/* `facilities`: onshi_online_obligation_json, onshi_cooperation_payment_json,
 * onshi_device_subsidy, onshi_dx_addition_json and onshi_facility_notices_json. */
static void facilities_case(cJSON *input, cJSON *expect, OnshiRules *builtin) {
    const char *check = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "check"));
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "date"));
    char *facility = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "facility"));
    char *out = NULL;
    OnshiStatus status = ONSHI_STATUS_OK;
    cJSON *got = NULL;
    check = check ? check : "";
    date = date ? date : "";
    if (!strcmp(check, "obligation")) {
        status = onshi_online_obligation_json(builtin, date, facility ? facility : "{}", &out);
    } else if (!strcmp(check, "cooperation")) {
        char *report = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "report"));
        status = onshi_cooperation_payment_json(builtin, report ? report : "{}", &out);
        free(report);
    } else if (!strcmp(check, "device_subsidy")) {
        uint64_t yen = 0;
        cJSON *cost = cJSON_GetObjectItemCaseSensitive(input, "cost");
        status = onshi_device_subsidy(builtin, date, cost ? (uint64_t)cost->valuedouble : 0, &yen);
        got = cJSON_CreateObject();
        cJSON_AddNumberToObject(got, "subsidy", (double)yen);
    } else if (!strcmp(check, "dx_addition")) {
        status = onshi_dx_addition_json(builtin, date, facility ? facility : "{}", &out);
    } else if (!strcmp(check, "notices")) {
        status = onshi_facility_notices_json(builtin, date, &out);
    } else {
        problem("unknown check `%s`", check);
    }
    free(facility);
    if (status != ONSHI_STATUS_OK) problem("refused: %s", last_error());
    if (out) {
        got = cJSON_Parse(out);
        onshi_string_free(out);
    }
    if (!strcmp(check, "dx_addition")) {
        /* `null` when no addition is in force: `addition` says whether there is one. */
        cJSON *answer = got;
        got = cJSON_CreateObject();
        cJSON_AddBoolToObject(got, "addition", answer && !cJSON_IsNull(answer));
        const char *parts[] = {"levels", "missing", "initial_points"};
        for (int i = 0; i < 3 && answer; i++) {
            cJSON *part = cJSON_GetObjectItemCaseSensitive(answer, parts[i]);
            if (part) cJSON_AddItemToObject(got, parts[i], cJSON_Duplicate(part, 1));
        }
        cJSON_Delete(answer);
    } else if (!strcmp(check, "notices") && got) {
        cJSON *ids = cJSON_CreateArray(), *row;
        cJSON_ArrayForEach(row, got) cJSON_AddItemToArray(ids, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(row, "id"), 1));
        cJSON_Delete(got);
        got = cJSON_CreateObject();
        cJSON_AddItemToObject(got, "notices", ids);
    }
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        cJSON *value = cJSON_GetObjectItemCaseSensitive(got, key->string);
        if (cJSON_IsNull(key) ? !(value == NULL || cJSON_IsNull(value)) : !cJSON_Compare(value, key, 1)) {
            char *text = value ? cJSON_PrintUnformatted(value) : NULL;
            problem("%s: got %s", key->string, text ? text : "nothing");
            free(text);
        }
    }
    cJSON_Delete(got);
}

static void names_case(cJSON *input, cJSON *expect) {
    cJSON *key;
    cJSON_ArrayForEach(key, expect) {
        const char *k = key->string;
        if (!strcmp(k, "normalized")) {
            char *out = NULL;
            const char *kana = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "kana"));
            if (onshi_normalize_kana(kana ? kana : "", &out) != ONSHI_STATUS_OK || strcmp(out, key->valuestring)) problem("normalized differs");
            onshi_string_free(out);
        } else if (!strcmp(k, "comparison")) {
            const char *slug = NULL;
            const char *a = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "a"));
            const char *b = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(input, "b"));
            if (onshi_compare_names(a ? a : "", b ? b : "", &slug) != ONSHI_STATUS_OK || !slug || strcmp(slug, key->valuestring))
                problem("comparison differs");
        } else if (!strcmp(k, "outcome") || !strcmp(k, "reasons")) {
            char *stored = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "stored"));
            char *online = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(input, "online"));
            char *out = NULL;
            OnshiStatus status = onshi_match_person_json(stored, online, &out);
            free(stored);
            free(online);
            cJSON *m = cJSON_Parse(status == ONSHI_STATUS_OK ? out : "{}");
            onshi_string_free(out);
            if (!strcmp(k, "outcome")) {
                if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(m, "outcome"), key, 1)) problem("outcome differs");
            } else {
                cJSON *reason, *got;
                cJSON_ArrayForEach(reason, key) {
                    int found = 0;
                    cJSON_ArrayForEach(got, cJSON_GetObjectItemCaseSensitive(m, "reasons")) found |= cJSON_Compare(got, reason, 1);
                    if (!found) problem("reason %s missing", reason->valuestring);
                }
            }
            cJSON_Delete(m);
        } else {
            problem("expect key `%s` is not checked by the C runner", k);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: vectors BUILTIN_RULES.json FILE.json...\n");
        return 2;
    }
    builtin_table = slurp(argv[1], NULL);
    OnshiRules *builtin = NULL;
    if (!builtin_table || onshi_rules_builtin(&builtin) != ONSHI_STATUS_OK) {
        fprintf(stderr, "cannot load %s or the built-in rules\n", argv[1]);
        return 2;
    }
    for (int f = 2; f < argc; f++) {
        char *text = slurp(argv[f], NULL);
        cJSON *file = cJSON_Parse(text ? text : "");
        free(text);
        const char *suite = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(file, "suite"));
        static const char *typed_suites[] = {"reception", "numbers", "ceilings", "reconcile", "wareki", "names", "rules", "audit", "card", "certificate", "oqs", "script", "registration", "facilities"};
        int typed = 0;
        for (size_t t = 0; suite && t < sizeof typed_suites / sizeof typed_suites[0]; t++) typed |= !strcmp(suite, typed_suites[t]);
        if (!typed) {
            printf("FAIL %s: suite `%s` has no typed C runner\n", argv[f], suite ? suite : "?");
            failed++;
            cJSON_Delete(file);
            continue;
        }
        cJSON *c;
        int cases = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(file, "cases")), checked = 0;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(file, "cases")) {
            checked++;
            problems[0] = 0;
            cJSON *input = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c, "input"), 1);
            cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
            if (!strcmp(suite, "reception")) reception(input, expect, builtin);
            else if (!strcmp(suite, "numbers")) numbers(input, expect);
            else if (!strcmp(suite, "ceilings")) ceilings(input, expect, builtin);
            else if (!strcmp(suite, "reconcile")) reconcile_case(input, expect, builtin);
            else if (!strcmp(suite, "wareki")) wareki_case(input, expect);
            else if (!strcmp(suite, "rules")) rules_case(input, expect);
            else if (!strcmp(suite, "audit")) audit_case(input, expect, builtin);
            else if (!strcmp(suite, "card")) card_case(input, expect);
            else if (!strcmp(suite, "certificate")) certificate_case(input, expect, builtin);
            else if (!strcmp(suite, "oqs")) oqs_case(input, expect, builtin);
            else if (!strcmp(suite, "script")) script_case(input, expect, builtin);
            else if (!strcmp(suite, "registration")) registration_case(input, expect, builtin);
            else if (!strcmp(suite, "facilities")) facilities_case(input, expect, builtin);
            else names_case(input, expect);
            cJSON_Delete(input);
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id"));
            if (problems[0]) {
                failed++;
                printf("FAIL %s#%s: %s\n", suite, id ? id : "?", problems);
            } else {
                passed++;
            }
        }
        /* Every case of the file went through a typed call, and the file has some. */
        if (checked == 0 || checked != cases) {
            printf("FAIL %s: %d of %d cases checked\n", argv[f], checked, cases);
            failed++;
        }
        cJSON_Delete(file);
    }
    /* Every route, alert and action kind the core declares was reached through the typed calls. */
    char *vocabulary = NULL;
    if (onshi_vocabularies_json(&vocabulary) == ONSHI_STATUS_OK) {
        cJSON *all = cJSON_Parse(vocabulary);
        const char *sets[] = {"Route", "Alert", "Action"};
        for (size_t s = 0; s < 3; s++) {
            cJSON *slug;
            cJSON_ArrayForEach(slug, cJSON_GetObjectItemCaseSensitive(all, sets[s])) {
                if (was_reached(slug->valuestring)) {
                    passed++;
                } else {
                    failed++;
                    printf("FAIL %s `%s` reached by no vector through the C API\n", sets[s], slug->valuestring);
                }
            }
        }
        cJSON_Delete(all);
        onshi_string_free(vocabulary);
    } else {
        failed++;
        printf("FAIL onshi_vocabularies_json: %s\n", last_error());
    }
    onshi_rules_free(builtin);
    free((void *)builtin_table);

    run_api_checks();

    printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
