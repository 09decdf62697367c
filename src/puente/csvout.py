"""The one CSV writer for files Puente hands to people: every cell a spreadsheet would execute
is neutralised (OWASP, "CSV Injection").

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`), so an
SDN name, a screened name or a file name typed by anyone could run in the reader's
spreadsheet. Such a cell is written with a leading apostrophe (`'=1+1`), which every
spreadsheet shows as text, and every cell holding a separator (`,` or the `;` that European
spreadsheets split on), a quote, a tab or a line break is quoted, quotes doubled, so that no
part of a cell can start a cell of its own. Plain numbers (`-12.5`, `+3`) are left as they
are: they are values, not formulas.

Scratch CSVs that loaders write for DuckDB to read back are not for people and do not use this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell (OWASP's list)."""

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_QUOTE_IF = frozenset(',;"\r\n\t')


def neutralise(value: str) -> str:
    """The cell text a spreadsheet shows as text: a leading apostrophe before a formula."""
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def cell(value: Any) -> str:
    """One cell as it goes into the file: neutralised, then quoted if it needs to be."""
    text = neutralise(_text(value))
    if _QUOTE_IF.intersection(text) or text.startswith("'") or text != text.strip(" "):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[Any], newline: str = "\r\n") -> str:
    """One record (RFC 4180: CRLF by default)."""
    cells = [cell(v) for v in values]
    if cells == [""]:
        cells = ['""']  # a lone empty cell would read back as no record at all
    return ",".join(cells) + newline


def csv_lines(rows: Iterable[Sequence[Any]], newline: str = "\r\n") -> Iterator[str]:
    """Each record as a line, for streaming responses and files."""
    for row in rows:
        yield csv_line(row, newline)


def dict_rows_to_csv(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None, newline: str = "\n"
) -> str:
    """A table of dicts as CSV text with a header; columns default to the first row's keys."""
    fields = list(columns or (rows[0].keys() if rows else []))
    lines = [csv_line(fields, newline)]
    lines.extend(csv_line([row.get(f) for f in fields], newline) for row in rows)
    return "".join(lines)
