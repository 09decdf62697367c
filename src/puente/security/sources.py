"""CBP public data portal CSVs (drug seizures, currency seizures, Southwest land border
encounters), read as published.

CBP names each file after its coverage and release month (`nationwide-drugs-fy23-fy26-apr.csv`
becomes `...-may.csv` next month), so the current files are found on each dataset's document
page (`puente.ingest.listing`); the URLs in the file specs are those of the release the mirror
holds. Fiscal years run October–September;
the running one is written `2026 (FYTD)`; months are only `OCT`…`SEP`, so the calendar year is
the fiscal year minus one for OCT, NOV and DEC.
"""

from __future__ import annotations

from typing import ClassVar

import duckdb

from puente.errors import SourceError
from puente.ingest.base import FileSpec, LoadContext, LoadResult, RawFile
from puente.ingest.listing import ListedSource, Listing, Want
from puente.ingest.tabular import Check, CsvFile, check_all, map_columns, stage_csv

MONTHS: tuple[str, ...] = (
    "OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
)  # fmt: skip
_CBP_URL = "https://www.cbp.gov/sites/default/files/assets/documents/"
_CBP_PAGES = "https://www.cbp.gov/document/stats/"
_ALIASES = {"fiscal_year": "fy", "month_abbv": "month", "citizenship_grouping": "citizenship"}
_MONTH_LIST = ", ".join(f"'{m}'" for m in MONTHS)
# Position in the fiscal year (OCT = 1) and calendar month of each abbreviation.
_FISCAL_MONTH = f"list_position([{_MONTH_LIST}], upper(trim(month)))"
_FISCAL_YEAR = "CAST(substr(trim(fy), 1, 4) AS INTEGER)"
_PERIOD = (
    f"make_date({_FISCAL_YEAR} - CASE WHEN {_FISCAL_MONTH} <= 3 THEN 1 ELSE 0 END, "
    f"(({_FISCAL_MONTH} + 8) % 12) + 1, 1)"
)


def _base_checks(texts: tuple[str, ...], count: str, amount: str | None) -> list[Check]:
    checks = [Check(col, f"coalesce(trim({col}), '') = ''", "a non-empty value") for col in texts]
    checks += [
        Check(
            "fy",
            "NOT regexp_full_match(trim(fy), '(19|20)[0-9]{2}( \\(FYTD\\))?')",
            'a fiscal year such as 2025 or "2026 (FYTD)"',
        ),
        Check("month", f"coalesce({_FISCAL_MONTH}, 0) = 0", "a month abbreviation OCT, NOV, … SEP"),
        Check(count, f"try_cast(trim({count}) AS BIGINT) IS NULL", "a whole number"),
        Check(count, f"try_cast(trim({count}) AS BIGINT) < 0", "a count of zero or more"),
    ]
    if amount is not None:
        checks += [
            Check(amount, f"try_cast(trim({amount}) AS DOUBLE) IS NULL", "a decimal number"),
            Check(amount, f"try_cast(trim({amount}) AS DOUBLE) < 0", "an amount of zero or more"),
        ]
    return checks


def _stage(
    cur: duckdb.DuckDBPyConnection,
    raw: RawFile,
    ctx: LoadContext,
    required: tuple[str, ...],
    checks: list[Check],
    table: str,
) -> int:
    source = CsvFile.open(raw, ctx.workdir)
    columns = map_columns(source.header(), required, (), source.label, _ALIASES)
    staged = stage_csv(cur, source, columns, table)
    check_all(cur, source.label, checks, columns, table)
    return staged


def _coverage(cur: duckdb.DuckDBPyConnection, target: str) -> tuple[str | None, str | None, int]:
    row = cur.execute(
        f"SELECT strftime(min(period), '%Y-%m'), strftime(max(period), '%Y-%m'), count(*) "
        f"FROM {target}"
    ).fetchone()
    return (row[0], row[1], int(row[2])) if row else (None, None, 0)


