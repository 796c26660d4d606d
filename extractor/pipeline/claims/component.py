"""The claims component: every figure an article states, with its qualifiers.

Reads: tokens (POS, dependencies and lemmas where the model has them),
sentences, ``doc.spans`` forces/regions/bodies/officials (and quotes when
present), ``doc._.article["published"]``. Writes: ``doc.spans["claims"]``
(label CLAIM, ``id_`` = the rules that fired) and, per claim, a plain dict
in ``doc.user_data["extractor.claims"]`` keyed by ``"start:end"`` (body
character offsets): value, approx, measure, noun, scope, period, qualifiers,
qualifier_text, how each was found, speaker.

It runs in three steps:
- read (``context.read_article``): one ``ArticleContext`` per doc: sentences,
  names, candidate numbers, the periods the article states, its force;
- decide (``decide``): for each number, an ordered chain of resolvers over the
  context (``resolve/``): measure, qualifiers, scope, period; each records how
  it decided (``STATED``, ``INHERITED``, ``CARRIED``, ``DEFAULTED``);
- write (``ClaimExtractor.__call__``): the claims as spans and plain data.
Nothing per article lives on the component.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import CLAIMS
from .clauses import clause_chars, left_clause, window
from .context import ArticleContext, Rules, read_article
from .draft import BASES, CARRIED, DEFAULTED, INHERITED, STATED, Draft
from .frames import FrameTracker
from .resolve.measure import one_is_counted, resolve_measure
from .resolve.period import change_period, column_periods, force_counts_take_data_period, resolve_period
from .resolve.qualifiers import group_restricts_count, resolve_qualifiers
from .resolve.scope import one_person, resolve_scope

__all__ = [
    "BASES", "CARRIED", "DATA_KEY", "DEFAULTED", "INHERITED", "STATED", "ClaimExtractor", "decide",
    "make_claims",
]  # fmt: skip

DATA_KEY = "extractor.claims"
SCOPE_BASIS = {
    "scope:total": INHERITED, "scope:heading": INHERITED, "scope:frame": INHERITED,
    "scope:compared": INHERITED, "scope:same-figure": INHERITED, "scope:previous-figure": CARRIED,
    "scope:article-force": DEFAULTED, "scope:article-region": DEFAULTED,
}  # fmt: skip
PERIOD_BASIS = {
    "period:total": INHERITED, "period:frame": INHERITED, "period:same-figure": INHERITED,
    "period:carried": CARRIED, "period:previous-sentence": CARRIED,
    "period:same-period": CARRIED, "period:figure-before": CARRIED, "period:compared": CARRIED,
}  # fmt: skip


@Language.factory(
    "extractor_claims",
    assigns=["doc.spans", "doc.user_data"],
    requires=["doc.spans"],
)
def make_claims(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor(name)


class ClaimExtractor:
    """Holds only what is the same for every article (``Rules``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules = Rules()

    def __call__(self, doc: Doc) -> Doc:
        ctx = read_article(doc, self.rules)
        drafts = decide(ctx)
        data: dict[str, dict[str, Any]] = {}
        spans = []
        for d in drafts:
            end = d.cand.unit_end or d.cand.end  # "0.5 per cent", "one in five"
            span = Span(doc, d.cand.start, end, "CLAIM", span_id=d.measure_rule)
            spans.append(span)
            item = data[f"{span.start_char}:{span.end_char}"] = d.data()
            for key, tokens in (("cue", d.cue), ("qualifier_span", d.qualifier_span)):
                item[key] = None if tokens is None else ctx.chars(*tokens)
        doc.spans[CLAIMS] = spans
        doc.user_data[DATA_KEY] = data
        return doc


def decide(ctx: ArticleContext) -> list[Draft]:
    """The claims of the article, each decided by the resolver chain in text order (a
    resolver reads the claims decided before the one it decides)."""
    candidates, words = ctx.candidates, ctx.words
    drafts: list[Draft] = []
    frames = FrameTracker(ctx)  # per article: the totals open at each figure
    for k, cand in enumerate(candidates):
        sent = ctx.sentence_of(cand.start)
        following = candidates[k + 1] if k + 1 < len(candidates) else None
        if following is not None and words[cand.end : following.start] in (["of", "the"], ["of"]):
            # "twenty-seven of the 61 allegations were made by colleagues": read on
            following = candidates[k + 2] if k + 2 < len(candidates) else None
        next_start = (
            ctx.tokens.n
            if following is None
            else min(following.start, following.cue_start or following.start)
        )
        draft = Draft(cand, sent)
        resolve_measure(ctx, draft, drafts)
        frames.refer(draft)
        after = window(ctx, draft, next_start)
        before = left_clause(ctx, draft, drafts)
        resolve_qualifiers(ctx, draft, after, before, drafts)
        if not one_is_counted(ctx, draft, drafts):
            continue  # "one" is a pronoun or determiner unless it counts (measure.one_is_counted)
        resolve_scope(ctx, draft, drafts, after, before)
        resolve_period(ctx, draft, clause_chars(ctx, draft, after, before), drafts)
        if added := group_restricts_count(ctx, draft, drafts):
            frames.restrict_total(drafts[-1], added)  # its breakdown, read next, takes them too
        if one_person(ctx, draft, drafts):  # a court report's counts: no force, no period
            draft.scope, draft.scope_rule, draft.cue = None, "scope:one-person", None
            draft.period, draft.period_rule = None, "period:one-person"
        else:
            frames.inherit(draft)
        frames.compared(draft, drafts)
        frames.restate_headline(draft, drafts)
        change_period(ctx, draft)
        frames.update(draft)
        # how each was found, by the rule that decided it ("period:carried:change" is carried)
        draft.scope_basis = SCOPE_BASIS.get(draft.scope_rule, STATED)
        draft.period_basis = PERIOD_BASIS.get(":".join(draft.period_rule.split(":")[:2]), STATED)
        drafts.append(draft)
    force_counts_take_data_period(ctx, drafts)
    column_periods(ctx, drafts)
    return drafts
