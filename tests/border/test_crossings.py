"""Crossings analytics against an independent computation over the fixture file."""

from __future__ import annotations

import calendar
import csv
from collections import defaultdict
from pathlib import Path

import pytest

from puente.border import crossings
from puente.border.sources import PEOPLE_MEASURES
from puente.errors import InvalidInput, NotFound
from puente.store import Store


def expected_totals(path: Path) -> dict[tuple[str, str, str, str], int]:
    """(port code, measure, year, month) -> value, duplicates counted once, Mexico only."""
    seen = set()
    totals: dict[tuple[str, str, str, str], int] = defaultdict(int)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            key = tuple(row.values())
            if key in seen or row["Border"] != "US-Mexico Border":
                continue
            seen.add(key)
            month, year = row["Date"].split()
            totals[(row["Port Code"], row["Measure"], year, month)] += int(row["Value"])
    return totals


@pytest.fixture
def truth(fixtures: Path) -> dict[tuple[str, str, str, str], int]:
    return expected_totals(fixtures / "border-crossings" / "crossings.csv")


def test_summary_matches_independent_sums(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        s = crossings.summary(cur, 2024)
    people = sum(v for (c, m, y, _), v in truth.items() if y == "2024" and m in PEOPLE_MEASURES)
    before = sum(v for (c, m, y, _), v in truth.items() if y == "2023" and m in PEOPLE_MEASURES)
    assert s.people == people
    assert s.people_previous == before
    assert s.people_change == pytest.approx((people - before) / before, abs=1e-6)
    assert s.people_per_day == round(people / 366)
    by_measure = {m["measure"]: m for m in s.measures}
    trucks = sum(v for (c, m, y, _), v in truth.items() if y == "2024" and m == "Trucks")
    assert by_measure["Trucks"]["value"] == trucks
    assert s.version.dataset == "border-crossings"
    assert s.version.version == 1


def test_top_ports_ranked_with_shares(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        top = crossings.summary(cur, 2024).top_ports
    per_port: dict[str, int] = defaultdict(int)
    for (code, m, y, _), v in truth.items():
        if y == "2024" and m in PEOPLE_MEASURES:
            per_port[code] += v
    ranked = sorted(per_port, key=lambda c: -per_port[c])
    assert [p["port_code"] for p in top] == ranked
    assert sum(p["share"] for p in top) == pytest.approx(1.0, abs=1e-5)
    assert top[0]["share"] == pytest.approx(per_port[ranked[0]] / sum(per_port.values()), abs=1e-6)


def test_partial_year_compares_same_months(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        s = crossings.summary(cur, 2025)
    assert s.months == [1, 2]
    assert not s.complete_year
    peds_2025 = sum(v for (c, m, y, _), v in truth.items() if y == "2025" and m == "Pedestrians")
    peds_2024_jan_feb = sum(
        v
        for (c, m, y, mo), v in truth.items()
        if y == "2024" and m == "Pedestrians" and mo in ("Jan", "Feb")
    )
    peds = next(m for m in s.measures if m["measure"] == "Pedestrians")
    assert (peds["value"], peds["previous"]) == (peds_2025, peds_2024_jan_feb)
    assert s.days == 31 + 28


def test_default_year_is_latest_complete(border_store: Store) -> None:
    with border_store.read() as cur:
        assert crossings.summary(cur).year == 2024


def test_crossings_by_year_for_one_port_and_measure(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        out = crossings.crossings(cur, port="2402", measure="trucks", group="year")
    expected = {
        y: sum(v for (c, m, yy, _), v in truth.items() if c == "2402" and m == "Trucks" and yy == y)
        for y in ("2023", "2024")
    }
    assert [(r["period"], r["value"]) for r in out.rows] == sorted(expected.items())
    assert out.port["name"] == "El Paso"


def test_crossings_by_month_respects_start_and_end(border_store: Store) -> None:
    with border_store.read() as cur:
        out = crossings.crossings(
            cur, port="2504", start="2024-03", end="2024-05", measure="Pedestrians"
        )
    assert [r["period"] for r in out.rows] == ["2024-03", "2024-04", "2024-05"]


def test_seasonal_profile_is_per_day_average(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        profile = {r["month"]: r for r in crossings.seasonal_profile(cur)}
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    per_day = []
    for year in ("2023", "2024"):
        total = sum(
            v
            for (c, m, y, mo), v in truth.items()
            if y == year and mo == "Mar" and m in PEOPLE_MEASURES
        )
        per_day.append(total / calendar.monthrange(int(year), 3)[1])
    assert profile[3]["people_per_day"] == round(sum(per_day) / 2)
    assert profile[1]["years"] == 3
    assert profile[3]["years"] == 2
    assert len(months) == len(profile)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"port": "9999"}, NotFound, "no U.S.–Mexico port with code 9999"),
        ({"port": "0104"}, NotFound, "0104"),  # a Canadian port is not on this border
        ({"port": "12a"}, InvalidInput, "up to 4 digits"),
        ({"measure": "Walkers"}, InvalidInput, "unknown measure"),
        ({"start": "2024-13"}, InvalidInput, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"start": "2024-02-30"}, InvalidInput, "'2024-02-30' is not valid"),
        ({"end": "2024-03-01-01"}, InvalidInput, "not valid"),
        ({"end": "1850"}, InvalidInput, "not valid"),
        ({"group": "week"}, InvalidInput, "month or year"),
    ],
)
def test_bad_parameters(border_store: Store, kwargs: dict, error: type, match: str) -> None:
    with border_store.read() as cur, pytest.raises(error, match=match):
        crossings.crossings(cur, **kwargs)


