"""The travel project data files as datasets: Mexican states and cities, U.S. posts and
their consular districts, the travel advisory, entry requirements and vaccinations.

Each file is a reference fact table shipped in `puente/travel/data/` with its source and
as-of date (see data/README.md); it loads like any dataset, with versions and provenance.
"""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.ingest.base import FileSpec, LoadContext, LoadResult, Source
from puente.ingest.reference import (
    ISO_LIST_SQL,
    Column,
    ReferenceCsvSource,
    check_reference,
    require_file,
    stage_reference,
    write_table,
)
from puente.ingest.tabular import check_rows

LEVELS: dict[int, str] = {
    1: "Exercise Normal Precautions",
    2: "Exercise Increased Caution",
    3: "Reconsider Travel",
    4: "Do Not Travel",
}
POST_TYPES: tuple[str, ...] = ("embassy", "consulate_general", "consular_agency")
DISTRICT_RULES: tuple[str, ...] = ("all", "only", "except", "area")

_PKG = "package:puente.travel/data/"
_SOURCE = Column("source", required=True)
_AS_OF = Column("as_of", "as_of")


def _spec(name: str, package: str = _PKG) -> FileSpec:
    return FileSpec(name=name, mirror=f"reference/{name}", url=package + name)


STATE_COLUMNS = (
    Column("code", "code", required=True, unique=True),
    Column("inegi", required=True, unique=True, choices=tuple(f"{n:02d}" for n in range(1, 33))),
    Column("name", required=True, unique=True),
    Column("official", required=True),
    Column("slug", "slug", required=True, unique=True),
    Column("aliases"),
    Column("capital"),
    Column("entity_type", required=True, choices=("state", "federal entity")),
    _SOURCE,
    _AS_OF,
)
CITY_COLUMNS = (
    Column("city", required=True),
    Column("state_code", "code", required=True),
    Column("municipality"),
    Column("latitude", "float", low=14.0, high=33.0),
    Column("longitude", "float", low=-119.0, high=-86.0),
    Column("aliases"),
    Column("coord_source"),
    _SOURCE,
    _AS_OF,
)


class MexicanStatesSource(Source):
    name: ClassVar[str] = "mx-states"
    title: ClassVar[str] = "Mexico's 32 federal entities and the cities Puente knows"
    publisher: ClassVar[str] = "Puente project data (ISO 3166-2:MX, INEGI names)"
    parser_version: ClassVar[str] = "2"  # INEGI keys and official names
    files: ClassVar[tuple[FileSpec, ...]] = (
        # The one table of the 32 entities, shared with trade and the maps (puente.geo).
        _spec("mexican_states.csv", "package:puente.geo/data/"),
        _spec("mexican_cities.csv"),
    )
    tables: ClassVar[tuple[str, ...]] = ("mx_states", "mx_cities")

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        states = require_file(ctx.files, "mexican_states.csv")
        stage_reference(cur, states, STATE_COLUMNS, ctx.workdir)
        check_reference(
            cur, states.label, "code", ISO_LIST_SQL, "one of the 32 ISO 3166-2:MX codes"
        )
        n_states = write_table(cur, ctx.table("mx_states"), STATE_COLUMNS, "code")
        cities = require_file(ctx.files, "mexican_cities.csv")
        stage_reference(cur, cities, CITY_COLUMNS, ctx.workdir)
        check_reference(
            cur,
            cities.label,
            "state_code",
            f"SELECT code FROM {ctx.table('mx_states')}",
            "the code of a state in mexican_states.csv",
        )
        n_cities = write_table(cur, ctx.table("mx_cities"), CITY_COLUMNS, "state_code, city")
        return LoadResult(rows=n_states + n_cities, stats={"states": n_states, "cities": n_cities})


