"""What a figure is about: one key type shared by figures, checks, decisions and scoring.

A :class:`FigureKey` is scope, measure, qualifiers (a sorted tuple of pairs), period and
a refinement: what the text distinguishes when the first four do not pick out one
thing ("noun:case" for complaint cases beside allegations, "category:sexual misconduct",
"base:officer" for a share, "outcome:retired" for an ``other`` outcome, "claim:<id>"
for a claim that joins no other). Its stable string form (:meth:`FigureKey.to_string`)
is what the ``decisions`` table and ``figures.figure_key`` hold; :meth:`FigureKey.parse`
also reads the JSON list the earlier releases stored, so old decisions are found.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

Qualifiers = tuple[tuple[str, Any], ...]


def _year(value: Any) -> int | None:
    """A year from an int, a float, None, NaN or pandas' NA."""
    if value is None:
        return None
    try:
        if isinstance(value, float) and math.isnan(value):
            return None
        return int(value)
    except (TypeError, ValueError):
        return None  # pd.NA and other missing markers


def qualifiers_of(value: Any) -> Qualifiers:
    """Qualifiers as a sorted tuple of pairs, from a dict, JSON text, a tuple or nothing;
    keys whose value is None or false-y (0 kept) restrict nothing and are dropped."""
    if isinstance(value, str):
        return _qualifiers_json(value)
    if isinstance(value, tuple):
        value = dict(value)
    if not isinstance(value, dict):
        return ()
    kept = {k: v for k, v in value.items() if v or (isinstance(v, (int, float)) and not isinstance(v, bool))}
    return tuple(sorted(kept.items()))


@lru_cache(maxsize=4096)  # few distinct qualifier sets, read for every claim and figure
def _qualifiers_json(text: str) -> Qualifiers:
    return qualifiers_of(json.loads(text or "{}"))


@dataclass(frozen=True)
class FigureKey:
    """What a figure is about (see the module docstring)."""

    scope: str | None
    measure: str | None
    qualifiers: Qualifiers = ()
    period: tuple[int, int] | None = None
    refinement: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, scope: Any, measure: Any, qualifiers: Any, period_start: Any, period_end: Any,
        refinement: Any = (),
    ) -> FigureKey:  # fmt: skip
        """A key from table cells (NaN, None and JSON text allowed)."""
        start, end = _year(period_start), _year(period_end)
        if isinstance(refinement, str):
            refinement = tuple(r for r in refinement.split("; ") if r)
        return cls(
            scope if isinstance(scope, str) and scope else None,
            measure if isinstance(measure, str) else None,
            qualifiers_of(qualifiers),
            None if start is None or end is None else (start, end),
            tuple(refinement or ()),
        )

    @property
    def base(self) -> FigureKey:
        """The key without refinement: what the gold format (ANNOTATION.md) keys on."""
        return replace(self, refinement=())

    def qualifiers_json(self) -> str:
        return json.dumps(dict(self.qualifiers), sort_keys=True)

    def refinement_text(self) -> str:
        return "; ".join(self.refinement)

    def sort_key(self) -> tuple:
        """An order that never compares None with a string."""
        return (
            self.scope or "", self.measure or "", self.qualifiers_json(),
            self.period or (0, 0), self.refinement,
        )  # fmt: skip

    def to_string(self) -> str:
        """The stable string form (sorted JSON object), stored with decisions."""
        return json.dumps(
            {
                "scope": self.scope, "measure": self.measure, "qualifiers": dict(self.qualifiers),
                "period": list(self.period) if self.period else None, "refine": list(self.refinement),
            },
            sort_keys=True,
        )  # fmt: skip

    @classmethod
    def parse(cls, text: str) -> FigureKey:
        """Read :meth:`to_string`'s form, or the earlier JSON list
        ``[scope, measure, qualifiers, start, end]``; ValueError names the cause."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"figure key is not JSON: {text!r}") from exc
        if isinstance(data, list) and len(data) == 5:
            scope, measure, quals, start, end = data
            return cls.of(scope, measure, quals, start, end)
        if isinstance(data, dict) and {"scope", "measure", "qualifiers", "period"} <= set(data):
            period = data["period"] or [None, None]
            return cls.of(
                data["scope"],
                data["measure"],
                data["qualifiers"],
                period[0],
                period[1],
                data.get("refine") or (),
            )
        raise ValueError(f"not a figure key: {text!r}")

    def describe(self) -> str:
        """One line for people: 'kent allegation {"officer_sex": "male"} 2016-2020 [noun:case]'."""
        when = f"{self.period[0]}-{self.period[1]}" if self.period else "no period"
        refine = f" [{self.refinement_text()}]" if self.refinement else ""
        return f"{self.scope} {self.measure} {self.qualifiers_json()} {when}{refine}"


def near_periods(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Periods that differ by one year at one end: a likely misstatement of one period,
    never merged, linked by a ``period`` check."""
    return a is not None and b is not None and a != b and abs(a[0] - b[0]) + abs(a[1] - b[1]) <= 1


def migrate_key(text: str) -> str:
    """A stored key in today's string form (an earlier release's list form is converted;
    a key that cannot be read is kept as it is)."""
    try:
        return FigureKey.parse(text).to_string()
    except ValueError:
        return text


def _refinement_words(key: FigureKey) -> set[str]:
    return {w for part in key.refinement for w in part.split(":", 1)[-1].split() if w != "none"}


def successor(old: FigureKey, current: Iterable[FigureKey]) -> FigureKey | None:
    """The one figure of this run that a decided figure's key now names, when the wording
    refinement moved (more articles joined the key, or an outcome's words grew): same
    scope, measure, qualifiers and period, and refinements that share a word or where one
    side has none. None when no figure, or more than one, fits (a decision is never
    guessed onto one of two figures); keys of single claims (``claim:``) never move."""
    if any(part.startswith("claim:") for part in old.refinement):
        return None
    mine = _refinement_words(old)
    fits = [
        k for k in current
        if k.base == old.base and k != old and not any(p.startswith("claim:") for p in k.refinement)
        and (not mine or not k.refinement or mine & _refinement_words(k))
    ]  # fmt: skip
    return fits[0] if len(fits) == 1 else None
