"""Read the SDN snapshots for the benchmark (standard library only, so both the app's venv and
the separate anchor venv can import it).

- 2026: ofac-sdn.csv (uid, name, type, programs "; "-joined, alternate_names "; "-joined).
- 2021: the official legacy CSV set (sdn.csv, alt.csv, add.csv: no header, "-0-" for empty,
  a trailing 0x1A byte, Windows-1252); the Remarks are parsed here only as far as the
  benchmark needs (dates of birth, nationality/citizenship, ID numbers).
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

DATA = Path(
    os.environ.get("PUENTE_MIRROR", Path(__file__).resolve().parents[3] / "shared" / "data")
)
DATA = DATA / "ofac_sdn"

MEXICO_PROGRAMS = frozenset({"SDNTK", "ILLICIT-DRUGS-EO14059", "SDNT"})

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
        start=1,
    )
}
_DOB = re.compile(r"\bDOB (?:circa )?(?:(\d{1,2}) )?(?:([A-Za-z]{3}) )?(\d{4})")
_NATION = re.compile(r"\b(?:nationality|citizen) ([A-Za-z ,.'-]+?)(?:;|\.$|$| \(|\))")
_ID = re.compile(
    r"\b(?:Passport|C\.U\.R\.P\.|R\.F\.C\.|Cedula No\.|NIT #|National ID No\.|"
    r"Identification Number|Credencial electoral|D\.N\.I\.|Tax ID No\.|RFC|CURP|"
    r"Matricula Mercantil No|Driver's License No\.|SSN)\s+([A-Z0-9][A-Z0-9\-./]{4,})",
)
_COUNTRY_CODES = {
    "MEXICO": "MX",
    "UNITED STATES": "US",
    "COLOMBIA": "CO",
    "GUATEMALA": "GT",
    "VENEZUELA": "VE",
    "PANAMA": "PA",
    "ECUADOR": "EC",
    "PERU": "PE",
    "SPAIN": "ES",
    "HONDURAS": "HN",
    "EL SALVADOR": "SV",
    "COSTA RICA": "CR",
    "BOLIVIA": "BO",
    "ARGENTINA": "AR",
    "CANADA": "CA",
    "BRAZIL": "BR",
    "CHILE": "CL",
    "CUBA": "CU",
    "DOMINICAN REPUBLIC": "DO",
    "NICARAGUA": "NI",
    "BELIZE": "BZ",
    "ITALY": "IT",
    "CHINA": "CN",
    "RUSSIA": "RU",
    "IRAN": "IR",
    "IRAQ": "IQ",
    "SYRIA": "SY",
    "LEBANON": "LB",
    "PAKISTAN": "PK",
    "AFGHANISTAN": "AF",
    "UNITED KINGDOM": "GB",
    "NETHERLANDS": "NL",
}


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split("; ") if p.strip()]


def load_2026(path: Path | None = None) -> list[dict]:
    path = path or DATA / "current_2026" / "ofac-sdn.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.append(
                {
                    "uid": row["uid"],
                    "name": row["name"],
                    "type": row["type"],
                    "programs": _split(row["programs"]),
                    "aliases": _split(row["alternate_names"]),
                    "dobs": [],
                    "countries": [],
                    "nationalities": [],
                    "ids": [],
                }
            )
    return out


def _legacy_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("cp1252").rstrip("\x1a\r\n")
    rows = []
    for row in csv.reader(io.StringIO(text)):
        if row:
            rows.append([("" if c.strip() == "-0-" else c.strip()) for c in row])
    return rows


def country_code(name: str) -> str | None:
    return _COUNTRY_CODES.get(name.strip().strip(".").upper())


def parse_dobs(remarks: str) -> list[str]:
    out = []
    for day, mon, year in _DOB.findall(remarks):
        month = _MONTHS.get(mon.upper()) if mon else None
        if month and day:
            out.append(f"{year}-{month:02d}-{int(day):02d}")
        elif month:
            out.append(f"{year}-{month:02d}")
        else:
            out.append(year)
    return out


def load_2021(folder: Path | None = None) -> list[dict]:
    folder = folder or DATA / "official_csv_2021-07"
    entries: dict[str, dict] = {}
    for row in _legacy_rows(folder / "sdn.csv"):
        uid, name, typ, program = row[0], row[1], row[2], row[3]
        remarks = row[11] if len(row) > 11 else ""
        countries = [c for c in (country_code(n) for n in _NATION.findall(remarks)) if c]
        entries[uid] = {
            # Nationality and citizenship only (addresses are added to `countries` below).
            "nationalities": list(dict.fromkeys(countries)),
            "uid": uid,
            "name": name,
            "type": typ or "entity",
            "programs": [p.strip("[] ") for p in program.split("] [")],
            "aliases": [],
            "dobs": parse_dobs(remarks),
            "countries": countries,
            "ids": _ID.findall(remarks),
        }
    for row in _legacy_rows(folder / "alt.csv"):
        if row[0] in entries and len(row) > 3 and row[3]:
            entries[row[0]]["aliases"].append(row[3])
    for row in _legacy_rows(folder / "add.csv"):
        if row[0] in entries and len(row) > 4 and row[4]:
            code = country_code(row[4])
            if code and code not in entries[row[0]]["countries"]:
                entries[row[0]]["countries"].append(code)
    return list(entries.values())
