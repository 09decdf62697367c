"""Border wait times: the typical wait by port, crossing, lane, weekday and hour; the best and
worst hours to cross; and the distribution of observed waits.

Two kinds of figures, never mixed: CBP's historical averages (dataset `cbp-wait-averages`,
basis "cbp-averages") and waits observed every ~10 minutes by a third-party scraper (dataset
`observed-waits`, basis "observed"; median and 90th percentile). Hours are local time at the
port; weekdays are 0 = Monday … 6 = Sunday. Every answer carries the dataset versions it was
computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from puente.border.lanes import (
    LANE_LABELS,
    TYPE_LABELS,
    WEEKDAYS,
    check_lane,
    check_lane_type,
    check_month,
    parse_day,
)
from puente.border.ports import normalize_code
from puente.border.results import (
    BorderBestTime,
    BorderObserved,
    BorderPortWaits,
    BorderWaitPorts,
    TypicalWaits,
)
from puente.errors import NotFound
from puente.results import plain
from puente.store import catalog
from puente.store.memo import by_version

AVERAGES = "cbp-wait-averages"
OBSERVED = "observed-waits"
DATASETS = (AVERAGES, OBSERVED)
MIN_OBSERVATIONS = 5
"""An observed weekday-hour needs this many waits before it can be a best or worst hour."""


def _versions(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    found = {name: catalog.current_version(cur, name) for name in DATASETS}
    if all(v is None for v in found.values()):
        catalog.require_current(cur, AVERAGES)  # raises, saying how to load it
    return found


def _refs(found: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    return {name: (v.ref.as_dict() if v is not None else None) for name, v in found.items()}


def slot_label(weekday: int | None, hour: int) -> str:
    hours = f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"
    return hours if weekday is None else f"{WEEKDAYS[weekday]} {hours}"


@by_version(*DATASETS)
def wait_ports(cur: duckdb.DuckDBPyConnection) -> BorderWaitPorts:
    """Every crossing with wait times, its port and the lanes each dataset covers."""
    found = _versions(cur)
    parts = []
    if found[AVERAGES] is not None:
        parts.append(
            "SELECT port_code, port_name, crossing, lane, lane_type, 'cbp-averages' AS basis, "
            "NULL::TIMESTAMP AS first, NULL::TIMESTAMP AS last FROM wait_averages "
            "GROUP BY ALL HAVING count(minutes) > 0"
        )
    if found[OBSERVED] is not None:
        parts.append(
            "SELECT port_code, port_name, crossing, lane, lane_type, 'observed' AS basis, "
            "min(observed_at) AS first, max(observed_at) AS last FROM observed_waits "
            "WHERE lane IS NOT NULL GROUP BY ALL HAVING count(minutes) > 0"
        )
    rows = cur.execute(
        " UNION ALL ".join(parts) + " ORDER BY port_code, crossing, lane, lane_type, basis"
    ).fetchall()
    flat = [
        {
            "port_code": r[0],
            "port_name": r[1],
            "crossing": r[2],
            "lane": r[3],
            "lane_type": r[4],
            "basis": r[5],
            "observed_from": r[6].strftime("%Y-%m-%d") if r[6] else None,
            "observed_to": r[7].strftime("%Y-%m-%d") if r[7] else None,
        }
        for r in rows
    ]
    ports: dict[str, dict[str, Any]] = {}
    for row in flat:
        port = ports.setdefault(
            row["port_code"],
            {"port_code": row["port_code"], "port_name": row["port_name"], "crossings": []},
        )
        if row["crossing"] not in port["crossings"]:
            port["crossings"].append(row["crossing"])
        port.setdefault("bases", [])
        if row["basis"] not in port["bases"]:
            port["bases"].append(row["basis"])
    return BorderWaitPorts(ports=list(ports.values()), rows=flat, versions=_refs(found))


def _port(cur: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    wanted = normalize_code(code)
    index = wait_ports(cur)
    for port in index.ports:
        if port["port_code"] == wanted:
            lanes = [
                {k: r[k] for k in ("crossing", "lane", "lane_type", "basis")}
                for r in index.rows
                if r["port_code"] == wanted
            ]
            return {**port, "available": lanes}
    known = ", ".join(f"{p['port_code']} ({p['port_name']})" for p in index.ports)
    raise NotFound(f"no wait times for port {wanted}; wait times are loaded for: {known or 'none'}")


def _check_crossing(info: dict[str, Any], crossing: str | None) -> None:
    if crossing and crossing.strip().lower() not in (c.lower() for c in info["crossings"]):
        raise NotFound(
            f"port {info['port_code']} has no crossing {crossing!r} with wait times; "
            f"its crossings: {', '.join(info['crossings'])}"
        )


def _filters(
    port: str,
    lane: str,
    lane_type: str,
    weekday: int | None,
    month: int | None,
    crossing: str | None,
    month_sql: str,
) -> tuple[str, list[Any]]:
    where = ["port_code = ?", "lane = ?", "lane_type = ?"]
    params: list[Any] = [port, lane, lane_type]
    if weekday is not None:
        where.append("weekday = ?")
        params.append(weekday)
    if month is not None:
        where.append(f"{month_sql} = ?")
        params.append(month)
    if crossing:
        where.append("lower(crossing) = lower(?)")
        params.append(crossing.strip())
    return " AND ".join(where), params


@dataclass(frozen=True, slots=True)
class _Question:
    """One wait-time question, checked: the port, lane, lane type, weekday, month and
    crossing, and the dataset versions in force."""

    found: dict[str, Any]
    info: dict[str, Any]
    lane: str
    lane_type: str
    weekday: int | None
    month: int | None
    crossing: str | None

    def echo(self) -> dict[str, Any]:
        """The question as every answer repeats it."""
        return {
            "lane": self.lane,
            "lane_label": LANE_LABELS[self.lane],
            "lane_type": self.lane_type,
            "type_label": TYPE_LABELS[self.lane_type],
            "weekday": self.weekday,
            "day": WEEKDAYS[self.weekday] if self.weekday is not None else None,
            "month": self.month,
            "crossing": self.crossing,
        }

    def filters(self, month_sql: str) -> tuple[str, list[Any]]:
        return _filters(
            self.info["port_code"],
            self.lane,
            self.lane_type,
            self.weekday,
            self.month,
            self.crossing,
            month_sql,
        )


def _ask(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None,
    lane_type: str | None,
    day: str | None,
    month: int | None,
    crossing: str | None,
) -> _Question:
    found = _versions(cur)
    info = _port(cur, port)
    _check_crossing(info, crossing)
    return _Question(
        found,
        info,
        check_lane(lane),
        check_lane_type(lane_type),
        parse_day(day),
        check_month(month),
        crossing,
    )


@by_version(*DATASETS)
def typical_waits(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None = None,
    lane_type: str | None = None,
    day: str | None = None,
    month: int | None = None,
    crossing: str | None = None,
) -> TypicalWaits:
    """CBP's average wait for each crossing, weekday and hour (the mean over the months that
    have an average, or one month); `minutes` is None where the lane is closed."""
    q = _ask(cur, port, lane, lane_type, day, month, crossing)
    rows: list[dict[str, Any]] = []
    if q.found[AVERAGES] is not None:
        where, params = q.filters("month")
        result = cur.execute(
            f"SELECT crossing, weekday, hour, round(avg(minutes), 1), count(minutes) "
            f"FROM wait_averages WHERE {where} GROUP BY ALL ORDER BY crossing, weekday, hour",
            params,
        ).fetchall()
        rows = [
            {
                "crossing": c,
                "weekday": w,
                "day": WEEKDAYS[w],
                "hour": h,
                "minutes": float(m) if m is not None else None,
                "months": n,
            }
            for c, w, h, m, n in result
        ]
    return TypicalWaits(port=q.info, **q.echo(), rows=rows, version=_refs(q.found)[AVERAGES])


@by_version(*DATASETS)
def observed_waits(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None = None,
    lane_type: str | None = None,
    day: str | None = None,
    month: int | None = None,
    crossing: str | None = None,
) -> BorderObserved:
    """The observed waits (minutes) by crossing, weekday and hour, by hour and by weekday:
    how many, median and 90th percentile."""
    q = _ask(cur, port, lane, lane_type, day, month, crossing)
    out = BorderObserved(
        port=q.info,
        **q.echo(),
        rows=[],
        by_hour=[],
        by_weekday=[],
        observed_from=None,
        observed_to=None,
        version=_refs(q.found)[OBSERVED],
    )
    if q.found[OBSERVED] is None:
        return out
    where, params = q.filters("month(observed_at)")
    where += " AND minutes IS NOT NULL"
    stats = "count(*), median(minutes), quantile_cont(minutes, 0.9)"
    for key, keys in (("rows", "weekday, hour"), ("by_hour", "hour"), ("by_weekday", "weekday")):
        result = cur.execute(
            f"SELECT crossing, {keys}, {stats} FROM observed_waits WHERE {where} "
            f"GROUP BY crossing, {keys} ORDER BY crossing, {keys}",
            params,
        ).fetchall()
        setattr(out, key, [_observed_row(key, r) for r in result])
    span = cur.execute(
        f"SELECT min(observed_at), max(observed_at) FROM observed_waits WHERE {where}", params
    ).fetchone()
    if span and span[0]:
        out.observed_from = span[0].strftime("%Y-%m-%d")
        out.observed_to = span[1].strftime("%Y-%m-%d")
    return out


def _observed_row(kind: str, row: tuple[Any, ...]) -> dict[str, Any]:
    crossing, *keys, n, median, p90 = row
    out: dict[str, Any] = {"crossing": crossing}
    if kind in ("rows", "by_weekday"):
        out["weekday"] = keys[0]
        out["day"] = WEEKDAYS[keys[0]]
    if kind in ("rows", "by_hour"):
        out["hour"] = keys[-1]
    out |= {"observations": n, "median": float(median), "p90": round(float(p90), 1)}
    return out


def _rank(
    slots: list[dict[str, Any]], value: str, count: int, weekday: int | None
) -> dict[str, Any]:
    known = [s for s in slots if s[value] is not None]
    order = sorted(known, key=lambda s: (s[value], s["weekday"], s["hour"]))
    worst = sorted(known, key=lambda s: (-s[value], s["weekday"], s["hour"]))

    def pick(s: dict[str, Any]) -> dict[str, Any]:
        return {
            "weekday": s["weekday"],
            "day": WEEKDAYS[s["weekday"]],
            "hour": s["hour"],
            "label": slot_label(None if weekday is not None else s["weekday"], s["hour"]),
            "minutes": s[value],
        }

    return {
        "best": [pick(s) for s in order[:count]],
        "worst": [pick(s) for s in worst[:count]],
        "closed": [pick(s) for s in slots if s[value] is None],
        "slots": len(known),
    }


def _evidence(basis: str, observed: BorderObserved, typical: TypicalWaits) -> dict[str, Any]:
    """Which source, period and lane a best-time answer is from."""
    lane = {"lane": typical.lane, "lane_type": typical.lane_type}
    if basis == "observed":
        return {
            **lane,
            "source": "Bordify (third-party republication of CBP Border Wait Times)",
            "period": f"{observed.observed_from} – {observed.observed_to}",
            "period_end": observed.observed_to,
        }
    return {
        **lane,
        "source": "CBP Border Wait Times historical averages",
        "period": "reference period not stated by CBP",
        "period_end": None,
    }


def _reconcile(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per crossing: the answer to lead with (the most recent evidence) and whether the other
    source agrees (its best hour is among the lead's best hours, or the other way round)."""
    out: list[dict[str, Any]] = []
    for name in dict.fromkeys(a["crossing"] for a in answers):
        mine = [a for a in answers if a["crossing"] == name]
        lead, others = mine[0], mine[1:]
        entry: dict[str, Any] = {
            "crossing": name,
            "lead": lead["basis"],
            "best": lead["best"][0] if lead["best"] else None,
            "source": lead["source"],
            "period": lead["period"],
            "lane": lead["lane"],
            "lane_type": lead["lane_type"],
            "agrees": None,
        }
        if others and lead["best"] and others[0]["best"]:
            slots = {(b["weekday"], b["hour"]) for b in lead["best"]}
            theirs = {(b["weekday"], b["hour"]) for b in others[0]["best"]}
            entry["agrees"] = bool(slots & theirs)
            entry["other"] = {
                "basis": others[0]["basis"],
                "best": others[0]["best"][0],
                "source": others[0]["source"],
                "period": others[0]["period"],
            }
        out.append(entry)
    return out


