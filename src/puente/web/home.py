"""The home page, linking every section, and the data page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from puente.httpdeps import get_store
from puente.ingest.registry import describe_datasets
from puente.store import Store
from puente.web.rendering import kept, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@kept
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html", {})


@router.get("/datasets", response_class=HTMLResponse)
@kept
def datasets_page(request: Request, store: Annotated[Store, Depends(get_store)]) -> HTMLResponse:
    return render(request, "datasets.html", describe_datasets(store))
