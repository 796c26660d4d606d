"""Read: everything the resolvers need to know about one article, worked out once.

``read_article`` reads a Doc (tokens, sentences, the force/region/body/official
span groups, ``doc._.article["published"]``) and returns an ``ArticleContext``:
the token table, sentence bounds, names, candidate numbers, the periods the
article states and the force it is about. The resolvers (``resolve/``) read
the context and write only to the ``Draft`` they decide; per-article memos (a
sentence's scope cues, whether an "and" opens a clause) live on the context,
never on the component, so one component serves any number of docs.

The rules read words, texts and offsets from plain per-doc lists (a
``TokenTable``) and sentences as ``Sentence`` bounds: a Token or Span object
costs more to build than most rules that read it, so a Token is built only
for the few tokens whose parse or flags a rule reads.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import NamedTuple

from spacy.tokens import Doc

from ..extensions import BODIES, FORCES, OFFICIALS, REGIONS, sentence_bounds
from .candidates import Candidate, CandidateFinder, TokenTable
from .cues import load_cue_rules
from .draft import Sentence
from .lexicon import ClaimLexicon, Needles, find_phrases, load_lexicon, needles
from .periods import PREVIOUS_YEAR_PHRASES, Period, find_periods

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
CLAUSE_OPENERS = frozenset({",", "while", "whereas", "but", "and"})  # before a clause's subject

Named = list[tuple[int, int, str]]  # (start token, end token, id) of the names in a span group


class Cue(NamedTuple):
    """Something in a sentence that says whom a figure is about."""

    start: int
    end: int
    scope: str
    rule: str


class Rules:
    """What the claims rules read that does not change between articles: the lexicon,
    the number finder and the compiled scope and headcount patterns (loaded once)."""

    def __init__(self) -> None:
        self.lex: ClaimLexicon = load_lexicon()
        self.finder = CandidateFinder(self.lex)
        self.skip_nouns = self.lex.skip_nouns | {"of", "the"}  # words before the counted noun
        self.national = [(pattern, needles(pattern)) for pattern in self.lex.national]
        self.headcount = [(pattern, needles(pattern)) for pattern in self.lex.headcount]


class StatedPeriods:
    """The periods an article states, ``(sentence start char, period)`` in text order,
    with the views of them the period resolver reads, worked out once per doc."""

    def __init__(self, stated: list[tuple[int, Period]]) -> None:
        self.by_sentence: dict[int, list[Period]] = {}  # sentence start char -> its periods
        for start, period in stated:
            self.by_sentence.setdefault(start, []).append(period)
        self.dated = [(start, p) for start, p in stated if p.years]
        # what a figure without a period of its own takes: a data period (a range, a financial
        # year, "since"), not a compared value's period ("up from 610 in 2021/22") nor a
        # sub-period of an earlier, longer one ("27 in 2019/20" after "2019/20 to 2022/23");
        # a single calendar year only where the article states nothing else
        own = [(start, p) for start, p in self.dated if not p.compared]
        spans = [(start, p) for start, p in own if p.kind in ("range", "since")]
        self.carried = (
            [(start, p) for k, (start, p) in enumerate(spans) if not any(_inside(p, q) for _, q in spans[:k])]
            or own
            or self.dated
        )

        self.relative = [p for _, p in stated if p.kind.startswith("relative")]


def _inside(inner: Period, outer: Period) -> bool:
    """Is ``inner`` a sub-period of the longer period ``outer``?"""
    assert inner.years and outer.years
    longer = outer.end - outer.start > inner.end - inner.start
    return longer and outer.start <= inner.start and inner.end <= outer.end


@dataclass
class ArticleContext:
    """One article as the claims resolvers read it (built by ``read_article``)."""

    doc: Doc
    rules: Rules
    tokens: TokenTable
    named: dict[str, Named]
    taken: set[int]  # tokens inside the names of officials, forces and bodies
    has_sents: bool
    parsed: bool
    lemmas: bool
    published: str | None
    national_here: list[tuple[re.Pattern[str], Needles]]  # national patterns the text may match
    sentences: list[Sentence] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    periods: StatedPeriods = field(default_factory=lambda: StatedPeriods([]))
    main_force: str | None = None
    # heading lines that are only a force's name (round-ups): (block start char, block end
    # char, force id, heading start token, heading end token); the block is the lines under
    # the heading up to the next blank line
    headings: list[tuple[int, int, str, int, int]] = field(default_factory=list)
    # per-doc memos: several figures share a sentence, and windows and clauses overlap
    opens: dict[int, bool] = field(default_factory=dict)  # clauses.opens_clause, by token
    cues: dict[int, list[Cue]] = field(default_factory=dict)  # scope cues, by sentence start

    @property
    def lex(self) -> ClaimLexicon:
        return self.rules.lex

    @property
    def words(self) -> list[str]:
        return self.tokens.words

    def sentence_of(self, i: int) -> Sentence:
        """The sentence token ``i`` is in (``Token.sent`` rescans the doc: look up)."""
        return self.sentences[bisect.bisect_right(self.sent_starts, i) - 1]

    def sentence_text(self, sent: Sentence) -> str:
        return self.tokens.text[sent.start_char : sent.end_char]

    def previous_sentence_start(self, sent: Sentence) -> int | None:
        if sent.start == 0 or not self.has_sents:
            return None
        return self.sentence_of(sent.start - 1).start

    def chars(self, start: int, end: int) -> list[int]:
        """Body character offsets of tokens ``start`` to ``end`` (exclusive)."""
        starts, texts = self.tokens.starts, self.tokens.texts
        return [starts[start], starts[end - 1] + len(texts[end - 1])]

    def heading_over(self, char: int) -> tuple[int, int, str, int, int] | None:
        """The heading whose block holds character ``char``, if any."""
        for heading in self.headings:
            if heading[0] <= char < heading[1]:
                return heading
        return None

    def line_bounds(self, char: int) -> tuple[int, int]:
        """Character bounds of the line holding ``char``."""
        text = self.tokens.text
        end = text.find("\n", char)
        return text.rfind("\n", 0, char) + 1, len(text) if end < 0 else end

    def places(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Force areas named as places ("officers in Cumbria") among tokens ``start`` to
        ``end``: ``(start, end, force id)``. A place is cued by a word before it ("in", "across"),
        a possessive after it ("Norfolk's total"), or by opening its sentence as the subject
        ("Gwent saw the sharpest rise")."""
        words, texts = self.words, self.tokens.texts
        out = []
        for s, e, force_id in find_phrases(words[start:end], self.lex.places):
            i, j = start + s, start + e
            cued = (
                (i > 0 and words[i - 1] in self.lex.place_cue_before)
                or (j < len(words) and words[j] in self.lex.place_cue_after)
                or self._opens_sentence(i, j)
            )
            # "across Norfolk and Suffolk": a place listed after a cued one is cued too
            listed = bool(out) and out[-1][1] == i - 1 and words[i - 1] in ("and", ",", "or")
            if texts[i][:1].isupper() and (cued or listed):
                out.append((i, j, force_id))
        return out

    def _opens_sentence(self, i: int, j: int) -> bool:
        """Does the place at tokens ``i`` to ``j`` open its sentence or clause as the subject of
        the verb right after it ("Gwent saw ...", "..., while North Wales recorded ...")? Read
        from the parse, so only where the pipeline has one."""
        if not (self.parsed and self.has_sents) or j >= len(self.words):
            return False
        doc = self.doc
        opens = doc[i].is_sent_start or self.words[i - 1] in CLAUSE_OPENERS
        return opens and doc[j - 1].dep_ == "nsubj" and doc[j].pos_ in ("VERB", "AUX")


