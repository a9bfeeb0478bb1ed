"""After the online answer, in Python: the clinic's stored insurance record against each record of
an オンライン資格確認 result file, and what staff do about each difference.

    python examples/python/reconcile.py                                    # built-in example
    python examples/python/reconcile.py stored.json result.xml 2026-03-02 en
"""

from __future__ import annotations

import datetime
import json
import pathlib
import sys
from typing import Any

import onshi

# A stored record still at 2割, against a face-reader result that says 1割.
STORED: dict[str, Any] = {
    "insurer": "39131016",
    "number": "00012345",
    "relation": "insured",
    "copay_percent": 20,
    "name": "試験　花子",
    "birth_date": datetime.date(1945, 6, 6),
}
RESULT = pathlib.Path("crates/onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml")


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 4, 5):
        print("usage: reconcile.py [stored.json result.xml YYYY-MM-DD [en]]", file=sys.stderr)
        return 2
    stored, result, day = STORED, RESULT, datetime.date(2026, 3, 2)
    if len(argv) > 3:
        stored = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
        result, day = pathlib.Path(argv[2]), datetime.date.fromisoformat(argv[3])
    lang = "en" if len(argv) > 4 and argv[4] == "en" else "ja"
    rules = onshi.RuleSet.builtin()
    try:
        online_records = onshi.OqsResult.parse(result.read_bytes()).insurance_records()
        for online in online_records:
            r = onshi.reconcile(rules, stored, online, day)
            print(f"{r['outcome']}: {r['text'][lang]}")
            for d in r["differences"]:
                action = d["action"]["kind"] + (f" ({d['action']['day']})" if "day" in d["action"] else "")
                print(f"  {d['kind']} → {action} [{', '.join(d.get('rules', []))}]")
                print(f"    {d['text'][lang]}")
    except (onshi.OnshiError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
