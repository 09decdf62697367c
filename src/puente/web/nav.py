"""The sections of the site, in menu order. A capability adds its entry when its pages exist."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    path: str
    title: str
    blurb: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "/border",
        "Border",
        "Ports of entry and monthly crossings since 1996: who crosses where, and when.",
    ),
    Section(
        "/trade",
        "Trade",
        "Goods trade with every partner since 1985, Mexico's rank, freight by mode and state.",
    ),
    Section(
        "/sanctions",
        "Sanctions",
        "The OFAC SDN list, Kingpin Act designations tied to Mexico, and name screening.",
    ),
    Section(
        "/lists",
        "Lists",
        "Every loaded sanctions and export-control list: search entries, see what changed.",
    ),
    Section(
        "/watch",
        "Monitoring",
        "Portfolios of customers and suppliers screened again on every new list version.",
    ),
    Section(
        "/travel",
        "Travel",
        "The travel advisory state by state, the Embassy and consulates, entry and vaccines.",
    ),
    Section(
        "/exchanges",
        "Exchanges",
        "YLAI, SUSI, Jóvenes en Acción, Access, Fulbright-García Robles and more: who can go.",
    ),
    Section("/security", "Security", "Drugs, money and encounters at the border; no arms data."),
    Section(
        "/relations",
        "Relations",
        "The State Department's relations page regenerated from the data, every claim checked.",
    ),
    Section("/highlights", "Highlights", "News items and what changed in the data; Atom feed."),
    Section(
        "/datasets",
        "Data",
        "Every dataset behind the figures: source, version, checksum and coverage.",
    ),
)
