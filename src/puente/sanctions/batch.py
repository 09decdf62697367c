"""Batch screening of a CSV file: customers in, their candidates on every list out.

Input: CSV text with a header row, in UTF-8 (a byte-order mark is fine), UTF-16 with its
byte-order mark, or the Windows-1252 text Excel writes in Mexico and Europe; comma, semicolon
or tab separated, as the header row shows. `name` is required (or nombre, razon_social...),
`type`, `birth_date`, `country` and `id_number` are optional, and any other column is carried
through unchanged.

Output: one row per (input row, candidate), the input columns, then OUTPUT_COLUMNS:

- `row`: the input's data row (1 is the first row under the header; blank rows are skipped);
- `rank`: 1, 2, ... over the row's candidates, best first; every candidate that alerts on any
  list gets its own output row; a row with no alert gets one output row with its best
  candidate below the threshold (`match` false), or none (rank empty);
- `list`, `list_version`, `entity_id`, `matched_name` (the name or alias that matched),
  `primary_name` (the entry's name), `score`, `match`, `programs`, `explanation`;
- `warnings`: optional fields that could not be read, left out of the screening (the row is
  still screened on its name);
- `error`: why the row could not be screened at all (no name, wrong number of fields).

A file that is not CSV text, has no name column or no rows is refused whole with the line and
field at fault (`UploadError`, whose message the web page shows in the reader's language).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from puente.csvout import csv_lines, neutralise
from puente.errors import InvalidInput
from puente.ingest.tabular import normalize_header
from puente.sanctions.batchfields import check_row
from puente.sanctions.batchlists import ListIndex, audit_label, echo_query, screen_unaudited
from puente.sanctions.screener import MAX_BATCH
from puente.store import Store

INPUT_COLUMNS = ("name", "type", "birth_date", "country", "id_number")
OUTPUT_COLUMNS = (
    "row",
    "rank",
    "list",
    "list_version",
    "entity_id",
    "matched_name",
    "primary_name",
    "score",
    "match",
    "programs",
    "explanation",
    "warnings",
    "error",
)
RANK, MATCH, WARNINGS, ERROR = (
    OUTPUT_COLUMNS.index(c) - len(OUTPUT_COLUMNS) for c in ("rank", "match", "warnings", "error")
)
"""Positions of those cells counted from the end of an output row."""
ENTITY_ID, SCORE = (OUTPUT_COLUMNS.index(c) - len(OUTPUT_COLUMNS) for c in ("entity_id", "score"))

_ALIASES = {
    "dob": "birth_date",
    "date_of_birth": "birth_date",
    "birthdate": "birth_date",
    "entity_type": "type",
    "id": "id_number",
    "idnumber": "id_number",
    "nationality": "country",
    "citizenship": "country",
    "full_name": "name",
    "nombre": "name",
    "nombre_completo": "name",
    "razon_social": "name",
    "tipo": "type",
    "fecha_de_nacimiento": "birth_date",
    "fecha_nacimiento": "birth_date",
    "pais": "country",
    "nacionalidad": "country",
    "curp": "id_number",
    "rfc": "id_number",
    "numero_de_identificacion": "id_number",
}
NAME_HEADERS = ("name", *(k for k, v in _ALIASES.items() if v == "name"))
"""The header names read as the name column."""
MAX_FIELD = 10_000

__all__ = ["ListIndex", "echo_query", "screen_unaudited"]


class UploadError(InvalidInput):
    """A file refused whole: its English detail, and the message's template and values for
    the pages to show in the reader's language (the template is in the catalog)."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template % values)
        self.template = template
        self.values = values


EMPTY = (
    "%(file)s is empty; expected a CSV file with a header row (a name column) and one row per name"
)
HEADER_ONLY = (
    "%(file)s has a header row (line 1) but no rows below it; expected one row per name "
    "under the header"
)
NO_NAME = (
    "%(file)s, line 1: no name column; found the columns %(found)s; expected a column named "
    "%(accepted)s (and optionally type, birth_date, country, id_number)"
)
NOT_TEXT = (
    "%(file)s, line %(line)s: byte 0x%(byte)s is neither UTF-8 nor Windows-1252 text; expected "
    "a CSV file (in Excel: Save as, CSV UTF-8)"
)
BINARY = (
    "%(file)s, line %(line)s: the file holds NUL bytes, so it is not CSV text (a .xlsx or .xls "
    "workbook?); expected a CSV file (in Excel: Save as, CSV UTF-8)"
)
MALFORMED = (
    "%(file)s, line %(line)s: malformed CSV (%(problem)s); expected fields separated by commas, "
    "a field holding a comma or a quote in double quotes"
)
TWICE = "%(file)s, line 1: the column %(column)s appears twice in the header; expected it once"
RESERVED = (
    "%(file)s, line 1: the column %(column)s has the name of a column the results add; "
    "expected it renamed"
)
MESSAGES = (EMPTY, HEADER_ONLY, NO_NAME, NOT_TEXT, BINARY, MALFORMED, TWICE, RESERVED)


