"""Quote records: who said what, with offsets into the article text as read.

Built on demand from ``doc.spans["quotes"]`` and the plain data the quotes
component keeps beside it (``attrs["quotes"]``), so the Doc itself holds only
plain data. ``doc_quotes`` is the getter of ``Doc._.quotes``; ``speaker_at``
tells other components (claims) whose words a stretch of the body is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from spacy.tokens import Doc, Span

from ..pipeline.extensions import QUOTES
from .base import RawMapper, record_row

COLUMNS = ["quote_id", "doc_id", "speaker", "speaker_id", "cue", "text", "start", "end", "rule"]


@dataclass(frozen=True)
class Quote:
    """One quote. ``speaker``: an official's or other person's full name, a force id or a
    body's name ("" when no one is named); ``speaker_id``: the force id or body name, or
    the person's org where known; ``cue``: the reporting words ("said", "added",
    "pointed out", "according to"; "" for a dash or an attribution line); ``text``: the
    quoted words without the marks; ``start``/``end``: offsets in the text as read;
    ``rule``: the rule that found the speaker (``+repeat`` where a repeated paragraph is
    reported). The fields are exactly the quotes.csv columns, so ``outputs.frame`` and
    ``to_dict`` agree; ``paragraph(doc, quote)`` gives the context."""

    quote_id: str
    doc_id: str
    speaker: str
    speaker_id: str
    cue: str
    text: str
    start: int
    end: int
    rule: str

    @classmethod
    def columns(cls) -> list[str]:
        """The columns of quotes.csv, in order."""
        return [f.name for f in fields(cls)]

    def to_dict(self) -> dict[str, Any]:
        """One quotes.csv row."""
        return record_row(self)

    def to_prediction(self) -> dict[str, Any]:
        """The gold format of ANNOTATION.md (QUOTE), plus cue and rule."""
        return {
            "start": self.start,
            "end": self.end,
            "span": self.text,
            "speaker": self.speaker or None,
            "cue": self.cue,
            "rule": self.rule,
        }


def _entries(doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
    """Quote spans with their plain data; offsets fall back to the span's own."""
    if QUOTES not in doc.spans:
        return []
    group = doc.spans[QUOTES]
    data = group.attrs.get("quotes") or []
    out = []
    for i, span in enumerate(group):
        entry = data[i] if i < len(data) else {}
        if not entry or not (span.start_char <= entry.get("start", -1) < span.end_char):
            entry = {"start": span.start_char, "end": span.end_char, "speaker": span.kb_id_}
        out.append((span, entry))
    return out


def doc_quotes(doc: Doc, include_unattributed: bool = False) -> list[Quote]:
    """Getter for ``Doc._.quotes``: quote records in text order, raw offsets, each repeat of
    a repeated paragraph reported too. Quotes no one is named for are left out unless
    ``include_unattributed`` (ANNOTATION.md: the speaker must be a name)."""
    mapper = RawMapper(doc)
    records: list[Quote] = []
    for span, entry in _entries(doc):
        speaker = entry.get("speaker", span.kb_id_) or ""
        if not speaker and not include_unattributed:
            continue
        for start, end, repeat in mapper.places(entry["start"], entry["end"]):
            records.append(
                Quote(
                    quote_id="",
                    doc_id=mapper.doc_id,
                    speaker=speaker,
                    speaker_id=entry.get("speaker_id", "") or "",
                    cue=entry.get("cue", "") or "",
                    text=mapper.text[start:end],
                    start=start,
                    end=end,
                    rule=(entry.get("rule") or span.id_) + ("+repeat" if repeat else ""),
                )
            )
    records.sort(key=lambda q: (q.start, q.end))
    return [replace(q, quote_id=f"{q.doc_id}:q{n}") for n, q in enumerate(records, 1)]


def paragraph(doc: Doc, quote: Quote) -> str:
    """The paragraph of the text as read that holds ``quote``, whitespace collapsed."""
    text = RawMapper(doc).text
    a = text.rfind("\n\n", 0, quote.start)
    b = text.find("\n\n", quote.end)
    return " ".join(text[a + 2 if a >= 0 else 0 : b if b >= 0 else len(text)].split())


def speaker_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """Whose words body offsets [start_char, end_char) are: the speaker of the quote that
    holds them ("" for a quote no one is named for), or None outside every quote."""
    return speakers(doc)(start_char, end_char)


def speakers(doc: Doc) -> Callable[[int, int], str | None]:
    """:func:`speaker_at` for one doc, its quotes read once (for many lookups)."""
    quotes = [
        (entry["start"], entry["end"], entry.get("speaker", span.kb_id_) or "")
        for span, entry in _entries(doc)
    ]

    def at(start_char: int, end_char: int) -> str | None:
        for start, end, speaker in quotes:
            if start <= start_char and end_char <= end:
                return speaker
        return None

    return at
