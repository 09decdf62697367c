"""The claims of the State Department's "U.S. Relations With Mexico" page (2019 version, the
seed page), each computed from the data where the data holds it.

A claim says what the page states, what the data gives for the page's year and for the
latest year, a verdict, and where the figure came from (dataset version, the service that
computed it, the source). Verdicts:

- `confirmed`: the data agrees with the page for the page's year (within the page's rounding);
- `differs`: the data gives another figure;
- `not_in_data`: no loaded dataset measures what the page says (the note says why, e.g. the
  Census figures are goods only and the page's total includes services);
- `missing`: the dataset that would check it is not loaded (load it to check).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

from puente.border import crossings
from puente.border.crossings import PORTS_DATASET
from puente.border.ports import MEXICO_BORDER
from puente.errors import InvalidInput, NotFound
from puente.store.catalog import current_version
from puente.trade import energy, goods
from puente.trade.facts import BilateralFactsSource, list_facts
from puente.trade.partners import MEXICO_CODE

PAGE_YEAR = 2018  # the figures of the 2019 page are for 2018
PAGE_URL = "https://2017-2021.state.gov/u-s-relations-with-mexico/"
VERDICTS = ("confirmed", "differs", "not_in_data", "missing")
Claim = dict[str, Any]

# The notes under each claim, as messages with named placeholders: a claim's `note` is the
# English sentence (the API and CSV give it), `note_said` the message and its values, so a
# page writes it in its own language through the catalog (puente.web.locale.vocabulary.CLAIMS
# lists every message; a test checks the two lists agree).
NOT_LOADED = "not loaded: %(datasets)s; load it to check this claim"
PORT_CODES = "BTS port codes reporting at least one inbound crossing in the year"
PORT_CODES_REGISTRY = (
    "BTS port codes reporting at least one inbound crossing in the year; a port code can "
    "cover several crossings: the ports registry lists %(crossings)s crossings as of %(as_of)s"
)
PEOPLE_PER_DAY = "people crossing northbound a day (pedestrians and vehicle passengers)"
GOODS_RANK = "rank among countries by U.S. goods trade (Census); the page counts services too"
GOODS_ONLY = (
    "the data holds goods only (Census); services trade is not loaded, so the page's "
    "goods-and-services total cannot be checked: the goods part is the value shown"
)
TRADE_PER_DAY = "goods two-way trade divided by the days of the year (a day's trade in goods)"
ENERGY_RANK = "Mexico's rank among destinations of U.S. exports (EIA), products then gas"
CRUDE_NOT_LOADED = (
    "the EIA data loaded is U.S. exports; U.S. crude imports by origin are not loaded"
)
EXPORT_SHARE = "Census counts U.S. trade; Mexico's exports to all partners are not loaded"
NO_FACT = "no reference row for %(metric)s"
PUBLISHED_FIGURE = "published figure from the reference table (not computed from raw data)"
NO_FIGURE = "the data loaded has no figure for this claim: %(error)s"
MESSAGES = (
    NOT_LOADED,
    PORT_CODES,
    PORT_CODES_REGISTRY,
    PEOPLE_PER_DAY,
    GOODS_RANK,
    GOODS_ONLY,
    TRADE_PER_DAY,
    ENERGY_RANK,
    CRUDE_NOT_LOADED,
    EXPORT_SHARE,
    NO_FACT,
    PUBLISHED_FIGURE,
    NO_FIGURE,
)


def _note(claim: Claim, message: str, **values: Any) -> None:
    """Set a claim's note: the English sentence and, for pages, the message and values."""
    claim["note"] = message % values
    claim["note_said"] = {"message": message, "values": values}


def _claim(key: str, section: str, text: str, stated: str, **rest: Any) -> Claim:
    return {
        "key": key,
        "section": section,
        "text": text,
        "stated": stated,
        "page_year": rest.pop("page_year", PAGE_YEAR),
        "page_value": None,
        "latest_year": None,
        "latest_value": None,
        "verdict": "missing",
        "note": None,
        "note_said": None,
        "unit": rest.pop("unit", "count"),
        "provenance": {"datasets": [], "service": None, "source": PAGE_URL},
        **rest,
    }


def _within(value: float | None, low: float, high: float) -> bool:
    return value is not None and low <= value <= high


def _loaded(cur: duckdb.DuckDBPyConnection, claim: Claim, *datasets: str) -> bool:
    versions = [current_version(cur, d) for d in datasets]
    lacking = [d for d, v in zip(datasets, versions, strict=True) if v is None]
    claim["provenance"]["datasets"] = [v.ref.as_dict() for v in versions if v is not None]
    if lacking:
        claim["verdict"] = "missing"
        _note(claim, NOT_LOADED, datasets=", ".join(lacking))
    return not lacking


def _active_ports(cur: duckdb.DuckDBPyConnection, year: int) -> int:
    row = cur.execute(
        "SELECT count(DISTINCT port_code) FROM border_crossings "
        "WHERE border = ? AND year(period) = ? AND value > 0",
        [MEXICO_BORDER, year],
    ).fetchone()
    return int(row[0]) if row else 0


