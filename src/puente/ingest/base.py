"""The Source protocol: what every dataset tells the ingest runner about itself."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import duckdb

Progress = Callable[[str], None]
"""Called with a short phase description ("reading", "validating", ...)."""


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One file a dataset is made of.

    `mirror` is its path under PUENTE_MIRROR (laid out like shared/data); `url` is where the
    official publisher serves it.
    """

    name: str
    mirror: str
    url: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file fetched to local disk, with what provenance needs."""

    spec: FileSpec
    path: Path
    origin: str
    sha256: str
    bytes: int

    @property
    def label(self) -> str:
        """How error messages name the file: the path or URL the user gave."""
        return self.origin


@dataclass(frozen=True, slots=True)
class LoadContext:
    """What a source's load gets: its fetched files, the version being written, a scratch
    folder that is removed afterwards, and a progress callback."""

    files: list[RawFile]
    version: int
    workdir: Path
    progress: Progress

    def table(self, name: str) -> str:
        """The physical name of this version of a dataset table."""
        from puente.store.catalog import table_name

        return table_name(name, self.version)

    def file(self, name: str) -> RawFile | None:
        """The fetched file of that spec name, or None when an optional file is absent."""
        return next((raw for raw in self.files if raw.spec.name == name), None)


@dataclass(slots=True)
class LoadResult:
    rows: int
    coverage_start: str | None = None
    coverage_end: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)


class Source(ABC):
    """A dataset Puente can load. Subclasses are registered in puente.ingest.registry."""

    name: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    parser_version: ClassVar[str]
    files: ClassVar[tuple[FileSpec, ...]]
    tables: ClassVar[tuple[str, ...]]
    # For a third-party copy: says so and names the official source a user could use instead.
    official_source: ClassVar[str | None] = None

    def resolve(self, origin: str | None, mirror: Path | None) -> list[tuple[FileSpec, str]]:
        """Where each file is: under --from (a file or a folder), under the mirror, or at the
        publisher's URL. Missing optional files are left out."""
        from puente.ingest.fetch import resolve_locations

        return resolve_locations(self.files, origin, mirror)

    @abstractmethod
    def load(self, cur: duckdb.DuckDBPyConnection, ctx: LoadContext) -> LoadResult:
        """Create this version's tables (`ctx.table(name)` for each name in `tables`) inside
        the caller's transaction and return what was loaded. Raise SourceError on bad input;
        the transaction is then rolled back and the store is unchanged."""
