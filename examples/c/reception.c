/* A reception desk in C: decide one visit with the built-in rules and print the staff message.
 * Build: make (from this folder, after `cargo build -p onshi-c`), then ./reception [visit.json] */
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
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) buf[n] = 0;
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    char *visit = argc > 1 ? read_file(argv[1]) : NULL;
    OnshiRules *rules = NULL;
    char *decision = NULL;
    char message[1024];
    size_t n = 0;
    int rc = 0;

    if (onshi_rules_builtin(&rules) != ONSHI_STATUS_OK) return 2;
    OnshiStatus s = onshi_decide_json(rules, visit ? visit : DEFAULT_VISIT, &decision);
    if (s == ONSHI_STATUS_OK) {
        printf("%s\n", decision);
    } else {
        onshi_last_error_message(message, sizeof message, &n);
        fprintf(stderr, "error (status %u): %s\n", (unsigned)s, message);
        rc = 2;
    }
    onshi_string_free(decision);
    onshi_rules_free(rules);
    free(visit);
    return rc;
}
