"""Pages /security (the Mérida goals), /security/drugs, /security/money and
/security/encounters; their JSON twins are /api/security, /api/security/drugs, ...money and
...encounters, from the same service calls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from puente.httpdeps import Cursor
from puente.security import drugs, encounters, money, overview
from puente.web import charts
from puente.web.rendering import gettext_for, render

router = APIRouter(include_in_schema=False)
FiscalYear = Annotated[int | None, Query(alias="fy")]


def _monthly(
    request: Request, rows: list[dict[str, Any]], value: str, series: str, title: str
) -> dict[str, Any]:
    """A monthly line per series (drug, direction, citizenship), its names translated."""
    _ = gettext_for(request)
    return charts.line_chart(
        [{"month": r["period"], "series": _(r[series]), value: r[value]} for r in rows],
        "month",
        value,
        color="series",
        x_title=_("Month"),
        y_title=title,
        x_type="temporal",
    )


def _fy_label(request: Request, year: int, months: int) -> str:
    """FY2025, or FY2026 (7 months) for a year the release covers only in part."""
    _ = gettext_for(request)
    if months == 12:
        return _("FY%(year)s") % {"year": year}
    return _("FY%(year)s (%(n)s months)") % {"year": year, "n": months}


@router.get("/security", response_class=HTMLResponse)
def security_page(request: Request, cur: Cursor) -> HTMLResponse:
    data = overview.overview(cur)
    _ = gettext_for(request)
    goals = {g["goal"]: g for g in data["goals"]}
    drug_goal = goals["drugs"]
    context: dict[str, Any] = {"o": data, "goals": goals, "drug_specs": [], "people_spec": None}
    if drug_goal["available"]:
        # One chart per drug: methamphetamine's pounds would flatten fentanyl's on one axis.
        for drug in sorted({r["drug_type"] for r in drug_goal["by_year"]}):
            rows = [
                {"year": _fy_label(request, r["fiscal_year"], r["months"]), "lbs": r["lbs"]}
                for r in drug_goal["by_year"]
                if r["drug_type"] == drug
            ]
            spec = charts.line_chart(
                rows, "year", "lbs", x_title=_("Fiscal year"), y_title=_("Pounds seized")
            )
            context["drug_specs"].append((_(drug), spec))
    people = data["encounters"]
    if people:
        context["people_spec"] = charts.bar_chart(
            [
                {
                    "year": _fy_label(request, r["fiscal_year"], r["months"]),
                    "value": r["encounters"],
                }
                for r in people["by_year"]
            ],
            "year",
            "value",
            category_title=_("Fiscal year"),
            value_title=_("Encounters"),
            horizontal=False,
            sort=None,
        )
    return render(request, "security/index.html", context)


@router.get("/security/drugs", response_class=HTMLResponse)
def drugs_page(
    request: Request,
    cur: Cursor,
    drug: str | None = None,
    fiscal_year: FiscalYear = None,
    region: str = drugs.SOUTHWEST,
) -> HTMLResponse:
    data = drugs.drug_seizures(cur, drug or None, fiscal_year, region)
    _ = gettext_for(request)
    context = {
        "d": data,
        "trend_spec": _monthly(request, data["monthly"], "lbs", "drug_type", _("Pounds seized")),
        "drug_spec": charts.bar_chart(
            [
                {"drug": _(name), "lbs": lbs}
                for name, lbs in ((r["drug_type"], r["lbs"]) for r in data["by_drug"])
            ],
            "drug",
            "lbs",
            category_title=_("Drug"),
            value_title=_("Pounds seized"),
        ),
    }
    return render(request, "security/drugs.html", context)


@router.get("/security/money", response_class=HTMLResponse)
def money_page(
    request: Request, cur: Cursor, fiscal_year: FiscalYear = None, region: str = "Southwest Border"
) -> HTMLResponse:
    data = money.currency_seizures(cur, fiscal_year, region)
    _ = gettext_for(request)
    context = {
        "m": data,
        "monthly_spec": _monthly(request, data["monthly"], "usd", "direction", _("U.S. dollars")),
    }
    return render(request, "security/money.html", context)


@router.get("/security/encounters", response_class=HTMLResponse)
def encounters_page(request: Request, cur: Cursor, fiscal_year: FiscalYear = None) -> HTMLResponse:
    data = encounters.southwest_encounters(cur, fiscal_year)
    _ = gettext_for(request)
    context = {
        "e": data,
        "monthly_spec": _monthly(
            request, data["monthly"], "encounters", "citizenship", _("Encounters")
        ),
    }
    return render(request, "security/encounters.html", context)
