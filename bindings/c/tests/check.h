/* Shared by the C tests: one pass/fail count, printed as "N passed, N failed" at the end. */
#ifndef ONSHI_TEST_CHECK_H
#define ONSHI_TEST_CHECK_H
#include <stddef.h>

extern size_t passed, failed;
void check(int ok, const char *what);
/* The whole file at `path`, NUL-terminated (free it); NULL when unreadable. */
char *slurp(const char *path, size_t *len);
/* The calling thread's last error message, or "" */
const char *last_error(void);
/* The API checks in api.c. */
void run_api_checks(void);
#endif
