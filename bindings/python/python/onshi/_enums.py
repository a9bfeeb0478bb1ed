"""The enums of onshi's Python API. Each value is the slug used in JSON and in the vectors, so a
member compares equal to its string ("covered") and can be passed wherever a string is accepted."""

from __future__ import annotations

import datetime
import enum
import json
from typing import Any

__all__ = [
    "Coverage",
    "Route",
    "FailureClass",
    "CopayBasis",
    "Lang",
    "CertificateStatus",
    "Revocation",
    "NumberKind",
    "PinCounterKind",
    "PinStateKind",
    "RegistrationChannel",
    "CardKind",
    "Registration",
    "ScriptStep",
    "PinResult",
    "TokenKind",
    "QueriedDocument",
    "ErrorKind",
]


class Coverage(str, enum.Enum):
    """Whether the visit is covered (保険診療の可否)."""

    COVERED = "covered"
    PROVISIONAL = "provisional"
    PENDING = "pending"
    NOT_COVERED = "not_covered"


class Route(str, enum.Enum):
    """How qualification was (or is to be) confirmed (資格確認の方法)."""

    MYNA_ONLINE = "myna_online"
    CARD_WITH_NOTICE = "card_with_notice"
    CARD_WITH_PORTAL = "card_with_portal"
    QUALIFICATION_CERTIFICATE = "qualification_certificate"
    LEGACY_CARD = "legacy_card"
    LEGACY_CARD_QUERIED = "legacy_card_queried"
    NOTICE_QUERIED = "notice_queried"
    SELF_DECLARATION = "self_declaration"
    NONE = "none"


class FailureClass(str, enum.Enum):
    """Why online confirmation failed, in the terms of 保発0710第1号."""

    QUALIFICATION_NOT_FOUND = "a"
    ONLINE_UNUSABLE = "b"


class CopayBasis(str, enum.Enum):
    """Where the copay ratio comes from (負担割合の根拠)."""

    ONLINE = "online"
    DOCUMENT = "document"
    AGE = "age"
    UNKNOWN = "unknown"


class Lang(str, enum.Enum):
    """Message language."""

    JA = "ja"
    EN = "en"


class CertificateStatus(str, enum.Enum):
    """The user-authentication certificate's state at the visit."""

    NOT_YET_VALID = "not_yet_valid"
    VALID = "valid"
    EXPIRING_SOON = "expiring_soon"
    IN_GRACE = "in_grace"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


class Revocation(str, enum.Enum):
    """What the caller knows about revocation (onshi itself does not check it)."""

    NOT_CHECKED = "not_checked"
    GOOD = "good"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


class NumberKind(str, enum.Enum):
    """Which number `verify_number` checks."""

    INSURER = "insurer"
    PUBLIC_PAYER = "public_payer"
    PUBLIC_RECIPIENT = "public_recipient"
    INSTITUTION = "institution"
    BRANCH = "branch"


class PinCounterKind(str, enum.Enum):
    """What the card reported about the PIN counter."""

    REMAINING = "remaining"
    BLOCKED = "blocked"
    NO_LIMIT = "no_limit"
    NOT_REPORTED = "not_reported"


class PinStateKind(str, enum.Enum):
    """What is known of the PIN for a visit."""

    UNKNOWN = "unknown"
    REMAINING = "remaining"
    LOCKED = "locked"


class RegistrationChannel(str, enum.Enum):
    """Where the holder registers the card for insurance use."""

    FACE_READER = "face_reader"
    MOBILE_APP = "mobile_app"
    PORTAL = "portal"
    SEVEN_BANK_ATM = "seven_bank_atm"


class CardKind(str, enum.Enum):
    """The kind of card (or smartphone) presented."""

    ORDINARY = "ordinary"
    FACE_ONLY = "face_only"
    SMARTPHONE_IOS = "smartphone_ios"
    SMARTPHONE_ANDROID = "smartphone_android"


class Registration(str, enum.Enum):
    """Whether the card is registered for insurance use."""

    REGISTERED = "registered"
    NOT_REGISTERED = "not_registered"
    UNKNOWN = "unknown"


class ScriptStep(str, enum.Enum):
    """A step of the guided 声掛け conversation."""

    ASK_FOR_MYNA_CARD = "ask_for_myna_card"
    OFFER_MYNA_CARD = "offer_myna_card"
    READ_CARD = "read_card"
    ASK_FOR_DOCUMENT = "ask_for_document"
    DONE = "done"


