"""/api/exchanges: the exchange programs directory and one program."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from puente.api.models.exchanges import ExchangesProgram, ExchangesPrograms
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.api.travel import flat_table
from puente.exchanges import programs
from puente.httpdeps import Cursor, Format, Lower, _canonical

router = APIRouter(prefix="/api/exchanges", tags=["exchanges"], dependencies=[KNOWN_PARAMETERS])
Audience = Literal[
    "students", "youth", "professionals", "teachers", "scholars", "leaders", "entrepreneurs",
    "institutions",
]  # fmt: skip


@router.get(
    "/programs",
    summary="Exchange programs, filtered by audience, direction, age, length",
    response_model=ExchangesPrograms,
)
def list_programs(
    cur: Cursor,
    audience: Annotated[
        Audience | None,
        _canonical(programs.canonical_audience),
        Query(description="students, youth, teachers ..."),
    ] = None,
    direction: Annotated[
        Literal["to_us", "to_mexico", "in_mexico", "both"] | None,
        _canonical(programs.canonical_direction),
        Query(description="to_us, to_mexico, in_mexico"),
    ] = None,
    age: Annotated[int | None, Query(ge=0, le=120, description="The participant's age")] = None,
    duration: Annotated[
        Literal["short", "medium", "long"] | None, Lower, Query(description="short, medium or long")
    ] = None,
    q: Annotated[str | None, Query(description="Words in the name or description")] = None,
    format: Format = None,
) -> Response:
    payload = programs.list_programs(cur, audience, direction, age, duration, q)
    return flat_table(payload, "programs", format, "exchange-programs")


@router.get("/programs/{slug}", summary="One exchange program", response_model=ExchangesProgram)
def get_program(cur: Cursor, slug: str) -> ExchangesProgram:
    return programs.get_program(cur, slug)
