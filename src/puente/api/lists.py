"""/api/lists: every sanctions and export-control list, its search, entries and diffs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from puente.api.models.sanctions import (
    SanctionsDiffList,
    SanctionsEntityEntry,
    SanctionsLists,
    SanctionsSearchList,
)
from puente.api.params import Country, PrintableText, Program
from puente.httpdeps import Cursor
from puente.sanctions import listviews

router = APIRouter(tags=["sanctions"])
ListName = Literal["ofac-sdn", "ofac-consolidated", "un-sc-consolidated", "bis-dpl", "trade-csl"]
"""Every list of puente.sanctions.lists.LISTS (a test keeps the two the same)."""


@router.get(
    "/api/lists",
    summary="The lists, loaded or not, with the version in force",
    response_model=SanctionsLists,
)
def list_lists(cur: Cursor) -> SanctionsLists:
    return listviews.describe_lists(cur)


@router.get(
    "/api/lists/{dataset}/search", summary="Search one list", response_model=SanctionsSearchList
)
def search_list(
    cur: Cursor,
    dataset: ListName,
    q: PrintableText = None,
    program: Program = None,
    country: Country = None,
    limit: Annotated[int, Query(ge=1, le=listviews.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SanctionsSearchList:
    return listviews.search_list(cur, dataset, q, program, country, limit, offset)


@router.get(
    "/api/lists/{dataset}/entities/{entity_id}",
    summary="One entry of a list",
    response_model=SanctionsEntityEntry,
)
def list_entity(cur: Cursor, dataset: ListName, entity_id: str) -> SanctionsEntityEntry:
    return listviews.get_list_entity(cur, dataset, entity_id)


@router.get(
    "/api/lists/{dataset}/diff",
    summary="What changed between two versions",
    response_model=SanctionsDiffList,
)
def diff_list(
    cur: Cursor,
    dataset: ListName,
    old: Annotated[int | None, Query()] = None,
    new: Annotated[int | None, Query()] = None,
) -> SanctionsDiffList:
    return listviews.diff_list(cur, dataset, old, new)
