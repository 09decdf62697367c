"""Every dataset Puente can load, by name.

Each capability adds its sources here as "module:Class"; modules are imported on first use so
that the core stays light.
"""

from __future__ import annotations

import difflib
from importlib import import_module
from typing import Any

from puente.errors import NotFound
from puente.ingest.base import Source
from puente.store import Store, catalog

_SOURCE_PATHS: tuple[str, ...] = (
    "puente.border.sources:BorderCrossingsSource",
    "puente.border.sources:PortCrossingsSource",
    "puente.border.averages:CbpWaitAveragesSource",
    "puente.border.observed:ObservedWaitsSource",
    "puente.trade.census:CensusCountryTradeSource",
    "puente.trade.transborder:TransBorderFreightSource",
    "puente.trade.eia:EiaEnergyExportsSource",
    "puente.trade.facts:BilateralFactsSource",
    "puente.geo.shapes:MexicoStatesGeometrySource",
    "puente.travel.sources:MexicanStatesSource",
    "puente.travel.sources:UsPostsSource",
    "puente.travel.sources:TravelAdvisorySource",
    "puente.travel.feed:TravelAdvisoryFeedSource",
    "puente.travel.sources:EntryRequirementsSource",
    "puente.travel.sources:VaccinationsSource",
    "puente.exchanges.sources:ExchangeProgramsSource",
    "puente.sanctions.sources:OfacSdnSource",
    "puente.sanctions.consolidated:OfacConsolidatedSource",
    "puente.sanctions.unsc:UnConsolidatedSource",
    "puente.sanctions.exportlists:BisDplSource",
    "puente.sanctions.exportlists:TradeCslSource",
    "puente.security.sources:DrugSeizuresSource",
    "puente.security.sources:CurrencySeizuresSource",
    "puente.security.sources:SouthwestEncountersSource",
    "puente.security.sources:AmoDrugSeizuresSource",
    "puente.security.sources:EncountersByStateSource",
)


def _load(path: str) -> type[Source]:
    module, _, attr = path.partition(":")
    cls: object = getattr(import_module(module), attr)
    if not (isinstance(cls, type) and issubclass(cls, Source)):
        raise TypeError(f"{path} is not a Source")
    return cls


def all_sources() -> dict[str, type[Source]]:
    sources: dict[str, type[Source]] = {}
    for path in _SOURCE_PATHS:
        cls = _load(path)
        sources[cls.name] = cls
    return sources


def get_source(name: str) -> Source:
    sources = all_sources()
    if name not in sources:
        close = difflib.get_close_matches(name, list(sources), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFound(f"unknown dataset {name!r}{hint} (known: {', '.join(sorted(sources))})")
    return sources[name]()


def describe_datasets(store: Store) -> dict[str, Any]:
    """Every dataset Puente can load, with its kept versions and their provenance."""
    from puente.ingest.updates import describe_checks

    with store.read() as cur:
        versions = catalog.list_versions(cur)
        checks = describe_checks(cur)
    out = []
    for name, cls in sorted(all_sources().items()):
        kept = [v.as_dict() for v in versions if v.dataset == name]
        out.append(
            {
                "dataset": name,
                "title": cls.title,
                "publisher": cls.publisher,
                "loaded": bool(kept),
                "current_version": next((v["version"] for v in kept if v["current"]), None),
                "versions": kept,
                "publisher_url": _publisher_url(cls),
                "official_source": cls.official_source,
                "check": checks.get(name),
            }
        )
    return {"datasets": out}


def _publisher_url(cls: type[Source]) -> str | None:
    """Where the publisher serves the files: its listing page where the files are found
    from one, else the first file's URL; None when not online."""
    listing = getattr(cls, "listing", None)
    if listing is not None:
        return str(listing.page)
    urls = [s.url for s in cls.files if s.url.startswith(("http://", "https://"))]
    return urls[0] if urls else None
