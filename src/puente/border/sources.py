"""BTS Border Crossing Entry Data (Socrata dataset keg4-3bc2), as published."""

from __future__ import annotations

from typing import Any, ClassVar

import duckdb

from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.reference import Column, ReferenceCsvSource
from puente.ingest.tabular import Check, CsvFile, check_all, map_columns, stage_csv

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
        source = CsvFile.open(ctx.files[0], ctx.workdir)
        label = source.label
        progress = ctx.progress
        columns = map_columns(source.header(), _REQUIRED, _OPTIONAL, label)
        progress("reading")
        staged = stage_csv(cur, source, columns)
        progress("validating")
        check_all(cur, label, _checks(columns), columns)
        progress("writing")
        target = ctx.table("border_crossings")
        lat, lon = _coordinate_sql(columns)
        cur.execute(
            f"""
            CREATE TABLE {target} AS
            SELECT DISTINCT
                lpad(trim(port_code), 4, '0') AS port_code,
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
        cur.execute("DROP TABLE _stage")
        stats = cur.execute(
            f"SELECT count(*), min(period), max(period), "
            f"count(*) FILTER (WHERE border = 'US-Mexico Border') FROM {target}"
        ).fetchone()
        stored, first, last, mexico = stats if stats else (0, None, None, 0)
        conflicts = _conflicts(cur, target)
        return LoadResult(
            rows=stored,
            coverage_start=first.strftime("%Y-%m") if first else None,
            coverage_end=last.strftime("%Y-%m") if last else None,
            stats={
                "rows_read": staged,
                "exact_duplicates": staged - stored,
                "duplicates_note": "exact duplicate rows are stored once",
                "conflicting_rows": sum(c["rows"] for c in conflicts),
                "conflicts": conflicts[:_CONFLICTS_SHOWN],
                "conflicts_note": "rows for the same port, month and measure with different "
                "values: kept as published, so totals add them; check them at the publisher",
                "rows_us_mexico": mexico,
                "rows_us_canada": stored - mexico,
            },
        )


_CONFLICTS_SHOWN = 20


def _conflicts(cur: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, Any]]:
    """Port, month and measure that the file gives more than one value for (after exact
    duplicates are dropped), with the values, so the report names them."""
    rows = cur.execute(
        f"""
        SELECT port_code, any_value(port_name), border, strftime(period, '%Y-%m'), measure,
               list(value ORDER BY value), count(*)
        FROM {table}
        GROUP BY port_code, border, period, measure HAVING count(*) > 1
        ORDER BY period, port_code, measure
        """
    ).fetchall()
    return [
        {
            "port_code": code,
            "port_name": name,
            "border": border,
            "period": period,
            "measure": measure,
            "values": list(values),
            "rows": n,
        }
        for code, name, border, period, measure, values, n in rows
    ]


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


def _checks(columns: dict[str, str]) -> list[Check]:
    measures = ", ".join("'" + m.replace("'", "''") + "'" for m in MEASURES)
    borders = ", ".join(f"'{b}'" for b in BORDERS)
    checks = [
        Check(col, f"coalesce(trim({col}), '') = ''", "a non-empty value")
        for col in ("port_name", "state", "port_code", "border", "measure", "date", "value")
    ]
    checks += [
        Check(
            "port_code",
            "NOT regexp_full_match(trim(port_code), '[0-9]{1,4}')",
            "a port code of up to 4 digits, such as 2504 or 0104",
        ),
        Check(
            "date",
            f"{_PERIOD_SQL} IS NULL",
            'a month such as "Jan 2024" or "01/01/2024 12:00:00 AM"',
        ),
        Check("value", "try_cast(trim(value) AS BIGINT) IS NULL", "a whole number of crossings"),
        Check("value", "try_cast(trim(value) AS BIGINT) < 0", "a count of zero or more"),
        Check(
            "measure",
            f"trim(measure) NOT IN ({measures})",
            f"one of the 12 BTS measures ({', '.join(MEASURES)})",
        ),
        Check("border", f"trim(border) NOT IN ({borders})", " or ".join(BORDERS)),
    ]
    checks += [
        Check(
            col,
            f"trim({col}) <> '' AND try_cast(trim({col}) AS DOUBLE) IS NULL",
            "a decimal coordinate or an empty cell",
        )
        for col in ("latitude", "longitude")
        if col in columns
    ]
    return checks


class PortCrossingsSource(ReferenceCsvSource):
    """The crossings of every U.S.–Mexico land port (CBP Border Wait Times feed, BTS codes,
    twin cities), a hand-compiled reference file kept as project data."""

    name: ClassVar[str] = "border-ports"
    title: ClassVar[str] = "U.S.–Mexico land ports of entry and their crossings"
    publisher: ClassVar[str] = "Puente reference facts (CBP BWT, BTS, PAHO; see the source column)"
    parser_version: ClassVar[str] = "2"  # typed by ingest.reference.Column; keeps the line number
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="port_crossings.csv",
            mirror="port_crossings.csv",
            url="package:puente.border/data/port_crossings.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("port_crossings",)
    columns: ClassVar[tuple[Column, ...]] = (
        Column("crossing", required=True),
        Column("us_port_name"),
        Column("bts_port_code"),
        Column("bwt_port_number"),
        Column("bwt_crossing_name"),
        Column("us_city"),
        Column("us_state", required=True),
        Column("mexican_city"),
        Column("mexican_state"),
        Column("hours_bwt_2022"),
        Column("max_lanes_commercial", "int"),
        Column("max_lanes_passenger", "int"),
        Column("max_lanes_pedestrian", "int"),
        Column("latitude", "float"),
        Column("longitude", "float"),
        Column("coord_source"),
        Column("notes"),
        Column("source", required=True),
        Column("as_of", "date", required=True),
    )
