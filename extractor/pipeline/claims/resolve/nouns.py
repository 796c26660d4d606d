"""The counted noun: the head of the noun phrase a number counts, and how it becomes a
measure. Shared by the measure resolver and the antecedent rules of elliptical numbers.

Reads the token table, the parse where there is one (POS, tags) and the names of forces,
bodies and officials (``ctx.taken``); writes only ``draft.measure``, ``noun``,
``measure_rule`` and a sex read from the noun ("women" -> officer, female).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..context import ArticleContext
from ..counting import Counting
from ..draft import Draft

BE = {"were", "was", "are", "is", "been", "be"}
HYPHENS = {"-", "‐", "‑"}


def counting(ctx: ArticleContext) -> Counting:
    """The counting rules (``models/counting.json``), loaded once with the number finder."""
    return ctx.rules.finder.counting


def lemma(ctx: ArticleContext, i: int) -> str:
    """The singular lemma of token ``i``: irregular plurals from the lexicon first ("people"
    -> person, which the statistical lemmatiser leaves as it is), then the parse's lemma."""
    word = ctx.tokens.words[i]
    if word in ctx.lex.plural_irregular:
        return ctx.lex.plural_irregular[word]
    if ctx.lemmas:
        found = ctx.tokens.token(i).lemma_
        if found:
            return found.lower()
    return ctx.lex.singular(ctx.tokens.texts[i])


def is_noun(ctx: ArticleContext, token: Token) -> bool:
    if ctx.parsed or token.pos_:
        return token.pos_ in ("NOUN", "PROPN") and token.is_alpha
    lower = ctx.words[token.i]
    return (  # the cheap tests first
        lower in ctx.lex.sex_nouns
        or (token.is_alpha and lower.endswith("s") and not token.is_stop)
        or ctx.lex.singular(ctx.tokens.texts[token.i]) in ctx.lex.measures
    )


def joining_hyphen(ctx: ArticleContext, i: int) -> bool:
    """Is token ``i`` a hyphen inside a word ("full-time", "Barnsley-based")?"""
    tokens = ctx.tokens
    return (
        tokens.texts[i] in HYPHENS
        and 0 < i < tokens.n - 1
        and not tokens.token(i - 1).whitespace_
        and not tokens.token(i).whitespace_
    )


def never_counted(ctx: ArticleContext, i: int) -> bool:
    """Time words and names are never what a number counts: "610 the year before",
    "Sixty-three Devon and Cornwall Police officers" (the force's name modifies)."""
    return i in ctx.taken or ctx.words[i] in counting(ctx).time_nouns


def noun_after(ctx: ArticleContext, i: int, sent_end: int, partitive: bool = False) -> int | None:
    """The head noun of the phrase starting at token ``i``: "serving Kent Police officers"
    -> officers; "the total number of cases" -> cases; "full-time equivalent officers" ->
    officers (a hyphenated word is a modifier); with ``partitive`` ("N of the ...") a
    possessive and a number are skipped ("of the region's five forces" -> forces). None
    where a verb, preposition or time word comes first ("seven against male officers",
    "610 the year before")."""
    tokens = ctx.tokens
    words, taken, sex_nouns = tokens.words, ctx.taken, ctx.lex.sex_nouns
    noun = None
    j = i
    if not partitive and i < sent_end and words[i] == "of" and ctx.tokens.token(i - 1).like_num:
        return None  # "11 offences of fraud and two of theft": "of theft" says of what, not what
    while j < tokens.n and words[j] in ctx.rules.skip_nouns and j < sent_end:
        j += 1  # "total number of": what is counted comes after
    for k in range(j, min(sent_end, j + 8)):
        if k in taken and noun is None:
            continue  # a force's name modifies the noun: "Kent Police officers"
        if joining_hyphen(ctx, k) or (k > i and joining_hyphen(ctx, k - 1)):
            noun = None
            continue  # "full-time", "Barnsley-based": a modifier, not the head
        if k + 1 < sent_end and joining_hyphen(ctx, k + 1):
            continue
        if partitive and noun is not None and words[k] in ("'s", "’s", "'"):
            noun = None
            continue  # "the force's officers": the possessor is no counted thing
        token = tokens.token(k)
        if partitive and noun is None and (token.like_num or token.pos_ == "NUM"):
            continue  # "Nine of the 14 claims"
        if words[k] in counting(ctx).time_nouns:
            return noun
        if words[k].endswith("ing") and k + 1 < sent_end and tokens.token(k + 1).pos_ == "ADP":
            return noun  # "51 ending in dismissal": a participle, not the counted noun
        if is_noun(ctx, token) or words[k] in sex_nouns:
            noun = k
            if k + 1 < sent_end and k + 1 not in taken:
                following = tokens.token(k + 1)
                if is_noun(ctx, following) and following.pos_ != "PROPN":
                    continue  # "sexual misconduct claims": keep going to the head
                if partitive and words[k + 1] in ("'s", "’s", "'"):
                    continue
            if k + 1 < sent_end and words[k + 1] == "of" and words[k] == "members":
                continue  # "members of staff": the counted thing follows
            return noun
        if noun is not None:
            return noun
        if token.tag_ in ("VBG", "VBN") and k + 1 < sent_end and is_noun(ctx, tokens.token(k + 1)):
            continue  # "serving officers", "suspended officers"
        if token.pos_ in ("VERB", "AUX", "ADP", "PART", "PUNCT", "CCONJ", "SCONJ", "PRON", "DET", "NUM"):
            return None
        if token.is_punct or words[k] in ("were", "was", "are", "is", "have", "had", "of", "against"):
            return None
    return noun


