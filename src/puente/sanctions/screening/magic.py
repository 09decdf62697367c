"""Every weight and cut-off of the name comparison, named and explained in one table.

The comparer (`compare.py`) and the index (`index.py`) read these through `WEIGHTS`; a test
(tests/sanctions/screening/test_scores.py) pins the scores they make for more than a hundred
name pairs, so changing a value here shows at once which pairs move. The values were tuned on
the `dev` split of bench/sanctions (see bench/RESULTS.md) and checked once on `heldout`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TokenWeights:
    """How alike two tokens are (`compare.token_similarity`)."""

    initial: float = 0.6
    """A one-letter token against a token with that first letter (J / JOAQUIN)."""
    nickname: float = 0.95
    """Two given names of the nickname table (CHUY / JESUS, FCO / FRANCISCO)."""
    same_sound: float = 0.93
    """Tokens of three letters or more that sound the same (JOAKIN / JOAQUIN)."""
    same_sound_other_name: float = 0.8
    """The same sound, but two different names of the list (or a gender pair)."""
    min_same_sound_length: int = 3
    """Shorter tokens are never 'sounds alike' (2-letter Asian syllables, initials)."""
    min_fuzzy_length: int = 4
    """Tokens shorter than this are equal, nicknames, sound alike or nothing: no typo in
    a 2- or 3-letter token (LI / LU, HAN / HAO are other names)."""
    skeleton_sound_floor: float = 0.75
    """Sound similarity from which the same consonant skeleton counts as sounding alike."""
    skeleton_base: float = 0.8
    skeleton_slope: float = 0.1
    """Same skeleton: base + slope * sound similarity."""
    spelling_floor: float = 0.75
    """Letter similarity (OSA) from which two tokens are one name misspelled."""
    spelling_base: float = 0.5
    spelling_slope: float = 0.45
    """Spelling: base + slope * letter similarity (one typo in GUZMAN: 0.875)."""
    sound_floor: float = 0.8
    """Sound similarity from which two tokens spelled apart still sound alike."""
    sound_base: float = 0.5
    sound_slope: float = 0.4
    other_name_penalty: float = 0.35
    """Two different known names spelled alike with another ending or other consonants
    (ANTONIO / ANTONIA, CRISTIAN / CRISTINA)."""
    other_vowel_penalty: float = 0.2
    """Two different known names that differ by a vowel only."""
    min_gender_stem: int = 4
    """Gender pairs (JUAN / JUANA) are looked for in tokens of at least this length."""
    min_pair: float = 0.6
    """Token pairs scoring below this are not aligned at all."""
    short_typo: float = 0.75
    """A typo in a token of three letters: two neighbours swapped, or one letter dropped
    from a four-letter token (HOL / CHOL). Never a letter replaced (HAN / HAO)."""
    min_short_typo_length: int = 3
    """Two-letter tokens (LI, LU) have no typos: they are other names."""


@dataclass(frozen=True, slots=True)
class ResidualWeights:
    """The second pass: tokens left alone on both sides may be one name with two typos."""

    min_length: int = 5
    """Both tokens at least this long (two edits in a short name make another name)."""
    left_length: int = 4
    """Only tokens at least this long are left over for the pass at all."""
    floor: float = 0.74
    """Best of letter and sound similarity from which the pair is considered."""
    base: float = 0.35
    slope: float = 0.5
    """Pair score: base + slope * similarity."""
    keep: float = 0.72
    """Residual pairs scoring below this are not aligned."""


@dataclass(frozen=True, slots=True)
class JoinWeights:
    """One token on one side written as two or three on the other."""

    exact: float = 1.0
    """DELACRUZ / DE LA CRUZ."""
    nickname: float = 0.95
    """CHEMA / JOSE MARIA (a nickname of a two-word given name)."""
    min_length: int = 3
    """Shorter tokens are never looked up as joined words."""
    min_acronym_length: int = 2
    """A token this long or longer may be one-letter tokens written together (JP / J. P.)."""
    letter_run: int = 3
    """Single letters spaced apart (J O A Q U I N): a run this long is also read as the word
    it spells, and the better reading of the query wins."""


@dataclass(frozen=True, slots=True)
class UnpairedWeights:
    """What a token without a partner costs, as a share of its weight."""

    minor: float = 0.3
    """A particle or company form (DE, LA, S.A. DE C.V.) left alone on either side."""
    first_surname: float = 0.6
    """The list's first surname missing while another surname is matched."""
    other_surname: float = 0.3
    """A second surname missing (Mexicans often give one): GUZMAN for GUZMAN LOERA."""
    first_given: float = 0.6
    """The list's first given name missing while another given name is matched."""
    other_given: float = 0.3
    """A middle name missing: JESUS for JOSE DE JESUS."""
    word: float = 0.5
    """A word of a name without roles missing while two or more full tokens are matched."""
    repeat_cheap: float = 0.6
    """Only the first missing token gets a factor under 0.6; later ones cost this much."""
    extra_given: float = 0.6
    """A query token that is a known given name (a middle name the list leaves out)."""
    extra_other: float = 0.9
    """Any other extra query token, once two full tokens are matched."""
    extra_unknown_cap: float = 0.9
    """Query tokens that no list name holds (padding: "aaaa bbbb") count together as at most
    this much weight: one unknown word already says the name goes on; more say no more."""


