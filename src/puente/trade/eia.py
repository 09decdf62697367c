"""EIA exports by destination: natural gas (pipeline, LNG), crude oil, petroleum products.

EIA's data browser serves each table as an Excel workbook (e.g.
https://www.eia.gov/dnav/ng/xls/NG_MOVE_EXPC_S1_M.xls). Puente reads that workbook's
"Data 1" sheet as published, and its CSV form (what the mirror holds): a UTF-8 BOM, two
lines before the column names (`Back to Contents,Data 1: ...` and
`Sourcekey,<EIA series key>,...`), then `Date,<series name>,...`, one row per month dated
mid-month (YYYY-MM-15), and a trailing row of empty cells. Every series is kept, long form,
under its EIA series key, with the destination and unit parsed from its name; an empty cell
is unknown, not zero.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import duckdb

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile, Source
from puente.ingest.fetch import check_utf8, decompressed


@dataclass(frozen=True, slots=True)
class _File:
    name: str
    product: str
    url: str


_FILES: tuple[_File, ...] = (
    _File(
        "Natural_Gas_Exports_by_Country_EIA.csv",
        "natural_gas",
        "https://www.eia.gov/dnav/ng/xls/NG_MOVE_EXPC_S1_M.xls",
    ),
    _File(
        "Total_Crude_Oil_Exports_by_Destination_EIA.csv",
        "crude_oil",
        "https://www.eia.gov/dnav/pet/xls/PET_MOVE_EXPC_A_EPC0_EEX_MBBL_M.xls",
    ),
    _File(
        "Total_Oil_Products_Exports_by_Destination_EIA.csv",
        "petroleum_products",
        "https://www.eia.gov/dnav/pet/xls/PET_MOVE_EXPC_A_EPP0_EEX_MBBL_M.xls",
    ),
)
_UNITS = {"mmcf": "MMcf", "million cubic feet": "MMcf", "thousand barrels": "thousand barrels"}
_DESTINATION = (
    re.compile(r"\bto (?P<dest>.+?) of (?:Crude Oil|Total Petroleum Products)\b", re.I),
    re.compile(r"\bto (?P<dest>[^()]+?)\s*\(", re.I),
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _flow(name: str) -> str:
    """How natural gas left the country (pipeline, LNG by vessel, truck, re-export, CNG);
    'all' for oil."""
    lowered = name.lower()
    if "pipeline" in lowered:
        return "pipeline"
    if "re-export" in lowered:
        return "lng_reexport"
    if "compressed" in lowered:
        return "cng"
    if "by vessel and truck" in lowered:
        return "lng_vessel_truck"
    if "by truck" in lowered:
        return "lng_truck"
    if "by vessel" in lowered:
        return "lng_vessel"
    if "liquefied" in lowered:
        return "lng"
    return "all"


def describe_series(name: str) -> dict[str, str | None]:
    """Unit, destination (None for totals) and flow of one EIA series, from its name."""
    unit_match = re.search(r"\(([^()]+)\)\s*$", name.strip())
    unit = _UNITS.get(unit_match.group(1).strip().lower()) if unit_match else None
    destination = None
    for pattern in _DESTINATION:
        found = pattern.search(name)
        if found:
            destination = re.sub(r"\s+", " ", found.group("dest")).strip()
            break
    return {"unit": unit, "destination": destination, "flow": _flow(name)}


class EiaEnergyExportsSource(Source):
    name: ClassVar[str] = "eia-energy-exports"
    title: ClassVar[str] = (
        "U.S. natural gas, crude oil and petroleum product exports by destination"
    )
    publisher: ClassVar[str] = "U.S. Energy Information Administration"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = tuple(
        FileSpec(name=f.name, mirror=f"trade/eia_energy_exports/{f.name}", url=f.url)
        for f in _FILES
    )
    tables: ClassVar[tuple[str, ...]] = ("energy_series", "energy_exports")

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        series_rows: list[tuple[str, str, str, str, str | None, str, str]] = []
        values_csv = ctx.workdir / "energy_values.csv"
        with values_csv.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["series_key", "period", "value"])
            for spec in _FILES:
                raw = ctx.file(spec.name)
                if raw is None:  # pragma: no cover - every file is required
                    continue
                ctx.progress(f"reading {spec.name}")
                series_rows += _read_file(raw, ctx.workdir, spec.product, writer)
        series = ctx.table("energy_series")
        cur.execute(
            f"CREATE TABLE {series} (series_key VARCHAR PRIMARY KEY, product VARCHAR, "
            "file VARCHAR, name VARCHAR, destination VARCHAR, flow VARCHAR, unit VARCHAR)"
        )
        keys = [row[0] for row in series_rows]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise SourceError(
                f"series key {dup} appears twice; expected each EIA series once",
                file=ctx.files[0].label,
                line=2,
            )
        cur.executemany(f"INSERT INTO {series} VALUES (?, ?, ?, ?, ?, ?, ?)", series_rows)
        exports = ctx.table("energy_exports")
        cur.execute(
            f"""
            CREATE TABLE {exports} AS
            SELECT v.series_key, s.product, s.destination, s.flow, s.unit, v.period, v.value
            FROM read_csv(?, header = true,
                          columns = {{'series_key': 'VARCHAR', 'period': 'DATE',
                                      'value': 'DOUBLE'}}) v
            JOIN {series} s USING (series_key)
            ORDER BY v.series_key, v.period
            """,
            [str(values_csv)],
        )
        cur.execute(f"CREATE INDEX {exports}_key ON {exports} (series_key, period)")
        stats = cur.execute(f"SELECT count(*), min(period), max(period) FROM {exports}").fetchone()
        mexico = cur.execute(
            f"SELECT count(*) FROM {series} WHERE destination = 'Mexico'"
        ).fetchone()
        rows, start, end = stats if stats else (0, None, None)
        return LoadResult(
            rows=int(rows),
            coverage_start=start.strftime("%Y-%m") if start else None,
            coverage_end=end.strftime("%Y-%m") if end else None,
            stats={
                "series": len(series_rows),
                "mexico_series": int(mexico[0]) if mexico else 0,
                "blank_cells_note": "empty cells are unknown and are not stored",
            },
        )


def _read_file(
    raw: RawFile, workdir: Path, product: str, writer: Any
) -> list[tuple[str, str, str, str, str | None, str, str]]:
    label = raw.label
    with raw.path.open("rb") as handle:
        workbook = handle.read(8) == _OLE2_MAGIC
    if workbook:
        lines = _workbook_lines(raw.path, label)
        label = f"{label} (sheet {_DATA_SHEET!r}; lines are rows)"
    else:
        plain = decompressed(raw, workdir)
        check_utf8(plain, label)
        with plain.open(encoding="utf-8-sig", newline="") as handle:
            try:
                lines = list(csv.reader(handle))
            except csv.Error as exc:
                raise SourceError(f"not a well-formed CSV ({exc})", file=label) from exc
    if len(lines) < 4:
        raise SourceError(
            "too short; expected two header lines, the column names and data", file=label
        )
    keys, names = lines[1], lines[2]
    if not keys or keys[0].strip().lower() != "sourcekey":
        raise SourceError(
            f"{(keys[0] if keys else '')!r} is not valid; expected line 2 to start with "
            "'Sourcekey' followed by the EIA series keys",
            file=label,
            line=2,
            column="A",
        )
    if not names or names[0].strip().lower() != "date":
        raise SourceError(
            f"{(names[0] if names else '')!r} is not valid; expected line 3 to start with "
            "'Date' followed by the series names",
            file=label,
            line=3,
            column="A",
        )
    if len(keys) != len(names):
        raise SourceError(
            f"{len(keys)} series keys but {len(names)} series names; expected one key per column",
            file=label,
            line=3,
        )
    series = []
    for i in range(1, len(keys)):
        key, name = keys[i].strip(), names[i].strip()
        if not key or not name:
            raise SourceError(
                "empty series key or name; expected both",
                file=label,
                line=2 if not key else 3,
                column=name or key or None,
            )
        info = describe_series(name)
        if info["unit"] is None:
            raise SourceError(
                f"{name!r} has no unit EIA uses; expected a name ending in (MMcf), "
                "(Million Cubic Feet) or (Thousand Barrels)",
                file=label,
                line=3,
                column=key,
            )
        series.append(
            (
                key,
                product,
                Path(raw.spec.name).name,
                name,
                info["destination"],
                str(info["flow"]),
                str(info["unit"]),
            )
        )
    for number, cells in enumerate(lines[3:], start=4):
        if not any(c.strip() for c in cells):
            continue  # the trailing empty row
        if len(cells) != len(keys):
            raise SourceError(
                f"{len(cells)} fields; expected {len(keys)} like the header",
                file=label,
                line=number,
            )
        period = _month(cells[0], label, number, names[0])
        for key_cell, name, cell in zip(keys[1:], names[1:], cells[1:], strict=True):
            text = cell.strip().replace(",", "")
            if not text:
                continue
            try:
                value = float(text)
            except ValueError:
                value = -1.0
            if value < 0 or value != value:
                raise SourceError(
                    f"{cell!r} is not valid; expected a volume (a number of zero or more) "
                    "or an empty cell",
                    file=label,
                    line=number,
                    column=name.strip() or key_cell,
                )
            writer.writerow([key_cell.strip(), period.isoformat(), text])
    return series


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DATA_SHEET = "Data 1"


def _workbook_lines(path: Path, label: str) -> list[list[str]]:
    """EIA's data-browser workbook (.xls) as published: its "Data 1" sheet as rows of text,
    the same rows its CSV export holds (dates as YYYY-MM-DD, empty cells empty)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises several types for a damaged file
        raise SourceError(
            f"not a readable Excel workbook ({exc}); expected EIA's .xls download", file=label
        ) from exc
    try:
        if _DATA_SHEET not in book.sheet_names():
            raise SourceError(
                f"no sheet {_DATA_SHEET!r} (found: {', '.join(book.sheet_names())}); "
                "expected EIA's data-browser workbook",
                file=label,
            )
        sheet = book.sheet_by_name(_DATA_SHEET)
        lines: list[list[str]] = []
        for r in range(sheet.nrows):
            row: list[str] = []
            for cell in sheet.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    moment = xlrd.xldate_as_datetime(cell.value, book.datemode)
                    row.append(moment.strftime("%Y-%m-%d"))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    number = float(cell.value)
                    row.append(str(int(number)) if number.is_integer() else repr(number))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                else:
                    row.append(str(cell.value))
            lines.append(row)
        return lines
    finally:
        book.release_resources()


def _month(text: str, label: str, line: int, column: str) -> date:
    found = _DATE.match(text.strip())
    if found:
        year, month, day = (int(g) for g in found.groups())
        try:
            date(year, month, day)
        except ValueError:
            found = None
        else:
            return date(year, month, 1)
    raise SourceError(
        f"{text!r} is not valid; expected a date such as 2023-01-15",
        file=label,
        line=line,
        column=column.strip() or "Date",
    )
