"""Measure resolver: what a number counts.

Reads the number's tokens, the parse (the noun the number modifies) or a token
scan, "N of the X", "X (N)", and for a bare number its antecedent ("Of these,
27 ...": the "of the X" before it, else the figure before). Writes
``draft.measure``, ``noun``, ``measure_rule``, ``elliptical``, ``breakdown_of``
and a sex read from the counted noun ("women" -> officer, female).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..context import ArticleContext
from ..draft import Draft, Sentence

DETERMINERS = {"the", "these", "those", "its", "their", "all", "them", "which", "whom", "this"}
BREAKDOWN_WORDS = {"these", "them", "which", "whom", "those"}


def resolve_measure(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> None:
    """Decide what ``draft`` counts; ``drafts`` are the claims before it."""
    cand = draft.cand
    if cand.kind == "percent":
        draft.measure, draft.measure_rule = "percent", f"share:{cand.share_rule}"
        return
    tokens = ctx.tokens
    words, texts = tokens.words, tokens.texts
    end = cand.end
    sent_end = draft.sent.end
    # "X (N)": the noun before the bracket, or a breakdown label ("male (577)")
    if cand.start >= 2 and texts[cand.start - 1] == "(" and end < tokens.n and texts[end] == ")":
        before = cand.start - 2
        fraction = any(d.cand.start <= before < d.cand.end for d in drafts[-1:])
        if _is_noun(ctx, tokens.token(before)) and not _qualifier_word(ctx, words[before]) and not fraction:
            _fold(ctx, draft, before, "count:noun-before-bracket")
            return
        _antecedent(ctx, draft, drafts, "count:bracket-breakdown")
        return
    # "N of the X", "N of these X"
    if end + 1 < sent_end and words[end] == "of" and words[end + 1] in DETERMINERS:
        noun = _noun_after(ctx, end + 2, sent_end)
        if noun is not None:
            _fold(ctx, draft, noun, "count:n-of-the")
            if words[end + 1] in BREAKDOWN_WORDS:  # "139 of these claims"
                draft.breakdown_of = total_for(drafts, draft)
            return
    # the parse: the noun the number modifies
    if ctx.parsed:
        number = tokens.token(end - 1)
        head = number.head
        between = tokens.doc[end : head.i] if head.i > number.i else []
        # a mis-attached nummod across a verb ("118 concerned female officers") is no head
        attached = not any(t.pos_ in ("VERB", "AUX", "CCONJ") or t.is_punct for t in between)
        if attached and number.dep_ == "nummod" and 0 < head.i - number.i <= 7:
            if _is_noun(ctx, head) and words[head.i] not in ctx.lex.skip_nouns:
                _fold(ctx, draft, head.i, "count:nummod")
                return
    noun = _noun_after(ctx, end, sent_end)
    if noun is not None:
        _fold(ctx, draft, noun, "count:noun-after")
        return
    _antecedent(ctx, draft, drafts, "count:antecedent")


def _lemma(ctx: ArticleContext, i: int) -> str:
    if ctx.lemmas:
        lemma = ctx.tokens.token(i).lemma_
        if lemma:
            return lemma.lower()
    return ctx.lex.singular(ctx.tokens.texts[i])


def _is_noun(ctx: ArticleContext, token: Token) -> bool:
    if ctx.parsed or token.pos_:
        return token.pos_ in ("NOUN", "PROPN") and token.is_alpha
    lower = ctx.words[token.i]
    return (  # the cheap tests first
        lower in ctx.lex.sex_nouns
        or (token.is_alpha and lower.endswith("s") and not token.is_stop)
        or ctx.lex.singular(ctx.tokens.texts[token.i]) in ctx.lex.measures
    )


def _noun_after(ctx: ArticleContext, i: int, sent_end: int) -> int | None:
    """The head noun of the phrase starting at token ``i``: "serving Kent Police officers"
    -> officers; "the total number of cases" -> cases; None where a verb or preposition
    comes first ("seven against male officers" counts no officers)."""
    tokens = ctx.tokens
    words, taken, sex_nouns = tokens.words, ctx.taken, ctx.lex.sex_nouns
    noun = None
    j = i
    while j < tokens.n and words[j] in ctx.rules.skip_nouns and j < sent_end:
        j += 1  # "total number of": what is counted comes after
    for k in range(j, min(sent_end, j + 7)):
        if k in taken and noun is None:
            continue  # a force's name modifies the noun: "Kent Police officers"
        token = tokens.token(k)
        if _is_noun(ctx, token) or words[k] in sex_nouns:
            noun = k
            if k + 1 < sent_end and k + 1 not in taken:
                following = tokens.token(k + 1)
                if _is_noun(ctx, following) and following.pos_ != "PROPN":
                    continue  # "sexual misconduct claims": keep going to the head
            if k + 1 < sent_end and words[k + 1] == "of" and words[k] == "members":
                continue  # "members of staff": the counted thing follows
            return noun
        if noun is not None:
            return noun
        if token.tag_ in ("VBG", "VBN") and k + 1 < sent_end and _is_noun(ctx, tokens.token(k + 1)):
            continue  # "serving officers", "suspended officers"
        if token.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "DET", "NUM"):
            return None
        if token.is_punct or words[k] in ("were", "was", "are", "is", "have", "had", "of", "against"):
            return None
    return noun


def _fold(ctx: ArticleContext, draft: Draft, noun: int, rule: str) -> None:
    """Take token ``noun`` as the thing the figure counts."""
    tokens, lex = ctx.tokens, ctx.lex
    lemma = _lemma(ctx, noun)
    word = tokens.words[noun]
    draft.noun = tokens.texts[noun]
    draft.measure_rule = rule
    if word in lex.sex_nouns or lemma in lex.sex_nouns:
        draft.measure = "officer"
        draft.qualifiers["officer_sex"] = lex.sex_nouns.get(word) or lex.sex_nouns[lemma]
        return
    if lemma == "member" and noun + 2 < tokens.n and tokens.words[noun + 1] == "of":
        if tokens.words[noun + 2] in lex.staff_words:
            draft.measure = "staff"
            draft.noun = tokens.span_text(noun, noun + 3)
            return
    draft.measure = lex.measures.get(lemma, lemma)


def _qualifier_word(ctx: ArticleContext, word: str) -> bool:
    key = (word,)
    lex = ctx.lex
    return key in lex.sex or key in lex.complainant or key in lex.outcome


def total_for(drafts: list[Draft], draft: Draft) -> Draft | None:
    """The total a breakdown refers back to: the latest figure of the same measure
    that is at least as large ("Of these, 27" -> the 29 before)."""
    for d in reversed(drafts[-12:]):
        if d.measure == draft.measure and d.cand.value >= draft.cand.value:
            return d
    return None


def _of_the_noun(ctx: ArticleContext, start: int, stop: int) -> tuple[int | None, bool]:
    """The nearest "of the X" before token ``stop``: ``(noun, refers_back)``; refers_back
    is True for "of these", "of which", "of whom" (then the noun may be missing)."""
    tokens = ctx.tokens
    words = tokens.words
    for i in range(stop - 2, start - 1, -1):
        if words[i] != "of" or words[i + 1] not in DETERMINERS:
            continue
        # a partitive opens its clause ("Of the 64 allegations, five ..."); "as a result
        # of the allegations" is no antecedent
        if i == start or tokens.token(i - 1).is_punct or words[i - 1] in ("and", "but", "however"):
            noun = _noun_after(ctx, i + 2, stop)
            if noun is not None and words[noun] in ctx.lex.not_antecedent:
                continue  # "members of the public", "of the force": no counted thing
            back = words[i + 1] in BREAKDOWN_WORDS
            if noun is not None or back:
                return noun, back
    return None, False


def _antecedent(ctx: ArticleContext, draft: Draft, drafts: list[Draft], rule: str) -> None:
    """A bare number counts what the text last spoke of: "Of the cases ..., at least
    34"; "Of these, 27 ..."; else the figure before it."""
    draft.elliptical = True
    sent: Sentence = draft.sent
    noun, back = _of_the_noun(ctx, sent.start, draft.cand.start)
    if noun is None and not back:
        previous_start = ctx.previous_sentence_start(sent)
        if previous_start is not None:
            noun, _ = _of_the_noun(ctx, previous_start, sent.start)
    if noun is not None:
        _fold(ctx, draft, noun, f"{rule}:of-the")
        draft.qualifiers.pop("officer_sex", None)
    elif drafts:
        # a count never takes a share's measure: "a quarter (425)" counts allegations
        counts = [d for d in drafts if d.measure != "percent"] or drafts
        draft.measure, draft.noun = counts[-1].measure, None
        draft.measure_rule = f"{rule}:previous-figure"
    if back or rule.endswith("breakdown"):
        draft.breakdown_of = total_for(drafts, draft)
    if draft.measure is None:
        draft.measure_rule = f"{rule}:unknown"
