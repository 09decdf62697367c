"""JSON from outside, read with a nesting limit.

Python's parser recurses once per level, so a body of `[[[[...]]]]` a thousand deep raises
RecursionError (an HTTP 500) instead of a clear 400, and every later step that walks the value
recurses again. The depth is measured on the text first, without building anything.
"""

from __future__ import annotations

import json
import re
from typing import Any

from puente.errors import InvalidInput

DEFAULT_MAX_DEPTH = 32
"""Puente's own requests need 4 levels; the default leaves room for any honest client."""

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes | str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (0 for a scalar). Brackets
    inside strings do not count; the text need not be valid JSON."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def check_depth(data: bytes | str, max_depth: int, what: str = "the JSON body") -> None:
    depth = json_depth(data)
    if depth > max_depth:
        raise InvalidInput(
            f"{what} is nested {depth} levels deep; expected at most {max_depth} "
            "(PUENTE_MAX_JSON_DEPTH)"
        )


def loads(data: bytes | str, max_depth: int = DEFAULT_MAX_DEPTH, what: str = "queries") -> Any:
    """Parse JSON, refusing nesting deeper than `max_depth` with a 400."""
    check_depth(data, max_depth, what)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"{what} is not valid JSON ({exc})") from exc