@by_version(*DATASETS)
def best_time(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None = None,
    lane_type: str | None = None,
    day: str | None = None,
    month: int | None = None,
    crossing: str | None = None,
    count: int = 3,
) -> BorderBestTime:
    """For each crossing of the port: the hours with the shortest and the longest expected
    wait (on one weekday, or over the whole week), from CBP's averages and, separately, from
    the observed medians (weekday-hours with at least MIN_OBSERVATIONS waits)."""
    typical = typical_waits(cur, port, lane, lane_type, day, month, crossing)
    observed = observed_waits(cur, port, lane, lane_type, day, month, crossing)
    weekday = typical.weekday
    answers: list[dict[str, Any]] = []
    for basis, data, value in (
        ("cbp-averages", typical, "minutes"),
        ("observed", observed, "median"),
    ):
        rows = data.rows
        if basis == "observed":
            rows = [r for r in rows if r["observations"] >= MIN_OBSERVATIONS]
        for name in dict.fromkeys(r["crossing"] for r in rows):
            slots = [r for r in rows if r["crossing"] == name]
            ranked = _rank(slots, value, max(1, min(count, 24)), weekday)
            if ranked["slots"]:
                answers.append(
                    {
                        "crossing": name,
                        "basis": basis,
                        **ranked,
                        "version": plain(data.version),
                        **_evidence(basis, observed, typical),
                    }
                )
    # One answer per crossing, most recent evidence first: the observed waits (dated) lead,
    # CBP's historical averages (reference period not stated by CBP) follow.
    answers.sort(key=lambda a: (a["crossing"], a["basis"] != "observed"))
    return BorderBestTime(
        port=typical.port,
        **typical.question(),
        answers=answers,
        reconciled=_reconcile(answers),
        versions={AVERAGES: typical.version, OBSERVED: observed.version},
    )


def port_waits(
    cur: duckdb.DuckDBPyConnection,
    port: str,
    lane: str | None = None,
    lane_type: str | None = None,
    day: str | None = None,
    month: int | None = None,
    crossing: str | None = None,
) -> BorderPortWaits:
    """Everything the port's wait-times page shows (its JSON twin): the week's averages and
    observed waits by weekday and hour, and the best time to cross (on `day`, if given)."""
    typical = typical_waits(cur, port, lane, lane_type, None, month, crossing)
    observed = observed_waits(cur, port, lane, lane_type, None, month, crossing)
    best = best_time(cur, port, lane, lane_type, day, month, crossing)
    return BorderPortWaits(
        port=typical.port,
        **best.question(),
        averages=typical.rows,
        observed=observed.rows,
        observed_by_hour=observed.by_hour,
        observed_by_weekday=observed.by_weekday,
        observed_from=observed.observed_from,
        observed_to=observed.observed_to,
        best_time=best.answers,
        version=typical.version,
        versions=best.versions,
    )
