"""Mixed load on the web app: pages, data APIs and screening POSTs at 32 clients, on this
code and on the commit before kept pages (BASELINE), each from its own checkout, venv and
database loaded with every dataset, one after the other in the same run.

    python -m bench.run web_load      (or make bench)

Also measured, on both: bytes on the wire for /border, /travel and the Vega bundle as a
browser asks for them (Accept-Encoding: gzip, deflate, br), what one page render costs when
nothing is kept (a fresh query string each time), and the server's resident memory with every
dataset loaded and the screening index built.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.common import ROOT, UNLIMITED, WORK, free_port, machine, mirror, wrk

BASELINE = "8f70e2b"
CLIENTS = 32
SECONDS = 15
PAGES = ["/", "/border", "/trade", "/travel", "/sanctions"]
APIS = ["/api/border/summary", "/api/trade/summary", "/api/sanctions/search?q=guzman"]
NAMES = ["Joaquin Guzman Loera", "Rafael Caro Quintero", "Maria Fernanda Lopez Ortiz"]
BROWSER_ENCODING = "gzip, deflate, br"


def _mix_script(screening: bool = True) -> Path:
    """One round of the fixed mix: the five pages, the three APIs, one screening POST (a
    different name each round), in order; every request says what a browser accepts.
    Without `screening`, the GETs alone."""
    entries = [f'{{"GET", "{path}", nil}}' for path in PAGES + APIS]
    if screening:
        entries.append('{"POST", "/api/screen", "body"}')
    bodies = ",".join("[[" + json.dumps({"queries": [{"name": n}]}) + "]]" for n in NAMES)
    script = WORK / ("web_mix.lua" if screening else "web_gets.lua")
    script.write_text(
        f"""
local entries = {{{", ".join(entries)}}}
local bodies = {{{bodies}}}
local i, round = 0, 0
request = function()
  i = i % #entries + 1
  local e = entries[i]
  local headers = {{["Accept-Encoding"] = "{BROWSER_ENCODING}"}}
  if e[1] == "POST" then
    round = round % #bodies + 1
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", e[2], headers, bodies[round])
  end
  return wrk.format("GET", e[2], headers)
end
"""
    )
    return script


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> None:
    subprocess.run(command, cwd=cwd, check=check, env={**os.environ, **(env or {})})


def _checkout(name: str) -> tuple[Path, Path]:
    """(source folder, python) of a checkout: this one, or a git worktree of BASELINE with
    its own venv."""
    if name == "current":
        return ROOT, Path(sys.executable)
    folder = WORK / f"baseline-{BASELINE}"
    if not folder.exists():
        _run(["git", "worktree", "add", "--detach", str(folder), BASELINE], ROOT)
    python = folder / ".venv" / "bin" / "python"
    if not (folder / ".venv" / ".installed").exists():
        _run([sys.executable, "-m", "venv", ".venv"], folder)
        _run([str(python), "-m", "pip", "install", "-q", "-e", "."], folder)
        (folder / ".venv" / ".installed").touch()
    return folder, python


def _database(name: str, folder: Path, python: Path) -> Path:
    """Every dataset loaded from the mirror by that checkout's own code (kept between runs)."""
    db = WORK / f"web-{name}.duckdb"
    done = db.with_suffix(".loaded")
    if not done.exists():
        for leftover in db.parent.glob(db.name + "*"):
            leftover.unlink()
        env = {"PUENTE_MIRROR": str(mirror())}
        # As `make run` does: a dataset the mirror lacks (it is fetched from its publisher,
        # and this machine may be offline) is reported, and the rest is served.
        command = [str(python), "-m", "puente", "--db", str(db), "ingest", "--all"]
        _run(command, folder, env, check=False)
        if not db.exists():
            raise RuntimeError(f"`{' '.join(command)}` wrote no database")
        done.touch()
    return db


def _start(folder: Path, python: Path, db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(python), "-m", "puente", "--db", str(db), "serve", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **UNLIMITED},
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(url + "/", timeout=5).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"server in {folder} did not start")
        time.sleep(0.3)


def _wire_bytes(client: httpx.Client, url: str) -> tuple[int, str]:
    with client.stream("GET", url, headers={"Accept-Encoding": BROWSER_ENCODING}) as response:
        response.raise_for_status()
        raw = b"".join(response.iter_raw())
        return len(raw), response.headers.get("content-encoding", "identity")


def _vega_url(client: httpx.Client, base: str) -> str:
    html = client.get(base + "/border").text
    found = re.search(r'src="(/[^"]*vega[^"]*\.js)"', html)
    return base + (found.group(1) if found else "/static/vendor/vega.js")


def _rss_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    now = re.search(r"VmRSS:\s+(\d+) kB", status)
    peak = re.search(r"VmHWM:\s+(\d+) kB", status)
    return (
        int(now.group(1)) / 1024 if now else float("nan"),
        int(peak.group(1)) / 1024 if peak else float("nan"),
    )


@dataclass
class Measured:
    load: dict[str, float] = field(default_factory=dict)
    gets: dict[str, float] = field(default_factory=dict)
    wire: dict[str, tuple[int, str]] = field(default_factory=dict)
    render_ms: dict[str, float] = field(default_factory=dict)
    rss: tuple[float, float] = (float("nan"), float("nan"))