def nummod_head(ctx: ArticleContext, draft: Draft) -> int | None:
    """The noun the parse attaches the number to, when it is the counted noun: not across a
    verb, preposition or comma ("118 concerned female officers", "four to female officers"),
    never a name or time word, never a participle ("51 ending in dismissal"). A singular
    head coordinated with a plural noun shares it: "5,112 stop and searches" -> searches
    (not a counted noun of its own: "1,900 staff and 150 PCSOs" counts staff)."""
    tokens = ctx.tokens
    words = tokens.words
    end = draft.cand.end
    number = tokens.token(end - 1)
    head = number.head
    if number.dep_ != "nummod" or not 0 < head.i - number.i <= 7:
        return None
    for t in tokens.doc[end : head.i]:
        if t.pos_ in ("VERB", "AUX", "CCONJ", "ADP", "PART") or (t.is_punct and not joining_hyphen(ctx, t.i)):
            return None
    if never_counted(ctx, head.i) or not is_noun(ctx, head) or words[head.i] in ctx.lex.skip_nouns:
        return None
    if words[head.i].endswith("ing") and head.i + 1 < tokens.n and tokens.token(head.i + 1).pos_ == "ADP":
        return None  # "at least 51 ending in dismissal": a participle, not the counted noun
    if draft.cand.value > 1 and head.tag_ in ("NN", "NNP") and not known_measure(ctx, head.i):
        for child in head.children:
            if child.dep_ == "conj" and child.tag_ == "NNS":
                return child.i  # "stop and searches", "rape and sexual assault allegations"
    return head.i


def predicate_noun(ctx: ArticleContext, end: int, sent_end: int) -> int | None:
    """ "75 were members of staff", "nine were men", "one was a woman": the noun a number is
    said to be (after a form of "be") is what it counts."""
    words = ctx.tokens.words
    if end >= sent_end or words[end] not in BE:
        return None
    k = end + 1
    if k < sent_end and words[k] in ("a", "an"):
        k += 1
    if k >= sent_end:
        return None
    token = ctx.tokens.token(k)
    if ctx.parsed and token.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    noun = noun_after(ctx, k, sent_end)
    if noun is None or (ctx.parsed and ctx.tokens.token(noun).pos_ not in ("NOUN", "PROPN")):
        return None
    if words[noun] in ctx.lex.skip_nouns or lemma(ctx, noun) in ctx.lex.skip_nouns:
        return None  # "Sixty-three is a significant number" says nothing of what is counted
    return noun


def known_measure(ctx: ArticleContext, i: int) -> bool:
    """Does token ``i`` name something the figures count (a measures.json noun or a sex noun)?"""
    word = ctx.words[i]
    return word in ctx.lex.sex_nouns or lemma(ctx, i) in ctx.lex.measures


def _victims(ctx: ArticleContext, noun: int) -> bool:
    """Is the sex noun the object of something one person did ("he contacted seven women",
    "she harassed two men")? Then it counts those people, not officers by sex."""
    if not ctx.parsed:
        return False
    token = ctx.tokens.token(noun)
    verb = token.head
    if token.dep_ != "dobj" or verb.pos_ != "VERB":
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        subject.lower_ in ("he", "she") or subject.i in ctx.taken and subject.ent_type_ == "PERSON"
    )


def fold(ctx: ArticleContext, draft: Draft, noun: int, rule: str) -> None:
    """Take token ``noun`` as the thing the figure counts."""
    tokens, lex = ctx.tokens, ctx.lex
    lemma_ = lemma(ctx, noun)
    word = tokens.words[noun]
    draft.noun = tokens.texts[noun]
    draft.measure_rule = rule
    if (word in lex.sex_nouns or lemma_ in lex.sex_nouns) and _victims(ctx, noun):
        draft.measure = lemma_  # "he contacted seven women": the people a person acted on
        return
    if word in lex.sex_nouns or lemma_ in lex.sex_nouns:
        draft.measure = "officer"
        draft.qualifiers["officer_sex"] = lex.sex_nouns.get(word) or lex.sex_nouns[lemma_]
        return
    if lemma_ == "member" and noun + 2 < tokens.n and tokens.words[noun + 1] == "of":
        if tokens.words[noun + 2] in lex.staff_words:
            draft.measure = "staff"
            draft.noun = tokens.span_text(noun, noun + 3)
            return
    draft.measure = lex.measures.get(lemma_, lemma_)
