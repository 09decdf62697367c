"""/api/highlights: news items and items generated from data changes, newest first (the
Atom form is /highlights.atom)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.api.models.highlights import Highlights
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.highlights.items import list_highlights

router = APIRouter(prefix="/api/highlights", tags=["highlights"], dependencies=[KNOWN_PARAMETERS])


@router.get(
    "",
    summary="Highlights, newest first, each with the dataset versions behind it",
    response_model=Highlights,
)
async def get_highlights(
    request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> Response:
    return await answer(request, lambda cur: list_highlights(cur, limit))
