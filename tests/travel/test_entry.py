"""Entry requirements and vaccinations, with who each applies to and how fresh it is."""

from __future__ import annotations

import duckdb

from puente.travel.entry import entry_requirements, vaccinations


def test_entry_requirements(cur: duckdb.DuckDBPyConnection) -> None:
    result = entry_requirements(cur)
    by_field = {r["field"]: r for r in result.requirements}
    assert len(by_field) == 14
    visa = by_field["tourist_visa_required"]
    assert visa["label"] == "Tourist visa"
    assert visa["applies_to"] == "U.S. citizens"
    assert by_field["vaccinations"]["value"] is None  # not confirmed: unknown, not "none"
    assert by_field["fmm_paperless_airports"]["freshness"]["status"] == "undated"
    summary = result.freshness_summary
    assert sum(summary.values()) == 14
    assert summary["undated"] >= 1


def test_vaccinations_with_who_they_are_for(cur: duckdb.DuckDBPyConnection) -> None:
    result = vaccinations(cur)
    by_item = {v["item"]: v for v in result.vaccinations}
    assert len(by_item) == 10
    assert by_item["Hepatitis A"]["recommended_for"].startswith("Unvaccinated travellers")
    assert by_item["Typhoid"]["recommended_for"] is None
    assert by_item["Measles (MMR)"]["as_of_note"] == "reference: 2024-2025"
    assert by_item["Malaria (prevention medicine)"]["states"] == [
        "MX-CAM",
        "MX-CHP",
        "MX-CHH",
        "MX-NAY",
        "MX-SIN",
    ]


def test_vaccinations_for_a_state(cur: duckdb.DuckDBPyConnection) -> None:
    in_sinaloa = {v["item"] for v in vaccinations(cur, "sinaloa").vaccinations}
    in_yucatan = {v["item"] for v in vaccinations(cur, "YUCATAN").vaccinations}
    assert "Malaria (prevention medicine)" in in_sinaloa
    assert "Malaria (prevention medicine)" not in in_yucatan
    assert len(in_sinaloa) == len(in_yucatan) + 1
