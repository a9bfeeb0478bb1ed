/* A reception desk in C: decide one visit with the built-in rules and print what staff need.
 * Build: make (after `cargo build -p onshi-c`), or CMake / pkg-config against scripts/install-c.
 * Run:   ./reception [visit.json] [en]      (Japanese unless "en") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "onshi.h"

static const char *DEFAULT_VISIT =
    "{\"at\": \"2026-05-31T10:00:00+09:00\", \"presented\": {\"myna_card\": {\"registration\": \"registered\","
    " \"certificate_expires\": \"2026-02-10\", \"identity\": {\"method\": \"face\", \"outcome\": \"confirmed\"}}},"
    " \"online\": {\"status\": \"valid\", \"copay_percent\": 30}}";

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = 0;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    char *visit = NULL;
    if (argc > 1 && strcmp(argv[1], "-") != 0 && !(visit = read_file(argv[1]))) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    uint32_t lang = argc > 2 && strcmp(argv[2], "en") == 0 ? ONSHI_LANG_EN : ONSHI_LANG_JA;
    OnshiRules *rules = NULL;
    OnshiDecision *decision = NULL;
    int rc = 0;

    OnshiStatus s = onshi_rules_builtin(&rules);
    if (s == ONSHI_STATUS_OK) s = onshi_decide(rules, visit ? visit : DEFAULT_VISIT, &decision);
    if (s == ONSHI_STATUS_OK) {
        printf("%s\n", onshi_decision_staff_message(decision, lang));
        printf("route %u, coverage %u, copay %u%%\n", (unsigned)onshi_decision_route(decision),
               (unsigned)onshi_decision_coverage(decision), (unsigned)onshi_decision_copay_percent(decision));
        for (size_t i = 0; i < onshi_decision_alert_count(decision); i++)
            printf("alert: %s\n", onshi_decision_alert(decision, i));
        for (size_t i = 0; i < onshi_decision_action_count(decision); i++)
            printf("action %zu: %s\n", i + 1, onshi_decision_action(decision, i));
    } else {
        char message[1024];
        size_t n = 0;
        if (onshi_last_error_message(message, sizeof message, &n) != ONSHI_STATUS_OK) message[0] = 0;
        fprintf(stderr, "%s (status %u): %s\n", onshi_status_text(s, lang), (unsigned)s, message);
        rc = 2;
    }
    onshi_decision_free(decision);
    onshi_rules_free(rules);
    free(visit);
    return rc;
}
