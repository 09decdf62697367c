"""Reading OFAC's legacy CSV files exactly as Treasury publishes them.

The legacy set (sdn.csv, add.csv, alt.csv, sdn_comments.csv) has no header row, writes `-0-`
(often followed by a space) for an empty field, ends with a 0x1A (Ctrl-Z) end-of-file byte and
is Windows-1252 text. Every error names the file, the line and the field and says what was
expected, so that a truncated download or a re-saved spreadsheet is caught, never half-loaded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from puente.errors import SourceError

EOF_MARKER = b"\x1a"
EMPTY = "-0-"

SDN_FIELDS: tuple[str, ...] = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ADD_FIELDS: tuple[str, ...] = (
    "ent_num",
    "Add_num",
    "Address",
    "City/State/Province/Postal Code",
    "Country",
    "Add_remarks",
)
ALT_FIELDS: tuple[str, ...] = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENTS_FIELDS: tuple[str, ...] = ("ent_num", "Remarks_Extended")
DERIVED_FIELDS: tuple[str, ...] = ("uid", "name", "type", "programs", "alternate_names")


@dataclass(frozen=True, slots=True)
class Row:
    """One record of a legacy file: its first line in the file and its fields, `-0-` read as
    None and surrounding blanks removed."""

    line: int
    values: tuple[str | None, ...]
    raw: tuple[str, ...]


def clean(value: str) -> str | None:
    text = value.strip()
    return None if text in ("", EMPTY) else text


def decode_text(data: bytes, label: str, fields: Sequence[str] | None = None) -> str:
    """UTF-8 when the bytes are valid UTF-8 (ASCII files and re-encoded mirrors), otherwise
    Windows-1252 as published; a byte that is neither fails with its line and field."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        prefix = data[line_start : exc.start].decode("cp1252", "replace")
        column = None
        if fields:
            index = _field_index(prefix)
            column = fields[index] if index < len(fields) else None
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 text; expected "
            "the Windows-1252 text OFAC publishes",
            file=label,
            line=line,
            column=column,
        ) from exc


def _field_index(prefix: str) -> int:
    """Which field of a CSV line the text before a position falls in (quotes respected)."""
    index, quoted = 0, False
    for char in prefix:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index += 1
    return index


def read_legacy(
    path: Path, label: str, fields: Sequence[str], require_eof: bool = True
) -> list[Row]:
    """Every record of one headerless legacy file, checked for the end-of-file byte, the
    encoding and the number of fields.

    Treasury ends sdn.csv, add.csv and alt.csv with the 0x1A byte, which is how a download cut
    at a line boundary is told from a complete file; sdn_comments.csv has been published
    without it, so there the byte is optional."""
    data = path.read_bytes()
    if not data.strip():
        raise SourceError("the file is empty; expected OFAC legacy CSV records", file=label)
    body = data.rstrip(b"\r\n\t ")
    if not body.endswith(EOF_MARKER) and require_eof:
        raise SourceError(
            "the file does not end with OFAC's 0x1A end-of-file byte, so it is probably "
            "truncated; expected the complete file as published",
            file=label,
            line=data.count(b"\n") + 1,
        )
    body = body.removesuffix(EOF_MARKER)
    text = decode_text(body, label, fields)
    first = text.split("\n", 1)[0].lower().lstrip('"\ufeff')
    if first.startswith(fields[0].lower()):
        raise SourceError(
            f"found a header row ({text.split(chr(10), 1)[0][:60]!r}); expected OFAC's "
            "legacy format, which has none",
            file=label,
            line=1,
        )
    return list(_records(text, label, fields))


def _records(text: str, label: str, fields: Sequence[str]) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(
                f"malformed CSV ({exc}); expected comma-separated fields, text in double quotes",
                file=label,
                line=reader.line_num or start,
            ) from exc
        line = reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) != len(fields):
            raise SourceError(
                f"found {len(cells)} fields; expected {len(fields)} ({', '.join(fields)})",
                file=label,
                line=start,
                column=fields[min(len(cells), len(fields)) - 1] if cells else None,
            )
        for index, cell in enumerate(cells):
            if any(ord(c) < 32 and c not in "\t\r\n" for c in cell):
                raise SourceError(
                    "contains a control character; expected printable text",
                    file=label,
                    line=start,
                    column=fields[index],
                )
        yield Row(start, tuple(clean(c) for c in cells), tuple(cells))


def read_derived(path: Path, label: str) -> list[Row]:
    """The derived `ofac-sdn.csv` (header uid,name,type,programs,alternate_names; UTF-8)."""
    data = path.read_bytes()
    if not data.strip():
        raise SourceError("the file is empty; expected a header row and data rows", file=label)
    text = decode_text(data.rstrip(b"\r\n\t " + EOF_MARKER), label, DERIVED_FIELDS)
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise SourceError("unreadable header row", file=label, line=1) from exc
    if tuple(header) != DERIVED_FIELDS:
        raise SourceError(
            f"header is {','.join(header)!r}; expected {','.join(DERIVED_FIELDS)!r}",
            file=label,
            line=1,
        )
    rows: list[Row] = []
    for row in _records(text.split("\n", 1)[1] if "\n" in text else "", label, DERIVED_FIELDS):
        rows.append(Row(row.line + 1, row.values, row.raw))
    if not rows:
        raise SourceError("the file has a header but no data rows", file=label)
    return rows


def parse_int(value: str | None, label: str, line: int, column: str) -> int:
    if value is None or not value.isdigit():
        raise SourceError(
            f"{value!r} is not valid; expected a whole number",
            file=label,
            line=line,
            column=column,
        )
    return int(value)
