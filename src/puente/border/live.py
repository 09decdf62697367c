"""Live border waits: recording CBP Border Wait Times snapshots and answering "how long is the
line now", per crossing, lane and lane type, with the age of each figure.

CBP publishes the live wait but never keeps it. Each poll stores what changed since the last
one (a lane's figure is stored again only when its status, delay, open lanes or update time
changed), so the store builds the series CBP does not keep. Crossings are tied to the ports
registry by CBP port number (`bwt_port_number` in border/data/port_crossings.csv); RSS items,
which name a crossing but not its number, are matched by the registry's crossing name.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from puente.border.feeds import Reading, Snapshot, parse_feed
from puente.border.lanes import LANE_LABELS, TYPE_LABELS
from puente.border.ports import normalize_code
from puente.errors import NotFound
from puente.ingest.fetch import package_path
from puente.logs import get_logger
from puente.store import Store

log = get_logger(__name__)

REGISTRY_URL = "package:puente.border/data/port_crossings.csv"
# Where the official live feed is published (all ports, JSON, same schema as bwtnew).
FEED_URL = "https://bwt.cbp.gov/api/bwtnew"
# A figure older than this is shown as stale: CBP updates each port about hourly.
STALE_MINUTES = 120


@dataclass(frozen=True, slots=True)
class RegistryCrossing:
    port_number: str
    port_code: str
    crossing: str


@cache
def registry_crossings() -> tuple[RegistryCrossing, ...]:
    """Every crossing of the ports registry that has a CBP BWT port number."""
    with package_path(REGISTRY_URL).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: dict[str, RegistryCrossing] = {}
    for row in rows:
        number = (row.get("bwt_port_number") or "").strip()
        if number and number not in seen:
            seen[number] = RegistryCrossing(
                number, (row.get("bts_port_code") or "").strip().zfill(4), row["crossing"].strip()
            )
    return tuple(seen.values())


def rss_port_numbers() -> dict[str, str]:
    """RSS item titles ("Brownsville - B&M") -> CBP port number."""
    return {c.crossing: c.port_number for c in registry_crossings()}


def parse_snapshot(data: bytes, label: str, published_at: datetime | None = None) -> Snapshot:
    return parse_feed(data, label, rss_port_numbers(), published_at)


@dataclass(frozen=True, slots=True)
class PollResult:
    source: str
    format: str
    published_at: datetime | None
    fetched_at: datetime
    readings: int
    stored: int
    unmapped: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "fetched_at": self.fetched_at.isoformat(),
            "readings": self.readings,
            "stored": self.stored,
            "unmapped": self.unmapped,
        }


_INSERT_COLUMNS = (
    "fetched_at, published_at, source, feed_format, sha256, port_number, port_code, "
    "crossing, lane, lane_type, status, delay_minutes, lanes_open, maximum_lanes, "
    "update_label, updated_at, notice"
)


def record_snapshot(
    store: Store,
    snapshot: Snapshot,
    source: str,
    data: bytes,
    fetched_at: datetime | None = None,
) -> PollResult:
    """Store the Mexican-border readings of one snapshot that differ from the last stored
    figure of their lane; all in one transaction."""
    fetched = fetched_at or datetime.now(UTC)
    sha = hashlib.sha256(data).hexdigest()
    known = {c.port_number: c for c in registry_crossings()}
    rows: list[list[Any]] = []
    unmapped: set[str] = set()
    for r in snapshot.readings:
        crossing = known.get(r.port_number)
        if crossing is None:
            if r.border.startswith("Mex") or not r.port_number:
                unmapped.add(f"{r.port_name} - {r.crossing_name}".strip(" -"))
            continue
        rows.append(_row(r, crossing, snapshot, source, sha, fetched))
    with store.write() as cur:
        before = _count(cur)
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE _live AS "
            f"SELECT {_INSERT_COLUMNS} FROM live_waits LIMIT 0"
        )
        if rows:
            cur.executemany(f"INSERT INTO _live VALUES ({', '.join('?' * 17)})", rows)
        cur.execute(
            f"""
            INSERT INTO live_waits ({_INSERT_COLUMNS})
            SELECT n.* FROM _live n
            LEFT JOIN (
                SELECT * FROM live_waits QUALIFY row_number() OVER (
                    PARTITION BY port_number, lane, lane_type ORDER BY fetched_at DESC) = 1
            ) o USING (port_number, lane, lane_type)
            WHERE o.port_number IS NULL
               OR o.status IS DISTINCT FROM n.status
               OR o.delay_minutes IS DISTINCT FROM n.delay_minutes
               OR o.lanes_open IS DISTINCT FROM n.lanes_open
               OR o.updated_at IS DISTINCT FROM n.updated_at
            """
        )
        cur.execute("DROP TABLE _live")
        stored = _count(cur) - before
    store.data_changed()
    log.info("waits.poll", source=source, readings=len(rows), stored=stored)
    return PollResult(
        source, snapshot.format, snapshot.published_at, fetched, len(rows), stored, sorted(unmapped)
    )


def _count(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.execute("SELECT count(*) FROM live_waits").fetchone()
    return int(row[0]) if row else 0


def _row(
    r: Reading,
    crossing: RegistryCrossing,
    snapshot: Snapshot,
    source: str,
    sha: str,
    fetched: datetime,
) -> list[Any]:
    return [
        fetched,
        snapshot.published_at,
        source,
        snapshot.format,
        sha,
        r.port_number,
        crossing.port_code,
        crossing.crossing,
        r.lane,
        r.lane_type,
        r.status,
        r.delay_minutes,
        r.lanes_open,
        r.maximum_lanes,
        r.update_label,
        r.updated_at,
        r.notice,
    ]


def _age_minutes(moment: datetime | None, now: datetime) -> int | None:
    if moment is None:
        return None
    return max(0, int((now - moment).total_seconds() // 60))


def current_waits(
    cur: duckdb.DuckDBPyConnection, port: str, now: datetime | None = None
) -> dict[str, Any]:
    """The latest recorded figure of every crossing, lane and lane type of a port."""
    code = normalize_code(port)
    moment = now or datetime.now(UTC)
    crossings = [c for c in registry_crossings() if c.port_code == code]
    if not crossings:
        raise NotFound(f"port {code} has no crossing in the CBP Border Wait Times feed")
    rows = cur.execute(
        """
        SELECT crossing, port_number, lane, lane_type, status, delay_minutes, lanes_open,
               maximum_lanes, update_label, updated_at, fetched_at, published_at, source, notice
        FROM live_waits WHERE port_code = ?
        QUALIFY row_number() OVER (
            PARTITION BY port_number, lane, lane_type ORDER BY fetched_at DESC) = 1
        ORDER BY crossing, lane, lane_type
        """,
        [code],
    ).fetchall()
    figures = []
    for row in rows:
        updated = row[9]
        age = _age_minutes(updated, moment)
        figures.append(
            {
                "crossing": row[0],
                "port_number": row[1],
                "lane": row[2],
                "lane_label": LANE_LABELS[row[2]],
                "lane_type": row[3],
                "type_label": TYPE_LABELS[row[3]],
                "status": row[4],
                "delay_minutes": row[5],
                "lanes_open": row[6],
                "maximum_lanes": row[7],
                "update_label": row[8],
                "updated_at": updated.isoformat() if updated else None,
                "age_minutes": age,
                "stale": age is not None and age > STALE_MINUTES,
                "fetched_at": row[10].isoformat(),
                "fetched_age_minutes": _age_minutes(row[10], moment),
                "published_at": row[11].isoformat() if row[11] else None,
                "source": row[12],
                "notice": row[13],
            }
        )
    return {
        "port_code": code,
        "crossings": [c.crossing for c in crossings],
        "as_of": moment.isoformat(),
        "stale_after_minutes": STALE_MINUTES,
        "publisher": "U.S. Customs and Border Protection, Border Wait Times",
        "feed_url": FEED_URL,
        "rows": figures,
    }


def poll_feed(
    store: Store,
    location: str,
    timeout: float = 30.0,
    allow_private: bool | None = None,
    mirror: Path | None = None,
) -> PollResult:
    """Fetch the live feed once (a URL, through ingest.fetch and its public-address check, or
    a saved file) and record it. A failed fetch or an unreadable feed raises SourceError and
    stores nothing. A saved file is named by its path under `mirror` (else its file name),
    never by a path of the server's disk."""
    import tempfile

    from puente.ingest import guard
    from puente.ingest.fetch import download_conditional
    from puente.ingest.provenance import public_path

    fetched = datetime.now(UTC)
    if "://" in location:
        guard.check_url(location)
        with tempfile.TemporaryDirectory(prefix="puente-waits-") as tmp:
            got = download_conditional(
                location, Path(tmp) / "feed", timeout, allow_private=allow_private
            )
            data = got.path.read_bytes() if got.path else b""
        label = location
    else:
        path = Path(location)
        guard.check_local_file(path, location)
        if not path.is_file():
            from puente.errors import SourceError

            raise SourceError("no such file", file=location)
        data = path.read_bytes()
        label = public_path(path, mirror)
    snapshot = parse_snapshot(data, label)
    return record_snapshot(store, snapshot, label, data, fetched)
