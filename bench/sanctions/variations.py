"""Realistic ways a list name gets written differently, for the positives of the dev set.

Independent of the engine: its own folding, its own nickname pairs and spelling rules, so the
benchmark does not just replay the engine's tables.
"""

from __future__ import annotations

import random
import re
import unicodedata

from population import MX_COMPOUND, MX_FEMALE, MX_MALE, MX_SURNAMES, US_FIRST

PARTICLES = {"DE", "DEL", "LA", "LAS", "LOS", "Y", "DA", "DOS", "VAN", "VON", "AL", "EL"}

# Nicknames as people write them on forms (written for the benchmark, not the engine's table).
NICKNAMES = {
    "JESUS": ["Chuy", "Chucho"],
    "FRANCISCO": ["Pancho", "Paco"],
    "GUADALUPE": ["Lupe", "Lupita"],
    "JOSE": ["Pepe"],
    "IGNACIO": ["Nacho"],
    "GUILLERMO": ["Memo"],
    "ALBERTO": ["Beto"],
    "ROBERTO": ["Beto"],
    "EDUARDO": ["Lalo"],
    "ANTONIO": ["Toño", "Tony"],
    "ENRIQUE": ["Quique"],
    "CONCEPCION": ["Concha"],
    "LORENZO": ["Lencho"],
    "ALFONSO": ["Poncho"],
    "GONZALO": ["Chalo"],
    "SALVADOR": ["Chava"],
    "ROSARIO": ["Chayo"],
    "MANUEL": ["Manolo"],
    "RAFAEL": ["Rafa"],
    "ALEJANDRO": ["Alex"],
    "FERNANDO": ["Fer"],
    "DANIEL": ["Dani"],
    "MIGUEL": ["Mike"],
    "RICARDO": ["Richard"],
    "VICENTE": ["Chente"],
    "SERGIO": ["Checo"],
    "GUSTAVO": ["Tavo"],
    "HUMBERTO": ["Beto"],
    "ISABEL": ["Chabela"],
    "DOLORES": ["Lola"],
    "MERCEDES": ["Meche"],
    "RODOLFO": ["Fito"],
    "ARTURO": ["Arturito"],
    "JAVIER": ["Javi"],
    "CARLOS": ["Charly"],
    "MARGARITA": ["Mago"],
    "TERESA": ["Tere"],
    "PATRICIA": ["Paty"],
    "JUAN": ["Juanito"],
}
COMPOUND_NICKNAMES = {("JOSE", "MARIA"): "Chema", ("JOSE", "MANUEL"): "Chema"}

