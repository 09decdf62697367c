"""BTS Border Crossing Entry Data (Socrata dataset keg4-3bc2), as published."""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.fetch import check_utf8, decompressed
from puente.ingest.reference import ReferenceCsvSource
from puente.ingest.tabular import check_rows, map_columns, read_header, stage_csv

MEASURES: tuple[str, ...] = (
    "Bus Passengers",
    "Buses",
    "Pedestrians",
    "Personal Vehicle Passengers",
    "Personal Vehicles",
    "Rail Containers Empty",
    "Rail Containers Loaded",
    "Train Passengers",
    "Trains",
    "Truck Containers Empty",
    "Truck Containers Loaded",
    "Trucks",
)
PEOPLE_MEASURES: tuple[str, ...] = (
    "Personal Vehicle Passengers",
    "Bus Passengers",
    "Pedestrians",
    "Train Passengers",
)
BORDERS: tuple[str, ...] = ("US-Mexico Border", "US-Canada Border")

_REQUIRED = ("port_name", "state", "port_code", "border", "date", "measure", "value")
_OPTIONAL = ("latitude", "longitude", "point", "location")

# The date styles BTS has published: "Jan 2024", "01/01/2024 12:00:00 AM", and the ISO
# timestamps of the Socrata API.
_PERIOD_SQL = (
    "date_trunc('month', coalesce("
    "try_strptime(trim(date), '%b %Y'), "
    "try_strptime(trim(date), '%m/%d/%Y %I:%M:%S %p'), "
    "try_strptime(trim(date), '%Y-%m-%dT%H:%M:%S.%g'), "
    "try_strptime(trim(date), '%Y-%m-%dT%H:%M:%S'), "
    "try_strptime(trim(date), '%Y-%m-%d')))::DATE"
)
_WKT_NUMBER = r"POINT \(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)"


class BorderCrossingsSource(Source):
    name: ClassVar[str] = "border-crossings"
    title: ClassVar[str] = "Border Crossing Entry Data"
    publisher: ClassVar[str] = "U.S. DOT Bureau of Transportation Statistics (data from CBP)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="Border_Crossing_Entry_Data.csv",
            mirror="border_crossings/bts_border_crossing_entry/Border_Crossing_Entry_Data.csv.gz",
            url="https://data.bts.gov/api/views/keg4-3bc2/rows.csv?accessType=DOWNLOAD",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("border_crossings",)

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        raw = ctx.files[0]
        label = raw.label
        progress = ctx.progress
        plain = decompressed(raw, ctx.workdir)
        if plain.stat().st_size == 0:
            raise SourceError("the file is empty; expected a header row and data rows", file=label)
        progress("checking encoding")
        check_utf8(plain, label)
        header = read_header(plain, label)
        columns = map_columns(header, _REQUIRED, _OPTIONAL, label)
        progress("reading")
        staged = stage_csv(cur, plain, label, columns)
        progress("validating")
        _validate(cur, label, columns)
        progress("writing")
        target = ctx.table("border_crossings")
        lat, lon = _coordinate_sql(columns)
        cur.execute(
            f"""
            CREATE TABLE {target} AS
            SELECT DISTINCT
                CASE WHEN regexp_full_match(trim(port_code), '[0-9]{{1,4}}')
                     THEN lpad(trim(port_code), 4, '0') ELSE trim(port_code) END AS port_code,
                trim(port_name) AS port_name,
                trim(state) AS state,
                trim(border) AS border,
                {_PERIOD_SQL} AS period,
                trim(measure) AS measure,
                CAST(trim(value) AS BIGINT) AS value,
                {lat} AS latitude,
                {lon} AS longitude
            FROM _stage
            """
        )
        stored_row = cur.execute(f"SELECT count(*) FROM {target}").fetchone()
        stored = int(stored_row[0]) if stored_row else 0
        distinct_row = cur.execute(
            "SELECT count(*) FROM (SELECT DISTINCT * EXCLUDE (line) FROM _stage)"
        ).fetchone()
        distinct_raw = int(distinct_row[0]) if distinct_row else 0
        coverage = cur.execute(f"SELECT min(period), max(period) FROM {target}").fetchone()
        by_border = dict(
            cur.execute(f"SELECT border, count(*) FROM {target} GROUP BY border").fetchall()
        )
        cur.execute(
            f"CREATE INDEX {target}_port ON {target} (port_code, measure, period)"
        )
        cur.execute("DROP TABLE _stage")
        return LoadResult(
            rows=stored,
            coverage_start=coverage[0].strftime("%Y-%m") if coverage and coverage[0] else None,
            coverage_end=coverage[1].strftime("%Y-%m") if coverage and coverage[1] else None,
            stats={
                "rows_read": staged,
                "exact_duplicates": staged - distinct_raw,
                "duplicates_note": "exact duplicate rows are stored once",
                "rows_by_border": by_border,
            },
        )


