"""The international dev set: people and companies beyond Mexico, in several scripts.

    python bench/sanctions/intl_devset.py [--out DIR]

Built from the real lists in the mirror (standard library only): the UN Security Council
Consolidated List (2026-05-08 XML, with its Arabic and Cyrillic original-script names), the
OFAC Consolidated (non-SDN) list, and the non-Mexican entries of the 2026 SDN list. Writes
DIR/intl.list.jsonl (every entry of the three lists) and DIR/intl.jsonl (the cases, fixed seed):

- positives: a list name written another way: the original script (as listed, or with a
  name written apart), a Cyrillic writing of a Russian name, transliteration spellings
  (AL-/EL-, KH/H, Y/I endings, OU/U), given names first, dotted initials, keyboard typos
  (also in three-letter tokens: two letters swapped), legal forms changed (long <-> short,
  moved from one end to the other, left out), acronyms dotted (KBP -> K.B.P.), numbers
  written in words (English or Spanish);
- hard negatives: another given name on a listed surname (from another entry of the same
  list), a pinyin initial that a Spanish ear hears the same (XI -> JI, ZH -> S, Q -> K), a
  letter replaced in a three-letter syllable (HAN -> HAM), another number (44 -> 45), and
  listed company names given with a birth date (a person is not the company).

A case names its target; another entry with the same folded tokens is also correct. A
negative whose tokens are those of a listed name is dropped.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from lists import DATA, MEXICO_PROGRAMS, load_2026

MIRROR = DATA.parent
SEED = 20264
POSITIVES = 700
NEGATIVES = 700

_FORMS = [
    ("LIMITED LIABILITY COMPANY", "LLC", "OOO"),
    ("JOINT STOCK COMPANY", "JSC", "AO"),
    ("PUBLIC JOINT STOCK COMPANY", "PJSC", "PAO"),
    ("OPEN JOINT STOCK COMPANY", "OJSC", "OAO"),
    ("CLOSED JOINT STOCK COMPANY", "CJSC", "ZAO"),
    ("LIMITED", "LTD"),
    ("COMPANY LIMITED", "CO., LTD."),
    ("AKTIENGESELLSCHAFT", "AG"),
    ("GESELLSCHAFT MIT BESCHRANKTER HAFTUNG", "GMBH"),
    ("INCORPORATED", "INC."),
    ("CORPORATION", "CORP."),
    ("SOCIEDAD ANONIMA", "S.A."),
]
_HEAD_OK = {"LLC", "OOO", "JSC", "AO", "PJSC", "PAO", "OJSC", "OAO", "CJSC", "ZAO"}
_TRANSLIT = [
    (r"\bAL-", "EL-"),
    (r"\bAL-", "AL "),
    (r"KH", "H"),
    (r"IY\b", "Y"),
    (r"Y\b", "I"),
    (r"OU", "U"),
    (r"YU", "IU"),
    (r"YA", "IA"),
    (r"EV\b", "YEV"),
    (r"EE", "I"),
    (r"J", "DJ"),
    (r"Q", "K"),
]
_CYRILLIC = [
    ("SHCH", "Щ"), ("ZH", "Ж"), ("KH", "Х"), ("TS", "Ц"), ("CH", "Ч"), ("SH", "Ш"),
    ("YU", "Ю"), ("YA", "Я"), ("YE", "Е"), ("A", "А"), ("B", "Б"), ("V", "В"), ("G", "Г"),
    ("D", "Д"), ("E", "Е"), ("Z", "З"), ("I", "И"), ("Y", "Й"), ("K", "К"), ("L", "Л"),
    ("M", "М"), ("N", "Н"), ("O", "О"), ("P", "П"), ("R", "Р"), ("S", "С"), ("T", "Т"),
    ("U", "У"), ("F", "Ф"), ("X", "КС"), ("H", "Х"), ("C", "К"), ("W", "В"), ("J", "ДЖ"),
    ("Q", "К"),
]  # fmt: skip
_SYLLABLE = r"(?:ZH|CH|SH|[BPMFDTNLGKHJQXRZCSYW])?(?:IANG|IONG|UANG|ANG|ENG|ING|ONG|IAN|IAO|UAN|AI|EI|AO|OU|AN|EN|IN|UN|IA|IE|IU|UO|UI|A|O|E|I|U)"
_PINYIN = re.compile(f"{_SYLLABLE}{_SYLLABLE}?")
_PINYIN_TRAPS = [(r"^XI", "JI"), (r"^ZH", "S"), (r"^Q", "K"), (r"^X", "S"), (r"^C(?=[AEIOU])", "K")]
_EN = [
    "ZERO",
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
    "FIFTEEN",
    "SIXTEEN",
    "SEVENTEEN",
    "EIGHTEEN",
    "NINETEEN",
]
_EN_TENS = ["TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]
_ES = [
    "CERO",
    "UNO",
    "DOS",
    "TRES",
    "CUATRO",
    "CINCO",
    "SEIS",
    "SIETE",
    "OCHO",
    "NUEVE",
    "DIEZ",
    "ONCE",
    "DOCE",
    "TRECE",
    "CATORCE",
    "QUINCE",
    "DIECISEIS",
    "DIECISIETE",
    "DIECIOCHO",
    "DIECINUEVE",
]
_ES_TENS = [
    "VEINTE",
    "TREINTA",
    "CUARENTA",
    "CINCUENTA",
    "SESENTA",
    "SETENTA",
    "OCHENTA",
    "NOVENTA",
]
_KEYS = ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"]


def _words(n: int, spanish: bool) -> str:
    ones, tens = (_ES, _ES_TENS) if spanish else (_EN, _EN_TENS)
    if n < 20:
        return ones[n]
    t, o = divmod(n, 10)
    if not o:
        return tens[t - 2]
    return f"{tens[t - 2]} Y {ones[o]}" if spanish else f"{tens[t - 2]}-{ones[o]}"


def fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.split(r"[^A-Z0-9]+", text.upper())).strip()


def _key(name: str) -> tuple[str, ...]:
    return tuple(sorted(fold(name).split())) or tuple(sorted(name.split()))


def load_un() -> list[dict]:
    path = MIRROR / "sanctions_more" / "un" / "consolidated_2026-05-08.xml"
    root = ET.parse(path).getroot()
    out = []
    for kind, tag in (("individual", "INDIVIDUAL"), ("entity", "ENTITY")):
        for el in root.iter(tag):
            parts = [
                " ".join((el.findtext(p) or "").split())
                for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            name = " ".join(p for p in parts if p)
            if not name:
                continue
            aliases = [
                " ".join((a.findtext("ALIAS_NAME") or "").split()) for a in el.iter(f"{tag}_ALIAS")
            ]
            original = " ".join((el.findtext("NAME_ORIGINAL_SCRIPT") or "").split())
            out.append(
                {
                    "uid": "un:" + (el.findtext("DATAID") or "").strip(),
                    "name": name,
                    "type": kind,
                    "programs": [(el.findtext("UN_LIST_TYPE") or "UN").strip()],
                    "aliases": [a for a in aliases if a] + ([original] if original else []),
                    "original": original,
                }
            )
    return out


def load_consolidated() -> list[dict]:
    path = MIRROR / "sanctions_more" / "ofac_consolidated" / "cons_prim.csv"
    text = path.read_bytes().decode("cp1252").rstrip("\x1a")
    out = []
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 4:
            continue
        kind = "individual" if row[2].strip() == "individual" else "entity"
        out.append(
            {
                "uid": "cons:" + row[0],
                "name": row[1].strip(),
                "type": kind,
                "programs": [p.strip() for p in row[3].split("] [")],
                "aliases": [],
                "original": "",
            }
        )
    return out


def _typo(word: str, rng: random.Random) -> str:
    if len(word) == 3:
        i = rng.randrange(2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = rng.randrange(1, len(word))
    c = word[i]
    for row in _KEYS:
        if c in row:
            j = row.index(c)
            near = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
            return word[:i] + rng.choice(near) + word[i + 1 :]
    return word[:i] + word[i + 1 :]


def _cyrillic(name: str) -> str:
    out = fold(name)
    for latin, cyr in _CYRILLIC:
        out = out.replace(latin, cyr.lower() if len(latin) else cyr)
    return " ".join(w.capitalize() for w in out.split())


def vary_person(entry: dict, rng: random.Random) -> tuple[str, list[str]] | None:
    name = rng.choice([entry["name"], *[a for a in entry["aliases"] if a.isascii()]])
    if entry["original"] and rng.random() < 0.35:
        text = entry["original"]
        if " " in text and rng.random() < 0.3:
            return text.replace(" ", "", 1), ["original_script", "joined"]
        return text, ["original_script"]
    head, _, tail = name.partition(",")
    tokens = (tail.split() + head.split()) if tail else name.split()
    kinds = ["given_first"] if tail else []
    russian = any(p.startswith(("RUSSIA", "UKRAINE", "BELARUS")) for p in entry["programs"])
    roll = rng.random()
    if russian and roll < 0.25 and all(t.isascii() for t in tokens):
        return _cyrillic(" ".join(tokens)), [*kinds, "cyrillic"]
    if roll < 0.5:
        text = " ".join(tokens)
        for pattern, repl in rng.sample(_TRANSLIT, len(_TRANSLIT)):
            new = re.sub(pattern, repl, text.upper())
            if new != text.upper():
                return new, [*kinds, "transliteration"]
    long_ = [i for i, t in enumerate(tokens) if len(t) >= 3]
    if roll < 0.75 and long_:
        i = rng.choice(long_)
        tokens[i] = _typo(tokens[i].upper(), rng)
        return " ".join(tokens), [*kinds, "typo" if len(tokens[i]) > 3 else "short_typo"]
    if len(tokens) >= 3:
        tokens[0] = tokens[0][0] + "."
        return " ".join(tokens), [*kinds, "initial"]
    return (" ".join(tokens), kinds) if kinds else None


def _split_form(name: str) -> tuple[str, str, str] | None:
    """(form at the head, rest, form at the end) for a company name with a known form."""
    up = fold(name)
    for group in _FORMS:
        for spelling in group:
            s = fold(spelling)
            if up.endswith(" " + s):
                return "", up[: -len(s) - 1], s
            if up.startswith(s + " "):
                return s, up[len(s) + 1 :], ""
    return None


def vary_entity(entry: dict, rng: random.Random) -> tuple[str, list[str]] | None:
    name = rng.choice([entry["name"], *[a for a in entry["aliases"] if a.isascii()]])
    digits = re.search(r"\b(\d{1,2})\b", name)
    if digits and rng.random() < 0.7:
        spanish = rng.random() < 0.4
        words = _words(int(digits.group(1)), spanish)
        return name[: digits.start()] + words + name[digits.end() :], ["number_words"]
    split = _split_form(name)
    roll = rng.random()
    if split and roll < 0.6:
        head, rest, tail = split
        form = head or tail
        group = next(g for g in _FORMS if any(fold(s) == form for s in g))
        other = rng.choice([s for s in group if fold(s) != form] or [form])
        if rng.random() < 0.3:
            return rest, ["form_dropped"]
        at_head = fold(other) in {fold(x) for x in _HEAD_OK} and rng.random() < 0.5
        return (f"{other} {rest}" if at_head else f"{rest} {other}"), ["form_change"]
    tokens = name.split()
    acronyms = [i for i, t in enumerate(tokens) if 2 <= len(t) <= 4 and t.isalpha() and t.isupper()]
    if acronyms and roll < 0.8:
        i = rng.choice(acronyms)
        tokens[i] = ".".join(tokens[i]) + "."
        return " ".join(tokens), ["acronym_dotted"]
    long_ = [i for i, t in enumerate(tokens) if len(t) >= 5 and t.isalpha()]
    if long_:
        i = rng.choice(long_)
        tokens[i] = _typo(tokens[i].upper(), rng)
        return " ".join(tokens), ["typo"]
    return None


def negatives(entries: list[dict], rng: random.Random, listed: set[tuple[str, ...]]) -> list[dict]:
    people = [e for e in entries if e["type"] == "individual" and "," in e["name"]]
    companies = [e for e in entries if e["type"] == "entity"]
    pinyin_people = [
        e
        for e in people
        if any(re.match(p, t) for t in fold(e["name"]).split() for p, _ in _PINYIN_TRAPS)
        and all(_PINYIN.fullmatch(t) for t in fold(e["name"]).split())
    ]
    syllabic = [e for e in people if all(len(t) <= 5 for t in fold(e["name"]).split())]
    out: list[dict] = []
    tries = 0
    while len(out) < NEGATIVES and tries < NEGATIVES * 30:
        tries += 1
        roll = rng.random()
        case: dict | None = None
        if roll < 0.45:
            a, b = rng.sample(people, 2)
            surname = a["name"].partition(",")[0]
            given = b["name"].partition(",")[2].strip()
            if given and fold(given) != fold(a["name"].partition(",")[2]):
                case = {"name": f"{given} {surname}", "kinds": ["other_given_name"]}
        elif roll < 0.6:
            if not pinyin_people:
                continue
            e = rng.choice(pinyin_people)
            tokens = fold(e["name"].replace(",", " ")).split()
            for i, t in enumerate(tokens):
                for pattern, repl in _PINYIN_TRAPS:
                    new = re.sub(pattern, repl, t)
                    if new != t and len(t) <= 6:
                        tokens[i] = new
                        case = {"name": " ".join(tokens), "kinds": ["pinyin_sound"]}
                        break
                if case:
                    break
        elif roll < 0.75:
            e = rng.choice(syllabic)
            tokens = fold(e["name"].replace(",", " ")).split()
            short = [i for i, t in enumerate(tokens) if len(t) == 3]
            if short:
                i = rng.choice(short)
                t = tokens[i]
                repl = rng.choice([c for c in "BDGHKLMNPRST" if c != t[-1]])
                tokens[i] = t[:-1] + repl
                case = {"name": " ".join(tokens), "kinds": ["short_other_name"]}
        elif roll < 0.85:
            e = rng.choice(companies)
            m = re.search(r"\b(\d{1,3})\b", e["name"])
            if m:
                n = int(m.group(1)) + rng.choice([1, 2, 10])
                case = {
                    "name": e["name"][: m.start()] + str(n) + e["name"][m.end() :],
                    "kinds": ["other_number"],
                }
        else:
            e = rng.choice(companies)
            case = {
                "name": e["name"],
                "kinds": ["company_as_person"],
                "birth_date": f"{rng.randint(1950, 1999)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
        if case is None:
            continue
        if case["kinds"] != ["company_as_person"] and _key(case["name"]) in listed:
            continue
        out.append(case)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sdn = [
        {
            "uid": "sdn:" + e["uid"],
            "name": e["name"],
            "type": e["type"],
            "programs": e["programs"],
            "aliases": e["aliases"],
            "original": "",
        }
        for e in load_2026()
    ]
    entries = sdn + load_un() + load_consolidated()
    by_key: dict[tuple[str, ...], set[str]] = {}
    for e in entries:
        for n in [e["name"], *e["aliases"]]:
            by_key.setdefault(_key(n), set()).add(e["uid"])
    rng = random.Random(SEED)
    pool = [
        e
        for e in entries
        if e["type"] in ("individual", "entity")
        and not set(e["programs"]) & MEXICO_PROGRAMS
        and e["name"].isascii()
    ]
    rng.shuffle(pool)
    # Original-script entries first, so that every script is well represented.
    pool.sort(key=lambda e: not e["original"])
    cases: list[dict] = []

    def add(e: dict, varied: tuple[str, list[str]] | None) -> None:
        if varied is None or _key(varied[0]) == ():
            return
        text, kinds = varied
        source_keys = {_key(n) for n in [e["name"], *e["aliases"]]}
        acceptable = {e["uid"]} | set().union(*(by_key.get(k, set()) for k in source_keys))
        cases.append(
            {
                "id": f"intl-p{len(cases)}",
                "name": text,
                "label": 1,
                "target": e["uid"],
                "acceptable": sorted(acceptable),
                "kinds": kinds,
                "script": "latin" if text.isascii() else "other",
            }
        )

    originals = [e for e in pool if e["original"]]
    for e in originals[:150]:
        text = e["original"]
        joined = " " in text and rng.random() < 0.3
        add(
            e,
            (text.replace(" ", "", 1), ["original_script", "joined"])
            if joined
            else (text, ["original_script"]),
        )
    russian = [
        e
        for e in pool
        if e["type"] == "individual"
        and any(p.startswith(("RUSSIA", "UKRAINE", "BELARUS")) for p in e["programs"])
    ]
    for e in russian[:80]:
        head, _, tail = e["name"].partition(",")
        add(e, (_cyrillic(f"{tail} {head}"), ["given_first", "cyrillic"]))
    numbered = [e for e in pool if re.search(r"\b\d{1,2}\b", e["name"])]
    for e in numbered[:60]:
        add(e, vary_entity(e, rng))
    short = [
        e
        for e in pool
        if e["type"] == "individual" and any(len(t) == 3 for t in fold(e["name"]).split())
    ]
    for e in short[:60]:
        tokens = e["name"].replace(",", " ").split()
        i = next((i for i, t in enumerate(tokens) if len(fold(t)) == 3 and fold(t).isalpha()), -1)
        if i < 0:
            continue
        tokens[i] = _typo(fold(tokens[i]), rng)
        add(e, (" ".join(tokens), ["short_typo"]))
    formed = [e for e in pool if e["type"] == "entity" and _split_form(e["name"])]
    for e in formed[:150]:
        add(e, vary_entity(e, rng))
    for e in pool:
        if len(cases) >= POSITIVES:
            break
        add(e, vary_person(e, rng) if e["type"] == "individual" else vary_entity(e, rng))
    for i, neg in enumerate(negatives(pool, rng, set(by_key))):
        cases.append(
            {
                "id": f"intl-n{i}",
                "label": 0,
                "target": None,
                "acceptable": [],
                "script": "latin" if neg["name"].isascii() else "other",
                **neg,
            }
        )
    with (args.out / "intl.list.jsonl").open("w", encoding="utf-8") as f:
        for e in entries:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    with (args.out / "intl.jsonl").open("w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    pos = sum(c["label"] for c in cases)
    print(f"{len(entries)} list entries; {pos} positives, {len(cases) - pos} negatives")


if __name__ == "__main__":
    main()
