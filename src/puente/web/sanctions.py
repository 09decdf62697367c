"""Pages /sanctions (the list, Kingpin Act designations with Mexico ties first),
/sanctions/entities/{id} (one entry and its network), /sanctions/screen (the screening form)
/sanctions/screen/batch (a CSV upload that returns a CSV, or a job for a large file) and
/sanctions/screen/jobs/{id} (a batch job's progress and downloads) and
/sanctions/screen/receipt/{audit_id} (a screening's receipt, to print).

JSON twins: /api/sanctions/search, /api/sanctions/entities/{id}, POST /api/screen and
POST /api/screen/batch, /api/screen/jobs/{id}, from the same service calls.
"""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from puente.config import Settings
from puente.errors import InvalidInput
from puente.httpauth import ScreenerActor, get_state
from puente.httpdeps import (
    Cursor,
    accept_batch,
    actor_of,
    csv_download,
    get_jobs,
    get_settings,
    get_store,
    read_upload,
)
from puente.jobs import ACTIVE, Job, JobsBusy
from puente.sanctions import entities
from puente.sanctions.diff import diff_versions
from puente.sanctions.lists import LISTS
from puente.sanctions.multilist import screen_lists
from puente.sanctions.programs import KINGPIN
from puente.sanctions.receipts import screening_receipt
from puente.sanctions.results import SanctionsEntry, SanctionsLink
from puente.sanctions.screener import check_threshold
from puente.store import Store, catalog
from puente.web.explanations import translate_explanation
from puente.web.formerrors import form_error
from puente.web.rendering import gettext_for, kept, render, render_error

router = APIRouter(include_in_schema=False)
PAGE = 50
DIFF_ROWS = 200
MAX_NODES = 24


@router.get("/sanctions", response_class=HTMLResponse)
@kept
def sanctions_page(
    request: Request,
    cur: Cursor,
    q: str | None = None,
    program: str | None = None,
    country: str | None = None,
    type: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    result = entities.search_entities(
        cur, q, program or None, country or None, type or None, PAGE, (page - 1) * PAGE
    )
    programs = entities.list_programs(cur).programs
    kingpin = next((p for p in programs if p.program == KINGPIN), None)
    query = {
        k: v for k, v in {"q": q, "program": program, "country": country, "type": type}.items() if v
    }
    pages = max(1, math.ceil(result.total / PAGE))
    if page > pages:
        # Past the end: go to the last page (with the same search) rather than an empty one.
        return RedirectResponse(f"/sanctions?{urlencode({**query, 'page': pages})}", 302)
    context = {
        "r": result,
        "programs": programs,
        "kingpin": kingpin,
        "form": query,
        "page": page,
        "pages": pages,
        "prev_href": f"/sanctions?{urlencode({**query, 'page': page - 1})}" if page > 1 else None,
        "next_href": f"/sanctions?{urlencode({**query, 'page': page + 1})}"
        if page < pages
        else None,
        "twin": "/api/sanctions/search?"
        + urlencode({**query, "limit": PAGE, "offset": (page - 1) * PAGE}),
    }
    return render(request, "sanctions/index.html", context)


def network(entity: SanctionsEntry) -> dict[str, Any]:
    """A radial picture of an entry and the entries linked to it, laid out here and drawn as
    inline SVG (nothing loaded from elsewhere). Labels run outward along their spoke, so they
    do not collide however many links there are."""
    linked = entity.linked[:MAX_NODES]
    radius = 110 if len(linked) > 6 else 90
    size = 2 * (radius + 215)
    cx = cy = size / 2
    nodes = [
        {
            "x": cx,
            "y": cy,
            "label": entity.name,
            "type": entity.entity_type,
            "href": None,
            "center": True,
            "rotate": 0,
            "anchor": "middle",
        }
    ]
    edges = []
    for i, link in enumerate(linked):
        angle = 2 * math.pi * i / max(1, len(linked)) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        degrees = math.degrees(angle)
        left = math.cos(angle) < -1e-9
        href = f"/sanctions/entities/{link.entity_id}" if link.entity_id else None
        nodes.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "label": link.name,
                "type": link.entity_type if isinstance(link, SanctionsLink) else "unknown",
                "href": href,
                "center": False,
                "rotate": round(degrees + 180 if left else degrees, 1),
                "anchor": "end" if left else "start",
                "dx": -11 if left else 11,
            }
        )
        edges.append(
            {
                "x1": cx,
                "y1": cy,
                "x2": round(x, 1),
                "y2": round(y, 1),
                "direction": link.direction,
            }
        )
    return {
        "width": size,
        "height": size,
        "nodes": nodes,
        "edges": edges,
        "more": max(0, len(entity.linked) - MAX_NODES),
    }


