"""Python-specific behaviour: types in and out, errors, certificates, OQS files, threads."""

from __future__ import annotations

import concurrent.futures
import datetime
import os
import pathlib
from typing import Any

import pytest

import onshi
from conftest import FIXTURES, SHARED

RULES = onshi.RuleSet.builtin()

MYNA = {
    "at": datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=9))),
    "patient": {"birth_date": datetime.date(1983, 5, 11)},
    "presented": {
        "myna_card": {
            "registration": "registered",
            "certificate_expires": datetime.date(2026, 3, 1),
            "identity": {"method": "face", "outcome": "confirmed"},
        }
    },
    "online": {"status": "valid", "copay_percent": 30, "ceiling_category": "エ"},
}


def test_dates_and_enums_in_and_out() -> None:
    visit = onshi.Visit.from_dict(MYNA)
    assert visit.date == datetime.date(2026, 1, 15)
    assert visit.at.utcoffset() == datetime.timedelta(hours=9)
    d = onshi.decide(RULES, visit)
    assert d.coverage is onshi.Coverage.COVERED
    assert d.route is onshi.Route.MYNA_ONLINE and d.route.value == "myna_online"
    assert d.failure is None
    assert (d.copay_percent, d.copay_basis) == (30, onshi.CopayBasis.ONLINE)
    assert d.ceiling_category == "エ"
    alert = next(a for a in d.alerts if a.kind == "certificate_expires_soon")
    assert alert.details["expires"] == datetime.date(2026, 3, 1)
    assert "guide_certificate_renewal" in [a.kind for a in d.actions]
    assert d.date == datetime.date(2026, 1, 15)
    assert "マイナ保険証" in d.staff_message() and "Coverage confirmed" in d.staff_message(onshi.Lang.EN)
    # A visit, a dict and JSON text decide the same.
    assert onshi.decide(RULES, MYNA).to_dict() == d.to_dict() == onshi.decide(RULES, visit.to_json()).to_dict()
    assert onshi.Visit.from_json(visit.to_json()).to_dict() == visit.to_dict()


def test_objects_are_frozen() -> None:
    d = onshi.decide(RULES, MYNA)
    with pytest.raises(AttributeError):
        d.route = onshi.Route.NONE  # type: ignore[misc]
    with pytest.raises(AttributeError):
        RULES.version = "x"  # type: ignore[misc]


def test_errors_name_the_field_and_form_one_hierarchy() -> None:
    with pytest.raises(onshi.InvalidInput, match=r"facility\.reader") as e:
        onshi.decide(RULES, {"at": "2026-01-15", "facility": {"reader": "laser"}})
    assert isinstance(e.value, onshi.OnshiError)
    assert e.value.kind
    with pytest.raises(onshi.InvalidInput, match="RFC 3339"):
        onshi.Visit.from_dict({"at": datetime.datetime(2026, 1, 15, 9, 30)})  # naive: refused
    with pytest.raises(onshi.InvalidInput, match="lang"):
        onshi.decide(RULES, MYNA).staff_message("fr")
    with pytest.raises(onshi.RuleError):
        onshi.RuleSet.from_json('{"version": ')
    with pytest.raises(onshi.RuleError, match="cannot be opened"):
        onshi.RuleSet.from_path("/nonexistent/rules.json")
    with pytest.raises(onshi.RuleError, match="not a regular file"):
        onshi.RuleSet.from_path("/dev/zero")
    overlay = onshi.RuleSet.from_json('{"version": "py", "extends": "builtin", "rules": []}')
    assert overlay.version.endswith("+py")
    for cls in (onshi.InvalidInput, onshi.RuleError, onshi.CertificateError, onshi.CardError, onshi.OqsError):
        assert issubclass(cls, onshi.OnshiError)
    for cls in (onshi.NoReader, onshi.NoCard, onshi.CardRemoved):
        assert issubclass(cls, onshi.CardError)


def test_a_personal_number_is_refused() -> None:
    with pytest.raises(onshi.InvalidInput) as e:
        onshi.decide(RULES, {"at": "2026-01-15", "presented": {"legacy_card": {"insured": {"number": "983205673214"}}}})
    assert e.value.kind == "personal_number"
    assert "983205673214" not in str(e.value)


