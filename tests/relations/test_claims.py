"""The relations page's claims against the fixture datasets: values, verdicts, provenance, and
what a claim says when its dataset is not loaded."""

from __future__ import annotations

import pytest

from puente.relations.claims import VERDICTS, check_claims
from puente.relations.page import relations_page
from puente.store import Store


def _claims(store: Store) -> dict[str, dict]:
    with store.read() as cur:
        return {c["key"]: c for c in check_claims(cur)}


def test_trade_ranks_are_computed_for_the_page_year(relations_store: Store) -> None:
    claims = _claims(relations_store)
    # The Census fixture puts Mexico 2nd by exports and 3rd by two-way trade in 2018.
    assert claims["export_rank"]["page_value"] == 2
    assert claims["export_rank"]["verdict"] == "confirmed"
    assert claims["partner_rank"]["page_value"] == 3
    assert claims["partner_rank"]["verdict"] == "confirmed"
    assert claims["export_rank"]["latest_year"] == 2018  # 2019 has January only
    ref = claims["export_rank"]["provenance"]["datasets"][0]
    assert (ref["dataset"], ref["version"]) == ("census-country-trade", 1)
    assert "partner_ranks" in claims["export_rank"]["provenance"]["service"]


def test_goods_only_total_is_shown_but_not_judged(relations_store: Store) -> None:
    two_way = _claims(relations_store)["two_way_trade"]
    assert two_way["page_value"] == 610_800_000  # (265.2 + 345.6) million, the fixture's 2018
    assert two_way["verdict"] == "not_in_data"
    assert "goods only" in two_way["note"]
    assert two_way["stated"] == "$678 billion (goods and services)"


def test_a_day_of_trade_differs_when_the_total_is_small(relations_store: Store) -> None:
    per_day = _claims(relations_store)["trade_per_day"]
    assert per_day["page_value"] == round(610_800_000 / 365)
    assert per_day["verdict"] == "differs"  # the fixture's trade is a thousandth of the real


def test_border_claims_without_the_page_year(relations_store: Store) -> None:
    claims = _claims(relations_store)
    ports = claims["ports"]
    assert ports["page_value"] is None  # the border fixture starts after 2018
    assert ports["verdict"] == "not_in_data"
    assert ports["latest_year"] == 2024
    assert ports["latest_value"] == 3  # San Ysidro, El Paso, Nogales
    assert ports["registry_crossings"] == 47
    assert {d["dataset"] for d in ports["provenance"]["datasets"]} == {
        "border-crossings",
        "border-ports",
    }
    people = claims["crossings_per_day"]
    assert people["latest_value"] is not None
    assert people["latest_value"] > 0


def test_reference_facts_carry_their_source(relations_store: Store) -> None:
    claims = _claims(relations_store)
    citizens = claims["citizens"]
    assert (citizens["page_value"], citizens["verdict"]) == ("1.5 million", "confirmed")
    assert citizens["latest_value"] == "1.6 million (estimated)"
    assert citizens["provenance"]["source"].startswith("State Dept fact sheet")
    population = claims["border_population"]
    assert population["page_value"] == "about 14.94 million"
    assert population["verdict"] == "confirmed"


def test_claims_outside_the_data_say_why(relations_store: Store) -> None:
    claims = _claims(relations_store)
    assert claims["crude_supplier"]["verdict"] == "not_in_data"
    assert "imports" in claims["crude_supplier"]["note"]
    assert claims["energy_market"]["verdict"] == "not_in_data"  # the EIA fixture ends in 2017


def test_without_data_every_claim_says_what_to_load(store: Store) -> None:
    claims = _claims(store)
    missing = {k for k, c in claims.items() if c["verdict"] == "missing"}
    assert missing >= {"ports", "crossings_per_day", "export_rank", "two_way_trade", "citizens"}
    assert "not loaded: border-crossings" in claims["ports"]["note"]
    assert "not loaded: census-country-trade" in claims["export_rank"]["note"]
    with store.read() as cur:
        page = relations_page(cur)
    assert page["paragraphs"] == []
    assert page["verdicts"]["missing"] == len(missing)


@pytest.mark.parametrize("key", ["ports", "export_rank", "citizens", "two_way_trade"])
def test_every_claim_has_a_known_verdict_and_the_page_source(
    relations_store: Store, key: str
) -> None:
    claim = _claims(relations_store)[key]
    assert claim["verdict"] in VERDICTS
    assert claim["text"]
    assert claim["provenance"]["source"]


def test_page_text_uses_the_latest_figures(relations_store: Store) -> None:
    with relations_store.read() as cur:
        page = relations_page(cur)
    text = " ".join(page["paragraphs"])
    assert "3 BTS port codes reported northbound crossings" in text
    assert "2nd-largest export market and 3rd-largest trading partner in goods in 2018" in text
    rows = {r["key"]: r for r in page["rows"]}
    assert rows["export_rank"]["datasets"] == "census-country-trade v1"
