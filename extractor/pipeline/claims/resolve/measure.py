"""Measure resolver: what a number counts.

Reads the number's tokens, the parse (the noun the number modifies) or a token
scan, "N of the X", "X (N)", "N were X", and for a bare number its antecedent
(``antecedent.py``: "Of these, 27 ...", the verb it is subject of, the figure
before). Writes ``draft.measure``, ``noun``, ``measure_rule``, ``elliptical``,
``breakdown_of`` and a sex read from the counted noun ("women" -> officer, female).
"""

from __future__ import annotations

from ..context import ArticleContext
from ..draft import Draft
from .antecedent import BREAKDOWN_WORDS, DETERMINERS, resolve_antecedent, total_for
from .nouns import fold, is_noun, never_counted, noun_after, nummod_head, predicate_noun

PARTITIVE_OPENERS = frozenset({"of", "among", "from"})  # "Of the 12 dismissals, seven ..."
LIST_BULLETS = frozenset("-•*–")  # the first character of a bulleted line

__all__ = ["one_is_counted", "resolve_measure", "total_for"]


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
    # "X (N)": the noun before the bracket, or a breakdown label ("male (577)", "written
    # warnings (six)", "West Midlands Police (14)": an outcome or a name labels a part)
    if cand.start >= 2 and texts[cand.start - 1] == "(" and end < tokens.n and texts[end] == ")":
        item = _list_item_before(ctx, draft, drafts)
        if item is not None:  # "- failing to reply (19 reviews)" then "- no apology given (14)"
            draft.measure, draft.noun, draft.measure_rule = item.measure, item.noun, "count:list-item"
            draft.breakdown_of = item.breakdown_of
            return
        before = cand.start - 2
        if (
            before > 0
            and tokens.token(before).tag_ in ("VBN", "VBD")
            and is_noun(ctx, tokens.token(before - 1))
        ):
            before -= 1  # "the officers dismissed (121)": the noun a participle follows
        fraction = any(d.cand.start <= before < d.cand.end for d in drafts[-1:])
        if (
            is_noun(ctx, tokens.token(before))
            and not never_counted(ctx, before)
            and not _qualifier_word(ctx, before)
            and not fraction
        ):
            fold(ctx, draft, before, "count:noun-before-bracket")
            return
        resolve_antecedent(ctx, draft, drafts, "count:bracket-breakdown")
        return
    # "N of the X", "N of these X", "N of the force's officers", "N of the 14 claims",
    # "28 out of 43 forces", "28 of 43 forces"
    of = {"out": end + 2, "of": end + 1}.get(words[end], 0) if end < sent_end else 0
    if of and (of >= sent_end or words[of - 1] != "of"):
        of = 0
    if of and (words[of] in DETERMINERS or tokens.token(of).like_num):
        noun = noun_after(ctx, of + (words[of] in DETERMINERS), sent_end, partitive=True)
        if noun is not None:
            fold(ctx, draft, noun, "count:n-of-the")
            if words[of] in BREAKDOWN_WORDS:  # "139 of these claims"
                draft.breakdown_of = total_for(drafts, draft)
            return
    if _parallel(ctx, draft, drafts):
        resolve_antecedent(ctx, draft, drafts, "count:parallel")
        return
    # the parse: the noun the number modifies
    if ctx.parsed:
        noun = nummod_head(ctx, draft)
        if noun is not None:
            fold(ctx, draft, noun, "count:nummod")
            return
    if _after_partitive_opener(ctx, draft):
        resolve_antecedent(ctx, draft, drafts, "count:antecedent")
        return
    noun = noun_after(ctx, end, sent_end)
    if noun is not None:
        fold(ctx, draft, noun, "count:noun-after")
        return
    noun = predicate_noun(ctx, end, sent_end)
    if noun is not None:
        fold(ctx, draft, noun, "count:predicate")
        return
    resolve_antecedent(ctx, draft, drafts, "count:antecedent")