def test_year_without_data_says_what_is_covered(border_store: Store) -> None:
    with border_store.read() as cur, pytest.raises(NotFound, match="covers 2023–2025"):
        crossings.summary(cur, 1999)


def test_port_registry_has_twin_cities(border_store: Store) -> None:
    with border_store.read() as cur:
        profile = crossings.port_profile(cur, "2504")
    assert profile.port["mexican_cities"] == ["Tijuana"]
    assert profile.port["mexican_states"] == ["Baja California"]
    assert profile.year == 2024


def test_results_follow_the_version_in_force(border_store: Store, fixtures: Path) -> None:
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source
    from puente.ingest.runner import rollback_dataset

    with border_store.read() as cur:
        before = crossings.summary(cur, 2024)
    before.people = -1  # callers get a copy; the memoised result is not changed
    source = fixtures / "border-crossings" / "crossings_socrata_dates.csv"
    ingest_source(border_store, get_source("border-crossings"), str(source))
    with border_store.read() as cur:
        after = crossings.summary(cur, 2024)
    assert after.version.version == 2
    assert [p["port_code"] for p in after.top_ports] == ["2504"]
    rollback_dataset(border_store, "border-crossings")
    with border_store.read() as cur:
        again = crossings.summary(cur, 2024)
    assert again.version.version == 1
    assert again.people > 0
    assert len(again.top_ports) == 3


def test_a_bare_end_year_runs_to_december(border_store: Store) -> None:
    with border_store.read() as cur:
        out = crossings.crossings(cur, port="2504", measure="Pedestrians", start="2024", end="2024")
    assert [r["period"] for r in out.rows] == [f"2024-{m:02d}" for m in range(1, 13)]


def test_the_documented_day_form_is_read_as_its_month(border_store: Store) -> None:
    with border_store.read() as cur:
        out = crossings.crossings(
            cur, port="2504", measure="Pedestrians", start="2024-03-01", end="2024-05-31"
        )
    assert [r["period"] for r in out.rows] == ["2024-03", "2024-04", "2024-05"]


def test_canada_is_never_counted_in_the_mexican_border(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        by_year = crossings.crossings(cur, group="year")
        people = crossings.yearly_people(cur)
        top = crossings.top_ports(cur, 2024)
        latest = crossings.latest_full_year(cur)
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for (_code, m, y, _mo), v in truth.items():
        expected[(y, m)] += v
    assert {(r["period"], r["measure"]): r["value"] for r in by_year.rows} == expected
    assert {r["year"]: r["people"] for r in people} == {
        int(y): sum(v for (_c, m, yy, _mo), v in truth.items() if yy == y and m in PEOPLE_MEASURES)
        for y in {y for (_c, _m, y, _mo) in truth}
    }
    assert "0104" not in {p["port_code"] for p in top}  # the Canadian port in the fixture
    assert latest == 2024


def test_port_page_compares_with_the_year_before(border_store: Store, truth: dict) -> None:
    with border_store.read() as cur:
        profile = crossings.port_profile(cur, "2504", 2024)
    by_measure = {m["measure"]: m for m in profile.measures}

    def total(year: str, measure: str) -> int:
        return sum(
            v for (c, m, y, _), v in truth.items() if c == "2504" and y == year and m == measure
        )

    pedestrians = by_measure["Pedestrians"]
    assert pedestrians["value"] == total("2024", "Pedestrians")
    assert pedestrians["previous"] == total("2023", "Pedestrians")
    assert pedestrians["previous"] != pedestrians["value"]
    assert pedestrians["change"] == pytest.approx(
        (pedestrians["value"] - pedestrians["previous"]) / pedestrians["previous"], abs=1e-6
    )


HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n"


def test_a_previous_year_of_zero_has_no_change_instead_of_an_error(
    store: Store, tmp_path: Path
) -> None:
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source

    row = "San Ysidro,California,2504,US-Mexico Border,{date},{measure},{value},32.5,-117.0,\n"
    lines = [
        row.format(date="Jan 2023", measure="Buses", value=0),
        row.format(date="Jan 2024", measure="Buses", value=40),
        row.format(date="Jan 2023", measure="Pedestrians", value=0),
        row.format(date="Jan 2024", measure="Pedestrians", value=100),
    ]
    path = tmp_path / "crossings.csv"
    path.write_text(HEADER + "".join(lines))
    ingest_source(store, get_source("border-crossings"), str(path))
    ingest_source(store, get_source("border-ports"))
    with store.read() as cur:
        profile = crossings.port_profile(cur, "2504", 2024)
        summary = crossings.summary(cur, 2024)
    buses = next(m for m in profile.measures if m["measure"] == "Buses")
    assert (buses["value"], buses["previous"], buses["change"]) == (40, 0, None)
    assert summary.people_previous == 0
    assert summary.people_change is None
    assert summary.people == 100


def test_top_ports_are_numbered_from_one_with_their_pedestrians(
    border_store: Store, truth: dict
) -> None:
    with border_store.read() as cur:
        top = crossings.top_ports(cur, 2024)
    assert [p["rank"] for p in top] == list(range(1, len(top) + 1))
    for p in top:
        walked = sum(
            v
            for (c, m, y, _), v in truth.items()
            if c == p["port_code"] and y == "2024" and m == "Pedestrians"
        )
        assert p["pedestrians"] == walked
    assert any(p["pedestrians"] for p in top)


def test_period_labels_name_the_months_of_a_part_year() -> None:
    assert crossings.period_label(2024, list(range(1, 13))) == "2024"
    assert crossings.period_label(2024, []) == "2024"
    assert crossings.period_label(2025, [1, 2]) == "Jan–Feb 2025"
    assert crossings.period_label(2025, [3]) == "Mar 2025"


def test_a_bare_start_year_runs_from_january() -> None:
    assert crossings.parse_period("2024").isoformat() == "2024-01-01"
    assert crossings.parse_period("2024", end=True).isoformat() == "2024-12-01"
    assert crossings.parse_period("2024-03-31").isoformat() == "2024-03-01"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("1899", False),
        ("1900", True),
        ("2100", True),
        ("2101", False),
        ("2100-12-31", True),
        ("2101-01", False),
    ],
)
def test_periods_run_from_1900_to_2100(text: str, ok: bool) -> None:
    if ok:
        assert crossings.parse_period(text).year == int(text[:4])
    else:
        with pytest.raises(InvalidInput, match="expected YYYY"):
            crossings.parse_period(text)


