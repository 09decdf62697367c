"""CBP Border Wait Times historical averages (month x weekday x hour), in the two layouts
they are republished in:

- the CSV of the BWT historical-averages API for one crossing (`bwt_month, bwt_day, bwt_hour`
  and one `*_time_avg` column per lane type; San Ysidro, crossing 09250401, captured Jan 2021
  by deohs/coders). In this API a 0 means "no average": lanes that do not exist (San Ysidro
  has no commercial lanes: every cv/xcv value is 0) or were closed; real averages are never
  below 4 minutes in the file. `bwt_day` is 0 = Monday … 6 = Sunday.
- the workbook scraped from the bwt.cbp.gov "historical wait times" page (El Paso ports;
  Raulpal/Border-WaitTime-Web-Scrapping): Port, Lane, Sub-Lane, Month, Day, Time and one
  "<weekday> (min)" column per day, Sunday first; a blank cell is a closed lane (unknown,
  not zero); a row without a Time separates blocks.

Both land in one table, `wait_averages`, one row per crossing, lane, lane type, month,
weekday and hour; `minutes` is NULL where the lane has no average.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import openpyxl

from puente.border.lanes import BWT_FIELDS, Site, site_for
from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile, Source
from puente.ingest.tabular import Check, CsvFile, check_all, map_columns, stage_csv

_COLUMNS = (
    "port_code VARCHAR, port_name VARCHAR, crossing VARCHAR, label VARCHAR, "
    "bwt_port_number VARCHAR, lane VARCHAR, lane_type VARCHAR, month INTEGER, "
    "weekday INTEGER, hour INTEGER, minutes INTEGER, file VARCHAR, line INTEGER"
)
_NAMES = [part.split()[0] for part in _COLUMNS.split(", ")]
_API_KEYS = ("bwt_month", "bwt_day", "bwt_hour")
_LANES = {"commercial": "commercial", "passenger": "passenger", "pedestrian": "pedestrian"}
_SUB_LANES = {
    "general": "general",
    "ready": "ready",
    "nexus/sentri": "sentri",
    "sentri": "sentri",
    "fast": "fast",
}
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Workbook day columns, Sunday first as on the CBP page, to Puente weekdays (0 = Monday).
_DAY_COLUMNS = {
    "sunday_min": 6,
    "monday_min": 0,
    "tuesday_min": 1,
    "wednesday_min": 2,
    "thursday_min": 3,
    "friday_min": 4,
    "saturday_min": 5,
}
_SHEET_REQUIRED = ("port", "lane", "sub_lane", "month", "day", "time", *_DAY_COLUMNS)


def hour_of(label: str) -> int | None:
    """'Midnight' -> 0, '1:00 AM' -> 1, 'Noon' -> 12, '11:00 PM' -> 23; None if not a label."""
    text = label.strip().lower()
    if text == "midnight":
        return 0
    if text == "noon":
        return 12
    clock, _, half = text.partition(" ")
    hours, _, minutes = clock.partition(":")
    if half not in ("am", "pm") or minutes != "00" or not hours.isdigit():
        return None
    value = int(hours)
    if not 1 <= value <= 12:
        return None
    return value % 12 + (12 if half == "pm" else 0)


class CbpWaitAveragesSource(Source):
    name: ClassVar[str] = "cbp-wait-averages"
    title: ClassVar[str] = "Border wait times: CBP historical averages by month, weekday and hour"
    publisher: ClassVar[str] = (
        "U.S. Customs and Border Protection, Border Wait Times (bwt.cbp.gov), "
        "as republished on GitHub"
    )
    parser_version: ClassVar[str] = "1"
    official_source: ClassVar[str | None] = (
        "Third-party copies pinned to commits. Official: CBP Border Wait Times, "
        "https://bwt.cbp.gov/api/historicalwaittimes/{crossing}/{lane}/{type}/{month}/7"
    )
    # CBP serves these averages only as JSON per crossing, lane and month
    # (bwt.cbp.gov/api/historicalwaittimes/{crossing}/POV/GEN/{month}/7) or as a web page;
    # the files below are the published copies in the layouts this parser reads.
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="syR-hist.csv",
            mirror="wait_times/cbp_hist_avg_san_ysidro_syR-hist.csv",
            url="https://raw.githubusercontent.com/deohs/coders/"
            "e89b985fc25b34548c7e86490d30ac79373a9cb0/demos/data_import/border-wait-time/"
            "data/syR-hist.csv",
        ),
        FileSpec(
            name="elpaso_border_wait_times.xlsx",
            mirror="wait_times/cbp_hist_avg_el_paso.xlsx",
            url="https://raw.githubusercontent.com/Raulpal/Border-WaitTime-Web-Scrapping/"
            "911a2d4917f6634ac2010e6451de8be27e8dcfd2/Border/elpaso_border_wait_times.xlsx",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("wait_averages",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        target = ctx.table("wait_averages")
        cur.execute(f"CREATE TABLE {target} ({_COLUMNS})")
        per_file: dict[str, int] = {}
        for raw in ctx.files:
            ctx.progress(f"reading {raw.path.name}")
            if _is_workbook(raw.path):
                rows = _read_workbook(raw)
                per_file[raw.spec.name] = _insert_rows(cur, target, rows, ctx.workdir)
            else:
                per_file[raw.spec.name] = _load_api_csv(cur, target, raw, ctx.workdir)
        stats = cur.execute(
            f"SELECT count(*), count(minutes), count(DISTINCT crossing), "
            f"count(DISTINCT (crossing, lane, lane_type)) FROM {target}"
        ).fetchone()
        total, known, crossings, lanes = stats if stats else (0, 0, 0, 0)
        return LoadResult(
            rows=total,
            stats={
                "rows_by_file": per_file,
                "cells_with_average": known,
                "cells_closed_or_no_average": total - known,
                "crossings": crossings,
                "crossing_lane_types": lanes,
            },
        )


def _is_workbook(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _load_api_csv(cur: duckdb.DuckDBPyConnection, target: str, raw: RawFile, workdir: Path) -> int:
    """The API's flat CSV for one crossing; which crossing comes from the file's spec (the
    CSV has no crossing column): San Ysidro."""
    source = CsvFile.open(raw, workdir)
    label = source.label
    fields = tuple(BWT_FIELDS)
    columns = map_columns(source.header(), _API_KEYS, fields, label)
    lane_columns = [f for f in fields if f in columns]
    if not lane_columns:
        raise SourceError(
            f"no wait-time column; expected one or more of {', '.join(fields)}", file=label, line=1
        )
    stage_csv(cur, source, columns)
    checks = [
        Check("bwt_month", "NOT regexp_full_match(trim(bwt_month), '(1[0-2]|[1-9])')", "1 to 12"),
        Check("bwt_day", "NOT regexp_full_match(trim(bwt_day), '[0-6]')", "0 to 6 (0 = Monday)"),
        Check("bwt_hour", "NOT regexp_full_match(trim(bwt_hour), '(1[0-9]|2[0-3]|[0-9])')", "0-23"),
    ]
    checks += [
        Check(col, f"NOT regexp_full_match(trim({col}), '[0-9]+')", "whole minutes (0 or more)")
        for col in lane_columns
    ]
    check_all(cur, label, checks, columns)
    duplicate = cur.execute(
        "SELECT max(line), bwt_month, bwt_day, bwt_hour FROM _stage "
        "GROUP BY bwt_month, bwt_day, bwt_hour HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    if duplicate:
        raise SourceError(
            f"month {duplicate[1]}, day {duplicate[2]}, hour {duplicate[3]} appears twice; "
            "expected one row per month, day and hour",
            file=label,
            line=int(duplicate[0]),
        )
    site = site_for("San Ysidro")
    assert site is not None
    selects = []
    for col in lane_columns:
        lane, lane_type = BWT_FIELDS[col]
        selects.append(
            f"SELECT ?, ?, ?, ?, ?, '{lane}', '{lane_type}', CAST(bwt_month AS INTEGER), "
            f"CAST(bwt_day AS INTEGER), CAST(bwt_hour AS INTEGER), "
            f"nullif(CAST(trim({col}) AS INTEGER), 0), ?, line FROM _stage"
        )
    params: list[Any] = []
    for _ in selects:
        params += [*_site_values(site), label]
    cur.execute(f"INSERT INTO {target} {' UNION ALL '.join(selects)}", params)
    row = cur.execute("SELECT count(*) FROM _stage").fetchone()
    cur.execute("DROP TABLE _stage")
    return len(selects) * (int(row[0]) if row else 0)


def _site_values(site: Site) -> list[str]:
    return [site.port_code, site.port_name, site.crossing, site.label, site.bwt_port_number]


def _cell_minutes(value: object, label: str, line: int, column: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        number: float | None = None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        number = float(text) if text.replace(".", "", 1).isdigit() else None
    if number is None or number < 0 or number != int(number):
        raise SourceError(
            f"{value!r} is not valid; expected whole minutes (0 or more) or a blank cell "
            "(lane closed)",
            file=label,
            line=line,
            column=column,
        )
    return int(number)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_workbook(raw: RawFile) -> list[list[Any]]:
    label = raw.label
    try:
        book = openpyxl.load_workbook(raw.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(
            f"not a readable .xlsx workbook ({exc}); expected the workbook as published",
            file=label,
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows, None)
        if header is None:
            raise SourceError("the sheet is empty; expected a header row", file=label)
        names = [_text(h) for h in header]
        columns = map_columns(names, _SHEET_REQUIRED, (), label)
        index = {canon: names.index(shown) for canon, shown in columns.items()}
        out: list[list[Any]] = []
        seen: dict[tuple[str, ...], int] = {}
        for line, row in enumerate(rows, start=2):
            cells = list(row) + [None] * (len(names) - len(row))
            out += _sheet_row(cells, index, columns, label, line, seen)
    finally:
        # The row generator holds the sheet's zip member open; close it before the book so
        # the file is released even when a bad row stops the read.
        rows.close()
        book.close()
    if not out:
        raise SourceError("the sheet has a header but no data rows", file=label)
    return out


def _sheet_row(
    cells: list[Any],
    index: dict[str, int],
    columns: dict[str, str],
    label: str,
    line: int,
    seen: dict[tuple[str, ...], int],
) -> list[list[Any]]:
    def get(name: str) -> object:
        return cells[index[name]]

    days = {name: get(name) for name in _DAY_COLUMNS}
    if not _text(get("time")):
        if all(_text(v) == "" for v in days.values()):
            return []  # a separator row between blocks
        raise SourceError(
            "minutes without a time; expected a time such as Midnight or 1:00 AM",
            file=label,
            line=line,
            column=columns["time"],
        )

    def fail(name: str, expected: str) -> SourceError:
        return SourceError(
            f"{get(name)!r} is not valid; expected {expected}",
            file=label,
            line=line,
            column=columns[name],
        )

    site = site_for(_text(get("port")))
    if site is None:
        raise fail("port", "a crossing Puente knows, such as El Paso - Ysleta (see border/lanes)")
    lane = _LANES.get(_text(get("lane")).lower())
    if lane is None:
        raise fail("lane", "Commercial, Passenger or Pedestrian")
    lane_type = _SUB_LANES.get(_text(get("sub_lane")).lower())
    if lane_type is None:
        raise fail("sub_lane", "General, Ready, Nexus/Sentri or FAST")
    month_name = _text(get("month")).lower()
    if month_name not in _MONTHS:
        raise fail("month", "an English month name such as January")
    if _text(get("day")).lower() != "all":
        raise fail("day", "All (one column per weekday)")
    hour = hour_of(_text(get("time")))
    if hour is None:
        raise fail("time", "Midnight, Noon or an hour such as 1:00 AM")
    key = (site.label, lane, lane_type, month_name, str(hour))
    if key in seen:
        raise SourceError(
            f"this port, lane, sub-lane, month and time already appear on line {seen[key]}; "
            "expected one row each",
            file=label,
            line=line,
        )
    seen[key] = line
    month = _MONTHS.index(month_name) + 1
    return [
        [
            *_site_values(site),
            lane,
            lane_type,
            month,
            weekday,
            hour,
            _cell_minutes(days[name], label, line, columns[name]),
            label,
            line,
        ]
        for name, weekday in _DAY_COLUMNS.items()
    ]


def _insert_rows(
    cur: duckdb.DuckDBPyConnection, target: str, rows: list[list[Any]], workdir: Path
) -> int:
    """Bulk insert through a CSV in the load's scratch folder (far faster than executemany)."""
    path = workdir / f"{target}.rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_NAMES)
        writer.writerows(rows)
    types = ", ".join(f"'{n}': '{t}'" for n, t in (p.split() for p in _COLUMNS.split(", ")))
    cur.execute(
        f"INSERT INTO {target} SELECT * FROM read_csv(?, header = true, "
        f"columns = {{{types}}}, auto_detect = false)",
        [str(path)],
    )
    return len(rows)