def read_article(doc: Doc, rules: Rules) -> ArticleContext:
    """Build the context of ``doc``: names, candidate numbers, sentences, stated periods and
    the article's force. Reads the doc; writes nothing to it but the shared sentence cache."""
    named = {
        key: [(s.start, s.end, s.kb_id_) for s in doc.spans.get(key, [])]
        for key in (OFFICIALS, FORCES, BODIES, REGIONS)
    }
    people = {i for start, end, _ in named[OFFICIALS] for i in range(start, end)}
    taken = people | {
        i for key in (FORCES, BODIES) for start, end, _ in named[key] for i in range(start, end)
    }
    tokens = TokenTable(doc)  # the rules read its lists, not Tokens
    lowered = tokens.text.lower()
    ctx = ArticleContext(
        doc=doc,
        rules=rules,
        tokens=tokens,
        named=named,
        taken=taken,
        has_sents=doc.has_annotation("SENT_START"),
        parsed=doc.has_annotation("DEP"),
        lemmas=doc.has_annotation("LEMMA"),
        published=(doc._.article or {}).get("published"),
        # the national patterns that may match somewhere in the doc (a sentence is part of it)
        national_here=[
            (pattern, needed)
            for pattern, needed in rules.national
            if not needed.missing_from(tokens.text, lowered)
        ],
    )
    ctx.candidates = rules.finder.find(doc, tokens, taken, people)
    ctx.sentences = _sentences(tokens, sentence_bounds(doc))
    ctx.sent_starts = [s.start for s in ctx.sentences]
    ctx.periods = StatedPeriods(_stated_periods(ctx))
    ctx.main_force = _main_force(ctx)
    ctx.headings = _headings(ctx)
    return ctx


