"""The screening engine: names as they appear in Mexico against the sanctions list.

Public API (everything else in this package is internal)::

    from puente.sanctions.screening import Query, ScreeningIndex, validate_query

    index = ScreeningIndex.build(records, list_version="ofac-sdn@2026-08-20")
    matches = index.screen(Query("Joakin Guzman", birth_date="1957"), threshold=0.8, limit=5)
    batches = index.screen_many([Query("Chuy Amezcua"), ...])

- `ScreeningIndex.build(records: Iterable[ScreeningRecord], list_version: str)` indexes every
  name of every record (see puente.sanctions.records); build it once when a list version is
  loaded (a few seconds of CPU for the 2026 list of ~19k entries / ~40k names) and keep it
  with the version: `stored.build_index(cur, table, records, label)` in the load's
  transaction, `stored.load_index(cur, table)` in any process (a fraction of a second; see
  docs/decisions/0011). `ScreeningIndex.from_parts(index.parts)` gives the same index back.
- `Query(name, entity_type=None, birth_date=None, country=None, id_number=None)`:
  birth_date "1957", "1957-04" or "1957-04-04"; country a name or ISO code.
- `index.screen(query, threshold=0.8, limit=5) -> list[Match]`, best first. A `Match` has
  entity_id, name (the list name that matched), score in 0..1, match (score >= threshold),
  programs, explanation (text for a reviewer), entity_type, name_score and parts (the same
  explanation as structured `Evidence`); `Match.as_dict()` is JSON-able.
- `index.screen_many(queries, threshold=0.8, limit=5)`: one list of matches per query, or
  the `InvalidInput` for a query that cannot be screened (the batch goes on).
- `validate_query(query) -> CheckedQuery` raises `puente.errors.InvalidInput` for an empty,
  over-long (> 500 characters) or control-character name, a bad date or unknown country.
  Any script is accepted (it is transliterated); nothing else raises.

How a score is made: list names are cut into tokens (accents, case and script folded;
particles such as "de la" and company forms such as "S.A. de C.V." weigh little); candidates
come from an inverted index reached by exact token, sound, consonant skeleton, one-letter
typos and the nickname table; each candidate name is aligned token by token with the query
(exact, nickname, sounds alike, spelling, initial, joined) and scored; birth date and country
then raise or lower the score (never making a match alone), and an identical ID number is
strong evidence. Every weight and cut-off is in `magic.WEIGHTS`. Words no list name holds
count together as one extra word, and letters spaced apart are also read as the word they
spell, so padding a name does not hide it.
"""

from puente.sanctions.screening.engine import DEFAULT_THRESHOLD, ScreeningIndex
from puente.sanctions.screening.query import CheckedQuery, Evidence, Match, Query, validate_query

__all__ = [
    "DEFAULT_THRESHOLD",
    "CheckedQuery",
    "Evidence",
    "Match",
    "Query",
    "ScreeningIndex",
    "validate_query",
]
