/* Runs the shared conformance vectors and the API checks (api.c) through the C ABI.
 * Usage: vectors FILE.json...   Ends with "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "onshi.h"
#include "check.h"

size_t passed = 0, failed = 0;

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

int main(int argc, char **argv) {
    OnshiRules *rules = NULL;
    check(onshi_rules_builtin(&rules) == ONSHI_STATUS_OK && rules != NULL, "builtin rules");

    for (int i = 1; i < argc; i++) {
        char *json = slurp(argv[i], NULL);
        if (!json) { printf("FAIL cannot read %s\n", argv[i]); failed++; continue; }
        size_t p = 0, f = 0;
        OnshiStatus s = onshi_vectors_run_json(rules, json, &p, &f);
        if (s != ONSHI_STATUS_OK) {
            printf("FAIL %s: status %u: %s\n", argv[i], (unsigned)s, last_error());
            failed++;
        } else {
            passed += p;
            failed += f;
            if (f > 0) {
                printf("FAIL %s:\n%s\n", argv[i], last_error());
            }
        }
        free(json);
    }

    run_api_checks();

    onshi_rules_free(rules);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
