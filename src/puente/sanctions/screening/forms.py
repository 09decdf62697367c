"""Legal forms of companies, in long and short form and in several languages, and where a
name carries them: at its end ("ROSNEFT, PJSC", "ACME S.A. de C.V.") or at its start
("OOO Romashka", "Joint Stock Company Almaz"), never in the middle.

Each line of `_GROUPS` is one legal form (continued on indented lines): its canonical key,
then every way it is written.
A form found on a name becomes one token holding the canonical keys, so "Aktiengesellschaft"
and "AG", "Open Joint Stock Company" and "OAO" compare as the same token. A line whose key
starts with "^" is a form also written before the name (Russian, Ukrainian, Kazakh and
Indonesian practice); the others are looked for at the end only.

A form is recognised only in words written without accents: "Sá" (a Portuguese surname) is
not "S.A.". Names of people carry no legal form at all (the caller says so).

rigour (OpenSanctions) keeps a larger table of this kind, but it needs PyICU, which has to be
compiled here; the forms below are the ones of the lists Puente screens (OFAC, UN, BIS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rapidfuzz.distance import OSA

_GROUPS = """
SACV = S.A. DE C.V. | SOCIEDAD ANONIMA DE CAPITAL VARIABLE
SABCV = S.A.B. DE C.V. | SOCIEDAD ANONIMA BURSATIL DE CAPITAL VARIABLE
SAPICV = S.A.P.I. DE C.V. | SOCIEDAD ANONIMA PROMOTORA DE INVERSION DE CAPITAL VARIABLE
SAPIBCV = S.A.P.I.B. DE C.V.
SRLCV = S. DE R.L. DE C.V. | S.R.L. DE C.V.
    | SOCIEDAD DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE
SPRRL = S.P.R. DE R.L.
SPRRI = S.P.R. DE R.I.
SCRL = S.C. DE R.L.
SCCV = S.C. DE C.V.
SASCV = S.A.S. DE C.V.
SOFOM = SOFOM | SOFOM E.N.R. | S.A. DE C.V. SOFOM E.N.R.
SA = S.A. | SOCIEDAD ANONIMA | SOCIETE ANONYME | SOCIEDADE ANONIMA
SAB = S.A.B.
SAPI = S.A.P.I.
SAS = S.A.S. | SOCIETE PAR ACTIONS SIMPLIFIEE | SOCIEDAD POR ACCIONES SIMPLIFICADA
SAC = S.A.C. | SOCIEDAD ANONIMA CERRADA
SRL = S. DE R.L. | S.R.L. | SOCIEDAD DE RESPONSABILIDAD LIMITADA | SOCIETA A RESPONSABILITA LIMITATA
SC = S.C. | SOCIEDAD CIVIL
AC = A.C. | ASOCIACION CIVIL
IAP = I.A.P. | INSTITUCION DE ASISTENCIA PRIVADA
SL = S.L. | SOCIEDAD LIMITADA
SLU = S.L.U.
LTDA = LTDA. | LIMITADA | CIA. LTDA.
YCIA = Y CIA.
EIRL = E.I.R.L.
SPA = S.P.A. | SOCIETA PER AZIONI
SARL = S.A.R.L. | SARL | SOCIETE A RESPONSABILITE LIMITEE
GMBH = GMBH | GESELLSCHAFT MIT BESCHRANKTER HAFTUNG
GMBHCOKG = GMBH & CO. KG
AG = AG | AKTIENGESELLSCHAFT
KG = KG | KOMMANDITGESELLSCHAFT
BV = B.V. | BESLOTEN VENNOOTSCHAP
NV = N.V. | NAAMLOZE VENNOOTSCHAP
AS = A.S. | AS | AKSJESELSKAP | AKTIESELSKAB | ANONIM SIRKETI
^AB = A.B. | AKTIEBOLAG
OY = OY | OSAKEYHTIO
APS = APS | ANPARTSSELSKAB
SPZOO = SP. Z O.O. | SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA
SRO = S.R.O. | SPOLECNOST S RUCENIM OMEZENYM
LTD = LTD. | LIMITED | L.T.D.
COLTD = CO. LTD. | CO., LTD. | CO. LIMITED | COMPANY LIMITED
PTELTD = PTE. LTD. | PVT. LTD. | PRIVATE LIMITED | PRIVATE LTD. | PVT. LIMITED
    | PRIVATE LIMITED COMPANY | PTE. | PVT.
