"""The shared conformance vectors through the Python API."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Optional

import pytest

import onshi
from conftest import VECTORS

FILES = sorted(VECTORS.glob("*.json"))


def test_the_vector_files_are_there() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_vector_passes(path: pathlib.Path) -> None:
    report = onshi.run_vectors(onshi.RuleSet.builtin(), path.read_text(encoding="utf-8"))
    assert report.failed == 0, "\n".join(report.failures)
    assert report.passed > 0


def reception_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / "reception.json").read_text(encoding="utf-8"))["cases"]
    return cases


BUILTIN_TABLE = VECTORS.parent.parent / "crates" / "onshi" / "rules" / "default.json"


def case_rules(case_input: dict[str, Any]) -> onshi.RuleSet:
    """The rule set a case names: its own table, the built-in one less some rows, planned rows."""
    table = case_input.pop("rules", None)
    drop = case_input.pop("drop_rows", None)
    if drop is not None:
        full = json.loads(BUILTIN_TABLE.read_text(encoding="utf-8"))
        full["rules"] = [
            r for r in full["rules"] if not any(r["id"] == d["id"] and r["from"] == d["from"] for d in drop)
        ]
        table = full
    rules = onshi.RuleSet.builtin() if table is None else onshi.RuleSet.from_json(json.dumps(table))
    if case_input.pop("planned", False):
        rules = rules.with_planned_rows("apply")
    return rules


@pytest.mark.parametrize("case", reception_cases(), ids=lambda c: str(c["id"]))
def test_typed_decisions_match_the_reception_vectors(case: dict[str, Any]) -> None:
    expect = case["expect"]
    visit = dict(case["input"])
    rules = case_rules(visit)
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.decide(rules, visit)
        assert refused.value.kind == expect["error"]
        return
    d = onshi.decide(rules, visit)
    if "coverage" in expect:
        assert d.coverage is onshi.Coverage(expect["coverage"])
    if "route" in expect:
        assert d.route is onshi.Route(expect["route"])
    if "failure" in expect:
        failure = expect["failure"]
        assert d.failure is (None if failure is None else onshi.FailureClass(failure))
    if "copay_percent" in expect:
        assert d.copay_percent == expect["copay_percent"]
    if "copay_basis" in expect:
        assert d.copay_basis is onshi.CopayBasis(expect["copay_basis"])
    if "alerts" in expect:
        kinds = [a.kind for a in d.alerts]
        want = [a if isinstance(a, str) else a["kind"] for a in expect["alerts"]]
        assert sorted(kinds) == sorted(want)
    if "not_used" in expect:
        not_used = {a.details["document"]: a.details["reason"] for a in d.alerts if a.kind == "document_not_used"}
        assert not_used == expect["not_used"]
    # The typed form and the dict form are the same decision.
    as_dict = d.to_dict()
    assert as_dict["route"] == d.route.value
    assert [a["kind"] for a in as_dict["actions"]] == [a.kind for a in d.actions]
    assert d.staff_message(onshi.Lang.JA) and d.staff_message("en")


def ceiling_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / "ceilings.json").read_text(encoding="utf-8"))["cases"]
    return cases


@pytest.mark.parametrize("case", ceiling_cases(), ids=lambda c: str(c["id"]))
def test_ceilings_through_keyword_arguments(case: dict[str, Any]) -> None:
    args = dict(case["input"])
    rules = case_rules(args)
    month = datetime.date.fromisoformat(args.pop("month"))
    category = args.pop("category")
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.monthly_ceiling(rules, month, category, **args)
        assert refused.value.kind == expect["error"]
    else:
        amount = onshi.monthly_ceiling(rules, month, category, **args)
        for key in ("limit", "rule", "annual_cap", "annual_cap_low_income", "outpatient_annual_cap"):
            if key in expect:
                assert amount.get(key) == expect[key], key


def audit_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / "audit.json").read_text(encoding="utf-8"))["cases"]
    return cases


@pytest.mark.parametrize("case", audit_cases(), ids=lambda c: str(c["id"]))
def test_audit_through_the_rule_set(case: dict[str, Any]) -> None:
    args = dict(case["input"])
    rules = case_rules(args)
    audit = rules.audit(datetime.date.fromisoformat(args["on"]))
    expect = case["expect"]
    if "gap" in expect:
        assert audit.has_gap is expect["gap"]
    found = [{k: v for k, v in f.items() if k != "text"} for f in audit.to_dict()["findings"]]

    def matches(want: dict[str, Any]) -> bool:
        return any(all(f.get(k) == v for k, v in want.items()) for f in found)

    for want in expect.get("findings", []):
        assert matches(want), (want, found)
    for want in expect.get("findings_absent", []):
        assert not matches(want), want


def test_every_route_alert_and_action_is_reached_through_the_python_api() -> None:
    """The reception vectors, decided through onshi.decide, reach every kind the core declares."""
    from onshi._onshi import _vocabularies

    reached: set[str] = set()
    for case in reception_cases():
        visit = dict(case["input"])
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


def suite_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))["cases"]
    return cases


@pytest.mark.parametrize("case", suite_cases("reconcile"), ids=lambda c: str(c["id"]))
def test_reconcile_vectors_through_onshi_reconcile(case: dict[str, Any]) -> None:
    given, expect = case["input"], case["expect"]
    day = datetime.date.fromisoformat(given["date"])
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.reconcile(onshi.RuleSet.builtin(), given["stored"], given["online"], day)
        assert refused.value.kind == expect["error"]
        return
    r = onshi.reconcile(onshi.RuleSet.builtin(), given["stored"], given["online"], day)
    unchecked = set(expect) - {"outcome", "person", "reasons", "differences", "actions", "rules"}
    assert not unchecked, f"expect keys not checked here: {unchecked}"
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


@pytest.mark.parametrize("case", suite_cases("wareki"), ids=lambda c: str(c["id"]))
def test_wareki_vectors_through_parse_and_to_wareki(case: dict[str, Any]) -> None:
    given, expect = case["input"], case["expect"]
    if "text" in given:
        if "error" in expect:
            with pytest.raises(onshi.InvalidInput) as refused:
                onshi.parse_wareki(given["text"])
            assert refused.value.kind == expect["error"]
        else:
            assert onshi.parse_wareki(given["text"]) == datetime.date.fromisoformat(expect["date"])
    else:
        long, short, code = onshi.to_wareki(datetime.date.fromisoformat(given["date"]))
        for key, got in (("wareki", long), ("short", short), ("code", code)):
            if key in expect:
                assert got == expect[key], key


@pytest.mark.parametrize("case", suite_cases("names"), ids=lambda c: str(c["id"]))
def test_names_vectors_through_the_matching_helpers(case: dict[str, Any]) -> None:
    given, expect = case["input"], case["expect"]
    if "normalized" in expect:
        assert onshi.normalize_kana(given["kana"]) == expect["normalized"]
    if "comparison" in expect:
        assert onshi.compare_names(given["a"], given["b"]) == expect["comparison"]
    if "outcome" in expect:
        m = onshi.match_person(given["stored"], given["online"])
        assert m["outcome"] == expect["outcome"]
        assert set(expect.get("reasons", [])) <= set(m["reasons"])


@pytest.mark.parametrize("case", suite_cases("numbers"), ids=lambda c: str(c["id"]))
def test_numbers_vectors_through_verify_number(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    try:
        info = onshi.verify_number(onshi.NumberKind(args["kind"]), args["value"])
    except onshi.InvalidInput as e:
        assert set(expect) <= {"valid", "error"}, (expect, e.kind)
        assert expect.get("valid", False) is False, e
        if "error" in expect:
            assert e.kind == expect["error"]
        return
    for key, want in expect.items():
        if key == "valid":
            assert want is True
        elif key in ("normalized", "law", "law_name", "prefecture"):
            assert info.get(key) == want, (key, info)
        elif key == "note_contains":
            assert any(want in note for note in info["notes"]), (key, info)
        else:
            raise AssertionError(f"expect key `{key}` is not checked by the Python runner (accepted: {info})")


@pytest.mark.parametrize("case", suite_cases("rules"), ids=lambda c: str(c["id"]))
def test_rules_vectors_through_rule_set_from_json(case: dict[str, Any]) -> None:
    expect = case["expect"]
    assert set(expect) <= {"valid", "error"}, expect
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


@pytest.mark.parametrize("case", suite_cases("card-pin") + suite_cases("card-read"), ids=lambda c: str(c["id"]))
def test_card_vectors_through_a_python_transport(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    assert set(expect) <= {"result", "error", "pin_state"}, expect
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
        assert result == expect["result"]
        if "pin_state" in expect:
            assert state == expect["pin_state"]
    assert transcript.problems == []
    assert transcript.next == len(transcript.exchanges), "every exchange of the transcript is sent"


@pytest.mark.parametrize("case", suite_cases("cert-validity"), ids=lambda c: str(c["id"]))
def test_certificate_vectors_through_certificate_validity(case: dict[str, Any]) -> None:
    args = dict(case["input"])
    rules = case_rules(args)
    v = onshi.certificate_validity(
        rules, args["not_before"], args["not_after"], args["at"], revocation=args.get("revocation", "not_checked")
    )
    for key, want in case["expect"].items():
        if key == "status":
            assert v.status is onshi.CertificateStatus(want)
        elif key in ("insurance_use", "other_functions"):
            assert getattr(v, key) is want, key
        elif key == "dates":
            for field, day in want.items():
                assert getattr(v, field) == datetime.date.fromisoformat(day), field
        else:
            raise AssertionError(f"expect key `{key}` is not checked by the Python runner")


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


def plain(value: Any) -> Any:
    """A value as JSON would hold it (dates as text)."""
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("case", suite_cases("oqs-results"), ids=lambda c: str(c["id"]))
def test_oqs_vectors_through_oqs_result(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    assert set(expect) <= {"error", "fields", "online", "visit_error"}, expect
    data = args["xml"].encode("cp932" if args.get("encoding") == "shift_jis" else "utf-8")
    try:
        result = onshi.OqsResult.parse(data)
    except onshi.OnshiError as e:
        assert e.kind == expect.get("error"), e
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


@pytest.mark.parametrize("case", suite_cases("script"), ids=lambda c: str(c["id"]))
def test_script_vectors_through_reception_script(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    assert set(expect) <= {"steps", "coverage", "route", "error_at"}, expect
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


@pytest.mark.parametrize("case", suite_cases("registration"), ids=lambda c: str(c["id"]))
def test_registration_vectors_through_the_registration_calls(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    rules = onshi.RuleSet.builtin()
    for key, want in expect.items():
        if key == "allowed":
            check = onshi.can_register(
                rules,
                datetime.date.fromisoformat(args["date"]),
                args["channel"],
                kind=args.get("kind", "ordinary"),
                pin=args.get("pin"),
            )
            assert check["allowed"] is want
            assert (check["refusal"] is None) is want, check
        elif key == "effective_until":
            day = onshi.cancellation_effective(rules, datetime.date.fromisoformat(args["cancellation_applied"]))
            assert day == (None if want is None else datetime.date.fromisoformat(want))
        elif key == "status":
            status = onshi.registration_on(rules, args["events"], datetime.date.fromisoformat(args["date"]))
            assert status is onshi.Registration(want)
        else:
            raise AssertionError(f"expect key `{key}` is not checked by the Python runner")


@pytest.mark.parametrize("case", suite_cases("facilities"), ids=lambda c: str(c["id"]))
def test_facility_vectors_through_the_facility_calls(case: dict[str, Any]) -> None:
    args, expect = case["input"], case["expect"]
    rules = onshi.RuleSet.builtin()
    check = args["check"]
    day = datetime.date.fromisoformat(args["date"]) if "date" in args else None
    got: dict[str, Any]
    if check == "obligation":
        assert day is not None
        got = onshi.online_obligation(rules, day, args["facility"])
    elif check == "cooperation":
        got = onshi.cooperation_payment(rules, args["report"])
    elif check == "device_subsidy":
        assert day is not None
        got = {"subsidy": onshi.device_subsidy(rules, day, args["cost"])}
    elif check == "dx_addition":
        assert day is not None
        addition = onshi.dx_addition(rules, day, args["facility"])
        got = {**(addition or {}), "addition": addition is not None}
    elif check == "notices":
        assert day is not None
        got = {"notices": [row["id"] for row in onshi.facility_notices(rules, day)]}
    else:
        raise AssertionError(f"unknown check {check}")
    for key, want in expect.items():
        if key == "addition":
            assert got["addition"] is want
        else:
            assert plain(got.get(key)) == want, (key, got)


def test_every_vector_file_has_a_typed_python_runner() -> None:
    typed = {
        "reception", "numbers", "ceilings", "rules", "audit", "card-pin", "card-read", "cert-validity",
        "oqs-results", "script", "registration", "facilities", "reconcile", "wareki", "names",
    }
    assert {p.stem for p in VECTORS.glob("*.json")} == typed
