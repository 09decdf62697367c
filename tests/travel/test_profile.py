"""One page per state: advisory, serving post, ports on its border, health, trade."""

from __future__ import annotations

import duckdb
import pytest

from puente.store import Store
from puente.travel.places import UnknownPlace
from puente.travel.profile import state_profile, states_index
from tests.travel.helpers import fake_trade_by_state


def test_sonora_brings_everything_together(cur: duckdb.DuckDBPyConnection) -> None:
    p = state_profile(cur, "sonora")
    assert p.state["code"] == "MX-SON"
    assert p.advisory["current"]["level"] == 3
    assert {s["post_id"] for s in p.posts["posts"]} == {"cg-hermosillo", "cg-nogales"}
    crossings = {c["crossing"] for c in p.ports["crossings"]}
    assert {"Nogales - Deconcini", "Douglas (Raul Hector Castro)", "Lukeville"} <= crossings
    assert all(c["us_state"] == "Arizona" for c in p.ports["crossings"])
    assert p.trade["available"] is False
    datasets = {d.dataset for d in p.datasets}
    assert {"mexico-travel-advisory", "us-posts-mexico", "mx-states", "border-ports"} <= datasets


def test_ports_map_by_accent_free_state_names(cur: duckdb.DuckDBPyConnection) -> None:
    # The registry writes "Nuevo León": Colombia Solidarity is Nuevo León's only crossing.
    crossings = [c["crossing"] for c in state_profile(cur, "Nuevo Leon").ports["crossings"]]
    assert crossings == ["Laredo - Colombia Solidarity"]
    tamaulipas = state_profile(cur, "Tamaulipas").ports["crossings"]
    assert len(tamaulipas) >= 10
    assert all(c["us_state"] == "Texas" for c in tamaulipas)


def test_an_inland_state_has_no_ports(cur: duckdb.DuckDBPyConnection) -> None:
    p = state_profile(cur, "Yucatán")
    assert p.ports["available"] is True
    assert p.ports["crossings"] == []
    assert [s["post_id"] for s in p.posts["posts"]] == ["cg-merida"]


def test_malaria_states_show_it(cur: duckdb.DuckDBPyConnection) -> None:
    assert [v["item"] for v in state_profile(cur, "Chiapas").state_specific_health] == [
        "Malaria (prevention medicine)"
    ]
    assert state_profile(cur, "Yucatán").state_specific_health == []


def test_unknown_state_page(cur: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(UnknownPlace) as caught:
        state_profile(cur, "yucatam")
    assert caught.value.suggestions == ["Yucatán"]


def test_without_the_ports_registry_the_section_says_so(store: Store) -> None:
    from tests.travel.helpers import load_travel

    load_travel(store)
    with store.read() as cursor:
        p = state_profile(cursor, "Sonora")
    assert p.ports == {"available": False, "crossings": [], "dataset": None}


def test_states_index(cur: duckdb.DuckDBPyConnection) -> None:
    result = states_index(cur)
    assert result.count == 32
    assert "ciudad-de-mexico" in {s["slug"] for s in result.states}


def test_trade_section_uses_the_trade_state_breakdown(cur: duckdb.DuckDBPyConnection) -> None:
    """Given the trade state breakdown, the state profile shows the state's row of it, with
    its dataset version; without it, it says the section is not available."""
    p = state_profile(cur, "Sonora", trade_by_state=fake_trade_by_state)
    assert p.trade["available"] is True
    assert (p.trade["rank"], p.trade["exports_usd"], p.trade["states"]) == (6, 1.2e10, 2)
    assert "transborder-freight" in {d.dataset for d in p.datasets}
    assert state_profile(cur, "Yucatán", fake_trade_by_state).trade["available"] is False
    assert state_profile(cur, "Sonora").trade["available"] is False
