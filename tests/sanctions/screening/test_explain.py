"""Explanations a reviewer reads."""

from __future__ import annotations

from puente.sanctions.screening import Query, ScreeningIndex


def _explain(index: ScreeningIndex, query: Query) -> str:
    return index.screen(query)[0].explanation


def test_issue_example(index: ScreeningIndex) -> None:
    text = _explain(index, Query("Joakin Guzman Loera", birth_date="1957"))
    assert text.startswith("surnames GUZMAN LOERA exact; given name Joakin ~ Joaquin, sounds alike")
    assert "born 1957, list says 1957-04-04" in text


def test_nickname_and_missing_middle_name(index: ScreeningIndex) -> None:
    text = _explain(index, Query("Chuy Amezcua Contreras"))
    assert "given name Chuy ~ Jesus, nickname" in text
    assert "given name Jose not in the query" in text


def test_missing_second_surname(index: ScreeningIndex) -> None:
    text = _explain(index, Query("Ismael Zambada"))
    assert "second surname GARCIA not in the query" in text


def test_company_form_is_not_mentioned_as_a_difference(index: ScreeningIndex) -> None:
    text = _explain(index, Query("Accesos Electronicos SA de CV"))
    assert text == "names ACCESOS ELECTRONICOS exact"


def test_penalties_are_spelled_out(index: ScreeningIndex) -> None:
    matches = index.screen(Query("Jose Guzman Loera"), threshold=0.3)
    top = next(m for m in matches if m.entity_id == "6861")
    assert top.score < 0.8
    assert "given name differs" in top.explanation
    assert "Jose not in the list name" in top.explanation


def test_structured_parts_follow_the_text(index: ScreeningIndex) -> None:
    m = index.screen(Query("Joakin Guzman Loera", country="MX"))[0]
    assert m.explanation == "; ".join(p.text for p in m.parts)
    kinds = [p.kind for p in m.parts]
    assert kinds[:2] == ["token", "token"]
    assert kinds[-1] == "country"
    sound = m.parts[1]
    assert (sound.query, sound.listed, sound.verdict) == ("Joakin", "Joaquin", "sounds alike")