def test_a_personal_number_is_one_kind_everywhere_and_never_shown() -> None:
    """The same `personal_number` kind from a number, a visit and an OQS file, with any separators."""
    written = "９８３２－０５６７－３２１４"
    with pytest.raises(onshi.InvalidInput) as number:
        onshi.verify_number(onshi.NumberKind.INSURER, written)
    with pytest.raises(onshi.InvalidInput) as visit:
        onshi.decide(RULES, {"at": "2026-01-15", "presented": {"notice": {"insured": {"symbol": written, "number": "1"}}}})
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>'
        "<SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><QualificationValidity>1</QualificationValidity>"
        f"<ResultList><ResultOfQualificationConfirmation><InsurerNumber>{written}</InsurerNumber>"
        "</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"
    )
    with pytest.raises(onshi.OqsError) as oqs:
        onshi.OqsResult.parse(xml.encode())
    for e in (number.value, visit.value, oqs.value):
        assert getattr(e, "kind") == "personal_number", e
        assert "０５６７" not in str(e) and "0567" not in str(e)
    assert "InsurerNumber" in str(oqs.value)


def test_numbers() -> None:
    info = onshi.verify_number(onshi.NumberKind.INSURER, "  131011")
    assert info["normalized"] == "131011"
    with pytest.raises(onshi.InvalidInput, match="check digit"):
        onshi.verify_number("institution", "2714206383")
    with pytest.raises(onshi.InvalidInput, match="kind"):
        onshi.verify_number("passport", "1")


def test_pin_status_words() -> None:
    c = onshi.pin_counter_from_status_word(0x63C3)
    assert (c.kind, c.tries) == (onshi.PinCounterKind.REMAINING, 3)
    assert onshi.pin_counter_from_status_word(0x6984).kind is onshi.PinCounterKind.BLOCKED
    assert onshi.pin_counter_from_status_word(0x9000).tries is None
    with pytest.raises(onshi.InvalidInput, match="6A82"):
        onshi.pin_counter_from_status_word(0x6A82)


def test_oqs_files() -> None:
    data = (FIXTURES / "face-sjis-late-elderly.xml").read_bytes()
    result = onshi.OqsResult.parse(data)
    d = onshi.decide(RULES, result.visit())
    assert (d.route, d.copay_percent, d.ceiling_category) == (onshi.Route.MYNA_ONLINE, 10, "一般Ⅰ")
    with pytest.raises(onshi.OqsError):
        onshi.OqsResult.parse(data[: len(data) // 2])
    no_time = onshi.OqsResult.parse((FIXTURES / "result-invalid-new-insurer.xml").read_bytes())
    with pytest.raises(onshi.OqsError, match="ProcessExecutionTime"):
        no_time.visit()
    d = onshi.decide(RULES, no_time.visit(datetime.date(2026, 3, 2), onshi.QueriedDocument.LEGACY_CARD))
    assert d.failure is onshi.FailureClass.QUALIFICATION_NOT_FOUND


def test_the_real_oqs_sample() -> None:
    path = SHARED / "data" / "oqs-samples" / "myclinic-face-result-utf8.xml"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder is not next to the repository)")
    d = onshi.decide(RULES, onshi.OqsResult.parse(path.read_bytes()).visit())
    assert d.coverage is onshi.Coverage.COVERED


def test_certificates(cert_dir: pathlib.Path) -> None:
    anchors = onshi.TrustAnchors((cert_dir / "root.pem").read_bytes())
    assert len(anchors) == 1
    card = (cert_dir / "card.der").read_bytes()
    check = onshi.check_certificate(RULES, anchors, card, "2030-05-31T10:00:00+09:00")
    assert check.status is onshi.CertificateStatus.IN_GRACE
    assert check.insurance_use and not check.other_functions
    assert onshi.check_certificate(RULES, anchors, card, datetime.date(2020, 1, 1)).status is onshi.CertificateStatus.NOT_YET_VALID
    revoked = onshi.check_certificate(RULES, anchors, card, "2026-01-15", revocation=onshi.Revocation.REVOKED)
    assert revoked.status is onshi.CertificateStatus.REVOKED
    damaged = card[:-1] + bytes([card[-1] ^ 1])
    with pytest.raises(onshi.CertificateError):
        onshi.check_certificate(RULES, anchors, damaged, "2026-01-15")
    with pytest.raises(onshi.CertificateError):
        onshi.check_certificate(RULES, onshi.TrustAnchors(), card, "2026-01-15")
    with pytest.raises(onshi.CertificateError):
        onshi.TrustAnchors(b"junk")


def test_the_real_jlis_roots_load() -> None:
    roots = sorted((SHARED / "data" / "jpki-roots").glob("jpki-user-auth-*.pem")) if SHARED.exists() else []
    if not roots:
        pytest.skip("../shared/data/jpki-roots is absent")
    assert len(onshi.TrustAnchors.from_files(*roots)) == len(roots)


def test_shared_objects_across_a_thread_pool(cert_dir: pathlib.Path) -> None:
    anchors = onshi.TrustAnchors.from_files(cert_dir / "root.pem")
    card = (cert_dir / "card.der").read_bytes()
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=i * 7) for i in range(120)]

    def work(day: datetime.date) -> tuple[str, str]:
        visit = dict(MYNA, at=day)
        check = onshi.check_certificate(RULES, anchors, card, day)
        return onshi.decide(RULES, visit).to_json(), check.status.value

    sequential = [work(day) for day in days]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(work, days))
    assert parallel == sequential


