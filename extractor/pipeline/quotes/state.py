"""One document's working state: the rules of the mixins run over it in ``run()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..extensions import (
    char_starts,
    doc_text,
    lowers,
    orths,
)
from .attribution import AttributionMixin
from .blocks import BlocksMixin
from .cues import CuesMixin
from .marks import MarksMixin
from .model import (
    Cue,
    Paragraph,
    RawQuote,
    Speaker,
)
from .speakers import SpeakersMixin

# --- one document -------------------------------------------------------------------

if TYPE_CHECKING:  # the component imports this module
    from .component import QuoteFinder


class _DocState(MarksMixin, SpeakersMixin, CuesMixin, AttributionMixin, BlocksMixin):
    """Everything worked out for one Doc: paragraphs, quotes, cues, speakers.

    Token texts and offsets are read from the shared per-doc lists (``words``, ``lows``,
    ``_starts``), never by walking Token objects: the rules read them for every token.
    Flags (``is_alpha``, ``is_punct`` ...), POS and the parse are asked of a handful of
    tokens per doc, so those few read ``doc[i]``: one Token is far cheaper than a column
    of ``doc.to_array``."""

    def __init__(self, finder: QuoteFinder, doc: Doc) -> None:
        self.f = finder
        self.doc = doc
        self.text = doc_text(doc)
        self.words = orths(doc)  # every token's text
        self.lows = lowers(doc)  # every token's lower_
        self._starts = char_starts(doc)  # every token's idx
        self._tagged: bool | None = None  # see tagged()
        self._phrases: dict[str, list[tuple[int, int]]] | None = None  # see phrases()
        self._tails: dict[int, tuple[int, Speaker] | None] = {}  # see attribution_tail()
        people = doc._.people if Doc.has_extension("people") else None
        self.people: dict[str, dict] = people or {}
        self.paras: list[Paragraph] = []
        self.quotes: list[RawQuote] = []
        self.quoted = [False] * len(doc)  # token inside a quote, marks included
        self.sent_of = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        self.cues: list[Cue] = []
        self.events: list[tuple[int, Speaker]] = []  # (token, speaker) of every attribution, text order
        self.event_keys: list[int] = []

    def tagged(self) -> bool:
        """Whether the doc has POS tags: asked of a few tokens, looked up once (it scans the doc)."""
        if self._tagged is None:
            self._tagged = self.doc.has_annotation("TAG")
        return self._tagged

    def phrases(self, kind: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every phrase of one kind (``cue``, ``spokes``, ``generic-force``),
        in the matcher's order (by start, then end); the doc is matched once for all kinds."""
        if self._phrases is None:
            self._phrases = {k: [] for k in self.f.phrase_kinds.values()}
            for key, s, e in self.f.phrases(self.doc):
                self._phrases[self.f.phrase_kinds[key]].append((s, e))
        return self._phrases[kind]

    # -- pipeline ----------------------------------------------------------------

    def run(self) -> list[RawQuote]:
        if not len(self.doc):
            return []
        self.find_paragraphs()
        self.find_quotes()
        self.map_tokens()
        self.find_sentences()
        self.index_candidates()
        self.find_cues()
        blocks = self.find_blocks()
        self.resolve_cues(blocks)
        for q in self.quotes:
            q.standalone = self.is_standalone(q)
        kept = []
        for q in self.quotes:
            if self.furniture(q.para):
                continue  # "Read more: Chief says 'we will act'": another story's headline
            if not q.standalone and self.is_term(q):
                continue
            self.attribute_own(q)
            kept.append(q)
        self.quotes = kept
        for q in self.quotes:
            if self._headline(q):
                # a headline's own attribution is a summary ("law firm warns figures are '...'",
                # "FORCE SAYS IT IS '...'"): the speaker is whoever the body gives the same words to
                found = self._echo(q)
                if found is not None:
                    q.speaker, q.cue, q.rule = found
        for q in self.quotes:
            if q.speaker is None:
                self.attribute_chain(q)
        for q in self.quotes:
            if q.speaker is None and not q.rule:
                q.rule = "unattributed"
        # a fragment is a quote only when someone is said to have said it; orphans only as continuations
        out = [q for q in self.quotes if q.speaker is not None or (q.standalone and not q.orphan)]
        return out + blocks
