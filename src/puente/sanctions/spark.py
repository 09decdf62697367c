"""Batch screening on Apache Spark (`puente screen --file ... --engine spark`).

The driver reads the header (CSV: the same header rules as the in-process engine; Parquet:
the schema's column names), takes the screening index of every list screened against (all
loaded lists, or `--lists`) as the store keeps it (its flat parts) and broadcasts them to the
executors. Each executor loads the indexes once per Python worker (`ScreeningIndex.from_parts`,
no rebuild) and screens its partitions with the same code as the in-process engine
(`batch.screen_chunk` over `batchlists.screen_unaudited`, 1,000 rows at a time), so the output
has the same rows (one per candidate), columns, row numbers, scores and explanations. Row
numbers come from `zipWithIndex` over the non-blank rows, as the in-process engine counts.
The driver streams the partitions back in input order into the
results file (CSV, escaped as the in-process results; or Parquet) and writes one audit
record for the job with the input's and the output's sha256.

CSV rows are read by Spark's CSV reader (RFC 4180 quoting; one record per line, so a quoted
field may not hold a line break); a row whose number of fields differs from the header gets
its error as in the in-process engine. pyspark is an optional extra: `pip install
'puente[spark]'`; this module is imported only when `--engine spark` is asked for.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from puente.errors import InvalidInput, PuenteError
from puente.sanctions import batch
from puente.sanctions.audit import AuditEntry, record_screening
from puente.sanctions.batchlists import ListParts, audit_label, screen_unaudited
from puente.sanctions.screener import MAX_BATCH
from puente.store import Store

FORMATS = ("csv", "parquet")
_CORRUPT = "_puente_corrupt"
_HELD: dict[tuple[tuple[str, int, str], ...], list[Any]] = {}
"""In each executor's Python worker: the indexes loaded from the broadcast parts."""


@dataclass(slots=True, frozen=True)
class SparkOutcome:
    rows: int
    match_rows: int
    error_rows: int
    input_sha256: str
    output_sha256: str
    audit_id: int


@dataclass(slots=True, frozen=True)
class _Plan:
    """What every partition needs, broadcast once."""

    lists: list[ListParts]
    """The screening index of each list version screened against, as the store keeps it."""
    header: list[str]
    columns: dict[str, int]
    threshold: float


def require_pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise PuenteError(
            "--engine spark needs pyspark 4 and Java 17: pip install 'puente[spark]'"
        ) from exc
    return pyspark