_SOUND_RULES = [
    (r"Z", "S"),
    (r"S$", "Z"),
    (r"V", "B"),
    (r"B", "V"),
    (r"LL", "Y"),
    (r"Y(?=[AEIOU])", "LL"),
    (r"QU(?=[EI])", "K"),
    (r"C(?=[EI])", "S"),
    (r"^H(?=[AEIOU])", ""),
    (r"J(?=[EI])", "G"),
    (r"G(?=[EI])", "J"),
    (r"^X", "J"),
    (r"OA", "UA"),
    (r"ZA", "SA"),
    (r"CE", "SE"),
    (r"SS", "S"),
]
_TRANSLIT_RULES = [
    (r"OU", "U"),
    (r"U", "OU"),
    (r"EE", "I"),
    (r"Y", "I"),
    (r"I(?=[AEOU])", "Y"),
    (r"KH", "H"),
    (r"PH", "F"),
    (r"([A-Z])\1", r"\1"),
    (r"AI", "AY"),
    (r"EI", "EY"),
    (r"SH", "SCH"),
    (r"W", "V"),
    (r"Q", "K"),
    (r"C(?=[AOU])", "K"),
    (r"(?<=[AEIOU])M(?=[AEIOU])", "MM"),
]
_KEYBOARD = {
    "Q": "WA",
    "W": "QES",
    "E": "WRD",
    "R": "ETF",
    "T": "RYG",
    "Y": "TUH",
    "U": "YIJ",
    "I": "UOK",
    "O": "IPL",
    "P": "OL",
    "A": "QSZ",
    "S": "ADWZ",
    "D": "SFE",
    "F": "DGR",
    "G": "FHT",
    "H": "GJY",
    "J": "HKU",
    "K": "JLI",
    "L": "KO",
    "Z": "ASX",
    "X": "ZC",
    "C": "XVD",
    "V": "CB",
    "B": "VNG",
    "N": "BM",
    "M": "N",
}
FORMS_OUT = ["S.A. de C.V.", "SA de CV", "S.A. DE C.V.", "S. de R.L. de C.V.", "SAPI de CV", ""]
_FORM_TAIL = re.compile(
    r",?\s*(S\.?\s?A\.?\s?(B\.?|P\.?\s?I\.?)?\s*DE\s*C\.?\s?V\.?|S\.?\s?DE\s*R\.?\s?L\.?"
    r"(\s*DE\s*C\.?\s?V\.?)?|S\.?\s?C\.?|S\.?\s?A\.?|LTD\.?|LLC|INC\.?|LIMITED|CORP\.?)\s*$",
    re.IGNORECASE,
)


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def _accent_table() -> dict[str, str]:
    words = MX_MALE + MX_FEMALE + MX_SURNAMES.split() + " ".join(MX_COMPOUND).split() + US_FIRST
    return {plain(w): w for w in words if plain(w) != w.upper()}


_ACCENTS = _accent_table()
_VOWEL_ACCENT = str.maketrans("AEIOU", "ÁÉÍÓÚ")


def accent(word: str) -> str:
    """Spanish spelling with accents: GUZMAN -> Guzmán, RAMIREZ -> Ramírez."""
    up = plain(word)
    if up in _ACCENTS:
        return _ACCENTS[up].upper()
    m = re.match(r"^(.*[^AEIOU]*)([AEIOU])([^AEIOU]+EZ)$", up)
    if m and len(up) > 4:
        return m.group(1) + m.group(2).translate(_VOWEL_ACCENT) + m.group(3)
    return up


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "dup", "swap"])
    if op == "sub" and word[i] in _KEYBOARD:
        return word[:i] + rng.choice(_KEYBOARD[word[i]]) + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "dup":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def rewrite(word: str, rules: list[tuple[str, str]], rng: random.Random) -> str:
    applicable = [(p, r) for p, r in rules if re.search(p, word)]
    if not applicable:
        return word
    pattern, repl = rng.choice(applicable)
    matches = list(re.finditer(pattern, word))
    m = rng.choice(matches)
    return word[: m.start()] + m.expand(repl) + word[m.end() :]


def _pick(tokens: list[str], rng: random.Random, min_len: int = 4) -> int | None:
    idx = [i for i, t in enumerate(tokens) if len(t) >= min_len and t not in PARTICLES]
    return rng.choice(idx) if idx else None


