"""Phonetic keys for names as Mexican Spanish (and, roughly, English) pronounce them.

`sound` rewrites a folded token into what it sounds like: JOAQUIN, JOAKIN -> JOAKIN;
GUZMAN, GUSMAN -> GUSMAN; VILLA, BIYA -> BIYA; XAVIER, JAVIER -> JABIER; HERNANDEZ,
ERNANDES -> ERNANDES. `skeleton` keeps the consonants of that sound (and a first vowel),
so JUAQUIN and JOAQUIN share JKN: it is a coarse key used to find candidates, while `sound`
equality is the "sounds alike" verdict shown to reviewers.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ordered rewrites on an upper-case A-Z string. Lower-case letters are internal symbols:
# c = the "ch" sound, j = the Spanish "j" sound, k = hard c/q, s = soft c/z.
_RULES: tuple[tuple[str, str], ...] = (
    (r"PH", "F"),
    (r"TH", "T"),
    (r"SCH", "c"),
    (r"CH|SH|TCH|TSCH|TX", "c"),
    (r"^X(?=[AEIOU])", "j"),  # Xavier, Ximena
    (r"X", "KS"),
    (r"QU(?=[EI])", "k"),
    (r"Q", "k"),
    (r"C(?=[EIY])", "s"),
    (r"CK|CC|C|K", "k"),
    (r"GU(?=[EI])", "G"),  # Guerrero: hard g
    (r"G(?=[EIY])", "j"),  # Gerardo, Jerardo
    (r"J", "j"),
    (r"Z", "s"),
    (r"S", "s"),
    (r"V|W(?=[AEIOU])", "B"),
    (r"W", "U"),
    (r"LL", "Y"),
    (r"Y(?![AEIOU])", "I"),  # Rey, Reyes keeps its y before a vowel
    (r"(?<=[AEIOUsjkcBDFGLMNPRTY])H|^H", ""),  # silent h: Hernandez, Jehova
    (r"NY", "N"),
    (r"([A-Za-z])\1+", r"\1"),  # double letters
)
_COMPILED = tuple((re.compile(p), r) for p, r in _RULES)
_VOWELS = re.compile(r"[AEIOU]")


@lru_cache(maxsize=200_000)
def sound(token: str) -> str:
    """What a folded token sounds like, as a short string (vowels kept)."""
    out = token
    for pattern, repl in _COMPILED:
        out = pattern.sub(repl, out)
    return out


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The consonants of `sound(token)`, with a leading vowel kept as 'A'."""
    s = sound(token)
    if not s:
        return ""
    head = "A" if s[0] in "AEIOU" else ""
    rest = _VOWELS.sub("", s)
    return head + re.sub(r"(.)\1+", r"\1", rest)


_FINALS_I = "IANG|IONG|IAN|IAO|ING|IA|IE|IN|IU|I"
"""Finals with the medial I (and I itself)."""
_FINALS_OTHER = "UANG|ANG|ENG|ONG|UAI|UAN|AI|EI|AO|OU|AN|EN|UN|UA|UO|UI|UE|ER|A|O|E|U|V"
_ZERO_INITIAL = "ANG|ENG|AI|EI|AO|OU|AN|EN|ER|A|O|E"
"""Syllables written without an initial: only the finals that start with A, O or E (AN, OU,
ER). A syllable of an I or U final without an initial is written with Y or W (YI, YAN, WU,
WEN), so CHO-UN is no reading of CHOUN."""
_PINYIN = re.compile(
    # Initials take only the finals pinyin gives them: J, Q and X only I and U (Ü) finals
    # (JIAN, XU); G, K and H never an I final (GIAN and KING are not pinyin); Z, C, S, ZH,
    # CH, SH and R a bare I but no medial I (ZHI, not ZHIAN).
    rf"(?:[JQX](?:{_FINALS_I}|UAN|UE|UN|U)"
    rf"|[GKH](?:{_FINALS_OTHER})"
    rf"|(?:ZH|CH|SH|[ZCSR])(?:{_FINALS_OTHER}|I)"
    rf"|[BPMFDTNLYW](?:{_FINALS_I}|{_FINALS_OTHER})"
    rf"|(?:{_ZERO_INITIAL}))"
)
_PINYIN_ONLY = re.compile(r"^[XQ]|ZH|^C[AEIOU]|^Z[AEIOU]|IAO|IU$|UO|OU$|EI$|IE$|NG$|UAI")
"""Spellings Spanish names hardly have and pinyin often does (XI, QIAN, ZHANG, CAI, WEI)."""


@lru_cache(maxsize=200_000)
def pinyin_token(token: str) -> bool:
    """The folded token is one or two pinyin syllables (WEI, JINPING, XIAOMING)."""
    return bool(re.fullmatch(rf"{_PINYIN.pattern}(?:{_PINYIN.pattern})?", token))


def pinyin_name(tokens: tuple[str, ...]) -> bool:
    """A name of two or more tokens, each one or two pinyin syllables, one at least spelled
    as only pinyin spells (XI JINPING, ZHANG WEI, CAI CHEN; not JUAN LUNA): its tokens are
    not compared by Spanish sounds, and the Mexican nickname table does not apply to it.
    """
    return (
        len(tokens) >= 2
        and all(pinyin_token(t) for t in tokens)
        and any(_PINYIN_ONLY.search(t) for t in tokens)
    )
