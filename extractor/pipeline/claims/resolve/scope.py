"""Scope resolver: whom a figure is about.

Reads the scope cues of the number's sentence (forces and regions named, force
places, "the force" for the force its paragraph named or the article's force,
national patterns), the number's clause, the total it breaks down, the figure
before it and the article's force.
Writes ``draft.scope``, ``scope_rule`` and ``cue``.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from operator import attrgetter

from ....lexicons import load_forces, regions
from ....numbers import parse_number
from ...extensions import BODIES, FORCES, OFFICIALS, REGIONS
from ..context import ArticleContext, Cue
from ..cues import load_cue_rules
from ..draft import Draft, Sentence
from ..lexicon import find_phrases

OBJECTS = {"dobj", "attr", "oprd", "prep", "dative"}  # how the counted thing hangs on the verb
PERSONAL = {"he", "she"}  # a pronoun that continues a one-person figure
LIST_JOINERS = {"and", ",", "&", "the", "police", "constabulary", "or"}  # between forces listed together


def _national_body_data(ctx: ArticleContext, draft: Draft) -> bool:
    """A figure with no place in its sentence, where that sentence or the one before it in its
    paragraph names a national body and no force ("The Home Office publishes its own statistics.
    Its latest figures show 1,310 hearings"): the body's figures, for the whole country."""
    starts, national = ctx.tokens.starts, ctx.lex.national_bodies
    line_start, _ = ctx.line_bounds(starts[draft.cand.start])
    first, sents = draft.sent.start, [draft.sent]
    if draft.sent.start > 0:
        before = ctx.sentence_of(draft.sent.start - 1)
        if starts[before.start] >= line_start:
            first, sents = before.start, [before, draft.sent]
    # a body named after the figure is the source of a force's data as often as not ("That was
    # up from 2,731 cases, the IOPC said"): only one named before it counts
    end = draft.cand.start
    if any(c.rule != "national" and c.start < end for sent in sents for c in scope_cues(ctx, sent)):
        return False  # a force, place or region named there ("Welsh forces logged ...")
    return any(first <= s < end and name in national for s, _, name in ctx.named[BODIES])


def _without_class(ctx: ArticleContext, sent: Sentence, cues: list[Cue]) -> list[Cue]:
    """Drop national cues that name a class a force named in the sentence belongs to ("one of
    only a handful of forces in England and Wales"): the figure is that force's."""
    if not any(c.rule == "force" for c in cues):
        return cues
    words = ctx.words[sent.start : sent.end]
    rule = load_cue_rules()["comparison_class"]
    return [c for c in cues if c.rule != "national" or rule.reaches(words, c.start - sent.start) is None]


def resolve_scope(
    ctx: ArticleContext, draft: Draft, drafts: list[Draft], window: list[int], left: list[int]
) -> None:
    """The nearest cue in the number's own clause, else in its sentence (the subject side
    first); else the total's scope, the figure before's, the article's force."""
    cand = draft.cand
    main_force = ctx.main_force
    cues = scope_cues(ctx, draft.sent)
    if draft.measure == "force":
        regions = [c for c in cues if c.rule in ("region", "region-cue") and c.scope]
        national = any(c.rule == "national" for c in cues)
        article_regions = [kb_id for _, _, kb_id in ctx.named[REGIONS]]
        inside = [c for c in cues if c.rule == "region-cue" and c.start <= cand.start < c.end]
        if inside and not inside[0].scope:  # "the two forces" named before, forming no region
            draft.scope, draft.scope_rule = None, "scope:several-forces"
        elif regions:
            draft.scope, draft.scope_rule = regions[0].scope, "scope:region"
        elif article_regions and not national:
            # "the largest of the three forces" in a story about one region
            draft.scope, draft.scope_rule = article_regions[0], "scope:article-region"
        else:
            draft.scope, draft.scope_rule = "national", "scope:count-of-forces"
        return
    lo = left[0] if left else cand.start
    hi = window[-1] + 1 if window else (cand.unit_end or cand.end)
    starts = ctx.tokens.starts
    heading = ctx.heading_over(starts[cand.start])
    if heading is not None:
        # a line under a force's heading (a round-up): the heading, unless the line names
        # its own scope ("nine at Dorset")
        line_start, line_end = ctx.line_bounds(starts[cand.start])
        cues = [c for c in cues if line_start <= starts[c.start] < line_end]
        if not cues:
            draft.scope, draft.scope_rule = heading[2], "scope:heading"
            draft.cue = (heading[3], heading[4])
            return
    cues = _without_class(ctx, draft.sent, cues)
    previous = drafts[-1] if drafts and drafts[-1].sent == draft.sent else None
    if previous is not None and previous.cue and previous.cue[0] > previous.cand.start:
        # "nine at Merseyside and four at Cheshire": the place after a figure is its own
        cues = [c for c in cues if (c.start, c.end) != previous.cue]
    cues = _without_next_conjunct(ctx, draft, cues)
    own = [c for c in cues if lo <= c.start < hi]  # in the number's own clause
    several = _several_forces(ctx, own, cues)
    if several is not None:
        draft.scope, draft.scope_rule = several
        return
    # else the sentence, the subject side first: "Essex Police recorded the most, with 47"
    cues = own or [c for c in cues if c.start < cand.start] or cues
    if cues:

        def distance(cue: Cue) -> tuple[int, int]:
            # tokens between cue and number; a tie goes to the subject side
            if cue.start < cand.start:
                return (max(cand.start - cue.end, 0), 0)
            return (cue.start - (cand.unit_end or cand.end), 1)

        best = min(cues, key=distance)
        draft.scope, draft.scope_rule = best.scope or None, f"scope:{best.rule}"
        draft.cue = (best.start, best.end)
        return
    if draft.breakdown_of is not None and draft.breakdown_of.scope:
        draft.scope, draft.scope_rule = draft.breakdown_of.scope, "scope:total"
    elif _national_body_data(ctx, draft):
        draft.scope, draft.scope_rule = "national", "scope:national-body"
    elif drafts and drafts[-1].scope:
        draft.scope, draft.scope_rule = drafts[-1].scope, "scope:previous-figure"
    elif main_force:
        draft.scope, draft.scope_rule = main_force, "scope:article-force"
    else:
        draft.scope, draft.scope_rule = None, "scope:none"


CONJUNCTIONS = frozenset({"and", "while", "whereas", "but"})


def _without_next_conjunct(ctx: ArticleContext, draft: Draft, cues: list[Cue]) -> list[Cue]:
    """A cue after the number that opens the next conjunct, the one with the next figure,
    is that figure's: "Kent recorded 58 and Essex 23" (the gapped verb), "58 at Kent,
    while Essex logged 23". Left out when the number has a cue of its own before it."""
    cand, words = draft.cand, ctx.words
    end = cand.unit_end or cand.end
    if not any(c.end <= cand.start for c in cues):
        return cues
    candidates, sent_end = ctx.candidates, draft.sent.end  # candidates: in text order

    def figure_after(i: int) -> bool:
        k = bisect.bisect_right(candidates, i, key=attrgetter("start"))
        return k < len(candidates) and candidates[k].start < sent_end

    def next_conjuncts(cue: Cue) -> bool:
        return (
            cue.start >= end
            and any(words[i] in CONJUNCTIONS for i in range(end, cue.start))
            and figure_after(cue.start)
        )

    return [c for c in cues if not next_conjuncts(c)]


def scope_cues(ctx: ArticleContext, sent: Sentence) -> list[Cue]:
    """Every scope cue in the sentence ("the force": see :func:`_force_antecedent`).
    Worked out once per sentence (memo on the context)."""
    cues = ctx.cues.get(sent.start)
    if cues is None:
        cues = ctx.cues[sent.start] = _find_scope_cues(ctx, sent)
    return cues


def _find_scope_cues(ctx: ArticleContext, sent: Sentence) -> list[Cue]:
    cues = []
    words = ctx.words
    for s, e, _ in find_phrases(words[sent.start : sent.end], ctx.lex.force_anaphora):
        force = _force_antecedent(ctx, sent.start + s)
        if force:
            cues.append(Cue(sent.start + s, sent.start + e, force, "the-force"))
    for key, rule in ((FORCES, "force"), (REGIONS, "region")):
        for start, end, kb_id in ctx.named[key]:
            if sent.start <= start < sent.end and not _compared(ctx, words, start):
                cues.append(Cue(start, end, kb_id, rule))
    for i, end, force_id in ctx.places(sent.start, sent.end):
        if not any(c.start <= i < c.end for c in cues if c.rule == "force"):
            cues.append(Cue(i, end, force_id, "force-place"))
    for i, end, scope in _the_named_forces(ctx, sent):
        cues.append(Cue(i, end, scope, "region-cue"))
    for s, e, label in load_cue_rules()["region_cues"].find(words[sent.start : sent.end]):
        # "Welsh forces": a region with no REGION span; "Forces in England": no listed scope
        cues.append(Cue(sent.start + s, sent.start + e, "" if label == "none" else label, "region-cue"))
    region_cues = [(c.start, c.end) for c in cues if c.rule == "region-cue"]
    text = ctx.sentence_text(sent)
    lowered = text.lower()
    for pattern, needed in ctx.national_here:
        if needed.missing_from(text, lowered):
            continue  # the sentence lacks words the pattern needs
        for m in pattern.finditer(text):
            if text[m.end() : m.end() + 2] in ("'s", "’s"):
                continue  # "the UK's largest force" describes, it does not scope
            token = ctx.doc.char_span(
                sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
            )
            if token is not None and not any(a < token.end and token.start < b for a, b in region_cues):
                cues.append(Cue(token.start, token.end, "national", "national"))
    return cues


def _the_named_forces(ctx: ArticleContext, sent: Sentence) -> list[tuple[int, int, str]]:
    """ "the three forces" where the article (else the sentence before) has named exactly three
    forces before it: those forces, as the region they make up (else no listed scope, ""):
    ``(start, end, scope)``."""
    words, out = ctx.words, []
    for i in range(sent.start, sent.end - 2):
        if words[i] != "the" or words[i + 2] not in ("forces", "constabularies"):
            continue
        if i > 0 and words[i - 1] == "of":
            continue  # "the lowest of the four forces": a class compared within, not the scope
        n = parse_number(words[i + 1])
        if n is None or n < 2:
            continue
        named = frozenset(kb_id for start, _, kb_id in ctx.named[FORCES] if start < i)
        if len(named) != n and sent.start > 0:  # else those of the sentence before
            before = ctx.sentence_of(sent.start - 1)
            named = frozenset(kb_id for start, _, kb_id in ctx.named[FORCES] if before.start <= start < i)
        if len(named) == n:
            out.append((i, i + 3, _whole_region(named) or ""))
    return out


def _force_antecedent(ctx: ArticleContext, i: int) -> str | None:
    """The force "the force" at token ``i`` stands for: the one force named before it in its
    paragraph ("Dorset Police ... In 2022 the force recorded 40"), else the force whose
    heading the paragraph is under (a round-up), else the article's force. Two forces named
    before it in the paragraph leave it to the article's force; a force named only in a
    comparison ("higher than Kent Police") is no antecedent."""
    starts = ctx.tokens.starts
    if ctx.words[i] in ctx.lex.personal_force:
        # "His force dismissed 41": the force of the last official named before it
        return _official_force(ctx, i)
    line_start, _ = ctx.line_bounds(starts[i])
    before = {
        kb_id
        for start, end, kb_id in ctx.named[FORCES]
        if end <= i and starts[start] >= line_start and not _compared(ctx, ctx.words, start)
    }
    # a force area named as a place before it counts too: "In North Wales, the force said ..."
    first = bisect.bisect_left(starts, line_start)
    before |= {force_id for start, end, force_id in ctx.places(first, i) if end <= i}
    if len(before) == 1:
        return before.pop()
    heading = ctx.heading_over(starts[i])
    if heading is not None and not before:
        return heading[2]
    main_force = ctx.main_force
    if main_force and main_force != "national" and not main_force.startswith("region:"):
        return main_force
    return None


def _official_force(ctx: ArticleContext, i: int) -> str | None:
    """The force of the last official named before token ``i`` (its ``org``, when a force)."""
    people = ctx.doc._.people or {}
    forces = {f.id for f in load_forces()}
    for start, _, name in sorted(ctx.named[OFFICIALS], reverse=True):
        if start < i:
            org = (people.get(name) or {}).get("org")
            return org if org in forces else None
    return None


def _compared(ctx: ArticleContext, words: list[str], start: int) -> bool:
    """ "second only to the Met", "higher than Kent Police": a comparison, not the scope."""
    if start > 0 and words[start - 1] == "the":
        start -= 1
    return any(tuple(words[max(0, start - len(p)) : start]) == p for p in ctx.lex.comparison)


def _several_forces(ctx: ArticleContext, own: list[Cue], cues: list[Cue]) -> tuple[str | None, str] | None:
    """One figure over several forces named together ("13 officers across Merseyside and
    Cheshire"): a force cue in its clause (``own``) listed with others of the sentence
    (``cues``) by "and" or commas. The region they are named as, else no scope; None where
    the figure's clause names one force alone."""
    forces = sorted(c for c in cues if c.rule in ("force", "force-place"))
    mine = [c for c in forces if c in own]
    if not mine:
        return None
    listed = [mine[0]]
    k = forces.index(mine[0])
    for a, b in zip(forces[k:], forces[k + 1 :], strict=False):
        if not all(w in LIST_JOINERS for w in ctx.words[a.end : b.start]):
            break
        listed.append(b)
    named = {c.scope for c in listed}
    if len(named) < 2:
        return None
    regions = [c for c in own if c.rule == "region"]
    if regions:
        return regions[0].scope, "scope:region"
    whole = _whole_region(frozenset(named))
    if whole is not None:  # "Northumbria, Durham and Cleveland": every force of the North East
        return whole, "scope:whole-region"
    return None, "scope:several-forces"


@lru_cache(maxsize=1)
def _region_members() -> dict[frozenset[str], str]:
    """The forces of each region of forces.csv (as a set) -> the region's id."""
    members: dict[str, set[str]] = {}
    for force in load_forces():
        if force.region:
            members.setdefault(force.region, set()).add(force.id)
    ids = regions(load_forces())
    return {frozenset(ms): ids[region] for region, ms in members.items() if len(ms) >= 2}


def _whole_region(named: frozenset[str]) -> str | None:
    """The region whose forces are exactly ``named``, if there is one."""
    return _region_members().get(named)


def one_person(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> bool:
    """Is ``draft`` a figure about one person ("PC Dean Marlow admitted 23 offences", then
    "He also sent 300 messages")? The subject of the verb the number depends on is a
    person's name (an official's, a PERSON entity, or a capitalised name that is no force,
    place or body), or a personal pronoun after such a figure. Reads the parse."""
    if not ctx.parsed:
        return False
    token, below = ctx.doc[draft.cand.end - 1], None
    for _ in range(4):  # up to the verb: number -> noun -> verb
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token, below = token.head, token
    if token.pos_ not in ("VERB", "AUX") or below is None or below.dep_ not in OBJECTS:
        return False  # the figure must be what the person did or had, not the verb's subject
    officials = {i for start, end, _ in ctx.named[OFFICIALS] for i in range(start, end)}
    places = {w for stem in ctx.lex.places for w in stem}
    for child in token.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if child.lower_ in places and child.i not in officials:
            continue  # "Gwent saw the sharpest rise": a force's area, whatever the tagger calls it
        if child.i in officials or child.ent_type_ == "PERSON":
            return True
        named = child.pos_ in ("PROPN", "NOUN") and child.text.istitle() and not child.is_sent_start
        if named and child.i not in ctx.taken and child.lower_ not in places:
            return True
        if child.lower_ in PERSONAL and any(d.scope_rule == "scope:one-person" for d in drafts):
            return True
    return False
