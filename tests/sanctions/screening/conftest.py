"""Hand-made list entries in the shape of the SDN list, for fast screening tests."""

from __future__ import annotations

import pytest

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import ScreeningIndex


def person(
    entity_id: str,
    *names: str,
    programs: tuple[str, ...] = ("SDNTK",),
    birth: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    ids: tuple[str, ...] = (),
    nationalities: tuple[str, ...] | None = None,
) -> ScreeningRecord:
    """A person whose `countries` are nationalities unless `nationalities` says which are."""
    return ScreeningRecord(
        entity_id=entity_id,
        entity_type="individual",
        names=tuple(ScreeningName(n, "primary" if i == 0 else "aka") for i, n in enumerate(names)),
        programs=programs,
        birth_dates=birth,
        countries=countries,
        id_numbers=ids,
        nationalities=countries if nationalities is None else nationalities,
    )


def company(
    entity_id: str,
    *names: str,
    programs: tuple[str, ...] = ("SDNTK",),
    countries: tuple[str, ...] = ("MX",),
) -> ScreeningRecord:
    return ScreeningRecord(
        entity_id=entity_id,
        entity_type="entity",
        names=tuple(ScreeningName(n, "primary" if i == 0 else "aka") for i, n in enumerate(names)),
        programs=programs,
        countries=countries,
    )


RECORDS = [
    person(
        "6861",
        "GUZMAN LOERA, Joaquin",
        "GUZMAN, Chapo",
        birth=("1954-12-25", "1957-04-04"),
        countries=("MX",),
        ids=("GULJ570404HSLZRQ05",),
    ),
    person("41897", "GUZMAN LOPEZ, Joaquin", birth=("1986",), countries=("MX",)),
    person("6703", "AMEZCUA CONTRERAS, Jose de Jesus", birth=("1964-04-08",), countries=("MX",)),
    person("6707", "CARO QUINTERO, Rafael", "CARO QUINTERO, Raphael", birth=("1952-10-24",)),
    person("7001", "ZAMBADA GARCIA, Ismael", birth=("1948-01-01",), countries=("MX",)),
    person("7002", "HERNANDEZ SALAS, Francisco", countries=("MX",)),
    person("7003", "RAMIREZ VILLA, Maria Guadalupe", countries=("MX",)),
    person("7004", "ESPARRAGOZA MORENO, Juan Jose", countries=("MX",)),
    person("7005", "DE LA CRUZ REYNA, Jose Maria", countries=("MX",)),
    person("7006", "NAVA VALENCIA, Ignacio", countries=("MX",)),
    person("7007", "FLORES MENDEZ, Guillermo", countries=("MX",)),
    person("7008", "TORRES FELIX, Alberto", countries=("MX",)),
    person("7009", "MEZA FLORES, Eduardo", countries=("MX",)),
    person("7010", "BELTRAN LEYVA, Antonio", countries=("MX",)),
    person("7011", "CARRILLO FUENTES, Enrique", countries=("MX",)),
    person("7012", "GARCIA SOTO, Concepcion", countries=("MX",)),
    person("7013", "URIBE LOPEZ, Lorenzo", countries=("MX",)),
    person("7014", "VALDEZ VILLARREAL, Alfonso", countries=("MX",)),
    person("7015", "RIOS GALEANA, Gonzalo", countries=("MX",)),
    person(
        "7016", "PUTIN, Vladimir Vladimirovich", programs=("RUSSIA-EO14024",), countries=("RU",)
    ),
    person("7017", "AL-ASSAD, Bashar", programs=("SYRIA",), countries=("SY",)),
    person("7018", "XAVIER OCHOA, Javier", countries=("MX",)),
    company("7151", "ACCESOS ELECTRONICOS S.A.DE C.V."),
    company("7157", "FARMACIA VIDA SUPREMA, S.A. DE C.V.", "FARMACIAS VIDA"),
    company("7160", "GRUPO COMERCIAL DEL NORTE, S. DE R.L. DE C.V."),
    company("7161", "INMOBILIARIA LA ESTANCIA DE GUADALAJARA, S.A.P.I. DE C.V."),
    company("4702", "KURDISTAN WORKERS' PARTY", "PKK", programs=("SDGT",), countries=()),
]


@pytest.fixture(scope="session")
def index() -> ScreeningIndex:
    return ScreeningIndex.build(RECORDS, list_version="test-1")
