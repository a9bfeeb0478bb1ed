"""The shared conformance vectors through the Python API."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any

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


@pytest.mark.parametrize("case", reception_cases(), ids=lambda c: str(c["id"]))
def test_typed_decisions_match_the_reception_vectors(case: dict[str, Any]) -> None:
    expect = case["expect"]
    visit = dict(case["input"])
    overlay = visit.pop("rules", None)  # a case may carry its own rule overlay
    rules = onshi.RuleSet.builtin() if overlay is None else onshi.RuleSet.from_json(json.dumps(overlay))
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
    month = datetime.date.fromisoformat(args.pop("month"))
    category = args.pop("category")
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(onshi.InvalidInput) as refused:
            onshi.monthly_ceiling(onshi.RuleSet.builtin(), month, category, **args)
        assert refused.value.kind == expect["error"]
    else:
        amount = onshi.monthly_ceiling(onshi.RuleSet.builtin(), month, category, **args)
        assert amount["limit"] == expect["limit"]
