"""A job's result files: CSV (the download of record, its sha256 audited) and JSON.

The CSV is written by puente.csvout, as every file Puente hands to people: a cell a
spreadsheet would run as a formula is neutralised, byte for byte the file the in-process
engine and the Spark engine write of the same rows.

Both are written to `<id>.csv.part` / `<id>.json.part`, flushed to disk and renamed when the
job completes, so a reader (or a restart) never sees a half-written result.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO

from puente.csvout import csv_lines

FORMATS = ("csv", "json")


def prepare_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def result_path(folder: Path, job_id: str, fmt: str) -> Path:
    return folder / f"{job_id}.{fmt}"


def _open_private(path: Path) -> IO[bytes]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


class ResultWriter:
    """Writes one job's output rows to both files, hashing the CSV as it goes."""

    def __init__(self, folder: Path, job_id: str, header: list[str]) -> None:
        self._final = {fmt: result_path(folder, job_id, fmt) for fmt in FORMATS}
        self._part = {fmt: path.with_name(path.name + ".part") for fmt, path in self._final.items()}
        self._csv = _open_private(self._part["csv"])
        self._json = _open_private(self._part["json"])
        self._sha = hashlib.sha256()
        self._header = header
        self._first = True
        self._write_csv([header])
        self._json.write(
            (
                '{"job": '
                + json.dumps(job_id)
                + ', "columns": '
                + json.dumps(header, ensure_ascii=False)
                + ', "rows": ['
            ).encode()
        )

    def _write_csv(self, rows: list[list[str]]) -> None:
        data = "".join(csv_lines(rows)).encode()
        self._sha.update(data)
        self._csv.write(data)

    def write(self, rows: list[list[str]]) -> None:
        self._write_csv(rows)
        parts = []
        for row in rows:
            parts.append(json.dumps(dict(zip(self._header, row, strict=False)), ensure_ascii=False))
        if parts:
            lead = "\n" if self._first else ",\n"
            self._json.write((lead + ",\n".join(parts)).encode())
            self._first = False

    def commit(self) -> str:
        """Flush, rename into place; the CSV's sha256."""
        self._json.write(b"\n]}\n")
        for handle in (self._csv, self._json):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for fmt in FORMATS:
            self._part[fmt].replace(self._final[fmt])
        return self._sha.hexdigest()

    def discard(self) -> None:
        for handle in (self._csv, self._json):
            handle.close()
        for path in self._part.values():
            path.unlink(missing_ok=True)


def remove_results(folder: Path, job_id: str) -> None:
    for fmt in FORMATS:
        path = result_path(folder, job_id, fmt)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".part").unlink(missing_ok=True)


def remove_partial(folder: Path) -> list[Path]:
    """Leftover `.part` files of a server that stopped mid-job."""
    found = sorted(folder.glob("*.part"))
    for path in found:
        path.unlink(missing_ok=True)
    return found
