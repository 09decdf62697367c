"""A JSON API request names only query parameters its operation takes, each once.

`?year=` where an operation takes `fy`, or `?from=` where it takes `old`, would otherwise be
dropped in silence and the answer be for something else than what was asked; a parameter
given twice (`?q=a&q=b`) would be read as its last value. Both are a 400 that names the
parameter and the ones the operation takes. `lang` (the language of an answer's words) and
`v` (the cache-busting version the pages put on the URLs their charts fetch) are taken
everywhere.

Every JSON router depends on `KNOWN_PARAMETERS`; what an operation takes is read once from
its route (its parameters and its dependencies'), not written out by hand.
"""

from __future__ import annotations

import types
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel

from puente.errors import InvalidInput

ALWAYS = frozenset({"lang", "v"})
"""Taken by every operation: the answer's language, and a cache-busting version."""
_SEQUENCES = (list, tuple, set, frozenset, Sequence)


def _is_sequence(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _is_sequence(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_is_sequence(a) for a in get_args(annotation) if a is not type(None))
    return origin in _SEQUENCES or annotation in _SEQUENCES


def _model_of(annotation: Any) -> type[BaseModel] | None:
    origin = get_origin(annotation)
    if origin is Annotated or origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def query_parameters(dependant: Dependant) -> tuple[frozenset[str], frozenset[str]]:
    """(every query parameter's name, the ones that may repeat) of a route's dependant."""
    names: set[str] = set()
    repeatable: set[str] = set()
    todo, seen = [dependant], set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        todo.extend(current.dependencies)
        for field in current.query_params:
            annotation = field.field_info.annotation
            model = _model_of(annotation)
            if model is not None:  # a parameter model: its fields are the parameters
                for name, info in model.model_fields.items():
                    names.add(info.alias or name)
                    if _is_sequence(info.annotation):
                        repeatable.add(info.alias or name)
                continue
            names.add(field.alias)
            if _is_sequence(annotation):
                repeatable.add(field.alias)
    return frozenset(names | ALWAYS), frozenset(repeatable)


_TAKEN = "_puente_query_parameters"


def _taken_by(route: Any) -> tuple[frozenset[str], frozenset[str]]:
    """Worked out on the first request, then kept on the route itself."""
    found: tuple[frozenset[str], frozenset[str]] | None = getattr(route, _TAKEN, None)
    if found is None:
        found = query_parameters(route.dependant)
        setattr(route, _TAKEN, found)
    return found


def _named(names: frozenset[str]) -> str:
    shown = sorted(names - ALWAYS)
    return ", ".join(shown) if shown else "no query parameters"


async def known_parameters(request: Request) -> None:
    """Refuse a query parameter the operation does not take, or a single one given twice.
    (`async`: it runs on the event loop, without a thread hand-off.)"""
    query = request.scope.get("query_string", b"")
    route = request.scope.get("route")
    if not query or route is None or not hasattr(route, "dependant"):
        return
    names, repeatable = _taken_by(route)
    given = Counter(key for key, _ in request.query_params.multi_items())
    for key, count in given.items():
        if key not in names:
            _check_key(route, request)
            raise InvalidInput(
                f"unknown query parameter {key[:40]!r}; this operation takes {_named(names)}"
            )
        if count > 1 and key not in repeatable:
            _check_key(route, request)
            raise InvalidInput(
                f"query parameter {key[:40]!r} is given {count} times; expected one value"
            )


def _check_key(route: Any, request: Request) -> None:
    """An operation that needs a key answers 401 or 403 first, as it would without this check:
    a caller without the key learns nothing of its parameters."""
    from puente.api.openapi import role_of
    from puente.httpauth import require

    role = role_of(route)
    if role is not None:
        require(role)(request)


KNOWN_PARAMETERS = Depends(known_parameters)
"""`APIRouter(..., dependencies=[KNOWN_PARAMETERS])` for every JSON API router."""
