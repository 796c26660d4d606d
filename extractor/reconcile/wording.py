"""What the words around a number distinguish, for refining a figure's key.

One function, :func:`read_wording`, serves predicted claims (the sentence and the
number's offsets in it) and gold claims (the article text and the gold span) alike,
so that reconciliation measured on gold claims (``evaluate --oracle-claims``) reads
the same evidence as on predicted ones. It reads the number's clause: the words
after it up to the next number or the end of the sentence, and the few words before
it back to the previous number. From them:

- ``noun``: the class of the counted noun as written, the head of the first run of
  counted nouns after the number ("2,650 complaint cases" -> ``case``; "4,930
  allegations" -> ``allegation``); an elliptical number takes the noun of the
  nearest earlier number in its sentence that has one ("5,318 allegations, up
  from 4,870"); a share with neither, the noun before it ("complaint cases rose
  by 7%" -> ``case``);
- ``category``: category words ("sexual misconduct" beside "misconduct");
- ``events``: what happened to the counted things ("barred", "joined",
  "resigned or retired"): for an ``other`` outcome, the outcome words.
- ``replaced``: the sentence gives the number as a value it replaces: "not 14"
  right before it, or "from" right before it after a "to N" earlier in the
  sentence ("revised to 13 from 12", "falls to 491, from the 493 first
  published"); "rose from 361 to 400" and "up from 361" replace nothing.

The word lists are data (``models/reconcile.json``: ``counted_nouns``,
``categories``, ``event_stems``, ``number_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .intervals import settings

WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
SENTENCE_END = re.compile(r"[.!?](?=[\s\"'\u201d\u2019]|$)|\n")
MAX_BEFORE = 8  # words read before the number
MAX_AFTER = 14  # words read after it


@dataclass(frozen=True)
class Wording:
    """What a number's clause says about what it counts (see the module docstring)."""

    noun: str | None = None
    category: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    replaced: bool = False  # the article gives it as a value it replaces ("to 13 from 12", "not 14")


@dataclass(frozen=True)
class _Lexicon:
    nouns: dict[str, str]
    categories: re.Pattern[str]  # whole phrases, longest first
    events: re.Pattern[str]  # word beginnings
    number: re.Pattern[str]
    revised_to: re.Pattern[str]  # "to N": the value a sentence gives instead of an earlier one


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = settings()
    words = "|".join(sorted((re.escape(w) for w in data["number_words"]), key=len, reverse=True))
    number = re.compile(rf"\d[\d,.]*\d|\d|\b(?:{words})\b", re.IGNORECASE)
    phrases = sorted((c.lower().split() for c in data["categories"]), key=len, reverse=True)
    categories = "|".join(r"\s+".join(re.escape(w) for w in p) for p in phrases)
    stems = "|".join(sorted((re.escape(s.lower()) for s in data["event_stems"]), key=len, reverse=True))
    return _Lexicon(
        nouns={k.lower(): v for k, v in data["counted_nouns"].items()},
        categories=re.compile(rf"\b(?:{categories})\b"),
        events=re.compile(rf"\b({stems})"),
        number=number,
        revised_to=re.compile(rf"\bto\s+(?:{number.pattern})", re.IGNORECASE),
    )


def _singular(word: str, nouns: dict[str, str]) -> str | None:
    """The class of a counted noun, plural or not ("cases" -> the class of "case")."""
    for form in (word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if form and form in nouns:
            return nouns[form]
    return None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: a full stop, ?, ! before a space, or a
    line break, ends one (decimal points and thousands separators do not)."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _nouns_after(words: list[str], nouns: dict[str, str]) -> str | None:
    """The head of the first run of counted nouns among the first few words."""
    head = None
    for i, word in enumerate(words[:6]):
        cls = _singular(word, nouns)
        if cls is not None:
            head = cls
        elif head is not None or i >= 5:
            break
    return head


@lru_cache(maxsize=8192)  # syndicated copies repeat their sentences
def read_wording(text: str, start: int, end: int, measure: str | None = None) -> Wording:
    """Read the clause of the number at ``text[start:end]`` (``text``: the sentence or the
    whole article; offsets into it). ``measure`` says whether it is a share (``percent``)."""
    lex = _lexicon()
    if not text or start is None or end is None or not 0 <= start <= end <= len(text):
        return Wording()
    s_start, s_end = sentence_bounds(text, start, end)
    nxt = lex.number.search(text, end, s_end)
    after_text = text[end : nxt.start() if nxt else s_end].lower()
    prev = [m.end() for m in lex.number.finditer(text, s_start, start)]
    before_text = text[prev[-1] if prev else s_start : start].lower()
    after = WORD.findall(after_text)[:MAX_AFTER]
    before = WORD.findall(before_text)[-MAX_BEFORE:]
    noun = _nouns_after(after, lex.nouns)
    if noun is None:
        # an elliptical number counts what the nearest earlier number in its sentence
        # counts ("5,318 allegations, up from 4,870"; "562 officers ..., up 30%")
        earlier = list(lex.number.finditer(text, s_start, start))
        for k in range(len(earlier) - 1, -1, -1):
            stop = earlier[k + 1].start() if k + 1 < len(earlier) else start
            noun = _nouns_after(WORD.findall(text[earlier[k].end() : stop].lower()), lex.nouns)
            if noun:
                break
    if noun is None and measure == "percent":
        # a share's base may come before it: "complaint cases rose by 7%"
        for word in reversed(before):
            noun = _singular(word, lex.nouns)
            if noun:
                break
    replaced = bool(before) and (
        before[-1] == "not"
        or (before[-1] == "from" or before[-2:] == ["from", "the"])
        and lex.revised_to.search(text, s_start, start) is not None
    )
    window = " ".join(before + after)
    categories = {" ".join(m.group(0).split()) for m in lex.categories.finditer(window)}
    events = {m.group(1) for m in lex.events.finditer(window)}
    return Wording(noun, tuple(sorted(categories)), tuple(sorted(events)), replaced)
