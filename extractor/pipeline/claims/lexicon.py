"""The claims lexicons (``models/claims.json``, ``measures.json``, ``qualifiers.json``,
``numbers.json``), loaded and validated once, with phrase lookups over tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any, NamedTuple

try:  # the regex parser, to find the literal text a pattern needs
    from re import _parser
    from re._constants import BRANCH, IN, LITERAL, SUBPATTERN
except ImportError:  # Python < 3.11
    import sre_parse as _parser
    from sre_constants import BRANCH, IN, LITERAL, SUBPATTERN

from ...lexicons import load_forces, read_json
from ...numbers import lexicon as number_lexicon
from ..forces import name_variants


def phrase_table(phrases: Iterable[str]) -> dict[tuple[str, ...], str]:
    """``"no case to answer"`` -> ``("no", "case", "to", "answer")``, value = the phrase."""
    return {tuple(p.lower().split()): p for p in phrases}


_INDEXES: dict[int, tuple[dict, dict[str, list[int]]]] = {}


def _first_word_index(table: dict[tuple[str, ...], Any]) -> dict[str, list[int]]:
    """First word -> the lengths of the keys starting with it, longest first (cached per
    table: the lexicon tables live as long as the process)."""
    cached = _INDEXES.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    index: dict[str, set[int]] = {}
    for key in table:
        if key:
            index.setdefault(key[0], set()).add(len(key))
    built = {w: sorted(lengths, reverse=True) for w, lengths in index.items()}
    _INDEXES[id(table)] = (table, built)
    return built


def find_phrases(words: Sequence[str], table: dict[tuple[str, ...], Any]) -> list[tuple[int, int, Any]]:
    """Non-overlapping matches of ``table``'s word-tuple keys in ``words`` (lower-cased),
    longest first at each position: ``(start, end, table[key])``."""
    cached = _INDEXES.get(id(table))  # (the lookup of _first_word_index, inlined: a hot path)
    index = cached[1] if cached is not None and cached[0] is table else _first_word_index(table)
    if index.keys().isdisjoint(words):
        return []  # the common case: no key starts in these words
    out = []
    after = 0  # end of the last match: matches do not overlap
    # only the words that start a key need a look, and these are picked out in C
    for i in compress(range(len(words)), map(index.__contains__, words)):
        if i < after:
            continue
        for length in index[words[i]]:
            key = tuple(words[i : i + length])
            if len(key) == length and key in table:
                out.append((i, i + length, table[key]))
                after = i + length
                break
    return out


def _needed(items: Sequence[tuple[Any, Any]], ascii_only: bool) -> list[tuple[str, ...]]:
    """What every match of a parsed regex sequence contains: for each entry, one of its
    strings (runs of literal characters, the alternatives of an ``a|b``, the characters
    of a ``[ab]``). Ignoring case, only ASCII characters are taken (see ODD_FOLDS)."""

    def literal(op: Any, av: Any) -> bool:
        return op is LITERAL and (av < 128 or not ascii_only)

    out: list[tuple[str, ...]] = []
    run = ""
    for op, av in [*items, (None, None)]:
        if literal(op, av):
            run += chr(av)
            continue
        if run:
            out.append((run,))
            run = ""
        if op is BRANCH:  # one alternative or another: a string each one needs
            options = []
            for branch in av[1]:
                single = [needed[0] for needed in _needed(branch.data, ascii_only) if len(needed) == 1]
                if not single:
                    break
                options.append(max(single, key=len))
            else:
                out.append(tuple(options))
        elif op is IN and all(literal(*member) for member in av):
            out.append(tuple(chr(code) for _, code in av))
        elif op is SUBPATTERN and not av[1] and not av[2]:  # a group, flags unchanged
            out += _needed(av[3].data, ascii_only)
    return out


# Ignoring case, ``re`` matches these to "i", "i" and "s", and ``str.lower`` does not:
# they are the only characters beyond ASCII that match an ASCII one differently.
ODD_FOLDS = ("\u0130", "\u0131", "\u017f")  # İ, ı, ſ


class Needles(NamedTuple):
    """What every match of a regex contains: for each entry of ``needed``, one of its
    strings (lower-cased if the regex ignores case). ``re`` tries a pattern that starts
    with ``\\b`` at every character; looking for these first spares most texts the scan."""

    needed: tuple[tuple[str, ...], ...]
    ignore_case: bool

    def missing_from(self, text: str, lowered: str) -> bool:
        """True only where the regex cannot match ``text`` (``lowered`` is ``text.lower()``)."""
        if self.ignore_case:
            if not text.isascii() and any(c in text for c in ODD_FOLDS):
                return False  # see ODD_FOLDS
            text = lowered
        for options in self.needed:
            for s in options:
                if s in text:
                    break
            else:
                return True
        return False


def needles(pattern: re.Pattern[str]) -> Needles:
    """The ``Needles`` of ``pattern`` (none where its parse cannot be read)."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    try:
        needed = _needed(_parser.parse(pattern.pattern, pattern.flags).data, ignore_case)
    except re.error:
        return Needles((), ignore_case)
    if ignore_case:
        needed = [tuple(s.lower() for s in options) for options in needed]
    return Needles(tuple(needed), ignore_case)


