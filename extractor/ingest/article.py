"""What ingest hands to the pipeline: one article, its text as read and the cleaned body."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


MAX_ID = 120  # every record repeats its article's id: a feed's 1 MB id must not be copied into each


def safe_id(text: str) -> str:
    """Make an id safe for file names: ``"pa/gmp story"`` -> ``"pa_gmp_story"``; one longer
    than ``MAX_ID`` keeps its first 100 characters and a digest of the whole."""
    cleaned = _UNSAFE.sub("_", text).strip("._")
    if len(cleaned) > MAX_ID:
        cleaned = f"{cleaned[:100]}-{sha256(cleaned)[:12]}"
    return cleaned or "article"


def sha256(text: str) -> str:
    """SHA-256 of the text's UTF-8 (a lone surrogate, which ingest replaces, cannot fail it)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in the cleaned body back to the article text as read.

    The body is a concatenation of pieces of the raw text (kept in order) with
    fixed separators between them; ``segments`` holds ``(body_start, raw_start,
    length)`` per piece. Separators are never the start or end of a span.
    """

    segments: tuple[tuple[int, int, int], ...]

    @property
    def _starts(self) -> list[int]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None:
            cached = [s[0] for s in self.segments]
            object.__setattr__(self, "_starts_cache", cached)  # frozen: cache once
        return cached

    def to_raw(self, offset: int, *, end: bool = False) -> int:
        """Raw offset of body ``offset``; ``end=True`` maps an exclusive end offset.
        (Called for every offset of every record: written without helper calls.)"""
        segments = self.segments
        if not segments:
            return offset
        probe = offset - 1 if end else offset
        starts = self.__dict__.get("_starts_cache") or self._starts
        i = bisect.bisect_right(starts, probe) - 1
        body_start, raw_start, length = segments[i if i > 0 else 0]
        delta = probe - body_start  # clamped into the segment, as min(max(d, 0), max(length - 1, 0))
        if delta < 0:
            delta = 0
        elif delta >= length:
            delta = length - 1 if length > 0 else 0
        return raw_start + delta + 1 if end else raw_start + delta

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.to_raw(start), self.to_raw(end, end=True)

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]


@dataclass(frozen=True)
class Repeat:
    """A paragraph printed again word for word: ``length`` chars at ``raw_start``
    repeat those at ``first_raw_start``. The repeat is not sent to the pipeline;
    what is found in the first copy is reported at the repeat too."""

    first_raw_start: int
    raw_start: int
    length: int


@dataclass(frozen=True)
class Article:
    """One article as read. ``text`` is the text offsets refer to; ``body`` is
    what the pipeline reads (boilerplate, date line and repeats cut out)."""

    id: str
    source: str
    text: str
    published: str | None = None
    url: str | None = None
    headline: str | None = None
    body: str = ""
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap(()))
    repeats: tuple[Repeat, ...] = ()
    removed: tuple[tuple[int, int, str], ...] = ()
    warning: str | None = None
    date_line: bool = True  # was a leading "date YYYY-MM-DD" line looked for (.txt files)
    # ranges of ``text`` the page's own markup marks as furniture (byline, caption, credit):
    # ``(raw_start, raw_end, reason)``, cut from the body like boilerplate lines
    furniture: tuple[tuple[int, int, str], ...] = ()

    @property
    def sha256(self) -> str:
        return sha256(self.text)

    def reading(self) -> dict[str, Any]:
        """How the article was read, beside its text: enough to read it again from the
        stored text alone (:func:`extractor.ingest.readers.reread`)."""
        return {
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "headline": self.headline,
            "warning": self.warning,
            "date_line": self.date_line,
            "furniture": [list(r) for r in self.furniture],
        }

    def context(self) -> dict[str, Any]:
        """Plain data carried on the Doc (picklable across processes)."""
        return {
            "id": self.id,
            "source": self.source,
            "published": self.published,
            "segments": self.offsets.to_list(),
            "repeats": [[r.first_raw_start, r.raw_start, r.length] for r in self.repeats],
            "text": self.text,
        }


@dataclass(frozen=True)
class IngestError:
    """An input that could not be read as an article; the batch goes on."""

    id: str
    source: str
    error: str
    text: str = ""

    @property
    def sha256(self) -> str:
        return sha256(self.text) if self.text else ""