@router.get("/sanctions/entities/{entity_id}", response_class=HTMLResponse)
@kept
def entity_page(request: Request, cur: Cursor, entity_id: int) -> HTMLResponse:
    data = entities.get_entity(cur, entity_id)
    entity = data.entity
    facts = [f for f in entity.remark_fields if f.field not in ("document", "alias", "linked_to")]
    context = {
        "e": entity,
        "version": data.version,
        "lacks": data.lacks,
        "facts": facts,
        "net": network(entity) if entity.linked else None,
        "twin": f"/api/sanctions/entities/{entity_id}",
    }
    return render(request, "sanctions/entity.html", context)


@router.get("/sanctions/diff", response_class=HTMLResponse)
@kept
def diff_page(
    request: Request, cur: Cursor, old: int | None = None, new: int | None = None
) -> HTMLResponse:
    versions = [v.as_dict() for v in catalog.list_versions(cur, entities.DATASET)]
    if old is None and new is None and len(versions) == 1:
        # Nothing to compare yet: say so and what to do, rather than answer the link with a 400.
        return render(request, "sanctions/diff_single.html", {"v": versions[0]})
    diff = diff_versions(cur, old, new)
    twin = "/api/sanctions/diff?" + urlencode({"old": diff.old.version, "new": diff.new.version})
    return render(
        request,
        "sanctions/diff.html",
        {
            "d": diff,
            "versions": versions,
            "shown": DIFF_ROWS,
            "twin": twin,
            # Entity pages show the version in force; link to them only when it is the newer.
            "linkable": any(v["current"] and v["version"] == diff.new.version for v in versions),
        },
    )


def parse_threshold(text: str) -> float | None:
    """A threshold as typed: blank for the default, `0.7` or, as written in Mexico, `0,7`."""
    raw = text.strip()
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError as exc:
        raise InvalidInput(f"threshold {text!r} is not a number in 0..1") from exc


