"""Paragraph breaks are sentence breaks.

Reads: tokens. Writes: sentence starts (before the parser, or after the
sentencizer). Wire copy puts one paragraph, caption or list item per line;
without this the parser runs a list line ("10 claims against male officers
in ...") into the next one, or splits one ("9 | claims relating to ...").

- after a line break, a sentence starts (unless the line was hard-wrapped:
  no final punctuation and the next line starts lower-case);
- inside a line, a sentence may start only after final punctuation; the
  parser decides among those places.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

FINAL = {".", "!", "?", ":", '"', "”", "'", "’", "…", ")", '."', ".”"}


@Language.factory("extractor_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(name)


class ParagraphBreaks:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        # Work on arrays and the text: building Token objects for every token is the
        # slow part of a pass like this.
        cols = doc.to_array([IDX, LENGTH, IS_SPACE])
        text = doc.text
        starts = numpy.zeros(n, dtype="int32")
        starts[0] = 1
        for i in range(1, n):
            p_idx, p_len, p_space = (int(x) for x in cols[i - 1])
            idx, length, space = (int(x) for x in cols[i])
            if space:
                starts[i] = -1
                continue
            gap = text[p_idx + p_len : idx]
            previous = text[p_idx : p_idx + p_len]
            line_break = "\n" in gap or (p_space and "\n" in previous)
            if not line_break:
                starts[i] = 0 if previous in FINAL else -1
                continue
            two = "\n\n" in previous + gap
            word = text[idx : idx + length]
            hard_wrap = not two and word.islower() and previous not in FINAL and not p_space
            starts[i] = -1 if hard_wrap else 1
        # 0 leaves the decision to the parser (or keeps the sentencizer's); -1 forbids a
        # start, 1 forces one
        if doc.has_annotation("SENT_START"):
            before = doc.to_array([SENT_START]).astype("int64").reshape(-1)
            starts = numpy.where(starts == 0, before, starts)
        doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
        return doc
