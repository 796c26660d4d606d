"""Documents and entity mentions, and the mapping of body offsets to the text as read.

Each record carries its document id, character offsets into the article text
as read (not the cleaned body), the sentence it sits in and the rule that
made it. Records are built on demand from a Doc's span groups, so the Doc
itself holds only plain data.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from operator import attrgetter
from typing import Any

from spacy.tokens import Doc, Span

from ..ingest.article import OffsetMap
from ..lexicons import load_ingest_settings
from ..pipeline.extensions import ENTITIES, char_starts, doc_text, sentence_bounds


def record_row(record: Any) -> dict[str, Any]:
    """A record's fields as a dict, shallow (``dataclasses.asdict`` deep-copies every value,
    which costs more than the extraction itself on large batches)."""
    names = field_names(type(record))
    return dict(zip(names, attrgetter(*names)(record), strict=True))


@cache
def field_names(record_type: type) -> tuple[str, ...]:
    """A record type's field names, in order (``dataclasses.fields`` is slow per record)."""
    return tuple(f.name for f in fields(record_type))


@dataclass(frozen=True)
class Document:
    """One input: an article read, or an input that could not be read."""

    id: str
    source: str
    published: str | None
    chars: int
    sha256: str
    status: str  # ok | warning | error
    error: str | None = None
    url: str | None = None
    headline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return record_row(self)


@dataclass(frozen=True)
class EntityMention:
    """A FORCE, REGION, ORG or OFFICIAL mention. ``id`` is the force/region id;
    ``name`` the canonical name (ORG, OFFICIAL); ``role``/``org`` for officials."""

    doc_id: str
    label: str
    text: str
    start: int
    end: int
    id: str | None
    name: str | None
    role: str | None
    org: str | None
    sentence: str
    sentence_start: int  # offset of ``sentence`` in the text as read
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return record_row(self)

    @classmethod
    def columns(cls) -> list[str]:
        return [f.name for f in fields(cls)]


# --- offsets ------------------------------------------------------------------------


class RawMapper:
    """Body offsets -> offsets in the text as read, plus the repeats of a span.

    Built from ``doc._.article`` (see ``Article.context``); a Doc made from a
    bare string maps one to one.
    """

    def __init__(self, doc: Doc) -> None:
        ctx = doc._.article or {}
        self.doc_id: str = ctx.get("id") or "doc"
        self.text: str = ctx.get("text") or doc_text(doc)
        segments = ctx.get("segments") or [[0, 0, len(doc_text(doc))]]
        self.offsets = OffsetMap(tuple(tuple(s) for s in segments))
        self.to_raw = self.offsets.to_raw  # called per offset of every record: no wrapper call
        self.repeats: list[list[int]] = ctx.get("repeats") or []
        self._sents: list[tuple[int, int]] | None = None
        self._sent_starts: list[int] = []
        self._sent_text: dict[int, tuple[int, str]] = {}
        self.window: int = load_ingest_settings()["limits"]["sentence_window_chars"]

    def places(self, start_char: int, end_char: int) -> Iterator[tuple[int, int, bool]]:
        """``(raw_start, raw_end, is_repeat)``: the span, then each repeat of its paragraph."""
        start, end = self.to_raw(start_char), self.to_raw(end_char, end=True)
        yield start, end, False
        for first, repeat, length in self.repeats:
            if first <= start and end <= first + length:
                yield repeat + start - first, repeat + end - first, True

    def sentence(self, span: Span) -> tuple[int, str]:
        """The sentence around ``span`` as read: ``(raw start offset, text)``, so that
        ``text_as_read[start : start + len(text)] == text`` and a span inside it is marked
        by offsets. A sentence longer than ``sentence_window_chars`` (models/ingest.json)
        is cut to a window of that many characters around the span (see :func:`window`),
        so that output grows with the input, not with mentions times sentence length."""
        start, text = self._sentence(span)
        if len(text) <= self.window:
            return start, text
        return window(
            start, text, self.to_raw(span.start_char), self.to_raw(span.end_char, end=True), self.window
        )

    def _sentence(self, span: Span) -> tuple[int, str]:
        """The whole sentence around ``span`` as read (sentences found once per doc:
        ``Span.sent`` rescans the doc on every call; each sentence is cut once)."""
        doc = span.doc
        if self._sents is None:
            self._sents = sentence_bounds(doc)
            self._sent_starts = [s for s, _ in self._sents]
        k = bisect.bisect_right(self._sent_starts, span.start) - 1
        found = self._sent_text.get(k)
        if found is None:
            start, end = self._sents[k]
            chars, body = char_starts(doc), doc_text(doc)
            if end <= start:
                found = (self.to_raw(span.start_char), "")
            else:
                body_end = chars[end] if end < len(chars) else len(body)
                raw_start = self.to_raw(chars[start])
                raw_end = self.to_raw(len(body[:body_end].rstrip()), end=True)
                found = (raw_start, self.text[raw_start:raw_end])
            self._sent_text[k] = found
        return found


def window(start: int, sentence: str, span_start: int, span_end: int, size: int) -> tuple[int, str]:
    """``(start, text)`` of at most ``size`` characters of ``sentence`` (which starts at
    ``start``) around the span ``[span_start, span_end)``, centred on it and cut at
    spaces where a space is near; the span itself is kept whole even when it is longer."""
    end = start + len(sentence)
    span_start, span_end = max(start, span_start), min(end, max(span_end, span_start))
    room = max(size - (span_end - span_start), 0)
    lo = max(start, span_start - room // 2)
    hi = min(end, span_end + (room - (span_start - lo)))
    lo = max(start, min(lo, span_start - (room - (hi - span_end))))  # room left at the end goes back
    # cut at a space (at most a quarter of the window away), never inside the span
    slack = size // 4
    head = sentence[lo - start : span_start - start]
    if lo > start and " " in head[:slack]:
        lo += head.index(" ", 0, slack) + 1
    tail = sentence[span_end - start : hi - start]
    if hi < end and " " in tail[-slack:]:
        hi = span_end + tail.rindex(" ", max(len(tail) - slack, 0))
    return lo, sentence[lo - start : hi - start]


def doc_entities(doc: Doc) -> list[EntityMention]:
    """Getter for ``Doc._.entities``: every entity mention, in text order, raw offsets."""
    mapper = RawMapper(doc)
    people = doc._.people or {}
    out = []
    for span in doc.spans.get(ENTITIES, []):
        label = span.label_
        person = people.get(span.kb_id_, {}) if label == "OFFICIAL" else {}
        ident = span.kb_id_ if label in ("FORCE", "REGION") else None
        name = span.kb_id_ if label in ("ORG", "OFFICIAL") else None
        sentence_start, sentence = mapper.sentence(span)
        raw_start = mapper.to_raw(span.start_char)
        for start, end, repeat in mapper.places(span.start_char, span.end_char):
            shift = start - raw_start  # a repeat's offsets move with it
            out.append(
                EntityMention(
                    doc_id=mapper.doc_id,
                    label=label,
                    text=mapper.text[start:end],
                    start=start,
                    end=end,
                    id=ident,
                    name=name,
                    role=person.get("role"),
                    org=person.get("org"),
                    sentence=sentence,
                    sentence_start=sentence_start + shift,
                    rule=span.id_ + ("+repeat" if repeat else ""),
                )
            )
    return sorted(out, key=lambda m: (m.start, m.end))