def vary_person(name: str, rng: random.Random, spanish: bool) -> tuple[str, list[str]]:
    """A person's list name ("SURNAMES, Given names") as someone might type it."""
    head, _, tail = name.partition(",")
    surnames = plain(head).split()
    given = plain(tail).split()
    kinds = ["typo", "accents" if spanish else "transliteration"]
    if len([s for s in surnames if s not in PARTICLES]) >= 2:
        kinds.append("drop_second_surname")
    if len(given) >= 2:
        kinds += ["drop_middle_name", "initial"]
    if any(g in NICKNAMES for g in given) or any(
        tuple(given[i : i + 2]) in COMPOUND_NICKNAMES for i in range(len(given) - 1)
    ):
        kinds += ["nickname", "nickname"]
    if spanish:
        kinds += ["sound_spelling", "sound_spelling"]
    if any(t in PARTICLES for t in surnames + given):
        kinds.append("drop_particle")
    chosen = rng.sample(sorted(set(kinds)), k=min(len(set(kinds)), rng.choice([1, 1, 2, 2, 3])))
    for kind in chosen:
        if kind == "drop_second_surname":
            sig = [i for i, s in enumerate(surnames) if s not in PARTICLES]
            surnames = surnames[: sig[1]] if sig[1] > 0 else surnames
        elif kind == "drop_middle_name" and len(given) >= 2:
            given = given[:1] + given[2:]
        elif kind == "initial" and len(given) >= 2:
            middle = [i for i in range(1, len(given)) if given[i] not in PARTICLES]
            if middle:
                given[middle[0]] = given[middle[0]][0] + "."
        elif kind == "nickname":
            for i in range(len(given) - 1):
                pair = tuple(given[i : i + 2])
                if pair in COMPOUND_NICKNAMES and rng.random() < 0.7:
                    given[i : i + 2] = [COMPOUND_NICKNAMES[pair]]  # type: ignore[assignment]
                    break
            else:
                opts = [i for i, g in enumerate(given) if g in NICKNAMES]
                if opts:
                    i = rng.choice(opts)
                    given[i] = rng.choice(NICKNAMES[given[i]])
        elif kind == "drop_particle":
            surnames = [s for s in surnames if s not in PARTICLES] or surnames
            given = [g for g in given if g not in PARTICLES] or given
        elif kind in ("typo", "sound_spelling", "transliteration"):
            tokens = surnames + given
            i = _pick(tokens, rng)
            if i is None:
                continue
            if kind == "typo":
                new = typo(tokens[i], rng)
            else:
                rules = _SOUND_RULES if kind == "sound_spelling" else _TRANSLIT_RULES
                new = rewrite(tokens[i], rules, rng)
            if i < len(surnames):
                surnames[i] = new
            else:
                given[i - len(surnames)] = new
        elif kind == "accents":
            surnames = [accent(s) for s in surnames]
            given = [accent(g) for g in given]
    order = rng.random()
    if order < 0.75 or not given:
        text = " ".join(given + surnames)
        chosen.append("given_first")
    elif order < 0.9:
        text = " ".join(surnames) + ", " + " ".join(given)
    else:
        text = " ".join(surnames + given)
        chosen.append("surnames_first_no_comma")
    return _case(text, rng), chosen


def vary_entity(name: str, rng: random.Random, spanish: bool) -> tuple[str, list[str]]:
    m = _FORM_TAIL.search(name)
    core, form = (name[: m.start()], m.group(1)) if m else (name, "")
    tokens = plain(core).replace(",", " ").split()
    kinds = ["typo", "form_change", "accents" if spanish else "transliteration"]
    if any(t in PARTICLES for t in tokens) and len(tokens) > 2:
        kinds.append("drop_particle")
    chosen = rng.sample(kinds, k=rng.choice([1, 1, 2]))
    for kind in chosen:
        if kind == "form_change":
            form = rng.choice(FORMS_OUT) if (m or rng.random() < 0.3) else form
        elif kind == "drop_particle":
            tokens = [t for t in tokens if t not in PARTICLES] or tokens
        elif kind == "accents":
            tokens = [accent(t) for t in tokens]
        elif kind in ("typo", "transliteration"):
            i = _pick(tokens, rng, 5)
            if i is not None:
                tokens[i] = (
                    typo(tokens[i], rng)
                    if kind == "typo"
                    else rewrite(tokens[i], _TRANSLIT_RULES, rng)
                )
    text = " ".join(tokens) + (" " + form if form else "")
    return _case(text, rng), chosen


def _case(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return " ".join(
            w if w.lower() in ("de", "del", "la", "y") else w.capitalize()
            for w in text.lower().split()
        )
    if r < 0.65:
        return text.lower()
    return text.upper()
