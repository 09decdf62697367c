"""How provenance names where a file came from: the publisher's URL, the path relative to the
mirror, or the packaged data file's `package:` address; never a path of the server's disk."""

from __future__ import annotations

from pathlib import Path

from puente.ingest.base import RawFile
from puente.ingest.fetch import PACKAGE_SCHEME, package_path


def public_origin(raw: RawFile, mirror: Path | None) -> str:
    """The name of a fetched file that is safe and useful to show to anyone."""
    origin = raw.origin
    if origin.startswith(("http://", "https://")):
        return origin
    path = Path(origin)
    if raw.spec.url.startswith(PACKAGE_SCHEME):
        try:
            if path.resolve() == package_path(raw.spec.url).resolve():
                return raw.spec.url
        except (OSError, ValueError):
            pass
    return public_path(path, mirror)


def public_path(path: Path, mirror: Path | None) -> str:
    """A local file as provenance names it: its path under the mirror, else its file name."""
    if mirror is not None:
        try:
            return path.resolve().relative_to(Path(mirror).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def public_text(text: str, mirror: Path | None) -> str:
    """A message about a load with the mirror's place on the server's disk taken out: a file
    under it is named by its mirror-relative path, the folder itself as "the mirror"."""
    if mirror is None:
        return text
    roots = {str(Path(mirror)).rstrip("/"), str(Path(mirror).resolve()).rstrip("/")}
    for root in sorted((r for r in roots if r), key=len, reverse=True):
        text = text.replace(root + "/", "").replace(root, "the mirror")
    return text
