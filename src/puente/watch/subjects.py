"""Portfolio subjects from a CSV file or API JSON, checked before anything is stored.

CSV: UTF-8 (a byte-order mark is fine), comma, semicolon or tab separated, a header row with
`subject_id` (the firm's own id; also `customer_id`, `supplier_id`, `id_cliente`,
`reference`) and `name`, and optionally `type` (individual/person or entity/company),
`birth_date`, `country` (ISO code or name, English or Spanish) and `id_number`. One bad row
refuses the whole file, with the line, the column and what was expected: a portfolio is never
half-loaded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from puente.countries import country_code
from puente.errors import InvalidInput
from puente.ingest.tabular import normalize_header
from puente.sanctions.batch import decode_csv
from puente.sanctions.countrynames import remark_country
from puente.sanctions.inputs import clean_text
from puente.sanctions.screening.query import parse_birth_date
from puente.watch.state import Subject

MAX_SUBJECTS = 200_000
_COLUMNS = {
    "subject_id": "subject_id",
    "customer_id": "subject_id",
    "supplier_id": "subject_id",
    "client_id": "subject_id",
    "id_cliente": "subject_id",
    "reference": "subject_id",
    "name": "name",
    "nombre": "name",
    "full_name": "name",
    "razon_social": "name",
    "type": "type",
    "tipo": "type",
    "birth_date": "birth_date",
    "dob": "birth_date",
    "fecha_de_nacimiento": "birth_date",
    "country": "country",
    "pais": "country",
    "nationality": "country",
    "id_number": "id_number",
    "rfc": "id_number",
    "curp": "id_number",
}
_TYPES = {
    "individual": "individual",
    "person": "individual",
    "persona": "individual",
    "persona fisica": "individual",
    "entity": "entity",
    "company": "entity",
    "organization": "entity",
    "empresa": "entity",
    "persona moral": "entity",
}


def check_subject(raw: dict[str, Any], where: str) -> Subject:
    """One subject, or InvalidInput naming `where` (file and line, or item) and the field."""

    def text(key: str, limit: int = 300) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        try:
            return clean_text(str(value), key, limit, required=False) or None
        except InvalidInput as exc:
            raise InvalidInput(f"{where}, {key}: {exc.detail}") from exc

    subject_id = text("subject_id", 100)
    if not subject_id:
        raise InvalidInput(f"{where}, subject_id: empty; expected the firm's own id")
    name = text("name")
    if not name:
        raise InvalidInput(f"{where}, name: empty; expected the subject's name")
    kind = text("type", 30)
    if kind is not None:
        folded = kind.lower()
        if folded not in _TYPES:
            raise InvalidInput(f"{where}, type: {kind!r} is unknown; expected individual or entity")
        kind = _TYPES[folded]
    birth = text("birth_date", 20)
    if birth is not None:
        try:
            birth = parse_birth_date(birth)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}, birth_date: {exc.detail}") from exc
    country = text("country", 60)
    if country is not None:
        code = country_code(country) or remark_country(country)
        if code is None:
            raise InvalidInput(
                f"{where}, country: {country!r} is unknown; expected an ISO code such as MX "
                "or a country name"
            )
        country = code
    return Subject(subject_id, name, kind, birth, country, text("id_number", 60))


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def parse_subjects_csv(data: bytes, label: str) -> list[Subject]:
    text = decode_csv(data, label)
    if "\x00" in text:
        raise InvalidInput(f"{label} contains NUL bytes; expected CSV text")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InvalidInput(f"{label}: unreadable header row ({exc})") from exc
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = _COLUMNS.get(normalize_header(cell))
        if key is not None and key not in columns:
            columns[key] = position
    for required in ("subject_id", "name"):
        if required not in columns:
            raise InvalidInput(
                f"{label}, line 1: no {required} column; expected a header with subject_id "
                "and name (and optionally type, birth_date, country, id_number)"
            )
    subjects: list[Subject] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InvalidInput(
                    f"{label}, line {line}: {len(row)} fields; the header has {len(header)}"
                )
            subject = check_subject(
                {key: row[pos] for key, pos in columns.items()}, f"{label}, line {line}"
            )
            if subject.subject_id in seen:
                raise InvalidInput(
                    f"{label}, line {line}, subject_id: {subject.subject_id!r} is also on line "
                    f"{seen[subject.subject_id]}; expected one row per subject"
                )
            seen[subject.subject_id] = line
            subjects.append(subject)
            if len(subjects) > MAX_SUBJECTS:
                raise InvalidInput(f"{label}: more than {MAX_SUBJECTS:,} subjects")
    except csv.Error as exc:
        raise InvalidInput(f"{label}, line {reader.line_num}: {exc}") from exc
    if not subjects:
        raise InvalidInput(f"{label} has a header but no subjects")
    return subjects


def parse_subjects_json(items: Iterable[dict[str, Any]]) -> list[Subject]:
    return [check_subject(item, f"subject {n}") for n, item in enumerate(items, start=1)]