def _headings(ctx: ArticleContext) -> list[tuple[int, int, str, int, int]]:
    """Lines that are only a force's name (a round-up's "Dorset Police" over its lines), each
    with the block of lines under it: up to the next blank line or the next heading."""
    text, starts, texts = ctx.tokens.text, ctx.tokens.starts, ctx.tokens.texts
    found = []
    for start, end, force_id in ctx.named[FORCES]:
        first, last = starts[start], starts[end - 1] + len(texts[end - 1])
        line_start, line_end = ctx.line_bounds(first)
        if text[line_start:first].strip() or text[last:line_end].strip(" \t:.-–"):
            continue  # the name is part of a sentence
        blank = PARAGRAPH_BREAK.search(text, line_end)
        found.append([line_end, blank.start() if blank else len(text), force_id, start, end])
    for k in range(len(found) - 1):
        found[k][1] = min(found[k][1], found[k + 1][0])
    return [tuple(h) for h in found if h[1] > h[0]]  # type: ignore[misc]


def _sentences(tokens: TokenTable, bounds: list[tuple[int, int]]) -> list[Sentence]:
    starts, texts = tokens.starts, tokens.texts
    if not tokens.n:
        return [Sentence(start, end, 0, 0) for start, end in bounds]  # an empty doc
    return [Sentence(s, e, starts[s], starts[e - 1] + len(texts[e - 1])) for s, e in bounds]


def _stated_periods(ctx: ArticleContext) -> list[tuple[int, Period]]:
    """``(sentence start char, period)`` of every period the article states; a single
    year counts only in a sentence with a figure (a date of events is no data period)."""
    with_figures = {ctx.sentence_of(c.start).start for c in ctx.candidates}
    rules = load_cue_rules()
    comparisons = (rules["comparison_period"], rules["comparison_value"])
    starts = ctx.tokens.starts
    out = []
    for sent in ctx.sentences:
        words = ctx.words[sent.start : sent.end]
        for period in find_periods(ctx.sentence_text(sent), ctx.published):
            if (
                period.kind == "range"
                or period.kind == "since"
                or (period.kind == "year" and (sent.start in with_figures or period.years is None))
                or period.kind.startswith("relative")
            ):  # (a "year" with no years: "the year before" in an undated article, dated below)
                token = bisect.bisect_right(starts, sent.start_char + period.char, sent.start, sent.end) - 1
                if any(rule.reaches(words, token - sent.start) for rule in comparisons):
                    period = replace(period, compared=True)
                out.append((sent.start_char, period))
    out = [(s, p) for s, p in _previous_year_from_data(out) if p.kind != "year" or p.years is not None]
    # "last year" in an article whose text names the financial year ending in its year of
    # publication means that financial year ("about 3,000 complaints last year", 2022/23)
    pub_year = int(ctx.published[:4]) if ctx.published else None
    financial = next(
        (p for _, p in out if p.kind == "range" and p.end == pub_year and p.end - p.start == 1), None
    )
    if financial is not None:
        out = [
            (start, replace(p, start=financial.start, end=financial.end))
            if p.text.lower() == "last year"
            else (start, p)
            for start, p in out
        ]
    return out


def _previous_year_from_data(stated: list[tuple[int, Period]]) -> list[tuple[int, Period]]:
    """ "up from 230 the year before", "79% a year earlier" in a sentence that states no year of
    its own: the year before the data period stated last before it (a financial or calendar
    year, not a compared value's), not the year before publication. The phrase was dated from
    the publication year (start == end) where its sentence held no financial year before it."""
    out, data = [], None  # data: the years of the last data period stated
    for start, p in stated:
        if p.text.lower() in PREVIOUS_YEAR_PHRASES and p.kind == "year":
            if p.start == p.end and data is not None:
                p = replace(p, start=data[0] - 1, end=data[1] - 1)
        elif p.years and not p.compared and p.kind in ("range", "year") and p.end - p.start <= 1:
            data = p.years
        out.append((start, p))
    return out


def _main_force(ctx: ArticleContext) -> str | None:
    """What the article is about: the first force (or force place) in its first three
    paragraphs; else ``national`` where those paragraphs speak of the whole country."""
    text, starts = ctx.tokens.text, ctx.tokens.starts
    third_break = next(islice(PARAGRAPH_BREAK.finditer(text), 2, None), None)
    limit = third_break.start() if third_break else len(text)
    first = [(start, force_id) for start, _, force_id in ctx.named[FORCES] if starts[start] < limit]
    end = bisect.bisect_left(starts, limit)  # the first token at or after the limit
    first += [(i, force_id) for i, _, force_id in ctx.places(0, end)]
    if first:
        return min(first)[1]
    lines = [(line, line.lower()) for line in text[:limit].split("\n")]
    if any(
        not needed.missing_from(line, lowered) and pattern.search(line)
        for pattern, needed in ctx.national_here
        for line, lowered in lines
    ):
        return "national"
    return None
