"""onshi — reception-desk eligibility decisions for Japanese health insurance.

Is this person covered, by which document, at what copay, and what should staff do next? ::

    import onshi
    rules = onshi.RuleSet.builtin()
    d = onshi.decide(rules, {"at": "2026-01-15",
                             "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}})
    d.route is onshi.Route.QUALIFICATION_CERTIFICATE

The rules live in the Rust core; this package converts values and errors, nothing more.
"""

import typing as _typing

from . import _enums, _errors, _onshi
from ._enums import *
from ._errors import *
from ._onshi import *
from ._onshi import __version__ as __version__

if not _typing.TYPE_CHECKING:
    # What onshi exports is each module's own list: the enums', the exceptions' and the
    # extension's (built as it registers each class and function). Type checkers read no list:
    # they take the star imports above, i.e. the stub's public names, which stubtest checks one
    # by one against the extension's list.
    __all__ = [*_enums.__all__, *_errors.__all__, *_onshi.__all__]
