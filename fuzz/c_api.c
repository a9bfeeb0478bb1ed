/* libFuzzer target for onshi's C entry points, built by fuzz/run with clang against libonshi.a
 * (compiled with coverage instrumentation). The first input byte picks the entry point; the rest is
 * its argument, as a C caller would pass it: bytes with a length, or a NUL-terminated string (cut
 * at the first NUL). Every call must return a status; whatever it hands out is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "onshi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  uint8_t selector = data[0];
  const uint8_t *input = data + 1;
  size_t len = size - 1;
  char *text = malloc(len + 1);
  if (text == NULL) {
    return 0;
  }
  memcpy(text, input, len);
  text[len] = '\0';

  OnshiRules *rules = NULL;
  if (onshi_rules_builtin(&rules) != ONSHI_STATUS_OK) {
    abort();
  }
  char *json = NULL;
  switch (selector % 5) {
  case 0:
    if (onshi_decide_json(rules, text, &json) == ONSHI_STATUS_OK) {
      onshi_string_free(json);
    }
    break;
  case 1: {
    OnshiDecision *decision = NULL;
    if (onshi_oqs_decide(rules, input, len, NULL, ONSHI_QUERIED_DOCUMENT_LEGACY_CARD, &decision) ==
        ONSHI_STATUS_OK) {
      const char *staff = onshi_decision_staff_message(decision, ONSHI_LANG_JA);
      if (staff == NULL || strlen(staff) == 0) {
        abort(); /* a decision always has a staff message */
      }
      onshi_decision_free(decision);
    }
    break;
  }
  case 2:
    /* Undefined kinds included: they must be refused, not trusted. */
    if (onshi_verify_number((uint32_t)(selector / 5), text, &json) == ONSHI_STATUS_OK) {
      onshi_string_free(json);
    }
    break;
  case 3: {
    OnshiTrustAnchors *anchors = NULL;
    if (onshi_trust_anchors_new(&anchors) != ONSHI_STATUS_OK) {
      abort();
    }
    (void)onshi_trust_anchors_add(anchors, input, len);
    OnshiCertificateStatus status;
    if (onshi_check_certificate(rules, anchors, input, len, "2026-01-15T10:00:00+09:00", &status,
                                &json) == ONSHI_STATUS_OK) {
      onshi_string_free(json);
    }
    onshi_trust_anchors_free(anchors);
    break;
  }
  default: {
    OnshiRules *loaded = NULL;
    if (onshi_rules_from_json(text, &loaded) == ONSHI_STATUS_OK) {
      onshi_rules_free(loaded);
    }
    break;
  }
  }
  onshi_rules_free(rules);
  free(text);
  return 0;
}