POST_COLUMNS = (
    Column("post_id", "slug", required=True, unique=True),
    Column("post_name", required=True),
    Column("post_type", required=True, choices=POST_TYPES),
    Column("city", required=True),
    Column("state", required=True),
    Column("state_code", "code", required=True),
    Column("address"),
    Column("postal_code"),
    Column("latitude", "float", low=14.0, high=33.0),
    Column("longitude", "float", low=-119.0, high=-86.0),
    Column("coord_source"),
    Column("consular_district"),
    Column("parent_post"),
    Column("notes"),
    _SOURCE,
    _AS_OF,
)
DISTRICT_COLUMNS = (
    Column("post_id", "slug", required=True),
    Column("state_code", "code", required=True),
    Column("rule", required=True, choices=DISTRICT_RULES),
    Column("municipalities"),
    Column("area"),
    Column("basis", required=True, choices=("reference", "inferred")),
    Column("notes"),
    _SOURCE,
    _AS_OF,
)


class UsPostsSource(Source):
    name: ClassVar[str] = "us-posts-mexico"
    title: ClassVar[str] = "U.S. Embassy, consulates and consular agencies in Mexico"
    publisher: ClassVar[str] = "Puente project data (U.S. Embassy and consulate pages, press)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        _spec("us_posts_mexico.csv"),
        _spec("consular_districts.csv"),
    )
    tables: ClassVar[tuple[str, ...]] = ("us_posts", "consular_districts")

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        posts = require_file(ctx.files, "us_posts_mexico.csv")
        stage_reference(cur, posts, POST_COLUMNS, ctx.workdir)
        check_reference(cur, posts.label, "state_code", ISO_LIST_SQL, "an ISO 3166-2:MX code")
        check_reference(
            cur,
            posts.label,
            "parent_post",
            "SELECT trim(post_id) FROM _stage",
            "the post_id of another post in this file",
        )
        check_rows(
            cur,
            posts.label,
            "(latitude IS NULL OR trim(latitude) = '') <> "
            "(longitude IS NULL OR trim(longitude) = '')",
            "longitude",
            "both coordinates or neither",
        )
        n_posts = write_table(cur, ctx.table("us_posts"), POST_COLUMNS, "post_id")
        districts = require_file(ctx.files, "consular_districts.csv")
        stage_reference(cur, districts, DISTRICT_COLUMNS, ctx.workdir)
        label = districts.label
        check_reference(
            cur,
            label,
            "post_id",
            f"SELECT post_id FROM {ctx.table('us_posts')} WHERE post_type <> 'consular_agency'",
            "the post_id of the Embassy or a consulate general in us_posts_mexico.csv",
        )
        check_reference(cur, label, "state_code", ISO_LIST_SQL, "an ISO 3166-2:MX code")
        check_rows(
            cur,
            label,
            "trim(rule) IN ('only', 'except') AND coalesce(trim(municipalities), '') = ''",
            "municipalities",
            "the municipalities an 'only' or 'except' rule names",
        )
        check_rows(
            cur,
            label,
            "trim(rule) = 'area' AND coalesce(trim(area), '') = ''",
            "area",
            "a description of the part of the state an 'area' rule covers",
        )
        n_districts = write_table(
            cur, ctx.table("consular_districts"), DISTRICT_COLUMNS, "state_code, post_id"
        )
        covered = cur.execute(
            f"SELECT count(DISTINCT state_code) FROM {ctx.table('consular_districts')}"
        ).fetchone()
        return LoadResult(
            rows=n_posts + n_districts,
            stats={
                "posts": n_posts,
                "district_rows": n_districts,
                "states_covered": int(covered[0]) if covered else 0,
            },
        )


ADVISORY_COLUMNS = (
    Column("state", required=True),
    Column("state_code", "code", required=True),
    Column("advisory_date", "as_of", required=True),
    Column("level", "int", required=True, low=1, high=4),
    Column("level_label", required=True, choices=tuple(LEVELS.values())),
    Column("reasons"),
    Column("country_level", "int", low=1, high=4),
    Column("country_reasons"),
    Column("notes"),
    _SOURCE,
    _AS_OF,
)


