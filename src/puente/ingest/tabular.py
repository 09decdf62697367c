"""Staging a published CSV in DuckDB and checking it, with errors that name file, line and
column.

The fast path is DuckDB's own CSV reader (all columns as text); the checks are SQL over the
staged rows, each reporting the first offending line.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from puente.errors import SourceError
from puente.ingest.base import RawFile
from puente.ingest.fetch import check_utf8, decompressed


def normalize_header(name: str) -> str:
    """'Port Code' / 'port_code' / '\\ufeffPort Code ' all become 'port_code'."""
    return re.sub(r"[^a-z0-9]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A fetched CSV ready for DuckDB: plain or gzip (read by DuckDB directly), or the single
    member of a zip archive (extracted to the load's scratch folder)."""

    raw: RawFile
    path: Path
    compression: str
    workdir: Path

    @property
    def label(self) -> str:
        return self.raw.label

    @classmethod
    def open(cls, raw: RawFile, workdir: Path) -> CsvFile:
        with raw.path.open("rb") as handle:
            magic = handle.read(4)
        if not magic:
            raise SourceError(
                "the file is empty; expected a header row and data rows", file=raw.label
            )
        if magic[:2] == b"\x1f\x8b":
            return cls(raw, raw.path, "gzip", workdir)
        if magic == b"PK\x03\x04":
            return cls(raw, decompressed(raw, workdir), "none", workdir)
        return cls(raw, raw.path, "none", workdir)

    def _open_text(self) -> io.TextIOBase:
        if self.compression == "gzip":
            return io.TextIOWrapper(gzip.open(self.path, "rb"), encoding="utf-8", newline="")
        return self.path.open(encoding="utf-8", newline="")

    def header(self) -> list[str]:
        try:
            with self._open_text() as handle:
                header = next(csv.reader(handle), None)
        except (csv.Error, UnicodeDecodeError, EOFError, OSError, zlib.error):
            self.diagnose()
            raise SourceError("unreadable header row", file=self.label, line=1) from None
        if not header or not any(cell.strip() for cell in header):
            raise SourceError(
                "the file is empty; expected a header row and data rows", file=self.label
            )
        return header

    def diagnose(self) -> None:
        """The slow, precise check, run only after the fast reader failed: decompress the
        whole file (a truncated archive fails here) and find the first byte that is not UTF-8."""
        plain = decompressed(self.raw, self.workdir) if self.compression == "gzip" else self.path
        check_utf8(plain, self.label)


def map_columns(
    header: Sequence[str],
    required: Sequence[str],
    optional: Sequence[str],
    label: str,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Map canonical column names to the header's own spelling; fail on a missing column."""
    aliases = aliases or {}
    by_norm: dict[str, str] = {}
    for name in header:
        norm = normalize_header(name)
        by_norm.setdefault(aliases.get(norm, norm), name)
    missing = [col for col in required if col not in by_norm]
    if missing:
        # Only names Puente knows are shown: the header of a wrong file (a system file, a
        # secret) is never echoed back.
        known = [col for col in (*required, *optional) if col in by_norm]
        raise SourceError(
            f"missing column(s) {', '.join(missing)}; expected columns "
            f"{', '.join(required)} (the header has {len(header)} column(s); known among "
            f"them: {', '.join(known) or 'none'})",
            file=label,
            line=1,
        )
    return {col: by_norm[col] for col in (*required, *optional) if col in by_norm}


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage_csv(
    cur: duckdb.DuckDBPyConnection,
    source: CsvFile,
    columns: Mapping[str, str],
    table: str = "_stage",
) -> int:
    """Stage the CSV as a temp table of text columns named canonically, plus `line`
    (the line number in the file, header being line 1). Returns the row count."""
    header = source.header()
    # The header's own names, all as text: no type sniffing, and a row with more or fewer
    # fields than the header is an error with its line number.
    declared = (
        "{"
        + ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for name in header)
        + "}"
    )
    select = ", ".join(f"{quote_ident(src)} AS {canon}" for canon, src in columns.items())
    try:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(
            f"CREATE TEMP TABLE {table} AS SELECT (row_number() OVER () + 1)::BIGINT AS line, "
            f"{select} FROM read_csv(?, header = true, auto_detect = false, columns = {declared}, "
            "delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
            f"null_padding = false, compression = '{source.compression}')",
            [str(source.path)],
        )
    except duckdb.Error as exc:
        source.diagnose()
        message = str(exc).split("\n")
        line = None
        for part in message:
            found = re.search(r"\bLine:?\s*(\d+)", part)
            if found:
                line = int(found.group(1))
                break
        raise SourceError(
            f"not a well-formed CSV ({message[0].strip()}); expected comma-separated rows "
            "with the header's number of fields",
            file=source.label,
            line=line,
        ) from exc
    row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
    count = int(row[0]) if row else 0
    if count == 0:
        raise SourceError("the file has a header but no data rows", file=source.label)
    return count


def check_rows(
    cur: duckdb.DuckDBPyConnection,
    label: str,
    condition: str,
    column: str,
    expected: str,
    table: str = "_stage",
    display: str | None = None,
) -> None:
    """Fail on the first staged row where `condition` (SQL) holds."""
    row = cur.execute(
        f"SELECT line, {column} FROM {table} WHERE {condition} ORDER BY line LIMIT 1"
    ).fetchone()
    if row is not None:
        raise SourceError(
            f"{row[1]!r} is not valid; expected {expected}",
            file=label,
            line=int(row[0]),
            column=display or column,
        )


@dataclass(frozen=True, slots=True)
class Check:
    """A rule every staged row must keep: `fails` is SQL that is true on a bad row."""

    column: str
    fails: str
    expected: str


def check_all(
    cur: duckdb.DuckDBPyConnection,
    label: str,
    checks: Sequence[Check],
    display: Mapping[str, str],
    table: str = "_stage",
) -> None:
    """One scan for every rule; fails on the first bad line (first rule broken on it)."""
    if not checks:
        return
    cases = " ".join(f"WHEN {c.fails} THEN {i}" for i, c in enumerate(checks))
    values = " ".join(f"WHEN {i} THEN CAST({c.column} AS VARCHAR)" for i, c in enumerate(checks))
    row = cur.execute(
        f"SELECT line, broken, CASE broken {values} END FROM "
        f"(SELECT *, CASE {cases} END AS broken FROM {table}) "
        "WHERE broken IS NOT NULL ORDER BY line LIMIT 1"
    ).fetchone()
    if row is None:
        return
    check = checks[int(row[1])]
    raise SourceError(
        f"{row[2]!r} is not valid; expected {check.expected}",
        file=label,
        line=int(row[0]),
        column=display.get(check.column, check.column),
    )