PLC = PLC | P.L.C. | PUBLIC LIMITED COMPANY
^LLC = LLC | L.L.C. | LIMITED LIABILITY COMPANY | OOO | O.O.O.
    | OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU | OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU
    | TOV | TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU
^LLP = LLP | L.L.P. | LIMITED LIABILITY PARTNERSHIP | TOO
    | TOVARISHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU
LP = L.P. | LP | LIMITED PARTNERSHIP
INC = INC. | INCORPORATED
CORP = CORP. | CORPORATION
CO = CO. | COMPANY
^JSC = JSC | J.S.C. | JOINT STOCK COMPANY | JOINT-STOCK COMPANY | AO | A.O.
    | AKTSIONERNOE OBSHCHESTVO | AKTSIONERNOYE OBSHCHESTVO
^OJSC = OJSC | OAO | OPEN JOINT STOCK COMPANY | OTKRYTOE AKTSIONERNOE OBSHCHESTVO
    | OTKRYTOYE AKTSIONERNOYE OBSHCHESTVO
^CJSC = CJSC | ZAO | CLOSED JOINT STOCK COMPANY | ZAKRYTOE AKTSIONERNOE OBSHCHESTVO
    | ZAKRYTOYE AKTSIONERNOYE OBSHCHESTVO
^PJSC = PJSC | PAO | PUBLIC JOINT STOCK COMPANY | PUBLICHNOE AKTSIONERNOE OBSHCHESTVO
    | PUBLICHNOYE AKTSIONERNOYE OBSHCHESTVO
