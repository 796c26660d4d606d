"""Paragraph breaks are sentence breaks.

Reads: tokens. Writes: sentence starts (before the parser, or after the
sentencizer). Wire copy puts one paragraph, caption or list item per line;
without this the parser runs a list line ("10 claims against male officers
in ...") into the next one, or splits one ("9 | claims relating to ...").

- after a line break, a sentence starts (unless the line was hard-wrapped:
  no final punctuation and the next line starts lower-case);
- inside a line, a sentence may start only after final punctuation; the
  parser decides among those places;
- no sentence runs past ``max_sentence_tokens`` tokens (models/pipeline.cfg): a
  longer run (a feed with no punctuation, a list glued into one line) is cut
  after its last full stop, else after a comma or semicolon in its second half,
  else at the limit, so that work done per sentence, and every record's
  sentence, stay bounded.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .extensions import doc_text, orths

NEWLINE = re.compile("\n")
FINAL = {".", "!", "?", ":", '"', "”", "'", "’", "…", ")", '."', ".”"}
FINAL_IDS = numpy.array([get_string_id(w) for w in sorted(FINAL)], dtype="uint64")  # as ORTH holds them
STOPS = {".", "!", "?", "…", '."', ".”"}  # where an over-long run is best cut
CLAUSE_ENDS = {",", ";"}  # else here


@Language.factory("extractor_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str, max_sentence_tokens: int = 250) -> ParagraphBreaks:
    return ParagraphBreaks(name, max_sentence_tokens)


class ParagraphBreaks:
    def __init__(self, name: str, max_sentence_tokens: int = 250) -> None:
        if max_sentence_tokens < 10:
            raise ValueError(
                f"extractor_paragraphs: max_sentence_tokens must be 10 or more: {max_sentence_tokens}"
            )
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        # Arrays, not Token objects: most tokens are decided by two array tests; only
        # those after a line break are looked at one by one.
        cols = doc.to_array([IDX, LENGTH, IS_SPACE]).astype("int64")
        idx, length, space = cols[:, 0], cols[:, 1], cols[:, 2].astype(bool)
        text = doc_text(doc)
        words = orths(doc)
        final = numpy.isin(doc.to_array(ORTH), FINAL_IDS)
        newlines = numpy.zeros(len(text) + 1, dtype="int64")
        at = [m.start() + 1 for m in NEWLINE.finditer(text)]
        newlines[at] = 1
        newlines = numpy.cumsum(newlines)  # newlines[k]: line breaks in text[:k]
        # the characters between the previous token and this one (a space token's own
        # characters included): a line break among them starts a paragraph or line
        gap_from = numpy.where(space[:-1], idx[:-1], idx[:-1] + length[:-1])
        line_break = newlines[idx[1:]] > newlines[gap_from]
        starts = numpy.empty(n, dtype="int64")
        starts[0] = 1
        # 0 leaves the decision to the parser (or keeps the sentencizer's); -1 forbids a
        # start, 1 forces one
        starts[1:] = numpy.where(final[:-1], 0, -1)
        for i in numpy.flatnonzero(line_break & ~space[1:]).tolist():
            i += 1
            previous, p_space = words[i - 1], bool(space[i - 1])
            gap = text[int(idx[i - 1]) + len(previous) : int(idx[i])]
            two = "\n\n" in previous + gap
            hard_wrap = not two and words[i].islower() and previous not in FINAL and not p_space
            starts[i] = -1 if hard_wrap else 1
        starts[1:][space[1:]] = -1
        if doc.has_annotation("SENT_START"):
            before = doc.to_array([SENT_START]).astype("int64").reshape(-1)
            starts = numpy.where(starts == 0, before, starts)
        if n > self.max_sentence_tokens:
            self._bound(starts, words, space)
        doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
        return doc

    def _bound(self, starts: numpy.ndarray, words: list[str], space: numpy.ndarray) -> None:
        """Force a sentence start wherever ``max_sentence_tokens`` tokens have passed
        since the last forced one (in place): after the last full stop of the run (where
        the parser would most likely end a sentence anyway), else after the last comma
        or semicolon of its second half, else at the limit. Only forced starts (1) count,
        since the parser may or may not take the places left to it."""
        limit = self.max_sentence_tokens
        forced = starts == 1
        bounds = numpy.concatenate(([0], numpy.flatnonzero(forced), [len(words)]))
        if int(numpy.diff(bounds).max()) <= limit:
            return  # no run between forced starts is long enough to cut (most long docs)
        last, stop, clause = 0, -1, -1
        for i in range(1, len(words)):
            if forced[i]:
                last, stop, clause = i, -1, -1
                continue
            if space[i]:
                continue
            if words[i - 1] in STOPS:
                stop = i
            elif words[i - 1] in CLAUSE_ENDS:
                clause = i
            if i - last >= limit:
                at = stop if stop > last else clause if clause > last + limit // 2 else i
                starts[at] = 1
                last, stop, clause = at, -1, -1
