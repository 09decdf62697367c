"""Rows of a customer file that are not screened because of a bad optional field.

    python -m bench.run batch_fields        (PUENTE_BENCH_FIELDS_ROWS=50000 by default)

A generated customer file as Mexican firms export them: names, a birth date, a country as
typed by people and systems (México, MX, USA, "Hong Kong", "Ivory Coast", "Myanmar", "East
Timor", "Burma", "Costa de Marfil", "Corea del Sur"...), a CURP or RFC; about 6% of the rows
carry a field that is wrong in some realistic way (1974-01-32, 31/02/1980, "N/A", a typo'd or
unknown country). Baseline, in the same run: the rule batch screening used before (the raw
fields handed to the engine's validation, with Babel's territory names plus the hand-written
alias table of that version), under which such a row was not screened at all. Now: the file
screened by `batch.screen_batch` on the SDN test fixture; a row "silently skipped" is one
with a name that has no candidate row because of an error.
"""

from __future__ import annotations

import os
import random
import time
import unicodedata
from pathlib import Path

from babel import Locale

from bench.common import WORK, machine
from puente.errors import InvalidInput
from puente.sanctions import batch
from puente.sanctions.screening.query import parse_birth_date
from puente.store import open_store

ROWS = int(os.environ.get("PUENTE_BENCH_FIELDS_ROWS", "50000"))
FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "ofac-sdn" / "full"

GIVEN = ["José", "María", "Juan", "Guadalupe", "Luis", "Ana", "Carlos", "Fernanda", "Jorge"]
SURNAMES = ["García", "Hernández", "López", "Martínez", "González", "Pérez", "Rodríguez"]
GOOD_COUNTRIES = [
    "México",
    "Mexico",
    "MX",
    "MEX",
    "",
    "",
    "US",
    "USA",
    "Estados Unidos",
    "Colombia",
    "Guatemala",
    "España",
    "Canada",
    "China",
    "Japón",
]
ODD_COUNTRIES = [
    "Hong Kong",
    "Ivory Coast",
    "Myanmar",
    "East Timor",
    "Burma",
    "Costa de Marfil",
    "Corea del Sur",
    "South Korea",
    "Russia",
    "Vietnam",
    "Holanda",
    "Inglaterra",
    "EE.UU.",
    "Reino Unido",
    "Macau",
]
BAD_COUNTRIES = ["Mexicco", "Atlantis", "N/A", "Nuevo León", "New Mexico"]
BAD_DATES = ["1974-01-32", "31/02/1980", "1980-13-01", "N/A", "00/00/0000", "19/19/1977"]

# The lookup of the previous version (puente.countries before this change): CLDR names
# through Babel and this table, nothing else.
_OLD_ALIASES = {
    "UNITED STATES OF AMERICA": "US",
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "MEX": "MX",
    "UNITED KINGDOM": "GB",
    "UK": "GB",
    "RUSSIA": "RU",
    "BURMA": "MM",
    "IRAN": "IR",
    "SYRIA": "SY",
    "NORTH KOREA": "KP",
    "KOREA, NORTH": "KP",
    "KOREA, SOUTH": "KR",
    "SOUTH KOREA": "KR",
    "VENEZUELA": "VE",
    "BOLIVIA": "BO",
    "VIETNAM": "VN",
    "LAOS": "LA",
    "TANZANIA": "TZ",
    "MOLDOVA": "MD",
    "TURKEY": "TR",
    "CZECH REPUBLIC": "CZ",
    "THE BAHAMAS": "BS",
    "THE GAMBIA": "GM",
    "WEST BANK": "PS",
    "GAZA": "PS",
    "PALESTINIAN": "PS",
    "KOSOVO": "XK",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).upper().split())


def _old_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lang in ("en", "es"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                table.setdefault(_fold(name), code)
                table.setdefault(code, code)
    table.update({_fold(k): v for k, v in _OLD_ALIASES.items()})
    return table


def customers(rows: int, seed: int = 11) -> bytes:
    rng = random.Random(seed)
    lines = ["customer_id,nombre,fecha_nacimiento,pais,rfc"]
    for i in range(rows):
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
        year = rng.randrange(1940, 2004)
        date = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        country = rng.choice(GOOD_COUNTRIES)
        roll = rng.random()
        if roll < 0.035:
            country = rng.choice(ODD_COUNTRIES)
        elif roll < 0.045:
            country = rng.choice(BAD_COUNTRIES)
        elif roll < 0.06:
            date = rng.choice(BAD_DATES)
        if rng.random() < 0.2:
            date = ""
        lines.append(f"C{i},{name},{date},{country},RFC{i:08d}")
    return ("\n".join(lines) + "\n").encode()


def _old_refuses(raw: dict[str, str], table: dict[str, str]) -> bool:
    try:
        if raw.get("birth_date"):
            parse_birth_date(raw["birth_date"])
    except InvalidInput:
        return True
    country = raw.get("country", "").strip()
    return bool(country) and table.get(_fold(country.strip("."))) is None


def run() -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    data = customers(ROWS)
    parsed = batch.read_upload(data, "customers.csv")
    table = _old_table()
    before = sum(
        _old_refuses({k: fields[p] for k, p in parsed.columns.items()}, table)
        for _, fields in parsed.rows
    )
    db = WORK / "batch-fields.duckdb"
    db.unlink(missing_ok=True)
    store = open_store(db)
    try:
        from puente.ingest import ingest_source
        from puente.ingest.registry import get_source

        ingest_source(store, get_source("ofac-sdn"), origin=str(FIXTURE))
        started = time.perf_counter()
        rows = list(batch.screen_batch(store, parsed, 0.85, "user:bench", "cli"))
        seconds = time.perf_counter() - started
    finally:
        store.close()
        db.unlink(missing_ok=True)
    firsts = [r for r in rows[1:] if r[batch.RANK] in ("", "1")]
    skipped = sum(1 for r in firsts if r[batch.ERROR])
    warned = sum(1 for r in firsts if r[batch.WARNINGS])
    total = len(parsed.rows)
    return f"""## Batch rows with a bad optional field

`python -m bench.run batch_fields` on {machine()}; a generated file of {total:,} customers
(names, birth dates, countries as people type them, RFC), about 6% with a realistic bad field.

| rule | rows not screened | share |
| --- | ---: | ---: |
| before: raw fields to the engine's validation, Babel names + the old alias table | {before:,} | {before / total:.1%} |
| now: bad fields flagged in `warnings` and left out, the name screened | {skipped:,} | {skipped / total:.1%} |

Now {warned:,} rows ({warned / total:.1%}) carry a warning (a field that could not be read and
was left out); {total - skipped:,} of {total:,} rows were screened in {seconds:.1f} s.
"""
