"""The claims lexicons (``models/claims.json``, ``measures.json``, ``qualifiers.json``,
``numbers.json``), loaded and validated once, with phrase lookups over tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    index = _first_word_index(table)
    out = []
    i, n = 0, len(words)
    while i < n:
        for length in index.get(words[i], ()):
            key = tuple(words[i : i + length])
            if len(key) == length and key in table:
                out.append((i, i + length, table[key]))
                i += length
                break
        else:
            i += 1
    return out


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
        force_anaphora={tuple(words): "the-force" for words in claims["force_anaphora"]},
        number_words=frozenset(numbers["units"]) | frozenset(numbers["tens"]),
        scale_words=frozenset(numbers["scales"]),
        collectives={tuple(k.split()): float(v) for k, v in numbers["collectives"].items()},
        fractions={tuple(k.replace("-", " ").split()): float(v) for k, v in numbers["fractions"].items()},
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
        staff=phrase_table(quals["staff"]),
        per=_labelled(quals["per"]),
        restricts_nothing=phrase_table(quals["restricts_nothing"]),
        places=_place_stems(),
    )


def phrase_table_labelled(cues: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(k.lower().split()): v for k, v in cues.items()}
