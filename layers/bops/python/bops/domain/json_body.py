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

# A JSON string (brackets inside it do not count). An unterminated string runs to the end, so every byte is
# read once and a stray quote cannot make the scan quadratic.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_SQUARE = bytes.maketrans(b"{}", b"[]")


def nesting_depth(raw: bytes, *, limit: int = MAX_DEPTH) -> int:
    """How deeply arrays and objects nest in ``raw`` (0 for a scalar), counting brackets outside strings;
    at most ``limit + 1`` (enough to tell "too deep" without reading a deep body ``limit`` more times).

    Each pass removes the innermost ``[]`` and ``{}`` pairs, in C: a body ten levels deep takes ten passes
    over its brackets alone. Malformed JSON gives a number too (brackets left open count as nested); the
    parser refuses it afterwards.
    """
    brackets = _STRING.sub(b"", raw).translate(_AS_SQUARE, _NOT_BRACKETS)
    depth = 0
    while brackets and depth <= limit:
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            # Unbalanced, so not JSON; but brackets left open still nest (``[[[[`` never closed): count them,
            # so the parser is never handed a deep unclosed body.
            return min(depth + brackets.count(b"["), limit + 1)
        brackets = shorter
        depth += 1
    return depth


def parse(raw: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``raw`` parsed as JSON, or ``BadRequest`` naming ``body`` when it is not JSON or nests too deeply."""
    # Cheap first look: a body with no more opening brackets than the limit cannot be nested deeper.
    if raw.count(b"[") + raw.count(b"{") > max_depth and nesting_depth(raw, limit=max_depth) > max_depth:
        raise BadRequest(
            f"The body nests arrays and objects more than {max_depth} levels deep",
            fields=[FieldError("body", f"nested more than {max_depth} levels deep")],
        )
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadRequest("The body is not valid JSON", fields=[FieldError("body", "not valid JSON")]) from error
