"""Pages /exchanges (the directory, with filters) and /exchanges/{slug}; their JSON twins are
/api/exchanges/programs and /api/exchanges/programs/{slug}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from puente.errors import InvalidInput
from puente.exchanges import programs
from puente.httpdeps import Cursor
from puente.web.rendering import kept, render

router = APIRouter(include_in_schema=False)


def _blank(value: str | None) -> str | None:
    return value if value else None


@router.get("/exchanges", response_class=HTMLResponse)
@kept
def exchanges_page(
    request: Request,
    cur: Cursor,
    audience: str | None = None,
    direction: str | None = None,
    age: str | None = None,
    duration: str | None = None,
    q: str | None = None,
) -> HTMLResponse:
    if age and not age.strip().isdigit():
        raise InvalidInput(f"age {age!r} is not valid; expected a whole number of years")
    age_value = int(age) if age else None
    data = programs.list_programs(
        cur, _blank(audience), _blank(direction), age_value, _blank(duration), _blank(q)
    )
    form = {
        "audience": audience or "",
        "direction": direction or "",
        "age": age or "",
        "duration": duration or "",
        "q": q or "",
    }
    return render(request, "exchanges/index.html", {"d": data, "form": form})


@router.get("/exchanges/{slug}", response_class=HTMLResponse)
@kept
def program_page(request: Request, cur: Cursor, slug: str) -> HTMLResponse:
    return render(request, "exchanges/program.html", {"d": programs.get_program(cur, slug)})