@dataclass(frozen=True)
class ClaimLexicon:
    approx: dict[tuple[str, ...], str]  # cue words -> approx label
    not_before: frozenset[str]
    not_after: frozenset[str]
    phone_cues: frozenset[str]
    phone_numbers: frozenset[str]
    generic: tuple[tuple[str, ...], ...]
    comparison: tuple[tuple[str, ...], ...]
    national: tuple[re.Pattern[str], ...]
    comma_stops: frozenset[str]
    and_stops: tuple[str, ...]
    headcount: tuple[re.Pattern[str], ...]
    max_reference_digits: int
    year_range: tuple[int, int]
    months: frozenset[str]
    one_words: frozenset[str]
    place_cue_before: frozenset[str]
    place_cue_after: frozenset[str]
    national_bodies: frozenset[str]
    personal_force: frozenset[str]
    force_anaphora: dict[tuple[str, ...], str]
    number_words: frozenset[str]
    scale_words: frozenset[str]
    collectives: dict[tuple[str, ...], float]
    fractions: dict[tuple[str, ...], float]
    denominators: dict[str, int]
    measures: dict[str, str]
    sex_nouns: dict[str, str]
    plural_irregular: dict[str, str]
    skip_nouns: frozenset[str]
    not_antecedent: frozenset[str]
    workforce_nouns: frozenset[str]
    staff_words: frozenset[str]
    sex: dict[tuple[str, ...], str]
    sex_before: frozenset[str]  # a sex word restricts the officers only before these ...
    sex_after: frozenset[str]  # ... or after these ("were men", "recorded as unknown")
    complainant: dict[tuple[str, ...], str]
    outcome: dict[tuple[str, ...], str]
    union_words: frozenset[str]  # "or", "either": outcomes joined by them are a union
    outcome_wins: frozenset[str]  # outcomes that win over an "other" word beside them
    outcome_causes: frozenset[str]  # "after" before an outcome word: what led to the outcome, not it
    staff: dict[tuple[str, ...], str]
    per: dict[tuple[str, ...], str]
    restricts_nothing: dict[tuple[str, ...], str]
    places: dict[tuple[str, ...], str]  # force place stems ("greater", "manchester") -> id

    def singular(self, word: str) -> str:
        word = word.lower()
        if word in self.plural_irregular:
            return self.plural_irregular[word]
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith(("ches", "shes", "sses", "xes")):
            return word[:-2]
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            return word[:-1]
        return word


def _labelled(groups: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(p.lower().split()): label for label, phrases in groups.items() for p in phrases}


