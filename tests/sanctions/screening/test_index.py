"""Candidate retrieval: variants are found through the index, never by scanning every name."""

from __future__ import annotations

import pytest

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex
from puente.sanctions.screening import engine as engine_module
from puente.sanctions.screening.normalize import parse_name


def _candidates(index: ScreeningIndex, text: str) -> set[str]:
    prepared = index.names.prepare(parse_name(text), person=True, query=True)
    nids = index.names.candidates(prepared, 16)
    return {index.records[index.names.names[n].entity].entity_id for n in nids}


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("Joaquin Guzman Loera", "6861"),
        ("Joakin Gusman", "6861"),  # sounds alike
        ("Joaquin Guzmna Loera", "6861"),  # typo
        ("Chuy Amezcua", "6703"),  # nickname
        ("Chema Delacruz", "7005"),  # nickname of a compound name, joined particles
        ("Rafael Caro", "6707"),
        ("accesos electronicos", "7151"),
        ("Пу́тин", "7016"),  # other script
    ],
)
def test_retrieval_finds_variants(index: ScreeningIndex, query: str, entity_id: str) -> None:
    assert entity_id in _candidates(index, query)


def test_unrelated_query_retrieves_nothing(index: ScreeningIndex) -> None:
    assert _candidates(index, "Zbigniew Brzezinski") == set()


def _many_records(n: int) -> list[ScreeningRecord]:
    surnames = [
        "ALVAREZ",
        "BARRAZA",
        "CORONEL",
        "DURAN",
        "ESCOBAR",
        "FONSECA",
        "GALINDO",
        "HUERTA",
        "IBARRA",
        "JACOBO",
    ]
    given = ["Mario", "Pedro", "Luis", "Ana", "Rosa", "Ivan", "Noe", "Saul", "Eva", "Ruth"]
    out = []
    for i in range(n):
        name = f"{surnames[i % 10]} {surnames[(i // 10) % 10]}{i}, {given[(i // 100) % 10]}"
        out.append(ScreeningRecord(str(i), "individual", (ScreeningName(name, "primary"),), ()))
    out.append(
        ScreeningRecord(
            "target", "individual", (ScreeningName("GUZMAN LOERA, Joaquin", "primary"),), ("SDNTK",)
        )
    )
    return out


def test_screening_compares_few_names_of_a_big_index(monkeypatch: pytest.MonkeyPatch) -> None:
    big = ScreeningIndex.build(_many_records(3000), "big")
    calls = []
    real = engine_module.compare_names

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_module, "compare_names", counting)
    matches = big.screen(Query("Joakin Guzman Loera"))
    assert matches[0].entity_id == "target"
    assert 0 < len(calls) <= engine_module.CANDIDATES
    calls.clear()
    big.screen(Query("Mario Alvarez Duran"))
    assert len(calls) <= engine_module.CANDIDATES  # many share the tokens; few are compared
