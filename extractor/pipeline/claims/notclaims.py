"""Numbers that state no figure, by where they stand: page furniture lines, a text cut
off after the number, durations, rank bands, the rest of a phone number and the pronoun
"one". Read by the number finder (``candidates.py``) with ``models/counting.json`` and
the claims lexicon; each function reads tokens or text and writes nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .counting import Counting
from .lexicon import ClaimLexicon

if TYPE_CHECKING:
    from .candidates import Candidate, TokenTable

LINES = re.compile(r"[^\n]+")


def cut_off(tokens: TokenTable, cand: Candidate, lex: ClaimLexicon) -> bool:
    """Is what the number counts cut off by the end of a truncated text ("... and five of
    t", "40 offic")? The text ends mid-sentence within three tokens of the number, in a
    word that is neither a function word nor a counted noun. A number that ends the text
    ("of which 9") and "three of them are" are kept."""
    n, end = tokens.n, cand.unit_end or cand.end
    if end >= n or n - end > 3 or tokens.texts[-1][-1:] in ".!?\"”’')]:":
        return False
    last = tokens.token(n - 1)
    word = tokens.words[n - 1]
    known = word in lex.sex_nouns or lex.singular(word) in lex.measures
    # a fragment is short and no plural: "Kent Police fines 12 drivers" (an unpunctuated
    # last line) keeps its number
    fragment = len(word) <= 6 and not word.endswith("s")
    return last.is_alpha and not last.is_stop and not known and fragment


def furniture(text: str, counting: Counting) -> list[tuple[int, int]]:
    """Character ranges of page furniture lines: "Read more: ..." headlines, comment
    counters, cookie banners (``models/counting.json``), and runs of three or more
    numbered lines "1. ..." "2. ..." not introduced by a colon (a most-read list)."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    previous = ""  # the line before the run
    for m in [*LINES.finditer(text), None]:
        line = m.group().strip() if m else ""
        if m and any(p.search(line) for p in counting.furniture):
            out.append(m.span())
        if m and counting.numbered_item.match(line):
            if not run and m.start() > 0 and text[m.start() - 1] == "\n":
                previous = text[: m.start() - 1].rstrip("\n").rsplit("\n", 1)[-1].strip()
            run.append(m.span())
            continue
        if len(run) >= 3 and not previous.endswith(":"):
            out.extend(run)
        run = []
    return out


def pronoun_one(tokens: TokenTable, cand: Candidate, counting: Counting) -> bool:
    """ "before one could take place", "one another": "one" as a pronoun, not a count."""
    e = cand.end
    return (
        tokens.words[cand.start] == "one"
        and cand.end - cand.start == 1
        and e < tokens.n
        and tokens.words[e] in counting.one_pronoun_after
    )


def phone_rest(texts: list[str], s: int) -> bool:
    """Do digit groups before token ``s`` go back to one starting with 0 ("0800 555 111")?"""
    i = s - 1
    while i >= 0 and i >= s - 4 and texts[i].isdigit():
        if texts[i][:1] == "0":
            return True
        i -= 1
    return False


def duration(tokens: TokenTable, e: int, counting: Counting, lex: ClaimLexicon) -> bool:
    """A time unit after a modifier or two: "the four financial years", "within 20 working
    days" (a plain "five years" is in ``not_claim_after``)."""
    lower, n = tokens.words, tokens.n
    j = e
    while j < min(n, e + 2) and lower[j] in counting.duration_modifiers:
        j += 1
    return j > e and j < n and lower[j] in lex.not_after


def rank_band(tokens: TokenTable, s: int, e: int, counting: Counting) -> bool:
    """A rank band, not a figure: "in the top five forces", "among the ten forces with
    the highest totals" (a band of places in a ranking counts nothing in the data)."""
    lower, n = tokens.words, tokens.n
    if s >= 1 and lower[s - 1] in counting.rank_before:
        if (s >= 2 and lower[s - 2] in ("the", "a")) or tokens.texts[s - 1][:1].isupper():
            return True  # "the top five forces", a title's "Top 40"
    if s == 0 or lower[s - 1] != "the":
        return False
    for j in range(e, min(n - 2, e + 4)):
        if lower[j] in ("with", "had", "having", "recording") and lower[j + 1] == "the":
            return lower[j + 2] in counting.superlatives
    return False


def inside(ranges: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in ranges)


def age_range(tokens: TokenTable, s: int, counting: Counting) -> bool:
    """Is the number at token ``s`` an end of an age range: "aged 18 to 24", "ages 18-24",
    "aged between 25 and 34" (the cue before the first end makes both ages)?"""
    lower, texts = tokens.words, tokens.texts
    i = s - 1
    for _ in range(4):
        if i < 0:
            return False
        if lower[i] in counting.age_cues:
            return True
        if not (texts[i].isdigit() or lower[i] in ("to", "-", "–", "and", "between")):
            return False
        i -= 1
    return False


def station(tokens: TokenTable, s: int, e: int, counting: Counting) -> bool:
    """A radio station or channel, not a figure: "Hits 96", "Radio 2", "105.4 FM" (a
    station word before the number, as capitalised, or a frequency unit after it)."""
    if s > 0 and tokens.texts[s - 1] in counting.station_words:
        return True
    return e < tokens.n and tokens.words[e] in counting.frequency_units and "." in tokens.texts[s]

