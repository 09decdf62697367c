"""/api/relations: the relations page's claims checked against the data, with provenance
(?format=csv for the claim table)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from puente.api.answers import answer
from puente.api.models.relations import Relations
from puente.api.queryparams import KNOWN_PARAMETERS
from puente.httpdeps import Format
from puente.relations.page import relations_page

router = APIRouter(prefix="/api/relations", tags=["relations"], dependencies=[KNOWN_PARAMETERS])


@router.get(
    "",
    summary="The page's claims, each with the data's figure, a verdict, its source",
    response_model=Relations,
)
async def get_relations(
    request: Request,
    format: Format = None,
) -> Response:
    return await answer(request, relations_page, "rows", format, lambda _: "relations-claims")
