"""Spanish renderings of the texts Puente's data files carry (fact labels, port notes, program
audiences and lengths, news items, dataset titles and publishers).

The data files are English, as compiled from the publishers' pages. Their Spanish lives in
src/puente/web/locale/<locale>/data.json, keyed by each record's stable id (the port crossing,
the program slug, the news item's feed uid, the dataset name, the fact's topic and metric), so
that a reworded English text does not silently lose its Spanish. A text with no rendering yet
shows in English.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

DataTexts = dict[str, dict[str, dict[str, str]]]


@lru_cache(maxsize=8)
def data_texts(locale: str) -> DataTexts:
    """kind -> stable id -> field -> text, for one locale ({} when it has none)."""
    path = resources.files("puente.web").joinpath("locale", locale, "data.json")
    if not path.is_file():
        return {}
    loaded: DataTexts = json.loads(path.read_text("utf-8"))
    return loaded


def data_text(locale: str, kind: str, key: Any, field: str, english: str | None) -> str | None:
    """The locale's rendering of one field of one record, or the English when it has none."""
    if not english:
        return english
    return data_texts(locale).get(kind, {}).get(str(key), {}).get(field) or english


def data_gloss(locale: str, kind: str, key: Any, field: str) -> str:
    """A text only the locale has (a gloss beside a name kept as published), or ""."""
    return data_texts(locale).get(kind, {}).get(str(key), {}).get(field, "")


def fact_key(topic: str, metric: str) -> str:
    """A bilateral fact's id: its topic and metric (one label covers every period)."""
    return f"{topic}/{metric}"


def N_(message: str) -> str:
    return message


# What a sanctions list version lacks (puente.sanctions.sources stats "lacks"), shown through
# the catalog on /sanctions and the entity pages.
LIST_GAPS = (
    N_("strong aliases (no cons_alt.csv)"),
    N_("addresses (no cons_add.csv)"),
    N_("the list has no entries"),
    N_("strong aliases (no alt.csv)"),
    N_("addresses (no add.csv)"),
    N_("the end of Remarks longer than 1,000 characters (no sdn_comments.csv)"),
    N_(
        "Remarks (birth dates, places of birth, nationality, citizenship, gender, "
        "identity documents, e-mail, website, weak aliases, Linked To relations); "
        "title, call sign and vessel details"
    ),
    N_("the f.k.a./n.k.a. kind of aliases not in the (older) alt.csv"),
    N_("the kind (a.k.a., f.k.a., n.k.a.) of aliases (no alt.csv)"),
    N_("addresses of entries listed after the add.csv snapshot"),
)