^FGUP = FGUP | FEDERAL STATE UNITARY ENTERPRISE | FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE
^PT = PT | P.T. | PERSEROAN TERBATAS
SDNBHD = SDN. BHD. | SENDIRIAN BERHAD
BHD = BHD | BERHAD
FZE = FZE
FZCO = FZCO
FZLLC = FZ-LLC
DMCC = DMCC
"""

_JOINERS = frozenset({"DE", "Y", "E", "AND", "&"})
MAX_FORM_TOKENS = 9


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def form_key(words: list[str] | tuple[str, ...]) -> str:
    """A company form with dots, spaces and joining words removed: S.A. de C.V. -> SACV;
    transliteration spellings of Russian forms made one (AKTSIONERNOYE / AKTSIONERNOE,
    OBSHCHESTVO / OBSCHESTVO)."""
    compact = "".join(_compact(w) for w in words if w.upper() not in _JOINERS)
    return compact.replace("SHCH", "SCH").replace("YE", "E")


def _parse_groups() -> tuple[dict[str, str], frozenset[str], frozenset[str], frozenset[str]]:
    canon: dict[str, str] = {}
    head: set[str] = set()
    words: set[str] = set()
    pieces: set[str] = set()
    lines: list[str] = []
    for line in _GROUPS.strip().splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()  # a group continued on the next line
        else:
            lines.append(line)
    for line in lines:
        key, _, spellings = line.partition("=")
        key = key.strip()
        at_head = key.startswith("^")
        key = key.lstrip("^")
        for spelling in spellings.split("|"):
            spelling = spelling.strip().upper()
            compact = form_key(re.split(r"[\s.,\-]+", spelling))
            canon[compact] = key
            if at_head:
                head.add(compact)
            words.update(w for w in re.split(r"[^A-Z]+", spelling) if len(w) >= 5)
            # Every run of neighbouring words, written together or apart (CV, DECV, SACV).
            parts = [_compact(w) for w in re.split(r"[\s.,\-]+", spelling)]
            for a in range(len(parts)):
                for b in range(a + 1, len(parts) + 1):
                    pieces.add(form_key(parts[a:b]))
    return canon, frozenset(head), frozenset(words), frozenset(pieces - {""})


CANONICAL, _HEAD_KEYS, _WORDS, _PIECES = _parse_groups()
"""Compact spelling -> canonical key; the spellings also written before a name; the long
words of every spelling (a typo in one of them is still the form); every word of every
spelling (a name whose end is none of them has no form there: the quick answer)."""


def _piece(token: str) -> bool:
    word = form_word(token)
    return (
        word in _PIECES
        or word in _JOINERS
        or word in _WORDS
        or (len(token) >= LOOSE_LENGTH and _loose_word(token) in _WORDS)
    )


DOUBLED_LENGTH = 5
"""A token this long with one letter doubled is the form word without it (LTTDA, CORRP);
shorter ones are words of their own (SAAS is not S.A.S.)."""
LOOSE_LENGTH = 7
"""A token this long may be a long form word with two typos (COMPAIN, OBSCHCHEESTVO), but
only beside another word of the same form, written right (see `_key`)."""


@lru_cache(maxsize=200_000)
def form_word(token: str) -> str:
    """The company-form word a token is, allowing one typo in long words (COMPANI, LIMTED)
    and a letter doubled in any (LTTDA)."""
    if token in _WORDS or len(token) < 4:
        return token
    if len(token) >= DOUBLED_LENGTH:
        for i in range(1, len(token)):
            if token[i] == token[i - 1] and token[:i] + token[i + 1 :] in _PIECES:
                return token[:i] + token[i + 1 :]
    best, found = 0.8, token
    for word in sorted(_WORDS):
        if abs(len(word) - len(token)) <= 1:
            similarity = OSA.normalized_similarity(word, token)
            if similarity >= best and (similarity > best or found == token):
                best, found = similarity, word
    return found


@lru_cache(maxsize=200_000)
def _loose_word(token: str) -> str:
    """The long form word a long token is with up to two typos and the same first letter
    (COMPAIN: COMPANY; OBSCHCHEESTVO: OBSHCHESTVO); the token itself if none is."""
    if token in _WORDS or len(token) < LOOSE_LENGTH:
        return token
    best, found = 3, token
    for word in sorted(_WORDS):
        if len(word) >= LOOSE_LENGTH and word[0] == token[0] and abs(len(word) - len(token)) <= 2:
            distance = OSA.distance(word, token, score_cutoff=2)
            if distance < best:
                best, found = distance, word
    return found


ODD_WORD_COMPANY = 3
"""Words of a long form written right (joining words apart) beside which one more word of
the same first letter is that form's word however it is misspelled ("SOCIEDAD ANNOMINA DE
CAPITAL VARIABLE")."""


@lru_cache(maxsize=20_000)
def _odd_words(token: str) -> tuple[str, ...]:
    """The long form words a misspelled word may stand for: the same first letter, at most
    two letters more or fewer."""
    return tuple(w for w in sorted(_WORDS) if w[0] == token[0] and abs(len(w) - len(token)) <= 2)


def _readings(tokens: list[str]) -> Iterator[list[str]]:
    """The words a run of tokens may be: as read by `form_word`; then, for a run of two or
    more, with one long word read with two typos while the others stay as they are
    ("LIMITED LIABILITY COMPAIN"; a lone word with two typos is no form: COMPASS); then,
    beside `ODD_WORD_COMPANY` words written right, with one word of the same first letter
    read as any form word."""
    words = [form_word(t) for t in tokens]
    yield words
    if len(tokens) < 2:
        return
    right = [t in _WORDS or t in _PIECES for t in tokens]
    for i, token in enumerate(tokens):
        if words[i] not in _WORDS:
            loose = _loose_word(token)
            if loose != words[i]:
                yield [*words[:i], loose, *words[i + 1 :]]
    company = sum(r and t not in _JOINERS for t, r in zip(tokens, right, strict=True))
    for i, token in enumerate(tokens):
        if right[i] or len(token) < DOUBLED_LENGTH or company < ODD_WORD_COMPANY:
            continue
        for word in _odd_words(token):
            yield [*words[:i], word, *words[i + 1 :]]


