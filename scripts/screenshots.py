"""Screenshots of the main pages for the README: `make screenshots`.

Starts the app on a free port of 127.0.0.1 over the configured database (PUENTE_DB, by
default var/puente.duckdb, filled by `make run` or `puente ingest --all`), opens each main
page in Debian's Chromium at a laptop width (1366 px) and a phone width (390 px), in English
and Spanish, and writes docs/img/<page>-<lang>-<width>.png: the top of the page (at most
MAX_HEIGHT px), re-compressed at zlib's best level.

    python scripts/screenshots.py [--out docs/img] [--only home,travel]
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from puente.api import create_app
from puente.config import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
MAX_HEIGHT = {"desktop": 1400, "phone": 1700}
LANGS = ("en", "es")


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    # A page whose address depends on the data: follow the first link matching `follow` on
    # `path` (a port with wait times, a state) instead of naming one here.
    follow: str | None = None


SHOTS = (
    Shot("home", "/"),
    Shot("border", "/border"),
    Shot("waits", "/border/waits", follow="main a[href^='/border/waits/']"),
    Shot("trade", "/trade"),
    Shot("sanctions", "/sanctions?q=guzman"),
    Shot("screen", "/sanctions/screen"),
    Shot("travel", "/travel"),
    Shot("state", "/travel", follow="#advisory-table a[href^='/travel/states/']"),
    Shot("security", "/security"),
    Shot("relations", "/relations"),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _recompress(png: bytes) -> bytes:
    """The same image with its IDAT data deflated at level 9 (Chromium writes it fast)."""
    signature, rest = png[:8], png[8:]
    chunks: list[tuple[bytes, bytes]] = []
    while rest:
        (length,) = struct.unpack(">I", rest[:4])
        kind, data = rest[4:8], rest[8 : 8 + length]
        chunks.append((kind, data))
        rest = rest[12 + length :]
    raw = zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT"))
    packed = zlib.compress(raw, 9)
    out = [signature]
    wrote_idat = False
    for kind, data in chunks:
        if kind == b"IDAT":
            if wrote_idat:
                continue
            kind, data, wrote_idat = b"IDAT", packed, True
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        out.append(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc))
    smaller = b"".join(out)
    return smaller if len(smaller) < len(png) else png


def _settle(page: Page) -> None:
    """Wait for every chart on the page to be drawn (or to fail)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-vl-spec]')]"
        ".every(e => e.hasAttribute('data-rendered'))",
        timeout=60000,
    )


def take(base: str, out: Path, only: set[str] | None) -> list[Path]:
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind, (width, height) in WIDTHS.items():
            for lang in LANGS:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale=lang
                )
                context.add_cookies([{"name": "lang", "value": lang, "url": base}])
                page = context.new_page()
                for shot in SHOTS:
                    if only and shot.name not in only:
                        continue
                    page.goto(base + shot.path)
                    if shot.follow:
                        link = page.locator(shot.follow).first
                        if link.count() == 0:
                            print(f"skipped {shot.name}: no link {shot.follow}", file=sys.stderr)
                            continue
                        page.goto(base + str(link.get_attribute("href")))
                    _settle(page)
                    full = page.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT[kind])}
                    png = page.screenshot(full_page=True, clip=clip)
                    target = out / f"{shot.name}-{lang}-{width}.png"
                    target.write_bytes(_recompress(png))
                    written.append(target)
                    print(f"{target} {target.stat().st_size // 1024} KiB")
                context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    settings = Settings()
    if not Path(settings.db).exists():
        print(f"no database at {settings.db}: run `make run` or `puente ingest --all` first")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            print("the server did not start", file=sys.stderr)
            return 1
        time.sleep(0.1)
    try:
        only = {name for name in args.only.split(",") if name} or None
        take(f"http://127.0.0.1:{port}", args.out, only)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
