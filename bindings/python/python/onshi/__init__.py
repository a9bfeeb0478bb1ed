"""onshi — reception-desk eligibility decisions for Japanese health insurance.

Is this person covered, by which document, at what copay, and what should staff do next? ::

    import onshi
    rules = onshi.RuleSet.builtin()
    d = onshi.decide(rules, {"at": "2026-01-15",
                             "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}})
    d.route is onshi.Route.QUALIFICATION_CERTIFICATE

The rules live in the Rust core; this package converts values and errors, nothing more.
"""

from ._enums import (
    CertificateStatus,
    CopayBasis,
    Coverage,
    FailureClass,
    Lang,
    NumberKind,
    PinCounterKind,
    PinResult,
    QueriedDocument,
    Revocation,
    Route,
    TokenKind,
)
from ._onshi import (
    CardError,
    CardRemoved,
    CertificateCheck,
    CertificateError,
    Decision,
    InvalidInput,
    Item,
    JpkiCard,
    NoCard,
    NoReader,
    OnshiError,
    OqsError,
    OqsResult,
    PinCounter,
    RuleError,
    RuleSet,
    SimulatedCard,
    TrustAnchors,
    VectorReport,
    Visit,
    __version__,
    check_certificate,
    decide,
    pin_counter_from_status_word,
    run_vectors,
    verify_number,
)

__all__ = [
    "CardError",
    "CardRemoved",
    "CertificateCheck",
    "CertificateError",
    "CertificateStatus",
    "CopayBasis",
    "Coverage",
    "Decision",
    "FailureClass",
    "InvalidInput",
    "Item",
    "JpkiCard",
    "Lang",
    "NoCard",
    "NoReader",
    "NumberKind",
    "OnshiError",
    "OqsError",
    "OqsResult",
    "PinCounter",
    "PinCounterKind",
    "PinResult",
    "QueriedDocument",
    "Revocation",
    "Route",
    "RuleError",
    "RuleSet",
    "SimulatedCard",
    "TokenKind",
    "TrustAnchors",
    "VectorReport",
    "Visit",
    "__version__",
    "check_certificate",
    "decide",
    "pin_counter_from_status_word",
    "run_vectors",
    "verify_number",
]
