"""`make bench`: run every benchmark module and rewrite bench/RESULTS.md section by section.

Each module has run() -> str returning a Markdown section that starts with "## <Name>".
Sections of modules not run this time are kept as they were.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MODULES: tuple[str, ...] = ("bench.border", "bench.trade", "bench.screening_api")
MODULES += ("bench.cli_startup",)  # `puente --help` against python -c pass and import duckdb
MODULES += ("bench.jobs",)  # a probe GET while a 40,000-row batch job runs
MODULES += ("bench.sanctions.speed",)  # cold `puente screen`, index load, one-core throughput
MODULES += ("bench.web_load",)  # the mixed load on pages, APIs and screening at 32 clients
MODULES += ("bench.watch",)  # monitoring: incremental re-screen against a full one
MODULES += ("bench.spark",)  # Spark local[2] against the in-process engine on one file
MODULES += ("bench.forecast",)  # wait-time forecast backtest against two baselines
MODULES += ("bench.auth_keys",)  # what verifying an API key costs
MODULES += ("bench.batch_fields",)  # batch rows left unscreened by a bad optional field


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^(?=## )", text)
    return {p.splitlines()[0][3:].strip(): p.rstrip() + "\n" for p in parts if p.startswith("## ")}


def main(selected: list[str]) -> None:
    existing = _sections(RESULTS.read_text()) if RESULTS.exists() else {}
    for module in MODULES:
        if selected and module.split(".")[-1] not in selected:
            continue
        section = import_module(module).run()
        sys.stdout.write(section + "\n")
        existing[_sections(section).popitem()[0]] = section.rstrip() + "\n"
    header = (
        "# Benchmark results\n\n"
        "Produced by `make bench` (or `python -m bench.run [name ...]`); each section gives its\n"
        "command and the machine, and compares against a baseline measured in the same run.\n"
        f"Last written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n\n"
    )
    RESULTS.write_text(header + "\n".join(existing.values()))


if __name__ == "__main__":
    main(sys.argv[1:])
