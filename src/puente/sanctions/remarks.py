"""The Remarks field of the SDN list, read into fields.

OFAC writes what it knows of an entry beyond its name as `;`-separated statements in one
field: "DOB 04 Apr 1957; alt. DOB 1954; POB Sinaloa, Mexico; nationality Mexico; Gender Male;
C.U.R.P. GULJ570404HSLZRQ02 (Mexico); a.k.a. 'CHAPO'; Linked To: SINALOA CARTEL." Each
statement becomes one RemarkPart; statements this parser does not understand are kept whole
as `unparsed` parts, so nothing in the list is ever dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from puente.countries import place_country
from puente.sanctions.countrynames import remark_country

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DATE = r"(?:\d{1,2}\s+[A-Za-z]{3}\.?\s+\d{4}|[A-Za-z]{3}\.?\s+\d{4}|\d{4})"
_DATE_RE = re.compile(r"^(?:(?P<day>\d{1,2})\s+)?(?:(?P<mon>[A-Za-z]{3})\.?\s+)?(?P<year>\d{4})$")


@dataclass(frozen=True, slots=True)
class RemarkPart:
    """One statement of the Remarks. `field` is dob, pob, nationality, citizenship, gender,
    email, website, phone, alias, linked_to, document, another fact's key (such as
    organization_established_date) or `unparsed`; `raw` is the statement as written."""

    seq: int
    field: str
    value: str
    normalized: str | None
    alt: bool
    raw: str


@dataclass(frozen=True, slots=True)
class Document:
    doc_type: str
    number: str
    country: str | None
    country_code: str | None
    issued: str | None
    expires: str | None
    alt: bool
    raw: str


@dataclass(frozen=True, slots=True)
class WeakAlias:
    alias_type: str
    """aka, fka or nka, as the Remarks say."""
    name: str


@dataclass(slots=True)
class ParsedRemarks:
    parts: list[RemarkPart] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    aliases: list[WeakAlias] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)

    def normalized(self, name: str) -> list[str]:
        return [p.normalized for p in self.parts if p.field == name and p.normalized]


def iso_date(text: str) -> str | None:
    """'04 Apr 1957' -> '1957-04-04', 'Apr 1957' -> '1957-04', '1957' -> '1957'."""
    found = _DATE_RE.match(text.strip())
    if not found:
        return None
    year = found.group("year")
    mon = found.group("mon")
    if mon is None:
        return year if found.group("day") is None else None
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    if found.group("day") is None:
        return f"{year}-{month:02d}"
    day = int(found.group("day"))
    if not 1 <= day <= 31:
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _birth_date(text: str) -> str | None:
    """DOB values: a date, 'circa <date>' or '<date> to <date>' (normalized 'a/b')."""
    value = re.sub(r"^circa\s+", "", text.strip(), flags=re.IGNORECASE)
    value = re.sub(r"^(\d{4})\s*-\s*(\d{4})$", r"\1 to \2", value)
    if " to " in value:
        start, _, end = value.partition(" to ")
        first, last = iso_date(start), iso_date(end)
        return f"{first}/{last}" if first and last else None
    return iso_date(value)


def _split(remarks: str) -> list[str]:
    """Statements separated by ';' outside parentheses."""
    parts: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(remarks):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(remarks[start:index])
            start = index + 1
    parts.append(remarks[start:])
    return [p.strip() for p in parts if p.strip()]


def _drop_period(text: str) -> str:
    return text[:-1].rstrip() if text.endswith(".") else text


_ABBREVIATIONS = {"INC", "LTD", "CO", "CORP", "LTDA", "CIA", "JR", "SR", "BHD", "PLC", "AG"}


def name_without_period(text: str) -> str:
    """A name that ends a statement loses the statement's full stop, unless the stop belongs
    to the name ('S.A. DE C.V.', 'CO., LTD.')."""
    text = text.strip()
    if not text.endswith("."):
        return text
    last = text[:-1].rsplit(" ", 1)[-1].strip(",")
    if "." in last or last.upper() in _ABBREVIATIONS:
        return text
    return text[:-1].rstrip()


# Identity document types whose name does not end in No./Number/#/ID/Card.
_DOC_TYPES = (
    "Passport",
    "Diplomatic Passport",
    "C.U.R.P.",
    "R.F.C.",
    "RFC",
    "D.N.I.",
    "SSN",
    "MMSI",
    "C.U.I.",
    "C.U.I.T.",
    "C.U.I.P.",
    "I.F.E.",
    "NIT",
    "RUC",
    "RIF",
    "Credencial electoral",
    "Cartilla de Servicio Militar Nacional",
    "Matricula Mercantil No",
    "License",
    "Unified Social Credit Code (USCC)",
    "Economic Register Number (CBLS)",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Vessel Registration Identification",
    "VisaNumberID",
    "Tazkira",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "Kenyan ID",
    "Pasaporte",
    "Registration ID",
    "LE Number",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
)
_DOC_SUFFIX = re.compile(
    r"^(?P<type>[A-Z][A-Za-z.'/&\- ]{1,60}?(?:No\.?|Number|#|ID|Card|Code|Certificate))"
    r"\s*[#:]?\s+(?P<rest>.*\d.*)$"
)
_DOC_REST = re.compile(
    r"^(?P<number>.+?)\s*(?:\((?P<country>[^()]*)\))?"
    rf"(?:,?\s*issued\s+(?:by\s+[^;]+?\s+)?(?P<issued>{_DATE}))?"
    rf"(?:,?\s*expires\s+(?P<expires>{_DATE}))?\s*$",
    re.IGNORECASE,
)
_ALIAS = re.compile(r"^(?P<kind>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*(?P<name>.+)$", re.IGNORECASE)
_KEYED = (
    ("dob", re.compile(r"^DOB\s+(.+)$", re.IGNORECASE)),
    ("pob", re.compile(r"^POB\s+(.+)$", re.IGNORECASE)),
    ("nationality", re.compile(r"^nationality\s+(?!of Registration)(.+)$", re.IGNORECASE)),
    ("citizenship", re.compile(r"^citizen\s+(.+)$", re.IGNORECASE)),
    ("gender", re.compile(r"^Gender\s+(.+)$", re.IGNORECASE)),
    ("email", re.compile(r"^E-?mail(?: Address)?:?\s+(.+)$", re.IGNORECASE)),
    ("website", re.compile(r"^(?:Website|Web site):?\s+(.+)$", re.IGNORECASE)),
    (
        "phone",
        re.compile(r"^(?:Phone Number|Telephone|Phone|Fax|Fax Number):?\s+(.+)$", re.IGNORECASE),
    ),
    ("linked_to", re.compile(r"^Linked To:\s*(.+)$", re.IGNORECASE)),
    ("title", re.compile(r"^Title:?\s+(.+)$")),
)
# Facts OFAC writes as "<key> <value>" without a colon.
_FACT_KEYS = (
    "Organization Established Date",
    "Organization Type",
    "Target Type",
    "Vessel Year of Build",
    "Other Vessel Flag",
    "Other Vessel Call Sign",
    "Other Vessel Type",
    "Vessel Flag",
    "Vessel Type",
    "Aircraft Model",
    "Aircraft Operator",
    "Aircraft Manufacture Date",
    "Aircraft Mode S Transponder Code",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Previous Aircraft Tail Number",
    "Aircraft Tail Number",
    "Digital Currency Address -",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 13846 information",
    "Executive Order 14024 Directive Information",
    "Nationality of Registration",
    "Identification Number",
    "Registration Number",
    "Former Vessel Flag",
    "Additional Sanctions Information -",
)
_COUNTRY_FACTS = ("vessel_flag", "nationality_of_registration", "former_vessel_flag")


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


def parse_remarks(remarks: str | None) -> ParsedRemarks:
    """Read the Remarks into parts; every statement becomes exactly one part."""
    parsed = ParsedRemarks()
    if not remarks:
        return parsed
    for seq, raw in enumerate(_split(remarks)):
        alt = raw.lower().startswith("alt. ")
        body = raw[5:].strip() if alt else raw
        part = _parse_statement(seq, body, alt, raw, parsed)
        parsed.parts.append(part)
    return parsed


def _parse_statement(seq: int, body: str, alt: bool, raw: str, parsed: ParsedRemarks) -> RemarkPart:
    alias = _ALIAS.match(body)
    if alias:
        name = alias.group("name").strip()
        quoted = re.fullmatch(r"'(.+)'\.?", name)
        if quoted:
            kind = alias.group("kind").lower().replace(".", "")
            parsed.aliases.append(WeakAlias(kind, quoted.group(1).strip()))
            return RemarkPart(seq, "alias", quoted.group(1).strip(), kind, alt, raw)
    for key, pattern in _KEYED:
        found = pattern.match(body)
        if found:
            return _keyed(seq, key, found.group(1).strip(), alt, raw, parsed)
    document = _document(body, alt, raw)
    if document is not None:
        parsed.documents.append(document)
        return RemarkPart(
            seq,
            "document",
            f"{document.doc_type} {document.number}",
            document.country_code,
            alt,
            raw,
        )
    for key in _FACT_KEYS:
        if body.startswith(key + " ") or body.startswith(key + ":"):
            value = _drop_period(body[len(key) :].lstrip(" :"))
            slug = _slug(key)
            normal = remark_country(value) if slug in _COUNTRY_FACTS else iso_date(value)
            return RemarkPart(seq, slug, value, normal, alt, raw)
    if ":" in body:
        key, _, value = body.partition(":")
        if 0 < len(key) <= 100 and value.strip() and not key.strip().endswith("http"):
            return RemarkPart(seq, _slug(key), _drop_period(value.strip()), None, alt, raw)
    return RemarkPart(seq, "unparsed", _drop_period(body), None, alt, raw)


def _keyed(
    seq: int, key: str, value: str, alt: bool, raw: str, parsed: ParsedRemarks
) -> RemarkPart:
    if key == "linked_to":
        name = name_without_period(value)
        parsed.linked_to.append(name)
        return RemarkPart(seq, key, name, None, alt, raw)
    if key in ("email", "website"):
        text = _drop_period(value) if not value.endswith("/.") else value[:-1]
        return RemarkPart(seq, key, text, text.lower(), alt, raw)
    text = _drop_period(value)
    normalized: str | None
    if key == "dob":
        normalized = _birth_date(text)
    elif key in ("nationality", "citizenship"):
        normalized = remark_country(text)
    elif key == "pob":
        # "POB Culiacan, Sinaloa, Mexico", and without commas "POB Jalisco Mexico".
        normalized = remark_country(text.rsplit(",", 1)[-1]) or place_country(text)
    elif key == "gender":
        normalized = text.lower() if text.lower() in ("male", "female") else None
    else:
        normalized = None
    return RemarkPart(seq, key, text, normalized, alt, raw)


def _document(body: str, alt: bool, raw: str) -> Document | None:
    doc_type, rest = None, None
    for name in sorted(_DOC_TYPES, key=len, reverse=True):
        if body.startswith(name + " ") or body.startswith(name + "#"):
            doc_type, rest = name, body[len(name) :].lstrip(" #:")
            break
    if doc_type is None:
        found = _DOC_SUFFIX.match(body)
        if not found:
            return None
        doc_type, rest = found.group("type").strip(), found.group("rest")
        # "Tax ID No. 123": the shortest type is "Tax ID"; the "No." belongs to it.
        more = re.match(r"^(No\.?|Number|#|Card)\s+(.*\d.*)$", rest)
        while more:
            doc_type, rest = f"{doc_type} {more.group(1)}", more.group(2)
            more = re.match(r"^(No\.?|Number|#|Card)\s+(.*\d.*)$", rest)
    rest = _drop_period((rest or "").strip())
    if not rest or not any(c.isdigit() for c in rest):
        return None
    parts = _DOC_REST.match(rest)
    if parts is None:
        return None
    number = parts.group("number").strip().rstrip(",")
    if not number or len(number) > 60:
        return None
    country = parts.group("country")
    code = remark_country(country) if country else None
    if country and code is None:
        # "(Mexico)" names a country; anything else in brackets belongs to the number.
        number = f"{number} ({country})"
        country = None
    issued = parts.group("issued")
    expires = parts.group("expires")
    return Document(
        doc_type=doc_type,
        number=number,
        country=country.strip() if country else None,
        country_code=code,
        issued=iso_date(issued) if issued else None,
        expires=iso_date(expires) if expires else None,
        alt=alt,
        raw=raw,
    )
