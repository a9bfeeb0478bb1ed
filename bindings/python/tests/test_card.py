"""The JPKI protocol over a transport written in Python (here: the simulated card, wrapped)."""

from __future__ import annotations

import pathlib
from typing import Optional

import pytest

import onshi

CERT = bytes.fromhex("3003020107")  # a certificate-shaped DER value; the protocol only reads it


class Reader:
    """A transport like a pyscard connection: counts PIN verifications, can lose the link."""

    def __init__(self, tries: int = 3, certificate: bytes = CERT) -> None:
        self.card = onshi.SimulatedCard(certificate, "1234", tries=tries)
        self.verifies = 0
        self.fail: Optional[BaseException] = None
        self.fail_on_verify = False

    def transmit(self, apdu: bytes) -> bytes:
        if len(apdu) > 5 and apdu[1] == 0x20:
            self.verifies += 1
            if self.fail_on_verify and self.fail is not None:
                raise self.fail
        elif self.fail is not None and not self.fail_on_verify:
            raise self.fail
        return self.card.transmit(apdu)


def session(reader: Reader) -> onshi.JpkiCard:
    card = onshi.JpkiCard(reader.transmit)
    card.select()
    return card


def test_read_and_verify() -> None:
    reader = Reader()
    card = session(reader)
    assert card.token() is onshi.TokenKind.PLASTIC_CARD
    assert card.read_certificate() == CERT
    counter = card.pin_counter()
    assert (counter.kind, counter.tries) == (onshi.PinCounterKind.REMAINING, 3)
    wrong = card.verify_pin("0000")
    # The counter the card reported with the wrong PIN is kept: the caller can warn before the last try.
    assert wrong.result is onshi.PinResult.WRONG and wrong.counter is not None and wrong.counter.tries == 2
    assert card.pin_counter().tries == 2
    right = card.verify_pin("1234")
    assert right.result is onshi.PinResult.VERIFIED and right.counter is None
    assert reader.verifies == 2 == reader.card.pin_attempts


def test_last_try_and_blocked_send_nothing() -> None:
    reader = Reader(tries=1)
    card = session(reader)
    with pytest.raises(onshi.CardError) as e:
        card.verify_pin("1234")
    assert e.value.kind == "last_try_not_confirmed" and reader.verifies == 0
    assert card.verify_pin("0000", last_try_confirmed=True).result is onshi.PinResult.BLOCKED
    with pytest.raises(onshi.CardError) as e:
        card.verify_pin("1234", last_try_confirmed=True)
    assert e.value.kind == "pin_blocked" and reader.verifies == 1


def test_a_link_lost_during_verify_is_never_retried() -> None:
    reader = Reader()
    card = session(reader)
    reader.fail, reader.fail_on_verify = onshi.CardRemoved("lifted"), True
    with pytest.raises(onshi.CardError) as e:
        card.verify_pin("1234")
    assert e.value.kind == "verify_outcome_unknown"
    assert reader.verifies == 1


def test_transport_exceptions_map_to_kinds() -> None:
    for raised, kind in [
        (onshi.NoCard("none"), "no_card"),
        (onshi.NoReader("none"), "no_reader"),
        (onshi.CardRemoved("gone"), "card_removed"),
        (OSError("usb unplugged"), "transport"),
    ]:
        reader = Reader()
        reader.fail = raised
        with pytest.raises(onshi.CardError) as e:
            onshi.JpkiCard(reader.transmit).select()
        assert e.value.kind == kind, raised
        # The transport's own conditions come back as their own classes, with the core's words.
        if isinstance(raised, onshi.CardError):
            assert type(e.value) is type(raised)
        assert e.value.summary_ja and e.value.summary_en


def test_a_transport_returning_text_is_a_reader_error() -> None:
    card = onshi.JpkiCard(lambda apdu: "90 00")  # type: ignore[arg-type, return-value]
    with pytest.raises(onshi.CardError) as e:
        card.select()
    assert e.value.kind == "transport"


def test_the_pin_never_appears() -> None:
    reader = Reader()
    card = session(reader)
    with pytest.raises(onshi.CardError) as e:
        card.verify_pin("12a4")
    assert e.value.kind == "invalid_pin_format"
    assert "12a4" not in str(e.value) and "12a4" not in repr(e.value)
    assert "1234" not in repr(card) and "1234" not in repr(reader.card)
    with pytest.raises(onshi.CardError) as e:
        onshi.SimulatedCard(CERT, "98765")
    assert "98765" not in str(e.value)


def test_not_a_callable() -> None:
    with pytest.raises(TypeError):
        onshi.JpkiCard(b"not callable")  # type: ignore[arg-type]


def test_the_card_certificate_checks(cert_dir: pathlib.Path) -> None:
    der = (cert_dir / "card.der").read_bytes()
    card = session(Reader(certificate=der))
    anchors = onshi.TrustAnchors((cert_dir / "root.pem").read_bytes())
    check = onshi.check_certificate(onshi.RuleSet.builtin(), anchors, card.read_certificate(), "2030-05-31")
    assert check.status is onshi.CertificateStatus.IN_GRACE
