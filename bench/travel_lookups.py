"""Travel and exchanges: how long the project data takes to load and the look-ups take to
answer, in process (TestClient, no network). Not a test.

    PYTHONPATH=src:. python bench/travel_lookups.py [--mirror ../shared/data]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from tests.conftest import load_border_fixture, load_geometry
from tests.travel.helpers import load_travel

from puente.api import create_app
from puente.config import Settings
from puente.store import open_store

REQUESTS = [
    ("/api/travel/posts/serving", {"city": "Mérida"}),
    ("/api/travel/posts/serving", {"state": "nuevo leon"}),
    ("/api/travel/posts/nearest", {"near": "Cancún"}),
    ("/api/travel/advisory", {}),
    ("/api/travel/advisory/changes", {}),
    ("/api/travel/states/sonora", {}),
    ("/api/exchanges/programs", {"audience": "students", "age": 17}),
    ("/travel/states/sonora", {}),
    ("/exchanges", {"audience": "students"}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", type=Path, default=None)
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    store = open_store(folder / "bench.duckdb")
    load_border_fixture(store)
    started = time.perf_counter()
    load_travel(store)
    print(f"load 6 travel/exchanges datasets: {(time.perf_counter() - started) * 1000:.0f} ms")
    requests = list(REQUESTS)
    if args.mirror:  # the map reads the stored outlines, loaded from the mirror
        load_geometry(store, args.mirror / "geo" / "mexican_states.geojson")
        requests += [("/travel", {}), ("/api/travel/advisory/map", {})]
    app = create_app(Settings(db=folder / "bench.duckdb", mirror=args.mirror), store=store)
    with TestClient(app) as client:
        for path, params in requests:
            assert client.get(path, params=params).status_code == 200, path
            times = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                client.get(path, params=params)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            shown = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
            print(
                f"{shown:60s} median {statistics.median(times):6.2f} ms  "
                f"p95 {times[int(len(times) * 0.95)]:6.2f} ms"
            )
    store.close()


if __name__ == "__main__":
    main()