def test_a_panic_becomes_an_exception_and_the_module_stays_usable() -> None:
    from onshi import _onshi

    with pytest.raises(BaseException, match="forced"):
        _onshi._test_panic()
    assert onshi.decide(RULES, MYNA).route is onshi.Route.MYNA_ONLINE


def test_usual_copay_by_age() -> None:
    on = datetime.date(2026, 1, 15)
    assert onshi.usual_copay_percent(RULES, datetime.date(1983, 5, 11), on) == 30
    assert onshi.usual_copay_percent(RULES, datetime.date(1955, 6, 1), on) == 20
    assert onshi.usual_copay_percent(RULES, datetime.date(1955, 6, 1), on, high_income=True) == 30
    assert onshi.usual_copay_percent(RULES, datetime.date(2022, 6, 1), on) == 20
    assert onshi.usual_copay_percent(RULES, datetime.date(1940, 6, 1), on) is None  # 後期高齢者: by income


def test_watching_the_exchange_folder(tmp_path: pathlib.Path) -> None:
    (tmp_path / "res").mkdir()
    (tmp_path / "face").mkdir()
    old = tmp_path / "res" / "OQSsiquc01res_0.xml"
    old.write_bytes((FIXTURES / "result-invalid-new-insurer.xml").read_bytes())
    watcher = onshi.OqsWatcher(tmp_path, patience=0)  # a file that does not parse is reported at once
    assert watcher.poll() == []  # files already there are not reported unless asked
    new = tmp_path / "face" / "OQSsiquc01res_1.xml"
    new.write_bytes((FIXTURES / "face-sjis-late-elderly.xml").read_bytes())
    (tmp_path / "face" / "OQSsiquc01res_2.xml").write_bytes(b"<XmlMsg><Messa")  # garbled
    (tmp_path / "face" / "notes.txt").write_text("not a result")
    found = watcher.poll()
    assert [p.name for p, _ in found] == ["OQSsiquc01res_1.xml", "OQSsiquc01res_2.xml"]
    first, second = found[0][1], found[1][1]
    assert isinstance(first, onshi.OqsResult)
    assert onshi.decide(RULES, first.visit()).route is onshi.Route.MYNA_ONLINE
    assert isinstance(second, onshi.OqsError)
    assert watcher.poll() == []
    assert new.exists() and old.exists()  # never moved or deleted
    assert len(onshi.OqsWatcher(tmp_path, include_existing=True, patience=0).poll()) == 3
    # With patience, a half-written file is waited for and read when complete.
    patient = onshi.OqsWatcher(tmp_path, patience=60)
    late = tmp_path / "res" / "OQSsiquc01res_3.xml"
    whole = (FIXTURES / "result-invalid-new-insurer.xml").read_bytes()
    late.write_bytes(whole[:50])
    assert patient.poll() == []
    late.write_bytes(whole)
    assert [p.name for p, r in patient.poll() if isinstance(r, onshi.OqsResult)] == ["OQSsiquc01res_3.xml"]
    with pytest.raises(onshi.OqsError, match="neither a face nor a res"):
        onshi.OqsWatcher(tmp_path / "nowhere")


