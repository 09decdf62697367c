"""The legacy CSV reader and the batch CSV parser never crash: any bytes either read or fail
with an error that says where and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puente.errors import InvalidInput, SourceError
from puente.sanctions import batch
from puente.sanctions.csvformat import ALT_FIELDS, decode_text, read_legacy


def test_published_quirks(tmp_path: Path) -> None:
    path = tmp_path / "alt.csv"
    path.write_bytes(b'36,12,"aka","AERO-CARIBBE\xc9",-0- \r\n173,57,"fka","X",-0- \r\n\x1a')
    rows = read_legacy(path, "alt.csv", ALT_FIELDS)
    assert [r.line for r in rows] == [1, 2]
    assert rows[0].values == ("36", "12", "aka", "AERO-CARIBBEÉ", None)


def test_utf8_mirror_is_read_as_utf8() -> None:
    assert decode_text("PEÑA".encode(), "x") == "PEÑA"
    assert decode_text("PEÑA".encode("cp1252"), "x") == "PEÑA"


def test_quoted_newline_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "alt.csv"
    path.write_bytes(b'1,1,"aka","A\r\nB",-0- \r\n2,2,"aka","C",-0- \r\n3,3,"aka"\r\n\x1a')
    with pytest.raises(SourceError, match=r"line 4.*found 3 fields"):
        read_legacy(path, "alt.csv", ALT_FIELDS)


_ENDED = st.binary(max_size=300).map(lambda b: b + b"\r\n\x1a")
_CSVISH = st.lists(
    st.sampled_from([b"1", b",", b'"', b"-0- ", b"aka", b"\r\n", b"\xd1", b"\x81", b"x"]),
    max_size=60,
).map(lambda parts: b"".join(parts) + b"\r\n\x1a")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), _ENDED, _CSVISH))
def test_any_bytes_read_or_fail_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "alt.csv"
    path.write_bytes(data)
    outcome: object
    try:
        outcome = read_legacy(path, "alt.csv", ALT_FIELDS)
    except SourceError as exc:
        outcome = exc
    if isinstance(outcome, SourceError):
        assert str(outcome).startswith("alt.csv")
    else:
        assert all(len(r.values) == len(ALT_FIELDS) for r in outcome)  # type: ignore[attr-defined]


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_any_upload_parses_or_is_a_clear_400(data: bytes) -> None:
    outcome: object
    try:
        outcome = batch.parse_csv(batch.decode_csv(data, "up.csv"), "up.csv")
    except InvalidInput as exc:
        outcome = exc
    if isinstance(outcome, InvalidInput):
        assert outcome.status_code == 400
        assert outcome.detail
    else:
        assert "name" in outcome.columns  # type: ignore[attr-defined]
