"""Census Bureau country.xlsx: U.S. goods trade with every partner, monthly, millions of USD.

The workbook as published has one sheet, `country`, with a header row
`year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR, EJAN..EDEC, EYR` and one row per year and partner
(imports I*, exports E*, not seasonally adjusted, Census basis). In the last, partial year the
months not yet published are 0 in both directions for every partner: those are not data, and
are left out (a genuine zero in an earlier month is kept).
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import duckdb

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.trade.partners import normalize_code, partner_kind

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_VALUE_COLUMNS = (
    *(f"I{m}" for m in MONTHS),
    "IYR",
    *(f"E{m}" for m in MONTHS),
    "EYR",
)
_COLUMNS = ("YEAR", "CTY_CODE", "CTYNAME", *_VALUE_COLUMNS)
_SHEET = "country"
# A published year total may differ from the sum of its months by rounding only.
_TOTAL_TOLERANCE = 0.5


class CensusCountryTradeSource(Source):
    name: ClassVar[str] = "census-country-trade"
    title: ClassVar[str] = "U.S. trade in goods by country (country.xlsx)"
    publisher: ClassVar[str] = "U.S. Census Bureau, Foreign Trade Division"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="country.xlsx",
            mirror="trade/census_country/country.xlsx",
            url="https://www.census.gov/foreign-trade/balance/country.xlsx",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = (
        "census_trade_monthly",
        "census_trade_annual",
        "census_partners",
    )

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        raw = ctx.files[0]
        ctx.progress("reading workbook")
        rows = read_workbook(raw.path, raw.label)
        wide = ctx.workdir / "census_wide.csv"
        with wide.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "year", "cty_code", "cty_name", "kind", *_VALUE_COLUMNS])
            for row in rows:
                writer.writerow(
                    [
                        row["row"],
                        row["year"],
                        row["code"],
                        row["name"],
                        partner_kind(row["code"]),
                        *("" if v is None else repr(v) for v in row["values"]),
                    ]
                )
        ctx.progress("writing")
        return _write_tables(cur, ctx, wide, raw.label)


def read_workbook(path: Path, label: str) -> list[dict[str, Any]]:
    """Every data row of the sheet, checked: year, code, name and 26 values (None = blank)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(
            f"not a readable Excel .xlsx workbook ({exc.__class__.__name__}); expected the "
            "Census country.xlsx workbook",
            file=label,
        ) from exc
    lines = None
    try:
        sheet = book[_SHEET] if _SHEET in book.sheetnames else book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        positions = _header_positions(header, label, sheet.title)
        rows: list[dict[str, Any]] = []
        seen: dict[tuple[int, str], int] = {}
        for number, cells in enumerate(lines, start=2):
            if cells is None or all(
                c is None or (isinstance(c, str) and not c.strip()) for c in cells
            ):
                continue
            row = _parse_row(cells, positions, number, label, sheet.title)
            key = (row["year"], row["code"])
            if key in seen:
                raise SourceError(
                    f"year {row['year']} and partner code {row['code']} appear twice (first on "
                    f"row {seen[key]}); expected one row per year and partner",
                    file=f"{label} [{sheet.title}]",
                    line=number,
                    column="CTY_CODE",
                )
            seen[key] = number
            rows.append(row)
    finally:
        if lines is not None:
            lines.close()  # the sheet's XML stream stays open until its reader is closed
        book.close()
    if not rows:
        raise SourceError("the sheet has a header but no data rows", file=label)
    return rows


def _header_positions(header: tuple[Any, ...] | None, label: str, sheet: str) -> dict[str, int]:
    names = [str(c).strip().upper() if c is not None else "" for c in (header or ())]
    found = {name: i for i, name in enumerate(names) if name}
    missing = [col for col in _COLUMNS if col not in found]
    if missing:
        raise SourceError(
            f"missing column(s) {', '.join(missing)}; expected a header row with "
            "year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR, EJAN..EDEC, EYR "
            f"(found: {', '.join(n for n in names if n) or 'nothing'})",
            file=f"{label} [{sheet}]",
            line=1,
        )
    return {col: found[col] for col in _COLUMNS}


def _parse_row(
    cells: tuple[Any, ...], positions: dict[str, int], number: int, label: str, sheet: str
) -> dict[str, Any]:
    where = f"{label} [{sheet}]"

    def cell(col: str) -> Any:
        index = positions[col]
        return cells[index] if index < len(cells) else None

    year_cell = cell("YEAR")
    year = normalize_code(year_cell)
    if year is None or not 1900 <= int(year) <= 2100:
        raise SourceError(
            f"{year_cell!r} is not valid; expected a four-digit year such as 2018",
            file=where,
            line=number,
            column="year",
        )
    code_cell = cell("CTY_CODE")
    code = normalize_code(code_cell)
    if code is None:
        raise SourceError(
            f"{code_cell!r} is not valid; expected a Census country code of up to 4 digits "
            "such as 2010 (Mexico) or 0015 (World)",
            file=where,
            line=number,
            column="CTY_CODE",
        )
    name = cell("CTYNAME")
    if not isinstance(name, str) or not name.strip():
        raise SourceError(
            f"{name!r} is not valid; expected the partner's name",
            file=where,
            line=number,
            column="CTYNAME",
        )
    values = [_number(cell(col), where, number, col) for col in _VALUE_COLUMNS]
    return {"row": number, "year": int(year), "code": code, "name": name.strip(), "values": values}


