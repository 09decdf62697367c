"""Letters written apart (J P MORGAN, A B C D) are read as the word they spell."""

from __future__ import annotations

from puente.sanctions.screening.compare import joined_spans, letter_runs


def test_runs_of_single_letters_are_found_and_words_end_them() -> None:
    assert letter_runs(("J", "P", "MORGAN")) == [(0, 2)]
    assert letter_runs(("MORGAN", "J", "P")) == [(1, 3)]
    assert letter_runs(("A", "MORGAN", "B")) == []  # one letter alone is an initial
    assert letter_runs(("A", "B", "1", "C", "D")) == [(0, 2), (3, 5)]  # a digit is no letter
    assert letter_runs(("JP", "MORGAN")) == []


def test_a_run_of_four_letters_or_more_is_joined_whole() -> None:
    spans = joined_spans(("A", "B", "C", "D", "LTD"))
    assert spans["ABCD"] == ((0, 1, 2, 3),)
    assert spans["ABC"] == ((0, 1, 2),)  # runs of two or three are joined like any tokens
    assert "ABCDLTD" not in spans
    assert joined_spans(("J", "O", "A", "Q", "U", "I", "N"))["JOAQUIN"] == ((0, 1, 2, 3, 4, 5, 6),)
