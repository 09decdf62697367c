"""Fetching source files: from a path, a mirror or a URL, gzip and zip read transparently."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from puente.errors import SourceError
from puente.ingest import guard
from puente.ingest.base import FileSpec, RawFile

_CHUNK = 1 << 20


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def resolve_locations(
    specs: tuple[FileSpec, ...], origin: str | None, mirror: Path | None
) -> list[tuple[FileSpec, str]]:
    """Map each file spec to a path or URL.

    --from may be a URL or a single file (for one-file datasets), or a folder holding files
    named as in the mirror or by their spec name.
    """
    if origin is not None:
        if "://" in origin:
            guard.check_url(origin)
        else:
            guard.check_local_file(Path(origin), origin)
        if _is_url(origin) or (Path(origin).is_file() and len(specs) == 1):
            return [(specs[0], origin)]
        folder = Path(origin)
        if not folder.exists():
            raise SourceError("no such file or folder", file=origin)
        if folder.is_file():
            return [(specs[0], origin)]
        return _in_folder(specs, folder, origin)
    packaged = [spec for spec in specs if spec.url.startswith(PACKAGE_SCHEME)]
    if packaged:
        # Project data files ship inside the package; the mirror never holds them.
        return [(spec, str(package_path(spec.url))) for spec in packaged]
    if mirror is not None:
        return _in_folder(specs, Path(mirror), str(mirror), use_mirror_path=True)
    return [(spec, spec.url) for spec in specs]


PACKAGE_SCHEME = "package:"


def package_path(url: str) -> Path:
    """The file behind a `package:puente.border/data/x.csv` address."""
    module, _, relative = url.removeprefix(PACKAGE_SCHEME).partition("/")
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"no package {module!r}", file=url)
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _in_folder(
    specs: tuple[FileSpec, ...], folder: Path, label: str, use_mirror_path: bool = False
) -> list[tuple[FileSpec, str]]:
    found: list[tuple[FileSpec, str]] = []
    for spec in specs:
        candidates = [folder / spec.mirror] if use_mirror_path else []
        candidates += [folder / Path(spec.mirror).name, folder / spec.name]
        hit = next((c for c in candidates if c.is_file()), None)
        if hit is None:
            if spec.required:
                raise SourceError(
                    f"expected file {spec.mirror if use_mirror_path else spec.name} is missing",
                    file=label,
                )
            continue
        found.append((spec, str(hit)))
    return found


def fetch(
    spec: FileSpec,
    location: str,
    workdir: Path,
    timeout: float = 60.0,
    allow_private: bool = False,
) -> RawFile:
    """Bring one file to local disk (downloading if needed) and hash it."""
    if _is_url(location):
        path = _download(location, workdir / Path(spec.mirror).name, timeout, allow_private)
    else:
        path = Path(location)
        guard.check_local_file(path, location)
        if not path.is_file():
            raise SourceError("no such file", file=location)
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return RawFile(spec=spec, path=path, origin=location, sha256=digest.hexdigest(), bytes=size)


def _download(url: str, target: Path, timeout: float, allow_private: bool = False) -> Path:
    try:
        with (
            guard.client(timeout, allow_private) as http,
            http.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise SourceError(
                    f"download failed with HTTP {response.status_code}; expected 200", file=url
                )
            with target.open("wb") as out:
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
    except httpx.HTTPError as exc:
        raise SourceError(f"download failed: {exc}", file=url) from exc
    except SourceError as exc:
        if exc.file is not None:
            raise
        raise SourceError(exc.detail, file=url) from exc
    return target


def decompressed(raw: RawFile, workdir: Path) -> Path:
    """A plain copy of the file if it is gzip or zip (checked whole, so a truncated archive
    fails here); the file itself otherwise."""
    with raw.path.open("rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        target = workdir / (raw.path.name.removesuffix(".gz") + ".plain")
        try:
            with gzip.open(raw.path, "rb") as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
        except (EOFError, OSError, zlib.error) as exc:
            raise SourceError(
                f"the gzip data is damaged or truncated ({exc}); expected a complete gzip file",
                file=raw.label,
            ) from exc
        return target
    if magic == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(raw.path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    names = ", ".join(m.filename for m in members) or "none"
                    raise SourceError(
                        f"expected a zip archive with exactly one file, found: {names}",
                        file=raw.label,
                    )
                target = workdir / (Path(members[0].filename).name + ".plain")
                with archive.open(members[0]) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise SourceError(
                f"the zip archive is damaged or truncated ({exc})", file=raw.label
            ) from exc
        return target
    return raw.path


def check_utf8(path: Path, label: str) -> None:
    """Fail with the line and column of the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r").split(",")
        field_index = data.count(b",", line_start, exc.start)
        column = header[field_index].strip() if field_index < len(header) else None
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; expected UTF-8 text",
            file=label,
            line=line,
            column=column,
        ) from exc


def make_workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="puente-ingest-")


@dataclass(frozen=True, slots=True)
class Download:
    """What a conditional GET got: 304 (not modified, no file) or 200 with the file."""

    url: str
    status: int
    path: Path | None
    etag: str | None
    last_modified: str | None


def download_conditional(
    url: str,
    target: Path,
    timeout: float,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_private: bool | None = None,
) -> Download:
    """GET `url` with If-None-Match / If-Modified-Since when known. A body shorter than its
    Content-Length, a timeout or any status but 200/304 is a SourceError; the partial file is
    removed. Like `--from` and admin ingest, every connection (the first and each redirect)
    goes to a public address only, unless `allow_private` (by default the server's
    PUENTE_FETCH_ALLOW_PRIVATE setting, which the tests' local fake publishers set)."""
    guard.check_url(url)
    if allow_private is None:
        from puente.config import Settings

        allow_private = Settings().fetch_allow_private
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with (
            guard.client(timeout, allow_private) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304:
                return Download(url, 304, None, etag, last_modified)
            if response.status_code != 200:
                raise SourceError(
                    f"download failed with HTTP {response.status_code}; expected 200 or 304",
                    file=url,
                )
            with target.open("wb") as out:
                for chunk in response.iter_bytes(_CHUNK):
                    out.write(chunk)
            return Download(
                url,
                200,
                target,
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.HTTPError as exc:
        target.unlink(missing_ok=True)
        raise SourceError(f"download failed: {exc}", file=url) from exc
    except SourceError as exc:
        target.unlink(missing_ok=True)
        if exc.file is not None:
            raise
        raise SourceError(exc.detail, file=url) from exc