_DATES = (
    f"{_PERIOD} AS period, {_FISCAL_YEAR} AS fiscal_year, {_FISCAL_MONTH} AS fiscal_month, "
    "upper(trim(month)) AS month_abbv, trim(fy) LIKE '%FYTD%' AS fytd"
)
_COMMON = f"{_DATES}, trim(component) AS component"
_DRUG_COLUMNS = (
    "fy", "month", "component", "region", "land_filter", "area_of_responsibility",
    "drug_type", "count_of_event", "sum_qty_lbs",
)  # fmt: skip


class DrugSeizuresSource(ListedSource):
    """Nationwide drug seizures by OFO (ports of entry) and USBP: two published files, the
    newer one wins for the fiscal years both cover (CBP revises recent months)."""

    name: ClassVar[str] = "cbp-drug-seizures"
    title: ClassVar[str] = "CBP Drug Seizure Statistics (OFO and USBP)"
    publisher: ClassVar[str] = "U.S. Customs and Border Protection (CBP public data portal)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="nationwide-drugs-fy19-fy22.csv",
            mirror="security/cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv",
            url=_CBP_URL + "2022-Oct/nationwide-drugs-fy19-fy22.csv",
        ),
        FileSpec(
            name="nationwide-drugs-fy23-fy26-apr.csv",
            mirror="security/cbp_drug_seizures/nationwide-drugs-fy23-fy26-apr.csv",
            url=_CBP_URL + "2026-May/nationwide-drugs-fy23-fy26-apr.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("cbp_drug_seizures",)
    listing: ClassVar[Listing | None] = Listing(
        _CBP_PAGES + "nationwide-drug-seizures",
        (
            Want("nationwide-drugs-fy19-fy22.csv", "nationwide-drugs", pick="archive"),
            Want("nationwide-drugs-fy23-fy26-apr.csv", "nationwide-drugs"),
        ),
    )
    area: ClassVar[str] = "area_of_responsibility"
    """The column naming where the seizure was made (a field office or sector; AMO: a branch)."""

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        checks = _base_checks(
            ("component", "region", self.area, "drug_type"), "count_of_event", "sum_qty_lbs"
        )
        required = tuple(self.area if c == "area_of_responsibility" else c for c in _DRUG_COLUMNS)
        read = 0
        stages = []
        for i, raw in enumerate(ctx.files):
            ctx.progress(f"reading {raw.spec.name}")
            read += _stage(cur, raw, ctx, required, checks, f"_stage{i}")
            stages.append((f"_stage{i}", raw.spec.name))
        ctx.progress("writing")
        # Later files (newer releases) win for every fiscal year they cover.
        parts = []
        for i, (stage, name) in enumerate(stages):
            newer = " ".join(
                f"AND {_FISCAL_YEAR} NOT IN (SELECT DISTINCT {_FISCAL_YEAR} FROM {later})"
                for later, _ in stages[i + 1 :]
            )
            escaped = name.replace("'", "''")
            parts.append(
                f"SELECT {_COMMON}, trim(region) AS region, trim(land_filter) AS land_filter, "
                f"trim({self.area}) AS {self.area}, "
                "trim(drug_type) AS drug_type, CAST(trim(count_of_event) AS BIGINT) AS events, "
                f"CAST(trim(sum_qty_lbs) AS DOUBLE) AS lbs, '{escaped}' AS source_file "
                f"FROM {stage} WHERE true {newer}"
            )
        target = ctx.table(self.tables[0])
        cur.execute(f"CREATE TABLE {target} AS {' UNION ALL '.join(parts)}")
        for stage, _ in stages:
            cur.execute(f"DROP TABLE {stage}")
        start, end, rows = _coverage(cur, target)
        return LoadResult(
            rows=rows,
            coverage_start=start,
            coverage_end=end,
            stats={"rows_read": read, "rows_replaced_by_newer_release": read - rows},
        )


class AmoDrugSeizuresSource(DrugSeizuresSource):
    """Drug seizures by CBP Air and Marine Operations, by branch: the same layout as the
    OFO/USBP files with `Branch` in place of the area of responsibility."""

    name: ClassVar[str] = "cbp-amo-drug-seizures"
    title: ClassVar[str] = "CBP Air and Marine Operations Drug Seizures"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="amo-drug-seizures-fy19-fy22.csv",
            mirror="security/cbp_drug_seizures/amo-drug-seizures-fy19-fy22.csv",
            url=_CBP_URL + "2022-Oct/amo-drug-seizures-fy19-fy22.csv",
        ),
        FileSpec(
            name="amo-drug-seizures-fy23-fy26-dec.csv",
            mirror="security/cbp_drug_seizures/amo-drug-seizures-fy23-fy26-dec.csv",
            url=_CBP_URL + "2026-Jan/amo-drug-seizures-fy23-fy26-dec.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("cbp_amo_drug_seizures",)
    # CBP's document page for the AMO files (the URLs above are the releases the mirror holds).
    listing: ClassVar[Listing | None] = Listing(
        _CBP_PAGES + "amo-drug-seizures",
        (
            Want("amo-drug-seizures-fy19-fy22.csv", "amo-drug-seizures", pick="archive"),
            Want("amo-drug-seizures-fy23-fy26-dec.csv", "amo-drug-seizures"),
        ),
    )
    area: ClassVar[str] = "branch"


class _OneFileSource(ListedSource):
    """A single CBP monthly CSV staged, checked and typed by `_select`."""

    required: ClassVar[tuple[str, ...]]
    texts: ClassVar[tuple[str, ...]]
    count: ClassVar[str]
    amount: ClassVar[str | None] = None
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _select(self) -> str:
        raise NotImplementedError

    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        checks = _base_checks(self.texts, self.count, self.amount)
        for column, values in self.choices.items():
            allowed = ", ".join(f"'{v}'" for v in values)
            checks.append(Check(column, f"trim({column}) NOT IN ({allowed})", " or ".join(values)))
        ctx.progress("reading")
        read = _stage(cur, ctx.files[0], ctx, self.required, checks, "_stage")
        ctx.progress("writing")
        target = ctx.table(self.tables[0])
        common = _COMMON if "component" in self.required else _DATES
        cur.execute(f"CREATE TABLE {target} AS SELECT {common}, {self._select()} FROM _stage")
        cur.execute("DROP TABLE _stage")
        start, end, rows = _coverage(cur, target)
        if rows != read:
            raise SourceError(f"{read} rows read but {rows} stored", file=ctx.files[0].label)
        return LoadResult(rows=rows, coverage_start=start, coverage_end=end)


class CurrencySeizuresSource(_OneFileSource):
    """Currency and other monetary instrument seizures, inbound and outbound. The mirror holds
    a transcribed sample of CBP's file (FY2025–Jul 2026), not the full release."""

    name: ClassVar[str] = "cbp-currency-seizures"
    title: ClassVar[str] = "CBP Currency and Other Monetary Instrument Seizures (sample)"
    publisher: ClassVar[str] = "U.S. Customs and Border Protection (CBP public data portal)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="currency-seizures-fy25-fy26-jul_sample.csv",
            mirror="security/cbp_currency_seizures/currency-seizures-fy25-fy26-jul_sample.csv",
            url=_CBP_URL + "2026-Aug/currency-seizures-fy23-fy26-jul.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("cbp_currency_seizures",)
    # CBP's document page; its current release is the whole file (the mirror holds a sample).
    listing: ClassVar[Listing | None] = Listing(
        _CBP_PAGES + "currency-and-other-monetary-instrument-seizures",
        (Want("currency-seizures-fy25-fy26-jul_sample.csv", "currency-seizures"),),
    )
    required = (
        "fy", "month", "component", "region", "land_filter", "area_of_responsibility",
        "inbound_outbound", "count_of_seizure_events", "currency_seizures_amount_usd",
    )  # fmt: skip
    texts = ("component", "region", "area_of_responsibility", "inbound_outbound")
    count = "count_of_seizure_events"
    amount = "currency_seizures_amount_usd"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "inbound_outbound": ("Inbound", "Outbound", "Other")
    }

    def _select(self) -> str:
        return (
            "trim(region) AS region, trim(land_filter) AS land_filter, "
            "trim(area_of_responsibility) AS area_of_responsibility, "
            "trim(inbound_outbound) AS direction, "
            "CAST(trim(count_of_seizure_events) AS BIGINT) AS events, "
            "CAST(trim(currency_seizures_amount_usd) AS DOUBLE) AS usd"
        )


