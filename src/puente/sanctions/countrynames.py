"""Country names as the SDN list writes them, to ISO 3166-1 alpha-2 codes.

puente.countries knows CLDR's English and Spanish names; OFAC also writes "Bosnia and
Herzegovina", "Virgin Islands, British", "Bahamas, The", "Cote d Ivoire" and regions such as
"Region: Gaza". Those spellings are read here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from puente.countries import country_code

_OFAC_NAMES = {
    "HONG KONG": "HK",
    "MACAU": "MO",
    "MACAO": "MO",
    "VIRGIN ISLANDS, BRITISH": "VG",
    "VIRGIN ISLANDS, U.S.": "VI",
    "COTE D IVOIRE": "CI",
    "COTE D'IVOIRE": "CI",
    "IVORY COAST": "CI",
    "NORTH MACEDONIA, THE REPUBLIC OF": "MK",
    "MACEDONIA": "MK",
    "NETHERLANDS ANTILLES": "AN",
    "MAN, ISLE OF": "IM",
    "PALESTINIAN AUTHORITY": "PS",
    "POSSIBLY PALESTINIAN": "PS",
    "GAZA": "PS",
    "NORTHERN GAZA": "PS",
    "NORTH GAZA": "PS",
    "WEST BANK": "PS",
    "CRIMEA": "UA",
    "U.K.": "GB",
    "BRUNEI": "BN",
    "CAPE VERDE": "CV",
    "SWAZILAND": "SZ",
    "EAST TIMOR": "TL",
    "MICRONESIA, FEDERATED STATES OF": "FM",
    "SAINT MARTIN": "MF",
    "SINT MAARTEN": "SX",
    "CURACAO": "CW",
}


@lru_cache(maxsize=4096)
def remark_country(text: str | None) -> str | None:
    """The ISO-2 code of a country as OFAC writes it, or None (regions such as Kafia Kingi,
    'undetermined', or text that is no country)."""
    if not text:
        return None
    name = text.strip().strip(".").strip()
    if name.lower().startswith("region:"):
        name = name.split(":", 1)[1].strip()
    if not name or len(name) > 60:
        return None
    upper = name.upper()
    if upper in _OFAC_NAMES:
        return _OFAC_NAMES[upper]
    if len(name) == 2 and not name.isupper():
        return None  # "a", "ii": list markers, not codes
    code = country_code(name)
    if code:
        return code
    variants = [name.replace(" and ", " & ")]
    reordered = re.fullmatch(r"(.+), (The|the)", name)
    if reordered:
        variants.append(reordered.group(1))
    variants += [v.replace("Saint ", "St. ") for v in list(variants)]
    for variant in variants:
        code = country_code(variant)
        if code:
            return code
    return None
