"""Python binding benchmarks, in one run on one machine (issue 9):

1. per-call time of simple calls through the binding. The Rust work behind them takes 1–3 ns
   (`cargo bench -p onshi-benches --bench ffi`), so the time shown is the binding's overhead.
   Goal: ≤ 1 µs for a simple call.
2. a card certificate check through onshi next to the same work with pyca/cryptography (parse the
   DER certificate, verify its RSA PKCS#1 v1.5 SHA-256 signature with the root's key, compare the
   validity dates). Goal: onshi no slower.

    python3 -m venv /tmp/bench && /tmp/bench/bin/pip install ./bindings/python cryptography
    cargo run -p onshi-testkit --bin onshi-testkit -- write-certs /tmp/certs
    /tmp/bench/bin/python benches/python_bench.py /tmp/certs
"""

from __future__ import annotations

import datetime
import pathlib
import sys
import timeit
from typing import Callable

import onshi


def per_call(fn: Callable[[], object], number: int) -> float:
    """Best of 7 runs, in nanoseconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=7)) / number * 1e9


def certificate_check_ns(rules: onshi.RuleSet, cert_dir: pathlib.Path) -> tuple[float, float]:
    """Nanoseconds per card certificate check: onshi, and pyca/cryptography doing the same work."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    root_pem = (cert_dir / "root.pem").read_bytes()
    der = (cert_dir / "card.der").read_bytes()
    anchors = onshi.TrustAnchors(root_pem)
    root = x509.load_pem_x509_certificate(root_pem)
    root_key = root.public_key()
    assert isinstance(root_key, rsa.RSAPublicKey)
    at = datetime.datetime(2026, 1, 15, 1, 0, tzinfo=datetime.timezone.utc)

    def with_onshi() -> object:
        return onshi.check_certificate(rules, anchors, der, "2026-01-15T10:00:00+09:00").status

    def with_cryptography() -> object:
        cert = x509.load_der_x509_certificate(der)
        if cert.issuer != root.subject:
            raise ValueError("unknown issuer")
        hash_algorithm = cert.signature_hash_algorithm
        assert isinstance(hash_algorithm, hashes.SHA256)
        root_key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), hash_algorithm)
        return cert.not_valid_before_utc <= at <= cert.not_valid_after_utc

    assert with_onshi() is onshi.CertificateStatus.VALID and with_cryptography() is True
    return per_call(with_onshi, 2_000), per_call(with_cryptography, 2_000)


def main(cert_dir: pathlib.Path) -> int:
    rules = onshi.RuleSet.builtin()
    visit = onshi.Visit.from_dict(
        {
            "at": "2026-01-15",
            "presented": {"myna_card": {"registration": "registered", "identity": {"method": "face", "outcome": "confirmed"}}},
            "online": {"status": "valid", "copay_percent": 30},
        }
    )
    decision = onshi.decide(rules, visit)
    rows = [
        ("pin_counter_from_status_word(0x63C3)", per_call(lambda: onshi.pin_counter_from_status_word(0x63C3), 200_000)),
        ("Decision.copay_percent (property)", per_call(lambda: decision.copay_percent, 500_000)),
        ("Decision.route (property → enum)", per_call(lambda: decision.route, 200_000)),
        ("decide(rules, visit)", per_call(lambda: onshi.decide(rules, visit), 20_000)),
    ]
    print("per call through the Python binding (the Rust work behind the first three is 1–3 ns)")
    for name, ns in rows:
        print(f"  {name:<40} {ns:>9.0f} ns")

    ours, theirs = certificate_check_ns(rules, cert_dir)
    print("certificate check (parse + RSA-2048 signature + validity)")
    print(f"  {'onshi.check_certificate':<40} {ours / 1000:>9.1f} µs")
    print(f"  {'pyca/cryptography, same work':<40} {theirs / 1000:>9.1f} µs")
    print(f"  onshi / cryptography = {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(pathlib.Path(sys.argv[1])))