def test_a_full_year_is_compared_with_a_full_year() -> None:
    full = crossings.compared_with(2024, list(range(1, 13)))
    assert (full.year, full.complete_year, full.label) == (2023, True, "2023")
    part = crossings.compared_with(2025, [1, 2, 3])
    assert (part.year, part.complete_year, part.label) == (2024, False, "Jan–Mar 2024")


def test_a_year_of_zeros_or_of_no_counts_is_unreported() -> None:
    series = [(1996, "Buses", 0), (1996, "Pedestrians", None), (1997, "Buses", 5)]
    assert crossings.unreported_years(series) == [1996]  # type: ignore[arg-type]
    assert crossings.unreported_years([(1997, "Buses", None), (1997, "Trucks", 3)]) == []  # type: ignore[list-item]


def _load_rows(store: Store, tmp_path: Path, rows: list[tuple[str, str, str, str, int]]) -> None:
    """Rows of (port code, port name, date, measure, value) at the Mexican border."""
    from puente.ingest import ingest_source
    from puente.ingest.registry import get_source

    lines = [
        f"{name},California,{code},US-Mexico Border,{when},{measure},{value},32.5,-117.0,\n"
        for code, name, when, measure, value in rows
    ]
    path = tmp_path / "crossings.csv"
    path.write_text(HEADER + "".join(lines))
    ingest_source(store, get_source("border-crossings"), str(path))
    ingest_source(store, get_source("border-ports"))


def test_a_port_with_trucks_only_counts_no_people(store: Store, tmp_path: Path) -> None:
    months = [calendar.month_abbr[m] for m in range(1, 13)]
    rows = [("2504", "San Ysidro", f"{mo} 2024", "Pedestrians", 300) for mo in months]
    rows += [("2504", "San Ysidro", "Jan 2023", "Pedestrians", 200)]
    rows += [("2506", "Otay Mesa", f"{mo} 2024", "Trucks", 50) for mo in months]
    _load_rows(store, tmp_path, rows)
    with store.read() as cur:
        top = {p["port_code"]: p for p in crossings.top_ports(cur, 2024)}
        profile = crossings.port_profile(cur, "2504", 2024)
        earlier = crossings.port_profile(cur, "2504", 2023)
    # the truck-only port has no people: San Ysidro carries every crossing person
    assert (top["2506"]["people"], top["2506"]["share"]) == (0, 0.0)
    assert (top["2504"]["people"], top["2504"]["share"]) == (3600, 1.0)
    # measures the port did not report that year are 0, not missing and not some other figure
    by_measure = {m["measure"]: m["value"] for m in profile.measures}
    assert by_measure["Pedestrians"] == 3600
    assert {v for m, v in by_measure.items() if m != "Pedestrians"} == {0}
    # the year asked for is the year shown
    assert earlier.year == 2023
    assert {m["measure"]: m["value"] for m in earlier.measures}["Pedestrians"] == 200