def _list_item_before(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> Draft | None:
    """The figure of the list item before, when both are bulleted lines ending in a bracketed
    number and that one named its noun in the bracket ("(19 reviews)"): the list counts one
    thing, whatever noun each item's words end on."""
    if not drafts:
        return None
    previous, starts, text = drafts[-1], ctx.tokens.starts, ctx.tokens.text
    here_start, _ = ctx.line_bounds(starts[draft.cand.start])
    there_start, there_end = ctx.line_bounds(starts[previous.cand.start])
    if not {text[here_start : here_start + 1], text[there_start : there_start + 1]} <= LIST_BULLETS:
        return None
    bracketed = ctx.tokens.texts[previous.cand.start - 1] == "("
    if there_end + 1 != here_start or previous.noun is None or not bracketed:
        return None
    return previous


def _after_partitive_opener(ctx: ArticleContext, draft: Draft) -> bool:
    """Is the number a subject after its sentence's "Of the N X," opener, with a verb after it
    ("Of the 12 dismissals, seven followed breaches of ... and four involved ...")? It counts
    the opener's X; the noun after its verb is what happened, not what is counted."""
    words, texts, cand = ctx.words, ctx.tokens.texts, draft.cand
    start, end = draft.sent.start, cand.end
    if words[start] not in PARTITIVE_OPENERS or not ctx.parsed or end >= draft.sent.end:
        return False
    comma = next((k for k in range(start, cand.start) if texts[k] == ","), None)
    if comma is None or texts[cand.start - 1] not in (",", "and"):
        return False  # the opener ends at its comma; the number opens a clause after it
    verb = ctx.tokens.token(end)
    if verb.lemma_ == "be":
        return False  # "Among those sacked, 130 were police officers": the predicate names it
    return verb.tag_ in ("VBD", "VBN", "VBZ", "VBP")


def _parallel(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> bool:
    """Does the number repeat the frame of the figure before it in its sentence, with the
    noun left out: "1,296 allegations concerned male officers and 118 concerned female
    officers" (the word after the number follows the earlier figure's noun)?"""
    previous = drafts[-1] if drafts else None
    if previous is None or previous.sent != draft.sent or previous.noun is None:
        return False
    words, end = ctx.words, draft.cand.end
    after = previous.cand.unit_end or previous.cand.end
    if end >= draft.sent.end or not ctx.tokens.texts[end].isalpha():
        return False
    for k in range(after, min(after + 4, draft.cand.start - 1)):
        if words[k] == words[end] and ctx.tokens.texts[k - 1] == previous.noun:
            return True
    return False


def _qualifier_word(ctx: ArticleContext, i: int) -> bool:
    """Is token ``i`` a restriction's word, alone or ending a phrase ("male", "written warnings")?"""
    lex, words = ctx.lex, ctx.words
    for table in (lex.sex, lex.complainant, lex.outcome):
        for n in (1, 2, 3):
            phrase = tuple(words[i - n + 1 : i + 1])
            if len(phrase) == n and (phrase in table or phrase[:-1] + (lex.singular(phrase[-1]),) in table):
                return True
    return False


def one_is_counted(ctx: ArticleContext, draft: Draft, drafts: list[Draft]) -> bool:
    """Is a written "one" ("a single") a figure? Only as a count in an enumeration ("nine
    were men, one was a woman", "12 men, two women and one officer ..."), with a
    restriction ("one came from a colleague", "one led to dismissal") or an approximation;
    elsewhere it is a pronoun or determiner ("one of the forces", "before one could")."""
    cand = draft.cand
    words = ctx.words
    if cand.value != 1 or words[cand.start] not in ctx.lex.one_words:
        return True
    if cand.end + 1 < draft.sent.end and words[cand.end] == "of" and words[cand.end + 1] in ("a", "an"):
        return False  # "one of a growing number of dismissals": a member of a class, no count
    if cand.approx != "exact" or draft.qualifiers.keys() & {"outcome", "complainant"}:
        return True
    if cand.end < draft.sent.end and words[cand.end] == "of":
        return False  # "one of the X" picks out one member; only an outcome or complainant counts it
    if "officer_sex" in draft.qualifiers:
        return True  # "one was a woman"
    previous = drafts[-1] if drafts else None
    if previous is None or previous.sent != draft.sent or previous.cand.kind != "count":
        return False
    between = words[(previous.cand.unit_end or previous.cand.end) : cand.start]
    # an enumeration: the counts before it are listed, each with its few words
    return len(between) <= 6 and bool(set(between) & {",", "and", "–", ";"})
