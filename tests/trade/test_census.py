"""country.xlsx: the workbook as published, partial last year, aggregates, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from puente.store.catalog import current_version
from puente.trade.partners import AGGREGATE, COUNTRY, OTHER, normalize_code, partner_kind

from .support import HEADER, census_rows, write_country_xlsx


def _load(store: Store, path: Path) -> None:
    ingest_source(store, get_source("census-country-trade"), str(path))


def test_loads_every_partner_and_month(store: Store, country_xlsx: Path) -> None:
    _load(store, country_xlsx)
    with store.read() as cur:
        version = current_version(cur, "census-country-trade")
        mexico = cur.execute(
            "SELECT sum(exports_usd_millions), sum(imports_usd_millions), count(*) "
            "FROM census_trade_monthly WHERE cty_code = '2010' AND year = 2018"
        ).fetchone()
        kinds = dict(cur.execute("SELECT cty_code, partner_kind FROM census_partners").fetchall())
    assert version is not None
    assert (version.coverage_start, version.coverage_end) == ("2017-01", "2019-01")
    assert mexico == (pytest.approx(265.2), pytest.approx(345.6), 12)
    assert kinds["2010"] == COUNTRY
    assert kinds["0015"] == kinds["0010"] == kinds["0003"] == AGGREGATE
    assert kinds["8220"] == OTHER


def test_unpublished_months_of_the_last_year_are_not_data(store: Store, country_xlsx: Path) -> None:
    _load(store, country_xlsx)
    with store.read() as cur:
        months = cur.execute(
            "SELECT DISTINCT month FROM census_trade_monthly WHERE year = 2019"
        ).fetchall()
        annual = cur.execute(
            "SELECT months, complete FROM census_trade_annual "
            "WHERE year = 2019 AND cty_code = '2010'"
        ).fetchone()
    assert months == [(1,)]
    assert annual == (1, False)


def test_a_real_zero_in_an_earlier_year_is_kept(tmp_path: Path, store: Store) -> None:
    rows = census_rows()
    rows[0][3] = 0  # Canada, January 2017 imports: a genuine 0
    _load(store, write_country_xlsx(tmp_path / "country.xlsx", rows))
    with store.read() as cur:
        row = cur.execute(
            "SELECT imports_usd_millions FROM census_trade_monthly "
            "WHERE cty_code = '1220' AND period = DATE '2017-01-01'"
        ).fetchone()
    assert row == (0.0,)


CODES = [
    ("2010", "2010", COUNTRY, "Mexico, as text"),
    (2010, "2010", COUNTRY, "the code as a number"),
    ("15", "0015", AGGREGATE, "World without its leading zeros"),
    ("0003", "0003", AGGREGATE, "European Union"),
    ("8500", "8500", OTHER, "International Organizations is not a country"),
    ("7990", "7990", COUNTRY, "Lesotho, the last African code"),
]


@pytest.mark.parametrize(("cell", "code", "kind", "why"), CODES)
def test_partner_codes(cell: object, code: str, kind: str, why: str) -> None:
    assert normalize_code(cell) == code, why
    assert partner_kind(code) == kind, why


BAD = [
    (lambda rows: rows[2].__setitem__(20, "n/a"), 4, "EMAY", "millions of U.S. dollars"),
    (lambda rows: rows[1].__setitem__(1, "MEX"), 3, "CTY_CODE", "Census country code"),
    (lambda rows: rows[0].__setitem__(0, "17"), 2, "year", "four-digit year"),
    (lambda rows: rows[3].__setitem__(2, None), 5, "CTYNAME", "partner's name"),
    (lambda rows: rows[4].__setitem__(10, -3.5), 6, "IAUG", "zero or more"),
    (lambda rows: rows.append(list(rows[1])), 21, "CTY_CODE", "appear twice"),
]


@pytest.mark.parametrize(("damage", "line", "column", "expected"), BAD)
def test_bad_cells_name_row_column_and_expectation(
    tmp_path: Path,
    store: Store,
    country_xlsx: Path,
    damage,
    line: int,
    column: str,
    expected: str,
) -> None:
    _load(store, country_xlsx)
    rows = census_rows()
    damage(rows)
    bad = write_country_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(SourceError) as caught:
        _load(store, bad)
    err = caught.value
    assert err.line == line
    assert err.column == column
    assert expected in str(err)
    assert "bad.xlsx" in str(err)
    with store.read() as cur:  # the store is unchanged: version 1 still in force
        version = current_version(cur, "census-country-trade")
        assert version is not None
        assert version.version == 1


def test_missing_column_is_named(tmp_path: Path, store: Store) -> None:
    header = [h for h in HEADER if h != "EYR"]
    rows = [row[:-1] for row in census_rows()]
    with pytest.raises(SourceError, match=r"missing column.*EYR") as caught:
        _load(store, write_country_xlsx(tmp_path / "country.xlsx", rows, header))
    assert caught.value.line == 1


def test_not_a_workbook(tmp_path: Path, store: Store) -> None:
    fake = tmp_path / "country.xlsx"
    fake.write_text("year,CTY_CODE\n2018,2010\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"not a readable Excel \.xlsx workbook"):
        _load(store, fake)
    with store.read() as cur:
        assert current_version(cur, "census-country-trade") is None


def test_header_only_sheet(tmp_path: Path, store: Store) -> None:
    with pytest.raises(SourceError, match="no data rows"):
        _load(store, write_country_xlsx(tmp_path / "country.xlsx", []))
