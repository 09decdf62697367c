"""Census partner codes: which rows of country.xlsx are countries and which are aggregates.

The Census Bureau's country codes (Schedule C) for single countries and territories are four
digits from 1000 to 7999, grouped by continent (1 North America, 2 Central America and the
Caribbean, 3 South America, 4 Europe, 5 Asia, 6 Oceania, 7 Africa). country.xlsx adds
summary lines whose codes begin with 0: the World (seasonally adjusted or not), regions
(Europe, Asia, Pacific Rim, ...), groups (European Union, CAFTA-DR, NAFTA/USMCA partners'
imports for consumption) and even a product group (Advanced Technology Products). Codes of
8000 and above are not countries either (8220 Unidentified Countries, 8500 International
Organizations). Ranking counts only the 1000-7999 rows, so no aggregate can outrank Mexico;
the code, not the name, decides, because names change (Czechoslovakia, Serbia and
Montenegro) while the code ranges do not.
"""

from __future__ import annotations

COUNTRY = "country"
AGGREGATE = "aggregate"
OTHER = "other"

WORLD_CODE = "0015"
"""'World, Not Seasonally Adjusted': the total every country row adds up to (the country
rows are not seasonally adjusted either). Published from 1987 on."""

MEXICO_CODE = "2010"


def partner_kind(code: str) -> str:
    """'country' for Schedule C countries, 'aggregate' for Census summary lines, 'other'
    for unallocated codes (8000 and above)."""
    number = int(code)
    if number < 1000:
        return AGGREGATE
    if number < 8000:
        return COUNTRY
    return OTHER


def normalize_code(value: object) -> str | None:
    """'2010', 2010 and ' 15' become '2010' and '0015'; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not text.isdigit() or len(text) > 4:
        return None
    return text.zfill(4)
