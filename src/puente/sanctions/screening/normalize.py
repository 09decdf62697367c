"""Name text to comparable tokens: fold accents, case and script; find particles, company
forms and, for "SURNAMES, Given names" entries, which tokens are surnames.

Everything here is a pure function of its input, so the same name always gives the same
tokens, on the list side when the index is built and on the query side when screening.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from text_to_num import alpha2digit, text2num

from puente.sanctions.screening.forms import form_token, head_forms, is_form, tail_forms

SURNAME = "surname"
GIVEN = "given"
WORD = "word"
"""Token roles: surnames and given names of a person written "SURNAMES, Given names"; any
other token (a company word, or a person's name typed without a comma) is a WORD."""

PARTICLES = frozenset(
    [
        "DE",
        "DEL",
        "LA",
        "LAS",
        "LOS",
        "EL",
        "Y",
        "E",
        "DA",
        "DAS",
        "DO",
        "DOS",
        "DI",
        "DU",
        "VAN",
        "VON",
        "DER",
        "DEN",
        "TER",
        "LE",
        "AL",
        "BIN",
        "IBN",
        "BINTI",
        "AND",
        "OF",
        "THE",
    ]
)
"""Joining words that carry little identity: "de la", "del", "y" in Mexican surnames."""


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻ"), None)
_SEPARATOR = re.compile(r"[^A-Z0-9]+")


def _script(ch: str) -> str:
    """How a non-ASCII character is folded: 'latin' (strip accents, then transliterate what
    is left: ø, ß, æ), 'abjad' (Arabic and Hebrew: strip the vowel marks and hamza carriers,
    then transliterate), 'syllable' (Han and Hangul: one syllable each, written apart) or
    'other' (Cyrillic, Greek, kana...: transliterated as written, before any mark is
    stripped, so that Й stays Y and ガ stays GA)."""
    cp = ord(ch)
    if cp < 0x0370 or 0x1E00 <= cp <= 0x1EFF or 0x2000 <= cp <= 0x2BFF or 0xFB00 <= cp <= 0xFB06:
        return "latin"
    if 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "abjad"
    if 0x3400 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7A3 or 0xF900 <= cp <= 0xFAFF:
        return "syllable"
    if 0xFF00 <= cp <= 0xFFEF:
        return "latin"  # full-width forms: NFKD makes them ASCII (half-width kana: kana)
    return "other"


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def transliterate(text: str) -> str:
    """Any text in Latin letters: accents stripped from Latin letters; every other script
    transliterated (anyascii) before any mark is stripped; Han and Hangul one syllable a
    word ("习近平" -> "Xi Jin Ping"). ASCII text is returned as it is."""
    if text.isascii():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        kind = _script(ch)
        if kind == "latin":
            bare = _strip_marks(ch)
            out.append(bare if bare.isascii() else anyascii(bare))
        elif kind == "abjad":
            out.append(anyascii(_strip_marks(ch)))
        elif kind == "syllable":
            out.append(f" {anyascii(ch)} ")
        elif ch in "Ее" and (not out or not out[-1][-1:].isalpha() or out[-1][-1:] in _VOWELS):
            # Cyrillic Е at the start of a word or after a vowel is "Ye" (BGN/PCGN, as
            # OFAC and the UN write it: Евгений -> Yevgeniy, Андреевич -> Andreyevich).
            out.append("Ye" if ch == "Е" else "ye")
        else:
            out.append(anyascii(ch))
    return "".join(out)


_VOWELS = frozenset("AEIOUYaeiouy")


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Upper-case ASCII words separated by single spaces; accents, case and script folded.

    >>> fold("Joaquín  GUZMÁN-Loera")
    'JOAQUIN GUZMAN LOERA'
    >>> fold("Андрей ガンダム")
    'ANDREY GANDAMU'
    """
    text = transliterate(text.translate(_APOSTROPHES)).translate(_APOSTROPHES)
    return " ".join(_SEPARATOR.split(text.upper())).strip()


def fold_id(text: str) -> str:
    """An identity document number with punctuation and spaces removed: 'GULJ-570404' and
    'gulj 570404' are the same number."""
    return _compact(fold(text))


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name cut into folded tokens, each with a role, a weight class and its display text."""

    tokens: tuple[str, ...]
    roles: tuple[str, ...]
    minor: tuple[bool, ...]
    """True for particles and company-form tokens: they barely count in a comparison."""
    display: tuple[str, ...]
    """Each token as it was written (accents and case kept), for explanations."""
    forms: int = 0
    """How many ends of the name carry a company form (0, 1 or 2)."""

    @property
    def significant(self) -> tuple[str, ...]:
        return tuple(t for t, m in zip(self.tokens, self.minor, strict=True) if not m)


def _pieces(text: str) -> list[tuple[str, str]]:
    """(folded token, display text) pairs, in order."""
    out: list[tuple[str, str]] = []
    for raw in re.split(r"[\s\-/.,;:()\[\]{}\"&+_|]+", text):
        if not raw:
            continue
        folded = fold(raw).split()
        if (
            len(folded) > 1
            and len(folded) == len(raw)
            and all(_script(c) == "syllable" for c in raw)
        ):
            out.extend(zip(folded, raw, strict=True))  # 习近平: 习 XI, 近 JIN, 平 PING
            continue
        for token in folded:
            out.append((token, raw if len(folded) == 1 else token))
    return out


def _accented(text: str) -> bool:
    """Latin letters with accents in the text ("Sá"): it is a word, not a company form."""
    return not text.isascii() and any(
        not c.isascii() and c.isalpha() and _script(c) == "latin" for c in text
    )


def _is_form(text: str) -> bool:
    return is_form(fold(text).split())


_TITLE_WORDS = """
MR MRS MS MISS DR PROF SIR DAME MME MLLE HERR FRAU SR SRA SRTA SENOR SENORA SENORITA
LIC LICENCIADO LICENCIADA ING INGENIERO INGENIERA
"""
TITLES = frozenset(_TITLE_WORDS.split())
_BARE_TITLES = frozenset({"MR", "MRS", "MS", "MISS", "DR"})
"""Titles also taken without their dot ("Mr Smith"); the others need it ("Sr.", "Lic.")."""
"""Titles that say a name is a person's ("Dr.", "Sra.", "Lic."); taken off the start of a
query. Not "Don" (also a given name) nor religious or military ranks (part of many listed
names)."""


def split_title(text: str) -> tuple[str | None, str]:
    """A leading title and the rest of the name: "Dr. Ayman al-Zawahiri" -> ("Dr.", "Ayman
    al-Zawahiri"); (None, text) when there is none or nothing would be left."""
    m = re.match(r"\s*([^\W\d_]+)(\.?)\s+(?=\S)", text)
    if not m or fold(m.group(1)) not in TITLES:
        return None, text
    if not m.group(2) and fold(m.group(1)) not in _BARE_TITLES:
        return None, text  # "Sr Chemicals" is a company; "Sr." is a title
    rest = text[m.end() :]
    if len(fold(rest).split()) < 1:
        return None, text
    return m.group(0).strip(), rest


def _minor_particles(tokens: list[str], roles: list[str], minor: list[bool]) -> None:
    """A particle is a joining word before a name of its own part: "DE LA CRUZ", "BIN
    LADEN". Alone at the end of its part, after a name, it is a name itself ("Rahul DAS",
    "Jean LE", "Omar BIN"); a run of particles at the end is padding and stays minor."""
    for i, token in enumerate(tokens):
        if token not in PARTICLES or minor[i]:
            continue
        part = [j for j in range(len(tokens)) if roles[j] == roles[i]]
        later = [j for j in part if j > i]
        if any(tokens[j] not in PARTICLES for j in later):
            minor[i] = True
        else:
            before = [j for j in part if j < i]
            minor[i] = bool(later) or not before or tokens[before[-1]] in PARTICLES


@lru_cache(maxsize=65536)
def parse_name(text: str, comma_means_surname: bool = True, forms: bool = True) -> NameParts:
    """Cut a name into tokens. "GUZMAN LOERA, Joaquin" gives surnames GUZMAN, LOERA and the
    given name JOAQUIN; a name without a comma (or a company) gives plain words.

    comma_means_surname: read "A, B" as "SURNAMES, Given names" (list entries of individuals,
    and queries, unless the part after the comma is a company form such as "S.A. de C.V.").
    forms: look for company forms at either end (not in a person's name: "Sá" and "Ag" are
    surnames there).
    """
    head, sep, tail = text.partition(",")
    use_roles = (
        comma_means_surname
        and bool(sep)
        and "," not in tail
        and not (forms and _is_form(tail))
        and bool(fold(head))
        and bool(fold(tail))
    )
    if use_roles:
        surname = _pieces(head)
        given = _pieces(tail)
        pairs = surname + given
        roles = [SURNAME] * len(surname) + [GIVEN] * len(given)
    else:
        pairs = _pieces(text)
        roles = [WORD] * len(pairs)
    tokens = [t for t, _ in pairs]
    form_count = 0
    if forms and not use_roles and len(tokens) > 1:
        # "Sá", "Sà" are words (Portuguese surnames), not "S.A.": a short token written
        # with accents is never part of a form ("sociedad anónima" still is one).
        plain = [not (len(t) <= 3 and _accented(d)) for t, d in pairs]
        end, tail_keys = tail_forms(tokens, plain)
        start, head_keys = head_forms(tokens[:end], plain[:end])
        # One token for the forms at each end, so "S.A. de C.V." and "SA DE CV" agree and
        # "Aktiengesellschaft" is "AG".
        new_pairs = list(pairs[start:end])
        new_roles = list(roles[start:end])
        if head_keys:
            new_pairs.insert(0, (form_token(tokens[:start]), " ".join(d for _, d in pairs[:start])))
            new_roles.insert(0, WORD)
        if tail_keys:
            new_pairs.append((form_token(tokens[end:]), " ".join(d for _, d in pairs[end:])))
            new_roles.append(WORD)
        form_count = bool(head_keys) + bool(tail_keys)
        pairs, roles = new_pairs, new_roles
        tokens = [t for t, _ in pairs]
        is_form_token = [False] * len(tokens)
        if head_keys:
            is_form_token[0] = True
        if tail_keys:
            is_form_token[-1] = True
    else:
        is_form_token = [False] * len(tokens)
    minor = list(is_form_token)
    if len(tokens) > 1:
        _minor_particles(tokens, roles, minor)
    for role in (SURNAME, GIVEN):
        # A surname that is only a particle-like word (DU, DA, LE) is the surname.
        span = [i for i, r in enumerate(roles) if r == role]
        if span and all(minor[i] for i in span):
            for i in span:
                minor[i] = False
    if minor and all(minor):
        minor = [False] * len(minor)
    return NameParts(
        tokens=tuple(tokens),
        roles=tuple(roles),
        minor=tuple(minor),
        display=tuple(d for _, d in pairs),
        forms=form_count,
    )


_LETTER = r"[^\W\d_]"


@lru_cache(maxsize=4)
def _spaced(min_run: int) -> re.Pattern[str]:
    """Single letters, each followed by one space, dot or hyphen (not two spaces)."""
    return re.compile(rf"(?<!\w){_LETTER}(?:(?:\.\s?|\s|-){_LETTER}(?!\w)){{{min_run - 1},}}\.?")


def join_spaced_letters(text: str, min_run: int) -> str | None:
    """The text with each run of at least `min_run` letters spaced apart (one space, dot or
    hyphen between them; two spaces end a word) written as the word they spell, or None if
    there is no such run: "J o a q u i n  G u z m a n" -> "Joaquin Guzman".

    Spacing letters apart is a way to slip a name past a screening; initials (J. R. R.) are
    single letters too, so the caller compares both readings and keeps the better one.
    """
    pattern = _spaced(min_run)
    joined = pattern.sub(lambda m: "".join(ch for ch in m.group() if ch.isalpha()), text)
    return joined if joined != text else None


_NUMBER_LANGUAGES = ("en", "es")


@lru_cache(maxsize=65536)
def _number_word(token: str) -> bool:
    """The folded token is a number written in English or Spanish words (FOUR, CUATRO)."""
    if token.isdigit() or len(token) < 2:
        return False
    for lang in _NUMBER_LANGUAGES:
        try:
            text2num(token.lower(), lang)
        except ValueError:
            continue
        return True
    return False


def number_reading(text: str) -> str | None:
    """The name with numbers written in words as digits ("Forty-Four" -> "44", "cuarenta y
    cuatro" -> "44"), English then Spanish (text2num), or None if it has none. Small
    numbers standing alone stay words ("Maria dos Santos"), as text2num leaves them."""
    folded = fold(text)
    if not any(_number_word(t) for t in folded.split()):
        return None
    out = folded.lower()
    for lang in _NUMBER_LANGUAGES:
        # threshold 0: "Sininda One" is also "SININDA 1" (an extra reading only, never the
        # name's only one, so "dos Santos" read "2 SANTOS" costs nothing).
        out = alpha2digit(out, lang, threshold=0)
    out = out.upper()
    return out if out != folded else None


ARTICLES = frozenset({"EL", "LA", "LOS", "LAS", "THE"})
"""Articles written before a nickname ("El Chapo", "La Tuta", "The Butcher")."""


def nickname_query(parts: NameParts) -> bool:
    """A query that is an article and one or two words, no comma: a nickname or alias
    ("El Chapo", "La Barbie", "El Mayo Zambada"), not a full name."""
    if not parts.tokens or parts.tokens[0] not in ARTICLES or parts.roles[0] != WORD:
        return False
    rest = [t for t, m in zip(parts.tokens[1:], parts.minor[1:], strict=True) if not m]
    return 1 <= len(rest) <= 2 and len(parts.tokens) - 1 == len(rest)