def _number(value: Any, where: str, line: int, column: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            number = None
    if number is None or number != number or number < 0:
        raise SourceError(
            f"{value!r} is not valid; expected millions of U.S. dollars (a number of zero "
            "or more) or an empty cell",
            file=where,
            line=line,
            column=column,
        )
    return number


def _write_tables(
    cur: duckdb.DuckDBPyConnection, ctx: LoadContext, wide: Path, label: str
) -> LoadResult:
    types = {
        "row": "BIGINT",
        "year": "INTEGER",
        "cty_code": "VARCHAR",
        "cty_name": "VARCHAR",
        "kind": "VARCHAR",
    } | {col.lower(): "DOUBLE" for col in _VALUE_COLUMNS}
    cur.execute(
        "CREATE TEMP TABLE _census AS SELECT * FROM read_csv(?, header = true, columns = ?)",
        [str(wide), types],
    )
    month_rows = " UNION ALL ".join(
        f"SELECT row, year, {i} AS month, cty_code, cty_name, kind, e{m.lower()} AS exports, "
        f"i{m.lower()} AS imports FROM _census"
        for i, m in enumerate(MONTHS, start=1)
    )
    cur.execute(f"CREATE TEMP TABLE _months AS {month_rows}")
    last = cur.execute(
        "SELECT max(year * 100 + month) FROM _months "
        "WHERE coalesce(exports, 0) <> 0 OR coalesce(imports, 0) <> 0"
    ).fetchone()
    if last is None or last[0] is None:
        raise SourceError(
            "every value in the workbook is 0 or blank; expected trade data", file=label
        )
    last_key = int(last[0])
    monthly = ctx.table("census_trade_monthly")
    cur.execute(
        f"""
        CREATE TABLE {monthly} AS
        SELECT make_date(year, month, 1) AS period, year, month, cty_code, cty_name,
               kind AS partner_kind, exports AS exports_usd_millions,
               imports AS imports_usd_millions
        FROM _months WHERE year * 100 + month <= ?
        ORDER BY cty_code, period
        """,
        [last_key],
    )
    last_year, last_month = divmod(last_key, 100)
    annual = ctx.table("census_trade_annual")
    cur.execute(
        f"""
        CREATE TABLE {annual} AS
        SELECT year, cty_code, cty_name, kind AS partner_kind,
               eyr AS exports_usd_millions, iyr AS imports_usd_millions,
               CASE WHEN year = ? THEN ? ELSE 12 END AS months,
               year < ? OR ? = 12 AS complete
        FROM _census ORDER BY cty_code, year
        """,
        [last_year, last_month, last_year, last_month],
    )
    partners = ctx.table("census_partners")
    cur.execute(
        f"""
        CREATE TABLE {partners} AS
        SELECT cty_code, arg_max(cty_name, year) AS cty_name, any_value(kind) AS partner_kind,
               min(year) AS first_year, max(year) AS last_year
        FROM _census GROUP BY cty_code ORDER BY cty_code
        """
    )
    cur.execute(f"CREATE INDEX {monthly}_code ON {monthly} (cty_code, period)")
    mismatch = cur.execute(
        f"""
        SELECT count(*) FROM _census WHERE
          abs(coalesce(iyr, 0) - ({" + ".join(f"coalesce(i{m.lower()}, 0)" for m in MONTHS)}))
            > {_TOTAL_TOLERANCE}
          OR abs(coalesce(eyr, 0) - ({" + ".join(f"coalesce(e{m.lower()}, 0)" for m in MONTHS)}))
            > {_TOTAL_TOLERANCE}
        """
    ).fetchone()
    counts = dict(
        cur.execute("SELECT kind, count(DISTINCT cty_code) FROM _census GROUP BY 1").fetchall()
    )
    first = cur.execute("SELECT min(year) FROM _census").fetchone()
    stored = cur.execute(f"SELECT count(*) FROM {monthly}").fetchone()
    cur.execute("DROP TABLE _months")
    cur.execute("DROP TABLE _census")
    return LoadResult(
        rows=int(stored[0]) if stored else 0,
        coverage_start=f"{first[0]}-01" if first else None,
        coverage_end=f"{last_year}-{last_month:02d}",
        stats={
            "partners_by_kind": counts,
            "last_month_published": f"{last_year}-{last_month:02d}",
            "months_dropped_note": "months after the last month with any nonzero value are "
            "not yet published (0 in both directions) and are not stored",
            "year_totals_differing_from_month_sums": int(mismatch[0]) if mismatch else 0,
        },
    )