def _registry_crossings(cur: duckdb.DuckDBPyConnection) -> tuple[int, str] | None:
    """How many crossings the ports registry (border-ports) lists, and as of when."""
    if current_version(cur, PORTS_DATASET) is None:
        return None
    row = cur.execute(
        "SELECT count(*), strftime(max(as_of), '%Y-%m-%d') FROM port_crossings"
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _ports(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim("ports", "relations", "55 active ports of entry", "55")
    if not _loaded(cur, c, crossings.DATASET):
        return c
    latest = crossings.latest_full_year(cur)
    page = _active_ports(cur, PAGE_YEAR) or None
    c.update(page_value=page, latest_year=latest, latest_value=_active_ports(cur, latest))
    c["verdict"] = "not_in_data" if page is None else "confirmed" if page == 55 else "differs"
    registry = _registry_crossings(cur)
    if registry is None:
        _note(c, PORT_CODES)
    else:
        version = current_version(cur, PORTS_DATASET)
        assert version is not None
        c["provenance"]["datasets"].append(version.ref.as_dict())
        c["registry_crossings"] = registry[0]
        _note(c, PORT_CODES_REGISTRY, crossings=registry[0], as_of=registry[1])
    c["provenance"]["service"] = "count(DISTINCT port_code) FROM border_crossings, by year"
    return c


def _per_day(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "crossings_per_day",
        "relations",
        "hundreds of thousands of legal border crossings each day",
        "hundreds of thousands",
    )
    if not _loaded(cur, c, crossings.DATASET):
        return c
    latest = crossings.latest_full_year(cur)
    try:
        page = crossings.summary(cur, PAGE_YEAR).people_per_day
    except NotFound:
        page = None
    c.update(
        page_value=page,
        latest_year=latest,
        latest_value=crossings.summary(cur, latest).people_per_day,
    )
    c["verdict"] = (
        "not_in_data"
        if page is None
        else "confirmed"
        if _within(page, 100_000, 999_999)
        else "differs"
    )
    _note(c, PEOPLE_PER_DAY)
    c["provenance"]["service"] = "puente.border.crossings.summary(year).people_per_day"
    return c


def _rank(cur: duckdb.DuckDBPyConnection, key: str, text: str, stated: int, field: str) -> Claim:
    c = _claim(key, "economy", text, str(stated))
    if not _loaded(cur, c, goods.DATASET):
        return c
    latest = goods.latest_complete_year(cur)
    rows = {r["year"]: r for r in goods.partner_ranks(cur, MEXICO_CODE).rows}
    page = rows.get(PAGE_YEAR, {}).get(field)
    c.update(page_value=page, latest_year=latest, latest_value=rows.get(latest, {}).get(field))
    c["verdict"] = "not_in_data" if page is None else "confirmed" if page == stated else "differs"
    _note(c, GOODS_RANK)
    c["provenance"]["service"] = f"puente.trade.goods.partner_ranks('{MEXICO_CODE}').{field}"
    return c


def _export_rank(cur: duckdb.DuckDBPyConnection) -> Claim:
    text = "Mexico is the United States' second-largest export market (after Canada)"
    return _rank(cur, "export_rank", text, 2, "exports_rank")


def _partner_rank(cur: duckdb.DuckDBPyConnection) -> Claim:
    text = "third-largest trading partner (after Canada and China)"
    return _rank(cur, "partner_rank", text, 3, "two_way_rank")


def _goods_two_way(cur: duckdb.DuckDBPyConnection, year: int) -> float | None:
    rows = goods.partner_ranks(cur, MEXICO_CODE, year, year).rows
    return rows[0]["two_way_usd"] if rows and rows[0]["complete"] else None


def _two_way(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "two_way_trade",
        "economy",
        "In 2018, two-way trade in goods and services totaled $678 billion",
        "$678 billion (goods and services)",
        unit="usd",
    )
    if not _loaded(cur, c, goods.DATASET):
        return c
    latest = goods.latest_complete_year(cur)
    page = _goods_two_way(cur, PAGE_YEAR)
    c.update(page_value=page, latest_year=latest, latest_value=_goods_two_way(cur, latest))
    c["verdict"] = "not_in_data"
    _note(c, GOODS_ONLY)
    c["provenance"]["service"] = "puente.trade.goods.partner_ranks('2010').two_way_usd"
    return c


def _per_day_trade(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "trade_per_day",
        "relations",
        "some 1.7 billion dollars of two-way trade",
        "$1.7 billion",
        unit="usd",
    )
    if not _loaded(cur, c, goods.DATASET):
        return c
    latest = goods.latest_complete_year(cur)

    def daily(year: int) -> float | None:
        total = _goods_two_way(cur, year)
        return None if total is None else round(total / (366 if year % 4 == 0 else 365))

    page = daily(PAGE_YEAR)
    c.update(page_value=page, latest_year=latest, latest_value=daily(latest))
    c["verdict"] = (
        "not_in_data"
        if page is None
        else "confirmed"
        if _within(page, 1.65e9, 1.75e9)
        else "differs"
    )
    _note(c, TRADE_PER_DAY)
    c["provenance"]["service"] = "puente.trade.goods.partner_ranks('2010').two_way_usd / days"
    return c


def _energy_market(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "energy_market",
        "economy",
        "the largest export market for U.S. refined petroleum products and U.S. natural gas",
        "1 (petroleum products and natural gas)",
    )
    if not _loaded(cur, c, energy.DATASET):
        return c

    def ranks(year: int) -> dict[str, int] | None:
        try:
            overview = energy.energy_overview(cur, year)
        except NotFound:
            return None
        by = {p["product"]: p["rank"] for p in overview.products}
        if "petroleum_products" not in by or "natural_gas" not in by:
            return None
        return {"petroleum_products": by["petroleum_products"], "natural_gas": by["natural_gas"]}

    def shown(found: dict[str, int] | None) -> str | None:
        return (
            None if found is None else f"{found['petroleum_products']} and {found['natural_gas']}"
        )

    try:
        latest: int | None = energy.latest_complete_year(cur)
    except NotFound:  # no year with twelve months in every product
        latest = None
    page = ranks(PAGE_YEAR)
    latest_ranks = ranks(latest) if latest else None
    c.update(
        page_value=shown(page),
        latest_year=latest,
        latest_value=shown(latest_ranks),
        page_ranks=page,
        latest_ranks=latest_ranks,
    )
    largest = {"petroleum_products": 1, "natural_gas": 1}
    c["verdict"] = "not_in_data" if page is None else "confirmed" if page == largest else "differs"
    _note(c, ENERGY_RANK)
    c["provenance"]["service"] = "puente.trade.energy.energy_overview(year, 'Mexico').rank"
    return c


def _crude(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "crude_supplier",
        "economy",
        "Mexico was the third-largest supplier of foreign crude oil to the United States",
        "3",
    )
    c["verdict"] = "not_in_data"
    _note(c, CRUDE_NOT_LOADED)
    return c


def _share_to_us(cur: duckdb.DuckDBPyConnection) -> Claim:
    c = _claim(
        "export_share",
        "economy",
        "About 80 percent of Mexico's exports in 2018 went to the United States",
        "about 80%",
    )
    c["verdict"] = "not_in_data"
    _note(c, EXPORT_SHARE)
    return c


def _fact(
    key: str, section: str, text: str, stated: str, metric: str, check: Callable[[str], bool]
) -> Callable[[duckdb.DuckDBPyConnection], Claim]:
    """A claim checked against the reference table: the row for the page's period, and the
    latest row of the same metric."""

    def build(cur: duckdb.DuckDBPyConnection) -> Claim:
        c = _claim(key, section, text, stated, page_year=None)
        if not _loaded(cur, c, BilateralFactsSource.name):
            return c
        rows = list_facts(cur, metric=metric).facts
        if not rows:
            c["verdict"] = "not_in_data"
            _note(c, NO_FACT, metric=metric)
            return c
        page = next((r for r in rows if "2019" in (r["period"] or "")), rows[0])
        last = rows[-1]
        c.update(
            page_year=page["period"],
            page_value=page["value"],
            latest_year=last["period"],
            latest_value=last["value"],
        )
        c["verdict"] = "confirmed" if check(page["value"] or "") else "differs"
        _note(c, PUBLISHED_FIGURE)
        c["provenance"]["service"] = f"puente.trade.facts.list_facts(metric={metric!r})"
        c["provenance"]["source"] = page["source"]
        return c

    build.__name__ = key
    return build


CLAIMS: tuple[Callable[[duckdb.DuckDBPyConnection], Claim], ...] = (
    _ports,
    _per_day,
    _per_day_trade,
    _fact(
        "citizens",
        "relations",
        "1.5 million U.S. citizens live in Mexico",
        "1.5 million",
        "U.S. citizens living in Mexico",
        lambda v: v.startswith("1.5 million"),
    ),
    _export_rank,
    _partner_rank,
    _two_way,
    _share_to_us,
    _crude,
    _energy_market,
    _fact(
        "border_population",
        "border",
        "The border region represents a combined population of approximately 15 million",
        "approximately 15 million",
        "Border-region population",
        lambda v: "14.9" in v or "15" in v,
    ),
)


def check_claims(cur: duckdb.DuckDBPyConnection) -> list[Claim]:
    """Every claim of the page, in page order, each checked against the data in force."""
    out = []
    for build in CLAIMS:
        try:
            out.append(build(cur))
        except (NotFound, InvalidInput) as exc:  # a dataset loaded without the year asked
            claim = _claim(build.__name__.lstrip("_"), "relations", "", "")
            claim["verdict"] = "not_in_data"
            _note(claim, NO_FIGURE, error=str(exc))
            out.append(claim)
    return out
