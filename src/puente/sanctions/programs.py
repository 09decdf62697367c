"""OFAC sanctions program tags that matter most for Mexico, with their legal basis.

The SDN list names programs only by tag; these descriptions are project data, taken from
OFAC's program pages. A tag not listed here is shown by its tag alone.
"""

from __future__ import annotations

KINGPIN = "SDNTK"
NARCOTICS: tuple[str, ...] = ("SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059")

DESCRIPTIONS: dict[str, str] = {
    "SDNTK": "Foreign Narcotics Kingpin Designation Act",
    "SDNT": "Narcotics Trafficking Sanctions Regulations (E.O. 12978)",
    "ILLICIT-DRUGS-EO14059": "Global illicit drug trade (E.O. 14059)",
    "TCO": "Transnational Criminal Organizations (E.O. 13581)",
    "FTO": "Foreign Terrorist Organizations",
    "SDGT": "Specially Designated Global Terrorists (E.O. 13224)",
    "CUBA": "Cuban Assets Control Regulations",
    "GLOMAG": "Global Magnitsky sanctions (E.O. 13818)",
    "NPWMD": "Weapons of mass destruction proliferators (E.O. 13382)",
    "IFSR": "Iranian Financial Sanctions Regulations",
    "RUSSIA-EO14024": "Russian harmful foreign activities (E.O. 14024)",
    "CYBER2": "Malicious cyber-enabled activities (E.O. 13694, as amended)",
    "VENEZUELA-EO13850": "Venezuela (E.O. 13850)",
}


def describe(program: str) -> str | None:
    return DESCRIPTIONS.get(program)