def bulk_result(n: int, encoding: str) -> bytes:
    """A 一括照会 result with n units cycling through valid, invalid, not found and unavailable."""
    units = []
    for i in range(n):
        validity = ["1", "2", "4", ""][i % 4]
        status = "1" if validity else "2"
        v = f"<QualificationValidity>{validity}</QualificationValidity>" if validity else ""
        units.append(
            "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>  06130017</InsurerNumber>"
            f"<ArbitraryIdentifier>chart-{i}</ArbitraryIdentifier></QualificationConfirmSearchInfo>"
            f"<ProcessingResultStatus>{status}</ProcessingResultStatus>{v}"
            f"<ResultOfQualificationConfirmation><Name>受診　●者{i}</Name></ResultOfQualificationConfirmation>"
            "</BulkConfirmUnit>"
        )
    name, identifier = ("UTF-8", "0") if encoding == "utf-8" else ("Shift_JIS", "1")
    xml = (
        f'<?xml version="1.0" encoding="{name}"?><XmlMsg><MessageHeader>'
        f"<CharacterCodeIdentifier>{identifier}</CharacterCodeIdentifier><ReceptionNumber>R1</ReceptionNumber>"
        f"<NumberOfProcessingResult>{n}</NumberOfProcessingResult></MessageHeader><MessageBody>"
        + "".join(units)
        + "</MessageBody></XmlMsg>"
    )
    return xml.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "shift_jis"])
def test_batch_results_stream_in_order(tmp_path: pathlib.Path, encoding: str) -> None:
    path = tmp_path / "bulk.xml"
    path.write_bytes(bulk_result(400, encoding))
    seen: list[str] = []
    statuses: list[str] = []

    def on_unit(unit: dict[str, object]) -> None:
        search = unit["search"]
        online = unit["online"]
        assert isinstance(search, dict) and isinstance(online, dict)
        seen.append(search["arbitrary_identifier"])
        statuses.append(online["status"])

    summary = onshi.read_batch(path, on_unit)
    assert seen == [f"chart-{i}" for i in range(400)]
    assert statuses[:4] == ["valid", "invalid", "not_found", "unavailable"]
    assert (summary["units"], summary["valid"], summary["invalid"], summary["not_found"], summary["unavailable"]) == (
        400,
        100,
        100,
        100,
        100,
    )
    assert onshi.read_batch(path)["announced"] == 400


