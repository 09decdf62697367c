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
from rapidfuzz.distance import OSA

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

# Company forms, written as they are commonly spelled; matched on the tail of a name with
# spaces and dots removed, so "S.A. DE C.V.", "SA de CV" and "S. A. DE C. V." are the same.
_FORMS = """
S.A. DE C.V. | S.A.B. DE C.V. | S.A.P.I. DE C.V. | S.A.P.I.B. DE C.V. | S. DE R.L. DE C.V. |
S. DE R.L. | S.R.L. DE C.V. | S.P.R. DE R.L. | S.P.R. DE R.I. | S.C. DE R.L. | S.C. DE C.V. |
S.C. | S.A. | S.A.B. | S.A.P.I. | A.C. | I.A.P. | S.A.S. | S.A.S. DE C.V. |
S.A. DE C.V. SOFOM E.N.R. | SOFOM E.N.R. | SOFOM | SOCIEDAD ANONIMA DE CAPITAL VARIABLE |
SOCIEDAD ANONIMA |
SOCIEDAD DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE | SOCIEDAD DE RESPONSABILIDAD LIMITADA |
SOCIEDAD CIVIL | ASOCIACION CIVIL | S.L. | S.L.U. | S.R.L. | LTDA. | CIA. LTDA. | Y CIA. | S.A.C. |
E.I.R.L. | S.P.A. | S.A.R.L. | SARL | GMBH | AG | KG | GMBH & CO. KG | B.V. | N.V. | A.S. | A.B. |
OY | AS | APS | LTD. | LIMITED | CO. LTD. | CO., LTD. | CO. LIMITED | COMPANY LIMITED | PLC | LLC |
L.L.C. | LLP | L.P. | LP | INC. | INCORPORATED | CORP. | CORPORATION | CO. | COMPANY | PTE. LTD. |
PVT. LTD. | PRIVATE LIMITED | SDN. BHD. | BHD | JSC | OJSC | CJSC | PJSC | OAO | ZAO | OOO | PAO |
AO | FZE | FZCO | FZ-LLC | DMCC | L.T.D.
"""


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


_FORM_JOINERS = frozenset({"DE", "Y", "E", "AND", "&"})


def _form_key(words: list[str]) -> str:
    """A company form with dots, spaces and joining words removed: S.A. de C.V. -> SACV."""
    return "".join(_compact(w) for w in words if w.upper() not in _FORM_JOINERS)


_FORM_LIST = [f.strip() for f in _FORMS.split("|") if f.strip()]
_FORM_KEYS = frozenset(_form_key(re.split(r"[\s.,]+", f)) for f in _FORM_LIST)
_FORM_WORDS = frozenset(
    w for f in _FORM_LIST for w in re.split(r"[^A-Z]+", f.upper()) if len(w) >= 5
)
_MAX_FORM_TOKENS = 9


@lru_cache(maxsize=20_000)
def _form_word(token: str) -> str:
    """The company-form word a token is, allowing one typo in long words (COMPANI, LIMTED)."""
    if token in _FORM_WORDS or len(token) < 6:
        return token
    for word in _FORM_WORDS:
        if abs(len(word) - len(token)) <= 1 and OSA.normalized_similarity(word, token) >= 0.8:
            return word
    return token


_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻ"), None)
_SEPARATOR = re.compile(r"[^A-Z0-9]+")


def fold(text: str) -> str:
    """Upper-case ASCII words separated by single spaces; accents, case and script folded.

    >>> fold("Joaquín  GUZMÁN-Loera")
    'JOAQUIN GUZMAN LOERA'
    """
    text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
    text = "".join(c for c in text if not unicodedata.combining(c))
    if not text.isascii():
        text = anyascii(text).translate(_APOSTROPHES)
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

    @property
    def significant(self) -> tuple[str, ...]:
        return tuple(t for t, m in zip(self.tokens, self.minor, strict=True) if not m)


def _pieces(text: str) -> list[tuple[str, str]]:
    """(folded token, display text) pairs, in order."""
    out: list[tuple[str, str]] = []
    for raw in re.split(r"[\s\-/.,;:()\[\]{}\"&+_|]+", text):
        if not raw:
            continue
        folded = fold(raw)
        for token in folded.split():
            out.append((token, raw if len(folded.split()) == 1 else token))
    return out


def _form_start(tokens: list[str]) -> int:
    """Index where the trailing company forms start (one or more, e.g. "S.R.L. SAPI de CV"),
    or len(tokens) if there is none. At least one token is always left before them."""
    end = len(tokens)
    canon = [_form_word(t) for t in tokens]
    while end > 1:
        found = None
        for k in range(1, min(_MAX_FORM_TOKENS, end - 1) + 1):
            if _form_key(canon[end - k : end]) in _FORM_KEYS:
                found = end - k
        if found is None:
            break
        end = found
    return end


def _is_form(text: str) -> bool:
    return _form_key(re.split(r"[\s.,]+", fold(text))) in _FORM_KEYS


@lru_cache(maxsize=65536)
def parse_name(text: str, comma_means_surname: bool = True) -> NameParts:
    """Cut a name into tokens. "GUZMAN LOERA, Joaquin" gives surnames GUZMAN, LOERA and the
    given name JOAQUIN; a name without a comma (or a company) gives plain words.

    comma_means_surname: read "A, B" as "SURNAMES, Given names" (list entries of individuals,
    and queries, unless the part after the comma is a company form such as "S.A. de C.V.").
    """
    head, sep, tail = text.partition(",")
    use_roles = (
        comma_means_surname
        and bool(sep)
        and "," not in tail
        and not _is_form(tail)
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
    start = _form_start(tokens) if not use_roles else len(tokens)
    if start < len(tokens):
        # One token for the whole company form, so "S.A. de C.V." and "SA DE CV" agree.
        key = _form_key([_form_word(t) for t in tokens[start:]])
        form = (key, " ".join(d for _, d in pairs[start:]))
        pairs = [*pairs[:start], form]
        roles = roles[: start + 1]
        tokens = [t for t, _ in pairs]
    minor = [i >= start or (t in PARTICLES and len(tokens) > 1) for i, t in enumerate(tokens)]
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
