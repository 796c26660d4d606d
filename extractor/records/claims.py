"""Claim records: one figure an article states, with its qualifiers and provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from spacy.tokens import Doc

from ..pipeline.extensions import CLAIMS
from .base import RawMapper, field_names, record_row
from .quotes import speakers

DATA_KEY = "extractor.claims"


@dataclass(frozen=True)
class Claim:
    """A definite number stated as a count or share (ANNOTATION.md, CLAIM).

    ``low``/``high`` is the interval the approximation implies (see
    ``extractor.reconcile.intervals``); ``noun`` is the counted noun as
    written; ``qualifier_text`` the clause the qualifiers were read from;
    ``speaker`` is set when the figure sits inside a quote.
    """

    claim_id: str
    doc_id: str
    value: float
    approx: str
    low: float
    high: float
    measure: str | None
    noun: str | None
    scope: str | None
    period_start: int | None
    period_end: int | None
    qualifiers: dict[str, Any]
    qualifier_text: str
    speaker: str | None
    sentence: str
    sentence_start: int  # offset of ``sentence`` in the text as read
    text: str
    start: int
    end: int
    rule: str
    # How scope, period and each qualifier were found: stated (in the claim's sentence),
    # inherited (from the total or data frame it breaks down), carried (from earlier
    # text) or defaulted (the article's force, the publication date); None where unset.
    scope_basis: str | None = None
    period_basis: str | None = None
    qualifier_basis: dict[str, str] = field(default_factory=dict)
    # offsets (text as read) of the scope cue and of the qualifier phrase, when in the text
    cue_start: int | None = None
    cue_end: int | None = None
    qualifier_start: int | None = None
    qualifier_end: int | None = None

    @property
    def period(self) -> list[int] | None:
        if self.period_start is None or self.period_end is None:
            return None
        return [self.period_start, self.period_end]

    def to_dict(self) -> dict[str, Any]:
        row = record_row(self)
        row["qualifiers"] = _json(self.qualifiers)
        row["qualifier_basis"] = _json(self.qualifier_basis)
        return row

    def to_row(self) -> tuple:
        """:meth:`to_dict`'s values, in field order (a row of the store), without the dict."""
        row = list(_all_fields(self))
        row[_QUALIFIERS] = _json(self.qualifiers)
        row[_QUALIFIER_BASIS] = _json(self.qualifier_basis)
        return tuple(row)

    @classmethod
    def columns(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def to_prediction(self) -> dict[str, Any]:
        """The gold format of ANNOTATION.md, with offsets and the extra fields."""
        return {
            "start": self.start,
            "end": self.end,
            "span": self.text,
            "value": self.value,
            "approx": self.approx,
            "measure": self.measure,
            "scope": self.scope,
            "period": self.period,
            "qualifiers": self.qualifiers,
            "noun": self.noun,
            "speaker": self.speaker,
            "sentence": self.sentence,
            "rule": self.rule,
            "scope_basis": self.scope_basis,
            "period_basis": self.period_basis,
            "qualifier_basis": self.qualifier_basis,
            "cue": None if self.cue_start is None else [self.cue_start, self.cue_end],
            "qualifier_span": (
                None if self.qualifier_start is None else [self.qualifier_start, self.qualifier_end]
            ),
        }


_all_fields = attrgetter(*field_names(Claim))
_QUALIFIERS = field_names(Claim).index("qualifiers")
_QUALIFIER_BASIS = field_names(Claim).index("qualifier_basis")


def _json(mapping: dict[str, Any]) -> str:
    """A dict cell as sorted JSON (most are empty: no encoder call for those)."""
    return "{}" if mapping == {} else json.dumps(mapping, sort_keys=True)


def interval(value: float, approx: str) -> tuple[float, float]:
    """The interval an approximation implies (tolerances: ``models/reconcile.json``)."""
    from ..reconcile.intervals import claim_interval

    low, high, _, _ = claim_interval(value, approx)
    return low, high


def doc_claims(doc: Doc) -> list[Claim]:
    """Getter for ``Doc._.claims``: every claim in text order, raw offsets, repeats included."""
    mapper = RawMapper(doc)
    data = doc.user_data.get(DATA_KEY, {})
    speaker_at = speakers(doc)
    out = []
    for span in doc.spans.get(CLAIMS, []):
        item = data[f"{span.start_char}:{span.end_char}"]
        low, high = interval(item["value"], item["approx"])
        period = item["period"] or [None, None]
        speaker = speaker_at(span.start_char, span.end_char) or None
        sentence_start, sentence = mapper.sentence(span)
        cue = _raw(mapper, item.get("cue"))
        qualifier_span = _raw(mapper, item.get("qualifier_span"))
        raw_start = mapper.to_raw(span.start_char)
        for start, end, repeat in mapper.places(span.start_char, span.end_char):
            shift = start - raw_start  # a repeat's offsets move with it
            out.append(
                Claim(
                    claim_id=f"{mapper.doc_id}:{start}-{end}",
                    doc_id=mapper.doc_id,
                    value=item["value"],
                    approx=item["approx"],
                    low=low,
                    high=high,
                    measure=item["measure"],
                    noun=item["noun"],
                    scope=item["scope"],
                    period_start=period[0],
                    period_end=period[1],
                    qualifiers=item["qualifiers"],
                    qualifier_text=item["qualifier_text"],
                    speaker=speaker,
                    sentence=sentence,
                    sentence_start=sentence_start + shift,
                    text=mapper.text[start:end],
                    start=start,
                    end=end,
                    rule=item["rule"] + ("|repeat" if repeat else ""),
                    scope_basis=item.get("scope_basis"),
                    period_basis=item.get("period_basis"),
                    qualifier_basis=item.get("qualifier_basis") or {},
                    cue_start=None if cue is None else cue[0] + shift,
                    cue_end=None if cue is None else cue[1] + shift,
                    qualifier_start=None if qualifier_span is None else qualifier_span[0] + shift,
                    qualifier_end=None if qualifier_span is None else qualifier_span[1] + shift,
                )
            )
    return sorted(out, key=lambda c: (c.start, c.end))


def _raw(mapper: RawMapper, body: list[int] | None) -> tuple[int, int] | None:
    """Body character offsets -> offsets in the text as read."""
    if body is None:
        return None
    return mapper.to_raw(body[0]), mapper.to_raw(body[1], end=True)


__all__ = ["Claim", "doc_claims", "interval"]
