"""The trade questions answered by pandas straight from the raw files: the baseline of
bench/trade.py. Run by the benchmark in its own virtualenv (pandas is no dependency of
Puente); prints one JSON object with timings and answers.

    <venv>/bin/python bench/trade_pandas.py <mirror> <year>
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
TB = "trade/bts_transborder"
EIA = "trade/eia_energy_exports"
EIA_FILES = {
    "natural_gas": "Natural_Gas_Exports_by_Country_EIA.csv",
    "crude_oil": "Total_Crude_Oil_Exports_by_Destination_EIA.csv",
    "petroleum_products": "Total_Oil_Products_Exports_by_Destination_EIA.csv",
}
TB_FILES = (
    "us_transborder",
    "monthly_trends",
    "mexican_state_trade",
    "commodity_mexstate_trade",
    "texas_mexico_ports",
    "us_state_trade",
)


def load(data: Path) -> dict[str, object]:
    frames: dict[str, object] = {}
    census = pd.read_excel(
        data / "trade/census_country/country.xlsx",
        sheet_name="country",
        engine="openpyxl",
        dtype={"year": int, "CTY_CODE": str},
    )
    frames["census"] = census
    for name in TB_FILES:
        frames[name] = pd.read_csv(data / TB / f"{name}.csv")
    for product, name in EIA_FILES.items():
        frames[product] = pd.read_csv(data / EIA / name, skiprows=2, encoding="utf-8-sig")
    return frames


def summary(f: dict, year: int) -> dict[str, object]:
    c = f["census"]
    rows = c[c["year"] == year].copy()
    rows["e"] = rows[[f"E{m}" for m in MONTHS]].sum(axis=1)
    rows["i"] = rows[[f"I{m}" for m in MONTHS]].sum(axis=1)
    rows["t"] = rows["e"] + rows["i"]
    code = rows["CTY_CODE"].astype(int)
    countries = rows[(code >= 1000) & (code < 8000) & (rows["t"] > 0)]
    mx = countries[countries["CTY_CODE"] == "2010"].iloc[0]
    return {
        "exports_usd": round(mx["e"] * 1e6),
        "imports_usd": round(mx["i"] * 1e6),
        "two_way_usd": round(mx["t"] * 1e6),
        "exports_rank": int((countries["e"] > mx["e"]).sum() + 1),
        "imports_rank": int((countries["i"] > mx["i"]).sum() + 1),
        "two_way_rank": int((countries["t"] > mx["t"]).sum() + 1),
    }


def ranks(f: dict) -> list[int]:
    c = f["census"].copy()
    c["e"] = c[[f"E{m}" for m in MONTHS]].sum(axis=1)
    c["i"] = c[[f"I{m}" for m in MONTHS]].sum(axis=1)
    c["t"] = c["e"] + c["i"]
    code = c["CTY_CODE"].astype(int)
    c = c[(code >= 1000) & (code < 8000) & (c["t"] > 0)].copy()
    c["r"] = c.groupby("year")["t"].rank(method="min", ascending=False)
    return [int(r) for r in c[c["CTY_CODE"] == "2010"].sort_values("year")["r"]]


def states(f: dict, year: int) -> dict[str, float]:
    s = f["mexican_state_trade"]
    return s[s["Year"] == year].groupby("MexState")["TradeValue"].sum().to_dict()


def modes(f: dict, year: int) -> dict[str, float]:
    t = f["us_transborder"]
    rows = t[(t["Year"] == year) & (t["Country"] == "Mexico")]
    return rows.groupby("Mode")["TradeValue"].sum().to_dict()


_DEST = (
    re.compile(r"\bto (.+?) of (?:Crude Oil|Total Petroleum Products)\b"),
    re.compile(r"\bto ([^()]+?)\s*\("),
)


def energy(f: dict, year: int) -> dict[str, int]:
    out = {}
    for product in EIA_FILES:
        frame = f[product]
        rows = frame[frame["Date"].astype(str).str.startswith(str(year))]
        totals: dict[str, float] = {}
        for column in frame.columns[1:]:
            for pattern in _DEST:
                found = pattern.search(column)
                if found:
                    dest = re.sub(r"\s+", " ", found.group(1)).strip()
                    totals[dest] = totals.get(dest, 0.0) + float(rows[column].sum())
                    break
        positive = {k: v for k, v in totals.items() if v > 0}
        if "Mexico" in positive:
            out[product] = 1 + sum(v > positive["Mexico"] for v in positive.values())
    return out


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    data, year = Path(sys.argv[1]), int(sys.argv[2])
    load_s = timed(lambda: load(data), repeat=3)
    frames = load(data)
    queries = {
        "summary": lambda: summary(frames, year),
        "ranks": lambda: ranks(frames),
        "states": lambda: states(frames, year),
        "modes": lambda: modes(frames, year),
        "energy": lambda: energy(frames, year),
    }
    result = {
        "load_s": load_s,
        "query_ms": {name: timed(fn) * 1000 for name, fn in queries.items()},
        "answers": {name: fn() for name, fn in queries.items()},
        "pandas": pd.__version__,
    }
    sys.stdout.write(json.dumps(result, default=float))


if __name__ == "__main__":
    main()
