/* Runs the shared conformance vectors and a few API checks through the C ABI.
 * Usage: vectors FILE.json...   Ends with "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "onshi.h"

static size_t passed = 0, failed = 0;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

static void last_error(char *buf, size_t len) {
    size_t n = 0;
    if (onshi_last_error_message(buf, len, &n) != ONSHI_STATUS_OK) buf[0] = 0;
}

int main(int argc, char **argv) {
    OnshiRules *rules = NULL;
    check(onshi_rules_builtin(&rules) == ONSHI_STATUS_OK && rules != NULL, "builtin rules");
    char message[4096];

    for (int i = 1; i < argc; i++) {
        char *json = slurp(argv[i]);
        if (!json) { printf("FAIL cannot read %s\n", argv[i]); failed++; continue; }
        size_t p = 0, f = 0;
        OnshiStatus s = onshi_vectors_run_json(rules, json, &p, &f);
        if (s != ONSHI_STATUS_OK) {
            last_error(message, sizeof message);
            printf("FAIL %s: status %u: %s\n", argv[i], (unsigned)s, message);
            failed++;
        } else {
            passed += p;
            failed += f;
            if (f > 0) {
                last_error(message, sizeof message);
                printf("FAIL %s:\n%s\n", argv[i], message);
            }
        }
        free(json);
    }

    /* A decision through the ABI. */
    char *out = NULL;
    OnshiStatus s = onshi_decide_json(rules,
        "{\"at\": \"2026-01-15\", \"presented\": {\"myna_card\": {\"identity\": {\"method\": \"face\", \"outcome\": \"confirmed\"}}},"
        " \"online\": {\"status\": \"valid\"}}", &out);
    check(s == ONSHI_STATUS_OK && out && strstr(out, "\"route\":\"myna_online\""), "decide_json");
    onshi_string_free(out);

    /* Errors are codes with messages, never crashes. */
    out = NULL;
    check(onshi_decide_json(rules, "{\"at\": \"2026-01-15\", \"facility\": {\"reader\": \"laser\"}}", &out)
          == ONSHI_STATUS_INVALID_INPUT && out == NULL, "invalid input is a status");
    last_error(message, sizeof message);
    check(strstr(message, "facility.reader") != NULL, "the message names the field");
    check(onshi_decide_json(NULL, "{}", &out) == ONSHI_STATUS_NULL_PARAMETER, "NULL rules");
    check(onshi_decide_json(rules, NULL, &out) == ONSHI_STATUS_NULL_PARAMETER, "NULL visit");
    check(onshi_decide_json(rules, "{}", NULL) == ONSHI_STATUS_NULL_PARAMETER, "NULL out");
    check(onshi_decide_json(rules, "{\"at\": \"\xff\"}", &out) == ONSHI_STATUS_INVALID_UTF8, "invalid UTF-8");
    OnshiRules *bad = NULL;
    check(onshi_rules_from_json("{\"version\": ", &bad) == ONSHI_STATUS_RULE_ERROR && bad == NULL, "bad rule table");
    size_t need = 0;
    check(onshi_last_error_message(message, 2, &need) == ONSHI_STATUS_BUFFER_TOO_SMALL && need > 2, "buffer too small");
    OnshiRules *overlay = NULL;
    check(onshi_rules_from_json("{\"version\": \"c\", \"extends\": \"builtin\", \"rules\": []}", &overlay) == ONSHI_STATUS_OK, "overlay");
    onshi_rules_free(overlay);
    onshi_rules_free(NULL);
    onshi_string_free(NULL);
    check(strlen(onshi_version()) > 0, "version");

    onshi_rules_free(rules);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
