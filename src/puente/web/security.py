"""Pages /security (the Mérida goals), /security/drugs, /security/money and
/security/encounters; their JSON twins are /api/security, /api/security/drugs, ...money and
...encounters, from the same service calls."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from puente.border.ports import port_pages
from puente.httpdeps import Cursor
from puente.security import amo, areas, drugs, encounters, money, organizations, overview
from puente.security.results import SecurityOrganization
from puente.web import charts
from puente.web.rendering import gettext_for, kept, render, request_locale

router = APIRouter(include_in_schema=False)
FiscalYear = Annotated[int | None, Query(alias="fy")]


def _monthly(
    request: Request,
    rows: list[dict[str, Any]],
    value: str,
    series: str,
    title: str,
    money: bool = False,
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
        locale=request_locale(request),
        money=money,
    )


def _fy_part(request: Request, months: int) -> dict[str, Any]:
    """The partial-period fields of a fiscal year the release covers only in part."""
    _ = gettext_for(request)
    return charts.partial_fields(months < 12, _("%(n)s of 12 months") % {"n": months})


def _fy_label(request: Request, year: int, months: int) -> str:
    """FY2025, or FY2026 (7 months) for a year the release covers only in part."""
    _ = gettext_for(request)
    if months == 12:
        return _("FY%(year)s") % {"year": year}
    return _("FY%(year)s (%(n)s months)") % {"year": year, "n": months}


@router.get("/security", response_class=HTMLResponse)
@kept
def security_page(request: Request, cur: Cursor) -> HTMLResponse:
    data = overview.overview(cur)
    _ = gettext_for(request)
    goals = {g["goal"]: g for g in data.goals}
    drug_goal = goals["drugs"]
    context: dict[str, Any] = {"o": data, "goals": goals, "drug_specs": [], "people_spec": None}
    if drug_goal["available"]:
        # One chart per drug: methamphetamine's pounds would flatten fentanyl's on one axis.
        for drug in sorted({r["drug_type"] for r in drug_goal["by_year"]}):
            rows = [
                {
                    "year": _fy_label(request, r["fiscal_year"], r["months"]),
                    "lbs": r["lbs"],
                    **_fy_part(request, r["months"]),
                }
                for r in drug_goal["by_year"]
                if r["drug_type"] == drug
            ]
            spec = charts.line_chart(
                rows,
                "year",
                "lbs",
                x_title=_("Fiscal year"),
                y_title=_("Pounds seized"),
                locale=request_locale(request),
            )
            context["drug_specs"].append((_(drug), spec))
    people = data.encounters
    if people:
        context["people_spec"] = charts.bar_chart(
            [
                {
                    "year": _fy_label(request, r["fiscal_year"], r["months"]),
                    "value": r["encounters"],
                    **_fy_part(request, r["months"]),
                }
                for r in people["by_year"]
            ],
            "year",
            "value",
            category_title=_("Fiscal year"),
            value_title=_("Encounters"),
            horizontal=False,
            sort=None,
            locale=request_locale(request),
        )
    return render(request, "security/index.html", context)


@router.get("/security/drugs", response_class=HTMLResponse)
@kept
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
        "trend_spec": _monthly(request, data.monthly, "lbs", "drug_type", _("Pounds seized")),
        "drug_spec": charts.bar_chart(
            [
                {"drug": _(name), "lbs": lbs}
                for name, lbs in ((r["drug_type"], r["lbs"]) for r in data.by_drug)
            ],
            "drug",
            "lbs",
            category_title=_("Drug"),
            value_title=_("Pounds seized"),
            locale=request_locale(request),
        ),
    }
    return render(request, "security/drugs.html", context)


@router.get("/security/money", response_class=HTMLResponse)
@kept
def money_page(
    request: Request, cur: Cursor, fiscal_year: FiscalYear = None, region: str = "Southwest Border"
) -> HTMLResponse:
    data = money.currency_seizures(cur, fiscal_year, region)
    _ = gettext_for(request)
    context = {
        "m": data,
        "monthly_spec": _monthly(
            request, data.monthly, "usd", "direction", _("U.S. dollars"), money=True
        ),
    }
    return render(request, "security/money.html", context)


@router.get("/security/encounters", response_class=HTMLResponse)
@kept
def encounters_page(request: Request, cur: Cursor, fiscal_year: FiscalYear = None) -> HTMLResponse:
    data = encounters.southwest_encounters(cur, fiscal_year)
    _ = gettext_for(request)
    context = {
        "e": data,
        "monthly_spec": _monthly(
            request, data.monthly, "encounters", "citizenship", _("Encounters")
        ),
    }
    return render(request, "security/encounters.html", context)


@router.get("/security/organizations", response_class=HTMLResponse)
@kept
def organizations_page(request: Request, cur: Cursor) -> HTMLResponse:
    data = organizations.list_organizations(cur)
    return render(request, "security/organizations.html", {"orgs": data})


@router.get("/security/organizations/{entity_id}", response_class=HTMLResponse)
@kept
def organization_page(request: Request, cur: Cursor, entity_id: int) -> HTMLResponse:
    data = organizations.get_organization(cur, entity_id)
    return render(request, "security/organization.html", {"org": data, "net": org_network(data)})


NETWORK_NODES = 60


def org_network(data: SecurityOrganization) -> dict[str, Any]:
    """The organisation in the middle, the entries linked to it on an inner ring, and the
    ones linked to those (or sharing an address or document) on an outer ring, each in its
    own angular slot beside the entry it hangs from, so that labels running outward along
    their spoke never cross another node. Laid out here and drawn as inline SVG."""
    org = data.organization
    shown = data.members[:NETWORK_NODES]
    ids = {m["entity_id"] for m in shown}
    first = [m for m in shown if m["steps"] == 1]
    parent: dict[int, int] = {}
    for edge in data.edges:
        for a, b in ((edge["a"], edge["b"]), (edge["b"], edge["a"])):
            if b in ids and b not in parent and any(m["entity_id"] == a for m in first):
                parent[b] = a
    order: list[dict[str, Any]] = []
    for member in first:
        order.append(member)
        order += [
            m
            for m in shown
            if m["steps"] != 1 and parent.get(m["entity_id"]) == member["entity_id"]
        ]
    order += [m for m in shown if m not in order]
    inner, outer = 110.0, 200.0
    radius_of = {m["entity_id"]: inner if m["steps"] == 1 else outer for m in order}
    if not first:  # only associations: one ring
        radius_of = dict.fromkeys(radius_of, inner)
    size = 2 * (outer + 190)
    cx = cy = size / 2
    position = {org["entity_id"]: (cx, cy)}
    nodes = [_node(org["entity_id"], org["name"], "entity", cx, cy, center=True)]
    for i, member in enumerate(order):
        angle = 2 * math.pi * i / max(1, len(order)) - math.pi / 2
        radius = radius_of[member["entity_id"]]
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        position[member["entity_id"]] = (x, y)
        left = math.cos(angle) < -1e-9
        node = _node(member["entity_id"], member["name"], member["entity_type"], x, y)
        node.update(
            {
                "rotate": round(math.degrees(angle) + (180 if left else 0), 1),
                "anchor": "end" if left else "start",
                "dx": -10 if left else 10,
                "via": member["via"],
            }
        )
        nodes.append(node)
    edges = [
        {
            "x1": round(position[e["a"]][0], 1),
            "y1": round(position[e["a"]][1], 1),
            "x2": round(position[e["b"]][0], 1),
            "y2": round(position[e["b"]][1], 1),
            "kind": e["kind"],
        }
        for e in data.edges
        if e["a"] in position and e["b"] in position
    ]
    return {
        "width": round(size),
        "height": round(size),
        "nodes": nodes,
        "edges": edges,
        "more": max(0, len(data.members) - len(shown)),
    }


def _node(
    entity_id: int, label: str, kind: str, x: float, y: float, center: bool = False
) -> dict[str, Any]:
    return {
        "x": round(x, 1),
        "y": round(y, 1),
        "label": label,
        "type": kind,
        "href": f"/sanctions/entities/{entity_id}",
        "center": center,
    }


@router.get("/security/crossings", response_class=HTMLResponse)
@kept
def crossings_page(
    request: Request, cur: Cursor, fiscal_year: FiscalYear = None, drug: str | None = None
) -> HTMLResponse:
    data = areas.seizures_beside_crossings(cur, fiscal_year, drug or None)
    _ = gettext_for(request)
    trend = [
        {"month": r["month"], "series": f"{_(r['drug_type'])} · {_(where)}", "lbs": r[key]}
        for r in data.monthly
        for where, key in (("at ports", "at_ports_lbs"), ("between ports", "between_ports_lbs"))
    ]
    context = {
        "c": data,
        "port_pages": port_pages(cur),  # a port is linked only when its page exists
        "trend_spec": charts.line_chart(
            trend,
            "month",
            "lbs",
            color="series",
            x_title=_("Month"),
            y_title=_("Pounds seized"),
            x_type="temporal",
            locale=request_locale(request),
        ),
        "map_spec": charts.point_map(
            [
                {
                    **p,
                    "label": (
                        f"{p['port_name']} ("
                        + _("%(office)s field office") % {"office": p["field_office"]}
                        + ")"
                        if p["field_office"]
                        else p["port_name"]
                    ),
                }
                for p in data.ports
            ],
            size="people_crossing",
            label="label",
            size_title=_("People crossing"),
            color="field_office",
            locale=request_locale(request),
        ),
    }
    return render(request, "security/crossings.html", context)


@router.get("/security/amo", response_class=HTMLResponse)
@kept
def amo_page(
    request: Request,
    cur: Cursor,
    fiscal_year: FiscalYear = None,
    drug: str | None = None,
    region: str = "all",
) -> HTMLResponse:
    data = amo.amo_seizures(cur, drug or None, fiscal_year, region)
    _ = gettext_for(request)
    spec = charts.bar_chart(
        [
            {
                "year": _fy_label(request, r["fiscal_year"], r["months"]),
                "lbs": r["lbs"],
                **_fy_part(request, r["months"]),
            }
            for r in data.by_year
        ],
        "year",
        "lbs",
        category_title=_("Fiscal year"),
        value_title=_("Pounds seized"),
        horizontal=False,
        sort=None,
        locale=request_locale(request),
    )
    return render(request, "security/amo.html", {"a": data, "year_spec": spec})


@router.get("/security/encounters/states", response_class=HTMLResponse)
@kept
def encounter_states_page(
    request: Request, cur: Cursor, fiscal_year: FiscalYear = None, region: str = "all"
) -> HTMLResponse:
    data = encounters.encounters_by_state(cur, fiscal_year, region)
    return render(request, "security/encounter_states.html", {"e": data})
