"""Country names as the SDN list writes them, to ISO 3166-1 alpha-2 codes.

puente.countries knows CLDR's and ISO 3166's English and Spanish names, former names and
"Virgin Islands, British" / "Bahamas, The" orders; OFAC also writes regions such as
"Region: Gaza" and "Crimea", read here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from puente.countries import country_code

_OFAC_NAMES = {
    "NETHERLANDS ANTILLES": "AN",
    "PALESTINIAN AUTHORITY": "PS",
    "POSSIBLY PALESTINIAN": "PS",
    "NORTHERN GAZA": "PS",
    "NORTH GAZA": "PS",
    "CRIMEA": "UA",
    "NORTH MACEDONIA, THE REPUBLIC OF": "MK",
}
"""What OFAC writes that is no country name of ISO 3166 or CLDR (regions, a former
country without one successor); every other spelling is puente.countries's."""


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
