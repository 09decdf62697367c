"""The exchange programs project data file as a dataset."""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.ingest.base import FileSpec
from puente.ingest.reference import Column, ReferenceCsvSource
from puente.ingest.tabular import check_rows

DIRECTIONS: dict[str, str] = {
    "to_us": "From Mexico to the U.S.",
    "to_mexico": "From the U.S. to Mexico",
    "in_mexico": "In Mexico",
    "both": "Both ways",
}
AUDIENCES: tuple[str, ...] = (
    "students",
    "youth",
    "professionals",
    "teachers",
    "scholars",
    "leaders",
    "entrepreneurs",
    "institutions",
)

PROGRAM_COLUMNS = (
    Column("slug", "slug", required=True, unique=True),
    Column("program", required=True, unique=True),
    Column("sponsor", required=True),
    Column("implementer"),
    Column("direction", required=True),
    Column("direction_code", required=True, choices=tuple(DIRECTIONS)),
    Column("audience", required=True),
    Column("audience_tags", required=True),
    Column("eligibility"),
    Column("min_age", "int", low=0, high=120),
    Column("max_age", "int", low=0, high=120),
    Column("age_basis"),
    Column("duration"),
    Column("duration_weeks_min", "float", low=0, high=520),
    Column("duration_weeks_max", "float", low=0, high=520),
    Column("scale"),
    Column("mexico_notes"),
    Column("source", required=True),
    Column("as_of", "as_of"),
)


class ExchangeProgramsSource(ReferenceCsvSource):
    name: ClassVar[str] = "exchange-programs"
    title: ClassVar[str] = "U.S.–Mexico exchange programs"
    publisher: ClassVar[str] = "Puente project data (U.S. Embassy Mexico, ECA, COMEXUS pages)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="exchange_programs.csv",
            mirror="reference/exchange_programs.csv",
            url="package:puente.exchanges/data/exchange_programs.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("exchange_programs",)
    columns: ClassVar[tuple[Column, ...]] = PROGRAM_COLUMNS
    order_by: ClassVar[str] = "program"

    def check(self, cur: duckdb.DuckDBPyConnection, label: str) -> None:
        tags = ", ".join(f"'{a}'" for a in AUDIENCES)
        check_rows(
            cur,
            label,
            f"EXISTS (SELECT 1 FROM unnest(string_split(trim(audience_tags), ';')) AS t(v) "
            f"WHERE trim(t.v) NOT IN ({tags}))",
            "audience_tags",
            f"audience tags separated by ';' from: {', '.join(AUDIENCES)}",
        )
        for low, high, what in (
            ("min_age", "max_age", "ages"),
            ("duration_weeks_min", "duration_weeks_max", "durations"),
        ):
            check_rows(
                cur,
                label,
                f"try_cast(trim({low}) AS DOUBLE) > try_cast(trim({high}) AS DOUBLE)",
                high,
                f"a maximum at least as large as {low} (a range of {what})",
            )
