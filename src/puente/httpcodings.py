"""Content codings for text responses: which one a client takes, and the encoded bytes.

A client names what it decodes in Accept-Encoding; Puente answers with brotli when it may,
else gzip, else the bytes as they are, and says `Vary: Accept-Encoding` on every text
response so a shared cache keeps one copy per coding. Only text is encoded (HTML, JSON, CSV,
JavaScript, CSS, SVG, XML); images and archives are already compressed.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Callable
from typing import Any, Final, cast

import brotli

GZIP: Final = "gzip"
BROTLI: Final = "br"
IDENTITY: Final = "identity"

# Below this many bytes an encoded body saves less than the header that announces it.
MIN_BYTES: Final = 512

# Quality per use. Kept pages and answers are encoded once per data generation, in the
# event loop, so they take the fast settings; static assets are encoded once per process,
# off the request path, so they take the best (brotli 9 is 3.2x on the Vega bundle, gzip 9
# 2.9x). An answer that is not kept (a screening, a page for a signed-in reader) is encoded
# every time it is sent, in the event loop: brotli 3 there costs about a third of brotli 5's
# CPU for 7-15 % more bytes (0.18 ms against 0.65 ms on the 41 KB /border page).
QUALITY: Final[dict[str, dict[str, int]]] = {
    "once": {BROTLI: 3, GZIP: 6},
    "fast": {BROTLI: 5, GZIP: 6},
    "best": {BROTLI: 11, GZIP: 9},
}

_SLOW_BROTLI_BYTES: Final = 256 * 1024

_TEXT_TYPES: Final = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/javascript",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
)


def compressible(content_type: str | None) -> bool:
    """Whether a response of this media type is text worth encoding."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith(_TEXT_TYPES) and media != "text/event-stream"


def negotiate(accept_encoding: str | None) -> str:
    """The coding to answer with: br, then gzip, else identity (q=0 refuses a coding)."""
    if not accept_encoding:
        return IDENTITY
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        params = params.strip().lower()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        weights[name] = weight
    star = weights.get("*", 0.0)
    for coding in (BROTLI, GZIP):
        if weights.get(coding, star) > 0:
            return coding
    return IDENTITY


def encode(body: bytes, coding: str, quality: str = "fast") -> bytes:
    """`body` in `coding` (identity returns it unchanged)."""
    level = QUALITY[quality]
    if coding == BROTLI:
        # brotli 10-11 costs seconds on a large bundle (16 s for Vega's on a busy machine);
        # 9 is within 10 % of it at a tenth of the time
        best = level[BROTLI] if len(body) <= _SLOW_BROTLI_BYTES else min(level[BROTLI], 9)
        return cast(bytes, brotli.compress(body, quality=best))
    if coding == GZIP:
        return gzip.compress(body, compresslevel=level[GZIP], mtime=0)
    return body


class Encoded:
    """One body and its encodings, each made once when first asked for and then kept.

    With `background`, brotli is made in a thread and requests get gzip until it is ready.
    """

    __slots__ = ("_background", "_lock", "_pending", "_quality", "_variants", "body")

    def __init__(self, body: bytes, quality: str = "fast", background: bool = False) -> None:
        self.body = body
        self._quality = quality
        self._background = background
        self._variants: dict[str, bytes] = {IDENTITY: body}
        self._pending: set[str] = set()
        self._lock = threading.Lock()

    def get(self, coding: str) -> tuple[str, bytes]:
        """(the coding used, the bytes): identity for a small body or an unknown coding."""
        if coding == IDENTITY or len(self.body) < MIN_BYTES or coding not in (BROTLI, GZIP):
            return IDENTITY, self.body
        with self._lock:
            ready = self._variants.get(coding)
        if ready is not None:
            return coding, ready
        if not self._background or coding == GZIP:
            made = encode(self.body, coding, self._quality)
            with self._lock:
                self._variants[coding] = made
            return coding, made
        # brotli at its best takes a while on a large body: made in a thread, and meanwhile
        # the request gets gzip (always the same gzip bytes, so each ETag names one body)
        self._start(coding)
        return self.get(GZIP)

    def _start(self, coding: str) -> None:
        with self._lock:
            if coding in self._pending:
                return
            self._pending.add(coding)

        def work() -> None:
            made = encode(self.body, coding, self._quality)
            with self._lock:
                self._variants[coding] = made

        threading.Thread(target=work, name=f"encode-{coding}", daemon=True).start()

    def ready(self, coding: str) -> bool:
        with self._lock:
            return coding in self._variants

    @property
    def count(self) -> int:
        """How many codings are held (the body itself counted)."""
        return len(self._variants)

    @property
    def size(self) -> int:
        """Bytes held, every coding counted."""
        with self._lock:
            return sum(len(v) for v in self._variants.values())


def stream_encoder(coding: str) -> tuple[Callable[[bytes], bytes], Callable[[], bytes]]:
    """(feed, finish) that encode a body sent in parts (streamed CSV, for example)."""
    if coding == BROTLI:
        compressor: Any = brotli.Compressor(quality=QUALITY["fast"][BROTLI])
        return (
            lambda chunk: cast(bytes, compressor.process(chunk)),
            lambda: cast(bytes, compressor.finish()),
        )
    gz = zlib.compressobj(QUALITY["fast"][GZIP], zlib.DEFLATED, 31)
    return gz.compress, gz.flush
