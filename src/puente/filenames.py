"""File names that reach a header: a download's Content-Disposition (RFC 6266)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 !#$&+.^_`|~()\[\]{}\-]")
MAX_FILENAME = 150


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE_ASCII.sub("_", plain).strip(" ._-")


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """A Content-Disposition header for any file name (RFC 6266): an ASCII `filename`
    for old clients and the exact name, UTF-8 and percent-encoded, as `filename*`
    (RFC 5987), which every current browser prefers. Path parts, quotes, control
    characters and separators never reach the header."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    name = name[:MAX_FILENAME] or "download"
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    fallback = _ascii(stem) or "download"
    if dot and _ascii(ext):
        fallback += "." + _ascii(ext)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
