"""Wait-time answers on the fixtures: typical waits, the best and worst hours, observed
medians and 90th percentiles, each with the dataset version it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.border import waits
from puente.errors import InvalidInput, NotFound
from puente.ingest import ingest_source
from puente.ingest.registry import get_source
from puente.store import Store
from tests.border.waits_support import BOTA, write_mirror

H = [30, 28, 26, 24, 22, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 60, 56, 50, 44, 40, 36, 34]


def expected_pv(weekday: int, hour: int, month: int | None = None) -> float:
    """The fixture's passenger average at San Ysidro: month 2 is month 1 plus 10."""
    base = 40 + 10 * (weekday == 6) + H[hour]
    return float(base + (5 if month is None else (10 if month == 2 else 0)))


def slots(answer: dict, key: str) -> list[tuple[str, float]]:
    return [(s["label"], s["minutes"]) for s in answer[key]]


def test_typical_waits_average_the_months(waits_store: Store) -> None:
    with waits_store.read() as cur:
        year = waits.typical_waits(cur, "2504")
        january = waits.typical_waits(cur, "2504", month=1, day="domingo")
    assert len(year.rows) == 168
    for row in year.rows:
        assert row["minutes"] == expected_pv(row["weekday"], row["hour"])
        assert row["months"] == 2
    assert [r["minutes"] for r in january.rows] == [expected_pv(6, h, 1) for h in range(24)]
    assert year.version.dataset == "cbp-wait-averages"


def test_best_time_on_a_sunday(waits_store: Store) -> None:
    with waits_store.read() as cur:
        best = waits.best_time(cur, "2504", day="sunday")
    # The most recent evidence leads: the dated observed waits, then CBP's averages.
    observed, averages = best.answers
    assert (averages["crossing"], averages["basis"]) == ("San Ysidro", "cbp-averages")
    assert slots(averages, "best") == [
        ("05:00–06:00", 63.0),
        ("06:00–07:00", 67.0),
        ("07:00–08:00", 71.0),
    ]
    assert slots(averages, "worst") == [
        ("17:00–18:00", 115.0),
        ("18:00–19:00", 111.0),
        ("16:00–17:00", 107.0),
    ]
    # Observed: five Sundays at 5 a.m. (10..50 min) and at 5 p.m. (100..180 min).
    assert observed["basis"] == "observed"
    assert slots(observed, "best") == [("05:00–06:00", 30.0), ("17:00–18:00", 140.0)]
    assert observed["version"]["dataset"] == "observed-waits"
    assert best.versions["cbp-wait-averages"].version == 1
    # One reconciled answer: the observed waits' best hour, with source, period and lane,
    # and whether CBP's averages agree (both say 5 a.m. on Sunday).
    (answer,) = best.reconciled
    assert answer["lead"] == "observed"
    assert answer["best"]["hour"] == 5
    assert answer["period"].startswith(observed["period"][:4])
    assert (answer["lane"], answer["lane_type"]) == ("passenger", "general")
    assert answer["agrees"] is True
    assert answer["other"]["source"] == "CBP Border Wait Times historical averages"


def test_best_time_over_the_week_names_the_day(waits_store: Store) -> None:
    with waits_store.read() as cur:
        best = waits.best_time(cur, "2504", count=2)
    averages = next(a for a in best.answers if a["basis"] == "cbp-averages")
    assert slots(averages, "best") == [
        ("Monday 05:00–06:00", 53.0),
        ("Tuesday 05:00–06:00", 53.0),
    ]
    assert slots(averages, "worst") == [
        ("Sunday 17:00–18:00", 115.0),
        ("Sunday 18:00–19:00", 111.0),
    ]


def test_closed_hours_are_never_the_best(waits_store: Store) -> None:
    with waits_store.read() as cur:
        monday = waits.best_time(cur, "2402", lane="commercial", day="monday")
        saturday = waits.best_time(cur, "2402", lane="trucks", day="saturday")
    (bota,) = monday.answers
    assert bota["crossing"] == BOTA
    assert slots(bota, "best") == [("06:00–07:00", 5.0), ("07:00–08:00", 6.0), ("08:00–09:00", 7.0)]
    assert slots(bota, "worst")[0] == ("13:00–14:00", 12.0)
    assert len(bota["closed"]) == 16
    assert saturday.answers == []  # closed all day: no hour to recommend