def file_format(path: Path, what: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidInput(
            f"{what} {path.name}: expected a .csv or .parquet file for --engine spark"
        )
    return suffix


@contextmanager
def session(master: str | None) -> Iterator[Any]:
    """A SparkSession on `master` (local[2] when none is given), stopped at the end unless
    it was running before (spark-submit's, or a test's); the executors run this
    interpreter, so they import the same puente."""
    require_pyspark()
    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()
    if running is not None:
        yield running
        return

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("puente-screen")
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Not under spark-submit (whose JVM starts this interpreter and sets the master).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.master("local[2]").config("spark.driver.host", "127.0.0.1")
    started = builder.getOrCreate()
    try:
        yield started
    finally:
        started.stop()


def screen_file(
    store: Store,
    spark: Any,
    source: Path,
    out: Path,
    threshold: float,
    actor: str,
    channel: str = "cli",
    lists: list[str] | None = None,
) -> SparkOutcome:
    """Screen `source` (CSV or Parquet) on `spark` into `out` (CSV or Parquet), audited."""
    in_format, out_format = file_format(source, "input"), file_format(out, "output")
    if not source.is_file():
        raise InvalidInput(f"no such file: {source}")
    input_sha256 = _sha256(source)
    held = batch.held_lists(store, lists)
    frame, header, _ = _read(spark, source, in_format)
    parsed = batch.BatchInput(header, batch.read_header(header, str(source)), [])
    plan = _Plan([ListParts.of(h) for h in held], parsed.header, parsed.columns, threshold)
    shared = spark.sparkContext.broadcast(plan)
    width = len(parsed.header)
    numbered = (
        frame.rdd.map(partial(_fields, width=width))
        .filter(lambda fields: fields is not None)
        .zipWithIndex()
    )
    from pyspark import StorageLevel

    # Kept by the executors (memory, spilling to their disks) and computed by one job over
    # every partition at once: `toLocalIterator` alone computes each partition only when the
    # driver asks for it, so one core of the whole cluster would screen.
    rows = numbered.mapPartitions(partial(screen_partition, shared)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    tally = _Tally()
    output_header = [*parsed.header, *batch.OUTPUT_COLUMNS]

    def counted() -> Iterator[list[str]]:
        for row in rows.toLocalIterator():
            tally.add(row)
            yield row

    try:
        rows.count()
        output_sha256 = _write(out, out_format, output_header, counted())
    finally:
        rows.unpersist()
        shared.unpersist()
    dataset, list_version, list_sha256 = audit_label(held)
    audit_id = record_screening(
        store,
        AuditEntry(
            actor=actor,
            channel=channel,
            threshold=threshold,
            queries=[
                {
                    "engine": "spark",
                    "master": spark.sparkContext.master,
                    "file_name": source.name,
                    "input_sha256": input_sha256,
                    "rows": tally.rows,
                }
            ],
            results=[
                {
                    "rows_screened": tally.rows,
                    "match_rows": tally.match_rows,
                    "error_rows": tally.error_rows,
                    "result_sha256": output_sha256,
                    "result_format": out_format,
                    "matches": tally.matches,
                }
            ],
            list_version=list_version,
            list_sha256=list_sha256,
            dataset=dataset,
        ),
    )
    return SparkOutcome(
        tally.rows, tally.match_rows, tally.error_rows, input_sha256, output_sha256, audit_id
    )


@dataclass(slots=True)
class _Tally:
    """What the audit record says of the results, counted as they stream past."""

    rows: int = 0
    match_rows: int = 0
    error_rows: int = 0
    matches: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: list[str]) -> None:
        first = row[batch.RANK] in ("", "1")
        self.rows += first
        if row[batch.MATCH] == "true":
            self.match_rows += first
            self.matches.append(
                {
                    "row": self.rows,
                    "entity_id": row[batch.ENTITY_ID],
                    "score": float(row[batch.SCORE]),
                    "match": True,
                }
            )
        self.error_rows += first and bool(row[batch.ERROR])


def screen_partition(shared: Any, rows: Iterable[tuple[list[str], int]]) -> Iterator[list[str]]:
    """One partition's rows (their fields and their number from 0) screened, in order (runs
    on an executor)."""
    plan: _Plan = shared.value
    key = tuple((p.dataset, p.version, p.sha256) for p in plan.lists)
    lists = _HELD.get(key)
    if lists is None:
        _HELD.clear()
        lists = _HELD[key] = [p.load() for p in plan.lists]
    template = batch.BatchInput(plan.header, plan.columns, [])
    screen: Callable[[list[dict[str, Any]]], dict[str, Any]] = partial(
        screen_unaudited, lists, threshold=plan.threshold
    )
    chunk: list[tuple[int, list[str]]] = []
    for fields, number in rows:
        chunk.append((number + 1, fields))
        if len(chunk) == MAX_BATCH:
            yield from batch.screen_chunk(template, chunk, screen, chunk[0][0]).rows
            chunk = []
    if chunk:
        yield from batch.screen_chunk(template, chunk, screen, chunk[0][0]).rows


@dataclass(slots=True, frozen=True)
class _QueryPlan:
    """What every partition of a monitoring re-screen needs, broadcast once."""

    key: str
    """The index's sha256 over its parts: which index an executor holds."""
    parts: dict[str, bytes]
    threshold: float
    limit: int


def screen_queries(
    spark: Any, index: Any, queries: Sequence[Any], threshold: float, limit: int
) -> list[list[Any] | InvalidInput]:
    """Engine queries screened on `spark` against one index, each answer in its query's
    place: what `ScreeningIndex.screen_many` answers, computed by the executors (monitoring's
    full re-screen of a large portfolio, `puente watch rescreen --full --engine spark`)."""
    if not queries:
        return []
    parts = {name: bytes(data) for name, data in index.parts.items()}
    digest = hashlib.sha256()
    for name in sorted(parts):
        digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    context = spark.sparkContext
    shared = context.broadcast(_QueryPlan(digest.hexdigest(), parts, threshold, limit))
    slices = max(1, min(len(queries), context.defaultParallelism * 4))
    try:
        found = (
            context.parallelize(list(enumerate(queries)), slices)
            .mapPartitions(partial(screen_query_partition, shared))
            .collect()
        )
    finally:
        shared.unpersist()
    answers: list[list[Any] | InvalidInput] = [[] for _ in queries]
    for position, matches, error in found:
        answers[position] = InvalidInput(error) if error is not None else matches
    return answers


def screen_query_partition(
    shared: Any, items: Iterable[tuple[int, Any]]
) -> Iterator[tuple[int, list[Any] | None, str | None]]:
    """One partition's queries screened (runs on an executor): (position, matches, None), or
    (position, None, the reason) for a query that cannot be screened."""
    plan: _QueryPlan = shared.value
    key = (("watch", 0, plan.key),)
    held = _HELD.get(key)
    if held is None:
        from puente.sanctions.screening import ScreeningIndex

        _HELD.clear()
        held = _HELD[key] = [ScreeningIndex.from_parts(plan.parts)]
    index = held[0]
    chunk = list(items)
    for start in range(0, len(chunk), MAX_BATCH):
        part = chunk[start : start + MAX_BATCH]
        answers = index.screen_many(
            [q for _, q in part], threshold=plan.threshold, limit=plan.limit
        )
        for (position, _), answer in zip(part, answers, strict=True):
            if isinstance(answer, InvalidInput):
                yield position, None, answer.detail
            else:
                yield position, answer, None


def _fields(row: Any, *, width: int) -> list[str] | None:
    """A Spark row as the in-process engine's fields: None (a blank row, skipped as the
    in-process engine skips it), or its cells as text; a row Spark found malformed keeps
    its raw fields so that the engine reports their number."""
    values = list(row)
    corrupt = values[width] if len(values) > width else None
    if corrupt is not None:
        return next(csv.reader([corrupt]), [""])
    fields = ["" if v is None else str(v) for v in values[:width]]
    return fields if any(f.strip() for f in fields) else None


def _read(spark: Any, source: Path, in_format: str) -> tuple[Any, list[str], str]:
    from pyspark.sql.functions import col
    from pyspark.sql.types import StringType, StructField, StructType

    path = str(source.resolve())
    # Several partitions even for a small file, so that every core screens.
    parallel = max(int(spark.sparkContext.defaultParallelism), 1) * 4
    split = max(source.stat().st_size // parallel, 1 << 20)
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(split))
    if in_format == "parquet":
        frame = spark.read.parquet(path)
        header = list(frame.columns)
        return frame.select([col(f"`{c}`").cast("string") for c in header]), header, ","
    first = _first_line(source)
    encoding = _file_encoding(source)
    text = first.decode(encoding).removeprefix("\ufeff") if first.strip() else ""
    if not text.strip():
        raise batch.UploadError(batch.EMPTY, file=str(source))
    delimiter = batch._delimiter(text)
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    schema = StructType(
        [StructField(f"c{i}", StringType()) for i in range(len(header))]
        + [StructField(_CORRUPT, StringType())]
    )
    frame = spark.read.csv(
        path,
        schema=schema,
        header=True,
        sep=delimiter,
        quote='"',
        escape='"',
        encoding=encoding,
        mode="PERMISSIVE",
        columnNameOfCorruptRecord=_CORRUPT,
        multiLine=False,
    )
    return frame, header, delimiter


def _file_encoding(source: Path) -> str:
    """UTF-8 when the whole file is, else Windows-1252 (as the in-process engine reads it):
    one pass through an incremental decoder, so that Spark reads every row as it should."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with source.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "windows-1252"
    return "UTF-8"


def _first_line(source: Path) -> bytes:
    with source.open("rb") as handle:
        return handle.readline(1 << 20)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(out: Path, out_format: str, header: list[str], rows: Iterable[list[str]]) -> str:
    """The results written through a temporary file renamed when complete; their sha256."""
    part = out.with_name(out.name + ".part")
    try:
        if out_format == "csv":
            with part.open("wb") as handle:
                for text in batch.rows_to_csv(_prepend(header, rows)):
                    handle.write(text.encode())
        else:
            _write_parquet(part, header, rows)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return _sha256(out)


def _prepend(header: list[str], rows: Iterable[list[str]]) -> Iterator[list[str]]:
    yield header
    yield from rows


def _write_parquet(part: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    """Parquet, every column text (the cells as they are, no spreadsheet escaping), through
    DuckDB from a temporary CSV."""
    import duckdb

    staging = part.with_name(part.name + ".csv")
    try:
        with staging.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        conn = duckdb.connect()
        try:
            relation = conn.read_csv(str(staging), header=True, all_varchar=True, delimiter=",")
            relation.write_parquet(str(part))
        finally:
            conn.close()
    finally:
        staging.unlink(missing_ok=True)