@dataclass(frozen=True, slots=True)
class Penalties:
    """Factors on the whole score for what the alignment lacks."""

    conflict: float = 0.9
    """Per pair of a list token missing and a query token extra (likely another name)."""
    no_surname: float = 0.6
    """A person's list entry with surnames, none of them matched."""
    given_differs: float = 0.7
    """No given name matched and the query has other tokens (another given name)."""
    no_given: float = 0.85
    """No given name matched and the query has nothing else (surnames alone)."""
    one_in_common: float = 0.85
    """Only one full token matched of a name of two or more."""
    common_info: float = 1.25
    """Sum of the matched tokens' idf below which a partial match is 'only common names'."""
    common_base: float = 0.6
    common_slope: float = 0.32
    """'Only common names': score *= base + slope * information."""


@dataclass(frozen=True, slots=True)
class IndexWeights:
    """Token weights the index gives (rarer tokens weigh more)."""

    minor: float = 0.1
    """Particles and company forms."""
    initial: float = 0.3
    """One-letter tokens."""
    rare_names: int = 20
    """A token held by at most this many list names weighs 1.0."""
    floor: float = 0.3
    """The lightest a full token can weigh (GARCIA, LOPEZ on a list of 40k names)."""
    size_penalty: float = 0.05
    """Retrieval ranking: per significant token of the list name (shorter names first)."""
    known_name_count: int = 3
    """A token seen this often as a given name (or surname) on the list is a known name."""


@dataclass(frozen=True, slots=True)
class NicknameWeights:
    """A query that is an article and a nickname ("El Chapo") against a list name holding it
    (the alias "GUZMAN, Chapo")."""

    base: float = 0.7
    slope: float = 0.25
    """Score: pair score x (base + slope x idf of the nickname on the list)."""
    min_idf: float = 0.6
    """Nicknames held by more names than this idf says (about 70 of 40,000) are too common
    to name one person."""
    min_length: int = 3
    """Shorter words are never taken for a nickname."""
    min_pair: float = 0.93
    """The nickname pairs with the list word exactly or by the same sound (not a typo)."""


@dataclass(frozen=True, slots=True)
class Weights:
    token: TokenWeights = TokenWeights()
    residual: ResidualWeights = ResidualWeights()
    join: JoinWeights = JoinWeights()
    unpaired: UnpairedWeights = UnpairedWeights()
    penalty: Penalties = Penalties()
    index: IndexWeights = IndexWeights()
    nickname: NicknameWeights = NicknameWeights()


WEIGHTS = Weights()
"""The weights in force."""