@dataclass(slots=True)
class BatchInput:
    header: list[str]
    columns: dict[str, int]
    """Canonical input column -> position in the header."""
    rows: list[tuple[int, list[str]]]
    """(line number, fields)."""
    lists: list[str] | None = None
    """The lists to screen against (None: every loaded list)."""
    encoding: str = "utf-8"
    """The encoding the file was read in."""


def decode_csv(data: bytes, label: str = "the file") -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    return decode_upload(data, label)[0]


def decode_upload(data: bytes, label: str = "the file") -> tuple[str, str]:
    """The file's text and the encoding it was read in."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UploadError(EMPTY, file=label)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise UploadError(
                NOT_TEXT, file=label, line=line, byte=f"{data[exc.start]:02x}"
            ) from exc
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # What Excel writes for "CSV (comma delimited)" on a Spanish or English Windows.
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UploadError(NOT_TEXT, file=label, line=line, byte=f"{data[exc.start]:02x}") from exc


def parse_csv(text: str, label: str = "the file") -> BatchInput:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UploadError(BINARY, file=label, line=line)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise UploadError(EMPTY, file=label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise UploadError(MALFORMED, file=label, line=1, problem=str(exc)) from exc
    columns = read_header(header, label)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise UploadError(
                MALFORMED, file=label, line=reader.line_num, problem=str(exc)
            ) from exc
        start, line = line + 1, reader.line_num
        if fields and any(f.strip() for f in fields):
            rows.append((start, fields))
    if not rows:
        raise UploadError(HEADER_ONLY, file=label)
    return BatchInput(header, columns, rows)


def read_header(header: list[str], label: str = "the file") -> dict[str, int]:
    """Canonical input column -> its position in the header row; UploadError if there is no
    name column, a column twice, or one named as a result column."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = normalize_header(_fold(cell))
        key = _ALIASES.get(key, key)
        if key in OUTPUT_COLUMNS:
            raise UploadError(RESERVED, file=label, column=repr(cell))
        if key in INPUT_COLUMNS:
            if key in columns:
                raise UploadError(TWICE, file=label, column=repr(key))
            columns[key] = position
    if "name" not in columns:
        found = ", ".join(repr(h.strip()) for h in header if h.strip())[:300] or "none"
        accepted = ", ".join(NAME_HEADERS)
        raise UploadError(NO_NAME, file=label, found=found, accepted=accepted)
    return columns


def read_upload(data: bytes, label: str = "the file", lists: Any = None) -> BatchInput:
    """An uploaded file's bytes as a batch (decoded, parsed, the lists checked)."""
    from puente.sanctions.lists import parse_lists

    text, encoding = decode_upload(data, label)
    parsed = parse_csv(text, label)
    parsed.lists = parse_lists(lists)
    parsed.encoding = encoding
    return parsed


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _delimiter(text: str) -> str:
    """Comma, or the semicolon a Spanish- or European-locale spreadsheet writes, or a tab:
    whichever the header line uses most."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _query(batch: BatchInput, fields: list[str]) -> tuple[dict[str, Any], list[str], str | None]:
    """The row's query, its warnings, or the problem that keeps it from being screened."""
    if len(fields) != len(batch.header):
        problem = f"row has {len(fields)} fields; the header has {len(batch.header)}"
        return {}, [], problem
    if any(len(f) > MAX_FIELD for f in fields):
        return {}, [], f"a field is longer than {MAX_FIELD:,} characters"
    checked = check_row({key: fields[pos] for key, pos in batch.columns.items()})
    return checked.query, list(checked.warnings), None


@dataclass(slots=True)
class ScreenedChunk:
    rows: list[list[str]]
    """Output rows: the input fields, then OUTPUT_COLUMNS."""
    queries: list[dict[str, Any]]
    """The queries screened (rows with a problem are not)."""
    answer: dict[str, Any] | None
    """What `screen` answered for them (None when every row had a problem)."""