def _measure(name: str) -> Measured:
    folder, python = _checkout(name)
    db = _database(name, folder, python)
    process, url = _start(folder, python, db)
    result = Measured()
    try:
        with httpx.Client(timeout=120) as client:
            # warm: every URL of the mix once, the screening index built, the Vega bundle
            # built (and, here, its brotli encoding made)
            for path in PAGES + APIS:
                client.get(url + path).raise_for_status()
            for query in NAMES:
                client.post(url + "/api/screen", json={"queries": [{"name": query}]})
            vega = _vega_url(client, url)
            deadline = time.monotonic() + 120
            while _wire_bytes(client, vega)[1] not in ("br", "identity"):
                if time.monotonic() > deadline:
                    break
                time.sleep(1)
            result.wire = {
                "/border": _wire_bytes(client, url + "/border"),
                "/travel": _wire_bytes(client, url + "/travel"),
                "vega.js": _wire_bytes(client, vega),
            }
            renders: dict[str, float] = {}
            for path in ("/border", "/trade", "/travel"):
                times = []
                for n in range(5):
                    sep = "&" if "?" in path else "?"
                    start = time.perf_counter()
                    client.get(f"{url}{path}{sep}uncached={time.time_ns()}{n}").raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
                renders[path] = statistics.median(times)
            result.render_ms = renders
        result.load = wrk(
            url, connections=CLIENTS, seconds=SECONDS, threads=2, script=str(_mix_script())
        )
        result.gets = wrk(
            url, connections=CLIENTS, seconds=SECONDS, threads=2, script=str(_mix_script(False))
        )
        result.rss = _rss_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return result


def _fmt_bytes(entry: tuple[int, str]) -> str:
    size, coding = entry
    return f"{size / 1024:,.1f} KB ({coding})"


def _errors(load: dict[str, float]) -> float:
    return load.get("errors", 0.0) + load.get("socket_errors", 0.0)


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    base = _measure("baseline")
    now = _measure("current")
    bl, nl = base.load, now.load
    ratio = nl["rps"] / bl["rps"] if bl["rps"] else float("nan")
    nan = float("nan")
    lines = [
        "## Web under load",
        "",
        "Command: `make bench` (`python -m bench.run web_load`). "
        f"Machine: {machine()}; other work was running on it (load average "
        f"{os.getloadavg()[0]:.1f} at the end).",
        f"Mix, one round per client in order: GET {', '.join(PAGES)}, "
        f"{', '.join(APIS)}, then one `POST /api/screen` (a name per round); "
        f"`wrk -t2 -c{CLIENTS} -d{SECONDS}s`, every request with "
        f"`Accept-Encoding: {BROWSER_ENCODING}`. Each server is a `puente serve` of its own "
        "checkout (the baseline from a git worktree of "
        f"{BASELINE} with its own venv) over its own database with every dataset loaded; "
        "the servers run one after the other, each warmed with one request per URL first.",
        "",
        "| what | baseline | this | ratio |",
        "|---|---|---|---|",
        f"| requests/s | {bl['rps']:,.1f} | {nl['rps']:,.1f} | {ratio:,.1f}x |",
        f"| p50 (ms) | {bl.get('p50', nan):,.1f} | {nl.get('p50', nan):,.2f} | |",
        f"| p99 (ms) | {bl.get('p99', nan):,.1f} | {nl.get('p99', nan):,.2f} | |",
        f"| errors (non-2xx/3xx + socket) | {_errors(bl):.0f} | {_errors(nl):.0f} | |",
    ]
    bg, ng = base.gets, now.gets
    get_ratio = ng["rps"] / bg["rps"] if bg["rps"] else float("nan")
    lines += [
        f"| the GETs alone (no POST): requests/s | {bg['rps']:,.1f} | {ng['rps']:,.1f} | "
        f"{get_ratio:,.1f}x |",
        f"| the GETs alone: p50 / p99 (ms) | {bg.get('p50', nan):,.1f} / {bg.get('p99', nan):,.1f} "
        f"| {ng.get('p50', nan):,.2f} / {ng.get('p99', nan):,.2f} | |",
        f"| the GETs alone: errors | {_errors(bg):.0f} | {_errors(ng):.0f} | |",
    ]
    bw, nw = base.wire, now.wire
    for key in ("/border", "/travel", "vega.js"):
        shrink = bw[key][0] / nw[key][0]
        lines.append(
            f"| bytes on the wire, {key} | {_fmt_bytes(bw[key])} | {_fmt_bytes(nw[key])} | "
            f"{shrink:,.1f}x smaller |"
        )
    br, nr = base.render_ms, now.render_ms
    for key in br:
        lines.append(
            f"| one render of {key}, nothing kept (ms, median of 5) | {br[key]:,.0f} | "
            f"{nr[key]:,.0f} | {br[key] / nr[key]:,.1f}x |"
        )
    brss, nrss = base.rss, now.rss
    lines += [
        f"| server resident memory after the run, MB (peak) | {brss[0]:,.0f} ({brss[1]:,.0f}) | "
        f"{nrss[0]:,.0f} ({nrss[1]:,.0f}) | |",
        "",
        "Targets: 0 errors, p99 under 100 ms, at least 30x the baseline's throughput; /border "
        "and vega.js at least 3x smaller on the wire; memory with every dataset loaded and "
        "the screening index built under 600 MB.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(run())
