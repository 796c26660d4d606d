"""Plain data of the quote finder: limits and patterns it reads, and the records it passes between rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RULE_KEYS = [
    "double_marks",
    "single_marks",
    "cues",
    "speaker_after_cues",
    "skip_before_cue",
    "spokesperson_words",
    "document_words",
    "person_pronouns",
    "body_pronouns",
    "relative_person",
    "relative_body",
    "generic_force_words",
    "appositive_openers",
    "adverbial_starts",
    "affiliation_starts",
    "determiners",
    "courtesy_titles",
    "name_stopwords",
    "attribution_connectors",
    "coordinators",
    "furniture_starts",
    "dashes",
    "term_before",
    "term_labels",
    "title_nouns",
    "max_subject_tokens",
    "max_trailing_tokens",
    "max_tail_tokens",
    "min_block_words",
    "block_max_paragraphs",
    "caption_max_words",
]
TERMINAL = ".!?…"
SENTENCE_ENDS = (".", "!", "?", "…")  # tokens that end a reporter's sentence
# a character that can be a sentence-ending token (see find_sentences)
SENTENCE_END_CHAR = re.compile("[" + re.escape("".join(SENTENCE_ENDS)) + "]")
LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without the whitespace around it (never blank)
LINE_BREAKS_AFTER = re.compile(r"[A-Za-z0-9,;\-–]")  # a line ending so continues below ...
LINE_CONTINUES = re.compile(r"[a-z0-9]")  # ... if the next line starts so
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’]?\s+")  # where a tail after a sentence may start
ENTITY_LABELS = {"OFFICIAL": "person", "FORCE": "force", "ORG": "body"}


# --- plain data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """Who said it: ``name`` is what the quote records (full name, force id or body
    name); ``kind`` person | force | body; ``ident`` the entity id or the person's org."""

    name: str
    kind: str
    ident: str | None = None


@dataclass
class Paragraph:
    start: int
    end: int
    after_line_break: bool  # separated from the previous one by a single newline
    first_token: int = 0
    end_token: int = 0


@dataclass
class RawQuote:
    """A quote found in the text; offsets are body characters of the words inside the marks."""

    start: int
    end: int
    para: int
    open_at: int | None  # the opening mark, None for block quotes and orphan closers
    close_at: int | None  # the closing mark, None when never closed
    block: bool = False
    orphan: bool = False  # closed but never opened in its paragraph
    speaker: Speaker | None = None
    cue: str = ""
    rule: str = ""
    standalone: bool = True  # direct speech, not a fragment inside the reporter's sentence
    own: bool = False  # attributed by a rule of its own (not a chain rule)
    explicit: bool = False  # has an attribution of its own that names no one
    tokens: tuple[int, int] = (0, 0)  # inner tokens [start, end)


@dataclass
class Cue:
    start: int  # tokens
    end: int
    text: str
    speaker: Speaker | None = None
    after: bool = False  # the speaker follows the cue ("according to X")


@dataclass
class Candidate:
    start: int
    end: int
    # person | force | body | role | spokes | document | pron-person | pron-body
    # | generic-force | generic-body
    kind: str
    value: str = ""
    extra: dict = field(default_factory=dict)


_OF_FOR = re.compile(r"\s+(?:of|for)\s+")


def _head(name: str) -> str:
    """A body's head noun: "Police Federation of England and Wales" -> "federation"."""
    words = _OF_FOR.split(name, maxsplit=1)[0].split()
    return words[-1].lower() if words else ""
