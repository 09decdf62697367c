"""The screening index as a few flat parts (strings and integer arrays) that load in
milliseconds: what `ScreeningIndex` keeps in memory and what the store keeps beside a list
version (see `store.py`).

A `TokenMap` maps sorted text keys to runs of integers (one offsets array, one values array):
loading one is a `str.split` and two `array.frombytes`, with no object per entry; a lookup
is a binary search. Nothing here is decoded by `pickle` or `marshal`: a damaged or hostile
part can only fail to parse (ValueError), never run code.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

FORMAT = "puente-screening-1"
"""Changes when what the parts hold changes (tokens, sounds, deletes); a stored index of
another format is rebuilt from the list instead of loaded."""

_SEP = "\n"
_INT = "i"


def ints(values: Iterable[int] = ()) -> array[int]:
    return array(_INT, values)


def ints_from(data: bytes) -> array[int]:
    out = array(_INT)
    if len(data) % out.itemsize:
        raise ValueError("integer part has a partial item")
    out.frombytes(data)
    return out


def split_keys(text: str) -> list[str]:
    """Keys written by `join_keys` (each after a separator, so that an empty key survives)."""
    return text.split(_SEP)[1:]


def join_keys(keys: Iterable[str]) -> str:
    return "".join(_SEP + k for k in keys)


class TokenMap:
    """Sorted text keys, each with a run of integers."""

    __slots__ = ("_off", "_vals", "keys")

    def __init__(self, keys: list[str], off: array[int], vals: array[int]) -> None:
        if len(off) != len(keys) + 1 or (keys and off[-1] != len(vals)):
            raise ValueError("token map offsets do not match its keys and values")
        self.keys = keys
        self._off = off
        self._vals = vals

    @classmethod
    def build(cls, mapping: Mapping[str, Iterable[int]]) -> TokenMap:
        keys = sorted(mapping)
        off, vals = ints([0]), ints()
        for key in keys:
            vals.extend(sorted(set(mapping[key])))
            off.append(len(vals))
        return cls(keys, off, vals)

    def find(self, key: str) -> int:
        """Position of `key`, or -1."""
        keys = self.keys
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def at(self, i: int) -> Sequence[int]:
        return self._vals[self._off[i] : self._off[i + 1]]

    def get(self, key: str) -> Sequence[int]:
        i = self.find(key)
        return self.at(i) if i >= 0 else ()

    def count(self, key: str) -> int:
        i = self.find(key)
        return self._off[i + 1] - self._off[i] if i >= 0 else 0

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) >= 0

    def __len__(self) -> int:
        return len(self.keys)

    def dump(self, prefix: str) -> dict[str, bytes]:
        if any(_SEP in k for k in self.keys):
            raise ValueError(f"{prefix}: a key holds a line break")
        return {
            f"{prefix}.keys": join_keys(self.keys).encode(),
            f"{prefix}.off": self._off.tobytes(),
            f"{prefix}.vals": self._vals.tobytes(),
        }

    @classmethod
    def load(cls, parts: Mapping[str, bytes], prefix: str) -> TokenMap:
        return cls(
            split_keys(parts[f"{prefix}.keys"].decode()),
            ints_from(parts[f"{prefix}.off"]),
            ints_from(parts[f"{prefix}.vals"]),
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TokenMap)
            and self.keys == other.keys
            and self._off == other._off
            and self._vals == other._vals
        )

    __hash__ = None  # type: ignore[assignment]


_TEXT_SEP = "\x00"


def join_texts(texts: Iterable[str]) -> bytes:
    """Any texts, one after the other (a NUL, which no name holds, is dropped)."""
    return "".join(_TEXT_SEP + t.replace(_TEXT_SEP, "") for t in texts).encode()


def split_texts(data: bytes) -> list[str]:
    return data.decode().split(_TEXT_SEP)[1:]


def dump_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def load_json(data: bytes) -> object:
    return json.loads(data.decode())