def screen_chunk(
    batch: BatchInput,
    chunk: list[tuple[int, list[str]]],
    screen: Callable[[list[dict[str, Any]]], dict[str, Any]],
    first_row: int = 1,
) -> ScreenedChunk:
    """One chunk (at most MAX_BATCH rows, the first being data row `first_row`) screened by
    `screen`, as output rows."""
    prepared = [_query(batch, fields) for _, fields in chunk]
    queries = [q for q, _, problem in prepared if problem is None]
    answer = screen(queries) if queries else None
    results = iter(answer["results"]) if answer is not None else iter(())
    rows: list[list[str]] = []
    for number, ((_, fields), (_, warnings, problem)) in enumerate(
        zip(chunk, prepared, strict=True), start=first_row
    ):
        padded = (fields + [""] * len(batch.header))[: len(batch.header)]
        if problem is not None:
            rows.append([*padded, *_cells(number, None, warnings, problem)])
            continue
        result = next(results)
        if result.get("error"):
            rows.append([*padded, *_cells(number, None, warnings, str(result["error"]))])
        elif not result["matches"]:
            rows.append([*padded, *_cells(number, None, warnings, "")])
        else:
            for rank, match in enumerate(result["matches"], start=1):
                rows.append([*padded, *_cells(number, (rank, match), warnings, "")])
    return ScreenedChunk(rows, queries, answer)


def _cells(
    number: int, candidate: tuple[int, dict[str, Any]] | None, warnings: list[str], error: str
) -> list[str]:
    notes = "; ".join(warnings)
    if candidate is None:
        return [
            str(number),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "" if error else "false",
            "",
            "",
            notes,
            error,
        ]
    rank, m = candidate
    return [
        str(number),
        str(rank),
        str(m.get("dataset", "")),
        str(m.get("list_version", "")),
        str(m["entity_id"]),
        m["name"],
        m.get("primary_name") or m["name"],
        f"{m['score']:.3f}",
        "true" if m["match"] else "false",
        "; ".join(m["programs"]),
        m["explanation"],
        notes,
        error,
    ]


def held_lists(store: Store, lists: list[str] | None) -> list[ListIndex]:
    """The index of each list to screen against (those asked for, else every loaded list)."""
    from puente.sanctions.multilist import list_index, selected_lists

    held = []
    for dataset in selected_lists(store, lists):
        index, version = list_index(store, dataset)
        held.append(ListIndex(dataset, version.version, version.sha256, index))
    return held


def screen_batch(
    store: Store | None,
    batch: BatchInput,
    threshold: float,
    actor: str,
    channel: str,
    progress: Callable[[int], None] | None = None,
    screen: Callable[[list[dict[str, Any]]], dict[str, Any]] | None = None,
) -> Iterator[list[str]]:
    """Output rows (header first), screened in chunks of 1,000, each chunk audited.

    `screen` may replace the local screening (the CLI passes the running server's API)."""
    from puente.sanctions.audit import AuditEntry, record_screening

    held: list[ListIndex] = []

    def local(queries: list[dict[str, Any]]) -> dict[str, Any]:
        if store is None:
            raise InvalidInput("no store to screen against")
        store.require_writable("screening")
        if not held:
            held.extend(held_lists(store, batch.lists))
        answer = screen_unaudited(held, queries, threshold)
        dataset, number, sha = audit_label(held)
        answer["audit_id"] = record_screening(
            store,
            AuditEntry(
                actor=actor,
                channel=channel,
                threshold=threshold,
                queries=answer["audit_queries"],
                results=answer["audit_results"],
                list_version=number,
                list_sha256=sha,
                dataset=dataset,
            ),
        )
        return answer

    run = screen or local
    yield [*batch.header, *OUTPUT_COLUMNS]
    for start in range(0, len(batch.rows), MAX_BATCH):
        chunk = batch.rows[start : start + MAX_BATCH]
        yield from screen_chunk(batch, chunk, run, start + 1).rows
        if progress is not None:
            progress(len(chunk))


def counts(rows: Iterable[list[str]]) -> tuple[int, int, int]:
    """(input rows, rows with at least one alert, rows with an error) of output rows."""
    seen = alerts = errors = 0
    for row in rows:
        if row[RANK] in ("", "1"):
            seen += 1
            alerts += row[MATCH] == "true"
            errors += bool(row[ERROR])
    return seen, alerts, errors


def safe_cell(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (puente.csvout)."""
    return neutralise(cell)


def rows_to_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """The result rows as CSV lines, every cell spreadsheet-safe (puente.csvout)."""
    return csv_lines(rows)
