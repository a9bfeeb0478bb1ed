"""The shared conformance vectors, every file and every case, through the Python API's own typed calls.

Each suite has one runner here, written against the Python API (``onshi.decide`` and the
``Decision``, ``onshi.verify_number``, ``onshi.monthly_ceiling``, ``RuleSet.audit``, a Python
transport under ``onshi.JpkiCard``, …). A runner checks every ``expect`` key itself; a key it does
not know fails its case. Each file's test counts the cases its runner checked and asserts that
count against the file, so a case or a suite skipped silently fails. The library ships no vector
runner: Python proves itself by running the shared vectors through its own functions.
"""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
from typing import Any, Callable, Optional

import pytest

import onshi
from conftest import REPO, VECTORS

FILES = sorted(VECTORS.glob("*.json"))
BUILTIN_TABLE = REPO / "crates" / "onshi" / "rules" / "default.json"

Case = dict[str, Any]
RUNNERS: dict[str, Callable[[Case], None]] = {}


def runner(suite: str) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    """Registers the function that runs one case of `suite` (it raises when the case fails)."""

    def register(run: Callable[[Case], None]) -> Callable[[Case], None]:
        RUNNERS[suite] = run
        return run

    return register


def load(path: pathlib.Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def only_keys(expect: dict[str, Any], known: set[str]) -> None:
    unknown = set(expect) - known
    assert not unknown, f"expect keys not checked by the Python runner: {sorted(unknown)}"


def plain(value: Any) -> Any:
    """A value as JSON would hold it (dates as text)."""
    return json.loads(json.dumps(value, default=str))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def case_rules(case_input: dict[str, Any]) -> onshi.RuleSet:
    """The rule set a case names (its own table, the built-in one less some rows, planned rows);
    the three keys are taken out of `case_input`."""
    table = case_input.pop("rules", None)
    drop = case_input.pop("drop_rows", None)
    if drop is not None:
        assert table is None, "give rules or drop_rows, not both"
        full = load(BUILTIN_TABLE)
        kept = [r for r in full["rules"] if not any(r["id"] == d["id"] and r["from"] == d["from"] for d in drop)]
        assert len(kept) + len(drop) == len(full["rules"]), "drop_rows names a row the built-in table does not have"
        full["rules"] = kept
        table = full
    rules = onshi.RuleSet.builtin() if table is None else onshi.RuleSet.from_json(json.dumps(table))
    if case_input.pop("planned", False):
        rules = rules.with_planned_rows("apply")
    return rules


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_case_of_the_file_passes_through_the_typed_api(path: pathlib.Path) -> None:
    document = load(path)
    run = RUNNERS.get(document["suite"])
    assert run is not None, f"suite `{document['suite']}` of {path.name} has no Python runner"
    cases = document["cases"]
    failures: list[str] = []
    checked = 0
    for case in cases:
        try:
            run(copy.deepcopy(case))
        except Exception as e:  # any exception is that case's failure, reported with its id
            failures.append(f"{case['id']}: {type(e).__name__}: {e}")
        else:
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked == len(cases) > 0, f"{checked} of {len(cases)} cases checked"


def test_every_vector_file_and_suite_has_a_python_runner() -> None:
    assert len(FILES) >= 15
    assert {load(p)["suite"] for p in FILES} == set(RUNNERS)


@runner("reception")
def run_reception(case: Case) -> None:
    expect = case["expect"]
    visit = case["input"]
    rules = case_rules(visit)
    only_keys(expect, RECEPTION_EXPECT)
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.decide(rules, visit)
        assert refused.value.kind == expect["error"]
        return
    d = onshi.decide(rules, visit)
    as_dict = d.to_dict()
    assert d.rules, "the decision lists no rule ids"
    kinds = [a.kind for a in d.alerts]
    actions = [a.kind for a in d.actions]
    for key, want in expect.items():
        if key == "coverage":
            assert d.coverage is onshi.Coverage(want)
        elif key == "route":
            assert d.route is onshi.Route(want)
        elif key == "failure":
            assert d.failure is (None if want is None else onshi.FailureClass(want))
        elif key == "copay_percent":
            assert d.copay_percent == want
        elif key == "copay_basis":
            assert d.copay_basis is onshi.CopayBasis(want)
        elif key == "alerts":
            assert sorted(kinds) == sorted(want)
        elif key == "actions":
            assert set(want) <= set(actions), actions
        elif key == "actions_exclude":
            assert not set(want) & set(actions), actions
        elif key == "first_action":
            assert (actions[0] if actions else None) == want, actions
        elif key == "identity_methods":
            methods = next((a.details["methods"] for a in d.actions if a.kind == "confirm_identity"), None)
            assert methods == want
        elif key == "rules":
            assert set(want) <= set(d.rules), d.rules
        elif key == "rules_exclude":
            assert not set(want) & set(d.rules), d.rules
        elif key == "staff_message_contains":
            for lang, text in want.items():
                assert text in d.staff_message(onshi.Lang(lang)), (lang, d.staff_message(lang))
        elif key == "ceiling":
            assert d.ceiling_category == (None if want is None else want["category"])
            assert d.ceiling_basis == (None if want is None else onshi.CeilingBasis(want["basis"]))
        elif key == "ceiling_limit":
            assert (d.ceiling_limit or {}).get("limit") == want
        elif key == "dates":
            details = [plain(a.details) for a in d.alerts]
            for field, date in want.items():
                assert any(x.get(field) == date for x in details), (field, details)
        elif key == "not_used":
            not_used = {a.details["document"]: a.details["reason"] for a in d.alerts if a.kind == "document_not_used"}
            assert not_used == want
    # The typed form and the dict form are the same decision.
    assert as_dict["route"] == d.route.value
    assert [a["kind"] for a in as_dict["actions"]] == actions
    assert d.staff_message(onshi.Lang.JA) and d.staff_message("en")


RECEPTION_EXPECT = {
    "coverage", "route", "failure", "copay_percent", "copay_basis", "alerts", "actions", "actions_exclude",
    "first_action", "identity_methods", "rules", "rules_exclude", "staff_message_contains", "ceiling",
    "ceiling_limit", "dates", "not_used", "error",
}


def test_every_route_alert_and_action_is_reached_through_the_python_api() -> None:
    """The reception vectors, decided through onshi.decide, reach every kind the core declares."""
    from onshi._onshi import _vocabularies

    reached: set[str] = set()
    for case in load(VECTORS / "reception.json")["cases"]:
        visit = copy.deepcopy(case["input"])
        rules = case_rules(visit)
        if "error" in case["expect"]:
            continue
        d = onshi.decide(rules, visit)
        reached.add(d.route.value)
        reached.update(a.kind for a in d.alerts)
        reached.update(a.kind for a in d.actions)
    core = _vocabularies()
    for name in ("Route", "Alert", "Action"):
        missing = [slug for slug in core[name] if slug not in reached]
        assert not missing, f"{name}: no vector reaches {missing} through the Python API"


@runner("ceilings")
def run_ceilings(case: Case) -> None:
    args = case["input"]
    rules = case_rules(args)
    month = day(args.pop("month"))
    category = args.pop("category")
    expect = case["expect"]
    only_keys(expect, {"error", "limit", "rule", "annual_cap", "annual_cap_low_income", "outpatient_annual_cap"})
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.monthly_ceiling(rules, month, category, **args)
        assert refused.value.kind == expect["error"]
        return
    amount = onshi.monthly_ceiling(rules, month, category, **args)
    for key, want in expect.items():
        assert amount.get(key) == want, (key, amount)


@runner("audit")
def run_audit(case: Case) -> None:
    args = case["input"]
    rules = case_rules(args)
    audit = rules.audit(day(args["on"]))
    expect = case["expect"]
    only_keys(expect, {"gap", "findings", "findings_absent"})
    if "gap" in expect:
        assert audit.has_gap is expect["gap"]
    found = [{k: v for k, v in f.items() if k != "text"} for f in audit.to_dict()["findings"]]

    def matches(want: dict[str, Any]) -> bool:
        return any(all(f.get(k) == v for k, v in want.items()) for f in found)

    for want in expect.get("findings", []):
        assert matches(want), (want, found)
    for want in expect.get("findings_absent", []):
        assert not matches(want), want


@runner("reconcile")
def run_reconcile(case: Case) -> None:
    given, expect = case["input"], case["expect"]
    only_keys(expect, {"outcome", "person", "reasons", "differences", "actions", "rules", "error"})
    date = day(given["date"])
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.reconcile(onshi.RuleSet.builtin(), given["stored"], given["online"], date)
        assert refused.value.kind == expect["error"]
        return
    r = onshi.reconcile(onshi.RuleSet.builtin(), given["stored"], given["online"], date)
    if "outcome" in expect:
        assert r["outcome"] == expect["outcome"]
    if "person" in expect:
        assert r["person"]["outcome"] == expect["person"]
    missing = set(expect.get("reasons", [])) - set(r["person"]["reasons"])
    assert not missing, f"reasons {missing} missing: {r['person']['reasons']}"
    if "differences" in expect:
        assert [d["kind"] for d in r["differences"]] == expect["differences"]
    if "actions" in expect:
        assert [d["action"] for d in r["differences"]] == expect["actions"]
    for rule in expect.get("rules", []):
        assert any(rule in d.get("rules", []) for d in r["differences"]), rule
    for d in r["differences"]:
        assert d["text"]["ja"] and d["text"]["en"]


@runner("wareki")
def run_wareki(case: Case) -> None:
    given, expect = case["input"], case["expect"]
    if "text" in given:
        only_keys(expect, {"date", "error"})
        if "error" in expect:
            with pytest.raises(onshi.InvalidInput) as refused:
                onshi.parse_wareki(given["text"])
            assert refused.value.kind == expect["error"]
        else:
            assert onshi.parse_wareki(given["text"]) == day(expect["date"])
    else:
        only_keys(expect, {"wareki", "short", "code"})
        long, short, code = onshi.to_wareki(day(given["date"]))
        got = {"wareki": long, "short": short, "code": code}
        for key, want in expect.items():
            assert got[key] == want, key


@runner("names")
def run_names(case: Case) -> None:
    given, expect = case["input"], case["expect"]
    only_keys(expect, {"normalized", "comparison", "outcome", "reasons"})
    if "normalized" in expect:
        assert onshi.normalize_kana(given["kana"]) == expect["normalized"]
    if "comparison" in expect:
        assert onshi.compare_names(given["a"], given["b"]) == expect["comparison"]
    if "outcome" in expect or "reasons" in expect:
        m = onshi.match_person(given["stored"], given["online"])
        assert m["outcome"] == expect.get("outcome", m["outcome"])
        assert set(expect.get("reasons", [])) <= set(m["reasons"]), m["reasons"]


@runner("numbers")
def run_numbers(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    only_keys(expect, {"valid", "error", "normalized", "law", "law_name", "prefecture", "note_contains"})
    try:
        info = onshi.verify_number(onshi.NumberKind(args["kind"]), args["value"])
    except onshi.InvalidInput as e:
        assert set(expect) <= {"valid", "error"}, (expect, e.kind)
        assert expect.get("valid", False) is False, e
        if "error" in expect:
            assert e.kind == expect["error"]
        return
    assert "error" not in expect, f"accepted: {info}"
    for key, want in expect.items():
        if key == "valid":
            assert want is True
        elif key == "note_contains":
            assert any(want in note for note in info["notes"]), (key, info)
        else:
            assert info.get(key) == want, (key, info)


@runner("rules")
def run_rules(case: Case) -> None:
    expect = case["expect"]
    only_keys(expect, {"valid", "error"})
    try:
        onshi.RuleSet.from_json(json.dumps(case["input"]))
    except onshi.RuleError as e:
        assert expect.get("valid") is False, e
        assert e.kind == expect.get("error", e.kind)
        return
    assert expect.get("valid", True) is True, "the table was accepted"


class Transcript:
    """A Python transport that plays a case's transcript: each command must be the next one expected."""

    FAILURES = {"no_reader": onshi.NoReader, "no_card": onshi.NoCard, "card_removed": onshi.CardRemoved}

    def __init__(self, exchanges: list[dict[str, Any]]) -> None:
        self.exchanges = exchanges
        self.next = 0
        self.problems: list[str] = []

    def transmit(self, apdu: bytes) -> bytes:
        if self.next >= len(self.exchanges):
            self.problems.append(f"sent {apdu[:4].hex().upper()} after the transcript ended (a retry?)")
            raise OSError("the transcript ended")
        x = self.exchanges[self.next]
        self.next += 1
        if x["command"].upper() != apdu.hex().upper():
            self.problems.append(f"exchange {self.next}: expected {x['command']}, sent {apdu.hex().upper()}")
        if "transport_error" in x:
            kind = x["transport_error"]["kind"]
            raise self.FAILURES.get(kind, OSError)(kind)
        return bytes.fromhex(x["response"])


def counter_dict(c: onshi.PinCounter) -> dict[str, Any]:
    return {"counter": c.kind.value, **({"tries": c.tries} if c.tries is not None else {})}


def state_dict(s: onshi.PinState) -> dict[str, Any]:
    return {"state": s.kind.value, **({"tries": s.tries} if s.tries is not None else {})}


@runner("card")
def run_card(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    only_keys(expect, {"result", "error", "pin_state"})
    transcript = Transcript(args["exchanges"])
    card = onshi.JpkiCard(transcript.transmit)
    result: dict[str, Any] = {}
    state: Optional[dict[str, Any]] = None
    operation = args["operation"]
    try:
        if operation == "select":
            card.select()
            result = {"selected": True}
        elif operation == "token":
            result = {"token": card.token().value}
        elif operation in ("read_auth_certificate", "read_auth_ca_certificate"):
            data = card.read_certificate() if operation == "read_auth_certificate" else card.read_ca_certificate()
            result = {"data": data.hex().upper()}
        elif operation == "pin_counter":
            counter = card.pin_counter()
            result, state = counter_dict(counter), state_dict(counter.pin_state)
        elif operation == "verify_pin":
            v = card.verify_pin(args.get("pin", ""), last_try_confirmed=args.get("last_try") == "confirmed")
            result = {"outcome": v.result.value, **({"counter": counter_dict(v.counter)} if v.counter else {})}
            state = state_dict(v.pin_state)
        else:
            raise AssertionError(f"unknown operation {operation}")
    except onshi.OnshiError as e:
        assert "error" in expect, e
        assert e.kind == expect["error"]
    else:
        assert "error" not in expect, result
        if "result" in expect:
            assert result == expect["result"]
        if "pin_state" in expect:
            assert state == expect["pin_state"]
    assert transcript.problems == []
    assert transcript.next == len(transcript.exchanges), "every exchange of the transcript is sent"


@runner("certificate")
def run_certificate(case: Case) -> None:
    args = case["input"]
    rules = case_rules(args)
    only_keys(args, {"not_before", "not_after", "at", "revocation"})
    v = onshi.certificate_validity(
        rules, args["not_before"], args["not_after"], args["at"], revocation=args.get("revocation", "not_checked")
    )
    expect = case["expect"]
    only_keys(expect, {"status", "insurance_use", "other_functions", "dates"})
    for key, want in expect.items():
        if key == "status":
            assert v.status is onshi.CertificateStatus(want)
        elif key == "dates":
            for field, date in want.items():
                assert getattr(v, field) == day(date), field
        else:
            assert getattr(v, key) is want, key


def at_pointer(doc: Any, pointer: str) -> Any:
    """The value at an RFC 6901 JSON pointer, or None."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(doc, dict):
            doc = doc.get(token)
        elif isinstance(doc, list) and token.isdigit() and int(token) < len(doc):
            doc = doc[int(token)]
        else:
            return None
    return doc


@runner("oqs")
def run_oqs(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    only_keys(expect, {"error", "fields", "online", "visit_error"})
    data = args["xml"].encode("cp932" if args.get("encoding") == "shift_jis" else "utf-8")
    try:
        result = onshi.OqsResult.parse(data)
    except onshi.OnshiError as e:
        assert "error" in expect, e
        assert e.kind == expect["error"], e
        return
    assert "error" not in expect, "the file parsed"
    parsed = plain(result.to_dict())
    for pointer, want in expect.get("fields", {}).items():
        assert at_pointer(parsed, pointer) == want, pointer
    online = plain(result.online())
    for key, want in expect.get("online", {}).items():
        assert online.get(key) == want, key
    if "visit_error" in expect:
        try:
            result.visit(datetime.date(2026, 1, 15), "legacy_card")
            refused = None
        except onshi.OnshiError as e:
            refused = e.kind
        assert refused == expect["visit_error"]


@runner("script")
def run_script(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    only_keys(expect, {"steps", "coverage", "route", "error_at"})
    rules = onshi.RuleSet.builtin()
    script = onshi.ReceptionScript(args["visit"])
    assert script.prompt("ja") and script.prompt("en")
    steps = [script.step]
    error_at = None
    for i, answer in enumerate(args["answers"]):
        try:
            steps.append(script.answer(rules, answer))
        except onshi.InvalidInput:
            error_at = i
            break
    assert error_at == expect.get("error_at")
    if "steps" in expect:
        assert [s.value for s in steps] == expect["steps"]
    decision = script.decision
    for key in ("coverage", "route"):
        if key in expect:
            assert decision is not None and getattr(decision, key).value == expect[key]


@runner("registration")
def run_registration(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    only_keys(expect, {"allowed", "effective_until", "status"})
    rules = onshi.RuleSet.builtin()
    for key, want in expect.items():
        if key == "allowed":
            check = onshi.can_register(
                rules, day(args["date"]), args["channel"], kind=args.get("kind", "ordinary"), pin=args.get("pin")
            )
            assert check["allowed"] is want
            assert (check["refusal"] is None) is want, check
        elif key == "effective_until":
            until = onshi.cancellation_effective(rules, day(args["cancellation_applied"]))
            assert until == (None if want is None else day(want))
        else:
            assert onshi.registration_on(rules, args["events"], day(args["date"])) is onshi.Registration(want)


@runner("facilities")
def run_facilities(case: Case) -> None:
    args, expect = case["input"], case["expect"]
    rules = onshi.RuleSet.builtin()
    check = args["check"]
    date = day(args["date"]) if "date" in args else None
    got: dict[str, Any]
    if check == "obligation":
        assert date is not None
        got = onshi.online_obligation(rules, date, args["facility"])
        known = {"obligation"}
    elif check == "cooperation":
        got = onshi.cooperation_payment(rules, args["report"])
        known = {"eligible", "missing", "amount"}
    elif check == "device_subsidy":
        assert date is not None
        got = {"subsidy": onshi.device_subsidy(rules, date, args["cost"])}
        known = {"subsidy"}
    elif check == "dx_addition":
        assert date is not None
        addition = onshi.dx_addition(rules, date, args["facility"])
        got = {**(addition or {}), "addition": addition is not None}
        known = {"addition", "levels", "missing", "initial_points"}
    elif check == "notices":
        assert date is not None
        got = {"notices": [row["id"] for row in onshi.facility_notices(rules, date)]}
        known = {"notices"}
    else:
        raise AssertionError(f"unknown check {check}")
    only_keys(expect, known)
    for key, want in expect.items():
        if key == "addition":
            assert got["addition"] is want
        else:
            assert plain(got.get(key)) == want, (key, got)
