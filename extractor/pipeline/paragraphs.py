"""Paragraph breaks are sentence breaks.

Reads: tokens. Writes: ``Token.is_sent_start`` (True after a line break that
ends a paragraph), before the parser or after the sentencizer. Wire copy puts
one paragraph, caption or list item per line; without this the parser runs a
list line ("10 claims against male officers in ...") into the next one.
A line that ends mid-sentence (a hard wrap: no final punctuation, next line
lower-case) is not a break.
"""

from __future__ import annotations

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
        for token in doc[1:]:
            # inside a line, a sentence starts only after final punctuation; this keeps
            # list lines and captions ("9 claims relating to 16 officers") whole
            previous = doc[token.i - 1]
            if not previous.is_space and "\n" not in previous.whitespace_ and previous.text not in FINAL:
                token.is_sent_start = False
        for token in doc[:-1]:
            if "\n" not in token.text and "\n" not in token.whitespace_:
                continue
            following = doc[token.i + 1]
            if following.is_space:
                continue
            hard_wrap = (
                "\n\n" not in token.text + token.whitespace_
                and following.is_lower
                and not (token.is_punct or (token.i > 0 and doc[token.i - 1].is_punct))
            )
            if not hard_wrap:
                following.is_sent_start = True
        return doc
