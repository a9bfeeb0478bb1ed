"""Paths shared by the tests: the repository, the shared vectors and the generated certificates."""

from __future__ import annotations

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"
FIXTURES = REPO / "crates" / "onshi-oqs" / "tests" / "fixtures"
SHARED = REPO.parent / "shared"


@pytest.fixture
def cert_dir() -> pathlib.Path:
    """Test certificates written by `onshi-testkit write-certs DIR` (scripts/test sets ONSHI_CERT_DIR)."""
    value = os.environ.get("ONSHI_CERT_DIR")
    if not value:
        pytest.skip("ONSHI_CERT_DIR is not set: run `cargo run -p onshi-testkit -- write-certs DIR` and point it there")
    return pathlib.Path(value)
