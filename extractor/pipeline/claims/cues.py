"""Cue rules read from ``models/context.json`` (medspaCy ConText style).

A rule names cue phrases (or labelled groups of them), pseudo-cues (phrases that
hold a cue word but are no cue: "turned down" for "down"), the direction the cue
reaches from where it stands (``forward``: the tokens after it; ``backward``:
the tokens before it; ``both``), the most tokens it reaches, and terminator
words that end its reach. ``CueRule.reaches`` answers whether a cue of the rule
governs a given token of a sentence, reading only the sentence's lower-cased words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...lexicons import LexiconError, read_json
from .lexicon import find_phrases

DIRECTIONS = ("forward", "backward", "both")
RULE_KEYS = {"direction", "max_scope", "cues", "terminators", "pseudo", "number_after", "_about"}
OPTIONAL_KEYS = {"_about", "pseudo", "number_after"}
RULES = (
    "comparison_period", "comparison_value", "same_period", "rate_base", "staff_as_source", "change", "stock",
    "stock_measures",
    "responding_forces", "institution_forces", "partitive", "restriction_against", "not_a_rate",
    "region_cues", "group_of_count", "comparison_class", "contrasted_away",
)  # fmt: skip


@dataclass(frozen=True)
class CueRule:
    """One ConText-style rule: phrases -> label, how far and which way they reach."""

    name: str
    phrases: dict[tuple[str, ...], str]  # cue words -> label (the rule's name when unlabelled)
    direction: str
    max_scope: int
    terminators: frozenset[str]
    pseudo: dict[tuple[str, ...], str]  # phrases holding a cue word that are no cue ("turned down")
    number_after: bool = False  # a cue counts only when a number in digits follows it ("against 431")

    def find(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """Every cue in ``words``: ``(start, end, label)``, but those inside a pseudo-cue."""
        found = find_phrases(words, self.phrases)
        if self.number_after:
            found = [(s, e, label) for s, e, label in found if e < len(words) and words[e][:1].isdigit()]
        if not found or not self.pseudo:
            return found
        blocked = {i for s, e, _ in find_phrases(words, self.pseudo) for i in range(s, e)}
        return [(s, e, label) for s, e, label in found if not blocked & set(range(s, e))]

    def reaches(self, words: Sequence[str], target: int) -> str | None:
        """The label of a cue in ``words`` that governs token ``target`` (None if none does):
        the cue reaches it in its direction, within ``max_scope`` tokens, with no
        terminator between them."""
        for start, end, label in self.find(words):
            if self.direction in ("forward", "both") and end <= target <= end + self.max_scope:
                if not any(w in self.terminators for w in words[end:target]):
                    return label
            if self.direction in ("backward", "both") and start - self.max_scope <= target < start:
                if not any(w in self.terminators for w in words[target + 1 : start]):
                    return label
        return None


def _rule(name: str, raw: Any) -> CueRule:
    where = f"context.json: rule {name!r}"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected an object")
    unknown = set(raw) - RULE_KEYS
    missing = RULE_KEYS - OPTIONAL_KEYS - set(raw)
    if unknown or missing:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}, missing {sorted(missing)}")
    if raw["direction"] not in DIRECTIONS:
        raise LexiconError(f"{where}: direction must be one of {DIRECTIONS}, not {raw['direction']!r}")
    if not isinstance(raw["max_scope"], int) or raw["max_scope"] < 0:
        raise LexiconError(f"{where}: max_scope must be a whole number of tokens")
    cues = raw["cues"]
    if isinstance(cues, list):
        groups = {name: cues}
    elif isinstance(cues, dict):
        groups = cues
    else:
        raise LexiconError(f"{where}: cues must be a list of phrases or an object of labelled lists")
    phrases = {tuple(p.lower().split()): label for label, items in groups.items() for p in items}
    pseudo = {tuple(p.lower().split()): "pseudo" for p in raw.get("pseudo", [])}
    number_after = bool(raw.get("number_after", False))
    terminators = frozenset(raw["terminators"])
    return CueRule(name, phrases, raw["direction"], raw["max_scope"], terminators, pseudo, number_after)


@lru_cache(maxsize=1)
def load_cue_rules() -> dict[str, CueRule]:
    """The rules of ``models/context.json`` by name (checked: every rule the resolvers read,
    nothing unknown)."""
    data = read_json("context.json", required=RULES, optional=["_about"])
    return {name: _rule(name, data[name]) for name in RULES}
