"""Every exception's ``kind`` is an ``onshi.ErrorKind``: the core's one list of error kinds."""

from __future__ import annotations

import pytest

import onshi


def test_error_kind_is_the_cores_vocabulary() -> None:
    """A kind added to the core and missing here (or the reverse) fails."""
    from onshi._onshi import _vocabularies

    assert [member.value for member in onshi.ErrorKind] == _vocabularies()["ErrorKind"]


def test_an_exceptions_kind_is_the_enum_and_still_its_slug() -> None:
    with pytest.raises(onshi.InvalidInput) as refused:
        onshi.verify_number(onshi.NumberKind.INSURER, "06130011")
    assert refused.value.kind == "check_digit"
    assert refused.value.kind is onshi.ErrorKind.CHECK_DIGIT
    with pytest.raises(onshi.RuleError) as bad_table:
        onshi.RuleSet.from_json('{"version": "v", "rules": []}')
    assert bad_table.value.kind is onshi.ErrorKind.MISSING
