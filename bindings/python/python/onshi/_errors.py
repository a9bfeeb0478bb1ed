"""The exceptions onshi raises. Every one carries the core's words: ``kind`` (an ``ErrorKind``, whose
value is a stable slug such as ``"personal_number"`` or ``"pin_blocked"``, so it compares equal to
that string), ``summary_ja`` and ``summary_en`` (the short label staff read), ``field`` (the input
field, file element, rule id or query field it concerns; None when it concerns no single one) and
a message naming the field and the problem. Exceptions for bad input are also ``ValueError``, so
code that already catches ``ValueError`` keeps working."""

from __future__ import annotations

from typing import Optional

from ._enums import ErrorKind

__all__ = [
    "OnshiError",
    "InvalidInput",
    "RuleError",
    "CertificateError",
    "OqsError",
    "CardError",
    "NoReader",
    "NoCard",
    "CardRemoved",
]


class OnshiError(Exception):
    """Every error raised by onshi."""

    kind: ErrorKind
    summary_ja: str
    summary_en: str
    field: Optional[str]


class InvalidInput(OnshiError, ValueError):
    """An input that cannot be used: the message names the field and the problem."""


class RuleError(OnshiError, ValueError):
    """A rule table was refused."""


class CertificateError(OnshiError, ValueError):
    """A certificate or trust anchor was refused."""


class OqsError(OnshiError, ValueError):
    """An オンライン資格確認 file was refused."""


class CardError(OnshiError):
    """The card protocol failed; ``kind`` says how (``pin_blocked``, ``card_removed``, …)."""


class NoReader(CardError):
    """No card reader is connected (a transport raises it)."""


class NoCard(CardError):
    """The reader has no card (a transport raises it)."""


class CardRemoved(CardError):
    """The card was removed or the NFC link lost (a transport raises it)."""
