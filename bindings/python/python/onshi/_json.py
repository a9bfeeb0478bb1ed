"""JSON text for values given as Python objects (dates, enums, document and visit objects): what the
extension reads a dict argument through."""

from __future__ import annotations

import datetime
import enum
import json
from typing import Any


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
