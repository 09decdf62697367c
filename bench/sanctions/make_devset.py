"""Generate the labelled screening dev set (and a held-out split) from the SDN snapshots.

    PYTHONPATH=src .venv/bin/python bench/sanctions/make_devset.py [--out DIR]

Reproducible: fixed seeds, one per split; entities are split between `dev` and `heldout` by
the parity of their uid, so the held-out split asks about other entities with other
negatives. Writes DIR/<split>.jsonl, one case per line:

- positives (list "2026"): a list name (60% from the Mexico narcotics programs SDNTK,
  ILLICIT-DRUGS-EO14059, SDNT) written with realistic variations (variations.py); the case
  names the entity it must find (`target`) and any other entity with the same name
  (`acceptable`: homonyms on the list are not false alerts).
- negatives (list "2026"): a synthetic population of common Mexican and U.S. people and
  companies (population.py). A name that is a homonym of a list name (same tokens, by
  metaphone, or the same but for one extra token on either side, with two or more tokens in
  common) is left out: screening should alert on it.
- birth-date, country and ID cases (list "2021", the official set with Remarks): positives
  are variations with the true birth date / country / ID; negatives are namesakes (a list
  name with a birth year 4-25 years away, and often another country) and common names given
  the birth date of a list entry.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import jellyfish

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lists import MEXICO_PROGRAMS, load_2021, load_2026
from population import negative_name
from variations import PARTICLES, plain, vary_entity, vary_person

SEEDS = {"dev": 20261, "heldout": 20262}
_FORM_WORDS = {
    "SA",
    "DE",
    "CV",
    "SC",
    "RL",
    "SAPI",
    "SAB",
    "LLC",
    "INC",
    "CORP",
    "CO",
    "LTD",
    "LP",
    "S",
    "A",
    "C",
    "V",
    "R",
    "L",
    "P",
    "I",
    "B",
}


def codes(name: str) -> frozenset[str]:
    """Metaphone codes of a name's significant tokens (the homonym rule's view of a name)."""
    tokens = re.split(r"[^A-Z0-9]+", plain(name).replace("'", ""))
    out = set()
    for t in tokens:
        if t and t not in PARTICLES and t not in _FORM_WORDS:
            out.add(jellyfish.metaphone(t) or t)
    return frozenset(out)


class Homonyms:
    """Which list entities bear a name a reviewer would call the same as a given name."""

    def __init__(self, entries: list[dict]) -> None:
        self.exact: dict[frozenset[str], set[str]] = defaultdict(set)
        self.minus_one: dict[frozenset[str], set[str]] = defaultdict(set)
        for e in entries:
            for name in [e["name"], *e["aliases"]]:
                c = codes(name)
                if not c:
                    continue
                self.exact[c].add(e["uid"])
                if len(c) >= 3:
                    for t in c:
                        self.minus_one[c - {t}].add(e["uid"])

    def same(self, name: str) -> set[str]:
        return set(self.exact.get(codes(name), ()))

    def near(self, name: str) -> set[str]:
        c = codes(name)
        found = set(self.exact.get(c, ())) | set(self.minus_one.get(c, ()))
        if len(c) >= 3:
            for t in c:
                found |= self.exact.get(c - {t}, set())
        return found


def _names(e: dict) -> list[str]:
    return [e["name"], *e["aliases"]]


def _spanish(e: dict) -> bool:
    return bool(set(e["programs"]) & MEXICO_PROGRAMS) or bool(
        re.search(r"(EZ|ES)\b", plain(e["name"]))
    )


def _vary(e: dict, name: str, rng: random.Random) -> tuple[str, list[str]]:
    if e["type"] == "individual" and "," in name:
        return vary_person(name, rng, _spanish(e))
    return vary_entity(name, rng, _spanish(e))


def _usable(e: dict, name: str) -> bool:
    return len(codes(name)) >= (2 if e["type"] == "individual" else 1) and len(plain(name)) >= 6


def positives(
    entries: list[dict], homonyms: Homonyms, rng: random.Random, n: int, parity: int, list_name: str
) -> list[dict]:
    pool = [e for e in entries if int(e["uid"]) % 2 == parity]
    mexico = [e for e in pool if set(e["programs"]) & MEXICO_PROGRAMS]
    other = [e for e in pool if not set(e["programs"]) & MEXICO_PROGRAMS]
    out, seen = [], set()
    while len(out) < n:
        e = rng.choice(mexico if rng.random() < 0.6 else other)
        names = [x for x in _names(e) if _usable(e, x)]
        if not names:
            continue
        source = names[0] if rng.random() < 0.7 else rng.choice(names)
        text, kinds = _vary(e, source, rng)
        if text in seen or len(codes(text)) == 0:
            continue
        seen.add(text)
        out.append(
            {
                "list": list_name,
                "name": text,
                "label": 1,
                "target": e["uid"],
                "acceptable": sorted(homonyms.same(source) | {e["uid"]}),
                "variations": kinds,
                "source_name": source,
                "program_group": "mexico" if e in mexico else "other",
                "type": None,
            }
        )
    return out


def negatives(
    homonyms: Homonyms, rng: random.Random, n: int, list_name: str
) -> tuple[list[dict], int]:
    out, dropped, seen = [], 0, set()
    while len(out) < n:
        name, kind = negative_name(rng)
        if name in seen:
            continue
        seen.add(name)
        if homonyms.near(name):
            dropped += 1
            continue
        out.append(
            {
                "list": list_name,
                "name": name,
                "label": 0,
                "target": None,
                "acceptable": [],
                "variations": [kind],
                "type": None,
            }
        )
    return out, dropped


def _shift_year(dobs: list[str], rng: random.Random) -> str:
    years = [int(d[:4]) for d in dobs]
    while True:
        y = years[0] + rng.choice([-1, 1]) * rng.randint(4, 25)
        if all(abs(y - x) >= 4 for x in years):
            return str(y) if rng.random() < 0.5 else f"{y}{dobs[0][4:]}"


def evidence_cases(
    entries: list[dict], homonyms: Homonyms, rng: random.Random, n: int, parity: int
) -> list[dict]:
    people = [
        e
        for e in entries
        if e["type"] == "individual"
        and e["dobs"]
        and int(e["uid"]) % 2 == parity
        and _usable(e, e["name"])
    ]
    with_ids = [
        e for e in entries if e["ids"] and int(e["uid"]) % 2 == parity and _usable(e, e["name"])
    ]
    weight = [3 if set(e["programs"]) & MEXICO_PROGRAMS else 1 for e in people]
    out = []
    for _ in range(n):  # positives: a variation with the true birth date (and country)
        e = rng.choices(people, weights=weight, k=1)[0]
        text, kinds = _vary(e, e["name"], rng)
        dob = rng.choice(e["dobs"])
        dob = dob if rng.random() < 0.5 else dob[:4]
        case = {
            "list": "2021",
            "name": text,
            "label": 1,
            "target": e["uid"],
            "acceptable": sorted(homonyms.same(e["name"]) | {e["uid"]}),
            "variations": [*kinds, "birth_date"],
            "birth_date": dob,
            "type": None,
        }
        if e["countries"] and rng.random() < 0.5:
            case["country"] = rng.choice(e["countries"])
            case["variations"].append("country")
        out.append(case)
    for _ in range(n // 2):  # positives: a variation with an ID number as listed
        e = rng.choice(with_ids)
        text, kinds = _vary(e, e["name"], rng)
        number = rng.choice(e["ids"])
        if rng.random() < 0.3:
            number = "-".join(re.findall(r".{1,4}", number.replace("-", "")))
        out.append(
            {
                "list": "2021",
                "name": text,
                "label": 1,
                "target": e["uid"],
                "acceptable": sorted(homonyms.same(e["name"]) | {e["uid"]}),
                "variations": [*kinds, "id_number"],
                "id_number": number,
                "type": None,
            }
        )
    for _ in range(n // 2):  # negatives: namesakes born years apart
        e = rng.choices(people, weights=weight, k=1)[0]
        head, _, tail = e["name"].partition(",")
        text = f"{tail.strip()} {head.strip()}".title()
        case = {
            "list": "2021",
            "name": text,
            "label": 0,
            "target": None,
            "acceptable": [],
            "variations": ["namesake_other_birth_year"],
            "birth_date": _shift_year(e["dobs"], rng),
            "type": None,
        }
        if rng.random() < 0.6:
            case["country"] = rng.choice(
                [c for c in ("US", "MX", "GT", "CO", "ES") if c not in e["countries"]]
            )
            case["variations"].append("other_country")
        out.append(case)
    made = 0
    while made < n // 2:  # negatives: common names given a listed person's birth date
        name, kind = negative_name(rng)
        if homonyms.near(name):
            continue
        e = rng.choice(people)
        out.append(
            {
                "list": "2021",
                "name": name,
                "label": 0,
                "target": None,
                "acceptable": [],
                "variations": [kind, "listed_birth_date"],
                "birth_date": e["dobs"][0],
                "country": "MX",
                "type": None,
            }
        )
        made += 1
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--positives", type=int, default=2000)
    parser.add_argument("--negatives", type=int, default=2000)
    parser.add_argument("--evidence", type=int, default=300)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    list26, list21 = load_2026(), load_2021()
    hom26, hom21 = Homonyms(list26), Homonyms(list21)
    for parity, (split, seed) in enumerate(SEEDS.items()):
        rng = random.Random(seed)
        cases = positives(list26, hom26, rng, args.positives, parity, "2026")
        neg, dropped = negatives(hom26, rng, args.negatives, "2026")
        cases += neg + evidence_cases(list21, hom21, rng, args.evidence, parity)
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for i, case in enumerate(cases):
                f.write(
                    json.dumps({"id": f"{split}-{i}", "split": split, **case}, ensure_ascii=False)
                    + "\n"
                )
        print(
            f"{split}: {len(cases)} cases (seed {seed}); {dropped} negatives dropped as "
            f"homonyms of list names"
        )


if __name__ == "__main__":
    main()
