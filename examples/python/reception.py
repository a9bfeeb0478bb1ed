"""A reception desk in Python: decide a visit, or an オンライン資格確認 result file, and print what
staff need.

    python examples/python/reception.py                 # a built-in example visit
    python examples/python/reception.py visit.json en   # a visit in the vector format
    python examples/python/reception.py result.xml      # a result file from the OQS terminal
"""

from __future__ import annotations

import datetime
import pathlib
import sys

import onshi

JST = datetime.timezone(datetime.timedelta(hours=9))

EXAMPLE = {
    "at": datetime.datetime(2026, 5, 31, 10, 0, tzinfo=JST),
    "presented": {
        "myna_card": {
            "registration": "registered",
            "certificate_expires": datetime.date(2026, 2, 10),
            "identity": {"method": "face", "outcome": "confirmed"},
        }
    },
    "online": {"status": "valid", "copay_percent": 30},
}


def visit_from(path: pathlib.Path) -> onshi.Visit:
    if path.suffix.lower() == ".xml":
        return onshi.OqsResult.parse(path.read_bytes()).visit()
    return onshi.Visit.from_json(path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    lang = onshi.Lang.EN if len(argv) > 2 and argv[2] == "en" else onshi.Lang.JA
    rules = onshi.RuleSet.builtin()
    try:
        visit = visit_from(pathlib.Path(argv[1])) if len(argv) > 1 else onshi.Visit.from_dict(EXAMPLE)
        decision = onshi.decide(rules, visit)
    except (onshi.OnshiError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(decision.staff_message(lang))
    print(f"{decision.coverage.value} / {decision.route.value} / copay {decision.copay_percent}%")
    for alert in decision.alerts:
        print(f"alert: {alert.kind} {alert.details}")
    for number, action in enumerate(decision.actions, 1):
        print(f"{number}. {action.kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