def test_batch_callback_errors_and_bad_files(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bulk.xml"
    path.write_bytes(bulk_result(10, "utf-8"))
    calls: list[int] = []

    def failing(unit: dict[str, object]) -> None:
        calls.append(1)
        raise KeyError("stop")

    with pytest.raises(KeyError):
        onshi.read_batch(path, failing)
    assert len(calls) == 1  # no call after the first exception
    path.write_bytes(bulk_result(10, "utf-8")[:-40])
    with pytest.raises(onshi.OqsError):
        onshi.read_batch(path)
    with pytest.raises(onshi.OqsError, match="cannot be opened"):
        onshi.read_batch(tmp_path / "missing.xml")
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    with pytest.raises(onshi.OqsError, match="not a regular file"):
        onshi.read_batch(fifo)  # refused at once, never waited on


def test_documents_are_frozen_objects_with_properties() -> None:
    visit = onshi.Visit.from_dict(
        {
            "at": "2026-01-15",
            "facility": {"reader": "generic"},
            "patient": {"birth_date": datetime.date(1983, 5, 11)},
            "presented": {
                "legacy_card": {"insurer": "06130017", "insured": {"symbol": "12", "number": "345"}, "expires": "2025-11-30"},
                "qualification_certificate": {"valid_until": "2027-07-31"},
            },
            "online": {"status": "valid", "copay_percent": 30, "consent": {"medication": True}},
        }
    )
    presented = visit.presented
    assert presented.myna_card is None and presented.notice is None
    legacy = presented.legacy_card
    assert legacy is not None
    assert (legacy.insurer, legacy.expires, legacy.insurer_changed) == ("06130017", datetime.date(2025, 11, 30), False)
    assert legacy.insured is not None and legacy.insured["number"] == "345"
    assert "345" not in repr(legacy)  # personal fields print redacted
    certificate = presented.qualification_certificate
    assert certificate is not None and certificate.valid_until == datetime.date(2027, 7, 31)
    assert visit.patient.birth_date == datetime.date(1983, 5, 11)
    assert visit.facility.reader == "generic"
    online = visit.online
    assert online is not None and (online.status, online.copay_percent, online.consent) == ("valid", 30, {"medication": True})
    with pytest.raises(AttributeError):
        getattr(legacy, "nonexistent")
    with pytest.raises(AttributeError):
        legacy.insurer = "x"  # type: ignore[misc]
    # Documents round-trip and can be placed into a visit.
    card = onshi.MynaInsuranceCard.from_dict({"registration": "registered", "certificate_expires": datetime.date(2026, 3, 1)})
    assert onshi.MynaInsuranceCard.from_json(card.to_json()) == card
    again = onshi.Visit.from_dict({"at": "2026-01-15", "presented": {"myna_card": card}})
    assert again.presented.myna_card == card
    assert onshi.Visit.from_dict(visit.to_dict()) == visit
    with pytest.raises(onshi.InvalidInput, match="registration") as bad:
        onshi.MynaInsuranceCard.from_dict({"registration": "maybe"})
    assert bad.value.kind == "invalid" and isinstance(bad.value, ValueError)


def test_rule_table_review_date_audit_and_planned_rows() -> None:
    rules = onshi.RuleSet.builtin()
    assert rules.reviewed == datetime.date(2026, 12, 7)
    assert rules.planned_rows == "ignore"
    audit = rules.audit(datetime.date(2026, 11, 30))
    assert audit.has_gap is False
    assert audit.on == datetime.date(2026, 11, 30)
    planned = [f for f in audit.findings if f["kind"] == "planned"]
    assert any(f["id"] == "ceiling.monthly-limits" and f["from"] == "2027-08-01" for f in planned)
    assert all(f["text"]["ja"] and f["text"]["en"] for f in audit.findings)
    later = rules.audit(datetime.date(2027, 8, 1))
    assert later.has_gap is True
    preview = rules.with_planned_rows()
    assert preview.planned_rows == "apply"
    assert not any(
        f["kind"] == "gap" and f["id"] == "ceiling.monthly-limits" for f in preview.audit(datetime.date(2027, 8, 1)).findings
    )
    with pytest.raises(onshi.InvalidInput):
        rules.with_planned_rows("sometimes")


def test_ceilings_for_service_month_2026_11() -> None:
    rules = onshi.RuleSet.builtin()
    amount = onshi.monthly_ceiling(rules, datetime.date(2026, 11, 1), "ウ", medical_cost=1_000_000)
    assert amount["limit"] == 92_940
    assert amount["annual_cap"] == 530_000
    assert amount["rule"] == "ceiling.monthly-limits"
    outpatient = onshi.monthly_ceiling(rules, datetime.date(2026, 11, 1), "現役並みⅢ", medical_cost=1_000_000, outpatient=True)
    assert outpatient["limit"] == 271_290


def wrong(value: Any) -> Any:
    """A value passed where another type is expected (typed Any so the type checker lets it through)."""
    return value


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: onshi.decide(RULES, wrong(5)), id="decide-int"),
        pytest.param(lambda: onshi.decide(wrong("rules"), {"at": "2026-01-15"}), id="decide-rules-str"),
        pytest.param(lambda: onshi.Visit.from_dict(wrong([1])), id="visit-list"),
        pytest.param(lambda: onshi.OqsResult.parse(wrong("<XmlMsg/>")), id="oqs-str"),
        pytest.param(lambda: onshi.monthly_ceiling(RULES, wrong("2026-01-01"), "ウ"), id="ceiling-month-str"),
        pytest.param(lambda: onshi.verify_number("insurer", wrong(131011)), id="number-int"),
        pytest.param(lambda: onshi.RuleSet.from_json(wrong(b"{}")), id="rules-bytes"),
        pytest.param(lambda: onshi.RuleSet.builtin().audit(wrong("2026-11-30")), id="audit-str"),
    ],
)
def test_a_wrong_argument_type_is_a_type_error(call: Any) -> None:
    with pytest.raises(TypeError):
        call()


