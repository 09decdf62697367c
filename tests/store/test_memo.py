"""Results memoised per dataset version: the least recently used goes first."""

from __future__ import annotations

import duckdb
import pytest

from puente.store import memo


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from cachetools import LRUCache

    monkeypatch.setattr(memo, "_entries", LRUCache(maxsize=2))
    return []


def test_kept_answers_are_copies_and_the_least_recently_used_goes(calls: list[int]) -> None:
    @memo.by_version()
    def square(cur: duckdb.DuckDBPyConnection, n: int) -> dict[str, int]:
        calls.append(n)
        return {"n": n * n}

    cur = duckdb.connect()
    first = square(cur, 1)
    first["n"] = 99  # the caller's copy; the kept one is untouched
    assert square(cur, 1) == {"n": 1}
    square(cur, 2)
    square(cur, 1)  # 1 used again: 2 is now the least recently used
    square(cur, 3)
    square(cur, 1)
    square(cur, 2)
    assert calls == [1, 2, 3, 2]