class SouthwestEncountersSource(_OneFileSource):
    """Southwest land border encounters (OFO and USBP) by citizenship, demographic and title."""

    name: ClassVar[str] = "cbp-southwest-encounters"
    title: ClassVar[str] = "CBP Southwest Land Border Encounters"
    publisher: ClassVar[str] = "U.S. Customs and Border Protection (CBP public data portal)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="sbo-encounters-fy22-fy25-aug.csv",
            mirror="security/cbp_encounters/sbo-encounters-fy22-fy25-aug.csv",
            url=_CBP_URL + "2025-Sep/sbo-encounters-fy22-fy25-aug.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("cbp_southwest_encounters",)
    listing: ClassVar[Listing | None] = Listing(
        _CBP_PAGES + "southwest-land-border-encounters",
        (Want("sbo-encounters-fy22-fy25-aug.csv", "sbo-encounters"),),
    )
    required = (
        "fy", "month", "component", "demographic", "citizenship",
        "title_of_authority", "encounter_type", "encounter_count",
    )  # fmt: skip
    texts = ("component", "demographic", "citizenship", "title_of_authority", "encounter_type")
    count = "encounter_count"

    def _select(self) -> str:
        return (
            "trim(demographic) AS demographic, trim(citizenship) AS citizenship, "
            "trim(title_of_authority) AS title_of_authority, "
            "trim(encounter_type) AS encounter_type, "
            "CAST(trim(encounter_count) AS BIGINT) AS encounters"
        )