# Each Python enum and the core vocabulary it mirrors.
MIRRORS = {
    onshi.Coverage: "Coverage",
    onshi.Route: "Route",
    onshi.FailureClass: "FailureClass",
    onshi.CopayBasis: "CopayBasis",
    onshi.Lang: "Lang",
    onshi.CertificateStatus: "CertificateStatus",
    onshi.Revocation: "Revocation",
    onshi.NumberKind: "NumberKind",
    onshi.PinCounterKind: "PinCounter",
    onshi.PinResult: "PinOutcome",
    onshi.PinStateKind: "PinState",
    onshi.ScriptStep: "ScriptStep",
    onshi.RegistrationChannel: "RegistrationChannel",
    onshi.CardKind: "CardKind",
    onshi.Registration: "Registration",
    onshi.TokenKind: "TokenKind",
    onshi.QueriedDocument: "QueriedDocument",
}


@pytest.mark.parametrize("enum_class", list(MIRRORS), ids=lambda c: c.__name__)
def test_every_python_enum_is_the_cores_vocabulary(enum_class: Any) -> None:
    """A value added to the core and missing here (or the reverse) fails, naming the enum."""
    from onshi._onshi import _vocabularies

    core = _vocabularies()[MIRRORS[enum_class]]
    assert [member.value for member in enum_class] == core


@pytest.mark.parametrize("module_name", ["onshi._enums", "onshi._errors", "onshi._onshi"])
def test_every_class_and_function_a_module_defines_is_exported_by_onshi(module_name: str) -> None:
    """onshi's names are its modules' own lists: one left out of a list (or a private one let in) fails."""
    import importlib

    module = importlib.import_module(module_name)
    defined = {
        name
        for name, value in vars(module).items()
        if getattr(value, "__module__", None) == module_name and (callable(value) or isinstance(value, type))
    }
    public = {name for name in defined if not name.startswith("_")}
    exported = set(getattr(onshi, "__all__"))  # set at run time only (see onshi/__init__.py)
    assert public, module_name
    assert public <= exported, sorted(public - exported)
    assert not (defined - public) & exported, sorted((defined - public) & exported)
    for name in public:
        assert getattr(onshi, name) is getattr(module, name)


def test_every_exception_carries_the_cores_kind_and_summary() -> None:
    """What _errors.py promises holds for each class: kind, summary_ja, summary_en; bad input is a ValueError."""
    raised: list[onshi.OnshiError] = []
    for call in (
        lambda: onshi.decide(RULES, {"at": "yesterday"}),
        lambda: onshi.RuleSet.from_json("{"),
        lambda: onshi.check_certificate(RULES, onshi.TrustAnchors(), b"not a certificate", datetime.date(2026, 11, 30)),
        lambda: onshi.OqsResult.parse(b"<"),
        lambda: onshi.verify_number("insurer", "06130011"),
        lambda: onshi.pin_counter_from_status_word(0x6A82),
        lambda: onshi.SimulatedCard(b"", "1234", tries=16),
    ):
        with pytest.raises(onshi.OnshiError) as info:
            call()
        raised.append(info.value)
    classes = [type(error) for error in raised]
    assert classes == [
        onshi.InvalidInput, onshi.RuleError, onshi.CertificateError, onshi.OqsError,
        onshi.InvalidInput, onshi.InvalidInput, onshi.InvalidInput,
    ]
    for error in raised:
        assert isinstance(error, ValueError), error
        assert error.kind and error.summary_ja and error.summary_en, error
        assert error.field is None or isinstance(error.field, str), error
    assert raised[0].summary_en == "the input cannot be decided on"
    assert raised[0].field == "at"
    assert raised[2].field is None
    assert raised[4].kind == "check_digit" and raised[4].summary_ja == "番号が規則に合いません"
    assert "tries" in str(raised[6])


def test_the_version_is_the_workspaces_and_sits_next_to_the_tables_own() -> None:
    import tomllib

    cargo = tomllib.loads((pathlib.Path(__file__).parents[3] / "Cargo.toml").read_text(encoding="utf-8"))
    assert onshi.__version__ == cargo["workspace"]["package"]["version"]
    assert onshi.RuleSet.builtin().version