def _coordinate_sql(columns: dict[str, str]) -> tuple[str, str]:
    parts_lat, parts_lon = [], []
    if "latitude" in columns:
        parts_lat.append("try_cast(nullif(trim(latitude), '') AS DOUBLE)")
    if "longitude" in columns:
        parts_lon.append("try_cast(nullif(trim(longitude), '') AS DOUBLE)")
    for wkt in ("point", "location"):
        if wkt in columns:
            parts_lon.append(f"try_cast(regexp_extract({wkt}, '{_WKT_NUMBER}', 1) AS DOUBLE)")
            parts_lat.append(f"try_cast(regexp_extract({wkt}, '{_WKT_NUMBER}', 2) AS DOUBLE)")
    lat = f"coalesce({', '.join(parts_lat)})" if parts_lat else "NULL::DOUBLE"
    lon = f"coalesce({', '.join(parts_lon)})" if parts_lon else "NULL::DOUBLE"
    return lat, lon


def _validate(cur: duckdb.DuckDBPyConnection, label: str, columns: dict[str, str]) -> None:
    for col in ("port_name", "state", "port_code", "border", "measure"):
        check_rows(
            cur, label, f"coalesce(trim({col}), '') = ''", col, "a non-empty value",
            display=columns[col],
        )
    check_rows(
        cur,
        label,
        "NOT regexp_full_match(trim(port_code), '[0-9]{1,4}')",
        "port_code",
        "a port code of up to 4 digits, such as 2504 or 0104",
        display=columns["port_code"],
    )
    check_rows(
        cur,
        label,
        f"{_PERIOD_SQL} IS NULL",
        "date",
        'a month such as "Jan 2024" or "01/01/2024 12:00:00 AM"',
        display=columns["date"],
    )
    check_rows(
        cur,
        label,
        "try_cast(trim(value) AS BIGINT) IS NULL",
        "value",
        "a whole number of crossings",
        display=columns["value"],
    )
    check_rows(
        cur,
        label,
        "try_cast(trim(value) AS BIGINT) < 0",
        "value",
        "a count of zero or more",
        display=columns["value"],
    )
    quoted = ", ".join("'" + m.replace("'", "''") + "'" for m in MEASURES)
    check_rows(
        cur,
        label,
        f"trim(measure) NOT IN ({quoted})",
        "measure",
        f"one of the 12 BTS measures ({', '.join(MEASURES)})",
        display=columns["measure"],
    )
    borders = ", ".join(f"'{b}'" for b in BORDERS)
    check_rows(
        cur,
        label,
        f"trim(border) NOT IN ({borders})",
        "border",
        " or ".join(BORDERS),
        display=columns["border"],
    )
    for col in ("latitude", "longitude"):
        if col in columns:
            check_rows(
                cur,
                label,
                f"trim({col}) <> '' AND try_cast(trim({col}) AS DOUBLE) IS NULL",
                col,
                "a decimal coordinate or an empty cell",
                display=columns[col],
            )


class PortCrossingsSource(ReferenceCsvSource):
    """The crossings of every U.S.–Mexico land port (CBP Border Wait Times feed, BTS codes,
    twin cities), a hand-compiled reference file kept as project data."""

    name: ClassVar[str] = "border-ports"
    title: ClassVar[str] = "U.S.–Mexico land ports of entry and their crossings"
    publisher: ClassVar[str] = "Puente reference facts (CBP BWT, BTS, PAHO; see the source column)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="port_crossings.csv",
            mirror="port_crossings.csv",
            url="package:puente.border/data/port_crossings.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("port_crossings",)
    columns: ClassVar[dict[str, str]] = {
        "crossing": "text",
        "us_port_name": "text",
        "bts_port_code": "text",
        "bwt_port_number": "text",
        "bwt_crossing_name": "text",
        "us_city": "text",
        "us_state": "text",
        "mexican_city": "text",
        "mexican_state": "text",
        "hours_bwt_2022": "text",
        "max_lanes_commercial": "int",
        "max_lanes_passenger": "int",
        "max_lanes_pedestrian": "int",
        "latitude": "float",
        "longitude": "float",
        "coord_source": "text",
        "notes": "text",
        "source": "text",
        "as_of": "date",
    }
    required: ClassVar[tuple[str, ...]] = ("crossing", "us_state", "source", "as_of")
