"""Observed northbound waits at the Tijuana, Mexicali and Tecate crossings, as scraped every
~10 minutes from Bordify (a third-party site republishing CBP Border Wait Times) and kept in
the git history of Brian-MadMath/border-wait-times; flattened to one CSV row per snapshot,
crossing, mode and lane type.

The labels are Spanish and name the Mexican side ("Garita Otay Mesa"); the lane types
(SENTRI, Ready Lane) show these are waits to enter the U.S. `wait_raw` is as shown
("1:04 horas", "24 minutos", "Sin demora", "En espera...", blank) and `wait_minutes` the
publisher's parse of it, which the loader checks. Not official CBP data.
"""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.border.lanes import SITES, normalize_label
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.tabular import Check, CsvFile, check_all, map_columns, stage_csv

_REQUIRED = (
    "observed_at_local",
    "city",
    "crossing",
    "mode",
    "lane_type",
    "wait_raw",
    "wait_minutes",
)
_OPTIONAL = ("commit_time_utc", "lanes_open_raw", "lanes_open", "color", "commit")
_TIMESTAMP_SQL = (
    "coalesce(try_strptime(trim(observed_at_local), '%Y-%m-%d %H:%M:%S'), "
    "try_strptime(trim(observed_at_local), '%Y-%m-%d %H:%M'))"
)
# What `wait_raw` says in minutes: "24 minutos", "1 minuto", "1:04 horas", "1:00 hora",
# "Sin demora" (no delay); NULL for blank and "En espera..." (awaiting an update).
_RAW_MINUTES_SQL = """CASE
    WHEN regexp_full_match(trim(wait_raw), '[0-9]+ minutos?')
        THEN CAST(regexp_extract(trim(wait_raw), '^([0-9]+)', 1) AS INTEGER)
    WHEN regexp_full_match(trim(wait_raw), '[0-9]+:[0-5][0-9] horas?')
        THEN CAST(regexp_extract(trim(wait_raw), '^([0-9]+)', 1) AS INTEGER) * 60
           + CAST(regexp_extract(trim(wait_raw), ':([0-9]{2})', 1) AS INTEGER)
    WHEN lower(trim(wait_raw)) = 'sin demora' THEN 0
END"""
_KNOWN_RAW_SQL = (
    f"(coalesce(trim(wait_raw), '') IN ('', 'En espera...') OR ({_RAW_MINUTES_SQL}) IS NOT NULL)"
)
_MODES = {"vehicular": "passenger", "peatonal": "pedestrian"}
_LANE_TYPES = {"General": "general", "Sentri": "sentri", "ReadyLane": "ready"}


class ObservedWaitsSource(Source):
    name: ClassVar[str] = "observed-waits"
    title: ClassVar[str] = (
        "Border wait times observed every ~10 minutes (Tijuana, Mexicali, Tecate)"
    )
    publisher: ClassVar[str] = (
        "Bordify (third-party republication of CBP Border Wait Times), "
        "scraped by Brian-MadMath/border-wait-times"
    )
    parser_version: ClassVar[str] = "1"
    official_source: ClassVar[str | None] = (
        "Third-party. Official live waits: CBP Border Wait Times, https://bwt.cbp.gov/api/bwtnew "
        "(recorded by `puente waits poll`)"
    )
    # The flat CSV is derived from the git history of the scraper's JSON files; there is no
    # published URL for it, so this dataset loads from the mirror (or --from) only.
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="bordify_scrape_tijuana_mexicali_tecate_2025-2026.csv.gz",
            mirror="wait_times/bordify_scrape_tijuana_mexicali_tecate_2025-2026.csv.gz",
            url="no public URL: derived from the git history of "
            "github.com/Brian-MadMath/border-wait-times; load it from PUENTE_MIRROR or --from",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("observed_waits",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        source = CsvFile.open(ctx.files[0], ctx.workdir)
        label = source.label
        columns = map_columns(source.header(), _REQUIRED, _OPTIONAL, label)
        ctx.progress("reading")
        staged = stage_csv(cur, source, columns)
        ctx.progress("validating")
        _stage_sites(cur)
        check_all(cur, label, _checks(columns), columns)
        ctx.progress("writing")
        target = ctx.table("observed_waits")
        lanes_open = (
            "try_cast(nullif(trim(s.lanes_open), '') AS INTEGER)"
            if "lanes_open" in columns
            else "NULL::INTEGER"
        )
        commit = "s.commit" if "commit" in columns else "NULL::VARCHAR"
        modes = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _MODES.items())
        types = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _LANE_TYPES.items())
        cur.execute(
            f"""
            CREATE TABLE {target} AS
            SELECT {_TIMESTAMP_SQL} AS observed_at,
                   (isodow({_TIMESTAMP_SQL}) - 1)::INTEGER AS weekday,
                   hour({_TIMESTAMP_SQL})::INTEGER AS hour,
                   trim(s.city) AS city,
                   trim(s.crossing) AS label,
                   w.crossing, w.port_code, w.port_name, w.bwt_port_number,
                   CASE trim(s.mode) {modes} END AS lane,
                   CASE trim(s.lane_type) {types} END AS lane_type,
                   s.wait_raw,
                   CAST(nullif(trim(s.wait_minutes), '') AS INTEGER) AS minutes,
                   {lanes_open} AS lanes_open,
                   {commit} AS commit,
                   s.line
            FROM _stage s JOIN _wait_sites w ON w.label = lower(regexp_replace(
                trim(s.crossing), '\\s+', ' ', 'g'))
            ORDER BY s.line
            """
        )
        cur.execute("DROP TABLE _stage")
        cur.execute("DROP TABLE _wait_sites")
        row = cur.execute(
            f"SELECT count(*), count(minutes), count(*) FILTER (WHERE lane IS NULL), "
            f"min(observed_at), max(observed_at), count(DISTINCT crossing) FROM {target}"
        ).fetchone()
        stored, waits, no_mode, first, last, crossings = row if row else (0, 0, 0, None, None, 0)
        return LoadResult(
            rows=stored,
            coverage_start=first.strftime("%Y-%m-%d") if first else None,
            coverage_end=last.strftime("%Y-%m-%d") if last else None,
            stats={
                "rows_read": staged,
                "rows_with_wait": waits,
                "rows_without_wait": stored - waits,
                "rows_without_mode": no_mode,
                "crossings": crossings,
                "note": "third-party republication of CBP BWT; times are Tijuana local time",
            },
        )


