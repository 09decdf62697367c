"""The relations page regenerated from the data: the page's paragraphs with today's figures,
and the claim table behind them (`puente.relations.claims`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb

from puente.relations.claims import PAGE_URL, PAGE_YEAR, Claim, check_claims


def _billions(usd: float | None) -> str:
    return "an unknown amount" if usd is None else f"${usd / 1e9:,.1f} billion"


def _ordinal(n: Any) -> str:
    if not isinstance(n, int):
        return "an unknown"
    if n == 1:
        return "largest"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}-largest"


def _figures(claims: dict[str, Claim]) -> dict[str, Any]:
    """The latest figure of each claim, for the regenerated text (None when not loaded)."""

    figures: dict[str, Any] = {}
    for key, c in claims.items():
        figures[key] = {"value": c.get("latest_value"), "year": c.get("latest_year")}
        if c.get("latest_ranks") is not None:
            figures[key]["ranks"] = c["latest_ranks"]
    return figures


def _paragraphs(f: dict[str, Any]) -> list[str]:
    """The page's text, each figure replaced by the latest the data gives."""
    out = []
    ports, per_day = f.get("ports", {}), f.get("crossings_per_day", {})
    if ports.get("value") is not None and per_day.get("value") is not None:
        # What BTS counts is port codes that reported crossings, not State's "active ports of
        # entry" (a port code can cover several crossings): the sentence says which.
        out.append(
            f"U.S. relations with Mexico are strong and vital. The two countries share a "
            f"2,000-mile border; {ports['value']} BTS port codes reported northbound crossings "
            f"in {ports['year']}, and {per_day['value']:,} people crossed northbound a day in "
            f"{per_day['year']}."
        )
    trade, exports, partner = (
        f.get("trade_per_day", {}),
        f.get("export_rank", {}),
        f.get("partner_rank", {}),
    )
    if exports.get("value") is not None:
        out.append(
            f"Mexico is the United States' {_ordinal(exports['value'])} export market and "
            f"{_ordinal(partner.get('value'))} trading partner in goods in {exports['year']}, "
            f"with {_billions(trade.get('value'))} of two-way goods trade a day."
        )
    two_way, energy = f.get("two_way_trade", {}), f.get("energy_market", {})
    if two_way.get("value") is not None:
        text = (
            f"In {two_way['year']}, two-way trade in goods totaled {_billions(two_way['value'])}."
        )
        if energy.get("ranks") is not None:
            text += (
                f" In {energy['year']}, Mexico was the "
                f"{_ordinal(energy['ranks']['petroleum_products'])} export market for U.S. "
                f"refined petroleum products and the {_ordinal(energy['ranks']['natural_gas'])} "
                "for U.S. natural gas."
            )
        out.append(text)
    return out


def relations_page(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The claims with their verdicts and provenance, the regenerated text, and a count of
    verdicts."""
    claims = check_claims(cur)
    by_key = {c["key"]: c for c in claims}
    datasets = {
        (d["dataset"], d["version"]): d for c in claims for d in c["provenance"]["datasets"]
    }
    return {
        "page": {"title": "U.S. Relations With Mexico", "url": PAGE_URL, "year": PAGE_YEAR},
        "paragraphs": _paragraphs(_figures(by_key)),
        "figures": _figures(by_key),
        "verdicts": dict(Counter(c["verdict"] for c in claims)),
        "claims": claims,
        "rows": [_row(c) for c in claims],
        "datasets": list(datasets.values()),
    }


def _row(c: Claim) -> dict[str, Any]:
    """One flat row per claim (the CSV form)."""
    datasets = c["provenance"]["datasets"]
    return {
        "key": c["key"],
        "claim": c["text"],
        "stated": c["stated"],
        "page_year": c["page_year"],
        "page_value": c["page_value"],
        "latest_year": c["latest_year"],
        "latest_value": c["latest_value"],
        "verdict": c["verdict"],
        "note": c["note"],
        "datasets": "; ".join(f"{d['dataset']} v{d['version']}" for d in datasets),
        "service": c["provenance"]["service"],
        "source": c["provenance"]["source"],
    }
