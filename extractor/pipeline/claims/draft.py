"""A claim while it is being decided, and how each of its attributes was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .candidates import Candidate

# How an attribute of a claim was found (``Draft.scope_basis`` and the others):
STATED = "stated"  # in the claim's own sentence
INHERITED = "inherited"  # from the total or data frame the claim breaks down
CARRIED = "carried"  # from earlier text (the figure before, the article's stated period)
DEFAULTED = "defaulted"  # the article's default (its force, the publication date)
BASES = (STATED, INHERITED, CARRIED, DEFAULTED)


class Sentence(NamedTuple):
    """A sentence's token range and character offsets (what the rules read of its Span)."""

    start: int
    end: int
    start_char: int
    end_char: int


@dataclass
class Draft:
    """A claim while it is being decided (becomes plain data on the Doc)."""

    cand: Candidate
    sent: Sentence
    measure: str | None = None
    noun: str | None = None
    measure_rule: str = ""
    qualifiers: dict[str, Any] = field(default_factory=dict)
    qualifier_text: str = ""
    scope: str | None = None
    scope_rule: str = ""
    period: tuple[int, int] | None = None
    period_rule: str = ""
    period_compared: bool = False  # its stated period is a compared value's ("up from 610 in 2021/22")
    breakdown_of: Draft | None = None  # the total this figure breaks down
    elliptical: bool = False  # no counted noun of its own
    # restrictions of its sentence's "Of the X ..." opener ({} for one with none; None: no opener)
    partitive: dict[str, Any] | None = None
    other_word: bool = False  # the outcome is an "other" word alone (no union): it needs a total
    outcome_words: frozenset[str] = frozenset()  # the outcome phrases as written ("barred")
    # how each attribute was found (``BASES``): reconciliation weighs attributes by it
    scope_basis: str | None = None
    period_basis: str | None = None
    qualifier_basis: dict[str, str] = field(default_factory=dict)
    cue: tuple[int, int] | None = None  # tokens of the scope cue, when in the text
    qualifier_span: tuple[int, int] | None = None  # tokens the qualifiers were read from

    def data(self) -> dict[str, Any]:
        """The claim as the plain dict kept in ``doc.user_data`` (token ranges not included)."""
        return {
            "value": self.cand.value,
            "approx": self.cand.approx,
            "measure": self.measure,
            "noun": self.noun,
            "scope": self.scope,
            "period": list(self.period) if self.period else None,
            "qualifiers": dict(sorted(self.qualifiers.items())),
            "qualifier_text": self.qualifier_text,
            "rule": f"{self.measure_rule}|{self.scope_rule}|{self.period_rule}",
            "scope_basis": self.scope_basis if self.scope else None,
            "period_basis": self.period_basis if self.period else None,
            "qualifier_basis": {k: self.qualifier_basis.get(k, STATED) for k in sorted(self.qualifiers)},
        }
