"""The Remarks parser on statements as OFAC writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.sanctions.remarks import iso_date, name_without_period, parse_remarks

# (remarks, field, value, normalized, why)
CASES = [
    ("DOB 04 Apr 1957", "dob", "04 Apr 1957", "1957-04-04", "full date"),
    ("DOB Apr 1957", "dob", "Apr 1957", "1957-04", "month and year"),
    ("alt. DOB 1954", "dob", "1954", "1954", "alternative year only"),
    ("DOB circa 1951", "dob", "circa 1951", "1951", "approximate"),
    ("DOB 1955 to 1957", "dob", "1955 to 1957", "1955/1957", "range"),
    ("DOB circa 1979-1982", "dob", "circa 1979-1982", "1979/1982", "hyphenated range"),
    ("POB Culiacan, Sinaloa, Mexico", "pob", "Culiacan, Sinaloa, Mexico", "MX", "city, state"),
    ("POB Mexico.", "pob", "Mexico", "MX", "country only, final full stop"),
    ("POB Jalisco Mexico", "pob", "Jalisco Mexico", "MX", "no comma"),
    ("POB Guadalajara, Jalisco", "pob", "Guadalajara, Jalisco", "MX", "a state, no country"),
    (
        "POB Albuquerque New Mexico",
        "pob",
        "Albuquerque New Mexico",
        "US",
        "New Mexico is no Mexico",
    ),
    ("nationality Mexico", "nationality", "Mexico", "MX", "nationality"),
    ("nationality Korea, North", "nationality", "Korea, North", "KP", "OFAC's inverted name"),
    ("citizen Bosnia and Herzegovina", "citizenship", "Bosnia and Herzegovina", "BA", "'and'"),
    ("Gender Male.", "gender", "Male", "male", "gender with full stop"),
    (
        "Email Address ventas@ejemplo.com.mx",
        "email",
        "ventas@ejemplo.com.mx",
        "ventas@ejemplo.com.mx",
        "e-mail",
    ),
    (
        "Website http://www.ejemplo.com.mx.",
        "website",
        "http://www.ejemplo.com.mx",
        "http://www.ejemplo.com.mx",
        "website, full stop removed",
    ),
    ("Linked To: LOS ZETAS.", "linked_to", "LOS ZETAS", None, "relation"),
    (
        "Linked To: LE CLAUDE, S.A. DE C.V.",
        "linked_to",
        "LE CLAUDE, S.A. DE C.V.",
        None,
        "the company form keeps its stops",
    ),
    ("a.k.a. 'EL CHAPO'.", "alias", "EL CHAPO", "aka", "weak alias"),
    ("f.k.a. 'CARTEL DEL PACIFICO'", "alias", "CARTEL DEL PACIFICO", "fka", "weak former name"),
    (
        "Organization Established Date 1989.",
        "organization_established_date",
        "1989",
        "1989",
        "keyed fact",
    ),
    (
        "Nationality of Registration Panama",
        "nationality_of_registration",
        "Panama",
        "PA",
        "not a person's nationality",
    ),
    (
        "Secondary sanctions risk: section 1(b) of Executive Order 13224",
        "secondary_sanctions_risk",
        "section 1(b) of Executive Order 13224",
        None,
        "colon-keyed fact, parentheses kept",
    ),
    ("Member of the State Duma", "unparsed", "Member of the State Duma", None, "kept whole"),
]


@pytest.mark.parametrize(("remarks", "field", "value", "normalized", "why"), CASES)
def test_statement(remarks: str, field: str, value: str, normalized: str | None, why: str) -> None:
    parts = parse_remarks(remarks).parts
    assert len(parts) == 1, why
    assert (parts[0].field, parts[0].value, parts[0].normalized) == (field, value, normalized), why


# (statement, doc_type, number, country_code, issued, expires)
DOCUMENTS = [
    ("C.U.R.P. GULJ570404HSLZRQ02 (Mexico)", "C.U.R.P.", "GULJ570404HSLZRQ02", "MX", None, None),
    ("R.F.C. DIB-771110-HQ1 (Mexico).", "R.F.C.", "DIB-771110-HQ1", "MX", None, None),
    (
        "Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004",
        "Passport",
        "G025057",
        None,
        "1999-06-23",
        "2004-02-05",
    ),
    (
        "Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992.",
        "Passport",
        "E590976",
        "TN",
        "1987-06-19",
        "1992-06-18",
    ),
    ("Tax ID No. 100036386 (Serbia)", "Tax ID No.", "100036386", "RS", None, None),
    ("National ID No. 660000 73767 (Belgium)", "National ID No.", "660000 73767", "BE", None, None),
    ("NIT # 800018928-0 (Colombia).", "NIT", "800018928-0", "CO", None, None),
    ("Cedula No. 7548733 (Colombia)", "Cedula No.", "7548733", "CO", None, None),
    (
        "Folio Mercantil No. 343997 (Mexico) issued 14 Dec 2005.",
        "Folio Mercantil No.",
        "343997",
        "MX",
        "2005-12-14",
        None,
    ),
    (
        "Vessel Registration Identification IMO 7406784.",
        "Vessel Registration Identification",
        "IMO 7406784",
        None,
        None,
        None,
    ),
    (
        "Unified Social Credit Code (USCC) 9113100033607322XK (China)",
        "Unified Social Credit Code (USCC)",
        "9113100033607322XK",
        "CN",
        None,
        None,
    ),
    (
        "Electoral Registry No. CZSLBL54091825M200 (Mexico).",
        "Electoral Registry No.",
        "CZSLBL54091825M200",
        "MX",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "doc_type", "number", "country", "issued", "expires"), DOCUMENTS)
def test_identity_document(
    text: str,
    doc_type: str,
    number: str,
    country: str | None,
    issued: str | None,
    expires: str | None,
) -> None:
    parsed = parse_remarks(text)
    assert [p.field for p in parsed.parts] == ["document"]
    doc = parsed.documents[0]
    assert (doc.doc_type, doc.number, doc.country_code, doc.issued, doc.expires) == (
        doc_type,
        number,
        country,
        issued,
        expires,
    )


def test_whole_remarks_keep_every_statement_in_order() -> None:
    remarks = (
        "DOB 20 Jul 1972; POB Nuevo Laredo, Tamaulipas, Mexico; nationality Mexico; citizen "
        "Mexico; Passport 84059255 (Mexico); alt. Passport X1 (Mexico); ICTY indictee; "
        "Linked To: LOS ZETAS."
    )
    parsed = parse_remarks(remarks)
    assert [p.field for p in parsed.parts] == [
        "dob",
        "pob",
        "nationality",
        "citizenship",
        "document",
        "document",
        "unparsed",
        "linked_to",
    ]
    assert "; ".join(p.raw for p in parsed.parts) + "" == remarks.rstrip()
    assert [d.alt for d in parsed.documents] == [False, True]
    assert parsed.linked_to == ["LOS ZETAS"]


def test_semicolon_inside_parentheses_does_not_split() -> None:
    parsed = parse_remarks("Passport 123 (issued by X; renewed); Gender Female")
    assert [p.field for p in parsed.parts] == ["document", "gender"]


def test_dates() -> None:
    assert iso_date("04 Apr 1957") == "1957-04-04"
    assert iso_date("Sept 1957") is None
    assert iso_date("32 Apr 1957") is None
    assert name_without_period("HIZBALLAH.") == "HIZBALLAH"
    assert name_without_period("ACME CO., LTD.") == "ACME CO., LTD."


@given(st.text(max_size=400))
def test_never_crashes_and_never_drops_text(text: str) -> None:
    parsed = parse_remarks(text)
    kept = "".join("".join(p.raw for p in parsed.parts).replace(";", "").split())
    original = "".join(text.replace(";", "").split())
    # Every character of the input but blanks and separators is in some part's raw text.
    assert sorted(kept) == sorted(original)
