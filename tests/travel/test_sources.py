"""The project data files load like any dataset: versions, provenance, and bad rows named by
file, line and column."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from puente.errors import SourceError
from puente.geo.states import ISO_CODES, STATES_FILE
from puente.ingest import ingest_source
from puente.ingest.fetch import package_path
from puente.ingest.registry import all_sources, get_source
from puente.store import Store, catalog

DATA = package_path("package:puente.travel/data/x").parent


def test_every_travel_source_is_registered() -> None:
    names = set(all_sources())
    assert {
        "mx-states",
        "us-posts-mexico",
        "mexico-travel-advisory",
        "mexico-entry-requirements",
        "mexico-vaccinations",
        "exchange-programs",
    } <= names


def test_load_records_versions_and_provenance(store: Store) -> None:
    report = ingest_source(store, get_source("us-posts-mexico"))
    assert report.changed
    assert report.version == 1
    assert report.stats == {"posts": 19, "district_rows": 36, "states_covered": 32}
    again = ingest_source(store, get_source("us-posts-mexico"))
    assert not again.changed
    assert again.version == 1
    with store.read() as cur:
        version = catalog.require_current(cur, "us-posts-mexico")
        assert "us_posts_mexico.csv" in version.source
        assert len(version.sha256) == 64
        types = dict(
            cur.execute("SELECT post_type, count(*) FROM us_posts GROUP BY post_type").fetchall()
        )
    assert types == {"embassy": 1, "consulate_general": 9, "consular_agency": 9}


def test_every_post_has_coordinates_with_their_provenance(store: Store) -> None:
    ingest_source(store, get_source("us-posts-mexico"))
    with store.read() as cur:
        rows = cur.execute("SELECT post_id, latitude, coord_source FROM us_posts").fetchall()
    assert all(lat is not None for _, lat, _ in rows)
    approximate = [pid for pid, _, src in rows if src.startswith("city centre (approximate)")]
    assert len(approximate) == 18
    assert {r[0]: r[2] for r in rows}["embassy-mexico-city"].startswith("reference")


def test_empty_cells_stay_unknown_not_zero(store: Store) -> None:
    ingest_source(store, get_source("us-posts-mexico"))
    ingest_source(store, get_source("mexico-travel-advisory"))
    with store.read() as cur:
        address = cur.execute(
            "SELECT address, as_of FROM us_posts WHERE post_id = 'cg-monterrey'"
        ).fetchone()
        reasons = cur.execute(
            "SELECT count(*) FROM travel_advisory WHERE advisory_date = '2025-08-12' "
            "AND reasons IS NULL"
        ).fetchone()
    assert address == (None, "2017-07-27")
    assert reasons == (32,)


def test_advisory_has_every_state_at_both_dates(store: Store) -> None:
    report = ingest_source(store, get_source("mexico-travel-advisory"))
    assert report.rows == 64
    assert report.stats["advisories"] == 2
    with store.read() as cur:
        codes = cur.execute(
            "SELECT advisory_date, list(state_code ORDER BY state_code) FROM travel_advisory "
            "GROUP BY advisory_date"
        ).fetchall()
    assert all(sorted(ISO_CODES) == row[1] for row in codes)


def _copy_with(
    tmp_path: Path, name: str, line: int, column: str, value: str, folder: Path = DATA
) -> Path:
    """The packaged files in a folder, with one cell of one file changed."""
    out = tmp_path / "data"
    out.mkdir(exist_ok=True)
    for path in (*folder.glob("*.csv"), STATES_FILE):  # the states table lives in puente.geo
        shutil.copy(path, out / path.name)
    with (out / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[line - 2][column] = value
    with (out / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out


BAD_ROWS = [
    (
        "mexico-travel-advisory",
        "mexico_travel_advisory.csv",
        5,
        "level",
        "5",
        "a value from 1 to 4",
    ),
    ("mexico-travel-advisory", "mexico_travel_advisory.csv", 3, "level", "two", "a whole number"),
    (
        "mexico-travel-advisory",
        "mexico_travel_advisory.csv",
        4,
        "level_label",
        "Do Not Travel",
        "the label of the row's level",
    ),
    (
        "mexico-travel-advisory",
        "mexico_travel_advisory.csv",
        6,
        "state_code",
        "MX-XYZ",
        "ISO 3166-2:MX code",
    ),
    (
        "mexico-travel-advisory",
        "mexico_travel_advisory.csv",
        7,
        "as_of",
        "Sept 2024",
        "a date as 2024",
    ),
    (
        "mexico-travel-advisory",
        "mexico_travel_advisory.csv",
        8,
        "as_of",
        "2024-13",
        "a date as 2024",
    ),
    ("mx-states", "mexican_states.csv", 9, "slug", "Ciudad de México", "a lower-case slug"),
    ("mx-states", "mexican_cities.csv", 4, "latitude", "north", "a decimal number"),
    (
        "mx-states",
        "mexican_cities.csv",
        5,
        "state_code",
        "MX-ABC",
        "the code of a state in mexican_states.csv",
    ),
    (
        "us-posts-mexico",
        "us_posts_mexico.csv",
        3,
        "post_type",
        "consulate",
        "one of embassy, consulate_general, consular_agency",
    ),
    (
        "us-posts-mexico",
        "us_posts_mexico.csv",
        12,
        "parent_post",
        "cg-atlantis",
        "the post_id of another post",
    ),
    (
        "us-posts-mexico",
        "us_posts_mexico.csv",
        4,
        "post_id",
        "cg-ciudad-juarez",
        "a value that appears only once",
    ),
    ("us-posts-mexico", "consular_districts.csv", 3, "rule", "most", "one of all, only"),
    (
        "us-posts-mexico",
        "consular_districts.csv",
        3,
        "post_id",
        "ca-cancun",
        "the post_id of the Embassy or a consulate general",
    ),
    (
        "mexico-vaccinations",
        "mexico_vaccinations.csv",
        9,
        "state_codes",
        "MX-CAM; Chiapas",
        "ISO 3166-2:MX codes",
    ),
    (
        "mexico-entry-requirements",
        "mexico_entry_requirements.csv",
        2,
        "field",
        "",
        "this column may not be empty",
    ),
]


@pytest.mark.parametrize(("dataset", "name", "line", "column", "value", "expected"), BAD_ROWS)
def test_bad_rows_name_file_line_and_column(
    store: Store,
    tmp_path: Path,
    dataset: str,
    name: str,
    line: int,
    column: str,
    value: str,
    expected: str,
) -> None:
    folder = _copy_with(tmp_path, name, line, column, value)
    if dataset == "us-posts-mexico":
        ingest_source(store, get_source("mx-states"))
    with pytest.raises(SourceError) as caught:
        ingest_source(store, get_source(dataset), origin=str(folder))
    error = caught.value
    assert error.file is not None
    assert error.file.endswith(name)
    assert error.column == column
    assert error.line == line
    assert expected in error.detail
    with store.read() as cur:
        assert catalog.current_version(cur, dataset) is None  # nothing half-loaded


def test_a_missing_column_is_named(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "adv.csv"
    text = (DATA / "mexico_travel_advisory.csv").read_text(encoding="utf-8")
    out.write_text(text.replace(",as_of\n", "\n", 1), encoding="utf-8")
    with pytest.raises(SourceError, match="missing column"):
        ingest_source(store, get_source("mexico-travel-advisory"), origin=str(out))


def test_a_duplicate_state_and_date_is_refused(store: Store, tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "mexico_travel_advisory.csv", 3, "state_code", "MX-AGU")
    with pytest.raises(SourceError, match="one row per state and advisory date") as caught:
        ingest_source(store, get_source("mexico-travel-advisory"), origin=str(folder))
    assert caught.value.line == 3  # the repeat, not the first row


def test_a_corrected_file_loads_as_a_new_version(store: Store, tmp_path: Path) -> None:
    ingest_source(store, get_source("mexico-travel-advisory"))
    folder = _copy_with(tmp_path, "mexico_travel_advisory.csv", 2, "level", "3")
    folder_file = folder / "mexico_travel_advisory.csv"
    text = folder_file.read_text(encoding="utf-8").replace(
        "Aguascalientes,MX-AGU,2024-09,3,Exercise Increased Caution",
        "Aguascalientes,MX-AGU,2024-09,3,Reconsider Travel",
        1,
    )
    folder_file.write_text(text, encoding="utf-8")
    report = ingest_source(store, get_source("mexico-travel-advisory"), origin=str(folder_file))
    assert report.version == 2
    with store.read() as cur:
        level = cur.execute(
            "SELECT level FROM travel_advisory WHERE state_code = 'MX-AGU' "
            "AND advisory_date = '2024-09'"
        ).fetchone()
    assert level == (3,)