class TravelAdvisorySource(ReferenceCsvSource):
    name: ClassVar[str] = "mexico-travel-advisory"
    title: ClassVar[str] = "State Department travel advisory for Mexico, state by state"
    publisher: ClassVar[str] = "Puente project data (U.S. Department of State advisory)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (_spec("mexico_travel_advisory.csv"),)
    tables: ClassVar[tuple[str, ...]] = ("travel_advisory",)
    columns: ClassVar[tuple[Column, ...]] = ADVISORY_COLUMNS
    order_by: ClassVar[str] = "advisory_date, state_code"

    def check(self, cur: duckdb.DuckDBPyConnection, label: str) -> None:
        check_reference(cur, label, "state_code", ISO_LIST_SQL, "an ISO 3166-2:MX code")
        cases = " ".join(f"WHEN {n} THEN '{text}'" for n, text in LEVELS.items())
        check_rows(
            cur,
            label,
            f"trim(level_label) <> CASE CAST(trim(level) AS INTEGER) {cases} END",
            "level_label",
            "the label of the row's level (1 Exercise Normal Precautions ... 4 Do Not Travel)",
        )
        check_rows(
            cur,
            label,
            "_n > 1",
            "state_code",
            "one row per state and advisory date",
            table="(SELECT *, row_number() OVER (PARTITION BY trim(state_code), "
            "trim(advisory_date) ORDER BY line) AS _n FROM _stage) AS d",
        )

    def result(self, cur: duckdb.DuckDBPyConnection, table: str, rows: int) -> LoadResult:
        dates = cur.execute(
            "SELECT min(advisory_date), max(advisory_date), count(DISTINCT advisory_date) "
            f"FROM {table}"
        ).fetchone()
        assert dates is not None
        return LoadResult(
            rows=rows,
            coverage_start=dates[0],
            coverage_end=dates[1],
            stats={"advisories": int(dates[2])},
        )


ENTRY_COLUMNS = (
    Column("field", required=True, unique=True),
    Column("value"),
    Column("applies_to"),
    Column("notes"),
    _SOURCE,
    _AS_OF,
)
VACCINE_COLUMNS = (
    Column("item", required=True, unique=True),
    Column("type", required=True, choices=("vaccine", "medicine")),
    Column("recommended_for"),
    Column("state_codes", "codes"),
    Column("details"),
    _AS_OF,
    Column("as_of_note"),
    Column("confirmed_cdc_wording"),
    _SOURCE,
)


class EntryRequirementsSource(ReferenceCsvSource):
    name: ClassVar[str] = "mexico-entry-requirements"
    title: ClassVar[str] = "Entering Mexico: passport, visa, currency and customs facts"
    publisher: ClassVar[str] = "Puente project data (travel.state.gov Quick Facts and others)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (_spec("mexico_entry_requirements.csv"),)
    tables: ClassVar[tuple[str, ...]] = ("entry_requirements",)
    columns: ClassVar[tuple[Column, ...]] = ENTRY_COLUMNS

    def check(self, cur: duckdb.DuckDBPyConnection, label: str) -> None:
        check_rows(
            cur,
            label,
            "NOT regexp_full_match(trim(field), '[a-z][a-z0-9_]*')",
            "field",
            "a field name in snake_case, such as passport_validity",
        )


class VaccinationsSource(ReferenceCsvSource):
    name: ClassVar[str] = "mexico-vaccinations"
    title: ClassVar[str] = "Vaccines and medicines for travel to Mexico"
    publisher: ClassVar[str] = "Puente project data (CDC Travelers' Health, Yellow Book)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (_spec("mexico_vaccinations.csv"),)
    tables: ClassVar[tuple[str, ...]] = ("vaccinations",)
    columns: ClassVar[tuple[Column, ...]] = VACCINE_COLUMNS

    def check(self, cur: duckdb.DuckDBPyConnection, label: str) -> None:
        check_reference(cur, label, "state_codes", ISO_LIST_SQL, "ISO 3166-2:MX codes", split=True)
