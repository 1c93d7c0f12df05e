"""Reading a request body as JSON, refusing what would be costly or unsafe to parse. Pure.

Python's JSON parser recurses once per level of nesting: a body of ten thousand ``[`` exhausts the stack
(``RecursionError``, a 500) before any model sees it. ``parse`` first measures the nesting on the raw bytes
(brackets outside strings) and refuses a body deeper than ``MAX_DEPTH`` with a 400 naming ``body``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bops.domain.errors import BadRequest, FieldError

#: Deeper than any real request: an ODP submission's GeoJSON (a MultiPolygon inside the site inside the
#: data) nests about ten levels.
MAX_DEPTH = 64

# A string (to skip: brackets inside it do not count), or a bracket. An unterminated string runs to the
# end, so every byte is read once and a stray quote cannot make the scan quadratic.
_TOKENS = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)
_OPENERS = frozenset(b"[{")


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw`` (0 for a scalar), counting brackets outside strings.

    Malformed JSON gives a number too; the parser refuses it afterwards.
    """
    depth = deepest = 0
    for token in _TOKENS.finditer(raw):
        first = token.group()[0]
        if first in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif first != ord('"'):
            depth -= 1
    return deepest


def parse(raw: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``raw`` parsed as JSON, or ``BadRequest`` naming ``body`` when it is not JSON or nests too deeply."""
    # Cheap first look: a body with no more opening brackets than the limit cannot be nested deeper.
    if raw.count(b"[") + raw.count(b"{") > max_depth and nesting_depth(raw) > max_depth:
        raise BadRequest(
            f"The body nests arrays and objects more than {max_depth} levels deep",
            fields=[FieldError("body", f"nested more than {max_depth} levels deep")],
        )
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadRequest("The body is not valid JSON", fields=[FieldError("body", "not valid JSON")]) from error
