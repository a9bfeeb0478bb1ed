/* After the online answer, in C: the clinic's stored insurance record (JSON) against each record of
 * an オンライン資格確認 result file; prints the reconciliations as JSON, one per record (outcome,
 * differences with their actions and words, the rules behind them).
 * Build: make (after `cargo build -p onshi-c`), or CMake / pkg-config against scripts/install-c.
 * Run:   ./reconcile [stored.json result.xml YYYY-MM-DD]
 *        (by default a stored record still at 2割 against a face-reader result that says 1割) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "onshi.h"

static const char *DEFAULT_STORED =
    "{\"insurer\": \"39131016\", \"number\": \"00012345\", \"relation\": \"insured\", \"copay_percent\": 20,"
    " \"name\": \"試験　花子\", \"birth_date\": \"1945-06-06\"}";
static const char *DEFAULT_RESULT = "crates/onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml";

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = 0;
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int fail(OnshiStatus s) {
    char message[1024];
    size_t n = 0;
    if (onshi_last_error_message(message, sizeof message, &n) != ONSHI_STATUS_OK) message[0] = 0;
    fprintf(stderr, "%s (status %u): %s\n", onshi_status_text(s, ONSHI_LANG_EN), (unsigned)s, message);
    return 2;
}

int main(int argc, char **argv) {
    if (argc != 1 && argc != 4) {
        fprintf(stderr, "usage: reconcile [stored.json result.xml YYYY-MM-DD]\n");
        return 2;
    }
    size_t len = 0, stored_len = 0;
    char *stored = argc == 4 ? read_file(argv[1], &stored_len) : NULL;
    const char *result_path = argc == 4 ? argv[2] : DEFAULT_RESULT;
    const char *date = argc == 4 ? argv[3] : "2026-03-02";
    char *file = read_file(result_path, &len);
    if ((argc == 4 && !stored) || !file) {
        fprintf(stderr, "cannot read %s\n", !file ? result_path : argv[1]);
        free(stored);
        free(file);
        return 2;
    }
    OnshiRules *rules = NULL;
    char *reconciled = NULL;
    int rc = 0;
    OnshiStatus s = onshi_rules_builtin(&rules);
    if (s == ONSHI_STATUS_OK)
        s = onshi_oqs_reconcile_json(rules, stored ? stored : DEFAULT_STORED, (const uint8_t *)file, len, date, &reconciled);
    if (s == ONSHI_STATUS_OK) printf("%s\n", reconciled);
    else rc = fail(s);
    onshi_string_free(reconciled);
    onshi_rules_free(rules);
    free(stored);
    free(file);
    return rc;
}