@router.get("/sanctions/screen", response_class=HTMLResponse)
def screen_form(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    _actor: ScreenerActor,
    name: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    # `name` fills the form (the home page's "Screen a name" sends it here); the screening
    # itself, which is audited, is the form's POST.
    return render(
        request,
        "sanctions/screen.html",
        {
            "form": {"name": name} if name else {},
            "answer": None,
            "threshold": settings.screen_threshold,
            "all_lists": LISTS,
        },
    )


@router.post("/sanctions/screen", response_class=HTMLResponse)
def screen_submit(
    request: Request,
    actor: ScreenerActor,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    name: Annotated[str, Form()] = "",
    birth_date: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    id_number: Annotated[str, Form()] = "",
    threshold: Annotated[str, Form()] = "",
    lists: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    form: dict[str, Any] = {
        "name": name,
        "birth_date": birth_date,
        "country": country,
        "type": type,
        "id_number": id_number,
        "threshold": threshold,
    }
    query = {k: v for k, v in form.items() if v and k != "threshold"}
    form["lists"] = lists or []
    try:
        cutoff = check_threshold(parse_threshold(threshold), settings.screen_threshold)
        answer = screen_lists(store, [query], cutoff, actor.label, "web", lists=lists or None)
    except InvalidInput as exc:
        # The same form again, as typed, with the error beside it (a 400, so that scripts
        # still see the failure).
        field, message = form_error(exc.detail, gettext_for(request))
        context = {
            "form": form,
            "answer": None,
            "threshold": settings.screen_threshold,
            "all_lists": LISTS,
            "error": message,
            "error_field": field if field in form else None,
        }
        return render(request, "sanctions/screen.html", context, status_code=400)
    lists_text = ", ".join(f"{v['dataset']} v{v['version']}" for v in answer.list_versions)
    _ = gettext_for(request)
    for result in answer.results:
        for match in result["matches"]:
            match["explanation_shown"] = translate_explanation(match, _)
    return render(
        request,
        "sanctions/screen.html",
        {
            "form": form,
            "answer": answer,
            "lists_text": lists_text,
            "threshold": cutoff,
            "all_lists": LISTS,
        },
    )


def _batch_page(
    request: Request,
    settings: Settings,
    form: dict[str, Any],
    error: InvalidInput | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The batch form, with what was typed and, after a refused upload, the error in the
    reader's language (UploadError carries the catalog's template and its values)."""
    message = None
    if error is not None:
        template = getattr(error, "template", None)
        values = getattr(error, "values", {})
        message = gettext_for(request)(template) % values if template else error.detail
    context = {
        "threshold": settings.screen_threshold,
        "sync_rows": settings.batch_sync_rows,
        "all_lists": LISTS,
        "form": form,
        "error": message,
        "error_field": form.get("error_field"),
    }
    return render(request, "sanctions/batch.html", context, status_code=status_code)


@router.get("/sanctions/screen/batch", response_class=HTMLResponse)
def batch_form(
    request: Request, settings: Annotated[Settings, Depends(get_settings)], _actor: ScreenerActor
) -> HTMLResponse:
    return _batch_page(request, settings, {"lists": []})


@router.post("/sanctions/screen/batch")
async def batch_submit(
    request: Request,
    actor: ScreenerActor,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    file: Annotated[UploadFile | None, File()] = None,
    threshold: Annotated[str, Form()] = "",
    lists: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """A small file comes back as the CSV; a large one becomes a job, and the browser goes to
    its status page (303). A refused file or threshold gives the form again, as typed, with
    the reason (a 400)."""
    form: dict[str, Any] = {"threshold": threshold, "lists": lists or []}
    try:
        value = parse_threshold(threshold)
        check_threshold(value, settings.screen_threshold)
    except InvalidInput as exc:
        form["error_field"] = "threshold"
        return _batch_page(request, settings, form, exc, 400)
    name = file.filename if file is not None and file.filename else None
    form["file_name"] = name
    try:
        data = await read_upload(file, settings) if file is not None else b""
        accepted = await run_in_threadpool(
            accept_batch,
            store,
            settings,
            get_jobs(request),
            data,
            name,
            value,
            actor.label,
            "web",
            lists or None,
        )
    except JobsBusy as exc:
        response = render_error(request, exc.status_code, exc.error, exc.detail)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except InvalidInput as exc:
        form["error_field"] = "file"
        return _batch_page(request, settings, form, exc, 400)
    if isinstance(accepted, Job):
        return RedirectResponse(f"/sanctions/screen/jobs/{accepted.id}", status_code=303)
    return csv_download(accepted, name)


@router.get("/sanctions/screen/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    """A batch job: a progress bar while it runs (static/js/jobs.js updates it; without
    JavaScript the page refreshes itself), the downloads when it is done."""
    job = get_jobs(request).get(job_id, actor_of(request))
    context = {"job": job.as_dict(), "active": job.state in ACTIVE, "twin": job.as_dict()["href"]}
    return render(request, "sanctions/job.html", context)


@router.get("/sanctions/screen/receipt/{audit_id}", response_class=HTMLResponse)
def receipt_page(request: Request, audit_id: int, actor: ScreenerActor) -> HTMLResponse:
    """One screening's receipt, to print or keep: who, when, the list versions, the query,
    the answer and the record's hash in the audit chain (the screener's own records; an
    admin's, any)."""
    receipt = screening_receipt(get_state(request), audit_id, actor)
    context = {
        "receipt": receipt,
        "twin": f"/api/screen/receipts/{audit_id}",
        "all_lists": LISTS,
    }
    return render(request, "sanctions/receipt.html", context)