def test_observed_distribution(waits_store: Store) -> None:
    with waits_store.read() as cur:
        data = waits.observed_waits(cur, "2504", day="sunday")
        pedwest = waits.observed_waits(
            cur, "2504", lane="pedestrian", crossing="San Ysidro - PedWest"
        )
    by_hour = {r["hour"]: r for r in data.by_hour}
    assert by_hour[5] | {"crossing": "San Ysidro"} == {
        "crossing": "San Ysidro",
        "hour": 5,
        "observations": 5,
        "median": 30.0,
        "p90": 46.0,
    }
    assert (by_hour[17]["median"], by_hour[17]["p90"]) == (140.0, 172.0)
    assert (data.observed_from, data.observed_to) == ("2025-03-16", "2025-04-13")
    # Chaparral (PedWest): "Sin demora" twice then 8 minutes; blank waits are not zeros.
    assert [(r["hour"], r["observations"], r["median"]) for r in pedwest.by_hour] == [(5, 5, 8.0)]


def test_index_lists_ports_and_lanes(waits_store: Store) -> None:
    with waits_store.read() as cur:
        index = waits.wait_ports(cur)
    codes = [p["port_code"] for p in index.ports]
    # Andrade (Los Algodones) has only blank waits in the fixture: no figures, not listed.
    assert codes == ["2401", "2402", "2503", "2504", "2505", "2506", "2507"]
    san_ysidro = next(p for p in index.ports if p["port_code"] == "2504")
    assert san_ysidro["bases"] == ["cbp-averages", "observed"]
    assert set(index.versions) == {"cbp-wait-averages", "observed-waits"}


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"port": "9999"}, NotFound, "no wait times for port 9999; wait times are loaded for"),
        ({"port": "25x4"}, InvalidInput, "port code"),
        ({"port": "2504", "lane": "bus"}, InvalidInput, "lane 'bus' is not valid"),
        ({"port": "2504", "lane_type": "vip"}, InvalidInput, "lane type 'vip'"),
        ({"port": "2504", "day": "funday"}, InvalidInput, "day 'funday'"),
        ({"port": "2504", "month": 13}, InvalidInput, "month 13"),
        (
            {"port": "2504", "crossing": "Otay Mesa"},
            NotFound,
            "port 2504 has no crossing 'Otay Mesa' with wait times; its crossings: San Ysidro",
        ),
    ],
)
def test_bad_questions(waits_store: Store, kwargs: dict, error: type, text: str) -> None:
    with waits_store.read() as cur, pytest.raises(error, match=text):
        waits.best_time(cur, **kwargs)


def test_nothing_loaded_says_how_to_load(store: Store) -> None:
    with store.read() as cur, pytest.raises(NotFound, match="puente ingest cbp-wait-averages"):
        waits.wait_ports(cur)


def test_observed_only(store: Store, tmp_path: Path) -> None:
    ingest_source(store, get_source("observed-waits"), mirror=write_mirror(tmp_path))
    with store.read() as cur:
        data = waits.port_waits(cur, "2506", day="friday")
    assert data.averages == []
    assert data.versions["cbp-wait-averages"] is None
    assert [(r["crossing"], r["hour"], r["median"]) for r in data.observed_by_hour] == [
        ("Otay Mesa - Passenger", 7, 64.0)
    ]
    # Two Fridays make fewer than MIN_OBSERVATIONS waits an hour: too few to recommend.
    assert data.best_time == []


def test_the_load_statistics_name_files_not_server_paths(
    waits_store: Store, tmp_path: Path
) -> None:
    """What /datasets shows of a load names each file, never where the server keeps it."""
    from puente.store.catalog import current_version

    with waits_store.read() as cur:
        version = current_version(cur, "cbp-wait-averages")
    assert version is not None
    per_file = version.stats["rows_by_file"]
    assert set(per_file) == {"syR-hist.csv", "elpaso_border_wait_times.xlsx"}
    assert str(tmp_path) not in str(version.stats)
