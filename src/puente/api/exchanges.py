"""/api/exchanges: the exchange programs directory and one program."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from puente.api.travel import flat_table
from puente.exchanges import programs
from puente.httpdeps import Cursor

router = APIRouter(prefix="/api/exchanges", tags=["exchanges"])


@router.get("/programs", summary="Exchange programs, filtered by audience, direction, age, length")
def list_programs(
    cur: Cursor,
    audience: Annotated[str | None, Query(description="students, youth, teachers ...")] = None,
    direction: Annotated[str | None, Query(description="to_us, to_mexico, in_mexico")] = None,
    age: Annotated[int | None, Query(description="The participant's age")] = None,
    duration: Annotated[str | None, Query(description="short, medium or long")] = None,
    q: Annotated[str | None, Query(description="Words in the name or description")] = None,
    format: Annotated[str | None, Query(description="json (default) or csv")] = None,
) -> Response:
    payload = programs.list_programs(cur, audience, direction, age, duration, q)
    return flat_table(payload, "programs", format, "exchange-programs")


@router.get("/programs/{slug}", summary="One exchange program")
def get_program(cur: Cursor, slug: str) -> dict[str, Any]:
    return programs.get_program(cur, slug)