class PinResult(str, enum.Enum):
    """What one PIN verification did."""

    VERIFIED = "verified"
    WRONG = "wrong"
    BLOCKED = "blocked"


class TokenKind(str, enum.Enum):
    """The JPKI token on the card."""

    PLASTIC_CARD = "plastic_card"
    ANDROID_EMBEDDED = "android_embedded"
    IOS_EMBEDDED = "ios_embedded"
    JUKI_CARD = "juki_card"
    OTHER = "other"


class QueriedDocument(str, enum.Enum):
    """What was presented when an OQS query was by 記号・番号."""

    LEGACY_CARD = "legacy_card"
    NOTICE = "notice"


def _default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):  # a document or visit object inside a dict
        return to_dict()
    raise TypeError(f"{type(value).__name__} cannot be part of a visit")


def _dumps(value: Any) -> str:
    """JSON text for a visit given as Python values (used by the extension)."""
    return json.dumps(value, default=_default, ensure_ascii=False)


class ErrorKind(str, enum.Enum):
    """What went wrong (エラーの種類): the ``kind`` of every exception onshi raises. A kind names one
    problem in every domain it is met in (``personal_number`` in a visit, a rule table or a file);
    the exception's class says where."""

    INVALID = "invalid"
    PERSONAL_NUMBER = "personal_number"
    INCONSISTENT = "inconsistent"
    UNEXPECTED_ANSWER = "unexpected_answer"
    JSON = "json"
    FORMAT = "format"
    UNKNOWN_RULE = "unknown_rule"
    BAD_PARAMS = "bad_params"
    DATES_OUT_OF_ORDER = "dates_out_of_order"
    OVERLAP = "overlap"
    GAP = "gap"
    REVIEW_DATE = "review_date"
    MISSING = "missing"
    EMPTY = "empty"
    UNPRINTABLE = "unprintable"
    EXTENDS = "extends"
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    PEM = "pem"
    TRAILING_DATA = "trailing_data"
    WRONG_KEY_TYPE = "wrong_key_type"
    UNSUPPORTED_SIGNATURE_ALGORITHM = "unsupported_signature_algorithm"
    WRONG_ISSUER = "wrong_issuer"
    NOT_USER_AUTHENTICATION = "not_user_authentication"
    TEST_HIERARCHY = "test_hierarchy"
    NOT_END_ENTITY = "not_end_entity"
    UNKNOWN_ISSUER = "unknown_issuer"
    BAD_SIGNATURE = "bad_signature"
    BAD_ANCHOR = "bad_anchor"
    NO_READER = "no_reader"
    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"
    TRANSPORT = "transport"
    NOT_MY_NUMBER_CARD = "not_my_number_card"
    FILE_NOT_FOUND = "file_not_found"
    PIN_REQUIRED = "pin_required"
    PIN_BLOCKED = "pin_blocked"
    LAST_TRY_NOT_CONFIRMED = "last_try_not_confirmed"
    VERIFY_OUTCOME_UNKNOWN = "verify_outcome_unknown"
    INVALID_PIN_FORMAT = "invalid_pin_format"
    UNEXPECTED_STATUS = "unexpected_status"
    NO_TABLE = "no_table"
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_STATED = "not_stated"
    NOT_DIGITS = "not_digits"
    LENGTH = "length"
    PREFECTURE = "prefecture"
    CHECK_DIGIT = "check_digit"
    NO_ERA = "no_era"
    NO_SUCH_DAY = "no_such_day"
    OUTSIDE_ERA = "outside_era"
    BEFORE_GREGORIAN = "before_gregorian"
    DECODE = "decode"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    ENCODING_MISMATCH = "encoding_mismatch"
    XML = "xml"
    DTD = "dtd"
    NO_VISIT_TIME = "no_visit_time"
    DUPLICATE = "duplicate"
    NOT_A_RESULT = "not_a_result"
    INCOMPLETE = "incomplete"
    AMBIGUOUS = "ambiguous"
    BAD_VALUE = "bad_value"
    REQUEST = "request"
    IO = "io"
    EXISTS = "exists"
    TIMED_OUT = "timed_out"
    INTERNAL = "internal"
