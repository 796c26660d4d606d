"""Cut page furniture, the date line and repeated paragraphs out of an article.

Cleaning never rewrites the text: it chooses which raw ranges the pipeline
reads and keeps an :class:`OffsetMap` back to the text as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicons import BoilerplateRule, load_boilerplate, load_ingest_settings
from .article import OffsetMap, Repeat

DATE_LINE = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\r?\n)?")
SEPARATOR = "\n\n"


def split_date_line(text: str) -> tuple[str | None, int]:
    """A leading ``date YYYY-MM-DD`` gives the publication date; body starts after it."""
    match = DATE_LINE.match(text)
    if not match:
        return None, 0
    return match.group(1), match.end()


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:]`` as stripped ``(start, end)`` raw ranges."""
    out = []
    for match in re.finditer(r"[^\n]+", text[start:]):
        s, e = match.start() + start, match.end() + start
        line = text[s:e]
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


def boilerplate_rule(line: str, rules: Sequence[BoilerplateRule]) -> str | None:
    """Id of the first rule that marks ``line`` as page furniture, else None. Each rule is
    tried on its own: a rule anchored at the line's start (``^...``) is then tried at one
    place only, where one pattern joining them all would be tried at every character."""
    normalised = " ".join(line.split()).lower()  # whitespace runs as one space, stripped
    for rule in rules:
        if rule.pattern.search(normalised):
            return rule.id
    return None


def clean(
    text: str,
    start: int = 0,
    rules: Sequence[BoilerplateRule] | None = None,
    repeat_min_chars: int | None = None,
    furniture: Sequence[tuple[int, int, str]] = (),
) -> tuple[str, OffsetMap, tuple[Repeat, ...], tuple[tuple[int, int, str], ...]]:
    """Return ``(body, offsets, repeats, removed)`` for ``text[start:]``.

    ``furniture`` lists ``(raw_start, raw_end, reason)`` ranges the page's markup marks as
    furniture (a byline, a picture caption or credit): a line inside one is cut out as a
    boilerplate line is, whatever its words.
    ``removed`` lists ``(raw_start, raw_end, reason)`` for each line cut out.
    Kept lines that were adjacent in the raw text stay one piece, with their
    original whitespace, so hard-wrapped paragraphs still read as one.
    """
    rules = load_boilerplate() if rules is None else rules
    if repeat_min_chars is None:
        repeat_min_chars = load_ingest_settings()["repeat_min_chars"]
    pieces: list[list[int]] = []  # merged runs of kept lines, contiguous in the raw text
    joined = False  # may the next kept line extend the last piece?
    removed: list[tuple[int, int, str]] = []
    repeats: list[Repeat] = []
    first_seen: dict[str, int] = {}
    for s, e in _lines(text, start):
        line = text[s:e]
        marked = next((reason for fs, fe, reason in furniture if fs <= s and e <= fe), None)
        if marked:
            removed.append((s, e, f"markup:{marked}"))
            joined = False
            continue
        rule = boilerplate_rule(line, rules)
        if rule:
            removed.append((s, e, f"boilerplate:{rule}"))
            joined = False
            continue
        if len(line) >= repeat_min_chars:
            if line in first_seen:
                repeats.append(Repeat(first_seen[line], s, e - s))
                removed.append((s, e, "repeat"))
                joined = False
                continue
            first_seen[line] = s
        if joined:
            pieces[-1][1] = e
        else:
            pieces.append([s, e])
        joined = True

    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    cursor = 0
    for i, (s, e) in enumerate(pieces):
        if i:
            parts.append(SEPARATOR)
            cursor += len(SEPARATOR)
        parts.append(text[s:e])
        segments.append((cursor, s, e - s))
        cursor += e - s
    return "".join(parts), OffsetMap(tuple(segments)), tuple(repeats), tuple(removed)
