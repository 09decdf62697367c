"""Batch screening of a CSV file: customers in, one row of results per customer out.

Input: UTF-8 CSV (a byte-order mark is fine; comma, semicolon or tab separated, as the header
row shows) with a header row; `name` is required, `type`,
`birth_date`, `country` and `id_number` are optional, and any other column is carried through
unchanged. Output: the input columns, then entity_id, matched_name, score, match, programs,
explanation (the best candidate) and error. A row that cannot be screened (empty name, wrong
number of fields, bad date...) gets its error and the batch goes on; a file that is not CSV
text at all is refused whole with the line at fault.
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
from puente.sanctions.screener import MAX_BATCH, QUERY_FIELDS, screen_queries, to_engine_query
from puente.store import Store

INPUT_COLUMNS = ("name", "type", "birth_date", "country", "id_number")
OUTPUT_COLUMNS = ("entity_id", "matched_name", "score", "match", "programs", "explanation", "error")
_ALIASES = {
    "dob": "birth_date",
    "date_of_birth": "birth_date",
    "birthdate": "birth_date",
    "entity_type": "type",
    "id": "id_number",
    "idnumber": "id_number",
    "nationality": "country",
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
MAX_FIELD = 10_000


@dataclass(slots=True)
class BatchInput:
    header: list[str]
    columns: dict[str, int]
    """Canonical input column -> position in the header."""
    rows: list[tuple[int, list[str]]]
    """(line number, fields)."""


def decode_csv(data: bytes, label: str = "the file") -> str:
    if not data.strip():
        raise InvalidInput(f"{label} is empty; expected a CSV file with a header row (name, ...)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(f"{label} is UTF-16 text; expected UTF-8 (save as 'CSV UTF-8')")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            f"{label}, line {line}: byte 0x{data[exc.start]:02x} is not UTF-8; expected UTF-8 "
            "text (save as 'CSV UTF-8')"
        ) from exc


def parse_csv(text: str, label: str = "the file") -> BatchInput:
    if "\x00" in text:
        raise InvalidInput(f"{label} contains NUL bytes; expected CSV text")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InvalidInput(f"{label}: unreadable header row ({exc})") from exc
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = normalize_header(_fold(cell))
        key = _ALIASES.get(key, key)
        if key in OUTPUT_COLUMNS:
            raise InvalidInput(f"{label}: column {cell!r} is one the results add; rename it")
        if key in INPUT_COLUMNS:
            if key in columns:
                raise InvalidInput(f"{label}: column {key!r} appears twice in the header")
            columns[key] = position
    if "name" not in columns:
        raise InvalidInput(
            f"{label}: no 'name' column; expected a header row with name and optionally "
            f"type, birth_date, country, id_number (found: {', '.join(header)[:200]})"
        )
    rows: list[tuple[int, list[str]]] = []
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InvalidInput(f"{label}, line {reader.line_num}: malformed CSV ({exc})") from exc
        start, line = line + 1, reader.line_num
        if fields and any(f.strip() for f in fields):
            rows.append((start, fields))
    return BatchInput(header, columns, rows)


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


def _query(batch: BatchInput, fields: list[str]) -> tuple[dict[str, Any], str | None]:
    if len(fields) != len(batch.header):
        problem = f"row has {len(fields)} fields; the header has {len(batch.header)}"
        return {}, problem
    if any(len(f) > MAX_FIELD for f in fields):
        return {}, f"a field is longer than {MAX_FIELD:,} characters"
    return {key: fields[pos] for key, pos in batch.columns.items()}, None


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
) -> ScreenedChunk:
    """One chunk (at most MAX_BATCH rows) screened by `screen`, as output rows."""
    prepared = [_query(batch, fields) for _, fields in chunk]
    queries = [q for q, problem in prepared if problem is None]
    answer = screen(queries) if queries else None
    results = iter(answer["results"]) if answer is not None else iter(())
    rows = []
    for (_, fields), (_, problem) in zip(chunk, prepared, strict=True):
        padded = (fields + [""] * len(batch.header))[: len(batch.header)]
        if problem is not None:
            rows.append([*padded, "", "", "", "", "", "", problem])
        else:
            rows.append([*padded, *_result_cells(next(results))])
    return ScreenedChunk(rows, queries, answer)


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

    def local(queries: list[dict[str, Any]]) -> dict[str, Any]:
        if store is None:
            raise InvalidInput("no store to screen against")
        return screen_queries(
            store, queries, threshold, actor, channel, limit=1, single_raises=False
        )

    run = screen or local
    yield [*batch.header, *OUTPUT_COLUMNS]
    for start in range(0, len(batch.rows), MAX_BATCH):
        chunk = batch.rows[start : start + MAX_BATCH]
        yield from screen_chunk(batch, chunk, run).rows
        if progress is not None:
            progress(len(chunk))


def echo_query(raw: dict[str, Any]) -> dict[str, Any]:
    """A query as the answer and the audit log echo it (its non-empty fields)."""
    return {k: raw.get(k) for k in QUERY_FIELDS if raw.get(k) not in (None, "")}


def screen_unaudited(index: Any, queries: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """The best candidate of each query from an index, shaped as `screen_queries` answers,
    with `audit_queries` and `audit_results` for the caller to record (a worker process,
    which cannot write the audit log, sends them to the server that can)."""
    answers = index.screen_many([to_engine_query(q) for q in queries], threshold=threshold, limit=1)
    results: list[dict[str, Any]] = []
    audited: list[dict[str, Any]] = []
    for raw, answer in zip(queries, answers, strict=True):
        echo = echo_query(raw)
        if isinstance(answer, InvalidInput):
            results.append({"query": echo, "matches": [], "error": answer.detail})
            audited.append({"error": answer.detail, "matches": []})
            continue
        matches = [m.as_dict() for m in answer]
        results.append({"query": echo, "matches": matches})
        audited.append(
            {
                "matches": [
                    {k: m[k] for k in ("entity_id", "name", "score", "match")} for m in matches
                ]
            }
        )
    return {
        "results": results,
        "audit_queries": [echo_query(q) for q in queries],
        "audit_results": audited,
    }


def _result_cells(result: dict[str, Any]) -> list[str]:
    if result.get("error"):
        return ["", "", "", "", "", "", str(result["error"])]
    if not result["matches"]:
        return ["", "", "", "false", "", "", ""]
    best = result["matches"][0]
    return [
        str(best["entity_id"]),
        best["name"],
        f"{best['score']:.3f}",
        "true" if best["match"] else "false",
        "; ".join(best["programs"]),
        best["explanation"],
        "",
    ]


def safe_cell(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (puente.csvout)."""
    return neutralise(cell)


def rows_to_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """The result rows as CSV lines, every cell spreadsheet-safe (puente.csvout)."""
    return csv_lines(rows)
