"""The screening index as a few flat parts (strings and integer arrays) that load in
milliseconds: what `ScreeningIndex` keeps in memory and what the store keeps beside a list
version (see `store.py`).

A `TokenMap` maps text keys to runs of integers through a hash table kept as an array, and
`Texts` keeps many strings as one: loading either is a few `array.frombytes`, with no object
per entry. Nothing here is decoded by `pickle` or `marshal`: a damaged or hostile
part can only fail to parse (ValueError), never run code.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import overload
from zlib import crc32

FORMAT = "puente-screening-3"
"""Changes when what the parts hold changes (tokens, sounds, deletes); a stored index of
another format is rebuilt from the list instead of loaded. 2: company forms, numbers and
scripts read anew; 3: records carry nationalities (an eighth field) apart from the other
countries."""

_INT = "i"


def ints(values: Iterable[int] = ()) -> array[int]:
    return array(_INT, values)


def ints_from(data: bytes) -> array[int]:
    out = array(_INT)
    if len(data) % out.itemsize:
        raise ValueError("integer part has a partial item")
    out.frombytes(data)
    return out


class Texts(Sequence[str]):
    """Texts kept as one string and an offsets array: the i-th is cut out when asked for."""

    __slots__ = ("_blob", "_off")

    def __init__(self, blob: str, off: array[int]) -> None:
        if len(off) < 1 or off[0] != 0 or off[-1] != len(blob):
            raise ValueError("text offsets do not match the text")
        self._blob = blob
        self._off = off

    @classmethod
    def build(cls, texts: Iterable[str]) -> Texts:
        items = list(texts)
        off = ints([0])
        for t in items:
            off.append(off[-1] + len(t))
        return cls("".join(items), off)

    def __len__(self) -> int:
        return len(self._off) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._blob[self._off[i] : self._off[i + 1]]

    def run(self, a: int, b: int) -> tuple[str, ...]:
        """Texts a to b (not included), as a tuple."""
        blob, off = self._blob, self._off
        return tuple(blob[off[k] : off[k + 1]] for k in range(a, b))

    def dump(self, prefix: str) -> dict[str, bytes]:
        return {f"{prefix}.text": self._blob.encode(), f"{prefix}.toff": self._off.tobytes()}

    @classmethod
    def load(cls, parts: Mapping[str, bytes], prefix: str) -> Texts:
        return cls(parts[f"{prefix}.text"].decode(), ints_from(parts[f"{prefix}.toff"]))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Texts) and self._blob == other._blob and self._off == other._off

    __hash__ = None  # type: ignore[assignment]


_FOUND_LIMIT = 100_000


class TokenMap:
    """Text keys, each with a run of integers, behind an open-addressing hash table kept as
    an array (crc32 of the key, linear probing): loading one is a few `array.frombytes`, with
    no object per key; a lookup hashes the key and compares a slice or two."""

    __slots__ = ("_blob", "_found", "_keys", "_koff", "_mask", "_off", "_slots", "_vals")

    def __init__(
        self,
        blob: bytes,
        koff: array[int],
        slots: array[int],
        off: array[int],
        vals: array[int],
    ) -> None:
        n = len(koff) - 1
        size = len(slots)
        if (
            n < 0
            or koff[-1] != len(blob)
            or len(off) != n + 1
            or off[-1] != len(vals)
            or size < n + 1
            or size & (size - 1)
            or slots.count(-1) == 0
            or max(slots) >= n
        ):
            raise ValueError("token map parts do not fit together")
        self._blob = blob
        self._koff = koff
        self._slots = slots
        self._mask = size - 1
        self._off = off
        self._vals = vals
        self._found: dict[str, int] = {}
        """Keys looked up so far, with their positions (a screening asks for the same
        tokens again and again); emptied when it grows past `_FOUND_LIMIT`."""
        self._keys: dict[int, str] = {}
        """Keys decoded so far, by position (the same bound)."""

    @classmethod
    def build(cls, mapping: Mapping[str, Iterable[int]]) -> TokenMap:
        keys = sorted(mapping)
        encoded = [k.encode() for k in keys]
        koff, off, vals = ints([0]), ints([0]), ints()
        for key, raw in zip(keys, encoded, strict=True):
            koff.append(koff[-1] + len(raw))
            vals.extend(sorted(set(mapping[key])))
            off.append(len(vals))
        size = 1
        while size < 2 * len(keys) + 1:
            size *= 2
        slots = ints([-1]) * size
        mask = size - 1
        for i, raw in enumerate(encoded):
            h = crc32(raw) & mask
            while slots[h] >= 0:
                h = (h + 1) & mask
            slots[h] = i
        return cls(b"".join(encoded), koff, slots, off, vals)

    def find(self, key: str) -> int:
        """Position of `key`, or -1."""
        found = self._found.get(key)
        if found is None:
            found = self._probe(key)
            if len(self._found) >= _FOUND_LIMIT:
                self._found.clear()
            self._found[key] = found
        return found

    def _probe(self, key: str) -> int:
        raw = key.encode()
        mask, slots, koff, blob = self._mask, self._slots, self._koff, self._blob
        h = crc32(raw) & mask
        while True:
            i = slots[h]
            if i < 0:
                return -1
            if blob[koff[i] : koff[i + 1]] == raw:
                return i
            h = (h + 1) & mask

    def key(self, i: int) -> str:
        found = self._keys.get(i)
        if found is None:
            found = self._blob[self._koff[i] : self._koff[i + 1]].decode()
            if len(self._keys) >= _FOUND_LIMIT:
                self._keys.clear()
            self._keys[i] = found
        return found

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
        return len(self._koff) - 1

    def dump(self, prefix: str) -> dict[str, bytes]:
        return {
            f"{prefix}.keys": self._blob,
            f"{prefix}.koff": self._koff.tobytes(),
            f"{prefix}.slots": self._slots.tobytes(),
            f"{prefix}.off": self._off.tobytes(),
            f"{prefix}.vals": self._vals.tobytes(),
        }

    @classmethod
    def load(cls, parts: Mapping[str, bytes], prefix: str) -> TokenMap:
        return cls(
            parts[f"{prefix}.keys"],
            ints_from(parts[f"{prefix}.koff"]),
            ints_from(parts[f"{prefix}.slots"]),
            ints_from(parts[f"{prefix}.off"]),
            ints_from(parts[f"{prefix}.vals"]),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenMap) and all(
            getattr(self, a) == getattr(other, a) for a in ("_blob", "_koff", "_off", "_vals")
        )

    __hash__ = None  # type: ignore[assignment]


def dump_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def load_json(data: bytes) -> object:
    return json.loads(data.decode())