def _place_stems() -> dict[tuple[str, ...], str]:
    out = {}
    suffixes = ["Police", "Constabulary", "Police Service"]
    for force in load_forces():
        for name in (force.name, *force.aliases):
            for variant in name_variants(name, suffixes):
                for suffix in suffixes:
                    if variant.endswith(" " + suffix):
                        stem = variant[: -len(suffix) - 1]
                        out[tuple(stem.lower().split())] = force.id
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> ClaimLexicon:
    claims = read_json(
        "claims.json",
        required=[
            "approx_cues",
            "not_claim_before",
            "phone_cues",
            "phone_numbers",
            "not_claim_after",
            "generic_phrases",
            "comparison_before_scope",
            "national_patterns",
            "window_stops_after_comma",
            "window_stops_after_and",
            "headcount_patterns",
            "max_reference_digits",
            "year_range",
            "months",
            "one_needs_outcome",
            "place_cue_before",
            "place_cue_after",
            "national_bodies",
            "personal_force",
            "force_anaphora",
        ],
    )
    measures = read_json(
        "measures.json",
        required=[
            "synonyms",
            "sex_nouns",
            "plural_irregular",
            "skip_nouns",
            "case_needs_complaint_context",
            "workforce_nouns",
            "staff_words",
            "not_antecedent",
        ],
    )
    quals = read_json(
        "qualifiers.json",
        required=[
            "officer_sex",
            "complainant",
            "outcome",
            "union_words",
            "staff",
            "per",
            "restricts_nothing",
            "sex_applies_before",
            "sex_applies_after",
            "outcome_wins_over_other",
            "outcome_causes",
        ],
    )
    numbers = number_lexicon()
    return ClaimLexicon(
        approx=phrase_table_labelled(claims["approx_cues"]),
        not_before=frozenset(claims["not_claim_before"]),
        not_after=frozenset(claims["not_claim_after"]),
        phone_cues=frozenset(claims["phone_cues"]),
        phone_numbers=frozenset(claims["phone_numbers"]),
        generic=tuple(tuple(p.split()) for p in claims["generic_phrases"]),
        comparison=tuple(tuple(p.split()) for p in claims["comparison_before_scope"]),
        national=tuple(re.compile(p, re.I) for p in claims["national_patterns"]),
        comma_stops=frozenset(claims["window_stops_after_comma"]),
        and_stops=tuple(claims["window_stops_after_and"]),
        headcount=tuple(re.compile(p, re.I) for p in claims["headcount_patterns"]),
        max_reference_digits=claims["max_reference_digits"],
        year_range=tuple(claims["year_range"]),
        months=frozenset(claims["months"]),
        one_words=frozenset(claims["one_needs_outcome"]),
        place_cue_before=frozenset(claims["place_cue_before"]),
        place_cue_after=frozenset(claims["place_cue_after"]),
        national_bodies=frozenset(claims["national_bodies"]),
        personal_force=frozenset(claims["personal_force"]),
        force_anaphora={tuple(words): "the-force" for words in claims["force_anaphora"]},
        number_words=frozenset(numbers["units"]) | frozenset(numbers["tens"]),
        scale_words=frozenset(numbers["scales"]),
        collectives={tuple(k.split()): float(v) for k, v in numbers["collectives"].items()},
        fractions=_fractions(numbers),
        denominators=dict(numbers["denominators"]),
        measures=dict(measures["synonyms"]),
        sex_nouns=dict(measures["sex_nouns"]),
        plural_irregular=dict(measures["plural_irregular"]),
        skip_nouns=frozenset(measures["skip_nouns"]),
        not_antecedent=frozenset(measures["not_antecedent"]),
        workforce_nouns=frozenset(measures["workforce_nouns"]),
        staff_words=frozenset(measures["staff_words"]),
        sex=_labelled(quals["officer_sex"]),
        sex_before=frozenset(quals["sex_applies_before"]),
        sex_after=frozenset(quals["sex_applies_after"]),
        complainant=_labelled(quals["complainant"]),
        outcome=_labelled(quals["outcome"]),
        union_words=frozenset(quals["union_words"]),
        outcome_wins=frozenset(quals["outcome_wins_over_other"]),
        outcome_causes=frozenset(quals["outcome_causes"]),
        staff=phrase_table(quals["staff"]),
        per=_labelled(quals["per"]),
        restricts_nothing=phrase_table(quals["restricts_nothing"]),
        places=_place_stems(),
    )


def _fractions(numbers: dict[str, Any]) -> dict[tuple[str, ...], float]:
    """Fraction words -> share in percent: the listed ones ("half", "a quarter") and any
    "<one..nine or a> <denominator>", spaced or hyphenated ("two-thirds" is read as the
    tokens two, -, thirds; "five sixths" 83.3); a hyphen is a token of its own."""
    out: dict[tuple[str, ...], float] = {}
    numerators = {w: v for w, v in numbers["units"].items() if 1 <= v <= 9} | {"a": 1}
    for word, denominator in numbers["denominators"].items():
        plural = word.endswith("s")
        for numerator, value in numerators.items():
            if (value > 1) != plural or value >= denominator:
                continue  # "one thirds", "two thirds" only; "four quarters" is no share
            share = round(100 * value / denominator, 1)
            out[(numerator, word)] = share
            if numerator != "a":
                out[(numerator, "-", word)] = share
    for phrase, value in numbers["fractions"].items():
        out[tuple(phrase.replace("-", " ").split())] = float(value)
        if "-" in phrase:
            out[tuple(phrase.replace("-", " - ").split())] = float(value)
    return out


def phrase_table_labelled(cues: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(k.lower().split()): v for k, v in cues.items()}
