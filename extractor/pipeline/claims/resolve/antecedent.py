"""Elliptical numbers: what a number with no counted noun of its own counts.

Reads the claims decided before it (``drafts``), the parse (the verb the number is an
argument of, that verb's subject), the lines and paragraphs around it (a label line
"Made by colleagues: 19", a table header ending in ":", a bracketed list summing to a
total) and ``models/counting.json`` (amount verbs, which verbs fit which measure, frame
prepositions). Writes the draft's measure, noun, ``measure_rule``, ``elliptical`` and
``breakdown_of``. In order:

1. "of the X" in its clause or the sentence before ("Of the complaints ..., four ...");
2. a counted noun in its own label ("Allegations resulting in dismissal: 4"), or named by
   a superlative before it in its sentence ("the most allegations, 161, followed by ... 88");
3. the subject of an amount verb ("Complaints rose from 2,410 to 2,650", "complaints
   pass 13,000"), else the nearest counted noun before it in the sentence (headlines);
4. a figure before it: the total a bracketed list sums to ("57 allegations ... Male (41),
   female (9), unknown (7)"); the latest whose measure the number's verb fits ("Two were
   finalised" -> allegations, not the officers just named); for a label line, the first
   stated figure of its block or the noun of the table header above it; else the latest
   figure that is no frame of the data ("recorded by 36 forces, and at least 51 ..."
   never counts forces).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..context import ArticleContext
from ..draft import Draft, Sentence
from ..lexicon import find_phrases
from .nouns import BE, counting, fold, is_noun, known_measure, lemma, never_counted, noun_after

DETERMINERS = {"the", "these", "those", "its", "their", "all", "them", "which", "whom", "this"}
BREAKDOWN_WORDS = {"these", "them", "which", "whom", "those"}
RECENT = 12  # how many figures back an antecedent is looked for


def total_for(drafts: list[Draft], draft: Draft) -> Draft | None:
    """The total a breakdown refers back to: the latest figure of the same measure
    that is at least as large ("Of these, 27" -> the 29 before)."""
    for d in reversed(drafts[-RECENT:]):
        if d.measure == draft.measure and d.cand.value >= draft.cand.value:
            return d
    return None


def of_the_noun(ctx: ArticleContext, start: int, stop: int) -> tuple[int | None, bool]:
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
            noun = noun_after(ctx, i + 2, stop, partitive=True)
            counted = any(tokens.token(k).like_num for k in range(i + 2, noun)) if noun is not None else False
            if noun is not None and words[noun] in ctx.lex.not_antecedent and not counted:
                continue  # "members of the public", "of the force": no counted thing ("of the 36 forces" is)
            back = words[i + 1] in BREAKDOWN_WORDS
            if noun is not None or back:
                return noun, back
    return None, False


def resolve_antecedent(ctx: ArticleContext, draft: Draft, drafts: list[Draft], rule: str) -> None:
    """A bare number counts what the text last spoke of (see the module's docstring)."""
    draft.elliptical = True
    sent: Sentence = draft.sent
    noun, back = of_the_noun(ctx, sent.start, draft.cand.start)
    words, end = ctx.words, draft.cand.end
    if end + 1 < sent.end and words[end] == "of" and words[end + 1] in BREAKDOWN_WORDS:
        back = True  # "17 of them were ...": a part of the figure before
    same_sentence = bool(drafts) and drafts[-1].sent == sent
    if noun is None and not back and not same_sentence:  # a figure before it in its sentence is nearer
        previous_start = ctx.previous_sentence_start(sent)
        if previous_start is not None:
            noun, _ = of_the_noun(ctx, previous_start, sent.start)
    label = _label(ctx, draft)
    if noun is None and not back and label is not None:
        outcome = {
            i
            for s, e, _ in find_phrases(ctx.words[label[0] : label[1]], ctx.lex.outcome)
            for i in range(label[0] + s, label[0] + e)
        }  # "No case to answer: 3" is an outcome
        noun = next(
            (i for i in range(*label) if known_measure(ctx, i) and i not in ctx.taken and i not in outcome),
            None,
        )
        if noun is not None:
            fold(ctx, draft, noun, f"{rule}:label")
            return
    if noun is None and not back and not same_sentence:
        noun = _superlative_noun(ctx, draft)
        if noun is not None:
            fold(ctx, draft, noun, f"{rule}:most-of")
            return
    if noun is None and not back:
        noun = _amount_subject(ctx, draft)
        if noun is not None:
            fold(ctx, draft, noun, f"{rule}:amount-of")
            if _about_staff(ctx, noun) and draft.measure != "staff":
                draft.qualifiers["includes_staff"] = True  # "complaints about police staff ... 81"
            return
    if noun is not None:
        fold(ctx, draft, noun, f"{rule}:of-the")
        draft.qualifiers.pop("officer_sex", None)
    elif drafts or label is not None:
        _previous_figure(ctx, draft, drafts, rule, label)
    elif (before := _noun_before(ctx, draft)) is not None:
        fold(ctx, draft, before, f"{rule}:noun-before")  # "complaint cases up by more than 130"
    if back or rule.endswith("breakdown"):
        draft.breakdown_of = total_for(drafts, draft)
    if draft.measure is None:
        draft.measure_rule = f"{rule}:unknown"


# -- the parse: the verb a number is an argument of ------------------------------------


def _verb(ctx: ArticleContext, draft: Draft) -> tuple[int | None, bool]:
    """The verb the number is an argument of and whether the number is its subject:
    "Two were finalised" -> (finalised, True); "rose from five to 11" -> (rose, False)."""
    if not ctx.parsed:
        return None, False
    token = ctx.tokens.token(draft.cand.end - 1)
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass"):
            head = token.head
            return (head.i, True) if head.pos_ in ("VERB", "AUX") else (None, False)
        if token.dep_ in ("pobj", "dobj", "attr", "oprd", "prep", "npadvmod", "advmod", "quantmod", "nummod"):
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                return token.i, False
            continue
        break
    return None, False


def _amount_subject(ctx: ArticleContext, draft: Draft) -> int | None:
    """The counted noun of an amount verb's subject: "Complaints rose to 1,200", "staff
    numbers rose from 2,410" (the compound of a "number" word), "the number of allegations
    rose from five"; a subject that names no counted thing ("the barred list nears 1,900",
    "the total tops 13,800") gives the nearest counted noun before the number."""
    verb, subject_is_number = _verb(ctx, draft)
    if verb is None or subject_is_number or lemma(ctx, verb) not in counting(ctx).amount_verbs:
        return None
    doc, words = ctx.doc, ctx.words
    subject: Token | None = next((c for c in doc[verb].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and doc[verb].dep_ == "conj":
        # "the number of officers sacked ... falls to 491": a conjoined verb shares the subject
        subject = next((c for c in doc[verb].head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and not never_counted(ctx, subject.i):
        if words[subject.i] in ctx.lex.skip_nouns or lemma(ctx, subject.i) in ctx.lex.skip_nouns:
            of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            compound = [c for c in subject.children if c.dep_ == "compound" and is_noun(ctx, c)]
            subject = inner or (compound[-1] if compound else None)
        if subject is not None and known_measure(ctx, subject.i) and not never_counted(ctx, subject.i):
            return subject.i
    return _noun_before(ctx, draft)


def _superlative_noun(ctx: ArticleContext, draft: Draft) -> int | None:
    """The noun a superlative before the number names: "The Met recorded the most
    allegations, 161, followed by Essex Police with 88"; "the forces with the highest number
    of complaints were Essex Police (120) ..." (the number says how many of them)."""
    words, superlatives = ctx.words, counting(ctx).superlatives
    for k in range(draft.cand.start - 1, draft.sent.start - 1, -1):
        if words[k] in superlatives:
            noun = noun_after(ctx, k + 1, draft.cand.start)
            if noun is not None and known_measure(ctx, noun) and not never_counted(ctx, noun):
                return noun
    return None


def _noun_before(ctx: ArticleContext, draft: Draft) -> int | None:
    """The nearest plural counted noun before the number in its sentence."""
    for i in range(draft.cand.start - 1, draft.sent.start - 1, -1):
        if known_measure(ctx, i) and not never_counted(ctx, i) and _plural(ctx, i):
            return i
    return None


def _plural(ctx: ArticleContext, i: int) -> bool:
    token = ctx.tokens.token(i)
    return token.tag_ == "NNS" if ctx.parsed else lemma(ctx, i) != ctx.words[i]


def _about_staff(ctx: ArticleContext, noun: int) -> bool:
    """Does the counted noun, taken from outside the number's clause, name staff as those it
    is about ("When complaints about police staff are added, the total rises to 81")? Its
    own phrase is read here, as the qualifier window after the number never reaches it."""
    if not ctx.parsed:
        return False
    for prep in ctx.doc[noun].children:
        if prep.dep_ == "prep" and prep.lower_ in ("about", "against", "involving", "concerning"):
            if any(t.lower_ in ctx.lex.staff_words for t in prep.subtree):
                return True
    return False


def _verb_fits(ctx: ArticleContext, draft: Draft, label: tuple[int, int] | None) -> str | None:
    """The measure the number's own verb fits ("Two were finalised" -> allegation, "nine
    resigned" -> officer), from ``verb_fits``; as its object, from ``object_fits`` ("which
    recorded 524" -> allegation); for a label line, a verb in the label."""
    fits = counting(ctx).verb_fits
    verb, subject = _verb(ctx, draft)
    if verb is not None and subject:
        return fits.get(lemma(ctx, verb))
    if verb is not None and ctx.tokens.token(draft.cand.end - 1).dep_ == "dobj":
        return counting(ctx).object_fits.get(lemma(ctx, verb))  # "the Met, which recorded 524"
    words = ctx.words
    if label is not None:
        verbs = [i for i in range(*label) if fits.get(lemma(ctx, i)) and not known_measure(ctx, i)]
        return fits[lemma(ctx, verbs[0])] if verbs else None
    if not ctx.parsed:  # no parse: the word after the number, past "were"/"was"
        end = draft.cand.end
        while end < draft.sent.end and words[end] in BE:
            end += 1
        if end < draft.sent.end:
            word = words[end]
            for stem in (word, word[:-1], word[:-2]):
                if stem in fits:
                    return fits[stem]
    return None


# -- the figures before it -------------------------------------------------------------


def _previous_figure(
    ctx: ArticleContext, draft: Draft, drafts: list[Draft], rule: str, label: tuple[int, int] | None
) -> None:
    recent = [d for d in drafts[-RECENT:] if d.measure is not None and d.measure != "percent"]
    chosen, how = None, "previous-figure"
    if rule.endswith("breakdown"):
        total = _sum_of_list(ctx, draft)
        chosen = next((d for d in reversed(recent) if d.cand.value == total), None)
        how = "sums-to" if chosen is not None else how
    fit = _verb_fits(ctx, draft, label) if chosen is None else None
    if fit is not None:
        chosen = next((d for d in reversed(recent) if d.measure == fit), None)
        how = "verb-fits" if chosen is not None else how
    if chosen is None and label is not None:
        chosen = _block_total(ctx, draft, recent)
        how = "block-total" if chosen is not None else how
        if chosen is None:
            header = _header_noun(ctx, draft)
            if header is not None:
                fold(ctx, draft, header, f"{rule}:table-header")
                draft.noun = None
                return
    if chosen is None:
        chosen = next((d for d in reversed(recent) if not _frame(ctx, d)), None)
    if chosen is None:
        counts = [d for d in drafts if d.measure != "percent"] or drafts
        chosen = counts[-1] if counts else None
    if chosen is not None:
        draft.measure, draft.noun = chosen.measure, None
        draft.measure_rule = f"{rule}:{how}"


def _frame(ctx: ArticleContext, d: Draft) -> bool:
    """Is figure ``d`` a frame of the data, not a count in it: forces named after a
    preposition ("recorded by 36 forces", "across the 43 forces", "at 36 forces")?"""
    if d.measure != "force":
        return False
    i = d.cand.start - 1
    words = ctx.words
    if i >= 0 and words[i] in ("the", "all", "its"):
        i -= 1
    if d.cand.cue_start is not None:
        i = min(i, d.cand.cue_start - 1)
    return i >= 0 and words[i] in counting(ctx).frame_prepositions


def _sum_of_list(ctx: ArticleContext, draft: Draft) -> float:
    """The sum of the bracketed list the number belongs to: "Male (41), female (9), unknown
    (7)" -> 57 (its bracketed neighbours in the same sentence)."""
    texts = ctx.tokens.texts
    sent = draft.sent
    total = 0.0
    for c in ctx.candidates:
        if sent.start <= c.start < sent.end and c.kind == "count" and c.start >= 1 and c.end < ctx.tokens.n:
            if texts[c.start - 1] == "(" and texts[c.end] == ")":
                total += c.value
    return total


def _label(ctx: ArticleContext, draft: Draft) -> tuple[int, int] | None:
    """The label of a line "Made by colleagues: 19" (token range before the colon, from
    the line's start), when the number follows it."""
    tokens = ctx.tokens
    start = draft.cand.cue_start if draft.cand.cue_start is not None else draft.cand.start
    if start == 0 or tokens.texts[start - 1] != ":":
        return None
    line_start = tokens.text.rfind("\n", 0, tokens.starts[start - 1]) + 1
    first = start - 1
    while first > 0 and tokens.starts[first - 1] >= line_start:
        first -= 1
    if any(first <= c.start < start for c in ctx.candidates):
        return None  # "... received 1,042 reports in three years: 312 in 2020" lists, no label
    return (first, start - 1) if first < start - 1 else None


def _paragraph_start(ctx: ArticleContext, i: int) -> int:
    """Character offset of the paragraph (block between blank lines) token ``i`` is in."""
    text = ctx.tokens.text
    at = text.rfind("\n\n", 0, ctx.tokens.starts[i])
    return 0 if at < 0 else at + 2


def _block_total(ctx: ArticleContext, draft: Draft, recent: list[Draft]) -> Draft | None:
    """The first figure with a noun of its own in the label line's block: "21 claims,
    relating to 11 officers / ... / Ended in dismissal: 2" -> the 21 claims."""
    start = _paragraph_start(ctx, draft.cand.start)
    starts = ctx.tokens.starts
    block = [d for d in recent if starts[d.cand.start] >= start and not d.elliptical]
    return block[0] if block else None


def _header_noun(ctx: ArticleContext, draft: Draft) -> int | None:
    """The first counted noun of the table header above a label line: the last line
    ending in ":" in the paragraphs before ("Here is how each force fared (complaint
    cases ...):" -> cases)."""
    tokens = ctx.tokens
    text = tokens.text
    block = _paragraph_start(ctx, draft.cand.start)
    for _ in range(6):  # a few blocks back: one heading line and its table each
        if block <= 0:
            return None
        previous = text.rfind("\n\n", 0, block - 2)
        previous = 0 if previous < 0 else previous + 2
        line = text[previous:block].strip()
        if line.endswith(":"):
            first = ctx.sentence_of(_token_at(ctx, previous)).start
            for i in range(_token_at(ctx, previous), _token_at(ctx, block)):
                if i >= first and known_measure(ctx, i) and not never_counted(ctx, i) and _plural(ctx, i):
                    return i
            return None
        block = previous
    return None


def _token_at(ctx: ArticleContext, char: int) -> int:
    import bisect

    return bisect.bisect_left(ctx.tokens.starts, char)
