"""What an approximate figure allows: "at least 750" is [750, inf), "almost 160" is
[144, 160), "about 15" is [13.5, 16.5] (tolerances in ``models/reconcile.json``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import LexiconError, read_json

NUMBERS = ("almost", "about", "near_duplicate_jaccard", "shingle_words", "outlier_ratio")
WORDS = ("counted_nouns", "categories", "event_stems", "number_words", "weak_basis")


@lru_cache(maxsize=1)
def settings() -> dict:
    """``models/reconcile.json``, checked: every key known, numbers numeric, word lists
    lists of strings (a LexiconError names the file and the key otherwise)."""
    data = read_json("reconcile.json", required=[*NUMBERS, *WORDS], optional=["_doc"])
    for key in NUMBERS:
        if not isinstance(data[key], (int, float)) or isinstance(data[key], bool):
            raise LexiconError(f"reconcile.json: {key} must be a number")
    for key in WORDS:
        values = data[key].values() if isinstance(data[key], dict) else data[key]
        if not isinstance(data[key], (list, dict)) or not all(isinstance(v, str) for v in values):
            raise LexiconError(f"reconcile.json: {key} must be a list (or mapping) of strings")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def tolerances() -> dict[str, float]:
    """The numeric settings of ``models/reconcile.json``."""
    return {k: float(v) for k, v in settings().items() if k in NUMBERS}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or None where no value satisfies both."""
        if self.low > other.low or (self.low == other.low and self.low_open):
            low, low_open = self.low, self.low_open
        else:
            low, low_open = other.low, other.low_open
        if self.high < other.high or (self.high == other.high and self.high_open):
            high, high_open = self.high, self.high_open
        else:
            high, high_open = other.high, other.high_open
        if low > high or (low == high and (low_open or high_open)):
            return None
        return Interval(low, high, low_open, high_open)

    def integer_values(self) -> bool:
        """Does the interval hold a whole number (counts are whole)?"""
        first = math.floor(self.low) + 1 if self.low_open or self.low != math.floor(self.low) else self.low
        if math.isinf(self.high):
            return True
        return self.contains(first) or (first <= self.high and self.contains(math.ceil(self.low)))


def claim_interval(value: float, approx: str) -> tuple[float, float, bool, bool]:
    """``(low, high, low_open, high_open)`` for a value and its approximation (the
    tolerances are read only for the approximations that have one: this runs per claim)."""
    match approx:
        case "exact":
            return value, value, False, False
        case "at_least":
            return value, math.inf, False, False
        case "more_than":
            return value, math.inf, True, False
        case "almost":
            return value * (1 - float(settings()["almost"])), value, False, True
        case "about":
            about = float(settings()["about"])
            return value * (1 - about), value * (1 + about), False, False
        case "at_most":
            return 0.0, value, False, False
        case "less_than":
            return 0.0, value, False, True
    raise ValueError(f"unknown approximation {approx!r}")


def interval_of(value: float, approx: str) -> Interval:
    return Interval(*claim_interval(value, approx))
