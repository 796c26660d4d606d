"""The clause a number sits in: the words after it (its window) and before it (its left
clause), read from the token table and the parse. Several resolvers read these."""

from __future__ import annotations

from .context import ArticleContext
from .draft import Draft
from .lexicon import find_phrases


def window(ctx: ArticleContext, draft: Draft, next_start: int) -> list[int]:
    """The clause after the number (its tokens): up to the next figure (token
    ``next_start``), a ";", or a comma that opens another clause ("..., most of whom",
    "..., while")."""
    tokens = ctx.tokens
    words, texts = tokens.words, tokens.texts
    cand = draft.cand
    start = cand.unit_end or cand.end
    stop = min(draft.sent.end, next_start)
    dashes = ("–", "—", "-")
    if cand.start > 0 and texts[cand.start - 1] in dashes and start < stop and texts[start] in dashes:
        start += 1  # "Most of the allegations – 1,087 – were made by ...": read on
    out: list[int] = []
    for i in range(start, stop):
        text = texts[i]
        if text in (";", "–", "—") or (text == "-" and tokens.token(i).whitespace_):
            break
        if words[i] == "and" and opens_clause(ctx, i) and not _staff_follows(ctx, i):
            break  # "... in 203 cases and written warnings were issued in 58"
        if text == "," and i + 1 < stop and words[i + 1] in ctx.lex.comma_stops:
            break
        if words[i] == "and" and i + 1 < stop:
            after = " ".join(words[i + 1 : i + 3])
            if any(after.startswith(w) for w in ctx.lex.and_stops):
                break
        out.append(i)
    if cand.start >= 2 and texts[cand.start - 1] == "(":
        out = list(range(max(draft.sent.start, cand.start - 3), cand.start - 1)) + out
    return out


def _staff_follows(ctx: ArticleContext, i: int) -> bool:
    """Does a staff phrase follow the "and" at token ``i`` ("officers and staff are ...")?
    Then the "and" joins the counted group, whatever verb comes next."""
    return any(s == 0 for s, _, _ in find_phrases(ctx.words[i + 1 : i + 5], ctx.lex.staff))


def left_clause(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> list[int]:
    """The clause before the number (its tokens), back to the previous figure or clause
    break: "Management action was taken in [203] cases"."""
    words, texts = ctx.tokens.words, ctx.tokens.texts
    start = draft.sent.start
    if drafts and drafts[-1].sent.start == draft.sent.start:
        start = max(start, drafts[-1].cand.unit_end or drafts[-1].cand.end)
    stop = draft.cand.cue_start if draft.cand.cue_start is not None else draft.cand.start
    clause: list[int] = []
    for i in range(start, stop):
        breaks = texts[i] in (";", ":", "–", "—") or (words[i] == "and" and opens_clause(ctx, i))
        comma_clause = texts[i] == "," and i + 1 < stop and words[i + 1] in ctx.lex.comma_stops
        if breaks or comma_clause:
            clause = []
        else:
            clause.append(i)
    return clause


def clause_chars(ctx: ArticleContext, draft: Draft, after: list[int], before: list[int]) -> tuple[int, int]:
    """Character range, within the sentence, of the clause the number sits in (its left
    clause ``before`` and window ``after``)."""
    tokens = ctx.tokens
    start = tokens.starts[before[0] if before else draft.cand.start]
    last = after[-1] if after else (draft.cand.unit_end or draft.cand.end) - 1
    end = tokens.starts[last] + len(tokens.texts[last])
    return start - draft.sent.start_char, end - draft.sent.start_char


def opens_clause(ctx: ArticleContext, i: int) -> bool:
    """Is this "and" (token ``i``) the start of a new clause: its conjunct verb has a
    subject of its own, or a noun phrase and then a finite verb follow it ("and
    management action was taken")? Worked out once per token (memo on the context)."""
    if not ctx.parsed:
        return False
    opens = ctx.opens.get(i)
    if opens is None:
        opens = ctx.opens[i] = _new_clause(ctx, i)
    return opens


def _new_clause(ctx: ArticleContext, i: int) -> bool:
    token = ctx.doc[i]
    if token.dep_ == "cc" and token.head.pos_ in ("NOUN", "PROPN"):
        # "200 officers and staff had been ...": the nouns share one verb (a coordinated
        # subject), so "and" opens no clause of its own
        if any(c.dep_ == "conj" and c.i > token.i and c.i < token.i + 4 for c in token.head.children):
            return False
    if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX"):
        conj = next((c for c in token.head.children if c.dep_ == "conj" and c.i > token.i), None)
        if conj is not None and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            return True
    seen_noun = False
    for t in ctx.doc[token.i + 1 : token.i + 6]:
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON"):
            seen_noun = seen_noun or t.pos_ in ("NOUN", "PROPN", "PRON")
            continue
        return seen_noun and t.pos_ in ("AUX", "VERB") and t.tag_ not in ("VBG", "VBN")
    return False


def has_verb(ctx: ArticleContext, tokens: list[int]) -> bool:
    """Does any of ``tokens`` read as a verb (the parse, else a few finite forms)?"""
    if ctx.parsed:
        return any(ctx.tokens.token(i).pos_ in ("VERB", "AUX") for i in tokens)
    return any(ctx.words[i] in ("was", "were", "led", "saw", "resulted", "is", "are") for i in tokens)
