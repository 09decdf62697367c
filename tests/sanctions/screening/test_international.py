"""Names beyond Spanish: scripts, legal forms, particles in context, nickname queries, the
type a query implies, numbers in words, pinyin (docs/decisions/0022-international-names.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puente.sanctions.records import ScreeningName, ScreeningRecord
from puente.sanctions.screening import Query, ScreeningIndex, validate_query
from puente.sanctions.screening.compare import token_similarity
from puente.sanctions.screening.forms import canonical_forms
from puente.sanctions.screening.normalize import (
    fold,
    nickname_query,
    number_reading,
    parse_name,
    split_title,
)
from puente.sanctions.screening.phonetics import pinyin_name

from .scoring import scoring_records

FOLDS = [
    # (text, folded, why)
    ("Андрей", "ANDREY", "Cyrillic Й is Y, not I with its breve stripped"),
    ("Евгений Андреевич", "YEVGENIY ANDREYEVICH", "Е first or after a vowel is YE"),
    ("ガンダム", "GANDAMU", "kana voiced marks kept: GA, not KA"),
    ("习近平", "XI JIN PING", "one Han syllable a word"),
    ("أحمد", fold("احمد"), "hamza carrier stripped: the same Arabic name"),
    ("Joaquín Guzmán", "JOAQUIN GUZMAN", "Latin accents stripped"),
    ("Øre Straße", "ORE STRASSE", "letters NFKD does not split"),
    ("Ｆｕｌｌ", "FULL", "full-width forms"),
]


@pytest.mark.parametrize(("text", "folded", "why"), FOLDS)
def test_scripts_are_transliterated_before_marks_are_stripped(
    text: str, folded: str, why: str
) -> None:
    assert fold(text) == folded, why


@given(st.text(max_size=40))
def test_fold_never_crashes_and_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once.isascii()


FORMS = [
    # (name, tokens, why)
    ("OOO Romashka", ("LLC", "ROMASHKA"), "Russian form at the head"),
    ("Romashka Limited Liability Company", ("ROMASHKA", "LLC"), "long form at the end"),
    ("Siemens Aktiengesellschaft", ("SIEMENS", "AG"), "German long form"),
    ("Open Joint Stock Company Almaz", ("OJSC", "ALMAZ"), "OJSC = OAO"),
    ("ОАО Алмаз", ("OJSC", "ALMAZ"), "Cyrillic short form"),
    ("Rosneft PAO", ("ROSNEFT", "PJSC"), "PAO = PJSC"),
    ("Acme S. de R.L. de C.V.", ("ACME", "SRLCV"), "Mexican form"),
    ("Acme Co., Ltd.", ("ACME", "COLTD"), "two words, one form"),
    ("Maria Sá", ("MARIA", "SA"), "Sá is a surname, not S.A."),
    ("Limited Editions Trading", ("LIMITED", "EDITIONS", "TRADING"), "LIMITED is no head form"),
    ("Trading Limited Editions", ("TRADING", "LIMITED", "EDITIONS"), "never in the middle"),
]


@pytest.mark.parametrize(("name", "tokens", "why"), FORMS)
def test_legal_forms_only_at_either_end(name: str, tokens: tuple[str, ...], why: str) -> None:
    parts = parse_name(name)
    meant = tuple(
        canonical_forms(t) if m else t for t, m in zip(parts.tokens, parts.minor, strict=True)
    )
    assert meant == tokens, why
    forms = {"LLC", "AG", "OJSC", "PJSC", "SRLCV", "COLTD"}
    assert [t in forms for t in meant] == list(parts.minor), why


def test_a_persons_name_carries_no_form() -> None:
    assert parse_name("Joao Sa", comma_means_surname=True, forms=False).minor == (False, False)
    assert parse_name("Joao Sa").minor == (False, True)


PARTICLES = [
    ("Rahul Das", (False, False), "DAS last is the surname"),
    ("Maria das Dores", (False, True, False), "DAS before a name joins it"),
    ("Jean Le", (False, False), "LE last"),
    ("Osama bin Laden", (False, True, False), "BIN before a name"),
    ("Omar Bin", (False, False), "BIN last"),
    ("Li Wei de la", (False, False, True, True), "a run of particles at the end is padding"),
]


@pytest.mark.parametrize(("name", "minor", "why"), PARTICLES)
def test_particles_in_context(name: str, minor: tuple[bool, ...], why: str) -> None:
    assert parse_name(name).minor == minor, why


def test_titles_numbers_nicknames_and_pinyin() -> None:
    assert split_title("Dr. Ayman al-Zawahiri") == ("Dr.", "Ayman al-Zawahiri")
    assert split_title("Drake Bell") == (None, "Drake Bell")
    assert split_title("Sra. Maria Lopez") == ("Sra.", "Maria Lopez")
    assert split_title("Sr Chemicals") == (None, "Sr Chemicals")
    assert number_reading("Forty-Four Trading") == "44 TRADING"
    assert number_reading("Cuarenta y Cuatro Transportes") == "44 TRANSPORTES"
    assert number_reading("Guzman Loera") is None
    assert nickname_query(parse_name("El Chapo"))
    assert nickname_query(parse_name("La Tuta"))
    assert not nickname_query(parse_name("El"))
    assert not nickname_query(parse_name("Joaquin El Chapo Guzman"))
    assert pinyin_name(("XI", "JINPING"))
    assert not pinyin_name(("JUAN", "LUNA"))
    assert not pinyin_name(("KIM", "TONG", "CHOL"))
    assert token_similarity("XI", "JI", spanish=False) == (0.0, "")
    assert token_similarity("JOAKIN", "JOAQUIN")[1] == "sounds alike"


def _vessel(entity_id: str, name: str) -> ScreeningRecord:
    return ScreeningRecord(entity_id, "vessel", (ScreeningName(name, "primary"),), ("IRAN",))


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex.build(
        [*scoring_records(), _vessel("8401", "SEA STAR"), _vessel("8402", "SIEMENS")], "intl-1"
    )


def test_el_chapo_finds_guzman_loera_through_the_listed_alias(index: ScreeningIndex) -> None:
    best = index.screen(Query("El Chapo"), limit=1)[0]
    assert best.entity_id == "6861"
    assert best.match
    assert best.name == "GUZMAN, Chapo"
    # A common given name after an article is no nickname.
    found = index.screen(Query("El Joaquin"), limit=3)
    assert not any(m.match for m in found)


def test_person_evidence_keeps_people_off_companies(index: ScreeningIndex) -> None:
    plain = index.screen(Query("Siemens"), limit=5)
    assert any(m.entity_id == "8202" and m.match for m in plain)
    for query in (
        Query("Siemens", birth_date="1960-02-03"),
        Query("Dr. Siemens"),
        Query("Siemens", person_evidence="given and family name columns"),
    ):
        found = index.screen(query, limit=5)
        assert not any(m.match for m in found if m.entity_type in ("entity", "vessel")), query
        assert any("looks like an individual" in m.explanation for m in found), query


def test_a_company_form_keeps_companies_off_vessels(index: ScreeningIndex) -> None:
    assert index.screen(Query("Sea Star"), limit=1)[0].match
    found = index.screen(Query("Sea Star LLC"), limit=3)
    assert not any(m.match and m.entity_type == "vessel" for m in found)
    # A known type is respected as before; an inferred one does not override it.
    assert validate_query(Query("Sea Star LLC", entity_type="vessel")).inferred_type is None
    assert index.screen(Query("Sea Star LLC", entity_type="vessel"), limit=1)[0].match


def test_explanations_show_the_transliteration_compared(index: ScreeningIndex) -> None:
    best = index.screen(Query("Владимир Путин"), limit=1)[0]
    assert "Путин [PUTIN]" in best.explanation
    assert "Владимир [VLADIMIR]" in best.explanation
    arabic = index.screen(Query("عبد الملك الحوثي"), limit=1)[0]
    assert arabic.entity_id == "8025"
    assert "[LHWTHY]" in arabic.explanation
    # U+0370, the first letter after the Latin blocks (Greek Heta), is shown with the
    # transliteration that was compared.
    greek = index.screen(Query("Joaquin Guzman LoeraͰ"), limit=1)[0]
    assert greek.entity_id == "6861"
    assert "LoeraͰ [LOERAH]" in greek.explanation


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("Joakín Guzmán Loera", "given name Joakín ~ Joaquin"),
        # The ends of Latin Extended Additional (U+1E00, U+1EFF) and a Vietnamese letter in it.
        ("JOAKIN GUZMAN LOERRḀ", "surname LOERRḀ ~ LOERA"),
        ("Joaquin Guzman Lỿera", "surname Lỿera ~ LOERA"),
        ("Joakin Guzmán Loễrra", "surname Loễrra ~ LOERA"),
    ],
)
def test_latin_letters_are_shown_as_written_without_a_transliteration(
    index: ScreeningIndex, query: str, shown: str
) -> None:
    best = index.screen(Query(query), limit=1)[0]
    assert best.entity_id == "6861"
    assert shown in best.explanation
    assert "[" not in best.explanation


def test_numbers_and_acronyms(index: ScreeningIndex) -> None:
    assert index.screen(Query("44 Shipping Ltd"), limit=1)[0].entity_id == "8205"
    assert index.screen(Query("44 Shipping Ltd"), limit=1)[0].match
    assert not any(m.match for m in index.screen(Query("45 Shipping Ltd"), limit=3))
    assert index.screen(Query("J P Trading"), limit=1)[0].entity_id == "8204"
    assert index.screen(Query("JP Trading"), limit=1)[0].match


def _person(entity_id: str, name: str) -> ScreeningRecord:
    return ScreeningRecord(entity_id, "individual", (ScreeningName(name, "primary"),), ("SDNT",))


def test_a_company_form_that_is_the_persons_surname_is_no_type_conflict() -> None:
    """PAO is a Russian company form and a Chinese surname: "Yu L. Pao" looks like a company
    only until PAO pairs with the surname of PAO, Yu Liang."""
    index = ScreeningIndex.build(
        [
            _person("1", "PAO, Yu Liang"),
            ScreeningRecord("2", "entity", (ScreeningName("YU LIANG", "primary"),), ("X",)),
            _person("3", "LIANG, Yu"),
        ],
        "pao-1",
    )
    assert validate_query(Query("Yu L. Pao")).inferred_type == "entity"
    best = index.screen(Query("Yu L. Pao"), limit=1)[0]
    assert (best.entity_id, best.match) == ("1", True)
    assert not any(p.kind == "type" for p in best.parts)
    # A form that pairs with no name of the person keeps the company reading: the person
    # LIANG, Yu is still penalised for "Yu Liang PAO" beside the person PAO, Yu Liang.
    other = {m.entity_id: m for m in index.screen(Query("Liang Yu OOO"), limit=3)}
    assert any(p.kind == "type" for p in other["3"].parts)


PINYIN = [
    # (token, pinyin?, why)
    ("JIAN", True, "J with an I final"),
    ("GIAN", False, "G never takes an I final: a Spanish respelling of JIAN"),
    ("GICHENG", False, "GI is no syllable"),
    ("ZHANG", True, "ZH with ANG"),
    ("ZHI", True, "a bare I after ZH"),
    ("XU", True, "X with U (Ü)"),
    ("XANG", False, "X takes only I and U finals"),
    ("KIN", False, "K never takes an I final"),
    ("CHOUN", False, "UN without an initial is written WEN: no CHO-UN"),
    ("BAU", False, "U without an initial is written WU: no BA-U"),
    ("OUYANG", True, "OU is a syllable without an initial"),
]


@pytest.mark.parametrize(("token", "expected", "why"), PINYIN)
def test_pinyin_syllables_follow_the_initials_finals(token: str, expected: bool, why: str) -> None:
    from puente.sanctions.screening.phonetics import pinyin_token

    assert pinyin_token(token) is expected, why


def test_a_chinese_name_respelled_by_ear_is_still_found() -> None:
    """GIAN is not pinyin, so the query was not written in pinyin: GIAN ZHANG is compared by
    spelling with ZHANG, Jian; pinyin against pinyin keeps its strict rule (XI is not JI)."""
    index = ScreeningIndex.build(
        [_person("1", "ZHANG, Jian"), _person("2", "JI, Jinping")], "pinyin-1"
    )
    best = index.screen(Query("Gian Zhang"), limit=1)[0]
    assert (best.entity_id, best.match) == ("1", True)
    assert not any(m.match for m in index.screen(Query("Xi Jinping"), limit=2))


def test_a_korean_name_that_reads_as_pinyin_still_meets_a_respelling() -> None:
    """RI CHUN SONG is all pinyin syllables; CHOUN is none (UN takes an initial), so it is
    compared by spelling with CHUN, as it is against RI, Chun Hwan."""
    index = ScreeningIndex.build(
        [_person("1", "RI, Chun Song"), _person("2", "RI, Chun Hwan")], "pinyin-2"
    )
    found = {m.entity_id: m.score for m in index.screen(Query("Choun Ri"), limit=3)}
    assert set(found) == {"1", "2"}
    assert found["1"] == pytest.approx(found["2"], abs=0.02)