def _keys(tokens: list[str]) -> Iterator[str]:
    """The compact spellings a run of tokens may be (see `_readings`)."""
    return (form_key(words) for words in _readings(tokens))


def _key(tokens: list[str]) -> str | None:
    """The canonical key of a run of tokens that is one form, else None."""
    for compact in _keys(tokens):
        key = CANONICAL.get(compact)
        if key is not None:
            return key
    return None


def tail_forms(tokens: list[str], plain: list[bool], keep: int = 1) -> tuple[int, list[str]]:
    """Where the forms at the end of a name start (one or more in a row, "CO. LTD.",
    "S.R.L. SAPI de CV"), and their canonical keys in order; `keep` tokens are always left.
    plain[i] is False for a token written with accents (never part of a form)."""
    end = len(tokens)
    keys: list[str] = []
    if not tokens or not _piece(tokens[-1]):
        return end, keys
    while end > keep:
        found: tuple[int, str] | None = None
        for k in range(1, min(MAX_FORM_TOKENS, end - keep) + 1):
            if not all(plain[end - k : end]):
                break
            key = _key(tokens[end - k : end])
            if key is not None:
                found = (end - k, key)
        if found is None:
            break
        end = found[0]
        keys.insert(0, found[1])
    return end, keys


def head_forms(tokens: list[str], plain: list[bool], keep: int = 1) -> tuple[int, list[str]]:
    """Where the forms at the start of a name end ("OOO", "Open Joint Stock Company"), and
    their canonical keys; only forms written before names in practice count here."""
    start = 0
    keys: list[str] = []
    limit = len(tokens) - keep
    if not tokens or not _piece(tokens[0]):
        return start, keys
    while start < limit:
        found: tuple[int, str] | None = None
        for k in range(1, min(MAX_FORM_TOKENS, limit - start) + 1):
            if not all(plain[start : start + k]):
                break
            for compact in _keys(tokens[start : start + k]):
                if compact in _HEAD_KEYS:
                    found = (start + k, CANONICAL[compact])
                    break
        if found is None:
            break
        start = found[0]
        keys.append(found[1])
    return start, keys


def is_form(text_tokens: list[str]) -> bool:
    """The tokens are, all together, one or more company forms ("S.A. de C.V.", "LLC")."""
    if not text_tokens:
        return False
    start, _ = tail_forms(text_tokens, [True] * len(text_tokens), keep=0)
    return start == 0


def form_token(tokens: list[str]) -> str:
    """The token a run of forms becomes: the forms as written, compacted ("PAO", "SACV",
    "LIMITEDLIABILITYCOMPANY"), so that a person's surname PAO is still PAO; `same_form`
    compares them by what they mean. Forms written with a typo are spelled right (LTTDA:
    LTDA), so that they still mean what they are."""
    written = form_key(tokens)
    if _form_keys(written) is not None:
        return written
    for compact in _keys(tokens):
        if _form_keys(compact) is not None:
            return compact
    return written


def _form_keys(token: str) -> list[str] | None:
    """The canonical keys of the forms a compact token is made of, in order; None if it is
    not made of forms."""
    keys: list[str] = []
    rest = token
    while rest:
        for k in range(len(rest), 0, -1):
            key = CANONICAL.get(rest[:k])
            if key is not None:
                keys.append(key)
                rest = rest[k:]
                break
        else:
            return None
    return keys


@lru_cache(maxsize=4096)
def canonical_forms(token: str) -> str:
    """What a form token means: the canonical keys of its forms in order (LLC for OOO and
    LIMITEDLIABILITYCOMPANY; CO+PJSC for COMPANYPJSC); the token itself if it is none."""
    keys = _form_keys(token)
    return token if keys is None else "+".join(keys)


def same_form(a: str, b: str) -> bool:
    """Two form tokens that mean the same forms (OOO, LLC; AG, AKTIENGESELLSCHAFT)."""
    return a == b or canonical_forms(a) == canonical_forms(b)