def _stage_sites(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE _wait_sites (label VARCHAR, crossing VARCHAR, "
        "port_code VARCHAR, port_name VARCHAR, bwt_port_number VARCHAR)"
    )
    cur.executemany(
        "INSERT INTO _wait_sites VALUES (?, ?, ?, ?, ?)",
        [
            [
                normalize_label(s.label).lower(),
                s.crossing,
                s.port_code,
                s.port_name,
                s.bwt_port_number,
            ]
            for s in SITES
            if s.label.startswith("Garita ")
        ],
    )


def _checks(columns: dict[str, str]) -> list[Check]:
    known = ", ".join(
        f"'{normalize_label(s.label)}'" for s in SITES if s.label.startswith("Garita")
    )
    checks = [
        Check(col, f"coalesce(trim({col}), '') = ''", "a non-empty value")
        for col in ("observed_at_local", "city", "crossing", "lane_type")
    ]
    checks += [
        Check(
            "observed_at_local",
            f"{_TIMESTAMP_SQL} IS NULL",
            "a local time such as 2025-03-14 16:23 or 2025-03-13 14:55:17",
        ),
        Check(
            "crossing",
            "lower(regexp_replace(trim(crossing), '\\s+', ' ', 'g')) NOT IN "
            "(SELECT label FROM _wait_sites)",
            f"one of the crossings Puente maps to a port ({known})",
        ),
        Check(
            "mode",
            "coalesce(trim(mode), '') NOT IN ('', 'vehicular', 'peatonal')",
            "vehicular, peatonal or an empty cell",
        ),
        Check(
            "lane_type",
            "trim(lane_type) NOT IN ('General', 'Sentri', 'ReadyLane')",
            ("General, Sentri or ReadyLane"),
        ),
        Check(
            "wait_raw",
            f"NOT {_KNOWN_RAW_SQL}",
            'a wait such as "24 minutos", "1:04 horas", "Sin demora", "En espera..." or blank',
        ),
        Check(
            "wait_minutes",
            "coalesce(trim(wait_minutes), '') <> '' AND "
            "NOT regexp_full_match(trim(wait_minutes), '[0-9]+')",
            "whole minutes (0 or more) or an empty cell",
        ),
        Check(
            "wait_minutes",
            f"try_cast(nullif(trim(wait_minutes), '') AS INTEGER) IS DISTINCT FROM "
            f"({_RAW_MINUTES_SQL})",
            "the minutes that wait_raw says (e.g. 64 for 1:04 horas; empty when there is no wait)",
        ),
    ]
    if "lanes_open" in columns:
        checks.append(
            Check(
                "lanes_open",
                "coalesce(trim(lanes_open), '') <> '' AND "
                "NOT regexp_full_match(trim(lanes_open), '[0-9]+')",
                "a whole number of open lanes or an empty cell",
            )
        )
    return checks
