"""Hand-written mutants of the screening comparer: each changes one rule, runs the scoring
tests, and reports whether a test failed (the mutant is killed) or not.

    .venv/bin/python bench/sanctions/mutants.py

Every file is restored after each mutant (also on interrupt). The list names each rule of
the comparison (digit tokens, 2- and 3-letter tokens, the residual pass and its threshold,
company initials and nicknames, the second-surname discount, the conflict penalty, the
"only common names" cut-off, padding...).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "src" / "puente" / "sanctions" / "screening"
TESTS = [
    "tests/sanctions/screening/test_scores.py",
    "tests/sanctions/screening/test_compare.py",
]

MUTANTS: list[tuple[str, str, str, str]] = [
    # (rule, file, original text, mutated text)
    ("digit tokens never fuzzy", "compare.py", "if a.isdigit() or b.isdigit():", "if False:"),
    (
        "2-letter tokens never sound alike",
        "magic.py",
        "min_same_sound_length: int = 3",
        "min_same_sound_length: int = 2",
    ),
    (
        "3-letter tokens never misspelled",
        "magic.py",
        "min_fuzzy_length: int = 4",
        "min_fuzzy_length: int = 3",
    ),
    ("residual threshold (keep)", "magic.py", "keep: float = 0.72", "keep: float = 0.85"),
    ("residual floor", "magic.py", "floor: float = 0.74", "floor: float = 0.9"),
    ("residual minimum length", "magic.py", "min_length: int = 5", "min_length: int = 8"),
    (
        "residual pass removed",
        "compare.py",
        "    if not left_q or not left_c:\n        return",
        "    if True:\n        return",
    ),
    (
        "residual: first sound must agree",
        "compare.py",
        "if not sa or not sb or sa[0] != sb[0]:",
        "if not sa or not sb:",
    ),
    (
        "company: initials and nicknames allowed",
        "compare.py",
        "(c.person or kind not in (INITIAL, NICKNAME))",
        "True",
    ),
    ("initial weight", "magic.py", "initial: float = 0.6\n", "initial: float = 0.75\n"),
    (
        "nickname weight",
        "magic.py",
        '    nickname: float = 0.95\n    """Two given names',
        '    nickname: float = 0.85\n    """Two given names',
    ),
    ("same sound weight", "magic.py", "same_sound: float = 0.93", "same_sound: float = 0.85"),
    ("spelling slope", "magic.py", "spelling_slope: float = 0.45", "spelling_slope: float = 0.35"),
    (
        "known names: other-name penalty",
        "magic.py",
        "other_name_penalty: float = 0.35",
        "other_name_penalty: float = 0.0",
    ),
    (
        "known names: vowel penalty",
        "magic.py",
        "other_vowel_penalty: float = 0.2",
        "other_vowel_penalty: float = 0.0",
    ),
    (
        "gender pairs",
        "compare.py",
        'return long_ == short + "A" and short[-1] not in "AEIOU"',
        "return False",
    ),
    (
        "second-surname discount",
        "magic.py",
        "other_surname: float = 0.3",
        "other_surname: float = 0.6",
    ),
    (
        "first-surname discount",
        "magic.py",
        "first_surname: float = 0.6",
        "first_surname: float = 1.0",
    ),
    ("middle-name discount", "magic.py", "other_given: float = 0.3", "other_given: float = 0.6"),
    (
        "cheap discount only once",
        "magic.py",
        "repeat_cheap: float = 0.6",
        "repeat_cheap: float = 0.3",
    ),
    ("unpaired particle cost", "magic.py", "    minor: float = 0.3\n", "    minor: float = 0.0\n"),
    ("extra given name cost", "magic.py", "extra_given: float = 0.6", "extra_given: float = 0.9"),
    ("extra word cost", "magic.py", "extra_other: float = 0.9", "extra_other: float = 0.6"),
    ("conflict penalty", "magic.py", "conflict: float = 0.9", "conflict: float = 1.0"),
    (
        "conflict count ignores padding",
        "compare.py",
        "extras = len(extra_idx) - unknown + (1 if unknown else 0)",
        "extras = len(extra_idx)",
    ),
    ("no surname in common", "magic.py", "no_surname: float = 0.6", "no_surname: float = 0.8"),
    ("given name differs", "magic.py", "given_differs: float = 0.7", "given_differs: float = 0.85"),
    ("no given name in the query", "magic.py", "no_given: float = 0.85", "no_given: float = 1.0"),
    (
        "only one name in common",
        "magic.py",
        "one_in_common: float = 0.85",
        "one_in_common: float = 1.0",
    ),
    (
        "only common names cut-off",
        "magic.py",
        "common_info: float = 1.25",
        "common_info: float = 0.5",
    ),
    (
        "only common names slope",
        "magic.py",
        "common_slope: float = 0.32",
        "common_slope: float = 0.4",
    ),
    (
        "padding cap",
        "magic.py",
        "extra_unknown_cap: float = 0.9",
        "extra_unknown_cap: float = 100.0",
    ),
    ("letters spaced apart", "magic.py", "letter_run: int = 3", "letter_run: int = 100"),
    (
        "joined tokens",
        "magic.py",
        '    exact: float = 1.0\n    """DELACRUZ',
        '    exact: float = 0.7\n    """DELACRUZ',
    ),
    ("index: rare names weigh 1", "magic.py", "rare_names: int = 20", "rare_names: int = 5"),
    (
        "index: weight floor",
        "magic.py",
        '    floor: float = 0.3\n    """The lightest',
        '    floor: float = 0.6\n    """The lightest',
    ),
    (
        "index: initial weight",
        "magic.py",
        '    initial: float = 0.3\n    """One-letter',
        '    initial: float = 0.6\n    """One-letter',
    ),
    (
        "index: particle weight",
        "magic.py",
        '    minor: float = 0.1\n    """Particles',
        '    minor: float = 0.5\n    """Particles',
    ),
]


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(1)  # runs the `finally` that restores the file


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    selected = set(sys.argv[1:])
    killed = 0
    run = 0
    for rule, name, old, new in MUTANTS:
        if selected and rule not in selected:
            continue
        path = PKG / name
        original = path.read_text()
        if original.count(old) != 1:
            print(f"SKIP  {rule}: text not found once in {name}")
            continue
        try:
            path.write_text(original.replace(old, new))
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
        finally:
            path.write_text(original)
        run += 1
        caught = result.returncode != 0
        killed += caught
        print(f"{'KILLED' if caught else 'SURVIVED':8} {rule}", flush=True)
    print(f"{killed} of {run} mutants killed")


if __name__ == "__main__":
    main()