class EncountersByStateSource(_OneFileSource):
    """Nationwide encounters (OFO and USBP combined) by land border region and U.S. state."""

    name: ClassVar[str] = "cbp-encounters-by-state"
    title: ClassVar[str] = "CBP Nationwide Encounters by State"
    publisher: ClassVar[str] = "U.S. Customs and Border Protection (CBP public data portal)"
    parser_version: ClassVar[str] = "1"
    files: ClassVar[tuple[FileSpec, ...]] = (
        FileSpec(
            name="nationwide-encounters-fy20-fy23-state.csv",
            mirror="security/cbp_encounters/nationwide-encounters-fy20-fy23-state.csv",
            url=_CBP_URL + "2023-Nov/nationwide-encounters-fy20-fy23-state.csv",
        ),
    )
    tables: ClassVar[tuple[str, ...]] = ("cbp_encounters_by_state",)
    listing: ClassVar[Listing | None] = Listing(
        _CBP_PAGES + "nationwide-encounters",
        (Want("nationwide-encounters-fy20-fy23-state.csv", "nationwide-encounters", "-state"),),
    )
    required = (
        "fy", "month", "land_border_region", "state", "demographic", "citizenship",
        "title_of_authority", "encounter_count",
    )  # fmt: skip
    texts = ("land_border_region", "state", "demographic", "citizenship", "title_of_authority")
    count = "encounter_count"

    def _select(self) -> str:
        return (
            "trim(land_border_region) AS region, upper(trim(state)) AS state, "
            "trim(demographic) AS demographic, upper(trim(citizenship)) AS citizenship, "
            "trim(title_of_authority) AS title_of_authority, "
            "CAST(trim(encounter_count) AS BIGINT) AS encounters"
        )
